/*
 * serve.c - `directoryd serve`: open the database pool, load the rules,
 * start HTTP, then wait for signals in the main thread (sigwait), so no
 * work happens in a signal handler. SIGTERM/SIGINT stop cleanly; SIGHUP
 * re-reads the configuration and keeps the old one if the new is invalid.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "apply.h"
#include "audit.h"
#include "cli.h"
#include "eligibility.h"
#include "http.h"
#include "ldap_auth.h"
#include "log.h"
#include "maintain.h"
#include "password.h"
#include "http_strict.h"
#include "publish.h"
#include "replay.h"
#include "routes.h"
#include "sync.h"
#include "throttle.h"
#include "web.h"

/* Nonces remembered at most, for the replay cache of signed requests. */
#define SERVE_REPLAY_CAPACITY 100000
/* Usernames and addresses the sign-in throttle remembers at most. */
#define SERVE_THROTTLE_CAPACITY 65536

/* The sign-in throttle's limits from the configuration. */
static void serve_throttle_limits(const struct dir_config *cfg, struct throttle_limits *l)
{
	l->free_failures = cfg->login_free_failures;
	l->base_delay = cfg->login_delay;
	l->max_delay = cfg->login_max_delay;
	l->forget_after = cfg->login_forget;
}

/* Audit entries older than audit_retention go; how many is logged, nothing else. */
static void serve_prune_audit(struct app *app)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(app->pool);
	long n;

	dir_error_init(&err);
	n = audit_prune(conn, app->cfg.audit_retention, &err);
	db_pool_release(app->pool, conn);
	if (n < 0)
		log_msg(LOG_LEVEL_ERROR, "cannot prune the audit trail: %s", err.message);
	else
		log_msg(LOG_LEVEL_INFO, "audit trail: %ld entries older than %ld s pruned", n,
			app->cfg.audit_retention);
	dir_error_clear(&err);
}

/* Sign-in: argon2id limits, and the throttles (in memory only). */
static int serve_open_auth(struct app *app, struct dir_error *err)
{
	struct throttle_limits limits;

	auth_password_set_limits((unsigned long long)app->cfg.password_opslimit,
				 (size_t)app->cfg.password_memlimit * 1024u);
	serve_throttle_limits(&app->cfg, &limits);
	app->throttle_users = throttle_new(SERVE_THROTTLE_CAPACITY, &limits);
	app->throttle_addresses = throttle_new(SERVE_THROTTLE_CAPACITY, &limits);
	if (app->throttle_users == NULL || app->throttle_addresses == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	return 0;
}

/* Provenance and the stale listing read stale_after from fed_setting (0016). */
static void serve_store_stale_after(struct app *app)
{
	struct dir_error err;
	PGconn *conn = db_pool_acquire(app->pool);

	dir_error_init(&err);
	if (apply_store_stale_after(conn, app->cfg.stale_after, &err) != 0)
		log_msg(LOG_LEVEL_ERROR, "cannot store stale_after: %s", err.message);
	db_pool_release(app->pool, conn);
	dir_error_clear(&err);
}

static int serve_open(struct app *app, struct dir_error *err)
{
	PGconn *conn;
	char dir[4200];

	if (config_node_id(&app->cfg, app->node_id, sizeof(app->node_id)) != 0) {
		dir_error_add(err, "invalid_parameter", "public_url", "public_url has no host");
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/data/eligibility", app->cfg.data_dir);
	if ((app->rules = elig_rules_load(dir, err)) == NULL)
		return -1;
	if (web_init(app->cfg.locale_dir, err) != 0)
		return -1;
	if ((app->replay = replay_new(SERVE_REPLAY_CAPACITY)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	if (serve_open_auth(app, err) != 0)
		return -1;
	app->pool = db_pool_open(app->cfg.database, (unsigned int)app->cfg.threads, err);
	if (app->pool == NULL)
		return -1;
	/* Every commit publishes the records it changed (federation/publish.c). */
	conn = db_pool_acquire(app->pool);
	publish_install_config(conn, &app->cfg);
	db_pool_release(app->pool, conn);
	serve_store_stale_after(app);
	serve_prune_audit(app);
	return 0;
}

/* The pull worker reads the live configuration; SIGHUP may change its intervals. */
static int serve_start_sync(struct app *app, struct sync_ctx *ctx, struct dir_error *err)
{
	ctx->cfg = &app->cfg;
	ctx->config_lock = &app->config_lock;
	ctx->node_id = app->node_id;
	ctx->rules = app->rules;
	app->sync = sync_worker_start(ctx, err);
	return app->sync != NULL ? 0 : -1;
}

/* The LDAP keys of a new configuration belong together (auth/ldap_auth.c). */
static int serve_check_ldap(const struct dir_config *cfg, struct dir_error *err)
{
	return ldapauth_check_config(cfg, err);
}

/* The configuration's log_level (checked by config_check) and connect timeout. */
static void serve_log_level(const struct dir_config *cfg)
{
	enum log_level level;

	if (log_level_parse(cfg->log_level, &level) == 0)
		log_set_level(level);
	db_set_connect_timeout(cfg->database_connect_timeout);
}

/* SIGHUP: parse afresh, and swap in the reloadable keys only if valid. */
static void serve_reload(struct app *app, const char *path)
{
	struct dir_config fresh;
	struct dir_error err;

	dir_error_init(&err);
	if (path == NULL) {
		log_msg(LOG_LEVEL_WARNING, "SIGHUP without --config: nothing to reload");
		return;
	}
	if (config_defaults(&fresh) == 0 && config_read_file(&fresh, path, &err) == 0 &&
	    config_check(&fresh, &err) == 0 && serve_check_ldap(&fresh, &err) == 0) {
		struct throttle_limits limits;
		pthread_rwlock_wrlock(&app->config_lock);
		int rc = config_apply_reloadable(&app->cfg, &fresh);
		pthread_rwlock_unlock(&app->config_lock);
		if (rc == 0) { /* all or nothing: the throttle too */
			serve_throttle_limits(&fresh, &limits);
			throttle_set_limits(app->throttle_users, &limits);
			throttle_set_limits(app->throttle_addresses, &limits);
		}
		serve_log_level(&app->cfg);
		serve_store_stale_after(app);
		serve_prune_audit(app);
		if (rc == 0)
			log_msg(LOG_LEVEL_INFO, "configuration reloaded");
		else
			log_msg(LOG_LEVEL_ERROR,
				"reload failed: out of memory; the configuration is unchanged");
	} else {
		log_msg(LOG_LEVEL_ERROR, "new configuration is invalid, keeping the old one");
		cli_report(&err);
	}
	config_free(&fresh);
	dir_error_clear(&err);
}

static void serve_wait(struct app *app, const sigset_t *set, const char *path)
{
	int sig = 0;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			serve_reload(app, path);
			continue;
		}
		return;
	}
}

int cli_serve(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct app app;
	struct dir_error err;
	struct MHD_Daemon *daemon = NULL;
	struct sync_ctx sync_ctx;
	sigset_t set;
	int rc = 1;

	memset(&app, 0, sizeof(app));
	app.cfg = *cfg; /* moved: cfg's strings now belong to app */
	memset(cfg, 0, sizeof(*cfg));
	pthread_rwlock_init(&app.config_lock, NULL);
	dir_error_init(&err);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	serve_log_level(&app.cfg);
	if (serve_open(&app, &err) == 0 && serve_start_sync(&app, &sync_ctx, &err) == 0 &&
	    (app.maint = auth_maint_start(&app.cfg, &app.config_lock, app.pool, &err)) != NULL &&
	    (daemon = http_start(&app, routes_table, routes_count, &err)) != NULL) {
		log_msg(LOG_LEVEL_INFO, "node %s listening on http://%s", app.node_id,
			app.cfg.listen);
		serve_wait(&app, &set, opts->config_path);
		http_stop(daemon);
		http_strict_stop(app.strict);
		app.strict = NULL;
		sync_worker_stop(app.sync);
		app.sync = NULL;
		auth_maint_stop(app.maint);
		app.maint = NULL;
		log_msg(LOG_LEVEL_INFO, "stopped after %lu requests, %lu server errors",
			(unsigned long)app.requests, (unsigned long)app.server_errors);
		rc = 0;
	} else {
		cli_report(&err);
	}
	sync_worker_stop(app.sync);
	auth_maint_stop(app.maint);
	publish_uninstall();
	db_pool_close(app.pool);
	replay_free(app.replay);
	throttle_free(app.throttle_users);
	throttle_free(app.throttle_addresses);
	elig_rules_free(app.rules);
	web_free();
	curl_global_cleanup();
	config_free(&app.cfg);
	pthread_rwlock_destroy(&app.config_lock);
	dir_error_clear(&err);
	return rc;
}
