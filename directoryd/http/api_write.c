/*
 * api_write.c - POST, PUT and DELETE of organizations, services and
 * locations, and reverts of audited changes. Every write: a caller whose
 * role the route table admits (guard_write, checked before these run; a
 * mirror refuses), JSON body checks, HSDS validation, the eligibility
 * rule, then one transaction, audited.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_util.h"
#include "audit.h"
#include "eligibility.h"
#include "kind.h"
#include "review.h"
#include "validate.h"

static const char *const kind_names[] = {
	[DIR_KIND_ORGANIZATION] = "organization",
	[DIR_KIND_SERVICE] = "service",
	[DIR_KIND_LOCATION] = "location",
};

/* A temporary closure ends today or later (val_check_closure), the day
 * being the daemon's (UTC), as the housekeeping that ends it. */
static int api_check_closure(const json_t *doc, struct dir_error *err)
{
	char today[16];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	return val_check_closure(doc, today, err);
}

/*
 * Validation and the eligibility rule; the unchecked texts go in the doc.
 * rep->held must be an array. Returns ELIG_ACCEPTED, ELIG_HELD (rep says
 * why), or -1 with err (invalid, refused, out of memory).
 */
static int api_check_document(struct app *app, enum dir_kind kind, json_t *doc,
			      struct elig_report *rep, struct dir_error *err)
{
	int outcome;

	if (val_check(kind, doc, err) != 0 ||
	    (kind == DIR_KIND_SERVICE && api_check_closure(doc, err) != 0))
		return -1;
	rep->err = err;
	rep->unchecked = json_array();
	outcome = elig_check_document_full(app->rules, doc, "", rep);
	if (outcome != ELIG_REFUSED && json_array_size(rep->unchecked) > 0)
		json_object_set(doc, "eligibility_unchecked", rep->unchecked);
	json_decref(rep->unchecked);
	rep->unchecked = NULL;
	if (outcome < 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return outcome == ELIG_REFUSED ? -1 : outcome;
}

/*
 * Keep a held document for review instead of writing it. Returns the 202
 * body {"status": "held_for_review", "id", "review_id", "details"}, or NULL
 * with err.
 */
static json_t *api_hold(PGconn *conn, struct app *app, enum dir_kind kind, json_t *doc,
			const char *scope_org, struct elig_report *rep, struct dir_error *err)
{
	struct review_hold h = { kind,
				 scope_org,
				 NULL,
				 "api",
				 rep->text_hash,
				 rep->held,
				 elig_rules_version(app->rules) };
	char id[37], review_id[37];

	if (review_record_id(doc, id, err) != 0 || db_begin(conn, err) != 0)
		return NULL;
	if (review_hold(conn, &h, doc, review_id, err) != 0 || db_commit(conn, err) != 0) {
		db_rollback(conn);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s, s:O}", "status", "held_for_review", "id", id, "review_id",
			 review_id, "details", rep->held);
}

/* Does a record of this kind with this id exist? 1, 0, or -1 with err. */
static int api_exists(PGconn *conn, enum dir_kind kind, const char *id, struct dir_error *err)
{
	struct store_view view = { NULL, 0, 0, "" };
	struct dir_error probe;
	json_t *found;
	int rc;

	dir_error_init(&probe);
	found = store_get(conn, kind_names[kind], id, &view, &probe);
	rc = found != NULL ? 1 : strcmp(probe.code, "not_found") == 0 ? 0 : -1;
	if (rc < 0)
		dir_error_add(err, probe.code, NULL, "%s", probe.message);
	json_decref(found);
	dir_error_clear(&probe);
	return rc;
}

/* The id the write targets: the path's for PUT, the body's (if any) for POST. */
static int api_target_id(const struct http_request *req, json_t *doc, const char **id,
			 struct dir_error *err)
{
	json_t *body_id = json_object_get(doc, "id");

	*id = NULL;
	if (strcmp(req->method, "PUT") != 0) {
		*id = json_string_value(body_id);
		return 0;
	}
	if ((*id = api_path_uuid(req, 1, err)) == NULL)
		return -1;
	if (body_id != NULL &&
	    (!json_is_string(body_id) || strcasecmp(json_string_value(body_id), *id) != 0)) {
		dir_error_add(err, "invalid_value", "/id",
			      "the id in the body differs from the id in the path");
		return -1;
	}
	json_object_set_new(doc, "id", json_string(*id));
	return 0;
}

/* POST must not overwrite, PUT must replace something that exists. */
static int api_check_existence(PGconn *conn, const struct http_request *req, enum dir_kind kind,
			       const char *id, struct dir_error *err)
{
	int put = strcmp(req->method, "PUT") == 0;
	int exists;

	if (id == NULL)
		return 0;
	if ((exists = api_exists(conn, kind, id, err)) < 0)
		return -1;
	if (put && !exists) {
		dir_error_add(err, "not_found", NULL,
			      "no %s with this id; create "
			      "it with POST",
			      kind_names[kind]);
		return -1;
	}
	if (!put && exists) {
		dir_error_add(err, "conflict", "/id",
			      "a %s with this id exists; "
			      "change it with PUT",
			      kind_names[kind]);
		return -1;
	}
	return 0;
}

/*
 * Check and write one record. A text the rule holds is kept for review
 * (*held set, the 202 body returned) unless a reviewer approved these
 * exact texts of this record before.
 */
static json_t *api_store(PGconn *conn, const struct http_request *req, enum dir_kind kind,
			 json_t *doc, int *held, struct dir_error *err)
{
	const char *scope_org = auth_scope_org(&req->principal);
	int post = strcmp(req->method, "POST") == 0; /* creates: store_create */
	struct store_view view = { NULL, 0, 1, req->app->node_id };
	struct elig_report rep;
	json_t *body = NULL;
	const char *id;
	char new_id[37];
	int outcome;

	memset(&rep, 0, sizeof(rep));
	if ((rep.held = json_array()) == NULL || api_target_id(req, doc, &id, err) != 0 ||
	    (outcome = api_check_document(req->app, kind, doc, &rep, err)) < 0 ||
	    api_check_existence(conn, req, kind, id, err) != 0)
		goto done;
	if (outcome == ELIG_HELD &&
	    (id == NULL ||
	     (outcome = review_is_approved(conn, kind, id, rep.text_hash, err)) == 0)) {
		body = api_hold(conn, req->app, kind, doc, scope_org, &rep, err);
		*held = body != NULL;
		goto done;
	}
	if (outcome < 0 || db_begin(conn, err) != 0)
		goto done;
	if (audit_set_actor(conn, &req->principal, "api", NULL, err) != 0 ||
	    (post ? store_create(conn, kind, doc, scope_org, new_id, err)
		  : store_put(conn, kind, doc, scope_org, new_id, err)) != 0 ||
	    db_commit(conn, err) != 0) {
		db_rollback(conn);
		goto done;
	}
	body = store_get(conn, kind_names[kind], new_id, &view, err);
done:
	json_decref(rep.held);
	return body;
}

/* The kind of record called name ("service" when none). */
static enum dir_kind api_kind_named(const char *name)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(kind_names[i], name) == 0)
			return (enum dir_kind)i;
	return DIR_KIND_SERVICE;
}

/* The kind of record a write route is about (from the routing table). */
static enum dir_kind api_kind(const struct http_request *req)
{
	return api_kind_named(req->record);
}

void api_write(struct http_request *req, struct http_response *resp)
{
	enum dir_kind kind = api_kind(req);
	struct dir_error err;
	PGconn *conn;
	json_t *doc;
	int held = 0;

	conn = db_pool_acquire(req->app->pool);
	dir_error_init(&err);
	if ((doc = api_body_object(req, &err)) != NULL)
		resp->body = api_store(conn, req, kind, doc, &held, &err);
	db_pool_release(req->app->pool, conn);
	json_decref(doc);
	if (resp->body == NULL)
		http_error(resp, &err);
	else
		resp->status = held ? 202 : strcmp(req->method, "POST") == 0 ? 201 : 200;
	dir_error_clear(&err);
}

void api_delete(struct http_request *req, struct http_response *resp)
{
	enum dir_kind kind = api_kind(req);
	struct dir_error err;
	PGconn *conn;
	const char *id;
	int ok = 0;

	conn = db_pool_acquire(req->app->pool);
	dir_error_init(&err);
	if ((id = api_path_uuid(req, 1, &err)) != NULL && db_begin(conn, &err) == 0) {
		ok = audit_set_actor(conn, &req->principal, "api", NULL, &err) == 0 &&
		     store_delete(conn, kind, id, auth_scope_org(&req->principal), &err) == 0 &&
		     db_commit(conn, &err) == 0;
		if (!ok)
			db_rollback(conn);
	}
	db_pool_release(req->app->pool, conn);
	if (ok)
		resp->status = 204;
	else
		http_error(resp, &err);
	dir_error_clear(&err);
}

/* The entry id of /audit/{id}/revert. */
static long api_audit_entry(const struct http_request *req, struct dir_error *err)
{
	const char *s = req->nsegs > 1 ? req->segs[1] : "";
	char *end;
	long id = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || id <= 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "the audit entry id in the path is a positive whole number");
		return -1;
	}
	return id;
}

/*
 * The eligibility rule on a version a revert brings back: a version it
 * would hold is written only if a reviewer approved its texts; else the
 * revert is refused (write it with PUT, to be held for review).
 */
static int api_revert_check(PGconn *conn, struct app *app, enum dir_kind kind,
			    struct audit_revert *plan, struct dir_error *err)
{
	struct elig_report rep;
	int outcome;

	memset(&rep, 0, sizeof(rep));
	if ((rep.held = json_array()) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	outcome = api_check_document(app, kind, plan->doc, &rep, err);
	json_decref(rep.held);
	if (outcome == ELIG_HELD &&
	    (outcome = review_is_approved(conn, kind, plan->record_id, rep.text_hash, err)) == 0)
		dir_error_add(err, "conflict", NULL,
			      "the eligibility rule would hold this version for review; write it "
			      "again with PUT so that a reviewer can approve it");
	return outcome == ELIG_ACCEPTED || outcome == 1 ? 0 : -1;
}

/* Write the planned document (or delete the record), audited as a revert. */
static json_t *api_revert_write(PGconn *conn, struct http_request *req, long entry,
				struct audit_revert *plan, struct dir_error *err)
{
	const char *scope_org = auth_scope_org(&req->principal);
	struct store_view view = { NULL, 0, 1, req->app->node_id };
	enum dir_kind kind = api_kind_named(plan->record_type);
	json_t *detail = json_pack("{s:I}", "revert_of", (json_int_t)entry);
	char new_id[37];
	int rc;

	rc = audit_set_actor(conn, &req->principal, "api", detail, err);
	json_decref(detail);
	if (rc != 0)
		return NULL;
	if (json_is_null(plan->doc)) {
		rc = store_delete(conn, kind, plan->record_id, scope_org, err);
		return rc == 0 && db_commit(conn, err) == 0 ? json_pack("{s:b}", "deleted", 1)
							    : NULL;
	}
	if (api_revert_check(conn, req->app, kind, plan, err) != 0 ||
	    store_put(conn, kind, plan->doc, scope_org, new_id, err) != 0 ||
	    db_commit(conn, err) != 0)
		return NULL;
	return store_get(conn, kind_names[kind], new_id, &view, err);
}

void api_audit_revert(struct http_request *req, struct http_response *resp)
{
	struct audit_revert plan = { "", "", NULL };
	struct dir_error err;
	PGconn *conn;
	long entry;

	dir_error_init(&err);
	if ((entry = api_audit_entry(req, &err)) < 0) {
		http_error(resp, &err);
		dir_error_clear(&err);
		return;
	}
	conn = db_pool_acquire(req->app->pool);
	if (db_begin(conn, &err) == 0) {
		if (audit_revert_plan(conn, entry, auth_scope_org(&req->principal), &plan, &err) ==
		    0)
			resp->body = api_revert_write(conn, req, entry, &plan, &err);
		if (resp->body == NULL)
			db_rollback(conn);
	}
	db_pool_release(req->app->pool, conn);
	json_decref(plan.doc);
	if (resp->body == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}
