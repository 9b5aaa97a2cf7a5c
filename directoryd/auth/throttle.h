/*
 * throttle.h - growing, bounded delays after failed sign-ins, held only in
 * memory.
 *
 * Keys (a lower-cased username, a client address) are never stored as
 * they are: each is replaced by its keyed BLAKE2b hash under a key made at
 * start-up, so the table cannot be turned back into names or addresses,
 * and nothing of it reaches the disk or the log. After free_failures
 * failures each further failure makes the key wait base_delay, doubling up
 * to max_delay (the bound that keeps an attacker from locking the real
 * person out for good); forget_after seconds without a failure clear it,
 * and so does a success.
 */
#ifndef DIRECTORYD_THROTTLE_H
#define DIRECTORYD_THROTTLE_H

#include <stddef.h>
#include <time.h>

struct throttle_limits {
	long free_failures; /* failures allowed before any delay */
	long base_delay;    /* s, the first delay */
	long max_delay;     /* s, the longest delay */
	long forget_after;  /* s without a failure before a key is forgotten */
};

struct throttle;

/*
 * A table for at most capacity keys (the oldest is dropped when full).
 * Returns it (free with throttle_free), or NULL when memory ran out or
 * libsodium cannot start.
 */
struct throttle *throttle_new(size_t capacity, const struct throttle_limits *limits);
void throttle_free(struct throttle *t);

/* Replace the limits (SIGHUP). Thread-safe. */
void throttle_set_limits(struct throttle *t, const struct throttle_limits *limits);

/*
 * May key (len bytes) try now? Returns 0, or the whole seconds to wait
 * (at least 1). Thread-safe.
 */
long throttle_wait(struct throttle *t, const void *key, size_t len, time_t now);

/* Record a failure of key at now. Thread-safe. */
void throttle_failure(struct throttle *t, const void *key, size_t len, time_t now);

/* Forget key after a success. Thread-safe. */
void throttle_success(struct throttle *t, const void *key, size_t len);

#endif
