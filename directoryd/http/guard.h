/*
 * guard.h - who may call a route: the guards of the route table
 * (directoryd/routes.c). Each runs before the route's handler, notes who
 * the caller is in req->principal, or refuses with the response set.
 * The peer guard (a request signed by a configured peer) is
 * fedhttp_verify_request (fedhttp.h).
 */
#ifndef DIRECTORYD_GUARD_H
#define DIRECTORYD_GUARD_H

#include "http.h"

/*
 * A caller whose role the route admits (req->route->roles, a mask of
 * principal.h): the "Authorization: Bearer" session or API token must be
 * live (401 unauthorized), and its role among the route's (403
 * forbidden). Fills req->principal. A route whose roles are 0 (no entry)
 * is refused. Returns 0, or -1 with resp set.
 */
int guard_role(struct http_request *req, struct http_response *resp);

/*
 * A write on an origin node: a mirror refuses every write first (403
 * mirror_read_only, before looking at the credential; docs/federation.md,
 * section 9); then as guard_role. Returns 0, or -1 with resp set.
 */
int guard_write(struct http_request *req, struct http_response *resp);

#endif
