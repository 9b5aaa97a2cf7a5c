/*
 * test_validate.c - the listing checks: tables of documents with the code
 * and JSON Pointer each must give, the format predicates, E.164
 * normalization, defaults, limits, and the HSDS 3.0 example files.
 *
 * Documents are written with ' for " to keep the tables readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ORG      DIR_KIND_ORGANIZATION
#define SVC      DIR_KIND_SERVICE
#define LOC      DIR_KIND_LOCATION

/* Parses a document written with ' for "; fails the test when invalid. */
static json_t *parse(const char *text)
{
	char *buf = strdup(text);
	json_error_t jerr;
	json_t *doc;

	assert_non_null(buf);
	for (char *p = buf; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	doc = json_loads(buf, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (doc == NULL)
		fail_msg("bad test document %s: %s", buf, jerr.text);
	free(buf);
	return doc;
}

/* The detail with this code and field, or NULL. */
static json_t *find_detail(const struct dir_error *err, const char *code, const char *field)
{
	size_t i;
	json_t *d;

	json_array_foreach(err->details, i, d)
	{
		const char *c = json_string_value(json_object_get(d, "code"));
		const char *f = json_string_value(json_object_get(d, "field"));
		if (c != NULL && f != NULL && strcmp(c, code) == 0 && strcmp(f, field) == 0)
			return d;
	}
	return NULL;
}

static void print_details(const char *name, const struct dir_error *err)
{
	char *s = err->details ? json_dumps(err->details, JSON_INDENT(1)) : NULL;

	print_message("case %s gave: %s\n", name, s ? s : "(no details)");
	free(s);
}

/* ---- documents: accepted ---- */

struct ok_case {
	const char *name;
	enum dir_kind kind;
	const char *doc;
};

static const struct ok_case ok_cases[] = {
	{ "org minimal, empty description", ORG, "{'name': 'Aspasie', 'description': ''}" },
	{ "org extensions", ORG,
	  "{'id': '3A19FF88-4620-4d17-9830-ac1d859eb5d5', 'name': 'Aspasie',"
	  " 'description': 'x', 'sex_worker_led': true, 'email': "
	  "'info@aspasie.example.ch', 'website': 'https://aspasie.example.ch/"
	  "fr?a=1#top', 'translations': {'de': {'name': 'Aspasie', "
	  "'description': 'Beratung'}, 'pt-BR': {'alternate_name': 'A'}, "
	  "'zh-Hant-TW': {}, 'sr-Latn': {'eligibility_description': 'e', "
	  "'application_process': 'a'}}}" },
	{ "service minimal", SVC, "{'name': 'Testing'}" },
	{ "location minimal", LOC, "{}" },
	{ "location extensions", LOC,
	  "{'name': 'Shelter', 'confidential': true, 'timezone_name': "
	  "'Europe/Zurich', 'public_point': {'latitude': 47.37, 'longitude': "
	  "8.54}, 'latitude': -90, 'longitude': 180, 'contact_channels': ["
	  "{'type': 'phone', 'value': '+41 44 123 45 67', "
	  "'safe_to_leave_message': false, 'languages': ['de', 'ro', 'pcm']},"
	  "{'type': 'sms', 'value': '0041791234567'},"
	  "{'type': 'signal', 'value': 'sam.42'},"
	  "{'type': 'whatsapp', 'value': '+359 88 123 4567'},"
	  "{'type': 'telegram', 'value': '@help_zurich'},"
	  "{'type': 'email', 'value': 'help@example.org'},"
	  "{'type': 'web_form', 'value': 'https://example.org/contact'}]}" },
	{ "service attributes", SVC,
	  "{'name': 's', 'attributes': [{'taxonomy_term_id': "
	  "'3a19ff88-4620-4d17-9830-ac1d859eb5d5'}, {'taxonomy_term': "
	  "{'code': 'free'}}, {'taxonomy_term_id': "
	  "'3a19ff88-4620-4d17-9830-ac1d859eb5d5', 'taxonomy_term': {'id': "
	  "'3A19FF88-4620-4D17-9830-AC1D859EB5D5', 'code': 'no_id_required'}"
	  "}]}" },
	{ "schedules", SVC,
	  "{'name': 's', 'schedules': [{'opens_at': '09:00', 'closes_at': "
	  "'18:00:00', 'byday': 'MO,TU,-1FR,2SA', 'freq': 'MONTHLY', 'wkst': "
	  "'MO', 'valid_from': '2024-02-29', 'until': '2025-12-31', "
	  "'timezone': 1}, {'opens_at': '09:00+01:00', 'closes_at': '17:00Z'}"
	  "]}" },
	{ "address", LOC,
	  "{'addresses': [{'address_1': 'Rue 1', 'city': 'Genève', "
	  "'state_province': '', 'postal_code': '1201', 'country': 'CH', "
	  "'address_type': 'physical'}]}" },
	{ "languages", SVC,
	  "{'name': 's', 'languages': [{'code': 'th'}, {'code': 'es-419'}, "
	  "{'code': 'uk', 'name': 'Українська'}], 'minimum_age': 0.0, "
	  "'maximum_age': 99.5, 'last_modified': '2023-03-15T10:30:45.123Z', "
	  "'assured_date': '2024-01-31'}" },
	{ "service nests organization and program", SVC,
	  "{'name': 's', 'organization': {'name': 'o', 'description': 'd', "
	  "'sex_worker_led': false}, 'program': {'name': 'p', 'description': "
	  "''}, 'service_at_locations': [{'location': {'name': 'l'}}]}" },
	{ "org nests services and locations", ORG,
	  "{'name': 'o', 'description': 'd', 'services': [{'name': 's', "
	  "'contact_channels': [{'type': 'telegram', 'value': "
	  "'+380 44 123 4567'}]}], 'locations': [{'confidential': false}]}" },
	{ "the smallest numbers other than 0", LOC,
	  "{'latitude': 1e-30, 'longitude': -1.23456789012345e-30}" },
	{ "unicode text", SVC,
	  "{'name': 'Consiliere în București', 'description': "
	  "'Консультації — 相談'}" },
	{ "prose keeps its line breaks and tabs; no-break spaces are not controls", SVC,
	  "{'name': 'Drop\\u00a0in \\u00bf', 'description': 'One.\\nTwo.\\r\\n\\tThree.', "
	  "'eligibility_description': 'a\\nb', 'translations': {'de': {'description': 'x\\ny'}}}" },
};

static void test_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(ok_cases); i++) {
		struct dir_error err;
		json_t *doc = parse(ok_cases[i].doc);
		int rc;

		dir_error_init(&err);
		rc = val_check(ok_cases[i].kind, doc, &err);
		if (rc != 0 || dir_error_isset(&err)) {
			print_details(ok_cases[i].name, &err);
			fail_msg("case \"%s\" was refused", ok_cases[i].name);
		}
		assert_int_equal(val_check(ok_cases[i].kind, doc, NULL), 0);
		dir_error_clear(&err);
		json_decref(doc);
	}
}

/* ---- documents: refused ---- */

struct bad_case {
	enum dir_kind kind;
	const char *doc;
	const char *code;
	const char *field;
};

#define CH(c) "{'contact_channels': [" c "]}"
#define ADDR(x)                                                      \
	"{'addresses': [{'address_1': 'a', 'city': 'c', "            \
	"'state_province': '', 'postal_code': 'p', 'address_type': " \
	"'physical', " x "}]}"
#define SCHED(x) "{'name': 's', 'schedules': [{" x "}]}"
#define TERM(x)  "{'name': 's', 'attributes': [" x "]}"
#define UUID1    "'3a19ff88-4620-4d17-9830-ac1d859eb5d5'"
#define UUID2    "'48102e86-bb50-41c4-8f1e-e269368c41d1'"

static const struct bad_case bad_cases[] = {
	/* top level */
	{ ORG, "[]", "wrong_type", "" },
	{ SVC, "'a service'", "wrong_type", "" },
	{ ORG, "{'description': ''}", "missing_field", "/name" },
	{ ORG, "{'name': 'o'}", "missing_field", "/description" },
	{ ORG, "{'name': ' ', 'description': ''}", "invalid_value", "/name" },
	{ SVC, "{}", "missing_field", "/name" },
	{ SVC, "{'name': ''}", "invalid_value", "/name" },
	/* control characters: C0, DEL and C1 nowhere; tab and line breaks only in prose */
	{ SVC, "{'name': 'a\\u0007b'}", "invalid_value", "/name" },
	{ SVC, "{'name': 'two\\nlines'}", "invalid_value", "/name" },
	{ SVC, "{'name': 'nel\\u0085'}", "invalid_value", "/name" },
	{ SVC, "{'name': 's', 'alternate_name': 'x\\ty'}", "invalid_value", "/alternate_name" },
	{ SVC, "{'name': 's', 'description': 'bell\\u0007'}", "invalid_value", "/description" },
	{ SVC, "{'name': 's', 'description': 'del\\u007f'}", "invalid_value", "/description" },
	{ SVC, "{'name': 's', 'description': 'csi\\u009b'}", "invalid_value", "/description" },
	{ SVC, "{'name': 's', 'phones': [{'number': '1\\u001b[2J'}]}", "invalid_value",
	  "/phones/0/number" },
	{ SVC, "{'name': 's', 'translations': {'de': {'name': 'a\\nb'}}}", "invalid_value",
	  "/translations/de/name" },
	{ LOC, ADDR("'attention': 'x\\ry'"), "invalid_value", "/addresses/0/attention" },
	/* unknown fields, with RFC 6901 escaping */
	{ SVC, "{'name': 's', 'colour': 'red'}", "unknown_field", "/colour" },
	{ SVC, "{'name': 's', 'a/b': 1}", "unknown_field", "/a~1b" },
	{ SVC, "{'name': 's', 'm~n': 1}", "unknown_field", "/m~0n" },
	{ SVC, "{'name': 's', '': 1}", "unknown_field", "/" },
	{ SVC, "{'name': 's', 'phones': [{'number': '1', 'fax': '2'}]}", "unknown_field",
	  "/phones/0/fax" },
	{ SVC, "{'name': 's', 'Name': 's'}", "unknown_field", "/Name" },
	{ LOC, "{'service_at_locations': []}", "unknown_field", "/service_at_locations" },
	{ SVC,
	  "{'name': 's', 'service_at_locations': [{'location': {"
	  "'x/y~z': 1}}]}",
	  "unknown_field", "/service_at_locations/0/location/x~1y~0z" },
	/* wrong types */
	{ SVC, "{'name': 5}", "wrong_type", "/name" },
	{ SVC, "{'name': 's', 'description': null}", "wrong_type", "/description" },
	{ SVC, "{'name': 's', 'phones': {}}", "wrong_type", "/phones" },
	{ SVC, "{'name': 's', 'phones': ['+41']}", "wrong_type", "/phones/0" },
	{ SVC, "{'name': 's', 'organization': []}", "wrong_type", "/organization" },
	{ SVC, "{'name': 's', 'minimum_age': '18'}", "wrong_type", "/minimum_age" },
	{ LOC, "{'latitude': '47.3'}", "wrong_type", "/latitude" },
	{ SVC, "{'name': 's', 'phones': [{'number': '1', 'extension': 'x'}]}", "wrong_type",
	  "/phones/0/extension" },
	/* formats and enums */
	{ SVC, "{'name': 's', 'id': '123'}", "invalid_value", "/id" },
	{ SVC, "{'name': 's', 'id': '3a19ff884620-4d17-9830-ac1d859eb5d5a'}", "invalid_value",
	  "/id" },
	{ SVC, "{'name': 's', 'organization_id': 'org-1'}", "invalid_value", "/organization_id" },
	{ SVC, "{'name': 's', 'email': 'help at example.org'}", "invalid_value", "/email" },
	{ SVC, "{'name': 's', 'email': 'a@b'}", "invalid_value", "/email" },
	{ SVC, "{'name': 's', 'url': 'javascript:alert(1)'}", "invalid_value", "/url" },
	{ SVC, "{'name': 's', 'url': 'ftp://example.org/'}", "invalid_value", "/url" },
	{ SVC, "{'name': 's', 'url': 'https://exa mple.org/'}", "invalid_value", "/url" },
	{ SVC, "{'name': 's', 'url': 'https://example.org/%zz'}", "invalid_value", "/url" },
	{ SVC, "{'name': 's', 'status': 'open'}", "invalid_value", "/status" },
	{ SVC, "{'name': 's', 'status': 'Active'}", "invalid_value", "/status" },
	{ LOC, "{'location_type': 'mobile'}", "invalid_value", "/location_type" },
	{ LOC, ADDR("'country': 'ch'"), "invalid_value", "/addresses/0/country" },
	{ LOC, ADDR("'country': 'ZZ'"), "invalid_value", "/addresses/0/country" },
	{ LOC, ADDR("'country': 'CHE'"), "invalid_value", "/addresses/0/country" },
	{ LOC,
	  "{'addresses': [{'address_1': 'a', 'city': 'c', "
	  "'postal_code': 'p', 'country': 'CH', 'address_type': 'physical'}]}",
	  "missing_field", "/addresses/0/state_province" },
	{ LOC,
	  "{'addresses': [{'address_1': 'a', 'city': 'c', "
	  "'state_province': '', 'postal_code': 'p', 'country': 'CH', "
	  "'address_type': 'home'}]}",
	  "invalid_value", "/addresses/0/address_type" },
	{ SVC, SCHED("'freq': 'DAILY'"), "invalid_value", "/schedules/0/freq" },
	{ SVC, SCHED("'wkst': 'mo'"), "invalid_value", "/schedules/0/wkst" },
	{ SVC, SCHED("'opens_at': '25:00'"), "invalid_value", "/schedules/0/opens_at" },
	{ SVC, SCHED("'closes_at': '6pm'"), "invalid_value", "/schedules/0/closes_at" },
	{ SVC, SCHED("'valid_from': '2023-02-29'"), "invalid_value", "/schedules/0/valid_from" },
	{ SVC, SCHED("'byday': 'Monday'"), "invalid_value", "/schedules/0/byday" },
	{ SVC, SCHED("'interval': -1"), "invalid_value", "/schedules/0/interval" },
	{ SVC, "{'name': 's', 'assured_date': '31.01.2024'}", "invalid_value", "/assured_date" },
	{ SVC, "{'name': 's', 'last_modified': '2023-03-15'}", "invalid_value", "/last_modified" },
	{ LOC, "{'latitude': 90.0001}", "invalid_value", "/latitude" },
	{ LOC, "{'latitude': -91}", "invalid_value", "/latitude" },
	{ LOC, "{'longitude': 180.5}", "invalid_value", "/longitude" },
	{ LOC, "{'longitude': -181}", "invalid_value", "/longitude" },
	{ SVC, "{'name': 's', 'minimum_age': -1}", "invalid_value", "/minimum_age" },
	{ SVC, "{'name': 's', 'maximum_age': -0.5}", "invalid_value", "/maximum_age" },
	/* tiny numbers: below 1e-30 in magnitude (1e-320 is subnormal) */
	{ LOC, "{'latitude': 1e-320}", "invalid_value", "/latitude" },
	{ LOC, "{'longitude': -5e-324}", "invalid_value", "/longitude" },
	{ LOC, "{'latitude': 2.2250738585072014e-308}", "invalid_value", "/latitude" },
	{ SVC, "{'name': 's', 'minimum_age': 9.99e-31}", "invalid_value", "/minimum_age" },
	{ SVC,
	  "{'name': 's', 'cost_options': [{'option': 'x', 'amount': -1e-31, 'currency': "
	  "'CHF'}]}",
	  "invalid_value", "/cost_options/0/amount" },
	{ SVC, "{'name': 's', 'languages': [{'code': 'ro_RO'}]}", "invalid_value",
	  "/languages/0/code" },
	{ SVC, "{'name': 's', 'languages': [{'code': 'english'}]}", "invalid_value",
	  "/languages/0/code" },
	{ SVC, "{'name': 's', 'languages': [{'code': ''}]}", "invalid_value", "/languages/0/code" },
	{ SVC,
	  "{'name': 's', 'metadata': [{'last_action_date': '2024-01-01',"
	  " 'last_action_type': 'u', 'field_name': 'f', 'previous_value': '',"
	  " 'replacement_value': ''}]}",
	  "missing_field", "/metadata/0/updated_by" },
	{ SVC, "{'name': 's', 'phones': [{'type': 'voice'}]}", "missing_field",
	  "/phones/0/number" },
	{ SVC, "{'name': 's', 'organization': {'description': ''}}", "missing_field",
	  "/organization/name" },
	/* extension: sex_worker_led */
	{ ORG, "{'name': 'o', 'description': '', 'sex_worker_led': 'yes'}", "wrong_type",
	  "/sex_worker_led" },
	{ SVC, "{'name': 's', 'sex_worker_led': true}", "unknown_field", "/sex_worker_led" },
	/* extension: confidential, timezone_name, public_point */
	{ LOC, "{'confidential': 1}", "wrong_type", "/confidential" },
	{ ORG, "{'name': 'o', 'description': '', 'confidential': true}", "unknown_field",
	  "/confidential" },
	{ LOC, "{'timezone_name': 'Mars/Olympus_Mons'}", "invalid_value", "/timezone_name" },
	{ LOC, "{'timezone_name': '../../../etc/passwd'}", "invalid_value", "/timezone_name" },
	{ LOC, "{'timezone_name': 'Europe/Zurich '}", "invalid_value", "/timezone_name" },
	{ LOC, "{'timezone_name': 2}", "wrong_type", "/timezone_name" },
	{ LOC, "{'public_point': {'latitude': 100, 'longitude': 8}}", "invalid_value",
	  "/public_point/latitude" },
	{ LOC, "{'public_point': {'latitude': 47, 'longitude': -200}}", "invalid_value",
	  "/public_point/longitude" },
	{ LOC, "{'public_point': {'latitude': 47}}", "missing_field", "/public_point/longitude" },
	{ LOC, "{'public_point': {'latitude': 47, 'longitude': 8, 'alt': 1}}", "unknown_field",
	  "/public_point/alt" },
	{ LOC, "{'public_point': [47, 8]}", "wrong_type", "/public_point" },
	/* extension: contact_channels */
	{ LOC, CH("{'type': 'fax', 'value': '+41441234567'}"), "invalid_value",
	  "/contact_channels/0/type" },
	{ LOC, CH("{'type': 'phone'}"), "missing_field", "/contact_channels/0/value" },
	{ LOC, CH("{'value': '+41441234567'}"), "missing_field", "/contact_channels/0/type" },
	{ LOC, CH("{'type': 'phone', 'value': ''}"), "invalid_value", "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'phone', 'value': '044 123 45 67'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'sms', 'value': '+41 44 CALL NOW'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'whatsapp', 'value': '+41 12'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'phone', 'value': '+0 44 123 45 67'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'phone', 'value': '+1234567890123456'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'whatsapp', 'value': 'sam.42'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'signal', 'value': 'https://signal.me/#p/x'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'signal', 'value': '079 123 45 67'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'telegram', 'value': '@abc'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'email', 'value': 'help@'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC, CH("{'type': 'web_form', 'value': 'example.org/form'}"), "invalid_value",
	  "/contact_channels/0/value" },
	{ LOC,
	  CH("{'type': 'email', 'value': 'a@b.org', "
	     "'safe_to_leave_message': 'no'}"),
	  "wrong_type", "/contact_channels/0/safe_to_leave_message" },
	{ LOC, CH("{'type': 'email', 'value': 'a@b.org', 'languages': 'de'}"), "wrong_type",
	  "/contact_channels/0/languages" },
	{ LOC,
	  CH("{'type': 'email', 'value': 'a@b.org', 'languages': "
	     "['de', 'english']}"),
	  "invalid_value", "/contact_channels/0/languages/1" },
	{ LOC, CH("{'type': 'email', 'value': 'a@b.org', 'note': 'x'}"), "unknown_field",
	  "/contact_channels/0/note" },
	{ LOC, "{'contact_channels': {'type': 'email'}}", "wrong_type", "/contact_channels" },
	{ ORG, "{'name': 'o', 'description': '', 'contact_channels': []}", "unknown_field",
	  "/contact_channels" },
	/* extension: translations */
	{ SVC, "{'name': 's', 'translations': {'de_CH': {'name': 'n'}}}", "invalid_value",
	  "/translations/de_CH" },
	{ SVC, "{'name': 's', 'translations': {'german': {}}}", "invalid_value",
	  "/translations/german" },
	{ SVC, "{'name': 's', 'translations': {'de': {'description': 5}}}", "wrong_type",
	  "/translations/de/description" },
	{ SVC, "{'name': 's', 'translations': {'de': {'summary': 's'}}}", "unknown_field",
	  "/translations/de/summary" },
	{ SVC, "{'name': 's', 'translations': {'de': 'Beratung'}}", "wrong_type",
	  "/translations/de" },
	{ SVC, "{'name': 's', 'translations': [{'de': {}}]}", "wrong_type", "/translations" },
	{ SVC, "{'name': 's', 'translations': {'de': {}, 'DE': {}}}", "invalid_value",
	  "/translations/DE" },
	{ LOC, "{'translations': {'de': {}}}", "unknown_field", "/translations" },
	/* provenance is read-only */
	{ SVC, "{'name': 's', 'provenance': {'origin_node': 'x'}}", "read_only_field",
	  "/provenance" },
	{ LOC, "{'provenance': null}", "read_only_field", "/provenance" },
	{ ORG,
	  "{'name': 'o', 'description': '', 'locations': [{"
	  "'provenance': {}}]}",
	  "read_only_field", "/locations/0/provenance" },
	/* attributes */
	{ SVC, TERM("{'taxonomy_term': {'code': 'sex_worker_led'}}"), "invalid_value",
	  "/attributes/0/taxonomy_term/code" },
	{ SVC, TERM("{'value': 'x'}"), "missing_field", "/attributes/0/taxonomy_term_id" },
	{ SVC, TERM("{'taxonomy_term': {'name': 'Free'}}"), "missing_field",
	  "/attributes/0/taxonomy_term/code" },
	{ SVC, TERM("{'taxonomy_term_id': 'free'}"), "invalid_value",
	  "/attributes/0/taxonomy_term_id" },
	{ SVC,
	  TERM("{'taxonomy_term_id': " UUID1 ", 'taxonomy_term': "
	       "{'id': " UUID2 "}}"),
	  "taxonomy_term_mismatch", "/attributes/0/taxonomy_term/id" },
	{ SVC, TERM("{'taxonomy_term': {'code': 'free', 'colour': 'x'}}"), "unknown_field",
	  "/attributes/0/taxonomy_term/colour" },
	{ SVC,
	  "{'name': 's', 'service_at_locations': [{'location': {"
	  "'latitude': 100}}]}",
	  "invalid_value", "/service_at_locations/0/location/latitude" },
};

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(bad_cases); i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct dir_error err;
		json_t *doc = parse(bc->doc);
		json_t *d;

		dir_error_init(&err);
		assert_int_equal(val_check(bc->kind, doc, &err), -1);
		d = find_detail(&err, bc->code, bc->field);
		if (d == NULL) {
			print_details(bc->doc, &err);
			fail_msg("case %zu %s: no %s at \"%s\"", i, bc->doc, bc->code, bc->field);
		}
		/* every message says something to a person */
		assert_true(strlen(json_string_value(json_object_get(d, "message"))) > 10);
		assert_int_equal(dir_error_status(err.code), 400);
		assert_int_equal(val_check(bc->kind, doc, NULL), -1);
		dir_error_clear(&err);
		json_decref(doc);
	}
}

/* Every violation is collected, in document order, not just the first. */
static void test_collects_all(void **state)
{
	struct dir_error err;
	json_t *doc = parse("{'name': 5, 'colour': 'x', 'status': 'open', "
			    "'phones': [{'id': 'x'}], 'provenance': {}}");

	(void)state;
	dir_error_init(&err);
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_string_equal(err.code, "wrong_type");
	assert_string_equal(err.field, "/name");
	assert_non_null(find_detail(&err, "unknown_field", "/colour"));
	assert_non_null(find_detail(&err, "invalid_value", "/status"));
	assert_non_null(find_detail(&err, "invalid_value", "/phones/0/id"));
	assert_non_null(find_detail(&err, "missing_field", "/phones/0/number"));
	assert_non_null(find_detail(&err, "read_only_field", "/provenance"));
	assert_int_equal(json_array_size(err.details), 6);
	dir_error_clear(&err);
	json_decref(doc);
}

/* Past DIR_ERROR_MAX_DETAILS violations are counted, not kept. */
static void test_violations_capped(void **state)
{
	struct dir_error err;
	json_t *doc = parse("{'name': 's'}");
	json_t *phones = json_array();

	(void)state;
	for (int i = 0; i < 300; i++)
		json_array_append_new(phones, json_pack("{s:i}", "number", i));
	json_object_set_new(doc, "phones", phones);
	dir_error_init(&err);
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_int_equal(json_array_size(err.details), DIR_ERROR_MAX_DETAILS);
	assert_int_equal(err.dropped, 300 - DIR_ERROR_MAX_DETAILS);
	dir_error_clear(&err);
	json_decref(doc);
}

/* ---- normalization and defaults ---- */

struct norm_case {
	const char *type;
	const char *in;
	const char *out;
};

static const struct norm_case norm_cases[] = {
	{ "phone", "+41 44 123 45 67", "+41441234567" },
	{ "phone", "0041 (0)44 123-45-67", "+41441234567" },
	{ "phone", "+40.721.234.567", "+40721234567" },
	{ "phone", "(+44) 20 7946 0958", "+442079460958" },
	{ "sms", "00 41 79 123 45 67", "+41791234567" },
	{ "whatsapp", "+359 88 123 4567", "+359881234567" },
	{ "signal", "+49 (30) 1234567", "+49301234567" },
	{ "signal", "sam.42", "sam.42" },
	{ "telegram", "+380 44 123 4567", "+380441234567" },
	{ "telegram", "@help_zurich", "@help_zurich" },
	{ "telegram", "help_zurich", "help_zurich" },
	{ "email", " not trimmed", NULL },
	{ "email", "Help@Example.org", "Help@Example.org" },
	{ "phone", "+41441234567", "+41441234567" },
};

static void test_e164(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(norm_cases); i++) {
		const struct norm_case *nc = &norm_cases[i];
		json_t *doc = json_pack("{s:[{s:s, s:s}]}", "contact_channels", "type", nc->type,
					"value", nc->in);
		json_t *v;
		int rc = val_check(LOC, doc, NULL);

		v = json_object_get(json_array_get(json_object_get(doc, "contact_channels"), 0),
				    "value");
		if (nc->out == NULL) {
			assert_int_equal(rc, -1);
		} else {
			if (rc != 0)
				fail_msg("%s %s refused", nc->type, nc->in);
			assert_string_equal(json_string_value(v), nc->out);
		}
		json_decref(doc);
	}
}

static void test_defaults(void **state)
{
	json_t *svc = parse("{'name': 's', 'service_at_locations': [{"
			    "'location': {}}]}");
	json_t *loc = parse("{'location_type': 'virtual', 'name': ' x '}");
	json_t *org = parse("{'name': 'o', 'description': '', 'services': "
			    "[{'name': 's', 'status': 'inactive'}, "
			    "{'name': 't'}]}");
	json_t *sal;

	(void)state;
	assert_int_equal(val_check(SVC, svc, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(svc, "status")), "active");
	sal = json_array_get(json_object_get(svc, "service_at_locations"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(sal, "location"),
							      "location_type")),
			    "physical");
	assert_int_equal(val_check(LOC, loc, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(loc, "location_type")), "virtual");
	assert_string_equal(json_string_value(json_object_get(loc, "name")),
			    " x "); /* nothing else is trimmed */
	assert_int_equal(val_check(ORG, org, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(org, "services"), 0), "status")),
			    "inactive");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(org, "services"), 1), "status")),
			    "active");
	json_decref(svc);
	json_decref(loc);
	json_decref(org);
}

/* The message for a lower-case country says how to write it. */
static void test_messages(void **state)
{
	struct dir_error err;
	json_t *doc = parse(ADDR("'country': 'ro'"));

	(void)state;
	dir_error_init(&err);
	assert_int_equal(val_check(LOC, doc, &err), -1);
	assert_non_null(strstr(err.message, "upper case"));
	assert_non_null(strstr(err.message, "\"RO\""));
	dir_error_clear(&err);
	json_decref(doc);
	doc = parse("{'name': 's', 'translations': {'pt-BR': {'x': ''}}}");
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_string_equal(err.field, "/translations/pt-BR/x");
	dir_error_clear(&err);
	json_decref(doc);
}

/* ---- limits ---- */

static json_t *nested_arrays(size_t depth)
{
	json_t *v = json_integer(1);

	for (size_t i = 0; i < depth; i++) {
		json_t *a = json_array();
		json_array_append_new(a, v);
		v = a;
	}
	return v;
}

static void test_depth(void **state)
{
	struct dir_error err;
	json_t *doc, *deep;

	(void)state;
	assert_int_equal(val_json_depth(NULL), 0);
	doc = parse("{'a': [1, {'b': {}}], 'c': 'd'}");
	assert_int_equal(val_json_depth(doc), 4);
	assert_int_equal(val_json_depth(json_object_get(doc, "c")), 0);
	json_decref(doc);
	deep = nested_arrays(5000);
	assert_true(val_json_depth(deep) > DIR_MAX_JSON_DEPTH);
	json_decref(deep);

	/* 1 (the object) + 32 arrays = 33 levels: refused as a whole */
	doc = parse("{'name': 's'}");
	json_object_set_new(doc, "x", nested_arrays(DIR_MAX_JSON_DEPTH));
	dir_error_init(&err);
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_string_equal(err.code, "invalid_json");
	assert_int_equal(dir_error_status(err.code), 400);
	dir_error_clear(&err);
	/* 32 levels is allowed; x is then just unknown */
	json_object_set_new(doc, "x", nested_arrays(DIR_MAX_JSON_DEPTH - 1));
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_string_equal(err.code, "unknown_field");
	dir_error_clear(&err);
	json_decref(doc);
}

static void test_sizes(void **state)
{
	struct dir_error err;
	char *big = malloc(VAL_MAX_STRING_BYTES + 2);
	json_t *doc = parse("{'name': 's'}");
	json_t *langs = json_array();

	(void)state;
	assert_non_null(big);
	memset(big, 'a', VAL_MAX_STRING_BYTES + 1);
	big[VAL_MAX_STRING_BYTES] = '\0';
	json_object_set_new(doc, "description", json_string(big));
	assert_int_equal(val_check(SVC, doc, NULL), 0);
	big[VAL_MAX_STRING_BYTES] = 'a';
	big[VAL_MAX_STRING_BYTES + 1] = '\0';
	json_object_set_new(doc, "description", json_string(big));
	dir_error_init(&err);
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_non_null(find_detail(&err, "invalid_value", "/description"));
	dir_error_clear(&err);
	json_object_del(doc, "description");
	for (int i = 0; i <= VAL_MAX_ARRAY_ITEMS; i++)
		json_array_append_new(langs, json_pack("{s:s}", "code", "ro"));
	json_object_set_new(doc, "languages", langs);
	assert_int_equal(val_check(SVC, doc, &err), -1);
	assert_non_null(find_detail(&err, "invalid_value", "/languages"));
	dir_error_clear(&err);
	json_array_remove(langs, 0);
	assert_int_equal(val_check(SVC, doc, NULL), 0);
	free(big);
	json_decref(doc);
}

/* ---- predicates ---- */

struct pred_case {
	const char *s;
	int want;
};

static void run_pred(const char *what, int (*pred)(const char *), const struct pred_case *cases,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pred(cases[i].s) != cases[i].want)
			fail_msg("%s(\"%s\") should be %d", what, cases[i].s ? cases[i].s : "NULL",
				 cases[i].want);
}

#define RUN(pred, cases) run_pred(#pred, pred, cases, NELEM(cases))

static const struct pred_case uuid_cases[] = {
	{ "3a19ff88-4620-4d17-9830-ac1d859eb5d5", 1 },
	{ "3A19FF88-4620-4D17-9830-AC1D859EB5D5", 1 },
	{ "00000000-0000-0000-0000-000000000000", 1 },
	{ "3a19ff88-4620-4d17-9830-ac1d859eb5d", 0 },
	{ "3a19ff88-4620-4d17-9830-ac1d859eb5d5a", 0 },
	{ "{3a19ff88-4620-4d17-9830-ac1d859eb5d5}", 0 },
	{ "3a19ff8-84620-4d17-9830-ac1d859eb5d5", 0 },
	{ "3a19ff88-4620-4d17-9830-ac1d859eb5g5", 0 },
	{ "3a19ff8846204d179830ac1d859eb5d5", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

static const struct pred_case bcp47_cases[] = {
	{ "pt-BR", 1 },
	{ "zh-Hant-TW", 1 },
	{ "pcm", 1 },
	{ "th", 1 },
	{ "sr-Latn", 1 },
	{ "es-419", 1 },
	{ "ro", 1 },
	{ "EN-us", 1 },
	{ "de-CH-1996", 1 },
	{ "sl-rozaj-biske", 1 },
	{ "zh-min-nan", 1 },
	{ "i-klingon", 1 },
	{ "en-GB-oed", 1 },
	{ "x-whatever", 1 },
	{ "en-US-x-twain", 1 },
	{ "de-DE-u-co-phonebk", 1 },
	{ "en-a-bbb-x-a-ccc", 1 },
	{ "sgn-BE-FR", 1 },
	{ "art-lojban", 1 },
	{ "ro_RO", 0 },
	{ "", 0 },
	{ "english", 0 },
	{ "e", 0 },
	{ "en-", 0 },
	{ "-en", 0 },
	{ "en--US", 0 },
	{ "x", 0 },
	{ "en-x", 0 },
	{ "a-DE", 0 },
	{ "en-a", 0 },
	{ "en-a-x-y", 0 },
	{ "de-419-DE", 0 },
	{ "toolongsubtag", 0 },
	{ "1234", 0 },
	{ "en US", 0 },
	{ "Latn", 0 },
	{ "pt-BR ", 0 },
	{ "ro-RO-", 0 },
	{ "en-abcdefghi", 0 },
	{ NULL, 0 },
	{ "aa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aa", 0 },
};

static const struct pred_case country_cases[] = {
	{ "CH", 1 }, { "RO", 1 },  { "GB", 1 }, { "XK", 1 }, { "ZW", 1 },
	{ "AD", 1 }, { "ch", 0 },  { "Ch", 0 }, { "UK", 0 }, { "ZZ", 0 },
	{ "C", 0 },  { "CHE", 0 }, { "", 0 },   { "C1", 0 }, { NULL, 0 },
};

static const struct pred_case date_cases[] = {
	{ "2024-02-29", 1 }, { "2000-02-29", 1 }, { "2005-01-01", 1 }, { "2024-12-31", 1 },
	{ "2023-02-29", 0 }, { "1900-02-29", 0 }, { "2024-04-31", 0 }, { "2024-13-01", 0 },
	{ "2024-00-10", 0 }, { "2024-01-00", 0 }, { "2024-4-1", 0 },   { "2024-01-01T00:00", 0 },
	{ "24-01-01", 0 },   { "", 0 },           { NULL, 0 },
};

static const struct pred_case time_cases[] = {
	{ "09:00", 1 },          { "23:59", 1 },    { "00:00", 1 },
	{ "10:00:00", 1 },       { "09:00Z", 1 },   { "09:00-05:00", 1 },
	{ "18:30:15+01:00", 1 }, { "24:00", 0 },    { "9:00", 0 },
	{ "09:60", 0 },          { "09:00:60", 0 }, { "09:00+1", 0 },
	{ "09:00 ", 0 },         { "0900", 0 },     { "09", 0 },
	{ "09:00:00.5", 0 },     { "", 0 },         { NULL, 0 },
};

static const struct pred_case datetime_cases[] = {
	{ "2023-03-15T10:30:45.123Z", 1 },
	{ "2023-03-15t10:30:45+01:00", 1 },
	{ "2016-12-31T23:59:60Z", 1 },
	{ "2023-03-15T10:30:45-00:00", 1 },
	{ "2023-03-15T10:30Z", 0 },
	{ "2023-03-15 10:30:45Z", 0 },
	{ "2023-03-15T10:30:45", 0 },
	{ "2023-03-15T10:30:45.Z", 0 },
	{ "2023-02-30T10:30:45Z", 0 },
	{ "2023-03-15", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

static const struct pred_case tz_bad_cases[] = {
	{ "Mars/Olympus_Mons", 0 },
	{ "../../etc/passwd", 0 },
	{ "/etc/passwd", 0 },
	{ "Europe//Zurich", 0 },
	{ "Europe/Zurich/", 0 },
	{ "Europe/../Europe/Zurich", 0 },
	{ "zone.tab", 0 },
	{ "posix/Europe/Zurich", 0 },
	{ "right/Europe/Zurich", 0 },
	{ "Europe/Zürich", 0 },
	{ "Europe", 0 },
	{ "", 0 },
	{ NULL, 0 },
	{ "Europe/Zurich\n", 0 },
};

static const struct pred_case tz_good_cases[] = {
	{ "Europe/Zurich", 1 }, { "Europe/Bucharest", 1 },
	{ "UTC", 1 },           { "America/Argentina/Buenos_Aires", 1 },
	{ "Etc/GMT+1", 1 },     { "America/Sao_Paulo", 1 },
};

static void test_predicates(void **state)
{
	FILE *f;

	(void)state;
	RUN(val_is_uuid, uuid_cases);
	RUN(val_is_bcp47, bcp47_cases);
	RUN(val_is_country, country_cases);
	RUN(val_is_date, date_cases);
	RUN(val_is_time, time_cases);
	RUN(val_is_datetime, datetime_cases);
	RUN(val_is_timezone, tz_bad_cases);
	f = fopen("/usr/share/zoneinfo/Europe/Zurich", "rb");
	if (f == NULL) {
		print_message("skipping valid time zone names: "
			      "/usr/share/zoneinfo is absent (install tzdata)\n");
		return;
	}
	fclose(f);
	RUN(val_is_timezone, tz_good_cases);
}

/* ---- the HSDS 3.0 examples ---- */

struct example {
	const char *file;
	enum dir_kind kind;
	const char *bad[3]; /* the placeholder latitude 100, where it is */
};

static const struct example examples[] = {
	{ "service_full.json",
	  SVC,
	  { "/service_at_locations/0/location/latitude", "/organization/locations/0/latitude",
	    NULL } },
	{ "organization_full.json",
	  ORG,
	  { "/locations/0/latitude", "/services/0/service_at_locations/0/location/latitude",
	    NULL } },
	{ "location.json", LOC, { "/latitude", NULL, NULL } },
};

static json_t *load_example(const char *file)
{
	const char *dir = getenv("DIRECTORYD_DATA_DIR");
	char path[4096];
	json_error_t jerr;
	json_t *doc;

	if (dir == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/../shared/data/hsds-3.0/examples/%s", dir, file);
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		print_message("skipping %s: cannot read %s (%s); the HSDS 3.0 "
			      "examples live in ../shared/data\n",
			      file, path, jerr.text);
	return doc;
}

/* Replaces the placeholder latitude 100 at ptr ("/a/0/b") with 47.37. */
static void fix_latitude(json_t *doc, const char *ptr)
{
	json_t *v = doc, *parent = NULL;
	char tok[64];

	for (const char *p = ptr; *p == '/';) {
		const char *end = strchr(p + 1, '/');
		size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
		snprintf(tok, sizeof(tok), "%.*s", (int)n, p + 1);
		parent = v;
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10))
				     : json_object_get(v, tok);
		if (v == NULL)
			fail_msg("no %s in the example", ptr);
		p += n + 1;
	}
	assert_true(json_is_object(parent) && json_is_number(v));
	json_object_set_new(parent, tok, json_real(47.37));
}

static void check_example(const struct example *ex, json_t *doc)
{
	struct dir_error err;
	size_t nbad = 0;

	dir_error_init(&err);
	assert_int_equal(val_check(ex->kind, doc, &err), -1);
	for (; nbad < NELEM(ex->bad) && ex->bad[nbad] != NULL; nbad++)
		if (find_detail(&err, "invalid_value", ex->bad[nbad]) == NULL) {
			print_details(ex->file, &err);
			fail_msg("%s: no invalid_value at %s", ex->file, ex->bad[nbad]);
		}
	if (json_array_size(err.details) != nbad) {
		print_details(ex->file, &err);
		fail_msg("%s: more than the placeholder latitudes refused", ex->file);
	}
	dir_error_clear(&err);
	for (size_t i = 0; i < nbad; i++)
		fix_latitude(doc, ex->bad[i]);
	if (val_check(ex->kind, doc, &err) != 0) {
		print_details(ex->file, &err);
		fail_msg("%s refused once its latitudes were fixed", ex->file);
	}
	dir_error_clear(&err);
}

static void test_hsds_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(examples); i++) {
		json_t *doc = load_example(examples[i].file);
		if (doc == NULL)
			skip();
		check_example(&examples[i], doc);
		json_decref(doc);
	}
}

/* A temporary closure: closed_until a date, with its status, not past. */
static void test_closure(void **state)
{
	static const struct {
		const char *doc;
		int valid; /* by val_check and val_check_closure on 2026-12-07 */
	} cases[] = {
		{ "{'name': 's', 'status': 'temporarily closed', 'closed_until': '2026-12-31'}",
		  1 },
		{ "{'name': 's', 'status': 'temporarily closed', 'closed_until': '2026-12-07'}",
		  1 },
		{ "{'name': 's', 'status': 'temporarily closed', 'alert': 'Back in January'}", 1 },
		{ "{'name': 's', 'status': 'active'}", 1 },
		{ "{'name': 's', 'status': 'temporarily closed', 'closed_until': '2026-12-06'}",
		  0 },
		{ "{'name': 's', 'status': 'active', 'closed_until': '2027-01-10'}", 0 },
		{ "{'name': 's', 'closed_until': '2027-01-10'}", 0 },
		{ "{'name': 's', 'status': 'temporarily closed', 'closed_until': '10.01.2027'}",
		  0 },
		{ "{'name': 's', 'status': 'temporarily closed', 'closed_until': '2027-02-30'}",
		  0 },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct dir_error err;
		json_t *doc = parse(cases[i].doc);
		int rc;

		dir_error_init(&err);
		rc = val_check(SVC, doc, &err);
		if (rc == 0)
			rc = val_check_closure(doc, "2026-12-07", &err);
		if ((rc == 0) != cases[i].valid) {
			print_details(cases[i].doc, &err);
			fail_msg("case %zu %s: %s", i, cases[i].doc,
				 cases[i].valid ? "refused" : "accepted");
		}
		if (!cases[i].valid)
			assert_non_null(find_detail(&err, "invalid_value", "/closed_until"));
		dir_error_clear(&err);
		json_decref(doc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),      cmocka_unit_test(test_refused),
		cmocka_unit_test(test_collects_all),  cmocka_unit_test(test_violations_capped),
		cmocka_unit_test(test_e164),          cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_messages),      cmocka_unit_test(test_depth),
		cmocka_unit_test(test_sizes),         cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_hsds_examples), cmocka_unit_test(test_closure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
