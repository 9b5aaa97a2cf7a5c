/*
 * test_search.c - the list queries against a real PostgreSQL: every filter,
 * the place rules for confidential and non-local services, open_now,
 * ranking and stable paging. Needs DIRECTORYD_TEST_DB (a libpq conninfo of
 * a server where it may create the database dir_test_search).
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
#include "search.h"
#include "store.h"
#include "testdb.h"

#define ORG_A "a0000000-0000-4000-8000-000000000001"
#define ORG_B "b0000000-0000-4000-8000-000000000002"

static PGconn *conn;

static void load_fixture(void);

static int group_setup(void **state)
{
	int skipped;

	(void)state;
	conn = TESTDB_OPEN(dir_test_search, "test_search", &skipped);
	if (conn == NULL)
		return skipped ? 0 : -1;
	load_fixture();
	return 0;
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

/* The fixture, written with ' for " to stay readable; kinds o, l, s. */
static const char *const fixture[] = {
	"o{'id': '" ORG_A "', 'name': 'Org A', 'description': 'Sex worker collective',"
	" 'sex_worker_led': true}",
	"o{'id': '" ORG_B "', 'name': 'Org B', 'description': 'Aid office'}",
	"l{'id': '10000000-0000-4000-8000-000000000001', 'organization_id': '" ORG_A "',"
	" 'name': 'Zurich office', 'latitude': 47.3769, 'longitude': 8.5417,"
	" 'timezone_name': 'Europe/Zurich', 'languages': [{'code': 'ro', 'name': 'Romanian'}],"
	" 'addresses': [{'address_1': 'Langstrasse 1', 'city': 'Z\\u00fcrich',"
	" 'state_province': 'ZH', 'postal_code': '8004', 'country': 'CH', 'address_type': "
	"'physical'}]}",
	"l{'id': '10000000-0000-4000-8000-000000000002', 'organization_id': '" ORG_B "',"
	" 'name': 'Bucharest office', 'latitude': 44.4268, 'longitude': 26.1025,"
	" 'timezone_name': 'Europe/Bucharest',"
	" 'addresses': [{'address_1': 'Strada 1', 'city': 'Bucure\\u0219ti',"
	" 'state_province': 'B', 'postal_code': '010011', 'country': 'RO', 'address_type': "
	"'physical'}]}",
	"l{'id': '10000000-0000-4000-8000-000000000003', 'organization_id': '" ORG_A "',"
	" 'name': 'Shelter one', 'confidential': true, 'latitude': 47.38, 'longitude': 8.53,"
	" 'public_point': {'latitude': 47.0, 'longitude': 8.0},"
	" 'addresses': [{'address_1': 'Hidden 1', 'city': 'Zurich', 'state_province': 'ZH',"
	" 'postal_code': '8001', 'country': 'ch', 'address_type': 'physical'}]}",
	"l{'id': '10000000-0000-4000-8000-000000000004', 'organization_id': '" ORG_B "',"
	" 'name': 'Shelter two', 'confidential': true, 'latitude': 46.2044, 'longitude': 6.1432,"
	" 'addresses': [{'address_1': 'Hidden 2', 'city': 'Gen\\u00e8ve', 'state_province': 'GE',"
	" 'postal_code': '1201', 'country': 'CH', 'address_type': 'physical'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000001', 'organization_id': '" ORG_A "',"
	" 'name': 'Zurich STI testing', 'description': 'Free tests, no ID needed',"
	" 'languages': [{'code': 'ro'}],"
	" 'attributes': [{'taxonomy_term': {'code': 'sti_hiv_testing'}},"
	" {'taxonomy_term': {'code': 'free'}}, {'taxonomy_term': {'code': 'no_id_required'}}],"
	" 'schedules': [{'opens_at': '00:00', 'closes_at': '00:00'}],"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000001'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000002', 'organization_id': '" ORG_B "',"
	" 'name': 'Bucharest drop-in', 'languages': [{'code': 'pt-BR'}],"
	" 'attributes': [{'taxonomy_term': {'code': 'drop_in_space'}}],"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000002',"
	" 'attributes': [{'taxonomy_term': {'code': 'free'}}]}]}",
	"s{'id': '20000000-0000-4000-8000-000000000003', 'organization_id': '" ORG_B "',"
	" 'name': 'Online peer chat', 'languages': [{'code': 'rom'}],"
	" 'attributes': [{'taxonomy_term': {'code': 'online'}}]}",
	"s{'id': '20000000-0000-4000-8000-000000000004', 'organization_id': '" ORG_B "',"
	" 'name': 'Swiss hotline', 'attributes': [{'taxonomy_term': {'code': 'phone_service'}}],"
	" 'service_areas': [{'id': '30000000-0000-4000-8000-000000000001',"
	" 'extent_type': 'text', 'extent': 'CH'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000009', 'organization_id': '" ORG_B "',"
	" 'name': 'Geneva phone line', 'attributes': [{'taxonomy_term': {'code': "
	"'phone_service'}}],"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000004'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000005', 'organization_id': '" ORG_A "',"
	" 'name': 'Shelter beds', 'attributes': [{'taxonomy_term': {'code': "
	"'emergency_accommodation'}}],"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000003'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000006', 'organization_id': '" ORG_B "',"
	" 'name': 'Shelter Geneva',"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000004'}]}",
	"s{'id': '20000000-0000-4000-8000-000000000007', 'organization_id': '" ORG_B "',"
	" 'name': 'Closed clinic', 'schedules': [{'opens_at': '00:00', 'closes_at': '00:00',"
	" 'valid_to': '2000-01-01'}],"
	" 'service_at_locations': [{'location_id': '10000000-0000-4000-8000-000000000001',"
	" 'schedules': [{'opens_at': '09:00', 'closes_at': '17:00', 'byday': 'XX'}]}]}",
	"s{'id': '20000000-0000-4000-8000-000000000008', 'organization_id': '" ORG_B "',"
	" 'name': 'Zurich area outreach', 'service_areas': [{'id':"
	" '30000000-0000-4000-8000-000000000002', 'extent_type': 'text', 'extent': 'zurich'}]}",
};

#define N_PAGING 7

static void load_fixture(void)
{
	struct dir_error err;
	char id[37], text[2048];

	dir_error_init(&err);
	if (db_begin(conn, &err) != 0)
		abort();
	for (size_t i = 0; i < sizeof(fixture) / sizeof(fixture[0]); i++) {
		enum dir_kind kind = fixture[i][0] == 'o'   ? DIR_KIND_ORGANIZATION
				     : fixture[i][0] == 'l' ? DIR_KIND_LOCATION
							    : DIR_KIND_SERVICE;
		json_t *doc;

		snprintf(text, sizeof(text), "%s", fixture[i] + 1);
		for (char *c = text; *c != '\0'; c++)
			if (*c == '\'')
				*c = '"';
		doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
		if (doc == NULL || store_put(conn, kind, doc, NULL, id, &err) != 0) {
			fprintf(stderr, "fixture %zu: %s %s %s\n", i, err.code, err.field,
				err.message);
			abort();
		}
		json_decref(doc);
	}
	/* Same-named services for paging: only the id orders them. */
	for (int i = 0; i < N_PAGING; i++) {
		json_t *doc = json_pack("{s:s, s:s, s:s}", "name", "Paging same name",
					"organization_id", ORG_B, "description", "pagingword");
		if (store_put(conn, DIR_KIND_SERVICE, doc, NULL, id, &err) != 0)
			abort();
		json_decref(doc);
	}
	if (db_commit(conn, &err) != 0)
		abort();
}

typedef json_t *(*list_fn)(PGconn *, const struct search_query *, const struct store_view *,
			   struct dir_error *);

/* The page for q, failing the test on an error. */
static json_t *page_of(list_fn fn, struct search_query *q)
{
	struct store_view view = { NULL, 0, 0, "node-test" };
	struct dir_error err;
	json_t *page;

	if (q->per_page == 0)
		q->per_page = 100;
	dir_error_init(&err);
	page = fn(conn, q, &view, &err);
	if (page == NULL)
		fail_msg("search: %s %s %s", err.code, err.field, err.message);
	return page;
}

/* The names on the page, joined with "|" in order. */
static const char *names(list_fn fn, struct search_query *q, const char *key)
{
	static char buf[4096];
	json_t *page = page_of(fn, q), *item;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(json_object_get(page, "contents"), i, item)
	{
		json_t *v = json_object_get(item, key);
		const char *name = json_is_object(v) ? json_string_value(json_object_get(v, "name"))
						     : json_string_value(v);
		int n = snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? "|" : "",
				 name ? name : "?");
		if (n > 0 && (size_t)n < sizeof(buf) - used)
			used += (size_t)n;
	}
	json_decref(page);
	return buf;
}

static const char *svc(struct search_query *q)
{
	return names(search_services, q, "name");
}

static void test_city_accent_insensitive_and_nonlocal_last(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.city = "zurich";
	/* Local by name, then online, by phone or by service area by name:
	 * the Geneva phone line serves its own country, the online chat with
	 * no address everywhere, the hotline its service area. */
	assert_string_equal(svc(&q), "Closed clinic|Shelter beds|Zurich STI testing|"
				     "Geneva phone line|Online peer chat|Swiss hotline|"
				     "Zurich area outreach");
	q.city = "Z\u00dcRICH";
	assert_string_equal(svc(&q), "Closed clinic|Shelter beds|Zurich STI testing|"
				     "Geneva phone line|Online peer chat|Swiss hotline|"
				     "Zurich area outreach");
	q.city = "bucuresti";
	assert_string_equal(svc(&q), "Bucharest drop-in|Online peer chat");
	q.city = "geneve";
	assert_string_equal(svc(&q), "Geneva phone line|Shelter Geneva|Online peer chat|"
				     "Swiss hotline");
}

static void test_country(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.country = "RO";
	assert_string_equal(svc(&q), "Bucharest drop-in|Online peer chat");
	q.country = "ch";
	assert_string_equal(svc(&q), "Closed clinic|Geneva phone line|Shelter beds|"
				     "Shelter Geneva|Zurich STI testing|Online peer chat|"
				     "Swiss hotline|Zurich area outreach");
	q.city = "zurich";
	q.country = "RO";
	assert_string_equal(svc(&q), "Online peer chat");
}

static void test_language_prefix(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.language = "pt";
	assert_string_equal(svc(&q), "Bucharest drop-in");
	q.language = "PT-br";
	assert_string_equal(svc(&q), "Bucharest drop-in");
	q.language = "pt-PT";
	assert_string_equal(svc(&q), "");
	/* ro finds the service and the location languages, never rom. */
	q.language = "ro";
	assert_string_equal(svc(&q), "Closed clinic|Zurich STI testing");
	q.language = "rom";
	assert_string_equal(svc(&q), "Online peer chat");
	q.language = "ro-RO";
	assert_string_equal(svc(&q), "Closed clinic|Zurich STI testing");
	q.language = "%";
	assert_string_equal(svc(&q), "");
}

static void test_category_access_taxonomy(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.category = "sti_hiv_testing";
	assert_string_equal(svc(&q), "Zurich STI testing");
	q.category = NULL;
	q.access = "free";
	/* On the service, or on one of its service_at_locations. */
	assert_string_equal(svc(&q), "Bucharest drop-in|Zurich STI testing");
	q.access = "free, no_id_required";
	assert_string_equal(svc(&q), "Zurich STI testing");
	q.access = "sex_worker_led";
	assert_string_equal(svc(&q), "Shelter beds|Zurich STI testing");
	q.access = "sex_worker_led,free,unknown_code";
	assert_string_equal(svc(&q), "");
	q.access = NULL;
	q.taxonomy_term_id = "71d03f81-ec69-537d-b974-ccef55f59abf"; /* free */
	assert_string_equal(svc(&q), "Bucharest drop-in|Zurich STI testing");
	q.taxonomy_term_id = NULL;
	q.taxonomy_id = "1ca11967-b51b-53ff-99c0-20add6b7c9ec"; /* service_type */
	assert_string_equal(svc(&q), "Bucharest drop-in|Shelter beds|Zurich STI testing");
	q.taxonomy_id = NULL;
	q.organization_id = ORG_A;
	assert_string_equal(svc(&q), "Shelter beds|Zurich STI testing");
}

/* The outreach worker's query of the issue. */
static void test_combined_outreach_query(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.city = "zurich";
	q.language = "ro";
	q.category = "sti_hiv_testing";
	q.access = "free,no_id_required";
	assert_string_equal(svc(&q), "Zurich STI testing");
}

static void test_geo_with_confidential(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.has_geo = 1;
	q.lat = 47.3769;
	q.lon = 8.5417;
	q.radius_km = 3;
	/* Shelter one is really 1 km away but counts at its public point. */
	assert_string_equal(svc(&q), "Closed clinic|Zurich STI testing|Online peer chat");
	q.lat = 47.0;
	q.lon = 8.0;
	q.radius_km = 1;
	assert_string_equal(svc(&q), "Shelter beds|Online peer chat");
	/* Shelter two counts at the centre of its 0.1 degree cell. */
	q.lat = 46.2044;
	q.lon = 6.1432;
	q.radius_km = 2;
	assert_string_equal(svc(&q), "Online peer chat");
	q.lat = 46.25;
	q.lon = 6.15;
	q.radius_km = 0.5;
	/* The phone line is found at its location, as a local service. */
	assert_string_equal(svc(&q), "Geneva phone line|Shelter Geneva|Online peer chat");
	q.lat = 44.4268;
	q.lon = 26.1025;
	q.radius_km = 10;
	assert_string_equal(svc(&q), "Bucharest drop-in|Online peer chat");
}

static void test_open_now(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.open_now = 1;
	assert_string_equal(svc(&q), "Zurich STI testing");
}

static void test_search_text_and_modified(void **state)
{
	struct search_query q = { 0 };

	(void)state;
	NEED_DB();
	q.search = "Z\u00fcrich test";
	assert_string_equal(svc(&q), "Zurich STI testing");
	q.search = "shelter";
	assert_string_equal(svc(&q), "Shelter beds|Shelter Geneva");
	q.search = "no ID";
	assert_string_equal(svc(&q), "Zurich STI testing");
	q.search = "'&|!:*()";
	assert_string_equal(svc(&q), "");
	q.search = NULL;
	q.modified_after = "2999-01-01T00:00:00Z";
	assert_string_equal(svc(&q), "");
	q.modified_after = "2000-01-01";
	q.city = "bucuresti";
	assert_string_equal(svc(&q), "Bucharest drop-in|Online peer chat");
}

static void test_paging_is_stable(void **state)
{
	struct search_query q = { 0 };
	char all[4096], joined[4096] = "";
	json_t *page;

	(void)state;
	NEED_DB();
	q.search = "pagingword";
	q.per_page = 100;
	page = page_of(search_services, &q);
	assert_int_equal(json_integer_value(json_object_get(page, "total_items")), N_PAGING);
	json_decref(page);
	snprintf(all, sizeof(all), "%s", names(search_services, &q, "id"));
	q.per_page = 2;
	for (q.page = 1; q.page <= 4; q.page++) {
		size_t used = strlen(joined);
		page = page_of(search_services, &q);
		assert_int_equal(json_integer_value(json_object_get(page, "total_pages")), 4);
		assert_int_equal(json_integer_value(json_object_get(page, "page_number")), q.page);
		assert_int_equal(json_integer_value(json_object_get(page, "size")),
				 q.page < 4 ? 2 : 1);
		assert_true(json_is_true(json_object_get(page, "first_page")) == (q.page == 1));
		assert_true(json_is_true(json_object_get(page, "last_page")) == (q.page == 4));
		json_decref(page);
		snprintf(joined + used, sizeof(joined) - used, "%s%s", used ? "|" : "",
			 names(search_services, &q, "id"));
	}
	assert_string_equal(joined, all);
	q.page = 9;
	page = page_of(search_services, &q);
	assert_true(json_is_true(json_object_get(page, "empty")));
	assert_int_equal(json_array_size(json_object_get(page, "contents")), 0);
	json_decref(page);
}

static void test_other_lists(void **state)
{
	struct search_query q = { 0 };
	json_t *page;

	(void)state;
	NEED_DB();
	q.city = "bucuresti";
	assert_string_equal(names(search_organizations, &q, "name"), "Org B");
	q.city = NULL;
	q.search = "collective";
	assert_string_equal(names(search_organizations, &q, "name"), "Org A");
	q.search = NULL;
	q.city = "zurich";
	assert_string_equal(names(search_service_at_locations, &q, "service"),
			    "Closed clinic|Shelter beds|Zurich STI testing|Geneva phone line");
	q.city = NULL;
	page = page_of(search_taxonomies, &q);
	assert_int_equal(json_integer_value(json_object_get(page, "total_items")), 2);
	json_decref(page);
	q.taxonomy_id = "9548c94a-3471-5284-9dc8-d6c047e6759a"; /* access */
	page = page_of(search_taxonomy_terms, &q);
	assert_int_equal(json_integer_value(json_object_get(page, "total_items")), 20);
	json_decref(page);
	q.search = "kostenlos";
	assert_string_equal(names(search_taxonomy_terms, &q, "code"), "free");
}

static void test_bad_parameters(void **state)
{
	struct store_view view = { NULL, 0, 0, NULL };
	struct search_query q = { 0 };
	struct dir_error err;

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	q.per_page = 10;
	q.organization_id = "not-a-uuid";
	assert_null(search_services(conn, &q, &view, &err));
	assert_string_equal(err.code, "invalid_parameter");
	dir_error_clear(&err);
	q.organization_id = NULL;
	q.modified_after = "last tuesday";
	assert_null(search_services(conn, &q, &view, &err));
	assert_string_equal(err.code, "invalid_parameter");
	assert_string_equal(err.field, "modified_after");
	dir_error_clear(&err);
	q.modified_after = NULL;
	q.has_geo = 1;
	q.lat = 100;
	q.radius_km = 1;
	assert_null(search_services(conn, &q, &view, &err));
	assert_string_equal(err.field, "lat");
	dir_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_city_accent_insensitive_and_nonlocal_last),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_language_prefix),
		cmocka_unit_test(test_category_access_taxonomy),
		cmocka_unit_test(test_combined_outreach_query),
		cmocka_unit_test(test_geo_with_confidential),
		cmocka_unit_test(test_open_now),
		cmocka_unit_test(test_search_text_and_modified),
		cmocka_unit_test(test_paging_is_stable),
		cmocka_unit_test(test_other_lists),
		cmocka_unit_test(test_bad_parameters),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
