/*
 * synonyms.c - seed the vocabularies' synonyms (synonyms.h).
 */
#include "synonyms.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define SYNONYMS_FILE_MAX (1024u * 1024u)

/* Seed one file through dir_seed_synonyms. */
static int synonyms_seed_file(PGconn *conn, const char *path, struct dir_error *err)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	const char *params[1];
	char *text = NULL;
	int rc = -1;

	if (doc == NULL) {
		dir_error_add(err, "internal_error", NULL, "%s: line %d: %s", path, jerr.line,
			      jerr.text);
		return -1;
	}
	if (!json_is_string(json_object_get(doc, "taxonomy")) ||
	    !json_is_object(json_object_get(doc, "terms"))) {
		dir_error_add(err, "internal_error", NULL,
			      "%s: needs \"taxonomy\" and an object \"terms\"", path);
		goto done;
	}
	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL || strlen(text) > SYNONYMS_FILE_MAX) {
		dir_error_add(err, "internal_error", NULL, "%s: too large or out of memory", path);
		goto done;
	}
	params[0] = text;
	rc = db_command(conn, "SELECT dir_seed_synonyms($1::jsonb)", 1, params, err);
done:
	free(text);
	json_decref(doc);
	return rc;
}

static int synonyms_is_json(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".json") == 0;
}

int synonyms_seed(PGconn *conn, const char *data_dir, struct dir_error *err)
{
	char dir[4200], path[4500];
	struct dirent *ent;
	DIR *d;
	int rc = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/data/taxonomies/synonyms", data_dir) >=
	    sizeof(dir)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "cannot open %s: %s; check --data-dir",
			      dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (ent = readdir(d)) != NULL) {
		if (!synonyms_is_json(ent->d_name))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name) >=
		    sizeof(path)) {
			dir_error_add(err, "internal_error", NULL, "path too long");
			rc = -1;
		} else {
			rc = synonyms_seed_file(conn, path, err);
		}
	}
	closedir(d);
	return rc;
}
