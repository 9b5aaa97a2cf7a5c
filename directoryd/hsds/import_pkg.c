/*
 * import_pkg.c - which CSV files make a Tabular Data Package, and which
 * HSDS table each one is (docs/import.md, "Tabular Data Packages").
 *
 * A package's datapackage.json (Frictionless Data Package: "resources",
 * each with "name", "path" and a "schema" of "fields") says it: each
 * resource's path is read (also under a resources/ folder), as the table
 * its name stands for (the HSDS and UK profile descriptors use singular
 * names: "address", "schedule", "taxonomy"), and the columns are checked
 * against its schema. CSV files the descriptor does not list are reported
 * as skipped. Without a descriptor, or with one whose resources name no
 * file that exists (ILAO's blank HSDS 1.0 template), tables are found by
 * file name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import_internal.h"
#include "validate.h"

/* 1 when path is a regular file. */
static int import_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A resource path is relative and stays inside the package folder. */
static int import_path_safe(const char *rel)
{
	const char *p;

	if (rel[0] == '/' || rel[0] == '\0')
		return 0;
	for (p = rel; p != NULL; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return 0;
	return 1;
}

/* The resources of descriptor whose file exists under dir. */
static size_t import_resources_found(const char *dir, const json_t *resources)
{
	char path[4200];
	const char *rel;
	json_t *res;
	size_t i, found = 0;

	json_array_foreach(resources, i, res)
	{
		rel = import_str(res, "path");
		if (rel == NULL || !import_path_safe(rel))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
		found += import_is_file(path);
	}
	return found;
}

/*
 * HSDS 1.0 or 3.0? datapackage.json's "version" when it has one, else the
 * ids: HSDS 3.0 ids are UUIDs.
 */
static int import_detect_hsds1(const json_t *descriptor, const struct import_pkg *pkg)
{
	const char *v = import_str(descriptor, "version"), *id;
	size_t i;

	if (v != NULL)
		return v[0] != '3';
	for (i = 0; i < pkg->ntables; i++) {
		id = import_str(json_array_get(pkg->tables[i].rows, 0), "id");
		if (id != NULL)
			return !val_is_uuid(id);
	}
	return 1;
}

/* The field of the schema's fields named column, or NULL. */
static const json_t *import_schema_field(const json_t *fields, const char *column)
{
	const json_t *f;
	size_t i;

	json_array_foreach(fields, i, f)
	{
		if (import_str(f, "name") != NULL && strcmp(import_str(f, "name"), column) == 0)
			return f;
	}
	return NULL;
}

/* Columns against the resource's declared schema, as notes. */
static int import_check_columns(struct import_batch *b, const struct import_table *t,
				const json_t *res)
{
	const json_t *fields = json_object_get(json_object_get(res, "schema"), "fields"), *f, *c;
	const char *name;
	size_t i;

	if (!json_is_array(fields))
		return 0;
	json_array_foreach(t->columns, i, c)
	{
		name = json_string_value(c);
		if (name != NULL && import_schema_field(fields, name) == NULL &&
		    import_note(b, t->path, 1, NULL, "column_undeclared",
				"column \"%s\" is not in the resource's schema in "
				"datapackage.json; its values are read as HSDS names it",
				name) != 0)
			return -1;
	}
	json_array_foreach(fields, i, f)
	{
		name = import_str(f, "name");
		if (name == NULL ||
		    !json_is_true(json_object_get(json_object_get(f, "constraints"), "required")))
			continue;
		if (!import_has_string(t->columns, name) &&
		    import_note(b, t->path, 1, NULL, "column_missing",
				"the required column \"%s\" of the resource's schema is "
				"absent",
				name) != 0)
			return -1;
	}
	return 0;
}

/* 1 when the array arr holds the string s. */
int import_has_string(const json_t *arr, const char *s)
{
	const json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) if (json_is_string(x) &&
					  strcmp(json_string_value(x), s) == 0) return 1;
	return 0;
}

/* Read one resource's file as a table of pkg. */
static int import_read_resource(const char *dir, const json_t *res, struct import_pkg *pkg,
				struct import_batch *b, json_t *listed, struct dir_error *err)
{
	const char *rel = import_str(res, "path"), *rname = import_str(res, "name"), *name = NULL;
	struct import_table *t;
	char path[4200];

	if (rel == NULL || !import_path_safe(rel))
		return import_note(b, "datapackage.json", 0, rname, "file_skipped",
				   "resource \"%s\" has no path inside the package; not read",
				   rname ? rname : "?");
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (!import_is_file(path))
		return import_note(b, path, 0, rname, "file_skipped",
				   "resource \"%s\" of datapackage.json: %s does not exist",
				   rname ? rname : "?", rel);
	t = &pkg->tables[pkg->ntables++];
	if (import_csv_read(path, t, err) != 0)
		return -1;
	json_array_append_new(listed, json_string(path));
	if (rname != NULL)
		name = import_table_for_resource(rname);
	if (name == NULL)
		name = import_table_for_file(t->file);
	snprintf(t->name, sizeof(t->name), "%s", name ? name : "");
	return import_check_columns(b, t, res);
}

/* The CSV files of dir no resource listed: skipped, each reported. */
static int import_note_unlisted(const char *dir, char **names, size_t n, const json_t *listed,
				struct import_batch *b)
{
	char path[4200];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (strlen(names[i]) < 5 || strcmp(names[i] + strlen(names[i]) - 4, ".csv") != 0 ||
		    import_has_string(listed, path))
			continue;
		if (import_note(b, path, 0, NULL, "file_skipped",
				"%s is not among the resources of the package's "
				"datapackage.json; not read",
				names[i]) != 0)
			return -1;
	}
	return 0;
}

/* The tables of dir found by file name. */
static int import_read_by_name(const char *dir, char **names, size_t n, struct import_pkg *pkg,
			       json_t *listed, struct dir_error *err)
{
	struct import_table *t;
	char path[4200];
	const char *name;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (strlen(names[i]) < 5 || strcmp(names[i] + strlen(names[i]) - 4, ".csv") != 0 ||
		    import_has_string(listed, path))
			continue;
		t = &pkg->tables[pkg->ntables++];
		if (import_csv_read(path, t, err) != 0)
			return -1;
		json_array_append_new(listed, json_string(path));
		name = import_table_for_file(names[i]);
		snprintf(t->name, sizeof(t->name), "%s", name ? name : "");
	}
	return 0;
}

int import_pkg_read(const char *dir, char **names, size_t n, const json_t *descriptor,
		    json_t *listed, struct import_batch *b, struct dir_error *err)
{
	const json_t *resources = json_object_get(descriptor, "resources"), *res;
	size_t cap = n + json_array_size(resources) + 1, i;
	struct import_pkg pkg = { calloc(cap, sizeof(struct import_table)), 0, 0 };
	int rc = 0, by_descriptor;

	if (pkg.tables == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	by_descriptor = import_resources_found(dir, resources) > 0;
	if (json_array_size(resources) > 0 && !by_descriptor)
		rc = import_note(b, dir, 0, NULL, "datapackage_ignored",
				 "no resource of datapackage.json names a file that exists "
				 "here; tables are found by file name");
	json_array_foreach(resources, i, res)
	{
		if (rc == 0 && by_descriptor)
			rc = import_read_resource(dir, res, &pkg, b, listed, err);
	}
	if (rc == 0 && by_descriptor)
		rc = import_note_unlisted(dir, names, n, listed, b);
	else if (rc == 0)
		rc = import_read_by_name(dir, names, n, &pkg, listed, err);
	pkg.hsds1 = import_detect_hsds1(descriptor, &pkg);
	if (rc == 0 && pkg.ntables > 0)
		rc = import_tabular_build(&pkg, b, err);
	while (pkg.ntables > 0)
		import_table_free(&pkg.tables[--pkg.ntables]);
	free(pkg.tables);
	if (rc != 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}
