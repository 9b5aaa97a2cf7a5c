/*
 * api_read.c - the HSDS 3.0 read API: GET /, /health, the lists with their
 * filters, and single records.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_stream.h"
#include "api_util.h"
#include "search.h"
#include "validate.h"

#define HSDS31_URL     "https://github.com/openreferral/specification/tree/3.1-dev/schema"
#define UK_PROFILE_URL "https://github.com/OpenReferralUK/uk-profile"
#define HSDS_OPENAPI_URL \
	"https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

void api_root(struct http_request *req, struct http_response *resp)
{
	const struct dir_config *cfg = &req->app->cfg;
	char profile[1200];

	/* GeoNames asks for attribution (CC BY 4.0): its place names serve
	 * city= and near= (docs/api.md, "### Places"). */
	/* our profile: HSDS 3.0 with our extensions, as JSON Schemas (docs/profile.md) */
	api_profile_url(req, profile, sizeof(profile));
	resp->body = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s}]}", "version", "3.0",
			       "profile", profile, "openapi_url", HSDS_OPENAPI_URL, "attribution",
			       "name", "GeoNames", "url", "https://www.geonames.org/", "license",
			       "CC BY 4.0", "license_url",
			       "https://creativecommons.org/licenses/by/4.0/", "used_for",
			       "place names in other languages for city= and near=");
	/* What the node serves beyond HSDS 3.0's shape (docs/api.md, "GET /"). */
	if (resp->body != NULL)
		json_object_set_new(
			resp->body, "profiles",
			json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "name",
				  "directoryd", "url", profile, "serves",
				  "HSDS 3.0 with directoryd's extensions; every record validates "
				  "against it",
				  "name", "HSDS 3.1", "url", HSDS31_URL, "serves",
				  "its members and objects added to 3.0 (additional_urls, "
				  "additional_websites, capacities with unit, attribute.label, "
				  "service_at_location.service_areas), stored and served",
				  "name", "Open Referral UK", "url", UK_PROFILE_URL, "serves",
				  "its members (service_area.service_area, "
				  "accessibility.accessibility, "
				  "taxonomy_term.term), stored and served, and the /services and "
				  "/service_at_locations parameters minimum_age, maximum_age, day, "
				  "start_time and end_time"));
	/* The data's licence, as the pages' footer links to it. */
	pthread_rwlock_rdlock(&req->app->config_lock);
	if (resp->body != NULL && cfg->license_name[0] != '\0')
		json_object_set_new(
			resp->body, "license",
			json_pack("{s:s, s:s?}", "name", cfg->license_name, "url",
				  cfg->license_url[0] != '\0' ? cfg->license_url : NULL));
	pthread_rwlock_unlock(&req->app->config_lock);
}

void api_health(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, "SELECT 1", 0, NULL, &err);
	db_pool_release(req->app->pool, conn);
	if (res == NULL) {
		http_fail(resp, "database_unavailable", NULL, "the database does not answer");
	} else {
		PQclear(res);
		resp->body = json_pack("{s:s, s:s}", "status", "ok", "database", "ok");
	}
	dir_error_clear(&err);
}

/* A number parameter within [lo, hi]; *present says whether it was given. */
static int api_double_param(const struct http_request *req, const char *name, double lo, double hi,
			    double *out, int *present, struct dir_error *err)
{
	const char *v = http_query(req, name);
	char *end;

	*present = v != NULL;
	if (v == NULL)
		return 0;
	errno = 0;
	*out = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !isfinite(*out) || *out < lo || *out > hi) {
		dir_error_add(err, "invalid_parameter", NULL, "%s must be a number from %g to %g",
			      name, lo, hi);
		return -1;
	}
	return 0;
}

/* Nearby search: lat, lon and radius_km together, or near (a place name)
 * with radius_km, 10 km when not given. */
static int api_geo_read(const struct http_request *req, struct search_query *q,
			struct dir_error *err)
{
	int has_lat, has_lon, has_radius;

	if (api_double_param(req, "lat", -90, 90, &q->lat, &has_lat, err) ||
	    api_double_param(req, "lon", -180, 180, &q->lon, &has_lon, err) ||
	    api_double_param(req, "radius_km", 0.001, 20000, &q->radius_km, &has_radius, err))
		return -1;
	q->near = http_query(req, "near");
	if (q->near != NULL) {
		if (has_lat || has_lon) {
			dir_error_add(err, "invalid_parameter", NULL,
				      "near names a place: give it or lat and lon, not both");
			return -1;
		}
		if (!has_radius)
			q->radius_km = 10;
		return 0;
	}
	if ((has_lat || has_lon || has_radius) && !(has_lat && has_lon && has_radius)) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "nearby search needs lat, lon and radius_km together");
		return -1;
	}
	q->has_geo = has_lat;
	return 0;
}

/* A comma list of lower-case codes ([a-z0-9_]). */
static int api_is_code_list(const char *s)
{
	if (*s == '\0')
		return 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == ',' && (p == s || p[1] == '\0' || p[1] == ','))
			return 0;
		if (*p != ',' && *p != '_' && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= '0' && *p <= '9'))
			return 0;
	}
	return 1;
}

struct param_check {
	const char *name;
	int (*valid)(const char *);
	const char *what;
};

/* modified_after: HSDS says "on or after this datetime"; a date is its
 * first instant, in UTC. */
static int api_is_date_or_datetime(const char *s)
{
	return val_is_date(s) || val_is_datetime(s);
}

static int api_is_country_param(const char *s)
{
	return val_is_country(s);
}

/* At most 200 bytes of well-formed UTF-8 (jansson checks it): PostgreSQL
 * refuses anything else, which was a 500. */
static int api_is_text(const char *s)
{
	json_t *j;

	if (strlen(s) > 200 || (j = json_string(s)) == NULL)
		return 0;
	json_decref(j);
	return 1;
}

static const struct param_check param_checks[] = {
	{ "organization_id", val_is_uuid, "a UUID" },
	{ "taxonomy_term_id", val_is_uuid, "a UUID" },
	{ "taxonomy_id", val_is_uuid, "a UUID" },
	{ "modified_after", api_is_date_or_datetime,
	  "an RFC 3339 date (2026-01-31) or date-time (2026-01-31T08:00:00Z)" },
	{ "country", api_is_country_param, "an ISO 3166-1 alpha-2 code such as CH" },
	{ "language", val_is_bcp47, "a BCP 47 language tag such as ro or pt-BR" },
	{ "category", api_is_code_list, "a service_type code such as sti_hiv_testing" },
	{ "access", api_is_code_list,
	  "access codes separated by commas, such as free,no_id_required" },
	{ "search", api_is_text, "at most 200 bytes of UTF-8 text" },
	{ "city", api_is_text, "at most 200 bytes of UTF-8 text" },
	{ "near", api_is_text, "at most 200 bytes of UTF-8 text" },
};

static int api_params_check(const struct http_request *req, struct dir_error *err)
{
	for (size_t i = 0; i < sizeof(param_checks) / sizeof(param_checks[0]); i++) {
		const char *v = http_query(req, param_checks[i].name);
		if (v != NULL && !param_checks[i].valid(v))
			dir_error_add(err, "invalid_parameter", NULL, "%s must be %s",
				      param_checks[i].name, param_checks[i].what);
	}
	return dir_error_isset(err) ? -1 : 0;
}

static const char *const list_params[] = { "search",
					   "page",
					   "per_page",
					   "organization_id",
					   "taxonomy_term_id",
					   "taxonomy_id",
					   "modified_after",
					   "full",
					   "city",
					   "country",
					   "language",
					   "category",
					   "access",
					   "lat",
					   "lon",
					   "radius_km",
					   "open_now",
					   "lang",
					   "format",
					   "near",
					   "minimal",
					   "full_service",
					   "top_only",
					   "parent_id",
					   "postcode",
					   "proximity",
					   "minimum_age",
					   "maximum_age",
					   "day",
					   "start_time",
					   "end_time",
					   NULL };

/* The Open Referral UK profile's list parameters (its openapi.json: on
 * /services and /service_at_locations), checked by search.c. */
static const char *const uk_params[] = { "minimum_age", "maximum_age", "day", "start_time",
					 "end_time" };

/* HSDS 3.0 parameters of one list only (openapi.json): elsewhere refused. */
static const struct {
	const char *name, *record, *path;
} list_only_params[] = {
	{ "minimal", "service", "/services" },
	{ "full_service", "organization", "/organizations" },
	{ "top_only", "taxonomy_term", "/taxonomy_terms" },
	{ "parent_id", "taxonomy_term", "/taxonomy_terms" },
	{ "postcode", "service_at_location", "/service_at_locations" },
	{ "proximity", "service_at_location", "/service_at_locations" },
};

static int api_hsds_params_check(const struct http_request *req, struct dir_error *err)
{
	const char *format = http_query(req, "format");

	for (size_t i = 0; i < sizeof(list_only_params) / sizeof(list_only_params[0]); i++)
		if (http_query(req, list_only_params[i].name) != NULL &&
		    strcmp(req->record, list_only_params[i].record) != 0)
			dir_error_add(err, "invalid_parameter", NULL, "%s applies to %s only",
				      list_only_params[i].name, list_only_params[i].path);
	for (size_t i = 0; i < sizeof(uk_params) / sizeof(uk_params[0]); i++)
		if (http_query(req, uk_params[i]) != NULL && strcmp(req->record, "service") != 0 &&
		    strcmp(req->record, "service_at_location") != 0)
			dir_error_add(err, "invalid_parameter", NULL,
				      "%s (Open Referral UK) applies to /services and "
				      "/service_at_locations only",
				      uk_params[i]);
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "ndjson") != 0)
		dir_error_add(
			err, "invalid_parameter", NULL,
			"format must be json (a Page) or ndjson (every result, one per line)");
	if (http_query(req, "proximity") != NULL && http_query(req, "postcode") == NULL)
		dir_error_add(err, "invalid_parameter", NULL,
			      "proximity is measured from a postcode: give postcode too");
	if (http_query(req, "proximity") != NULL &&
	    (http_query(req, "lat") != NULL || http_query(req, "near") != NULL))
		dir_error_add(err, "invalid_parameter", NULL,
			      "proximity names its own point: not with lat, lon or near");
	return dir_error_isset(err) ? -1 : 0;
}

/* postcode, proximity (metres), parent_id, top_only. */
static int api_hsds_query_read(const struct http_request *req, struct search_query *q,
			       struct dir_error *err)
{
	int has;

	q->postcode = http_query(req, "postcode");
	q->parent_id = http_query(req, "parent_id");
	if (q->postcode != NULL && (!api_is_text(q->postcode) || strlen(q->postcode) > 32)) {
		dir_error_add(err, "invalid_parameter", NULL, "postcode must be at most 32 bytes");
		return -1;
	}
	if (q->parent_id != NULL && !val_is_uuid(q->parent_id)) {
		dir_error_add(err, "invalid_parameter", NULL, "parent_id must be a UUID");
		return -1;
	}
	if (api_double_param(req, "proximity", 1, 20000000, &q->proximity_m, &has, err) != 0)
		return -1;
	return api_bool_param(req, "top_only", 0, &q->top_only, err);
}

static int api_query_read(const struct http_request *req, struct search_query *q,
			  struct dir_error *err)
{
	memset(q, 0, sizeof(*q));
	if (api_hsds_params_check(req, err) != 0 || http_query_check(req, list_params, err) != 0 ||
	    api_params_check(req, err) != 0 ||
	    api_paging_read(req, &q->page, &q->per_page, err) != 0 ||
	    api_geo_read(req, q, err) != 0 || api_hsds_query_read(req, q, err) != 0 ||
	    api_bool_param(req, "open_now", 0, &q->open_now, err) != 0)
		return -1;
	q->search = http_query(req, "search");
	q->city = http_query(req, "city");
	q->country = http_query(req, "country");
	q->language = http_query(req, "language");
	q->category = http_query(req, "category");
	q->access = http_query(req, "access");
	q->organization_id = http_query(req, "organization_id");
	q->taxonomy_term_id = http_query(req, "taxonomy_term_id");
	q->taxonomy_id = http_query(req, "taxonomy_id");
	q->modified_after = http_query(req, "modified_after");
	q->minimum_age = http_query(req, "minimum_age");
	q->maximum_age = http_query(req, "maximum_age");
	q->day = http_query(req, "day");
	q->start_time = http_query(req, "start_time");
	q->end_time = http_query(req, "end_time");
	return 0;
}

/* A list: its page comes as JSON text from search_list and is sent as is. */
/* Each list: its search and whether it takes full=. */
static const struct {
	const char *record;
	enum search_list list;
	int allow_full;
} list_kinds[] = {
	{ "service", SEARCH_SERVICES, 1 },
	{ "organization", SEARCH_ORGANIZATIONS, 1 },
	{ "service_at_location", SEARCH_SERVICE_AT_LOCATIONS, 1 },
	{ "taxonomy", SEARCH_TAXONOMIES, 0 },
	{ "taxonomy_term", SEARCH_TAXONOMY_TERMS, 0 },
};

/* minimal=true: each service as its id and last_modified only (HSDS 3.0:
 * "just service 'id' and 'modified_date'"; last_modified is the field of
 * service.json that holds that date). Replaces page's contents in place. */
static int api_minimal(json_t *page)
{
	json_t *contents = json_object_get(page, "contents"), *slim = json_array(), *item;
	size_t i;

	if (slim == NULL)
		return -1;
	json_array_foreach(contents, i, item)
	{
		json_array_append_new(slim, json_pack("{s:O?, s:O?}", "id",
						      json_object_get(item, "id"), "last_modified",
						      json_object_get(item, "last_modified")));
	}
	return json_object_set_new(page, "contents", slim);
}

/* One list request, read from the query: what api_list and the ndjson
 * stream share. The strings of q are the request's (borrowed). */
struct api_list_req {
	enum search_list list;
	struct search_query q;
	struct api_langs langs;
	struct store_view view;
	int minimal;
	long next_page; /* ndjson: the page to read next */
};

static int api_list_read(struct http_request *req, struct api_list_req *lr, struct dir_error *err)
{
	int allow_full = 1, full_service = 0;

	lr->list = SEARCH_SERVICES;
	for (size_t i = 0; i < sizeof(list_kinds) / sizeof(list_kinds[0]); i++)
		if (strcmp(list_kinds[i].record, req->record) == 0) {
			lr->list = list_kinds[i].list;
			allow_full = list_kinds[i].allow_full;
		}
	if (api_query_read(req, &lr->q, err) != 0 || api_langs_read(req, &lr->langs, err) != 0 ||
	    api_view_read(req, &lr->langs, allow_full, &lr->view, err) != 0 ||
	    api_bool_param(req, "minimal", 0, &lr->minimal, err) != 0 ||
	    api_bool_param(req, "full_service", 0, &full_service, err) != 0)
		return -1;
	if (full_service)
		lr->view.full = 1; /* our full organization nests its services in full */
	return 0;
}

/* The page of lr as JSON text (malloc'd), minimal applied. NULL with err. */
static char *api_list_page(PGconn *conn, const struct api_list_req *lr, size_t *len,
			   struct dir_error *err)
{
	char *text = search_list(conn, lr->list, &lr->q, &lr->view, len, err);
	json_t *page;

	if (text == NULL || !lr->minimal)
		return text;
	page = json_loadb(text, *len, 0, NULL);
	free(text);
	text = page != NULL && api_minimal(page) == 0 ? json_dumps(page, JSON_COMPACT) : NULL;
	json_decref(page);
	if (text == NULL)
		dir_error_add(err, "internal_error", NULL, "the list could not be rendered");
	else
		*len = strlen(text);
	return text;
}

/* format=ndjson: the next page's items, one JSON text per line. */
static int api_ndjson_next(void *state, PGconn *conn, struct buf *out, struct dir_error *err)
{
	struct api_list_req *lr = state;
	json_t *page, *item;
	char *text, *line;
	size_t len, i;
	int more = 0;

	lr->q.page = lr->next_page++;
	if ((text = api_list_page(conn, lr, &len, err)) == NULL)
		return -1;
	page = json_loadb(text, len, 0, NULL);
	free(text);
	json_array_foreach(json_object_get(page, "contents"), i, item)
	{
		line = json_dumps(item, JSON_COMPACT);
		if (line == NULL || buf_adds(out, line) != 0 || buf_add(out, "\n", 1) != 0)
			more = -1;
		free(line);
	}
	if (more == 0 && page != NULL)
		more = json_is_false(json_object_get(page, "last_page")) ? 1 : 0;
	json_decref(page);
	if (more < 0)
		dir_error_add(err, "internal_error", NULL, "the list could not be written");
	return more;
}

/* format=ndjson: every result without paging (page and per_page are
 * ignored), streamed a page of per_page_max at a time. */
static void api_list_ndjson(struct http_request *req, struct http_response *resp,
			    const struct api_list_req *lr)
{
	struct api_list_req *st = malloc(sizeof(*st));

	if (st == NULL) {
		http_fail(resp, "internal_error", NULL, "out of memory");
		return;
	}
	*st = *lr;
	/* the tags point into langs.buf: point them into the copy's */
	for (size_t i = 0; i < st->langs.n; i++)
		st->langs.tags[i] = st->langs.buf + (lr->langs.tags[i] - lr->langs.buf);
	st->view.langs = st->langs.tags;
	st->next_page = 1;
	st->q.page = 1;
	pthread_rwlock_rdlock(&req->app->config_lock);
	st->q.per_page = req->app->cfg.per_page_max;
	pthread_rwlock_unlock(&req->app->config_lock);
	api_stream_respond(req, resp, "application/x-ndjson; charset=utf-8", api_ndjson_next, st,
			   free);
}

void api_list(struct http_request *req, struct http_response *resp)
{
	struct api_list_req lr;
	struct dir_error err;
	const char *format;

	memset(&lr, 0, sizeof(lr));
	dir_error_init(&err);
	if (api_list_read(req, &lr, &err) != 0) {
		http_error(resp, &err);
		dir_error_clear(&err);
		return;
	}
	format = http_query(req, "format");
	if (format != NULL && strcmp(format, "ndjson") == 0) {
		dir_error_clear(&err);
		api_list_ndjson(req, resp, &lr);
		return;
	}
	PGconn *conn = db_pool_acquire(req->app->pool);
	resp->text = api_list_page(conn, &lr, &resp->text_len, &err);
	db_pool_release(req->app->pool, conn);
	if (resp->text == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}

static const char *const get_params[] = { "lang", "full_service", NULL };

/* full_service= on GET /organizations/{id}: our organization is always
 * served with its services in full, so it is checked and changes nothing. */
static int api_get_full_service(const struct http_request *req, struct dir_error *err)
{
	int full_service;

	if (http_query(req, "full_service") != NULL && strcmp(req->record, "organization") != 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "full_service applies to organizations only");
		return -1;
	}
	return api_bool_param(req, "full_service", 1, &full_service, err);
}

void api_get(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	struct api_langs langs;
	struct store_view view;
	const char *id;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 1, &err)) != NULL &&
	    http_query_check(req, get_params, &err) == 0 && api_get_full_service(req, &err) == 0 &&
	    api_langs_read(req, &langs, &err) == 0 &&
	    api_view_read(req, &langs, 0, &view, &err) == 0) {
		PGconn *conn = db_pool_acquire(req->app->pool);
		resp->body = store_get(conn, req->record, id, &view, &err);
		db_pool_release(req->app->pool, conn);
	}
	if (resp->body == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}
