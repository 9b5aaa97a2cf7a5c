/*
 * guard.c - the guards of the route table: a caller's role, and writes
 * only on an origin node (guard.h).
 */
#include "guard.h"

#include <string.h>

#include "principal.h"

/*
 * What a session waiting for its TOTP enrolment may reach: the enrolment,
 * who it is, and signing out (migrations/0095_totp.sql).
 */
static int guard_totp_pending_ok(const struct http_route *route)
{
	return strncmp(route->pattern, "/auth/totp", 10) == 0 ||
	       strcmp(route->pattern, "/auth/whoami") == 0 ||
	       strcmp(route->pattern, "/auth/logout") == 0;
}

int guard_role(struct http_request *req, struct http_response *resp)
{
	unsigned int roles = req->route != NULL ? req->route->roles : 0;
	struct dir_error err;
	PGconn *conn;
	long idle;
	int rc;

	dir_error_init(&err);
	pthread_rwlock_rdlock(&req->app->config_lock);
	idle = req->app->cfg.session_idle;
	pthread_rwlock_unlock(&req->app->config_lock);
	conn = db_pool_acquire(req->app->pool);
	rc = auth_authenticate(conn, http_header(req, "Authorization"), idle, &req->principal,
			       &err);
	db_pool_release(req->app->pool, conn);
	if (rc == 0 && (roles & AUTH_ANY_ROLE & (unsigned int)req->principal.role) == 0) {
		dir_error_add(&err, "forbidden", NULL, "the role %s may not use this endpoint",
			      auth_role_name(req->principal.role));
		rc = -1;
	}
	if (rc == 0 && req->principal.totp_pending && !guard_totp_pending_ok(req->route)) {
		dir_error_add(&err, "totp_enrolment_required", NULL,
			      "this node requires a second factor of your role: set up TOTP "
			      "with POST /auth/totp and /auth/totp/confirm first");
		rc = -1;
	}
	if (rc != 0)
		http_error(resp, &err);
	dir_error_clear(&err);
	return rc;
}

int guard_write(struct http_request *req, struct http_response *resp)
{
	if (strcmp(req->app->cfg.mode, "mirror") == 0) {
		http_fail(resp, "mirror_read_only", NULL,
			  "this node is a mirror and takes no registrations; write to the "
			  "listing's origin node");
		return -1;
	}
	return guard_role(req, resp);
}
