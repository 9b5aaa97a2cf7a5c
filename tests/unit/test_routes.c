/*
 * test_routes.c - the route table names, for every endpoint, the roles it
 * admits: no route may lack an entry, no write is public (except signing
 * in and using an invitation, which are how credentials are made, the
 * signed federation notify, and a searcher's problem report, which is
 * anonymous by design), and coordinators edit no listing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "guard.h"
#include "manage.h"
#include "principal.h"
#include "routes.h"

/* Writes that need no role: how credentials are made, the signed notify,
 * and the problem report people who search send (it keeps no sender). */
static const char *const public_writes[] = { "/auth/login",
					     "/auth/invite",
					     "/federation/v1/notify",
					     "/search/:id/report",
					     "/manage/login",
					     "/manage/invite",
					     NULL };

static int is_public_write(const char *pattern)
{
	for (const char *const *p = public_writes; *p != NULL; p++)
		if (strcmp(*p, pattern) == 0)
			return 1;
	return 0;
}

/* A guard that checks roles must have some, and a public route no guard but the peer's. */
static void check_guard(const struct http_route *r)
{
	int role_guard = r->guard == guard_role || r->guard == guard_write ||
			 r->guard == manage_guard || r->guard == manage_guard_write;
	int mirror_check = r->guard == guard_write || r->guard == manage_guard_write;

	if (role_guard && (r->roles & AUTH_PUBLIC))
		fail_msg("%s %s checks roles but is marked public", r->method, r->pattern);
	if (!role_guard && r->roles != AUTH_PUBLIC)
		fail_msg("%s %s names roles no guard checks", r->method, r->pattern);
	/* a mirror's reviewers decide what it holds from peers (docs/federation.md) */
	if (strcmp(r->method, "GET") != 0 && r->guard != NULL && r->roles != AUTH_PUBLIC &&
	    !mirror_check && strncmp(r->pattern, "/auth/", 6) != 0 &&
	    strncmp(r->pattern, "/admin/eligibility_review/", 26) != 0 &&
	    strncmp(r->pattern, "/manage/review/", 15) != 0 &&
	    strcmp(r->pattern, "/manage/logout") != 0)
		fail_msg("%s %s writes without the mirror check", r->method, r->pattern);
}

static void test_every_route_has_roles(void **state)
{
	const char *method, *pattern;
	unsigned int roles;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < routes_count; i++, n++) {
		method = routes_table[i].method;
		pattern = routes_table[i].pattern;
		roles = routes_table[i].roles;
		check_guard(&routes_table[i]);
		if (roles == 0)
			fail_msg("%s %s has no entry in the role table", method, pattern);
		if ((roles & AUTH_PUBLIC) && (roles & ~AUTH_PUBLIC))
			fail_msg("%s %s is both public and role-bound", method, pattern);
		if (strcmp(method, "GET") != 0 && roles == AUTH_PUBLIC && !is_public_write(pattern))
			fail_msg("%s %s is a public write", method, pattern);
		if (strncmp(pattern, "/admin/", 7) == 0 || strncmp(pattern, "/audit", 6) == 0)
			if (roles & AUTH_REGISTRAR)
				fail_msg("%s %s admits registrars", method, pattern);
	}
	assert_true(n > 30);
}

/* The record writes: editors only, never a coordinator. */
static void test_listing_writes(void **state)
{
	static const char *const records[] = { "/organizations", "/services", "/locations" };
	int seen = 0;

	(void)state;
	for (size_t i = 0; i < routes_count; i++) {
		const char *method = routes_table[i].method, *pattern = routes_table[i].pattern;
		unsigned int roles = routes_table[i].roles;

		if (strcmp(method, "GET") == 0)
			continue;
		for (size_t k = 0; k < 3; k++) {
			if (strncmp(pattern, records[k], strlen(records[k])) != 0)
				continue;
			assert_int_equal(roles, AUTH_REGISTRAR | AUTH_ORG_ADMIN | AUTH_NODE_ADMIN);
			seen++;
		}
	}
	assert_int_equal(seen, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_roles),
		cmocka_unit_test(test_listing_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
