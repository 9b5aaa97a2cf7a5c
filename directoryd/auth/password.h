/*
 * password.h - local account passwords: argon2id through libsodium's
 * crypto_pwhash_str, at the node's limits (libsodium's interactive limits
 * or stronger).
 *
 * Every check, including the one for a username that does not exist (made
 * against a dummy hash), costs one argon2id verification, so the answer
 * time does not tell which accounts exist; auth_password_verifications
 * counts them so that a test can assert it without a clock.
 */
#ifndef DIRECTORYD_PASSWORD_H
#define DIRECTORYD_PASSWORD_H

#include <sodium.h>
#include <stddef.h>

#include "error.h"

/* Size of a stored hash text including the NUL (crypto_pwhash_STRBYTES). */
#define AUTH_PWHASH_MAX crypto_pwhash_STRBYTES
/* Password length bounds, in bytes of UTF-8. */
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 1024

/*
 * Set the process's argon2id limits: opslimit (passes) and memlimit
 * (bytes). Values below libsodium's interactive limits are raised to them.
 * Call before threads start; the default is the interactive limits.
 */
void auth_password_set_limits(unsigned long long opslimit, size_t memlimit);

/*
 * Check a new password's length (AUTH_PASSWORD_MIN to AUTH_PASSWORD_MAX
 * bytes) and hash it into out. Returns 0, or -1 with err: weak_password
 * (field /password) or internal_error (out of memory for argon2id).
 */
int auth_password_hash(const char *password, char out[AUTH_PWHASH_MAX], struct dir_error *err);

/*
 * Verify password against stored (a crypto_pwhash_str text). A NULL
 * stored hash (unknown user, LDAP account) is verified against a dummy
 * hash and always fails, at the same cost. Returns 1 when it matches, 0
 * when not.
 */
int auth_password_verify(const char *stored, const char *password);

/* 1 when stored was made with weaker limits than the current ones. */
int auth_password_needs_rehash(const char *stored);

/* How many argon2id verifications this process made (for tests). */
unsigned long auth_password_verifications(void);

#endif
