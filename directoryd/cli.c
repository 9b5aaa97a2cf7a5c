/*
 * cli.c - the one-shot subcommands: migrate, import-hsds, token, org.
 * Each opens its own database connection and exits.
 */
#include "cli.h"

#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "eligibility.h"
#include "import.h"
#include "migrate.h"
#include "places.h"
#include "publish.h"
#include "store.h"
#include "synonyms.h"
#include "token.h"
#include "validate.h"

void cli_report(const struct dir_error *err)
{
	size_t n = json_array_size(err->details);

	if (n == 0) {
		fprintf(stderr, "directoryd: %s\n", err->message[0] ? err->message : "failed");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(err->details, i);
		const char *field = json_string_value(json_object_get(d, "field"));
		fprintf(stderr, "directoryd: %s%s%s\n", field ? field : "", field ? ": " : "",
			json_string_value(json_object_get(d, "message")));
	}
}

PGconn *cli_connect(const struct dir_config *cfg)
{
	struct dir_error err;
	PGconn *conn;

	dir_error_init(&err);
	conn = db_connect(cfg->database, &err);
	if (conn == NULL)
		cli_report(&err);
	dir_error_clear(&err);
	return conn;
}

int cli_migrate(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct dir_error err;
	PGconn *conn = cli_connect(cfg);
	int applied, rc = 1;

	(void)opts;
	if (conn == NULL)
		return 1;
	dir_error_init(&err);
	applied = migrate_apply(conn, cfg->data_dir, stdout, &err);
	if (applied >= 0 && db_begin(conn, &err) == 0 &&
	    store_seed_taxonomies(conn, cfg->data_dir, &err) == 0 &&
	    synonyms_seed(conn, cfg->data_dir, &err) == 0 &&
	    places_load(conn, cfg->data_dir, stdout, &err) >= 0 && db_commit(conn, &err) == 0) {
		printf("database is up to date (%d migration%s applied)\n", applied,
		       applied == 1 ? "" : "s");
		rc = 0;
	} else {
		db_rollback(conn);
		cli_report(&err);
	}
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}

/* The eligibility rules of the data directory, or NULL (reported). */
static struct elig_rules *cli_rules(const struct dir_config *cfg)
{
	struct dir_error err;
	struct elig_rules *rules;
	char dir[4200];

	dir_error_init(&err);
	snprintf(dir, sizeof(dir), "%s/data/eligibility", cfg->data_dir);
	rules = elig_rules_load(dir, &err);
	if (rules == NULL)
		cli_report(&err);
	dir_error_clear(&err);
	return rules;
}

/* A mirror takes no local registrations (docs/federation.md, section 9). */
static int cli_mirror_refuses(const struct dir_config *cfg, const char *command)
{
	if (strcmp(cfg->mode, "mirror") != 0)
		return 0;
	fprintf(stderr,
		"directoryd: %s: this node is a mirror (mode = mirror) and takes no "
		"registrations; register on the listing's origin node\n",
		command);
	return 1;
}

/* The audit trail's way in for this connection's writes, with the file if any. */
static int cli_actor(PGconn *conn, const char *way, const char *file, struct dir_error *err)
{
	json_t *detail = file != NULL ? json_pack("{s:s}", "file", file) : NULL;
	int rc = audit_set_actor(conn, NULL, way, detail, err);

	json_decref(detail);
	return rc;
}

int cli_import(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct import_options io = { opts->datapackage, opts->prune, opts->allow_skipped, NULL };
	struct import_summary sum = { 0 };
	struct elig_rules *rules;
	struct dir_error err;
	PGconn *conn;
	int rc = 1;

	if (opts->nargs != 2) {
		fprintf(stderr, "usage: directoryd import [--prune] [--allow-skipped] "
				"[--datapackage FILE] PATH\n");
		return 2;
	}
	if (cli_mirror_refuses(cfg, "import-hsds"))
		return 1;
	if ((rules = cli_rules(cfg)) == NULL)
		return 1;
	if ((conn = cli_connect(cfg)) == NULL) {
		elig_rules_free(rules);
		return 1;
	}
	dir_error_init(&err);
	publish_install_config(conn, cfg);
	if (cli_actor(conn, "import", opts->args[1], &err) == 0 &&
	    import_hsds_opts(conn, rules, opts->args[1], &io, stdout, &sum, &err) == 0) {
		import_summary_print(stderr, &sum);
		rc = sum.refused > 0 ? 1 : 0;
	} else {
		if (strcmp(err.code, "skipped_input") == 0)
			import_summary_print(stderr, &sum);
		cli_report(&err);
	}
	dir_error_clear(&err);
	PQfinish(conn);
	elig_rules_free(rules);
	return rc;
}

static int cli_token_create(PGconn *conn, const struct cli_opts *opts, struct dir_error *err)
{
	char text[TOKEN_TEXT_MAX], id[37];

	if ((opts->organization != NULL) == (opts->node_admin != 0)) {
		fprintf(stderr, "usage: directoryd token create "
				"--organization ID | --node-admin [--label TEXT]\n");
		return 2;
	}
	if (opts->organization != NULL && !val_is_uuid(opts->organization)) {
		fprintf(stderr, "directoryd: --organization must be a UUID\n");
		return 2;
	}
	if (token_create(conn, opts->organization, opts->label, text, id, err) != 0)
		return 1;
	printf("%s\n", text);
	fprintf(stderr, "token %s created; it is shown only this once\n", id);
	return 0;
}

int cli_token(struct dir_config *cfg, const struct cli_opts *opts)
{
	const char *verb = opts->nargs > 1 ? opts->args[1] : "";
	struct dir_error err;
	PGconn *conn;
	int rc = 2;

	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	if (strcmp(verb, "create") == 0)
		rc = cli_token_create(conn, opts, &err);
	else if (strcmp(verb, "list") == 0)
		rc = token_list(conn, stdout, &err) == 0 ? 0 : 1;
	else if (strcmp(verb, "revoke") == 0 && opts->nargs == 3 && val_is_uuid(opts->args[2]))
		rc = token_revoke(conn, opts->args[2], NULL, &err) == 0 ? 0 : 1;
	else
		fprintf(stderr, "usage: directoryd token create|list|revoke ID\n");
	if (rc == 1)
		cli_report(&err);
	if (rc == 0 && strcmp(verb, "revoke") == 0)
		printf("revoked\n");
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}

/* Validate, check eligibility and store a new organisation in one go. */
static int cli_org_store(PGconn *conn, struct elig_rules *rules, json_t *doc, struct dir_error *err)
{
	char id[37];

	if (val_check(DIR_KIND_ORGANIZATION, doc, err) != 0 ||
	    elig_check_document(rules, doc, "", err, NULL) != 0 ||
	    cli_actor(conn, "cli", NULL, err) != 0 || db_begin(conn, err) != 0)
		return -1;
	if (store_put(conn, DIR_KIND_ORGANIZATION, doc, NULL, id, err) != 0 ||
	    db_commit(conn, err) != 0) {
		db_rollback(conn);
		return -1;
	}
	printf("%s\n", id);
	return 0;
}

int cli_org(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct elig_rules *rules;
	struct dir_error err;
	PGconn *conn;
	json_t *doc;
	int rc;

	if (opts->nargs != 2 || strcmp(opts->args[1], "create") != 0 || opts->name == NULL) {
		fprintf(stderr, "usage: directoryd org create --name NAME "
				"[--description TEXT] [--sex-worker-led]\n");
		return 2;
	}
	if (cli_mirror_refuses(cfg, "org create"))
		return 1;
	if ((rules = cli_rules(cfg)) == NULL || (conn = cli_connect(cfg)) == NULL) {
		elig_rules_free(rules);
		return 1;
	}
	dir_error_init(&err);
	publish_install_config(conn, cfg);
	doc = json_pack("{s:s, s:s, s:b}", "name", opts->name, "description",
			opts->description ? opts->description : "", "sex_worker_led",
			opts->sex_worker_led);
	rc = doc != NULL && cli_org_store(conn, rules, doc, &err) == 0 ? 0 : 1;
	if (rc != 0)
		cli_report(&err);
	json_decref(doc);
	dir_error_clear(&err);
	PQfinish(conn);
	elig_rules_free(rules);
	return rc;
}

int cli_unchecked(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct dir_error err;
	PGconn *conn = cli_connect(cfg);
	json_t *list;
	size_t i;
	json_t *rec;

	(void)opts;
	if (conn == NULL)
		return 1;
	dir_error_init(&err);
	list = admin_unchecked_list(conn, &err);
	if (list == NULL)
		cli_report(&err);
	json_array_foreach(list, i, rec)
	{
		char *line = json_dumps(rec, JSON_COMPACT);
		if (line != NULL)
			printf("%s\n", line);
		free(line);
	}
	json_decref(list);
	dir_error_clear(&err);
	PQfinish(conn);
	return list != NULL ? 0 : 1;
}
