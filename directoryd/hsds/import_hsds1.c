/*
 * import_hsds1.c - rewrite HSDS 1.0 rows as HSDS 3.0 rows before linking.
 *
 * HSDS 1.0 names some columns differently (organization.url is 3.0's
 * website, service.fees its fees_description), keeps opening hours as one
 * row per weekday, eligibility in a table of its own, and real exports such
 * as ILAO's put several service ids in one service_at_location cell
 * ("89016,89006"). Everything here changes the form, never the meaning;
 * what cannot be kept becomes a note in the report.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "import_internal.h"
#include "validate.h"

#define IMPORT_NELEM(a) (sizeof(a) / sizeof((a)[0]))

static size_t import_h1_line(const struct import_table *t, size_t i)
{
	return t->lines ? t->lines[i] : i + 1;
}

static int import_h1_rename(json_t *row, const char *from, const char *to)
{
	json_t *v = json_object_get(row, from);

	if (v == NULL)
		return 0;
	if (json_object_get(row, to) == NULL && json_object_set(row, to, v) != 0)
		return -1;
	return json_object_del(row, from);
}

/* "9:00" -> "09:00": HSDS 3.0 times have two-digit hours. */
static int import_h1_time(json_t *row, const char *key)
{
	const char *v = import_str(row, key);
	char buf[16];

	if (v == NULL || !isdigit((unsigned char)v[0]) || v[1] != ':' || strlen(v) > 8)
		return 0;
	snprintf(buf, sizeof(buf), "0%s", v);
	return json_object_set_new(row, key, json_string(buf));
}

/*
 * The RFC 5545 day for an HSDS 1.x weekday: a name ("Monday", "mon") or a
 * number 1-7 read as ISO 8601 (1 = Monday, 7 = Sunday); NULL for neither.
 */
static const char *import_h1_byday(const char *weekday)
{
	static const char *const days[][2] = {
		{ "monday", "MO" },   { "tuesday", "TU" }, { "wednesday", "WE" },
		{ "thursday", "TH" }, { "friday", "FR" },  { "saturday", "SA" },
		{ "sunday", "SU" },
	};
	size_t i, n = strlen(weekday);

	if (n == 1 && weekday[0] >= '1' && weekday[0] <= '7')
		return days[weekday[0] - '1'][1];
	for (i = 0; i < IMPORT_NELEM(days) && n >= 3; i++)
		if (strncasecmp(weekday, days[i][0], n) == 0)
			return days[i][1];
	return NULL;
}

/*
 * The BCP 47 tag of a language name ("English", "Español", "Polish"):
 * ICU's locale data is asked for each ISO 639 language's name in English
 * and in the language itself. out gets the tag; returns 0 when no
 * language has that name (or name is already a tag: then out is it).
 */
static int import_h1_lang_tag(const char *name, char *out, size_t cap)
{
	const char *const *langs = uloc_getISOLanguages();
	UChar uname[128], disp[128];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n, m;
	size_t i;

	if (strlen(name) <= 3 && val_is_bcp47(name)) {
		snprintf(out, cap, "%s", name);
		return 1;
	}
	u_strFromUTF8(uname, IMPORT_NELEM(uname), &n, name, -1, &st);
	if (U_FAILURE(st) || n >= (int32_t)IMPORT_NELEM(uname))
		return 0;
	for (i = 0; langs[i] != NULL; i++) {
		st = U_ZERO_ERROR;
		m = uloc_getDisplayLanguage(langs[i], "en", disp, IMPORT_NELEM(disp), &st);
		if (U_SUCCESS(st) && m == n && u_strncasecmp(disp, uname, n, 0) == 0)
			break;
		st = U_ZERO_ERROR;
		m = uloc_getDisplayLanguage(langs[i], langs[i], disp, IMPORT_NELEM(disp), &st);
		if (U_SUCCESS(st) && m == n && u_strncasecmp(disp, uname, n, 0) == 0)
			break;
	}
	if (langs[i] == NULL)
		return 0;
	snprintf(out, cap, "%s", langs[i]);
	return 1;
}

/* A 1.x language row: "language" (a name or a tag) -> name and code. */
static int import_h1_language(struct import_batch *b, const struct import_table *t, size_t i,
			      json_t *row, int *drop)
{
	const char *lang = import_str(row, "language");
	char tag[16];

	(void)drop;
	if (lang == NULL || import_str(row, "name") != NULL)
		return 0;
	if (json_object_set_new(row, "name", json_string(lang)) != 0)
		return -1;
	if (import_h1_lang_tag(lang, tag, sizeof(tag)) && import_str(row, "code") == NULL)
		json_object_set_new(row, "code", json_string(tag));
	else if (import_note(b, t->path, import_h1_line(t, i), NULL, "language_unmapped",
			     "no language is named \"%s\" in ICU's locale data; the name is "
			     "kept without a code",
			     lang) != 0)
		return -1;
	return json_object_del(row, "language");
}

/* A 1.x accessibility_for_disabilities row: "accessibility" is the description. */
static int import_h1_accessibility(struct import_batch *b, const struct import_table *t, size_t i,
				   json_t *row, int *drop)
{
	(void)b, (void)t, (void)i, (void)drop;
	if (import_str(row, "accessibility") == NULL || import_str(row, "description") != NULL)
		return 0;
	return import_h1_rename(row, "accessibility", "description");
}

/* One weekday row: a weekly schedule, or nothing when it has no hours. */
static int import_h1_schedule(struct import_batch *b, const struct import_table *t, size_t i,
			      json_t *row, int *drop)
{
	const char *wd = import_str(row, "weekday"), *day;

	if (import_str(row, "opens_at") == NULL && import_str(row, "closes_at") == NULL &&
	    import_str(row, "description") == NULL) {
		*drop = 1;
		return import_note(b, t->path, import_h1_line(t, i), NULL, "row_dropped",
				   "schedule row for %s has no "
				   "opening hours (closed that day); not imported",
				   wd ? wd : "no weekday");
	}
	if (wd != NULL && (day = import_h1_byday(wd)) != NULL) {
		if (json_object_set_new(row, "freq", json_string("WEEKLY")) ||
		    json_object_set_new(row, "byday", json_string(day)))
			return -1;
		json_object_del(row, "weekday");
	}
	if (import_h1_time(row, "opens_at") != 0 || import_h1_time(row, "closes_at") != 0)
		return -1;
	return 0;
}

/* A phone row: dropped when the number holds no digit ("no phone"). */
static int import_h1_phone(struct import_batch *b, const struct import_table *t, size_t i,
			   json_t *row, int *drop)
{
	const char *num = import_str(row, "number"), *p;

	const char *lang = import_str(row, "language");
	char pid[64], uuid[37];

	for (p = num; p != NULL && *p != '\0'; p++)
		if (isdigit((unsigned char)*p))
			break;
	if (p != NULL && *p != '\0') {
		if (lang == NULL)
			return 0;
		/* 1.0 names one language; 3.0 lists language objects. */
		snprintf(pid, sizeof(pid), "%zu", import_h1_line(t, i));
		import_uuid_derive("language", t->file, pid, 0, uuid);
		if (json_object_set_new(row, "languages",
					json_pack("[{s:s, s:s}]", "id", uuid, "name", lang)) != 0)
			return -1;
		if (import_h1_lang_tag(lang, pid, sizeof(pid)))
			json_object_set_new(json_array_get(json_object_get(row, "languages"), 0),
					    "code", json_string(pid));
		return json_object_del(row, "language");
	}
	*drop = 1;
	return import_note(b, t->path, import_h1_line(t, i), NULL, "row_dropped",
			   "phone row has no phone number (\"%s\");"
			   " not imported",
			   num ? num : "");
}

/* A growing list of rows with their lines. */
struct import_h1_rows {
	json_t *rows;
	size_t *lines, n; /* lines: the bytes of buf */
	struct buf buf;
};

/* Append row (stolen) at line. Returns 0 or -1. */
static int import_h1_push(struct import_h1_rows *r, json_t *row, size_t line)
{
	if (row == NULL)
		return -1;
	if (buf_slot(&r->buf, &r->lines, r->n, sizeof(*r->lines)) != 0) {
		json_decref(row);
		return -1;
	}
	r->lines[r->n++] = line;
	return json_array_append_new(r->rows, row);
}

/* One row per id of a cell holding several ("89016,89006"). */
static int import_h1_split_row(struct import_h1_rows *r, json_t *row, const char *col, size_t line)
{
	const char *v = import_str(row, col), *p, *comma;
	json_t *copy;

	if (v == NULL || strchr(v, ',') == NULL)
		return import_h1_push(r, json_incref(row), line);
	for (p = v; p != NULL; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if ((copy = json_deep_copy(row)) == NULL ||
		    json_object_set_new(copy, col,
					comma ? json_stringn(p, (size_t)(comma - p))
					      : json_string(p)) != 0 ||
		    import_h1_push(r, copy, line) != 0)
			return -1;
	}
	return 0;
}

static int import_h1_split(struct import_table *t, const char *col)
{
	struct import_h1_rows r = { .rows = json_array() };
	json_t *row;
	size_t i;

	buf_init(&r.buf, IMPORT_MAX_RECORDS * sizeof(*r.lines));
	if (r.rows == NULL)
		return -1;
	json_array_foreach(t->rows, i,
			   row) if (import_h1_split_row(&r, row, col, import_h1_line(t, i)) != 0)
	{
		json_decref(r.rows);
		free(r.lines);
		return -1;
	}
	json_decref(t->rows);
	free(t->lines);
	t->rows = r.rows;
	t->lines = r.lines;
	return 0;
}

/* Remove the rows marked in drop (one flag per row), keeping lines. */
static int import_h1_compact(struct import_table *t, const unsigned char *drop)
{
	struct import_h1_rows r = { .rows = json_array() };
	json_t *row;
	size_t i;

	buf_init(&r.buf, IMPORT_MAX_RECORDS * sizeof(*r.lines));
	if (r.rows == NULL)
		return -1;
	json_array_foreach(t->rows, i,
			   row) if (!drop[i] &&
				    import_h1_push(&r, json_incref(row), import_h1_line(t, i)) != 0)
	{
		json_decref(r.rows);
		free(r.lines);
		return -1;
	}
	json_decref(t->rows);
	free(t->lines);
	t->rows = r.rows;
	t->lines = r.lines;
	return 0;
}

static int import_h1_organization(struct import_batch *b, const struct import_table *t, size_t i,
				  json_t *row, int *drop)
{
	return import_h1_rename(row, "url", "website");
}

static int import_h1_service(struct import_batch *b, const struct import_table *t, size_t i,
			     json_t *row, int *drop)
{
	return import_h1_rename(row, "fees", "fees_description");
}

/* 3.0 requires address_type; 1.0 told it by the file's name. */
static int import_h1_address(struct import_batch *b, const struct import_table *t, size_t i,
			     json_t *row, int *drop)
{
	const char *type = strncmp(t->file, "postal", 6) == 0 ? "postal" : "physical";

	if (import_str(row, "address_type") != NULL)
		return 0;
	if (json_object_set_new(row, "address_type", json_string(type)) != 0)
		return -1;
	return import_note(b, t->path, import_h1_line(t, i), NULL, "default_applied",
			   "address_type set to \"%s\" (from "
			   "the file name %s)",
			   type, t->file);
}

typedef int (*import_h1_fn)(struct import_batch *, const struct import_table *, size_t, json_t *,
			    int *);

static const struct {
	const char *table;
	import_h1_fn fn;
} import_h1_rows[] = {
	{ "organization", import_h1_organization },
	{ "service", import_h1_service },
	{ "address", import_h1_address },
	{ "schedule", import_h1_schedule },
	{ "phone", import_h1_phone },
	{ "language", import_h1_language },
	{ "accessibility", import_h1_accessibility },
};

/* Run the row converter of t's table over each row; drop what it drops. */
static int import_h1_table(struct import_batch *b, struct import_table *t)
{
	unsigned char *drop;
	json_t *row;
	size_t i, k;
	int d, any = 0, rc = 0;

	for (k = 0; k < IMPORT_NELEM(import_h1_rows); k++)
		if (strcmp(t->name, import_h1_rows[k].table) == 0)
			break;
	if (k == IMPORT_NELEM(import_h1_rows))
		return 0;
	if ((drop = calloc(json_array_size(t->rows) + 1, 1)) == NULL)
		return -1;
	json_array_foreach(t->rows, i, row)
	{
		d = 0;
		if ((rc = import_h1_rows[k].fn(b, t, i, row, &d)) != 0)
			break;
		drop[i] = (unsigned char)d;
		any |= d;
	}
	if (rc == 0 && any)
		rc = import_h1_compact(t, drop);
	free(drop);
	return rc;
}

/* The service rows of the package by their source id. */
static json_t *import_h1_services(struct import_pkg *pkg)
{
	json_t *map = json_object(), *row;
	const char *id;
	size_t ti, i;

	for (ti = 0; map != NULL && ti < pkg->ntables; ti++) {
		if (strcmp(pkg->tables[ti].name, "service") != 0)
			continue;
		json_array_foreach(pkg->tables[ti].rows, i,
				   row) if ((id = import_str(row, "id")) != NULL)
			json_object_set(map, id, row);
	}
	return map;
}

/* Append one eligibility text to its service's eligibility_description. */
static int import_h1_eligibility(struct import_batch *b, const struct import_table *t, size_t i,
				 json_t *services)
{
	json_t *row = json_array_get(t->rows, i), *svc;
	const char *text = import_str(row, "eligibility");
	const char *sid = import_str(row, "service_id"), *old;
	char *joined;
	size_t n;
	int rc;

	if (text == NULL)
		return 0; /* an empty row carries nothing */
	svc = sid ? json_object_get(services, sid) : NULL;
	if (svc == NULL)
		return import_note(b, t->path, import_h1_line(t, i), NULL, "row_dropped",
				   "eligibility \"%s\" not imported:"
				   " %s%s%s is not in the package",
				   text, sid ? "service \"" : "it names no service", sid ? sid : "",
				   sid ? "\"" : "");
	old = import_str(svc, "eligibility_description");
	if (old == NULL)
		return json_object_set_new(svc, "eligibility_description", json_string(text));
	n = strlen(old) + strlen(text) + 2;
	if ((joined = malloc(n)) == NULL)
		return -1;
	snprintf(joined, n, "%s\n%s", old, text);
	rc = json_object_set_new(svc, "eligibility_description", json_string(joined));
	free(joined);
	return rc;
}

static int import_h1_eligibilities(struct import_pkg *pkg, struct import_batch *b,
				   struct import_table *t)
{
	json_t *services = import_h1_services(pkg);
	size_t i;
	int rc = services ? import_h1_split(t, "service_id") : -1;

	for (i = 0; rc == 0 && i < json_array_size(t->rows); i++)
		rc = import_h1_eligibility(b, t, i, services);
	json_decref(services);
	/* Nothing further reads this table. */
	t->name[0] = '\0';
	json_array_clear(t->rows);
	return rc;
}

int import_hsds1_convert(struct import_pkg *pkg, struct import_batch *b, struct dir_error *err)
{
	struct import_table *t;
	size_t ti;
	int rc = 0;

	for (ti = 0; rc == 0 && ti < pkg->ntables; ti++) {
		t = &pkg->tables[ti];
		if (strcmp(t->name, "service_at_location") == 0)
			rc = import_h1_split(t, "service_id");
		else if (strcmp(t->name, "eligibility") == 0)
			rc = import_h1_eligibilities(pkg, b, t);
		else
			rc = import_h1_table(b, t);
	}
	if (rc != 0)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return rc;
}
