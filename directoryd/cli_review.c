/*
 * cli_review.c - directoryd review list|approve ID|refuse ID: the node's
 * reviewers decide what the eligibility rule held (docs/eligibility.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "eligibility.h"
#include "fedreview.h"
#include "review.h"
#include "validate.h"

/* Print the open holds as JSON Lines. */
static int cli_review_list(PGconn *conn, struct dir_error *err)
{
	json_t *list = review_list(conn, NULL, err), *rec;
	size_t i;

	if (list == NULL)
		return 1;
	json_array_foreach(list, i, rec)
	{
		char *line = json_dumps(rec, JSON_COMPACT);
		if (line != NULL)
			printf("%s\n", line);
		free(line);
	}
	json_decref(list);
	return 0;
}

/*
 * Approve a hold of a record from a peer: applied as its origin signed it
 * (fedreview_approve), with this node's id and rule. 0 applied, 1 a hold
 * of this node's own, -1 with err.
 */
static int cli_review_fed(struct dir_config *cfg, PGconn *conn, const char *id, char record_id[37],
			  struct dir_error *err)
{
	char node[256], dir[4200];
	struct elig_rules *rules;
	int rc;

	snprintf(dir, sizeof(dir), "%s/data/eligibility", cfg->data_dir);
	if (config_node_id(cfg, node, sizeof(node)) != 0) {
		dir_error_add(err, "invalid_config", NULL, "public_url names no node");
		return -1;
	}
	if ((rules = elig_rules_load(dir, err)) == NULL)
		return -1;
	rc = fedreview_approve(conn, node, rules, id, record_id, err);
	elig_rules_free(rules);
	return rc;
}

/* Approve or refuse one hold in a transaction. */
static int cli_review_decide(struct dir_config *cfg, PGconn *conn, const char *id, int approve,
			     struct dir_error *err)
{
	json_t *detail = json_pack("{s:s, s:s}", "review_id", id, "decision",
				   approve ? "approved" : "refused");
	char record_id[37];
	int rc = audit_set_actor(conn, NULL, "cli", detail, err), fed = 1;

	json_decref(detail);
	if (rc != 0 || db_begin(conn, err) != 0)
		return 1;
	if ((approve && (fed = cli_review_fed(cfg, conn, id, record_id, err)) < 0) ||
	    (fed != 0 && review_decide(conn, id, approve, record_id, err) != 0) ||
	    db_commit(conn, err) != 0) {
		db_rollback(conn);
		return 1;
	}
	printf("%s %s\n", approve ? "approved" : "refused", record_id);
	return 0;
}

int cli_review(struct dir_config *cfg, const struct cli_opts *opts)
{
	const char *verb = opts->nargs > 1 ? opts->args[1] : "";
	int decide = strcmp(verb, "approve") == 0 || strcmp(verb, "refuse") == 0;
	struct dir_error err;
	PGconn *conn;
	int rc;

	if (!(strcmp(verb, "list") == 0 && opts->nargs == 2) &&
	    !(decide && opts->nargs == 3 && val_is_uuid(opts->args[2]))) {
		fprintf(stderr, "usage: directoryd review list | approve ID | refuse ID\n");
		return 2;
	}
	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	rc = decide ? cli_review_decide(cfg, conn, opts->args[2], strcmp(verb, "approve") == 0,
					&err)
		    : cli_review_list(conn, &err);
	if (rc != 0)
		cli_report(&err);
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}
