/*
 * audit.c - stating who writes, listing and pruning the trail, and
 * planning a revert (audit.h).
 */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "jsonpatch.h"
#include "store.h"

#define AUDIT_REDACTED "[confidential]"

int audit_set_actor(PGconn *conn, const struct auth_principal *p, const char *way,
		    const json_t *detail, struct dir_error *err)
{
	json_t *a = json_pack("{s:s}", "way", way);
	const char *params[2];
	char *text;
	int rc;

	if (a != NULL && p != NULL && p->account_id[0] != '\0') {
		json_object_set_new(a, "account_id", json_string(p->account_id));
		json_object_set_new(a, "username", json_string(p->username));
	}
	if (a != NULL && p != NULL && p->token_id[0] != '\0')
		json_object_set_new(a, "token_id", json_string(p->token_id));
	if (a != NULL && detail != NULL)
		json_object_set_new(a, "detail", json_deep_copy(detail));
	text = a != NULL ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	if (text == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	params[0] = text;
	params[1] = p != NULL ? "true" : "false";
	rc = db_command(conn, "SELECT set_config('directoryd.audit_actor', $1, $2::boolean)", 2,
			params, err);
	free(text);
	return rc;
}

/* An RFC 3339 time as the filters take it: 2026-01-31T12:00:00Z or a date. */
static int audit_time_ok(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL)
		return 0;
	if (*end == '\0')
		return 1;
	end = strptime(end, "T%H:%M:%S", &tm);
	return end != NULL && (strcmp(end, "Z") == 0 || strcmp(end, "+00:00") == 0);
}

static int audit_filter_check(const struct audit_filter *f, struct dir_error *err)
{
	const char *uuids[3][2] = { { "record_id", f->record_id },
				    { "organization_id", f->organization },
				    { "account_id", f->account_id } };
	static const char *const ways[] = { "api", "import",       "federation", "review",
					    "cli", "housekeeping", NULL };
	int way_ok = f->way == NULL;

	for (size_t i = 0; i < 3; i++)
		if (uuids[i][1] != NULL && !store_is_uuid(uuids[i][1]))
			dir_error_add(err, "invalid_parameter", uuids[i][0], "%s must be a UUID",
				      uuids[i][0]);
	for (size_t i = 0; ways[i] != NULL && !way_ok; i++)
		way_ok = strcmp(ways[i], f->way) == 0;
	if (!way_ok)
		dir_error_add(err, "invalid_parameter", "way",
			      "way is one of api, import, federation, review, cli, housekeeping");
	if ((f->since != NULL && !audit_time_ok(f->since)) ||
	    (f->until != NULL && !audit_time_ok(f->until)))
		dir_error_add(err, "invalid_parameter", f->since != NULL ? "since" : "until",
			      "since and until are UTC times such as 2026-01-31T12:00:00Z");
	return dir_error_isset(err) ? -1 : 0;
}

static const char list_sql[] =
	"WITH f AS (SELECT * FROM audit"
	" WHERE ($1::uuid IS NULL OR record_id = $1::uuid)"
	"  AND ($2::uuid IS NULL OR organization_id = $2::uuid)"
	"  AND ($3::uuid IS NULL OR account_id = $3::uuid)"
	"  AND ($4::text IS NULL OR way = $4)"
	"  AND ($5::timestamptz IS NULL OR at >= $5::timestamptz)"
	"  AND ($6::timestamptz IS NULL OR at < $6::timestamptz)"
	"  AND ($7::uuid IS NULL OR organization_id = $7::uuid))"
	" SELECT jsonb_build_object('contents', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"  'id', x.id, 'at', to_char(x.at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
	"  'record_type', x.record_type, 'record_id', x.record_id,"
	"  'organization_id', x.organization_id, 'account_id', x.account_id,"
	"  'username', x.username, 'token_id', x.token_id, 'way', x.way,"
	"  'detail', x.detail, 'patch', x.patch, 'inverse', x.inverse) ORDER BY x.id DESC)"
	"  FROM (SELECT * FROM f ORDER BY id DESC LIMIT $8::bigint"
	"   OFFSET ($9::bigint - 1) * $8::bigint) x), '[]'),"
	" 'total_items', (SELECT count(*) FROM f), 'page', $9::bigint,"
	" 'per_page', $8::bigint)::text";

json_t *audit_list(PGconn *conn, const struct audit_filter *f, const char *scope_org,
		   struct dir_error *err)
{
	char per_page[24], page[24];
	const char *params[9] = { f->record_id, f->organization, f->account_id, f->way, f->since,
				  f->until,     scope_org,       per_page,      page };
	PGresult *res;
	json_t *out;

	if (audit_filter_check(f, err) != 0)
		return NULL;
	snprintf(per_page, sizeof(per_page), "%ld", f->per_page);
	snprintf(page, sizeof(page), "%ld", f->page);
	if ((res = db_exec(conn, list_sql, 9, params, err)) == NULL)
		return NULL;
	out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (out == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return out;
}

long audit_prune(PGconn *conn, long retention, struct dir_error *err)
{
	char secs[24];
	const char *params[1] = { secs };

	snprintf(secs, sizeof(secs), "%ld", retention);
	return db_command_count(conn,
				"DELETE FROM audit WHERE at < now() - make_interval(secs =>"
				" $1::double precision)",
				1, params, err);
}

/* Does v hold the redaction marker anywhere? */
static int audit_has_redacted(json_t *v)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_string(v))
		return strcmp(json_string_value(v), AUDIT_REDACTED) == 0;
	json_object_foreach(v, key, child) if (audit_has_redacted(child)) return 1;
	json_array_foreach(v, i, child) if (audit_has_redacted(child)) return 1;
	return 0;
}

/* The first later entry of the record whose patch touched path. */
static void audit_name_conflict(PGconn *conn, const char *entry, const char *record,
				const char *path, struct dir_error *err)
{
	const char *params[3] = { record, entry, path };
	struct dir_error ignored;
	PGresult *res;

	dir_error_init(&ignored);
	res = db_exec(conn,
		      "SELECT a.id FROM audit a WHERE a.record_id = $1::uuid AND a.id > $2::bigint"
		      " AND EXISTS (SELECT 1 FROM jsonb_array_elements(a.patch) op"
		      "  WHERE op ->> 'path' = $3 OR starts_with(op ->> 'path', $3 || '/')"
		      "   OR starts_with($3, (op ->> 'path') || '/') OR op ->> 'path' = '')"
		      " ORDER BY a.id LIMIT 1",
		      3, params, &ignored);
	dir_error_add(err, "revert_conflict", path,
		      "a later change (audit entry %s) changed %s since; undo that one first "
		      "or edit the record by hand",
		      res != NULL && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "unknown",
		      path[0] != '\0' ? path : "the whole record");
	PQclear(res);
	dir_error_clear(&ignored);
}

/* Apply the entry's inverse to the body now; checks scope and redaction. */
static int audit_plan_from(PGconn *conn, PGresult *res, const char *entry, const char *scope_org,
			   struct audit_revert *out, struct dir_error *err)
{
	json_t *inverse = json_loads(PQgetvalue(res, 0, 3), 0, NULL);
	json_t *doc = PQgetisnull(res, 0, 4) ? NULL : json_loads(PQgetvalue(res, 0, 4), 0, NULL);
	char failed[1024];
	int rc = -1;

	if (scope_org != NULL && strcmp(PQgetvalue(res, 0, 2), scope_org) != 0)
		dir_error_add(err, "forbidden", NULL,
			      "the audit entry is about another organization's record");
	else if (inverse == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	else if (audit_has_redacted(inverse))
		dir_error_add(err, "revert_redacted", NULL,
			      "undoing this change needs confidential values the audit trail "
			      "does not keep; edit the location by hand");
	else if (jpatch_apply(&doc, inverse, 1, failed, sizeof(failed)) != 0)
		audit_name_conflict(conn, entry, PQgetvalue(res, 0, 1), failed, err);
	else if (doc != NULL && audit_has_redacted(doc))
		dir_error_add(err, "revert_redacted", NULL,
			      "this confidential location's street, postal code and coordinates "
			      "are not in the audit trail; edit it by hand");
	else
		rc = 0;
	json_decref(inverse);
	if (rc == 0) {
		snprintf(out->record_type, sizeof(out->record_type), "%s", PQgetvalue(res, 0, 0));
		snprintf(out->record_id, sizeof(out->record_id), "%s", PQgetvalue(res, 0, 1));
		out->doc = doc != NULL ? doc : json_null();
	} else {
		json_decref(doc);
	}
	return rc;
}

int audit_revert_plan(PGconn *conn, long id, const char *scope_org, struct audit_revert *out,
		      struct dir_error *err)
{
	char entry[24];
	const char *params[1] = { entry };
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(entry, sizeof(entry), "%ld", id);
	res = db_exec(conn,
		      "SELECT record_type, record_id, coalesce(organization_id::text, ''),"
		      " inverse::text, dir_audit_body(record_type, record_id)::text"
		      " FROM audit WHERE id = $1::bigint",
		      1, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", NULL, "no audit entry %ld", id);
		return -1;
	}
	rc = audit_plan_from(conn, res, entry, scope_org, out, err);
	PQclear(res);
	return rc;
}
