/*
 * api_util.h - request parsing shared by the API handlers: language
 * preferences, paging, path ids, JSON bodies.
 */
#ifndef DIRECTORYD_API_UTIL_H
#define DIRECTORYD_API_UTIL_H

#include "http.h"
#include "store.h"

#define API_MAX_LANGS 8

struct api_langs {
	char buf[256];                   /* the tags, NUL-separated */
	const char *tags[API_MAX_LANGS]; /* point into buf, best first */
	size_t n;
};

/*
 * Read the reader's language preference: the lang= parameter (one tag or a
 * comma-separated list, best first) or else Accept-Language (RFC 9110
 * section 12.5.4, ordered by q). Malformed lang= values are an error
 * (invalid_parameter); malformed Accept-Language entries are skipped.
 * Returns 0 or -1 with err.
 */
int api_langs_read(const struct http_request *req, struct api_langs *langs, struct dir_error *err);

/*
 * Fill view for rendering: langs, full (from the full= parameter when
 * allow_full), node id. langs must outlive view. 0 or -1 with err.
 */
int api_view_read(const struct http_request *req, const struct api_langs *langs, int allow_full,
		  struct store_view *view, struct dir_error *err);

/*
 * page= (1-based, default 1) and per_page= (default and cap from the
 * configuration's per_page_max, itself default 100). 0 or -1 with err.
 */
int api_paging_read(const struct http_request *req, long *page, long *per_page,
		    struct dir_error *err);

/*
 * Segment seg of the path as a UUID (RFC 4122 text). Returns it (borrowed)
 * or NULL with err invalid_uuid.
 */
const char *api_path_uuid(const struct http_request *req, size_t seg, struct dir_error *err);

/*
 * Parse the body as one JSON object: Content-Type must be JSON, duplicate
 * keys, invalid UTF-8, \u0000 and nesting deeper than DIR_MAX_JSON_DEPTH
 * are refused (invalid_json, 400). Returns a new reference or NULL.
 * An in-process call (req->body_doc set) gets a deep copy of that document.
 */
json_t *api_body_object(const struct http_request *req, struct dir_error *err);

/*
 * A string member name of body: required, a string, at most max bytes.
 * Returns it (borrowed from body), or NULL with err missing_field or
 * wrong_type at "/name".
 */
const char *api_body_string(json_t *body, const char *name, size_t max, struct dir_error *err);

/*
 * Finish a handler: when err is set, the error's answer (body, a new
 * reference or NULL, is released); otherwise status with body (the
 * response takes the reference; NULL for none). Clears err.
 */
void api_finish(struct http_response *resp, json_t *body, unsigned int status,
		struct dir_error *err);

/* A boolean parameter: "true"/"1" or "false"/"0"; absent gives fallback. */
int api_bool_param(const struct http_request *req, const char *name, int fallback, int *out,
		   struct dir_error *err);

#endif
