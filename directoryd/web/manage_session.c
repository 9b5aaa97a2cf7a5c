/*
 * manage_session.c - signing in at /manage (manage.h): the session cookie,
 * the guard of the registrars' pages, the CSRF token, the sign-in,
 * sign-out and invitation pages. The sign-in and the invitation call the
 * API's own handlers (api_auth_login, api_auth_accept), so throttling,
 * LDAP and the session rules are the API's; this file only carries the
 * session token in a cookie instead of an Authorization header.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "i18n.h"
#include "manage.h"

int manage_tls(const struct http_request *req)
{
	int tls;

	pthread_rwlock_rdlock(&req->app->config_lock);
	tls = strncmp(req->app->cfg.public_url, "https://", 8) == 0;
	pthread_rwlock_unlock(&req->app->config_lock);
	return tls;
}

static const char *manage_cookie_name(const struct http_request *req)
{
	return manage_tls(req) ? MANAGE_COOKIE_TLS : MANAGE_COOKIE_PLAIN;
}

/* The session token of the cookie (borrowed), or NULL: only session
 * tokens ("dse_"), never an API token, are taken from a cookie. */
static const char *manage_cookie_token(const struct http_request *req)
{
	const char *v =
		MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, manage_cookie_name(req));

	if (v == NULL || strncmp(v, "dse_", 4) != 0 || strlen(v) > 200)
		return NULL;
	return v;
}

/* Set-Cookie for token, or the cookie's removal when token is NULL. */
static void manage_set_cookie(const struct http_request *req, struct http_response *resp,
			      const char *token)
{
	int tls = manage_tls(req);

	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 tls ? MANAGE_COOKIE_TLS : MANAGE_COOKIE_PLAIN, token != NULL ? token : "",
		 tls ? "; Secure" : "", token != NULL ? "" : "; Max-Age=0");
}

int manage_csrf(const struct http_request *req, char out[MANAGE_CSRF_HEX])
{
	static const char label[] = "directoryd /manage csrf v1";
	const char *token = manage_cookie_token(req);
	unsigned char mac[32];

	out[0] = '\0';
	if (token == NULL)
		return -1;
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)label, sizeof(label) - 1,
			   (const unsigned char *)token,
			   strlen(token) > crypto_generichash_KEYBYTES_MAX
				   ? crypto_generichash_KEYBYTES_MAX
				   : strlen(token));
	sodium_bin2hex(out, MANAGE_CSRF_HEX, mac, sizeof(mac));
	return 0;
}

void manage_csrf_input(struct web_page *p)
{
	char csrf[MANAGE_CSRF_HEX];

	manage_csrf(p->req, csrf);
	html_raw(&p->h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(&p->h, csrf);
	html_raw(&p->h, "\">");
}

void manage_redirect(const struct http_request *req, struct http_response *resp, const char *path)
{
	const char *lang = http_query(req, "lang");
	const struct web_lang *l = lang != NULL ? web_lang_find(lang) : NULL;
	size_t before = strcspn(path, "#");
	const char *sep = memchr(path, '?', before) != NULL ? "&lang=" : "?lang=";

	json_decref(resp->body);
	resp->body = NULL;
	resp->status = 303;
	resp->content_type = "text/plain; charset=utf-8";
	resp->text = strdup("");
	resp->text_len = 0;
	snprintf(resp->location, sizeof(resp->location), "%.*s%s%s%s", (int)before, path,
		 l != NULL ? sep : "", l != NULL ? l->tag : "", path + before);
}

/* A short page for a refusal (403) with a link back to the dashboard; the
 * plain frame, since the guard may refuse before knowing who signed in.
 * title and text are msgids: the guard runs before any page switched the
 * language on, so they are translated here, after page_start. */
static void manage_refusal(struct http_request *req, struct http_response *resp,
			   unsigned int status, const char *title, const char *text)
{
	struct web_page p;

	page_start(&p, req);
	page_head(&p, _(title));
	page_message(&p, _(title), _(text), "/manage", _("Back to your listings"));
	page_finish(&p, resp, status);
}

/* The POST's csrf field against the session's: 0 when they match. */
static int manage_csrf_check(struct http_request *req)
{
	char want[MANAGE_CSRF_HEX];
	json_t *form = manage_form_read(req);
	const char *got = manage_form_get(form, "csrf");
	int rc = -1;

	if (manage_csrf(req, want) == 0 && got != NULL && strlen(got) == strlen(want) &&
	    sodium_memcmp(got, want, strlen(want)) == 0)
		rc = 0;
	json_decref(form);
	return rc;
}

int manage_guard(struct http_request *req, struct http_response *resp)
{
	unsigned int roles = req->route != NULL ? req->route->roles : 0;
	const char *token = manage_cookie_token(req);
	char header[256];
	struct dir_error err;
	PGconn *conn;
	long idle;
	int rc;

	if (token == NULL) {
		manage_redirect(req, resp, "/manage/login");
		return -1;
	}
	snprintf(header, sizeof(header), "Bearer %s", token);
	dir_error_init(&err);
	pthread_rwlock_rdlock(&req->app->config_lock);
	idle = req->app->cfg.session_idle;
	pthread_rwlock_unlock(&req->app->config_lock);
	conn = db_pool_acquire(req->app->pool);
	rc = auth_authenticate(conn, header, idle, &req->principal, &err);
	db_pool_release(req->app->pool, conn);
	sodium_memzero(header, sizeof(header));
	if (rc != 0) {
		int unauthorized = strcmp(err.code, "unauthorized") == 0;
		dir_error_clear(&err);
		if (!unauthorized) {
			http_fail(resp, "internal_error", NULL, "the session could not be checked");
			return -1;
		}
		manage_redirect(req, resp, "/manage/login");
		manage_set_cookie(req, resp, NULL);
		return -1;
	}
	dir_error_clear(&err);
	if ((roles & AUTH_ANY_ROLE & (unsigned int)req->principal.role) == 0) {
		manage_refusal(req, resp, 403, N_("Not allowed"),
			       N_("Your role may not use this page."));
		return -1;
	}
	if (strcmp(req->method, "POST") == 0 && manage_csrf_check(req) != 0) {
		manage_refusal(req, resp, 403, N_("This form has expired"),
			       N_("The form was not sent from this signed-in page (its security "
				  "token is missing or wrong). Nothing was changed. Open the page "
				  "again and send the form once more."));
		return -1;
	}
	return 0;
}

int manage_may(const struct http_request *req, unsigned int roles, int write)
{
	int mirror;

	if ((req->principal.role & roles) == 0)
		return 0;
	if (!write)
		return 1;
	pthread_rwlock_rdlock(&req->app->config_lock);
	mirror = strcmp(req->app->cfg.mode, "mirror") == 0;
	pthread_rwlock_unlock(&req->app->config_lock);
	return !mirror;
}

int manage_guard_write(struct http_request *req, struct http_response *resp)
{
	int mirror;

	pthread_rwlock_rdlock(&req->app->config_lock);
	mirror = strcmp(req->app->cfg.mode, "mirror") == 0;
	pthread_rwlock_unlock(&req->app->config_lock);
	if (mirror) {
		manage_refusal(req, resp, 403, N_("Not allowed"),
			       N_("This node is a mirror and takes no registrations: change the "
				  "listing on the node where it was registered."));
		return -1;
	}
	return manage_guard(req, resp);
}

void manage_start(struct web_page *p, struct http_request *req, const char *title,
		  const char *heading)
{
	page_start(p, req);
	manage_head(p, _(title));
	html_raw(&p->h, "<h1>");
	html_txt(&p->h, _(heading != NULL ? heading : title));
	html_raw(&p->h, "</h1>");
}

void manage_head(struct web_page *p, const char *title)
{
	page_head(p, title);
	html_raw(&p->h, "<nav class=\"manage\" aria-label=\"");
	html_attr(&p->h, _("Your account"));
	html_raw(&p->h, "\"><span>");
	html_txt(&p->h, _("Signed in as"));
	html_raw(&p->h, " <strong>");
	html_txt(&p->h, p->req->principal.username);
	html_raw(&p->h, "</strong></span> <a href=\"/manage");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Your listings"));
	html_raw(&p->h, "</a>");
	if (p->req->principal.role == AUTH_COORDINATOR ||
	    p->req->principal.role == AUTH_NODE_ADMIN) {
		html_raw(&p->h, " <a href=\"/manage/overview");
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		html_txt(&p->h, _("Overview"));
		html_raw(&p->h, "</a>");
	}
	html_raw(&p->h, " <form method=\"post\" action=\"/manage/logout\" class=\"inline\">");
	manage_csrf_input(p);
	html_raw(&p->h, "<button type=\"submit\">");
	html_txt(&p->h, _("Sign out"));
	html_raw(&p->h, "</button></form></nav>");
}

/*
 * Whether a sign-in POST came from a page of this host (against login
 * CSRF, before any session exists): Sec-Fetch-Site, which browsers send
 * whatever the referrer policy, must be same-origin (or none: typed by the
 * person); an Origin naming another host is refused. The pages send
 * Referrer-Policy: no-referrer, so a browser's Origin is "null" here.
 */
static int manage_same_origin(const struct http_request *req)
{
	const char *site = http_header(req, "Sec-Fetch-Site");
	const char *origin = http_header(req, "Origin");
	const char *host = http_header(req, "Host");
	const char *o;

	if (site != NULL && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 0;
	if (origin == NULL || strcmp(origin, "null") == 0)
		return 1;
	o = strstr(origin, "://");
	return host != NULL && o != NULL && strcmp(o + 3, host) == 0;
}

/* The sign-in form; message (a msgid, translated here after page_start;
 * may be NULL) above it, username kept; totp_asked marks the code field
 * (the account needs one). */
static void manage_login_form(struct http_request *req, struct http_response *resp,
			      unsigned int status, const char *message, const char *username,
			      int totp_asked)
{
	struct web_page p;

	page_start(&p, req);
	page_head(&p, _("Sign in"));
	html_raw(&p.h, "<h1>");
	html_txt(&p.h, _("Sign in to keep your listings up to date"));
	html_raw(&p.h, "</h1>");
	if (message != NULL) {
		html_raw(&p.h, "<p class=\"error\" role=\"alert\">");
		html_txt(&p.h, _(message));
		html_raw(&p.h, "</p>");
	}
	html_raw(&p.h, "<form method=\"post\" class=\"manage\" action=\"/manage/login");
	page_lang_arg(&p, 1);
	html_raw(&p.h, "\"><p><label for=\"username\">");
	html_txt(&p.h, _("Username"));
	html_raw(&p.h, "</label><input id=\"username\" name=\"username\" autocomplete=\"username\" "
		       "required value=\"");
	html_attr(&p.h, username);
	html_raw(&p.h, "\"></p><p><label for=\"password\">");
	html_txt(&p.h, _("Password"));
	html_raw(&p.h, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		       "autocomplete=\"current-password\" required></p><p><label for=\"totp\">");
	html_txt(&p.h, _("Code from your authenticator app"));
	html_raw(&p.h, "</label><small id=\"totp-hint\">");
	html_txt(&p.h, _("Only if you turned on the second step (TOTP): the 6 digits the app "
			 "shows now. Leave it empty otherwise."));
	html_raw(&p.h, "</small><input id=\"totp\" name=\"totp\" inputmode=\"numeric\" "
		       "autocomplete=\"one-time-code\" pattern=\"[0-9]{6,8}\" maxlength=\"8\" "
		       "aria-describedby=\"totp-hint\"");
	html_raw(&p.h, totp_asked ? " aria-invalid=\"true\" autofocus" : "");
	html_raw(&p.h, "></p><p><button type=\"submit\">");
	html_txt(&p.h, _("Sign in"));
	html_raw(&p.h, "</button></p></form><p class=\"note\">");
	html_txt(&p.h, _("Signing in sets one cookie, only to keep you signed in. People who "
			 "search the directory get no cookie."));
	html_raw(&p.h, "</p>");
	page_foot(&p);
	page_finish(&p, resp, status);
}

void manage_login_page(struct http_request *req, struct http_response *resp)
{
	manage_login_form(req, resp, 200, NULL, NULL, 0);
}

/* The sign-in form again after a refusal, saying why in plain words. */
static void manage_sign_in_refused(struct http_request *req, struct http_response *resp,
				   const struct manage_result *r, const char *user)
{
	const char *code = manage_error_code(r);

	if (strcmp(code, "too_many_attempts") == 0)
		manage_login_form(req, resp, 429,
				  N_("Too many failed sign-ins. Wait a minute and try again."),
				  user, 0);
	else if (strcmp(code, "ldap_unavailable") == 0)
		manage_login_form(req, resp, 503,
				  N_("The sign-in directory of your organisation cannot be reached "
				     "just now. Try again later."),
				  user, 0);
	else if (strcmp(code, "totp_required") == 0)
		manage_login_form(
			req, resp, 401,
			N_("Your account has the second step turned on: enter your password "
			   "again with the code your authenticator app shows now."),
			user, 1);
	else if (strcmp(code, "invalid_totp") == 0)
		manage_login_form(
			req, resp, 401,
			N_("The code is wrong or was already used. Enter your password again "
			   "with the code your authenticator app shows now."),
			user, 1);
	else
		manage_login_form(req, resp, 401, N_("The username or the password is wrong."),
				  user, 0);
}

/* Sign in through api_auth_login (with the TOTP code when one is given);
 * on success the cookie and a 303. */
static void manage_sign_in(struct http_request *req, struct http_response *resp, const char *user,
			   const char *pw, const char *totp)
{
	struct manage_result r = { 0, NULL };
	json_t *doc = json_pack("{s:s, s:s}", "username", user, "password", pw);
	const char *token;

	if (doc != NULL && totp != NULL && totp[0] != '\0')
		json_object_set_new(doc, "totp", json_string(totp));
	manage_call(req, api_auth_login, "POST", NULL, "auth", "login", NULL, doc, &r);
	json_decref(doc);
	token = json_string_value(json_object_get(r.body, "token"));
	if (r.status == 200 && token != NULL) {
		manage_redirect(req, resp, "/manage");
		manage_set_cookie(req, resp, token);
	} else {
		manage_sign_in_refused(req, resp, &r, user);
	}
	manage_result_free(&r);
}

void manage_login_post(struct http_request *req, struct http_response *resp)
{
	json_t *form = manage_form_read(req);
	const char *user = manage_form_get(form, "username");
	const char *pw = manage_form_get(form, "password");

	if (!manage_same_origin(req)) {
		manage_refusal(req, resp, 403, N_("Not allowed"),
			       N_("This sign-in form was sent from another site."));
	} else if (form == NULL || user == NULL || pw == NULL) {
		manage_login_form(req, resp, 400, N_("Fill in your username and your password."),
				  user, 0);
	} else {
		manage_sign_in(req, resp, user, pw, manage_form_get(form, "totp"));
	}
	json_decref(form);
}

void manage_logout(struct http_request *req, struct http_response *resp)
{
	struct manage_result r = { 0, NULL };

	manage_call(req, api_auth_logout, "POST", NULL, "auth", "logout", NULL, NULL, &r);
	manage_result_free(&r);
	manage_redirect(req, resp, "/manage/login");
	manage_set_cookie(req, resp, NULL);
}

/* The invitation form: the code kept hidden, the username, the password
 * twice; message as manage_login_form's. */
static void manage_invite_form(struct http_request *req, struct http_response *resp,
			       unsigned int status, const char *code, const char *username,
			       const char *message)
{
	struct web_page p;

	page_start(&p, req);
	page_head(&p, _("Accept an invitation"));
	html_raw(&p.h, "<h1>");
	html_txt(&p.h, _("Choose your username and password"));
	html_raw(&p.h, "</h1>");
	if (message != NULL) {
		html_raw(&p.h, "<p class=\"error\" role=\"alert\">");
		html_txt(&p.h, _(message));
		html_raw(&p.h, "</p>");
	}
	html_raw(&p.h, "<form method=\"post\" class=\"manage\" action=\"/manage/invite");
	page_lang_arg(&p, 1);
	html_raw(&p.h, "\"><input type=\"hidden\" name=\"code\" value=\"");
	html_attr(&p.h, code);
	html_raw(&p.h, "\"><p><label for=\"username\">");
	html_txt(&p.h, _("Username"));
	html_raw(&p.h, "</label><input id=\"username\" name=\"username\" autocomplete=\"username\" "
		       "required pattern=\"[A-Za-z0-9._@-]{1,64}\" value=\"");
	html_attr(&p.h, username);
	html_raw(&p.h, "\"><small>");
	html_txt(&p.h, _("Letters, digits and . _ @ - only."));
	html_raw(&p.h, "</small></p><p><label for=\"password\">");
	html_txt(&p.h, _("New password"));
	html_raw(&p.h, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		       "autocomplete=\"new-password\" required minlength=\"12\"></p><p><label "
		       "for=\"password2\">");
	html_txt(&p.h, _("The same password again"));
	html_raw(&p.h, "</label><input id=\"password2\" name=\"password2\" type=\"password\" "
		       "autocomplete=\"new-password\" required></p><p><button type=\"submit\">");
	html_txt(&p.h, _("Save and sign in"));
	html_raw(&p.h, "</button></p></form>");
	page_foot(&p);
	page_finish(&p, resp, status);
}

void manage_invite_page(struct http_request *req, struct http_response *resp)
{
	manage_invite_form(req, resp, 200, http_query(req, "code"), NULL, NULL);
}

/* The message (a msgid) for an invitation the API refused. */
static const char *manage_invite_message(const char *code)
{
	if (strcmp(code, "weak_password") == 0)
		return N_("This password is too weak: use at least 12 characters, for example "
			  "four unrelated words.");
	if (strcmp(code, "conflict") == 0)
		return N_("This username is taken. Choose another.");
	if (strcmp(code, "invitation_used") == 0 || strcmp(code, "invitation_expired") == 0 ||
	    strcmp(code, "invitation_revoked") == 0 || strcmp(code, "invalid_invitation") == 0)
		return N_("This invitation link cannot be used (it was used, has expired or "
			  "was withdrawn). Ask your organisation for a new one.");
	return N_("The username is not valid: letters, digits and . _ @ - only.");
}

void manage_invite_post(struct http_request *req, struct http_response *resp)
{
	json_t *form = manage_form_read(req);
	const char *code = manage_form_get(form, "code");
	const char *user = manage_form_get(form, "username");
	const char *pw = manage_form_get(form, "password");
	const char *pw2 = manage_form_get(form, "password2");
	struct manage_result r = { 0, NULL };
	json_t *doc;

	if (!manage_same_origin(req)) {
		manage_refusal(req, resp, 403, N_("Not allowed"),
			       N_("This form was sent from another site."));
	} else if (code == NULL || user == NULL || pw == NULL || pw2 == NULL) {
		manage_invite_form(req, resp, 400, code, user, N_("Fill in every field."));
	} else if (strcmp(pw, pw2) != 0) {
		manage_invite_form(req, resp, 400, code, user,
				   N_("The two passwords differ. Type the same password twice."));
	} else {
		doc = json_pack("{s:s, s:s, s:s}", "code", code, "username", user, "password", pw);
		manage_call(req, api_auth_accept, "POST", NULL, "auth", "invite", NULL, doc, &r);
		json_decref(doc);
		if (r.status == 201)
			manage_sign_in(req, resp, user, pw, manage_form_get(form, "totp"));
		else
			manage_invite_form(req, resp, 400, code, user,
					   manage_invite_message(manage_error_code(&r)));
		manage_result_free(&r);
	}
	json_decref(form);
}
