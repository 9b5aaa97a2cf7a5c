/*
 * import_merge.c - one record per id: what the importer does before it
 * stores anything (docs/import.md, "Merging").
 *
 * The input may show a record several times and in several shapes: a
 * service in service_full.json and again in service_list.json, its
 * organization nested in both, its locations nested in its
 * service_at_locations and again in location.json. Here, before anything
 * is stored:
 *   - nested ids that are not UUIDs are mapped as top-level ones are, and
 *     read-only members (provenance) are left out with a warning;
 *   - an organization nested in a service and a location nested in a
 *     service_at_location become records of their own, the nesting record
 *     keeping their id (so each is stored once, and merged like any other);
 *   - records of the same kind and id are merged into the richest shape
 *     (the one carrying most of its kind's child lists): the poorer ones add
 *     only the members it lacks, and service_at locations are joined by id;
 *   - records are ordered organizations, locations, services.
 * import_merge_stored then lets a record in a poorer shape keep what the
 * stored one holds and it does not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "import_internal.h"
#include "validate.h"

/* The child lists of each kind's full shape (HSDS 3.0 *_full.json). */
static const char *const import_full_org[] = {
	"phones", "contacts", "funding", "programs", "organization_identifiers", NULL
};
static const char *const import_full_service[] = {
	"phones",  "schedules",    "service_at_locations", "contacts",      "languages",
	"funding", "cost_options", "required_documents",   "service_areas", "attributes",
	NULL
};
static const char *const import_full_location[] = { "phones",    "schedules", "contacts",
						    "languages", "addresses", "accessibility",
						    NULL };

static const char *const *import_full_members(enum dir_kind kind)
{
	switch (kind) {
	case DIR_KIND_ORGANIZATION: return import_full_org;
	case DIR_KIND_SERVICE: return import_full_service;
	case DIR_KIND_LOCATION: return import_full_location;
	}
	return import_full_org;
}

/* How many of its kind's child lists a document carries. */
static int import_rank(enum dir_kind kind, const json_t *doc)
{
	const char *const *m = import_full_members(kind);
	int n = 0;

	for (; *m != NULL; m++)
		n += json_object_get(doc, *m) != NULL;
	return n;
}

void import_rec_shape(struct import_rec *r)
{
	const char *const *m = import_full_members(r->kind);
	int all = 0;

	while (m[all] != NULL)
		all++;
	r->rank = r->full ? 1000 : import_rank(r->kind, r->doc);
	if (r->rank >= all)
		r->full = 1;
}

/* The table a member's objects belong to: "phones" -> "phone". */
void import_member_table(const char *member, char *out, size_t cap)
{
	size_t n = strlen(member);

	snprintf(out, cap, "%s", member);
	if (n > 4 && strcmp(member + n - 4, "sses") == 0)
		out[n - 2] = '\0';
	else if (n > 1 && member[n - 1] == 's' && n < cap)
		out[n - 1] = '\0';
}

/* Map one id-valued member of obj that is no UUID; warn at ptr/key. */
static int import_map_member(struct import_rec *r, json_t *obj, const char *key, const char *table,
			     const char *ptr)
{
	const char *v = import_str(obj, key);
	char uuid[37], field[600], src[128];

	if (v == NULL || val_is_uuid(v))
		return 0;
	snprintf(src, sizeof(src), "%s", v);
	import_uuid_map(table, src, uuid);
	dir_ptr_join(field, sizeof(field), ptr, key, 0);
	if (json_object_set_new(obj, key, json_string(uuid)) != 0)
		return -1;
	return import_warn(r->warnings, "id_mapped", field,
			   "source id \"%s\" is not a UUID; stored as %s", src, uuid);
}

/* The references that name records by id, and the table each names. */
static const char *const import_refs_tables[][2] = {
	{ "organization_id", "organization" },
	{ "parent_organization_id", "organization" },
	{ "service_id", "service" },
	{ "location_id", "location" },
	{ "service_at_location_id", "service_at_location" },
	{ "taxonomy_term_id", "taxonomy_term" },
	{ "taxonomy_id", "taxonomy" },
	{ "parent_id", "taxonomy_term" },
	{ "program_id", "program" },
	{ "contact_id", "contact" },
	{ "phone_id", "phone" },
};

/* The table a reference key of obj names; 0 when key is no reference. */
static int import_ref_table(const json_t *obj, const char *key, char *out, size_t cap)
{
	const char *entity;
	size_t i;

	if (strcmp(key, "link_id") == 0) {
		entity = import_str(obj, "link_entity");
		if (entity == NULL)
			entity = import_str(obj, "link_type");
		if (entity == NULL)
			return 0;
		snprintf(out, cap, "%s", entity);
		return 1;
	}
	for (i = 0; i < sizeof(import_refs_tables) / sizeof(import_refs_tables[0]); i++) {
		if (strcmp(key, import_refs_tables[i][0]) == 0) {
			snprintf(out, cap, "%s", import_refs_tables[i][1]);
			return 1;
		}
	}
	return 0;
}

static int import_walk(struct import_rec *r, json_t *obj, const char *table, const char *ptr);

/* The members of obj: nested objects and arrays of objects, references. */
static int import_walk_members(struct import_rec *r, json_t *obj, const char *ptr)
{
	char sub[600], item[620], table[64];
	const char *key;
	json_t *v, *x;
	size_t i;

	json_object_foreach(obj, key, v)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, key, 0);
		if (json_is_string(v) && strcmp(key, "id") != 0 &&
		    import_ref_table(obj, key, table, sizeof(table)) &&
		    import_map_member(r, obj, key, table, ptr) != 0)
			return -1;
		if (strcmp(key, "translations") == 0 || strcmp(key, "metadata") == 0)
			continue;
		import_member_table(key, table, sizeof(table));
		if (json_is_object(v) && import_walk(r, v, table, sub) != 0)
			return -1;
		json_array_foreach(v, i, x)
		{
			dir_ptr_join(item, sizeof(item), sub, NULL, i);
			if (json_is_object(x) && import_walk(r, x, table, item) != 0)
				return -1;
		}
	}
	return 0;
}

/*
 * The attribute this node derives from organization.sex_worker_led (our
 * access term sex_worker_led, sql/40_render.sql dir_derived_attributes):
 * read-only, as provenance, so a node's own answers import.
 */
static int import_is_derived_attribute(const json_t *a)
{
	const json_t *t = json_object_get(a, "taxonomy_term");
	const char *code = import_str(t, "code"), *tax = import_str(t, "taxonomy");

	return code != NULL && strcmp(code, "sex_worker_led") == 0 &&
	       (tax == NULL || strcmp(tax, "access") == 0);
}

/* Leave out obj's derived attributes, each with a note. 0 or -1. */
static int import_drop_derived(struct import_rec *r, json_t *obj, const char *ptr)
{
	json_t *list = json_object_get(obj, "attributes");
	char sub[600], field[620];
	size_t i = json_array_size(list);

	while (i-- > 0) {
		if (!import_is_derived_attribute(json_array_get(list, i)))
			continue;
		dir_ptr_join(sub, sizeof(sub), ptr, "attributes", 0);
		dir_ptr_join(field, sizeof(field), sub, NULL, i);
		json_array_remove(list, i);
		if (import_warn(r->warnings, "read_only_skipped", field,
				"the sex_worker_led attribute is derived from the "
				"organization's sex_worker_led and read-only; left out") != 0)
			return -1;
	}
	return 0;
}

/*
 * Map the non-UUID ids and references of obj (a record at ptr "" or a
 * nested object of table) and leave out its read-only provenance and
 * derived attributes.
 */
static int import_walk(struct import_rec *r, json_t *obj, const char *table, const char *ptr)
{
	char field[600];

	if (json_object_get(obj, "provenance") != NULL) {
		dir_ptr_join(field, sizeof(field), ptr, "provenance", 0);
		json_object_del(obj, "provenance");
		if (import_warn(r->warnings, "read_only_skipped", field,
				"provenance is this node's own and read-only; "
				"the value given is left out") != 0)
			return -1;
	}
	if (import_drop_derived(r, obj, ptr) != 0 ||
	    import_map_member(r, obj, "id", table, ptr) != 0)
		return -1;
	return import_walk_members(r, obj, ptr);
}

/* Where a hoisted nested record came from: the nesting record's place. */
static void import_hoist_source(const struct import_rec *r, const char *ptr, char *out, size_t cap)
{
	if (strchr(r->source, '#') != NULL)
		snprintf(out, cap, "%s%s", r->source, ptr);
	else
		snprintf(out, cap, "%s", r->source);
}

/*
 * Make the object member key of parent (an organization or location with
 * an id) a record of its own: parent keeps only ref_key = its id.
 * defaults: the nested record's organization_id when it has none (or
 * NULL). Returns 0 or -1 (out of memory).
 */
static int import_hoist(struct import_batch *b, size_t ri, json_t *parent, const char *key,
			const char *ref_key, enum dir_kind kind, const char *ptr,
			const char *default_org)
{
	json_t *child = json_object_get(parent, key);
	const char *id = import_str(child, "id");
	char where[4800];
	struct import_rec *c;
	json_t *copy;

	if (!json_is_object(child) || id == NULL || !val_is_uuid(id))
		return 0;
	copy = json_deep_copy(child);
	if (copy == NULL || json_object_set_new(parent, ref_key, json_string(id)) != 0) {
		json_decref(copy);
		return -1;
	}
	json_object_del(parent, key);
	if (default_org != NULL && json_object_get(copy, "organization_id") == NULL)
		json_object_set_new(copy, "organization_id", json_string(default_org));
	import_hoist_source(&b->recs[ri], ptr, where, sizeof(where));
	c = import_batch_add(b, kind, copy, where, 0, import_str(copy, "id"));
	if (c == NULL)
		return -1;
	c->hoisted = 1;
	import_rec_shape(c);
	return 0;
}

/*
 * An organization's nested locations and services become records of their
 * own that name it (also for an organization nested in a service).
 */
static int import_split_org(struct import_batch *b, size_t ri)
{
	static const char *const members[] = { "locations", "services" };
	json_t *org = b->recs[ri].doc, *arr, *child;
	const char *oid = import_str(org, "id");
	char where[4800], ptr[64];
	struct import_rec *c;
	size_t m, i;

	for (m = 0; m < 2; m++) {
		arr = json_incref(json_object_get(org, members[m]));
		json_object_del(org, members[m]);
		json_array_foreach(arr, i, child)
		{
			if (!json_is_object(child) || (child = json_deep_copy(child)) == NULL)
				continue;
			if (oid != NULL && json_object_get(child, "organization_id") == NULL)
				json_object_set_new(child, "organization_id", json_string(oid));
			snprintf(ptr, sizeof(ptr), "/%s/%zu", members[m], i);
			import_hoist_source(&b->recs[ri], ptr, where, sizeof(where));
			c = import_batch_add(b, m == 0 ? DIR_KIND_LOCATION : DIR_KIND_SERVICE,
					     child, where, 0, import_str(child, "id"));
			if (c == NULL) {
				json_decref(arr);
				return -1;
			}
			c->hoisted = 1;
			import_rec_shape(c);
		}
		json_decref(arr);
	}
	return 0;
}

/* A service's nested organization and service_at_location locations. */
static int import_hoist_service(struct import_batch *b, size_t ri)
{
	json_t *doc = b->recs[ri].doc, *sals, *sal;
	char ptr[64];
	const char *org;
	size_t i;

	if (import_hoist(b, ri, doc, "organization", "organization_id", DIR_KIND_ORGANIZATION,
			 "/organization", NULL) != 0)
		return -1;
	doc = b->recs[ri].doc; /* b->recs may have moved; the doc did not */
	org = import_str(doc, "organization_id");
	sals = json_object_get(doc, "service_at_locations");
	json_array_foreach(sals, i, sal)
	{
		snprintf(ptr, sizeof(ptr), "/service_at_locations/%zu/location", i);
		if (json_is_object(sal) && import_hoist(b, ri, sal, "location", "location_id",
							DIR_KIND_LOCATION, ptr, org) != 0)
			return -1;
	}
	return 0;
}

/* The object in the array arr whose id is id, or NULL. */
static json_t *import_has_id(const json_t *arr, const char *id)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) if (id != NULL && import_str(x, "id") != NULL &&
					  strcmp(import_str(x, "id"), id) == 0) return x;
	return NULL;
}

int import_merge_docs(json_t *into, const json_t *from, int join_sals)
{
	json_t *mine = json_object_get(into, "service_at_locations");
	json_t *theirs = json_object_get(from, "service_at_locations"), *x;
	const char *key;
	json_t *v;
	void *it;
	size_t i;

	for (it = json_object_iter((json_t *)(uintptr_t)from); it != NULL;
	     it = json_object_iter_next((json_t *)(uintptr_t)from, it)) {
		key = json_object_iter_key(it);
		v = json_object_iter_value(it);
		if (json_object_get(into, key) == NULL &&
		    json_object_set_new(into, key, json_deep_copy(v)) != 0)
			return -1;
	}
	if (!join_sals || !json_is_array(mine) || !json_is_array(theirs) || mine == theirs)
		return 0;
	json_array_foreach(theirs, i, x)
	{
		json_t *same = import_has_id(mine, import_str(x, "id"));
		if (same == NULL && json_array_append_new(mine, json_deep_copy(x)) != 0)
			return -1;
		if (same != NULL && join_sals == 2 && import_merge_docs(same, x, 0) != 0)
			return -1;
	}
	return 0;
}

/* Order of a merge: kind, then id, then richest first, then input order. */
static const struct import_batch *import_sort_batch;

static int import_cmp_rec(const void *pa, const void *pb)
{
	const struct import_rec *a = &import_sort_batch->recs[*(const size_t *)pa];
	const struct import_rec *b = &import_sort_batch->recs[*(const size_t *)pb];
	const char *ia = import_str(a->doc, "id"), *ib = import_str(b->doc, "id");
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	c = strcmp(ia ? ia : "", ib ? ib : "");
	if (c != 0)
		return c;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* Merge the records of one (kind, id) group idx[0..n) into idx[0]. */
static int import_merge_group(struct import_batch *b, const size_t *idx, size_t n)
{
	struct import_rec *rich = &b->recs[idx[0]], *poor;
	json_t *w;
	size_t i, j;

	for (i = 1; i < n; i++) {
		poor = &b->recs[idx[i]];
		if (import_merge_docs(rich->doc, poor->doc, 2) != 0)
			return -1;
		rich->sal_partial = rich->sal_partial && poor->sal_partial;
		rich->hoisted = rich->hoisted && poor->hoisted;
		json_array_foreach(poor->warnings, j, w) json_array_append(rich->warnings, w);
		poor->skip = 1;
	}
	return 0;
}

/* Group the records by kind and id and merge each group. */
static int import_merge_groups(struct import_batch *b)
{
	size_t *idx = calloc(b->n + 1, sizeof(*idx)), i, j;
	const char *a, *c;
	int rc = 0;

	if (idx == NULL)
		return -1;
	for (i = 0; i < b->n; i++)
		idx[i] = i;
	import_sort_batch = b;
	qsort(idx, b->n, sizeof(*idx), import_cmp_rec);
	for (i = 0; rc == 0 && i < b->n; i = j) {
		a = import_str(b->recs[idx[i]].doc, "id");
		for (j = i + 1; j < b->n && a != NULL; j++) {
			c = import_str(b->recs[idx[j]].doc, "id");
			if (b->recs[idx[j]].kind != b->recs[idx[i]].kind || c == NULL ||
			    strcmp(a, c) != 0)
				break;
		}
		if (j == i)
			j = i + 1;
		if (j - i > 1)
			rc = import_merge_group(b, idx + i, j - i);
	}
	free(idx);
	return rc;
}

/* Kind order for storing: organizations, locations, services. */
static int import_kind_order(enum dir_kind k)
{
	return k == DIR_KIND_ORGANIZATION ? 0 : k == DIR_KIND_LOCATION ? 1 : 2;
}

static int import_cmp_order(const void *pa, const void *pb)
{
	const struct import_rec *a = pa, *b = pb;

	if (import_kind_order(a->kind) != import_kind_order(b->kind))
		return import_kind_order(a->kind) - import_kind_order(b->kind);
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int import_merge_prepare(struct import_batch *b, struct dir_error *err)
{
	size_t i;

	/* b->n grows as nested records become records; they are seen too */
	for (i = 0; i < b->n; i++) {
		if (import_walk(&b->recs[i], b->recs[i].doc, import_kind_name(b->recs[i].kind),
				"") != 0)
			goto oom;
		if (!b->recs[i].hoisted)
			import_rec_shape(&b->recs[i]);
		if (b->recs[i].kind == DIR_KIND_SERVICE && import_hoist_service(b, i) != 0)
			goto oom;
		if (b->recs[i].kind == DIR_KIND_ORGANIZATION && import_split_org(b, i) != 0)
			goto oom;
	}
	for (i = 0; i < b->n; i++)
		b->recs[i].seq = i;
	if (import_merge_groups(b) != 0)
		goto oom;
	if (b->n > 1) /* recs is NULL when the run read no records (taxonomies alone) */
		qsort(b->recs, b->n, sizeof(*b->recs), import_cmp_order);
	return 0;
oom:
	dir_error_add(err, "internal_error", NULL, "out of memory");
	return -1;
}

/* The stored record as a write document (sql/39_import_state.sql). */
static json_t *import_stored_state(PGconn *conn, enum dir_kind kind, const char *id,
				   struct dir_error *err)
{
	const char *params[2] = { import_kind_name(kind), id };
	PGresult *res;
	json_t *doc = NULL;

	res = db_exec(conn, "SELECT dir_import_state($1, $2::uuid)::text", 2, params, err);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		doc = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	return doc ? doc : json_null();
}

/* An absent, null or empty value: what a redacted or poorer shape gives. */
static int import_blank(const json_t *v)
{
	return v == NULL || json_is_null(v) ||
	       (json_is_string(v) && json_string_value(v)[0] == '\0');
}

/* Each member named that is blank in to becomes from's value, or is left
 * out when from has none (stored as NULL). */
static int import_fill_blank(json_t *to, const json_t *from, const char *const *names)
{
	for (; *names != NULL; names++) {
		json_t *v = json_object_get(from, *names);
		if (!import_blank(json_object_get(to, *names)))
			continue;
		if (v == NULL)
			json_object_del(to, *names);
		else if (json_object_set(to, *names, v) != 0)
			return -1;
	}
	return 0;
}

/*
 * A stored confidential location read again (from the export, the read API
 * or any poorer shape): what those hide, or what the input lacks, is kept
 * as stored (dir_import_hidden), and a record that does not say confidential
 * stays confidential. So an import never unhides or blanks it. 0 or -1.
 */
static int import_keep_hidden(PGconn *conn, struct import_rec *r, const char *id,
			      struct dir_error *err)
{
	static const char *const top[] = { "latitude", "longitude", "external_identifier",
					   "external_identifier_type", NULL };
	static const char *const street[] = { "address_1", "address_2", "state_province",
					      "postal_code", NULL };
	const char *params[1] = { id };
	json_t *hidden = NULL, *a, *h;
	PGresult *res;
	size_t i, j;
	int rc = 0;

	if ((res = db_exec(conn, "SELECT dir_import_hidden($1::uuid)::text", 1, params, err)) ==
	    NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		hidden = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (hidden == NULL)
		return 0;
	if (json_object_get(r->doc, "confidential") == NULL)
		rc = json_object_set_new(r->doc, "confidential", json_true());
	if (rc == 0)
		rc = import_fill_blank(r->doc, hidden, top);
	json_array_foreach(json_object_get(r->doc, "addresses"), i, a)
	{
		json_array_foreach(json_object_get(hidden, "addresses"), j, h)
		{
			if (rc == 0 && import_str(a, "id") != NULL &&
			    strcasecmp(import_str(a, "id"), import_str(h, "id")) == 0)
				rc = import_fill_blank(a, h, street);
		}
	}
	json_decref(hidden);
	if (rc != 0)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}

int import_merge_stored(PGconn *conn, struct import_rec *r, struct dir_error *err)
{
	const char *id = import_str(r->doc, "id");
	json_t *state, *sals;
	int rc;

	if (id == NULL || !val_is_uuid(id))
		return 0;
	if (r->kind == DIR_KIND_LOCATION && import_keep_hidden(conn, r, id, err) != 0)
		return -1;
	if (r->full && !r->sal_partial)
		return 0;
	if ((state = import_stored_state(conn, r->kind, id, err)) == NULL)
		return -1;
	if (!json_is_object(state)) {
		json_decref(state);
		return 0;
	}
	if (r->full) { /* only its service_at_locations are partial */
		sals = json_object();
		rc = sals == NULL ? -1 : 0;
		if (rc == 0 && json_object_get(state, "service_at_locations") != NULL)
			rc = json_object_set(sals, "service_at_locations",
					     json_object_get(state, "service_at_locations"));
		if (rc == 0)
			rc = import_merge_docs(r->doc, sals, 1);
		json_decref(sals);
	} else {
		rc = import_merge_docs(r->doc, state, r->sal_partial);
	}
	json_decref(state);
	if (rc != 0)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}
