/*
 * test_apply.c - applying records from peers (federation/apply.c) against a
 * real PostgreSQL: rows and provenance, newer versions, rollbacks,
 * duplicates, tombstones, origin_mismatch, confidential_leak, the
 * eligibility rule, the sweep after a snapshot, revalidation, stale
 * listings, and local writes to a mirrored listing. Records are built and
 * signed with record.c and a key made in a temporary folder. Needs
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
#include "fedkey.h"
#include "record.h"
#include "store.h"
#include "testdb.h"

#define SELF   "self.example"
#define ORIGIN "origin.example"
#define OTHER  "other.example"
#define KEYID  ORIGIN "#1"
#define PEER   "peer-a"

#define ORG  "a1000000-0000-4000-8000-000000000001"
#define ORG2 "a2000000-0000-4000-8000-000000000002"
#define LOC  "b1000000-0000-4000-8000-000000000001"
#define SVC  "c1000000-0000-4000-8000-000000000001"
#define SAL  "d1000000-0000-4000-8000-000000000001"

static PGconn *conn;
static struct elig_rules *rules;
static struct fed_key key;
static char key_dir[64];
static char last_refusal[1200]; /* field and message of the last refusal */

static int group_setup(void **state)
{
	char dir[4200];
	struct dir_error err;
	int skipped;

	(void)state;
	dir_error_init(&err);
	snprintf(dir, sizeof(dir), "%s/data/eligibility", getenv("DIRECTORYD_DATA_DIR"));
	rules = elig_rules_load(dir, &err);
	snprintf(key_dir, sizeof(key_dir), "/tmp/test_apply.XXXXXX");
	if (rules == NULL || mkdtemp(key_dir) == NULL ||
	    fed_key_create(key_dir, 1, &key, &err) != 0) {
		fprintf(stderr, "test_apply: set-up failed: %s\n", err.message);
		dir_error_clear(&err);
		return -1;
	}
	dir_error_clear(&err);
	conn = TESTDB_OPEN(dir_test_apply, "test_apply", &skipped);
	return conn != NULL || skipped ? 0 : -1;
}

static int group_teardown(void **state)
{
	char path[128];

	(void)state;
	PQfinish(conn);
	elig_rules_free(rules);
	fed_key_wipe(&key);
	snprintf(path, sizeof(path), "%s/1.key", key_dir);
	unlink(path);
	rmdir(key_dir);
	return 0;
}

#define NEED_DB()                 \
	do {                      \
		if (conn == NULL) \
			skip();   \
	} while (0)

/* One value of a fixed query, as text ("" for SQL NULL or no row). */
static char *sql1(const char *sql, const char *param)
{
	static char out[4096];
	struct dir_error err;
	const char *params[1] = { param };
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, sql, param != NULL ? 1 : 0, params, &err);
	if (res == NULL)
		fail_msg("%s: %s", sql, err.message);
	snprintf(out, sizeof(out), "%s", PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	dir_error_clear(&err);
	return out;
}

static void sql_ok(const char *sql)
{
	struct dir_error err;

	dir_error_init(&err);
	if (db_command(conn, sql, 0, NULL, &err) != 0)
		fail_msg("%s: %s", sql, err.message);
	dir_error_clear(&err);
}

/*
 * Build, sign and apply one record of origin in its own transaction.
 * body: JSON text, or NULL for a tombstone. Returns apply_record's result;
 * code receives the refusal's code.
 */
static int apply_as(const char *origin, const char *type, const char *id, long long version,
		    const char *body, const char *baseline, char code[48])
{
	struct apply_ctx ctx = { SELF, PEER, rules, baseline };
	struct rec_parsed rec;
	struct dir_error err;
	json_error_t jerr;
	json_t *doc = NULL, *record, *item;
	char *jcs = NULL, sig[FED_SIG_B64_MAX];
	int rc;

	dir_error_init(&err);
	memset(&rec, 0, sizeof(rec));
	if (body != NULL && (doc = json_loads(body, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		fail_msg("bad test JSON: %s: %s", jerr.text, body);
	record = rec_build(origin, type, id, version, "2026-01-01T00:00:00Z", doc);
	assert_non_null(record);
	if (rec_sign(record, &key, &jcs, sig, &err) != 0)
		fail_msg("rec_sign: %s %s", err.code, err.message);
	item = json_pack("{s:O,s:{s:s,s:s}}", "record", record, "sig", "keyid", KEYID, "value",
			 sig);
	if (rec_parse(item, &rec, &err) != 0)
		fail_msg("rec_parse: %s %s %s", err.code, err.field, err.message);
	assert_int_equal(db_begin(conn, &err), 0);
	rc = apply_record(conn, &ctx, &rec, KEYID, &err);
	if (rc < 0)
		fail_msg("apply_record failed: %s %s", err.code, err.message);
	assert_int_equal(db_commit(conn, &err), 0);
	snprintf(code, 48, "%s", err.code);
	snprintf(last_refusal, sizeof(last_refusal), "%s: %s", err.field, err.message);
	rec_parsed_free(&rec);
	json_decref(item);
	json_decref(record);
	json_decref(doc);
	free(jcs);
	dir_error_clear(&err);
	return rc;
}

static void applied(const char *type, const char *id, long long version, const char *body)
{
	char code[48];

	if (apply_as(ORIGIN, type, id, version, body, NULL, code) != 0)
		fail_msg("%s %s v%lld refused: %s at %s", type, id, version, code, last_refusal);
}

static void refused(const char *origin, const char *type, const char *id, long long version,
		    const char *body, const char *want)
{
	char code[48];

	assert_int_equal(apply_as(origin, type, id, version, body, NULL, code), 1);
	if (strcmp(code, want) != 0)
		fail_msg("%s %s: expected %s, got %s (%s)", type, id, want, code, last_refusal);
}

static json_t *get(const char *what, const char *id)
{
	struct store_view view = { NULL, 0, 1, SELF };
	struct dir_error err;
	json_t *out;

	dir_error_init(&err);
	out = store_get(conn, what, id, &view, &err);
	dir_error_clear(&err);
	return out;
}

static const char org_body[] = "{\"id\": \"" ORG "\", \"name\": \"Collective Rosa\","
			       " \"description\": \"Peer support by and for sex workers.\"}";
static const char loc_body[] =
	"{\"id\": \"" LOC "\", \"organization_id\": \"" ORG "\", \"name\": \"Drop-in\","
	" \"latitude\": \"47.3769\", \"longitude\": \"8.5417\","
	" \"addresses\": [{\"address_1\": \"Langstrasse 1\", \"city\": \"Z\\u00fcrich\","
	" \"state_province\": \"ZH\", \"postal_code\": \"8004\", \"country\": \"CH\","
	" \"address_type\": \"physical\"}]}";
#define SVC_BODY(name, desc)                                                              \
	"{\"id\": \"" SVC "\", \"organization_id\": \"" ORG "\", \"name\": \"" name "\"," \
	" \"description\": \"" desc "\", \"service_at_locations\": [{\"id\": \"" SAL      \
	"\", \"location_id\": \"" LOC "\"}]}"

/* The origin's organization, location and service at version 1. */
static void apply_three(void)
{
	applied("organization", ORG, 1, org_body);
	applied("location", LOC, 1, loc_body);
	applied("service", SVC, 1, SVC_BODY("Drop-in", "Coffee and advice."));
}

static void reset(void)
{
	sql_ok("SELECT set_config('directoryd.applying', 'on', false)");
	sql_ok("DELETE FROM organization");
	sql_ok("DELETE FROM location");
	sql_ok("SELECT set_config('directoryd.applying', 'off', false)");
	sql_ok("DELETE FROM fed_record");
	sql_ok("DELETE FROM fed_refused");
	sql_ok("DELETE FROM fed_origin");
	sql_ok("UPDATE fed_setting SET stale_after = 604800");
}

static void test_apply_creates_rows_with_provenance(void **state)
{
	json_t *svc;
	long long seq0;

	(void)state;
	NEED_DB();
	reset();
	seq0 = strtoll(sql1("SELECT seq FROM fed_feed", NULL), NULL, 10);
	apply_three();
	assert_int_equal(strtoll(sql1("SELECT seq FROM fed_feed", NULL), NULL, 10), seq0 + 3);
	svc = get("service", SVC);
	assert_non_null(svc);
	assert_string_equal(json_string_value(json_object_get(svc, "name")), "Drop-in");
	json_t *prov = json_object_get(svc, "provenance");
	assert_string_equal(json_string_value(json_object_get(prov, "origin_node")), ORIGIN);
	assert_int_equal(json_integer_value(json_object_get(prov, "version")), 1);
	assert_string_equal(json_string_value(json_object_get(prov, "key_id")), KEYID);
	assert_string_equal(json_string_value(json_object_get(prov, "state")), "verified");
	assert_true(json_is_false(json_object_get(prov, "stale")));
	assert_int_equal(strlen(json_string_value(json_object_get(prov, "fetched_at"))), 20);
	/* The location's coordinates came as strings and are numbers again. */
	json_t *loc = json_object_get(
		json_array_get(json_object_get(svc, "service_at_locations"), 0), "location");
	assert_true(json_is_number(json_object_get(loc, "latitude")));
	json_decref(svc);
	assert_string_equal(sql1("SELECT count(*) FROM fed_record WHERE via_peer = $1"
				 " AND fetched_at IS NOT NULL AND state = 'verified'",
				 PEER),
			    "3");
	/* Mirrored, not ours: nothing marked for publishing, no record of ours. */
	assert_string_equal(sql1("SELECT count(*) FROM fed_record WHERE origin = $1", SELF), "0");
	assert_string_equal(sql1("SELECT count(*) FROM fed_dirty", NULL), "0");
	/* A local row keeps exactly today's provenance. */
	assert_string_equal(sql1("SELECT count(*) FROM organization WHERE fed IS NULL", NULL), "0");
}

static void test_apply_newer_rollback_duplicate(void **state)
{
	char code[48], seq[32];

	(void)state;
	NEED_DB();
	reset();
	apply_three();
	applied("service", SVC, 2, SVC_BODY("Drop-in cafe", "Coffee and advice."));
	assert_string_equal(sql1("SELECT name FROM service WHERE id = $1", SVC), "Drop-in cafe");
	assert_string_equal(sql1("SELECT fed ->> 'version' FROM service WHERE id = $1", SVC), "2");
	/* An older version: refused, nothing changed, the refusal recorded. */
	refused(ORIGIN, "service", SVC, 1, SVC_BODY("Old", "Old."), "version_rollback");
	assert_string_equal(sql1("SELECT name FROM service WHERE id = $1", SVC), "Drop-in cafe");
	assert_string_equal(
		sql1("SELECT error ->> 'code' FROM fed_refused WHERE record_id = $1", SVC),
		"version_rollback");
	/* The same version and signature again: a harmless duplicate. */
	snprintf(seq, sizeof(seq), "%s", sql1("SELECT seq FROM fed_record WHERE id = $1", SVC));
	assert_int_equal(apply_as(ORIGIN, "service", SVC, 2,
				  SVC_BODY("Drop-in cafe", "Coffee and advice."), NULL, code),
			 0);
	assert_string_equal(sql1("SELECT seq FROM fed_record WHERE id = $1", SVC), seq);
	/* The same version with other content is a rollback. */
	refused(ORIGIN, "service", SVC, 2, SVC_BODY("Forged", "Other."), "version_rollback");
	assert_string_equal(sql1("SELECT name FROM service WHERE id = $1", SVC), "Drop-in cafe");
	/* A newer version clears the older refusals of the record. */
	applied("service", SVC, 3, SVC_BODY("Drop-in", "Coffee."));
	assert_string_equal(sql1("SELECT count(*) FROM fed_refused WHERE record_id = $1", SVC),
			    "0");
}

static void test_apply_tombstone(void **state)
{
	(void)state;
	NEED_DB();
	reset();
	apply_three();
	applied("service", SVC, 2, NULL);
	assert_string_equal(sql1("SELECT count(*) FROM service WHERE id = $1", SVC), "0");
	assert_string_equal(sql1("SELECT deleted FROM fed_record WHERE id = $1", SVC), "t");
	/* A tombstone of a record never received is kept, to be relayed. */
	applied("location", "b1000000-0000-4000-8000-0000000000ff", 5, NULL);
	assert_string_equal(sql1("SELECT deleted FROM fed_record WHERE id = $1",
				 "b1000000-0000-4000-8000-0000000000ff"),
			    "t");
	/* And a later version brings it back. */
	applied("service", SVC, 3, SVC_BODY("Drop-in", "Back again."));
	assert_string_equal(sql1("SELECT count(*) FROM service WHERE id = $1", SVC), "1");
}

static void test_apply_origin_mismatch(void **state)
{
	struct dir_error err;
	char id[37];
	json_t *doc;

	(void)state;
	NEED_DB();
	reset();
	apply_three();
	/* Another origin's record (or tombstone) for a key held from ORIGIN. */
	refused(OTHER, "organization", ORG, 9, org_body, "origin_mismatch");
	refused(OTHER, "service", SVC, 9, NULL, "origin_mismatch");
	assert_string_equal(sql1("SELECT count(*) FROM service WHERE id = $1", SVC), "1");
	/* A record claiming to come from this node. */
	refused(SELF, "organization", ORG2, 1,
		"{\"id\": \"" ORG2 "\", \"name\": \"X\", \"description\": \"Y\"}",
		"origin_mismatch");
	/* One of this node's own rows. */
	dir_error_init(&err);
	doc = json_pack("{s:s,s:s,s:s}", "id", ORG2, "name", "Ours", "description", "Local.");
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_put(conn, DIR_KIND_ORGANIZATION, doc, NULL, id, &err), 0);
	assert_int_equal(db_commit(conn, &err), 0);
	json_decref(doc);
	dir_error_clear(&err);
	refused(ORIGIN, "organization", ORG2, 1,
		"{\"id\": \"" ORG2 "\", \"name\": \"Taken\", \"description\": \"Y\"}",
		"origin_mismatch");
	assert_string_equal(sql1("SELECT name FROM organization WHERE id = $1", ORG2), "Ours");
	/* A service of ORIGIN may not hang itself under this node's organization. */
	refused(ORIGIN, "service", "c1000000-0000-4000-8000-0000000000aa", 1,
		"{\"organization_id\": \"" ORG2 "\", \"name\": \"Hijack\", \"description\": \"X\"}",
		"origin_mismatch");
	/* Nor steal another service's service_at_location. */
	refused(ORIGIN, "service", "c1000000-0000-4000-8000-0000000000ab", 1,
		"{\"organization_id\": \"" ORG "\", \"name\": \"S\", \"description\": \"X\","
		" \"service_at_locations\": [{\"id\": \"" SAL "\", \"location_id\": \"" LOC "\"}]}",
		"origin_mismatch");
	/* Nested records would write outside the record key. */
	refused(ORIGIN, "service", "c1000000-0000-4000-8000-0000000000ac", 1,
		"{\"name\": \"S\", \"description\": \"X\", \"organization\": {\"id\": \"" ORG2
		"\", \"name\": \"Taken\", \"description\": \"Y\"}}",
		"invalid_record");
	assert_string_equal(sql1("SELECT name FROM organization WHERE id = $1", ORG2), "Ours");
}

static void test_apply_confidential_leak(void **state)
{
	static const char *const leaks[] = {
		"\"addresses\": [{\"address_1\": \"Secret 1\", \"city\": \"Bern\","
		" \"postal_code\": \"\", \"country\": \"CH\", \"address_type\": \"physical\"}]",
		"\"addresses\": [{\"address_1\": \"\", \"city\": \"Bern\","
		" \"postal_code\": \"3000\", \"country\": \"CH\", \"address_type\": \"physical\"}]",
		"\"latitude\": \"46.9480\"",
		"\"longitude\": \"7.4474\"",
	};
	char body[1024];

	(void)state;
	NEED_DB();
	reset();
	applied("organization", ORG, 1, org_body);
	for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++) {
		snprintf(body, sizeof(body),
			 "{\"organization_id\": \"" ORG "\", \"name\": \"Shelter\","
			 " \"confidential\": true, %s}",
			 leaks[i]);
		refused(ORIGIN, "location", LOC, (long long)i + 1, body, "confidential_leak");
		assert_string_equal(sql1("SELECT count(*) FROM location", NULL), "0");
	}
	assert_string_equal(sql1("SELECT count(*) FROM fed_refused"
				 " WHERE error ->> 'code' = 'confidential_leak'",
				 NULL),
			    "4");
	/* The redacted form, with its public point, is accepted. */
	applied("location", LOC, 9,
		"{\"organization_id\": \"" ORG "\", \"name\": \"Shelter\", \"confidential\": true,"
		" \"public_point\": {\"latitude\": \"46.95\", \"longitude\": \"7.45\"},"
		" \"addresses\": [{\"address_1\": \"\", \"city\": \"Bern\", \"postal_code\": \"\","
		" \"state_province\": \"\", \"country\": \"CH\", \"address_type\": "
		"\"physical\"}]}");
}

static void test_apply_eligibility_refused(void **state)
{
	(void)state;
	NEED_DB();
	reset();
	applied("organization", ORG, 1, org_body);
	refused(ORIGIN, "service", SVC, 1,
		"{\"organization_id\": \"" ORG "\", \"name\": \"Shelter\", \"description\":"
		" \"Help is only given to people who have filed a police report.\"}",
		"eligibility_condition");
	assert_string_equal(sql1("SELECT count(*) FROM service", NULL), "0");
	assert_string_equal(sql1("SELECT count(*) FROM fed_record WHERE id = $1", SVC), "0");
	assert_string_equal(sql1("SELECT error -> 'details' -> 0 ->> 'rule' FROM fed_refused"
				 " WHERE record_id = $1 AND peer = 'peer-a'",
				 SVC),
			    "D2");
	/* What this node's rule would hold is not applied either: refused for review. */
	refused(ORIGIN, "service", "c1000000-0000-4000-8000-0000000000cc", 1,
		"{\"organization_id\": \"" ORG "\", \"name\": \"Shelter\", \"description\":"
		" \"Support workers will discuss the police report with you at the first "
		"meeting.\"}",
		"eligibility_review");
	assert_string_equal(sql1("SELECT error -> 'details' -> 0 ->> 'rule' FROM fed_refused"
				 " WHERE record_id = $1 AND peer = 'peer-a'",
				 "c1000000-0000-4000-8000-0000000000cc"),
			    "D2");
	/* A service whose organization has not arrived: refused, not a crash. */
	refused(ORIGIN, "service", "c1000000-0000-4000-8000-0000000000bb", 1,
		"{\"organization_id\": \"" ORG2 "\", \"name\": \"Early\", \"description\": \"X\"}",
		"invalid_value");
}

static void test_apply_sweep(void **state)
{
	const char *origins[] = { ORIGIN };
	struct dir_error err;
	char code[48];

	(void)state;
	NEED_DB();
	reset();
	apply_three(); /* from the change feed: no baseline */
	assert_int_equal(apply_as(ORIGIN, "organization", ORG2, 1,
				  "{\"name\": \"Kept\", \"description\": \"Y\"}",
				  "e0000000-0000-4000-8000-000000000001", code),
			 0);
	/* The snapshot delivered the organization and location again (duplicates). */
	assert_int_equal(apply_as(ORIGIN, "organization", ORG, 1, org_body,
				  "e0000000-0000-4000-8000-000000000001", code),
			 0);
	assert_int_equal(apply_as(ORIGIN, "location", LOC, 1, loc_body,
				  "e0000000-0000-4000-8000-000000000001", code),
			 0);
	dir_error_init(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(apply_sweep(conn, "another-peer", origins, 1,
				     "e0000000-0000-4000-8000-000000000001", &err),
			 0);
	assert_int_equal(
		apply_sweep(conn, PEER, origins, 1, "e0000000-0000-4000-8000-000000000001", &err),
		1);
	assert_int_equal(db_commit(conn, &err), 0);
	dir_error_clear(&err);
	assert_string_equal(sql1("SELECT count(*) FROM organization", NULL), "2");
	assert_string_equal(sql1("SELECT count(*) FROM location", NULL), "1");
	assert_string_equal(sql1("SELECT count(*) FROM service", NULL), "0");
	assert_string_equal(sql1("SELECT count(*) FROM fed_record", NULL), "3");
}

static const char *prov_of(const char *what, const char *id, const char *member)
{
	static char out[256];
	json_t *doc = get(what, id);
	json_t *v = json_object_get(json_object_get(doc, "provenance"), member);

	if (json_is_string(v))
		snprintf(out, sizeof(out), "%s", json_string_value(v));
	else
		snprintf(out, sizeof(out), "%s", json_is_true(v) ? "true" : "false");
	json_decref(doc);
	return out;
}

static void test_apply_revalidate_and_listings(void **state)
{
	struct dir_error err;
	json_t *list;

	(void)state;
	NEED_DB();
	reset();
	apply_three();
	dir_error_init(&err);
	assert_int_equal(apply_revalidate(conn, KEYID, &err), 0);
	assert_string_equal(prov_of("service", SVC, "state"), "revalidation_pending");
	list = apply_listings(conn, "revalidation_pending", &err);
	assert_int_equal(json_array_size(list), 3);
	json_decref(list);
	/* The re-signed, newer version is verified again. */
	applied("service", SVC, 2, SVC_BODY("Drop-in", "Re-signed."));
	assert_string_equal(prov_of("service", SVC, "state"), "verified");
	/* Stale: unconfirmed for longer than stale_after. */
	assert_string_equal(prov_of("organization", ORG, "stale"), "false");
	sql_ok("UPDATE fed_setting SET stale_after = 60");
	sql_ok("UPDATE fed_record SET fetched_at = now() - interval '2 hours'");
	sql_ok("INSERT INTO fed_origin (node_id, confirmed_at) VALUES"
	       " ('origin.example', now() - interval '1 hour')");
	assert_string_equal(prov_of("organization", ORG, "stale"), "true");
	list = apply_listings(conn, "stale", &err);
	assert_int_equal(json_array_size(list), 3);
	json_decref(list);
	/* The kept list text never serves a mirrored service. */
	assert_string_equal(sql1("SELECT parts IS NULL FROM service_list_cache"
				 " WHERE service_id = $1",
				 SVC),
			    "t");
	assert_non_null(strstr(sql1("SELECT dir_service_list_live($1, '{}', 'x')", SVC),
			       "\"stale\": true"));
	sql_ok("UPDATE fed_origin SET confirmed_at = now()");
	assert_non_null(strstr(sql1("SELECT dir_service_list_live($1, '{}', 'x')", SVC),
			       "\"stale\": false"));
	/* Refused records, and a state that is none of the three. */
	refused(ORIGIN, "service", SVC, 1, SVC_BODY("Old", "Old."), "version_rollback");
	list = apply_listings(conn, "refused", &err);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "peer")),
			    PEER);
	json_decref(list);
	assert_null(apply_listings(conn, "everything", &err));
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
}

static void test_local_write_to_mirrored_listing(void **state)
{
	struct dir_error err;
	char id[37];
	json_t *doc;

	(void)state;
	NEED_DB();
	reset();
	apply_three();
	dir_error_init(&err);
	doc = json_pack("{s:s,s:s,s:s}", "id", ORG, "name", "Mine now", "description", "X");
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_put(conn, DIR_KIND_ORGANIZATION, doc, NULL, id, &err), -1);
	db_rollback(conn);
	assert_string_equal(err.code, "forbidden");
	assert_non_null(strstr(err.message, "belongs to node origin.example"));
	dir_error_clear(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_delete(conn, DIR_KIND_SERVICE, SVC, NULL, &err), -1);
	db_rollback(conn);
	assert_string_equal(err.code, "forbidden");
	assert_int_equal(dir_error_status(err.code), 403);
	json_decref(doc);
	dir_error_clear(&err);
	assert_string_equal(sql1("SELECT name FROM organization WHERE id = $1", ORG),
			    "Collective Rosa");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_creates_rows_with_provenance),
		cmocka_unit_test(test_apply_newer_rollback_duplicate),
		cmocka_unit_test(test_apply_tombstone),
		cmocka_unit_test(test_apply_origin_mismatch),
		cmocka_unit_test(test_apply_confidential_leak),
		cmocka_unit_test(test_apply_eligibility_refused),
		cmocka_unit_test(test_apply_sweep),
		cmocka_unit_test(test_apply_revalidate_and_listings),
		cmocka_unit_test(test_local_write_to_mirrored_listing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
