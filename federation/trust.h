/*
 * trust.h - the keys of other nodes this node trusts (docs/federation.md,
 * section 8): pinned fingerprints, keys endorsed by a well-known document
 * signed by a trusted key, self-signed revocations. Table fed_trusted_key.
 */
#ifndef DIRECTORYD_TRUST_H
#define DIRECTORYD_TRUST_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "error.h"
#include "fedkey.h"

/* What a key is asked to verify: retired keys may verify records only. */
enum trust_purpose {
	TRUST_TRANSPORT,
	TRUST_RECORD,
};

/*
 * Verifies a signature with one candidate public key: returns 1 when it
 * holds, 0 when not. ctx is the caller's.
 */
typedef int (*trust_check_fn)(const unsigned char pk[FED_PK_BYTES], void *ctx);

/*
 * Find the trusted key that keyid names and check a signature with it.
 *   keyid:    "<node_id>#<n>" from the message or record (borrowed).
 *   expected: the node the signature must come from: the peer of a
 *             transport message, the origin of a record.
 *   purpose:  TRUST_TRANSPORT refuses retired keys.
 *   check:    verifies the signature with a candidate key.
 * A pinned key whose key id is not known yet is tried, and bound to keyid
 * when the signature holds with it.
 * Returns 0 when the signature holds with a trusted key, or -1 with err:
 * key_peer_mismatch (keyid names another node than expected), unknown_key,
 * key_revoked, key_retired (transport), signature_invalid (transport) or
 * record_signature_invalid (record), or a database error.
 */
int trust_verify(PGconn *conn, const char *keyid, const char *expected, enum trust_purpose purpose,
		 trust_check_fn check, void *ctx, struct dir_error *err);

/*
 * Pin a key of node_id by its fingerprint ("ed25519:<base64url>").
 * Pinning a key known as endorsed makes it pinned. Returns 0, or -1 with err
 * (invalid_parameter for a malformed fingerprint, database errors).
 */
int trust_pin(PGconn *conn, const char *node_id, const char *fingerprint, struct dir_error *err);

/*
 * Learn from a node's well-known document (section 3), fetched from the
 * node itself.
 *   doc:            the parsed body (borrowed).
 *   node_id:        the node it was fetched from.
 *   signed_by:      key id that signed the response, or NULL when the
 *                   response signature did not verify with a trusted key.
 *   revoked_out:    receives how many keys became revoked here.
 * Revocations with a valid self-signed statement are applied whatever
 * signed_by is (they can only take trust away), to the key with that
 * public key under the key id this node knows it by; keys endorsed by a
 * revoked key and not pinned are dropped, and the keys they endorsed in
 * turn; every record verified with a revoked key becomes
 * revalidation_pending (apply_revalidate). When signed_by is set and is
 * still trusted after the revocations, current and next keys are endorsed,
 * states and key ids of known keys updated. Runs in the caller's
 * transaction.
 * Returns 0, or -1 with err set.
 */
int trust_learn(PGconn *conn, const char *node_id, const json_t *doc, const char *signed_by,
		int *revoked_out, struct dir_error *err);

#endif
