/*
 * import.c - `directoryd import-hsds PATH`: find the format, then run every
 * record through defaults, validation, the eligibility rule and the store.
 *
 * The readers (import_json.c, import_csv.c with import_tabular.c and
 * import_hsds1.c) turn the input into HSDS 3.0 documents; this file owns
 * the policy of docs/import.md: documented defaults are filled and
 * reported, impossible coordinates and references to absent records are
 * dropped and reported, values the validator refuses in optional fields are
 * dropped and reported, and a record that still fails is refused and
 * reported while the rest of its package is committed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "db.h"
#include "eligibility.h"
#include "import.h"
#include "import_internal.h"
#include "review.h"
#include "store.h"
#include "validate.h"

enum { IMPORT_CREATED, IMPORT_UPDATED, IMPORT_UNCHANGED };

/* One run: where results go. */
struct import_run {
	PGconn *conn;
	const struct elig_rules *rules;
	FILE *report;
	struct import_summary *sum;
	const struct import_options *opts;
	struct import_batch *b; /* everything the run read */
	int depth;              /* of the directory being read */
	json_t *listed;         /* paths of the CSV files read */
	struct dir_error scope; /* a scoped run's records of other organizations */
};

/* Fixed statements checking that a referenced record exists. */
static const char *const import_exists_sql[] = {
	"SELECT 1 FROM organization WHERE id = $1::uuid",
	"SELECT 1 FROM location WHERE id = $1::uuid",
	"SELECT 1 FROM taxonomy_term WHERE id = $1::uuid",
};
enum { IMPORT_REF_ORG, IMPORT_REF_LOC, IMPORT_REF_TERM };

static void import_report(struct import_run *run, json_t *line)
{
	if (line == NULL || run->report == NULL)
		return;
	json_dumpf(line, run->report, JSON_COMPACT | JSON_ENSURE_ASCII);
	fputc('\n', run->report);
}

/* 1 when the record id names exists in the database, 0 when not, -1. */
static int import_exists(struct import_run *run, int which, const char *id, struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res;
	int found;

	res = db_exec(run->conn, import_exists_sql[which], 1, params, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

/*
 * Keep the reference obj[key] only if it names an existing record; else
 * drop it with a warning of code at pointer ptr/key.
 * Returns 1 kept, 0 dropped or absent, -1 database error.
 */
static int import_ref(struct import_run *run, struct import_rec *r, json_t *obj, const char *key,
		      int which, const char *ptr, const char *code, struct dir_error *err)
{
	static const char *const what[] = { "organization", "location", "taxonomy term" };
	const char *id = import_str(obj, key);
	char field[512];
	int found = 0;

	if (id == NULL)
		return 0;
	if (val_is_uuid(id) && (found = import_exists(run, which, id, err)) != 0)
		return found;
	dir_ptr_join(field, sizeof(field), ptr, key, 0);
	import_warn(r->warnings, code, field,
		    "%s \"%s\" is %s; the reference "
		    "is dropped",
		    what[which], id,
		    val_is_uuid(id) ? "neither in"
				      " the import nor in the directory"
				    : "not a UUID");
	json_object_del(obj, key);
	return 0;
}

/* Drop the attributes of obj whose term is neither given nor stored. */
static int import_attrs(struct import_run *run, struct import_rec *r, json_t *obj, const char *ptr,
			struct dir_error *err)
{
	json_t *attrs = json_object_get(obj, "attributes"), *a;
	char aptr[512];
	size_t i;
	int rc;

	for (i = json_array_size(attrs); i-- > 0;) {
		a = json_array_get(attrs, i);
		if (!json_is_object(a) || json_is_object(json_object_get(a, "taxonomy_term")) ||
		    import_str(a, "taxonomy_term_id") == NULL)
			continue;
		dir_ptr_join(aptr, sizeof(aptr), ptr, "attributes", 0);
		dir_ptr_join(aptr, sizeof(aptr), aptr, NULL, i);
		rc = import_ref(run, r, a, "taxonomy_term_id", IMPORT_REF_TERM, aptr,
				"reference_dropped", err);
		if (rc < 0)
			return -1;
		if (rc == 0) /* an attribute without its term says nothing */
			json_array_remove(attrs, i);
	}
	return 0;
}

/* The references of one service_at_location. */
static int import_sal_refs(struct import_run *run, struct import_rec *r, json_t *sal,
			   const char *ptr, struct dir_error *err)
{
	json_t *loc = json_object_get(sal, "location");
	char lptr[512];

	if (!json_is_object(loc) && import_ref(run, r, sal, "location_id", IMPORT_REF_LOC, ptr,
					       "reference_dropped", err) < 0)
		return -1;
	if (import_attrs(run, r, sal, ptr, err) != 0)
		return -1;
	if (!json_is_object(loc))
		return 0;
	dir_ptr_join(lptr, sizeof(lptr), ptr, "location", 0);
	return import_attrs(run, r, loc, lptr, err);
}

/* Check every reference of a record against the directory. */
static int import_refs(struct import_run *run, struct import_rec *r, struct dir_error *err)
{
	json_t *doc = r->doc, *org = json_object_get(doc, "organization");
	json_t *sals = json_object_get(doc, "service_at_locations"), *sal;
	char ptr[512];
	size_t i;

	if (r->kind != DIR_KIND_ORGANIZATION && !json_is_object(org) &&
	    import_ref(run, r, doc, "organization_id", IMPORT_REF_ORG, "", "orphan", err) < 0)
		return -1;
	if (r->kind == DIR_KIND_ORGANIZATION &&
	    import_ref(run, r, doc, "parent_organization_id", IMPORT_REF_ORG, "",
		       "reference_dropped", err) < 0)
		return -1;
	if (json_is_object(org) && import_ref(run, r, org, "parent_organization_id", IMPORT_REF_ORG,
					      "/organization", "reference_dropped", err) < 0)
		return -1;
	json_array_foreach(sals, i, sal)
	{
		dir_ptr_join(ptr, sizeof(ptr), "/service_at_locations", NULL, i);
		if (json_is_object(sal) && import_sal_refs(run, r, sal, ptr, err) != 0)
			return -1;
	}
	return import_attrs(run, r, doc, "", err);
}

/* Drop a coordinate that is no WGS 84 degree value. */
static void import_coord(struct import_rec *r, json_t *loc, const char *ptr, const char *key,
			 double limit)
{
	json_t *v = json_object_get(loc, key);
	char field[512];
	char *text;

	if (v == NULL ||
	    (json_is_number(v) && json_number_value(v) >= -limit && json_number_value(v) <= limit))
		return;
	dir_ptr_join(field, sizeof(field), ptr, key, 0);
	text = json_dumps(v, JSON_ENCODE_ANY);
	import_warn(r->warnings, "coordinate_dropped", field,
		    "%s %s is outside"
		    " -%g..%g degrees; the location keeps no coordinates",
		    key, text ? text : "?", limit, limit);
	free(text);
	json_object_del(loc, key);
}

/* Documented defaults and coordinates of one location object. */
static void import_fix_location(struct import_rec *r, json_t *loc, const char *ptr)
{
	char field[512];
	int lat, lon;

	if (!json_is_object(loc))
		return;
	if (json_object_get(loc, "location_type") == NULL) {
		json_object_set_new(loc, "location_type", json_string("physical"));
		dir_ptr_join(field, sizeof(field), ptr, "location_type", 0);
		import_warn(r->warnings, "default_applied", field,
			    "location_type missing; set to \"physical\"");
	}
	import_coord(r, loc, ptr, "latitude", 90);
	import_coord(r, loc, ptr, "longitude", 180);
	lat = json_object_get(loc, "latitude") != NULL;
	lon = json_object_get(loc, "longitude") != NULL;
	if (lat != lon) { /* half a point is no point */
		dir_ptr_join(field, sizeof(field), ptr, lat ? "latitude" : "longitude", 0);
		import_warn(r->warnings, "coordinate_dropped", field,
			    "%s without "
			    "its pair is dropped",
			    lat ? "latitude" : "longitude");
		json_object_del(loc, lat ? "latitude" : "longitude");
	}
}

/* Fill the documented defaults and drop impossible coordinates. */
static void import_fix(struct import_rec *r)
{
	json_t *sals = json_object_get(r->doc, "service_at_locations"), *sal;
	char ptr[512];
	size_t i;

	if (r->kind == DIR_KIND_LOCATION)
		import_fix_location(r, r->doc, "");
	if (r->kind != DIR_KIND_SERVICE)
		return;
	if (json_object_get(r->doc, "status") == NULL) {
		json_object_set_new(r->doc, "status", json_string("active"));
		import_warn(r->warnings, "default_applied", "/status",
			    "status missing; set to \"active\"");
	}
	json_array_foreach(sals, i, sal)
	{
		dir_ptr_join(ptr, sizeof(ptr), "/service_at_locations", NULL, i);
		dir_ptr_join(ptr, sizeof(ptr), ptr, "location", 0);
		import_fix_location(r, json_object_get(sal, "location"), ptr);
	}
	sals = json_object_get(json_object_get(r->doc, "organization"), "locations");
	json_array_foreach(sals, i, sal)
	{
		dir_ptr_join(ptr, sizeof(ptr), "/organization/locations", NULL, i);
		import_fix_location(r, sal, ptr);
	}
}

/* Unescape one RFC 6901 reference token of n bytes into out. */
static void import_ptr_token(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1'))
			out[o++] = s[++i] == '0' ? '~' : '/';
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
}

/*
 * The object holding the member a JSON Pointer names, and that member's
 * name in last; NULL when the pointer does not lead to an object member.
 */
static json_t *import_ptr_parent(json_t *doc, const char *ptr, char *last, size_t cap)
{
	json_t *cur = doc;
	const char *p = ptr, *next;
	char *end;
	unsigned long idx;

	while (cur != NULL && p[0] == '/') {
		next = strchr(p + 1, '/');
		import_ptr_token(p + 1, next ? (size_t)(next - p - 1) : strlen(p + 1), last, cap);
		if (next == NULL)
			return json_is_object(cur) ? cur : NULL;
		if (json_is_array(cur)) {
			errno = 0;
			idx = strtoul(last, &end, 10);
			cur = (*end || errno || last[0] == '\0') ? NULL : json_array_get(cur, idx);
		} else
			cur = json_object_get(cur, last);
		p = next;
	}
	return NULL;
}

/* Codes of violations that cost only the value, not the record. */
static int import_droppable(const char *code)
{
	return strcmp(code, "unknown_field") == 0 || strcmp(code, "invalid_value") == 0 ||
	       strcmp(code, "wrong_type") == 0 || strcmp(code, "invalid_uuid") == 0;
}

/* A number where HSDS wants text (an identifier written as 1234567). */
static int import_stringify(struct import_rec *r, json_t *parent, const char *last,
			    const char *field)
{
	json_t *v = json_object_get(parent, last);
	char *text;

	if (!json_is_number(v) || (text = json_dumps(v, JSON_ENCODE_ANY)) == NULL)
		return 0;
	import_warn(r->warnings, "value_converted", field,
		    "the number %s is "
		    "kept as the text \"%s\"",
		    text, text);
	json_object_set_new(parent, last, json_string(text));
	free(text);
	return 1;
}

/*
 * The pointer of the nested child a field lies in: its deepest array
 * element ("/organization/programs/0/description" ->
 * "/organization/programs/0"). Returns 0 when the field is in no array.
 */
static int import_child_ptr(const char *field, char *out, size_t cap)
{
	const char *p, *seg, *end = NULL;

	for (p = field; (seg = strchr(p, '/')) != NULL; p = seg + 1) {
		if (seg[1] >= '0' && seg[1] <= '9' && seg != field) {
			end = seg + 1 + strspn(seg + 1, "0123456789");
			if (*end != '/' && *end != '\0')
				end = NULL;
		}
	}
	if (end == NULL || (size_t)(end - field) >= cap)
		return 0;
	memcpy(out, field, (size_t)(end - field));
	out[end - field] = '\0';
	return 1;
}

/* The element a pointer names inside doc, or NULL. */
static json_t *import_ptr_get(json_t *doc, const char *ptr)
{
	char last[256], *end;
	json_t *parent = import_ptr_parent(doc, ptr, last, sizeof(last));
	const char *slash = strrchr(ptr, '/');
	char up[1024];
	json_t *arr;
	unsigned long idx;

	if (slash == NULL)
		return NULL;
	if (parent != NULL)
		return json_object_get(parent, last);
	/* the parent is an array: find it by the pointer without its index */
	snprintf(up, sizeof(up), "%.*s", (int)(slash - ptr), ptr);
	arr = up[0] ? import_ptr_get(doc, up) : doc;
	idx = strtoul(slash + 1, &end, 10);
	return json_is_array(arr) && *end == '\0' ? json_array_get(arr, idx) : NULL;
}

/*
 * Drop the nested child field lies in, with a warning that names it (its
 * table, name or id, and why), leaving a null in its place that
 * import_compact removes. Returns 1 dropped, 0 when field is in no child.
 */
static int import_drop_child(struct import_rec *r, const char *field, const char *why)
{
	char child[1024], last[256], table[64];
	json_t *arr, *el;
	const char *slash, *label;
	size_t idx;

	if (!import_child_ptr(field, child, sizeof(child)))
		return 0;
	el = import_ptr_get(r->doc, child);
	if (el == NULL || json_is_null(el))
		return el != NULL; /* dropped already for another violation */
	slash = strrchr(child, '/');
	idx = strtoul(slash + 1, NULL, 10);
	snprintf(last, sizeof(last), "%.*s", (int)(slash - child), child);
	arr = import_ptr_get(r->doc, last);
	label = import_str(el, "name") ? import_str(el, "name") : import_str(el, "id");
	import_member_table(strrchr(last, '/') ? strrchr(last, '/') + 1 : "item", table,
			    sizeof(table));
	import_warn(r->warnings, "child_dropped", child,
		    "the nested %s %s%s%s is left out: %s (at %s); the rest of the record is kept",
		    table, label ? "\"" : "", label ? label : "", label ? "\"" : "", why, field);
	r->children_dropped++;
	return json_array_set_new(arr, idx, json_null()) == 0;
}

/* Remove the nulls import_drop_child left in the arrays of v. */
static void import_compact(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, x) import_compact(x);
		return;
	}
	for (i = json_array_size(v); i-- > 0;) {
		x = json_array_get(v, i);
		if (json_is_null(x))
			json_array_remove(v, i);
		else
			import_compact(x);
	}
}

/* A date-time where a date is expected keeps its date. Returns 1 kept. */
static int import_keep_date(struct import_rec *r, json_t *parent, const char *last,
			    const char *field)
{
	const char *v = import_str(parent, last);
	char date[11];

	if (v == NULL || strlen(v) <= 10 || !val_is_datetime(v))
		return 0;
	snprintf(date, sizeof(date), "%.10s", v);
	if (!val_is_date(date))
		return 0;
	import_warn(r->warnings, "date_kept", field,
		    "\"%s\" is a date-time where a date is expected; the date %s is kept", v, date);
	json_object_set_new(parent, last, json_string(date));
	return 1;
}

/*
 * Repair or remove what the validator refused in err, warning for each: a
 * date-time given for a date keeps its date; in the first round a number
 * given for a text is converted; an optional value is dropped; a nested
 * child with any other defect (a required value missing) is dropped.
 * Returns 1 when every violation was so handled (worth another check), 0
 * when one cannot be (the record is refused).
 */
static int import_drop_invalid(struct import_rec *r, const struct dir_error *err, int round)
{
	json_t *d, *parent;
	const char *code, *field, *msg;
	char last[256];
	size_t i;
	int dropped_child = 0;

	json_array_foreach(err->details, i, d)
	{
		code = import_str(d, "code");
		field = import_str(d, "field");
		msg = import_str(d, "message");
		if (code == NULL || field == NULL)
			return 0;
		parent = import_ptr_parent(r->doc, field, last, sizeof(last));
		if (!import_droppable(code) || strcmp(field, "/id") == 0 || parent == NULL) {
			if (!import_drop_child(r, field, msg ? msg : code))
				return 0;
			dropped_child = 1;
			continue;
		}
		if (json_object_get(parent, last) == NULL)
			continue; /* already dropped for another violation */
		if (import_keep_date(r, parent, last, field))
			continue;
		if (round == 0 && strcmp(code, "wrong_type") == 0 &&
		    import_stringify(r, parent, last, field))
			continue;
		import_warn(r->warnings, "value_dropped", field,
			    "%s; the value "
			    "is dropped",
			    msg ? msg : code);
		json_object_del(parent, last);
	}
	if (dropped_child)
		import_compact(r->doc);
	return err->dropped == 0;
}

/*
 * val_check; refused optional values are repaired or dropped and the
 * document checked again, at most twice.
 * Returns 0 when valid, -1 with err set when refused.
 */
static int import_validate(struct import_rec *r, struct dir_error *err)
{
	int round;

	for (round = 0;; round++) {
		import_fix(r);
		if (val_check(r->kind, r->doc, err) == 0)
			return 0;
		if (round == 4 || !import_drop_invalid(r, err, round))
			return -1;
		dir_error_clear(err);
	}
}

/*
 * The eligibility rule. Texts in a language without a phrase list are
 * accepted, listed in the record's eligibility_unchecked, and reported.
 * Returns 0 accepted, -1 refused or out of memory (err set).
 */
static int import_eligibility(struct import_run *run, struct import_rec *r, struct elig_report *rep,
			      struct dir_error *err)
{
	char *list;
	int outcome;

	rep->err = err;
	rep->unchecked = json_array();
	rep->held = json_array();
	if (rep->unchecked == NULL || rep->held == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	outcome = elig_check_document_full(run->rules, r->doc, "", rep);
	if (outcome < 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	if (outcome != ELIG_REFUSED && json_array_size(rep->unchecked) > 0) {
		json_object_set(r->doc, "eligibility_unchecked", rep->unchecked);
		list = json_dumps(rep->unchecked, JSON_COMPACT);
		import_warn(r->warnings, "eligibility_unchecked", NULL,
			    "texts in "
			    "a language without a phrase list were accepted "
			    "unchecked: %s",
			    list ? list : "");
		free(list);
	}
	return outcome == ELIG_REFUSED || outcome < 0 ? -1 : outcome;
}

/*
 * 1 when a reviewer approved these exact texts of the record before (it is
 * stored), 0 when not (it is held), -2 when the database failed.
 */
static int import_approved(struct import_run *run, struct import_rec *r,
			   const struct elig_report *rep, struct dir_error *err)
{
	const char *id = json_string_value(json_object_get(r->doc, "id"));
	int ok;

	if (id == NULL || !store_is_uuid(id))
		return 0;
	ok = review_is_approved(run->conn, r->kind, id, rep->text_hash, err);
	return ok < 0 ? -2 : ok;
}

/*
 * A record the rule holds: kept for review inside a savepoint, unless its
 * exact texts were approved before (then *stored stays 0 and the caller
 * stores it). Returns 0, -1 refused (err), -2 database gone.
 */
static int import_hold(struct import_run *run, struct import_rec *r, struct elig_report *rep,
		       char id[37], char review_id[37], struct dir_error *err)
{
	struct review_hold h = { r->kind,
				 NULL,
				 NULL,
				 "import",
				 rep->text_hash,
				 rep->held,
				 elig_rules_version(run->rules) };
	struct dir_error ign;
	int rc = 0;

	if (review_record_id(r->doc, id, err) != 0)
		return -1;
	if (db_command(run->conn, "SAVEPOINT import_record", 0, NULL, err) != 0)
		return -2;
	if (review_hold(run->conn, &h, r->doc, review_id, err) != 0)
		rc = -1;
	dir_error_init(&ign);
	if (db_command(run->conn,
		       rc == 0 ? "RELEASE SAVEPOINT import_record"
			       : "ROLLBACK TO SAVEPOINT import_record",
		       0, NULL, &ign) != 0)
		rc = -2;
	dir_error_clear(&ign);
	return rc;
}

/* The digest of the stored record (sql/39_import_state.sql); "" for none. */
static int import_digest(struct import_run *run, const struct import_rec *r, const char *id,
			 char out[33], struct dir_error *err)
{
	const char *params[2] = { import_kind_name(r->kind), id };
	PGresult *res;

	out[0] = '\0';
	if (id == NULL || !val_is_uuid(id))
		return 0;
	res = db_exec(run->conn, "SELECT dir_import_digest($1, $2::uuid)", 2, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		snprintf(out, 33, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/*
 * store_put inside a savepoint; a write that leaves the record as it was
 * is rolled back (no new version, nothing to publish). *state becomes
 * IMPORT_CREATED, IMPORT_UPDATED or IMPORT_UNCHANGED.
 * Returns 0, -1 refused, -2 database gone.
 */
static int import_store(struct import_run *run, struct import_rec *r, char id[37], int *state,
			struct dir_error *err)
{
	char before[33], after[33];
	struct dir_error ign;
	int rc = 0;

	if (db_command(run->conn, "SAVEPOINT import_record", 0, NULL, err) != 0 ||
	    import_digest(run, r, import_str(r->doc, "id"), before, err) != 0)
		return -2;
	if (store_put(run->conn, r->kind, r->doc, run->opts->scope_org, id, err) != 0)
		rc = -1;
	else if (import_digest(run, r, id, after, err) != 0)
		rc = -2;
	*state = before[0] == '\0'            ? IMPORT_CREATED
		 : strcmp(before, after) == 0 ? IMPORT_UNCHANGED
					      : IMPORT_UPDATED;
	dir_error_init(&ign);
	if (db_command(run->conn,
		       rc == 0 && *state != IMPORT_UNCHANGED
			       ? "RELEASE SAVEPOINT import_record"
			       : "ROLLBACK TO SAVEPOINT import_record",
		       0, NULL, &ign) != 0)
		rc = -2;
	dir_error_clear(&ign);
	if (rc == -2 && !dir_error_isset(err))
		dir_error_add(err, "database_unavailable", NULL,
			      "the database failed during the import");
	return rc;
}

/* Count a stored record. */
static void import_count(struct import_run *run, const struct import_rec *r, int state)
{
	if (r->kind == DIR_KIND_ORGANIZATION)
		run->sum->organizations++;
	if (r->kind == DIR_KIND_LOCATION)
		run->sum->locations++;
	if (r->kind == DIR_KIND_SERVICE)
		run->sum->services++;
	if (state == IMPORT_CREATED)
		run->sum->created++;
	else if (state == IMPORT_UPDATED)
		run->sum->updated++;
	else
		run->sum->unchanged++;
	run->sum->children_dropped += r->children_dropped;
}

/*
 * A scoped run (an organization's token) holds a record for review only when
 * it could write it: store_put inside a savepoint that is rolled back, so the
 * database's own ownership checks (sql/36_put.sql) decide. Returns 0, or -1
 * with err forbidden (another organization's record) or a database error;
 * other refusals are left to the reviewer's approval.
 */
static int import_scope_probe(struct import_run *run, struct import_rec *r, struct dir_error *err)
{
	struct dir_error e, ign;
	char id[37];
	int rc = 0;

	if (run->opts->scope_org == NULL)
		return 0;
	if (db_command(run->conn, "SAVEPOINT import_probe", 0, NULL, err) != 0)
		return -1;
	dir_error_init(&e);
	dir_error_init(&ign);
	if (store_put(run->conn, r->kind, r->doc, run->opts->scope_org, id, &e) != 0 &&
	    strcmp(e.code, "forbidden") == 0) {
		dir_error_add(err, "forbidden", e.field, "%s", e.message);
		rc = -1;
	}
	if (db_command(run->conn, "ROLLBACK TO SAVEPOINT import_probe", 0, NULL, &ign) != 0) {
		if (!dir_error_isset(err))
			dir_error_add(err, "database_unavailable", NULL, "the database failed");
		rc = -1;
	}
	dir_error_clear(&e);
	dir_error_clear(&ign);
	return rc;
}

/* A scoped run's refusal of another organization's record: noted for the run's end. */
static void import_scope_note(struct import_run *run, const char *kind, const char *source,
			      const char *source_id, const struct dir_error *err)
{
	json_t *d;

	if (run->opts->scope_org == NULL || strcmp(err->code, "forbidden") != 0)
		return;
	d = dir_error_add(&run->scope, "forbidden", err->field[0] ? err->field : NULL,
			  "%s %s (%s): %s", kind, source_id ? source_id : "", source ? source : "",
			  err->message);
	if (d != NULL) {
		json_object_set_new(d, "source", json_string(source ? source : ""));
		json_object_set_new(d, "source_id", json_string(source_id ? source_id : ""));
		json_object_set_new(d, "kind", json_string(kind));
	}
}

/*
 * A held record: stored after all when its texts were approved before
 * (*outcome becomes ELIG_ACCEPTED and the caller stores it), else kept
 * for review. Returns 0, -1 refused, -2 database gone.
 */
static int import_held(struct import_run *run, struct import_rec *r, struct elig_report *rep,
		       char id[37], char review_id[37], int *outcome, struct dir_error *err)
{
	int approved = import_approved(run, r, rep, err);

	if (approved < 0)
		return -2;
	if (import_scope_probe(run, r, err) != 0)
		return dir_error_isset(err) && strcmp(err->code, "forbidden") == 0 ? -1 : -2;
	if (approved) {
		*outcome = ELIG_ACCEPTED;
		return 0;
	}
	return import_hold(run, r, rep, id, review_id, err);
}

/* The report line of a held record: {"status": "held_for_review", ...}. */
static void import_report_held(struct import_run *run, const struct import_rec *r,
			       const json_t *held, const char *id, const char *review_id)
{
	json_t *line = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:O}", "status", "held_for_review",
				 "source", r->source, "source_id", r->source_id, "kind",
				 import_kind_name(r->kind), "id", id, "review_id", review_id,
				 "details", held);

	if (line != NULL && json_array_size(r->warnings) > 0)
		json_object_set(line, "warnings", r->warnings);
	import_report(run, line);
	json_decref(line);
}

/* The report line of a record: its refusal, or the changes made to it. */
static void import_report_rec(struct import_run *run, const struct import_rec *r,
			      const struct dir_error *err, const char *id, int state)
{
	static const char *const results[] = { "created", "updated", "unchanged" };
	json_t *line, *w;

	if (err != NULL) {
		line = dir_error_to_json(err);
	} else {
		if (json_array_size(r->warnings) == 0)
			return;
		w = json_array_get(r->warnings, 0);
		line = json_pack("{s:{s:O, s:O, s:O, s:O}}", "warning", "code",
				 json_object_get(w, "code"), "message",
				 json_object_get(w, "message"), "field",
				 json_object_get(w, "field"), "details", r->warnings);
	}
	if (line == NULL)
		return;
	json_object_set_new(line, "source", json_string(r->source));
	json_object_set_new(line, "source_id", json_string(r->source_id));
	json_object_set_new(line, "kind", json_string(import_kind_name(r->kind)));
	if (id != NULL && id[0] != '\0')
		json_object_set_new(line, "id", json_string(id));
	if (err == NULL)
		json_object_set_new(line, "result", json_string(results[state]));
	if (err != NULL && json_array_size(r->warnings) > 0)
		json_object_set(line, "warnings", r->warnings);
	import_report(run, line);
	json_decref(line);
}

/* The report line of a record --prune deleted. */
static void import_report_pruned(struct import_run *run, enum dir_kind kind, const char *id)
{
	json_t *line = json_pack("{s:s, s:s, s:s}", "result", "pruned", "kind",
				 import_kind_name(kind), "id", id);

	import_report(run, line);
	json_decref(line);
}

/*
 * One record through the whole pipeline.
 * Returns 0 (stored or refused and reported), -1 database failure (err).
 */
static int import_record(struct import_run *run, struct import_rec *r, struct dir_error *fatal)
{
	struct elig_report rep;
	struct dir_error err;
	char id[37] = "", review_id[37] = "";
	int rc = 0, outcome = ELIG_ACCEPTED, state = IMPORT_CREATED;

	dir_error_init(&err);
	memset(&rep, 0, sizeof(rep));
	if (import_merge_stored(run->conn, r, &err) != 0 || import_refs(run, r, &err) != 0)
		rc = -2;
	else if (import_validate(r, &err) != 0 ||
		 (outcome = import_eligibility(run, r, &rep, &err)) < 0)
		rc = -1;
	else if (outcome == ELIG_HELD)
		rc = import_held(run, r, &rep, id, review_id, &outcome, &err);
	if (rc == 0 && outcome == ELIG_ACCEPTED)
		rc = import_store(run, r, id, &state, &err);
	run->sum->warnings += json_array_size(r->warnings);
	if (rc == 0 && outcome == ELIG_HELD) {
		run->sum->held++;
		import_report_held(run, r, rep.held, id, review_id);
	} else if (rc == 0) {
		import_count(run, r, state);
		r->stored = 1;
		import_report_rec(run, r, NULL, id, state);
	} else if (rc == -1) {
		run->sum->refused++;
		import_scope_note(run, import_kind_name(r->kind), r->source, r->source_id, &err);
		import_report_rec(run, r, &err, NULL, 0);
	} else {
		dir_error_add(fatal, err.code[0] ? err.code : "internal_error", NULL, "%s: %s",
			      r->source, err.message);
	}
	json_decref(rep.unchecked);
	json_decref(rep.held);
	dir_error_clear(&err);
	return rc == -2 ? -1 : 0;
}

/* The ids of the input's records of kind, as a PostgreSQL array literal. */
static char *import_ids_literal(const struct import_batch *b, enum dir_kind kind)
{
	struct buf out;
	const char *id;
	size_t i;
	int rc;

	buf_init(&out, (size_t)128 << 20);
	rc = buf_adds(&out, "{");
	for (i = 0; rc == 0 && i < b->n; i++) {
		id = import_str(b->recs[i].doc, "id");
		if (b->recs[i].kind != kind || id == NULL || !val_is_uuid(id))
			continue;
		rc = (out.len > 1 ? buf_adds(&out, ",") : 0) || buf_adds(&out, id);
	}
	if (rc == 0 && buf_adds(&out, "}") == 0)
		return buf_take(&out, NULL);
	buf_free(&out);
	return NULL;
}

/*
 * --prune: delete the services and locations of every organization this
 * run stored that no record of the input names (docs/import.md).
 */
static int import_prune(struct import_run *run, const struct import_batch *b, struct dir_error *err)
{
	static const char *const sql[] = {
		"SELECT id FROM service WHERE organization_id = $1::uuid AND NOT id = "
		"ANY($2::uuid[])",
		"SELECT id FROM location WHERE organization_id = $1::uuid AND NOT id = "
		"ANY($2::uuid[])",
	};
	static const enum dir_kind kinds[] = { DIR_KIND_SERVICE, DIR_KIND_LOCATION };
	const char *params[2];
	char *ids[2] = { import_ids_literal(b, DIR_KIND_SERVICE),
			 import_ids_literal(b, DIR_KIND_LOCATION) };
	PGresult *res = NULL;
	size_t i, k;
	int rc = ids[0] && ids[1] ? 0 : -1, row;

	for (i = 0; rc == 0 && i < b->n; i++) {
		if (!b->recs[i].stored || b->recs[i].kind != DIR_KIND_ORGANIZATION)
			continue;
		params[0] = import_str(b->recs[i].doc, "id");
		for (k = 0; rc == 0 && k < 2; k++) {
			params[1] = ids[k];
			if ((res = db_exec(run->conn, sql[k], 2, params, err)) == NULL)
				rc = -1;
			for (row = 0; rc == 0 && row < PQntuples(res); row++) {
				rc = store_delete(run->conn, kinds[k], PQgetvalue(res, row, 0),
						  run->opts->scope_org, err);
				run->sum->pruned += rc == 0;
				import_report_pruned(run, kinds[k], PQgetvalue(res, row, 0));
			}
			PQclear(res);
		}
	}
	free(ids[0]);
	free(ids[1]);
	if (rc != 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}

/* The report line of a taxonomy or term that was refused. */
static void import_report_taxon(struct import_run *run, const json_t *t, struct dir_error *err)
{
	json_t *line = dir_error_to_json(err);

	if (line == NULL)
		return;
	json_object_set(line, "source", json_object_get(t, "source"));
	json_object_set(line, "source_id", json_object_get(t, "source_id"));
	json_object_set(line, "kind", json_object_get(t, "kind"));
	import_report(run, line);
	json_decref(line);
}

/*
 * Is t (a taxonomy or term) one of this node's own vocabularies by its id?
 * Those are versioned with the code (data/taxonomies/) and kept as they
 * are: neither checked nor written. 1, 0, or -1 (database).
 */
static int import_taxon_own(struct import_run *run, const char *kind, const json_t *doc,
			    struct dir_error *err)
{
	const char *params[1] = { import_str(doc, "id") };
	PGresult *res;
	int own;

	if (params[0] == NULL || !val_is_uuid(params[0]))
		return 0;
	res = db_exec(run->conn,
		      strcmp(kind, "taxonomy") == 0
			      ? "SELECT 1 FROM taxonomy WHERE id = $1::uuid AND own"
			      : "SELECT 1 FROM taxonomy_term WHERE id = $1::uuid AND own",
		      1, params, err);
	if (res == NULL)
		return -1;
	own = PQntuples(res) == 1;
	PQclear(res);
	return own;
}

/*
 * One taxonomy or term on its own: the eligibility rule's refusals, then
 * dir_import_taxonomy or dir_put_imported_term in a savepoint.
 * Returns 1 stored, 0 refused (reported), -1 database gone (err).
 */
static int import_taxon(struct import_run *run, const json_t *t, struct dir_error *err)
{
	const char *kind = import_str(t, "kind");
	const json_t *doc = json_object_get(t, "doc");
	char *text = json_dumps(doc, JSON_COMPACT);
	const char *params[1] = { text };
	struct dir_error e, ign;
	PGresult *res;
	int rc = 1;

	dir_error_init(&e);
	dir_error_init(&ign);
	if (text == NULL || (rc = import_taxon_own(run, kind, doc, err)) != 0 ||
	    db_command(run->conn, "SAVEPOINT import_taxon", 0, NULL, err) != 0) {
		if (text == NULL)
			dir_error_add(err, "internal_error", NULL, "out of memory");
		rc = text != NULL && rc == 1 ? 1 : -1;
		free(text);
		return rc;
	}
	rc = 1;
	if (run->opts->scope_org != NULL) {
		dir_error_add(&e, "forbidden", NULL,
			      "taxonomies and terms are the node's: an organization's token "
			      "cannot import them");
		rc = 0;
	} else if (elig_check_document(run->rules, doc, "", &e, NULL) != 0)
		rc = 0;
	else if ((res = db_exec(run->conn,
				strcmp(kind, "taxonomy") == 0
					? "SELECT dir_import_taxonomy($1::jsonb)"
					: "SELECT dir_put_imported_term($1::jsonb, '')",
				1, params, &e)) == NULL)
		rc = 0;
	else
		PQclear(res);
	if (db_command(run->conn,
		       rc ? "RELEASE SAVEPOINT import_taxon" : "ROLLBACK TO SAVEPOINT import_taxon",
		       0, NULL, &ign) != 0) {
		dir_error_add(err, "database_unavailable", NULL, "the database failed");
		rc = -1;
	} else if (rc == 0) {
		import_scope_note(run, kind, import_str(t, "source"), import_str(t, "source_id"),
				  &e);
		import_report_taxon(run, t, &e);
	}
	dir_error_clear(&e);
	dir_error_clear(&ign);
	free(text);
	return rc;
}

/* Taxonomies, then terms, each id once (the first one read). */
static int import_run_taxa(struct import_run *run, const struct import_batch *b,
			   struct dir_error *err)
{
	static const char *const kinds[] = { "taxonomy", "taxonomy_term" };
	json_t *seen = json_object(), *t;
	char key[200];
	size_t k, i;
	int rc = seen ? 0 : -1;

	for (k = 0; rc >= 0 && k < 2; k++) {
		json_array_foreach(b->taxa, i, t)
		{
			if (strcmp(import_str(t, "kind"), kinds[k]) != 0)
				continue;
			snprintf(key, sizeof(key), "%s:%s", kinds[k],
				 import_str(json_object_get(t, "doc"), "id")
					 ? import_str(json_object_get(t, "doc"), "id")
					 : "");
			if (json_object_get(seen, key) != NULL && key[strlen(kinds[k]) + 1] != '\0')
				continue;
			json_object_set_new(seen, key, json_true());
			if ((rc = import_taxon(run, t, err)) < 0)
				break;
			if (rc == 0)
				run->sum->refused++;
			else if (k == 0)
				run->sum->taxonomies++;
			else
				run->sum->taxonomy_terms++;
		}
	}
	json_decref(seen);
	return rc < 0 ? -1 : 0;
}

/*
 * A scoped run met records it may not write: nothing of it is kept. err
 * becomes forbidden (403) with one detail per record. Returns -1.
 */
static int import_scope_refuse(struct import_run *run, struct dir_error *err)
{
	size_t n = json_array_size(run->scope.details) + run->scope.dropped, i;
	json_t *d;

	db_rollback(run->conn);
	dir_error_add(err, "forbidden", NULL,
		      "%zu record%s of the import belong%s to another organization or to the node "
		      "(%s); nothing was imported",
		      n, n == 1 ? "" : "s", n == 1 ? "s" : "", run->scope.message);
	json_array_foreach(run->scope.details, i, d)
	{
		if (err->details != NULL && json_array_size(err->details) < DIR_ERROR_MAX_DETAILS)
			json_array_append(err->details, d);
	}
	return -1;
}

/* Store a batch in one transaction, one savepoint per record. */
static int import_run_batch(struct import_run *run, struct import_batch *b, struct dir_error *err)
{
	const char *code;
	json_t *note;
	size_t i;

	json_array_foreach(b->notes, i, note)
	{
		import_report(run, note);
		run->sum->warnings++;
		code = import_str(json_object_get(note, "warning"), "code");
		if (strcmp(code, "table_skipped") == 0 || strcmp(code, "file_skipped") == 0)
			run->sum->skipped++;
	}
	if (b->n == 0 && json_array_size(b->taxa) == 0)
		return 0;
	if (db_begin(run->conn, err) != 0)
		return -1;
	if (import_run_taxa(run, b, err) != 0) {
		db_rollback(run->conn);
		return -1;
	}
	for (i = 0; i < b->n; i++) {
		if (b->recs[i].skip)
			continue;
		if (import_record(run, &b->recs[i], err) != 0) {
			db_rollback(run->conn);
			return -1;
		}
	}
	if (run->opts->prune && import_prune(run, b, err) != 0) {
		db_rollback(run->conn);
		return -1;
	}
	if (dir_error_isset(&run->scope))
		return import_scope_refuse(run, err);
	return db_commit(run->conn, err);
}

static int import_batch_init(struct import_batch *b, struct dir_error *err)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->buf, IMPORT_MAX_RECORDS * sizeof(*b->recs));
	if ((b->notes = json_array()) != NULL)
		return 0;
	dir_error_add(err, "internal_error", NULL, "out of memory");
	return -1;
}

/* 1 when s ends with suffix. */
static int import_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int import_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A file or folder a directory listing keeps: data files and subfolders. */
static int import_listed(const char *dir, const char *name)
{
	char path[4200];
	struct stat st;

	if (name[0] == '.')
		return 0;
	if (import_ends(name, ".csv") || import_ends(name, ".json"))
		return 1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data files and subfolders of dir, sorted; caller frees each and names. */
static char **import_list_dir(const char *dir, size_t *n, struct dir_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names;

	*n = 0;
	names = calloc(IMPORT_MAX_FILES + 1, sizeof(*names));
	if (d == NULL || names == NULL) {
		dir_error_add(err, "invalid_import", NULL, "cannot read %s: %s", dir,
			      d ? "out of memory" : strerror(errno));
		if (d)
			closedir(d);
		free(names);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (!import_listed(dir, e->d_name))
			continue;
		if (*n == IMPORT_MAX_FILES || (names[*n] = strdup(e->d_name)) == NULL) {
			dir_error_add(err, "invalid_import", NULL,
				      "%s: more than "
				      "%d data files, or out of memory",
				      dir, IMPORT_MAX_FILES);
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (e != NULL) {
		while (*n > 0)
			free(names[--(*n)]);
		free(names);
		return NULL;
	}
	qsort(names, *n, sizeof(*names), import_cmp);
	return names;
}

static void import_names_free(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

/* A JSON file; one that cannot be read is reported and refused. */
static int import_json_read(struct import_run *run, const char *path, struct dir_error *err)
{
	struct dir_error ferr;
	json_t *line;
	int rc;

	dir_error_init(&ferr);
	rc = import_json_file(path, run->b, &ferr);
	if (rc != 0 &&
	    (strcmp(ferr.code, "invalid_json") == 0 || strcmp(ferr.code, "invalid_import") == 0)) {
		line = dir_error_to_json(&ferr);
		if (line != NULL)
			json_object_set_new(line, "source", json_string(path));
		import_report(run, line);
		json_decref(line);
		run->sum->refused++;
		rc = 0;
	} else if (rc != 0) {
		dir_error_add(err, ferr.code, NULL, "%s", ferr.message);
	}
	dir_error_clear(&ferr);
	return rc;
}

/* A folder's datapackage.json, parsed; NULL when it has none. */
static json_t *import_descriptor(const char *dir)
{
	char path[4200];
	struct dir_error ign;
	json_t *root;
	size_t len = 0;
	char *buf;

	dir_error_init(&ign);
	snprintf(path, sizeof(path), "%s/datapackage.json", dir);
	buf = import_read_file(path, &len, &ign);
	dir_error_clear(&ign);
	root = buf ? json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(buf);
	return root;
}

static int import_dir(struct import_run *run, const char *dir, struct dir_error *err);

/* The JSON files and subfolders of a directory. */
static int import_dir_rest(struct import_run *run, const char *dir, char **names, size_t n,
			   struct dir_error *err)
{
	char path[4200];
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (import_ends(names[i], ".json") && strcmp(names[i], "datapackage.json") != 0)
			rc = import_json_read(run, path, err);
		else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
			 !import_ends(names[i], ".csv") && !import_ends(names[i], ".json"))
			rc = import_dir(run, path, err);
	}
	return rc;
}

/* The descriptor of dir: --datapackage's for the top folder, else its own. */
static json_t *import_dir_descriptor(struct import_run *run, const char *dir, struct dir_error *err)
{
	char *buf;
	size_t len = 0;
	json_t *root;
	json_error_t jerr;

	if (run->depth > 0 || run->opts->datapackage == NULL)
		return import_descriptor(dir);
	if ((buf = import_read_file(run->opts->datapackage, &len, err)) == NULL)
		return NULL;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (!json_is_object(root)) {
		dir_error_add(err, "invalid_import", NULL, "%s line %d: not a datapackage.json: %s",
			      run->opts->datapackage, jerr.line,
			      root ? "not an object" : jerr.text);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* A directory: its CSV tables as one package, each JSON file, each subfolder. */
static int import_dir(struct import_run *run, const char *dir, struct dir_error *err)
{
	char **names;
	size_t n, i, csv = 0;
	json_t *descriptor;
	int rc = 0;

	if (run->depth >= 8)
		return import_note(run->b, dir, 0, NULL, "file_skipped",
				   "folders nested deeper than 8 are not read");
	if ((names = import_list_dir(dir, &n, err)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		csv += import_ends(names[i], ".csv");
	descriptor = import_dir_descriptor(run, dir, err);
	if (descriptor == NULL && dir_error_isset(err))
		rc = -1;
	else if (csv > 0 || json_array_size(json_object_get(descriptor, "resources")) > 0)
		rc = import_pkg_read(dir, names, n, descriptor, run->listed, run->b, err);
	json_decref(descriptor);
	run->depth++;
	if (rc == 0)
		rc = import_dir_rest(run, dir, names, n, err);
	run->depth--;
	import_names_free(names, n);
	return rc;
}

/* A single CSV file: a package of that one table. */
static int import_one_csv(struct import_run *run, const char *path, struct dir_error *err)
{
	char dir[4200], base[256], *names[1] = { base }, *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		snprintf(base, sizeof(base), "%s", slash + 1);
	} else {
		snprintf(base, sizeof(base), "%s", path);
		snprintf(dir, sizeof(dir), ".");
	}
	return import_pkg_read(dir, names, 1, NULL, run->listed, run->b, err);
}

/* Read everything under path into run->b. */
static int import_read(struct import_run *run, const char *path, struct dir_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		dir_error_add(err, "invalid_import", NULL, "cannot read %s: %s", path,
			      strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return import_dir(run, path, err);
	if (S_ISREG(st.st_mode) && import_ends(path, ".json"))
		return import_json_file(path, run->b, err);
	if (S_ISREG(st.st_mode) && import_ends(path, ".csv"))
		return import_one_csv(run, path, err);
	dir_error_add(err, "invalid_import", NULL,
		      "%s is neither a directory, "
		      "a .json file nor a .csv file",
		      path);
	return -1;
}

int import_hsds_opts(PGconn *conn, const struct elig_rules *rules, const char *path,
		     const struct import_options *opts, FILE *report, struct import_summary *sum,
		     struct dir_error *err)
{
	static const struct import_options none = { NULL, 0, 0, NULL };
	struct import_batch b;
	struct import_run run = { .conn = conn,
				  .rules = rules,
				  .report = report,
				  .sum = sum,
				  .opts = opts ? opts : &none,
				  .b = &b };
	int rc;

	dir_error_init(&run.scope);

	memset(sum, 0, sizeof(*sum));
	if (import_batch_init(&b, err) != 0)
		return -1;
	if ((run.listed = json_array()) == NULL) {
		import_batch_free(&b);
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	rc = import_read(&run, path, err);
	if (rc == 0 && b.n == 0 && sum->refused == 0 && json_array_size(b.notes) == 0 &&
	    json_array_size(b.taxa) == 0) {
		dir_error_add(err, "invalid_import", NULL, "%s holds no HSDS data", path);
		rc = -1;
	}
	if (rc == 0)
		rc = import_merge_prepare(&b, err);
	if (rc == 0)
		rc = import_run_batch(&run, &b, err);
	import_batch_free(&b);
	json_decref(run.listed);
	dir_error_clear(&run.scope);
	if (rc == 0 && sum->skipped > 0 && !run.opts->allow_skipped) {
		dir_error_add(err, "skipped_input", NULL,
			      "%zu files or tables were not read (see the report); "
			      "--allow-skipped accepts that",
			      sum->skipped);
		rc = -1;
	}
	return rc;
}

int import_hsds(PGconn *conn, const struct elig_rules *rules, const char *path, FILE *report,
		struct import_summary *sum, struct dir_error *err)
{
	static const struct import_options allow = { NULL, 0, 1, NULL };

	return import_hsds_opts(conn, rules, path, &allow, report, sum, err);
}

void import_summary_print(FILE *out, const struct import_summary *sum)
{
	fprintf(out,
		"imported %zu organizations, %zu services, %zu locations, %zu taxonomies,"
		" %zu taxonomy terms (%zu created, %zu updated, %zu unchanged);"
		" %zu refused, %zu held for review, %zu children dropped, %zu skipped,"
		" %zu pruned, %zu warnings\n",
		sum->organizations, sum->services, sum->locations, sum->taxonomies,
		sum->taxonomy_terms, sum->created, sum->updated, sum->unchanged, sum->refused,
		sum->held, sum->children_dropped, sum->skipped, sum->pruned, sum->warnings);
}
