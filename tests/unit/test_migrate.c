/*
 * test_migrate.c - the migration runner against a real PostgreSQL: order,
 * idempotence, a failing migration that leaves the schema as it was and
 * names itself, checksums of applied migrations, and the re-applied files
 * of sql/. Needs DIRECTORYD_TEST_DB (a libpq conninfo of a server
 * where it may create the database dir_test_migrate).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "migrate.h"

static PGconn *conn;
static char dir[] = "/tmp/dirmigrate.XXXXXX";

static void write_file(const char *sub, const char *name, const char *sql)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(sql, f);
	fclose(f);
}

static void write_migration(const char *name, const char *sql)
{
	write_file("migrations", name, sql);
}

static int group_setup(void **state)
{
	const char *conninfo = getenv("DIRECTORYD_TEST_DB");
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { conninfo, "dir_test_migrate", NULL };
	struct dir_error err;
	char sub[64];
	PGconn *admin;

	(void)state;
	if (conninfo == NULL || conninfo[0] == '\0') {
		fprintf(stderr, "test_migrate: skipped, set DIRECTORYD_TEST_DB to a "
				"libpq conninfo to run it\n");
		return 0;
	}
	dir_error_init(&err);
	admin = db_connect(conninfo, &err);
	if (admin == NULL ||
	    db_command(admin, "SET client_min_messages = warning", 0, NULL, &err) ||
	    db_command(admin, "DROP DATABASE IF EXISTS dir_test_migrate WITH (FORCE)", 0, NULL,
		       &err) ||
	    db_command(admin, "CREATE DATABASE dir_test_migrate", 0, NULL, &err)) {
		fprintf(stderr, "test_migrate: %s\n", err.message);
		PQfinish(admin);
		return -1;
	}
	PQfinish(admin);
	conn = PQconnectdbParams(keys, vals, 1);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(sub, sizeof(sub), "%s/migrations", dir);
	return PQstatus(conn) == CONNECTION_OK && mkdir(sub, 0700) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	static const char *const files[] = {
		"migrations/0001_first.sql", "migrations/0002_broken.sql",
		"migrations/0003_later.sql", "migrations/README.md",
		"migrations/12_short.sql",   "migrations/0004_uses.sql",
		"sql/10_early.sql",          "sql/20_late.sql"
	};
	char path[256];

	(void)state;
	PQfinish(conn);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/migrations", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/sql", dir);
	rmdir(path);
	rmdir(dir);
	return 0;
}

/* 1 when the table exists in the public schema. */
static int table_exists(const char *name)
{
	const char *params[1] = { name };
	PGresult *res = db_exec(conn, "SELECT to_regclass($1) IS NOT NULL", 1, params, NULL);
	int yes = res != NULL && PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return yes;
}

static void test_failing_migration_leaves_nothing(void **state)
{
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	write_migration("0001_first.sql", "CREATE TABLE first_t (id int);");
	write_migration("0002_broken.sql", "CREATE TABLE half_t (id int);\n"
					   "INSERT INTO no_such_table VALUES (1);");
	write_migration("0003_later.sql", "CREATE TABLE later_t (id int);");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), -1);
	assert_non_null(strstr(err.message, "0002_broken.sql"));
	assert_true(table_exists("first_t"));
	assert_false(table_exists("half_t"));  /* rolled back with its file */
	assert_false(table_exists("later_t")); /* nothing after a failure */
	dir_error_clear(&err);

	/* Fixed, the run goes on from where it stopped. */
	write_migration("0002_broken.sql", "CREATE TABLE half_t (id int);");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 2);
	assert_true(table_exists("half_t"));
	assert_true(table_exists("later_t"));
	/* A second run changes nothing. */
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 0);
	assert_false(dir_error_isset(&err));
}

static void test_names_not_migrations_are_ignored(void **state)
{
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	write_migration("README.md", "not sql");
	write_migration("12_short.sql", "SELECT broken syntax here;");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 0);
	assert_false(dir_error_isset(&err));
}

/* The first column of the first row of a query, as a string (static buffer). */
static const char *value(const char *sql)
{
	static char out[200];
	PGresult *res = db_exec(conn, sql, 0, NULL, NULL);

	out[0] = '\0';
	if (res != NULL && PQntuples(res) > 0)
		snprintf(out, sizeof(out), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return out;
}

static void test_changed_migration_is_refused(void **state)
{
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	assert_string_equal(value("SELECT count(*) FROM schema_migrations WHERE checksum IS NULL"),
			    "0");
	write_migration("0001_first.sql", "CREATE TABLE first_t (id int, added int);");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), -1);
	assert_non_null(strstr(err.message, "migrations/0001_first.sql has changed"));
	dir_error_clear(&err);
	/* Restored, it passes again. */
	write_migration("0001_first.sql", "CREATE TABLE first_t (id int);");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 0);
	assert_false(dir_error_isset(&err));
}

static void test_checksums_recorded_for_older_databases(void **state)
{
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	/* As migrated by a version before checksums. */
	assert_int_equal(
		db_command(conn, "UPDATE schema_migrations SET checksum = NULL", 0, NULL, &err), 0);
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 0);
	assert_string_equal(
		value("SELECT checksum FROM schema_migrations "
		      "WHERE name = '0003_later.sql'"),
		value("SELECT encode(sha256('CREATE TABLE later_t (id int);'), 'hex')"));
	/* And from then on they are checked. */
	write_migration("0003_later.sql", "CREATE TABLE later_t (id bigint);");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), -1);
	assert_non_null(strstr(err.message, "0003_later.sql"));
	dir_error_clear(&err);
	write_migration("0003_later.sql", "CREATE TABLE later_t (id int);");
}

static void test_sql_files_are_reapplied(void **state)
{
	char path[256];
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	snprintf(path, sizeof(path), "%s/sql", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	/* 10_early may run before 0004, which calls it; 20_late only at the end. */
	write_file("sql", "10_early.sql",
		   "-- 10_early.sql\n-- needs: 0003\n"
		   "CREATE OR REPLACE FUNCTION t_early() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
		   "CREATE OR REPLACE FUNCTION t_gone() RETURNS int LANGUAGE sql AS 'SELECT 0';\n"
		   "CREATE OR REPLACE FUNCTION t_twice(x int) RETURNS int LANGUAGE sql "
		   "IMMUTABLE AS 'SELECT 2 * x';\n");
	write_file("sql", "20_late.sql",
		   "CREATE OR REPLACE FUNCTION t_trg() RETURNS trigger LANGUAGE plpgsql AS "
		   "'BEGIN NEW.v := NEW.v + 100; RETURN NEW; END';\n"
		   "CREATE TRIGGER uses_bump BEFORE INSERT ON uses_t FOR EACH ROW "
		   "EXECUTE FUNCTION t_trg();\n");
	write_migration("0004_uses.sql", "CREATE TABLE uses_t AS SELECT t_early() AS v;\n"
					 "CREATE INDEX uses_twice ON uses_t (t_twice(v));");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 1);
	assert_string_equal(value("SELECT v FROM uses_t"), "1");
	assert_int_equal(db_command(conn, "INSERT INTO uses_t VALUES (5)", 0, NULL, &err), 0);
	assert_string_equal(value("SELECT max(v) FROM uses_t"), "105");

	/* A changed file is applied again; a function no file defines is dropped,
	 * unless an index uses it. */
	write_file(
		"sql", "10_early.sql",
		"-- needs: 0003\n"
		"CREATE OR REPLACE FUNCTION t_early() RETURNS int LANGUAGE sql AS 'SELECT 7';\n");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), 0);
	assert_false(dir_error_isset(&err));
	assert_string_equal(value("SELECT t_early()"), "7");
	assert_string_equal(value("SELECT count(*) FROM pg_proc WHERE proname = 't_gone'"), "0");
	assert_string_equal(value("SELECT count(*) FROM pg_proc WHERE proname = 't_twice'"), "1");
	assert_string_equal(value("SELECT count(*) FROM pg_trigger WHERE tgname = 'uses_bump'"),
			    "1");
}

static void test_failing_sql_file_names_itself(void **state)
{
	struct dir_error err;

	(void)state;
	if (conn == NULL)
		skip();
	dir_error_init(&err);
	write_file("sql", "20_late.sql", "CREATE FUNCTION t_bad( RETURNS int;\n");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), -1);
	assert_non_null(strstr(err.message, "sql/20_late.sql failed"));
	/* Rolled back: the trigger of the file's previous version is still there. */
	assert_string_equal(value("SELECT count(*) FROM pg_trigger WHERE tgname = 'uses_bump'"),
			    "1");
	dir_error_clear(&err);
	write_file("sql", "20_late.sql", "-- needs: 12\n");
	assert_int_equal(migrate_apply(conn, dir, NULL, &err), -1);
	assert_non_null(strstr(err.message, "sql/20_late.sql: the needs line"));
	dir_error_clear(&err);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* No two files of the source tree's migrations/ (four digits) or sql/
 * (two) share a number: the number orders them, and two files with one
 * number would be ordered by the rest of their names by accident (as
 * sql/38_closure.sql and 38_import_state.sql were). Needs no database. */
static void test_source_numbers_unique(void **state)
{
	static const struct {
		const char *sub;
		size_t digits;
	} sets[] = { { "migrations", 4 }, { "sql", 2 } };
	const char *data = getenv("DIRECTORYD_DATA_DIR");
	char path[2048], *names[1000];

	(void)state;
	if (data == NULL)
		skip();
	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		size_t n = 0;
		struct dirent *ent;
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s", data, sets[s].sub);
		assert_non_null(d = opendir(path));
		while ((ent = readdir(d)) != NULL && n < sizeof(names) / sizeof(names[0])) {
			size_t len = strlen(ent->d_name);
			if (len > sets[s].digits + 5 && strcmp(ent->d_name + len - 4, ".sql") == 0)
				assert_non_null(names[n++] = strdup(ent->d_name));
		}
		closedir(d);
		assert_true(n > 0);
		qsort(names, n, sizeof(names[0]), name_cmp);
		for (size_t i = 1; i < n; i++)
			if (strncmp(names[i - 1], names[i], sets[s].digits) == 0)
				fail_msg("%s/%s and %s share a number", sets[s].sub, names[i - 1],
					 names[i]);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failing_migration_leaves_nothing),
		cmocka_unit_test(test_names_not_migrations_are_ignored),
		cmocka_unit_test(test_changed_migration_is_refused),
		cmocka_unit_test(test_checksums_recorded_for_older_databases),
		cmocka_unit_test(test_sql_files_are_reapplied),
		cmocka_unit_test(test_failing_sql_file_names_itself),
		cmocka_unit_test(test_source_numbers_unique),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
