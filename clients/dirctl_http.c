/*
 * dirctl_http.c - dirctl's calls to a node with libcurl: URLs built with
 * libcurl's URL API, one request at a time with a protocol allow-list,
 * timeouts and a size cap, and the API's error object printed for a
 * person.
 */
#include "dirctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "autoconfig.h"
#include "buf.h"

/* The body being received: at most DIRCTL_MAX_RESPONSE bytes. */
struct sink {
	struct buf body;
	int too_large;
	FILE *save; /* a 2xx body goes here instead (dirctl export) */
	CURL *curl;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n;
	long status = 0;

	if (__builtin_mul_overflow(size, nmemb, &n)) {
		s->too_large = 1;
		return 0;
	}
	if (s->save != NULL) {
		curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300)
			return fwrite(ptr, 1, n, s->save);
	}
	if (buf_add(&s->body, ptr, n) != 0) {
		s->too_large = errno == EMSGSIZE;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Retry-After (seconds) of a 429 or 503 answer; other headers pass. */
static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct dirctl_response *resp = userdata;
	size_t n = size * nmemb, name = sizeof("Retry-After:") - 1;
	char value[24];
	char *end;
	long v;

	if (n > name && n - name < sizeof(value) && strncasecmp(ptr, "Retry-After:", name) == 0) {
		memcpy(value, ptr + name, n - name);
		value[n - name] = '\0';
		v = strtol(value, &end, 10);
		while (*end == ' ' || *end == '\r' || *end == '\n')
			end++;
		if (*end == '\0' && end != value && v >= 0)
			resp->retry_after = v;
	}
	return n;
}

char *dirctl_url_segment(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *out;

	if (e == NULL)
		return NULL;
	out = strdup(e);
	curl_free(e);
	return out;
}

/* Sets the URL's path: the base URL's own path, then path. */
static int url_join_path(CURLU *u, const char *path)
{
	char *base = NULL, *joined;
	size_t len, plen;
	int rc = -1;

	if (curl_url_get(u, CURLUPART_PATH, &base, 0) != CURLUE_OK)
		return -1;
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		len--;
	plen = strlen(path);
	if ((joined = malloc(len + plen + 1)) != NULL) {
		memcpy(joined, base, len);
		memcpy(joined + len, path, plen + 1);
		rc = curl_url_set(u, CURLUPART_PATH, joined, 0) == CURLUE_OK ? 0 : -1;
		free(joined);
	}
	curl_free(base);
	return rc;
}

/* Appends name=value, percent-encoded, to the URL's query. */
static int url_add_param(CURLU *u, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value) + 2;
	char *pair = malloc(n);
	int rc;

	if (pair == NULL)
		return -1;
	snprintf(pair, n, "%s=%s", name, value);
	rc = curl_url_set(u, CURLUPART_QUERY, pair, CURLU_APPENDQUERY | CURLU_URLENCODE);
	free(pair);
	return rc == CURLUE_OK ? 0 : -1;
}

/* A parsed base URL, http or https only; NULL with a message. */
static CURLU *url_base(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL;

	if (u == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		dirctl_warn("the node's URL \"%s\" is not a URL", url);
		goto fail;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		dirctl_warn("the node's URL must be http:// or https://, not %s://", scheme);
		goto fail;
	}
	curl_free(scheme);
	/* the node's own query or fragment would change what we ask */
	curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	return u;
fail:
	curl_free(scheme);
	curl_url_cleanup(u);
	return NULL;
}

char *dirctl_url(const struct dirctl *ctx, const char *path, const char *const *params)
{
	CURLU *u = url_base(ctx->url);
	char *full = NULL, *out = NULL;

	if (u == NULL)
		return NULL;
	if (url_join_path(u, path) != 0)
		goto fail;
	for (size_t i = 0; params != NULL && params[i] != NULL; i += 2) {
		if (params[i + 1] != NULL && url_add_param(u, params[i], params[i + 1]) != 0)
			goto fail;
	}
	if (curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK)
		goto fail;
	out = strdup(full);
	curl_free(full);
	curl_url_cleanup(u);
	return out;
fail:
	dirctl_warn("cannot make a URL of %s and %s", ctx->url, path);
	curl_url_cleanup(u);
	return NULL;
}

/* The request's headers (content_type: of the body, or NULL for none);
 * NULL when out of memory. */
static struct curl_slist *request_headers(const struct dirctl *ctx, const char *content_type,
					  int auth)
{
	struct curl_slist *h = NULL, *next;
	char *bearer = NULL, ct[128];
	size_t n;

	h = curl_slist_append(h, "Accept: application/json");
	snprintf(ct, sizeof(ct), "Content-Type: %s", content_type != NULL ? content_type : "");
	if (h != NULL && content_type != NULL && (next = curl_slist_append(h, ct)) != NULL)
		h = next;
	if (h != NULL && auth && ctx->token != NULL) {
		n = strlen(ctx->token) + sizeof("Authorization: Bearer ");
		if ((bearer = malloc(n)) == NULL)
			goto fail;
		snprintf(bearer, n, "Authorization: Bearer %s", ctx->token);
		next = curl_slist_append(h, bearer);
		explicit_bzero(bearer, n);
		free(bearer);
		if (next == NULL)
			goto fail;
		h = next;
	}
	return h;
fail:
	curl_slist_free_all(h);
	return NULL;
}

/* Sets the options of one exchange. */
static void request_options(CURL *c, const struct dirctl *ctx, const char *method, const char *url,
			    struct curl_slist *headers, struct sink *sink)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, ctx->timeout < 10 ? ctx->timeout : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, ctx->timeout);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)DIRCTL_MAX_RESPONSE);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "dirctl/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "GET") != 0 && strcmp(method, "DELETE") != 0) {
		/* an empty body with Content-Length: 0 until one is set */
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
	}
}

/* Parses the body into resp->json, refusing duplicate keys. */
static void response_parse(struct dirctl_response *resp)
{
	json_error_t jerr;

	if (resp->len > 0)
		resp->json = json_loadb(resp->body, resp->len, JSON_REJECT_DUPLICATES, &jerr);
}

int dirctl_request_raw(const struct dirctl *ctx, const char *method, const char *url,
		       const char *content_type, const void *body, size_t len, int auth, FILE *save,
		       struct dirctl_response *resp)
{
	struct sink sink = { .too_large = 0 };
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	CURL *c;
	int rc = DIRCTL_NETWORK;

	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
	buf_init(&sink.body, (size_t)DIRCTL_MAX_RESPONSE);
	sink.save = save;
	if ((c = curl_easy_init()) == NULL ||
	    (headers = request_headers(ctx,
				       strcmp(method, "GET") != 0 && strcmp(method, "DELETE") != 0
					       ? content_type
					       : NULL,
				       auth)) == NULL) {
		dirctl_warn("out of memory");
		goto done;
	}
	request_options(c, ctx, method, url, headers, &sink);
	sink.curl = c;
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
	if (save != NULL)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	cc = curl_easy_perform(c);
	if (sink.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		dirctl_warn("%s answered more than %ld bytes; stopped reading", url,
			    DIRCTL_MAX_RESPONSE);
		goto done;
	}
	if (cc != CURLE_OK) {
		dirctl_warn("no answer from %s: %s", url,
			    errbuf[0] ? errbuf : curl_easy_strerror(cc));
		goto done;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	if (sink.body.data == NULL && buf_add(&sink.body, "", 0) != 0) {
		dirctl_warn("out of memory");
		goto done;
	}
	resp->body = buf_take(&sink.body, &resp->len);
	response_parse(resp);
	rc = DIRCTL_OK;
done:
	buf_free(&sink.body);
	curl_slist_free_all(headers);
	if (c != NULL)
		curl_easy_cleanup(c);
	return rc;
}

int dirctl_request(const struct dirctl *ctx, const char *method, const char *url,
		   const json_t *body, int auth, struct dirctl_response *resp)
{
	char *payload = NULL;
	int rc;

	if (body != NULL && (payload = json_dumps(body, JSON_COMPACT)) == NULL) {
		memset(resp, 0, sizeof(*resp));
		dirctl_warn("out of memory");
		return DIRCTL_NETWORK;
	}
	rc = dirctl_request_raw(ctx, method, url, "application/json", payload,
				payload != NULL ? strlen(payload) : 0, auth, NULL, resp);
	free(payload);
	return rc;
}

void dirctl_response_free(struct dirctl_response *resp)
{
	free(resp->body);
	json_decref(resp->json);
	memset(resp, 0, sizeof(*resp));
}

const char *dirctl_error_code(const struct dirctl_response *resp)
{
	return dirctl_json_str(json_object_get(resp->json, "error"), "code");
}

/* One labelled line of the error, when the member is there. */
static void print_member(const json_t *obj, const char *key, const char *label)
{
	const json_t *v = json_object_get(obj, key);
	char *text;

	if (v == NULL)
		return;
	if ((text = dirctl_json_text(v)) != NULL)
		fprintf(stderr, "  %-9s%s\n", label, json_is_null(v) ? "(none)" : text);
	free(text);
}

/* The details after the first, which the top already shows. */
static void print_details(const json_t *details)
{
	size_t n = json_array_size(details);

	if (n < 2)
		return;
	fprintf(stderr, "  details:\n");
	for (size_t i = 0; i < n; i++) {
		const json_t *d = json_array_get(details, i);
		const char *field = dirctl_json_str(d, "field");

		fprintf(stderr, "  - %s at %s: %s\n",
			dirctl_json_str(d, "code") ? dirctl_json_str(d, "code") : "?",
			field ? field : "(none)",
			dirctl_json_str(d, "message") ? dirctl_json_str(d, "message") : "");
	}
}

void dirctl_print_error(const struct dirctl_response *resp)
{
	const json_t *e = json_object_get(resp->json, "error");

	if (!json_is_object(e)) {
		dirctl_warn("the node refused (HTTP %ld) without the API's error object",
			    resp->status);
		return;
	}
	dirctl_warn("the node refused (HTTP %ld)", resp->status);
	print_member(e, "code", "code:");
	print_member(e, "message", "message:");
	print_member(e, "field", "field:");
	print_member(e, "rule", "rule:");
	print_member(e, "phrase", "phrase:");
	print_member(e, "language", "language:");
	print_details(json_object_get(e, "details"));
	if (resp->retry_after >= 0)
		fprintf(stderr, "  retry after %ld seconds\n", resp->retry_after);
}

int dirctl_check(const struct dirctl_response *resp)
{
	if (resp->status >= 200 && resp->status < 300) {
		if (resp->len == 0 || resp->json != NULL)
			return DIRCTL_OK;
		dirctl_warn("the node answered HTTP %ld with something that is not JSON",
			    resp->status);
		return DIRCTL_NETWORK;
	}
	dirctl_print_error(resp);
	return DIRCTL_REFUSED;
}

int dirctl_call(const struct dirctl *ctx, const char *method, const char *url, const json_t *body,
		int auth, json_t **out)
{
	struct dirctl_response resp;
	int rc;

	*out = NULL;
	if ((rc = dirctl_request(ctx, method, url, body, auth, &resp)) != DIRCTL_OK)
		return rc;
	if ((rc = dirctl_check(&resp)) == DIRCTL_OK)
		*out = json_incref(resp.json);
	dirctl_response_free(&resp);
	return rc;
}
