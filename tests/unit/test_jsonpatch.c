/*
 * test_jsonpatch.c - RFC 6902 JSON Patch: the RFC's own examples apply as
 * its Appendix A says; every pair of documents round-trips through the
 * patch and inverse PostgreSQL makes (dir_jp_diff, dir_jp_inverse) applied
 * here; and a later change makes the inverse fail instead of being
 * overwritten.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "db.h"
#include "jsonpatch.h"
#include "testdb.h"

static PGconn *conn;

static json_t *parse(const char *text)
{
	json_t *v;

	if (strcmp(text, "null") == 0)
		return NULL;
	v = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	return v;
}

static void assert_same(json_t *a, json_t *b)
{
	if (a == NULL || b == NULL) {
		assert_true(a == b || json_is_null(a) || json_is_null(b));
		return;
	}
	if (!json_equal(a, b)) {
		char *ta = json_dumps(a, JSON_ENCODE_ANY), *tb = json_dumps(b, JSON_ENCODE_ANY);
		fail_msg("%s != %s", ta, tb);
	}
}

/* Pairs of (before, after): creation, deletion, nested changes, escapes. */
static const char *const pairs[][2] = {
	{ "null", "{\"id\":\"x\",\"name\":\"A\"}" },
	{ "{\"id\":\"x\",\"name\":\"A\"}", "null" },
	{ "{\"name\":\"A\",\"email\":\"a@b\"}", "{\"name\":\"B\"}" },
	{ "{\"name\":\"A\"}", "{\"name\":\"A\",\"phones\":[{\"number\":\"1\"}]}" },
	{ "{\"phones\":[{\"number\":\"1\"},{\"number\":\"2\"}]}",
	  "{\"phones\":[{\"number\":\"1\"},{\"number\":\"3\",\"ext\":\"9\"}]}" },
	{ "{\"phones\":[1,2,3]}", "{\"phones\":[1]}" },
	{ "{\"a/b\":{\"c~d\":1}}", "{\"a/b\":{\"c~d\":2,\"e\":[]}}" },
	{ "{\"x\":1}", "{\"x\":\"1\"}" },
	{ "{\"x\":{\"y\":1}}", "{\"x\":[1]}" },
	{ "{}", "{}" },
};

/* The patch (which 0) or inverse (1) PostgreSQL makes from before to after. */
static json_t *sql_patch(const char *before, const char *after, int which)
{
	const char *params[2] = { before, after };
	struct dir_error err;
	PGresult *res;
	json_t *patch;

	dir_error_init(&err);
	res = db_exec(conn,
		      "SELECT dir_jp_diff($1::jsonb, $2::jsonb)::text,"
		      " dir_jp_inverse($1::jsonb, $2::jsonb)::text",
		      2, params, &err);
	if (res == NULL)
		fail_msg("%s", err.message);
	patch = json_loads(PQgetvalue(res, 0, which), 0, NULL);
	PQclear(res);
	assert_non_null(patch);
	return patch;
}

static void test_round_trip(void **state)
{
	if (conn == NULL)
		skip();
	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		json_t *before = parse(pairs[i][0]), *after = parse(pairs[i][1]);
		json_t *patch = sql_patch(pairs[i][0], pairs[i][1], 0);
		json_t *inverse = sql_patch(pairs[i][0], pairs[i][1], 1);
		json_t *doc = before != NULL ? json_deep_copy(before) : NULL;
		char failed[256];

		assert_int_equal(jpatch_apply(&doc, patch, 0, failed, sizeof(failed)), 0);
		assert_same(doc, after);
		assert_int_equal(jpatch_apply(&doc, inverse, 1, failed, sizeof(failed)), 0);
		assert_same(doc, before);
		if (before != NULL && after != NULL && json_equal(before, after))
			assert_int_equal(json_array_size(patch), 0);
		json_decref(doc);
		json_decref(patch);
		json_decref(inverse);
		json_decref(before);
		json_decref(after);
	}
}

/* A value changed after the change being undone: the inverse's test fails. */
static void test_inverse_refuses_later_change(void **state)
{
	json_t *before = parse("{\"name\":\"A\",\"email\":\"a@x\"}");
	json_t *after = parse("{\"name\":\"B\",\"email\":\"a@x\"}");
	json_t *later = parse("{\"name\":\"C\",\"email\":\"a@x\"}");
	json_t *inverse;
	char failed[256];

	if (conn == NULL)
		skip();
	(void)state;
	inverse = sql_patch("{\"name\":\"A\",\"email\":\"a@x\"}",
			    "{\"name\":\"B\",\"email\":\"a@x\"}", 1);
	assert_int_equal(jpatch_apply(&later, inverse, 1, failed, sizeof(failed)), -1);
	assert_string_equal(failed, "/name");
	assert_string_equal(json_string_value(json_object_get(later, "name")), "C");
	json_decref(inverse);
	json_decref(before);
	json_decref(after);
	json_decref(later);
}

/* Undoing a removal must not overwrite a member a later change added back. */
static void test_strict_add(void **state)
{
	json_t *before = parse("{\"email\":\"a@x\"}"), *after = parse("{}");
	json_t *later = parse("{\"email\":\"new@x\"}");
	json_t *inverse;
	char failed[256];

	if (conn == NULL)
		skip();
	(void)state;
	inverse = sql_patch("{\"email\":\"a@x\"}", "{}", 1);
	assert_int_equal(jpatch_apply(&later, inverse, 1, failed, sizeof(failed)), -1);
	assert_string_equal(failed, "/email");
	assert_int_equal(jpatch_apply(&later, inverse, 0, failed, sizeof(failed)), 0);
	assert_string_equal(json_string_value(json_object_get(later, "email")), "a@x");
	json_decref(inverse);
	json_decref(before);
	json_decref(after);
	json_decref(later);
}

/* RFC 6902 Appendix A: { document, patch, result or NULL for an error }. */
static const char *const rfc[][3] = {
	{ "{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]",
	  "{\"baz\":\"qux\",\"foo\":\"bar\"}" },
	{ "{\"foo\":[\"bar\",\"baz\"]}", "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]",
	  "{\"foo\":[\"bar\",\"qux\",\"baz\"]}" },
	{ "{\"baz\":\"qux\",\"foo\":\"bar\"}", "[{\"op\":\"remove\",\"path\":\"/baz\"}]",
	  "{\"foo\":\"bar\"}" },
	{ "{\"foo\":[\"bar\",\"qux\",\"baz\"]}", "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]",
	  "{\"foo\":[\"bar\",\"baz\"]}" },
	{ "{\"baz\":\"qux\",\"foo\":\"bar\"}",
	  "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]",
	  "{\"baz\":\"boo\",\"foo\":\"bar\"}" },
	{ "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
	  "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},"
	  "{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]",
	  "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}" },
	{ "{\"baz\":\"qux\"}", "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]", NULL },
	{ "{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]", NULL },
	{ "{\"foo\":[\"bar\"]}", "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\"]}]",
	  "{\"foo\":[\"bar\",[\"abc\"]]}" },
	{ "{\"/\":9,\"~1\":10}", "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]",
	  "{\"/\":9,\"~1\":10}" },
	{ "{\"foo\":[1]}", "[{\"op\":\"remove\",\"path\":\"/foo/01\"}]", NULL },
	{ "{\"foo\":[1]}", "[{\"op\":\"move\",\"from\":\"/foo\",\"path\":\"/bar\"}]", NULL },
};

static void test_rfc_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		json_t *doc = parse(rfc[i][0]), *patch = parse(rfc[i][1]);
		json_t *orig = json_deep_copy(doc);
		char failed[256];
		int rc = jpatch_apply(&doc, patch, 0, failed, sizeof(failed));

		if (rfc[i][2] == NULL) {
			assert_int_equal(rc, -1);
			assert_same(doc, orig); /* unchanged on failure */
		} else {
			json_t *want = parse(rfc[i][2]);
			assert_int_equal(rc, 0);
			assert_same(doc, want);
			json_decref(want);
		}
		json_decref(doc);
		json_decref(orig);
		json_decref(patch);
	}
}

int main(void)
{
	int skipped = 0, rc;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_inverse_refuses_later_change),
		cmocka_unit_test(test_strict_add),
		cmocka_unit_test(test_rfc_examples),
	};

	conn = TESTDB_OPEN(dirtest_unit_jsonpatch, "test_jsonpatch", &skipped);
	if (conn == NULL && !skipped)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	PQfinish(conn);
	return rc;
}
