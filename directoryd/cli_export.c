/*
 * cli_export.c - `directoryd export FORMAT FILE [own|all]`: the export of
 * GET /export written to a file (docs/api.md, "Export").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "export_csv.h"

/* The JSON document, part by part, to out. 0, or -1 with err. */
static int cli_export_json(PGconn *conn, enum export_scope scope, const char *node_id, FILE *out,
			   struct dir_error *err)
{
	struct export_cursor *c = export_open(scope, node_id);
	struct buf part;
	int more = 1;

	if (c == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	buf_init(&part, 64u * 1024u * 1024u);
	while (more > 0) {
		buf_reset(&part);
		more = export_next(c, conn, &part, err);
		if (more >= 0 && part.len > 0 && fwrite(part.data, 1, part.len, out) != part.len) {
			dir_error_add(err, "internal_error", NULL,
				      "the export file cannot be written");
			more = -1;
		}
	}
	buf_free(&part);
	export_close(c);
	return more;
}

static int cli_export_usage(void)
{
	fprintf(stderr, "usage: directoryd export hsds-json|hsds-csv FILE [own|all]\n"
			"  FILE - writes hsds-json to standard output; own (the default): this "
			"node's listings, all: with those mirrored from peers\n");
	return 2;
}

/* Write the package to path, or the JSON document to path ("-": stdout). */
static int cli_export_run(const struct dir_config *cfg, PGconn *conn, int csv,
			  enum export_scope scope, const char *path, struct dir_error *err)
{
	struct export_license license = { cfg->license_name, cfg->license_url };
	const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	char node_id[256];
	FILE *out;
	int rc;

	if (config_node_id(cfg, node_id, sizeof(node_id)) != 0)
		node_id[0] = '\0';
	if (csv)
		return export_csv_zip(conn, scope, node_id, &license, tmp, path, err);
	out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (out == NULL) {
		dir_error_add(err, "internal_error", NULL, "cannot write %s", path);
		return -1;
	}
	rc = cli_export_json(conn, scope, node_id, out, err);
	if ((out != stdout ? fclose(out) : fflush(out)) != 0 && rc == 0) {
		dir_error_add(err, "internal_error", NULL, "cannot write %s", path);
		rc = -1;
	}
	return rc;
}

int cli_export(struct dir_config *cfg, const struct cli_opts *opts)
{
	enum export_scope scope = EXPORT_OWN;
	struct dir_error err;
	PGconn *conn;
	int csv, rc;

	if (opts->nargs < 3 || opts->nargs > 4)
		return cli_export_usage();
	csv = strcmp(opts->args[1], "hsds-csv") == 0;
	if (!csv && strcmp(opts->args[1], "hsds-json") != 0)
		return cli_export_usage();
	if (opts->nargs == 4 && strcmp(opts->args[3], "all") == 0)
		scope = EXPORT_ALL;
	else if (opts->nargs == 4 && strcmp(opts->args[3], "own") != 0)
		return cli_export_usage();
	if (csv && strcmp(opts->args[2], "-") == 0)
		return cli_export_usage();
	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	rc = cli_export_run(cfg, conn, csv, scope, opts->args[2], &err) == 0 ? 0 : 1;
	if (rc != 0)
		cli_report(&err);
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}
