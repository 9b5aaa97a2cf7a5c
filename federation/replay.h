/*
 * replay.h - the replay cache of signed requests (docs/federation.md,
 * section 4): a nonce may be used once within the lifetime of the
 * signature that carried it. In memory, shared by the HTTP threads.
 */
#ifndef DIRECTORYD_REPLAY_H
#define DIRECTORYD_REPLAY_H

#include <stddef.h>

struct replay_cache;

/*
 * A cache holding at most capacity nonces. Returns NULL when memory ran out.
 * Free with replay_free.
 */
struct replay_cache *replay_new(size_t capacity);

/* Free the cache. NULL is allowed. */
void replay_free(struct replay_cache *cache);

/*
 * Remember that keyid used nonce, until expires_at (Unix seconds).
 *   now: the current Unix time, to drop entries that have expired.
 * Returns 0 when the nonce is new, 1 when it was seen and has not expired
 * (a replay), -1 when the cache is full of live entries (refuse the request:
 * too many requests).
 */
int replay_check(struct replay_cache *cache, const char *keyid, const char *nonce,
		 long long expires_at, long long now);

#endif
