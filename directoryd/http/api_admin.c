/*
 * api_admin.c - lists for coordinators and node admins (the route table
 * admits only them).
 */
#include "admin.h"
#include "api.h"
#include "apply.h"

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
