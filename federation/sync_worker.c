/*
 * sync_worker.c - the daemon's pull worker: a thread that wakes every
 * second (or when notified), starts a pass over each peer that is due, each
 * in a thread of its own with its own database connection, and prunes old
 * tombstones once an hour (docs/federation.md, sections 6 and 7).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "feed.h"
#include "log.h"
#include "sync.h"

#define SYNC_MAX_RUNNING 64

struct sync_run {
	struct sync_worker *w;
	pthread_t thread;
	char name[65];
	int busy; /* a pass runs */
	int done; /* it ended: join it */
};

struct sync_worker {
	const struct sync_ctx *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop, woken;
	struct sync_run runs[SYNC_MAX_RUNNING];
};

static void *sync_run_main(void *arg)
{
	struct sync_run *run = arg;
	const struct sync_ctx *ctx = run->w->ctx;
	struct dir_error err;
	struct sync_result result;
	struct peer *peer = NULL;
	size_t n = 0;
	PGconn *conn;

	dir_error_init(&err);
	conn = db_connect(ctx->cfg->database, &err);
	if (conn != NULL && peers_load(conn, run->name, &peer, &n, &err) == 0 && n == 1 &&
	    sync_peer(ctx, conn, peer, 0, &result, &err) < 0)
		log_msg(LOG_LEVEL_WARNING, "sync of peer %s failed: %s: %s", run->name, err.code,
			err.message);
	peers_free(peer, n);
	if (conn != NULL)
		PQfinish(conn);
	dir_error_clear(&err);
	pthread_mutex_lock(&run->w->lock);
	run->done = 1;
	pthread_cond_signal(&run->w->cond);
	pthread_mutex_unlock(&run->w->lock);
	return NULL;
}

/* Join finished passes. Called with the lock held. */
static void sync_reap(struct sync_worker *w)
{
	for (size_t i = 0; i < SYNC_MAX_RUNNING; i++) {
		if (w->runs[i].busy && w->runs[i].done) {
			pthread_join(w->runs[i].thread, NULL);
			w->runs[i].busy = w->runs[i].done = 0;
		}
	}
}

/* Start a pass over the peer unless one runs. Called with the lock held. */
static void sync_launch(struct sync_worker *w, const char *name)
{
	struct sync_run *slot = NULL;

	for (size_t i = 0; i < SYNC_MAX_RUNNING; i++) {
		if (w->runs[i].busy && strcmp(w->runs[i].name, name) == 0)
			return;
		if (!w->runs[i].busy && slot == NULL)
			slot = &w->runs[i];
	}
	if (slot == NULL || strlen(name) >= sizeof(slot->name))
		return;
	snprintf(slot->name, sizeof(slot->name), "%s", name);
	slot->w = w;
	slot->done = 0;
	slot->busy = pthread_create(&slot->thread, NULL, sync_run_main, slot) == 0;
}

/* One tick: the due peers, and pruning once an hour. */
static void sync_tick(struct sync_worker *w, PGconn **conn, time_t *last_prune)
{
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	if (*conn == NULL || PQstatus(*conn) != CONNECTION_OK) {
		if (*conn != NULL)
			PQfinish(*conn);
		*conn = db_connect(w->ctx->cfg->database, &err);
	}
	res = *conn != NULL ? db_exec(*conn,
				      "SELECT name FROM fed_peer WHERE next_attempt IS NULL "
				      "OR next_attempt <= now() ORDER BY name",
				      0, NULL, &err)
			    : NULL;
	pthread_mutex_lock(&w->lock);
	sync_reap(w);
	for (int i = 0; res != NULL && i < PQntuples(res) && !w->stop; i++)
		sync_launch(w, PQgetvalue(res, i, 0));
	pthread_mutex_unlock(&w->lock);
	PQclear(res);
	if (*conn != NULL && time(NULL) - *last_prune >= 3600) {
		*last_prune = time(NULL);
		struct sync_settings set;
		sync_settings_read(w->ctx, &set);
		if (feed_prune(*conn, set.retention, &err) != 0)
			log_msg(LOG_LEVEL_ERROR, "pruning tombstones failed: %s", err.message);
	}
	dir_error_clear(&err);
}

static void *sync_worker_main(void *arg)
{
	struct sync_worker *w = arg;
	PGconn *conn = NULL;
	time_t last_prune = 0;
	struct timespec until;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		sync_tick(w, &conn, &last_prune);
		pthread_mutex_lock(&w->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!w->stop && !w->woken &&
		       pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
			;
		w->woken = 0;
	}
	pthread_mutex_unlock(&w->lock);
	if (conn != NULL)
		PQfinish(conn);
	return NULL;
}

struct sync_worker *sync_worker_start(const struct sync_ctx *ctx, struct dir_error *err)
{
	struct sync_worker *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, sync_worker_main, w) != 0) {
		dir_error_add(err, "internal_error", NULL, "cannot start the sync worker");
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->cond);
		free(w);
		return NULL;
	}
	return w;
}

void sync_worker_notify(struct sync_worker *w, const char *peer_node_id)
{
	(void)peer_node_id; /* its next_attempt was moved in the database */
	pthread_mutex_lock(&w->lock);
	w->woken = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void sync_worker_stop(struct sync_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < SYNC_MAX_RUNNING; i++) {
		while (w->runs[i].busy && !w->runs[i].done)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->runs[i].busy)
			pthread_join(w->runs[i].thread, NULL);
	}
	pthread_mutex_unlock(&w->lock);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
