/*
 * invite.h - invitations: one-time codes that create an account, or set
 * a forgotten password, without anyone handing a password around.
 *
 * A code is a secret (secret.h, prefix "div_") kept only as its hash. It
 * is valid for the node's invitation lifetime (default 7 days), is used
 * once, and can be revoked by whoever may make it.
 */
#ifndef DIRECTORYD_INVITE_H
#define DIRECTORYD_INVITE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "principal.h"
#include "secret.h"

struct invite_new {
	char code[AUTH_SECRET_MAX]; /* shown once; wipe with sodium_memzero */
	char id[37];
	char expires_at[32]; /* RFC 3339 UTC */
};

/*
 * Make an invitation. organization: the UUID for registrar and org_admin,
 * NULL for the node-wide roles. reset_account: an account id for a
 * password reset (role and organization are then the account's and the
 * arguments are ignored), else NULL. created_by: the inviting account, or
 * NULL for the node. lifetime: seconds. scope_org: as in account.h.
 * Returns 0 with out filled, or -1 with err: invalid_value, not_found,
 * forbidden, or a database error.
 */
int invite_create(PGconn *conn, enum auth_role role, const char *organization,
		  const char *reset_account, const char *created_by, long lifetime,
		  const char *scope_org, struct invite_new *out, struct dir_error *err);

/*
 * Use an invitation code: in one transaction, create the account
 * (username, password) it invites to, or set the reset account's password
 * and end its sessions, and mark the code used. The password is hashed
 * before the transaction starts. Writes the account id to id_out.
 * Returns 0, or -1 with err: invalid_invitation (unknown code),
 * invitation_used, invitation_expired, invitation_revoked, weak_password,
 * invalid_value, conflict (username taken), or a database error.
 */
int invite_accept(PGconn *conn, const char *code, const char *username, const char *password,
		  char id_out[37], struct dir_error *err);

/* The invitations scope_org may see, newest first, as a new JSON array. */
json_t *invite_list(PGconn *conn, const char *scope_org, struct dir_error *err);

/* Revoke an unused invitation. 0, or -1 with err not_found / forbidden. */
int invite_revoke(PGconn *conn, const char *id, const char *scope_org, struct dir_error *err);

#endif
