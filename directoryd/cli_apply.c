/*
 * cli_apply.c - `directoryd listings --state STATE` (cli_apply.h): the
 * coordinator's listings from apply_listings, one JSON object a line.
 */
#include "cli_apply.h"

#include <stdio.h>
#include <stdlib.h>

#include "apply.h"
#include "db.h"

int cli_listings(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct dir_error err;
	PGconn *conn;
	json_t *list;
	int rc = 1;

	if (opts->nargs != 1 || opts->state == NULL) {
		fprintf(stderr, "usage: directoryd listings --state "
				"stale|revalidation_pending|refused\n");
		return 2;
	}
	dir_error_init(&err);
	if ((conn = db_connect(cfg->database, &err)) == NULL) {
		cli_report(&err);
		dir_error_clear(&err);
		return 1;
	}
	if (apply_store_stale_after(conn, cfg->stale_after, &err) == 0 &&
	    (list = apply_listings(conn, opts->state, &err)) != NULL) {
		for (size_t i = 0; i < json_array_size(list); i++) {
			char *line = json_dumps(json_array_get(list, i), JSON_COMPACT);
			if (line != NULL)
				printf("%s\n", line);
			free(line);
		}
		json_decref(list);
		rc = fflush(stdout) == 0 ? 0 : 1;
	} else {
		cli_report(&err);
	}
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}
