/*
 * test_import.c - the importer against a real PostgreSQL, on real data:
 * ILAO's HSDS 1.0 CSV (33 organizations, 429 services, twice), the HSDS 3.0
 * examples (JSON and tabular), and a small fixture whose one record asks
 * for a police report. Needs DIRECTORYD_TEST_DB (a libpq conninfo of a
 * server where it may create the database dir_test_import) and
 * DIRECTORYD_DATA_DIR; tests reading the shared data ($DIRECTORYD_SHARED_DIR/data,
 * else ../shared/data) skip when it is absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "eligibility.h"
#include "import.h"
#include "import_internal.h"
#include "search.h"
#include "store.h"
#include "testdb.h"

static PGconn *conn;
static struct elig_rules *rules;
static char data_dir[2048];
static char shared[2400];
static const char *skip_reason;

static int group_setup(void **state)
{
	const char *dd = getenv("DIRECTORYD_DATA_DIR");
	int skipped;
	char path[2200];
	struct dir_error err;

	(void)state;
	snprintf(data_dir, sizeof(data_dir), "%s", dd ? dd : ".");
	/* the shared reference data: $DIRECTORYD_SHARED_DIR (scripts/test), else ../shared */
	if (getenv("DIRECTORYD_SHARED_DIR") != NULL)
		snprintf(shared, sizeof(shared), "%s/data", getenv("DIRECTORYD_SHARED_DIR"));
	else
		snprintf(shared, sizeof(shared), "%s/../shared/data", data_dir);
	conn = TESTDB_OPEN(dir_test_import, "test_import", &skipped);
	if (conn == NULL && skipped) {
		skip_reason = "DIRECTORYD_TEST_DB is not set";
		return 0;
	}
	if (conn == NULL)
		return -1;
	dir_error_init(&err);
	snprintf(path, sizeof(path), "%s/data/eligibility", data_dir);
	rules = elig_rules_load(path, &err);
	if (rules == NULL)
		fprintf(stderr, "test_import: %s\n", err.message);
	dir_error_clear(&err);
	return rules ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	PQfinish(conn);
	return 0;
}

/* Skip a test with its reason printed. */
#define NEED_DB()                                                      \
	do {                                                           \
		if (skip_reason != NULL) {                             \
			fprintf(stderr, "skipped: %s\n", skip_reason); \
			skip();                                        \
		}                                                      \
	} while (0)

/* Skip unless the shared dataset sub exists; fills path. */
static void need_shared(const char *sub, char *path, size_t cap)
{
	struct stat st;

	snprintf(path, cap, "%s/%s", shared, sub);
	if (stat(path, &st) != 0) {
		fprintf(stderr,
			"skipped: %s is absent (the shared reference "
			"data lives beside the project, see "
			"../shared/data/README.md)\n",
			path);
		skip();
	}
}

/* One number from a fixed query with at most one text parameter. */
static long count(const char *sql, const char *param)
{
	struct dir_error err;
	PGresult *res;
	long n = -1;
	char *end;

	dir_error_init(&err);
	res = db_exec(conn, sql, param ? 1 : 0, param ? &param : NULL, &err);
	if (res != NULL && PQntuples(res) == 1)
		n = strtol(PQgetvalue(res, 0, 0), &end, 10);
	if (res == NULL)
		fprintf(stderr, "query failed: %s\n", err.message);
	PQclear(res);
	dir_error_clear(&err);
	return n;
}

/* Empty the directory's records (the vocabularies stay). */
static void reset(void)
{
	struct dir_error err;

	dir_error_init(&err);
	assert_int_equal(db_command(conn,
				    "TRUNCATE organization, service, "
				    "location CASCADE",
				    0, NULL, &err),
			 0);
	dir_error_clear(&err);
}

/* An import whose report lands in a string the caller frees. */
static int run_import(const char *path, struct import_summary *sum, char **report)
{
	struct dir_error err;
	size_t len = 0;
	FILE *out = open_memstream(report, &len);
	int rc;

	assert_non_null(out);
	dir_error_init(&err);
	rc = import_hsds(conn, rules, path, out, sum, &err);
	fclose(out);
	if (rc != 0)
		fprintf(stderr, "import %s: %s %s\n", path, err.code, err.message);
	dir_error_clear(&err);
	return rc;
}

/* How many report lines have code in "error" (or in any detail). */
static size_t report_count(const char *report, const char *key, const char *code)
{
	const char *p = report, *nl;
	json_t *line, *d;
	size_t n = 0, i;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		line = json_loadb(p, nl ? (size_t)(nl - p) : strlen(p), 0, NULL);
		assert_non_null(line); /* every line is one JSON object */
		json_array_foreach(
			json_object_get(json_object_get(line, key), "details"), i,
			d) if (json_is_string(json_object_get(d, "code")) &&
			       strcmp(json_string_value(json_object_get(d, "code")), code) == 0)
		{
			n++;
			break;
		}
		json_decref(line);
	}
	return n;
}

/*
 * ILAO: 33 organizations and 429 services, the same after a second run. The
 * eligibility rule refuses none of them and may hold a few for review (issue 9:
 * at most 5% of a real directory); a held service is not stored, so the
 * stored services are the 429 less those held.
 */
static void test_ilao(void **state)
{
	struct import_summary sum;
	char path[2600], *report = NULL;
	size_t stored = 429;
	int round;

	(void)state;
	NEED_DB();
	need_shared("ilao-hsds-1.0", path, sizeof(path));
	reset();
	for (round = 0; round < 2; round++) {
		assert_int_equal(run_import(path, &sum, &report), 0);
		assert_int_equal(sum.organizations, 33);
		assert_int_equal(sum.refused, 0);
		assert_true(sum.held <= 429 / 20);
		stored = 429 - sum.held;
		assert_int_equal(sum.services, stored);
		assert_int_equal(sum.locations, 520);
		assert_int_equal(report_count(report, "error", "eligibility_condition"), 0);
		/* 340 services name an organization that is not in the data */
		assert_int_equal(report_count(report, "warning", "orphan"), 340 + 448);
		free(report);
		report = NULL;
		assert_int_equal(count("SELECT count(*) FROM organization", NULL), 33);
		assert_int_equal(count("SELECT count(*) FROM service", NULL), stored);
		assert_int_equal(count("SELECT count(*) FROM location", NULL), 520);
		/* the summary counts records, as the database holds them */
		assert_int_equal(round == 0 ? sum.created : sum.unchanged, 33 + stored + 520);
		assert_int_equal(sum.created + sum.updated + sum.unchanged, 33 + stored + 520);
	}
	assert_int_equal(count("SELECT count(*) FROM service WHERE "
			       "organization_id IS NULL",
			       NULL),
			 340);
	assert_int_equal(count("SELECT count(*) FROM service WHERE "
			       "status <> 'active'",
			       NULL),
			 0);
	assert_int_equal(count("SELECT count(*) FROM service WHERE "
			       "assured_date IS NOT NULL",
			       NULL),
			 0);
	assert_int_equal(count("SELECT count(*) FROM location WHERE "
			       "location_type <> 'physical'",
			       NULL),
			 0);
}

/* Services found by the API's search for word (total_items). */
static long search_count(const char *word)
{
	struct search_query q;
	struct store_view view = { NULL, 0, 0, NULL };
	struct dir_error err;
	json_t *page;
	long n = -1;

	memset(&q, 0, sizeof(q));
	q.search = word;
	q.page = 1;
	q.per_page = 10;
	dir_error_init(&err);
	page = search_services(conn, &q, &view, &err);
	if (page != NULL)
		n = (long)json_integer_value(json_object_get(page, "total_items"));
	else
		fprintf(stderr, "search %s: %s\n", word, err.message);
	json_decref(page);
	dir_error_clear(&err);
	return n;
}

/* ILAO records are found by keyword afterwards, by the API's search. */
static void test_ilao_keyword(void **state)
{
	const char *sql = "SELECT count(*) FROM service WHERE dir_fold(name || ' '"
			  " || coalesce(description, '')) LIKE '%' || $1 || '%'";

	(void)state;
	NEED_DB();
	/* test_ilao imported the directory first (less at most 5% held) */
	if (count("SELECT count(*) FROM service", NULL) < 429 - 429 / 20)
		skip();
	assert_true(count(sql, "lawndale") >= 1);
	assert_true(search_count("lawndale") >= 1);
	assert_true(search_count("clinic") >= 1);
	assert_int_equal(search_count("nosuchwordanywhere"), 0);
}

/* The specification's JSON examples import; placeholders are reported. */
static void test_hsds3_json(void **state)
{
	struct import_summary sum;
	char path[2600], *report = NULL;

	(void)state;
	NEED_DB();
	need_shared("hsds-3.0/examples", path, sizeof(path));
	reset();
	assert_int_equal(run_import(path, &sum, &report), 0);
	import_summary_print(stderr, &sum);
	assert_int_equal(report_count(report, "error", "eligibility_condition"), 0);
	assert_int_equal(sum.refused, 0);
	/* one record counted once, however often the examples repeat it */
	assert_int_equal(sum.services, count("SELECT count(*) FROM service", NULL));
	assert_int_equal(sum.organizations, count("SELECT count(*) FROM organization", NULL));
	assert_int_equal(sum.locations, count("SELECT count(*) FROM location", NULL));
	assert_int_equal(sum.created, sum.services + sum.organizations + sum.locations);
	/* service_list.json, read after service_full.json, keeps its phones */
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1",
			       "ac148810-d857-441c-9679-408f346de14b"),
			 1);
	assert_true(count("SELECT jsonb_array_length(programs) FROM organization o JOIN "
			  "service s ON s.organization_id = o.id WHERE s.id = $1",
			  "ac148810-d857-441c-9679-408f346de14b") >= 1);
	assert_true(report_count(report, "warning", "coordinate_dropped") >= 1);
	assert_int_equal(count("SELECT count(*) FROM service WHERE id = $1",
			       "ac148810-d857-441c-9679-408f346de14b"),
			 1);
	assert_int_equal(count("SELECT count(*) FROM location WHERE id = $1 AND "
			       "latitude IS NULL",
			       "3a19ff88-4620-4d17-9830-ac1d859eb5d5"),
			 1);
	/* the source's assured_date is kept, never the import time */
	assert_int_equal(count("SELECT count(*) FROM service WHERE id = $1 AND "
			       "assured_date = '2005-01-01'",
			       "ac148810-d857-441c-9679-408f346de14b"),
			 1);
	free(report);
}

/* The same data as a Tabular Data Package. */
static void test_hsds3_csv(void **state)
{
	struct import_summary sum;
	char path[2600], *report = NULL;

	(void)state;
	NEED_DB();
	need_shared("hsds-3.0/examples/csv", path, sizeof(path));
	reset();
	assert_int_equal(run_import(path, &sum, &report), 0);
	import_summary_print(stderr, &sum);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(report_count(report, "error", "eligibility_condition"), 0);
	assert_int_equal(sum.organizations, 1);
	assert_int_equal(sum.services, 1);
	assert_int_equal(sum.locations, 1);
	/* the location names an organization that is not the file's */
	assert_int_equal(report_count(report, "warning", "orphan"), 1);
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1",
			       "ac148810-d857-441c-9679-408f346de14b"),
			 1);
	free(report);
}

/* The report line of source_id in report, parsed; NULL when absent. */
static json_t *report_line(const char *report, const char *source_id)
{
	const char *p = report, *nl;
	json_t *line;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		line = json_loadb(p, nl ? (size_t)(nl - p) : strlen(p), 0, NULL);
		if (line != NULL && json_is_string(json_object_get(line, "source_id")) &&
		    strcmp(json_string_value(json_object_get(line, "source_id")), source_id) == 0)
			return line;
		json_decref(line);
	}
	return NULL;
}

/* A listing asking for a police report is refused, with file:line. */
static void test_fixture_police(void **state)
{
	struct import_summary sum;
	char path[2200], *report = NULL, want[2300];
	const char *src;
	json_t *line, *e;

	(void)state;
	NEED_DB();
	snprintf(path, sizeof(path), "%s/tests/data/import/police", data_dir);
	reset();
	assert_int_equal(run_import(path, &sum, &report), 0);
	assert_int_equal(sum.organizations, 1);
	assert_int_equal(sum.services, 2);
	assert_int_equal(sum.locations, 1);
	assert_int_equal(sum.refused, 1);
	line = report_line(report, "102");
	assert_non_null(line);
	e = json_object_get(line, "error");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "eligibility_condition");
	assert_string_equal(json_string_value(json_object_get(e, "field")), "/application_process");
	snprintf(want, sizeof(want), "%s/services.csv:5", path);
	src = json_string_value(json_object_get(line, "source"));
	assert_string_equal(src, want);
	json_decref(line);
	/* the others are committed: 101 with its default, 103 as an orphan */
	assert_int_equal(count("SELECT count(*) FROM service WHERE name = "
			       "'Night shelter beds' AND status = 'active'",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service WHERE name = "
			       "'Peer support group' AND organization_id IS NULL",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service WHERE name = "
			       "'Legal advice desk'",
			       NULL),
			 0);
	/* latitude 100 dropped with its pair; "no phone" not a phone */
	assert_int_equal(count("SELECT count(*) FROM location WHERE name = "
			       "'Shelter house' AND latitude IS NULL AND "
			       "longitude IS NULL",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM phone p JOIN location l ON "
			       "l.id = p.location_id WHERE l.name = 'Shelter house'",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service_at_location s JOIN "
			       "location l ON l.id = s.location_id WHERE l.name = "
			       "'Shelter house'",
			       NULL),
			 1);
	assert_true(report_count(report, "warning", "coordinate_dropped") == 1);
	assert_true(report_count(report, "warning", "row_dropped") >= 2);
	free(report);
}

/* Ids: UUIDs kept, other ids mapped stably by table. */
static void test_ids(void **state)
{
	char a[37], b[37], c[37];

	(void)state;
	import_uuid_map("service", "AC148810-D857-441C-9679-408F346DE14B", a);
	assert_string_equal(a, "ac148810-d857-441c-9679-408f346de14b");
	import_uuid_map("service", "135836", a);
	import_uuid_map("service", "135836", b);
	import_uuid_map("organization", "135836", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(a[14], '5'); /* version 5 */
	import_uuid_derive("phone", "location", "501", 0, a);
	import_uuid_derive("phone", "location", "501", 1, b);
	assert_string_not_equal(a, b);
}

/* libcsv: quotes, embedded newlines, CRLF, and the line each row starts. */
static void test_csv_reader(void **state)
{
	struct import_table t;
	struct dir_error err;
	char path[2200];

	(void)state;
	memset(&t, 0, sizeof(t));
	dir_error_init(&err);
	snprintf(path, sizeof(path), "%s/tests/data/import/police/services.csv", data_dir);
	assert_int_equal(import_csv_read(path, &t, &err), 0);
	assert_int_equal(json_array_size(t.rows), 3);
	assert_int_equal(t.lines[0], 2);
	assert_int_equal(t.lines[1], 5);
	assert_int_equal(t.lines[2], 6);
	assert_string_equal(import_str(json_array_get(t.rows, 0), "description"),
			    "Beds for the night.\nWalk in, no police report "
			    "needed.\nAnonymous.");
	assert_null(json_object_get(json_array_get(t.rows, 0), "status"));
	import_table_free(&t);
	snprintf(path, sizeof(path), "%s/tests/data/import/police/organizations.csv", data_dir);
	assert_int_equal(import_csv_read(path, &t, &err), 0);
	assert_string_equal(import_str(json_array_get(t.rows, 0), "description"),
			    "A fictional shelter for the tests, with a \"quoted\" word");
	assert_string_equal(import_str(json_array_get(t.rows, 0), "url"), "https://example.org/");
	import_table_free(&t);
	assert_int_equal(import_csv_read("/nonexistent/x.csv", &t, &err), -1);
	import_table_free(&t);
	dir_error_clear(&err);
}

/* Input that cannot be read at all fails the run. */
static void test_unreadable(void **state)
{
	struct import_summary sum;
	struct dir_error err;
	char path[2200];

	(void)state;
	NEED_DB();
	dir_error_init(&err);
	assert_int_equal(import_hsds(conn, rules, "/nonexistent/hsds", NULL, &sum, &err), -1);
	assert_string_equal(err.code, "invalid_import");
	dir_error_clear(&err);
	snprintf(path, sizeof(path), "%s/tests/data/import/broken.json", data_dir);
	assert_int_equal(import_hsds(conn, rules, path, NULL, &sum, &err), -1);
	assert_string_equal(err.code, "invalid_json");
	dir_error_clear(&err);
}

#define CLINIC     "6f1c0a52-3b7e-4d8a-9c1f-0a2b3c4d5e01"
#define COLLECTIVE "6f1c0a52-3b7e-4d8a-9c1f-0a2b3c4d5e00"

/* Import one path under tests/data/import with options; the report is freed. */
static int run_fixture(const char *sub, const struct import_options *opts,
		       struct import_summary *sum)
{
	struct dir_error err;
	char path[2400];
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/import/%s", data_dir, sub);
	dir_error_init(&err);
	rc = import_hsds_opts(conn, rules, path, opts, NULL, sum, &err);
	if (rc != 0)
		fprintf(stderr, "import %s: %s %s\n", path, err.code, err.message);
	dir_error_clear(&err);
	return rc;
}

/* What the clinic fixture keeps only in its full shape is all there. */
static void assert_clinic_whole(void)
{
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1", CLINIC), 1);
	assert_int_equal(
		count("SELECT jsonb_array_length(funding) FROM service WHERE id = $1", CLINIC), 1);
	assert_int_equal(
		count("SELECT jsonb_array_length(contacts) FROM service WHERE id = $1", CLINIC), 1);
	assert_int_equal(count("SELECT jsonb_array_length(programs) FROM organization "
			       "WHERE id = $1",
			       COLLECTIVE),
			 1);
	assert_int_equal(count("SELECT jsonb_array_length(funding) FROM organization "
			       "WHERE id = $1",
			       COLLECTIVE),
			 1);
}

/* A list shape read after the full one adds what it has, keeps the rest. */
static void test_merge_summary_after_full(void **state)
{
	struct import_summary sum;

	(void)state;
	NEED_DB();
	reset();
	assert_int_equal(run_fixture("merge/service_full.json", NULL, &sum), 0);
	assert_int_equal(sum.created, 2);
	assert_clinic_whole();
	assert_int_equal(run_fixture("merge/service_list.json", NULL, &sum), 0);
	assert_clinic_whole();
	assert_int_equal(sum.services, 1);
	assert_int_equal(sum.organizations, 1);
	assert_int_equal(sum.unchanged, 2);
	assert_int_equal(sum.created + sum.updated, 0);
}

/* Within one run the richest shape wins, whichever file comes first. */
static void test_merge_one_run_any_order(void **state)
{
	struct import_summary sum;
	char dir[] = "/tmp/dir_test_import.XXXXXX", link[2400], target[2400];
	const char *names[2][2] = { { "0_list.json", "service_list.json" },
				    { "1_full.json", "service_full.json" } };
	int i;

	(void)state;
	NEED_DB();
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 2; i++) {
		snprintf(link, sizeof(link), "%s/%s", dir, names[i][0]);
		snprintf(target, sizeof(target), "%s/tests/data/import/merge/%s", data_dir,
			 names[i][1]);
		assert_int_equal(symlink(target, link), 0);
	}
	reset();
	assert_int_equal(import_hsds_opts(conn, rules, dir, NULL, NULL, &sum, NULL), 0);
	assert_clinic_whole();
	assert_int_equal(sum.services, 1);
	assert_int_equal(sum.organizations, 1);
	assert_int_equal(sum.created, 2);
	reset();
	assert_int_equal(run_fixture("merge", NULL, &sum), 0); /* full first */
	assert_clinic_whole();
	assert_int_equal(sum.created, 2);
	for (i = 0; i < 2; i++) {
		snprintf(link, sizeof(link), "%s/%s", dir, names[i][0]);
		unlink(link);
	}
	rmdir(dir);
}

/* A full record updates: a changed phone, funding gone, email gone. */
static void test_merge_full_updates(void **state)
{
	struct import_summary sum;

	(void)state;
	NEED_DB();
	reset();
	assert_int_equal(run_fixture("merge", NULL, &sum), 0);
	assert_int_equal(run_fixture("merge-changed", NULL, &sum), 0);
	assert_int_equal(sum.updated, 1);   /* the service */
	assert_int_equal(sum.unchanged, 1); /* its organization */
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1 AND "
			       "number = '+44 20 7946 0999'",
			       CLINIC),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service WHERE id = $1 AND email IS NULL "
			       "AND coalesce(jsonb_array_length(funding), 0) = 0",
			       CLINIC),
			 1);
}

/* --prune deletes the services of a stored organization the input lacks. */
static void test_merge_prune(void **state)
{
	struct import_options prune = { NULL, 1, 0, NULL };
	struct import_summary sum;

	(void)state;
	NEED_DB();
	reset();
	assert_int_equal(run_fixture("merge", NULL, &sum), 0);
	assert_int_equal(run_fixture("prune-extra", NULL, &sum), 0);
	assert_int_equal(
		count("SELECT count(*) FROM service WHERE organization_id = $1", COLLECTIVE), 2);
	assert_int_equal(run_fixture("merge", NULL, &sum), 0);
	assert_int_equal(sum.pruned, 0);
	assert_int_equal(
		count("SELECT count(*) FROM service WHERE organization_id = $1", COLLECTIVE), 2);
	assert_int_equal(run_fixture("merge", &prune, &sum), 0);
	assert_int_equal(sum.pruned, 1);
	assert_int_equal(
		count("SELECT count(*) FROM service WHERE organization_id = $1", COLLECTIVE), 1);
	assert_clinic_whole();
}

/* A nested child's defect drops that child, named, and keeps the parent. */
static void test_nested_defects(void **state)
{
	struct import_summary sum;
	char org[37], prog[37], svc[37];
	char *report = NULL, path[2400];

	(void)state;
	NEED_DB();
	reset();
	snprintf(path, sizeof(path), "%s/tests/data/import/nested", data_dir);
	assert_int_equal(run_import(path, &sum, &report), 0);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(sum.organizations, 2);
	assert_int_equal(sum.services, 2);
	/* JSON: program without description, phone without number; CSV: an
	 * empty cell in the required description column */
	assert_int_equal(sum.children_dropped, 3);
	assert_int_equal(report_count(report, "warning", "child_dropped"), 2);
	assert_non_null(strstr(report, "the nested program \\\"Drop-in without a description"));
	/* non-UUID nested ids map to stable UUIDs, as top-level ones do */
	import_uuid_map("organization", "reg-100", org);
	import_uuid_map("program", "reg-12345", prog);
	import_uuid_map("service", "svc-1", svc);
	assert_int_equal(count("SELECT count(*) FROM organization WHERE id = $1 AND "
			       "jsonb_array_length(programs) = 1",
			       org),
			 1);
	assert_int_equal(
		count("SELECT count(*) FROM organization WHERE programs->0->>'id' = $1", prog), 1);
	assert_int_equal(count("SELECT count(*) FROM phone WHERE organization_id = $1", org), 1);
	/* a date-time where a date is expected keeps the date */
	assert_int_equal(count("SELECT count(*) FROM service WHERE id = $1 AND "
			       "assured_date = '2024-03-01'",
			       svc),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service WHERE name = 'Quay advice desk' "
			       "AND assured_date = '2024-05-06'",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM organization WHERE name = "
			       "'Fictional Quay Group' AND jsonb_array_length(programs) = 1",
			       NULL),
			 1);
	assert_int_equal(report_count(report, "warning", "date_kept"), 2);
	free(report);
}

/* A package read through its datapackage.json: resources/ paths, names. */
static void test_datapackage_resources(void **state)
{
	struct import_options allow = { NULL, 0, 1, NULL };
	struct import_summary sum;
	struct dir_error err;
	char path[2400], *report = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	NEED_DB();
	reset();
	snprintf(path, sizeof(path), "%s/tests/data/import/respkg", data_dir);
	out = open_memstream(&report, &len);
	dir_error_init(&err);
	/* notes.csv is not a resource: skipped, so the run fails... */
	assert_int_equal(import_hsds_opts(conn, rules, path, NULL, out, &sum, &err), -1);
	fclose(out);
	assert_string_equal(err.code, "skipped_input");
	dir_error_clear(&err);
	assert_int_equal(sum.skipped, 1);
	assert_int_equal(report_count(report, "warning", "file_skipped"), 1);
	assert_non_null(strstr(report, "notes.csv is not among the resources"));
	/* ...but what it read is stored: resources/ paths, the resource names
	 * "phone" (telephone_numbers.csv) and "schedule" (schedule.csv) */
	assert_int_equal(sum.services, 1);
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1",
			       "3b1c2d3e-4f50-4a61-8b72-93a4b5c6d701"),
			 1);
	assert_int_equal(count("SELECT count(*) FROM schedule WHERE service_id = $1",
			       "3b1c2d3e-4f50-4a61-8b72-93a4b5c6d701"),
			 1);
	/* the declared schema checks the columns */
	assert_int_equal(report_count(report, "warning", "column_undeclared"), 1);
	assert_int_equal(report_count(report, "warning", "column_missing"), 1);
	free(report);
	assert_int_equal(run_fixture("respkg", &allow, &sum), 0);
	assert_int_equal(sum.skipped, 1);
	assert_int_equal(sum.unchanged, 2);
}

/* --datapackage FILE: a descriptor outside the CSV folder, singular names. */
static void test_datapackage_outside(void **state)
{
	struct import_options opts = { NULL, 0, 0, NULL };
	struct import_summary sum;
	char dp[2400];

	(void)state;
	NEED_DB();
	reset();
	snprintf(dp, sizeof(dp), "%s/tests/data/import/outside/datapackage.json", data_dir);
	opts.datapackage = dp;
	assert_int_equal(run_fixture("outside/csv", &opts, &sum), -1); /* addresses.csv */
	assert_int_equal(sum.skipped, 1);
	assert_int_equal(sum.locations, 1);
	assert_int_equal(count("SELECT count(*) FROM address WHERE address_1 = "
			       "'1 Singular Street'",
			       NULL),
			 1);
	assert_int_equal(count("SELECT count(*) FROM address WHERE address_1 = "
			       "'2 Plural Street'",
			       NULL),
			 0);
}

/* Taxonomies and terms import on their own (taxonomy_list.json). */
static void test_taxonomies_alone(void **state)
{
	struct import_summary sum;
	char food[37];

	(void)state;
	NEED_DB();
	assert_int_equal(run_fixture("taxonomy", NULL, &sum), 0);
	assert_int_equal(sum.taxonomies, 1);
	assert_int_equal(sum.taxonomy_terms, 2);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(count("SELECT count(*) FROM taxonomy WHERE id = $1 AND NOT own",
			       "5d3e4f50-6172-4c83-9d94-b5c6d7e8f900"),
			 1);
	import_uuid_map("taxonomy_term", "term-food", food);
	assert_int_equal(count("SELECT count(*) FROM taxonomy_term WHERE id = $1 AND code = "
			       "'FOOD' AND taxonomy_id = '5d3e4f50-6172-4c83-9d94-b5c6d7e8f900'",
			       food),
			 1);
	/* the child's parent_id, not a UUID, maps to the same term */
	assert_int_equal(count("SELECT count(*) FROM taxonomy_term WHERE code = 'SHOWER' AND "
			       "parent_id = $1",
			       food),
			 1);
}

/* HSDS 1.1: weekday numbers, language names, accessibility text. */
static void test_hsds11(void **state)
{
	struct import_summary sum;
	char svc[37], loc[37];

	(void)state;
	NEED_DB();
	reset();
	assert_int_equal(run_fixture("hsds11", NULL, &sum), 0);
	assert_int_equal(sum.services, 1);
	assert_int_equal(sum.locations, 1);
	import_uuid_map("service", "10", svc);
	import_uuid_map("location", "20", loc);
	/* weekday 1 is Monday, 7 Sunday (ISO 8601) */
	assert_int_equal(count("SELECT count(*) FROM schedule WHERE service_id = $1 AND "
			       "byday = 'MO' AND freq = 'WEEKLY' AND opens_at = '09:00'",
			       svc),
			 1);
	assert_int_equal(count("SELECT count(*) FROM schedule WHERE service_id = $1 AND "
			       "byday = 'SU' AND closes_at = '12:00'",
			       svc),
			 1);
	/* language names become BCP 47 codes; an unknown name stays a name */
	assert_int_equal(count("SELECT count(*) FROM language WHERE service_id = $1 AND "
			       "name = 'English' AND code = 'en'",
			       svc),
			 1);
	assert_int_equal(count("SELECT count(*) FROM language WHERE location_id = $1 AND "
			       "name = 'Polish' AND code = 'pl'",
			       loc),
			 1);
	assert_int_equal(count("SELECT count(*) FROM language WHERE service_id = $1 AND "
			       "name = 'Fictionalese' AND code IS NULL",
			       svc),
			 1);
	/* accessibility_for_disabilities.csv's text */
	assert_int_equal(count("SELECT count(*) FROM location WHERE id = $1 AND "
			       "accessibility->0->>'description' = 'Step-free entrance' AND "
			       "accessibility->0->>'details' = 'Ramp at the side door'",
			       loc),
			 1);
	/* services_at_location.csv and physical_addresses.csv */
	assert_int_equal(count("SELECT count(*) FROM service_at_location s JOIN location l ON "
			       "l.id = s.location_id WHERE s.service_id = $1 AND l.name = "
			       "'Riverside hall'",
			       svc),
			 1);
	assert_int_equal(count("SELECT count(*) FROM address WHERE location_id = $1 AND "
			       "address_1 = '1 River Road'",
			       loc),
			 1);
}

#define EX_SERVICE "ac148810-d857-441c-9679-408f346de14b"
#define EX_ORG     "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
#define EX_SAL     "e94c9f38-1e8f-4564-91d4-d53501ab1765"
#define EX_TERM    "3f7b145d-84af-42d7-8fae-eaca714b02b2"

/* 1 when the query, with $1 the record's id, finds one row. */
static int holds(const char *sql, const char *id)
{
	return count(sql, id) == 1;
}

/* What the HSDS 3.1 JSON examples carry beyond 3.0, stored as given. */
static void assert_hsds31_members(void)
{
	assert_true(holds("SELECT 1 FROM organization WHERE id = $1 AND additional_websites = "
			  "'[{\"id\": \"30951f94-7b24-11ef-ba1b-a79405d4dcaa\", \"label\": "
			  "\"Website\", \"url\": \"https://example.org\"}]'",
			  EX_ORG));
	assert_true(holds("SELECT 1 FROM service WHERE id = $1 AND additional_urls = "
			  "'[{\"id\": \"30951f94-7b24-11ef-ba1b-a79405d4dcaa\", \"label\": "
			  "\"Website\", \"url\": \"https://example.org\"}]'",
			  EX_SERVICE));
	assert_true(holds("SELECT 1 FROM service WHERE id = $1 AND jsonb_array_length(capacities) "
			  "= 1 AND capacities -> 0 = '{\"id\": "
			  "\"8896b788-7b3e-11ef-8db9-7f3d040352b3\", \"available\": 12, "
			  "\"maximum\": 10, \"description\": \"Beds available for people "
			  "experiencing homelessness.\", \"updated\": "
			  "\"2024-09-25T14:23:06.5+01:00\", \"unit\": {\"id\": "
			  "\"8896b788-7b3e-11ef-8db9-7f3d040352b3\", \"name\": \"Kilogram\", "
			  "\"scheme\": \"SI\", \"identifier\": \"kgm\", \"uri\": "
			  "\"https://not-a-real-url.org/standard-international-units/kgm\"}}'",
			  EX_SERVICE));
	assert_true(holds("SELECT 1 FROM service_at_location WHERE id = $1 AND "
			  "jsonb_array_length(service_areas) = 1 AND service_areas -> 0 ->> 'id' = "
			  "'381c64f1-a724-4884-9c21-ac96c21cca3e' AND service_areas -> 0 ->> "
			  "'extent_type' = 'geojson'",
			  EX_SAL));
	assert_true(holds("SELECT 1 FROM attribute WHERE service_id = $1 AND label = 'An Example "
			  "Label' AND value = 'value'",
			  EX_SERVICE));
}

/* Import shared data with --allow-skipped (and a descriptor when given). */
static int run_shared(const char *sub, const char *datapackage, struct import_summary *sum,
		      char **report)
{
	struct import_options opts = { datapackage, 0, 1, NULL };
	char path[2600], dp[2600];
	struct dir_error err;
	size_t len = 0;
	FILE *out;
	int rc;

	need_shared(sub, path, sizeof(path));
	if (datapackage != NULL) {
		need_shared(datapackage, dp, sizeof(dp));
		opts.datapackage = dp;
	}
	reset();
	out = open_memstream(report, &len);
	dir_error_init(&err);
	rc = import_hsds_opts(conn, rules, path, &opts, out, sum, &err);
	fclose(out);
	if (rc != 0)
		fprintf(stderr, "import %s: %s %s\n", path, err.code, err.message);
	dir_error_clear(&err);
	import_summary_print(stderr, sum);
	return rc;
}

/* What every copy of the specification's example service keeps. */
static void assert_example_service(void)
{
	assert_int_equal(count("SELECT count(*) FROM service WHERE id = $1 AND name = "
			       "'Community Counselling' AND status = 'active' AND "
			       "assured_date = '2005-01-01'",
			       EX_SERVICE),
			 1);
	assert_int_equal(count("SELECT count(*) FROM service s JOIN organization o ON "
			       "o.id = s.organization_id WHERE s.id = $1 AND o.name = "
			       "'Example Organization Inc.'",
			       EX_SERVICE),
			 1);
	assert_int_equal(
		count("SELECT count(*) FROM service_at_location WHERE service_id = $1", EX_SERVICE),
		1);
	assert_int_equal(count("SELECT count(*) FROM schedule WHERE service_id = $1 AND "
			       "byday = 'TH,FR' AND opens_at = '10:00'",
			       EX_SERVICE),
			 1);
}

/* HSDS 3.1's JSON examples: stored field by field; placeholders reported. */
static void test_hsds31_json(void **state)
{
	struct import_summary sum;
	char *report = NULL;

	(void)state;
	NEED_DB();
	assert_int_equal(run_shared("hsds-3.1/examples", NULL, &sum, &report), 0);
	assert_int_equal(sum.refused, 0);
	assert_example_service();
	assert_int_equal(sum.services, count("SELECT count(*) FROM service", NULL));
	assert_int_equal(count("SELECT count(*) FROM phone WHERE service_id = $1", EX_SERVICE), 1);
	/* the 3.1 members are stored (before 0150: value_dropped), none dropped */
	assert_hsds31_members();
	assert_int_equal(report_count(report, "warning", "value_dropped"), 0);
	/* placeholders: latitude 100, a parent organization that is absent */
	assert_true(report_count(report, "warning", "coordinate_dropped") >= 1);
	assert_true(report_count(report, "warning", "reference_dropped") >= 1);
	assert_int_equal(sum.taxonomies, 1);
	assert_int_equal(sum.taxonomy_terms, 1);
	free(report);
}

/* HSDS 3.1's Tabular Data Package. */
static void test_hsds31_csv(void **state)
{
	struct import_summary sum;
	char *report = NULL;

	(void)state;
	NEED_DB();
	assert_int_equal(run_shared("hsds-3.1/examples/csv", NULL, &sum, &report), 0);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(sum.organizations, 1);
	assert_int_equal(sum.services, 1);
	assert_int_equal(sum.locations, 1);
	assert_example_service();
	/* 3.1's url, units and service_capacity tables are read (before 0150:
	 * skipped); the example's rows name no record of the package (url.csv
	 * has no link column, the capacity's service_id and unit_id and a
	 * service area's service_at_location_id are placeholders): reported */
	assert_int_equal(sum.skipped, 0);
	assert_non_null(strstr(report, "url row not imported"));
	assert_non_null(strstr(report, "service_capacity row names service_id"));
	assert_non_null(strstr(report, "service_area row names service_at_location_id"));
	assert_true(
		holds("SELECT 1 FROM service WHERE id = $1 AND jsonb_array_length(service_areas) "
		      "= 1",
		      EX_SERVICE));
	free(report);
}

#define FX(n) "6f1c2a8e-3b1d-4c52-9e0a-1a2b3c4d5e0" n

/* A 3.1 package whose url, units, service_capacity, service_areas,
 * attributes and taxonomy_terms rows all link (tests/data/import/hsds31,
 * with the UK profile's accessibility and term columns): field by field. */
static void test_hsds31_fixture(void **state)
{
	struct import_summary sum;
	char *report = NULL, path[2400];

	(void)state;
	NEED_DB();
	reset();
	snprintf(path, sizeof(path), "%s/tests/data/import/hsds31", data_dir);
	assert_int_equal(run_import(path, &sum, &report), 0);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(sum.skipped, 0);
	assert_int_equal(sum.warnings, 0);
	assert_true(holds("SELECT 1 FROM organization WHERE id = $1 AND additional_websites = "
			  "'[{\"id\": \"" FX("6") "\", \"label\": \"Blog\", \"url\": "
						  "\"https://blog.dropin.example.org\"}]'",
			  FX("1")));
	assert_true(holds("SELECT 1 FROM service WHERE id = $1 AND additional_urls = '[{\"id\": "
			  "\"" FX("5") "\", \"label\": \"Booking page\", \"url\": "
				       "\"https://dropin.example.org/beds\"}]'",
			  FX("2")));
	/* the unit named by unit_id is nested in the capacity, as in 3.1 JSON */
	assert_true(
		holds("SELECT 1 FROM service WHERE id = $1 AND capacities = '[{\"id\": \"" FX(
			      "8") "\", \"available\": 4, \"maximum\": 12, \"description\": "
				   "\"Beds free tonight\", \"updated\": \"2026-12-06T18:00:00Z\", "
				   "\"unit\": {\"id\": \"" FX("7") "\", \"name\": \"Bed\", "
								   "\"identifier\": \"bed\"}}]'",
		      FX("2")));
	assert_true(holds("SELECT 1 FROM service_at_location WHERE id = $1 AND service_areas = "
			  "'[{\"id\": \"" FX("9") "\", \"name\": \"Inner city\", "
						  "\"extent\": \"DE-BE\", \"extent_type\": "
						  "\"text\", \"service_area\": \"The inner "
						  "city districts\"}]'",
			  FX("4")));
	assert_true(holds("SELECT 1 FROM attribute WHERE service_id = $1 AND label = 'Shelter "
			  "tonight' AND taxonomy_term_id = '" FX("b") "'",
			  FX("2")));
	assert_true(holds("SELECT 1 FROM taxonomy_term WHERE id = $1 AND term = 'Shelter' AND "
			  "taxonomy_id = '" FX("a") "'",
			  FX("b")));
	assert_true(holds("SELECT 1 FROM location WHERE id = $1 AND accessibility -> 0 ->> "
			  "'accessibility' = 'Step-free entrance and a ramp'",
			  FX("3")));
	free(report);
}

/* What the UK profile's examples carry beyond HSDS 3.0, stored as given. */
static void assert_uk_members(void)
{
	static const char area[] = "The service is available to all residents of the MyCity area. "
				   "We provide the service in our offices or via video "
				   "conferencing to any who can provide evidence of their "
				   "residency.";
	static const char access[] = "The building is equipped with induction loops for hearing "
				     "aids. Wheelchair access is possible on all levels.";
	const char *p[2];
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	p[0] = EX_SERVICE;
	p[1] = area;
	res = db_exec(conn,
		      "SELECT 1 FROM service WHERE id = $1 AND service_areas -> 0 ->> "
		      "'service_area' = $2",
		      2, p, &err);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 1);
	PQclear(res);
	p[0] = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";
	p[1] = access;
	res = db_exec(conn,
		      "SELECT 1 FROM location WHERE id = $1 AND accessibility -> 0 ->> "
		      "'accessibility' = $2",
		      2, p, &err);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 1);
	PQclear(res);
	dir_error_clear(&err);
	assert_true(holds("SELECT 1 FROM taxonomy_term WHERE id = $1 AND term = 'name'", EX_TERM));
}

/* The UK profile's JSON examples. */
static void test_uk_json(void **state)
{
	struct import_summary sum;
	char *report = NULL;

	(void)state;
	NEED_DB();
	assert_int_equal(run_shared("uk-profile/examples", NULL, &sum, &report), 0);
	assert_int_equal(sum.refused, 0);
	assert_example_service();
	assert_int_equal(count("SELECT count(*) FROM address a JOIN location l ON l.id = "
			       "a.location_id WHERE a.address_1 = '1-30 Main Street' AND "
			       "a.city = 'MyCity'",
			       NULL),
			 1);
	assert_uk_members();
	assert_int_equal(report_count(report, "warning", "value_dropped"), 0);
	/* taxonomy.json nests its terms (taxonomy_terms): each a term of it,
	 * which the attribute naming the term without its taxonomy_id keeps */
	assert_true(holds("SELECT 1 FROM taxonomy_term WHERE id = $1 AND term = 'name' AND "
			  "taxonomy_id = '5c4d79d7-cc55-470e-9f1f-8cad074e4892'",
			  EX_TERM));
	free(report);
}

/* A taxonomy's nested terms that are no JSON objects are reported, not
 * skipped without a word; the others are imported. */
static void test_nested_term_not_object(void **state)
{
	struct import_summary sum;
	char path[2400], *report = NULL;

	(void)state;
	NEED_DB();
	reset();
	snprintf(path, sizeof(path), "%s/tests/data/import/nested-terms", data_dir);
	assert_int_equal(run_import(path, &sum, &report), 0);
	assert_int_equal(sum.taxonomies, 1);
	assert_int_equal(sum.taxonomy_terms, 1);
	assert_int_equal(report_count(report, "warning", "not_imported"), 2);
	assert_non_null(strstr(report, "taxonomy_terms/1\""));
	assert_non_null(strstr(report, "taxonomy_terms/2\""));
	free(report);
}

/* The UK profile's CSV through its descriptor outside the folder. */
static void test_uk_csv(void **state)
{
	struct import_summary sum;
	char *report = NULL;

	(void)state;
	NEED_DB();
	assert_int_equal(
		run_shared("uk-profile/examples/csv", "uk-profile/datapackage.json", &sum, &report),
		0);
	assert_int_equal(sum.refused, 0);
	assert_example_service();
	/* address.csv (the resource; no address_2), not addresses.csv */
	assert_int_equal(count("SELECT count(*) FROM address WHERE address_1 = '1-30 Main "
			       "Street' AND address_2 IS NULL",
			       NULL),
			 1);
	/* the files its descriptor does not list are reported */
	assert_int_equal(sum.skipped, 6);
	assert_non_null(strstr(report, "addresses.csv is not among the resources"));
	assert_non_null(strstr(report, "schedules.csv is not among the resources"));
	assert_uk_members();
	assert_int_equal(report_count(report, "warning", "value_dropped"), 0);
	free(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_csv_reader),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_fixture_police),
		cmocka_unit_test(test_ilao),
		cmocka_unit_test(test_ilao_keyword),
		cmocka_unit_test(test_hsds3_json),
		cmocka_unit_test(test_hsds3_csv),
		cmocka_unit_test(test_merge_summary_after_full),
		cmocka_unit_test(test_merge_one_run_any_order),
		cmocka_unit_test(test_merge_full_updates),
		cmocka_unit_test(test_merge_prune),
		cmocka_unit_test(test_nested_defects),
		cmocka_unit_test(test_datapackage_resources),
		cmocka_unit_test(test_datapackage_outside),
		cmocka_unit_test(test_taxonomies_alone),
		cmocka_unit_test(test_hsds11),
		cmocka_unit_test(test_hsds31_json),
		cmocka_unit_test(test_hsds31_csv),
		cmocka_unit_test(test_hsds31_fixture),
		cmocka_unit_test(test_uk_json),
		cmocka_unit_test(test_uk_csv),
		cmocka_unit_test(test_nested_term_not_object),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
