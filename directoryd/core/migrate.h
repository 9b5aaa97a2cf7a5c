/*
 * migrate.h - apply the numbered SQL migrations in <data_dir>/migrations.
 */
#ifndef DIRECTORYD_MIGRATE_H
#define DIRECTORYD_MIGRATE_H

#include <libpq-fe.h>
#include <stdio.h>

#include "error.h"

/*
 * Apply, in name order, every file <data_dir>/migrations/NNNN_name.sql not
 * yet recorded in the table schema_migrations. Each file runs in its own
 * transaction together with the row that records it, under an advisory
 * lock, so running twice changes nothing and a failing migration leaves the
 * schema as it was. log (may be NULL) gets one line per applied file.
 * Returns the number of files applied (0 when up to date), or -1 with err
 * set (code internal_error, message naming the migration and the server's
 * reason).
 */
int migrate_apply(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err);

#endif
