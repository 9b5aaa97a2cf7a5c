/*
 * import_json.c - read HSDS 3.0 JSON files into importer records.
 *
 * A file holds one record (service_full.json), a Page envelope (the API's
 * list response, records in "contents"), an array of records, or a tabular
 * package written as JSON ({"services.csv": [rows], ...}, as in the
 * specification's tabular.json). A service_at_location record with a
 * nested service becomes that service with the service_at_location nested
 * in it; an organization's nested services and locations become records of
 * their own that name it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "validate.h"

/* Where the records of one file go. */
struct import_json_ctx {
	struct import_batch *b;
	const char *path;
	const char *hint; /* the file's base name */
};

static int import_json_is_tabular(json_t *root)
{
	const char *key;
	json_t *v;
	size_t n;

	if (!json_is_object(root) || json_object_size(root) == 0)
		return 0;
	json_object_foreach(root, key, v)
	{
		n = strlen(key);
		if (n < 5 || strcmp(key + n - 4, ".csv") != 0 || !json_is_array(v))
			return 0;
	}
	return 1;
}

/* Members only an organization has, and only a service has (HSDS 3.0). */
static const char *const org_members[] = {
	"website", "services",   "organization_identifiers", "legal_status", "year_incorporated",
	"tax_id",  "tax_status", "parent_organization_id",   "logo",         NULL
};
static const char *const service_members[] = {
	"status",           "service_at_locations",    "organization_id",
	"program_id",       "eligibility_description", "service_areas",
	"fees_description", "application_process",     "interpretation_services",
	"wait_time",        "accreditations",          NULL
};

/* Members only a taxonomy or a taxonomy term has. */
static const char *const taxonomy_members[] = { "version",     "code",     "taxonomy_detail",
						"taxonomy_id", "term_uri", "parent_id",
						"taxonomy",    NULL };

/* 1 when o has one of the members named. */
static int import_json_has_any(const json_t *o, const char *const *members)
{
	for (; *members != NULL; members++)
		if (json_object_get(o, *members) != NULL)
			return 1;
	return 0;
}

/* What an object is, from the file name and then from its members. */
static const char *import_json_classify(const struct import_json_ctx *c, const json_t *o)
{
	static const char *const names[] = { "service_at_location", "organization", "location",
					     "service", "taxonomy" };
	size_t i;

	if (json_is_object(json_object_get(o, "service")))
		return "service_at_location";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(c->hint, names[i], strlen(names[i])) == 0)
			return names[i];
	if (json_object_get(o, "location_type") || json_object_get(o, "addresses"))
		return "location";
	if (import_json_has_any(o, taxonomy_members) && json_is_string(json_object_get(o, "name")))
		return "taxonomy"; /* not the API root's {"version", "profile"} */
	if (import_json_has_any(o, org_members))
		return "organization";
	if (import_json_has_any(o, service_members))
		return "service";
	/* name and description alone: what HSDS 3.0 requires of an organization
	 * (a service needs a status, a location its location_type) */
	if (json_is_string(json_object_get(o, "name")) &&
	    json_is_string(json_object_get(o, "description")))
		return "organization";
	return NULL;
}

/* Add a record; a top-level id that is not a UUID gets a stable one. */
static int import_json_add(struct import_json_ctx *c, enum dir_kind kind, json_t *doc,
			   const char *ptr)
{
	char where[4200], uuid[37], src[128];
	const char *id = import_str(doc, "id");
	struct import_rec *r;

	if (doc == NULL)
		return -1;
	snprintf(where, sizeof(where), "%s#%s", c->path, ptr);
	snprintf(src, sizeof(src), "%s", id ? id : "");
	if (id != NULL && !val_is_uuid(id)) {
		import_uuid_map(import_kind_name(kind), id, uuid);
		json_object_set_new(doc, "id", json_string(uuid));
	}
	r = import_batch_add(c->b, kind, doc, where, 0, src);
	if (r == NULL)
		return -1;
	if (id != NULL && !val_is_uuid(src))
		return import_warn(r->warnings, "id_mapped", "/id",
				   "source id "
				   "\"%s\" is not a UUID; stored as %s",
				   src, import_str(doc, "id"));
	return 0;
}

/* Split out an organization's nested members of kind into records. */
static int import_json_org_children(struct import_json_ctx *c, json_t *org, const char *member,
				    enum dir_kind kind, const char *ptr)
{
	json_t *arr = json_object_get(org, member), *child;
	const char *oid = import_str(org, "id");
	char cptr[600];
	size_t i;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, child)
	{
		if (!json_is_object(child))
			continue;
		child = json_deep_copy(child);
		if (child == NULL)
			return -1;
		if (oid != NULL && json_object_get(child, "organization_id") == NULL)
			json_object_set_new(child, "organization_id", json_string(oid));
		snprintf(cptr, sizeof(cptr), "%s/%s/%zu", ptr, member, i);
		if (import_json_add(c, kind, child, cptr) != 0)
			return -1;
	}
	return 0;
}

static int import_json_org(struct import_json_ctx *c, const json_t *o, const char *ptr)
{
	json_t *org = json_deep_copy(o);
	int rc;

	if (org == NULL)
		return -1;
	if (import_json_add(c, DIR_KIND_ORGANIZATION, json_incref(org), ptr) ||
	    import_json_org_children(c, org, "locations", DIR_KIND_LOCATION, ptr) != 0)
		rc = -1;
	else
		rc = import_json_org_children(c, org, "services", DIR_KIND_SERVICE, ptr);
	/* The records hold copies; the organization stores without them. */
	json_object_del(org, "services");
	json_object_del(org, "locations");
	json_decref(org);
	return rc;
}

/* A service_at_location with its service: that service, nesting it. */
static int import_json_sal(struct import_json_ctx *c, const json_t *o, const char *ptr)
{
	json_t *svc = json_deep_copy(json_object_get(o, "service"));
	json_t *sal = json_deep_copy(o), *list;

	if (svc == NULL || sal == NULL)
		goto fail;
	json_object_del(sal, "service");
	json_object_del(sal, "service_id");
	list = json_object_get(svc, "service_at_locations");
	if (!json_is_array(list)) {
		list = json_array();
		if (json_object_set_new(svc, "service_at_locations", list) != 0)
			goto fail;
	}
	if (json_array_append_new(list, sal) != 0) {
		sal = NULL;
		goto fail;
	}
	if (import_json_add(c, DIR_KIND_SERVICE, svc, ptr) != 0)
		return -1;
	c->b->recs[c->b->n - 1].sal_partial = 1; /* the service's other ones are elsewhere */
	return 0;
fail:
	json_decref(svc);
	json_decref(sal);
	return -1;
}

/* A taxonomy term rather than a taxonomy: by file name, then members. */
static int import_json_is_term(const struct import_json_ctx *c, const json_t *o)
{
	if (strncmp(c->hint, "taxonomy_term", 13) == 0)
		return 1;
	return json_object_get(o, "taxonomy_detail") != NULL ||
	       json_object_get(o, "code") != NULL || json_object_get(o, "term_uri") != NULL ||
	       json_object_get(o, "parent_id") != NULL;
}

/* One object of the file: a record, or a note saying why it is none. */
static int import_json_object(struct import_json_ctx *c, const json_t *o, const char *ptr)
{
	const char *what = json_is_object(o) ? import_json_classify(c, o) : NULL;
	char where[4200];

	if (what != NULL && strcmp(what, "service_at_location") == 0 &&
	    json_is_object(json_object_get(o, "service")))
		return import_json_sal(c, o, ptr);
	if (what != NULL && strcmp(what, "organization") == 0)
		return import_json_org(c, o, ptr);
	if (what != NULL && strcmp(what, "location") == 0)
		return import_json_add(c, DIR_KIND_LOCATION, json_deep_copy(o), ptr);
	if (what != NULL && strcmp(what, "service") == 0)
		return import_json_add(c, DIR_KIND_SERVICE, json_deep_copy(o), ptr);
	snprintf(where, sizeof(where), "%s#%s", c->path, ptr);
	if (what != NULL && strcmp(what, "taxonomy") == 0)
		return import_batch_taxon(c->b,
					  import_json_is_term(c, o) ? "taxonomy_term" : "taxonomy",
					  json_deep_copy(o), where);
	return import_note(c->b, where, 0, json_is_object(o) ? import_str(o, "id") : NULL,
			   "not_imported",
			   "%s is no organization, service, location, taxonomy or "
			   "taxonomy term; not imported",
			   what ? what : "this value");
}

static int import_json_list(struct import_json_ctx *c, const json_t *arr, const char *ptr)
{
	char iptr[600];
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
	{
		snprintf(iptr, sizeof(iptr), "%s/%zu", ptr, i);
		if (import_json_object(c, o, iptr) != 0)
			return -1;
	}
	return 0;
}

/* {"organizations.csv": [rows], ...}: the tabular format in JSON. */
static int import_json_tabular(struct import_json_ctx *c, json_t *root, struct dir_error *err)
{
	struct import_pkg pkg = { NULL, 0, 0 };
	struct import_table *t;
	const char *key, *name;
	json_t *rows;
	int rc;

	pkg.tables = calloc(json_object_size(root) + 1, sizeof(*pkg.tables));
	if (pkg.tables == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	json_object_foreach(root, key, rows)
	{
		t = &pkg.tables[pkg.ntables++];
		name = import_table_for_file(key);
		snprintf(t->file, sizeof(t->file), "%s", key);
		snprintf(t->path, sizeof(t->path), "%s#/%s", c->path, key);
		snprintf(t->name, sizeof(t->name), "%s", name ? name : "");
		t->rows = json_deep_copy(rows);
	}
	rc = import_tabular_build(&pkg, c->b, err);
	while (pkg.ntables > 0)
		import_table_free(&pkg.tables[--pkg.ntables]);
	free(pkg.tables);
	return rc;
}

/* The export's document (GET /export, export.h): {"taxonomies": [...],
 * "taxonomy_terms": [...], "organizations": [...], "services": [...],
 * "locations": [...]}, each member an array of the records its name says. */
/* The export's members, and the kind each one's records are. */
static const char *const export_members[][2] = {
	{ "taxonomies", "taxonomy" },        { "taxonomy_terms", "taxonomy_term" },
	{ "organizations", "organization" }, { "services", "service" },
	{ "locations", "location" },         { "service_at_locations", "service_at_location" },
};

/* The kind of the export's member key, or NULL when it is none. */
static const char *import_json_export_kind(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(export_members) / sizeof(export_members[0]); i++)
		if (strcmp(key, export_members[i][0]) == 0)
			return export_members[i][1];
	return NULL;
}

static int import_json_is_export(json_t *root)
{
	const char *key;
	json_t *v;

	if (!json_is_object(root) || json_object_size(root) == 0)
		return 0;
	json_object_foreach(root, key, v)
	{
		if (import_json_export_kind(key) == NULL || !json_is_array(v))
			return 0;
	}
	return 1;
}

/* Each member of the export's document, the kind its name says as the hint. */
static int import_json_export(struct import_json_ctx *c, json_t *root)
{
	const char *key, *hint = c->hint;
	char ptr[64];
	json_t *arr;
	int rc = 0;

	json_object_foreach(root, key, arr)
	{
		c->hint = import_json_export_kind(key);
		snprintf(ptr, sizeof(ptr), "/%s", key);
		if ((rc = import_json_list(c, arr, ptr)) != 0)
			break;
	}
	c->hint = hint;
	return rc;
}

int import_json_file(const char *path, struct import_batch *b, struct dir_error *err)
{
	struct import_json_ctx c = { b, path, NULL };
	json_error_t jerr;
	json_t *root, *contents;
	size_t len = 0;
	char *buf;
	int rc;

	c.hint = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((buf = import_read_file(path, &len, err)) == NULL)
		return -1;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (root == NULL) {
		dir_error_add(err, "invalid_json", NULL, "%s line %d: %s", path, jerr.line,
			      jerr.text);
		return -1;
	}
	contents = json_object_get(root, "contents");
	if (json_is_array(root))
		rc = import_json_list(&c, root, "");
	else if (json_is_array(contents))
		rc = import_json_list(&c, contents, "/contents");
	else if (import_json_is_export(root))
		rc = import_json_export(&c, root);
	else if (import_json_is_tabular(root))
		rc = import_json_tabular(&c, root, err);
	else
		rc = import_json_object(&c, root, "");
	json_decref(root);
	if (rc != 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}
