/*
 * review.c - records held for review by the eligibility rule: hold, list,
 * approve (through store_put) and refuse. migrations/0020 has the table.
 */
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "db.h"
#include "store.h"

static const char *const review_kinds[] = {
	[DIR_KIND_ORGANIZATION] = "organization",
	[DIR_KIND_SERVICE] = "service",
	[DIR_KIND_LOCATION] = "location",
};

int review_record_id(json_t *doc, char id_out[37], struct dir_error *err)
{
	const char *id = json_string_value(json_object_get(doc, "id"));
	uuid_t u;

	if (id != NULL) {
		if (!store_is_uuid(id)) {
			dir_error_add(err, "invalid_uuid", "/id", "the id is not a UUID");
			return -1;
		}
		snprintf(id_out, 37, "%s", id);
		return 0;
	}
	uuid_generate_random(u);
	uuid_unparse_lower(u, id_out);
	if (json_object_set_new(doc, "id", json_string(id_out)) != 0) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	return 0;
}

int review_is_approved(PGconn *conn, enum dir_kind kind, const char *id, const char *text_hash,
		       struct dir_error *err)
{
	const char *params[3] = { review_kinds[kind], id, text_hash };
	PGresult *res;
	int found;

	res = db_exec(conn,
		      "SELECT 1 FROM eligibility_review WHERE kind = $1 AND record_id = $2::uuid "
		      "AND text_hash = $3 AND status = 'approved' LIMIT 1",
		      3, params, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

int review_hold(PGconn *conn, const struct review_hold *h, const json_t *doc, char review_id[37],
		struct dir_error *err)
{
	const char *id = json_string_value(json_object_get(doc, "id"));
	char *document = json_dumps(doc, JSON_COMPACT),
	     *details = json_dumps(h->details, JSON_COMPACT);
	const char *params[9] = {
		review_kinds[h->kind], id,      h->scope_org,    h->origin, h->source, document,
		h->text_hash,          details, h->rules_version
	};
	PGresult *res = NULL;
	int rc = -1;

	if (document == NULL || details == NULL || id == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	if (db_command(conn,
		       "DELETE FROM eligibility_review WHERE kind = $1 AND record_id = $2::uuid "
		       "AND status = 'held'",
		       2, params, err) != 0)
		goto done;
	res = db_exec(
		conn,
		"INSERT INTO eligibility_review (kind, record_id, scope_org, origin, source, "
		"document, text_hash, details, rules_version) VALUES ($1, $2::uuid, $3::uuid, "
		"$4, $5, $6::jsonb, $7, $8::jsonb, $9) RETURNING id::text",
		9, params, err);
	if (res == NULL)
		goto done;
	snprintf(review_id, 37, "%s", PQgetvalue(res, 0, 0));
	rc = 0;
done:
	PQclear(res);
	free(document);
	free(details);
	return rc;
}

json_t *review_list(PGconn *conn, const char *scope_org, struct dir_error *err)
{
	const char *params[1] = { scope_org };
	json_error_t jerr;
	PGresult *res;
	json_t *list;

	res = db_exec(conn,
		      "SELECT coalesce(jsonb_agg(jsonb_build_object('review_id', id, 'kind', kind, "
		      "'id', record_id, 'name', coalesce(document->>'name', "
		      "document #>> '{item,record,body,name}'), 'source', source, 'origin', "
		      "origin, 'held_at', held_at, 'rules_version', rules_version, 'details', "
		      "details) ORDER BY held_at, id), '[]')::text FROM eligibility_review "
		      "WHERE status = 'held' AND ($1::uuid IS NULL OR scope_org = $1::uuid)",
		      1, params, err);
	if (res == NULL)
		return NULL;
	list = json_loads(PQgetvalue(res, 0, 0), JSON_REJECT_DUPLICATES, &jerr);
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "cannot read the review list");
	return list;
}

/* Write an approved hold's document as its submitter would have. */
static int review_store(PGconn *conn, PGresult *row, char record_id[37], struct dir_error *err)
{
	const char *kind = PQgetvalue(row, 0, REVIEW_COL_KIND);
	const char *scope =
		PQgetisnull(row, 0, REVIEW_COL_SCOPE) ? NULL : PQgetvalue(row, 0, REVIEW_COL_SCOPE);
	json_error_t jerr;
	json_t *doc =
		json_loads(PQgetvalue(row, 0, REVIEW_COL_DOCUMENT), JSON_REJECT_DUPLICATES, &jerr);
	enum dir_kind k = DIR_KIND_SERVICE;
	int rc;

	if (doc == NULL) {
		dir_error_add(err, "internal_error", NULL, "cannot read the held document");
		return -1;
	}
	for (size_t i = 0; i < sizeof(review_kinds) / sizeof(*review_kinds); i++)
		if (strcmp(review_kinds[i], kind) == 0)
			k = (enum dir_kind)i;
	rc = store_put(conn, k, doc, scope, record_id, err);
	json_decref(doc);
	return rc;
}

PGresult *review_lock_held(PGconn *conn, const char *review_id, struct dir_error *err)
{
	const char *params[1] = { review_id };
	PGresult *res;

	if (!store_is_uuid(review_id)) {
		dir_error_add(err, "not_found", NULL, "no record held for review with this id");
		return NULL;
	}
	res = db_exec(conn,
		      "SELECT kind, scope_org::text, origin, document::text, record_id::text "
		      "FROM eligibility_review WHERE id = $1::uuid AND status = 'held' FOR UPDATE",
		      1, params, err);
	if (res != NULL && PQntuples(res) == 0) {
		dir_error_add(err, "not_found", NULL, "no record held for review with this id");
		PQclear(res);
		res = NULL;
	}
	return res;
}

int review_decide(PGconn *conn, const char *review_id, int approve, char record_id[37],
		  struct dir_error *err)
{
	const char *params[2] = { review_id, approve ? "approved" : "refused" };
	PGresult *res;
	int rc = -1;

	if ((res = review_lock_held(conn, review_id, err)) == NULL)
		return -1;
	if (approve && !PQgetisnull(res, 0, REVIEW_COL_ORIGIN))
		dir_error_add(err, "conflict", NULL,
			      "this record came from %s; approve it with fedreview_approve "
			      "(docs/federation.md)",
			      PQgetvalue(res, 0, REVIEW_COL_ORIGIN));
	else if (approve && review_store(conn, res, record_id, err) != 0)
		; /* err set by store_put */
	else {
		snprintf(record_id, 37, "%s", PQgetvalue(res, 0, REVIEW_COL_RECORD));
		rc = db_command(conn,
				"UPDATE eligibility_review SET status = $2, decided_at = now() "
				"WHERE id = $1::uuid",
				2, params, err);
		/* an approval's write is audited at commit; a refusal writes nothing */
		if (rc == 0 && !approve)
			rc = db_command(conn, "SELECT dir_review_audit_refused($1::uuid)", 1,
					params, err);
	}
	PQclear(res);
	return rc;
}
