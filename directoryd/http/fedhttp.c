/*
 * fedhttp.c - the federation endpoints (well-known document, change feed,
 * snapshot, notify, peer status) and RFC 9421 verification and signing of
 * the messages they exchange (docs/federation.md).
 */
#include "fedhttp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "log.h"
#include "ownkeys.h"
#include "peers.h"
#include "replay.h"
#include "sign.h"
#include "sync.h"
#include "trust.h"

#define FED_TAG         "directoryd-fed/1"
#define FED_MAX_ORIGINS 64

/* The request-target made absolute with this node's public_url. */
static char *fedhttp_target_uri(const struct http_request *req)
{
	const char *base = req->app->cfg.public_url;
	size_t blen = strlen(base);
	char *out;

	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	if (asprintf(&out, "%.*s%s", (int)blen, base, req->raw_uri) < 0)
		return NULL;
	return out;
}

/* signature_max_age, which SIGHUP may change. */
static long fedhttp_max_age(struct app *app)
{
	long v;

	pthread_rwlock_rdlock(&app->config_lock);
	v = app->cfg.signature_max_age;
	pthread_rwlock_unlock(&app->config_lock);
	return v;
}

struct fedhttp_check {
	const struct sig_parsed *parsed;
	const struct sig_message *msg;
};

static int fedhttp_check_sig(const unsigned char pk[FED_PK_BYTES], void *ctx)
{
	struct fedhttp_check *c = ctx;

	return sig_verify(c->parsed, c->msg, pk, NULL) == 0;
}

/* Everything but the key and the nonce: shape, components, time, digest. */
static int fedhttp_check_message(struct http_request *req, const struct sig_parsed *p,
				 const struct sig_message *m, struct dir_error *err)
{
	long long now = (long long)time(NULL);

	if (sig_check_components(p, m, err) != 0 ||
	    sig_check_time(p, now, fedhttp_max_age(req->app), err) != 0)
		return -1;
	if (req->body_len > 0 || m->content_digest != NULL)
		return sig_digest_check(m->content_digest, req->body != NULL ? req->body : "",
					req->body_len, err);
	return 0;
}

/* The key must be a configured peer's, the signature hold, the nonce be new. */
static int fedhttp_check_signer(struct http_request *req, PGconn *conn, const struct sig_parsed *p,
				const struct sig_message *m, struct dir_error *err)
{
	struct fedhttp_check check = { p, m };
	char node[FED_KEYID_MAX];
	unsigned int n;
	long long now = (long long)time(NULL);
	/* A replay can pass the time checks only until the earlier of expires
	 * and created + signature_max_age: remember the nonce that long, and no
	 * longer, so that a huge expires cannot fill the cache for good. */
	long long until = p->params.created + fedhttp_max_age(req->app);
	int rc = 0;

	if (p->params.expires > 0 && p->params.expires < until)
		until = p->params.expires;
	if (fed_keyid_split(p->params.keyid, node, sizeof(node), &n) != 0 ||
	    (rc = peers_is_peer(conn, node, err)) == 0) {
		dir_error_add(err, "unknown_key", NULL,
			      "key %.200s is not of a configured peer; the node's operator adds "
			      "peers with directoryd peers add",
			      p->params.keyid);
		return -1;
	}
	if (rc < 0 || trust_verify(conn, p->params.keyid, node, TRUST_TRANSPORT, fedhttp_check_sig,
				   &check, err) != 0)
		return -1;
	rc = replay_check(req->app->replay, p->params.keyid, p->params.nonce, until, now);
	if (rc != 0) {
		dir_error_add(err, rc > 0 ? "nonce_replayed" : "too_many_requests", NULL,
			      rc > 0 ? "this request was already received (nonce %.64s); sign "
				       "each request with a fresh nonce"
				     : "too many signed requests at once; retry later",
			      p->params.nonce);
		return -1;
	}
	snprintf(req->peer, sizeof(req->peer), "%.255s", node);
	return 0;
}

int fedhttp_verify_request(struct http_request *req, struct http_response *resp)
{
	struct sig_parsed parsed;
	struct dir_error err;
	char *target = fedhttp_target_uri(req);
	struct sig_message m = { 0 };
	PGconn *conn = NULL;
	int rc = -1;

	dir_error_init(&err);
	memset(&parsed, 0, sizeof(parsed));
	m.method = req->method;
	m.target_uri = target;
	m.authority = req->app->node_id;
	m.content_type = http_header(req, "Content-Type");
	m.content_digest = http_header(req, "Content-Digest");
	if (target == NULL) {
		dir_error_add(&err, "internal_error", NULL, "out of memory");
		goto done;
	}
	if (sig_parse(http_header(req, "Signature-Input"), http_header(req, "Signature"), FED_TAG,
		      &parsed, &err) != 0)
		goto done;
	snprintf(req->nonce, sizeof(req->nonce), "%s", parsed.params.nonce);
	if (fedhttp_check_message(req, &parsed, &m, &err) != 0)
		goto done;
	conn = db_pool_acquire(req->app->pool);
	rc = fedhttp_check_signer(req, conn, &parsed, &m, &err);
	db_pool_release(req->app->pool, conn);
done:
	if (rc != 0) {
		log_msg(LOG_LEVEL_WARNING, "refused a signed request: %s (key %s)", err.code,
			parsed.params.keyid[0] != '\0' ? parsed.params.keyid : "none");
		http_error(resp, &err);
	}
	sig_parsed_free(&parsed);
	dir_error_clear(&err);
	free(target);
	return rc;
}

/*
 * The nonce a response echoes: the verified request's, or on a public route
 * (the well-known document) the one a signed request carries, unverified:
 * echoing it proves nothing about the request and lets the client match the
 * response to its request. A fresh one otherwise.
 */
static void fedhttp_response_nonce(struct http_request *req, char out[SIG_NONCE_MAX])
{
	struct sig_parsed p;

	if (req->nonce[0] != '\0') {
		snprintf(out, SIG_NONCE_MAX, "%s", req->nonce);
		return;
	}
	memset(&p, 0, sizeof(p));
	if (sig_parse(http_header(req, "Signature-Input"), http_header(req, "Signature"), FED_TAG,
		      &p, NULL) == 0 &&
	    p.params.nonce[0] != '\0')
		snprintf(out, SIG_NONCE_MAX, "%s", p.params.nonce);
	else
		sig_nonce(out);
	sig_parsed_free(&p);
}

static int fedhttp_sign_with_key(struct http_request *req, const struct sig_message *m,
				 char **input, char **signature, struct dir_error *err)
{
	struct fed_key key;
	char keyid[FED_KEYID_MAX];
	char nonce[SIG_NONCE_MAX];
	PGconn *conn = db_pool_acquire(req->app->pool);
	int rc = ownkeys_current(conn, req->app->cfg.key_dir, &key, err);

	db_pool_release(req->app->pool, conn);
	if (rc != 0 || fed_keyid(req->app->node_id, key.n, keyid) != 0) {
		fed_key_wipe(&key);
		return -1;
	}
	fedhttp_response_nonce(req, nonce);
	rc = sig_sign(m, &key, keyid, (long long)time(NULL), nonce, input, signature, err);
	fed_key_wipe(&key);
	return rc;
}

void fedhttp_sign_response(struct http_request *req, unsigned int status, const char *content_type,
			   const char *body, size_t len, struct MHD_Response *r)
{
	char digest[64];
	char *target = fedhttp_target_uri(req);
	char *input = NULL, *signature = NULL;
	struct sig_message m = { 0 };
	struct dir_error err;

	dir_error_init(&err);
	sig_content_digest(body, len, digest);
	MHD_add_response_header(r, "Content-Digest", digest);
	m.status = status;
	m.content_type = content_type;
	m.content_digest = digest;
	m.req_method = req->method;
	m.req_target_uri = target;
	if (target != NULL && fedhttp_sign_with_key(req, &m, &input, &signature, &err) == 0) {
		MHD_add_response_header(r, "Signature-Input", input);
		MHD_add_response_header(r, "Signature", signature);
	} else {
		log_msg(LOG_LEVEL_WARNING, "response sent unsigned: %s",
			err.message[0] != '\0' ? err.message : "out of memory");
	}
	free(input);
	free(signature);
	free(target);
	dir_error_clear(&err);
}

void fedhttp_wellknown(struct http_request *req, struct http_response *resp)
{
	const struct dir_config *cfg = &req->app->cfg;
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *keys, *doc = NULL;

	dir_error_init(&err);
	keys = ownkeys_wellknown(conn, req->app->node_id, &err);
	db_pool_release(req->app->pool, conn);
	pthread_rwlock_rdlock(&req->app->config_lock);
	if (keys != NULL)
		doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "protocol", FED_TAG, "node_id",
				req->app->node_id, "name", cfg->node_name, "country", cfg->country,
				"public_url", cfg->public_url, "mode", cfg->mode);
	pthread_rwlock_unlock(&req->app->config_lock);
	if (doc != NULL && json_object_update(doc, keys) == 0) {
		resp->body = doc;
		doc = NULL;
	} else if (!dir_error_isset(&err)) {
		dir_error_add(&err, "internal_error", NULL, "out of memory");
	}
	if (dir_error_isset(&err))
		http_error(resp, &err);
	json_decref(doc);
	json_decref(keys);
	dir_error_clear(&err);
}

/* Split the origin parameter at commas into a writable copy. */
static size_t fedhttp_origins(const char *param, char **copy, const char *out[FED_MAX_ORIGINS])
{
	size_t n = 0;
	char *save = NULL;

	*copy = param != NULL ? strdup(param) : NULL;
	if (*copy == NULL)
		return 0;
	for (char *t = strtok_r(*copy, ",", &save); t != NULL && n < FED_MAX_ORIGINS;
	     t = strtok_r(NULL, ",", &save))
		out[n++] = t;
	return n;
}

/* limit: absent gives the default; else 1..1000. */
static int fedhttp_limit(const struct http_request *req, long *limit, struct dir_error *err)
{
	const char *text = http_query(req, "limit");
	char *end;

	*limit = 500;
	if (text == NULL)
		return 0;
	*limit = strtol(text, &end, 10);
	if (end == text || *end != '\0' || *limit < 1 || *limit > 1000) {
		dir_error_add(err, "invalid_parameter", "limit",
			      "limit must be a whole number from 1 to 1000");
		return -1;
	}
	return 0;
}

static void fedhttp_feed(struct http_request *req, struct http_response *resp, int snapshot)
{
	static const char *const changes_params[] = { "since", "limit", "origin", NULL };
	static const char *const snapshot_params[] = { "page", "limit", "origin", NULL };
	const char *origins[FED_MAX_ORIGINS];
	struct dir_error err;
	char *copy = NULL;
	size_t norigins = fedhttp_origins(http_query(req, "origin"), &copy, origins);
	long limit;
	PGconn *conn;

	dir_error_init(&err);
	if (http_query_check(req, snapshot ? snapshot_params : changes_params, &err) == 0 &&
	    fedhttp_limit(req, &limit, &err) == 0) {
		conn = db_pool_acquire(req->app->pool);
		resp->text =
			snapshot ? feed_snapshot(conn, req->app->node_id, http_query(req, "page"),
						 origins, norigins, limit, &resp->text_len, &err)
				 : feed_changes(conn, req->app->node_id, http_query(req, "since"),
						origins, norigins, limit, &resp->text_len, &err);
		db_pool_release(req->app->pool, conn);
	}
	if (dir_error_isset(&err))
		http_error(resp, &err);
	free(copy);
	dir_error_clear(&err);
}

void fedhttp_changes(struct http_request *req, struct http_response *resp)
{
	fedhttp_feed(req, resp, 0);
}

void fedhttp_snapshot(struct http_request *req, struct http_response *resp)
{
	fedhttp_feed(req, resp, 1);
}

void fedhttp_notify(struct http_request *req, struct http_response *resp)
{
	const char *params[] = { req->peer };
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	int rc;

	dir_error_init(&err);
	rc = db_command(conn,
			"UPDATE fed_peer SET next_attempt = now() WHERE node_id = $1 AND pull", 1,
			params, &err);
	db_pool_release(req->app->pool, conn);
	if (rc != 0) {
		http_error(resp, &err);
	} else {
		if (req->app->sync != NULL)
			sync_worker_notify(req->app->sync, req->peer);
		resp->status = 202;
		resp->body = json_pack("{s:b}", "queued", req->app->sync != NULL);
	}
	dir_error_clear(&err);
}

void fedhttp_admin_peers(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);

	/* The route table admits coordinators and node admins only. */
	dir_error_init(&err);
	resp->body = json_pack("{s:o*}", "peers", peers_status(conn, &err));
	db_pool_release(req->app->pool, conn);
	if (dir_error_isset(&err))
		http_error(resp, &err);
	dir_error_clear(&err);
}
