/*
 * fedkey.h - Ed25519 node keys (libsodium): key files, fingerprints, key ids
 * and the base64 forms of docs/federation.md, sections 1 and 2.
 */
#ifndef DIRECTORYD_FEDKEY_H
#define DIRECTORYD_FEDKEY_H

#include <stddef.h>

#include "error.h"

#define FED_PK_BYTES  32u /* crypto_sign_PUBLICKEYBYTES */
#define FED_SK_BYTES  64u /* crypto_sign_SECRETKEYBYTES */
#define FED_SIG_BYTES 64u /* crypto_sign_BYTES */
/* Longest fingerprint, "ed25519:" + 43 characters, with its NUL. */
#define FED_FINGERPRINT_MAX 64u
/* Longest key id, node id + "#" + number, with its NUL. */
#define FED_KEYID_MAX 300u
/* Longest base64url of a signature (86 characters), with its NUL. */
#define FED_SIG_B64_MAX 96u

/* One of this node's keys. Wipe with fed_key_wipe when done. */
struct fed_key {
	unsigned int n;                 /* the n of "<node_id>#<n>" */
	unsigned char pk[FED_PK_BYTES]; /* public key */
	unsigned char sk[FED_SK_BYTES]; /* libsodium secret key (seed + pk) */
};

/*
 * Make key n and write its seed to <key_dir>/<n>.key (base64, RFC 4648
 * section 4, and a newline), created with O_EXCL and mode 0600. The folder
 * is created (0700) if missing.
 * Returns 0 with *out filled, or -1 with err set: conflict when the file
 * exists ("a key exists; use directoryd keys rotate"), internal_error naming
 * the path and the system's reason.
 */
int fed_key_create(const char *key_dir, unsigned int n, struct fed_key *out, struct dir_error *err);

/*
 * Read <key_dir>/<n>.key into *out. Refuses a file that group or others may
 * read or write (invalid_parameter, saying to chmod 600) and one that is not
 * a base64 seed of 32 bytes. Returns 0, or -1 with err set (not_found when
 * the file is missing).
 */
int fed_key_load(const char *key_dir, unsigned int n, struct fed_key *out, struct dir_error *err);

/*
 * The numbers n of the files <n>.key in key_dir, ascending, into ns (cap
 * entries); *count receives how many (a missing folder gives 0).
 * Returns 0, or -1 with err set (unreadable folder, more than cap keys).
 */
int fed_key_list(const char *key_dir, unsigned int *ns, size_t cap, size_t *count,
		 struct dir_error *err);

/* Wipe a key's secret with sodium_memzero. Safe on a zeroed struct. */
void fed_key_wipe(struct fed_key *key);

/*
 * Ed25519 detached signature (RFC 8032) of len bytes at msg with key.
 * Writes FED_SIG_BYTES to sig. Returns 0 or -1.
 */
int fed_key_sign(const struct fed_key *key, const void *msg, size_t len,
		 unsigned char sig[FED_SIG_BYTES]);

/* 1 when sig is a valid Ed25519 signature of msg by pk, else 0. */
int fed_ed25519_verify(const unsigned char pk[FED_PK_BYTES], const void *msg, size_t len,
		       const unsigned char sig[FED_SIG_BYTES]);

/*
 * base64url without padding (RFC 4648 section 5) of len bytes into out (cap
 * bytes, NUL-terminated). Returns 0, or -1 when it does not fit.
 */
int fed_b64url_encode(const unsigned char *bin, size_t len, char *out, size_t cap);

/*
 * Decode base64url without padding into exactly want bytes at out.
 * Returns 0, or -1 when text is not that (wrong alphabet, padding,
 * trailing characters, another length).
 */
int fed_b64url_decode(const char *text, unsigned char *out, size_t want);

/* The fingerprint "ed25519:<base64url>" of pk into out (>= FED_FINGERPRINT_MAX). */
void fed_fingerprint(const unsigned char pk[FED_PK_BYTES], char out[FED_FINGERPRINT_MAX]);

/* Parse a fingerprint into pk. Returns 0, or -1 when it is not one. */
int fed_fingerprint_parse(const char *fingerprint, unsigned char pk[FED_PK_BYTES]);

/*
 * The key id "<node_id>#<n>" into out (>= FED_KEYID_MAX). Returns 0 or -1
 * (does not fit).
 */
int fed_keyid(const char *node_id, unsigned int n, char out[FED_KEYID_MAX]);

/*
 * Split a key id at its last "#": node id into node (cap bytes) and the
 * number into *n (1..999999, no sign, no leading zero). The node id must be
 * non-empty, lower case, of the characters a-z 0-9 . - _ : [ ] (a host, an
 * IPv4 or bracketed IPv6 address, and a port). Returns 0, or -1 when keyid
 * is not of that form or the node id does not fit in cap bytes.
 */
int fed_keyid_split(const char *keyid, char *node, size_t cap, unsigned int *n);

#endif
