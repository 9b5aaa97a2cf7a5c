/*
 * ldap_auth.h - signing in against an organisation's LDAP directory (OpenLDAP
 * or Active Directory) with OpenLDAP's libldap.
 *
 * A login searches for the user with the service account, then binds as
 * the DN found with the given password (simple bind); the user's groups
 * map to an organisation and a role. No local password is ever kept for
 * an LDAP account, and nothing falls back to one.
 *   - Filter values are escaped per RFC 4515 (ldap_bv2escaped_filter_value),
 *     DN values per RFC 4514 (ldap_dn2str).
 *   - An empty password is refused before any bind (it would be an
 *     unauthenticated bind, RFC 4513 section 5.1.2).
 *   - An unknown user costs one bind too, as a DN that does not exist, so
 *     that unknown users and wrong passwords take the same path
 *     (ldapauth_binds counts the binds for the tests).
 *   - Unreachable, refusing TLS or too slow: ldap_unavailable (503).
 */
#ifndef DIRECTORYD_LDAP_AUTH_H
#define DIRECTORYD_LDAP_AUTH_H

#include <stddef.h>

#include "config.h"
#include "error.h"
#include "principal.h"

/* One node's LDAP settings (strings borrowed from the configuration). */
struct ldapauth_config {
	const char *uri;                /* ldaps://host or ldap://host; "" = no LDAP */
	int starttls;                   /* 1: StartTLS on an ldap:// URI */
	int allow_plain;                /* 1: ldap:// without StartTLS is allowed */
	const char *ca_file;            /* PEM CA to trust; "" = the system's */
	const char *bind_dn;            /* the service account */
	const char *bind_password_file; /* its password, the file's first line */
	const char *user_base;          /* where users are searched (subtree) */
	const char *user_filter;        /* with one %s for the escaped username */
	const char *groups_file;        /* lines "GROUP_DN => ROLE [ORG UUID]" */
	long network_timeout;           /* s to connect */
	long timeout;                   /* s for each operation */
	const char *organization;       /* an [ldap ORG] section's UUID: the only
					 * organisation its groups may map to; "" for the node */
	const char *realm;              /* a section's usernames are NAME@realm; "" for the node */
};

/* The node's settings of a configuration (its strings borrowed: hold its lock). */
void ldapauth_settings(const struct dir_config *cfg, struct ldapauth_config *s);

/*
 * The directory username signs in with: the [ldap ORGANIZATION_ID] section
 * whose ldap_realm is the text after username's last '@' (ASCII case
 * ignored), with *local_len the length of the name before that '@' (what
 * the directory knows the user as); else the node's settings, with
 * *local_len the whole username. Strings borrowed as for ldapauth_settings.
 */
void ldapauth_select(const struct dir_config *cfg, const char *username, struct ldapauth_config *s,
		     size_t *local_len);

/*
 * Check the node's LDAP keys and every [ldap ORGANIZATION_ID] section
 * (ldapauth_check; a section also needs ldap_uri and an ldap_realm of its
 * own, and its groups may map only to registrar or org_admin of its
 * organisation). Returns 0, or -1 with err naming the key and section.
 */
int ldapauth_check_config(const struct dir_config *cfg, struct dir_error *err);

/* 1 when s names an LDAP server. */
int ldapauth_enabled(const struct ldapauth_config *s);

/*
 * Check the settings that need no server: the URI's scheme against
 * starttls and allow_plain, the filter template, the group map. Returns 0,
 * or -1 with err invalid_parameter naming the key.
 */
int ldapauth_check(const struct ldapauth_config *s, struct dir_error *err);

/*
 * Authenticate username and password. On success fills *role and org (the
 * organisation's UUID, "" for the node-wide roles) from the first group
 * of s->groups_file the user is a member of, and returns 0. Returns -1 with
 * err: invalid_credentials (empty password, unknown user, wrong password),
 * ldap_no_group (the password is right but the user is in no mapped group;
 * answer it as invalid_credentials), ldap_unavailable, or internal_error.
 */
int ldapauth_login(const struct ldapauth_config *s, const char *username, const char *password,
		   enum auth_role *role, char org[37], struct dir_error *err);

/*
 * Without the user's password, with the service account only: is
 * username still in the directory and in a mapped group? The daemon's
 * re-check of LDAP accounts between sign-ins (maintain.h), so that API
 * tokens of someone removed from the group stop working.
 * Returns 0 with *role and org filled as ldapauth_login does; 1 when the
 * user is gone or in no mapped group; -1 with err ldap_unavailable (or
 * internal_error) when the directory cannot tell.
 */
int ldapauth_member(const struct ldapauth_config *s, const char *username, enum auth_role *role,
		    char org[37], struct dir_error *err);

/*
 * The search filter for username: tmpl with its one %s replaced by the
 * RFC 4515 escaped username. Returns a new string the caller free()s, or
 * NULL when tmpl is not a template with exactly one %s (or memory ran out).
 */
char *ldapauth_filter(const char *tmpl, const char *username);

/* How many user binds this process attempted (for the tests). */
unsigned long ldapauth_binds(void);

#endif
