/*
 * session.c - password sign-in and sessions (session.h).
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "password.h"

/* Re-hash a password the node's raised limits find weak; failures are harmless. */
static void session_rehash(PGconn *conn, const char *id, const char *stored, const char *password)
{
	char fresh[AUTH_PWHASH_MAX];
	struct dir_error ignored;
	const char *params[3] = { id, fresh, stored };

	if (!auth_password_needs_rehash(stored))
		return;
	dir_error_init(&ignored);
	if (auth_password_hash(password, fresh, &ignored) == 0)
		(void)db_command(conn,
				 "UPDATE account SET password_hash = $2"
				 " WHERE id = $1::uuid AND password_hash = $3",
				 3, params, &ignored);
	sodium_memzero(fresh, sizeof(fresh));
	dir_error_clear(&ignored);
}

int session_check_password(PGconn *conn, const char *username, const char *password,
			   struct auth_principal *who, struct dir_error *err)
{
	const char *params[1] = { username };
	const char *stored = NULL;
	PGresult *res;
	int ok;

	memset(who, 0, sizeof(*who));
	res = db_exec(conn,
		      "SELECT id, username, role, coalesce(organization_id::text, ''),"
		      " password_hash FROM account"
		      " WHERE lower(username) = lower($1) AND disabled_at IS NULL"
		      "  AND source = 'local'",
		      1, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1)
		stored = PQgetvalue(res, 0, 4);
	/* One verification whether or not the account exists. */
	ok = auth_password_verify(stored, password) && stored != NULL;
	if (ok) {
		snprintf(who->account_id, sizeof(who->account_id), "%s", PQgetvalue(res, 0, 0));
		snprintf(who->username, sizeof(who->username), "%s", PQgetvalue(res, 0, 1));
		who->role = auth_role_from_name(PQgetvalue(res, 0, 2));
		snprintf(who->organization, sizeof(who->organization), "%s", PQgetvalue(res, 0, 3));
		session_rehash(conn, who->account_id, stored, password);
	}
	PQclear(res);
	if (!ok) {
		dir_error_add(err, "invalid_credentials", NULL,
			      "the username or the password is wrong");
		return -1;
	}
	return 0;
}

int session_open(PGconn *conn, const struct auth_principal *who,
		 const struct session_limits *limits, struct session_new *out,
		 struct dir_error *err)
{
	char hash[AUTH_HASH_HEX], life[32];
	const char *params[4] = { hash, who->account_id, life,
				  who->totp_pending ? "true" : "false" };
	PGresult *res;

	memset(out, 0, sizeof(*out));
	if (auth_secret_make("dse_", out->token, hash, err) != 0)
		return -1;
	snprintf(life, sizeof(life), "%ld", limits->lifetime);
	res = db_exec(conn,
		      "INSERT INTO auth_session (token_hash, account_id, expires_at, totp_pending)"
		      " VALUES ($1, $2::uuid, now() + make_interval(secs => $3::double precision),"
		      "  $4::boolean)"
		      " RETURNING id, to_char(expires_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
		      4, params, err);
	if (res == NULL) {
		sodium_memzero(out->token, sizeof(out->token));
		return -1;
	}
	out->who = *who;
	snprintf(out->who.session_id, sizeof(out->who.session_id), "%s", PQgetvalue(res, 0, 0));
	snprintf(out->expires_at, sizeof(out->expires_at), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

int session_close(PGconn *conn, const char *session_id, struct dir_error *err)
{
	const char *params[1] = { session_id };

	return db_command(conn,
			  "UPDATE auth_session SET revoked_at = coalesce(revoked_at, now())"
			  " WHERE id = $1::uuid",
			  1, params, err);
}

long session_purge(PGconn *conn, long idle, struct dir_error *err)
{
	char secs[24];
	const char *params[1] = { secs };

	snprintf(secs, sizeof(secs), "%ld", idle);
	return db_command_count(
		conn,
		"DELETE FROM auth_session WHERE revoked_at IS NOT NULL OR expires_at <= now()"
		" OR last_seen_at <= now() - make_interval(secs => $1::double precision)",
		1, params, err);
}
