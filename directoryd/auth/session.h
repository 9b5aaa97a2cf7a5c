/*
 * session.h - signing in with a local password, and signing out.
 *
 * A session token is a secret (secret.h, prefix "dse_") kept only as its
 * hash. It ends after idle seconds without use, at its absolute lifetime,
 * when revoked (sign out), or when the account is disabled or its password
 * or role changes.
 */
#ifndef DIRECTORYD_SESSION_H
#define DIRECTORYD_SESSION_H

#include <libpq-fe.h>

#include "error.h"
#include "principal.h"
#include "secret.h"

struct session_limits {
	long idle;     /* s without a request before a session ends */
	long lifetime; /* s from sign-in before it ends in any case */
};

/* A new session, as handed to the person who signed in. */
struct session_new {
	char token[AUTH_SECRET_MAX]; /* shown once; wipe with sodium_memzero */
	char expires_at[32];         /* absolute end, RFC 3339 UTC */
	struct auth_principal who;
};

/*
 * Check a username and password of a local account. Unknown usernames, LDAP
 * accounts, disabled accounts and wrong passwords all cost one argon2id
 * verification and give the same error. On success the stored hash is
 * re-made when the node's limits were raised.
 * Returns 0 with who filled (no token or session), or -1 with err:
 * invalid_credentials, or a database error.
 */
int session_check_password(PGconn *conn, const char *username, const char *password,
			   struct auth_principal *who, struct dir_error *err);

/*
 * Open a session for the account who->account_id; with who->totp_pending
 * set, one that may only enrol TOTP (totp.h). Returns 0 with out filled,
 * or -1 with err (a database error).
 */
int session_open(PGconn *conn, const struct auth_principal *who,
		 const struct session_limits *limits, struct session_new *out,
		 struct dir_error *err);

/* End the session with this id. 0, or -1 with err. */
int session_close(PGconn *conn, const char *session_id, struct dir_error *err);

/*
 * Delete the rows of sessions that can no longer be used: revoked, past
 * their absolute end, or idle for idle seconds or more. Returns how many,
 * or -1 with err.
 */
long session_purge(PGconn *conn, long idle, struct dir_error *err);

#endif
