/*
 * db.c - libpq connections, the statement wrapper that maps SQLSTATEs to
 * dir_error codes, transactions, and the connection pool of the HTTP server.
 */
#include "db.h"

#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned int size;
	PGconn **conns;
	int *busy;
	char *conninfo;
};

static int db_session_setup(PGconn *conn)
{
	PGresult *res;
	int ok;

	if (PQsetClientEncoding(conn, "UTF8") != 0)
		return -1;
	/* Notices ("already exists, skipping") are not for the operator. */
	res = PQexec(conn, "SET TIME ZONE 'UTC'; SET client_min_messages = warning");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

/* Seconds libpq waits for a server to answer a connection (connect_timeout). */
static atomic_long db_timeout = DB_CONNECT_TIMEOUT_DEFAULT;

void db_set_connect_timeout(long seconds)
{
	atomic_store(&db_timeout, seconds);
}

/*
 * libpq's connection, never NULL unless memory ran out: conninfo expanded,
 * with connect_timeout after it so that the configured one applies. Before
 * it (so that conninfo may change them), TCP keepalives and a TCP user
 * timeout: a database host that vanishes without closing (powered off, a
 * network cut) would otherwise leave a statement waiting for its answer
 * for hours. With these the kernel gives up on it within about a minute,
 * and the statement fails with database_unavailable. A slow statement on a
 * live server is not affected: its host answers the probes. Unix sockets
 * ignore them.
 */
static PGconn *db_open(const char *conninfo)
{
	char timeout[32];
	const char *const keys[] = { "keepalives",          "keepalives_idle",
				     "keepalives_interval", "keepalives_count",
				     "tcp_user_timeout",    "dbname",
				     "connect_timeout",     NULL };
	const char *const values[] = { "1",     "30",    "10",
				       "3",     "60000", conninfo != NULL ? conninfo : "",
				       timeout, NULL };

	snprintf(timeout, sizeof(timeout), "%ld", atomic_load(&db_timeout));
	return PQconnectdbParams(keys, values, 1);
}

PGconn *db_connect(const char *conninfo, struct dir_error *err)
{
	PGconn *conn = db_open(conninfo);

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK || db_session_setup(conn) != 0) {
		char reason[256];

		snprintf(reason, sizeof(reason), "%s",
			 conn != NULL ? PQerrorMessage(conn) : "out of memory");
		reason[strcspn(reason, "\n")] = '\0';
		dir_error_add(err, "database_unavailable", NULL,
			      "cannot connect to the database: %s; check "
			      "--database or the PG* environment",
			      reason);
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

static void db_error_from_result(PGconn *conn, const PGresult *res, struct dir_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (PQstatus(conn) != CONNECTION_OK) {
		dir_error_add(err, "database_unavailable", NULL,
			      "the database connection was lost; try again");
		return;
	}
	if (state != NULL && strncmp(state, "DR", 2) == 0) {
		const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
		const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		dir_error_add(err, hint != NULL ? hint : "invalid_value", detail, "%s",
			      primary != NULL ? primary : "refused");
		return;
	}
	if (state != NULL && strcmp(state, "23505") == 0) {
		dir_error_add(err, "conflict", NULL,
			      "a record with this identifier already exists");
		return;
	}
	/* Server text can quote values; log only the SQLSTATE. */
	log_msg(LOG_LEVEL_ERROR, "database error, SQLSTATE %s", state != NULL ? state : "unknown");
	dir_error_add(err, "internal_error", NULL,
		      "the database refused the statement (SQLSTATE %s)",
		      state != NULL ? state : "unknown");
}

/*
 * Outside a transaction, a connection the server dropped (a restart, say)
 * is reset and the statement tried once more, so the first request after a
 * database restart does not fail. Inside a transaction it cannot be, since
 * the earlier statements are gone with the old session. A connection that
 * was already broken before the statement is not reset again here: the
 * pool tried that when it handed it out, and one connect_timeout per
 * request is enough.
 */
static PGresult *db_exec_retry(PGconn *conn, PGresult *res, int was_idle, const char *sql,
			       int nparams, const char *const *params)
{
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || !was_idle ||
	    PQstatus(conn) != CONNECTION_BAD)
		return res;
	PQreset(conn);
	if (PQstatus(conn) != CONNECTION_OK || db_session_setup(conn) != 0)
		return res;
	PQclear(res);
	return PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
}

PGresult *db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
		  struct dir_error *err)
{
	int was_idle = PQtransactionStatus(conn) == PQTRANS_IDLE && PQstatus(conn) == CONNECTION_OK;
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st;

	res = db_exec_retry(conn, res, was_idle, sql, nparams, params);
	st = PQresultStatus(res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	db_error_from_result(conn, res, err);
	PQclear(res);
	return NULL;
}

int db_command(PGconn *conn, const char *sql, int nparams, const char *const *params,
	       struct dir_error *err)
{
	PGresult *res = db_exec(conn, sql, nparams, params, err);

	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

long db_command_count(PGconn *conn, const char *sql, int nparams, const char *const *params,
		      struct dir_error *err)
{
	PGresult *res = db_exec(conn, sql, nparams, params, err);
	long n;

	if (res == NULL)
		return -1;
	n = strtol(PQcmdTuples(res), NULL, 10); /* digits, or "" (0) for other commands */
	PQclear(res);
	return n;
}

int db_begin(PGconn *conn, struct dir_error *err)
{
	return db_command(conn, "BEGIN", 0, NULL, err);
}

static db_commit_hook_fn db_hook;
static void *db_hook_ctx;

void db_set_commit_hook(db_commit_hook_fn hook, void *ctx)
{
	db_hook = hook;
	db_hook_ctx = ctx;
}

int db_commit(PGconn *conn, struct dir_error *err)
{
	if (db_hook != NULL && PQtransactionStatus(conn) == PQTRANS_INTRANS &&
	    db_hook(conn, db_hook_ctx, err) != 0) {
		db_rollback(conn);
		return -1;
	}
	return db_command(conn, "COMMIT", 0, NULL, err);
}

void db_rollback(PGconn *conn)
{
	PGresult *res = PQexec(conn, "ROLLBACK");
	PQclear(res);
}

struct db_pool *db_pool_open(const char *conninfo, unsigned int size, struct dir_error *err)
{
	struct db_pool *pool = calloc(1, sizeof(*pool));

	if (pool == NULL || size == 0)
		goto fail;
	pool->size = size;
	pool->conns = calloc(size, sizeof(*pool->conns));
	pool->busy = calloc(size, sizeof(*pool->busy));
	pool->conninfo = strdup(conninfo != NULL ? conninfo : "");
	if (pool->conns == NULL || pool->busy == NULL || pool->conninfo == NULL)
		goto fail;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	for (unsigned int i = 0; i < size; i++) {
		pool->conns[i] = db_connect(pool->conninfo, err);
		if (pool->conns[i] == NULL) {
			db_pool_close(pool);
			return NULL;
		}
	}
	return pool;
fail:
	if (pool != NULL) {
		free(pool->conns);
		free(pool->busy);
		free(pool->conninfo);
		free(pool);
	}
	dir_error_add(err, "internal_error", NULL, "out of memory");
	return NULL;
}

/*
 * Reconnect a connection whose server went away (a restart, say), once,
 * waiting at most connect_timeout. Called without the pool's lock: a slow
 * or stopped server holds up only this request. Returns the connection to
 * use (conn itself, reset, or a new one; still broken when the server does
 * not answer, so that the caller's statement fails with
 * database_unavailable).
 */
static PGconn *db_pool_heal(const char *conninfo, PGconn *conn)
{
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return conn;
	if (conn != NULL) {
		PQreset(conn);
		if (PQstatus(conn) == CONNECTION_OK)
			db_session_setup(conn);
		return conn;
	}
	conn = db_open(conninfo);
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		db_session_setup(conn);
	return conn;
}

/* A free slot, preferring one whose connection is up; -1 if none. Under the lock. */
static int db_pool_take(struct db_pool *pool)
{
	int pick = -1;

	for (unsigned int i = 0; i < pool->size; i++) {
		if (pool->busy[i])
			continue;
		if (pool->conns[i] != NULL && PQstatus(pool->conns[i]) == CONNECTION_OK) {
			pick = (int)i;
			break;
		}
		if (pick < 0)
			pick = (int)i;
	}
	if (pick >= 0)
		pool->busy[pick] = 1;
	return pick;
}

PGconn *db_pool_acquire(struct db_pool *pool)
{
	PGconn *conn, *healed;
	int i;

	pthread_mutex_lock(&pool->lock);
	while ((i = db_pool_take(pool)) < 0)
		pthread_cond_wait(&pool->freed, &pool->lock);
	conn = pool->conns[i];
	pthread_mutex_unlock(&pool->lock);
	healed = db_pool_heal(pool->conninfo, conn); /* the slot is ours: no lock */
	if (healed != conn) {
		pthread_mutex_lock(&pool->lock);
		pool->conns[i] = healed;
		pthread_mutex_unlock(&pool->lock);
	}
	return healed;
}

void db_pool_release(struct db_pool *pool, PGconn *conn)
{
	/* ROLLBACK talks to the server: outside the lock */
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK &&
	    PQtransactionStatus(conn) != PQTRANS_IDLE)
		db_rollback(conn);
	pthread_mutex_lock(&pool->lock);
	for (unsigned int i = 0; i < pool->size; i++) {
		if (pool->busy[i] && pool->conns[i] == conn) {
			pool->busy[i] = 0;
			break;
		}
	}
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
	if (pool == NULL)
		return;
	for (unsigned int i = 0; i < pool->size; i++)
		PQfinish(pool->conns[i]);
	pthread_mutex_destroy(&pool->lock);
	pthread_cond_destroy(&pool->freed);
	free(pool->conns);
	free(pool->busy);
	free(pool->conninfo);
	free(pool);
}
