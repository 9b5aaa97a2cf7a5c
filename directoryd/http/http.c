/*
 * http.c - libmicrohttpd set-up, body collection with a size cap, matching
 * the route table it is given (directoryd/routes.c), and JSON responses with
 * their security headers.
 */
#include "http.h"
#include "http_strict.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Per-request state: made on the first callback, freed on completion. */
struct http_state {
	struct http_request req;
	char *path;      /* writable copy of the URL path, split in place */
	char *raw_uri;   /* request-target as received */
	struct buf body; /* the body, up to max; req.body points into it */
	size_t max;      /* largest body accepted: HTTP_MAX_BODY, or HTTP_MAX_UPLOAD */
	int too_large;
	int started;  /* the first request callback has run */
	int answered; /* a response is queued: later callbacks only drain the body */
};

/* Split a copy of url into segments. -1 when there are too many. */
static int http_split(struct http_state *st, const char *url)
{
	char *p;

	st->path = strdup(url);
	if (st->path == NULL)
		return -1;
	p = st->path;
	while (*p != '\0') {
		while (*p == '/')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (st->req.nsegs == HTTP_MAX_SEGMENTS)
			return -1;
		st->req.segs[st->req.nsegs++] = p;
		p += strcspn(p, "/");
	}
	return 0;
}

/* Does the route's pattern match the request's segments? */
static int http_match(const char *pattern, const struct http_request *req)
{
	size_t i = 0;
	const char *p = pattern;

	while (*p == '/')
		p++;
	while (*p != '\0') {
		size_t len = strcspn(p, "/");
		if (i >= req->nsegs)
			return 0;
		if (p[0] != ':' &&
		    (strlen(req->segs[i]) != len || strncmp(p, req->segs[i], len) != 0))
			return 0;
		i++;
		p += len;
		while (*p == '/')
			p++;
	}
	return i == req->nsegs;
}

/* The method a route must have to answer req: HEAD is answered as GET. */
static const char *http_route_method(const struct http_request *req)
{
	return strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
}

/* Add method to the comma list allow (cap bytes) unless it is there. */
static void http_allow_add(char *allow, size_t cap, const char *method)
{
	size_t len = strlen(allow), mlen = strlen(method);

	for (const char *p = allow; (p = strstr(p, method)) != NULL; p += mlen)
		if ((p == allow || p[-1] == ' ') && (p[mlen] == ',' || p[mlen] == '\0'))
			return;
	if (len + mlen + 3 > cap)
		return;
	snprintf(allow + len, cap - len, "%s%s", len > 0 ? ", " : "", method);
}

/*
 * Find the route, setting req->record. allow (cap bytes) receives the
 * methods of the path (with HEAD beside GET, and OPTIONS), "" when no
 * route has it; *cors whether its GET route is a public read.
 */
static const struct http_route *http_route(struct http_request *req, char *allow, size_t cap,
					   int *cors)
{
	const struct http_route *routes = req->app->routes, *found = NULL;
	const char *method = http_route_method(req);

	allow[0] = '\0';
	*cors = 0;
	for (size_t i = 0; i < req->app->nroutes; i++) {
		if (!http_match(routes[i].pattern, req))
			continue;
		http_allow_add(allow, cap, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0) {
			http_allow_add(allow, cap, "HEAD");
			*cors = (routes[i].flags & HTTP_ROUTE_CORS) != 0;
		}
		if (found == NULL && strcmp(routes[i].method, method) == 0)
			found = &routes[i];
	}
	if (allow[0] != '\0')
		http_allow_add(allow, cap, "OPTIONS");
	if (found != NULL) {
		req->record = found->record;
		*cors = (found->flags & HTTP_ROUTE_CORS) != 0;
	}
	return found;
}

void http_error(struct http_response *resp, const struct dir_error *err)
{
	json_decref(resp->body);
	free(resp->text);
	resp->text = NULL;
	resp->text_len = 0;
	resp->status = dir_error_status(err->code);
	resp->body = dir_error_to_json(err);
}

void http_fail(struct http_response *resp, const char *code, const char *field, const char *message)
{
	struct dir_error err;

	dir_error_init(&err);
	dir_error_add(&err, code, field, "%s", message);
	http_error(resp, &err);
	dir_error_clear(&err);
}

const char *http_query(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct query_check {
	const char *const *allowed;
	struct dir_error *err;
};

static enum MHD_Result http_query_visit(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	struct query_check *qc = cls;

	(void)kind;
	(void)value;
	for (const char *const *a = qc->allowed; *a != NULL; a++)
		if (strcmp(*a, key) == 0)
			return MHD_YES;
	dir_error_add(qc->err, "invalid_parameter", NULL,
		      "unknown query parameter \"%.64s\"; docs/api.md lists "
		      "the parameters of each endpoint",
		      key);
	return MHD_YES;
}

int http_query_check(const struct http_request *req, const char *const *allowed,
		     struct dir_error *err)
{
	struct query_check qc = { allowed, err };

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, http_query_visit, &qc);
	return dir_error_isset(err) ? -1 : 0;
}

/* The response's type, caching and policy: JSON and no-store unless the
 * handler chose otherwise (the pages, directoryd/web). */
static void http_add_headers(struct MHD_Response *r, const struct http_response *resp)
{
	MHD_add_response_header(r, "Content-Type",
				resp->content_type != NULL ? resp->content_type : HTTP_JSON_TYPE);
	MHD_add_response_header(r, "Cache-Control",
				resp->cache_control != NULL ? resp->cache_control : "no-store");
	if (resp->vary != NULL)
		MHD_add_response_header(r, "Vary", resp->vary);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				resp->csp != NULL ? resp->csp
						  : "default-src 'none'; frame-ancestors 'none'");
	if (resp->allow[0] != '\0' && (resp->options || resp->status == 405))
		MHD_add_response_header(r, "Allow", resp->allow);
	if (resp->cors)
		MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
	if (resp->cors && resp->options) {
		/* the preflight: reads only, with the headers a reader may choose */
		MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
		MHD_add_response_header(r, "Access-Control-Allow-Headers",
					"Accept, Accept-Language");
		MHD_add_response_header(r, "Access-Control-Max-Age", "86400");
	}
	if (resp->disposition != NULL)
		MHD_add_response_header(r, "Content-Disposition", resp->disposition);
	if (resp->location[0] != '\0')
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->set_cookie[0] != '\0')
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
}

/* A body written while it is sent (resp->stream): its headers, no
 * signature (no route that streams is signed). */
static enum MHD_Result http_send_stream(struct http_request *req, struct http_response *resp)
{
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, 32 * 1024, resp->stream, resp->stream_cls, resp->stream_free);
	enum MHD_Result rc;

	if (r == NULL) {
		resp->stream_free(resp->stream_cls);
		return MHD_NO;
	}
	resp->stream_cls = NULL;
	http_add_headers(r, resp);
	if (req->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	rc = MHD_queue_response(req->conn, resp->status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result http_send(struct http_request *req, struct http_response *resp)
{
	struct MHD_Connection *conn = req->conn;
	char *text = NULL;
	size_t len = 0;
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (resp->stream != NULL && resp->body == NULL && resp->text == NULL)
		return http_send_stream(req, resp);
	if (resp->body != NULL) {
		text = json_dumps(resp->body, JSON_COMPACT);
		len = text != NULL ? strlen(text) : 0;
	} else if (resp->text != NULL) {
		text = resp->text; /* handed over to libmicrohttpd */
		len = resp->text_len;
		resp->text = NULL;
	}
	if (text == NULL && resp->status == 204) {
		text = strdup("");
	} else if (text == NULL) {
		text = strdup("{\"error\":{\"code\":\"internal_error\",\"message\":"
			      "\"out of memory\",\"field\":null,\"details\":[]}}");
		resp->status = 500;
		if (text == NULL)
			return MHD_NO;
		len = strlen(text);
	}
	r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(text);
		return MHD_NO;
	}
	http_add_headers(r, resp);
	if (resp->retry_after > 0) {
		char seconds[24];
		snprintf(seconds, sizeof(seconds), "%ld", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", seconds);
	}
	if (req->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (req->route != NULL && req->route->sign != NULL)
		req->route->sign(req, resp->status, HTTP_JSON_TYPE, text, len, r);
	rc = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Append upload data to the body, up to HTTP_MAX_BODY (then, or without memory, 413). */
static void http_collect(struct http_state *st, const char *data, size_t size)
{
	if (st->too_large)
		return;
	if (buf_add(&st->body, data, size) != 0) {
		st->too_large = 1;
		return;
	}
	st->req.body = st->body.data;
	st->req.body_len = st->body.len;
}

/* Query parameters must be UTF-8 text before any guard or handler sees them: 0, or -1 answered. */
static int http_dispatch_query(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	int rc;

	dir_error_init(&err);
	if ((rc = http_strict_query(req->conn, &err)) != 0)
		http_error(resp, &err);
	dir_error_clear(&err);
	return rc;
}

/* RFC 9112 refuses the framing: answer now and close the connection. */
static enum MHD_Result http_refuse_framing(struct http_state *st, struct dir_error *err)
{
	struct http_response resp = { .status = 400 };
	enum MHD_Result rc;

	atomic_fetch_add(&st->req.app->requests, 1);
	st->req.close = 1;
	http_error(&resp, err);
	rc = http_send(&st->req, &resp);
	json_decref(resp.body);
	return rc;
}

/* One query parameter name seen, for http_query_repeated. */
struct query_seen {
	const char *names[64];
	size_t n;
	struct dir_error *err;
};

static enum MHD_Result http_query_seen(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value)
{
	struct query_seen *qs = cls;

	(void)kind;
	(void)value;
	for (size_t i = 0; i < qs->n; i++)
		if (strcmp(qs->names[i], key) == 0) {
			dir_error_add(qs->err, "duplicate_parameter", NULL,
				      "the query parameter \"%.64s\" is given more than once; "
				      "give it once (lists are comma-separated)",
				      key);
			return MHD_NO;
		}
	if (qs->n < sizeof(qs->names) / sizeof(qs->names[0]))
		qs->names[qs->n++] = key;
	return MHD_YES;
}

/* A repeated query parameter (page=1&page=2): 0, or -1 answered with 400
 * duplicate_parameter. Routes that read repeats (HTTP_ROUTE_REPEATS) skip it. */
static int http_query_repeated(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	struct query_seen qs = { .n = 0, .err = &err };

	if (req->route->flags & HTTP_ROUTE_REPEATS)
		return 0;
	dir_error_init(&err);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, http_query_seen, &qs);
	int rc = dir_error_isset(&err) ? -1 : 0;

	if (rc != 0)
		http_error(resp, &err);
	dir_error_clear(&err);
	return rc;
}

/* OPTIONS on a known path: 204 with Allow, and a CORS preflight's answer
 * for a public read. No guard runs: a preflight carries no credentials. */
static void http_options(struct http_response *resp)
{
	resp->status = 204;
	resp->options = 1;
}

/* The route is found: check the query, run the guard, then the handler. */
static void http_dispatch_route(struct http_request *req, struct http_response *resp)
{
	if (http_dispatch_query(req, resp) == 0 && http_query_repeated(req, resp) == 0 &&
	    (req->route->guard == NULL || req->route->guard(req, resp) == 0))
		req->route->handler(req, resp);
}

/* The whole request is here: route it and answer. */
static enum MHD_Result http_dispatch(struct http_state *st)
{
	struct http_response resp = { .status = 200 };
	const struct http_route *route;

	atomic_fetch_add(&st->req.app->requests, 1);
	http_strict_phase(st->req.conn, HTTP_STRICT_ANSWERING);
	st->req.raw_uri = st->raw_uri != NULL ? st->raw_uri : "/";
	route = http_route(&st->req, resp.allow, sizeof(resp.allow), &resp.cors);
	if (st->too_large) {
		http_fail(&resp, "body_too_large", NULL,
			  st->max > HTTP_MAX_BODY
				  ? "the request body is over 64 MiB; split the upload"
				  : "the request body is over 1 MiB; split the upload");
	} else if (route != NULL) {
		st->req.route = route;
		http_dispatch_route(&st->req, &resp);
	} else if (resp.allow[0] != '\0' && strcmp(st->req.method, "OPTIONS") == 0) {
		http_options(&resp);
	} else if (resp.allow[0] != '\0') {
		http_fail(&resp, "method_not_allowed", NULL,
			  "this path does not take that method; see docs/api.md");
	} else {
		http_fail(&resp, "not_found", NULL, "no such endpoint");
	}
	if (resp.status >= 500)
		atomic_fetch_add(&st->req.app->server_errors, 1);
	enum MHD_Result rc = http_send(&st->req, &resp);
	json_decref(resp.body);
	free(resp.text);
	if (resp.stream_cls != NULL && resp.stream_free != NULL)
		resp.stream_free(resp.stream_cls);
	return rc;
}

size_t http_client_address(const struct http_request *req, void *out, size_t cap)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info != NULL ? info->client_addr : NULL;

	if (sa == NULL || sa->sa_family != AF_INET || cap < 4)
		return 0;
	memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	return 4;
}

/* Declared length over the cap: answer 413 before reading the body. */
static int http_declared_too_large(struct MHD_Connection *conn, size_t max)
{
	const char *cl =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 0;
	n = strtoull(cl, &end, 10);
	return end != cl && n > max;
}

/*
 * The head is in: an upload route takes a larger body, and its guard runs
 * now, so a refused caller is answered without sending the body. Returns
 * 0 to go on, or -1 when the refusal is queued.
 */
static int http_upload_head(struct http_state *st)
{
	struct http_response resp = { .status = 200 };
	const struct http_route *route;
	int rc = 0;

	st->max = HTTP_MAX_BODY;
	route = http_route(&st->req, resp.allow, sizeof(resp.allow), &resp.cors);
	if (route == NULL || !(route->flags & HTTP_ROUTE_UPLOAD))
		return 0;
	st->max = HTTP_MAX_UPLOAD;
	st->body.max = HTTP_MAX_UPLOAD;
	st->req.route = route;
	if (route->guard != NULL && route->guard(&st->req, &resp) != 0) {
		atomic_fetch_add(&st->req.app->requests, 1);
		http_send(&st->req, &resp);
		rc = -1;
	}
	json_decref(resp.body);
	free(resp.text);
	st->req.route = NULL;
	return rc;
}

static enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn, const char *url,
				       const char *method, const char *version, const char *upload,
				       size_t *upload_size, void **con_cls)
{
	struct http_state *st = *con_cls;

	if (st == NULL)
		return MHD_NO; /* http_on_uri made it; only memory can be missing */
	if (!st->started) {
		struct dir_error err;
		st->started = 1;
		st->req.app = cls;
		st->req.conn = conn;
		st->req.method = method;
		*con_cls = st;
		http_strict_phase(conn, HTTP_STRICT_BODY);
		dir_error_init(&err);
		if (http_strict_framing(conn, version, &err) != 0) {
			http_strict_linger(conn);
			enum MHD_Result rc = http_refuse_framing(st, &err);
			dir_error_clear(&err);
			st->answered = 1;
			return rc;
		}
		if (http_split(st, url) != 0) {
			st->req.nsegs = 0;
			st->req.segs[0] = "\x01"; /* matches no route: 404 */
			st->req.nsegs = 1;
		}
		if (http_upload_head(st) != 0) {
			st->answered = 1;
			http_strict_linger(conn);
			return MHD_YES;
		}
		if (http_declared_too_large(conn, st->max)) {
			st->too_large = 1;
			st->answered = 1;
			http_strict_linger(conn);
			return http_dispatch(st);
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (!st->answered)
			http_collect(st, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	/* Answered early (413, framing): a second response would make
	 * libmicrohttpd drop the connection before the first is read. */
	return st->answered ? MHD_YES : http_dispatch(st);
}

static void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			      enum MHD_RequestTerminationCode toe)
{
	struct http_state *st = *con_cls;

	(void)cls;
	(void)toe;
	http_strict_phase(conn, HTTP_STRICT_IDLE); /* kept alive for the next request */
	if (st == NULL)
		return;
	buf_free(&st->body); /* wiped: bodies hold passwords and invitation codes (/auth/) */
	free(st->path);
	free(st->raw_uri);
	free(st);
	*con_cls = NULL;
}

/*
 * The request-target as the client sent it, path and query, before
 * libmicrohttpd decodes it: RFC 9421's @target-uri needs the exact text.
 * Kept in the request's state and never written anywhere.
 */
static void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_state *st = calloc(1, sizeof(*st));

	(void)cls;
	http_strict_phase(conn, HTTP_STRICT_HEAD); /* a request line is in: its head runs */
	if (st != NULL && (st->raw_uri = strdup(uri)) == NULL) {
		free(st);
		st = NULL;
	}
	if (st != NULL)
		buf_init_wiped(&st->body, HTTP_MAX_BODY);
	return st;
}

/* libmicrohttpd's own messages can name client addresses: count, don't log. */
static void http_on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
}

static int http_parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	size_t hlen = colon != NULL ? (size_t)(colon - listen) : 0;
	char *end;
	long port;

	if (colon == NULL || hlen == 0 || hlen >= sizeof(host))
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		return inet_pton(AF_INET, "127.0.0.1", &sa->sin_addr) == 1 ? 0 : -1;
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

struct MHD_Daemon *http_start(struct app *app, const struct http_route *routes, size_t nroutes,
			      struct dir_error *err)
{
	const struct dir_config *cfg = &app->cfg;
	struct sockaddr_in sa;
	struct MHD_Daemon *d;

	if (http_parse_listen(cfg->listen, &sa) != 0) {
		dir_error_add(err, "invalid_parameter", "listen",
			      "listen must be an IPv4 ADDRESS:PORT, not \"%s\"", cfg->listen);
		return NULL;
	}
	app->routes = routes;
	app->nroutes = nroutes;
	if ((app->strict = http_strict_start(cfg->request_head_timeout, cfg->request_body_timeout,
					     cfg->connection_timeout, err)) == NULL)
		return NULL;
	/*
	 * A thread per connection, not a pool of event loops: a handler blocks
	 * (a statement waiting for a lock, a reconnect waiting for
	 * connect_timeout), and in a pool every other connection of that
	 * worker, kept-alive ones included, would wait for it unanswered. Here
	 * a blocked request holds up only its own connection; requests wait
	 * for each other only for a database connection (db_pool_acquire).
	 * select(), not poll(), with MHD_USE_ITC: libmicrohttpd 0.9.75 stops
	 * accepting at max_connections only in its select loop, so new
	 * connections wait in the kernel's queue (its poll loop accepts and
	 * closes them at once). select() takes descriptors below FD_SETSIZE,
	 * hence max_connections' bound of 800 (core/config.c): with the
	 * pool, the lingering sockets and the rest, every descriptor fits.
	 */
	d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC, 0,
		NULL, NULL, http_on_request, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK,
		http_on_uri, NULL, MHD_OPTION_NOTIFY_CONNECTION, http_strict_on_connection,
		app->strict, MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_log, NULL, MHD_OPTION_END);
	if (d == NULL) {
		http_strict_stop(app->strict);
		app->strict = NULL;
	}
	if (d == NULL)
		dir_error_add(err, "internal_error", "listen",
			      "cannot listen on %s: is the port in use or the "
			      "address not on this machine?",
			      cfg->listen);
	return d;
}

void http_stop(struct MHD_Daemon *daemon)
{
	if (daemon != NULL)
		MHD_stop_daemon(daemon);
}
