/*
 * testdb.c - recreate, migrate and seed a test database.
 */
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "migrate.h"
#include "store.h"

static int testdb_recreate(PGconn *admin, const char *drop_sql, const char *create_sql,
			   struct dir_error *err)
{
	return db_command(admin, "SET client_min_messages = warning", 0, NULL, err) == 0 &&
			       db_command(admin, drop_sql, 0, NULL, err) == 0 &&
			       db_command(admin, create_sql, 0, NULL, err) == 0
		       ? 0
		       : -1;
}

static PGconn *testdb_prepare(const char *conninfo, const char *name, const char *data_dir,
			      struct dir_error *err)
{
	const char *keys[] = { "dbname", "dbname", NULL };
	const char *vals[] = { conninfo, name, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);

	if (PQstatus(c) != CONNECTION_OK ||
	    db_command(c, "SET TIME ZONE 'UTC'", 0, NULL, err) != 0 ||
	    db_command(c, "SET client_min_messages = warning", 0, NULL, err) != 0 ||
	    migrate_apply(c, data_dir, NULL, err) < 0 || db_begin(c, err) != 0 ||
	    store_seed_taxonomies(c, data_dir, err) != 0 || db_commit(c, err) != 0) {
		if (!dir_error_isset(err))
			dir_error_add(err, "database_unavailable", NULL, "%s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

PGconn *testdb_open(const char *name, const char *drop_sql, const char *create_sql, const char *who,
		    int *skipped)
{
	const char *conninfo = getenv("DIRECTORYD_TEST_DB");
	const char *data_dir = getenv("DIRECTORYD_DATA_DIR");
	struct dir_error err;
	PGconn *admin, *c = NULL;

	*skipped = conninfo == NULL || conninfo[0] == '\0' || data_dir == NULL;
	if (*skipped) {
		fprintf(stderr,
			"%s: skipped, set DIRECTORYD_TEST_DB to a libpq "
			"conninfo (and DIRECTORYD_DATA_DIR) to run it\n",
			who);
		return NULL;
	}
	dir_error_init(&err);
	admin = db_connect(conninfo, &err);
	if (admin != NULL && testdb_recreate(admin, drop_sql, create_sql, &err) == 0)
		c = testdb_prepare(conninfo, name, data_dir, &err);
	if (c == NULL)
		fprintf(stderr, "%s: cannot prepare database %s: %s\n", who, name, err.message);
	PQfinish(admin);
	dir_error_clear(&err);
	return c;
}
