/*
 * api_read.c - the HSDS 3.0 read API: GET /, /health, the lists with their
 * filters, and single records.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "search.h"
#include "validate.h"

#define HSDS_OPENAPI_URL \
	"https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

void api_root(struct http_request *req, struct http_response *resp)
{
	const struct dir_config *cfg = &req->app->cfg;

	/* GeoNames asks for attribution (CC BY 4.0): its place names serve
	 * city= and near= (docs/api.md, "### Places"). */
	resp->body = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s}]}", "version", "3.0",
			       "profile", "https://docs.openreferral.org/en/latest/hsds/",
			       "openapi_url", HSDS_OPENAPI_URL, "attribution", "name", "GeoNames",
			       "url", "https://www.geonames.org/", "license", "CC BY 4.0",
			       "license_url", "https://creativecommons.org/licenses/by/4.0/",
			       "used_for", "place names in other languages for city= and near=");
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

static const char *const list_params[] = {
	"search",         "page", "per_page", "organization_id", "taxonomy_term_id", "taxonomy_id",
	"modified_after", "full", "city",     "country",         "language",         "category",
	"access",         "lat",  "lon",      "radius_km",       "open_now",         "lang",
	"format",         "near", NULL
};

/* HSDS 3.0 API parameters this node does not implement: say so plainly. */
static const char *const hsds_unsupported[] = { "minimal",  "full_service", "top_only", "parent_id",
						"postcode", "proximity",    NULL };

static int api_hsds_params_check(const struct http_request *req, struct dir_error *err)
{
	const char *format = http_query(req, "format");

	for (const char *const *p = hsds_unsupported; *p != NULL; p++)
		if (http_query(req, *p) != NULL)
			dir_error_add(err, "invalid_parameter", NULL,
				      "the HSDS parameter %s is not supported by "
				      "directoryd; docs/api.md lists what is",
				      *p);
	if (format != NULL && strcmp(format, "json") != 0)
		dir_error_add(err, "invalid_parameter", NULL,
			      "format must be json; ndjson streaming is not "
			      "supported, page through the results instead");
	return dir_error_isset(err) ? -1 : 0;
}

static int api_query_read(const struct http_request *req, struct search_query *q,
			  struct dir_error *err)
{
	memset(q, 0, sizeof(*q));
	if (api_hsds_params_check(req, err) != 0 || http_query_check(req, list_params, err) != 0 ||
	    api_params_check(req, err) != 0 ||
	    api_paging_read(req, &q->page, &q->per_page, err) != 0 ||
	    api_geo_read(req, q, err) != 0 ||
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

void api_list(struct http_request *req, struct http_response *resp)
{
	enum search_list list = SEARCH_SERVICES;
	int allow_full = 1;
	struct dir_error err;
	struct search_query q;
	struct api_langs langs;
	struct store_view view;

	for (size_t i = 0; i < sizeof(list_kinds) / sizeof(list_kinds[0]); i++)
		if (strcmp(list_kinds[i].record, req->record) == 0) {
			list = list_kinds[i].list;
			allow_full = list_kinds[i].allow_full;
		}
	dir_error_init(&err);
	if (api_query_read(req, &q, &err) == 0 && api_langs_read(req, &langs, &err) == 0 &&
	    api_view_read(req, &langs, allow_full, &view, &err) == 0) {
		PGconn *conn = db_pool_acquire(req->app->pool);
		resp->text = search_list(conn, list, &q, &view, &resp->text_len, &err);
		db_pool_release(req->app->pool, conn);
	}
	if (resp->text == NULL)
		http_error(resp, &err);
	dir_error_clear(&err);
}

static const char *const get_params[] = { "lang", NULL };

void api_get(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	struct api_langs langs;
	struct store_view view;
	const char *id;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 1, &err)) != NULL &&
	    http_query_check(req, get_params, &err) == 0 &&
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
