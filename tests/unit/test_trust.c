/*
 * test_trust.c - trusted keys, peers and the replay cache against a real
 * PostgreSQL (docs/federation.md, sections 4 and 8): pinning, binding a key
 * id to a pinned key, refusals (unknown, revoked, retired, another node's
 * key), endorsement by a well-known document, self-signed revocation, and
 * peers add/remove. Needs DIRECTORYD_TEST_DB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "fedtest.h"
#include "fedkey.h"
#include "peers.h"
#include "replay.h"
#include "testdb.h"
#include "trust.h"

#define NODE_A "a.example:8101"
#define NODE_B "b.example:8102"

static PGconn *conn;
static char keydir[] = "/tmp/test_trust.XXXXXX";
static struct fed_key key1, key2, key3;
static struct fed_key *const keys[] = { &key1, &key2, &key3 };

static int group_setup(void **state)
{
	int skipped;

	(void)state;
	if (fedtest_keys_make(keydir, keys, 3) != 0)
		return -1;
	conn = TESTDB_OPEN(dir_test_trust, "test_trust", &skipped);
	return conn != NULL || skipped ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	fedtest_keys_remove(keydir, keys, 3);
	PQfinish(conn);
	return 0;
}

/* Each database test starts here: skipped without a database, else on empty tables. */
#define NEED_DB()                                                                          \
	do {                                                                               \
		(void)state;                                                               \
		if (conn == NULL)                                                          \
			skip();                                                            \
		db_command(conn,                                                           \
			   "TRUNCATE fed_trusted_key, fed_peer, fed_record, fed_refused, " \
			   "fed_origin",                                                   \
			   0, NULL, NULL);                                                 \
	} while (0)

static void fedtest_sign_ok(struct signed_msg *m, const struct fed_key *k, const char *text)
{
	assert_int_equal(fedtest_sign(m, k, text), 0);
}

static void pin(const char *node, const struct fed_key *k)
{
	char fp[FED_FINGERPRINT_MAX];
	struct dir_error err;

	dir_error_init(&err);
	fed_fingerprint(k->pk, fp);
	assert_int_equal(trust_pin(conn, node, fp, &err), 0);
	dir_error_clear(&err);
}

static void expect_verify(const char *keyid, const char *expected, enum trust_purpose purpose,
			  struct signed_msg *m, const char *code)
{
	struct dir_error err;
	int rc;

	dir_error_init(&err);
	rc = trust_verify(conn, keyid, expected, purpose, fedtest_check_sig, m, &err);
	if (code == NULL) {
		if (rc != 0)
			fail_msg("%s: expected success, got %s: %s", keyid, err.code, err.message);
	} else {
		assert_int_equal(rc, -1);
		assert_string_equal(err.code, code);
	}
	dir_error_clear(&err);
}

static void test_pin_rejects_malformed_fingerprint(void **state)
{
	struct dir_error err;

	NEED_DB();
	dir_error_init(&err);
	assert_int_equal(trust_pin(conn, NODE_A, "ed25519:short", &err), -1);
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
	assert_int_equal(trust_pin(conn, NODE_A, "rsa:AAAA", &err), -1);
	dir_error_clear(&err);
}

static void test_pinned_key_is_bound_to_its_keyid(void **state)
{
	struct signed_msg m;
	PGresult *res;

	NEED_DB();
	pin(NODE_A, &key1);
	fedtest_sign_ok(&m, &key1, "hello");
	expect_verify(NODE_A "#1", NODE_A, TRUST_TRANSPORT, &m, NULL);
	res = db_exec(conn, "SELECT keyid FROM fed_trusted_key", 0, NULL, NULL);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), NODE_A "#1");
	PQclear(res);
	/* Bound now: a signature by another key under that key id fails. */
	fedtest_sign_ok(&m, &key2, "hello");
	expect_verify(NODE_A "#1", NODE_A, TRUST_TRANSPORT, &m, "signature_invalid");
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, "record_signature_invalid");
}

static void test_refusals(void **state)
{
	struct signed_msg m;

	NEED_DB();
	pin(NODE_A, &key1);
	fedtest_sign_ok(&m, &key2, "x");
	expect_verify(NODE_A "#2", NODE_A, TRUST_TRANSPORT, &m, "unknown_key");
	expect_verify(NODE_B "#1", NODE_A, TRUST_TRANSPORT, &m, "key_peer_mismatch");
	expect_verify("no-number", NODE_A, TRUST_TRANSPORT, &m, "unknown_key");
	fedtest_sign_ok(&m, &key1, "x");
	expect_verify(NODE_A "#1", NODE_A, TRUST_TRANSPORT, &m, NULL);
	db_command(conn, "UPDATE fed_trusted_key SET state = 'retired'", 0, NULL, NULL);
	expect_verify(NODE_A "#1", NODE_A, TRUST_TRANSPORT, &m, "key_retired");
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, NULL);
	db_command(conn, "UPDATE fed_trusted_key SET state = 'revoked'", 0, NULL, NULL);
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, "key_revoked");
}

static int learn(json_t *doc, const char *signed_by, int *revoked)
{
	struct dir_error err;
	int rc;

	dir_error_init(&err);
	rc = trust_learn(conn, NODE_A, doc, signed_by, revoked, &err);
	if (rc != 0)
		print_error("trust_learn: %s: %s\n", err.code, err.message);
	dir_error_clear(&err);
	json_decref(doc);
	return rc;
}

static void test_rotation_endorses_the_new_key(void **state)
{
	struct signed_msg m;
	int revoked;

	NEED_DB();
	pin(NODE_A, &key1);
	fedtest_sign_ok(&m, &key2, "after rotation");
	expect_verify(NODE_A "#2", NODE_A, TRUST_TRANSPORT, &m, "unknown_key");
	/* A document not signed by a trusted key endorses nothing. */
	assert_int_equal(
		learn(json_pack("{s:[o], s:[], s:[]}", "keys", fedtest_key_entry(&key2, NODE_A, 2),
				"retired_keys", "revoked_keys"),
		      NULL, &revoked),
		0);
	expect_verify(NODE_A "#2", NODE_A, TRUST_TRANSPORT, &m, "unknown_key");
	assert_int_equal(learn(json_pack("{s:[o], s:[o], s:[]}", "keys",
					 fedtest_key_entry(&key2, NODE_A, 2), "retired_keys",
					 fedtest_key_entry(&key1, NODE_A, 1), "revoked_keys"),
			       NODE_A "#1", &revoked),
			 0);
	expect_verify(NODE_A "#2", NODE_A, TRUST_TRANSPORT, &m, NULL);
	fedtest_sign_ok(&m, &key1, "old record");
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, NULL);
	expect_verify(NODE_A "#1", NODE_A, TRUST_TRANSPORT, &m, "key_retired");
}

static void test_self_revocation(void **state)
{
	struct signed_msg m;
	int revoked;

	NEED_DB();
	pin(NODE_A, &key1);
	/* key2 endorsed by key1. */
	assert_int_equal(learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key2, NODE_A, 2)),
			       NODE_A "#1", &revoked),
			 0);
	/* A revocation signed by another key than the revoked one is ignored. */
	assert_int_equal(learn(json_pack("{s:[o]}", "revoked_keys",
					 fedtest_revoked_entry(&key1, NODE_A, 1,
							       "2026-11-29T11:00:00Z", &key3)),
			       NULL, &revoked),
			 0);
	assert_int_equal(revoked, 0);
	fedtest_sign_ok(&m, &key1, "r");
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, NULL);
	/* A self-signed one counts, from whatever document, and drops what key1 endorsed. */
	assert_int_equal(learn(json_pack("{s:[o]}", "revoked_keys",
					 fedtest_revoked_entry(&key1, NODE_A, 1,
							       "2026-11-29T11:00:00Z", &key1)),
			       NULL, &revoked),
			 0);
	assert_int_equal(revoked, 1);
	expect_verify(NODE_A "#1", NODE_A, TRUST_RECORD, &m, "key_revoked");
	fedtest_sign_ok(&m, &key2, "r");
	expect_verify(NODE_A "#2", NODE_A, TRUST_RECORD, &m, "unknown_key");
	/* Pinning the new key out of band restores trust. */
	pin(NODE_A, &key2);
	expect_verify(NODE_A "#2", NODE_A, TRUST_RECORD, &m, NULL);
}

static void test_peers_add_list_remove(void **state)
{
	char fp_a[FED_FINGERPRINT_MAX], fp_b[FED_FINGERPRINT_MAX], relay[400];
	const char *relays[] = { relay };
	struct dir_error err;
	struct peer *peers;
	size_t n;
	json_t *status;

	NEED_DB();
	dir_error_init(&err);
	fed_fingerprint(key1.pk, fp_a);
	fed_fingerprint(key2.pk, fp_b);
	snprintf(relay, sizeof(relay), "%s=%s", NODE_A, fp_a);
	assert_int_equal(peers_add(conn, "relay", "http://" NODE_B "/", fp_b, relays, 1, 1, &err),
			 0);
	assert_int_equal(peers_add(conn, "again", "http://" NODE_B, fp_b, NULL, 0, 1, &err), -1);
	assert_string_equal(err.code, "conflict");
	dir_error_clear(&err);
	assert_int_equal(peers_add(conn, "bad", "ftp://x", fp_b, NULL, 0, 1, &err), -1);
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
	assert_int_equal(peers_load(conn, NULL, &peers, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(peers[0].url, "http://" NODE_B);
	assert_string_equal(peers[0].node_id, NODE_B);
	assert_int_equal(peers[0].nrelays, 1);
	assert_string_equal(peers[0].relays[0], NODE_A);
	peers_free(peers, n);
	assert_int_equal(peers_is_peer(conn, NODE_B, &err), 1);
	assert_int_equal(peers_is_peer(conn, NODE_A, &err), 0);
	status = peers_status(conn, &err);
	assert_non_null(status);
	assert_int_equal(json_array_size(json_object_get(json_array_get(status, 0), "keys")), 2);
	json_decref(status);
	assert_int_equal(peers_remove(conn, "relay", &err), 0);
	assert_int_equal(peers_remove(conn, "relay", &err), -1);
	assert_string_equal(err.code, "not_found");
	dir_error_clear(&err);
}

static void test_replay_cache(void **state)
{
	struct replay_cache *c = replay_new(4);

	(void)state;
	assert_non_null(c);
	assert_int_equal(replay_check(c, "k#1", "n1", 200, 100), 0);
	assert_int_equal(replay_check(c, "k#1", "n1", 200, 150), 1);
	assert_int_equal(replay_check(c, "k#2", "n1", 400, 150), 0); /* another key */
	assert_int_equal(replay_check(c, "k#1", "n1", 400, 300), 0); /* expired: new again */
	assert_int_equal(replay_check(c, "k#1", "n2", 400, 300), 0);
	assert_int_equal(replay_check(c, "k#1", "n3", 400, 300), 0);
	/* Full of live entries: refused rather than forgetting one. */
	assert_int_equal(replay_check(c, "k#1", "n4", 400, 300), -1);
	/* Once they expire there is room again. */
	assert_int_equal(replay_check(c, "k#1", "n4", 900, 500), 0);
	replay_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_rejects_malformed_fingerprint),
		cmocka_unit_test(test_pinned_key_is_bound_to_its_keyid),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_rotation_endorses_the_new_key),
		cmocka_unit_test(test_self_revocation),
		cmocka_unit_test(test_peers_add_list_remove),
		cmocka_unit_test(test_replay_cache),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
