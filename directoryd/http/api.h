/*
 * api.h - the handlers behind the routes of routes.c.
 *
 * Read handlers (api_read.c) serve HSDS 3.0 at the root paths; write
 * handlers (api_write.c) take HSDS documents with a bearer token. Each one
 * fills a struct http_response and never aborts on bad input.
 */
#ifndef DIRECTORYD_API_H
#define DIRECTORYD_API_H

#include "http.h"

void api_root(struct http_request *req, struct http_response *resp);
void api_health(struct http_request *req, struct http_response *resp);

/*
 * The record handlers: req->record (set from the routing table) names the
 * HSDS record ("service", "organization", "service_at_location",
 * "location", "taxonomy", "taxonomy_term").
 *   api_list:   GET of a list, the HSDS Page envelope;
 *   api_get:    GET of one record by the UUID in the path;
 *   api_write:  POST (create, 201) or PUT (replace, 200) of an
 *               organization, service or location, with a bearer token;
 *   api_delete: DELETE of one, with a bearer token (204).
 */
void api_list(struct http_request *req, struct http_response *resp);
void api_get(struct http_request *req, struct http_response *resp);
void api_write(struct http_request *req, struct http_response *resp);
void api_delete(struct http_request *req, struct http_response *resp);

/* GET /admin/eligibility_unchecked: node-admin token only. */
void api_admin_unchecked(struct http_request *req, struct http_response *resp);
/*
 * GET /admin/listings?state=stale|revalidation_pending|refused (node-admin
 * token): the coordinator's list of mirrored listings in that state, or of
 * refused records (apply_listings, federation/apply.h), as {"contents": [...]}.
 */
void api_admin_listings(struct http_request *req, struct http_response *resp);

#endif
