/*
 * token.c - creating, checking, listing and revoking API tokens.
 */
#include "token.h"

#include <sodium.h>
#include <string.h>

#include "db.h"

#define TOKEN_PREFIX       "dtk_"
#define TOKEN_SECRET_BYTES 32

/* Hex BLAKE2b-256 of the token text. */
static void token_hash(const char *text, char hex[65])
{
	unsigned char digest[32];

	crypto_generichash(digest, sizeof(digest), (const unsigned char *)text, strlen(text), NULL,
			   0);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
}

int token_create(PGconn *conn, const char *organization_id, const char *label,
		 char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err)
{
	unsigned char secret[TOKEN_SECRET_BYTES];
	char b64[sodium_base64_ENCODED_LEN(TOKEN_SECRET_BYTES,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char hex[65];
	const char *params[4];
	PGresult *res;

	if (sodium_init() < 0) {
		dir_error_add(err, "internal_error", NULL, "libsodium failed to start");
		return -1;
	}
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2base64(b64, sizeof(b64), secret, sizeof(secret),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof(secret));
	snprintf(text_out, TOKEN_TEXT_MAX, "%s%s", TOKEN_PREFIX, b64);
	sodium_memzero(b64, sizeof(b64));
	token_hash(text_out, hex);
	params[0] = hex;
	params[1] = organization_id;
	params[2] = organization_id == NULL ? "true" : "false";
	params[3] = label != NULL ? label : "";
	res = db_exec(conn,
		      "INSERT INTO api_token (token_hash, organization_id, node_admin, label)"
		      " SELECT $1, o.id, $3::boolean, $4"
		      " FROM (SELECT $2::uuid AS id) o"
		      " WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM organization"
		      "  WHERE organization.id = $2::uuid)"
		      " RETURNING id",
		      4, params, err);
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

/* The token text in "Bearer <token>", or NULL. */
static const char *token_from_header(const char *header)
{
	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	header += 7;
	while (*header == ' ')
		header++;
	if (strncmp(header, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0 ||
	    strlen(header) >= TOKEN_TEXT_MAX)
		return NULL;
	return header;
}

int token_authenticate(PGconn *conn, const char *header, struct token_scope *scope,
		       struct dir_error *err)
{
	const char *text = token_from_header(header);
	const char *params[1];
	char hex[65];
	PGresult *res;

	memset(scope, 0, sizeof(*scope));
	if (text == NULL) {
		dir_error_add(err, "unauthorized", NULL,
			      "writes need Authorization: Bearer <token>; "
			      "an administrator makes one with directoryd token create");
		return -1;
	}
	token_hash(text, hex);
	params[0] = hex;
	res = db_exec(conn,
		      "SELECT id, node_admin, coalesce(organization_id::text, '')"
		      " FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL",
		      1, params, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "unauthorized", NULL, "the token is unknown or revoked");
		return -1;
	}
	snprintf(scope->token_id, sizeof(scope->token_id), "%s", PQgetvalue(res, 0, 0));
	scope->node_admin = PQgetvalue(res, 0, 1)[0] == 't';
	snprintf(scope->organization, sizeof(scope->organization), "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	return 0;
}

int token_list(PGconn *conn, FILE *out, struct dir_error *err)
{
	PGresult *res =
		db_exec(conn,
			"SELECT id, CASE WHEN node_admin THEN 'node-admin'"
			"  ELSE 'organization:' || organization_id END, label,"
			" to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
			" coalesce(to_char(revoked_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '-')"
			" FROM api_token ORDER BY created_at, id",
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

int token_revoke(PGconn *conn, const char *id, struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res = db_exec(conn,
				"UPDATE api_token SET revoked_at = coalesce(revoked_at, now())"
				" WHERE id = $1::uuid RETURNING id",
				1, params, err);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		dir_error_add(err, "not_found", NULL, "no token with id %s", id);
		return -1;
	}
	PQclear(res);
	return 0;
}
