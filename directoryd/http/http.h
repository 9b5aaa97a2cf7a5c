/*
 * http.h - the HTTP transport (libmicrohttpd): requests, responses, and the
 * matching of a route table it is given (directoryd/routes.c holds the one
 * table; the transport knows nothing of federation, tokens or roles).
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
#include "principal.h"

/* Largest request body accepted, in bytes (larger: 413). */
#define HTTP_MAX_BODY (1024u * 1024u)
/* Largest body of an HTTP_ROUTE_UPLOAD route (POST /import), in bytes. */
#define HTTP_MAX_UPLOAD   (64u * 1024u * 1024u)
#define HTTP_MAX_SEGMENTS 8
/* The Content-Type of every response. */
#define HTTP_JSON_TYPE "application/json; charset=utf-8"

struct http_route;

struct http_request {
	struct app *app;
	const struct http_route *route; /* the route matched, or NULL */
	struct MHD_Connection *conn;
	const char *method;
	const char *segs[HTTP_MAX_SEGMENTS]; /* path segments, borrowed */
	size_t nsegs;
	const char *record; /* HSDS record the route is about ("service"), or NULL */
	char *body;         /* NUL-terminated body, owned by the server */
	size_t body_len;
	/* The body already as JSON (borrowed), set when a page of this node
	 * calls a handler in-process (directoryd/web/manage_call.c): used by
	 * api_body_object instead of body, so the form and the API share one
	 * code path. NULL for a request from the network. */
	json_t *body_doc;
	const char *raw_uri; /* request-target as received (path?query), owned by the server */
	/* Who the route's guard found the caller to be (guard.h); role
	 * AUTH_ROLE_NONE on the routes anyone may call. The transport only
	 * carries it (auth is a layer below: HACKING.md, "Layers"). */
	struct auth_principal principal;
	/* Federation (http/fedhttp.c): set when the request's RFC 9421
	 * signature verified, and used to sign the response. */
	char peer[256]; /* node id of the peer that signed the request, or "" */
	char nonce[64]; /* the request signature's nonce, or "" */
	int close;      /* answer with Connection: close (framing refused) */
};

struct http_response {
	unsigned int status; /* HTTP status code */
	json_t *body;        /* owned; sent as application/json */
	/* Or a body already written as JSON text (malloc'd, owned), sent as
	 * it is when body is NULL: the lists, whose page PostgreSQL renders. */
	char *text;
	size_t text_len;
	long retry_after; /* > 0: sent as Retry-After (seconds) */
	/* Headers a handler may choose (static strings; NULL keeps the JSON
	 * default): Content-Type (HTTP_JSON_TYPE), Cache-Control ("no-store"),
	 * Vary (none), Content-Security-Policy ("default-src 'none'; ..."). The
	 * pages (directoryd/web) send HTML and CSS with them. */
	const char *content_type;
	const char *cache_control;
	const char *vary;
	const char *csp;
	/* Set by the transport: the methods of the path (Allow on OPTIONS and
	 * 405), and whether the route is a public read (CORS headers). */
	char allow[64];
	int cors;
	int options; /* the answer to OPTIONS: Allow, and the preflight's headers */
	/* A body written while it is sent (format=ndjson, /export), instead of
	 * body or text: libmicrohttpd calls stream(stream_cls, pos, buf, max)
	 * for the next bytes (MHD_ContentReaderCallback: bytes written, or
	 * MHD_CONTENT_READER_END_OF_STREAM, or MHD_CONTENT_READER_END_WITH_ERROR
	 * to cut the connection), and stream_free(stream_cls) once done, sent
	 * or not. The transport owns stream_cls from the handler's return. */
	MHD_ContentReaderCallback stream;
	MHD_ContentReaderFreeCallback stream_free;
	void *stream_cls;
	const char *disposition; /* Content-Disposition, static or NULL */
	/* A redirect's target (a path on this node, sent as Location when not
	 * empty) and one Set-Cookie value (the /manage session, when not
	 * empty); the registrars' pages (directoryd/web/manage_*.c) set them. */
	char location[512];
	char set_cookie[320];
};

/* Answer the request: fill resp (status, body). Never aborts on bad input. */
typedef void (*http_handler)(struct http_request *req, struct http_response *resp);

/*
 * Decide whether the caller may use the route, before its handler runs:
 * return 0 to go on (having noted who the caller is in req), or -1 with
 * resp set to the refusal (401, 403, ...).
 */
typedef int (*http_guard)(struct http_request *req, struct http_response *resp);

/*
 * Sign a response about to be sent: add headers to r for the body (len
 * bytes, borrowed) of the given status and content type.
 */
typedef void (*http_signer)(struct http_request *req, unsigned int status, const char *content_type,
			    const char *body, size_t len, struct MHD_Response *r);

/* One row of the route table (directoryd/routes.c). */
struct http_route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/services/:id": ":name" matches any one segment */
	http_handler handler;
	const char *record; /* the HSDS record it serves (req->record), or NULL */
	http_guard guard;   /* who may call it; NULL: anyone */
	unsigned int roles; /* the roles the guard admits (principal.h); opaque here */
	http_signer sign;   /* how the response is signed; NULL: not signed */
	unsigned int flags; /* HTTP_ROUTE_* */
};

/* Route flags. A public read: its answers carry Access-Control-Allow-Origin: *
 * and OPTIONS answers a CORS preflight for it (never on admin, write or
 * federation routes). */
#define HTTP_ROUTE_CORS 1u
/* The route reads a parameter given more than once (the search page's
 * access=); elsewhere a repeated query parameter gets 400
 * duplicate_parameter before the guard runs. */
#define HTTP_ROUTE_REPEATS 2u
/* An upload (POST /import): its body may reach HTTP_MAX_UPLOAD, and its
 * guard runs when the head is in, so a caller it refuses is answered
 * before sending the body. */
#define HTTP_ROUTE_UPLOAD 4u

/*
 * Start serving on cfg->listen with a thread per connection (at most
 * cfg->max_connections), the connection limits and timeout of the
 * configuration, answering the nroutes
 * routes of routes (borrowed; must outlive the daemon). A path no route
 * matches gets 404, a known path with another method 405 with Allow. HEAD
 * is answered as GET without the body; OPTIONS on a known path answers 204
 * with Allow (and the CORS preflight of HTTP_ROUTE_CORS routes), without
 * running a guard or handler. Returns the
 * daemon handle (stop with http_stop), or NULL with err set.
 */
struct MHD_Daemon *http_start(struct app *app, const struct http_route *routes, size_t nroutes,
			      struct dir_error *err);

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

/*
 * The client's address as bytes for a keyed hash (throttle.h), into out
 * (cap bytes). Returns the length, or 0 when unknown. Never logged or stored.
 */
size_t http_client_address(const struct http_request *req, void *out, size_t cap);

/* Set resp to a one-violation error. */
void http_fail(struct http_response *resp, const char *code, const char *field,
	       const char *message);

#endif
