/*
 * token.c - creating, listing and revoking API tokens (token.h).
 */
#include "token.h"

#include <sodium.h>
#include <string.h>

#include "db.h"

/* Insert a token; params: hash, organisation, node_admin, label, account. */
static int token_insert(PGconn *conn, const char *const params[5], char id_out[37],
			const char *organization_id, struct dir_error *err)
{
	PGresult *res = db_exec(conn,
				"INSERT INTO api_token (token_hash, organization_id, node_admin,"
				" label, account_id)"
				" SELECT $1, o.id, $3::boolean, $4, $5::uuid"
				" FROM (SELECT $2::uuid AS id) o"
				" WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM organization"
				"  WHERE organization.id = $2::uuid)"
				" RETURNING id",
				5, params, err);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", NULL,
			      "no organization %s on this node; create it first "
			      "with directoryd org create",
			      organization_id);
		return -1;
	}
	snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

int token_create(PGconn *conn, const char *organization_id, const char *label,
		 char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err)
{
	char hash[AUTH_HASH_HEX];
	const char *params[5] = { hash, organization_id, organization_id == NULL ? "true" : "false",
				  label != NULL ? label : "", NULL };

	if (auth_secret_make("dtk_", text_out, hash, err) != 0)
		return -1;
	if (token_insert(conn, params, id_out, organization_id, err) != 0) {
		sodium_memzero(text_out, TOKEN_TEXT_MAX);
		return -1;
	}
	return 0;
}

int token_create_for(PGconn *conn, const struct auth_principal *p, const char *label,
		     char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err)
{
	char hash[AUTH_HASH_HEX];
	const char *org = p->organization[0] != '\0' ? p->organization : NULL;
	const char *params[5] = { hash, org, "false", label != NULL ? label : "", p->account_id };

	if (p->account_id[0] == '\0') {
		dir_error_add(err, "forbidden", NULL,
			      "a token of the node cannot make tokens; sign in with an account "
			      "or use directoryd token create");
		return -1;
	}
	if (auth_secret_make("dtk_", text_out, hash, err) != 0)
		return -1;
	if (token_insert(conn, params, id_out, org, err) != 0) {
		sodium_memzero(text_out, TOKEN_TEXT_MAX);
		return -1;
	}
	return 0;
}

int token_list(PGconn *conn, FILE *out, struct dir_error *err)
{
	PGresult *res = db_exec(
		conn,
		"SELECT t.id, CASE WHEN t.account_id IS NOT NULL THEN 'account:' || a.username"
		"  WHEN t.node_admin THEN 'node-admin'"
		"  ELSE 'organization:' || t.organization_id END, t.label,"
		" to_char(t.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		" coalesce(to_char(t.revoked_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '-')"
		" FROM api_token t LEFT JOIN account a ON a.id = t.account_id"
		" ORDER BY t.created_at, t.id",
		0, NULL, err);

	if (res == NULL)
		return -1;
	fprintf(out, "%-36s  %-49s  %-20s  %-20s  %s\n", "id", "scope", "created", "revoked",
		"label");
	for (int i = 0; i < PQntuples(res); i++)
		fprintf(out, "%-36s  %-49s  %-20s  %-20s  %s\n", PQgetvalue(res, i, 0),
			PQgetvalue(res, i, 1), PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
			PQgetvalue(res, i, 2));
	PQclear(res);
	return 0;
}

/* Which tokens p reaches: $1 role, $2 organisation, $3 account. */
#define TOKEN_REACH                                                            \
	" ($1 IN ('node_admin', 'coordinator')"                                \
	"  OR ($1 = 'org_admin' AND t.organization_id = nullif($2, '')::uuid)" \
	"  OR t.account_id = nullif($3, '')::uuid)"

json_t *token_list_json(PGconn *conn, const struct auth_principal *p, struct dir_error *err)
{
	const char *params[3] = { auth_role_name(p->role), p->organization, p->account_id };
	PGresult *res = db_exec(
		conn,
		"SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'label', t.label,"
		" 'owner_account_id', t.account_id, 'organization_id', t.organization_id,"
		" 'node_admin', t.node_admin,"
		" 'created_at', to_char(t.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		" 'revoked_at', to_char(t.revoked_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
		" ORDER BY t.created_at, t.id), '[]')::text FROM api_token t WHERE" TOKEN_REACH,
		3, params, err);
	json_t *list;

	if (res == NULL)
		return NULL;
	list = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return list;
}

int token_revoke(PGconn *conn, const char *id, const struct auth_principal *p,
		 struct dir_error *err)
{
	const char *params[4] = { p != NULL ? auth_role_name(p->role) : "node_admin",
				  p != NULL ? p->organization : "", p != NULL ? p->account_id : "",
				  id };
	PGresult *res = db_exec(conn,
				"SELECT" TOKEN_REACH " AND ($1 <> 'coordinator'"
				"  OR t.account_id = nullif($3, '')::uuid)"
				" FROM api_token t WHERE t.id = $4::uuid",
				4, params, err);
	int rc = -1;

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1)
		dir_error_add(err, "not_found", NULL, "no token with id %s", id);
	else if (PQgetvalue(res, 0, 0)[0] != 't')
		dir_error_add(err, "forbidden", NULL,
			      "the token belongs to another account or organization");
	else
		rc = db_command(conn,
				"UPDATE api_token SET revoked_at = coalesce(revoked_at, now())"
				" WHERE id = $1::uuid",
				1, params + 3, err);
	PQclear(res);
	return rc;
}
