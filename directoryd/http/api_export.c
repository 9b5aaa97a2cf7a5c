/*
 * api_export.c - GET /export: the whole directory as HSDS 3.0 JSON,
 * streamed (export.h; docs/api.md, "Export").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "api_stream.h"
#include "export.h"
#include "export_csv.h"

static int api_export_next(void *state, PGconn *conn, struct buf *out, struct dir_error *err)
{
	return export_next(state, conn, out, err);
}

static void api_export_free(void *state)
{
	export_close(state);
}

static const char *const export_params[] = { "format", "scope", NULL };

/* format= and scope=: 0 with *csv and *scope set, or -1 with err. */
static int api_export_params(const struct http_request *req, int *csv, enum export_scope *scope,
			     struct dir_error *err)
{
	const char *format = http_query(req, "format"), *sc = http_query(req, "scope");

	if (http_query_check(req, export_params, err) != 0)
		return -1;
	*csv = format != NULL && strcmp(format, "hsds-csv") == 0;
	if (format != NULL && !*csv && strcmp(format, "hsds-json") != 0)
		dir_error_add(err, "invalid_parameter", NULL,
			      "format must be hsds-json (the default) or hsds-csv");
	*scope = sc != NULL && strcmp(sc, "all") == 0 ? EXPORT_ALL : EXPORT_OWN;
	if (sc != NULL && *scope == EXPORT_OWN && strcmp(sc, "own") != 0)
		dir_error_add(err, "invalid_parameter", NULL,
			      "scope must be own (this node's listings, the default) or all "
			      "(with those mirrored from peers)");
	return dir_error_isset(err) ? -1 : 0;
}

void api_export(struct http_request *req, struct http_response *resp)
{
	struct export_cursor *c;
	enum export_scope scope;
	struct dir_error err;
	int csv;

	dir_error_init(&err);
	if (api_export_params(req, &csv, &scope, &err) != 0) {
		http_error(resp, &err);
		dir_error_clear(&err);
		return;
	}
	dir_error_clear(&err);
	if (csv) {
		api_export_csv(req, resp, scope);
		return;
	}
	if ((c = export_open(scope, req->app->node_id)) == NULL) {
		http_fail(resp, "internal_error", NULL, "out of memory");
		return;
	}
	if (api_stream_respond(req, resp, HTTP_JSON_TYPE, api_export_next, c, api_export_free) == 0)
		resp->disposition = "attachment; filename=\"hsds.json\"";
}

/* The zip archive, read from its (already unlinked) temporary file. */
static ssize_t api_export_file_read(void *cls, uint64_t pos, char *out, size_t max)
{
	FILE *f = cls;
	size_t n;

	(void)pos;
	n = fread(out, 1, max, f);
	if (n > 0)
		return (ssize_t)n;
	return ferror(f) ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
}

static void api_export_file_free(void *cls)
{
	fclose(cls);
}

/* Build the package into a temporary file and open it; NULL with err. */
static FILE *api_export_csv_file(struct http_request *req, enum export_scope scope,
				 struct dir_error *err)
{
	const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	struct export_license license;
	char path[4096];
	FILE *f = NULL;
	PGconn *conn;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/directoryd-export.XXXXXX.zip", tmp);
	if ((fd = mkstemps(path, 4)) < 0) {
		dir_error_add(err, "internal_error", NULL, "no temporary file for the export");
		return NULL;
	}
	close(fd);
	pthread_rwlock_rdlock(&req->app->config_lock);
	license.name = req->app->cfg.license_name;
	license.url = req->app->cfg.license_url;
	conn = db_pool_acquire(req->app->pool);
	rc = export_csv_zip(conn, scope, req->app->node_id, &license, tmp, path, err);
	db_pool_release(req->app->pool, conn);
	pthread_rwlock_unlock(&req->app->config_lock);
	if (rc == 0 && (f = fopen(path, "rb")) == NULL)
		dir_error_add(err, "internal_error", NULL, "the export archive cannot be read");
	unlink(path);
	return f;
}

void api_export_csv(struct http_request *req, struct http_response *resp, int scope)
{
	struct dir_error err;
	FILE *f;

	dir_error_init(&err);
	if ((f = api_export_csv_file(req, scope, &err)) == NULL) {
		http_error(resp, &err);
		dir_error_clear(&err);
		return;
	}
	dir_error_clear(&err);
	resp->content_type = "application/zip";
	resp->disposition = "attachment; filename=\"hsds.zip\"";
	resp->stream = api_export_file_read;
	resp->stream_free = api_export_file_free;
	resp->stream_cls = f;
}
