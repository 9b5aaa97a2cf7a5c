/*
 * testdb.h - a fresh, migrated database for the cmocka tests that need
 * PostgreSQL (store, search, import).
 */
#ifndef DIRECTORYD_TESTDB_H
#define DIRECTORYD_TESTDB_H

#include <libpq-fe.h>

/*
 * Drop and create the database NAME (an SQL identifier literal, so the
 * statements stay fixed strings) on the server of the libpq conninfo in
 * $DIRECTORYD_TEST_DB, migrate it from $DIRECTORYD_DATA_DIR and seed the
 * vocabularies. who names the test in messages.
 * Returns the connection (caller PQfinish), or NULL: *skipped is set to 1
 * when the environment variables are unset (the caller skips its tests,
 * after this printed why), and to 0 on a real failure (printed).
 */
#define TESTDB_OPEN(NAME, who, skipped)                                      \
	testdb_open(#NAME, "DROP DATABASE IF EXISTS " #NAME " WITH (FORCE)", \
		    "CREATE DATABASE " #NAME, who, skipped)

PGconn *testdb_open(const char *name, const char *drop_sql, const char *create_sql, const char *who,
		    int *skipped);

#endif
