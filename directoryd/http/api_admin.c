/*
 * api_admin.c - lists for coordinators and node admins (the route table
 * admits only them).
 */
#include <string.h>

#include "admin.h"
#include "api.h"
#include "api_util.h"
#include "apply.h"
#include "audit.h"
#include "fedreview.h"
#include "review.h"

void api_admin_unchecked(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *list;

	dir_error_init(&err);
	list = admin_unchecked_list(conn, &err);
	db_pool_release(req->app->pool, conn);
	if (list != NULL)
		resp->body = json_pack("{s:o}", "contents", list);
	else
		http_error(resp, &err);
	dir_error_clear(&err);
}

void api_admin_listings(struct http_request *req, struct http_response *resp)
{
	static const char *const allowed[] = { "state", NULL };
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *list = NULL;

	dir_error_init(&err);
	if (http_query_check(req, allowed, &err) == 0)
		list = apply_listings(conn, http_query(req, "state"), &err);
	db_pool_release(req->app->pool, conn);
	if (list != NULL)
		resp->body = json_pack("{s:o}", "contents", list);
	else
		http_error(resp, &err);
	dir_error_clear(&err);
}

void api_admin_review_list(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *list;

	dir_error_init(&err);
	/* node-wide roles see every hold, an organisation's roles its own */
	list = review_list(
		conn, auth_role_in_org(req->principal.role) ? req->principal.organization : NULL,
		&err);
	db_pool_release(req->app->pool, conn);
	if (list != NULL)
		resp->body = json_pack("{s:o}", "contents", list);
	else
		http_error(resp, &err);
	dir_error_clear(&err);
}

void api_admin_review_decide(struct http_request *req, struct http_response *resp)
{
	int approve = strcmp(req->segs[3], "approve") == 0;
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	const char *review_id;
	char record_id[37] = "";
	int ok = 0;

	dir_error_init(&err);
	if ((review_id = api_path_uuid(req, 2, &err)) != NULL && db_begin(conn, &err) == 0) {
		json_t *detail = json_pack("{s:s, s:s}", "review_id", review_id, "decision",
					   approve ? "approved" : "refused");
		int fed = 1; /* a record from a peer is applied as its origin signed it */
		ok = audit_set_actor(conn, &req->principal, "review", detail, &err) == 0 &&
		     (!approve || (fed = fedreview_approve(conn, req->app->node_id, req->app->rules,
							   review_id, record_id, &err)) >= 0) &&
		     (fed == 0 || review_decide(conn, review_id, approve, record_id, &err) == 0) &&
		     db_commit(conn, &err) == 0;
		json_decref(detail);
		if (!ok)
			db_rollback(conn);
	}
	db_pool_release(req->app->pool, conn);
	if (ok)
		resp->body = json_pack("{s:s, s:s, s:s}", "review_id", review_id, "id", record_id,
				       "status", approve ? "approved" : "refused");
	else
		http_error(resp, &err);
	dir_error_clear(&err);
}
