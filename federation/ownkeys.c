/*
 * ownkeys.c - this node's keys: registering key files in fed_own_key, the
 * current key cached per process, the key lists for `keys list` and the
 * well-known document, rotation, and revocation with re-signing
 * (docs/federation.md, sections 2 and 3).
 */
#include "ownkeys.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jcs.h"
#include "recstore.h"
#include "record.h"

#define OWNKEYS_DIR_MAX 4096

/* The current key of this process, loaded once per (key_dir, n). */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int valid;
	char dir[OWNKEYS_DIR_MAX];
	struct fed_key key;
} cache;

void ownkeys_forget(void)
{
	pthread_mutex_lock(&cache_lock);
	fed_key_wipe(&cache.key);
	cache.valid = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* The public key registered for n into pk_b64: 1, 0 (none), -1 (err). */
static int ownkeys_registered(PGconn *conn, unsigned int n, char *pk_b64, size_t cap,
			      struct dir_error *err)
{
	char nbuf[16];
	const char *params[1] = { nbuf };
	PGresult *res;
	int rc;

	snprintf(nbuf, sizeof(nbuf), "%u", n);
	res = db_exec(conn, "SELECT public_key FROM fed_own_key WHERE n = $1::int", 1, params, err);
	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1;
	if (rc)
		snprintf(pk_b64, cap, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* Load key file n and check it against the table (registering it if new). */
static int ownkeys_load_checked(PGconn *conn, const char *key_dir, unsigned int n,
				struct fed_key *key, struct dir_error *err)
{
	char have[FED_SIG_B64_MAX], pk[FED_SIG_B64_MAX], nbuf[16];
	const char *params[2] = { nbuf, pk };
	int known;

	if (fed_key_load(key_dir, n, key, err) != 0)
		return -1;
	fed_b64url_encode(key->pk, FED_PK_BYTES, pk, sizeof(pk));
	if ((known = ownkeys_registered(conn, n, have, sizeof(have), err)) < 0)
		goto fail;
	if (known && strcmp(have, pk) != 0) {
		dir_error_add(err, "conflict", NULL,
			      "key file %s/%u.key does not hold the registered key %u", key_dir, n,
			      n);
		goto fail;
	}
	snprintf(nbuf, sizeof(nbuf), "%u", n);
	if (!known && db_command(conn,
				 "INSERT INTO fed_own_key (n, public_key, valid_from) "
				 "VALUES ($1::int, $2, now()) ON CONFLICT DO NOTHING",
				 2, params, err) != 0)
		goto fail;
	return 0;
fail:
	fed_key_wipe(key);
	return -1;
}

int ownkeys_register(PGconn *conn, const char *key_dir, struct dir_error *err)
{
	unsigned int ns[OWNKEYS_MAX];
	struct fed_key key;
	size_t count = 0;

	if (fed_key_list(key_dir, ns, OWNKEYS_MAX, &count, err) != 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		char have[FED_SIG_B64_MAX];
		int known = ownkeys_registered(conn, ns[i], have, sizeof(have), err);
		if (known < 0)
			return -1;
		if (known)
			continue;
		if (ownkeys_load_checked(conn, key_dir, ns[i], &key, err) != 0)
			return -1;
		fed_key_wipe(&key);
	}
	return 0;
}

/* The current n: 1 with *n set, 0 for none, -1 with err. */
static int ownkeys_current_n(PGconn *conn, unsigned int *n, struct dir_error *err)
{
	PGresult *res = db_exec(conn, "SELECT dir_fed_current_key()", 0, NULL, err);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
	if (rc)
		*n = (unsigned int)strtoul(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

int ownkeys_current(PGconn *conn, const char *key_dir, struct fed_key *out, struct dir_error *err)
{
	unsigned int n = 0;
	int rc = ownkeys_current_n(conn, &n, err);

	/* A key written by keygen since the daemon started, or before any
	 * command registered it: register the key files, then look again. */
	if (rc == 0 && ownkeys_register(conn, key_dir, err) == 0)
		rc = ownkeys_current_n(conn, &n, err);
	if (rc == 0)
		dir_error_add(err, "not_found", NULL,
			      "this node has no current key in %.200s; run directoryd keygen",
			      key_dir);
	if (rc <= 0)
		return -1;
	pthread_mutex_lock(&cache_lock);
	if (!cache.valid || cache.key.n != n || strcmp(cache.dir, key_dir) != 0) {
		fed_key_wipe(&cache.key);
		cache.valid = 0;
		if (strlen(key_dir) >= sizeof(cache.dir)) {
			dir_error_add(err, "internal_error", NULL, "key_dir is too long");
			rc = -1;
		} else if (ownkeys_load_checked(conn, key_dir, n, &cache.key, err) != 0) {
			rc = -1;
		} else {
			snprintf(cache.dir, sizeof(cache.dir), "%s", key_dir);
			cache.key.n = n;
			cache.valid = 1;
		}
	}
	if (rc == 1)
		*out = cache.key;
	pthread_mutex_unlock(&cache_lock);
	return rc == 1 ? 0 : -1;
}

/* ---- lists ---- */

static json_t *ownkeys_time(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? json_null() : json_string(PQgetvalue(res, row, col));
}

static json_t *ownkeys_entry(const PGresult *res, int row, const char *node_id)
{
	unsigned char pk[FED_PK_BYTES];
	char keyid[FED_KEYID_MAX], fp[FED_FINGERPRINT_MAX];
	unsigned int n = (unsigned int)strtoul(PQgetvalue(res, row, 0), NULL, 10);

	if (fed_keyid(node_id, n, keyid) != 0 ||
	    fed_b64url_decode(PQgetvalue(res, row, 1), pk, sizeof(pk)) != 0)
		return NULL;
	fed_fingerprint(pk, fp);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "keyid", keyid, "alg",
			 "ed25519", "public_key", PQgetvalue(res, row, 1), "fingerprint", fp,
			 "state", PQgetvalue(res, row, 2), "valid_from", ownkeys_time(res, row, 3),
			 "retired_at", ownkeys_time(res, row, 4), "revoked_at",
			 ownkeys_time(res, row, 5), "revocation", ownkeys_time(res, row, 6));
}

json_t *ownkeys_list(PGconn *conn, const char *node_id, struct dir_error *err)
{
	PGresult *res = db_exec(conn,
				"SELECT n, public_key, state, valid_from, retired_at, revoked_at, "
				"revocation FROM dir_fed_keys()",
				0, NULL, err);
	json_t *list;

	if (res == NULL)
		return NULL;
	list = json_array();
	for (int i = 0; list != NULL && i < PQntuples(res); i++) {
		json_t *e = ownkeys_entry(res, i, node_id);
		if (e == NULL || json_array_append_new(list, e) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "the key list could not be built");
	return list;
}

/* Drop the members a well-known entry of this state does not show. */
static void ownkeys_trim(json_t *e, const char *state)
{
	json_object_del(e, "revocation");
	json_object_del(e, "revoked_at");
	json_object_del(e, "retired_at");
	if (strcmp(state, "current") != 0 && strcmp(state, "next") != 0)
		json_object_del(e, "state");
}

json_t *ownkeys_wellknown(PGconn *conn, const char *node_id, struct dir_error *err)
{
	json_t *list = ownkeys_list(conn, node_id, err), *out, *e;
	size_t i;

	if (list == NULL)
		return NULL;
	out = json_pack("{s:[], s:[], s:[]}", "keys", "retired_keys", "revoked_keys");
	json_array_foreach(list, i, e)
	{
		const char *state = json_string_value(json_object_get(e, "state"));
		json_t *copy = json_copy(e);
		json_t *retired = json_incref(json_object_get(e, "retired_at"));
		json_t *revoked = json_incref(json_object_get(e, "revoked_at"));
		json_t *revocation = json_incref(json_object_get(e, "revocation"));
		const char *to = strcmp(state, "revoked") == 0   ? "revoked_keys"
				 : strcmp(state, "retired") == 0 ? "retired_keys"
								 : "keys";
		ownkeys_trim(copy, state);
		if (strcmp(to, "retired_keys") == 0)
			json_object_set(copy, "retired_at", retired);
		if (strcmp(to, "revoked_keys") == 0) {
			json_object_set(copy, "revoked_at", revoked);
			json_object_set(copy, "revocation", revocation);
		}
		json_decref(retired);
		json_decref(revoked);
		json_decref(revocation);
		json_array_append_new(json_object_get(out, to), copy);
	}
	json_decref(list);
	return out;
}

/* ---- rotation ---- */

/* The next free n: above every registered key and every key file. */
static int ownkeys_next_n(PGconn *conn, const char *key_dir, unsigned int *n, struct dir_error *err)
{
	unsigned int ns[OWNKEYS_MAX];
	size_t count = 0;
	PGresult *res;

	if (fed_key_list(key_dir, ns, OWNKEYS_MAX, &count, err) != 0)
		return -1;
	res = db_exec(conn, "SELECT coalesce(max(n), 0) FROM fed_own_key", 0, NULL, err);
	if (res == NULL)
		return -1;
	*n = (unsigned int)strtoul(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (count > 0 && ns[count - 1] > *n)
		*n = ns[count - 1];
	*n += 1;
	return 0;
}

/* Make key n (file and row) valid from now + lead s. */
static int ownkeys_make(PGconn *conn, const char *key_dir, unsigned int n, long lead,
			struct dir_error *err)
{
	char nbuf[16], leadbuf[32], pk[FED_SIG_B64_MAX];
	const char *params[3] = { nbuf, pk, leadbuf };
	struct fed_key key;
	int rc;

	if (fed_key_create(key_dir, n, &key, err) != 0)
		return -1;
	fed_b64url_encode(key.pk, FED_PK_BYTES, pk, sizeof(pk));
	fed_key_wipe(&key);
	snprintf(nbuf, sizeof(nbuf), "%u", n);
	snprintf(leadbuf, sizeof(leadbuf), "%ld", lead);
	rc = db_command(conn,
			"INSERT INTO fed_own_key (n, public_key, valid_from) "
			"VALUES ($1::int, $2, date_trunc('second', now()) "
			"+ make_interval(secs => $3::bigint))",
			3, params, err);
	return rc;
}

int ownkeys_rotate(PGconn *conn, const char *key_dir, long lead, unsigned int *n_out,
		   struct dir_error *err)
{
	unsigned int cur = 0, n = 0;
	char nbuf[16], curbuf[16];
	const char *params[2] = { nbuf, curbuf };
	int have;

	if (db_begin(conn, err) != 0)
		return -1;
	if (ownkeys_register(conn, key_dir, err) != 0 ||
	    (have = ownkeys_current_n(conn, &cur, err)) < 0)
		goto fail;
	if (have == 0) {
		dir_error_add(err, "not_found", NULL,
			      "this node has no current key to rotate from; run directoryd keygen");
		goto fail;
	}
	if (ownkeys_next_n(conn, key_dir, &n, err) != 0 ||
	    ownkeys_make(conn, key_dir, n, lead, err))
		goto fail;
	snprintf(nbuf, sizeof(nbuf), "%u", n);
	snprintf(curbuf, sizeof(curbuf), "%u", cur);
	if (db_command(conn,
		       "UPDATE fed_own_key SET retired_at = (SELECT valid_from FROM "
		       "fed_own_key WHERE n = $1::int) WHERE n = $2::int",
		       2, params, err) != 0 ||
	    db_commit(conn, err) != 0)
		goto fail;
	*n_out = n;
	return 0;
fail:
	db_rollback(conn);
	return -1;
}

/* ---- revocation ---- */

/* Sign the revocation statement of key n (loaded from its file). */
static int ownkeys_statement(PGconn *conn, const char *key_dir, const char *keyid, unsigned int n,
			     char sig_b64[FED_SIG_B64_MAX], struct dir_error *err)
{
	PGresult *res = db_exec(conn,
				"SELECT to_char(date_trunc('second', now()) AT TIME ZONE 'UTC', "
				"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
				0, NULL, err);
	struct fed_key key;
	json_t *stmt = NULL;
	char *jcs = NULL;
	int rc = -1;

	memset(&key, 0, sizeof(key));
	if (res == NULL || fed_key_load(key_dir, n, &key, err) != 0)
		goto done;
	stmt = json_pack("{s:s, s:s, s:s, s:s}", "keyid", keyid, "protocol", REC_PROTOCOL,
			 "revoked_at", PQgetvalue(res, 0, 0), "type", "revocation");
	if (stmt == NULL || rec_sign(stmt, &key, &jcs, sig_b64, err) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	fed_key_wipe(&key);
	free(jcs);
	json_decref(stmt);
	PQclear(res);
	return rc;
}

/* Mark key n revoked (it must exist and not be revoked yet). */
static int ownkeys_mark_revoked(PGconn *conn, const char *key_dir, const char *keyid,
				unsigned int n, struct dir_error *err)
{
	char nbuf[16], sig[FED_SIG_B64_MAX];
	const char *params[2] = { nbuf, sig };
	PGresult *res;
	int state;

	snprintf(nbuf, sizeof(nbuf), "%u", n);
	res = db_exec(conn,
		      "SELECT revoked_at IS NULL FROM fed_own_key WHERE n = $1::int FOR UPDATE", 1,
		      params, err);
	if (res == NULL)
		return -1;
	state = PQntuples(res) == 0 ? 0 : strcmp(PQgetvalue(res, 0, 0), "t") == 0 ? 1 : 2;
	PQclear(res);
	if (state != 1) {
		dir_error_add(err, state == 0 ? "not_found" : "conflict", NULL,
			      state == 0 ? "this node has no key %s" : "key %s is already revoked",
			      keyid);
		return -1;
	}
	if (ownkeys_statement(conn, key_dir, keyid, n, sig, err) != 0)
		return -1;
	/* A key that was to replace others no longer does. */
	return db_command(
		conn,
		"WITH r AS (UPDATE fed_own_key SET revoked_at = date_trunc('second', now()), "
		"revocation = $2 WHERE n = $1::int RETURNING valid_from) "
		"UPDATE fed_own_key SET retired_at = NULL WHERE revoked_at IS NULL "
		"AND retired_at = (SELECT valid_from FROM r) AND retired_at > now()",
		2, params, err);
}

/* Re-sign every record of this origin with the current key. */
static int ownkeys_resign(PGconn *conn, const char *key_dir, const char *node_id,
			  struct dir_error *err)
{
	const char *params[1] = { node_id };
	PGresult *res = db_exec(conn,
				"SELECT record, nextval('dir_version_seq'), to_char(now() AT TIME "
				"ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM fed_record "
				"WHERE origin = $1 ORDER BY seq",
				1, params, err);
	struct recstore_batch batch;
	struct fed_key key;
	int rc = -1;

	memset(&key, 0, sizeof(key));
	if (res == NULL || recstore_batch_init(&batch, node_id, err) != 0) {
		PQclear(res);
		return -1;
	}
	if (ownkeys_current(conn, key_dir, &key, err) != 0)
		goto done;
	for (int i = 0; i < PQntuples(res); i++) {
		json_t *rec = json_loads(PQgetvalue(res, i, 0), JSON_REJECT_DUPLICATES, NULL);
		int ok = rec != NULL &&
			 json_object_set_new(
				 rec, "version",
				 json_integer(strtoll(PQgetvalue(res, i, 1), NULL, 10))) == 0 &&
			 json_object_set_new(rec, "updated", json_string(PQgetvalue(res, i, 2))) ==
				 0 &&
			 recstore_batch_add(&batch, rec, &key, err) == 0;
		json_decref(rec);
		if (!ok)
			goto done;
	}
	rc = recstore_batch_store(conn, &batch, err);
done:
	fed_key_wipe(&key);
	recstore_batch_free(&batch);
	PQclear(res);
	return rc;
}

int ownkeys_revoke(PGconn *conn, const char *key_dir, const char *node_id, const char *keyid,
		   unsigned int *current_out, struct dir_error *err)
{
	char node[FED_KEYID_MAX];
	unsigned int n = 0, cur = 0;
	int have;

	if (fed_keyid_split(keyid, node, sizeof(node), &n) != 0 || strcmp(node, node_id) != 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "%s is not a key id of this node (%s#N)", keyid, node_id);
		return -1;
	}
	/* The feed counter first: publishers take it before fed_record rows. */
	if (db_begin(conn, err) != 0 ||
	    db_command(conn, "SELECT seq FROM fed_feed FOR UPDATE", 0, NULL, err) != 0 ||
	    ownkeys_register(conn, key_dir, err) != 0 ||
	    ownkeys_mark_revoked(conn, key_dir, keyid, n, err) != 0 ||
	    (have = ownkeys_current_n(conn, &cur, err)) < 0)
		goto fail;
	if (have == 0 && (ownkeys_next_n(conn, key_dir, &cur, err) != 0 ||
			  ownkeys_make(conn, key_dir, cur, 0, err) != 0))
		goto fail;
	if (ownkeys_resign(conn, key_dir, node_id, err) != 0 || db_commit(conn, err) != 0)
		goto fail;
	*current_out = cur;
	return 0;
fail:
	db_rollback(conn);
	return -1;
}
