/*
 * routes.c - the one table of every endpoint (as cgit's cmd.c is the one
 * place that knows every page): method, path pattern, handler, the HSDS
 * record it serves, who may call it, and how its response is signed.
 * The HTTP transport (http/http.c) matches it and knows nothing of
 * federation, tokens or roles; the handlers never route.
 *
 * Who may call (the guard, run before the handler, and the roles it
 * admits; docs/security.md):
 *   ANYONE      no check;
 *   PEER        an RFC 9421 signature of a configured peer
 *               (fedhttp_verify_request, docs/federation.md section 4);
 *   EDITORS     registrars, organisation admins and node admins, on an
 *               origin node: a mirror refuses writes (guard_write);
 *   ORG_ADMINS  organisation admins and node admins (guard_role);
 *   READERS     organisation admins, coordinators and node admins;
 *   NODE_WIDE   coordinators and node admins;
 *   REVIEWERS   coordinators and node admins, on an origin node (they decide
 *               what the eligibility rule held: the decision writes);
 *   SIGNED_IN   any role.
 * Organisation admins and registrars reach only their own organisation:
 * the handlers and the database functions limit them (auth_scope_org).
 * test_routes walks this table: every row needs its roles.
 * How the response is signed, and the transport's flags:
 *   UNSIGNED, or SIGNED with this node's key (fedhttp_sign_response);
 *   PUBLIC      unsigned, a public read: answered with
 *               Access-Control-Allow-Origin: * and a CORS preflight (never
 *               an admin, write or federation route);
 *   REPEATS     unsigned, a page that reads a query parameter given more
 *               than once (elsewhere 400 duplicate_parameter);
 *   UPLOAD      unsigned, a body up to HTTP_MAX_UPLOAD, its guard run as
 *               soon as the head is in.
 */
#include "routes.h"

#include "api.h"
#include "fedhttp.h"
#include "guard.h"
#include "principal.h"
#include "manage.h"
#include "web.h"

#define ANYONE     NULL, AUTH_PUBLIC
#define PEER       fedhttp_verify_request, AUTH_PUBLIC
#define EDITORS    guard_write, AUTH_EDITORS
#define ORG_ADMINS guard_role, AUTH_ORG_ADMINS
#define REVERTERS  guard_write, AUTH_ORG_ADMINS
#define READERS    guard_role, AUTH_READERS
#define NODE_WIDE  guard_role, AUTH_NODE_WIDE
/* reviewers decide on a mirror too: what it holds from peers (docs/federation.md) */
#define REVIEWERS guard_role, AUTH_NODE_WIDE
#define SIGNED_IN guard_role, AUTH_ANY_ROLE
/* The registrars' pages (directoryd/web/manage_*.c): the session cookie,
 * the role, and on every POST the CSRF token; writes refused on a mirror. */
#define MANAGE_ANY    manage_guard, AUTH_ANY_ROLE
#define MANAGE_EDIT   manage_guard, AUTH_EDITORS
#define MANAGE_WRITE  manage_guard_write, AUTH_EDITORS
#define MANAGE_REVERT manage_guard_write, AUTH_ORG_ADMINS
#define MANAGE_NODE   manage_guard, AUTH_NODE_WIDE
#define MANAGE_REVIEW manage_guard, AUTH_NODE_WIDE
#define UNSIGNED      NULL, 0
#define SIGNED        fedhttp_sign_response, 0
#define PUBLIC        NULL, HTTP_ROUTE_CORS
#define REPEATS       NULL, HTTP_ROUTE_REPEATS
#define UPLOAD        NULL, HTTP_ROUTE_UPLOAD

const struct http_route routes_table[] = {
	/* method, pattern, handler, record, who may call, response signature */
	/* the search page for browsers, the HSDS root for everyone else */
	{ "GET", "/", web_root, NULL, ANYONE, PUBLIC },
	{ "GET", "/health", api_health, NULL, ANYONE, PUBLIC },
	/* HSDS 3.0 reads (docs/api.md) */
	{ "GET", "/services", api_list, "service", ANYONE, PUBLIC },
	{ "GET", "/services/:id", api_get, "service", ANYONE, PUBLIC },
	{ "GET", "/organizations", api_list, "organization", ANYONE, PUBLIC },
	{ "GET", "/organizations/:id", api_get, "organization", ANYONE, PUBLIC },
	{ "GET", "/service_at_locations", api_list, "service_at_location", ANYONE, PUBLIC },
	{ "GET", "/service_at_locations/:id", api_get, "service_at_location", ANYONE, PUBLIC },
	{ "GET", "/locations/:id", api_get, "location", ANYONE, PUBLIC },
	{ "GET", "/taxonomies", api_list, "taxonomy", ANYONE, PUBLIC },
	{ "GET", "/taxonomies/:id", api_get, "taxonomy", ANYONE, PUBLIC },
	{ "GET", "/taxonomy_terms", api_list, "taxonomy_term", ANYONE, PUBLIC },
	{ "GET", "/taxonomy_terms/:id", api_get, "taxonomy_term", ANYONE, PUBLIC },
	/* the node's HSDS profile: JSON Schemas of our extensions (docs/profile.md) */
	{ "GET", "/profile", api_profile, NULL, ANYONE, PUBLIC },
	{ "GET", "/profile/:name", api_profile_schema, NULL, ANYONE, PUBLIC },
	/* the whole directory as HSDS 3.0 JSON or a Tabular Data Package (docs/api.md, "Export") */
	{ "GET", "/export", api_export, NULL, ANYONE, PUBLIC },
	/* registrations (docs/api.md, "Writing") */
	{ "POST", "/organizations", api_write, "organization", EDITORS, UNSIGNED },
	{ "PUT", "/organizations/:id", api_write, "organization", EDITORS, UNSIGNED },
	{ "DELETE", "/organizations/:id", api_delete, "organization", EDITORS, UNSIGNED },
	{ "POST", "/services", api_write, "service", EDITORS, UNSIGNED },
	{ "PUT", "/services/:id", api_write, "service", EDITORS, UNSIGNED },
	{ "DELETE", "/services/:id", api_delete, "service", EDITORS, UNSIGNED },
	{ "POST", "/locations", api_write, "location", EDITORS, UNSIGNED },
	{ "PUT", "/locations/:id", api_write, "location", EDITORS, UNSIGNED },
	{ "DELETE", "/locations/:id", api_delete, "location", EDITORS, UNSIGNED },
	/* an HSDS JSON document or a zipped Tabular Data Package (docs/api.md, "Import") */
	{ "POST", "/import", api_import, NULL, EDITORS, UPLOAD },
	/* coordinators and node admins */
	{ "GET", "/admin/eligibility_unchecked", api_admin_unchecked, NULL, NODE_WIDE, UNSIGNED },
	{ "GET", "/admin/listings", api_admin_listings, NULL, NODE_WIDE, UNSIGNED },
	{ "GET", "/admin/peers", fedhttp_admin_peers, NULL, NODE_WIDE, UNSIGNED },
	/* the eligibility review (docs/eligibility.md): organisation admins see their own holds */
	{ "GET", "/admin/eligibility_review", api_admin_review_list, NULL, READERS, UNSIGNED },
	{ "POST", "/admin/eligibility_review/:id/approve", api_admin_review_decide, NULL, REVIEWERS,
	  UNSIGNED },
	{ "POST", "/admin/eligibility_review/:id/refuse", api_admin_review_decide, NULL, REVIEWERS,
	  UNSIGNED },
	/* accounts, sessions, invitations, tokens (docs/api.md, "Accounts") */
	{ "POST", "/auth/login", api_auth_login, NULL, ANYONE, UNSIGNED },
	{ "POST", "/auth/logout", api_auth_logout, NULL, SIGNED_IN, UNSIGNED },
	{ "GET", "/auth/whoami", api_auth_whoami, NULL, SIGNED_IN, UNSIGNED },
	{ "POST", "/auth/invite", api_auth_accept, NULL, ANYONE, UNSIGNED },
	{ "GET", "/auth/invitations", api_auth_invitations, NULL, READERS, UNSIGNED },
	{ "POST", "/auth/invitations", api_auth_invite, NULL, ORG_ADMINS, UNSIGNED },
	{ "DELETE", "/auth/invitations/:id", api_auth_uninvite, NULL, ORG_ADMINS, UNSIGNED },
	{ "GET", "/auth/accounts", api_auth_accounts, NULL, READERS, UNSIGNED },
	{ "POST", "/auth/accounts/:id/disable", api_auth_disable, NULL, ORG_ADMINS, UNSIGNED },
	{ "POST", "/auth/accounts/:id/enable", api_auth_enable, NULL, ORG_ADMINS, UNSIGNED },
	{ "PUT", "/auth/accounts/:id/role", api_auth_role, NULL, ORG_ADMINS, UNSIGNED },
	{ "GET", "/auth/tokens", api_auth_tokens, NULL, SIGNED_IN, UNSIGNED },
	{ "POST", "/auth/tokens", api_auth_token_create, NULL, SIGNED_IN, UNSIGNED },
	{ "DELETE", "/auth/tokens/:id", api_auth_token_revoke, NULL, SIGNED_IN, UNSIGNED },
	/* the second factor (directoryd/auth/totp.h) */
	{ "POST", "/auth/totp", api_totp_begin, NULL, SIGNED_IN, UNSIGNED },
	{ "POST", "/auth/totp/confirm", api_totp_confirm, NULL, SIGNED_IN, UNSIGNED },
	{ "POST", "/auth/totp/disable", api_totp_disable, NULL, SIGNED_IN, UNSIGNED },
	{ "DELETE", "/auth/accounts/:id/totp", api_totp_remove, NULL, ORG_ADMINS, UNSIGNED },
	/* the audit trail (docs/api.md, "Audit") */
	{ "GET", "/audit", api_audit_list, NULL, READERS, UNSIGNED },
	{ "POST", "/audit/:id/revert", api_audit_revert, NULL, REVERTERS, UNSIGNED },
	/* federation (docs/federation.md, sections 3 and 6) */
	{ "GET", "/.well-known/directoryd", fedhttp_wellknown, NULL, ANYONE, SIGNED },
	{ "GET", "/federation/v1/changes", fedhttp_changes, NULL, PEER, SIGNED },
	{ "GET", "/federation/v1/snapshot", fedhttp_snapshot, NULL, PEER, SIGNED },
	{ "POST", "/federation/v1/notify", fedhttp_notify, NULL, PEER, SIGNED },
	/* the pages for people who search (directoryd/web, docs/api.md "Pages") */
	{ "GET", "/search", web_search, NULL, ANYONE, REPEATS },
	{ "GET", "/search/:id", web_service, NULL, ANYONE, REPEATS },
	{ "POST", "/search/:id/report", web_report_post, NULL, ANYONE, UNSIGNED },
	{ "GET", "/privacy", web_privacy, NULL, ANYONE, REPEATS },
	{ "GET", "/static/directoryd.css", web_style, NULL, ANYONE, UNSIGNED },
	/* problem reports: an organisation's own, or all for the node-wide roles */
	{ "GET", "/reports", web_reports, NULL, SIGNED_IN, UNSIGNED },
	/* the registrars' pages (docs/registrars.md) */
	{ "GET", "/manage", manage_dashboard, NULL, MANAGE_ANY, UNSIGNED },
	{ "GET", "/manage/login", manage_login_page, NULL, ANYONE, UNSIGNED },
	{ "POST", "/manage/login", manage_login_post, NULL, ANYONE, UNSIGNED },
	{ "POST", "/manage/logout", manage_logout, NULL, MANAGE_ANY, UNSIGNED },
	{ "GET", "/manage/invite", manage_invite_page, NULL, ANYONE, UNSIGNED },
	{ "POST", "/manage/invite", manage_invite_post, NULL, ANYONE, UNSIGNED },
	{ "GET", "/manage/services/:id", manage_service_page, NULL, MANAGE_EDIT, UNSIGNED },
	{ "POST", "/manage/services/:id", manage_service_post, NULL, MANAGE_WRITE, UNSIGNED },
	{ "POST", "/manage/services/:id/confirm", manage_service_confirm, NULL, MANAGE_WRITE,
	  UNSIGNED },
	{ "GET", "/manage/locations/:id", manage_location_page, NULL, MANAGE_EDIT, UNSIGNED },
	{ "POST", "/manage/locations/:id", manage_location_post, NULL, MANAGE_WRITE, UNSIGNED },
	{ "GET", "/manage/organization/:id", manage_location_page, NULL, MANAGE_EDIT, UNSIGNED },
	{ "POST", "/manage/organization/:id", manage_location_post, NULL, MANAGE_WRITE, UNSIGNED },
	{ "GET", "/manage/history/:kind/:id", manage_history_page, NULL, MANAGE_EDIT, UNSIGNED },
	{ "GET", "/manage/overview", manage_overview, NULL, MANAGE_NODE, UNSIGNED },
	{ "POST", "/manage/review/:id/:decision", manage_review_post, NULL, MANAGE_REVIEW,
	  UNSIGNED },
	{ "POST", "/manage/history/:entry/restore", manage_history_restore, NULL, MANAGE_REVERT,
	  UNSIGNED },
};

const size_t routes_count = sizeof(routes_table) / sizeof(routes_table[0]);
