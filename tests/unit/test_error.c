/* test_error.c - the error record, its JSON form and JSON Pointer joining. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "error.h"

static void test_first_violation_fills_top_level(void **state)
{
	struct dir_error err;
	json_t *body, *inner;

	(void)state;
	dir_error_init(&err);
	assert_false(dir_error_isset(&err));
	json_t *d = dir_error_add(&err, "unknown_field", "/foo", "field %s is not HSDS", "foo");
	assert_non_null(d);
	dir_error_add(&err, "wrong_type", "/name", "name must be a string");
	assert_true(dir_error_isset(&err));
	assert_string_equal(err.code, "unknown_field");
	assert_string_equal(err.field, "/foo");
	body = dir_error_to_json(&err);
	inner = json_object_get(body, "error");
	assert_string_equal(json_string_value(json_object_get(inner, "code")), "unknown_field");
	assert_int_equal(json_array_size(json_object_get(inner, "details")), 2);
	json_decref(body);
	dir_error_clear(&err);
	assert_false(dir_error_isset(&err));
}

static void test_status_table(void **state)
{
	(void)state;
	assert_int_equal(dir_error_status("unknown_field"), 400);
	assert_int_equal(dir_error_status("eligibility_condition"), 422);
	assert_int_equal(dir_error_status("body_too_large"), 413);
	assert_int_equal(dir_error_status("forbidden"), 403);
	assert_int_equal(dir_error_status("not_found"), 404);
	assert_int_equal(dir_error_status("no_such_code"), 500);
}

static void test_pointer_escaping(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(dir_ptr_join(buf, sizeof(buf), "", "translations", 0), 0);
	assert_string_equal(buf, "/translations");
	assert_int_equal(dir_ptr_join(buf, sizeof(buf), "/a", "m~n/o", 0), 0);
	assert_string_equal(buf, "/a/m~0n~1o");
	assert_int_equal(dir_ptr_join(buf, sizeof(buf), "/phones", NULL, 3), 0);
	assert_string_equal(buf, "/phones/3");
	assert_int_equal(dir_ptr_join(buf, 6, "/abcd", "efgh", 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_violation_fills_top_level),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_pointer_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
