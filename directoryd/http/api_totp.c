/*
 * api_totp.c - the second factor over HTTP: enrolment, turning it off, and
 * an admin's recovery path (api.h, directoryd/auth/totp.h). Enrolling and
 * turning one's own off need a session (a sign-in), not an API token, so
 * that a token that leaks cannot lock its owner out. No code, secret or
 * name is ever logged.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_util.h"
#include "totp.h"

/* The key folder, read under the configuration lock. */
static void api_totp_key_dir(const struct http_request *req, char *out, size_t cap)
{
	pthread_rwlock_rdlock(&req->app->config_lock);
	snprintf(out, cap, "%s", req->app->cfg.key_dir);
	pthread_rwlock_unlock(&req->app->config_lock);
}

/* 0 when the caller signed in with a session; else -1 with err. */
static int api_totp_session(const struct http_request *req, struct dir_error *err)
{
	if (req->principal.session_id[0] != '\0' && req->principal.account_id[0] != '\0')
		return 0;
	dir_error_add(err, "forbidden", NULL,
		      "the second factor is set up from a session: sign in with POST "
		      "/auth/login, not with an API token");
	return -1;
}

/* The code member "totp" of the body (borrowed from *body), or NULL with err. */
static const char *api_totp_code(const struct http_request *req, json_t **body,
				 struct dir_error *err)
{
	if ((*body = api_body_object(req, err)) == NULL)
		return NULL;
	return api_body_string(*body, "totp", 16, err);
}

/* "directoryd <node>" with no colon, which the otpauth label reserves. */
static void api_totp_issuer(const struct http_request *req, char *out, size_t cap)
{
	snprintf(out, cap, "directoryd %s", req->app->node_id);
	for (char *c = out; *c != '\0'; c++)
		if (*c == ':')
			*c = '-';
}

void api_totp_begin(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	struct totp_enrolment e;
	char key_dir[4096], issuer[300];
	json_t *out = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if (api_totp_session(req, &err) == 0) {
		api_totp_key_dir(req, key_dir, sizeof(key_dir));
		api_totp_issuer(req, issuer, sizeof(issuer));
		conn = db_pool_acquire(req->app->pool);
		if (totp_begin(conn, key_dir, req->principal.account_id, issuer,
			       req->principal.username, &e, &err) == 0) {
			out = json_pack("{s:s, s:s, s:i, s:i, s:s}", "secret", e.secret, "uri",
					e.uri, "digits", TOTP_DIGITS, "period", TOTP_STEP,
					"algorithm", "SHA1");
			sodium_memzero(e.secret, sizeof(e.secret));
			sodium_memzero(e.uri, strlen(e.uri));
			free(e.uri);
		}
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, out, 201, &err);
}

void api_totp_confirm(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	char key_dir[4096];
	const char *params[1] = { req->principal.session_id };
	const char *code;
	json_t *body = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if (api_totp_session(req, &err) == 0 && (code = api_totp_code(req, &body, &err)) != NULL) {
		api_totp_key_dir(req, key_dir, sizeof(key_dir));
		conn = db_pool_acquire(req->app->pool);
		/* The session that enrolled is a full one from now on. */
		if (totp_confirm(conn, key_dir, req->principal.account_id, code, &err) == 0)
			(void)db_command(conn,
					 "UPDATE auth_session SET totp_pending = false"
					 " WHERE id = $1::uuid",
					 1, params, &err);
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, NULL, 204, &err);
}

void api_totp_disable(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	char key_dir[4096];
	const char *code;
	json_t *body = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if (api_totp_session(req, &err) == 0 && (code = api_totp_code(req, &body, &err)) != NULL) {
		api_totp_key_dir(req, key_dir, sizeof(key_dir));
		conn = db_pool_acquire(req->app->pool);
		if (totp_verify(conn, key_dir, req->principal.account_id, code, &err) == 0)
			totp_remove(conn, req->principal.account_id, NULL, &err);
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, NULL, 204, &err);
}

void api_totp_remove(struct http_request *req, struct http_response *resp)
{
	const struct auth_principal *p = &req->principal;
	struct dir_error err;
	const char *id;
	PGconn *conn;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 2, &err)) != NULL) {
		conn = db_pool_acquire(req->app->pool);
		totp_remove(conn, id, p->role == AUTH_NODE_ADMIN ? NULL : p->organization, &err);
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, NULL, 204, &err);
}
