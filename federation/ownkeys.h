/*
 * ownkeys.h - this node's own keys (docs/federation.md, section 2): the
 * table fed_own_key beside the seed files <key_dir>/<n>.key, the current
 * key cached per process, the key lists of the well-known document, key
 * rotation and revocation with the re-signing of every record.
 */
#ifndef DIRECTORYD_OWNKEYS_H
#define DIRECTORYD_OWNKEYS_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "fedkey.h"

/* Most key files looked at in key_dir. */
#define OWNKEYS_MAX 1024

/*
 * Register the key files of key_dir that fed_own_key does not hold yet,
 * valid from now. Runs in the caller's transaction (or alone). A file whose
 * public key differs from the registered key of the same n is refused.
 * Returns 0, or -1 with err set (unreadable folder or key file, conflict,
 * database error).
 */
int ownkeys_register(PGconn *conn, const char *key_dir, struct dir_error *err);

/*
 * The current key (section 2) into *out, loaded from <key_dir>/<n>.key and
 * kept in memory per process (under a mutex; loaded again when the current
 * n or key_dir changes). Wipe *out with fed_key_wipe when done.
 * Returns 0 with *out filled, or -1 with err set: not_found when the node
 * has no current key (run directoryd keygen), or an unreadable key file, a
 * file that does not match the registered public key, a database error.
 */
int ownkeys_current(PGconn *conn, const char *key_dir, struct fed_key *out, struct dir_error *err);

/*
 * Every key as an array of objects {"keyid", "alg", "public_key",
 * "fingerprint", "state" (current|next|retired|revoked), "valid_from",
 * "retired_at", "revoked_at", "revocation"} (absent times are null), in
 * the order of n. Returns a new reference, or NULL with err set.
 */
json_t *ownkeys_list(PGconn *conn, const char *node_id, struct dir_error *err);

/*
 * The key lists of GET /.well-known/directoryd (section 3): an object
 * {"keys": [current and next keys], "retired_keys": [...],
 * "revoked_keys": [...]} with the members section 3 shows for each.
 * Returns a new reference, or NULL with err set.
 */
json_t *ownkeys_wellknown(PGconn *conn, const char *node_id, struct dir_error *err);

/*
 * keys rotate: make key n+1 (file and row) valid from now + lead seconds;
 * the current key is retired at that time. Its own transaction.
 * *n_out receives the new key's n. Returns 0, or -1 with err set
 * (not_found when there is no current key to rotate from: run keygen).
 */
int ownkeys_rotate(PGconn *conn, const char *key_dir, long lead, unsigned int *n_out,
		   struct dir_error *err);

/*
 * keys revoke KEYID: in one transaction, mark the key revoked now with its
 * self-signed revocation statement (section 2), make a new key valid now
 * when no usable key remains, and re-sign every record of this origin in
 * fed_record (tombstones too) with the current key, a new version and new
 * feed positions. *current_out receives the current key's n afterwards.
 * Returns 0, or -1 with err set: invalid_parameter (not a key id of this
 * node), not_found (no such key), conflict (already revoked), or the
 * errors of the key files and the database.
 */
int ownkeys_revoke(PGconn *conn, const char *key_dir, const char *node_id, const char *keyid,
		   unsigned int *current_out, struct dir_error *err);

/* Forget the cached current key (wiped). For tests and shutdown. */
void ownkeys_forget(void);

#endif
