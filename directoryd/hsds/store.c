/*
 * store.c - C side of the storage layer: one fixed statement per operation
 * and kind, calling the stored functions of sql/36_put.sql and
 * sql/40_render.sql, and the loader of the directory's own vocabularies.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_VOCAB_MAX_FILES 64
#define STORE_PATH_MAX        4096

/* Statements by kind, in the order of enum dir_kind. */
static const char *const put_sql[] = {
	"SELECT dir_put_organization($1::jsonb, $2::uuid)",
	"SELECT dir_put_service($1::jsonb, $2::uuid)",
	"SELECT dir_put_location($1::jsonb, $2::uuid)",
};

/* POST: the same, refusing with 409 an id stored meanwhile (sql/36_put.sql). */
static const char *const create_sql[] = {
	"SELECT dir_create_organization($1::jsonb, $2::uuid)",
	"SELECT dir_create_service($1::jsonb, $2::uuid)",
	"SELECT dir_create_location($1::jsonb, $2::uuid)",
};

static const char *const delete_sql[] = {
	"SELECT dir_delete_organization($1::uuid, $2::uuid)",
	"SELECT dir_delete_service($1::uuid, $2::uuid)",
	"SELECT dir_delete_location($1::uuid, $2::uuid)",
};

static const char *const owner_sql[] = {
	"SELECT id::text FROM organization WHERE id = $1::uuid",
	"SELECT organization_id::text FROM service WHERE id = $1::uuid",
	"SELECT organization_id::text FROM location WHERE id = $1::uuid",
};

static const char *const kind_name[] = { "organization", "service", "location" };

struct render {
	const char *what;
	const char *sql;
};

/* Parameters: id, languages (comma list), full, node id. */
static const struct render renders[] = {
	{ "organization", "SELECT dir_organization_json($1::uuid, "
			  "string_to_array($2, ','), $3::boolean, $4)::text" },
	{ "service", "SELECT dir_service_json($1::uuid, "
		     "string_to_array($2, ','), $3::boolean, $4)::text" },
	{ "location", "SELECT dir_location_json($1::uuid, "
		      "string_to_array($2, ','), $3::boolean, $4)::text" },
	{ "service_at_location", "SELECT dir_service_at_location_json($1::uuid, "
				 "string_to_array($2, ','), $3::boolean, $4)::text" },
	{ "taxonomy", "SELECT dir_taxonomy_json($1::uuid, "
		      "string_to_array($2, ','), $3::boolean, $4)::text" },
	{ "taxonomy_term", "SELECT dir_taxonomy_term_json($1::uuid, "
			   "string_to_array($2, ','), $3::boolean, $4)::text" },
};

static int store_kind_ok(enum dir_kind kind, struct dir_error *err)
{
	if ((unsigned int)kind < sizeof(kind_name) / sizeof(kind_name[0]))
		return 1;
	dir_error_add(err, "internal_error", NULL, "unknown kind of record %d", (int)kind);
	return 0;
}

int store_is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; shape[i] != '\0'; i++) {
		char c = s[i];
		int hex =
			(c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		if (shape[i] == '-' ? c != '-' : !hex)
			return 0;
	}
	return s[i] == '\0';
}

static int store_tag_ok(const char *tag)
{
	size_t n = 0;

	for (; tag[n] != '\0'; n++) {
		char c = tag[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return 0;
	}
	return n > 0 && n <= 35;
}

const char *store_langs_param(const struct store_view *view, char *buf, size_t cap)
{
	size_t used = 0;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; view != NULL && view->langs != NULL && i < view->nlangs; i++) {
		const char *tag = view->langs[i];
		size_t len;

		if (tag == NULL || !store_tag_ok(tag))
			continue;
		len = strlen(tag);
		if (used + len + 2 > cap)
			break;
		if (used > 0)
			buf[used++] = ',';
		memcpy(buf + used, tag, len);
		used += len;
		buf[used] = '\0';
	}
	return buf;
}

/* store_put and store_create: run sql (put_sql or create_sql) for kind. */
static int store_write(PGconn *conn, const char *const *sql, enum dir_kind kind, const json_t *doc,
		       const char *scope_org, char id_out[37], struct dir_error *err)
{
	const char *params[2];
	PGresult *res;
	char *text;
	int rc = -1;

	if (!store_kind_ok(kind, err))
		return -1;
	/* 15 significant digits: a coordinate typed as 47.3769 stays 47.3769. */
	text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (text == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	params[0] = text;
	params[1] = scope_org;
	res = db_exec(conn, sql[kind], 2, params, err);
	if (res != NULL && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
		rc = 0;
	} else if (res != NULL) {
		dir_error_add(err, "internal_error", NULL, "the %s was not stored",
			      kind_name[kind]);
	}
	PQclear(res);
	free(text);
	return rc;
}

int store_put(PGconn *conn, enum dir_kind kind, const json_t *doc, const char *scope_org,
	      char id_out[37], struct dir_error *err)
{
	return store_write(conn, put_sql, kind, doc, scope_org, id_out, err);
}

int store_create(PGconn *conn, enum dir_kind kind, const json_t *doc, const char *scope_org,
		 char id_out[37], struct dir_error *err)
{
	return store_write(conn, create_sql, kind, doc, scope_org, id_out, err);
}

int store_delete(PGconn *conn, enum dir_kind kind, const char *id, const char *scope_org,
		 struct dir_error *err)
{
	const char *params[2] = { id, scope_org };
	PGresult *res;
	int rc = -1;

	if (!store_kind_ok(kind, err))
		return -1;
	if (!store_is_uuid(id)) {
		dir_error_add(err, "not_found", NULL, "there is no such %s", kind_name[kind]);
		return -1;
	}
	res = db_exec(conn, delete_sql[kind], 2, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0)
		rc = 0;
	else
		dir_error_add(err, "not_found", NULL, "there is no such %s", kind_name[kind]);
	PQclear(res);
	return rc;
}

static const char *store_render_sql(const char *what)
{
	for (size_t i = 0; i < sizeof(renders) / sizeof(renders[0]); i++)
		if (what != NULL && strcmp(renders[i].what, what) == 0)
			return renders[i].sql;
	return NULL;
}

json_t *store_get(PGconn *conn, const char *what, const char *id, const struct store_view *view,
		  struct dir_error *err)
{
	const char *sql = store_render_sql(what);
	char langs[STORE_LANGS_MAX];
	const char *params[4];
	PGresult *res;
	json_t *out = NULL;

	if (sql == NULL) {
		dir_error_add(err, "invalid_parameter", NULL, "there are no records of this kind");
		return NULL;
	}
	if (!store_is_uuid(id)) {
		dir_error_add(err, "not_found", NULL, "there is no such %s", what);
		return NULL;
	}
	params[0] = id;
	params[1] = store_langs_param(view, langs, sizeof(langs));
	params[2] = view != NULL && view->full ? "true" : "false";
	params[3] = view != NULL ? view->node_id : NULL;
	res = db_exec(conn, sql, 4, params, err);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
		dir_error_add(err, "not_found", NULL, "there is no such %s", what);
	else if ((out = json_loads(PQgetvalue(res, 0, 0), 0, NULL)) == NULL)
		dir_error_add(err, "internal_error", NULL, "the %s could not be rendered", what);
	PQclear(res);
	return out;
}

char *store_owner_of(PGconn *conn, enum dir_kind kind, const char *id, struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res;
	char *owner = NULL;

	if (!store_kind_ok(kind, err))
		return NULL;
	if (!store_is_uuid(id)) {
		dir_error_add(err, "not_found", NULL, "there is no such %s", kind_name[kind]);
		return NULL;
	}
	res = db_exec(conn, owner_sql[kind], 1, params, err);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) == 0)
		dir_error_add(err, "not_found", NULL, "there is no such %s", kind_name[kind]);
	else if (!PQgetisnull(res, 0, 0) && (owner = strdup(PQgetvalue(res, 0, 0))) == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	PQclear(res);
	return owner;
}

static int store_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the *.json files in dir; caller frees each and the array. */
static char **store_vocab_list(const char *dir, size_t *count, struct dir_error *err)
{
	DIR *d = opendir(dir);
	char **names;
	struct dirent *ent;
	size_t n = 0;

	if (d == NULL) {
		dir_error_add(err, "internal_error", NULL,
			      "cannot open the vocabularies folder %s: %s; "
			      "check --data-dir",
			      dir, strerror(errno));
		return NULL;
	}
	names = calloc(STORE_VOCAB_MAX_FILES, sizeof(*names));
	while (names != NULL && (ent = readdir(d)) != NULL) {
		size_t len = strlen(ent->d_name);
		if (len < 6 || strcmp(ent->d_name + len - 5, ".json") != 0 || ent->d_name[0] == '.')
			continue;
		if (n == STORE_VOCAB_MAX_FILES || !(names[n] = strdup(ent->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (names == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	qsort(names, n, sizeof(*names), store_name_cmp);
	*count = n;
	return names;
}

/* Parse one vocabulary file (duplicate keys refused) and load it. */
static int store_seed_file(PGconn *conn, const char *path, struct dir_error *err)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	const char *params[1];
	char *text = NULL;
	int rc = -1;

	if (doc == NULL) {
		dir_error_add(err, "internal_error", NULL,
			      "vocabulary %s is not valid JSON: %s (line %d)", path, jerr.text,
			      jerr.line);
		return -1;
	}
	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	params[0] = text;
	if (db_command(conn, "SELECT dir_seed_taxonomy($1::jsonb)", 1, params, err) == 0)
		rc = 0;
	else
		dir_error_add(err, "internal_error", NULL, "vocabulary %s was refused", path);
done:
	free(text);
	json_decref(doc);
	return rc;
}

int store_seed_taxonomies(PGconn *conn, const char *data_dir, struct dir_error *err)
{
	char dir[STORE_PATH_MAX], path[STORE_PATH_MAX];
	char **names;
	size_t count = 0;
	int rc = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/data/taxonomies", data_dir) >= sizeof(dir)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		return -1;
	}
	if ((names = store_vocab_list(dir, &count, err)) == NULL)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (rc == 0 &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= sizeof(path)) {
			dir_error_add(err, "internal_error", NULL, "path too long");
			rc = -1;
		}
		if (rc == 0)
			rc = store_seed_file(conn, path, err);
		free(names[i]);
	}
	free(names);
	return rc;
}
