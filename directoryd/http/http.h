/*
 * http.h - the HTTP server (libmicrohttpd) and its routing table.
 *
 * The server keeps no access log: no address, path, query or body is ever
 * written anywhere. Per-request state lives in struct http_request, made on
 * the first callback and freed in the completion callback.
 */
#ifndef DIRECTORYD_HTTP_H
#define DIRECTORYD_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>

#include "app.h"
#include "error.h"

/* Largest request body accepted, in bytes (larger: 413). */
#define HTTP_MAX_BODY     (1024u * 1024u)
#define HTTP_MAX_SEGMENTS 8
/* The Content-Type of every response. */
#define HTTP_JSON_TYPE "application/json; charset=utf-8"

struct http_request {
	struct app *app;
	struct MHD_Connection *conn;
	const char *method;
	const char *segs[HTTP_MAX_SEGMENTS]; /* path segments, borrowed */
	size_t nsegs;
	const char *record; /* HSDS record the route is about ("service"), or NULL */
	char *body;         /* NUL-terminated body, owned by the server */
	size_t body_len;
	const char *raw_uri; /* request-target as received (path?query), owned by the server */
	/* Federation (federation/fedhttp.c): set when the request's RFC 9421
	 * signature verified, and used to sign the response. */
	char peer[256];    /* node id of the peer that signed the request, or "" */
	char nonce[64];    /* the request signature's nonce, or "" */
	int sign_response; /* sign the response (federation routes) */
};

struct http_response {
	unsigned int status; /* HTTP status code */
	json_t *body;        /* owned; sent as application/json */
	/* Or a body already written as JSON text (malloc'd, owned), sent as
	 * it is when body is NULL: the lists, whose page PostgreSQL renders. */
	char *text;
	size_t text_len;
};

typedef void (*http_handler)(struct http_request *req, struct http_response *resp);

/*
 * Start serving on cfg->listen with a thread pool of cfg->threads, the
 * connection limits and timeout of the configuration. Returns the daemon
 * handle (stop with http_stop), or NULL with err set.
 */
struct MHD_Daemon *http_start(struct app *app, struct dir_error *err);

/* Stop the daemon: finishes the requests in flight, then returns. */
void http_stop(struct MHD_Daemon *daemon);

/*
 * Value of query parameter name, percent-decoded (borrowed), or NULL.
 */
const char *http_query(const struct http_request *req, const char *name);

/*
 * Refuse any query parameter not in allowed (a NULL-terminated list).
 * Returns 0, or -1 with one invalid_parameter detail per unknown name.
 */
int http_query_check(const struct http_request *req, const char *const *allowed,
		     struct dir_error *err);

/* Value of a request header (borrowed), or NULL. */
const char *http_header(const struct http_request *req, const char *name);

/* Set resp to the JSON error body for err, with the status of its code
 * (dropping any body or text already set). */
void http_error(struct http_response *resp, const struct dir_error *err);

/* Set resp to a one-violation error. */
void http_fail(struct http_response *resp, const char *code, const char *field,
	       const char *message);

#endif
