/*
 * test_jcs.c - RFC 8785 canonical JSON: the RFC's example (strings and
 * literals), member order by UTF-16 code units, nesting, the integer limits
 * and the refusal of reals with the JSON Pointer of the first one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"

/* Parse text as a record would be parsed and serialise it. */
static char *canon(const char *text, struct dir_error *err)
{
	json_error_t jerr;
	json_t *v =
		json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	char *out;

	assert_non_null(v);
	out = jcs_serialise(v, NULL, err);
	json_decref(v);
	return out;
}

static void assert_canon(const char *text, const char *want)
{
	struct dir_error err;
	char *out;

	dir_error_init(&err);
	out = canon(text, &err);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_false(dir_error_isset(&err));
	free(out);
}

static void assert_refused(const char *text, const char *code, const char *field)
{
	struct dir_error err;

	dir_error_init(&err);
	assert_null(canon(text, &err));
	assert_string_equal(err.code, code);
	if (field != NULL)
		assert_string_equal(err.field, field);
	dir_error_clear(&err);
}

/* RFC 8785 section 3.2.4's example without its numbers (records have none). */
static void test_rfc8785_strings_and_literals(void **state)
{
	(void)state;
	assert_canon("{\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
		     "\"literals\":[null,true,false]}",
		     "{\"literals\":[null,true,false],"
		     "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

/* RFC 8785 section 3.2.3: members sorted by UTF-16 code units. */
static void test_rfc8785_sorting(void **state)
{
	(void)state;
	assert_canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
		     "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
		     "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
		     "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
		     "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
		     "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
		     "\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
		     "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

/* U+E000 is after U+1F600 in UTF-16 (D83D...) but before it in UTF-8 bytes. */
static void test_utf16_order_differs_from_bytes(void **state)
{
	(void)state;
	assert_canon("{\"\\ue000\":1,\"\\ud83d\\ude00\":2,\"\\ud7ff\":3}",
		     "{\"\xed\x9f\xbf\":3,\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}");
	/* A prefix sorts first; bytes order only decides among ASCII. */
	assert_canon("{\"ab\":1,\"a\":2,\"B\":3,\"\":4}", "{\"\":4,\"B\":3,\"a\":2,\"ab\":1}");
}

static void test_nested_and_empty(void **state)
{
	(void)state;
	assert_canon("{ \"b\" : [ ] , \"a\" : { } , \"c\" : [ { \"z\" : 1 , \"y\" : [ [ ] ] } ] }",
		     "{\"a\":{},\"b\":[],\"c\":[{\"y\":[[]],\"z\":1}]}");
	assert_canon("[]", "[]");
	assert_canon("{}", "{}");
	assert_canon("\"\"", "\"\"");
	assert_canon("null", "null");
}

static void test_string_escapes(void **state)
{
	(void)state;
	assert_canon("\"\\u0000\\b\\t\\n\\f\\r\\u001f\\u007f \\/ \\u00e9\"",
		     "\"\\u0000\\b\\t\\n\\f\\r\\u001f\x7f / \xc3\xa9\"");
}

static void test_integers(void **state)
{
	(void)state;
	assert_canon("[0,-1,42,-0]", "[0,-1,42,0]");
	assert_canon("[9007199254740992,-9007199254740992]",
		     "[9007199254740992,-9007199254740992]");
	assert_refused("[9007199254740993]", "invalid_value", "/0");
	assert_refused("{\"v\":-9007199254740993}", "invalid_value", "/v");
}

static void test_real_refused_with_pointer(void **state)
{
	(void)state;
	assert_refused("{\"a\":[1,{\"b~/\":2.5}]}", "float_not_allowed", "/a/1/b~0~1");
	assert_refused("1.0", "float_not_allowed", "");
	assert_refused("[1E30]", "float_not_allowed", "/0");
	/* The first real in canonical order is named. */
	assert_refused("{\"z\":0.5,\"m\":{\"k\":[0,0,1e-3]}}", "float_not_allowed", "/m/k/2");
}

static void test_depth_limit(void **state)
{
	char text[2 * (JCS_MAX_DEPTH + 1) + 1];
	struct dir_error err;
	json_t *v;
	char *out;

	(void)state;
	for (int depth = JCS_MAX_DEPTH; depth <= JCS_MAX_DEPTH + 1; depth++) {
		memset(text, '[', (size_t)depth);
		memset(text + depth, ']', (size_t)depth);
		text[2 * depth] = '\0';
		v = json_loads(text, 0, NULL);
		assert_non_null(v);
		dir_error_init(&err);
		out = jcs_serialise(v, NULL, &err);
		if (depth == JCS_MAX_DEPTH) {
			assert_string_equal(out, text);
		} else {
			assert_null(out);
			assert_string_equal(err.code, "invalid_value");
		}
		free(out);
		dir_error_clear(&err);
		json_decref(v);
	}
}

static void test_invalid_utf8_refused(void **state)
{
	struct dir_error err;
	json_t *v = json_stringn_nocheck("a\xc0\xaf", 3);
	json_t *o = json_object();
	size_t len = 99;

	(void)state;
	dir_error_init(&err);
	assert_null(jcs_serialise(v, &len, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
	json_object_set_new_nocheck(o, "\xed\xa0\x80", json_true()); /* a surrogate */
	assert_null(jcs_serialise(o, NULL, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
	json_decref(v);
	json_decref(o);
}

static void test_length_and_nul(void **state)
{
	json_t *v = json_stringn("a\0b", 3);
	size_t len = 0;
	char *out;

	(void)state;
	out = jcs_serialise(v, &len, NULL);
	assert_int_equal(len, 10);
	assert_memory_equal(out, "\"a\\u0000b\"", 10);
	free(out);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8785_strings_and_literals),
		cmocka_unit_test(test_rfc8785_sorting),
		cmocka_unit_test(test_utf16_order_differs_from_bytes),
		cmocka_unit_test(test_nested_and_empty),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_real_refused_with_pointer),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_invalid_utf8_refused),
		cmocka_unit_test(test_length_and_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
