/*
 * totp.h - the optional second factor of sign-in: TOTP (RFC 6238, HMAC-SHA1,
 * 6 digits, 30-second steps, one step of clock skew either way), computed
 * and checked with Debian's liboath.
 *
 * An account's TOTP secret (20 random bytes, RFC 4226 section 4) is stored
 * only sealed with libsodium's crypto_secretbox (XSalsa20-Poly1305) under a
 * key kept in the node's key folder, <key_dir>/totp.key (base64 of 32 bytes,
 * mode 0600, made on the first enrolment), so that a copy of the database
 * alone gives no usable secret. The time step of the last code accepted is
 * stored with it, and a code of that step or an earlier one is refused: a
 * code works once (RFC 6238 section 5.2).
 *
 * Enrolment: totp_begin makes a secret and hands it out once, as base32
 * and as an otpauth:// URI for authenticator apps; totp_confirm turns it on
 * when the person sends a code it made. docs/security.md, "How a person signs in".
 */
#ifndef DIRECTORYD_TOTP_H
#define DIRECTORYD_TOTP_H

#include <libpq-fe.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

#define TOTP_SECRET_BYTES 20 /* RFC 4226 section 4: at least 128 bits, 160 recommended */
#define TOTP_KEY_BYTES    32 /* crypto_secretbox_KEYBYTES */
#define TOTP_DIGITS       6
#define TOTP_STEP         30 /* seconds, RFC 6238's default X */
#define TOTP_WINDOW       1  /* steps accepted before and after the current one */
#define TOTP_B32_MAX      64 /* base32 of the secret with its NUL */

/*
 * The RFC 6238 code of secret (len bytes) at Unix time t with digits (6 to
 * 8) digits, steps of TOTP_STEP seconds from the epoch, HMAC-SHA1, into out
 * (at least digits + 1 bytes, NUL-terminated). Returns 0, or -1 when
 * liboath refuses (digits out of range).
 */
int totp_code(const unsigned char *secret, size_t len, time_t t, unsigned int digits, char *out);

/*
 * The time step (counter T of RFC 6238) whose code of TOTP_DIGITS digits
 * is code, looked for at now and TOTP_WINDOW steps either side; -1 when
 * none matches or code is not TOTP_DIGITS digits.
 */
long long totp_match(const unsigned char *secret, size_t len, time_t now, const char *code);

/*
 * Read the sealing key <key_dir>/totp.key into key. With create set, a
 * missing file is made (random key, O_EXCL, mode 0600; the folder 0700 if
 * missing). Refuses a file that group or others may read or write.
 * Returns 0, or -1 with err: internal_error naming the path and the reason
 * (missing without create, unreadable, wrong mode, not base64 of 32 bytes).
 * The caller wipes key with sodium_memzero.
 */
int totp_key_load(const char *key_dir, int create, unsigned char key[TOTP_KEY_BYTES],
		  struct dir_error *err);

/*
 * Seal secret (TOTP_SECRET_BYTES) under key: base64 of a random 24-byte
 * nonce followed by crypto_secretbox_easy's output, into out (cap bytes).
 * Returns 0, or -1 when out is too small.
 */
int totp_seal(const unsigned char key[TOTP_KEY_BYTES], const unsigned char *secret, char *out,
	      size_t cap);

/*
 * Open a sealed text made by totp_seal into secret (TOTP_SECRET_BYTES).
 * Returns 0, or -1 when it is malformed or was not sealed under key.
 */
int totp_open(const unsigned char key[TOTP_KEY_BYTES], const char *sealed,
	      unsigned char secret[TOTP_SECRET_BYTES]);

/* A new enrolment, shown once to the person enrolling. */
struct totp_enrolment {
	char secret[TOTP_B32_MAX]; /* base32 (RFC 4648); wipe with sodium_memzero */
	char *uri;                 /* otpauth://totp/...; the caller free()s it */
};

/*
 * Start (or restart) the enrolment of account_id: a new secret, sealed and
 * stored unconfirmed, replacing an earlier unconfirmed one. issuer names
 * the node in the authenticator app, username the account.
 * Returns 0 with out filled, or -1 with err: conflict (TOTP is already on:
 * turn it off first), internal_error (the key file), a database error.
 */
int totp_begin(PGconn *conn, const char *key_dir, const char *account_id, const char *issuer,
	       const char *username, struct totp_enrolment *out, struct dir_error *err);

/*
 * Finish the enrolment of account_id with a code made from the new secret;
 * the code's step counts as used. Returns 0, or -1 with err: not_found (no
 * enrolment started), conflict (already on), invalid_totp, or as above.
 */
int totp_confirm(PGconn *conn, const char *key_dir, const char *account_id, const char *code,
		 struct dir_error *err);

/*
 * Check a code of account_id's confirmed TOTP and mark its step used, in
 * one statement, so that two requests with one code cannot both pass.
 * Returns 0, or -1 with err: invalid_totp (wrong, malformed, or of a step
 * already used), internal_error (the key file), a database error.
 */
int totp_verify(PGconn *conn, const char *key_dir, const char *account_id, const char *code,
		struct dir_error *err);

/*
 * Whether account_id has TOTP on (1), not (0); -1 with err on a database
 * error.
 */
int totp_enabled(PGconn *conn, const char *account_id, struct dir_error *err);

/*
 * Turn TOTP off for account_id, confirmed or not, and end the account's
 * sessions: the recovery path of an admin for someone who lost the
 * authenticator, and (after totp_verify) the person's own. scope_org as in
 * account.h. Returns 0, or -1 with err: not_found (no such account, or no
 * TOTP), forbidden, a database error.
 */
int totp_remove(PGconn *conn, const char *account_id, const char *scope_org, struct dir_error *err);

#endif
