/*
 * principal.h - who a request acts as, and the four roles.
 *
 *   registrar    edits its own organisation's organisation record,
 *                services and locations;
 *   org_admin    the same, plus the organisation's accounts, invitations
 *                and tokens, and reads its audit trail;
 *   coordinator  reads everything, edits nothing but held listings;
 *   node_admin   everything.
 *
 * The route table (routes.c) names, for each endpoint, the roles it admits
 * as a mask of enum auth_role; handlers limit what they touch to
 * principal.organization unless the role is node-wide.
 */
#ifndef DIRECTORYD_PRINCIPAL_H
#define DIRECTORYD_PRINCIPAL_H

#include <libpq-fe.h>

#include "error.h"

enum auth_role {
	AUTH_ROLE_NONE = 0u,
	AUTH_REGISTRAR = 1u,
	AUTH_ORG_ADMIN = 2u,
	AUTH_COORDINATOR = 4u,
	AUTH_NODE_ADMIN = 8u,
};

/*
 * Masks the route table uses. AUTH_PUBLIC: no credentials needed (a bit of
 * its own, so that a route with no entry, 0, is told apart and refused).
 */
#define AUTH_PUBLIC     0x100u
#define AUTH_ANY_ROLE   (AUTH_REGISTRAR | AUTH_ORG_ADMIN | AUTH_COORDINATOR | AUTH_NODE_ADMIN)
#define AUTH_EDITORS    (AUTH_REGISTRAR | AUTH_ORG_ADMIN | AUTH_NODE_ADMIN)
#define AUTH_ORG_ADMINS (AUTH_ORG_ADMIN | AUTH_NODE_ADMIN)
#define AUTH_READERS    (AUTH_ORG_ADMIN | AUTH_COORDINATOR | AUTH_NODE_ADMIN)
#define AUTH_NODE_WIDE  (AUTH_COORDINATOR | AUTH_NODE_ADMIN)

struct auth_principal {
	enum auth_role role;
	char organization[37]; /* the organisation's UUID; "" for node-wide roles */
	char account_id[37];   /* the account, "" for a token of the node */
	char username[65];     /* the account's username, "" for a token of the node */
	char token_id[37];     /* the API token used, or "" */
	char session_id[37];   /* the session used, or "" */
	int totp_pending;      /* 1: a session that may only enrol TOTP (totp.h) */
};

/* The role's name ("registrar", ...), or "none". */
const char *auth_role_name(enum auth_role role);

/* The role called name, or AUTH_ROLE_NONE when there is none. */
enum auth_role auth_role_from_name(const char *name);

/* 1 for the roles bound to one organisation (registrar, org_admin). */
int auth_role_in_org(enum auth_role role);

/*
 * Who the Authorization header (may be NULL) is: a session token ("dse_")
 * or an API token ("dtk_"). idle_seconds is the session idle limit; a
 * session that is used has its idle time restarted.
 * Returns 0 with p filled, or -1 with err: unauthorized (no, unknown,
 * expired or revoked credential, or one of a disabled account), or a
 * database error.
 */
int auth_authenticate(PGconn *conn, const char *header, long idle_seconds, struct auth_principal *p,
		      struct dir_error *err);

/*
 * The organisation p's writes are limited to: NULL for a node admin,
 * else p->organization ("" for a coordinator, which matches nothing).
 */
const char *auth_scope_org(const struct auth_principal *p);

#endif
