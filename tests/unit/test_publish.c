/*
 * test_publish.c - publishing this node's records against a real
 * PostgreSQL: a write publishes a signed record that verifies, versions
 * grow, deletions give tombstones (an organization's services and
 * locations too), confidential locations are redacted, a body goes back
 * through the write API unchanged, concurrent writers never make a paging
 * reader skip a change, cursor errors, key rotation and revocation with
 * re-signing, and pruning. Needs DIRECTORYD_TEST_DB (database
 * dir_test_publish).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "feed.h"
#include "ownkeys.h"
#include "publish.h"
#include "record.h"
#include "store.h"
#include "testdb.h"
#include "validate.h"

#define NODE  "127.0.0.1:8101"
#define ORG   "a0000000-0000-4000-8000-000000000001"
#define LOC   "c0000000-0000-4000-8000-000000000003"
#define CLOC  "c0000000-0000-4000-8000-000000000004"
#define SVC   "d0000000-0000-4000-8000-000000000005"
#define EPOCH "00000000000000000000000000000000"

static PGconn *conn;
static char key_dir[64];

static int group_setup(void **state)
{
	struct dir_error err;
	int skipped;

	(void)state;
	conn = TESTDB_OPEN(dir_test_publish, "test_publish", &skipped);
	if (conn == NULL)
		return skipped ? 0 : -1;
	snprintf(key_dir, sizeof(key_dir), "/tmp/test_publish.XXXXXX");
	if (mkdtemp(key_dir) == NULL)
		return -1;
	memcpy(key_dir + strlen(key_dir), "/keys", sizeof("/keys"));
	dir_error_init(&err);
	if (publish_install(conn, NODE, key_dir, &err) != 0) {
		fprintf(stderr, "test_publish: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	char path[128];

	(void)state;
	publish_uninstall();
	ownkeys_forget();
	PQfinish(conn);
	for (unsigned int n = 1; key_dir[0] != '\0' && n < 10; n++) {
		snprintf(path, sizeof(path), "%s/%u.key", key_dir, n);
		unlink(path);
	}
	if (key_dir[0] != '\0') {
		rmdir(key_dir);
		key_dir[strlen(key_dir) - 5] = '\0';
		rmdir(key_dir);
	}
	return 0;
}

#define NEED_DB()                 \
	do {                      \
		if (conn == NULL) \
			skip();   \
	} while (0)

/* ---- helpers ---- */

static void put_on(PGconn *c, enum dir_kind kind, const char *text)
{
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	struct dir_error err;
	char id[37];

	dir_error_init(&err);
	if (doc == NULL)
		fail_msg("bad test JSON: %s", text);
	assert_int_equal(db_begin(c, &err), 0);
	if (store_put(c, kind, doc, NULL, id, &err) != 0 || db_commit(c, &err) != 0)
		fail_msg("put refused: %s %s %s", err.code, err.field, err.message);
	json_decref(doc);
	dir_error_clear(&err);
}

static void put(enum dir_kind kind, const char *text)
{
	put_on(conn, kind, text);
}

static void del(enum dir_kind kind, const char *id)
{
	struct dir_error err;

	dir_error_init(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	if (store_delete(conn, kind, id, NULL, &err) != 0 || db_commit(conn, &err) != 0)
		fail_msg("delete refused: %s %s", err.code, err.message);
	dir_error_clear(&err);
}

/* One value of a one-row query with up to two parameters ("" if none). */
static char *query1(const char *sql, const char *a, const char *b)
{
	const char *params[2] = { a, b };
	struct dir_error err;
	PGresult *res;
	char *out;

	dir_error_init(&err);
	res = db_exec(conn, sql, b != NULL ? 2 : a != NULL ? 1 : 0, params, &err);
	if (res == NULL)
		fail_msg("query failed: %s", err.message);
	out = strdup(PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return out;
}

static long long query_ll(const char *sql, const char *a, const char *b)
{
	char *v = query1(sql, a, b);
	long long n = strtoll(v, NULL, 10);

	free(v);
	return n;
}

/* The public key of key n. */
static void key_pk(unsigned int n, unsigned char pk[FED_PK_BYTES])
{
	struct fed_key key;
	struct dir_error err;

	dir_error_init(&err);
	assert_int_equal(fed_key_load(key_dir, n, &key, &err), 0);
	memcpy(pk, key.pk, FED_PK_BYTES);
	fed_key_wipe(&key);
}

/*
 * The item fed_record holds for (type, id), parsed into *p (verified with
 * key n when n > 0). Returns 0, or -1 when there is none.
 */
static int held(const char *type, const char *id, unsigned int n, struct rec_parsed *p)
{
	const char *params[2] = { type, id };
	struct dir_error err;
	unsigned char pk[FED_PK_BYTES];
	PGresult *res;
	json_t *item;

	dir_error_init(&err);
	res = db_exec(conn,
		      "SELECT record, keyid, sig FROM fed_record WHERE type = $1 AND id = $2::uuid",
		      2, params, &err);
	assert_non_null(res);
	if (PQntuples(res) == 0) {
		PQclear(res);
		return -1;
	}
	item = json_pack("{s:o, s:{s:s, s:s}}", "record",
			 json_loads(PQgetvalue(res, 0, 0), 0, NULL), "sig", "keyid",
			 PQgetvalue(res, 0, 1), "value", PQgetvalue(res, 0, 2));
	PQclear(res);
	if (rec_parse(item, p, &err) != 0)
		fail_msg("held record does not parse: %s %s", err.code, err.message);
	json_decref(item);
	if (n > 0) {
		key_pk(n, pk);
		if (rec_verify(p, pk, &err) != 0)
			fail_msg("held record does not verify with key %u", n);
	}
	dir_error_clear(&err);
	return 0;
}

static const char *org_doc(char *buf, size_t cap, const char *id, const char *name)
{
	snprintf(buf, cap, "{\"id\": \"%s\", \"name\": \"%s\", \"description\": \"d\"}", id, name);
	return buf;
}

/* ---- tests ---- */

static void test_waits_for_key(void **state)
{
	struct dir_error err;
	struct fed_key key;
	struct rec_parsed p;
	char buf[256];

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	put(DIR_KIND_ORGANIZATION, org_doc(buf, sizeof(buf), ORG, "Collective"));
	assert_int_equal(query_ll("SELECT count(*) FROM fed_record", NULL, NULL), 0);
	assert_int_equal(query_ll("SELECT count(*) FROM fed_dirty", NULL, NULL), 1);
	/* A key appears: the next commit publishes the waiting mark. */
	assert_int_equal(fed_key_create(key_dir, 1, &key, &err), 0);
	fed_key_wipe(&key);
	assert_int_equal(ownkeys_register(conn, key_dir, &err), 0);
	put(DIR_KIND_LOCATION,
	    "{\"id\": \"" LOC "\", \"organization_id\": \"" ORG
	    "\", \"name\": \"Office\", \"latitude\": 47.3769, \"longitude\": 8.5417}");
	assert_int_equal(query_ll("SELECT count(*) FROM fed_dirty", NULL, NULL), 0);
	assert_int_equal(held("organization", ORG, 1, &p), 0);
	assert_string_equal(p.origin, NODE);
	assert_string_equal(p.keyid, NODE "#1");
	assert_int_equal(p.version, query_ll("SELECT version FROM organization", NULL, NULL));
	assert_string_equal(json_string_value(json_object_get(p.body, "name")), "Collective");
	assert_null(json_object_get(p.body, "provenance"));
	rec_parsed_free(&p);
	assert_int_equal(held("location", LOC, 1, &p), 0);
	/* Non-integers travel as their decimal text. */
	assert_string_equal(json_string_value(json_object_get(p.body, "latitude")), "47.3769");
	rec_parsed_free(&p);
	dir_error_clear(&err);
}

static void test_update_and_delete(void **state)
{
	struct rec_parsed p;
	long long v1, v2;
	char buf[256];

	(void)state;
	NEED_DB();
	assert_int_equal(held("organization", ORG, 1, &p), 0);
	v1 = p.version;
	rec_parsed_free(&p);
	put(DIR_KIND_ORGANIZATION, org_doc(buf, sizeof(buf), ORG, "Collective renamed"));
	assert_int_equal(held("organization", ORG, 1, &p), 0);
	v2 = p.version;
	assert_true(v2 > v1);
	assert_string_equal(json_string_value(json_object_get(p.body, "name")),
			    "Collective renamed");
	rec_parsed_free(&p);
	/* A service; its service_at_location names the location by id. */
	put(DIR_KIND_SERVICE, "{\"id\": \"" SVC "\", \"organization_id\": \"" ORG
			      "\", \"name\": \"Testing\", \"service_at_locations\": "
			      "[{\"location_id\": \"" LOC "\"}]}");
	assert_int_equal(held("service", SVC, 1, &p), 0);
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(p.body, "service_at_locations"), 0),
			"location_id")),
		LOC);
	assert_null(json_object_get(
		json_array_get(json_object_get(p.body, "service_at_locations"), 0), "location"));
	assert_null(json_object_get(p.body, "organization"));
	rec_parsed_free(&p);
	/* Deleting the location changes the service too (its link is gone). */
	v1 = query_ll("SELECT version FROM fed_record WHERE type = 'service'", NULL, NULL);
	del(DIR_KIND_LOCATION, LOC);
	assert_int_equal(held("location", LOC, 1, &p), 0);
	assert_int_equal(p.deleted, 1);
	assert_null(p.body);
	rec_parsed_free(&p);
	assert_int_equal(held("service", SVC, 1, &p), 0);
	assert_true(p.version > v1);
	assert_int_equal(json_array_size(json_object_get(p.body, "service_at_locations")), 0);
	rec_parsed_free(&p);
}

static void test_delete_organization(void **state)
{
	struct rec_parsed p;

	(void)state;
	NEED_DB();
	put(DIR_KIND_LOCATION,
	    "{\"id\": \"" LOC "\", \"organization_id\": \"" ORG "\", \"name\": \"Again\"}");
	del(DIR_KIND_ORGANIZATION, ORG);
	assert_int_equal(held("organization", ORG, 1, &p), 0);
	assert_int_equal(p.deleted, 1);
	rec_parsed_free(&p);
	assert_int_equal(held("service", SVC, 1, &p), 0);
	assert_int_equal(p.deleted, 1);
	rec_parsed_free(&p);
	assert_int_equal(held("location", LOC, 1, &p), 0);
	assert_int_equal(p.deleted, 1);
	rec_parsed_free(&p);
	/* Deleting what is gone publishes nothing more. */
	assert_int_equal(query_ll("SELECT count(*) FROM fed_dirty", NULL, NULL), 0);
}

static void test_confidential_redacted(void **state)
{
	struct rec_parsed p;
	json_t *addr;
	char buf[256];

	(void)state;
	NEED_DB();
	put(DIR_KIND_ORGANIZATION, org_doc(buf, sizeof(buf), ORG, "Shelter"));
	put(DIR_KIND_LOCATION,
	    "{\"id\": \"" CLOC "\", \"organization_id\": \"" ORG "\", \"name\": \"Safe house\","
	    " \"confidential\": true, \"latitude\": 47.3769, \"longitude\": 8.5417,"
	    " \"public_point\": {\"latitude\": 47.4, \"longitude\": 8.5},"
	    " \"addresses\": [{\"address_1\": \"Secret street 1\", \"address_2\": \"3rd floor\","
	    " \"city\": \"Zürich\", \"state_province\": \"ZH\", \"postal_code\": \"8004\","
	    " \"country\": \"CH\", \"address_type\": \"physical\"}]}");
	assert_int_equal(held("location", CLOC, 1, &p), 0);
	assert_null(json_object_get(p.body, "latitude"));
	assert_null(json_object_get(p.body, "longitude"));
	addr = json_array_get(json_object_get(p.body, "addresses"), 0);
	assert_string_equal(json_string_value(json_object_get(addr, "address_1")), "");
	assert_string_equal(json_string_value(json_object_get(addr, "address_2")), "");
	assert_string_equal(json_string_value(json_object_get(addr, "postal_code")), "");
	assert_string_equal(json_string_value(json_object_get(addr, "city")), "Zürich");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(p.body, "public_point"), "latitude")),
			    "47.4");
	assert_null(strstr(p.jcs, "Secret"));
	assert_null(strstr(p.jcs, "8004"));
	rec_parsed_free(&p);
}

/* The body of a record, back through rec_body_to_hsds, val_check, store_put. */
static void round_trip(const char *type, const char *id)
{
	enum dir_kind kind;
	struct rec_parsed before, after;
	struct dir_error err;
	json_t *doc;
	char new_id[37];

	dir_error_init(&err);
	assert_int_equal(rec_kind(type, &kind), 0);
	assert_int_equal(held(type, id, 0, &before), 0);
	doc = rec_body_to_hsds(kind, before.body, &err);
	assert_non_null(doc);
	if (val_check(kind, doc, &err) != 0)
		fail_msg("%s body refused by the validator: %s %s %s", type, err.code, err.field,
			 err.message);
	assert_int_equal(db_begin(conn, &err), 0);
	if (store_put(conn, kind, doc, NULL, new_id, &err) != 0 || db_commit(conn, &err) != 0)
		fail_msg("%s body refused by store_put: %s %s %s", type, err.code, err.field,
			 err.message);
	assert_int_equal(held(type, id, 0, &after), 0);
	assert_true(after.version > before.version);
	json_object_del(before.body, "last_modified");
	json_object_del(after.body, "last_modified");
	if (!json_equal(before.body, after.body)) {
		char *a = json_dumps(before.body, JSON_SORT_KEYS),
		     *b = json_dumps(after.body, JSON_SORT_KEYS);
		fail_msg("%s body changed on the way back:\n%s\n%s", type, a, b);
	}
	rec_parsed_free(&before);
	rec_parsed_free(&after);
	json_decref(doc);
	dir_error_clear(&err);
}

static void test_round_trip(void **state)
{
	(void)state;
	NEED_DB();
	put(DIR_KIND_ORGANIZATION,
	    "{\"id\": \"" ORG "\", \"name\": \"Shelter\", \"description\": \"d\","
	    " \"year_incorporated\": 2001, \"sex_worker_led\": true,"
	    " \"phones\": [{\"number\": \"+41 44 000 00 00\", \"extension\": 12}],"
	    " \"translations\": {\"de\": {\"name\": \"Unterkunft\"}}}");
	put(DIR_KIND_SERVICE,
	    "{\"id\": \"" SVC "\", \"organization_id\": \"" ORG "\", \"name\": \"Testing\","
	    " \"description\": \"Free STI tests\", \"minimum_age\": 16, \"maximum_age\": 99.5,"
	    " \"cost_options\": [{\"option\": \"walk-in\", \"amount\": 12.5, \"currency\": "
	    "\"CHF\"}],"
	    " \"schedules\": [{\"byday\": \"MO\", \"opens_at\": \"10:00\", \"closes_at\": "
	    "\"12:00\","
	    " \"freq\": \"WEEKLY\"}],"
	    " \"attributes\": [{\"taxonomy_term\": {\"code\": \"sti_hiv_testing\"}}],"
	    " \"service_at_locations\": [{\"location_id\": \"" CLOC "\", \"description\": \"here\","
	    " \"phones\": [{\"number\": \"+41 44 000 00 01\"}]}]}");
	round_trip("organization", ORG);
	round_trip("location", CLOC);
	round_trip("service", SVC);
}

static void test_cursor_errors(void **state)
{
	static const char *const bad[] = { "x", EPOCH ".1", EPOCH ".", "." };
	struct dir_error err;
	char *body, *epoch, cursor[64];

	(void)state;
	NEED_DB();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dir_error_init(&err);
		assert_null(feed_changes(conn, NODE, bad[i], NULL, 0, 10, NULL, &err));
		assert_string_equal(err.code, "cursor_unknown");
		assert_int_equal(dir_error_status(err.code), 410);
		dir_error_clear(&err);
	}
	epoch = query1("SELECT epoch FROM fed_feed", NULL, NULL);
	snprintf(cursor, sizeof(cursor), "%s.999999999", epoch);
	assert_null(feed_changes(conn, NODE, cursor, NULL, 0, 10, NULL, &err));
	assert_string_equal(err.code, "cursor_unknown");
	dir_error_clear(&err);
	assert_null(feed_changes(conn, NODE, NULL, NULL, 0, 1001, NULL, &err));
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
	snprintf(cursor, sizeof(cursor), "%s.0", epoch);
	body = feed_changes(conn, NODE, cursor, NULL, 0, 0, NULL, &err);
	assert_non_null(body);
	free(body);
	free(epoch);
}

/* ---- concurrency ---- */

#define WRITERS   4
#define WRITES    12
#define ROUNDS    5
#define PAGE      3
#define CONN_NAME "dir_test_publish"

struct writer {
	int index, round;
	int failed;
};

static PGconn *open_conn(void)
{
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { getenv("DIRECTORYD_TEST_DB"), CONN_NAME, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	struct dir_error err;

	dir_error_init(&err);
	if (PQstatus(c) != CONNECTION_OK ||
	    db_command(c, "SET TIME ZONE 'UTC'", 0, NULL, &err) != 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	PGconn *c = open_conn();
	char id[37], doc[256], name[32];

	if (c == NULL) {
		w->failed = 1;
		return NULL;
	}
	for (int i = 0; i < WRITES; i++) {
		/* Each writer updates a few organizations of its own. */
		snprintf(id, sizeof(id), "e%07d-0000-4000-8000-%012d", w->round,
			 w->index * 4 + i % 4);
		snprintf(name, sizeof(name), "Org %d %d", w->index, i);
		org_doc(doc, sizeof(doc), id, name);
		put_on(c, DIR_KIND_ORGANIZATION, doc);
	}
	PQfinish(c);
	return NULL;
}

/* Read one page from *cursor; record the versions seen per id. */
static int read_page(char *cursor, size_t cap, json_t *seen)
{
	struct dir_error err;
	char *body;
	json_t *page, *item;
	size_t i;
	int more;

	dir_error_init(&err);
	body = feed_changes(conn, NODE, cursor[0] ? cursor : NULL, NULL, 0, PAGE, NULL, &err);
	if (body == NULL)
		fail_msg("feed refused: %s %s", err.code, err.message);
	page = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(page);
	json_array_foreach(json_object_get(page, "items"), i, item)
	{
		json_t *rec = json_object_get(item, "record");
		json_object_set(seen, json_string_value(json_object_get(rec, "id")),
				json_object_get(rec, "version"));
	}
	snprintf(cursor, cap, "%s", json_string_value(json_object_get(page, "cursor")));
	more = json_is_true(json_object_get(page, "more"));
	assert_non_null(json_object_get(json_object_get(page, "confirmed"), NODE));
	json_decref(page);
	free(body);
	return more;
}

static void check_all_seen(json_t *seen)
{
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, "SELECT id::text, version FROM fed_record", 0, NULL, &err);
	assert_non_null(res);
	for (int i = 0; i < PQntuples(res); i++) {
		json_t *v = json_object_get(seen, PQgetvalue(res, i, 0));
		if (v == NULL || json_integer_value(v) != strtoll(PQgetvalue(res, i, 1), NULL, 10))
			fail_msg("the reader missed %s version %s", PQgetvalue(res, i, 0),
				 PQgetvalue(res, i, 1));
	}
	PQclear(res);
}

static void test_concurrent_feed(void **state)
{
	char cursor[128] = "";
	json_t *seen = json_object();

	(void)state;
	NEED_DB();
	if (getenv("DIRECTORYD_TEST_DB") == NULL)
		skip();
	for (int round = 0; round < ROUNDS; round++) {
		pthread_t threads[WRITERS];
		struct writer w[WRITERS];
		int done = 0;

		for (int t = 0; t < WRITERS; t++) {
			w[t] = (struct writer){ t, round, 0 };
			assert_int_equal(pthread_create(&threads[t], NULL, writer_run, &w[t]), 0);
		}
		/* Page while they write: a cursor never steps over a change. */
		for (int reads = 0; reads < 200; reads++)
			read_page(cursor, sizeof(cursor), seen);
		for (int t = 0; t < WRITERS; t++) {
			pthread_join(threads[t], NULL);
			assert_int_equal(w[t].failed, 0);
		}
		while (!done)
			done = !read_page(cursor, sizeof(cursor), seen);
		check_all_seen(seen);
	}
	json_decref(seen);
}

/* ---- keys ---- */

static void test_rotate_and_revoke(void **state)
{
	struct dir_error err;
	struct rec_parsed p;
	unsigned int n = 0, cur = 0;
	long long before, count;
	char buf[256];
	json_t *wk;

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	/* Rotation published ahead: key 1 still signs. */
	assert_int_equal(ownkeys_rotate(conn, key_dir, 3600, &n, &err), 0);
	assert_int_equal(n, 2);
	put(DIR_KIND_ORGANIZATION, org_doc(buf, sizeof(buf), ORG, "Shelter one"));
	assert_int_equal(held("organization", ORG, 1, &p), 0);
	rec_parsed_free(&p);
	wk = ownkeys_wellknown(conn, NODE, &err);
	assert_int_equal(json_array_size(json_object_get(wk, "keys")), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(wk, "keys"), 1), "state")),
			    "next");
	json_decref(wk);
	/* Rotation at once: key 3 current, 1 retired, 2 still next. */
	assert_int_equal(ownkeys_rotate(conn, key_dir, 0, &n, &err), 0);
	assert_int_equal(n, 3);
	put(DIR_KIND_ORGANIZATION, org_doc(buf, sizeof(buf), ORG, "Shelter two"));
	assert_int_equal(held("organization", ORG, 3, &p), 0);
	assert_string_equal(p.keyid, NODE "#3");
	rec_parsed_free(&p);
	/* Revoking the current key makes key 4 and re-signs everything. */
	before = query_ll("SELECT max(version) FROM fed_record", NULL, NULL);
	count = query_ll("SELECT count(*) FROM fed_record WHERE origin = $1", NODE, NULL);
	assert_int_equal(ownkeys_revoke(conn, key_dir, NODE, NODE "#3", &cur, &err), 0);
	assert_int_equal(cur, 4);
	snprintf(buf, sizeof(buf), "%lld", before);
	assert_int_equal(query_ll("SELECT count(*) FROM fed_record WHERE keyid = $1 AND version > "
				  "$2::bigint",
				  NODE "#4", buf),
			 count);
	assert_int_equal(held("location", LOC, 4, &p), 0);
	assert_int_equal(p.deleted, 1); /* tombstones too */
	rec_parsed_free(&p);
	wk = ownkeys_wellknown(conn, NODE, &err);
	assert_int_equal(json_array_size(json_object_get(wk, "revoked_keys")), 1);
	assert_non_null(json_object_get(json_array_get(json_object_get(wk, "revoked_keys"), 0),
					"revocation"));
	json_decref(wk);
	assert_int_equal(ownkeys_revoke(conn, key_dir, NODE, NODE "#3", &cur, &err), -1);
	assert_string_equal(err.code, "conflict");
	dir_error_clear(&err);
	assert_int_equal(ownkeys_revoke(conn, key_dir, NODE, "other:1#1", &cur, &err), -1);
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
}

static void test_revocation_statement(void **state)
{
	struct dir_error err;
	unsigned char pk[FED_PK_BYTES], sig[FED_SIG_BYTES];
	char *revoked_at, *revocation, *jcs;
	json_t *stmt;

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	revoked_at = query1("SELECT to_char(revoked_at AT TIME ZONE 'UTC', "
			    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM fed_own_key WHERE n = 3",
			    NULL, NULL);
	revocation = query1("SELECT revocation FROM fed_own_key WHERE n = 3", NULL, NULL);
	stmt = json_pack("{s:s, s:s, s:s, s:s}", "keyid", NODE "#3", "protocol", REC_PROTOCOL,
			 "revoked_at", revoked_at, "type", "revocation");
	jcs = json_dumps(stmt, JSON_COMPACT | JSON_SORT_KEYS);
	/* jansson's sorted compact output equals JCS for this ASCII object. */
	key_pk(3, pk);
	assert_int_equal(fed_b64url_decode(revocation, sig, sizeof(sig)), 0);
	assert_true(fed_ed25519_verify(pk, jcs, strlen(jcs), sig));
	free(jcs);
	json_decref(stmt);
	free(revoked_at);
	free(revocation);
	dir_error_clear(&err);
}

static void test_prune(void **state)
{
	struct dir_error err;
	char *epoch, cursor[64], *body;

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	epoch = query1("SELECT epoch FROM fed_feed", NULL, NULL);
	snprintf(cursor, sizeof(cursor), "%s.1", epoch);
	body = feed_changes(conn, NODE, cursor, NULL, 0, 5, NULL, &err);
	assert_non_null(body);
	free(body);
	assert_int_equal(db_command(conn,
				    "UPDATE fed_record SET updated = now() - interval '100 days' "
				    "WHERE deleted",
				    0, NULL, &err),
			 0);
	assert_int_equal(feed_prune(conn, 90L * 86400, &err), 0);
	assert_int_equal(query_ll("SELECT count(*) FROM fed_record WHERE deleted", NULL, NULL), 0);
	assert_true(query_ll("SELECT pruned_seq FROM fed_feed", NULL, NULL) > 1);
	assert_null(feed_changes(conn, NODE, cursor, NULL, 0, 5, NULL, &err));
	assert_string_equal(err.code, "cursor_expired");
	dir_error_clear(&err);
	/* The snapshot never expires, and ends with a cursor. */
	body = feed_snapshot(conn, NODE, cursor, NULL, 0, 1000, NULL, &err);
	assert_non_null(body);
	assert_non_null(strstr(body, "\"cursor\":"));
	free(body);
	body = feed_snapshot(conn, NODE, NULL, NULL, 0, 1, NULL, &err);
	assert_non_null(strstr(body, "\"page\":"));
	assert_non_null(strstr(body, "\"more\":true"));
	free(body);
	free(epoch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waits_for_key),
		cmocka_unit_test(test_update_and_delete),
		cmocka_unit_test(test_delete_organization),
		cmocka_unit_test(test_confidential_redacted),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cursor_errors),
		cmocka_unit_test(test_concurrent_feed),
		cmocka_unit_test(test_rotate_and_revoke),
		cmocka_unit_test(test_revocation_statement),
		cmocka_unit_test(test_prune),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
