/*
 * replay.c - a fixed-capacity hash set of (key id, nonce) with expiry
 * times, behind a mutex. Open addressing with linear probing; expired
 * entries are reused as they are met, and the table is swept when full.
 */
#include "replay.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct replay_entry {
	unsigned char hash[16]; /* BLAKE2b-128 of keyid NUL nonce */
	long long expires_at;   /* 0: empty slot */
};

struct replay_cache {
	pthread_mutex_t lock;
	struct replay_entry *slots;
	size_t nslots; /* a power of two, twice the capacity */
	size_t used;   /* live or expired entries in slots */
	size_t capacity;
};

struct replay_cache *replay_new(size_t capacity)
{
	struct replay_cache *c = calloc(1, sizeof(*c));
	size_t n = 16;

	if (c == NULL || sodium_init() < 0)
		goto fail;
	while (n < capacity * 2)
		n *= 2;
	c->slots = calloc(n, sizeof(*c->slots));
	if (c->slots == NULL)
		goto fail;
	c->nslots = n;
	c->capacity = capacity;
	pthread_mutex_init(&c->lock, NULL);
	return c;
fail:
	free(c);
	return NULL;
}

void replay_free(struct replay_cache *cache)
{
	if (cache == NULL)
		return;
	pthread_mutex_destroy(&cache->lock);
	free(cache->slots);
	free(cache);
}

static void replay_hash(const char *keyid, const char *nonce, unsigned char out[16])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)keyid, strlen(keyid) + 1);
	crypto_generichash_update(&st, (const unsigned char *)nonce, strlen(nonce));
	crypto_generichash_final(&st, out, 16);
}

/* Rebuild the table without the entries that expired before now. */
static void replay_sweep(struct replay_cache *c, long long now)
{
	struct replay_entry *old = malloc(c->nslots * sizeof(*old));

	if (old == NULL)
		return;
	memcpy(old, c->slots, c->nslots * sizeof(*old));
	memset(c->slots, 0, c->nslots * sizeof(*old));
	c->used = 0;
	for (size_t i = 0; i < c->nslots; i++) {
		size_t j;
		if (old[i].expires_at == 0 || old[i].expires_at < now)
			continue;
		memcpy(&j, old[i].hash, sizeof(j));
		j &= c->nslots - 1;
		while (c->slots[j].expires_at != 0)
			j = (j + 1) & (c->nslots - 1);
		c->slots[j] = old[i];
		c->used++;
	}
	free(old);
}

int replay_check(struct replay_cache *c, const char *keyid, const char *nonce, long long expires_at,
		 long long now)
{
	unsigned char h[16];
	size_t i;
	int rc = 0;

	replay_hash(keyid, nonce, h);
	memcpy(&i, h, sizeof(i));
	pthread_mutex_lock(&c->lock);
	if (c->used >= c->capacity)
		replay_sweep(c, now);
	if (c->used >= c->capacity) {
		rc = -1;
		goto done;
	}
	for (i &= c->nslots - 1; c->slots[i].expires_at != 0; i = (i + 1) & (c->nslots - 1)) {
		if (memcmp(c->slots[i].hash, h, sizeof(h)) == 0) {
			rc = c->slots[i].expires_at >= now ? 1 : 0;
			c->slots[i].expires_at = expires_at;
			goto done;
		}
	}
	memcpy(c->slots[i].hash, h, sizeof(h));
	c->slots[i].expires_at = expires_at;
	c->used++;
done:
	pthread_mutex_unlock(&c->lock);
	return rc;
}
