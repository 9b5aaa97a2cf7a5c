/*
 * maintain.c - the housekeeping thread of accounts (maintain.h).
 */
#include "maintain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "audit.h"
#include "closure.h"
#include "remind.h"
#include "ldap_auth.h"
#include "log.h"
#include "session.h"

struct auth_maint {
	const struct dir_config *cfg;
	pthread_rwlock_t *config_lock;
	struct db_pool *pool;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
};

/* Ended sessions and old audit entries; counts above 0 are logged. */
static void maint_sweep(struct auth_maint *m)
{
	struct dir_error err;
	PGconn *conn;
	long idle, retention, sessions, audit, reopened;

	pthread_rwlock_rdlock(m->config_lock);
	idle = m->cfg->session_idle;
	retention = m->cfg->audit_retention;
	pthread_rwlock_unlock(m->config_lock);
	dir_error_init(&err);
	if ((conn = db_pool_acquire(m->pool)) == NULL)
		return;
	if ((sessions = session_purge(conn, idle, &err)) < 0)
		log_msg(LOG_LEVEL_ERROR, "cannot delete ended sessions: %s", err.message);
	else if (sessions > 0)
		log_msg(LOG_LEVEL_INFO, "sessions: %ld ended sessions deleted", sessions);
	dir_error_clear(&err);
	if ((audit = audit_prune(conn, retention, &err)) < 0)
		log_msg(LOG_LEVEL_ERROR, "cannot prune the audit trail: %s", err.message);
	else if (audit > 0)
		log_msg(LOG_LEVEL_INFO, "audit trail: %ld entries older than %ld s pruned", audit,
			retention);
	dir_error_clear(&err);
	if ((reopened = closure_reopen_due(conn, &err)) < 0)
		log_msg(LOG_LEVEL_ERROR, "cannot end temporary closures: %s", err.message);
	else if (reopened > 0)
		log_msg(LOG_LEVEL_INFO,
			"services: %ld temporary closures ended (closed_until passed)", reopened);
	db_pool_release(m->pool, conn);
	dir_error_clear(&err);
}

/* Reminders to confirm listings, when the node has an SMTP relay. */
static void maint_remind(struct auth_maint *m)
{
	struct remind_settings s;
	struct dir_error err;
	long sent;

	memset(&s, 0, sizeof(s));
	pthread_rwlock_rdlock(m->config_lock);
	snprintf(s.smtp_url, sizeof(s.smtp_url), "%s", m->cfg->smtp_url);
	snprintf(s.smtp_from, sizeof(s.smtp_from), "%s", m->cfg->smtp_from);
	snprintf(s.public_url, sizeof(s.public_url), "%s", m->cfg->public_url);
	snprintf(s.node_name, sizeof(s.node_name), "%s", m->cfg->node_name);
	s.smtp_timeout = m->cfg->smtp_timeout;
	s.unconfirmed_after = m->cfg->unconfirmed_after;
	pthread_rwlock_unlock(m->config_lock);
	if (s.smtp_url[0] == '\0' || s.smtp_from[0] == '\0')
		return;
	dir_error_init(&err);
	sent = remind_round(m->pool, &s, &err);
	if (sent > 0)
		log_msg(LOG_LEVEL_INFO,
			"reminders: %ld sent to organisations with unconfirmed "
			"listings",
			sent);
	if (dir_error_isset(&err))
		log_msg(LOG_LEVEL_WARNING, "reminders: %s; the next round tries again",
			err.message);
	dir_error_clear(&err);
}

/* LDAP accounts that hold a live API token or session, as a result. */
static PGresult *maint_ldap_accounts(PGconn *conn, struct dir_error *err)
{
	return db_exec(conn,
		       "SELECT a.username FROM account a WHERE a.source = 'ldap'"
		       " AND a.disabled_at IS NULL AND a.ldap_lost_at IS NULL"
		       " AND (EXISTS (SELECT 1 FROM api_token t WHERE t.account_id = a.id"
		       "   AND t.revoked_at IS NULL)"
		       "  OR EXISTS (SELECT 1 FROM auth_session s WHERE s.account_id = a.id"
		       "   AND s.revoked_at IS NULL AND s.expires_at > now()))"
		       " ORDER BY a.username",
		       0, NULL, err);
}

/*
 * Ask the directory about one account, holding no database connection
 * meanwhile (the HTTP threads share the pool), then record the answer.
 * 0, or -1 when the directory could not tell or the record failed.
 */
static int maint_ldap_one(struct auth_maint *m, const char *username, struct dir_error *err)
{
	struct ldapauth_config ls;
	enum auth_role role;
	char org[37], local[257];
	size_t local_len;
	PGconn *conn;
	int rc;

	pthread_rwlock_rdlock(m->config_lock);
	ldapauth_select(m->cfg, username, &ls, &local_len);
	snprintf(local, sizeof(local), "%.*s", (int)local_len, username);
	rc = ldapauth_enabled(&ls) ? ldapauth_member(&ls, local, &role, org, err) : -1;
	pthread_rwlock_unlock(m->config_lock);
	if (rc < 0 || (conn = db_pool_acquire(m->pool)) == NULL)
		return -1;
	if (rc == 1)
		rc = account_ldap_lost(conn, username, err);
	else
		rc = account_ldap_still(conn, username, role, org[0] ? org : NULL, err);
	db_pool_release(m->pool, conn);
	return rc;
}

/* The usernames to re-check, as a new JSON array; NULL with err. */
static json_t *maint_ldap_names(struct auth_maint *m, struct dir_error *err)
{
	PGconn *conn = db_pool_acquire(m->pool);
	PGresult *res;
	json_t *names = NULL;

	if (conn == NULL)
		return NULL;
	if ((res = maint_ldap_accounts(conn, err)) != NULL) {
		names = json_array();
		for (int i = 0; names != NULL && i < PQntuples(res); i++)
			json_array_append_new(names, json_string(PQgetvalue(res, i, 0)));
		PQclear(res);
	}
	db_pool_release(m->pool, conn);
	return names;
}

/* One round of re-checks of LDAP accounts. */
static void maint_ldap(struct auth_maint *m)
{
	struct dir_error err;
	json_t *names, *name;
	size_t i;
	int failed = 0;

	dir_error_init(&err);
	if ((names = maint_ldap_names(m, &err)) == NULL)
		failed = 1;
	json_array_foreach(names, i, name)
	{
		if ((failed = maint_ldap_one(m, json_string_value(name), &err) != 0))
			break;
	}
	json_decref(names);
	if (failed)
		log_msg(LOG_LEVEL_WARNING,
			"LDAP re-check stopped: %s; LDAP accounts keep their last known state "
			"until the next round",
			dir_error_isset(&err) ? err.message : "LDAP is no longer configured");
	dir_error_clear(&err);
}

/* The intervals, from the live configuration. */
static void maint_intervals(struct auth_maint *m, long *sweep, long *ldap)
{
	struct ldapauth_config ls;

	pthread_rwlock_rdlock(m->config_lock);
	ldapauth_settings(m->cfg, &ls);
	*sweep = m->cfg->maintenance_interval;
	*ldap = ldapauth_enabled(&ls) || m->cfg->n_ldap_orgs > 0 ? m->cfg->ldap_recheck : 0;
	pthread_rwlock_unlock(m->config_lock);
}

static void *maint_main(void *arg)
{
	struct auth_maint *m = arg;
	time_t last_sweep = time(NULL), last_ldap = time(NULL);

	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		struct timespec until;
		long sweep, ldap;
		time_t now;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&m->cond, &m->lock, &until);
		if (m->stop)
			break;
		pthread_mutex_unlock(&m->lock);
		maint_intervals(m, &sweep, &ldap);
		now = time(NULL);
		if (now - last_sweep >= sweep) {
			/* Independent jobs, each its own transaction, on purpose:
			 * ending the due closures is one UPDATE committed as any
			 * write of those services (closure.c); each reminder is
			 * recorded alone once its mail went out (remind.c), so no
			 * transaction stays open across an SMTP exchange and a
			 * failed mail undoes nothing else. One transaction for
			 * both would let a failed reminder round keep closures
			 * that are due. */
			maint_sweep(m);
			maint_remind(m);
			last_sweep = now;
		}
		if (ldap > 0 && now - last_ldap >= ldap) {
			maint_ldap(m);
			last_ldap = time(NULL);
		}
		pthread_mutex_lock(&m->lock);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

struct auth_maint *auth_maint_start(const struct dir_config *cfg, pthread_rwlock_t *config_lock,
				    struct db_pool *pool, struct dir_error *err)
{
	struct auth_maint *m = calloc(1, sizeof(*m));

	if (m == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	m->cfg = cfg;
	m->config_lock = config_lock;
	m->pool = pool;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	if (pthread_create(&m->thread, NULL, maint_main, m) != 0) {
		pthread_cond_destroy(&m->cond);
		pthread_mutex_destroy(&m->lock);
		free(m);
		dir_error_add(err, "internal_error", NULL, "cannot start the housekeeping thread");
		return NULL;
	}
	return m;
}

void auth_maint_stop(struct auth_maint *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = 1;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	free(m);
}
