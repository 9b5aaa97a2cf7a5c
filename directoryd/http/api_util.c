/*
 * api_util.c - parsing of the parts of a request every handler needs.
 */
#include "api_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "validate.h"

int api_langs_read(const struct http_request *req, struct api_langs *langs, struct dir_error *err)
{
	const char *lang = http_query(req, "lang");

	memset(langs, 0, sizeof(*langs));
	if (lang == NULL) {
		const char *al = http_header(req, "Accept-Language");
		if (al != NULL)
			langs->n = lang_parse_accept_language(al, langs->buf, sizeof(langs->buf),
							      langs->tags, API_MAX_LANGS);
		return 0;
	}
	if (lang_parse_list(lang, langs->buf, sizeof(langs->buf), langs->tags, API_MAX_LANGS,
			    &langs->n) != 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "lang must be BCP 47 language tags separated "
			      "by commas, such as ro or pt-BR,pt");
		return -1;
	}
	return 0;
}

int api_bool_param(const struct http_request *req, const char *name, int fallback, int *out,
		   struct dir_error *err)
{
	const char *v = http_query(req, name);

	if (v == NULL) {
		*out = fallback;
		return 0;
	}
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
		*out = 1;
	} else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
		*out = 0;
	} else {
		dir_error_add(err, "invalid_parameter", NULL, "%s must be true or false", name);
		return -1;
	}
	return 0;
}

int api_view_read(const struct http_request *req, const struct api_langs *langs, int allow_full,
		  struct store_view *view, struct dir_error *err)
{
	memset(view, 0, sizeof(*view));
	view->langs = langs->tags;
	view->nlangs = langs->n;
	view->node_id = req->app->node_id;
	view->full = 1;
	if (allow_full)
		return api_bool_param(req, "full", 0, &view->full, err);
	return 0;
}

/* A positive whole number parameter, or fallback when absent. */
static int api_long_param(const struct http_request *req, const char *name, long fallback, long max,
			  long *out, struct dir_error *err)
{
	const char *v = http_query(req, name);
	char *end;
	long n;

	if (v == NULL) {
		*out = fallback;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 1 || n > max) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "%s must be a whole number from 1 to %ld", name, max);
		return -1;
	}
	*out = n;
	return 0;
}

int api_paging_read(const struct http_request *req, long *page, long *per_page,
		    struct dir_error *err)
{
	long max;

	pthread_rwlock_rdlock(&req->app->config_lock);
	max = req->app->cfg.per_page_max;
	pthread_rwlock_unlock(&req->app->config_lock);
	if (api_long_param(req, "page", 1, 1000000, page, err) != 0)
		return -1;
	if (http_query(req, "per_page") != NULL &&
	    api_long_param(req, "per_page", max, 1000000, per_page, err) != 0)
		return -1;
	if (http_query(req, "per_page") == NULL)
		*per_page = max;
	if (*per_page > max)
		*per_page = max;
	return 0;
}

const char *api_path_uuid(const struct http_request *req, size_t seg, struct dir_error *err)
{
	if (seg >= req->nsegs || !val_is_uuid(req->segs[seg])) {
		dir_error_add(err, "invalid_uuid", NULL,
			      "the id in the path must be a UUID such as "
			      "2b7d8e1c-5f3a-4c2e-9d1b-0a6e4f8c7b21");
		return NULL;
	}
	return req->segs[seg];
}

static int api_is_json_type(const char *ct)
{
	if (ct == NULL)
		return 1; /* curl -d without -H still means JSON here */
	return strncasecmp(ct, "application/json", 16) == 0 &&
	       (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

json_t *api_body_object(const struct http_request *req, struct dir_error *err)
{
	json_error_t jerr;
	json_t *doc;

	if (req->body_doc != NULL)
		return json_deep_copy(req->body_doc);
	if (!api_is_json_type(http_header(req, "Content-Type"))) {
		dir_error_add(err, "unsupported_media_type", NULL,
			      "send the body as Content-Type: application/json");
		return NULL;
	}
	doc = json_loadb(req->body != NULL ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES,
			 &jerr);
	if (doc == NULL) {
		dir_error_add(err, "invalid_json", NULL,
			      "the body is not valid JSON (line %d, column %d): %s", jerr.line,
			      jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(doc) || val_json_depth(doc) > DIR_MAX_JSON_DEPTH) {
		dir_error_add(err, "invalid_json", NULL,
			      json_is_object(doc)
				      ? "the body is nested deeper than %d levels"
				      : "the body must be a JSON object (depth limit %d)",
			      DIR_MAX_JSON_DEPTH);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

const char *api_body_string(json_t *body, const char *name, size_t max, struct dir_error *err)
{
	json_t *v = json_object_get(body, name);
	char ptr[64];

	snprintf(ptr, sizeof(ptr), "/%s", name);
	if (v == NULL) {
		dir_error_add(err, "missing_field", ptr, "%s is required", name);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) > max) {
		dir_error_add(err, "wrong_type", ptr, "%s must be a string of at most %zu bytes",
			      name, max);
		return NULL;
	}
	return json_string_value(v);
}

void api_finish(struct http_response *resp, json_t *body, unsigned int status,
		struct dir_error *err)
{
	if (dir_error_isset(err)) {
		json_decref(body);
		http_error(resp, err);
	} else {
		resp->status = status;
		resp->body = body;
	}
	dir_error_clear(err);
}
