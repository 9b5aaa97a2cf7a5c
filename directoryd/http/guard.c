/*
 * guard.c - the guards of the route table: registrar tokens and the node
 * admin's token (guard.h).
 */
#include "guard.h"

#include <string.h>

#include "token.h"

/* Check the request's bearer token into req->scope. 0, or -1 with resp set. */
static int guard_token(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	int rc;

	dir_error_init(&err);
	rc = token_authenticate(conn, http_header(req, "Authorization"), &req->scope, &err);
	db_pool_release(req->app->pool, conn);
	if (rc != 0)
		http_error(resp, &err);
	dir_error_clear(&err);
	return rc;
}

int guard_registrar(struct http_request *req, struct http_response *resp)
{
	if (strcmp(req->app->cfg.mode, "mirror") == 0) {
		http_fail(resp, "mirror_read_only", NULL,
			  "this node is a mirror and takes no registrations; write to the "
			  "listing's origin node");
		return -1;
	}
	return guard_token(req, resp);
}

int guard_node_admin(struct http_request *req, struct http_response *resp)
{
	if (guard_token(req, resp) != 0)
		return -1;
	if (!req->scope.node_admin) {
		http_fail(resp, "forbidden", NULL, "this endpoint needs a node-admin token");
		return -1;
	}
	return 0;
}
