/*
 * feed.h - the bodies of GET /federation/v1/changes and /snapshot
 * (docs/federation.md, section 6) and the pruning of old tombstones.
 *
 * The page is built by one fixed statement (dir_fed_page in
 * migrations/0015_fed_publish.sql): the record texts in fed_record are the
 * canonical JSON that was signed and are spliced in unparsed.
 */
#ifndef DIRECTORYD_FEED_H
#define DIRECTORYD_FEED_H

#include <libpq-fe.h>
#include <stddef.h>

#include "error.h"

/* Items per page: default and most. */
#define FEED_LIMIT_DEFAULT 500
#define FEED_LIMIT_MAX     1000
/* Most origins in one origin filter. */
#define FEED_ORIGINS_MAX 64
/* Hex digits of a feed epoch. */
#define FEED_EPOCH_LEN 32

/*
 * Split a cursor "<epoch>.<seq>" (section 6) into epoch (32 lower-case hex
 * digits and a NUL) and seq (decimal text of 1-18 digits, no leading zero,
 * so that it fits a bigint, and a NUL). cursor must be NUL-terminated.
 * Returns 0, or -1 when cursor is not of that form.
 */
int feed_cursor_split(const char *cursor, char epoch[FEED_EPOCH_LEN + 1], char seq[20]);

/*
 * The body of GET /federation/v1/changes:
 * {"protocol", "node_id", "items": [{"record", "sig"}...], "cursor", "more",
 *  "confirmed": {origin: time}}.
 *   node_id:  this node's id.
 *   since:    the cursor of an earlier answer ("<epoch>.<seq>"), or NULL /
 *             "" for the start of the feed.
 *   origins:  node ids to filter on (borrowed), norigins of them; NULL / 0
 *             for every origin. confirmed lists the asked origins this node
 *             knows (all it knows without a filter: itself with the time of
 *             the answer, the others with fed_origin.confirmed_at).
 *   limit:    1..FEED_LIMIT_MAX items; 0 means FEED_LIMIT_DEFAULT.
 *   len:      receives the body's length in bytes (may be NULL).
 * Returns the JSON text, NUL-terminated and malloc'd (the caller frees), or
 * NULL with err set: cursor_unknown (410: not a cursor, another epoch, or a
 * position never handed out), cursor_expired (410: tombstones after it were
 * pruned; re-baseline from the snapshot), invalid_parameter (limit, too
 * many origins), or a database error.
 */
char *feed_changes(PGconn *conn, const char *node_id, const char *since, const char *const *origins,
		   size_t norigins, long limit, size_t *len, struct dir_error *err);

/*
 * The body of GET /federation/v1/snapshot: as feed_changes, with page the
 * token of the previous answer (NULL / "" for the first page). While more
 * pages follow the answer has "page" (the next token) instead of "cursor";
 * the last answer has "cursor", to continue with feed_changes. A snapshot
 * page never expires (it is the feed from its start, tombstones included);
 * a token of another epoch or a malformed one is cursor_unknown.
 */
char *feed_snapshot(PGconn *conn, const char *node_id, const char *page, const char *const *origins,
		    size_t norigins, long limit, size_t *len, struct dir_error *err);

/*
 * Delete the tombstones (of every origin) whose updated time is older than
 * retention_seconds, and raise fed_feed.pruned_seq to the highest position
 * deleted, so that older cursors get cursor_expired. Runs in its own
 * transaction (the caller is not in one); takes the feed counter first, as
 * publishers do. Returns 0, or -1 with err set.
 */
int feed_prune(PGconn *conn, long retention_seconds, struct dir_error *err);

#endif
