/*
 * import_tabular.c - turn the tables of a Tabular Data Package (HSDS 3.0,
 * or HSDS 1.0 after import_hsds1_convert) into nested HSDS 3.0 documents.
 *
 * Rows get stable ids (import_uuid_map / import_uuid_derive); each child
 * row (phone, schedule, address, ...) is nested into every parent it names
 * that is in the package, as the HSDS 3.0 JSON examples nest one phone
 * under a service, its service_at_location and its location; references
 * between top-level records (organization_id, location_id) stay ids and
 * are checked against the database when the record is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsds_fields.h"
#include "import_internal.h"

/* A table the importer reads: where its rows go and what they link to. */
struct import_tdef {
	const char *name;      /* HSDS table name */
	enum val_kind vkind;   /* field table used for typing */
	const char *member;    /* member of the parent, NULL: top level */
	const char *links[11]; /* column, parent table; NULL-terminated */
};

/* "*" links to whichever top-level record or service_at_location has it. */
static const struct import_tdef import_tdefs[] = {
	{ "organization", VAL_K_ORGANIZATION, NULL, { NULL } },
	{ "location", VAL_K_LOCATION, NULL, { NULL } },
	{ "service", VAL_K_SERVICE, NULL, { NULL } },
	{ "service_at_location",
	  VAL_K_SERVICE_AT_LOCATION,
	  "service_at_locations",
	  { "service_id", "service", NULL } },
	{ "contact",
	  VAL_K_CONTACT,
	  "contacts",
	  { "service_at_location_id", "service_at_location", "service_id", "service", "location_id",
	    "location", "organization_id", "organization", NULL } },
	{ "phone",
	  VAL_K_PHONE,
	  "phones",
	  { "service_at_location_id", "service_at_location", "service_id", "service", "location_id",
	    "location", "organization_id", "organization", "contact_id", "contact", NULL } },
	{ "schedule",
	  VAL_K_SCHEDULE,
	  "schedules",
	  { "service_at_location_id", "service_at_location", "service_id", "service", "location_id",
	    "location", NULL } },
	{ "language",
	  VAL_K_LANGUAGE,
	  "languages",
	  { "service_id", "service", "location_id", "location", "phone_id", "phone", NULL } },
	{ "address", VAL_K_ADDRESS, "addresses", { "location_id", "location", NULL } },
	{ "accessibility",
	  VAL_K_ACCESSIBILITY,
	  "accessibility",
	  { "location_id", "location", NULL } },
	{ "service_area",
	  VAL_K_SERVICE_AREA,
	  "service_areas",
	  { "service_at_location_id", "service_at_location", "service_id", "service", NULL } },
	{ "funding",
	  VAL_K_FUNDING,
	  "funding",
	  { "organization_id", "organization", "service_id", "service", NULL } },
	{ "cost_option", VAL_K_COST_OPTION, "cost_options", { "service_id", "service", NULL } },
	{ "required_document",
	  VAL_K_REQUIRED_DOCUMENT,
	  "required_documents",
	  { "service_id", "service", NULL } },
	{ "program", VAL_K_PROGRAM, "programs", { "organization_id", "organization", NULL } },
	{ "organization_identifier",
	  VAL_K_ORGANIZATION_IDENTIFIER,
	  "organization_identifiers",
	  { "organization_id", "organization", NULL } },
	{ "attribute", VAL_K_ATTRIBUTE, "attributes", { "link_id", "*", NULL } },
	{ "metadata", VAL_K_METADATA, "metadata", { "resource_id", "*", NULL } },
	{ "taxonomy_term", VAL_K_TAXONOMY_TERM, NULL, { NULL } },
	{ "taxonomy", VAL_K_TAXONOMY, NULL, { NULL } },
	/* HSDS 3.1: a service's additional_urls, an organization's
	 * additional_websites; capacities with their unit (unit_id, below) */
	{ "url",
	  VAL_K_URL,
	  "additional_urls",
	  { "service_id", "service", "organization_id", "organization", NULL } },
	{ "service_capacity",
	  VAL_K_SERVICE_CAPACITY,
	  "capacities",
	  { "service_id", "service", NULL } },
	{ "unit", VAL_K_UNIT, NULL, { NULL } },
};

/* File names, HSDS 3.0 and 1.0, and the table each stands for. */
static const char *const import_files[][2] = {
	{ "organizations.csv", "organization" },
	{ "services.csv", "service" },
	{ "locations.csv", "location" },
	{ "service_at_location.csv", "service_at_location" },
	{ "services_at_location.csv", "service_at_location" },
	{ "service_at_locations.csv", "service_at_location" },
	{ "contacts.csv", "contact" },
	{ "phones.csv", "phone" },
	{ "schedules.csv", "schedule" },
	{ "regular_schedules.csv", "schedule" },
	{ "languages.csv", "language" },
	{ "addresses.csv", "address" },
	{ "physical_addresses.csv", "address" },
	{ "postal_addresses.csv", "address" },
	{ "accessibility.csv", "accessibility" },
	{ "accessibility_for_disabilities.csv", "accessibility" },
	{ "service_areas.csv", "service_area" },
	{ "funding.csv", "funding" },
	{ "cost_options.csv", "cost_option" },
	{ "required_documents.csv", "required_document" },
	{ "programs.csv", "program" },
	{ "organization_identifiers.csv", "organization_identifier" },
	{ "attributes.csv", "attribute" },
	{ "metadata.csv", "metadata" },
	{ "taxonomy_terms.csv", "taxonomy_term" },
	{ "taxonomies.csv", "taxonomy" },
	{ "url.csv", "url" },
	{ "urls.csv", "url" },
	{ "service_capacity.csv", "service_capacity" },
	{ "service_capacities.csv", "service_capacity" },
	{ "units.csv", "unit" },
	{ "unit.csv", "unit" },
	{ "eligibilities.csv", "eligibility" },
	{ "eligibility.csv", "eligibility" },
};

/* Columns kept as references to another record, mapped to its id. */
static const char *const import_refs[][3] = {
	{ "service", "organization_id", "organization" },
	{ "service", "program_id", "program" },
	{ "location", "organization_id", "organization" },
	{ "organization", "parent_organization_id", "organization" },
	{ "service_at_location", "location_id", "location" },
	{ "attribute", "taxonomy_term_id", "taxonomy_term" },
	{ "taxonomy_term", "parent_id", "taxonomy_term" },
	{ "taxonomy_term", "taxonomy_id", "taxonomy" },
	{ "service_capacity", "unit_id", "unit" },
};

#define IMPORT_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Linking state: the index of every row by "<table>:<id>". */
struct import_link_ctx {
	struct import_pkg *pkg;
	struct import_batch *b;
	json_t *index;    /* "<table>:<uuid>" and "*:<uuid>" -> row */
	json_t *ids;      /* per table: array of the uuid of each row */
	json_t *counters; /* "<table>:<parent>:<id>" -> rows so far */
};

const char *import_table_for_file(const char *file)
{
	size_t i;

	for (i = 0; i < IMPORT_NELEM(import_files); i++)
		if (strcmp(file, import_files[i][0]) == 0)
			return import_files[i][1];
	return NULL;
}

static const struct import_tdef *import_tdef_find(const char *name);

const char *import_table_for_resource(const char *name)
{
	char file[128];

	if (strcmp(name, "meta_table_description") == 0)
		return "meta_table_description";
	if (import_tdef_find(name) != NULL)
		return import_tdef_find(name)->name;
	snprintf(file, sizeof(file), "%s.csv", name);
	return import_table_for_file(file);
}

static const struct import_tdef *import_tdef_find(const char *name)
{
	size_t i;

	for (i = 0; i < IMPORT_NELEM(import_tdefs); i++)
		if (strcmp(name, import_tdefs[i].name) == 0)
			return &import_tdefs[i];
	return NULL;
}

static size_t import_row_line(const struct import_table *t, size_t i)
{
	return t->lines ? t->lines[i] : i + 1;
}

/* The uuid a row is known by, or a derived one for a row without id. */
static void import_row_uuid(struct import_link_ctx *c, const struct import_table *t,
			    const struct import_tdef *d, json_t *row, size_t i, char out[37])
{
	const char *src = import_str(row, "id"), *pv = NULL, *pt = "row";
	char key[600];
	json_int_t pos = (json_int_t)i;
	size_t l;

	if (src != NULL && src[0] != '\0') {
		import_uuid_map(t->name, src, out);
		return;
	}
	for (l = 0; d->links[l] != NULL; l += 2) {
		pv = import_str(row, d->links[l]);
		if (pv != NULL && pv[0] != '\0') {
			pt = d->links[l + 1];
			break;
		}
	}
	if (pv == NULL || pv[0] == '\0')
		pv = t->file;
	else {
		snprintf(key, sizeof(key), "%s:%s:%s", t->name, pt, pv);
		pos = json_integer_value(json_object_get(c->counters, key));
		json_object_set_new(c->counters, key, json_integer(pos + 1));
	}
	import_uuid_derive(t->name, pt, pv, (size_t)pos, out);
}

static int import_index_put(struct import_link_ctx *c, const char *table, const char *uuid,
			    json_t *row)
{
	char key[128];

	snprintf(key, sizeof(key), "%s:%s", table, uuid);
	if (json_object_get(c->index, key) == NULL && json_object_set(c->index, key, row) != 0)
		return -1;
	if (strcmp(table, "organization") == 0 || strcmp(table, "service") == 0 ||
	    strcmp(table, "location") == 0 || strcmp(table, "service_at_location") == 0) {
		snprintf(key, sizeof(key), "*:%s", uuid);
		if (json_object_get(c->index, key) == NULL &&
		    json_object_set(c->index, key, row) != 0)
			return -1;
	}
	return 0;
}

/* Give every row its uuid and index it. */
static int import_assign_ids(struct import_link_ctx *c)
{
	struct import_table *t;
	const struct import_tdef *d;
	json_t *ids, *row;
	char uuid[37];
	size_t ti, i;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		ids = json_array();
		if (ids == NULL || json_array_append_new(c->ids, ids) != 0)
			return -1;
		if ((d = import_tdef_find(t->name)) == NULL)
			continue;
		json_array_foreach(t->rows, i, row)
		{
			import_row_uuid(c, t, d, row, i, uuid);
			if (json_array_append_new(ids, json_string(uuid)) != 0 ||
			    import_index_put(c, t->name, uuid, row) != 0)
				return -1;
		}
	}
	return 0;
}

static json_t *import_lookup(struct import_link_ctx *c, const char *table, const char *src)
{
	char uuid[37], key[128];

	import_uuid_map(strcmp(table, "*") == 0 ? "" : table, src, uuid);
	snprintf(key, sizeof(key), "%s:%s", table, uuid);
	return json_object_get(c->index, key);
}

/* The member of a parent of table ptable that rows of d go into: a 3.1 url
 * is a service's additional_urls but an organization's additional_websites. */
static const char *import_member_in(const struct import_tdef *d, const char *ptable)
{
	if (strcmp(d->name, "url") == 0 && strcmp(ptable, "organization") == 0)
		return "additional_websites";
	return d->member;
}

static int import_nest(json_t *parent, const char *member, json_t *row)
{
	json_t *arr = json_object_get(parent, member);

	if (!json_is_array(arr)) {
		arr = json_array();
		if (arr == NULL || json_object_set_new(parent, member, arr) != 0)
			return -1;
	}
	return json_array_append(arr, row);
}

/* Nest one child row into each parent it names; note what is missing. */
static int import_link_row(struct import_link_ctx *c, const struct import_table *t,
			   const struct import_tdef *d, json_t *row, size_t i)
{
	const char *v;
	json_t *parent;
	size_t l, placed = 0, line = import_row_line(t, i);
	int rc = 0;

	for (l = 0; d->links[l] != NULL && rc == 0; l += 2) {
		v = import_str(row, d->links[l]);
		if (v == NULL || v[0] == '\0')
			continue;
		parent = import_lookup(c, d->links[l + 1], v);
		if (parent != NULL && parent != row) {
			rc = import_nest(parent, import_member_in(d, d->links[l + 1]), row);
			placed++;
		} else
			rc = import_note(c->b, t->path, line, import_str(row, "id"),
					 "reference_dropped",
					 "%s %s names %s \"%s\", which is not in "
					 "the package; that link is dropped",
					 t->name, "row", d->links[l], v);
	}
	for (l = 0; d->links[l] != NULL; l += 2)
		json_object_del(row, d->links[l]);
	if (rc == 0 && placed == 0)
		rc = import_note(c->b, t->path, line, import_str(row, "id"), "row_dropped",
				 "%s row not imported: it belongs to no record "
				 "in the package",
				 t->name);
	return rc;
}

static int import_link_children(struct import_link_ctx *c)
{
	struct import_table *t;
	const struct import_tdef *d;
	json_t *row;
	size_t ti, i;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		d = import_tdef_find(t->name);
		if (d == NULL || d->member == NULL)
			continue;
		json_array_foreach(t->rows, i,
				   row) if (import_link_row(c, t, d, row, i) != 0) return -1;
	}
	return 0;
}

/* Point one reference column at the id its record gets. */
static int import_map_ref(struct import_link_ctx *c, const struct import_table *t, size_t i,
			  const char *col, const char *table)
{
	json_t *row = json_array_get(t->rows, i), *target;
	const char *v = import_str(row, col);
	char uuid[37];

	if (v == NULL || v[0] == '\0')
		return 0;
	target = import_lookup(c, table, v);
	if (target == NULL && strncmp(t->name, "taxonomy", 8) == 0) {
		/* No other place to find it: drop it now. */
		if (import_note(c->b, t->path, import_row_line(t, i), import_str(row, "id"),
				"reference_dropped",
				"%s row names %s \"%s\", "
				"which is not in the package; the reference is dropped",
				t->name, col, v) != 0)
			return -1;
		json_object_del(row, col);
		return 0;
	}
	import_uuid_map(table, v, uuid);
	if (target != NULL && strcmp(table, "taxonomy_term") == 0 &&
	    strcmp(t->name, "attribute") == 0)
		json_object_set(row, "taxonomy_term", target);
	if (target != NULL && strcmp(table, "taxonomy") == 0)
		json_object_set(row, "taxonomy_detail", target);
	if (target != NULL && strcmp(table, "unit") == 0) {
		/* the unit nested in the capacity, as in 3.1 JSON, names itself */
		json_object_del(row, col);
		return json_object_set(row, "unit", target);
	}
	return json_object_set_new(row, col, json_string(uuid));
}

static int import_map_refs(struct import_link_ctx *c)
{
	struct import_table *t;
	size_t ti, i, r;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		for (r = 0; r < IMPORT_NELEM(import_refs); r++) {
			if (strcmp(t->name, import_refs[r][0]) != 0)
				continue;
			for (i = 0; i < json_array_size(t->rows); i++)
				if (import_map_ref(c, t, i, import_refs[r][1], import_refs[r][2]) !=
				    0)
					return -1;
		}
	}
	return 0;
}

/* A CSV cell as the JSON type HSDS gives the field, when it parses. */
static json_t *import_typed(enum val_type type, const char *s)
{
	char *end;
	double d;

	if (type == VAL_T_BOOLEAN) {
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
			return json_boolean(s[0] == 't');
		return NULL;
	}
	if (type != VAL_T_NUMBER || s[0] == '\0')
		return NULL;
	d = strtod(s, &end);
	if (*end != '\0' || end == s || d != d || d > 1e300 || d < -1e300)
		return NULL;
	if (d == (double)(json_int_t)d && d < 9e15 && d > -9e15)
		return json_integer((json_int_t)d);
	return json_real(d);
}

static void import_type_row(enum val_kind vkind, json_t *row)
{
	const struct val_field *f;
	const char *key;
	json_t *v, *typed;
	void *tmp;

	json_object_foreach_safe(row, tmp, key, v)
	{
		if (!json_is_string(v))
			continue;
		f = val_field_find(vkind, key);
		if (f == NULL || (f->flags & (VAL_ARRAY | VAL_MAP)))
			continue;
		typed = import_typed(f->type, json_string_value(v));
		if (typed != NULL)
			json_object_set_new(row, key, typed);
	}
}

/* Type numbers, then give every row its id. */
static int import_finish_rows(struct import_link_ctx *c)
{
	struct import_table *t;
	const struct import_tdef *d;
	json_t *row, *ids;
	size_t ti, i;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		if ((d = import_tdef_find(t->name)) == NULL)
			continue;
		ids = json_array_get(c->ids, ti);
		json_array_foreach(t->rows, i, row)
		{
			import_type_row(d->vkind, row);
			if (json_object_set(row, "id", json_array_get(ids, i)) != 0)
				return -1;
		}
	}
	return 0;
}

/* Make a record of each row of the top-level table name. */
static int import_records(struct import_link_ctx *c, const char *name, enum dir_kind kind)
{
	struct import_rec *r;
	struct import_table *t;
	json_t *row;
	size_t ti, i;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		if (strcmp(t->name, name) != 0)
			continue;
		json_array_foreach(t->rows, i, row)
		{
			r = import_batch_add(c->b, kind, json_incref(row), t->path,
					     import_row_line(t, i), import_str(row, "id"));
			if (r == NULL)
				return -1;
			r->full = 1; /* a package holds the whole record */
		}
	}
	return 0;
}

/* Each row of taxonomies.csv and taxonomy_terms.csv is also stored on its own. */
static int import_taxa_rows(struct import_link_ctx *c)
{
	struct import_table *t;
	char where[4400];
	json_t *row;
	size_t ti, i;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		if (strcmp(t->name, "taxonomy") != 0 && strcmp(t->name, "taxonomy_term") != 0)
			continue;
		json_array_foreach(t->rows, i, row)
		{
			snprintf(where, sizeof(where), "%s:%zu", t->path, import_row_line(t, i));
			if (import_batch_taxon(c->b, t->name, json_incref(row), where) != 0)
				return -1;
		}
	}
	return 0;
}

/* Tables in the package that no reader uses become one note each. */
static int import_note_skipped(struct import_link_ctx *c)
{
	struct import_table *t;
	size_t ti;

	for (ti = 0; ti < c->pkg->ntables; ti++) {
		t = &c->pkg->tables[ti];
		if (import_tdef_find(t->name) != NULL || json_array_size(t->rows) == 0)
			continue;
		if (strcmp(t->file, "meta_table_descriptions.csv") == 0 ||
		    strcmp(t->name, "meta_table_description") == 0) {
			/* HSDS's description of the package's tables: no records */
			if (import_note(c->b, t->path, 0, NULL, "table_described",
					"%s describes the package's tables and holds no "
					"records",
					t->file) != 0)
				return -1;
			continue;
		}
		if (import_note(c->b, t->path, 0, NULL, "table_skipped",
				"%s: %zu rows not imported, the importer does "
				"not read this table",
				t->file, json_array_size(t->rows)) != 0)
			return -1;
	}
	return 0;
}

int import_tabular_build(struct import_pkg *pkg, struct import_batch *b, struct dir_error *err)
{
	struct import_link_ctx c = { pkg, b, json_object(), json_array(), json_object() };
	int rc = -1;

	if (c.index == NULL || c.ids == NULL || c.counters == NULL)
		goto done;
	if (pkg->hsds1 && import_hsds1_convert(pkg, b, err) != 0)
		goto done;
	if (import_assign_ids(&c) != 0 || import_link_children(&c) != 0 ||
	    import_map_refs(&c) != 0 || import_note_skipped(&c) != 0)
		goto done;
	/* Records keep the source id; the rows then get their uuids. */
	if (import_records(&c, "organization", DIR_KIND_ORGANIZATION) != 0 ||
	    import_records(&c, "location", DIR_KIND_LOCATION) != 0 ||
	    import_records(&c, "service", DIR_KIND_SERVICE) != 0 || import_taxa_rows(&c) != 0 ||
	    import_finish_rows(&c) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	json_decref(c.index);
	json_decref(c.ids);
	json_decref(c.counters);
	return rc;
}
