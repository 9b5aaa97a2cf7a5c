/*
 * recstore.h - the store of this node's signed records in fed_record,
 * shared by publishing (publish.h) and key revocation (ownkeys.h), so that
 * neither calls the other.
 */
#ifndef DIRECTORYD_RECSTORE_H
#define DIRECTORYD_RECSTORE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"
#include "fedkey.h"

/*
 * A batch of signed records of this node for fed_record (used by
 * publish_pending and by ownkeys_revoke's re-signing).
 * recstore_batch_init: an empty batch for origin node_id (borrowed).
 * recstore_batch_add: sign record (borrowed; built by rec_build) with key and
 *   append it. Returns 0, or -1 with err set.
 * recstore_batch_store: write them all with new feed positions
 *   (dir_fed_store); -1 with conflict when one was not newer than the record
 *   held or not this origin's.
 * recstore_batch_free: free it; safe after a failed init.
 */
struct recstore_batch {
	const char *node_id;
	json_t *rows;
};
int recstore_batch_init(struct recstore_batch *b, const char *node_id, struct dir_error *err);
int recstore_batch_add(struct recstore_batch *b, const json_t *record, const struct fed_key *key,
		       struct dir_error *err);
int recstore_batch_store(PGconn *conn, struct recstore_batch *b, struct dir_error *err);
void recstore_batch_free(struct recstore_batch *b);

#endif
