/*
 * feed.c - the change feed and snapshot pages of this node (docs/
 * federation.md, section 6): cursor parsing, the one statement that builds
 * a page, and the pruning of tombstones.
 */
#include "feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* Length of the epoch: 32 hexadecimal digits. */
/* Longest origin list passed to SQL, in bytes. */
#define FEED_ORIGINS_TEXT_MAX 16384

int feed_cursor_split(const char *cursor, char epoch[FEED_EPOCH_LEN + 1], char seq[20])
{
	size_t i, n;

	for (i = 0; i < FEED_EPOCH_LEN; i++) {
		char c = cursor[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
	}
	if (cursor[i] != '.')
		return -1;
	memcpy(epoch, cursor, FEED_EPOCH_LEN);
	epoch[FEED_EPOCH_LEN] = '\0';
	cursor += FEED_EPOCH_LEN + 1;
	n = strspn(cursor, "0123456789");
	if (n == 0 || n > 18 || cursor[n] != '\0' || (cursor[0] == '0' && n > 1))
		return -1;
	memcpy(seq, cursor, n + 1);
	return 0;
}

/*
 * The origins as a PostgreSQL array literal parameter ({"a","b"}), each
 * quoted with " and \ escaped. Returns 0, or -1 when it does not fit.
 */
static int feed_origins_param(const char *const *origins, size_t n, char *out, size_t cap)
{
	size_t used = 0;

	if (cap < 3)
		return -1;
	out[used++] = '{';
	for (size_t i = 0; i < n; i++) {
		if (used + 3 >= cap)
			return -1;
		if (i > 0)
			out[used++] = ',';
		out[used++] = '"';
		for (const char *s = origins[i]; s != NULL && *s != '\0'; s++) {
			if (used + 4 >= cap)
				return -1;
			if (*s == '"' || *s == '\\')
				out[used++] = '\\';
			out[used++] = *s;
		}
		out[used++] = '"';
	}
	if (used + 2 > cap)
		return -1;
	out[used++] = '}';
	out[used] = '\0';
	return 0;
}

static int feed_check_args(const char *const *origins, size_t norigins, long *limit,
			   struct dir_error *err)
{
	if (*limit == 0)
		*limit = FEED_LIMIT_DEFAULT;
	if (*limit < 1 || *limit > FEED_LIMIT_MAX) {
		dir_error_add(err, "invalid_parameter", "limit", "limit must be 1 to %d",
			      FEED_LIMIT_MAX);
		return -1;
	}
	if (norigins > FEED_ORIGINS_MAX || (norigins > 0 && origins == NULL)) {
		dir_error_add(err, "invalid_parameter", "origin", "at most %d origins",
			      FEED_ORIGINS_MAX);
		return -1;
	}
	return 0;
}

static char *feed_page(PGconn *conn, const char *node_id, const char *token, int snap,
		       const char *const *origins, size_t norigins, long limit, size_t *len,
		       struct dir_error *err)
{
	char epoch[FEED_EPOCH_LEN + 1], seq[20] = "0", lim[24], list[FEED_ORIGINS_TEXT_MAX];
	const char *params[6] = { node_id, NULL, seq, NULL, lim, snap ? "true" : "false" };
	PGresult *res;
	char *body = NULL;

	if (feed_check_args(origins, norigins, &limit, err) != 0)
		return NULL;
	if (token != NULL && token[0] != '\0') {
		if (feed_cursor_split(token, epoch, seq) != 0) {
			dir_error_add(err, "cursor_unknown", snap ? "page" : "since",
				      "this is not a cursor of this node; start again from the "
				      "snapshot");
			return NULL;
		}
		params[1] = epoch;
	}
	if (norigins > 0) {
		if (feed_origins_param(origins, norigins, list, sizeof(list)) != 0) {
			dir_error_add(err, "invalid_parameter", "origin",
				      "the origin list is too long");
			return NULL;
		}
		params[3] = list;
	}
	snprintf(lim, sizeof(lim), "%ld", limit);
	res = db_exec(conn,
		      "SELECT status, body FROM dir_fed_page($1, $2, $3::bigint, $4::text[], "
		      "$5::int, $6::boolean)",
		      6, params, err);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) != 1)
		dir_error_add(err, "internal_error", NULL, "the feed has no counter");
	else if (strcmp(PQgetvalue(res, 0, 0), "cursor_unknown") == 0)
		dir_error_add(err, "cursor_unknown", snap ? "page" : "since",
			      "this cursor is not of this node's feed (another epoch); start "
			      "again from the snapshot");
	else if (strcmp(PQgetvalue(res, 0, 0), "cursor_expired") == 0)
		dir_error_add(err, "cursor_expired", "since",
			      "tombstones after this cursor were pruned; start again from the "
			      "snapshot");
	else if ((body = strdup(PQgetvalue(res, 0, 1))) == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	else if (len != NULL)
		*len = (size_t)PQgetlength(res, 0, 1);
	PQclear(res);
	return body;
}

char *feed_changes(PGconn *conn, const char *node_id, const char *since, const char *const *origins,
		   size_t norigins, long limit, size_t *len, struct dir_error *err)
{
	return feed_page(conn, node_id, since, 0, origins, norigins, limit, len, err);
}

char *feed_snapshot(PGconn *conn, const char *node_id, const char *page, const char *const *origins,
		    size_t norigins, long limit, size_t *len, struct dir_error *err)
{
	return feed_page(conn, node_id, page, 1, origins, norigins, limit, len, err);
}

int feed_prune(PGconn *conn, long retention_seconds, struct dir_error *err)
{
	char secs[24];
	const char *params[1] = { secs };
	PGresult *res;

	snprintf(secs, sizeof(secs), "%ld", retention_seconds);
	if (db_begin(conn, err) != 0)
		return -1;
	if (db_command(conn, "SELECT seq FROM fed_feed FOR UPDATE", 0, NULL, err) != 0)
		goto fail;
	res = db_exec(
		conn,
		"WITH d AS (DELETE FROM fed_record WHERE deleted AND updated < now() - "
		"make_interval(secs => $1::bigint) RETURNING seq, type, id, origin, version), "
		"u AS (UPDATE fed_feed SET pruned_seq = greatest(pruned_seq, "
		"(SELECT max(seq) FROM d)) WHERE EXISTS (SELECT 1 FROM d)), "
		"f AS (INSERT INTO fed_pruned (type, id, origin, version) "
		"SELECT type, id, origin, version FROM d ON CONFLICT (type, id) DO UPDATE "
		"SET origin = EXCLUDED.origin, version = greatest(fed_pruned.version, "
		"EXCLUDED.version)) "
		"SELECT count(*) FROM d",
		1, params, err);
	if (res == NULL)
		goto fail;
	PQclear(res);
	return db_commit(conn, err);
fail:
	db_rollback(conn);
	return -1;
}
