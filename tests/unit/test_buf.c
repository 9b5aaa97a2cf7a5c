/* test_buf.c - the capped growing buffer (directoryd/core/buf.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void test_text_grows_and_stays_a_string(void **state)
{
	struct buf b;
	size_t len;
	char *s;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_null(b.data);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_adds(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[3000], '\0');
	assert_int_equal(strncmp(b.data + 2997, "abc", 4), 0);
	s = buf_take(&b, &len);
	assert_int_equal(len, 3000);
	assert_int_equal(strlen(s), 3000);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 1 << 20);
	free(s);
}

static void test_cap_is_exact_and_refusal_changes_nothing(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_add(&b, "0123456789", 10), 0); /* exactly max */
	assert_true(b.cap <= 11);                           /* never allocated past max + NUL */
	errno = 0;
	assert_int_equal(buf_add(&b, "x", 1), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_add(&b, "abc", 3), 0);
	errno = 0;
	assert_int_equal(buf_add(&b, "0123456789", 10), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_string_equal(b.data, "abc");
	buf_free(&b);
	assert_null(b.data);
}

static void test_size_overflow_is_refused(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_add(&b, "ab", 2), 0);
	errno = 0;
	assert_int_equal(buf_add(&b, "ab", SIZE_MAX - 1), -1); /* len + n overflows */
	assert_int_equal(errno, EMSGSIZE);
	assert_string_equal(b.data, "ab");
	buf_free(&b);
}

static void test_empty_add_and_take(void **state)
{
	struct buf b;
	size_t len = 99;

	(void)state;
	buf_init(&b, 4);
	assert_null(buf_take(&b, &len));
	assert_int_equal(len, 0);
	assert_int_equal(buf_add(&b, NULL, 0), 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_free(&b);
	buf_free(&b); /* safe twice */
}

static void test_array_of_elements(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100 * sizeof(size_t));
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(buf_add(&b, &i, sizeof(i)), 0);
	assert_int_equal(buf_add(&b, &b.len, sizeof(size_t)), -1);
	assert_int_equal(b.len / sizeof(size_t), 100);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(((const size_t *)(const void *)b.data)[i], i);
	buf_free(&b);
}

static void test_wiped_buffer_moves_its_bytes(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init_wiped(&b, 1 << 16);
	assert_int_equal(b.wipe, 1);
	for (int i = 0; i < 500; i++) /* grows by copy several times */
		assert_int_equal(buf_adds(&b, "secret-"), 0);
	assert_int_equal(b.len, 3500);
	assert_int_equal(strncmp(b.data, "secret-secret-", 14), 0);
	assert_int_equal(strncmp(b.data + 3493, "secret-", 8), 0);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_adds(&b, "again"), 0);
	s = buf_take(&b, NULL);
	assert_string_equal(s, "again");
	free(s);
	assert_int_equal(b.wipe, 1); /* still a buffer of secrets */
	assert_int_equal(b.max, 1 << 16);
	errno = 0;
	assert_int_equal(buf_add(&b, NULL, (1 << 16) + 1), -1);
	assert_int_equal(errno, EMSGSIZE);
	buf_free(&b);
	assert_int_equal(b.wipe, 1);
	buf_init(&b, 1);
	assert_int_equal(b.wipe, 0);
}

struct pair {
	int a;
	long b;
};

static void test_slots_of_a_typed_array(void **state)
{
	struct buf b;
	struct pair *items = NULL;
	size_t n = 0;

	(void)state;
	buf_init(&b, 100 * sizeof(struct pair));
	for (int i = 0; i < 100; i++) {
		assert_int_equal(buf_slot(&b, &items, n, sizeof(*items)), 0);
		assert_int_equal(items[n].a, 0); /* new elements are zeroed */
		assert_int_equal(items[n].b, 0);
		items[n].a = i;
		items[n++].b = -i;
	}
	assert_ptr_equal(items, b.data);
	assert_int_equal(b.len, 100 * sizeof(struct pair));
	assert_int_equal(buf_slot(&b, &items, 42, sizeof(*items)), 0); /* an existing one */
	assert_int_equal(items[42].a, 42);
	errno = 0;
	assert_int_equal(buf_slot(&b, &items, n, sizeof(*items)), -1); /* the 101st */
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(items[99].b, -99);
	errno = 0;
	assert_int_equal(buf_slot(&b, &items, SIZE_MAX, sizeof(*items)), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(buf_add(&b, NULL, 0), 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_grows_and_stays_a_string),
		cmocka_unit_test(test_cap_is_exact_and_refusal_changes_nothing),
		cmocka_unit_test(test_size_overflow_is_refused),
		cmocka_unit_test(test_empty_add_and_take),
		cmocka_unit_test(test_array_of_elements),
		cmocka_unit_test(test_wiped_buffer_moves_its_bytes),
		cmocka_unit_test(test_slots_of_a_typed_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
