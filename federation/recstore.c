/*
 * recstore.c - the store of this node's signed records: a batch of records
 * signed with one key, written to fed_record with new feed positions
 * (docs/federation.md, sections 5 and 6). Shared by publishing at commit
 * (publish.c) and the re-signing of a key revocation (ownkeys.c).
 */
#include "recstore.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "record.h"

int recstore_batch_init(struct recstore_batch *b, const char *node_id, struct dir_error *err)
{
	b->node_id = node_id;
	if ((b->rows = json_array()) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	return 0;
}

void recstore_batch_free(struct recstore_batch *b)
{
	json_decref(b->rows);
	b->rows = NULL;
}

int recstore_batch_add(struct recstore_batch *b, const json_t *record, const struct fed_key *key,
		       struct dir_error *err)
{
	char sig[FED_SIG_B64_MAX], keyid[FED_KEYID_MAX];
	char *jcs = NULL;
	json_t *row;

	if (fed_keyid(b->node_id, key->n, keyid) != 0) {
		dir_error_add(err, "internal_error", NULL, "the node id is too long for a key id");
		return -1;
	}
	if (rec_sign(record, key, &jcs, sig, err) != 0)
		return -1;
	row = json_pack(
		"{s:O, s:O, s:O, s:O, s:O, s:s, s:s, s:s}", "type", json_object_get(record, "type"),
		"id", json_object_get(record, "id"), "version", json_object_get(record, "version"),
		"updated", json_object_get(record, "updated"), "deleted",
		json_object_get(record, "deleted"), "record", jcs, "keyid", keyid, "sig", sig);
	free(jcs);
	if (row == NULL || json_array_append_new(b->rows, row) != 0) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	return 0;
}

int recstore_batch_store(PGconn *conn, struct recstore_batch *b, struct dir_error *err)
{
	size_t n = json_array_size(b->rows);
	const char *params[2] = { b->node_id, NULL };
	char *text;
	PGresult *res;
	int rc = -1;

	if (n == 0)
		return 0;
	if ((text = json_dumps(b->rows, JSON_COMPACT)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	params[1] = text;
	res = db_exec(conn, "SELECT dir_fed_store($1, $2::jsonb)", 2, params, err);
	if (res != NULL && strtoull(PQgetvalue(res, 0, 0), NULL, 10) == n)
		rc = 0;
	else if (res != NULL)
		dir_error_add(err, "conflict", NULL,
			      "a record changed was re-signed or taken over meanwhile; try again");
	PQclear(res);
	free(text);
	return rc;
}
