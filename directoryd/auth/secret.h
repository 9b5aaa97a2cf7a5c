/*
 * secret.h - the random secrets handed to people: session tokens, API
 * tokens, invitation codes.
 *
 * A secret is a short prefix naming its kind ("dse_", "dtk_", "div_")
 * followed by the unpadded base64url of 32 random bytes from libsodium
 * (256 bits). Only its BLAKE2b-256 hash (hex) is ever stored, so a leaked
 * database holds no usable secret; a fast hash is enough because the
 * secret itself has 256 bits of entropy.
 */
#ifndef DIRECTORYD_SECRET_H
#define DIRECTORYD_SECRET_H

#include <stddef.h>

#include "error.h"

/* Longest secret text including the NUL. */
#define AUTH_SECRET_MAX 64
/* Hex hash text including the NUL. */
#define AUTH_HASH_HEX 65

/*
 * Make a new secret: prefix (at most 8 characters) and 32 random bytes in
 * base64url. Writes the NUL-terminated text to out (AUTH_SECRET_MAX bytes)
 * and its hash to hash_hex. Returns 0, or -1 with err internal_error when
 * libsodium cannot start. The caller wipes out with sodium_memzero when done.
 */
int auth_secret_make(const char *prefix, char out[AUTH_SECRET_MAX], char hash_hex[AUTH_HASH_HEX],
		     struct dir_error *err);

/* The hex BLAKE2b-256 of the NUL-terminated text. */
void auth_secret_hash(const char *text, char hash_hex[AUTH_HASH_HEX]);

/*
 * The secret in an "Authorization: Bearer <secret>" header value, when it
 * starts with prefix and fits AUTH_SECRET_MAX; else NULL. Borrowed from
 * header (which may be NULL).
 */
const char *auth_secret_from_bearer(const char *header, const char *prefix);

#endif
