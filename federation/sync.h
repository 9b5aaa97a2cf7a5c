/*
 * sync.h - pulling peers (docs/federation.md, section 7): one pass over a
 * peer (well-known document, then the change feed or a snapshot, page by
 * page, each page applied with its cursor in one transaction), and the
 * worker thread of the daemon that runs passes on an interval.
 */
#ifndef DIRECTORYD_SYNC_H
#define DIRECTORYD_SYNC_H

#include <jansson.h>
#include <pthread.h>
#include <libpq-fe.h>

#include "config.h"
#include "error.h"
#include "peers.h"

struct elig_rules;
struct sync_worker;

/* What a pass needs from the node. All borrowed. */
struct sync_ctx {
	const struct dir_config *cfg;
	pthread_rwlock_t *config_lock; /* guards cfg's reloadable keys, or NULL */
	const char *node_id;           /* this node */
	struct elig_rules *rules;      /* the eligibility rule */
};

/* The reloadable settings a pass uses, read once under the lock. */
struct sync_settings {
	long interval, timeout, max_response, max_age, page_size, retention;
};

/* Copy ctx's reloadable settings (under ctx->config_lock when set). */
void sync_settings_read(const struct sync_ctx *ctx, struct sync_settings *out);

/* What one pass did. */
struct sync_result {
	long applied; /* records applied (new or changed) */
	long refused; /* records refused and recorded */
	long pages;   /* pages read */
};

/*
 * One pass over peer: refresh its well-known document, then (unless it is
 * serve-only) read the change feed, or re-baseline from the snapshot when
 * the cursor is unknown or expired, until the peer has nothing more.
 *   conn: a connection of its own (session advisory lock per peer).
 *   wait: 1 to wait for another pass over this peer to end, 0 to skip
 *         (returns 1 then).
 * The peer's status (last_success, last_error, lag, backoff) is updated.
 * Returns 0, 1 when skipped, or -1 with err set (the peer's last_error).
 */
int sync_peer(const struct sync_ctx *ctx, PGconn *conn, struct peer *peer, int wait,
	      struct sync_result *result, struct dir_error *err);

/*
 * Start the daemon's worker: a thread that starts a pass over each peer
 * when it is due (next_attempt), each pass in a thread of its own so that
 * one slow peer holds up no other, and prunes old tombstones hourly.
 * ctx must outlive the worker. Returns NULL with err set on failure.
 */
struct sync_worker *sync_worker_start(const struct sync_ctx *ctx, struct dir_error *err);

/* Wake the worker now (a peer notified us, or its next_attempt was moved). */
void sync_worker_notify(struct sync_worker *w, const char *peer_node_id);

/* Stop the worker: waits for the passes in flight. NULL is allowed. */
void sync_worker_stop(struct sync_worker *w);

#endif
