/*
 * fedtest.h - what the federation unit tests share: signed messages for
 * trust_verify's callback and well-known key entries (docs/federation.md,
 * section 3), including self-signed revocations.
 */
#ifndef DIRECTORYD_FEDTEST_H
#define DIRECTORYD_FEDTEST_H

#include <jansson.h>

#include "fedkey.h"

/* A message and its Ed25519 signature. */
struct signed_msg {
	const char *text; /* borrowed */
	unsigned char sig[FED_SIG_BYTES];
};

/*
 * Make the folder dir_template (a mkdtemp template, rewritten in place) and
 * keys 1..n in it (fed_key_create), into *keys[0..n-1]. Returns 0 or -1.
 */
int fedtest_keys_make(char *dir_template, struct fed_key *const *keys, unsigned int n);

/* Remove keys 1..n and the folder, and wipe *keys[0..n-1]. */
void fedtest_keys_remove(const char *dir, struct fed_key *const *keys, unsigned int n);

/* Sign text (borrowed, NUL-terminated) with k into m. Returns 0 or -1. */
int fedtest_sign(struct signed_msg *m, const struct fed_key *k, const char *text);

/* trust_check_fn over a struct signed_msg: 1 when its signature holds with pk. */
int fedtest_check_sig(const unsigned char pk[FED_PK_BYTES], void *ctx);

/*
 * The well-known entry of key k as node's key number n: {"keyid", "alg",
 * "public_key", "fingerprint", "valid_from"}. New reference.
 */
json_t *fedtest_key_entry(const struct fed_key *k, const char *node, unsigned int n);

/*
 * The revoked_keys entry of k (node's key n) revoked at `at` (RFC 3339),
 * its revocation statement signed by signer (k itself for a valid one).
 * New reference.
 */
json_t *fedtest_revoked_entry(const struct fed_key *k, const char *node, unsigned int n,
			      const char *at, const struct fed_key *signer);

#endif
