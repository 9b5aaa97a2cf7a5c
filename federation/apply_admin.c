/*
 * apply_admin.c - the bookkeeping around applied records (apply.h):
 * refusals in fed_refused, the sweep after a snapshot, revalidation after a
 * revoked key, the stored stale_after, and the coordinator's listings of
 * stale, revalidation_pending and refused records (docs/federation.md,
 * sections 7 to 9).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "db.h"

/* $7: the JSON text of an item whose identity could not be read, or NULL. */
static const char refuse_sql[] =
	"INSERT INTO fed_refused (peer, origin, type, record_id, version, error, item_digest)"
	" VALUES ($1, $2, $3, $4, $5::bigint, $6::jsonb,"
	"  coalesce(encode(sha256(convert_to($7, 'UTF8')), 'hex'), ''))"
	" ON CONFLICT (peer, origin, type, record_id, version, item_digest)"
	" DO UPDATE SET error = EXCLUDED.error, at = now()";

/* The records a sweep removes: $1 peer, $2 origins (JSON array), $3 baseline. */
#define SWEPT                                                          \
	"SELECT id FROM fed_record WHERE via_peer = $1"                \
	" AND origin IN (SELECT jsonb_array_elements_text($2::jsonb))" \
	" AND baseline IS DISTINCT FROM $3::uuid"

/* Services first, then locations, then organizations, then the feed rows. */
static const char *const sweep_sql[] = {
	"DELETE FROM service WHERE id IN (" SWEPT " AND type = 'service')",
	"DELETE FROM location WHERE id IN (" SWEPT " AND type = 'location')",
	"DELETE FROM organization WHERE id IN (" SWEPT " AND type = 'organization')",
};

static const char sweep_records_sql[] =
	"WITH gone AS (DELETE FROM fed_record WHERE via_peer = $1"
	" AND origin IN (SELECT jsonb_array_elements_text($2::jsonb))"
	" AND baseline IS DISTINCT FROM $3::uuid RETURNING 1)"
	" SELECT count(*) FROM gone";

#define RFC3339(x) "to_char(" x " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Mirrored records in a state; $1 is 'stale' or 'revalidation_pending'. */
static const char listings_sql[] =
	"SELECT coalesce(jsonb_agg(jsonb_build_object('type', r.type, 'id', r.id,"
	"  'origin', r.origin, 'version', r.version, 'key_id', r.keyid,"
	"  'fetched_at', " RFC3339("r.fetched_at") ", 'via_peer', r.via_peer,"
						   "  'state', r.state, 'name', coalesce("
						   "   (SELECT o.name FROM organization o WHERE "
						   "r.type = 'organization' AND o.id = r.id),"
						   "   (SELECT s.name FROM service s WHERE r.type "
						   "= 'service' AND s.id = r.id),"
						   "   (SELECT l.name FROM location l WHERE r.type "
						   "= 'location' AND l.id = r.id)))"
						   "  ORDER BY r.origin, r.type, r.id), '[]')::text"
						   " FROM (SELECT * FROM fed_record WHERE via_peer "
						   "IS NOT NULL AND NOT deleted"
						   "  AND CASE WHEN $1 = 'stale' THEN "
						   "dir_fed_is_stale(origin, fetched_at)"
						   "   ELSE state = 'revalidation_pending' END"
						   "  ORDER BY origin, type, id LIMIT 10000) r";

static const char refused_sql[] =
	"SELECT coalesce(jsonb_agg(jsonb_build_object('peer', f.peer, 'origin', f.origin,"
	"  'type', f.type, 'id', f.record_id, 'version', f.version, 'error', f.error,"
	"  'at', " RFC3339("f.at") ") ORDER BY f.at DESC, f.refused_id DESC), '[]')::text"
				   " FROM (SELECT * FROM fed_refused ORDER BY at DESC, refused_id "
				   "DESC LIMIT 10000) f";

/* Longest part of an unread record's identity kept with its refusal, bytes. */
#define APPLY_REFUSED_ID_MAX 200

/*
 * What can be read of the identity of an item whose record did not parse:
 * its record's origin, type and id when they are strings (cut short, at a
 * character boundary), and its version when it is an integer.
 */
static void apply_unread_identity(const json_t *item, char out[3][APPLY_REFUSED_ID_MAX + 1],
				  long long *version)
{
	static const char *const names[3] = { "origin", "type", "id" };
	const json_t *record = json_object_get(item, "record");
	const json_t *v = json_object_get(record, "version");

	for (size_t i = 0; i < 3; i++) {
		const char *s = json_string_value(json_object_get(record, names[i]));
		size_t n = s != NULL ? strnlen(s, APPLY_REFUSED_ID_MAX + 1) : 0;
		if (n > APPLY_REFUSED_ID_MAX)
			for (n = APPLY_REFUSED_ID_MAX;
			     n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80;)
				n--;
		memcpy(out[i], s != NULL ? s : "", n);
		out[i][n] = '\0';
	}
	*version = json_is_integer(v) ? (long long)json_integer_value(v) : -1LL;
}

int apply_refuse(PGconn *conn, const char *peer, const struct rec_parsed *rec, const json_t *item,
		 const struct dir_error *why)
{
	struct dir_error err;
	json_t *body = dir_error_to_json(why);
	char *text = body != NULL ? json_dumps(json_object_get(body, "error"), JSON_COMPACT) : NULL;
	char *item_text = NULL;
	char version[32], unread[3][APPLY_REFUSED_ID_MAX + 1];
	const char *params[7] = { peer, "", "", "", version, text, NULL };
	long long v = -1;
	int rc = -1;

	dir_error_init(&err);
	if (rec != NULL) {
		params[1] = rec->origin != NULL ? rec->origin : "";
		params[2] = rec->type != NULL ? rec->type : "";
		params[3] = rec->id != NULL ? rec->id : "";
		v = rec->version;
	} else {
		apply_unread_identity(item, unread, &v);
		for (size_t i = 0; i < 3; i++)
			params[1 + i] = unread[i];
		item_text = json_dumps(item != NULL ? item : json_null(),
				       JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		params[6] = item_text != NULL ? item_text : "";
	}
	snprintf(version, sizeof(version), "%lld", v);
	if (text != NULL && peer != NULL)
		rc = db_command(conn, refuse_sql, 7, params, &err);
	free(item_text);
	free(text);
	json_decref(body);
	dir_error_clear(&err);
	return rc;
}

long apply_sweep(PGconn *conn, const char *peer, const char *const *origins, size_t norigins,
		 const char *baseline, struct dir_error *err)
{
	json_t *list = json_array();
	char *text = NULL;
	const char *params[3] = { peer, NULL, baseline };
	PGresult *res = NULL;
	long n = -1;

	for (size_t i = 0; list != NULL && i < norigins; i++)
		json_array_append_new(list, json_string(origins[i]));
	if (list == NULL || (text = json_dumps(list, JSON_COMPACT)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	params[1] = text;
	if (db_command(conn, "SELECT set_config('directoryd.applying', 'on', true)", 0, NULL,
		       err) != 0)
		goto done;
	for (size_t i = 0; i < sizeof(sweep_sql) / sizeof(sweep_sql[0]); i++)
		if (db_command(conn, sweep_sql[i], 3, params, err) != 0)
			goto done;
	if ((res = db_exec(conn, sweep_records_sql, 3, params, err)) == NULL ||
	    db_command(conn, "SELECT set_config('directoryd.applying', 'off', true)", 0, NULL,
		       err) != 0)
		goto done;
	n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
done:
	PQclear(res);
	free(text);
	json_decref(list);
	return n;
}

int apply_revalidate(PGconn *conn, const char *revoked_keyid, struct dir_error *err)
{
	const char *params[1] = { revoked_keyid };

	return db_command(conn,
			  "UPDATE fed_record SET state = 'revalidation_pending'"
			  " WHERE keyid = $1 AND via_peer IS NOT NULL",
			  1, params, err);
}

int apply_store_stale_after(PGconn *conn, long stale_after, struct dir_error *err)
{
	char text[32];
	const char *params[1] = { text };

	snprintf(text, sizeof(text), "%ld", stale_after);
	return db_command(conn, "UPDATE fed_setting SET stale_after = $1::bigint", 1, params, err);
}

json_t *apply_listings(PGconn *conn, const char *state, struct dir_error *err)
{
	const char *params[1] = { state };
	json_error_t jerr;
	PGresult *res;
	json_t *list;

	if (state == NULL ||
	    (strcmp(state, "stale") != 0 && strcmp(state, "revalidation_pending") != 0 &&
	     strcmp(state, "refused") != 0)) {
		dir_error_add(err, "invalid_parameter", "state",
			      "state must be stale, revalidation_pending or refused");
		return NULL;
	}
	if (strcmp(state, "refused") == 0)
		res = db_exec(conn, refused_sql, 0, NULL, err);
	else
		res = db_exec(conn, listings_sql, 1, params, err);
	if (res == NULL)
		return NULL;
	list = json_loads(PQgetvalue(res, 0, 0), JSON_REJECT_DUPLICATES, &jerr);
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "the listing is not JSON: %s",
			      jerr.text);
	return list;
}
