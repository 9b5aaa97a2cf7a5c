/*
 * migrate.c - the migration runner behind `directoryd migrate` (HACKING.md,
 * "SQL").
 *
 * <data_dir>/migrations/NNNN_name.sql hold tables, indexes and data changes.
 * Each is applied once, in its own transaction together with the row of
 * schema_migrations that records its name and checksum; an applied
 * migration whose file has changed since is refused.
 *
 * <data_dir>/sql/NN_name.sql hold the stored functions, triggers and views.
 * They are re-applied on every run, in name order, by a "pass": in one
 * transaction it drops every view, every trigger and every function that
 * nothing but functions, triggers and views depends on, and runs the files
 * again, so that the database has exactly what the files define. The last
 * pass of a run applies every file. A file whose first lines say
 * "-- needs: NNNN" (or "-- needs: none") is also applied before the
 * migrations that follow NNNN, in their transactions, so that a migration can
 * call its functions (to fill a derived table, say) and a fresh database ends
 * like an upgraded one.
 *
 * The files are trusted SQL scripts shipped with directoryd. They hold many
 * statements and dollar-quoted function bodies, which only the simple query
 * protocol accepts, so this is the one place that runs SQL with PQexec on
 * text that is not a literal: the file's own content, never user input.
 */
#include "migrate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"

#define MIGRATION_MAX_BYTES (4u << 20)
#define MIGRATION_MAX_FILES 1000
#define MIGRATE_LOCK_KEY    "7262131"
#define NEEDS_NONE          (-1)    /* applied before any migration */
#define NEEDS_ALL           INT_MAX /* applied only after all of them */

/* One file of migrations/ or sql/. */
struct mig_file {
	char *name;
	char *sql;
	int number; /* migrations: NNNN; sql/: what it needs */
};

struct mig_set {
	const char *dir; /* "migrations" or "sql" */
	struct mig_file *files;
	size_t n;
};

/* What the passes of one run have done. */
struct mig_run {
	FILE *log;
	size_t passed; /* files applied by the last pass, 0 before the first */
};

static const char create_table_sql[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				       " name text PRIMARY KEY,"
				       " applied_at timestamptz NOT NULL DEFAULT now())";
static const char add_checksum_sql[] =
	"ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text";
#define CHECKSUM_OF_2 "encode(sha256(convert_to($2, 'UTF8')), 'hex')"

/*
 * Drop what the sql/ files define, before they run again: views, triggers
 * (not the internal ones of foreign keys) and every function of the public
 * schema that is not an extension's and that no index, column or constraint
 * uses (those are replaced in place by CREATE OR REPLACE).
 */
static const char drop_defined_sql[] =
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT format('%I.%I', n.nspname, c.relname) AS v FROM pg_class c"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE c.relkind = 'v' AND n.nspname = 'public' AND NOT EXISTS (SELECT 1"
	"   FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP"
	"  EXECUTE format('DROP VIEW IF EXISTS %s CASCADE', r.v); END LOOP;"
	" FOR r IN SELECT t.tgname AS g, format('%I.%I', n.nspname, c.relname) AS t"
	"  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE NOT t.tgisinternal AND n.nspname = 'public' LOOP"
	"  EXECUTE format('DROP TRIGGER %I ON %s', r.g, r.t); END LOOP;"
	" FOR r IN SELECT p.oid::regprocedure::text AS f FROM pg_proc p"
	"  WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
	"   AND d.objid = p.oid AND d.deptype = 'e')"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_proc'::regclass"
	"   AND d.refobjid = p.oid AND d.deptype IN ('n', 'a')) LOOP"
	"  EXECUTE format('DROP ROUTINE %s', r.f); END LOOP;"
	" END $$";

/* A file name: digits (four for a migration, two for sql/), '_', ".sql". */
static int migrate_is_name(const char *name, size_t digits)
{
	size_t len = strlen(name);

	if (len < digits + 6 || strcmp(name + len - 4, ".sql") != 0 || name[digits] != '_')
		return 0;
	for (size_t i = 0; i < digits; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	return 1;
}

static int migrate_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mig_file *)a)->name, ((const struct mig_file *)b)->name);
}

static void migrate_set_free(struct mig_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->files[i].name);
		free(set->files[i].sql);
	}
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

/* Read a whole file into a NUL-terminated buffer; caller frees. */
static char *migrate_read(const char *path, struct dir_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;

	if (f == NULL || fstat(fileno(f), &st) != 0 || (size_t)st.st_size > MIGRATION_MAX_BYTES) {
		dir_error_add(err, "internal_error", NULL,
			      "cannot read %s (missing, unreadable or over 4 MiB)", path);
		goto done;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		dir_error_add(err, "internal_error", NULL, "cannot read %s", path);
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

/* The "-- needs: NNNN" or "-- needs: none" line of an sql/ file. */
static int migrate_needs(const char *name, const char *sql, int *needs, struct dir_error *err)
{
	const char *p = strncmp(sql, "-- needs: ", 10) == 0 ? sql : strstr(sql, "\n-- needs: ");
	char *end;
	long n;

	*needs = NEEDS_ALL;
	if (p == NULL)
		return 0;
	p += *p == '\n' ? 11 : 10;
	if (strncmp(p, "none", 4) == 0 && (p[4] == '\n' || p[4] == '\0')) {
		*needs = NEEDS_NONE;
		return 0;
	}
	n = strtol(p, &end, 10);
	if (end != p + 4 || (*end != '\n' && *end != '\0') || n < 0) {
		dir_error_add(err, "internal_error", NULL,
			      "sql/%s: the needs line names a migration number (-- needs: 0001) "
			      "or none",
			      name);
		return -1;
	}
	*needs = (int)n;
	return 0;
}

/* Read one listed file of the set and its number. */
static int migrate_load(const char *data_dir, struct mig_set *set, struct mig_file *f,
			struct dir_error *err)
{
	char path[4200];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s", data_dir, set->dir, f->name) >=
	    sizeof(path)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		return -1;
	}
	if ((f->sql = migrate_read(path, err)) == NULL)
		return -1;
	if (strcmp(set->dir, "sql") == 0)
		return migrate_needs(f->name, f->sql, &f->number, err);
	f->number = (int)strtol(f->name, NULL, 10);
	return 0;
}

/*
 * The files of <data_dir>/<set->dir>, read, in name order. 0, or 1 when the
 * folder does not exist and missing_ok, or -1 with err.
 */
static int migrate_list(const char *data_dir, struct mig_set *set, int missing_ok,
			struct dir_error *err)
{
	size_t digits = strcmp(set->dir, "sql") == 0 ? 2 : 4;
	char path[4200];
	struct dirent *ent;
	DIR *d;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", data_dir, set->dir);
	if ((d = opendir(path)) == NULL) {
		if (missing_ok && errno == ENOENT)
			return 1;
		dir_error_add(err, "internal_error", NULL,
			      "cannot open the folder %s: %s; check --data-dir", path,
			      strerror(errno));
		return -1;
	}
	set->files = calloc(MIGRATION_MAX_FILES, sizeof(*set->files));
	while (set->files != NULL && (ent = readdir(d)) != NULL) {
		if (!migrate_is_name(ent->d_name, digits))
			continue;
		if (set->n == MIGRATION_MAX_FILES ||
		    !(set->files[set->n].name = strdup(ent->d_name)))
			break;
		set->n++;
	}
	closedir(d);
	if (set->files == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	qsort(set->files, set->n, sizeof(*set->files), migrate_cmp);
	for (size_t i = 0; i < set->n && rc == 0; i++)
		rc = migrate_load(data_dir, set, &set->files[i], err);
	return rc;
}

/* Run a file's SQL; on failure err names it, with the server's reason. */
static int migrate_run_file(PGconn *conn, const char *dir, const struct mig_file *f,
			    const char *when, struct dir_error *err)
{
	PGresult *res = PQexec(conn, f->sql);
	ExecStatusType st = PQresultStatus(res);
	char reason[400];

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(res);
		return 0;
	}
	snprintf(reason, sizeof(reason), "%s", PQresultErrorMessage(res));
	reason[strcspn(reason, "\n")] = '\0';
	dir_error_add(err, "internal_error", NULL, "%s/%s failed%s and was rolled back: %s", dir,
		      f->name, when, reason);
	PQclear(res);
	return -1;
}

/* Files of sql/ that may run before migration number before (INT_MAX: all). */
static size_t migrate_ready(const struct mig_set *sql, int before)
{
	size_t n = 0;

	for (size_t i = 0; i < sql->n; i++)
		n += before == INT_MAX || sql->files[i].number < before;
	return n;
}

/*
 * A pass, inside the caller's transaction: drop what sql/ defines and run
 * the files that may run before migration `before` (INT_MAX: all of them).
 * A pass before a migration is skipped when it would run the same files as
 * the run's previous pass.
 */
static int migrate_pass(PGconn *conn, const struct mig_set *sql, int before, struct mig_run *run,
			const char *when, struct dir_error *err)
{
	size_t ready = migrate_ready(sql, before);

	if (sql->files == NULL || (before != INT_MAX && run->passed == ready))
		return 0;
	if (db_command(conn, "SET LOCAL check_function_bodies = off", 0, NULL, err) != 0 ||
	    db_command(conn, drop_defined_sql, 0, NULL, err) != 0)
		return -1;
	for (size_t i = 0; i < sql->n; i++) {
		const struct mig_file *f = &sql->files[i];
		if ((before == INT_MAX || f->number < before) &&
		    migrate_run_file(conn, "sql", f, when, err) != 0)
			return -1;
	}
	run->passed = ready;
	return 0;
}

static int migrate_lock(PGconn *conn, struct dir_error *err)
{
	return db_begin(conn, err) != 0 ||
			       db_command(conn,
					  "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")", 0,
					  NULL, err) != 0
		       ? -1
		       : 0;
}

/*
 * The checksum check, in one transaction: record the checksum of applied
 * migrations that have none (applied before checksums), and refuse when an
 * applied migration's file has changed since. Applied migrations without a
 * file (emptied into sql/) are left alone.
 */
static int migrate_verify(PGconn *conn, const struct mig_set *migs, struct dir_error *err)
{
	int rc = migrate_lock(conn, err);

	for (size_t i = 0; i < migs->n && rc == 0; i++) {
		const char *params[2] = { migs->files[i].name, migs->files[i].sql };
		PGresult *res;

		if (db_command(conn,
			       "UPDATE schema_migrations SET checksum = " CHECKSUM_OF_2
			       " WHERE name = $1 AND checksum IS NULL",
			       2, params, err) != 0 ||
		    (res = db_exec(conn,
				   "SELECT 1 FROM schema_migrations WHERE name = $1 AND "
				   "checksum <> " CHECKSUM_OF_2,
				   2, params, err)) == NULL) {
			rc = -1;
			break;
		}
		if (PQntuples(res) > 0) {
			dir_error_add(err, "internal_error", NULL,
				      "migrations/%s has changed since it was applied to this "
				      "database; an applied migration never changes: restore the "
				      "file and put the change in a new migration",
				      migs->files[i].name);
			rc = -1;
		}
		PQclear(res);
	}
	if (rc == 0 && db_commit(conn, err) == 0)
		return 0;
	db_rollback(conn);
	return -1;
}

/* Apply one migration with its pass. 1 applied, 0 already applied, -1. */
static int migrate_one(PGconn *conn, const struct mig_set *migs, size_t i,
		       const struct mig_set *sql, struct mig_run *run, struct dir_error *err)
{
	const struct mig_file *f = &migs->files[i];
	const char *params[2] = { f->name, f->sql };
	char when[300];
	PGresult *res;
	int rc = -1;

	if (migrate_lock(conn, err) != 0 ||
	    (res = db_exec(conn, "SELECT 1 FROM schema_migrations WHERE name = $1", 1, params,
			   err)) == NULL)
		goto done;
	rc = PQntuples(res) > 0 ? 0 : -1;
	PQclear(res);
	if (rc == 0)
		goto done;
	snprintf(when, sizeof(when), " before migrations/%s", f->name);
	if (migrate_pass(conn, sql, f->number, run, when, err) == 0 &&
	    migrate_run_file(conn, "migrations", f, "", err) == 0 &&
	    db_command(conn,
		       "INSERT INTO schema_migrations (name, checksum) VALUES ($1, " CHECKSUM_OF_2
		       ")",
		       2, params, err) == 0 &&
	    db_commit(conn, err) == 0) {
		if (run->log != NULL)
			fprintf(run->log, "applied migration %s\n", f->name);
		return 1;
	}
done:
	db_rollback(conn);
	if (rc != 0)
		run->passed = 0; /* the pass was rolled back too */
	return rc;
}

/* The last pass, in its own transaction: every sql/ file. */
static int migrate_final_pass(PGconn *conn, const struct mig_set *sql, struct mig_run *run,
			      struct dir_error *err)
{
	if (sql->files == NULL)
		return 0;
	if (migrate_lock(conn, err) == 0 && migrate_pass(conn, sql, INT_MAX, run, "", err) == 0 &&
	    db_commit(conn, err) == 0)
		return 0;
	db_rollback(conn);
	return -1;
}

int migrate_apply(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err)
{
	struct mig_set migs = { "migrations", NULL, 0 }, sql = { "sql", NULL, 0 };
	struct mig_run run = { log, 0 };
	int applied = 0;

	if (db_command(conn, create_table_sql, 0, NULL, err) != 0 ||
	    db_command(conn, add_checksum_sql, 0, NULL, err) != 0 ||
	    migrate_list(data_dir, &migs, 0, err) < 0 || migrate_list(data_dir, &sql, 1, err) < 0 ||
	    migrate_verify(conn, &migs, err) != 0) {
		applied = -1;
		goto done;
	}
	for (size_t i = 0; i < migs.n && applied >= 0; i++) {
		int rc = migrate_one(conn, &migs, i, &sql, &run, err);
		applied = rc < 0 ? -1 : applied + rc;
	}
	if (applied >= 0 && migrate_final_pass(conn, &sql, &run, err) != 0)
		applied = -1;
done:
	migrate_set_free(&migs);
	migrate_set_free(&sql);
	return applied;
}
