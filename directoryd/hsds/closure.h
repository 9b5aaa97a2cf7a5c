/*
 * closure.h - the end of temporary closures (docs/data-model.md,
 * closed_until): the daemon's housekeeping thread (directoryd/auth/maintain.c)
 * calls closure_reopen_due on every sweep.
 */
#ifndef DIRECTORYD_CLOSURE_H
#define DIRECTORYD_CLOSURE_H

#include <libpq-fe.h>

#include "error.h"

/*
 * Open again every service of this node whose closed_until is before
 * today (UTC): status "active", closed_until and alert removed, in one
 * transaction through db_begin/db_commit, so the audit trail records it
 * (way "housekeeping"), the derived tables follow and the commit hook
 * publishes the new versions to peers (sql/38_closure.sql). Mirrored
 * listings are left to their origin.
 * Returns the number of services reopened (0 or more), or -1 with err.
 */
long closure_reopen_due(PGconn *conn, struct dir_error *err);

#endif
