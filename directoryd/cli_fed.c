/*
 * cli_fed.c - `directoryd peers ...` and `directoryd sync` (docs/federation.md,
 * sections 7 and 8). Each opens its own database connection and exits.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eligibility.h"
#include "peers.h"
#include "sync.h"
#include "trust.h"

static int cli_peers_list(PGconn *conn, struct dir_error *err)
{
	json_t *peers = peers_status(conn, err);
	size_t i;
	json_t *p;

	if (peers == NULL)
		return 1;
	json_array_foreach(peers, i, p)
	{
		char *line = json_dumps(p, JSON_COMPACT);
		if (line != NULL)
			puts(line);
		free(line);
	}
	json_decref(peers);
	return 0;
}

static int cli_peers_run(PGconn *conn, const struct cli_opts *o, const char *verb,
			 struct dir_error *err)
{
	if (strcmp(verb, "add") == 0 && o->nargs == 5)
		return peers_add(conn, o->args[2], o->args[3], o->args[4], o->relays,
				 (size_t)o->nrelays, !o->serve_only, err) == 0
			       ? 0
			       : 1;
	if (strcmp(verb, "pin") == 0 && o->nargs == 4)
		return trust_pin(conn, o->args[2], o->args[3], err) == 0 ? 0 : 1;
	if (strcmp(verb, "remove") == 0 && o->nargs == 3)
		return peers_remove(conn, o->args[2], err) == 0 ? 0 : 1;
	if (strcmp(verb, "list") == 0 && o->nargs == 2)
		return cli_peers_list(conn, err);
	fprintf(stderr, "usage: directoryd peers add NAME URL FINGERPRINT "
			"[--relay ORIGIN=FINGERPRINT]... [--serve-only]\n"
			"       directoryd peers pin NODE_ID FINGERPRINT\n"
			"       directoryd peers list | peers remove NAME\n");
	return 2;
}

int cli_peers(struct dir_config *cfg, const struct cli_opts *opts)
{
	const char *verb = opts->nargs > 1 ? opts->args[1] : "";
	struct dir_error err;
	PGconn *conn;
	int rc;

	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	rc = cli_peers_run(conn, opts, verb, &err);
	if (rc == 1)
		cli_report(&err);
	else if (rc == 0 && strcmp(verb, "list") != 0)
		printf("%s\n", strcmp(verb, "add") == 0 ? "peer added" : "done");
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}

/* One pass over one peer; prints a JSON line. 0 ok, 1 failed. */
static int cli_sync_one(const struct sync_ctx *ctx, PGconn *conn, struct peer *peer)
{
	struct sync_result result;
	struct dir_error err;
	json_t *line;
	char *text;
	int rc;

	dir_error_init(&err);
	rc = sync_peer(ctx, conn, peer, 1, &result, &err);
	line = json_pack("{s:s, s:b, s:I, s:I, s:I}", "peer", peer->name, "ok", rc == 0, "applied",
			 (json_int_t)result.applied, "refused", (json_int_t)result.refused, "pages",
			 (json_int_t)result.pages);
	if (rc != 0 && line != NULL)
		json_object_set_new(
			line, "error",
			json_pack("{s:s, s:s}", "code", err.code, "message", err.message));
	text = line != NULL ? json_dumps(line, JSON_COMPACT) : NULL;
	if (text != NULL)
		puts(text);
	fflush(stdout);
	free(text);
	json_decref(line);
	dir_error_clear(&err);
	return rc == 0 ? 0 : 1;
}

int cli_sync(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct dir_error err;
	struct sync_ctx ctx = { cfg, NULL, NULL, NULL };
	struct peer *peers = NULL;
	size_t n = 0;
	char node[256], dir[4200];
	PGconn *conn;
	int rc = 0;

	dir_error_init(&err);
	snprintf(dir, sizeof(dir), "%s/data/eligibility", cfg->data_dir);
	if (config_node_id(cfg, node, sizeof(node)) != 0 ||
	    (ctx.rules = elig_rules_load(dir, &err)) == NULL) {
		cli_report(&err);
		dir_error_clear(&err);
		return 1;
	}
	ctx.node_id = node;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((conn = cli_connect(cfg)) == NULL) {
		rc = 1;
	} else if (peers_load(conn, opts->peer, &peers, &n, &err) != 0) {
		cli_report(&err);
		rc = 1;
	}
	for (size_t i = 0; i < n; i++)
		rc |= cli_sync_one(&ctx, conn, &peers[i]);
	peers_free(peers, n);
	if (conn != NULL)
		PQfinish(conn);
	elig_rules_free(ctx.rules);
	curl_global_cleanup();
	dir_error_clear(&err);
	return rc;
}
