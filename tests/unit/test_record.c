/*
 * test_record.c - federation records without a database: build, sign,
 * parse and verify; a changed record fails; floats and malformed members
 * are refused by name; number fields sent as strings come back as numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

#define ID "0b5e7a2c-1d3f-4e5a-8b6c-7d8e9f0a1b2c"

static struct fed_key key;

static int group_setup(void **state)
{
	unsigned char seed[32];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(seed, 7, sizeof(seed));
	key.n = 1;
	crypto_sign_seed_keypair(key.pk, key.sk, seed);
	return 0;
}

/* A signed item of a location record as JSON (new reference). */
static json_t *signed_item(const json_t *body)
{
	char sig[FED_SIG_B64_MAX];
	char *jcs = NULL;
	struct dir_error err;
	json_t *rec = rec_build("127.0.0.1:8101", "location", ID, 42, "2026-11-29T10:00:00Z", body);
	json_t *item;

	dir_error_init(&err);
	assert_non_null(rec);
	assert_int_equal(rec_sign(rec, &key, &jcs, sig, &err), 0);
	assert_non_null(jcs);
	item = json_pack("{s:o, s:{s:s, s:s}}", "record", rec, "sig", "keyid", "127.0.0.1:8101#1",
			 "value", sig);
	free(jcs);
	dir_error_clear(&err);
	return item;
}

static json_t *location_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "id", ID, "name", "Drop-in", "latitude", "47.3769",
			 "longitude", "8.5417");
}

static void test_sign_parse_verify(void **state)
{
	json_t *body = location_body(), *item = signed_item(body);
	struct rec_parsed p;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(rec_parse(item, &p, &err), 0);
	assert_string_equal(p.origin, "127.0.0.1:8101");
	assert_string_equal(p.type, "location");
	assert_string_equal(p.id, ID);
	assert_int_equal(p.version, 42);
	assert_int_equal(p.deleted, 0);
	assert_non_null(p.body);
	assert_string_equal(p.keyid, "127.0.0.1:8101#1");
	/* The canonical text: sorted members, no blanks. */
	assert_non_null(strstr(p.jcs, "\"deleted\":false,\"id\":\"" ID "\""));
	assert_int_equal(rec_verify(&p, key.pk, &err), 0);
	rec_parsed_free(&p);
	json_decref(item);
	json_decref(body);
	dir_error_clear(&err);
}

static void test_tampered_fails(void **state)
{
	json_t *body = location_body(), *item = signed_item(body);
	struct rec_parsed p;
	struct dir_error err;
	unsigned char other_pk[FED_PK_BYTES], other_sk[FED_SK_BYTES];

	(void)state;
	dir_error_init(&err);
	json_object_set_new(json_object_get(json_object_get(item, "record"), "body"), "name",
			    json_string("Forged"));
	assert_int_equal(rec_parse(item, &p, &err), 0);
	assert_int_equal(rec_verify(&p, key.pk, &err), -1);
	assert_string_equal(err.code, "record_signature_invalid");
	rec_parsed_free(&p);
	json_decref(item);
	dir_error_clear(&err);

	/* Untouched record, another key: fails too. */
	item = signed_item(body);
	crypto_sign_keypair(other_pk, other_sk);
	assert_int_equal(rec_parse(item, &p, &err), 0);
	assert_int_equal(rec_verify(&p, other_pk, &err), -1);
	assert_string_equal(err.code, "record_signature_invalid");
	rec_parsed_free(&p);
	json_decref(item);
	json_decref(body);
	dir_error_clear(&err);
}

static void test_tombstone(void **state)
{
	json_t *item = signed_item(NULL);
	struct rec_parsed p;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(rec_parse(item, &p, &err), 0);
	assert_int_equal(p.deleted, 1);
	assert_null(p.body);
	assert_int_equal(rec_verify(&p, key.pk, &err), 0);
	rec_parsed_free(&p);
	json_decref(item);
	dir_error_clear(&err);
}

struct bad_case {
	const char *member; /* set this member of the record... */
	const char *json;   /* ...to this JSON value ("" deletes it) */
	const char *code;
	const char *field;
};

static const struct bad_case bad_cases[] = {
	{ "protocol", "\"directoryd-fed/2\"", "invalid_record", "/record/protocol" },
	{ "origin", "", "invalid_record", "/record/origin" },
	{ "origin", "7", "invalid_record", "/record/origin" },
	{ "type", "\"taxonomy\"", "invalid_record", "/record/type" },
	{ "id", "\"0B5E7A2C-1D3F-4E5A-8B6C-7D8E9F0A1B2C\"", "invalid_record", "/record/id" },
	{ "version", "0", "invalid_record", "/record/version" },
	{ "version", "1.5", "invalid_record", "/record/version" },
	{ "version", "\"3\"", "invalid_record", "/record/version" },
	{ "updated", "\"yesterday\"", "invalid_record", "/record/updated" },
	{ "deleted", "\"no\"", "invalid_record", "/record/deleted" },
	{ "deleted", "true", "invalid_record", "/record/body" },
	{ "body", "", "invalid_record", "/record/body" },
	{ "extra", "1", "invalid_record", "/record/extra" },
	{ "body", "{\"id\": \"" ID "\", \"latitude\": 47.3769}", "float_not_allowed",
	  "/body/latitude" },
};

static void test_bad_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		json_t *body = location_body(), *item = signed_item(body);
		json_t *rec = json_object_get(item, "record");
		struct rec_parsed p;
		struct dir_error err;

		dir_error_init(&err);
		if (c->json[0] == '\0')
			json_object_del(rec, c->member);
		else
			json_object_set_new(rec, c->member,
					    json_loads(c->json, JSON_DECODE_ANY, NULL));
		if (rec_parse(item, &p, &err) != -1)
			fail_msg("case %zu (%s) was accepted", i, c->member);
		assert_string_equal(err.code, c->code);
		assert_string_equal(err.field, c->field);
		rec_parsed_free(&p);
		json_decref(item);
		json_decref(body);
		dir_error_clear(&err);
	}
}

static void test_bad_items(void **state)
{
	static const char *const items[] = {
		"[]",
		"{\"record\": {}}",
		"{\"record\": 1, \"sig\": {\"keyid\": \"a#1\", \"value\": \"x\"}}",
		"{\"record\": {}, \"sig\": {\"keyid\": \"a#1\"}}",
		"{\"record\": {}, \"sig\": {\"keyid\": \"a#1\", \"value\": 5}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		json_t *item = json_loads(items[i], 0, NULL);
		struct rec_parsed p;
		struct dir_error err;

		dir_error_init(&err);
		assert_non_null(item);
		assert_int_equal(rec_parse(item, &p, &err), -1);
		assert_string_equal(err.code, "invalid_record");
		rec_parsed_free(&p);
		json_decref(item);
		dir_error_clear(&err);
	}
}

static void test_body_to_hsds(void **state)
{
	const char *text =
		"{\"id\": \"" ID "\", \"name\": \"S\", \"minimum_age\": \"18\","
		" \"maximum_age\": \"64.5\", \"cost_options\": [{\"amount\": \"12.50\"}],"
		" \"schedules\": [{\"timezone\": \"-2\", \"description\": \"12.5\"}],"
		" \"service_at_locations\": [{\"location_id\": \"" ID "\","
		" \"phones\": [{\"number\": \"1\", \"extension\": \"42\"}]}],"
		" \"metadata\": [], \"unknown\": \"1.5\"}";
	json_t *body = json_loads(text, 0, NULL), *doc;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	doc = rec_body_to_hsds(DIR_KIND_SERVICE, body, &err);
	assert_non_null(doc);
	assert_true(json_is_integer(json_object_get(doc, "minimum_age")));
	assert_int_equal(json_integer_value(json_object_get(doc, "minimum_age")), 18);
	assert_true(json_is_real(json_object_get(doc, "maximum_age")));
	assert_true(json_real_value(json_object_get(doc, "maximum_age")) == 64.5);
	assert_true(json_real_value(json_object_get(
			    json_array_get(json_object_get(doc, "cost_options"), 0), "amount")) ==
		    12.5);
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(doc, "schedules"), 0), "timezone")),
			 -2);
	/* A text field that looks like a number stays a string. */
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(doc, "schedules"), 0), "description")),
		"12.5");
	assert_int_equal(
		json_integer_value(json_object_get(
			json_array_get(
				json_object_get(
					json_array_get(json_object_get(doc, "service_at_locations"),
						       0),
					"phones"),
				0),
			"extension")),
		42);
	assert_string_equal(json_string_value(json_object_get(doc, "unknown")), "1.5");
	/* The body itself is not changed. */
	assert_true(json_is_string(json_object_get(body, "minimum_age")));
	json_decref(doc);
	json_decref(body);

	body = json_pack("{s:s, s:{s:s, s:s}}", "latitude", "1e5", "public_point", "latitude", "1",
			 "longitude", "2");
	assert_null(rec_body_to_hsds(DIR_KIND_LOCATION, body, &err));
	assert_string_equal(err.code, "invalid_record");
	assert_string_equal(err.field, "/latitude");
	json_decref(body);
	dir_error_clear(&err);

	body = json_pack("{s:{s:s, s:s}}", "public_point", "latitude", "47.1", "longitude", "8.5");
	doc = rec_body_to_hsds(DIR_KIND_LOCATION, body, &err);
	assert_true(json_real_value(json_object_get(json_object_get(doc, "public_point"),
						    "latitude")) == 47.1);
	json_decref(doc);
	json_decref(body);
	dir_error_clear(&err);
}

/*
 * The worked record example of docs/federation.md, section 11, signed with
 * RFC 9421's test-key-ed25519: the same canonical text and signature.
 */
static void test_docs_worked_example(void **state)
{
	static const unsigned char rfc_seed[32] = {
		0x9f, 0x83, 0x62, 0xf8, 0x7a, 0x48, 0x4a, 0x95, 0x4e, 0x6e, 0x74,
		0x0c, 0x5b, 0x4c, 0x0e, 0x84, 0x22, 0x91, 0x39, 0xa2, 0x0a, 0xa8,
		0xab, 0x56, 0xff, 0x66, 0x58, 0x6f, 0x6a, 0x7d, 0x29, 0xc5,
	};
	struct fed_key rfc = { 1, { 0 }, { 0 } };
	json_t *body = json_loads(
		"{\"id\":\"6b1f5a8e-2c4d-4e8f-9a1b-3c5d7e9f1a2b\",\"name\":\"Drop-in Langstrasse\","
		"\"location_type\":\"physical\",\"latitude\":\"47.3769\",\"longitude\":\"8.5269\","
		"\"confidential\":false,\"addresses\":[{\"address_1\":\"Langstrasse 1\","
		"\"city\":\"Z\u00fcrich\",\"postal_code\":\"8004\",\"country\":\"CH\","
		"\"address_type\":\"physical\",\"state_province\":\"ZH\"}]}",
		0, NULL);
	json_t *record =
		rec_build("ch.directory.example", "location",
			  "6b1f5a8e-2c4d-4e8f-9a1b-3c5d7e9f1a2b", 42, "2026-11-29T10:00:00Z", body);
	char *jcs = NULL, sig[FED_SIG_B64_MAX];

	(void)state;
	crypto_sign_seed_keypair(rfc.pk, rfc.sk, rfc_seed);
	assert_int_equal(rec_sign(record, &rfc, &jcs, sig, NULL), 0);
	assert_string_equal(
		jcs, "{\"body\":{\"addresses\":[{\"address_1\":\"Langstrasse 1\","
		     "\"address_type\":\"physical\",\"city\":\"Z\xc3\xbcrich\",\"country\":\"CH\","
		     "\"postal_code\":\"8004\",\"state_province\":\"ZH\"}],\"confidential\":false,"
		     "\"id\":\"6b1f5a8e-2c4d-4e8f-9a1b-3c5d7e9f1a2b\",\"latitude\":\"47.3769\","
		     "\"location_type\":\"physical\",\"longitude\":\"8.5269\","
		     "\"name\":\"Drop-in Langstrasse\"},\"deleted\":false,"
		     "\"id\":\"6b1f5a8e-2c4d-4e8f-9a1b-3c5d7e9f1a2b\",\"origin\":\"ch.directory."
		     "example\","
		     "\"protocol\":\"directoryd-fed/1\",\"type\":\"location\","
		     "\"updated\":\"2026-11-29T10:00:00Z\",\"version\":42}");
	assert_string_equal(sig,
			    "5yG4_LVF8vtjL27exP1DSLO2g6rcRmy1pSLF9yy7VqqQt0XxKRUAs6ATuHZG8QQCzrvIA"
			    "YkU4iRxw4aBlPoIDQ");
	free(jcs);
	json_decref(record);
	json_decref(body);
	sodium_memzero(&rfc, sizeof(rfc));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_parse_verify),   cmocka_unit_test(test_tampered_fails),
		cmocka_unit_test(test_tombstone),           cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_bad_items),           cmocka_unit_test(test_body_to_hsds),
		cmocka_unit_test(test_docs_worked_example),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
