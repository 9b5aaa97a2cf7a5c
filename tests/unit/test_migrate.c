/*
 * test_migrate.c - the migration runner against a real PostgreSQL: order,
 * idempotence, and a failing migration that leaves the schema as it was
 * and names itself. Needs DIRECTORYD_TEST_DB (a libpq conninfo of a server
 * where it may create the database dir_test_migrate).
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
#include "migrate.h"

static PGconn *conn;
static char dir[] = "/tmp/dirmigrate.XXXXXX";

static void write_migration(const char *name, const char *sql)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/migrations/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(sql, f);
	fclose(f);
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
	static const char *const files[] = { "0001_first.sql", "0002_broken.sql", "0003_later.sql",
					     "README.md", "12_short.sql" };
	char path[256];

	(void)state;
	PQfinish(conn);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/migrations/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/migrations", dir);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failing_migration_leaves_nothing),
		cmocka_unit_test(test_names_not_migrations_are_ignored),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
