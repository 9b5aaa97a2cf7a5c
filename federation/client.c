/*
 * client.c - one signed request to a peer (libcurl) and the check of its
 * signed response: RFC 9421 response profile, our nonce echoed, the digest
 * of the bytes received, a trusted transport key of that peer.
 */
#include "client.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "sign.h"
#include "trust.h"

#define CLIENT_TAG        "directoryd-fed/1"
#define CLIENT_HEADER_MAX 8192

/* What the callbacks collect. */
struct client_io {
	struct buf body; /* at most the context's max_response bytes */
	int too_large;
	char *content_type, *content_digest, *sig_input, *signature;
};

static size_t client_on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct client_io *io = userdata;
	size_t n;

	if (__builtin_mul_overflow(size, nmemb, &n)) {
		io->too_large = 1;
		return 0;
	}
	if (buf_add(&io->body, data, n) != 0) {
		io->too_large = errno == EMSGSIZE;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Keep one header's value (trimmed), if it is one we need. */
static void client_keep(char **slot, const char *value, size_t len)
{
	while (len > 0 && (value[len - 1] == '\r' || value[len - 1] == '\n' ||
			   value[len - 1] == ' ' || value[len - 1] == '\t'))
		len--;
	while (len > 0 && (*value == ' ' || *value == '\t')) {
		value++;
		len--;
	}
	free(*slot);
	*slot = len < CLIENT_HEADER_MAX ? strndup(value, len) : NULL;
}

static size_t client_on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	static const struct {
		const char *name;
		size_t offset;
	} wanted[] = {
		{ "content-type", offsetof(struct client_io, content_type) },
		{ "content-digest", offsetof(struct client_io, content_digest) },
		{ "signature-input", offsetof(struct client_io, sig_input) },
		{ "signature", offsetof(struct client_io, signature) },
	};
	struct client_io *io = userdata;
	size_t n = size * nmemb;
	const char *colon = memchr(data, ':', n);

	if (colon == NULL)
		return n;
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		size_t nlen = strlen(wanted[i].name);
		if ((size_t)(colon - data) == nlen && strncasecmp(data, wanted[i].name, nlen) == 0)
			client_keep((char **)((char *)io + wanted[i].offset), colon + 1,
				    n - nlen - 1);
	}
	return n;
}

static void client_io_free(struct client_io *io)
{
	buf_free(&io->body);
	free(io->content_type);
	free(io->content_digest);
	free(io->sig_input);
	free(io->signature);
}

/* The request's headers: signature, and for a body its type and digest. */
static struct curl_slist *client_headers(const struct client_ctx *ctx, const char *method,
					 const char *url, const char *authority, const char *body,
					 const char *nonce, struct dir_error *err)
{
	struct sig_message m = { 0 };
	char digest[64], *input = NULL, *signature = NULL, line[CLIENT_HEADER_MAX];
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");

	m.method = method;
	m.target_uri = url;
	m.authority = authority;
	if (body != NULL) {
		sig_content_digest(body, strlen(body), digest);
		m.content_type = "application/json";
		m.content_digest = digest;
		snprintf(line, sizeof(line), "Content-Digest: %s", digest);
		h = curl_slist_append(h, "Content-Type: application/json");
		h = curl_slist_append(h, line);
	}
	if (sig_sign(&m, ctx->key, ctx->keyid, (long long)time(NULL), nonce, &input, &signature,
		     err) == 0) {
		snprintf(line, sizeof(line), "Signature-Input: %s", input);
		h = curl_slist_append(h, line);
		snprintf(line, sizeof(line), "Signature: %s", signature);
		h = curl_slist_append(h, line);
	} else {
		curl_slist_free_all(h);
		h = NULL;
	}
	free(input);
	free(signature);
	return h;
}

static int client_perform(const struct client_ctx *ctx, const char *method, const char *url,
			  const char *body, struct curl_slist *headers, struct client_io *io,
			  long *status, struct dir_error *err)
{
	CURL *c = curl_easy_init();
	CURLcode rc;

	if (c == NULL) {
		dir_error_add(err, "internal_error", NULL, "libcurl could not start");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, ctx->timeout < 10 ? ctx->timeout : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, ctx->timeout);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)ctx->max_response);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, client_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, io);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, client_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, io);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		dir_error_add(err, "peer_unavailable", NULL, "%.200s: %s", url,
			      io->too_large || rc == CURLE_FILESIZE_EXCEEDED
				      ? "the response is larger than sync_max_response"
				      : curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

struct client_check {
	const struct sig_parsed *parsed;
	const struct sig_message *msg;
};

static int client_check_sig(const unsigned char pk[FED_PK_BYTES], void *ctx)
{
	struct client_check *c = ctx;

	return sig_verify(c->parsed, c->msg, pk, NULL) == 0;
}

/* The response profile: components, our nonce, time, digest, a key of the peer. */
static int client_verify(const struct client_ctx *ctx, PGconn *conn, const char *node_id,
			 const char *method, const char *url, const char *nonce,
			 const struct client_io *io, long status, char signer[FED_KEYID_MAX],
			 struct dir_error *err)
{
	struct sig_message m = { 0 };
	struct sig_parsed p;
	struct client_check check = { &p, &m };
	int rc = -1;

	memset(&p, 0, sizeof(p));
	m.status = (unsigned int)status;
	m.content_type = io->content_type;
	m.content_digest = io->content_digest;
	m.req_method = method;
	m.req_target_uri = url;
	if (sig_parse(io->sig_input, io->signature, CLIENT_TAG, &p, err) != 0 ||
	    sig_check_components(&p, &m, err) != 0 ||
	    sig_check_time(&p, (long long)time(NULL), ctx->max_age, err) != 0 ||
	    sig_digest_check(io->content_digest, io->body.data != NULL ? io->body.data : "",
			     io->body.len, err) != 0)
		goto done;
	if (strcmp(p.params.nonce, nonce) != 0) {
		dir_error_add(err, "signature_invalid", NULL,
			      "the response does not carry the nonce of its request");
		goto done;
	}
	if (trust_verify(conn, p.params.keyid, node_id, TRUST_TRANSPORT, client_check_sig, &check,
			 err) != 0)
		goto done;
	snprintf(signer, FED_KEYID_MAX, "%s", p.params.keyid);
	rc = 0;
done:
	sig_parsed_free(&p);
	return rc;
}

int client_request(const struct client_ctx *ctx, PGconn *conn, const char *base_url,
		   const char *node_id, const char *method, const char *path, const char *body,
		   struct client_response *out, struct dir_error *err)
{
	struct client_io io = { .too_large = 0 };
	struct curl_slist *headers = NULL;
	char nonce[64], *url = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	buf_init(&io.body, (size_t)ctx->max_response);
	sig_nonce(nonce);
	if (asprintf(&url, "%s%s", base_url, path) < 0) {
		url = NULL;
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	if ((headers = client_headers(ctx, method, url, node_id, body, nonce, err)) == NULL ||
	    client_perform(ctx, method, url, body, headers, &io, &out->status, err) != 0)
		goto done;
	rc = client_verify(ctx, conn, node_id, method, url, nonce, &io, out->status, out->signer,
			   err);
	if (io.body.data == NULL && buf_add(&io.body, "", 0) != 0) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		rc = -1;
		goto done;
	}
	out->body = buf_take(&io.body, &out->len);
done:
	curl_slist_free_all(headers);
	client_io_free(&io);
	free(url);
	return rc;
}

void client_response_free(struct client_response *r)
{
	free(r->body);
	r->body = NULL;
}
