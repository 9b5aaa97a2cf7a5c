/*
 * routes.c - the one table of every endpoint (as cgit's cmd.c is the one
 * place that knows every page): method, path pattern, handler, the HSDS
 * record it serves, who may call it, and how its response is signed.
 * The HTTP transport (http/http.c) matches it and knows nothing of
 * federation, tokens or roles; the handlers never route.
 *
 * Who may call (the guard, run before the handler):
 *   ANYONE      no check;
 *   REGISTRAR   a bearer token (any organisation's, or the node admin's),
 *               on an origin node: a mirror refuses writes (guard_registrar);
 *   NODE_ADMIN  the node admin's token (guard_node_admin);
 *   PEER        an RFC 9421 signature of a configured peer
 *               (fedhttp_verify_request, docs/federation.md section 4).
 * How the response is signed:
 *   UNSIGNED, or SIGNED with this node's key (fedhttp_sign_response).
 */
#include "routes.h"

#include "api.h"
#include "fedhttp.h"
#include "guard.h"

#define ANYONE     NULL
#define REGISTRAR  guard_registrar
#define NODE_ADMIN guard_node_admin
#define PEER       fedhttp_verify_request
#define UNSIGNED   NULL
#define SIGNED     fedhttp_sign_response

const struct http_route routes_table[] = {
	/* method, pattern, handler, record, who may call, response signature */
	{ "GET", "/", api_root, NULL, ANYONE, UNSIGNED },
	{ "GET", "/health", api_health, NULL, ANYONE, UNSIGNED },
	/* HSDS 3.0 reads (docs/api.md) */
	{ "GET", "/services", api_list, "service", ANYONE, UNSIGNED },
	{ "GET", "/services/:id", api_get, "service", ANYONE, UNSIGNED },
	{ "GET", "/organizations", api_list, "organization", ANYONE, UNSIGNED },
	{ "GET", "/organizations/:id", api_get, "organization", ANYONE, UNSIGNED },
	{ "GET", "/service_at_locations", api_list, "service_at_location", ANYONE, UNSIGNED },
	{ "GET", "/service_at_locations/:id", api_get, "service_at_location", ANYONE, UNSIGNED },
	{ "GET", "/locations/:id", api_get, "location", ANYONE, UNSIGNED },
	{ "GET", "/taxonomies", api_list, "taxonomy", ANYONE, UNSIGNED },
	{ "GET", "/taxonomies/:id", api_get, "taxonomy", ANYONE, UNSIGNED },
	{ "GET", "/taxonomy_terms", api_list, "taxonomy_term", ANYONE, UNSIGNED },
	{ "GET", "/taxonomy_terms/:id", api_get, "taxonomy_term", ANYONE, UNSIGNED },
	/* registrations (docs/api.md, "Writing") */
	{ "POST", "/organizations", api_write, "organization", REGISTRAR, UNSIGNED },
	{ "PUT", "/organizations/:id", api_write, "organization", REGISTRAR, UNSIGNED },
	{ "DELETE", "/organizations/:id", api_delete, "organization", REGISTRAR, UNSIGNED },
	{ "POST", "/services", api_write, "service", REGISTRAR, UNSIGNED },
	{ "PUT", "/services/:id", api_write, "service", REGISTRAR, UNSIGNED },
	{ "DELETE", "/services/:id", api_delete, "service", REGISTRAR, UNSIGNED },
	{ "POST", "/locations", api_write, "location", REGISTRAR, UNSIGNED },
	{ "PUT", "/locations/:id", api_write, "location", REGISTRAR, UNSIGNED },
	{ "DELETE", "/locations/:id", api_delete, "location", REGISTRAR, UNSIGNED },
	/* the node admin */
	{ "GET", "/admin/eligibility_unchecked", api_admin_unchecked, NULL, NODE_ADMIN, UNSIGNED },
	{ "GET", "/admin/listings", api_admin_listings, NULL, NODE_ADMIN, UNSIGNED },
	{ "GET", "/admin/peers", fedhttp_admin_peers, NULL, NODE_ADMIN, UNSIGNED },
	/* federation (docs/federation.md, sections 3 and 6) */
	{ "GET", "/.well-known/directoryd", fedhttp_wellknown, NULL, ANYONE, SIGNED },
	{ "GET", "/federation/v1/changes", fedhttp_changes, NULL, PEER, SIGNED },
	{ "GET", "/federation/v1/snapshot", fedhttp_snapshot, NULL, PEER, SIGNED },
	{ "POST", "/federation/v1/notify", fedhttp_notify, NULL, PEER, SIGNED },
};

const size_t routes_count = sizeof(routes_table) / sizeof(routes_table[0]);
