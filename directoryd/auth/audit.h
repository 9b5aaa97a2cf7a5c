/*
 * audit.h - the audit trail: who changed which record, when, by which way
 * in, and the RFC 6902 patches of the change and of its undoing.
 *
 * The entries themselves are written by PostgreSQL when a transaction
 * that changed records commits (migrations/0031_audit_functions.sql and
 * 0032_audit.sql), so that no way of writing can skip them. What the
 * database cannot know, who is writing and by which way, each way in
 * states first with audit_set_actor; a write applied from a peer is
 * recognised as federation by the database itself.
 */
#ifndef DIRECTORYD_AUDIT_H
#define DIRECTORYD_AUDIT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "principal.h"

/*
 * Say who writes and how, for the audit entries of the transaction (or,
 * with p NULL and a way of "import" or "cli", of the whole connection:
 * the one-shot commands). way: "api", "import", "review" or "cli".
 * detail: a JSON object (borrowed, may be NULL), for example {"file":
 * "x.csv"} or {"revert_of": 12}. Call inside the transaction (p set).
 * Returns 0, or -1 with err.
 */
int audit_set_actor(PGconn *conn, const struct auth_principal *p, const char *way,
		    const json_t *detail, struct dir_error *err);

/* Filters of GET /audit and `directoryd audit`; NULL members are unset. */
struct audit_filter {
	const char *record_id;    /* UUID */
	const char *organization; /* UUID */
	const char *account_id;   /* UUID */
	const char *way;          /* api, import, federation, review, cli */
	const char *since;        /* RFC 3339 */
	const char *until;        /* RFC 3339 */
	long page, per_page;      /* 1-based */
};

/*
 * One page of entries, newest first, as a new JSON object {"contents":
 * [...], "page", "per_page", "total_items"}. scope_org: only that
 * organisation's entries (an organisation admin), or NULL for all.
 * NULL with err (invalid_parameter for a malformed filter).
 */
json_t *audit_list(PGconn *conn, const struct audit_filter *f, const char *scope_org,
		   struct dir_error *err);

/*
 * Delete entries older than retention seconds. Returns how many, or -1
 * with err.
 */
long audit_prune(PGconn *conn, long retention, struct dir_error *err);

/*
 * What undoing entry id needs: the record's type and id, its
 * organisation, and the document to write (a new reference; JSON null
 * when the record is to be deleted), computed by applying the entry's
 * inverse patch to the record's body now. scope_org as for audit_list.
 * Returns 0, or -1 with err: not_found (no entry; or another
 * organisation's entry, which is forbidden), revert_conflict (a later
 * change touched the same values; the message names that entry),
 * revert_redacted (the change involved confidential values the trail does
 * not hold), or a database error.
 */
struct audit_revert {
	char record_type[16];
	char record_id[37];
	json_t *doc;
};
int audit_revert_plan(PGconn *conn, long id, const char *scope_org, struct audit_revert *out,
		      struct dir_error *err);

#endif
