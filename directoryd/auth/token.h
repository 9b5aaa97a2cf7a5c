/*
 * token.h - API tokens for automation.
 *
 * A token is a secret (secret.h, prefix "dtk_") kept only as its hash. It
 * is owned by the node (made with `directoryd token create`: scoped to one
 * organisation's listings, or to the whole node as node admin) or by an
 * account (made with POST /auth/tokens), in which case it acts with the
 * account's current role and organisation and stops working while the
 * account is disabled. principal.h's auth_authenticate checks them.
 */
#ifndef DIRECTORYD_TOKEN_H
#define DIRECTORYD_TOKEN_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>

#include "error.h"
#include "principal.h"
#include "secret.h"

/* Longest token text including the NUL. */
#define TOKEN_TEXT_MAX AUTH_SECRET_MAX

/*
 * Create a token of the node: organization_id is a UUID, or NULL for a
 * node-admin token. Writes the token text (to be shown once) into
 * text_out and its id into id_out. Returns 0, or -1 with err (not_found
 * when the organisation does not exist).
 */
int token_create(PGconn *conn, const char *organization_id, const char *label,
		 char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err);

/*
 * Create a token owned by the account of p (p->account_id must be set),
 * as token_create otherwise.
 */
int token_create_for(PGconn *conn, const struct auth_principal *p, const char *label,
		     char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err);

/* Print the tokens (id, scope, label, created, revoked) to out. 0 or -1. */
int token_list(PGconn *conn, FILE *out, struct dir_error *err);

/*
 * The tokens p may see as a new JSON array of {id, label, owner_account_id,
 * organization_id, node_admin, created_at, revoked_at}: every token for
 * the node-wide roles, the organisation's for an organisation admin, its
 * own for a registrar. NULL with err on failure.
 */
json_t *token_list_json(PGconn *conn, const struct auth_principal *p, struct dir_error *err);

/*
 * Revoke the token with this id. p: who asks (NULL for the node's command
 * line); an organisation admin may revoke its organisation's tokens, a
 * registrar or coordinator its own. 0, or -1 with err (not_found,
 * forbidden).
 */
int token_revoke(PGconn *conn, const char *id, const struct auth_principal *p,
		 struct dir_error *err);

#endif
