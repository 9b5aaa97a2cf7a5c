/*
 * publish.c - turning the records a transaction changed into signed
 * records of this node's feed, just before the transaction commits
 * (docs/federation.md, sections 5 and 6).
 */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "ownkeys.h"
#include "record.h"
#include "recstore.h"

/* Sign and add the record of one claimed row (columns of dir_fed_claim). */
static int publish_row(struct recstore_batch *b, const PGresult *res, int i,
		       const struct fed_key *key, struct dir_error *err)
{
	json_t *body = NULL, *rec;
	int rc = -1;

	if (!PQgetisnull(res, i, 2) &&
	    (body = json_loads(PQgetvalue(res, i, 2), JSON_REJECT_DUPLICATES, NULL)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "the %s %s could not be rendered",
			      PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		return -1;
	}
	rec = rec_build(b->node_id, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			strtoll(PQgetvalue(res, i, 3), NULL, 10), PQgetvalue(res, i, 4), body);
	if (rec == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	else
		rc = recstore_batch_add(b, rec, key, err);
	json_decref(rec);
	json_decref(body);
	return rc;
}

/* The current key: 1 with *key filled, 0 when there is none, -1 with err. */
static int publish_key(PGconn *conn, const struct publish_ctx *ctx, struct fed_key *key,
		       struct dir_error *err)
{
	struct dir_error why;
	int rc = 1;

	dir_error_init(&why);
	if (ownkeys_current(conn, ctx->key_dir, key, &why) != 0) {
		rc = strcmp(why.code, "not_found") == 0 ? 0 : -1;
		if (rc < 0)
			dir_error_add(err, why.code, NULL, "%s", why.message);
	}
	dir_error_clear(&why);
	return rc;
}

int publish_pending(PGconn *conn, const struct publish_ctx *ctx, struct dir_error *err)
{
	const char *params[1] = { ctx->node_id };
	struct recstore_batch batch = { 0 };
	struct fed_key key;
	PGresult *res = NULL;
	int have, rc = -1;

	memset(&key, 0, sizeof(key));
	if ((have = publish_key(conn, ctx, &key, err)) <= 0)
		return have; /* no key: the marks wait */
	res = db_exec(conn, "SELECT type, id, body, version, updated FROM dir_fed_claim($1)", 1,
		      params, err);
	if (res == NULL || recstore_batch_init(&batch, ctx->node_id, err) != 0)
		goto done;
	for (int i = 0; i < PQntuples(res); i++)
		if (publish_row(&batch, res, i, &key, err) != 0)
			goto done;
	rc = recstore_batch_store(conn, &batch, err);
done:
	fed_key_wipe(&key);
	recstore_batch_free(&batch);
	PQclear(res);
	return rc;
}

/* The installed hook's context, owned here. */
static struct publish_ctx hook_ctx;
static char *hook_node_id, *hook_key_dir;

static int publish_hook(PGconn *conn, void *ctx, struct dir_error *err)
{
	return publish_pending(conn, ctx, err);
}

void publish_uninstall(void)
{
	db_set_commit_hook(NULL, NULL);
	free(hook_node_id);
	free(hook_key_dir);
	hook_node_id = hook_key_dir = NULL;
}

int publish_install(PGconn *conn, const char *node_id, const char *key_dir, struct dir_error *err)
{
	publish_uninstall();
	if (ownkeys_register(conn, key_dir, err) != 0)
		return -1;
	hook_node_id = strdup(node_id);
	hook_key_dir = strdup(key_dir);
	if (hook_node_id == NULL || hook_key_dir == NULL) {
		publish_uninstall();
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	hook_ctx.node_id = hook_node_id;
	hook_ctx.key_dir = hook_key_dir;
	db_set_commit_hook(publish_hook, &hook_ctx);
	return 0;
}

int publish_install_config(PGconn *conn, const struct dir_config *cfg)
{
	char node[256];
	struct dir_error err;
	int rc = -1;

	dir_error_init(&err);
	if (config_node_id(cfg, node, sizeof(node)) != 0)
		dir_error_add(&err, "invalid_parameter", "public_url", "public_url has no host");
	else
		rc = publish_install(conn, node, cfg->key_dir, &err);
	if (rc != 0)
		log_msg(LOG_LEVEL_WARNING, "records are not published by this process: %s",
			err.message);
	dir_error_clear(&err);
	return rc;
}
