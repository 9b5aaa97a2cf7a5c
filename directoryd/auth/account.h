/*
 * account.h - the accounts of the people who register services.
 *
 * Every function takes scope_org: NULL for the node (node admin, the
 * command line), or the UUID of the organisation an organisation admin
 * acts for; an account of another organisation is then "not_found" to
 * the read functions and "forbidden" to the write ones.
 */
#ifndef DIRECTORYD_ACCOUNT_H
#define DIRECTORYD_ACCOUNT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "principal.h"

/* 1 when name is a valid username: 1 to 64 of A-Z a-z 0-9 . _ @ - */
int account_username_ok(const char *name);

/*
 * Create a local account with an already made password hash (password.h),
 * or an LDAP account (pwhash NULL). organization is a UUID for the roles
 * in an organisation, NULL for coordinator and node_admin. Runs in the
 * caller's transaction, if any. Writes the new id to id_out.
 * Returns 0, or -1 with err: invalid_value (username, role and
 * organisation that do not fit), not_found (organisation), conflict (the
 * username is taken), a database error.
 */
int account_create(PGconn *conn, const char *username, const char *pwhash, enum auth_role role,
		   const char *organization, char id_out[37], struct dir_error *err);

/*
 * The accounts scope_org may see, as a new JSON array of {id, username,
 * role, organization_id, source, created_at, disabled, totp} ordered by
 * username. NULL with err on failure.
 */
json_t *account_list(PGconn *conn, const char *scope_org, struct dir_error *err);

/*
 * The id of the account called username (case-insensitive) that scope_org
 * may see. 0 with id_out, or -1 with err not_found.
 */
int account_find(PGconn *conn, const char *username, const char *scope_org, char id_out[37],
		 struct dir_error *err);

/*
 * Disable (disabled = 1) or enable an account. Disabling ends its
 * sessions at once; its API tokens stop working while it is disabled.
 * Returns 0, or -1 with err not_found / forbidden.
 */
int account_set_disabled(PGconn *conn, const char *id, int disabled, const char *scope_org,
			 struct dir_error *err);

/*
 * Replace a local account's password hash and end its sessions.
 * Returns 0, or -1 with err not_found / forbidden / invalid_value (an LDAP
 * account has no local password).
 */
int account_set_password(PGconn *conn, const char *id, const char *pwhash, const char *scope_org,
			 struct dir_error *err);

/*
 * Give an account another role. A role in an organisation keeps the
 * account's organisation unless organization (a UUID) names another,
 * which only the node may do; a node-wide role drops it. Ends the
 * account's sessions so the new role applies from the next sign-in.
 * Returns 0, or -1 with err not_found / forbidden / invalid_value.
 */
int account_set_role(PGconn *conn, const char *id, enum auth_role role, const char *organization,
		     const char *scope_org, struct dir_error *err);

/*
 * After an LDAP sign-in (ldap_auth.h): create or update the LDAP account called
 * username with the role and organisation (UUID or NULL) its groups map
 * to, and fill who. Returns 0, or -1 with err invalid_credentials when a
 * local account has that name or the account is disabled here.
 */
int account_ldap_sync(PGconn *conn, const char *username, enum auth_role role,
		      const char *organization, struct auth_principal *who, struct dir_error *err);

/*
 * An LDAP user left every mapped group, or the directory: mark the LDAP
 * account called username, if there is one, as lost (its API tokens stop
 * working, migrations/0096_ldap_lost.sql) and end its sessions, until a
 * sign-in finds it in a mapped group again. 0 or -1 with err.
 */
int account_ldap_lost(PGconn *conn, const char *username, struct dir_error *err);

/*
 * A re-check found the LDAP user in a mapped group (ldapauth_member): give
 * the LDAP account called username that role and organisation (UUID or
 * NULL) and clear its lost mark; when the role or organisation changed, end
 * its sessions. 0 or -1 with err.
 */
int account_ldap_still(PGconn *conn, const char *username, enum auth_role role,
		       const char *organization, struct dir_error *err);

/* End every session of the account. 0 or -1 with err. */
int account_end_sessions(PGconn *conn, const char *id, struct dir_error *err);

#endif
