/*
 * maintain.h - the daemon's housekeeping of accounts, in a thread of its
 * own, so that nothing waits for a restart, a SIGHUP or the command line:
 *   - every maintenance_interval seconds (default 300): delete the rows of
 *     sessions that can no longer be used (session_purge), and audit
 *     entries older than audit_retention (audit_prune), and open again the
 *     services whose temporary closure has ended (closure_reopen_due,
 *     directoryd/hsds/closure.h), and, when smtp_url is set, send the
 *     reminders to confirm listings (remind_round, directoryd/hsds/remind.h);
 *     each count above 0 is logged, nothing else;
 *   - every ldap_recheck seconds (default 900), when the node has LDAP:
 *     ask the directory, with the service account, whether each LDAP
 *     account that holds a live API token or session is still in a mapped
 *     group (ldapauth_member). One who is not is marked lost
 *     (account_ldap_lost: tokens and sessions stop working); one whose
 *     group changed gets the new role (and its sessions end). A lost
 *     account is not asked again: its tokens work again only after its
 *     owner signs in from a mapped group. A directory that cannot be reached
 *     changes nothing and is logged; the next round tries again.
 * So an API token of someone removed from the LDAP group stops working
 * within ldap_recheck seconds (plus the time the round takes), or at once
 * when that person tries to sign in.
 */
#ifndef DIRECTORYD_MAINTAIN_H
#define DIRECTORYD_MAINTAIN_H

#include <pthread.h>

#include "config.h"
#include "db.h"
#include "error.h"

struct auth_maint;

/*
 * Start the thread. cfg is the daemon's live configuration, read under
 * config_lock (a SIGHUP may change the intervals); pool lends it a
 * connection for each round. All three are borrowed and must outlive
 * auth_maint_stop. Returns the worker, or NULL with err internal_error.
 */
struct auth_maint *auth_maint_start(const struct dir_config *cfg, pthread_rwlock_t *config_lock,
				    struct db_pool *pool, struct dir_error *err);

/* Stop the thread (at most one round's work) and free it. NULL is allowed. */
void auth_maint_stop(struct auth_maint *m);

#endif
