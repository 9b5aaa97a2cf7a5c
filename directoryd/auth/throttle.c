/*
 * throttle.c - an in-memory table of failed sign-ins by keyed hash
 * (throttle.h). Open addressing with linear probing; a full table drops the
 * entry that failed longest ago.
 */
#include "throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define THROTTLE_HASH 16

struct throttle_entry {
	unsigned char hash[THROTTLE_HASH];
	int used;
	long failures;
	time_t last_failure;
	time_t wait_until;
};

struct throttle {
	pthread_mutex_t lock;
	struct throttle_limits limits;
	unsigned char key[crypto_generichash_KEYBYTES];
	struct throttle_entry *entries;
	size_t capacity;
};

struct throttle *throttle_new(size_t capacity, const struct throttle_limits *limits)
{
	struct throttle *t;

	if (capacity == 0 || sodium_init() < 0 || (t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->entries = calloc(capacity, sizeof(*t->entries))) == NULL) {
		free(t);
		return NULL;
	}
	t->capacity = capacity;
	t->limits = *limits;
	crypto_generichash_keygen(t->key);
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

void throttle_free(struct throttle *t)
{
	if (t == NULL)
		return;
	sodium_memzero(t->key, sizeof(t->key));
	sodium_memzero(t->entries, t->capacity * sizeof(*t->entries));
	pthread_mutex_destroy(&t->lock);
	free(t->entries);
	free(t);
}

void throttle_set_limits(struct throttle *t, const struct throttle_limits *limits)
{
	pthread_mutex_lock(&t->lock);
	t->limits = *limits;
	pthread_mutex_unlock(&t->lock);
}

/* The slot of hash, or of a free or forgettable one (create), or NULL. */
static struct throttle_entry *throttle_slot(struct throttle *t, const unsigned char *hash,
					    time_t now, int create)
{
	size_t start, oldest = 0;

	memcpy(&start, hash, sizeof(start));
	start %= t->capacity;
	for (size_t i = 0; i < t->capacity; i++) {
		struct throttle_entry *e = &t->entries[(start + i) % t->capacity];
		if (e->used && memcmp(e->hash, hash, THROTTLE_HASH) == 0)
			return e;
		if (!e->used)
			break;
		if (e->last_failure < t->entries[oldest].last_failure)
			oldest = (start + i) % t->capacity;
	}
	if (!create)
		return NULL;
	for (size_t i = 0; i < t->capacity; i++) {
		struct throttle_entry *e = &t->entries[(start + i) % t->capacity];
		if (!e->used || now - e->last_failure > t->limits.forget_after) {
			memset(e, 0, sizeof(*e));
			return e;
		}
	}
	memset(&t->entries[oldest], 0, sizeof(t->entries[oldest]));
	return &t->entries[oldest];
}

static void throttle_hash(const struct throttle *t, const void *key, size_t len,
			  unsigned char out[THROTTLE_HASH])
{
	crypto_generichash(out, THROTTLE_HASH, key, len, t->key, sizeof(t->key));
}

long throttle_wait(struct throttle *t, const void *key, size_t len, time_t now)
{
	unsigned char hash[THROTTLE_HASH];
	struct throttle_entry *e;
	long wait = 0;

	throttle_hash(t, key, len, hash);
	pthread_mutex_lock(&t->lock);
	e = throttle_slot(t, hash, now, 0);
	if (e != NULL && e->wait_until > now && now - e->last_failure <= t->limits.forget_after)
		wait = (long)(e->wait_until - now);
	pthread_mutex_unlock(&t->lock);
	return wait;
}

/* The delay after the nth failure: 0, then base doubling up to max. */
static long throttle_delay(const struct throttle_limits *l, long failures)
{
	long delay = l->base_delay;

	if (failures <= l->free_failures)
		return 0;
	for (long i = l->free_failures + 1; i < failures && delay < l->max_delay; i++)
		delay *= 2;
	return delay < l->max_delay ? delay : l->max_delay;
}

void throttle_failure(struct throttle *t, const void *key, size_t len, time_t now)
{
	unsigned char hash[THROTTLE_HASH];
	struct throttle_entry *e;

	throttle_hash(t, key, len, hash);
	pthread_mutex_lock(&t->lock);
	e = throttle_slot(t, hash, now, 1);
	if (e->used && now - e->last_failure > t->limits.forget_after)
		e->failures = 0;
	memcpy(e->hash, hash, THROTTLE_HASH);
	e->used = 1;
	e->failures++;
	e->last_failure = now;
	e->wait_until = now + throttle_delay(&t->limits, e->failures);
	pthread_mutex_unlock(&t->lock);
}

void throttle_success(struct throttle *t, const void *key, size_t len)
{
	unsigned char hash[THROTTLE_HASH];
	struct throttle_entry *e;

	throttle_hash(t, key, len, hash);
	pthread_mutex_lock(&t->lock);
	if ((e = throttle_slot(t, hash, 0, 0)) != NULL) {
		/* Keep the probe chain: a tombstone that can be reused at once. */
		e->failures = 0;
		e->wait_until = 0;
		e->last_failure = 0;
	}
	pthread_mutex_unlock(&t->lock);
}
