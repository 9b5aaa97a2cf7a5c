/*
 * invite.c - making, using, listing and revoking invitations (invite.h).
 */
#include "invite.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "password.h"

/* A reset invitation takes the account's role and organisation. */
static const char create_sql[] =
	"INSERT INTO invitation (code_hash, organization_id, role, account_id, created_by,"
	" expires_at)"
	" SELECT $1, CASE WHEN $4::uuid IS NULL THEN $2::uuid ELSE a.organization_id END,"
	"  CASE WHEN $4::uuid IS NULL THEN $3 ELSE a.role END, $4::uuid, $5::uuid,"
	"  now() + make_interval(secs => $6::double precision)"
	" FROM (SELECT 1) one LEFT JOIN account a ON a.id = $4::uuid"
	" WHERE ($4::uuid IS NULL OR a.id IS NOT NULL)"
	"  AND ($2::uuid IS NULL OR $4::uuid IS NOT NULL"
	"   OR EXISTS (SELECT 1 FROM organization WHERE id = $2::uuid))"
	" RETURNING id, to_char(expires_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	"  coalesce(organization_id::text, '')";

/* Checks that need no database: the role, its organisation, the scope. */
static int invite_check(enum auth_role role, const char *organization, const char *reset_account,
			const char *scope_org, struct dir_error *err)
{
	if (reset_account != NULL)
		return 0;
	if (scope_org != NULL && (!auth_role_in_org(role) || organization == NULL ||
				  strcmp(organization, scope_org) != 0)) {
		dir_error_add(err, "forbidden", "/organization_id",
			      "an organisation admin invites only to its own organization");
		return -1;
	}
	if (role == AUTH_ROLE_NONE ||
	    auth_role_in_org(role) != (organization != NULL && organization[0] != '\0')) {
		dir_error_add(err, "invalid_value", "/role",
			      "invite registrar or org_admin to an organization, coordinator or "
			      "node_admin to the node");
		return -1;
	}
	return 0;
}

int invite_create(PGconn *conn, enum auth_role role, const char *organization,
		  const char *reset_account, const char *created_by, long lifetime,
		  const char *scope_org, struct invite_new *out, struct dir_error *err)
{
	char hash[AUTH_HASH_HEX], life[32];
	const char *params[6] = { hash,          organization, auth_role_name(role),
				  reset_account, created_by,   life };
	PGresult *res;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (invite_check(role, organization, reset_account, scope_org, err) != 0 ||
	    auth_secret_make("div_", out->code, hash, err) != 0)
		return -1;
	snprintf(life, sizeof(life), "%ld", lifetime);
	if (db_begin(conn, err) != 0)
		goto done;
	res = db_exec(conn, create_sql, 6, params, err);
	if (res != NULL && PQntuples(res) != 1)
		dir_error_add(err, "not_found", NULL,
			      reset_account != NULL ? "no account with id %s"
						    : "no organization %s on this node",
			      reset_account != NULL ? reset_account : organization);
	else if (res != NULL && scope_org != NULL && strcmp(PQgetvalue(res, 0, 2), scope_org) != 0)
		dir_error_add(err, "forbidden", NULL,
			      "the account belongs to another organization");
	else if (res != NULL) {
		snprintf(out->id, sizeof(out->id), "%s", PQgetvalue(res, 0, 0));
		snprintf(out->expires_at, sizeof(out->expires_at), "%s", PQgetvalue(res, 0, 1));
		rc = db_commit(conn, err);
	}
	PQclear(res);
done:
	if (rc != 0) {
		db_rollback(conn);
		sodium_memzero(out->code, sizeof(out->code));
	}
	return rc;
}

/* Lock the invitation of code and say why it cannot be used, if so. */
static PGresult *invite_claim(PGconn *conn, const char *code, struct dir_error *err)
{
	char hash[AUTH_HASH_HEX];
	const char *params[1] = { hash };
	PGresult *res;

	auth_secret_hash(code, hash);
	res = db_exec(conn,
		      "SELECT id, coalesce(organization_id::text, ''), role,"
		      " coalesce(account_id::text, ''), used_at IS NOT NULL,"
		      " revoked_at IS NOT NULL, expires_at <= now()"
		      " FROM invitation WHERE code_hash = $1 FOR UPDATE",
		      1, params, err);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) != 1)
		dir_error_add(err, "invalid_invitation", "/code",
			      "this invitation code is unknown; ask for a new one");
	else if (PQgetvalue(res, 0, 4)[0] == 't')
		dir_error_add(err, "invitation_used", "/code",
			      "this invitation was already used; ask for a new one");
	else if (PQgetvalue(res, 0, 5)[0] == 't')
		dir_error_add(err, "invitation_revoked", "/code", "this invitation was revoked");
	else if (PQgetvalue(res, 0, 6)[0] == 't')
		dir_error_add(err, "invitation_expired", "/code",
			      "this invitation has expired; ask for a new one");
	else
		return res;
	PQclear(res);
	return NULL;
}

/* Create the account, or set the reset account's password. */
static int invite_apply(PGconn *conn, PGresult *inv, const char *username, const char *pwhash,
			char id_out[37], struct dir_error *err)
{
	const char *reset = PQgetvalue(inv, 0, 3);
	const char *org = PQgetvalue(inv, 0, 1);
	const char *params[2] = { PQgetvalue(inv, 0, 0), id_out };

	if (reset[0] != '\0') {
		snprintf(id_out, 37, "%s", reset);
		if (account_set_password(conn, reset, pwhash, NULL, err) != 0)
			return -1;
	} else if (account_create(conn, username, pwhash,
				  auth_role_from_name(PQgetvalue(inv, 0, 2)),
				  org[0] != '\0' ? org : NULL, id_out, err) != 0) {
		return -1;
	}
	return db_command(conn,
			  "UPDATE invitation SET used_at = now(), used_by = $2::uuid"
			  " WHERE id = $1::uuid",
			  2, params, err);
}

int invite_accept(PGconn *conn, const char *code, const char *username, const char *password,
		  char id_out[37], struct dir_error *err)
{
	char pwhash[AUTH_PWHASH_MAX];
	PGresult *inv = NULL;
	int rc = -1;

	if (auth_password_hash(password, pwhash, err) != 0)
		return -1;
	if (db_begin(conn, err) != 0)
		goto done;
	if ((inv = invite_claim(conn, code, err)) != NULL &&
	    invite_apply(conn, inv, username, pwhash, id_out, err) == 0)
		rc = db_commit(conn, err);
done:
	if (rc != 0)
		db_rollback(conn);
	PQclear(inv);
	sodium_memzero(pwhash, sizeof(pwhash));
	return rc;
}

json_t *invite_list(PGconn *conn, const char *scope_org, struct dir_error *err)
{
	const char *params[1] = { scope_org };
	PGresult *res =
		db_exec(conn,
			"SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'role', i.role,"
			" 'organization_id', i.organization_id, 'reset_account_id', i.account_id,"
			" 'created_by', i.created_by,"
			" 'created_at', to_char(i.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
			" 'expires_at', to_char(i.expires_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
			" 'state', CASE WHEN i.used_at IS NOT NULL THEN 'used'"
			"  WHEN i.revoked_at IS NOT NULL THEN 'revoked'"
			"  WHEN i.expires_at <= now() THEN 'expired' ELSE 'open' END)"
			" ORDER BY i.created_at DESC, i.id), '[]')::text"
			" FROM invitation i WHERE $1::uuid IS NULL OR i.organization_id = $1::uuid",
			1, params, err);
	json_t *list;

	if (res == NULL)
		return NULL;
	list = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return list;
}

int invite_revoke(PGconn *conn, const char *id, const char *scope_org, struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res = db_exec(conn,
				"SELECT coalesce(organization_id::text, '') FROM invitation"
				" WHERE id = $1::uuid",
				1, params, err);
	int rc = -1;

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1)
		dir_error_add(err, "not_found", NULL, "no invitation with id %s", id);
	else if (scope_org != NULL && strcmp(PQgetvalue(res, 0, 0), scope_org) != 0)
		dir_error_add(err, "forbidden", NULL,
			      "the invitation belongs to another organization");
	else
		rc = db_command(conn,
				"UPDATE invitation SET revoked_at = coalesce(revoked_at, now())"
				" WHERE id = $1::uuid",
				1, params, err);
	PQclear(res);
	return rc;
}
