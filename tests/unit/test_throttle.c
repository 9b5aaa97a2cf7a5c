/*
 * test_throttle.c - sign-in throttling: free failures, doubling delays up
 * to the bound, forgetting, success, and a full table. Time is passed in,
 * so nothing here waits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "throttle.h"

static const struct throttle_limits limits = { 3, 2, 30, 600 };

static void fail_n(struct throttle *t, const char *key, int n, time_t now)
{
	for (int i = 0; i < n; i++)
		throttle_failure(t, key, strlen(key), now);
}

static void test_delays_grow_and_are_bounded(void **state)
{
	struct throttle *t = throttle_new(64, &limits);
	time_t now = 1000000;

	(void)state;
	assert_non_null(t);
	fail_n(t, "alice", 3, now);
	assert_int_equal(throttle_wait(t, "alice", 5, now), 0); /* 3 free failures */
	fail_n(t, "alice", 1, now);
	assert_int_equal(throttle_wait(t, "alice", 5, now), 2);
	assert_int_equal(throttle_wait(t, "alice", 5, now + 1), 1);
	assert_int_equal(throttle_wait(t, "alice", 5, now + 2), 0);
	fail_n(t, "alice", 1, now);
	assert_int_equal(throttle_wait(t, "alice", 5, now), 4);
	fail_n(t, "alice", 10, now);
	assert_int_equal(throttle_wait(t, "alice", 5, now), 30); /* the bound */
	/* another key is not affected */
	assert_int_equal(throttle_wait(t, "bob", 3, now), 0);
	throttle_free(t);
}

static void test_success_and_forgetting_clear(void **state)
{
	struct throttle *t = throttle_new(64, &limits);
	time_t now = 1000000;

	(void)state;
	fail_n(t, "carol", 5, now);
	assert_true(throttle_wait(t, "carol", 5, now) > 0);
	throttle_success(t, "carol", 5);
	assert_int_equal(throttle_wait(t, "carol", 5, now), 0);
	fail_n(t, "carol", 4, now); /* counts again from zero */
	assert_int_equal(throttle_wait(t, "carol", 5, now), 2);
	/* after forget_after without failures the count starts over */
	fail_n(t, "carol", 1, now + 601);
	assert_int_equal(throttle_wait(t, "carol", 5, now + 601), 0);
	throttle_free(t);
}

static void test_full_table_keeps_working(void **state)
{
	struct throttle *t = throttle_new(8, &limits);
	time_t now = 1000000;
	char key[32];

	(void)state;
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "user%d", i);
		fail_n(t, key, 5, now + i);
	}
	/* the newest keys are still throttled */
	assert_true(throttle_wait(t, key, strlen(key), now + 99) > 0);
	throttle_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delays_grow_and_are_bounded),
		cmocka_unit_test(test_success_and_forgetting_clear),
		cmocka_unit_test(test_full_table_keeps_working),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
