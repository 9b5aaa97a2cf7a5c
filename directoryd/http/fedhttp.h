/*
 * fedhttp.h - the federation endpoints of the HTTP API and the RFC 9421
 * glue between them and the route table (directoryd/routes.c) (docs/federation.md, sections
 * 3, 4 and 6): verifying signed requests from peers, signing responses.
 */
#ifndef DIRECTORYD_FEDHTTP_H
#define DIRECTORYD_FEDHTTP_H

#include <microhttpd.h>
#include <stddef.h>

#include "http.h"

/*
 * Verify the request's signature (section 4, "Verification"): tag, covered
 * components, time window, Content-Digest of the body received, a trusted
 * transport key of a configured peer, and the replay cache. On success sets
 * req->peer and req->nonce and returns 0; otherwise sets resp to the error
 * (signature_missing, ..., nonce_replayed), logs its code and the peer's node
 * id (never an address) with log_msg, and returns -1.
 */
int fedhttp_verify_request(struct http_request *req, struct http_response *resp);

/*
 * Add Content-Digest, Signature-Input and Signature (response profile,
 * section 4) for the body about to be sent to r. content_type is the
 * response's Content-Type. Without a usable key of this node the response
 * goes out unsigned and the reason is logged.
 */
void fedhttp_sign_response(struct http_request *req, unsigned int status, const char *content_type,
			   const char *body, size_t len, struct MHD_Response *r);

/* GET /.well-known/directoryd (section 3). */
void fedhttp_wellknown(struct http_request *req, struct http_response *resp);
/* GET /federation/v1/changes (section 6). */
void fedhttp_changes(struct http_request *req, struct http_response *resp);
/* GET /federation/v1/snapshot (section 6). */
void fedhttp_snapshot(struct http_request *req, struct http_response *resp);
/* POST /federation/v1/notify: schedules a pull of the peer (section 6). */
void fedhttp_notify(struct http_request *req, struct http_response *resp);
/* GET /admin/peers (node admin): the status of each peer (section 9). */
void fedhttp_admin_peers(struct http_request *req, struct http_response *resp);

#endif
