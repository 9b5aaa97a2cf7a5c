/*
 * client.h - signed HTTP requests to a peer with libcurl, and verification
 * of its signed responses (docs/federation.md, section 4).
 */
#ifndef DIRECTORYD_CLIENT_H
#define DIRECTORYD_CLIENT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "error.h"
#include "fedkey.h"

/* What a request is signed with and the limits it runs under. */
struct client_ctx {
	const struct fed_key *key; /* this node's current key (borrowed) */
	const char *keyid;         /* its key id */
	long timeout;              /* s, whole request */
	long max_response;         /* bytes of body accepted */
	long max_age;              /* s, oldest response signature accepted */
};

/* A peer's answer. Free with client_response_free. */
struct client_response {
	long status; /* HTTP status */
	char *body;  /* NUL-terminated, malloc'd */
	size_t len;
	char signer[FED_KEYID_MAX]; /* key id whose signature verified, or "" */
};

/*
 * Send a signed request to a peer and verify the signed response.
 *   conn:      this node's database (trusted keys).
 *   base_url:  the peer's public_url (no trailing "/").
 *   node_id:   the peer's node id: the response must be signed by it.
 *   method:    "GET" or "POST"; body (JSON, may be NULL) for POST.
 *   path:      path and query, starting with "/".
 * Returns 0 when the peer answered with a response whose signature holds
 * (any status: the caller reads out->status), or -1 with err set:
 * peer_unavailable (no answer, timeout, response too large), or the
 * verification's code (signature_missing ... digest_mismatch,
 * unknown_key). On a verification failure out still holds the response, so
 * that the caller may read what can be checked on its own (revocations).
 */
int client_request(const struct client_ctx *ctx, PGconn *conn, const char *base_url,
		   const char *node_id, const char *method, const char *path, const char *body,
		   struct client_response *out, struct dir_error *err);

/* Free the body. Safe on a zeroed struct. */
void client_response_free(struct client_response *r);

#endif
