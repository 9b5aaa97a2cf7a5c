/*
 * api.h - the handlers behind the routes of http.c.
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

void api_list_services(struct http_request *req, struct http_response *resp);
void api_list_organizations(struct http_request *req, struct http_response *resp);
void api_list_service_at_locations(struct http_request *req, struct http_response *resp);
void api_list_taxonomies(struct http_request *req, struct http_response *resp);
void api_list_taxonomy_terms(struct http_request *req, struct http_response *resp);

void api_get_service(struct http_request *req, struct http_response *resp);
void api_get_organization(struct http_request *req, struct http_response *resp);
void api_get_service_at_location(struct http_request *req, struct http_response *resp);
void api_get_location(struct http_request *req, struct http_response *resp);
void api_get_taxonomy(struct http_request *req, struct http_response *resp);
void api_get_taxonomy_term(struct http_request *req, struct http_response *resp);

void api_post_organization(struct http_request *req, struct http_response *resp);
void api_put_organization(struct http_request *req, struct http_response *resp);
void api_delete_organization(struct http_request *req, struct http_response *resp);
void api_post_service(struct http_request *req, struct http_response *resp);
void api_put_service(struct http_request *req, struct http_response *resp);
void api_delete_service(struct http_request *req, struct http_response *resp);
void api_post_location(struct http_request *req, struct http_response *resp);
void api_put_location(struct http_request *req, struct http_response *resp);
void api_delete_location(struct http_request *req, struct http_response *resp);

/* GET /admin/eligibility_unchecked: node-admin token only. */
void api_admin_unchecked(struct http_request *req, struct http_response *resp);

#endif
