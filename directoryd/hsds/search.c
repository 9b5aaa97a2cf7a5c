/*
 * search.c - the list queries. One fixed SQL text per list, every filter
 * optional ("$n IS NULL OR ..."), run through db_exec with the values as
 * text parameters: the unnamed statement is planned with the actual values,
 * so the branches of absent filters fold away. The filters themselves are
 * dir_service_search and friends in sql/50_search.sql, served by the keys
 * of sql/52_service_key.sql (docs/performance.md).
 */
#include "search.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate.h"

/* Parameters $1..$21 of the service-based lists: organizations take $1..$19,
 * services $1..$20, service_at_locations all. */
enum {
	P_SEARCH,
	P_CITY,
	P_COUNTRY,
	P_LANGUAGE,
	P_CATEGORY,
	P_ACCESS,
	P_ORG,
	P_TERM,
	P_TAXONOMY,
	P_MODIFIED,
	P_LAT,
	P_LON,
	P_RADIUS,
	P_OPEN,
	P_LANGS,
	P_FULL,
	P_NODE,
	P_LIMIT,
	P_OFFSET,
	P_UK,       /* $20: the UK profile's filters as JSON (dir_uk_services) */
	P_POSTCODE, /* $21: service_at_locations only */
	P_COUNT
};

struct search_params {
	const char *v[P_COUNT];
	char lat[32], lon[32], radius[32], limit[24], offset[24], uk[200];
	char langs[STORE_LANGS_MAX];
};

/* Result: one row, the total count, the page's contents as JSON text, the
 * place a city search meant (dir_place_json, sql/51_places.sql) and, for
 * an empty page, places spelt like the city (dir_city_suggestions). The
 * place is the one the search found (its place column), looked up again
 * (dir_city_place) only for an empty page, which has no row to carry it;
 * pl is materialized so that its two readers do not each look it up.
 * The list shape (full=false) of each service is the text kept in
 * service_list_cache (sql/56_service_list_cache.sql), joined with the node id; a service is rendered
 * live by dir_service_list_live (dir_service_list_json of sql/44_list_render.sql, the same
 * JSON as dir_service_json) when the kept text does not apply: no row, a
 * translation for one of the wanted languages, a time zone other than UTC,
 * or a transaction that has written. The page is the text of
 * jsonb_agg(...): '[' elements joined by ', ' ']'. See
 * docs/performance.md. */
static const char services_sql[] =
	"WITH m AS MATERIALIZED (SELECT * FROM dir_service_search($1, $2, $3,"
	" $4, $5, $6, $7::uuid, $8::uuid, $9::uuid,"
	" dir_param_time($10, 'modified_after'), $11::float8, $12::float8,"
	" $13::float8, $14::boolean) ss"
	" WHERE $20::jsonb IS NULL"
	"  OR ss.id IN (SELECT service_id FROM dir_uk_services($20::jsonb))),"
	" p AS (SELECT * FROM m ORDER BY nonlocal, rank DESC, sort_name, id"
	"  LIMIT $18::bigint OFFSET $19::bigint),"
	" pl AS MATERIALIZED (SELECT CASE WHEN EXISTS (SELECT 1 FROM m)"
	"  THEN (SELECT place FROM m LIMIT 1) ELSE dir_city_place($2, $3) END AS place)"
	" SELECT (SELECT count(*) FROM m),"
	" (SELECT coalesce('[' || string_agg(CASE WHEN $16::boolean"
	"  THEN dir_service_json(p.id, string_to_array($15, ','), true, $17)::text"
	"  WHEN c.parts IS NOT NULL AND pg_current_xact_id_if_assigned() IS NULL"
	"   AND current_setting('TimeZone') = 'UTC'"
	"   AND NOT (c.tr_keys && dir_list_lang_keys(string_to_array($15, ',')))"
	"  THEN array_to_string(c.parts, coalesce(to_json($17::text)::text, 'null'))"
	"  ELSE dir_service_list_live(p.id, string_to_array($15, ','), $17) END,"
	"  ', ' ORDER BY p.nonlocal, p.rank DESC, p.sort_name, p.id) || ']', '[]')"
	"  FROM p LEFT JOIN service_list_cache c ON c.service_id = p.id),"
	" dir_place_json(pl.place)::text,"
	" CASE WHEN NOT EXISTS (SELECT 1 FROM m)"
	"  THEN dir_city_suggestions($2, $3, pl.place)::text END"
	" FROM pl";

static const char organizations_sql[] =
	"WITH m AS MATERIALIZED (SELECT o.id, dir_fold(o.name) AS sort_name,"
	"  coalesce(f.rank, 0) AS rank"
	" FROM organization o LEFT JOIN dir_organization_search($1) f ON f.id = o.id"
	" WHERE ($1::text IS NULL OR f.id IS NOT NULL)"
	"  AND ($7::uuid IS NULL OR o.id = $7::uuid)"
	"  AND ($10::text IS NULL"
	"   OR o.updated_at >= dir_param_time($10, 'modified_after'))"
	"  AND (($2::text IS NULL AND $3::text IS NULL AND $4::text IS NULL"
	"    AND $5::text IS NULL AND $6::text IS NULL AND $8::uuid IS NULL"
	"    AND $9::uuid IS NULL AND $13::float8 IS NULL AND $14::boolean IS NULL)"
	"   OR o.id IN (SELECT organization_id FROM dir_service_search(NULL, $2,"
	"    $3, $4, $5, $6, $7::uuid, $8::uuid, $9::uuid, NULL, $11::float8,"
	"    $12::float8, $13::float8, $14::boolean))))"
	" SELECT (SELECT count(*) FROM m),"
	" (SELECT coalesce(jsonb_agg(dir_organization_json(p.id,"
	"  string_to_array($15, ','), $16::boolean, $17)"
	"  ORDER BY p.rank DESC, p.sort_name, p.id), '[]')"
	"  FROM (SELECT * FROM m ORDER BY rank DESC, sort_name, id"
	"  LIMIT $18::bigint OFFSET $19::bigint) p)::text";

/* The UK profile's day, start_time and end_time pick, beyond the services
 * (dir_uk_services), the service_at_locations whose own, location's or
 * service's schedule fits (dir_uk_sals): a place shut that day is left out. */
static const char service_at_locations_sql[] =
	"WITH m AS MATERIALIZED (SELECT x.id, ss.nonlocal, ss.rank, ss.sort_name,"
	"  dir_fold(coalesce(l.name, '')) AS loc_name"
	" FROM dir_service_search($1, $2, $3, $4, $5, $6, $7::uuid, $8::uuid,"
	"  $9::uuid, dir_param_time($10, 'modified_after'), $11::float8,"
	"  $12::float8, $13::float8, $14::boolean) ss"
	" JOIN service_at_location x ON x.service_id = ss.id"
	" LEFT JOIN location l ON l.id = x.location_id"
	" WHERE (($2::text IS NULL AND $3::text IS NULL AND $13::float8 IS NULL)"
	"  OR ss.nonlocal OR x.location_id IN (SELECT location_id FROM"
	"   dir_location_search($2, $3, $11::float8, $12::float8, $13::float8)))"
	"  AND ($20::jsonb IS NULL"
	"   OR ss.id IN (SELECT service_id FROM dir_uk_services($20::jsonb)))"
	"  AND (NOT coalesce($20::jsonb ?| ARRAY['day', 'start_time', 'end_time'], false)"
	"   OR x.id IN (SELECT service_at_location_id FROM dir_uk_sals($20::jsonb)))"
	"  AND ($21::text IS NULL OR (NOT l.confidential AND EXISTS (SELECT 1 FROM address a"
	"   WHERE a.location_id = l.id AND dir_postcode_fold(a.postal_code)"
	"    = dir_postcode_fold($21)))))"
	" SELECT (SELECT count(*) FROM m),"
	" (SELECT coalesce(jsonb_agg(dir_service_at_location_json(p.id,"
	"  string_to_array($15, ','), $16::boolean, $17) ORDER BY p.nonlocal,"
	"  p.rank DESC, p.sort_name, p.loc_name, p.id), '[]')"
	"  FROM (SELECT * FROM m ORDER BY nonlocal, rank DESC, sort_name,"
	"  loc_name, id LIMIT $18::bigint OFFSET $19::bigint) p)::text";

/* Parameters: search, taxonomy_id, taxonomy_term_id, langs, full, node,
 * limit, offset, parent_id, top_only. */
static const char taxonomies_sql[] =
	"WITH m AS MATERIALIZED (SELECT t.id, dir_fold(t.name) AS sort_name"
	" FROM taxonomy t"
	" WHERE ($1::text IS NULL OR strpos(dir_fold(concat_ws(' ', t.name,"
	"   t.description)), dir_fold($1)) > 0)"
	"  AND ($9::uuid IS NULL OR $10::boolean IS NOT NULL)"
	"  AND ($2::uuid IS NULL OR t.id = $2::uuid)"
	"  AND ($3::uuid IS NULL OR t.id IN (SELECT taxonomy_id"
	"   FROM taxonomy_term WHERE id = $3::uuid)))"
	" SELECT (SELECT count(*) FROM m),"
	" (SELECT coalesce(jsonb_agg(dir_taxonomy_json(p.id,"
	"  string_to_array($4, ','), $5::boolean, $6)"
	"  ORDER BY p.sort_name, p.id), '[]')"
	"  FROM (SELECT * FROM m ORDER BY sort_name, id"
	"  LIMIT $7::bigint OFFSET $8::bigint) p)::text";

static const char taxonomy_terms_sql[] =
	"WITH m AS MATERIALIZED (SELECT t.id, coalesce(t.taxonomy, '') AS tax,"
	"  dir_fold(coalesce(t.code, t.name)) AS sort_name"
	" FROM taxonomy_term t"
	" WHERE ($1::text IS NULL OR strpos(dir_fold(concat_ws(' ', t.code,"
	"   t.name, t.description, t.translations::text)), dir_fold($1)) > 0"
	"   OR t.id IN (SELECT st.taxonomy_term_id FROM search_term st"
	"    WHERE st.words @@ dir_words_query($1)))"
	"  AND ($2::uuid IS NULL OR t.taxonomy_id = $2::uuid)"
	"  AND ($3::uuid IS NULL OR t.id = $3::uuid)"
	"  AND ($9::uuid IS NULL OR t.parent_id = $9::uuid)"
	"  AND (NOT $10::boolean OR t.parent_id IS NULL))"
	" SELECT (SELECT count(*) FROM m),"
	" (SELECT coalesce(jsonb_agg(dir_taxonomy_term_json(p.id,"
	"  string_to_array($4, ','), $5::boolean, $6)"
	"  ORDER BY p.tax, p.sort_name, p.id), '[]')"
	"  FROM (SELECT * FROM m ORDER BY tax, sort_name, id"
	"  LIMIT $7::bigint OFFSET $8::bigint) p)::text";

static int search_bad(struct dir_error *err, const char *name, const char *what)
{
	dir_error_add(err, "invalid_parameter", name, "%s %s", name, what);
	return -1;
}

static int search_uuid_ok(const char *v, const char *name, struct dir_error *err)
{
	if (v == NULL || store_is_uuid(v))
		return 0;
	return search_bad(err, name, "must be a UUID");
}

/* Page size and offset; pages below 1 count as 1. */
static int search_paging(const struct search_query *q, struct search_params *p,
			 struct dir_error *err)
{
	long per_page = q->per_page < 1 ? 1 : q->per_page;
	long page = q->page < 1 ? 1 : q->page;
	long offset;

	if (__builtin_mul_overflow(page - 1, per_page, &offset))
		return search_bad(err, "page", "is too large");
	snprintf(p->limit, sizeof(p->limit), "%ld", per_page);
	snprintf(p->offset, sizeof(p->offset), "%ld", offset);
	return 0;
}

static int search_geo(const struct search_query *q, struct search_params *p, struct dir_error *err)
{
	if (!q->has_geo)
		return 0;
	if (!isfinite(q->lat) || q->lat < -90 || q->lat > 90)
		return search_bad(err, "lat", "must be a latitude from -90 to 90");
	if (!isfinite(q->lon) || q->lon < -180 || q->lon > 180)
		return search_bad(err, "lon", "must be a longitude from -180 to 180");
	if (!isfinite(q->radius_km) || q->radius_km <= 0 || q->radius_km > 20100)
		return search_bad(err, "radius_km", "must be a distance in km above 0");
	snprintf(p->lat, sizeof(p->lat), "%.17g", q->lat);
	snprintf(p->lon, sizeof(p->lon), "%.17g", q->lon);
	snprintf(p->radius, sizeof(p->radius), "%.17g", q->radius_km);
	p->v[P_LAT] = p->lat;
	p->v[P_LON] = p->lon;
	p->v[P_RADIUS] = p->radius;
	return 0;
}

/* An age in years, 0 to 200, as a member name of f (absent: not given). */
static int search_age(const char *v, const char *name, json_t *f, struct dir_error *err)
{
	char *end;
	double d;

	if (v == NULL)
		return 0;
	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !isfinite(d) || d < 0 || d > 200)
		return search_bad(err, name, "must be a number of years from 0 to 200");
	json_object_set_new(f, name, json_real(d));
	return 0;
}

/* A clock time HH:MM or HH:MM:SS (NULL: not given). */
static int search_clock_ok(const char *v, const char *name, struct dir_error *err)
{
	size_t n = v != NULL ? strlen(v) : 0;

	if (v == NULL)
		return 0;
	if ((n != 5 && n != 8) || !val_is_time(v) || strpbrk(v, "Zz+-") != NULL)
		return search_bad(err, name, "must be a time of day, HH:MM or HH:MM:SS");
	return 0;
}

/* day=: an RFC 5545 weekday (MO..SU) or an English weekday name, any case,
 * as its two letters in out[3]; NULL when not given. */
static int search_day(const char *v, char out[3], struct dir_error *err)
{
	static const char *const days[][3] = {
		{ "MO", "monday", "mon" },    { "TU", "tuesday", "tue" },
		{ "WE", "wednesday", "wed" }, { "TH", "thursday", "thu" },
		{ "FR", "friday", "fri" },    { "SA", "saturday", "sat" },
		{ "SU", "sunday", "sun" },
	};

	out[0] = '\0';
	if (v == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		for (size_t j = 0; j < 3; j++)
			if (strcasecmp(v, days[i][j]) == 0) {
				memcpy(out, days[i][0], 3);
				return 0;
			}
	return search_bad(err, "day",
			  "must be a weekday: MO, TU, WE, TH, FR, SA, SU or its English name");
}

/* The UK profile's filters as the JSON object dir_uk_services reads
 * (sql/50_search.sql), into p->uk and p->v[P_UK]; left NULL when none is
 * given. */
static int search_uk(const struct search_query *q, struct search_params *p, struct dir_error *err)
{
	json_t *f = json_object();
	char day[3], *text = NULL;
	int rc = -1;

	if (f == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	if (search_age(q->minimum_age, "minimum_age", f, err) != 0 ||
	    search_age(q->maximum_age, "maximum_age", f, err) != 0 ||
	    search_clock_ok(q->start_time, "start_time", err) != 0 ||
	    search_clock_ok(q->end_time, "end_time", err) != 0 || search_day(q->day, day, err) != 0)
		goto done;
	if (day[0] != '\0')
		json_object_set_new(f, "day", json_string(day));
	if (q->start_time != NULL)
		json_object_set_new(f, "start_time", json_string(q->start_time));
	if (q->end_time != NULL)
		json_object_set_new(f, "end_time", json_string(q->end_time));
	rc = 0;
	if (json_object_size(f) == 0)
		goto done;
	text = json_dumps(f, JSON_COMPACT);
	if (text != NULL && strlen(text) < sizeof(p->uk)) {
		memcpy(p->uk, text, strlen(text) + 1);
		p->v[P_UK] = p->uk;
	} else {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		rc = -1;
	}
done:
	free(text);
	json_decref(f);
	return rc;
}

/* Check the query and lay it out as text parameters $1..$21. */
static int search_params_fill(const struct search_query *q, const struct store_view *view,
			      struct search_params *p, struct dir_error *err)
{
	memset(p, 0, sizeof(*p));
	if (search_uuid_ok(q->organization_id, "organization_id", err) != 0 ||
	    search_uuid_ok(q->taxonomy_term_id, "taxonomy_term_id", err) != 0 ||
	    search_uuid_ok(q->taxonomy_id, "taxonomy_id", err) != 0 ||
	    search_uuid_ok(q->parent_id, "parent_id", err) != 0 || search_geo(q, p, err) != 0 ||
	    search_paging(q, p, err) != 0 || search_uk(q, p, err) != 0)
		return -1;
	p->v[P_SEARCH] = q->search;
	p->v[P_CITY] = q->city;
	p->v[P_COUNTRY] = q->country;
	p->v[P_LANGUAGE] = q->language;
	p->v[P_CATEGORY] = q->category;
	p->v[P_ACCESS] = q->access;
	p->v[P_ORG] = q->organization_id;
	p->v[P_TERM] = q->taxonomy_term_id;
	p->v[P_TAXONOMY] = q->taxonomy_id;
	p->v[P_MODIFIED] = q->modified_after;
	p->v[P_OPEN] = q->open_now ? "true" : NULL;
	p->v[P_LANGS] = store_langs_param(view, p->langs, sizeof(p->langs));
	p->v[P_FULL] = view != NULL && view->full ? "true" : "false";
	p->v[P_NODE] = view != NULL ? view->node_id : NULL;
	p->v[P_LIMIT] = p->limit;
	p->v[P_OFFSET] = p->offset;
	p->v[P_POSTCODE] = q->postcode;
	return 0;
}

/*
 * The Page envelope around contents, the JSON array PostgreSQL rendered,
 * as text (malloc'd; *len its length), or NULL on allocation failure. The
 * page holds what is left after offset, at most per_page items (the
 * statement's LIMIT and OFFSET over the total it counts).
 */
static char *search_page(long long total, const char *contents, size_t contents_len,
			 const struct search_query *q, const char *extra, size_t *len)
{
	long per_page = q->per_page < 1 ? 1 : q->per_page;
	long page = q->page < 1 ? 1 : q->page;
	long long pages = (total + per_page - 1) / per_page;
	long long offset = (long long)(page - 1) * per_page;
	long long size = total - offset;
	char head[320], *out;
	size_t elen, total_len;
	int n;

	if (size < 0)
		size = 0;
	if (size > per_page)
		size = per_page;
	n = snprintf(head, sizeof(head),
		     "{\"total_items\":%lld,\"total_pages\":%lld,"
		     "\"page_number\":%ld,\"size\":%lld,\"first_page\":%s,"
		     "\"last_page\":%s,\"empty\":%s,",
		     total, pages, page, size, page == 1 ? "true" : "false",
		     (long long)page >= pages ? "true" : "false", size == 0 ? "true" : "false");
	if (n < 0 || (size_t)n >= sizeof(head))
		return NULL;
	elen = extra != NULL ? strlen(extra) : 0;
	if (__builtin_add_overflow((size_t)n + sizeof("\"contents\":") + 1, contents_len,
				   &total_len) ||
	    __builtin_add_overflow(total_len, elen, &total_len) ||
	    (out = malloc(total_len)) == NULL)
		return NULL;
	*len = (size_t)snprintf(out, total_len, "%s%s\"contents\":", head,
				extra != NULL ? extra : "");
	memcpy(out + *len, contents, contents_len);
	*len += contents_len;
	out[(*len)++] = '}';
	out[*len] = '\0';
	return out;
}

/* The envelope members after "empty": "place" and "suggestions" when the
 * row has them (columns 2 and 3, JSON text or NULL), else near's place
 * (JSON text or NULL), each followed by a comma; malloc'd, or NULL when
 * there is nothing to add or on allocation failure (*failed set). */
static char *search_extra(const PGresult *res, const char *near_place, int *failed)
{
	const char *place = near_place, *sugg = NULL;
	size_t size;
	char *out;

	if (PQnfields(res) >= 4) {
		if (!PQgetisnull(res, 0, 2))
			place = PQgetvalue(res, 0, 2);
		if (!PQgetisnull(res, 0, 3))
			sugg = PQgetvalue(res, 0, 3);
	}
	if (place == NULL && sugg == NULL)
		return NULL;
	size = (place != NULL ? strlen(place) : 0) + (sugg != NULL ? strlen(sugg) : 0) + 40;
	if ((out = malloc(size)) == NULL) {
		*failed = 1;
		return NULL;
	}
	snprintf(out, size, "%s%s%s%s%s%s", place != NULL ? "\"place\":" : "",
		 place != NULL ? place : "", place != NULL ? "," : "",
		 sugg != NULL ? "\"suggestions\":" : "", sugg != NULL ? sugg : "",
		 sugg != NULL ? "," : "");
	return out;
}

/* Run one list statement and wrap its row in the Page envelope. near_place:
 * the place a near= search meant (JSON text, borrowed) or NULL. */
static char *search_run(PGconn *conn, const char *sql, int nparams, const char *const *params,
			const struct search_query *q, const char *near_place, size_t *len,
			struct dir_error *err)
{
	PGresult *res = db_exec(conn, sql, nparams, params, err);
	char *page = NULL, *extra;
	long long total;
	int failed = 0;

	if (res == NULL)
		return NULL;
	if (PQntuples(res) != 1 || PQnfields(res) < 2 || PQgetisnull(res, 0, 0) ||
	    PQgetisnull(res, 0, 1)) {
		dir_error_add(err, "internal_error", NULL, "the list query failed");
		goto done;
	}
	total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	extra = search_extra(res, near_place, &failed);
	if (!failed)
		page = search_page(total, PQgetvalue(res, 0, 1), (size_t)PQgetlength(res, 0, 1), q,
				   extra, len);
	free(extra);
	if (page == NULL)
		dir_error_add(err, "internal_error", NULL, "the list could not be rendered");
done:
	PQclear(res);
	return page;
}

/* A near= search: the place's coordinates into *geo (a copy of q with
 * has_geo set) and its JSON into *place (malloc'd, the caller frees).
 * Returns 1 when the name names a place, 0 when not, -1 with err set. */
static int search_near(PGconn *conn, const struct search_query *q, struct search_query *geo,
		       char **place, struct dir_error *err)
{
	const char *params[2] = { q->near, q->country };
	PGresult *res = db_exec(conn,
				"SELECT latitude, longitude, place::text"
				" FROM dir_place_point($1, $2)",
				2, params, err);
	int rc = 0;

	if (res == NULL)
		return -1;
	*geo = *q;
	*place = NULL;
	if (PQntuples(res) == 1) {
		geo->has_geo = 1;
		geo->lat = strtod(PQgetvalue(res, 0, 0), NULL);
		geo->lon = strtod(PQgetvalue(res, 0, 1), NULL);
		*place = strdup(PQgetvalue(res, 0, 2));
		rc = *place != NULL ? 1 : -1;
		if (rc < 0)
			dir_error_add(err, "internal_error", NULL, "out of memory");
	}
	PQclear(res);
	return rc;
}

/* The empty page of a near= search whose name names no place (so the
 * place passed is NULL), with the places spelt like it. */
static char *search_near_unknown(PGconn *conn, const struct search_query *q, size_t *len,
				 struct dir_error *err)
{
	const char *params[2] = { q->near, q->country };

	return search_run(conn, "SELECT 0, '[]', NULL, dir_city_suggestions($1, $2, NULL)::text", 2,
			  params, q, NULL, len, err);
}

/* Parameters $1..$10 of the vocabulary lists, from those of the services. */
static int search_vocabulary_params(const struct search_params *p, const struct search_query *q,
				    const char **v)
{
	v[0] = p->v[P_SEARCH];
	v[1] = p->v[P_TAXONOMY];
	v[2] = p->v[P_TERM];
	v[3] = p->v[P_LANGS];
	v[4] = p->v[P_FULL];
	v[5] = p->v[P_NODE];
	v[6] = p->v[P_LIMIT];
	v[7] = p->v[P_OFFSET];
	v[8] = q->parent_id;
	v[9] = q->top_only ? "true" : "false";
	return 10;
}

static char *search_list_at(PGconn *conn, enum search_list list, const struct search_query *q,
			    const struct store_view *view, size_t *len, struct dir_error *err);

/* proximity=: the centroid of the node's own addresses with the postcode
 * (dir_postcode_centroid) as a nearby search in *geo, without the postcode
 * match. 0, or -1 with err (invalid_parameter when there is none). */
static int search_proximity(PGconn *conn, const struct search_query *q, struct search_query *geo,
			    struct dir_error *err)
{
	const char *params[1] = { q->postcode };
	PGresult *res = db_exec(conn, "SELECT latitude, longitude FROM dir_postcode_centroid($1)",
				1, params, err);
	int rc = -1;

	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		*geo = *q;
		geo->has_geo = 1;
		geo->lat = strtod(PQgetvalue(res, 0, 0), NULL);
		geo->lon = strtod(PQgetvalue(res, 0, 1), NULL);
		geo->radius_km = q->proximity_m / 1000.0;
		geo->postcode = NULL;
		geo->proximity_m = 0;
		rc = 0;
	} else {
		dir_error_add(err, "invalid_parameter", NULL,
			      "proximity: no address of this node has the postcode %.32s",
			      q->postcode);
	}
	PQclear(res);
	return rc;
}

char *search_list(PGconn *conn, enum search_list list, const struct search_query *q,
		  const struct store_view *view, size_t *len, struct dir_error *err)
{
	struct search_query around;
	struct search_params p;

	/* Bad parameters are refused before near= or proximity= looks a place
	 * up, so that an unknown place does not hide them behind an empty page. */
	if (search_params_fill(q, view, &p, err) != 0)
		return NULL;
	if (q->proximity_m > 0 && q->postcode != NULL) {
		if (search_proximity(conn, q, &around, err) != 0)
			return NULL;
		return search_list(conn, list, &around, view, len, err);
	}
	return search_list_at(conn, list, q, view, len, err);
}

/* search_list once proximity= is resolved. */
static char *search_list_at(PGconn *conn, enum search_list list, const struct search_query *q,
			    const struct store_view *view, size_t *len, struct dir_error *err)
{
	static const char *const sql[] = {
		[SEARCH_SERVICES] = services_sql,
		[SEARCH_ORGANIZATIONS] = organizations_sql,
		[SEARCH_SERVICE_AT_LOCATIONS] = service_at_locations_sql,
		[SEARCH_TAXONOMIES] = taxonomies_sql,
		[SEARCH_TAXONOMY_TERMS] = taxonomy_terms_sql,
	};
	struct search_params p;
	struct search_query geo;
	const char *v[10];
	int nparams = list == SEARCH_SERVICE_AT_LOCATIONS ? P_COUNT
		      : list == SEARCH_SERVICES           ? P_POSTCODE
							  : P_UK;
	char *place = NULL, *page = NULL;
	int found;

	if ((unsigned)list >= sizeof(sql) / sizeof(sql[0])) {
		dir_error_add(err, "internal_error", NULL, "no such list");
		return NULL;
	}
	if (list == SEARCH_TAXONOMIES || list == SEARCH_TAXONOMY_TERMS) {
		if (search_params_fill(q, view, &p, err) != 0)
			return NULL;
		return search_run(conn, sql[list], search_vocabulary_params(&p, q, v), v, q, NULL,
				  len, err);
	}
	if (q->near == NULL) {
		if (search_params_fill(q, view, &p, err) != 0)
			return NULL;
		return search_run(conn, sql[list], nparams, p.v, q, NULL, len, err);
	}
	if ((found = search_near(conn, q, &geo, &place, err)) < 0)
		return NULL;
	if (found == 0)
		page = search_near_unknown(conn, q, len, err);
	else if (search_params_fill(&geo, view, &p, err) == 0)
		page = search_run(conn, sql[list], nparams, p.v, &geo, place, len, err);
	free(place);
	return page;
}

/* search_list as a JSON value. */
static json_t *search_list_json(PGconn *conn, enum search_list list, const struct search_query *q,
				const struct store_view *view, struct dir_error *err)
{
	size_t len;
	char *text = search_list(conn, list, q, view, &len, err);
	json_t *page;

	if (text == NULL)
		return NULL;
	page = json_loadb(text, len, 0, NULL);
	free(text);
	if (page == NULL)
		dir_error_add(err, "internal_error", NULL, "the list could not be rendered");
	return page;
}

json_t *search_services(PGconn *conn, const struct search_query *q, const struct store_view *view,
			struct dir_error *err)
{
	return search_list_json(conn, SEARCH_SERVICES, q, view, err);
}

json_t *search_organizations(PGconn *conn, const struct search_query *q,
			     const struct store_view *view, struct dir_error *err)
{
	return search_list_json(conn, SEARCH_ORGANIZATIONS, q, view, err);
}

json_t *search_service_at_locations(PGconn *conn, const struct search_query *q,
				    const struct store_view *view, struct dir_error *err)
{
	return search_list_json(conn, SEARCH_SERVICE_AT_LOCATIONS, q, view, err);
}

json_t *search_taxonomies(PGconn *conn, const struct search_query *q, const struct store_view *view,
			  struct dir_error *err)
{
	return search_list_json(conn, SEARCH_TAXONOMIES, q, view, err);
}

json_t *search_taxonomy_terms(PGconn *conn, const struct search_query *q,
			      const struct store_view *view, struct dir_error *err)
{
	return search_list_json(conn, SEARCH_TAXONOMY_TERMS, q, view, err);
}
