/*
 * app.h - the state one running daemon shares between its HTTP threads.
 */
#ifndef DIRECTORYD_APP_H
#define DIRECTORYD_APP_H

#include <pthread.h>
#include <stdatomic.h>

#include "config.h"
#include "db.h"

struct auth_maint;
struct elig_rules;
struct http_route;
struct http_strict;
struct replay_cache;
struct sync_worker;
struct throttle;

struct app {
	pthread_rwlock_t config_lock; /* guards cfg against SIGHUP swaps */
	struct dir_config cfg;
	char node_id[256]; /* host[:port] of public_url */
	struct db_pool *pool;
	struct elig_rules *rules;        /* loaded once at start */
	struct replay_cache *replay;     /* nonces of signed requests seen */
	struct sync_worker *sync;        /* the pull worker, or NULL */
	struct auth_maint *maint;        /* housekeeping of accounts (auth/maintain.h) */
	const struct http_route *routes; /* the route table (http_start) */
	struct http_strict *strict;      /* connection deadlines (http_strict.h), or NULL */
	size_t nroutes;
	/* Failed sign-ins by keyed hash of username and of client address,
	 * in memory only (directoryd/auth/throttle.h). */
	struct throttle *throttle_users;
	struct throttle *throttle_addresses;
	atomic_ulong requests; /* counts only: no request is logged */
	atomic_ulong server_errors;
};

#endif
