/*
 * web_report.c - problem reports: POST /search/{id}/report from the
 * service page's form, stored for the listing's organisation with nothing
 * about the sender, at most report_rate_limit per listing and clock hour;
 * and GET /reports, the organisation's (or the node admin's) list as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "page.h"
#include "validate.h"
#include "web.h"

#define REPORT_TEXT_MAX 1000

static const char *const report_kinds[] = { "closed",  "moved", "wrong_hours",
					    "refused", "other", NULL };

struct report_form {
	char kind[16];
	char text[REPORT_TEXT_MAX + 1];
	int too_long;
};

/* libmicrohttpd's form parser calls this for each field (in pieces). */
static enum MHD_Result report_field(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *filename, const char *content_type,
				    const char *transfer_encoding, const char *data, uint64_t off,
				    size_t size)
{
	struct report_form *f = cls;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	if (strcmp(key, "kind") == 0 && off + size < sizeof(f->kind)) {
		memcpy(f->kind + off, data, size);
		f->kind[off + size] = '\0';
	} else if (strcmp(key, "text") == 0) {
		if (off + size > REPORT_TEXT_MAX) {
			f->too_long = 1;
			return MHD_YES;
		}
		memcpy(f->text + off, data, size);
		f->text[off + size] = '\0';
	}
	return MHD_YES;
}

/* Parse the urlencoded body with libmicrohttpd. 0, or -1 when it is not a
 * form. */
static int report_form_read(struct http_request *req, struct report_form *f)
{
	struct MHD_PostProcessor *pp;
	const char *ct = http_header(req, "Content-Type");
	int rc = 0;

	memset(f, 0, sizeof(*f));
	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return -1;
	pp = MHD_create_post_processor(req->conn, 4096, report_field, f);
	if (pp == NULL)
		return -1;
	if (req->body_len > 0 && MHD_post_process(pp, req->body, req->body_len) != MHD_YES)
		rc = -1;
	MHD_destroy_post_processor(pp);
	return rc;
}

static int report_kind_ok(const char *kind)
{
	for (const char *const *k = report_kinds; *k != NULL; k++)
		if (strcmp(*k, kind) == 0)
			return 1;
	return 0;
}

/*
 * Store one report in one transaction, holding a lock on the listing so
 * that the count and the insert agree. Returns 0 stored, 1 over the limit,
 * 2 no such service, -1 with err.
 */
static int report_store(PGconn *conn, const char *service_id, const struct report_form *f,
			long limit, struct dir_error *err)
{
	static const char lock_sql[] =
		"SELECT s.organization_id, pg_advisory_xact_lock(hashtextextended("
		"'problem_report:' || s.id::text, 0)) FROM service s WHERE s.id = $1::uuid";
	static const char count_sql[] = "SELECT count(*) FROM problem_report WHERE service_id = "
					"$1::uuid AND received_hour >= date_trunc('hour', now())";
	static const char insert_sql[] =
		"INSERT INTO problem_report (service_id, organization_id, kind, text)"
		" SELECT s.id, s.organization_id, $2, $3 FROM service s WHERE s.id = $1::uuid";
	const char *params[3] = { service_id, f->kind, f->text };
	PGresult *res;
	int rc = -1;

	if (db_begin(conn, err) != 0)
		return -1;
	if ((res = db_exec(conn, lock_sql, 1, params, err)) == NULL)
		goto done;
	rc = PQntuples(res) == 0 ? 2 : 0;
	PQclear(res);
	if (rc != 0)
		goto done;
	if ((res = db_exec(conn, count_sql, 1, params, err)) == NULL) {
		rc = -1;
		goto done;
	}
	if (strtol(PQgetvalue(res, 0, 0), NULL, 10) >= limit)
		rc = 1;
	PQclear(res);
	if (rc == 0 && db_command(conn, insert_sql, 3, params, err) != 0)
		rc = -1;
done:
	if (rc == 0 && db_commit(conn, err) != 0)
		rc = -1;
	else if (rc != 0)
		db_rollback(conn);
	return rc;
}

/* The page after a report: thanks, or why it was not taken. */
static void report_answer(struct web_page *p, const char *id, const char *heading, const char *text)
{
	char back[64];

	snprintf(back, sizeof(back), "/search/%s", val_is_uuid(id) ? id : "");
	page_head(p, heading);
	page_message(p, heading, text, back, _("Back to the listing"));
}

void web_report_post(struct http_request *req, struct http_response *resp)
{
	struct web_page p;
	struct report_form f;
	struct dir_error err;
	const char *id = req->nsegs == 3 ? req->segs[1] : "";
	long limit;
	int rc = -1;
	PGconn *conn;

	page_start(&p, req);
	dir_error_init(&err);
	pthread_rwlock_rdlock(&req->app->config_lock);
	limit = req->app->cfg.report_rate_limit;
	pthread_rwlock_unlock(&req->app->config_lock);
	if (!val_is_uuid(id) || report_form_read(req, &f) != 0 || !report_kind_ok(f.kind) ||
	    f.too_long || !html_is_utf8(f.text)) {
		report_answer(&p, id, _("The report was not sent"),
			      _("Choose what is wrong, and keep the details under 1000 "
				"characters."));
		page_finish(&p, resp, 400);
		return;
	}
	conn = db_pool_acquire(req->app->pool);
	rc = report_store(conn, id, &f, limit, &err);
	db_pool_release(req->app->pool, conn);
	if (rc == 0)
		report_answer(&p, id, _("Thank you"),
			      _("Your report was sent to the organisation and the directory."));
	else if (rc == 1)
		report_answer(&p, id, _("The report was not sent"),
			      _("This listing has had many reports in the last hour. Please try "
				"again later."));
	else if (rc == 2)
		report_answer(&p, id, _("Service not found"), _("This listing no longer exists."));
	else
		report_answer(&p, id, _("The report was not sent"),
			      _("Something went wrong on our side. Please try again."));
	page_finish(&p, resp, rc == 0 ? 200 : rc == 1 ? 429 : rc == 2 ? 404 : 500);
	dir_error_clear(&err);
}

static const char *const reports_params[] = { "service_id", "page", "per_page", NULL };

void web_reports(struct http_request *req, struct http_response *resp)
{
	static const char sql[] =
		"SELECT coalesce(json_agg(json_build_object('id', r.id, 'service_id',"
		" r.service_id, 'service_name', s.name, 'organization_id', r.organization_id,"
		" 'kind', r.kind, 'text', r.text, 'received_hour', r.received_hour)"
		" ORDER BY r.received_hour DESC, r.id), '[]')::text"
		" FROM (SELECT * FROM problem_report r"
		"  WHERE ($1::uuid IS NULL OR r.organization_id = $1::uuid)"
		"  AND ($2::uuid IS NULL OR r.service_id = $2::uuid)"
		"  ORDER BY r.received_hour DESC, r.id LIMIT $3::bigint OFFSET $4::bigint) r"
		" JOIN service s ON s.id = r.service_id";
	struct dir_error err;
	long page = 1, per_page = 100;
	char limit[24], offset[24];
	const char *service_id = http_query(req, "service_id");
	const char *params[4];
	PGconn *conn;
	PGresult *res = NULL;

	dir_error_init(&err);
	if (http_query_check(req, reports_params, &err) != 0 ||
	    api_paging_read(req, &page, &per_page, &err) != 0)
		goto done;
	if (service_id != NULL && !val_is_uuid(service_id)) {
		dir_error_add(&err, "invalid_parameter", NULL, "service_id must be a UUID");
		goto done;
	}
	snprintf(limit, sizeof(limit), "%ld", per_page);
	snprintf(offset, sizeof(offset), "%ld", (page - 1) * per_page);
	/* the guard (routes.c) has checked the credential into req->principal;
	 * organisation roles see their own organisation's reports */
	params[0] = auth_role_in_org(req->principal.role) ? req->principal.organization : NULL;
	params[1] = service_id;
	params[2] = limit;
	params[3] = offset;
	conn = db_pool_acquire(req->app->pool);
	res = db_exec(conn, sql, 4, params, &err);
	db_pool_release(req->app->pool, conn);
	if (res != NULL) {
		json_t *contents = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
		resp->body = json_pack("{s:o*, s:I, s:I}", "contents", contents, "page_number",
				       (json_int_t)page, "per_page", (json_int_t)per_page);
		PQclear(res);
	}
done:
	if (resp->body == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}
