/*
 * manage.h - the registrars' pages at /manage (docs/registrars.md): signing
 * in with the session cookie, the forms for an organisation, its services
 * and locations, keeping listings true, their history, and the
 * coordinators' view.
 *
 * The pages work without script. Every write goes through the API's own
 * handler called in-process (manage_call), so a form and a JSON client get
 * the same validation, eligibility rule, audit and transaction. Every POST
 * carries a CSRF token tied to the session (manage_guard checks it before
 * any handler runs). The session cookie is the only cookie the site sets,
 * and only after a registrar signs in.
 */
#ifndef DIRECTORYD_WEB_MANAGE_H
#define DIRECTORYD_WEB_MANAGE_H

#include <jansson.h>

#include "http.h"
#include "page.h"

/* The session cookie's name: with the __Host- prefix when public_url is
 * https (the browser then sends it only over TLS, for this host, path /). */
#define MANAGE_COOKIE_TLS   "__Host-dse"
#define MANAGE_COOKIE_PLAIN "dse"
/* Length of the CSRF token in hexadecimal digits, with its NUL. */
#define MANAGE_CSRF_HEX 65

/*
 * The guard of every /manage route but sign-in: the session cookie must
 * name a live session (auth_authenticate, as the API's bearer sessions)
 * whose role the route admits; a POST must carry the form field "csrf"
 * equal to manage_csrf of that session. Returns 0 with req->principal set,
 * or -1 with resp a 303 to the sign-in page (no or ended session), or a
 * 403 page (wrong role, CSRF token missing or wrong).
 */
int manage_guard(struct http_request *req, struct http_response *resp);

/* manage_guard, refusing every write on a mirror node first (as
 * guard_write does for the API). */
int manage_guard_write(struct http_request *req, struct http_response *resp);

/*
 * Whether the signed-in caller may press a button: 1 when the caller's
 * role is one of roles (AUTH_EDITORS, ...) and, with write set, the node
 * is not a mirror (where manage_guard_write refuses every write); else 0.
 * The pages show only the buttons and links their routes would admit.
 */
int manage_may(const struct http_request *req, unsigned int roles, int write);

/* 1 when this node is served over TLS: public_url starts with https://
 * (docs/registrars.md, "Cookies"), else 0. */
int manage_tls(const struct http_request *req);

/*
 * The CSRF token of the request's session, as lowercase hex into out: a
 * BLAKE2b (libsodium crypto_generichash) of a fixed label keyed with the
 * session token from the cookie, so it changes with every session and is
 * never stored. Returns 0, or -1 (out "") when the request has no session
 * cookie.
 */
int manage_csrf(const struct http_request *req, char out[MANAGE_CSRF_HEX]);

/* Write the hidden csrf input of the request's session into a form. */
void manage_csrf_input(struct web_page *p);

/*
 * Set resp to a 303 See Other to path (a path on this node, "/manage...",
 * which may have a query and a #fragment). When req chose its interface
 * language with lang=, the target gets the same lang= (before the fragment),
 * so the language survives the redirect; Accept-Language needs no carrying.
 */
void manage_redirect(const struct http_request *req, struct http_response *resp, const char *path);

/*
 * The page frame of /manage: page_head plus the registrar's bar (who is
 * signed in, the dashboard link, and the sign-out form with its CSRF
 * token, on every page).
 */
void manage_head(struct web_page *p, const char *title);

/*
 * Start a /manage page for a signed-in caller: page_start, manage_head
 * with title, and <h1>heading</h1> (heading NULL: the title). title and
 * heading are msgids (N_("...")), translated here once page_start has
 * switched to the request's language; a text translated before that comes
 * out in English.
 */
void manage_start(struct web_page *p, struct http_request *req, const char *title,
		  const char *heading);

/*
 * Parse a application/x-www-form-urlencoded body with libmicrohttpd's
 * parser into a new JSON object {name: [value, ...]} (the caller
 * json_decrefs it). Returns NULL when the body is not such a form or a
 * value is not UTF-8.
 */
json_t *manage_form_read(struct http_request *req);

/* The first value of field name in a form (borrowed), or NULL. */
const char *manage_form_get(const json_t *form, const char *name);

/* 1 when the form has a value equal to value for field name. */
int manage_form_has(const json_t *form, const char *name, const char *value);

/* The values of field name (borrowed JSON array of strings; empty array
 * when none: never NULL). */
const json_t *manage_form_all(const json_t *form, const char *name);

/* The answer of an API handler called in-process. */
struct manage_result {
	unsigned int status; /* HTTP status the API would send */
	json_t *body;        /* its JSON body (owned), or NULL */
};

/*
 * Call the API handler h as if the signed-in caller had sent method to
 * the route's path: seg1 and seg2 (may be NULL) are the path segments after
 * the first ("/services/ID" has seg1 ID), record the HSDS record of the
 * route ("service") or NULL, doc the JSON body (borrowed) or NULL. The
 * guard has admitted the caller; the handler applies its own checks and
 * scope. Fills out; free with manage_result_free.
 */
void manage_call(struct http_request *req, http_handler h, const char *method, const char *record,
		 const char *seg0, const char *seg1, const char *seg2, json_t *doc,
		 struct manage_result *out);

/* manage_call with the path's segments given whole (segs[0] the first;
 * NULL members are left out), for routes deeper than three segments. */
void manage_call_segs(struct http_request *req, http_handler h, const char *method,
		      const char *record, const char *const *segs, size_t nsegs, json_t *doc,
		      struct manage_result *out);

void manage_result_free(struct manage_result *r);

/* The error code of an API answer ("" when none). */
const char *manage_error_code(const struct manage_result *r);

/*
 * Write the error messages of an API answer whose "field" (a JSON Pointer)
 * is ptr, as a list next to the field (id "err-<id>" for
 * aria-describedby); nothing when none. Eligibility refusals and holds
 * show the rule in plain words, the phrase found and the suggested
 * wording. ptr "" writes the errors that name no field.
 */
void manage_field_errors(struct web_page *p, const struct manage_result *r, const char *ptr,
			 const char *id);

/* Every error of r as one list (the summary above a refused form, so
 * that an error on a field the form does not show is still seen). */
void manage_error_summary(struct web_page *p, const struct manage_result *r);

/* Every error or finding of r as a list, each with its field, message,
 * and for the eligibility rule the rule in plain words, the words found
 * and the suggested wording (the page of a held listing). */
void manage_findings(struct web_page *p, const struct manage_result *r);

/* 1 when any error or hold of r names ptr or a pointer below it. */
int manage_has_error(const struct manage_result *r, const char *ptr);

/* GET /manage/login and POST /manage/login (anyone). */
void manage_login_page(struct http_request *req, struct http_response *resp);
void manage_login_post(struct http_request *req, struct http_response *resp);

/* POST /manage/logout: end the session, clear the cookie. */
void manage_logout(struct http_request *req, struct http_response *resp);

/* GET and POST /manage/invite: an invitation link sets the password. */
void manage_invite_page(struct http_request *req, struct http_response *resp);
void manage_invite_post(struct http_request *req, struct http_response *resp);

/* GET /manage: the dashboard: the organisation's listings, the ones not
 * confirmed for a while first, with "still accurate" buttons. */
void manage_dashboard(struct http_request *req, struct http_response *resp);

/* The label of a service status (HSDS service.status: "active",
 * "temporarily closed", "inactive") in the page's language, as the service
 * form offers it; an unknown status is returned as it is. Static storage
 * or status itself: the caller frees nothing. */
const char *manage_status_label(const char *status);

/* GET /manage/services/new, GET /manage/services/{id}: the service form;
 * POST to the same paths writes it. */
void manage_service_page(struct http_request *req, struct http_response *resp);
void manage_service_post(struct http_request *req, struct http_response *resp);

/* POST /manage/services/{id}/confirm: "still accurate", sets assured_date. */
void manage_service_confirm(struct http_request *req, struct http_response *resp);

/* GET and POST /manage/locations/{id|new} and /manage/organization/{id}:
 * the place and organisation forms (manage_location.c). */
void manage_location_page(struct http_request *req, struct http_response *resp);
void manage_location_post(struct http_request *req, struct http_response *resp);

/* GET /manage/history/{kind}/{id}: the audit trail of one record;
 * POST /manage/history/{entry}/restore: the version before that entry,
 * through the API's revert (organisation admins and node admins). */
void manage_history_page(struct http_request *req, struct http_response *resp);
void manage_history_restore(struct http_request *req, struct http_response *resp);

/* GET /manage/overview: coverage (table and SVG chart), the listings that
 * need a look and the review queue (coordinators, node admins); POST
 * /manage/review/{id}/{approve|refuse}: the API's review decision. */
void manage_overview(struct http_request *req, struct http_response *resp);
void manage_review_post(struct http_request *req, struct http_response *resp);

#endif
