/*
 * dirctl_transfer.c - dirctl export and dirctl import: the node's whole
 * directory to a file (GET /export), and an HSDS file to the node
 * (POST /import), each read or written as it is, never as JSON
 * the client rebuilds.
 */
#include "dirctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest file dirctl import sends: the node's own limit. */
#define DIRCTL_MAX_UPLOAD (64L * 1024 * 1024)

static void export_usage(FILE *out)
{
	fputs("usage: dirctl export [--format hsds-json|hsds-csv] [--scope own|all] -o FILE\n\n"
	      "The node's whole directory (GET /export): HSDS 3.0 JSON (the default), or a\n"
	      "zipped HSDS 3.0 Tabular Data Package. --scope all adds the listings the node\n"
	      "mirrors from its peers. FILE is written only when the node answers in full.\n",
	      out);
}

struct export_opts {
	const char *format, *scope, *out;
};

static int export_parse(int argc, char **argv, struct export_opts *o)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "scope", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = dirctl_getopt(argc, argv, "f:s:o:h", opts)) != -1) {
		switch (c) {
		case 'f': o->format = optarg; break;
		case 's': o->scope = optarg; break;
		case 'o': o->out = optarg; break;
		case 'h': export_usage(stdout); return -1;
		default: export_usage(stderr); return DIRCTL_USAGE;
		}
	}
	if (optind != argc || o->out == NULL ||
	    (strcmp(o->format, "hsds-json") != 0 && strcmp(o->format, "hsds-csv") != 0) ||
	    (strcmp(o->scope, "own") != 0 && strcmp(o->scope, "all") != 0)) {
		export_usage(stderr);
		return DIRCTL_USAGE;
	}
	return DIRCTL_OK;
}

/* GET /export into path.part, renamed to path when the answer is whole. */
static int export_fetch(const struct dirctl *ctx, const struct export_opts *o)
{
	const char *params[] = { "format", o->format, "scope", o->scope, NULL };
	struct dirctl_response resp;
	char *url = dirctl_url(ctx, "/export", params), *part = NULL;
	FILE *f = NULL;
	int rc = DIRCTL_USAGE;

	if (url == NULL || asprintf(&part, "%s.part", o->out) < 0) {
		part = NULL;
		goto done;
	}
	if ((f = fopen(part, "wb")) == NULL) {
		dirctl_warn("cannot write %s", part);
		goto done;
	}
	rc = dirctl_request_raw(ctx, "GET", url, NULL, NULL, 0, 0, f, &resp);
	if (fclose(f) != 0 && rc == DIRCTL_OK) {
		dirctl_warn("cannot write %s", part);
		rc = DIRCTL_USAGE;
	}
	if (rc == DIRCTL_OK && (resp.status < 200 || resp.status >= 300))
		rc = dirctl_check(&resp);
	if (rc == DIRCTL_OK && rename(part, o->out) != 0) {
		dirctl_warn("cannot write %s", o->out);
		rc = DIRCTL_USAGE;
	}
	dirctl_response_free(&resp);
done:
	if (part != NULL && rc != DIRCTL_OK)
		unlink(part);
	free(part);
	free(url);
	return rc;
}

int dirctl_cmd_export(struct dirctl *ctx, int argc, char **argv)
{
	struct export_opts o = { "hsds-json", "own", NULL };
	int rc = export_parse(argc, argv, &o);

	if (rc != DIRCTL_OK)
		return rc < 0 ? DIRCTL_OK : rc;
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK)
		return rc;
	return export_fetch(ctx, &o);
}

static void import_usage(FILE *out)
{
	fputs("usage: dirctl import FILE\n\n"
	      "Send an HSDS JSON document, or a Tabular Data Package as a zip, to the node\n"
	      "(POST /import, at most 64 MiB): an organisation's token writes its own\n"
	      "records, a node admin's everything. Prints the importer's report as JSON Lines\n"
	      "and its summary on standard error; exits 1 when a record was refused.\n",
	      out);
}

/* The whole file (at most DIRCTL_MAX_UPLOAD bytes), malloc'd; NULL with a message. */
static char *import_read(const char *path, size_t *len)
{
	struct stat st;
	char *data = NULL;
	FILE *f = fopen(path, "rb");

	if (f == NULL || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		dirctl_warn("cannot read %s", path);
	} else if (st.st_size > DIRCTL_MAX_UPLOAD) {
		dirctl_warn("%s is over 64 MiB, the node's limit; split it", path);
	} else if ((data = malloc((size_t)st.st_size + 1)) == NULL ||
		   fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		dirctl_warn("cannot read %s", path);
		free(data);
		data = NULL;
	} else {
		*len = (size_t)st.st_size;
	}
	if (f != NULL)
		fclose(f);
	return data;
}

/* The report's lines on stdout, the summary's counts on stderr. */
static int import_print(json_t *answer)
{
	json_t *sum = json_object_get(answer, "summary"), *line, *v;
	const char *key;
	size_t i;
	char *text;

	json_array_foreach(json_object_get(answer, "report"), i, line)
	{
		if ((text = json_dumps(line, JSON_COMPACT)) != NULL)
			puts(text);
		free(text);
	}
	fputs("imported:", stderr);
	json_object_foreach(sum, key, v)
	{
		fprintf(stderr, " %s %lld", key, (long long)json_integer_value(v));
	}
	fputc('\n', stderr);
	return json_integer_value(json_object_get(sum, "refused")) > 0 ? DIRCTL_REFUSED : DIRCTL_OK;
}

int dirctl_cmd_import(struct dirctl *ctx, int argc, char **argv)
{
	struct dirctl_response resp;
	char *data, *url;
	size_t len = 0;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		import_usage(stdout);
		return DIRCTL_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		import_usage(stderr);
		return DIRCTL_USAGE;
	}
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK || (rc = dirctl_need_token(ctx)) != DIRCTL_OK)
		return rc;
	if ((data = import_read(argv[1], &len)) == NULL)
		return DIRCTL_USAGE;
	if ((url = dirctl_url(ctx, "/import", NULL)) == NULL) {
		free(data);
		return DIRCTL_USAGE;
	}
	rc = dirctl_request_raw(ctx, "POST", url,
				len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0 ? "application/zip"
									       : "application/json",
				data, len, 1, NULL, &resp);
	if (rc == DIRCTL_OK && (rc = dirctl_check(&resp)) == DIRCTL_OK)
		rc = import_print(resp.json);
	if (resp.body != NULL || resp.json != NULL)
		dirctl_response_free(&resp);
	free(data);
	free(url);
	return rc;
}
