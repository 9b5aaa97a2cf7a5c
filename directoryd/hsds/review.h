/*
 * review.h - records the eligibility rule holds for a person to decide
 * (issue 9): kept in eligibility_review (migrations/0020), outside the HSDS
 * tables, so public reads, search, exports and the federation feed never
 * see them; listed for their organisation and the node's reviewers;
 * approved (written through store_put) or refused. An approval binds to
 * the hash of the checked texts (elig_report.text_hash).
 */
#ifndef DIRECTORYD_REVIEW_H
#define DIRECTORYD_REVIEW_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "kind.h"

/* What is held and why. Strings are borrowed. */
struct review_hold {
	enum dir_kind kind;
	const char *scope_org; /* UUID of the submitting token's organisation, NULL: node admin */
	const char *origin;    /* NULL: this node; else the peer the record came from */
	const char *source;    /* "api", "import" or "federation" */
	const char *text_hash; /* 64 hex digits (elig_report.text_hash) */
	const json_t *details; /* the hold details (elig_report.held) */
	const char *rules_version; /* elig_rules_version */
};

/*
 * The record's id: doc's "id" when it has one, else a new random UUID
 * written into doc. id_out receives it (36 characters and a NUL).
 * Returns 0, or -1 with err (invalid_uuid, or out of memory).
 */
int review_record_id(json_t *doc, char id_out[37], struct dir_error *err);

/*
 * Has a reviewer approved these exact texts of (kind, id)? Returns 1, 0,
 * or -1 with err (a database error).
 */
int review_is_approved(PGconn *conn, enum dir_kind kind, const char *id, const char *text_hash,
		       struct dir_error *err);

/*
 * Hold doc (borrowed; must carry its "id") for review, replacing the
 * record's open hold if any. Runs in the caller's transaction.
 * review_id receives the hold's UUID. Returns 0, or -1 with err.
 */
int review_hold(PGconn *conn, const struct review_hold *h, const json_t *doc, char review_id[37],
		struct dir_error *err);

/*
 * The open holds, oldest first: every one (scope_org NULL, a reviewer) or
 * one organisation's. A JSON array of {"review_id", "kind", "id", "name",
 * "source", "origin", "held_at", "details"}; new reference (caller
 * json_decref), or NULL with err.
 */
json_t *review_list(PGconn *conn, const char *scope_org, struct dir_error *err);

/* The columns of review_lock_held's row. */
enum review_col {
	REVIEW_COL_KIND,     /* "service", "organization", ... */
	REVIEW_COL_SCOPE,    /* the submitting organisation's UUID, or NULL */
	REVIEW_COL_ORIGIN,   /* the peer's node id, NULL for this node's own */
	REVIEW_COL_DOCUMENT, /* the held document, JSON text */
	REVIEW_COL_RECORD    /* the record's UUID */
};

/*
 * The open hold review_id, locked (FOR UPDATE) until the caller's
 * transaction ends, so two decisions on one hold cannot both pass. Returns
 * a result with one row of the columns of enum review_col (caller PQclear),
 * or NULL with err: not_found when review_id is not a UUID or no hold with
 * it is open, or what db_exec reports.
 */
PGresult *review_lock_held(PGconn *conn, const char *review_id, struct dir_error *err);

/*
 * Decide an open hold. approve: write its document with store_put (as the
 * submitting organisation, so the usual ownership rules apply) and keep the
 * row as the approval of its text hash; else mark it refused and add an
 * audit entry with an empty patch (sql/74_review_audit.sql; the actor is
 * the transaction's, audit_set_actor). Runs in the caller's transaction. record_id receives the record's UUID.
 * Returns 0, or -1 with err: not_found (no open hold with that id),
 * conflict (a record from a peer: approve it on its origin), or what
 * store_put refuses.
 */
int review_decide(PGconn *conn, const char *review_id, int approve, char record_id[37],
		  struct dir_error *err);

#endif
