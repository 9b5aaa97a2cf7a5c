/*
 * account.c - creating, listing and changing accounts (account.h).
 */
#include "account.h"

#include <stdio.h>
#include <string.h>

#include "db.h"

int account_username_ok(const char *name)
{
	size_t len = name != NULL ? strlen(name) : 0;

	if (len == 0 || len > 64)
		return 0;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._@-", *p) != NULL))
			return 0;
	return 1;
}

/* Do role and organisation fit together? 0, or -1 with err. */
static int account_check_role(enum auth_role role, const char *organization, struct dir_error *err)
{
	if (role == AUTH_ROLE_NONE) {
		dir_error_add(err, "invalid_value", "/role",
			      "role is one of registrar, org_admin, coordinator, node_admin");
		return -1;
	}
	if (auth_role_in_org(role) != (organization != NULL && organization[0] != '\0')) {
		dir_error_add(err, "invalid_value", "/organization_id",
			      "registrars and organisation admins belong to one organisation; "
			      "coordinators and node admins to none");
		return -1;
	}
	return 0;
}

int account_create(PGconn *conn, const char *username, const char *pwhash, enum auth_role role,
		   const char *organization, char id_out[37], struct dir_error *err)
{
	const char *params[5];
	PGresult *res;

	if (!account_username_ok(username)) {
		dir_error_add(err, "invalid_value", "/username",
			      "a username has 1 to 64 letters, digits, '.', '_', '@' or '-'");
		return -1;
	}
	if (account_check_role(role, organization, err) != 0)
		return -1;
	params[0] = username;
	params[1] = organization;
	params[2] = auth_role_name(role);
	params[3] = pwhash != NULL ? "local" : "ldap";
	params[4] = pwhash;
	res = db_exec(conn,
		      "INSERT INTO account (username, organization_id, role, source, password_hash)"
		      " SELECT $1, $2::uuid, $3, $4, $5"
		      " WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM organization"
		      "  WHERE id = $2::uuid) RETURNING id",
		      5, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", "/organization_id",
			      "no organization %s on this node", organization);
		return -1;
	}
	snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

json_t *account_list(PGconn *conn, const char *scope_org, struct dir_error *err)
{
	const char *params[1] = { scope_org };
	PGresult *res = db_exec(
		conn,
		"SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'username', username,"
		" 'role', role, 'organization_id', organization_id, 'source', source,"
		" 'created_at', to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		" 'disabled', disabled_at IS NOT NULL, 'totp', EXISTS (SELECT 1 FROM account_totp t"
		"  WHERE t.account_id = account.id AND t.confirmed_at IS NOT NULL))"
		" ORDER BY lower(username)), '[]')::text"
		" FROM account WHERE $1::uuid IS NULL OR organization_id = $1::uuid",
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

int account_find(PGconn *conn, const char *username, const char *scope_org, char id_out[37],
		 struct dir_error *err)
{
	const char *params[2] = { username, scope_org };
	PGresult *res = db_exec(conn,
				"SELECT id FROM account WHERE lower(username) = lower($1)"
				" AND ($2::uuid IS NULL OR organization_id = $2::uuid)",
				2, params, err);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", NULL, "no account called %s", username);
		return -1;
	}
	snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/*
 * The account's organisation ("" for none) and source into org and source,
 * after checking scope_org may change it. 0, or -1 with err.
 */
static int account_reach(PGconn *conn, const char *id, const char *scope_org, char org[37],
			 char source[8], struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res = db_exec(conn,
				"SELECT coalesce(organization_id::text, ''), source FROM account"
				" WHERE id = $1::uuid",
				1, params, err);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", NULL, "no account with id %s", id);
		return -1;
	}
	snprintf(org, 37, "%s", PQgetvalue(res, 0, 0));
	snprintf(source, 8, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (scope_org != NULL && strcmp(org, scope_org) != 0) {
		dir_error_add(err, "forbidden", NULL,
			      "the account belongs to another organization");
		return -1;
	}
	return 0;
}

int account_end_sessions(PGconn *conn, const char *id, struct dir_error *err)
{
	const char *params[1] = { id };

	return db_command(conn,
			  "UPDATE auth_session SET revoked_at = now()"
			  " WHERE account_id = $1::uuid AND revoked_at IS NULL",
			  1, params, err);
}

int account_set_disabled(PGconn *conn, const char *id, int disabled, const char *scope_org,
			 struct dir_error *err)
{
	const char *params[2] = { id, disabled ? "true" : "false" };
	char org[37], source[8];

	if (account_reach(conn, id, scope_org, org, source, err) != 0)
		return -1;
	if (db_command(conn,
		       "UPDATE account SET disabled_at = CASE WHEN $2::boolean"
		       " THEN coalesce(disabled_at, now()) END WHERE id = $1::uuid",
		       2, params, err) != 0)
		return -1;
	return disabled ? account_end_sessions(conn, id, err) : 0;
}

int account_set_password(PGconn *conn, const char *id, const char *pwhash, const char *scope_org,
			 struct dir_error *err)
{
	const char *params[2] = { id, pwhash };
	char org[37], source[8];

	if (account_reach(conn, id, scope_org, org, source, err) != 0)
		return -1;
	if (strcmp(source, "local") != 0) {
		dir_error_add(err, "invalid_value", NULL,
			      "this account signs in through LDAP and has no local password; "
			      "change it in the LDAP directory");
		return -1;
	}
	if (db_command(conn,
		       "UPDATE account SET password_hash = $2, password_changed_at = now()"
		       " WHERE id = $1::uuid",
		       2, params, err) != 0)
		return -1;
	return account_end_sessions(conn, id, err);
}

int account_set_role(PGconn *conn, const char *id, enum auth_role role, const char *organization,
		     const char *scope_org, struct dir_error *err)
{
	char org[37], source[8];
	const char *params[3];
	const char *new_org;

	if (account_reach(conn, id, scope_org, org, source, err) != 0)
		return -1;
	if (organization != NULL && scope_org != NULL && strcmp(organization, scope_org) != 0) {
		dir_error_add(
			err, "forbidden", "/organization_id",
			"an organisation admin cannot move an account to another organization");
		return -1;
	}
	new_org = !auth_role_in_org(role) ? NULL : organization != NULL ? organization : org;
	if (account_check_role(role, new_org, err) != 0)
		return -1;
	params[0] = id;
	params[1] = auth_role_name(role);
	params[2] = new_org;
	if (db_command(
		    conn,
		    "UPDATE account SET role = $2, organization_id = $3::uuid WHERE id = $1::uuid",
		    3, params, err) != 0)
		return -1;
	return account_end_sessions(conn, id, err);
}

int account_ldap_sync(PGconn *conn, const char *username, enum auth_role role,
		      const char *organization, struct auth_principal *who, struct dir_error *err)
{
	const char *params[3] = { username, organization, auth_role_name(role) };
	PGresult *res =
		db_exec(conn,
			"INSERT INTO account (username, organization_id, role, source)"
			" VALUES ($1, $2::uuid, $3, 'ldap')"
			" ON CONFLICT ((lower(username))) DO UPDATE SET role = EXCLUDED.role,"
			"  organization_id = EXCLUDED.organization_id, ldap_lost_at = NULL"
			"  WHERE account.source = 'ldap'"
			" RETURNING id, username, role, coalesce(organization_id::text, ''),"
			"  disabled_at IS NOT NULL",
			3, params, err);
	int ok;

	if (res == NULL)
		return -1;
	memset(who, 0, sizeof(*who));
	ok = PQntuples(res) == 1 && PQgetvalue(res, 0, 4)[0] != 't';
	if (ok) {
		snprintf(who->account_id, sizeof(who->account_id), "%s", PQgetvalue(res, 0, 0));
		snprintf(who->username, sizeof(who->username), "%s", PQgetvalue(res, 0, 1));
		who->role = auth_role_from_name(PQgetvalue(res, 0, 2));
		snprintf(who->organization, sizeof(who->organization), "%s", PQgetvalue(res, 0, 3));
	}
	PQclear(res);
	if (!ok)
		dir_error_add(err, "invalid_credentials", NULL,
			      "the username or the password is wrong");
	return ok ? 0 : -1;
}

int account_ldap_lost(PGconn *conn, const char *username, struct dir_error *err)
{
	const char *params[1] = { username };

	return db_command(
		conn,
		"WITH lost AS (UPDATE account SET ldap_lost_at = coalesce(ldap_lost_at, now())"
		"  WHERE lower(username) = lower($1) AND source = 'ldap' RETURNING id)"
		" UPDATE auth_session SET revoked_at = now() WHERE revoked_at IS NULL"
		" AND account_id IN (SELECT id FROM lost)",
		1, params, err);
}

int account_ldap_still(PGconn *conn, const char *username, enum auth_role role,
		       const char *organization, struct dir_error *err)
{
	const char *params[3] = { username, organization, auth_role_name(role) };

	return db_command(conn,
			  "WITH old AS (SELECT id, role, organization_id FROM account"
			  "  WHERE lower(username) = lower($1) AND source = 'ldap' FOR UPDATE),"
			  " upd AS (UPDATE account a SET role = $3, organization_id = $2::uuid,"
			  "  ldap_lost_at = NULL FROM old WHERE a.id = old.id"
			  "  RETURNING a.id, (old.role IS DISTINCT FROM $3"
			  "   OR old.organization_id IS DISTINCT FROM $2::uuid) AS changed)"
			  " UPDATE auth_session s SET revoked_at = now() FROM upd"
			  " WHERE s.account_id = upd.id AND upd.changed AND s.revoked_at IS NULL",
			  3, params, err);
}
