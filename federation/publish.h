/*
 * publish.h - publishing this node's own listings as signed records
 * (docs/federation.md, sections 5 and 6): at the end of every writing
 * transaction the records it changed are rendered, signed with the current
 * key and written to fed_record with new feed positions.
 *
 * Triggers of migrations/0015_fed_publish.sql mark the changed records in
 * fed_dirty; publish_pending, run by db_commit's hook just before COMMIT,
 * turns them into records. While the node has no key the marks wait and
 * are published at the first commit once a key is current.
 */
#ifndef DIRECTORYD_PUBLISH_H
#define DIRECTORYD_PUBLISH_H

#include <jansson.h>
#include <libpq-fe.h>

#include "config.h"
#include "error.h"
#include "fedkey.h"

/* What publishing needs to know about this node (strings borrowed). */
struct publish_ctx {
	const char *node_id; /* the origin of our records (config_node_id) */
	const char *key_dir; /* where <n>.key files are */
};

/*
 * Publish the records of every fed_dirty row visible to this transaction
 * (its own marks, and marks left by transactions that committed while the
 * node had no key): render dir_fed_body, build the record (version: the
 * row's version when newer than the one last published, else a fresh one
 * from dir_version_seq; a tombstone for a row that is gone, if this node
 * published it before), sign it with the current key, write fed_record with
 * new feed positions, and delete the marks. Records fed_record holds from
 * another origin are not published.
 * Call inside the writing transaction, just before COMMIT; the caller rolls
 * back on failure. With no current key it does nothing and returns 0.
 * Returns 0, or -1 with err set: conflict (a concurrent key revocation
 * re-signed a record first; try again), errors of the key file, the
 * signature and the database.
 */
int publish_pending(PGconn *conn, const struct publish_ctx *ctx, struct dir_error *err);

/*
 * Install publish_pending as db_commit's hook (db_set_commit_hook) for this
 * process, with copies of node_id and key_dir, after registering the key
 * files of key_dir that the database does not know (ownkeys_register; conn
 * must not be in a transaction). Call before threads start.
 * Returns 0, or -1 with err set (the hook is then not installed).
 */
int publish_install(PGconn *conn, const char *node_id, const char *key_dir, struct dir_error *err);

/*
 * publish_install with the node id and key_dir of a configuration; when it
 * fails, a warning is logged (log_msg) and writes go on unpublished (their marks
 * wait for a process that can publish). Returns 0 or -1.
 */
int publish_install_config(PGconn *conn, const struct dir_config *cfg);

/* Remove the hook and free the copies. */
void publish_uninstall(void);

#endif
