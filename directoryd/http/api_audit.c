/*
 * api_audit.c - GET /audit: the audit trail, paged and filtered, for
 * organisation admins (their own organisation's records), coordinators
 * and node admins (everything). The revert is a write: api_write.c.
 */
#include "api.h"
#include "api_util.h"
#include "audit.h"

void api_audit_list(struct http_request *req, struct http_response *resp)
{
	static const char *const allowed[] = { "record_id", "organization_id", "account_id",
					       "way",       "since",           "until",
					       "page",      "per_page",        NULL };
	const struct auth_principal *p = &req->principal;
	struct audit_filter f = { http_query(req, "record_id"),
				  http_query(req, "organization_id"),
				  http_query(req, "account_id"),
				  http_query(req, "way"),
				  http_query(req, "since"),
				  http_query(req, "until"),
				  1,
				  100 };
	struct dir_error err;
	PGconn *conn;

	dir_error_init(&err);
	if (http_query_check(req, allowed, &err) == 0 &&
	    api_paging_read(req, &f.page, &f.per_page, &err) == 0) {
		conn = db_pool_acquire(req->app->pool);
		resp->body = audit_list(conn, &f,
					p->role == AUTH_ORG_ADMIN ? p->organization : NULL, &err);
		db_pool_release(req->app->pool, conn);
	}
	if (resp->body == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}
