/*
 * api_auth.c - signing in and out, invitations, accounts and tokens over
 * HTTP (api.h). The route table has admitted the caller's role already;
 * here an organisation admin is limited to its own organisation.
 * Nothing of a request (name, password, address) is ever logged.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "api.h"
#include "api_util.h"
#include "invite.h"
#include "ldap_auth.h"
#include "session.h"
#include "throttle.h"
#include "token.h"
#include "totp.h"

/* The organisation an admin's account work is limited to (NULL: all). */
static const char *api_auth_scope(const struct http_request *req)
{
	return req->principal.role == AUTH_NODE_ADMIN || req->principal.role == AUTH_COORDINATOR
		       ? NULL
		       : req->principal.organization;
}

static json_t *api_auth_who(const struct auth_principal *p)
{
	return json_pack("{s:s?, s:s?, s:s, s:s?, s:s, s:b}", "account_id",
			 p->account_id[0] ? p->account_id : NULL, "username",
			 p->username[0] ? p->username : NULL, "role", auth_role_name(p->role),
			 "organization_id", p->organization[0] ? p->organization : NULL, "via",
			 p->session_id[0] ? "session" : "token", "totp_enrolment_required",
			 p->totp_pending != 0);
}

/* The throttle keys of a sign-in: the lower-cased username, the address. */
struct login_keys {
	char user[72];
	unsigned char addr[16];
	size_t addr_len;
};

static void api_login_keys(const struct http_request *req, const char *username,
			   struct login_keys *k)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	for (i = 0; username[i] != '\0' && i < sizeof(k->user) - 1; i++)
		k->user[i] = (char)(username[i] >= 'A' && username[i] <= 'Z' ? username[i] + 32
									     : username[i]);
	if (req->app->cfg.login_throttle_address)
		k->addr_len = http_client_address(req, k->addr, sizeof(k->addr));
}

/* 429 when the account or address must wait; 0 when it may try. */
static int api_login_throttled(const struct http_request *req, const struct login_keys *k,
			       struct http_response *resp)
{
	time_t now = time(NULL);
	long wait = throttle_wait(req->app->throttle_users, k->user, strlen(k->user), now);

	if (k->addr_len > 0) {
		long w = throttle_wait(req->app->throttle_addresses, k->addr, k->addr_len, now);
		wait = w > wait ? w : wait;
	}
	if (wait == 0)
		return 0;
	http_fail(resp, "too_many_attempts", NULL,
		  "too many failed sign-ins; wait the seconds Retry-After says and try again");
	resp->retry_after = wait;
	return 1;
}

static void api_login_count(const struct http_request *req, const struct login_keys *k, int ok)
{
	time_t now = time(NULL);

	if (ok) {
		throttle_success(req->app->throttle_users, k->user, strlen(k->user));
		return;
	}
	throttle_failure(req->app->throttle_users, k->user, strlen(k->user), now);
	if (k->addr_len > 0)
		throttle_failure(req->app->throttle_addresses, k->addr, k->addr_len, now);
}

/*
 * The LDAP directory, when the local check failed and the node has one:
 * the same path for every username, so that local, LDAP and unknown names
 * answer alike. 0 with who filled, or -1 with err.
 */
static int api_login_ldap(struct http_request *req, PGconn *conn, const char *user, const char *pw,
			  struct auth_principal *who, struct dir_error *err)
{
	struct ldapauth_config ls;
	struct dir_error ignored;
	enum auth_role role;
	char org[37], local[257];
	size_t local_len;
	int rc;

	pthread_rwlock_rdlock(&req->app->config_lock);
	ldapauth_select(&req->app->cfg, user, &ls, &local_len);
	if (!ldapauth_enabled(&ls)) {
		pthread_rwlock_unlock(&req->app->config_lock);
		return -1;
	}
	/* the directory knows the user by the name before "@realm" */
	snprintf(local, sizeof(local), "%.*s", (int)local_len, user);
	dir_error_clear(err);
	rc = ldapauth_login(&ls, local, pw, &role, org, err);
	pthread_rwlock_unlock(&req->app->config_lock);
	if (rc == 0)
		return account_ldap_sync(conn, user, role, org[0] ? org : NULL, who, err);
	if (strcmp(err->code, "ldap_no_group") == 0) {
		dir_error_init(&ignored);
		(void)account_ldap_lost(conn, user, &ignored);
		dir_error_clear(&ignored);
		dir_error_clear(err);
		dir_error_add(err, "invalid_credentials", NULL,
			      "the username or the password is wrong");
	}
	return -1;
}

/* A local account's password, else the LDAP directory. 0, or -1 with err. */
static int api_login_check(struct http_request *req, PGconn *conn, const char *user, const char *pw,
			   struct auth_principal *who, struct dir_error *err)
{
	if (session_check_password(conn, user, pw, who, err) == 0)
		return 0;
	if (strcmp(err->code, "invalid_credentials") != 0)
		return -1;
	return api_login_ldap(req, conn, user, pw, who, err);
}

/*
 * The second factor, once the password is right: the code when the account
 * has TOTP on; else, when the node requires it of the account's role, a
 * session that may only enrol (who->totp_pending). 0, or -1 with err.
 */
static int api_login_totp(struct http_request *req, PGconn *conn, json_t *body,
			  struct auth_principal *who, struct dir_error *err)
{
	json_t *code = json_object_get(body, "totp");
	char key_dir[4096];
	long required;
	int on = totp_enabled(conn, who->account_id, err);

	if (on < 0)
		return -1;
	pthread_rwlock_rdlock(&req->app->config_lock);
	required = req->app->cfg.totp_required;
	snprintf(key_dir, sizeof(key_dir), "%s", req->app->cfg.key_dir);
	pthread_rwlock_unlock(&req->app->config_lock);
	if (!on) {
		who->totp_pending =
			required && (who->role == AUTH_ORG_ADMIN || who->role == AUTH_NODE_ADMIN);
		return 0;
	}
	if (code == NULL || json_is_null(code)) {
		dir_error_add(err, "totp_required", "/totp",
			      "this account signs in with a one-time code too: send the code "
			      "your authenticator app shows as totp");
		return -1;
	}
	if (!json_is_string(code)) {
		dir_error_add(err, "invalid_totp", "/totp", "totp is the code as a string");
		return -1;
	}
	return totp_verify(conn, key_dir, who->account_id, json_string_value(code), err);
}

/* Failures the throttle counts: a wrong password or a wrong one-time code. */
static int api_login_failed(const struct dir_error *err)
{
	return strcmp(err->code, "invalid_credentials") == 0 ||
	       strcmp(err->code, "invalid_totp") == 0;
}

void api_auth_login(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	struct auth_principal who;
	struct session_new s;
	struct session_limits limits;
	struct login_keys keys;
	const char *user = NULL, *pw = NULL;
	json_t *body, *out = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if ((body = api_body_object(req, &err)) == NULL ||
	    (user = api_body_string(body, "username", 256, &err)) == NULL ||
	    (pw = api_body_string(body, "password", 1024, &err)) == NULL) {
		api_finish(resp, NULL, 0, &err);
		json_decref(body);
		return;
	}
	api_login_keys(req, user, &keys);
	if (api_login_throttled(req, &keys, resp)) {
		json_decref(body);
		return;
	}
	pthread_rwlock_rdlock(&req->app->config_lock);
	limits.idle = req->app->cfg.session_idle;
	limits.lifetime = req->app->cfg.session_lifetime;
	pthread_rwlock_unlock(&req->app->config_lock);
	conn = db_pool_acquire(req->app->pool);
	if (api_login_check(req, conn, user, pw, &who, &err) == 0 &&
	    api_login_totp(req, conn, body, &who, &err) == 0 &&
	    session_open(conn, &who, &limits, &s, &err) == 0) {
		out = json_pack("{s:s, s:s, s:o, s:b}", "token", s.token, "expires_at",
				s.expires_at, "account", api_auth_who(&s.who),
				"totp_enrolment_required", s.who.totp_pending != 0);
		sodium_memzero(s.token, sizeof(s.token));
	}
	db_pool_release(req->app->pool, conn);
	/* totp_required is neither: a success would clear the code's throttle. */
	if (!dir_error_isset(&err) || api_login_failed(&err))
		api_login_count(req, &keys, !dir_error_isset(&err));
	json_decref(body);
	api_finish(resp, out, 200, &err);
}

void api_auth_logout(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn;

	dir_error_init(&err);
	if (req->principal.session_id[0] == '\0') {
		dir_error_add(&err, "invalid_parameter", NULL,
			      "an API token does not sign out; revoke it with DELETE "
			      "/auth/tokens/{id}");
	} else {
		conn = db_pool_acquire(req->app->pool);
		session_close(conn, req->principal.session_id, &err);
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, NULL, 204, &err);
}

void api_auth_whoami(struct http_request *req, struct http_response *resp)
{
	resp->body = api_auth_who(&req->principal);
}

void api_auth_accept(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	const char *code, *user, *pw;
	char id[37];
	json_t *body, *out = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if ((body = api_body_object(req, &err)) != NULL &&
	    (code = api_body_string(body, "code", 128, &err)) != NULL &&
	    (user = api_body_string(body, "username", 64, &err)) != NULL &&
	    (pw = api_body_string(body, "password", 1024, &err)) != NULL) {
		conn = db_pool_acquire(req->app->pool);
		if (invite_accept(conn, code, user, pw, id, &err) == 0)
			out = json_pack("{s:s}", "account_id", id);
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, out, 201, &err);
}

/* A list for the caller's scope, as {"contents": [...]}. */
static void api_auth_list(struct http_request *req, struct http_response *resp,
			  json_t *(*list)(PGconn *, const char *, struct dir_error *))
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *items;

	dir_error_init(&err);
	items = list(conn, api_auth_scope(req), &err);
	db_pool_release(req->app->pool, conn);
	api_finish(resp, items != NULL ? json_pack("{s:o}", "contents", items) : NULL, 200, &err);
}

void api_auth_invitations(struct http_request *req, struct http_response *resp)
{
	api_auth_list(req, resp, invite_list);
}

void api_auth_accounts(struct http_request *req, struct http_response *resp)
{
	api_auth_list(req, resp, account_list);
}

/* An optional UUID member of the body, or NULL. */
static const char *api_auth_uuid(json_t *body, const char *name, struct dir_error *err)
{
	json_t *v = json_object_get(body, name);
	char ptr[64];

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || !store_is_uuid(json_string_value(v))) {
		snprintf(ptr, sizeof(ptr), "/%s", name);
		dir_error_add(err, "invalid_uuid", ptr, "%s must be a UUID", name);
		return NULL;
	}
	return json_string_value(v);
}

void api_auth_invite(struct http_request *req, struct http_response *resp)
{
	const struct auth_principal *p = &req->principal;
	struct dir_error err;
	struct invite_new inv;
	const char *org, *reset;
	long lifetime;
	json_t *body, *out = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if ((body = api_body_object(req, &err)) == NULL) {
		api_finish(resp, NULL, 0, &err);
		return;
	}
	org = api_auth_uuid(body, "organization_id", &err);
	reset = api_auth_uuid(body, "reset_account_id", &err);
	if (org == NULL && p->role == AUTH_ORG_ADMIN)
		org = p->organization;
	pthread_rwlock_rdlock(&req->app->config_lock);
	lifetime = req->app->cfg.invitation_lifetime;
	pthread_rwlock_unlock(&req->app->config_lock);
	if (!dir_error_isset(&err)) {
		conn = db_pool_acquire(req->app->pool);
		if (invite_create(
			    conn,
			    auth_role_from_name(json_string_value(json_object_get(body, "role"))),
			    org, reset, p->account_id[0] ? p->account_id : NULL, lifetime,
			    api_auth_scope(req), &inv, &err) == 0) {
			out = json_pack("{s:s, s:s, s:s}", "id", inv.id, "code", inv.code,
					"expires_at", inv.expires_at);
			sodium_memzero(inv.code, sizeof(inv.code));
		}
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, out, 201, &err);
}

void api_auth_uninvite(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	const char *id;
	PGconn *conn;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 2, &err)) != NULL) {
		conn = db_pool_acquire(req->app->pool);
		invite_revoke(conn, id, api_auth_scope(req), &err);
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, NULL, 204, &err);
}

static void api_auth_set_disabled(struct http_request *req, struct http_response *resp,
				  int disabled)
{
	struct dir_error err;
	const char *id;
	PGconn *conn;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 2, &err)) != NULL) {
		conn = db_pool_acquire(req->app->pool);
		account_set_disabled(conn, id, disabled, api_auth_scope(req), &err);
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, NULL, 204, &err);
}

void api_auth_disable(struct http_request *req, struct http_response *resp)
{
	api_auth_set_disabled(req, resp, 1);
}

void api_auth_enable(struct http_request *req, struct http_response *resp)
{
	api_auth_set_disabled(req, resp, 0);
}

void api_auth_role(struct http_request *req, struct http_response *resp)
{
	const char *scope = api_auth_scope(req);
	struct dir_error err;
	enum auth_role role;
	const char *id, *org;
	json_t *body = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 2, &err)) == NULL ||
	    (body = api_body_object(req, &err)) == NULL) {
		api_finish(resp, NULL, 0, &err);
		return;
	}
	role = auth_role_from_name(json_string_value(json_object_get(body, "role")));
	org = api_auth_uuid(body, "organization_id", &err);
	if (scope != NULL && role != AUTH_ROLE_NONE && !auth_role_in_org(role))
		dir_error_add(&err, "forbidden", "/role",
			      "an organisation admin gives only the roles registrar and org_admin");
	if (!dir_error_isset(&err)) {
		conn = db_pool_acquire(req->app->pool);
		account_set_role(conn, id, role, org, scope, &err);
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, NULL, 204, &err);
}

void api_auth_tokens(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *items;

	dir_error_init(&err);
	items = token_list_json(conn, &req->principal, &err);
	db_pool_release(req->app->pool, conn);
	api_finish(resp, items != NULL ? json_pack("{s:o}", "contents", items) : NULL, 200, &err);
}

void api_auth_token_create(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	char text[TOKEN_TEXT_MAX], id[37];
	json_t *body, *label, *out = NULL;
	PGconn *conn;

	dir_error_init(&err);
	if ((body = api_body_object(req, &err)) != NULL) {
		label = json_object_get(body, "label");
		if (label != NULL && (!json_is_string(label) || json_string_length(label) > 200))
			dir_error_add(&err, "wrong_type", "/label",
				      "label must be a string of at most 200 bytes");
		conn = db_pool_acquire(req->app->pool);
		if (!dir_error_isset(&err) &&
		    token_create_for(conn, &req->principal, json_string_value(label), text, id,
				     &err) == 0) {
			out = json_pack("{s:s, s:s}", "id", id, "token", text);
			sodium_memzero(text, sizeof(text));
		}
		db_pool_release(req->app->pool, conn);
	}
	json_decref(body);
	api_finish(resp, out, 201, &err);
}

void api_auth_token_revoke(struct http_request *req, struct http_response *resp)
{
	struct dir_error err;
	const char *id;
	PGconn *conn;

	dir_error_init(&err);
	if ((id = api_path_uuid(req, 2, &err)) != NULL) {
		conn = db_pool_acquire(req->app->pool);
		token_revoke(conn, id, &req->principal, &err);
		db_pool_release(req->app->pool, conn);
	}
	api_finish(resp, NULL, 204, &err);
}
