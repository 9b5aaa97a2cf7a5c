/*
 * api.h - the handlers behind the routes of routes.c.
 *
 * Read handlers (api_read.c) serve HSDS 3.0 at the root paths; write
 * handlers (api_write.c) take HSDS documents with a bearer token. Each one
 * fills a struct http_response and never aborts on bad input.
 */
#ifndef DIRECTORYD_API_H
#define DIRECTORYD_API_H

#include "http.h"

void api_root(struct http_request *req, struct http_response *resp);

/*
 * The node's HSDS profile (api_profile.c, docs/profile.md): GET /profile
 * answers its index {"name", "extends", "base_schemas", "description",
 * "schemas": {kind: URL}}; GET /profile/{kind}.json one JSON Schema of
 * data/profile/ (404 not_found for a name not in the profile).
 */
void api_profile(struct http_request *req, struct http_response *resp);
void api_profile_schema(struct http_request *req, struct http_response *resp);
/* The profile's URL, <public_url>/profile, into out (cap bytes, truncated). */
void api_profile_url(struct http_request *req, char *out, size_t cap);

/*
 * GET /export?format=hsds-json|hsds-csv&scope=own|all (api_export.c): the
 * whole directory, this node's listings (own, the default) or with those
 * mirrored from peers (all), as one HSDS 3.0 JSON document streamed while
 * it is read (export.h), or as a Tabular Data Package in a zip
 * (api_export_csv). Anyone may call it: it holds what the read API serves.
 */
void api_export(struct http_request *req, struct http_response *resp);
/*
 * POST /import (api_import.c): the body, an HSDS JSON document
 * (application/json) or a Tabular Data Package in a zip (application/zip,
 * unpacked with libzip into a temporary folder), read by import_hsds_opts
 * in one transaction, limited to the caller's organization
 * (auth_scope_org). Answers 200 {"summary": {counts}, "report": [the
 * importer's JSON Lines, "source" relative to the upload]}; 400
 * invalid_import for a body the importer cannot read at all; 403
 * forbidden, nothing written, when an organisation's token sends a record
 * of another organisation or a taxonomy (import_options.scope_org).
 */
void api_import(struct http_request *req, struct http_response *resp);

/* The hsds-csv form of api_export for scope (0 own, 1 all). */
void api_export_csv(struct http_request *req, struct http_response *resp, int scope);
void api_health(struct http_request *req, struct http_response *resp);

/*
 * The record handlers: req->record (set from the routing table) names the
 * HSDS record ("service", "organization", "service_at_location",
 * "location", "taxonomy", "taxonomy_term").
 *   api_list:   GET of a list, the HSDS Page envelope;
 *   api_get:    GET of one record by the UUID in the path;
 *   api_write:  POST (create, 201) or PUT (replace, 200) of an
 *               organization, service or location, with a bearer token;
 *   api_delete: DELETE of one, with a bearer token (204).
 */
void api_list(struct http_request *req, struct http_response *resp);
void api_get(struct http_request *req, struct http_response *resp);
void api_write(struct http_request *req, struct http_response *resp);
void api_delete(struct http_request *req, struct http_response *resp);

/* GET /admin/eligibility_unchecked: coordinators and node admins. */
void api_admin_unchecked(struct http_request *req, struct http_response *resp);
/*
 * GET /admin/listings?state=stale|revalidation_pending|refused (coordinators
 * and node admins): the coordinator's list of mirrored listings in that state, or of
 * refused records (apply_listings, federation/apply.h), as {"contents": [...]}.
 */
void api_admin_listings(struct http_request *req, struct http_response *resp);
/*
 * GET /admin/eligibility_review: records the eligibility rule holds for
 * review, as {"contents": [...]} (review_list): all of them for a
 * node-admin token, the organisation's own for an organisation's token.
 */
void api_admin_review_list(struct http_request *req, struct http_response *resp);
/*
 * POST /admin/eligibility_review/:id/approve and .../refuse (node-admin
 * token): decide a hold (review_decide). Answers {"review_id", "id",
 * "status": "approved"|"refused"}; approving writes the record.
 */
void api_admin_review_decide(struct http_request *req, struct http_response *resp);

/*
 * Accounts, sessions, invitations and tokens (api_auth.c, docs/api.md).
 * The route table admits the roles; these limit an organisation admin to
 * its own organisation.
 *   POST /auth/login {username, password[, totp]}: a session token (200),
 *        401 invalid_credentials, totp_required or invalid_totp, 429
 *        too_many_attempts with Retry-After;
 *   POST /auth/logout: ends the session (204);
 *   GET  /auth/whoami: who the credential is and its role;
 *   POST /auth/invite {code, username, password}: uses an invitation (201);
 *   GET|POST /auth/invitations, DELETE /auth/invitations/{id};
 *   GET  /auth/accounts, POST /auth/accounts/{id}/disable|enable,
 *   PUT  /auth/accounts/{id}/role {role[, organization_id]};
 *   GET|POST /auth/tokens, DELETE /auth/tokens/{id}.
 */
void api_auth_login(struct http_request *req, struct http_response *resp);
void api_auth_logout(struct http_request *req, struct http_response *resp);
void api_auth_whoami(struct http_request *req, struct http_response *resp);
void api_auth_accept(struct http_request *req, struct http_response *resp);
void api_auth_invitations(struct http_request *req, struct http_response *resp);
void api_auth_invite(struct http_request *req, struct http_response *resp);
void api_auth_uninvite(struct http_request *req, struct http_response *resp);
void api_auth_accounts(struct http_request *req, struct http_response *resp);
void api_auth_disable(struct http_request *req, struct http_response *resp);
void api_auth_enable(struct http_request *req, struct http_response *resp);
void api_auth_role(struct http_request *req, struct http_response *resp);
void api_auth_tokens(struct http_request *req, struct http_response *resp);
void api_auth_token_create(struct http_request *req, struct http_response *resp);
void api_auth_token_revoke(struct http_request *req, struct http_response *resp);

/*
 * The second factor (api_totp.c, directoryd/auth/totp.h, docs/api.md):
 *   POST /auth/totp: start enrolment; {secret, uri} shown once (201);
 *   POST /auth/totp/confirm {totp}: turn it on with a first code (204);
 *   POST /auth/totp/disable {totp}: turn one's own off with a code (204);
 *   DELETE /auth/accounts/{id}/totp: an admin turns off another account's
 *        (the recovery path; organisation admins only in their organisation).
 */
void api_totp_begin(struct http_request *req, struct http_response *resp);
void api_totp_confirm(struct http_request *req, struct http_response *resp);
void api_totp_disable(struct http_request *req, struct http_response *resp);
void api_totp_remove(struct http_request *req, struct http_response *resp);

/*
 * The audit trail (docs/api.md, "Audit"):
 *   GET  /audit?record_id=&organization_id=&account_id=&way=&since=&until=
 *        &page=&per_page=: newest first (api_audit.c);
 *   POST /audit/{id}/revert: undo one change as a new audited write, 409
 *        revert_conflict or revert_redacted when it cannot (api_write.c).
 */
void api_audit_list(struct http_request *req, struct http_response *resp);
void api_audit_revert(struct http_request *req, struct http_response *resp);

#endif
