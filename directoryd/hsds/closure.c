/*
 * closure.c - the end of temporary closures (closure.h).
 */
#include "closure.h"

#include <errno.h>
#include <stdlib.h>

#include "db.h"

long closure_reopen_due(PGconn *conn, struct dir_error *err)
{
	PGresult *res;
	char *end;
	long n;

	if (db_begin(conn, err) != 0)
		return -1;
	if ((res = db_exec(conn, "SELECT dir_closure_reopen_due()", 0, NULL, err)) == NULL)
		goto fail;
	errno = 0;
	n = strtol(PQgetvalue(res, 0, 0), &end, 10);
	/* end points into res: read it before res is freed */
	if (errno != 0 || *end != '\0' || n < 0) {
		PQclear(res);
		dir_error_add(err, "internal_error", NULL, "unexpected count of reopened services");
		goto fail;
	}
	PQclear(res);
	if (db_commit(conn, err) != 0)
		return -1;
	return n;
fail:
	db_rollback(conn);
	return -1;
}
