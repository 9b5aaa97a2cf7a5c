/*
 * guard.h - who may call a route: the guards of the route table
 * (directoryd/routes.c). Each runs before the route's handler, notes who
 * the caller is in the request, or refuses with the response set.
 * The peer guard (a request signed by a configured peer) is
 * fedhttp_verify_request (fedhttp.h).
 */
#ifndef DIRECTORYD_GUARD_H
#define DIRECTORYD_GUARD_H

#include "http.h"

/*
 * A registrar's write on an origin node: a mirror refuses every write first
 * (403 mirror_read_only, before looking at the token; docs/federation.md,
 * section 9); then the "Authorization: Bearer" token must be valid (401
 * unauthorized), and its scope (one organisation, or the whole node) goes
 * into req->scope for the handler to enforce. Returns 0, or -1 with resp set.
 */
int guard_registrar(struct http_request *req, struct http_response *resp);

/*
 * The node admin: a valid bearer token (401 unauthorized) whose scope is
 * the whole node (403 forbidden otherwise). Sets req->scope. Returns 0, or
 * -1 with resp set.
 */
int guard_node_admin(struct http_request *req, struct http_response *resp);

#endif
