/*
 * test_store.c - the storage layer against a real PostgreSQL: HSDS round
 * trips, confidential redaction, translations, token scope, taxonomy terms,
 * versions and atomic failure. Needs DIRECTORYD_TEST_DB (a libpq conninfo
 * of a server where it may create the database dir_test_store).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "store.h"
#include "testdb.h"

#define ORG_A "a0000000-0000-4000-8000-000000000001"
#define ORG_B "b0000000-0000-4000-8000-000000000002"

static PGconn *conn;

static int group_setup(void **state)
{
	int skipped;

	(void)state;
	conn = TESTDB_OPEN(dir_test_store, "test_store", &skipped);
	return conn != NULL || skipped ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	PQfinish(conn);
	return 0;
}

#define NEED_DB()                 \
	do {                      \
		if (conn == NULL) \
			skip();   \
	} while (0)

/* Put a document given as JSON text in its own transaction. */
static int put_text(enum dir_kind kind, const char *text, const char *scope, char id[37],
		    struct dir_error *err)
{
	json_error_t jerr;
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	int rc;

	if (doc == NULL)
		fail_msg("bad test JSON: %s: %s", jerr.text, text);
	assert_int_equal(db_begin(conn, err), 0);
	rc = store_put(conn, kind, doc, scope, id, err);
	if (rc == 0)
		assert_int_equal(db_commit(conn, err), 0);
	else
		db_rollback(conn);
	json_decref(doc);
	return rc;
}

static void put_ok(enum dir_kind kind, const char *text, const char *scope)
{
	struct dir_error err;
	char id[37];

	dir_error_init(&err);
	if (put_text(kind, text, scope, id, &err) != 0)
		fail_msg("put refused: %s %s %s", err.code, err.field, err.message);
	dir_error_clear(&err);
}

/* Expect a refusal with this code and field. */
static void put_refused(enum dir_kind kind, const char *text, const char *scope, const char *code,
			const char *field)
{
	struct dir_error err;
	char id[37];

	dir_error_init(&err);
	assert_int_equal(put_text(kind, text, scope, id, &err), -1);
	if (strcmp(err.code, code) != 0 || strcmp(err.field, field) != 0)
		fail_msg("expected %s at %s, got %s at %s (%s)", code, field, err.code, err.field,
			 err.message);
	dir_error_clear(&err);
}

static json_t *get(const char *what, const char *id, int full, const char *const *langs,
		   size_t nlangs)
{
	struct store_view view = { langs, nlangs, full, "node-test" };
	struct dir_error err;
	json_t *out;

	dir_error_init(&err);
	out = store_get(conn, what, id, &view, &err);
	if (out == NULL)
		fail_msg("get %s %s: %s %s", what, id, err.code, err.message);
	dir_error_clear(&err);
	return out;
}

/* The value at a slash-separated path of member names and indexes. */
static json_t *val_at(json_t *doc, const char *path)
{
	json_t *v = doc;
	const char *p = path;

	while (v != NULL && *p != '\0') {
		char tok[64];
		size_t n = strcspn(p, "/");

		snprintf(tok, sizeof(tok), "%.*s", (int)n, p);
		if (json_is_array(v))
			v = json_array_get(v, strtoul(tok, NULL, 10));
		else
			v = json_object_get(v, tok);
		p += n;
		if (*p == '/')
			p++;
	}
	return v;
}

static const char *str_at(json_t *doc, const char *path)
{
	return json_string_value(val_at(doc, path));
}

static long long count_of(const char *sql)
{
	struct dir_error err;
	PGresult *res;
	long long n;

	dir_error_init(&err);
	res = db_exec(conn, sql, 0, NULL, &err);
	assert_non_null(res);
	n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

/* Remove the example's placeholder coordinates (latitude 100). */
static void strip_coordinates(json_t *loc)
{
	json_object_del(loc, "latitude");
	json_object_del(loc, "longitude");
}

static json_t *load_example(const char *name)
{
	const char *data_dir = getenv("DIRECTORYD_DATA_DIR");
	char path[4096];
	json_error_t jerr;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/../shared/data/hsds-3.0/examples/%s", data_dir, name);
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		fprintf(stderr, "test_store: skipped, %s is absent (%s)\n", path, jerr.text);
	return doc;
}

/* Every member of want is in got with an equal value; ptr names where. */
static void assert_subset(json_t *want, json_t *got, const char *ptr)
{
	const char *key;
	json_t *v;
	size_t i;
	char sub[512];

	if (json_is_object(want)) {
		if (!json_is_object(got))
			fail_msg("%s: not an object", ptr);
		json_object_foreach(want, key, v)
		{
			/* link_entity names where the attribute is; a time stamp
			 * comes back in another ISO 8601 spelling. */
			if (strcmp(key, "link_entity") == 0 || strcmp(key, "last_modified") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", ptr, key);
			assert_subset(v, json_object_get(got, key), sub);
		}
	} else if (json_is_array(want)) {
		if (!json_is_array(got) || json_array_size(got) != json_array_size(want))
			fail_msg("%s: array differs", ptr);
		json_array_foreach(want, i, v)
		{
			snprintf(sub, sizeof(sub), "%s/%zu", ptr, i);
			assert_subset(v, json_array_get(got, i), sub);
		}
	} else if (!json_equal(want, got)) {
		fail_msg("%s: value differs", ptr);
	}
}

static void test_round_trip_service_full(void **state)
{
	json_t *doc, *out, *locs;
	struct dir_error err;
	char id[37];
	size_t i;
	json_t *l;

	(void)state;
	NEED_DB();
	if ((doc = load_example("service_full.json")) == NULL)
		skip();
	strip_coordinates(val_at(doc, "service_at_locations/0/location"));
	locs = val_at(doc, "organization/locations");
	json_array_foreach(locs, i, l) strip_coordinates(l);
	dir_error_init(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_put(conn, DIR_KIND_SERVICE, doc, NULL, id, &err), 0);
	assert_int_equal(db_commit(conn, &err), 0);
	assert_string_equal(id, "ac148810-d857-441c-9679-408f346de14b");
	out = get("service", id, 1, NULL, 0);
	assert_subset(doc, out, "");
	assert_string_equal(str_at(out, "provenance/origin_node"), "node-test");
	assert_true(json_is_integer(val_at(out, "provenance/version")));
	assert_string_equal(str_at(out, "attributes/0/link_entity"), "service");
	json_decref(out);
	/* A second put replaces the children instead of adding to them. */
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_put(conn, DIR_KIND_SERVICE, doc, NULL, id, &err), 0);
	assert_int_equal(db_commit(conn, &err), 0);
	out = get("service", id, 1, NULL, 0);
	assert_subset(doc, out, "");
	json_decref(out);
	/* The list shape: scalars, organization and program only. */
	out = get("service", id, 0, NULL, 0);
	assert_null(json_object_get(out, "phones"));
	assert_non_null(val_at(out, "organization/name"));
	assert_non_null(val_at(out, "program/name"));
	json_decref(out);
	json_decref(doc);
	dir_error_clear(&err);
}

static const char conf_location[] =
	"{\"id\": \"c0000000-0000-4000-8000-00000000000c\", \"organization_id\": \"" ORG_A "\","
	" \"name\": \"Shelter\", \"confidential\": true, \"latitude\": 47.3769,"
	" \"longitude\": 8.5417, \"timezone_name\": \"Europe/Zurich\","
	" \"external_identifier\": \"12345\","
	" \"contact_channels\": [{\"type\": \"signal\", \"value\": \"+41790000000\"}],"
	" \"addresses\": [{\"address_1\": \"Secret Street 1\", \"address_2\": \"Back\","
	" \"city\": \"Z\\u00fcrich\", \"state_province\": \"ZH\", \"postal_code\": \"8001\","
	" \"country\": \"CH\", \"address_type\": \"physical\"}]}";

static void put_orgs(void)
{
	put_ok(DIR_KIND_ORGANIZATION,
	       "{\"id\": \"" ORG_A "\", \"name\": \"Org A\","
	       " \"description\": \"A\", \"sex_worker_led\": true}",
	       NULL);
	put_ok(DIR_KIND_ORGANIZATION,
	       "{\"id\": \"" ORG_B "\", \"name\": \"Org B\","
	       " \"description\": \"B\"}",
	       NULL);
}

static void assert_redacted(json_t *loc)
{
	assert_null(json_object_get(loc, "latitude"));
	assert_null(json_object_get(loc, "longitude"));
	assert_null(json_object_get(loc, "external_identifier"));
	assert_string_equal(str_at(loc, "addresses/0/address_1"), "");
	assert_string_equal(str_at(loc, "addresses/0/address_2"), "");
	assert_string_equal(str_at(loc, "addresses/0/state_province"), "");
	assert_string_equal(str_at(loc, "addresses/0/postal_code"), "");
	assert_string_equal(str_at(loc, "addresses/0/city"), "Z\u00fcrich");
	assert_string_equal(str_at(loc, "addresses/0/country"), "CH");
	assert_string_equal(str_at(loc, "contact_channels/0/type"), "signal");
}

static void test_confidential_redaction(void **state)
{
	json_t *out;

	(void)state;
	NEED_DB();
	put_orgs();
	put_ok(DIR_KIND_LOCATION, conf_location, NULL);
	out = get("location", "c0000000-0000-4000-8000-00000000000c", 1, NULL, 0);
	assert_redacted(out);
	json_decref(out);
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"c0000000-0000-4000-8000-0000000000c1\","
	       " \"name\": \"Shelter beds\", \"organization_id\": \"" ORG_A "\","
	       " \"service_at_locations\": [{\"id\": \"c0000000-0000-4000-8000-0000000000c2\","
	       " \"location_id\": \"c0000000-0000-4000-8000-00000000000c\"}]}",
	       NULL);
	out = get("service", "c0000000-0000-4000-8000-0000000000c1", 1, NULL, 0);
	assert_redacted(val_at(out, "service_at_locations/0/location"));
	assert_redacted(val_at(out, "organization/locations/0"));
	json_decref(out);
	out = get("service_at_location", "c0000000-0000-4000-8000-0000000000c2", 1, NULL, 0);
	assert_redacted(val_at(out, "location"));
	json_decref(out);
	out = get("organization", ORG_A, 1, NULL, 0);
	assert_redacted(val_at(out, "locations/0"));
	json_decref(out);
	/* The real address stays on the node. */
	assert_int_equal(count_of("SELECT count(*) FROM address WHERE "
				  "address_1 = 'Secret Street 1' AND postal_code = '8001'"),
			 1);
	assert_int_equal(count_of("SELECT count(*) FROM location WHERE "
				  "latitude = 47.3769"),
			 1);
}

static const char translated_service[] =
	"{\"id\": \"d0000000-0000-4000-8000-00000000000d\", \"name\": \"Counselling\","
	" \"description\": \"Original\", \"organization_id\": \"" ORG_A "\","
	" \"translations\": {\"de\": {\"name\": \"Beratung\"},"
	" \"pt-BR\": {\"name\": \"Aconselhamento\", \"description\": \"Descri\\u00e7\\u00e3o\"}}}";

static void test_translation_selection(void **state)
{
	static const char *const pt[] = { "pt" };
	static const char *const de_ch[] = { "de-CH" };
	static const char *const fr_de[] = { "fr", "de" };
	static const char *const pt_br_de[] = { "PT-br", "de" };
	static const char *const bad[] = { "de'; --", "en" };
	json_t *out;

	(void)state;
	NEED_DB();
	put_orgs();
	put_ok(DIR_KIND_SERVICE, translated_service, NULL);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, pt, 1);
	assert_string_equal(str_at(out, "name"), "Aconselhamento");
	assert_string_equal(str_at(out, "description"), "Descri\u00e7\u00e3o");
	assert_non_null(val_at(out, "translations/de"));
	json_decref(out);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, de_ch, 1);
	assert_string_equal(str_at(out, "name"), "Beratung");
	/* No German description: the original, not another language's. */
	assert_string_equal(str_at(out, "description"), "Original");
	json_decref(out);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, fr_de, 2);
	assert_string_equal(str_at(out, "name"), "Beratung");
	json_decref(out);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, pt_br_de, 2);
	assert_string_equal(str_at(out, "name"), "Aconselhamento");
	json_decref(out);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, bad, 2);
	assert_string_equal(str_at(out, "name"), "Counselling");
	json_decref(out);
	out = get("service", "d0000000-0000-4000-8000-00000000000d", 0, NULL, 0);
	assert_string_equal(str_at(out, "name"), "Counselling");
	json_decref(out);
}

static void test_scope(void **state)
{
	struct dir_error err;
	char *owner;

	(void)state;
	NEED_DB();
	put_orgs();
	/* A scoped token may not name another organization... */
	put_refused(DIR_KIND_SERVICE, "{\"name\": \"X\", \"organization_id\": \"" ORG_B "\"}",
		    ORG_A, "forbidden", "/organization_id");
	put_refused(DIR_KIND_ORGANIZATION,
		    "{\"id\": \"" ORG_B "\", \"name\": \"B\","
		    " \"description\": \"B\"}",
		    ORG_A, "forbidden", "/id");
	put_refused(DIR_KIND_ORGANIZATION, "{\"name\": \"New\", \"description\": \"N\"}", ORG_A,
		    "forbidden", "/id");
	/* ...its missing organization_id becomes its own... */
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"e0000000-0000-4000-8000-00000000000e\","
	       " \"name\": \"Mine\"}",
	       ORG_A);
	dir_error_init(&err);
	owner = store_owner_of(conn, DIR_KIND_SERVICE, "e0000000-0000-4000-8000-00000000000e",
			       &err);
	assert_string_equal(owner, ORG_A);
	free(owner);
	/* ...and another organization's record stays out of reach. */
	put_refused(DIR_KIND_SERVICE,
		    "{\"id\": \"e0000000-0000-4000-8000-00000000000e\","
		    " \"name\": \"Taken\"}",
		    ORG_B, "forbidden", "/id");
	put_refused(DIR_KIND_SERVICE,
		    "{\"id\": \"e0000000-0000-4000-8000-00000000000e\","
		    " \"name\": \"Taken\", \"organization_id\": \"" ORG_B "\"}",
		    ORG_B, "forbidden", "/id");
	put_ok(DIR_KIND_LOCATION,
	       "{\"id\": \"e0000000-0000-4000-8000-0000000000e1\","
	       " \"name\": \"B place\"}",
	       ORG_B);
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"S\", \"service_at_locations\": "
		    "[{\"location_id\": \"e0000000-0000-4000-8000-0000000000e1\"}]}",
		    ORG_A, "forbidden", "/service_at_locations/0/location_id");
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_delete(conn, DIR_KIND_SERVICE,
				      "e0000000-0000-4000-8000-00000000000e", ORG_B, &err),
			 -1);
	assert_string_equal(err.code, "forbidden");
	db_rollback(conn);
	dir_error_clear(&err);
	assert_null(store_owner_of(conn, DIR_KIND_LOCATION, "e0000000-0000-4000-8000-0000000000ff",
				   &err));
	assert_string_equal(err.code, "not_found");
	dir_error_clear(&err);
}

static void test_taxonomy_terms(void **state)
{
	json_t *out;

	(void)state;
	NEED_DB();
	put_orgs();
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"S\", \"attributes\": [{\"taxonomy_term\":"
		    " {\"code\": \"police_report_required\"}}]}",
		    NULL, "unknown_taxonomy_term", "/attributes/0/taxonomy_term/code");
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"S\", \"attributes\": [{\"taxonomy_term\":"
		    " {\"code\": \"free\"}, \"taxonomy_term_id\": "
		    "\"ba62a760-490f-54c5-bf5b-e0303180a7b8\"}]}",
		    NULL, "taxonomy_term_mismatch", "/attributes/0/taxonomy_term_id");
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"S\", \"attributes\": [{\"taxonomy_term\":"
		    " {\"code\": \"sex_worker_led\"}}]}",
		    NULL, "read_only_field", "/attributes/0/taxonomy_term");
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"S\", \"attributes\": [{\"taxonomy_term_id\":"
		    " \"f0000000-0000-4000-8000-0000000000ff\"}]}",
		    NULL, "unknown_taxonomy_term", "/attributes/0/taxonomy_term_id");
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"f0000000-0000-4000-8000-00000000000f\","
	       " \"name\": \"Tested\", \"organization_id\": \"" ORG_A "\","
	       " \"attributes\": [{\"taxonomy_term\": {\"code\": \"free\"}},"
	       " {\"taxonomy_term\": {\"code\": \"sti_hiv_testing\", \"taxonomy\": "
	       "\"service_type\"}}]}",
	       NULL);
	out = get("service", "f0000000-0000-4000-8000-00000000000f", 1, NULL, 0);
	assert_int_equal(json_array_size(json_object_get(out, "attributes")), 3);
	assert_string_equal(str_at(out, "attributes/0/taxonomy_term/code"), "free");
	assert_string_equal(str_at(out, "attributes/0/taxonomy_term_id"),
			    "71d03f81-ec69-537d-b974-ccef55f59abf");
	assert_string_equal(str_at(out, "attributes/1/taxonomy_term/taxonomy"), "service_type");
	/* Org A is sex_worker_led: the derived access term. */
	assert_string_equal(str_at(out, "attributes/2/taxonomy_term/code"), "sex_worker_led");
	json_decref(out);
}

/* A refusal deep inside a nested document leaves nothing of it behind. */
static void test_failed_put_leaves_nothing(void **state)
{
	long long orgs, locs, terms;

	(void)state;
	NEED_DB();
	orgs = count_of("SELECT count(*) FROM organization");
	locs = count_of("SELECT count(*) FROM location");
	terms = count_of("SELECT count(*) FROM taxonomy_term");
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"Half\", \"organization\": "
		    "{\"name\": \"Half org\", \"description\": \"H\"},"
		    " \"attributes\": [{\"taxonomy_term\": {\"id\": "
		    "\"f1000000-0000-4000-8000-000000000001\", \"name\": \"Imported\","
		    " \"taxonomy\": \"other\"}}],"
		    " \"service_at_locations\": [{\"location\": {\"name\": \"Half place\"}},"
		    " {\"location\": {\"name\": \"Bad\", \"timezone_name\": \"Mars/Olympus\"}}]}",
		    NULL, "invalid_value", "/service_at_locations/1/location/timezone_name");
	assert_int_equal(count_of("SELECT count(*) FROM organization"), orgs);
	assert_int_equal(count_of("SELECT count(*) FROM location"), locs);
	assert_int_equal(count_of("SELECT count(*) FROM taxonomy_term"), terms);
	assert_int_equal(count_of("SELECT count(*) FROM service WHERE name = 'Half'"), 0);
	put_refused(DIR_KIND_SERVICE,
		    "{\"name\": \"Bad date\", \"schedules\": "
		    "[{\"valid_from\": \"someday\"}]}",
		    NULL, "invalid_value", "/schedules/0/valid_from");
}

static void test_versions_and_unchecked(void **state)
{
	json_t *out;
	json_int_t v1, v2;

	(void)state;
	NEED_DB();
	put_orgs();
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"a1000000-0000-4000-8000-00000000000a\","
	       " \"name\": \"V\", \"eligibility_unchecked\": [\"/description\"]}",
	       NULL);
	out = get("service", "a1000000-0000-4000-8000-00000000000a", 0, NULL, 0);
	v1 = json_integer_value(val_at(out, "provenance/version"));
	assert_string_equal(str_at(out, "provenance/eligibility_unchecked/0"), "/description");
	assert_true(json_is_false(val_at(out, "provenance/stale")));
	assert_true(json_is_null(val_at(out, "provenance/key_id")));
	assert_non_null(str_at(out, "last_modified"));
	assert_string_equal(str_at(out, "status"), "active");
	json_decref(out);
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"a1000000-0000-4000-8000-00000000000a\","
	       " \"name\": \"V2\"}",
	       NULL);
	out = get("service", "a1000000-0000-4000-8000-00000000000a", 0, NULL, 0);
	v2 = json_integer_value(val_at(out, "provenance/version"));
	assert_true(v2 > v1);
	assert_null(val_at(out, "provenance/eligibility_unchecked"));
	json_decref(out);
}

static void test_delete_and_seed(void **state)
{
	const char *data_dir = getenv("DIRECTORYD_DATA_DIR");
	struct dir_error err;
	long long terms;

	(void)state;
	NEED_DB();
	put_orgs();
	put_ok(DIR_KIND_SERVICE,
	       "{\"id\": \"a2000000-0000-4000-8000-00000000000a\","
	       " \"name\": \"Gone\", \"organization_id\": \"" ORG_B "\","
	       " \"service_at_locations\": [{\"location\": {\"name\": \"Gone too\"}}]}",
	       NULL);
	dir_error_init(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_delete(conn, DIR_KIND_ORGANIZATION, ORG_B, ORG_B, &err), 0);
	assert_int_equal(db_commit(conn, &err), 0);
	assert_int_equal(count_of("SELECT count(*) FROM service WHERE name = 'Gone'"), 0);
	assert_int_equal(count_of("SELECT count(*) FROM location WHERE name = 'Gone too'"), 0);
	assert_int_equal(store_delete(conn, DIR_KIND_SERVICE,
				      "a2000000-0000-4000-8000-00000000000a", NULL, &err),
			 -1);
	assert_string_equal(err.code, "not_found");
	dir_error_clear(&err);
	assert_null(store_get(conn, "service", "not-a-uuid", NULL, &err));
	assert_string_equal(err.code, "not_found");
	dir_error_clear(&err);
	/* Loading the vocabularies again changes nothing. */
	terms = count_of("SELECT count(*) FROM taxonomy_term WHERE own");
	assert_true(terms >= 40);
	assert_int_equal(db_begin(conn, &err), 0);
	assert_int_equal(store_seed_taxonomies(conn, data_dir, &err), 0);
	assert_int_equal(db_commit(conn, &err), 0);
	assert_int_equal(count_of("SELECT count(*) FROM taxonomy_term WHERE own"), terms);
}

static void test_render_taxonomy(void **state)
{
	static const char *const de[] = { "de" };
	json_t *out;

	(void)state;
	NEED_DB();
	out = get("taxonomy_term", "71d03f81-ec69-537d-b974-ccef55f59abf", 0, de, 1);
	assert_string_equal(str_at(out, "code"), "free");
	assert_string_equal(str_at(out, "name"), "Kostenlos");
	assert_string_equal(str_at(out, "taxonomy"), "access");
	assert_string_equal(str_at(out, "taxonomy_detail/name"), "access");
	json_decref(out);
	out = get("taxonomy", "9548c94a-3471-5284-9dc8-d6c047e6759a", 0, NULL, 0);
	assert_string_equal(str_at(out, "name"), "access");
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_service_full),
		cmocka_unit_test(test_confidential_redaction),
		cmocka_unit_test(test_translation_selection),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_taxonomy_terms),
		cmocka_unit_test(test_failed_put_leaves_nothing),
		cmocka_unit_test(test_versions_and_unchecked),
		cmocka_unit_test(test_delete_and_seed),
		cmocka_unit_test(test_render_taxonomy),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
