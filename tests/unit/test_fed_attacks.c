/*
 * test_fed_attacks.c - what a hostile peer, a thief of a key or a network
 * attacker tries against federation (docs/federation.md, sections 7 and 8),
 * against a real PostgreSQL: revocation statements that name another key
 * id, endorsements made by keys that a revocation discredits (directly or
 * through a chain), a document signed by the key it revokes, and records
 * of one origin that rewrite data another origin's listings use. Needs
 * DIRECTORYD_TEST_DB and DIRECTORYD_DATA_DIR.
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

#include "apply.h"
#include "db.h"
#include "eligibility.h"
#include "feed.h"
#include "fedkey.h"
#include "fedtest.h"
#include "jcs.h"
#include "record.h"
#include "store.h"
#include "testdb.h"
#include "trust.h"

#define NODE_A "a.example:8101"
#define SELF   "self.example"
#define PEER   "peer-a"

static PGconn *conn;
static struct elig_rules *rules;
static char keydir[] = "/tmp/test_fed_attacks.XXXXXX";
static struct fed_key key1, key2, key3, key4;
static struct fed_key *const keys[] = { &key1, &key2, &key3, &key4 };

static int group_setup(void **state)
{
	char dir[4200];
	int skipped;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data/eligibility", getenv("DIRECTORYD_DATA_DIR"));
	if ((rules = elig_rules_load(dir, NULL)) == NULL || fedtest_keys_make(keydir, keys, 4) != 0)
		return -1;
	conn = TESTDB_OPEN(dir_test_fed_attacks, "test_fed_attacks", &skipped);
	return conn != NULL || skipped ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	fedtest_keys_remove(keydir, keys, 4);
	elig_rules_free(rules);
	PQfinish(conn);
	return 0;
}

/* Each test starts here: skipped without a database, else on empty tables. */
#define NEED_DB()                                                                          \
	do {                                                                               \
		(void)state;                                                               \
		if (conn == NULL)                                                          \
			skip();                                                            \
		db_command(conn,                                                           \
			   "TRUNCATE fed_trusted_key, fed_peer, fed_record, fed_refused, " \
			   "fed_origin, fed_pruned, organization CASCADE",                 \
			   0, NULL, NULL);                                                 \
	} while (0)

/* ---- trust ---- */

/* trust_verify of a message signed by k under keyid: "ok" when it holds, else the code. */
static const char *verify_code(const struct fed_key *k, const char *keyid)
{
	static char code[64];
	struct signed_msg m = { "a message", { 0 } };
	struct dir_error err;

	assert_int_equal(fed_key_sign(k, m.text, strlen(m.text), m.sig), 0);
	dir_error_init(&err);
	if (trust_verify(conn, keyid, NODE_A, TRUST_RECORD, fedtest_check_sig, &m, &err) == 0) {
		dir_error_clear(&err);
		return "ok";
	}
	snprintf(code, sizeof(code), "%s", err.code);
	dir_error_clear(&err);
	return code;
}

static void pin_bound(const struct fed_key *k, const char *keyid)
{
	char fp[FED_FINGERPRINT_MAX];
	struct dir_error err;

	dir_error_init(&err);
	fed_fingerprint(k->pk, fp);
	assert_int_equal(trust_pin(conn, NODE_A, fp, &err), 0);
	dir_error_clear(&err);
	assert_string_equal(verify_code(k, keyid), "ok"); /* binds keyid to the pinned key */
}

/* trust_learn of doc (consumed) from NODE_A; returns how many keys it revoked. */
static int learn(json_t *doc, const char *signed_by)
{
	struct dir_error err;
	int revoked = 0;

	dir_error_init(&err);
	if (trust_learn(conn, NODE_A, doc, signed_by, &revoked, &err) != 0)
		fail_msg("trust_learn: %s: %s", err.code, err.message);
	dir_error_clear(&err);
	json_decref(doc);
	return revoked;
}

/* One value of a fixed query, as text ("" for no row). */
static char *sql1(const char *sql)
{
	static char out[4096];
	PGresult *res = db_exec(conn, sql, 0, NULL, NULL);

	assert_non_null(res);
	snprintf(out, sizeof(out), "%s", PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return out;
}

/*
 * A thief of key 1 endorses its own key 4, then publishes a self-revocation
 * of key 1 whose statement names key id #9: the key must be revoked with
 * everything that goes with it (its endorsements dropped, the records it
 * verified pending), and the owner's later revocation must not be a no-op.
 */
static void test_revocation_naming_another_keyid(void **state)
{
	NEED_DB();
	pin_bound(&key1, NODE_A "#1");
	learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key4, NODE_A, 4)), NODE_A "#1");
	assert_string_equal(verify_code(&key4, NODE_A "#4"), "ok");
	db_command(conn,
		   "INSERT INTO fed_record (type, id, origin, version, updated, deleted, record, "
		   "keyid, sig, seq, fetched_at, via_peer) VALUES ('organization', "
		   "'a1000000-0000-4000-8000-000000000001', '" NODE_A "', 1, now(), true, '{}', "
		   "'" NODE_A "#1', 'x', 1, now(), 'peer-a')",
		   0, NULL, NULL);

	assert_int_equal(learn(json_pack("{s:[o]}", "revoked_keys",
					 fedtest_revoked_entry(&key1, NODE_A, 9,
							       "2026-11-29T11:00:00Z", &key1)),
			       NULL),
			 1);
	assert_string_equal(verify_code(&key1, NODE_A "#1"), "key_revoked");
	assert_string_equal(verify_code(&key4, NODE_A "#4"), "unknown_key");
	assert_string_equal(sql1("SELECT state FROM fed_record"), "revalidation_pending");
}

/* Key 1 endorses 2, 2 endorses 3: revoking 1 drops 2 and 3 (neither pinned). */
static void test_revocation_drops_an_endorsement_chain(void **state)
{
	NEED_DB();
	pin_bound(&key1, NODE_A "#1");
	learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key2, NODE_A, 2)), NODE_A "#1");
	learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key3, NODE_A, 3)), NODE_A "#2");
	assert_string_equal(verify_code(&key3, NODE_A "#3"), "ok");

	assert_int_equal(learn(json_pack("{s:[o]}", "revoked_keys",
					 fedtest_revoked_entry(&key1, NODE_A, 1,
							       "2026-11-29T11:00:00Z", &key1)),
			       NULL),
			 1);
	assert_string_equal(verify_code(&key2, NODE_A "#2"), "unknown_key");
	assert_string_equal(verify_code(&key3, NODE_A "#3"), "unknown_key");
}

/*
 * A document signed by key 4 (endorsed by the stolen key 1) that also
 * carries key 1's public revocation: the revocation discredits key 4 before
 * its document could endorse anything, key 4 itself included.
 */
static void test_document_of_a_discredited_signer_endorses_nothing(void **state)
{
	NEED_DB();
	pin_bound(&key1, NODE_A "#1");
	learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key4, NODE_A, 4)), NODE_A "#1");

	learn(json_pack("{s:[o, o], s:[o]}", "keys", fedtest_key_entry(&key4, NODE_A, 4),
			fedtest_key_entry(&key3, NODE_A, 3), "revoked_keys",
			fedtest_revoked_entry(&key1, NODE_A, 1, "2026-11-29T11:00:00Z", &key1)),
	      NODE_A "#4");
	assert_string_equal(verify_code(&key4, NODE_A "#4"), "unknown_key");
	assert_string_equal(verify_code(&key3, NODE_A "#3"), "unknown_key");
	/* A pinned key is kept: trust that came out of band stays. */
	pin_bound(&key2, NODE_A "#2");
	learn(json_pack("{s:[o]}", "keys", fedtest_key_entry(&key3, NODE_A, 3)), NODE_A "#2");
	assert_string_equal(verify_code(&key3, NODE_A "#3"), "ok");
}

/* ---- records ---- */

#define ORG_A "a1000000-0000-4000-8000-00000000000a"
#define ORG_B "a1000000-0000-4000-8000-00000000000b"
#define TERM  "e1000000-0000-4000-8000-000000000001"

/*
 * Apply one record of origin (body JSON text) in its own transaction, as
 * the sync worker does once the signature held. Returns apply_record's
 * result; code receives the refusal's code.
 */
static int apply_as(const char *origin, const char *type, const char *id, long long version,
		    const char *body, char code[48])
{
	struct apply_ctx ctx = { SELF, PEER, rules, NULL };
	struct rec_parsed rec;
	struct dir_error err;
	json_t *doc = body != NULL ? json_loads(body, JSON_REJECT_DUPLICATES, NULL) : NULL;
	json_t *record, *item;
	char keyid[FED_KEYID_MAX];
	int rc;

	assert_true(body == NULL || doc != NULL);
	dir_error_init(&err);
	snprintf(keyid, sizeof(keyid), "%s#1", origin);
	record = rec_build(origin, type, id, version, "2026-01-01T00:00:00Z", doc);
	item = json_pack("{s:O, s:{s:s, s:s}}", "record", record, "sig", "keyid", keyid, "value",
			 "unchecked-here");
	if (rec_parse(item, &rec, &err) != 0)
		fail_msg("rec_parse: %s %s", err.code, err.message);
	assert_int_equal(db_begin(conn, &err), 0);
	rc = apply_record(conn, &ctx, &rec, keyid, &err);
	if (rc < 0)
		fail_msg("apply_record: %s %s", err.code, err.message);
	assert_int_equal(db_commit(conn, &err), 0);
	snprintf(code, 48, "%s", err.code);
	if (rc != 0)
		print_message("refused: %s %s %s\n", err.code, err.field, err.message);
	rec_parsed_free(&rec);
	json_decref(item);
	json_decref(record);
	json_decref(doc);
	dir_error_clear(&err);
	return rc;
}

#define ORG_WITH_TERM(id, name, term)                                                      \
	"{\"id\": \"" id "\", \"name\": \"" name "\", \"description\": \"Peer support by " \
	"and for sex workers.\", \"attributes\": [{\"taxonomy_term\": {\"id\": \"" TERM    \
	"\", \"name\": \"" term "\", \"taxonomy\": \"collective-vocabulary\"}, "           \
	"\"value\": \"yes\"}]}"

/*
 * Origin B's listing uses a term of another taxonomy. Origin A sends its
 * own organization with a term of the same id and another name: B's
 * listing must not change.
 */
static void test_record_of_one_origin_rewrites_no_term_of_another(void **state)
{
	char code[48];

	NEED_DB();
	assert_int_equal(apply_as("b.example", "organization", ORG_B, 1,
				  ORG_WITH_TERM(ORG_B, "Collective B", "Peer support"), code),
			 0);
	apply_as("a.example", "organization", ORG_A, 1,
		 ORG_WITH_TERM(ORG_A, "Collective A", "Closed for good"), code);
	assert_string_equal(sql1("SELECT name FROM taxonomy_term WHERE id = '" TERM "'"),
			    "Peer support");
}

/*
 * A record deleted long ago: its tombstone was pruned from the feed. A peer
 * that replays the old signed version must not bring the listing back, nor
 * may another origin claim the id.
 */
static void test_pruned_tombstone_keeps_its_version_floor(void **state)
{
	char code[48];
	struct dir_error err;

	NEED_DB();
	dir_error_init(&err);
	assert_int_equal(apply_as("a.example", "organization", ORG_A, 1,
				  "{\"id\": \"" ORG_A
				  "\", \"name\": \"Gone soon\", \"description\": \"\"}",
				  code),
			 0);
	assert_int_equal(apply_as("a.example", "organization", ORG_A, 2, NULL, code), 0);
	assert_int_equal(db_command(conn,
				    "UPDATE fed_record SET updated = now() - interval '1 day'", 0,
				    NULL, &err),
			 0);
	assert_int_equal(feed_prune(conn, 3600, &err), 0);
	assert_string_equal(sql1("SELECT count(*) FROM fed_record"), "0");
	assert_int_equal(apply_as("a.example", "organization", ORG_A, 1,
				  "{\"id\": \"" ORG_A
				  "\", \"name\": \"Gone soon\", \"description\": \"\"}",
				  code),
			 1);
	assert_string_equal(code, "version_rollback");
	assert_int_equal(apply_as("b.example", "organization", ORG_A, 7,
				  "{\"id\": \"" ORG_A
				  "\", \"name\": \"Squatter\", \"description\": \"\"}",
				  code),
			 1);
	assert_string_equal(code, "origin_mismatch");
	assert_string_equal(sql1("SELECT count(*) FROM organization"), "0");
	/* The origin itself may bring it back under a newer version. */
	assert_int_equal(apply_as("a.example", "organization", ORG_A, 3,
				  "{\"id\": \"" ORG_A
				  "\", \"name\": \"Back again\", \"description\": \"\"}",
				  code),
			 0);
	dir_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revocation_naming_another_keyid),
		cmocka_unit_test(test_revocation_drops_an_endorsement_chain),
		cmocka_unit_test(test_document_of_a_discredited_signer_endorses_nothing),
		cmocka_unit_test(test_record_of_one_origin_rewrites_no_term_of_another),
		cmocka_unit_test(test_pruned_tombstone_keeps_its_version_floor),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
