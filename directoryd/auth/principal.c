/*
 * principal.c - roles, and who a request's bearer credential is
 * (principal.h).
 */
#include "principal.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "secret.h"

static const struct {
	enum auth_role role;
	const char *name;
} role_names[] = {
	{ AUTH_REGISTRAR, "registrar" },
	{ AUTH_ORG_ADMIN, "org_admin" },
	{ AUTH_COORDINATOR, "coordinator" },
	{ AUTH_NODE_ADMIN, "node_admin" },
};

#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

const char *auth_role_name(enum auth_role role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (role_names[i].role == role)
			return role_names[i].name;
	return "none";
}

enum auth_role auth_role_from_name(const char *name)
{
	for (size_t i = 0; name != NULL && i < NROLES; i++)
		if (strcmp(role_names[i].name, name) == 0)
			return role_names[i].role;
	return AUTH_ROLE_NONE;
}

int auth_role_in_org(enum auth_role role)
{
	return role == AUTH_REGISTRAR || role == AUTH_ORG_ADMIN;
}

const char *auth_scope_org(const struct auth_principal *p)
{
	return p->role == AUTH_NODE_ADMIN ? NULL : p->organization;
}

/*
 * Fill p from a row: account id, username, role, organisation, token,
 * session, TOTP enrolment pending.
 */
static void principal_fill(struct auth_principal *p, PGresult *res)
{
	snprintf(p->account_id, sizeof(p->account_id), "%s", PQgetvalue(res, 0, 0));
	snprintf(p->username, sizeof(p->username), "%s", PQgetvalue(res, 0, 1));
	p->role = auth_role_from_name(PQgetvalue(res, 0, 2));
	snprintf(p->organization, sizeof(p->organization), "%s", PQgetvalue(res, 0, 3));
	snprintf(p->token_id, sizeof(p->token_id), "%s", PQgetvalue(res, 0, 4));
	snprintf(p->session_id, sizeof(p->session_id), "%s", PQgetvalue(res, 0, 5));
	p->totp_pending = PQgetvalue(res, 0, 6)[0] == 't';
}

/* A session that is live restarts its idle time in the same statement. */
static const char session_sql[] =
	"UPDATE auth_session s SET last_seen_at = now() FROM account a"
	" WHERE s.token_hash = $1 AND a.id = s.account_id AND s.revoked_at IS NULL"
	"  AND a.disabled_at IS NULL AND a.ldap_lost_at IS NULL AND s.expires_at > now()"
	"  AND s.last_seen_at > now() - make_interval(secs => $2::double precision)"
	" RETURNING a.id, a.username, a.role, coalesce(a.organization_id::text, ''), '', s.id,"
	"  s.totp_pending";

/* A token of the node takes its own scope, a token of an account the account's. */
static const char token_sql[] =
	"SELECT coalesce(a.id::text, ''), coalesce(a.username, ''),"
	" CASE WHEN a.id IS NOT NULL THEN a.role WHEN t.node_admin THEN 'node_admin'"
	"  ELSE 'registrar' END,"
	" coalesce(CASE WHEN a.id IS NOT NULL THEN a.organization_id::text"
	"  ELSE t.organization_id::text END, ''), t.id, '', false"
	" FROM api_token t LEFT JOIN account a ON a.id = t.account_id"
	" WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
	"  AND (t.account_id IS NULL OR (a.disabled_at IS NULL AND a.ldap_lost_at IS NULL))";

int auth_authenticate(PGconn *conn, const char *header, long idle_seconds, struct auth_principal *p,
		      struct dir_error *err)
{
	const char *session = auth_secret_from_bearer(header, "dse_");
	const char *token = auth_secret_from_bearer(header, "dtk_");
	char hash[AUTH_HASH_HEX], idle[32];
	const char *params[2] = { hash, idle };
	PGresult *res;

	memset(p, 0, sizeof(*p));
	if (session == NULL && token == NULL) {
		dir_error_add(err, "unauthorized", NULL,
			      "this needs Authorization: Bearer with a session token from "
			      "POST /auth/login or an API token");
		return -1;
	}
	auth_secret_hash(session != NULL ? session : token, hash);
	snprintf(idle, sizeof(idle), "%ld", idle_seconds);
	res = db_exec(conn, session != NULL ? session_sql : token_sql, session != NULL ? 2 : 1,
		      params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "unauthorized", NULL,
			      session != NULL ? "the session is unknown, expired or ended; sign in "
						"again"
					      : "the token is unknown or revoked");
		return -1;
	}
	principal_fill(p, res);
	PQclear(res);
	if (p->role == AUTH_ROLE_NONE) {
		dir_error_add(err, "unauthorized", NULL,
			      "the credential's account has no known role");
		return -1;
	}
	return 0;
}
