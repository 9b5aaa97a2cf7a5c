/*
 * db.h - PostgreSQL connections, transactions and parameterised statements.
 *
 * Every statement goes through PQexecParams (db_exec). Stored functions
 * written for directoryd report refusals with a custom SQLSTATE of class
 * "DR" (for example 'DR400'), the snake_case error code in HINT and the
 * RFC 6901 JSON Pointer of the offending field in DETAIL; db_exec turns
 * those into a struct dir_error. See migrations/ for the functions.
 */
#ifndef DIRECTORYD_DB_H
#define DIRECTORYD_DB_H

#include <libpq-fe.h>

#include "error.h"

struct db_pool;

/* Seconds a connection attempt waits for the server, unless configured. */
#define DB_CONNECT_TIMEOUT_DEFAULT 10

/*
 * Seconds every later connection attempt (db_connect, the pool's
 * reconnects) waits for the server to answer: libpq's connect_timeout,
 * which takes precedence over one in the connection string. libpq treats
 * values below 2 as 2. Thread-safe; the configuration's connect_timeout.
 */
void db_set_connect_timeout(long seconds);

/*
 * Open one connection with the libpq connection string conninfo (NULL or ""
 * uses libpq's PG* environment variables). Sets the session time zone to UTC
 * and client_encoding to UTF8.
 * Returns the connection, which the caller closes with PQfinish, or NULL with
 * err set to database_unavailable (message names the libpq reason).
 */
PGconn *db_connect(const char *conninfo, struct dir_error *err);

/*
 * Run one parameterised statement (PQexecParams, text parameters and text
 * results). params may be NULL when nparams is 0; a NULL entry is SQL NULL.
 * Returns a result the caller frees with PQclear (status PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK), or NULL with err filled:
 *   - SQLSTATE class DR: code from HINT, field from DETAIL, message as raised;
 *   - 23505 (unique_violation): conflict;
 *   - a lost connection: database_unavailable;
 *   - anything else: internal_error (the server text goes to the log only).
 */
PGresult *db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
		  struct dir_error *err);

/* Run a statement that returns no rows. Returns 0 or -1 with err filled. */
int db_command(PGconn *conn, const char *sql, int nparams, const char *const *params,
	       struct dir_error *err);

/*
 * Run a statement that returns no rows (INSERT, UPDATE, DELETE) and count
 * the rows it affected (PQcmdTuples). Returns that count (0 or more), or
 * -1 with err filled as db_exec does.
 */
long db_command_count(PGconn *conn, const char *sql, int nparams, const char *const *params,
		      struct dir_error *err);

/*
 * BEGIN, COMMIT and ROLLBACK. Return 0 or -1 with err filled (may be NULL).
 * db_commit first runs the commit hook (db_set_commit_hook), if one is set
 * and the transaction is open and not failed; when the hook fails the
 * transaction is rolled back and db_commit returns -1 with the hook's error.
 */
int db_begin(PGconn *conn, struct dir_error *err);
int db_commit(PGconn *conn, struct dir_error *err);
void db_rollback(PGconn *conn);

/*
 * A function db_commit runs inside every transaction just before COMMIT
 * (federation/publish.c publishes the records the transaction changed).
 * It returns 0, or -1 with err set. ctx is passed through (borrowed; it must
 * live as long as the hook is set). Process-wide: set it before threads
 * start; NULL removes it.
 */
typedef int (*db_commit_hook_fn)(PGconn *conn, void *ctx, struct dir_error *err);
void db_set_commit_hook(db_commit_hook_fn hook, void *ctx);

/*
 * A fixed-size pool of connections for the HTTP threads.
 * db_pool_open opens size connections (size >= 1); returns NULL with err set
 * when the first one cannot be opened. db_pool_acquire blocks until a
 * connection is free (preferring one that is up), and resets it if the
 * server went away (one reconnect, at most connect_timeout; the connection
 * stays broken when it fails, and its statements fail with
 * database_unavailable); it returns NULL only when memory ran out.
 * db_pool_release rolls back an open transaction and hands it back. The
 * pool's lock is held only to hand out and take back connections, never
 * across a call to the server. db_pool_close closes all connections and
 * frees the pool (NULL is allowed).
 */
struct db_pool *db_pool_open(const char *conninfo, unsigned int size, struct dir_error *err);
PGconn *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, PGconn *conn);
void db_pool_close(struct db_pool *pool);

#endif
