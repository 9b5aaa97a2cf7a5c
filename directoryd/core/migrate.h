/*
 * migrate.h - apply the numbered SQL migrations in <data_dir>/migrations and
 * re-apply the functions, triggers and views of <data_dir>/sql.
 */
#ifndef DIRECTORYD_MIGRATE_H
#define DIRECTORYD_MIGRATE_H

#include <libpq-fe.h>
#include <stdio.h>

#include "error.h"

/*
 * Bring the database of conn up to the files of data_dir (HACKING.md,
 * "SQL"): check the checksums of the applied migrations (recording them for
 * migrations applied before checksums existed), apply, in name order, every
 * file <data_dir>/migrations/NNNN_name.sql not yet recorded in the table
 * schema_migrations, and re-apply the functions, triggers and views of
 * <data_dir>/sql/NN_name.sql (when that folder exists), dropping those no
 * file defines any more. Each migration runs in its own transaction together
 * with the row that records it and with the sql/ files it needs, under an
 * advisory lock, so running twice changes nothing and a failing migration
 * leaves the schema as it was. log (may be NULL) gets one line per applied
 * migration. Returns the number of migrations applied (0 when up to date),
 * or -1 with err set (code internal_error, message naming the file and the
 * server's reason, or the applied migration whose file has changed).
 */
int migrate_apply(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err);

#endif
