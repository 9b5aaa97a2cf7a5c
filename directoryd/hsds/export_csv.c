/*
 * export_csv.c - the Tabular Data Package of the export (export_csv.h):
 * records flattened into one CSV per table with libcsv's quoting, then
 * zipped with libzip beside a datapackage.json written with jansson.
 */
#include "export_csv.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>
#include <zip.h>

#include "hsds_fields.h"

/* The tables, in datapackage.json's order, with the HSDS file names. */
static const struct export_table {
	enum val_kind kind;
	const char *path;
} export_tables[] = {
	{ VAL_K_ORGANIZATION, "organizations.csv" },
	{ VAL_K_SERVICE, "services.csv" },
	{ VAL_K_LOCATION, "locations.csv" },
	{ VAL_K_SERVICE_AT_LOCATION, "service_at_location.csv" },
	{ VAL_K_ADDRESS, "addresses.csv" },
	{ VAL_K_PHONE, "phones.csv" },
	{ VAL_K_SCHEDULE, "schedules.csv" },
	{ VAL_K_LANGUAGE, "languages.csv" },
	{ VAL_K_ATTRIBUTE, "attributes.csv" },
	{ VAL_K_TAXONOMY, "taxonomies.csv" },
	{ VAL_K_TAXONOMY_TERM, "taxonomy_terms.csv" },
	{ VAL_K_FUNDING, "funding.csv" },
	{ VAL_K_COST_OPTION, "cost_options.csv" },
	{ VAL_K_PROGRAM, "programs.csv" },
	{ VAL_K_REQUIRED_DOCUMENT, "required_documents.csv" },
	{ VAL_K_CONTACT, "contacts.csv" },
	{ VAL_K_SERVICE_AREA, "service_areas.csv" },
	{ VAL_K_ACCESSIBILITY, "accessibility.csv" },
	{ VAL_K_METADATA, "metadata.csv" },
	{ VAL_K_ORGANIZATION_IDENTIFIER, "organization_identifiers.csv" },
	/* HSDS 3.1, with the 3.1 example's file names */
	{ VAL_K_URL, "url.csv" },
	{ VAL_K_SERVICE_CAPACITY, "service_capacity.csv" },
	{ VAL_K_UNIT, "units.csv" },
};

#define EXPORT_NTABLES (sizeof(export_tables) / sizeof(export_tables[0]))

struct export_csv {
	char dir[4096];              /* the temporary folder of the CSV files */
	FILE *files[EXPORT_NTABLES]; /* open CSV files, by table */
	json_t *seen;                /* "kind/id" of the rows written; a child's: [row, copy] */
	json_t *held;                /* [table, row] of child rows, written at the end */
	struct dir_error *err;
};

/* A column: one value per row (not an object, array or language map). */
static int export_is_column(const struct val_field *f)
{
	return f->type != VAL_T_OBJECT && !(f->flags & (VAL_ARRAY | VAL_MAP));
}

static int export_table_of(enum val_kind kind)
{
	for (size_t i = 0; i < EXPORT_NTABLES; i++)
		if (export_tables[i].kind == kind)
			return (int)i;
	return -1;
}

static int export_fail(struct export_csv *x, const char *what)
{
	dir_error_add(x->err, "internal_error", NULL, "the export could not %s", what);
	return -1;
}

/* One CSV field: libcsv quotes it; an absent or null value is empty. */
static int export_field(FILE *f, const json_t *v, int first)
{
	char *text = NULL;
	const char *s = "";
	int rc;

	if (!first && fputc(',', f) == EOF)
		return -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_true(v) || json_is_false(v))
		s = json_is_true(v) ? "true" : "false";
	else if ((text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT)) != NULL)
		s = text;
	rc = csv_fwrite(f, s, strlen(s)) == 0 ? 0 : -1;
	free(text);
	return rc;
}

/* The header row of table t. */
static int export_header(FILE *f, enum val_kind kind)
{
	const struct val_object *o = &val_objects[kind];
	int first = 1;

	for (size_t i = 0; i < o->nfields; i++) {
		if (!export_is_column(&o->fields[i]))
			continue;
		if ((!first && fputc(',', f) == EOF) ||
		    csv_fwrite(f, o->fields[i].name, strlen(o->fields[i].name)) != 0)
			return -1;
		first = 0;
	}
	return fputs("\r\n", f) == EOF ? -1 : 0;
}

static int export_open_tables(struct export_csv *x)
{
	char path[4200];

	for (size_t i = 0; i < EXPORT_NTABLES; i++) {
		snprintf(path, sizeof(path), "%s/%s", x->dir, export_tables[i].path);
		if ((x->files[i] = fopen(path, "w")) == NULL ||
		    export_header(x->files[i], export_tables[i].kind) != 0)
			return export_fail(x, "write its CSV files");
	}
	return 0;
}

/* Name the parent in rec (a copy) by the link columns its table has. */
static void export_link(json_t *rec, enum val_kind kind, enum val_kind parent, const char *pid)
{
	char col[64];

	if (parent == VAL_K_NONE || pid == NULL)
		return;
	snprintf(col, sizeof(col), "%s_id", val_objects[parent].name);
	if (val_field_find(kind, col) != NULL && json_object_get(rec, col) == NULL)
		json_object_set_new(rec, col, json_string(pid));
	if (kind == VAL_K_ATTRIBUTE && json_object_get(rec, "link_id") == NULL) {
		json_object_set_new(rec, "link_id", json_string(pid));
		json_object_set_new(rec, "link_entity", json_string(val_objects[parent].name));
	}
	if (kind == VAL_K_METADATA && json_object_get(rec, "resource_id") == NULL) {
		json_object_set_new(rec, "resource_id", json_string(pid));
		json_object_set_new(rec, "resource_type", json_string(val_objects[parent].name));
	}
	/* a capacity names its unit, which goes into units.csv (export_unit) */
	if (kind == VAL_K_SERVICE_CAPACITY && json_object_get(rec, "unit_id") == NULL &&
	    json_is_string(json_object_get(json_object_get(rec, "unit"), "id")))
		json_object_set(rec, "unit_id",
				json_object_get(json_object_get(rec, "unit"), "id"));
}

/*
 * A child (row, a copy) that a record nested in its parent carries too
 * under the same id is one row naming both parents, as in the HSDS 3.1
 * example: a service's service area that its service_at_location has too,
 * an organization's additional website that its service has as an
 * additional URL. The second copy is then already written (export_seen).
 * prec is the parent, nested its member holding the other records, member
 * their list of such children, col the column naming them. The first
 * record that has it is named.
 */
static void export_shared_child(json_t *row, const json_t *prec, const char *nested,
				const char *member, const char *col)
{
	const char *id = json_string_value(json_object_get(row, "id"));
	json_t *other, *child;
	size_t i, j;

	if (id == NULL || json_object_get(row, col) != NULL)
		return;
	json_array_foreach(json_object_get(prec, nested), i, other)
	{
		json_array_foreach(json_object_get(other, member), j, child)
		{
			const char *cid = json_string_value(json_object_get(child, "id"));
			if (cid != NULL && strcmp(cid, id) == 0 &&
			    json_is_string(json_object_get(other, "id"))) {
				json_object_set(row, col, json_object_get(other, "id"));
				return;
			}
		}
	}
}

/*
 * Child rows (a phone, a contact, a language...) that HSDS data reuses
 * under several parents: their rows are held until the end, so that a
 * later copy under another parent can add its link column to the row.
 * The rest (top-level records, service_at_locations, programs, units)
 * keep the first copy and are written at once.
 */
static int export_is_shared_kind(enum val_kind kind)
{
	switch (kind) {
	case VAL_K_ORGANIZATION:
	case VAL_K_SERVICE:
	case VAL_K_LOCATION:
	case VAL_K_SERVICE_AT_LOCATION:
	case VAL_K_TAXONOMY:
	case VAL_K_TAXONOMY_TERM:
	case VAL_K_PROGRAM:
	case VAL_K_UNIT: return 0;
	default: return 1;
	}
}

/* A member naming a parent: "*_id", link_entity, resource_type. */
static int export_is_link_member(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, "_id") == 0) || strcmp(name, "link_entity") == 0 ||
	       strcmp(name, "resource_type") == 0;
}

/* rec (a copy) without its members naming parents. */
static json_t *export_unlinked(json_t *rec)
{
	json_t *copy = json_copy(rec), *v;
	const char *k;
	void *tmp;

	if (copy == NULL)
		return NULL;
	json_object_foreach_safe(copy, tmp, k, v)
	{
		if (export_is_link_member(k) || json_is_null(v))
			json_object_del(copy, k);
	}
	return copy;
}

/*
 * One more copy (row, its record rec) of a child already held (seen, the
 * pair [row, copy]). The same child under a parent of another table: the
 * held row gets that link column too, and 0 is returned. A copy that
 * differs in anything but its links, or that names another parent in a
 * column the held row fills already (two services): 1, the caller writes
 * it as a row of its own. -1: out of memory.
 */
static int export_merge(json_t *seen, json_t *row, json_t *rec)
{
	json_t *held = json_array_get(seen, 0), *v, *mine;
	const char *k;
	int same;

	if ((mine = export_unlinked(rec)) == NULL)
		return -1;
	same = json_equal(mine, json_array_get(seen, 1));
	json_decref(mine);
	if (!same)
		return 1;
	json_object_foreach(row, k, v)
	{
		json_t *h = json_object_get(held, k);
		if (export_is_link_member(k) && !json_is_null(v) && h != NULL && !json_is_null(h) &&
		    !json_equal(h, v))
			return 1;
	}
	json_object_foreach(row, k, v)
	{
		json_t *h = json_object_get(held, k);
		if (export_is_link_member(k) && !json_is_null(v) &&
		    (h == NULL || json_is_null(h)) && json_object_set(held, k, v) != 0)
			return -1;
	}
	return 0;
}

/*
 * The id of a child's copy that must be a row of its own: UUIDv5 (RFC
 * 4122) of "table:parent table:parent id:child id", stable from one export
 * to the next. Its namespace is the export's own (a fixed random UUID).
 */
static void export_uuid_derive(const char *table, const char *ptable, const char *pid,
			       const char *id, char out[37])
{
	static const char ns_text[] = "0b8f7a6c-5d3e-4c21-9a8b-7f6e5d4c3b2a";
	char name[512];
	uuid_t ns, uid;

	if (uuid_parse(ns_text, ns) != 0)
		memset(ns, 0, sizeof(ns));
	snprintf(name, sizeof(name), "%s:%s:%s:%s", table, ptable, pid, id);
	uuid_generate_sha1(uid, ns, name, strlen(name));
	uuid_unparse_lower(uid, out);
}

/* Already written? Marks it written. */
static int export_seen(struct export_csv *x, enum val_kind kind, const char *id)
{
	char key[128];

	if (id == NULL)
		return 0;
	snprintf(key, sizeof(key), "%d/%s", (int)kind, id);
	if (json_object_get(x->seen, key) != NULL)
		return 1;
	json_object_set_new(x->seen, key, json_true());
	return 0;
}

static int export_row(struct export_csv *x, enum val_kind kind, json_t *rec, enum val_kind parent,
		      const json_t *prec);

/* Write row, of table t, to its CSV file. */
static int export_write(struct export_csv *x, int t, const json_t *row)
{
	const struct val_object *o = &val_objects[export_tables[t].kind];
	int first = 1, rc = 0;

	for (size_t i = 0; i < o->nfields && rc == 0; i++) {
		if (!export_is_column(&o->fields[i]))
			continue;
		rc = export_field(x->files[t], json_object_get(row, o->fields[i].name), first);
		first = 0;
	}
	if (rc == 0 && fputs("\r\n", x->files[t]) == EOF)
		rc = -1;
	return rc != 0 ? export_fail(x, "write a CSV row") : 0;
}

static int export_children(struct export_csv *x, enum val_kind kind, json_t *rec);

/*
 * A child row (export_is_shared_kind): held until the end. A copy of a
 * child already held under another parent adds that parent's link column
 * to the held row (export_merge); a copy that cannot (another parent of
 * the same table, or other values) becomes a row of its own with a derived
 * id (export_uuid_derive), so that no parent loses its child.
 */
static int export_child_row(struct export_csv *x, enum val_kind kind, json_t *rec,
			    enum val_kind parent, const json_t *prec)
{
	const char *pid = json_string_value(json_object_get(prec, "id"));
	const char *id = json_string_value(json_object_get(rec, "id"));
	int t = export_table_of(kind), m = 1, rc;
	json_t *row, *seen = NULL, *own = NULL;
	char key[128] = "", derived[37];

	if ((row = json_copy(rec)) == NULL)
		return export_fail(x, "copy a record");
	export_link(row, kind, parent, pid);
	if (kind == VAL_K_SERVICE_AREA && parent == VAL_K_SERVICE)
		export_shared_child(row, prec, "service_at_locations", "service_areas",
				    "service_at_location_id");
	if (kind == VAL_K_URL && parent == VAL_K_ORGANIZATION)
		export_shared_child(row, prec, "services", "additional_urls", "service_id");
	if (id != NULL) {
		snprintf(key, sizeof(key), "%d/%s", (int)kind, id);
		seen = json_object_get(x->seen, key);
	}
	if (seen != NULL && (m = export_merge(seen, row, rec)) <= 0) {
		json_decref(row);
		return m == 0 ? 0 : export_fail(x, "merge a row");
	}
	if (seen != NULL) {
		/* a row of its own: the derived id, for it and its children */
		export_uuid_derive(val_objects[kind].name,
				   parent == VAL_K_NONE ? "" : val_objects[parent].name,
				   pid != NULL ? pid : "", id, derived);
		snprintf(key, sizeof(key), "%d/%s", (int)kind, derived);
		if (json_object_get(x->seen, key) != NULL) {
			json_decref(row);
			return 0;
		}
		json_object_set_new(row, "id", json_string(derived));
		if ((own = json_copy(rec)) == NULL ||
		    json_object_set_new(own, "id", json_string(derived)) != 0) {
			json_decref(own);
			json_decref(row);
			return export_fail(x, "copy a record");
		}
		rec = own;
	}
	if (json_array_append_new(x->held, json_pack("[i, O]", t, row)) != 0 ||
	    (key[0] != '\0' &&
	     json_object_set_new(x->seen, key, json_pack("[O, o]", row, export_unlinked(rec))) !=
		     0)) {
		json_decref(row);
		json_decref(own);
		return export_fail(x, "hold a row");
	}
	json_decref(row);
	rc = export_children(x, kind, rec);
	json_decref(own);
	return rc;
}

/* The held child rows, in the order they were first met. */
static int export_write_held(struct export_csv *x)
{
	json_t *pair;
	size_t i;

	json_array_foreach(x->held, i, pair)
	{
		if (export_write(x, (int)json_integer_value(json_array_get(pair, 0)),
				 json_array_get(pair, 1)) != 0)
			return -1;
	}
	return 0;
}

/* The children of rec: every array of objects its table nests, and a
 * capacity's unit. */
static int export_children(struct export_csv *x, enum val_kind kind, json_t *rec)
{
	const struct val_object *o = &val_objects[kind];
	json_t *arr, *child;
	size_t j;

	if (kind == VAL_K_SERVICE_CAPACITY &&
	    json_is_object(child = json_object_get(rec, "unit")) &&
	    export_row(x, VAL_K_UNIT, child, VAL_K_NONE, NULL) != 0)
		return -1;
	for (size_t i = 0; i < o->nfields; i++) {
		const struct val_field *f = &o->fields[i];
		if (f->type != VAL_T_OBJECT || !(f->flags & VAL_ARRAY) ||
		    export_table_of(f->kind) < 0 ||
		    !json_is_array(arr = json_object_get(rec, f->name)))
			continue;
		json_array_foreach(arr, j, child)
		{
			if (json_is_object(child) && export_row(x, f->kind, child, kind, rec) != 0)
				return -1;
		}
	}
	return 0;
}

/* One row of rec, of table kind, under the record prec of table parent
 * (VAL_K_NONE, NULL for a top-level record); then its children. */
static int export_row(struct export_csv *x, enum val_kind kind, json_t *rec, enum val_kind parent,
		      const json_t *prec)
{
	const char *pid = json_string_value(json_object_get(prec, "id"));
	int t = export_table_of(kind), rc;
	json_t *row;

	if (t < 0)
		return 0;
	if (export_is_shared_kind(kind))
		return export_child_row(x, kind, rec, parent, prec);
	if (export_seen(x, kind, json_string_value(json_object_get(rec, "id"))))
		return 0;
	if ((row = json_copy(rec)) == NULL)
		return export_fail(x, "copy a record");
	export_link(row, kind, parent, pid);
	rc = export_write(x, t, row);
	json_decref(row);
	return rc != 0 ? -1 : export_children(x, kind, rec);
}

/* The export.h member a record comes from, as its kind. */
static int export_on_record(void *cls, const char *member, json_t *rec, struct dir_error *err)
{
	static const struct {
		const char *member;
		enum val_kind kind;
	} members[] = {
		{ "taxonomies", VAL_K_TAXONOMY },        { "taxonomy_terms", VAL_K_TAXONOMY_TERM },
		{ "organizations", VAL_K_ORGANIZATION }, { "services", VAL_K_SERVICE },
		{ "locations", VAL_K_LOCATION },
	};
	struct export_csv *x = cls;

	(void)err;
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (strcmp(members[i].member, member) == 0)
			return export_row(x, members[i].kind, rec, VAL_K_NONE, NULL);
	return 0;
}

/* A Table Schema field type for a column. */
static const char *export_type(const struct val_field *f)
{
	if (f->type == VAL_T_NUMBER)
		return "number";
	if (f->type == VAL_T_BOOLEAN)
		return "boolean";
	if (f->format == VAL_F_DATE)
		return "date";
	if (f->format == VAL_F_DATETIME)
		return "datetime";
	return "string";
}

static json_t *export_schema(enum val_kind kind)
{
	const struct val_object *o = &val_objects[kind];
	json_t *fields = json_array();

	for (size_t i = 0; i < o->nfields; i++) {
		const struct val_field *f = &o->fields[i];
		if (!export_is_column(f))
			continue;
		json_array_append_new(fields, json_pack("{s:s, s:s, s:s?}", "name", f->name, "type",
							export_type(f), "format",
							f->format == VAL_F_UUID ? "uuid" : NULL));
	}
	return json_pack("{s:o, s:s}", "fields", fields, "primaryKey", "id");
}

/* datapackage.json: the package, its licence and its tables. */
static char *export_datapackage(const struct export_license *license)
{
	json_t *resources = json_array(), *pkg;
	char *text;

	for (size_t i = 0; i < EXPORT_NTABLES; i++)
		json_array_append_new(resources,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "name",
						val_objects[export_tables[i].kind].name, "path",
						export_tables[i].path, "profile",
						"tabular-data-resource", "format", "csv",
						"mediatype", "text/csv", "encoding", "utf-8",
						"schema", export_schema(export_tables[i].kind)));
	pkg = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", "directoryd-export", "title",
			"directoryd export (HSDS 3.0 Tabular Data Package)", "profile",
			"tabular-data-package", "version", "3.0", "resources", resources);
	if (pkg != NULL && license != NULL && license->name != NULL && license->name[0] != '\0')
		json_object_set_new(pkg, "licenses",
				    json_pack("[{s:s, s:s?}]", "name", license->name, "path",
					      license->url != NULL && license->url[0] != '\0'
						      ? license->url
						      : NULL));
	text = pkg != NULL ? json_dumps(pkg, JSON_INDENT(2)) : NULL;
	json_decref(pkg);
	return text;
}

/* Close the CSV files and put them and datapackage.json into the zip. */
static int export_zip(struct export_csv *x, const struct export_license *license,
		      const char *zip_path)
{
	char path[4200], *dp;
	zip_source_t *src;
	zip_t *za;
	int zerr;

	for (size_t i = 0; i < EXPORT_NTABLES; i++) {
		int bad = fclose(x->files[i]) != 0;
		x->files[i] = NULL;
		if (bad)
			return export_fail(x, "write its CSV files");
	}
	if ((za = zip_open(zip_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL)
		return export_fail(x, "create the zip archive");
	if ((dp = export_datapackage(license)) == NULL ||
	    (src = zip_source_buffer(za, dp, strlen(dp), 1)) == NULL) {
		free(dp);
		zip_discard(za);
		return export_fail(x, "write datapackage.json");
	}
	if (zip_file_add(za, "datapackage.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		zip_discard(za);
		return export_fail(x, "write datapackage.json");
	}
	for (size_t i = 0; i < EXPORT_NTABLES; i++) {
		snprintf(path, sizeof(path), "%s/%s", x->dir, export_tables[i].path);
		if ((src = zip_source_file(za, path, 0, -1)) == NULL ||
		    zip_file_add(za, export_tables[i].path, src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			zip_discard(za);
			return export_fail(x, "add a CSV file to the zip archive");
		}
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		return export_fail(x, "write the zip archive");
	}
	return 0;
}

/* Close what is open and remove the temporary folder. */
static void export_cleanup(struct export_csv *x)
{
	char path[4200];

	for (size_t i = 0; i < EXPORT_NTABLES; i++) {
		if (x->files[i] != NULL)
			fclose(x->files[i]);
		snprintf(path, sizeof(path), "%s/%s", x->dir, export_tables[i].path);
		unlink(path);
	}
	rmdir(x->dir);
	json_decref(x->seen);
	json_decref(x->held);
}

int export_csv_zip(PGconn *conn, enum export_scope scope, const char *node_id,
		   const struct export_license *license, const char *tmp_dir, const char *zip_path,
		   struct dir_error *err)
{
	struct export_csv x = { .err = err };
	int rc = -1;

	snprintf(x.dir, sizeof(x.dir), "%s/directoryd-export.XXXXXX", tmp_dir);
	if (mkdtemp(x.dir) == NULL) {
		dir_error_add(err, "internal_error", NULL,
			      "the export could not make a temporary folder in %s", tmp_dir);
		return -1;
	}
	if ((x.seen = json_object()) != NULL && (x.held = json_array()) != NULL &&
	    export_open_tables(&x) == 0 &&
	    export_records(conn, scope, node_id, export_on_record, &x, err) == 0 &&
	    export_write_held(&x) == 0 && export_zip(&x, license, zip_path) == 0)
		rc = 0;
	if (rc != 0)
		unlink(zip_path);
	export_cleanup(&x);
	return rc;
}
