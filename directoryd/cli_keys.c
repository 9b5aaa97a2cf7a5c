/*
 * cli_keys.c - `directoryd keygen` and `directoryd keys list|rotate|revoke`:
 * this node's Ed25519 keys from the command line, printed as JSON Lines.
 */
#include "cli_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fedkey.h"
#include "ownkeys.h"

/* The node id of the configuration, or -1 after saying why. */
static int cli_keys_node(const struct dir_config *cfg, char *node, size_t cap)
{
	if (config_node_id(cfg, node, cap) != 0) {
		fprintf(stderr, "directoryd: public_url has no host; set it first\n");
		return -1;
	}
	return 0;
}

int cli_keygen(struct dir_config *cfg, const struct cli_opts *opts)
{
	char node[FED_KEYID_MAX], keyid[FED_KEYID_MAX], fp[FED_FINGERPRINT_MAX];
	struct dir_error err;
	struct fed_key key;
	json_t *line;
	int rc = 1;

	if (opts->nargs != 1) {
		fprintf(stderr, "usage: directoryd keygen\n");
		return 2;
	}
	if (cli_keys_node(cfg, node, sizeof(node)) != 0)
		return 1;
	dir_error_init(&err);
	if (fed_key_create(cfg->key_dir, 1, &key, &err) != 0) {
		cli_report(&err);
		dir_error_clear(&err);
		return 1;
	}
	fed_fingerprint(key.pk, fp);
	fed_key_wipe(&key);
	if (fed_keyid(node, 1, keyid) == 0 &&
	    (line = json_pack("{s:s, s:s}", "keyid", keyid, "fingerprint", fp)) != NULL) {
		char *text = json_dumps(line, JSON_COMPACT);
		if (text != NULL && printf("%s\n", text) > 0)
			rc = 0;
		free(text);
		json_decref(line);
	}
	return rc;
}

/* Print the list line of key n (every key when n is 0). */
static int cli_keys_print(PGconn *conn, const char *node, unsigned int n, struct dir_error *err)
{
	static const char *const shown[] = { "keyid",      "fingerprint", "state",
					     "valid_from", "retired_at",  "revoked_at" };
	char keyid[FED_KEYID_MAX];
	json_t *list = ownkeys_list(conn, node, err), *e;
	size_t i;

	if (list == NULL || (n > 0 && fed_keyid(node, n, keyid) != 0)) {
		json_decref(list);
		return -1;
	}
	json_array_foreach(list, i, e)
	{
		json_t *line;
		char *text;
		if (n > 0 && strcmp(json_string_value(json_object_get(e, "keyid")), keyid) != 0)
			continue;
		line = json_object();
		for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++)
			json_object_set(line, shown[k], json_object_get(e, shown[k]));
		if ((text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER)) != NULL)
			printf("%s\n", text);
		free(text);
		json_decref(line);
	}
	json_decref(list);
	return 0;
}

/* --lead SECONDS, or the configured key_rotation_lead. -1 when malformed. */
static long cli_keys_lead(const struct dir_config *cfg, const struct cli_opts *opts)
{
	char *end;
	long lead;

	if (opts->lead == NULL)
		return cfg->key_rotation_lead;
	lead = strtol(opts->lead, &end, 10);
	if (end == opts->lead || *end != '\0' || lead < 0 || lead > 31536000)
		return -1;
	return lead;
}

static int cli_keys_run(struct dir_config *cfg, const struct cli_opts *opts, PGconn *conn,
			const char *node, struct dir_error *err)
{
	const char *verb = opts->args[1];
	unsigned int n = 0;
	long lead;

	if (strcmp(verb, "list") == 0 && opts->nargs == 2)
		return ownkeys_register(conn, cfg->key_dir, err) == 0 &&
				       cli_keys_print(conn, node, 0, err) == 0
			       ? 0
			       : 1;
	if (strcmp(verb, "rotate") == 0 && opts->nargs == 2) {
		if ((lead = cli_keys_lead(cfg, opts)) < 0) {
			fprintf(stderr, "directoryd: --lead takes seconds, 0 to 31536000\n");
			return 2;
		}
		return ownkeys_rotate(conn, cfg->key_dir, lead, &n, err) == 0 &&
				       cli_keys_print(conn, node, n, err) == 0
			       ? 0
			       : 1;
	}
	if (strcmp(verb, "revoke") == 0 && opts->nargs == 3)
		return ownkeys_revoke(conn, cfg->key_dir, node, opts->args[2], &n, err) == 0 &&
				       cli_keys_print(conn, node, n, err) == 0
			       ? 0
			       : 1;
	fprintf(stderr, "usage: directoryd keys list | rotate [--lead SECONDS] | revoke KEYID\n");
	return 2;
}

int cli_keys(struct dir_config *cfg, const struct cli_opts *opts)
{
	char node[FED_KEYID_MAX];
	struct dir_error err;
	PGconn *conn;
	int rc;

	if (opts->nargs < 2) {
		fprintf(stderr, "usage: directoryd keys list | rotate [--lead SECONDS] | revoke "
				"KEYID\n");
		return 2;
	}
	if (cli_keys_node(cfg, node, sizeof(node)) != 0)
		return 1;
	dir_error_init(&err);
	if ((conn = db_connect(cfg->database, &err)) == NULL) {
		cli_report(&err);
		dir_error_clear(&err);
		return 1;
	}
	rc = cli_keys_run(cfg, opts, conn, node, &err);
	if (rc == 1)
		cli_report(&err);
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}
