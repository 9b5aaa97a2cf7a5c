/*
 * search.h - the list endpoints' queries: services, organizations,
 * service_at_locations, taxonomies and taxonomy terms, in the HSDS 3.0
 * Page envelope.
 *
 * Each list is one fixed SQL statement with every filter optional; the
 * filters themselves live in sql/50_search.sql
 * (dir_service_search) and are described in docs/data-model.md.
 */
#ifndef DIRECTORYD_SEARCH_H
#define DIRECTORYD_SEARCH_H

#include <jansson.h>

#include "db.h"
#include "store.h"

/*
 * One list request. Every string is borrowed and NULL when not given; all
 * given filters must hold (AND).
 *   search:          words matched as prefixes over names, descriptions and
 *                    translations (accent- and case-insensitive), ranked.
 *   city:            a place by any of its names in any language or
 *                    script (migrations/0050_places.sql), else the city of
 *                    an address, accent- and case-insensitive.
 *   country:         ISO 3166-1 alpha-2 of an address.
 *   language:        BCP 47 tag, matched on subtag boundaries.
 *   category:        a service_type code.
 *   access:          comma-separated access codes that must all hold.
 *   organization_id, taxonomy_term_id, taxonomy_id: UUIDs.
 *   modified_after:  ISO 8601 date or date-time.
 *   has_geo, lat, lon, radius_km: nearby search, degrees (WGS 84) and km.
 *   near:            nearby search around a place named as city= names it,
 *                    within radius_km (the caller sets it; has_geo unset).
 *   open_now:        1 for services open at this instant.
 *   postcode:        (service_at_locations) a postcode one of the
 *                    location's addresses has, compared without spaces
 *                    and case; confidential locations never match.
 *   parent_id:       (taxonomy_terms) terms whose parent is this UUID.
 *   top_only:        (taxonomy_terms) 1 for terms without a parent.
 *   proximity_m:     with postcode, > 0: a nearby search within this many
 *                    metres of the centroid of the node's own
 *                    non-confidential locations with an address of that
 *                    postcode, instead of the postcode match; none is
 *                    invalid_parameter.
 *   minimum_age, maximum_age, day, start_time, end_time: the Open Referral
 *                    UK profile's /services parameters, as given (checked
 *                    here: invalid_parameter): a service whose
 *                    minimum_age is at least minimum_age, whose
 *                    maximum_age is at most maximum_age (numbers of years,
 *                    0 to 200); with a schedule (its own, a
 *                    service_at_location's or a location's) open on day
 *                    (MO..SU or an English weekday name; a schedule without
 *                    byday is every day), opening at or after start_time
 *                    and closing at or before end_time (HH:MM or HH:MM:SS),
 *                    all of them on the same schedule.
 *   page:            1-based page number; per_page: page size (capped by
 *                    the caller; values below 1 are taken as 1).
 * Services without a local address (online, by phone, or serving the
 * country, region or city through service_areas) match place filters and
 * rank after local ones.
 */
struct search_query {
	const char *search, *city, *country, *language, *category, *access, *organization_id,
		*taxonomy_term_id, *taxonomy_id, *modified_after;
	const char *near;
	const char *postcode, *parent_id;
	const char *minimum_age, *maximum_age, *day, *start_time, *end_time;
	int top_only;
	double proximity_m;
	int has_geo;
	double lat, lon, radius_km;
	int open_now;
	long page, per_page;
};

/*
 * Each returns the HSDS Page envelope {total_items, total_pages,
 * page_number, size (items on this page), first_page, last_page, empty,
 * contents} as a new reference the caller json_decrefs, or NULL with err
 * set: invalid_parameter (a malformed UUID, time stamp or coordinate, or a
 * page beyond any result), or a database error code. Contents are rendered
 * with view (shape, languages, node id) as store_get does.
 *
 * search_services:             every filter. A city that names a place
 *                              adds "place" (which one was meant) to the
 *                              envelope; an empty page for a city or near
 *                              that names no place adds "suggestions",
 *                              places spelt like it.
 * search_organizations:        search over the organization's own texts,
 *                              organization_id and modified_after on the
 *                              organization; any other filter holds when
 *                              one of its services matches them all.
 * search_service_at_locations: the services' filters; place filters apply
 *                              to the service_at_location's own location
 *                              (non-local services keep all of theirs).
 * search_taxonomies:           search, taxonomy_id.
 * search_taxonomy_terms:       search (code, name, description,
 *                              translations, or the words of the term's
 *                              names and synonyms), taxonomy_id,
 *                              taxonomy_term_id.
 */
json_t *search_services(PGconn *conn, const struct search_query *q, const struct store_view *view,
			struct dir_error *err);
json_t *search_organizations(PGconn *conn, const struct search_query *q,
			     const struct store_view *view, struct dir_error *err);
json_t *search_service_at_locations(PGconn *conn, const struct search_query *q,
				    const struct store_view *view, struct dir_error *err);
json_t *search_taxonomies(PGconn *conn, const struct search_query *q, const struct store_view *view,
			  struct dir_error *err);
json_t *search_taxonomy_terms(PGconn *conn, const struct search_query *q,
			      const struct store_view *view, struct dir_error *err);

/* The lists, for search_list. */
enum search_list {
	SEARCH_SERVICES,
	SEARCH_ORGANIZATIONS,
	SEARCH_SERVICE_AT_LOCATIONS,
	SEARCH_TAXONOMIES,
	SEARCH_TAXONOMY_TERMS
};

/*
 * The same Page as JSON text, the way the HTTP layer sends it: the
 * contents exactly as PostgreSQL renders them (no parsing and writing
 * again), in the envelope. Returns a malloc'd NUL-terminated string the
 * caller frees, its length in *len; or NULL with err set, as above.
 */
char *search_list(PGconn *conn, enum search_list list, const struct search_query *q,
		  const struct store_view *view, size_t *len, struct dir_error *err);

#endif
