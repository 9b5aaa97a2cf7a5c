/*
 * apply.h - applying records received from peers to this node's directory
 * (docs/federation.md, sections 7 and 9): the checks after the record
 * signature, the HSDS write with its provenance, the feed entry that relays
 * it, refusals, the sweep after a snapshot, revalidation after a revocation,
 * and the coordinator's listings.
 */
#ifndef DIRECTORYD_APPLY_H
#define DIRECTORYD_APPLY_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "error.h"
#include "kind.h"
#include "record.h"

struct elig_rules;

struct apply_ctx {
	const char *self;         /* this node's id */
	const char *peer;         /* name of the peer the page came from */
	struct elig_rules *rules; /* the eligibility rule (directoryd/eligibility.h) */
	const char *baseline; /* UUID of the snapshot being applied, or NULL for the change feed */
};

/*
 * Apply one record whose record signature the caller has verified with
 * verified_keyid (a key of rec->origin). Runs inside the caller's
 * transaction, in its own SAVEPOINT. Checks, in order (docs/federation.md
 * section 7): origin_mismatch (the record key held from another origin, one
 * of this node's own records, or a body that writes or references records
 * of another origin), version_rollback (older, or the same version with
 * another signature; the same version and signature is a duplicate: 0, and
 * only fed_record's fetched_at, via_peer and baseline are refreshed),
 * confidential_leak, invalid_record (a body whose id differs or that nests
 * other records), rec_body_to_hsds, HSDS validation and the eligibility rule
 * as the write API does, then store_put or, for a tombstone, store_delete
 * when the row exists; then upserts fed_record with a new feed position
 * (so this node relays it), sets the row's provenance (column fed) and
 * deletes older fed_refused rows of the record. Writes are made with
 * directoryd.applying = 'on', so this node does not publish them as its own.
 *   conn:           connection inside the caller's transaction.
 *   rec:            the parsed record (borrowed).
 *   verified_keyid: key id that verified rec's signature (borrowed).
 * Returns 0 applied (or duplicate), 1 refused (err set; the savepoint rolled
 * back and the refusal recorded with apply_refuse), -1 on a database failure
 * (err set; the caller rolls back the whole page).
 */
int apply_record(PGconn *conn, const struct apply_ctx *ctx, const struct rec_parsed *rec,
		 const char *verified_keyid, struct dir_error *err);

/*
 * Record a refusal in fed_refused, upserted on (peer, origin, type,
 * record_id, version, item_digest), with the inner object of
 * dir_error_to_json ({"code", "message", "field", "details"}). rec may be
 * NULL for an item (borrowed; may be NULL too) whose record could not be
 * parsed: then what can be read of its identity is stored (strings cut to
 * 200 bytes, version -1 unless an integer) with the SHA-256 of its JSON
 * text as item_digest, so that no two such refusals share a row (migration
 * 0070). Any of rec's strings may be NULL. Runs in the caller's transaction.
 * Returns 0 or -1.
 */
int apply_refuse(PGconn *conn, const char *peer, const struct rec_parsed *rec, const json_t *item,
		 const struct dir_error *why);

/*
 * After the last page of a snapshot: delete the HSDS rows and the fed_record
 * rows of the records of these origins (norigins strings, borrowed) that
 * came via this peer and whose baseline is not this one (a UUID). In the
 * caller's transaction. Returns the number of records deleted, or -1 with
 * err set.
 */
long apply_sweep(PGconn *conn, const char *peer, const char *const *origins, size_t norigins,
		 const char *baseline, struct dir_error *err);

/*
 * A key of another node was revoked: every fed_record verified with it
 * becomes 'revalidation_pending' (shown so in provenance until a newer
 * version verified with another key arrives). Returns 0, or -1 with err set.
 */
int apply_revalidate(PGconn *conn, const char *revoked_keyid, struct dir_error *err);

/*
 * Store the configured stale_after (seconds, > 0) in fed_setting, which
 * provenance and the stale listing read. The daemon calls it when it starts
 * and on SIGHUP. Returns 0, or -1 with err set.
 */
int apply_store_stale_after(PGconn *conn, long stale_after, struct dir_error *err);

/*
 * The coordinator's listings (GET /admin/listings, directoryd listings).
 *   state: "stale" (mirrored listings whose origin was last confirmed more
 *          than stale_after ago), "revalidation_pending" (verified with a
 *          key since revoked) or "refused" (rows of fed_refused).
 * Returns a new JSON array the caller json_decrefs: for stale and
 * revalidation_pending {"type", "id", "origin", "version", "key_id",
 * "fetched_at", "via_peer", "state", "name"}; for refused {"peer", "origin",
 * "type", "id", "version", "error", "at"}, newest first. NULL with err set:
 * invalid_parameter for another state, or a database error.
 */
json_t *apply_listings(PGconn *conn, const char *state, struct dir_error *err);

#endif
