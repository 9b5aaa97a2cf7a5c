/*
 * api_import.c - POST /import: an HSDS JSON document or a zipped Tabular
 * Data Package, read by the importer (import.h) in one transaction, with
 * its report as the answer (docs/api.md, "Import").
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "api.h"
#include "api_util.h"
#include "audit.h"
#include "import.h"

/* A zip may hold at most this many files and bytes once unpacked. */
#define IMPORT_ZIP_FILES 2000
#define IMPORT_ZIP_BYTES (512ull * 1024 * 1024)

/* The upload's temporary folder: <tmp>/directoryd-import.XXXXXX. */
struct import_upload {
	char dir[4096];
	char path[4200]; /* what the importer reads: dir/upload.json or dir */
};

static int api_import_fail(struct dir_error *err, const char *code, const char *what)
{
	dir_error_add(err, code, NULL, "%s", what);
	return -1;
}

/* Write len bytes of data to path (a new file). 0 or -1. */
static int api_import_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wx");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(data, 1, len, f) == len ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* A name in the zip that stays inside the folder: relative, no "..",
 * no backslash, no empty segment. */
static int api_import_safe_name(const char *name)
{
	const char *p = name;

	if (*name == '\0' || *name == '/' || strchr(name, '\\') != NULL || strlen(name) > 512)
		return 0;
	while (*p != '\0') {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 2 && strncmp(p, "..", 2) == 0) || (n == 1 && *p == '.'))
			return p[n] == '\0' && n == 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* Make the folders of rel (a safe name) under dir. */
static int api_import_mkdirs(const char *dir, const char *rel)
{
	char path[4800];
	const char *slash = rel;

	while ((slash = strchr(slash, '/')) != NULL) {
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(slash - rel), rel);
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		slash++;
	}
	return 0;
}

/* Unpack one entry of the zip into dir. 0 or -1 with err. */
static int api_import_entry(zip_t *za, zip_int64_t i, const char *dir, zip_uint64_t *total,
			    struct dir_error *err)
{
	char path[4800], chunk[65536];
	zip_stat_t st;
	zip_file_t *zf;
	zip_int64_t n;
	FILE *out;
	int rc = 0;

	if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
		return api_import_fail(err, "invalid_import", "the zip archive cannot be read");
	if (st.name[0] != '\0' && st.name[strlen(st.name) - 1] == '/')
		return 0; /* a folder: made with its files */
	if (!api_import_safe_name(st.name))
		return api_import_fail(err, "invalid_import",
				       "the zip holds a file name that leaves its folder");
	snprintf(path, sizeof(path), "%s/%s", dir, st.name);
	if (api_import_mkdirs(dir, st.name) != 0 ||
	    (zf = zip_fopen_index(za, (zip_uint64_t)i, 0)) == NULL)
		return api_import_fail(err, "invalid_import", "the zip archive cannot be unpacked");
	if ((out = fopen(path, "wx")) == NULL) {
		zip_fclose(zf);
		return api_import_fail(err, "invalid_import", "the zip holds a file twice");
	}
	while (rc == 0 && (n = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
		*total += (zip_uint64_t)n;
		if (*total > IMPORT_ZIP_BYTES)
			rc = api_import_fail(err, "body_too_large",
					     "the zip unpacks to more than 512 MiB");
		else if (fwrite(chunk, 1, (size_t)n, out) != (size_t)n)
			rc = api_import_fail(err, "internal_error", "the upload cannot be stored");
	}
	if (rc == 0 && n < 0)
		rc = api_import_fail(err, "invalid_import", "the zip archive is damaged");
	zip_fclose(zf);
	if (fclose(out) != 0 && rc == 0)
		rc = api_import_fail(err, "internal_error", "the upload cannot be stored");
	return rc;
}

/* Unpack the zip body into up->dir with libzip. 0 or -1 with err. */
static int api_import_unzip(const struct http_request *req, struct import_upload *up,
			    struct dir_error *err)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_uint64_t total = 0;
	zip_int64_t n;
	zip_t *za;
	int rc = 0;

	zip_error_init(&zerr);
	if ((src = zip_source_buffer_create(req->body, req->body_len, 0, &zerr)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return api_import_fail(err, "invalid_import",
				       "the body is not a zip archive (application/zip)");
	}
	zip_error_fini(&zerr);
	n = zip_get_num_entries(za, 0);
	if (n > IMPORT_ZIP_FILES)
		rc = api_import_fail(err, "invalid_import", "the zip holds more than 2000 files");
	for (zip_int64_t i = 0; i < n && rc == 0; i++)
		rc = api_import_entry(za, i, up->dir, &total, err);
	zip_discard(za); /* frees src too */
	snprintf(up->path, sizeof(up->path), "%s", up->dir);
	return rc;
}

/* The body's type: 1 JSON, 2 zip, 0 neither. */
static int api_import_type(const struct http_request *req)
{
	const char *ct = http_header(req, "Content-Type");

	if (ct == NULL || strncasecmp(ct, "application/json", 16) == 0)
		return 1;
	if (strncasecmp(ct, "application/zip", 15) == 0 ||
	    strncasecmp(ct, "application/x-zip-compressed", 28) == 0)
		return 2;
	return 0;
}

/* Store the body in a new temporary folder. 0 or -1 with err. */
static int api_import_store(const struct http_request *req, struct import_upload *up,
			    struct dir_error *err)
{
	const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	int type = api_import_type(req);

	if (type == 0)
		return api_import_fail(err, "unsupported_media_type",
				       "send an HSDS JSON document as application/json or a "
				       "Tabular Data Package as application/zip");
	if (req->body_len == 0)
		return api_import_fail(err, "invalid_import", "the body is empty");
	snprintf(up->dir, sizeof(up->dir), "%s/directoryd-import.XXXXXX", tmp);
	if (mkdtemp(up->dir) == NULL) {
		up->dir[0] = '\0';
		return api_import_fail(err, "internal_error", "no temporary folder for the upload");
	}
	if (type == 2)
		return api_import_unzip(req, up, err);
	snprintf(up->path, sizeof(up->path), "%s/upload.json", up->dir);
	if (api_import_write(up->path, req->body, req->body_len) != 0)
		return api_import_fail(err, "internal_error", "the upload cannot be stored");
	return 0;
}

static int api_import_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Remove the temporary folder and everything in it (nftw, depth first). */
static void api_import_remove(const char *dir)
{
	if (dir[0] != '\0')
		nftw(dir, api_import_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The report's JSON Lines as an array, with the temporary folder cut from
 * each "source" (so it names the file in the upload). NULL when out of
 * memory. */
static json_t *api_import_report(const char *text, size_t len, const char *dir)
{
	json_t *lines = json_array(), *line;
	size_t dlen = strlen(dir);
	const char *p = text, *end = text + len, *nl, *src;

	while (lines != NULL && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line = json_loadb(p, (size_t)(nl - p), 0, NULL);
		src = json_string_value(json_object_get(line, "source"));
		if (src != NULL && strncmp(src, dir, dlen) == 0 && src[dlen] == '/')
			json_object_set_new(line, "source", json_string(src + dlen + 1));
		if (line != NULL)
			json_array_append_new(lines, line);
		p = nl + 1;
	}
	return lines;
}

static json_t *api_import_summary(const struct import_summary *s)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"organizations", (json_int_t)s->organizations, "services", (json_int_t)s->services,
		"locations", (json_int_t)s->locations, "taxonomies", (json_int_t)s->taxonomies,
		"taxonomy_terms", (json_int_t)s->taxonomy_terms, "created", (json_int_t)s->created,
		"updated", (json_int_t)s->updated, "unchanged", (json_int_t)s->unchanged, "refused",
		(json_int_t)s->refused, "held", (json_int_t)s->held, "children_dropped",
		(json_int_t)s->children_dropped, "skipped", (json_int_t)s->skipped, "pruned",
		(json_int_t)s->pruned, "warnings", (json_int_t)s->warnings);
}

/*
 * Say who imports for the audit entries of the importer's transaction: the
 * importer opens its own, so the actor is set for the connection and reset
 * after (api_import_run), never left on a pool connection.
 */
static int api_import_actor(PGconn *conn, const struct http_request *req, struct dir_error *err)
{
	const struct auth_principal *p = &req->principal;
	json_t *detail = json_pack("{s:s, s:s?, s:s?, s:s?}", "via", "POST /import", "account_id",
				   p->account_id[0] != '\0' ? p->account_id : NULL, "username",
				   p->username[0] != '\0' ? p->username : NULL, "token_id",
				   p->token_id[0] != '\0' ? p->token_id : NULL);
	int rc = audit_set_actor(conn, NULL, "import", detail, err);

	json_decref(detail);
	return rc;
}

static void api_import_actor_reset(PGconn *conn)
{
	struct dir_error e;

	dir_error_init(&e);
	db_command(conn, "RESET directoryd.audit_actor", 0, NULL, &e);
	dir_error_clear(&e);
}

/* Import up->path with the caller's scope; the answer's body or NULL. */
static json_t *api_import_run(struct http_request *req, const struct import_upload *up,
			      struct dir_error *err)
{
	struct import_options opts = { .scope_org = auth_scope_org(&req->principal),
				       .allow_skipped = 1 };
	struct import_summary sum;
	char *text = NULL;
	size_t len = 0;
	json_t *body = NULL;
	FILE *report = open_memstream(&text, &len);
	PGconn *conn;
	int rc;

	if (report == NULL) {
		api_import_fail(err, "internal_error", "out of memory");
		return NULL;
	}
	conn = db_pool_acquire(req->app->pool);
	rc = api_import_actor(conn, req, err) == 0
		     ? import_hsds_opts(conn, req->app->rules, up->path, &opts, report, &sum, err)
		     : -1;
	api_import_actor_reset(conn);
	db_pool_release(req->app->pool, conn);
	fclose(report);
	if (rc == 0)
		body = json_pack("{s:o, s:o}", "summary", api_import_summary(&sum), "report",
				 api_import_report(text != NULL ? text : "", len, up->dir));
	free(text);
	return body;
}

void api_import(struct http_request *req, struct http_response *resp)
{
	struct import_upload up = { "", "" };
	struct dir_error err;

	dir_error_init(&err);
	if (api_import_store(req, &up, &err) == 0)
		resp->body = api_import_run(req, &up, &err);
	api_import_remove(up.dir);
	if (resp->body == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}
