/*
 * trust.c - which keys of other nodes this node trusts, and learning keys
 * from their well-known documents (docs/federation.md, section 8).
 */
#include "trust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "db.h"
#include "jcs.h"

#define TRUST_PROTOCOL "directoryd-fed/1"

static void trust_refuse(struct dir_error *err, enum trust_purpose purpose, const char *keyid)
{
	if (purpose == TRUST_RECORD)
		dir_error_add(err, "record_signature_invalid", "/sig",
			      "the record signature does not verify with key %.200s", keyid);
	else
		dir_error_add(err, "signature_invalid", NULL,
			      "the signature does not verify with key %.200s", keyid);
}

/* The key keyid is bound to: 1 checked (ok or refused, in *rc), 0 none. */
static int trust_bound(PGconn *conn, const char *keyid, const char *node,
		       enum trust_purpose purpose, trust_check_fn check, void *ctx, int *rc,
		       struct dir_error *err)
{
	const char *params[] = { keyid };
	unsigned char pk[FED_PK_BYTES];
	PGresult *res = db_exec(conn,
				"SELECT node_id, public_key, state FROM fed_trusted_key "
				"WHERE keyid = $1",
				1, params, err);
	const char *state;

	*rc = -1;
	if (res == NULL)
		return 1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	state = PQgetvalue(res, 0, 2);
	if (strcmp(PQgetvalue(res, 0, 0), node) != 0)
		dir_error_add(err, "key_peer_mismatch", NULL, "key %.200s belongs to another node",
			      keyid);
	else if (strcmp(state, "revoked") == 0)
		dir_error_add(err, "key_revoked", NULL,
			      "key %.200s is revoked; its signatures are no longer trusted", keyid);
	else if (strcmp(state, "retired") == 0 && purpose == TRUST_TRANSPORT)
		dir_error_add(err, "key_retired", NULL,
			      "key %.200s is retired and may no longer sign messages", keyid);
	else if (fed_b64url_decode(PQgetvalue(res, 0, 1), pk, sizeof(pk)) != 0 || !check(pk, ctx))
		trust_refuse(err, purpose, keyid);
	else
		*rc = 0;
	PQclear(res);
	return 1;
}

/* Try the pinned keys of node with no key id yet; bind keyid to the one that fits. */
static int trust_unbound(PGconn *conn, const char *keyid, const char *node, trust_check_fn check,
			 void *ctx, int *found, struct dir_error *err)
{
	const char *params[] = { node, NULL, keyid };
	unsigned char pk[FED_PK_BYTES];
	PGresult *res = db_exec(conn,
				"SELECT public_key FROM fed_trusted_key WHERE node_id = $1 "
				"AND keyid IS NULL AND state <> 'revoked' ORDER BY learned_at",
				1, params, err);
	int rc = 0;

	*found = 0;
	if (res == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res) && !*found; i++) {
		if (fed_b64url_decode(PQgetvalue(res, i, 0), pk, sizeof(pk)) != 0 ||
		    !check(pk, ctx))
			continue;
		*found = 1;
		params[1] = PQgetvalue(res, i, 0);
		rc = db_command(conn,
				"UPDATE fed_trusted_key SET keyid = $3 "
				"WHERE node_id = $1 AND public_key = $2",
				3, params, err);
	}
	PQclear(res);
	return rc;
}

int trust_verify(PGconn *conn, const char *keyid, const char *expected, enum trust_purpose purpose,
		 trust_check_fn check, void *ctx, struct dir_error *err)
{
	char node[FED_KEYID_MAX];
	unsigned int n;
	int rc, found;

	if (keyid == NULL || fed_keyid_split(keyid, node, sizeof(node), &n) != 0) {
		dir_error_add(err, "unknown_key", NULL,
			      "key id \"%.200s\" is not of the form <node_id>#<n>",
			      keyid != NULL ? keyid : "");
		return -1;
	}
	if (strcmp(node, expected) != 0) {
		dir_error_add(
			err, "key_peer_mismatch", NULL,
			"key %.200s is of node %.200s, but the signature must come from %.200s",
			keyid, node, expected);
		return -1;
	}
	if (trust_bound(conn, keyid, node, purpose, check, ctx, &rc, err))
		return rc;
	if (trust_unbound(conn, keyid, node, check, ctx, &found, err) != 0)
		return -1;
	if (found)
		return 0;
	dir_error_add(err, "unknown_key", NULL,
		      "key %.200s is not a trusted key of %.200s; pin it with "
		      "directoryd peers pin %.200s FINGERPRINT",
		      keyid, node, node);
	return -1;
}

int trust_pin(PGconn *conn, const char *node_id, const char *fingerprint, struct dir_error *err)
{
	unsigned char pk[FED_PK_BYTES];
	char b64[64];
	const char *params[] = { node_id, b64 };

	if (fed_fingerprint_parse(fingerprint, pk) != 0 ||
	    fed_b64url_encode(pk, sizeof(pk), b64, sizeof(b64)) != 0) {
		dir_error_add(err, "invalid_parameter", "fingerprint",
			      "\"%.100s\" is not a key fingerprint; it looks like "
			      "ed25519:<43 base64url characters> (directoryd keys list shows it)",
			      fingerprint);
		return -1;
	}
	return db_command(conn,
			  "INSERT INTO fed_trusted_key (node_id, public_key, source) "
			  "VALUES ($1, $2, 'pinned') ON CONFLICT (node_id, public_key) "
			  "DO UPDATE SET source = 'pinned', endorsed_by = NULL",
			  2, params, err);
}

/* Does the self-signed revocation statement of entry hold with pk? */
static int trust_revocation_holds(const json_t *entry, const unsigned char pk[FED_PK_BYTES])
{
	const char *keyid = json_string_value(json_object_get(entry, "keyid"));
	const char *at = json_string_value(json_object_get(entry, "revoked_at"));
	const char *sig_text = json_string_value(json_object_get(entry, "revocation"));
	unsigned char sig[FED_SIG_BYTES];
	json_t *statement;
	char *text;
	size_t len;
	int ok = 0;

	if (keyid == NULL || at == NULL || sig_text == NULL ||
	    fed_b64url_decode(sig_text, sig, sizeof(sig)) != 0)
		return 0;
	statement = json_pack("{s:s, s:s, s:s, s:s}", "keyid", keyid, "protocol", TRUST_PROTOCOL,
			      "revoked_at", at, "type", "revocation");
	text = statement != NULL ? jcs_serialise(statement, &len, NULL) : NULL;
	if (text != NULL)
		ok = fed_ed25519_verify(pk, text, len, sig);
	free(text);
	json_decref(statement);
	return ok;
}

/*
 * Drop the keys of node_id that keyid endorsed, and the keys those endorsed,
 * and so on: trust that came only through a revoked key is gone. Pinned
 * keys, the revoked key itself (public key b64) and revoked keys stay.
 */
static int trust_drop_endorsed(PGconn *conn, const char *node_id, const char *b64,
			       const char *keyid, struct dir_error *err)
{
	const char *params[] = { node_id, b64, keyid };

	return db_command(conn,
			  "WITH RECURSIVE dropped (keyid, public_key) AS ("
			  " SELECT keyid, public_key FROM fed_trusted_key WHERE node_id = $1"
			  "  AND source = 'endorsed' AND endorsed_by = $3 AND public_key <> $2"
			  "  AND state <> 'revoked'"
			  " UNION SELECT k.keyid, k.public_key FROM fed_trusted_key k"
			  "  JOIN dropped d ON k.endorsed_by = d.keyid WHERE k.node_id = $1"
			  "  AND k.source = 'endorsed' AND k.public_key <> $2"
			  "  AND k.state <> 'revoked')"
			  " DELETE FROM fed_trusted_key t USING dropped d"
			  " WHERE t.node_id = $1 AND t.public_key = d.public_key",
			  3, params, err);
}

/* Apply one revoked_keys entry if it is a valid self-revocation of a known key. */
static int trust_revoke_entry(PGconn *conn, const char *node_id, const json_t *entry, int *count,
			      struct dir_error *err)
{
	const char *b64 = json_string_value(json_object_get(entry, "public_key"));
	const char *keyid = json_string_value(json_object_get(entry, "keyid"));
	const char *at = json_string_value(json_object_get(entry, "revoked_at"));
	const char *params[] = { node_id, b64, keyid, at };
	unsigned char pk[FED_PK_BYTES];
	PGresult *res;
	char held[FED_KEYID_MAX];
	int known;

	if (b64 == NULL || keyid == NULL || at == NULL ||
	    fed_b64url_decode(b64, pk, sizeof(pk)) != 0 || !trust_revocation_holds(entry, pk))
		return 0; /* not a statement we can check: it takes nothing away */
	res = db_exec(conn,
		      "UPDATE fed_trusted_key SET state = 'revoked', revoked_at = $4::timestamptz, "
		      "keyid = coalesce(keyid, $3) WHERE node_id = $1 AND public_key = $2 "
		      "AND state <> 'revoked' RETURNING keyid",
		      4, params, err);
	if (res == NULL)
		return -1;
	known = PQntuples(res) > 0;
	/* The key id this node knows the key by, not the one the statement names. */
	snprintf(held, sizeof(held), "%s", known ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	if (!known)
		return 0;
	(*count)++;
	if (trust_drop_endorsed(conn, node_id, b64, held, err) != 0)
		return -1;
	return apply_revalidate(conn, held, err);
}

/* Endorse or update one key listed by a trusted document. */
static int trust_endorse(PGconn *conn, const char *node_id, const json_t *entry, const char *state,
			 const char *signed_by, struct dir_error *err)
{
	const char *b64 = json_string_value(json_object_get(entry, "public_key"));
	const char *keyid = json_string_value(json_object_get(entry, "keyid"));
	const char *entry_state = json_string_value(json_object_get(entry, "state"));
	unsigned char pk[FED_PK_BYTES];
	char node[FED_KEYID_MAX];
	unsigned int n;
	const char *params[] = {
		node_id,
		b64,
		keyid,
		signed_by,
		entry_state != NULL && strcmp(entry_state, "next") == 0 ? "next" : state,
		json_string_value(json_object_get(entry, "valid_from")),
		json_string_value(json_object_get(entry, "retired_at")),
	};

	if (b64 == NULL || keyid == NULL || fed_b64url_decode(b64, pk, sizeof(pk)) != 0 ||
	    fed_keyid_split(keyid, node, sizeof(node), &n) != 0 || strcmp(node, node_id) != 0) {
		dir_error_add(err, "invalid_record", NULL,
			      "the well-known document of %.200s lists a malformed key", node_id);
		return -1;
	}
	return db_command(conn,
			  "INSERT INTO fed_trusted_key (node_id, public_key, keyid, source, "
			  "endorsed_by, state, valid_from, retired_at) VALUES ($1, $2, $3, "
			  "'endorsed', $4, $5, $6::timestamptz, $7::timestamptz) "
			  "ON CONFLICT (node_id, public_key) DO UPDATE SET "
			  "keyid = coalesce(fed_trusted_key.keyid, EXCLUDED.keyid), "
			  "state = CASE WHEN fed_trusted_key.state = 'revoked' THEN 'revoked' "
			  "ELSE EXCLUDED.state END, valid_from = EXCLUDED.valid_from, "
			  "retired_at = EXCLUDED.retired_at",
			  7, params, err);
}

static int trust_endorse_list(PGconn *conn, const char *node_id, const json_t *list,
			      const char *state, const char *signed_by, struct dir_error *err)
{
	size_t i;
	json_t *entry;

	json_array_foreach(list, i, entry) if (trust_endorse(conn, node_id, entry, state, signed_by,
							     err) != 0) return -1;
	return 0;
}

/* 1 when keyid is still a trusted, unrevoked key of node_id, 0 when not, -1. */
static int trust_still_trusted(PGconn *conn, const char *node_id, const char *keyid,
			       struct dir_error *err)
{
	const char *params[] = { node_id, keyid };
	PGresult *res = db_exec(conn,
				"SELECT 1 FROM fed_trusted_key WHERE node_id = $1 AND keyid = $2 "
				"AND state <> 'revoked'",
				2, params, err);
	int n;

	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0 ? 1 : 0;
}

int trust_learn(PGconn *conn, const char *node_id, const json_t *doc, const char *signed_by,
		int *revoked_out, struct dir_error *err)
{
	const json_t *revoked = json_object_get(doc, "revoked_keys");
	size_t i;
	json_t *entry;
	int trusted;

	*revoked_out = 0;
	json_array_foreach(revoked, i,
			   entry) if (trust_revoke_entry(conn, node_id, entry, revoked_out, err) !=
				      0) return -1;
	if (signed_by == NULL)
		return 0;
	/* A signer that these revocations discredited endorses nothing. */
	if (*revoked_out > 0 && (trusted = trust_still_trusted(conn, node_id, signed_by, err)) <= 0)
		return trusted;
	if (trust_endorse_list(conn, node_id, json_object_get(doc, "keys"), "current", signed_by,
			       err) != 0 ||
	    trust_endorse_list(conn, node_id, json_object_get(doc, "retired_keys"), "retired",
			       signed_by, err) != 0)
		return -1;
	return 0;
}
