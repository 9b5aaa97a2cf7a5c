/*
 * migrate.c - the migration runner behind `directoryd migrate`.
 *
 * Migration files are trusted SQL scripts shipped with directoryd. They hold
 * many statements and dollar-quoted function bodies, which only the simple
 * query protocol accepts, so this is the one place that runs SQL with PQexec
 * on text that is not a literal: the file's own content, never user input.
 */
#include "migrate.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"

#define MIGRATION_MAX_BYTES (4u << 20)
#define MIGRATION_MAX_FILES 1000
#define MIGRATE_LOCK_KEY    "7262131"

static const char create_table_sql[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				       " name text PRIMARY KEY,"
				       " applied_at timestamptz NOT NULL DEFAULT now())";

/* A migration file name: four digits, an underscore, a name, ".sql". */
static int migrate_is_name(const char *name)
{
	size_t len = strlen(name);

	if (len < 10 || strcmp(name + len - 4, ".sql") != 0 || name[4] != '_')
		return 0;
	for (int i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	return 1;
}

static int migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of migration file names; caller frees each and the array. */
static char **migrate_list(const char *dir, size_t *count, struct dir_error *err)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	struct dirent *ent;
	size_t n = 0;

	if (d == NULL) {
		dir_error_add(err, "internal_error", NULL,
			      "cannot open the migrations folder %s: %s; "
			      "check --data-dir",
			      dir, strerror(errno));
		return NULL;
	}
	names = calloc(MIGRATION_MAX_FILES, sizeof(*names));
	while (names != NULL && (ent = readdir(d)) != NULL) {
		if (!migrate_is_name(ent->d_name))
			continue;
		if (n == MIGRATION_MAX_FILES || !(names[n] = strdup(ent->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (names == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	qsort(names, n, sizeof(*names), migrate_cmp);
	*count = n;
	return names;
}

/* Read a whole file into a NUL-terminated buffer; caller frees. */
static char *migrate_read(const char *path, struct dir_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;

	if (f == NULL || fstat(fileno(f), &st) != 0 || (size_t)st.st_size > MIGRATION_MAX_BYTES) {
		dir_error_add(err, "internal_error", NULL,
			      "cannot read migration %s (missing, unreadable or "
			      "over 4 MiB)",
			      path);
		goto done;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		dir_error_add(err, "internal_error", NULL, "cannot read migration %s", path);
		free(buf);
		buf = NULL;
		goto done;
	}
	buf[st.st_size] = '\0';
done:
	if (f != NULL)
		fclose(f);
	return buf;
}

static int migrate_is_applied(PGconn *conn, const char *name, struct dir_error *err)
{
	const char *params[1] = { name };
	PGresult *res =
		db_exec(conn, "SELECT 1 FROM schema_migrations WHERE name = $1", 1, params, err);
	int applied;

	if (res == NULL)
		return -1;
	applied = PQntuples(res) > 0;
	PQclear(res);
	return applied;
}

/* Run one file in a transaction with its record. 1 applied, 0 skipped, -1. */
static int migrate_one(PGconn *conn, const char *dir, const char *name, struct dir_error *err)
{
	const char *params[1] = { name };
	char path[4200];
	char *sql = NULL;
	PGresult *res;
	int rc = -1, applied;

	if (db_begin(conn, err) != 0 ||
	    db_command(conn, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")", 0, NULL, err) !=
		    0)
		goto done;
	applied = migrate_is_applied(conn, name, err);
	if (applied != 0) {
		rc = applied < 0 ? -1 : 0;
		goto done;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		goto done;
	}
	if ((sql = migrate_read(path, err)) == NULL)
		goto done;
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		char reason[400];
		snprintf(reason, sizeof(reason), "%s", PQresultErrorMessage(res));
		reason[strcspn(reason, "\n")] = '\0';
		dir_error_add(err, "internal_error", NULL,
			      "migration %s failed and was rolled back: %s", name, reason);
		PQclear(res);
		goto done;
	}
	PQclear(res);
	if (db_command(conn, "INSERT INTO schema_migrations (name) VALUES ($1)", 1, params, err) ==
		    0 &&
	    db_commit(conn, err) == 0)
		rc = 1;
done:
	if (rc != 1)
		db_rollback(conn);
	free(sql);
	return rc;
}

int migrate_apply(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err)
{
	char dir[4096];
	char **names;
	size_t count = 0;
	int applied = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/migrations", data_dir) >= sizeof(dir)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		return -1;
	}
	if (db_command(conn, create_table_sql, 0, NULL, err) != 0)
		return -1;
	if ((names = migrate_list(dir, &count, err)) == NULL)
		return -1;
	for (size_t i = 0; i < count; i++) {
		int rc = applied >= 0 ? migrate_one(conn, dir, names[i], err) : 0;
		if (rc < 0)
			applied = -1;
		else if (rc == 1) {
			applied++;
			if (log != NULL)
				fprintf(log, "applied migration %s\n", names[i]);
		}
		free(names[i]);
	}
	free(names);
	return applied;
}
