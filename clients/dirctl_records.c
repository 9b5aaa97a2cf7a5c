/*
 * dirctl_records.c - dirctl org|service|location get|create|update|delete:
 * the write API of docs/api.md with JSON files in and JSON out.
 */
#include "dirctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A record type of the API. */
struct record_kind {
	const char *command; /* dirctl's word */
	const char *path;    /* the API's collection */
	const char *noun;    /* for messages */
};

static const struct record_kind kinds[] = {
	{ "org", "/organizations", "organization" },
	{ "service", "/services", "service" },
	{ "location", "/locations", "location" },
};

static void usage(FILE *out, const struct record_kind *k)
{
	fprintf(out,
		"usage: dirctl %s get ID\n"
		"       dirctl %s create FILE\n"
		"       dirctl %s update [ID] FILE\n"
		"       dirctl %s delete ID\n\n"
		"get prints the %s as JSON; create and update send FILE (JSON, \"-\" for\n"
		"standard input, at most 1 MiB) and print what the node stored; update takes\n"
		"the id from FILE when ID is not given. Writes need a token (dirctl login).\n"
		"Options: -h, --help\n",
		k->command, k->command, k->command, k->command, k->noun);
}

/* Reads all of f, at most DIRCTL_MAX_BODY bytes; malloc'd, or NULL. */
static char *read_all(FILE *f, const char *name, size_t *len)
{
	size_t cap = (size_t)DIRCTL_MAX_BODY + 1, n;
	char *buf = malloc(cap);

	if (buf == NULL) {
		dirctl_warn("out of memory");
		return NULL;
	}
	n = fread(buf, 1, cap, f);
	if (ferror(f)) {
		dirctl_warn("cannot read %s: %s", name, strerror(errno));
	} else if (n == cap) {
		dirctl_warn("%s is larger than 1 MiB, the most a node takes", name);
	} else {
		*len = n;
		return buf;
	}
	free(buf);
	return NULL;
}

/* The JSON object in the file name ("-": standard input); NULL with a
 * message. Duplicate keys are refused, as the node refuses them. */
static json_t *load_object(const char *name)
{
	FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
	json_error_t jerr;
	json_t *v = NULL;
	char *buf;
	size_t len = 0;

	if (f == NULL) {
		dirctl_warn("cannot open %s: %s", name, strerror(errno));
		return NULL;
	}
	buf = read_all(f, name, &len);
	if (f != stdin)
		fclose(f);
	if (buf == NULL)
		return NULL;
	v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (v == NULL) {
		dirctl_warn("%s, line %d, column %d: %s", name, jerr.line, jerr.column, jerr.text);
	} else if (!json_is_object(v)) {
		dirctl_warn("%s holds JSON but not an object", name);
		json_decref(v);
		v = NULL;
	}
	return v;
}

/* The URL of the collection, or of one record when id is given. */
static char *record_url(const struct dirctl *ctx, const struct record_kind *k, const char *id)
{
	char *seg, *path, *url;

	if (id == NULL)
		return dirctl_url(ctx, k->path, NULL);
	if ((seg = dirctl_url_segment(id)) == NULL)
		return NULL;
	if (asprintf(&path, "%s/%s", k->path, seg) < 0)
		path = NULL;
	free(seg);
	url = path != NULL ? dirctl_url(ctx, path, NULL) : NULL;
	free(path);
	return url;
}

/* One call, its answer printed as JSON (none for a 204). */
static int record_call(struct dirctl *ctx, const struct record_kind *k, const char *method,
		       const char *id, const json_t *body)
{
	char *url = record_url(ctx, k, id);
	json_t *out = NULL;
	int rc;

	if (url == NULL)
		return DIRCTL_USAGE;
	/* reads carry no token: nothing ties a reader to what they read */
	rc = dirctl_call(ctx, method, url, body, strcmp(method, "GET") != 0, &out);
	free(url);
	if (rc == DIRCTL_OK && out != NULL)
		rc = dirctl_print_json(out);
	else if (rc == DIRCTL_OK && strcmp(method, "DELETE") == 0)
		printf("deleted %s %s\n", k->noun, id);
	json_decref(out);
	return rc;
}

/* create FILE, update [ID] FILE */
static int record_write(struct dirctl *ctx, const struct record_kind *k, int update, int nargs,
			char **args)
{
	const char *id = NULL, *file;
	json_t *body;
	int rc;

	if (nargs != 1 && !(update && nargs == 2)) {
		usage(stderr, k);
		return DIRCTL_USAGE;
	}
	file = args[nargs - 1];
	if ((body = load_object(file)) == NULL)
		return DIRCTL_USAGE;
	if (update)
		id = nargs == 2 ? args[0] : dirctl_json_str(body, "id");
	if (update && id == NULL) {
		dirctl_warn("%s has no \"id\": give the %s's id before the file", file, k->noun);
		json_decref(body);
		return DIRCTL_USAGE;
	}
	rc = dirctl_setup(ctx);
	if (rc == DIRCTL_OK)
		rc = dirctl_need_token(ctx);
	if (rc == DIRCTL_OK)
		rc = record_call(ctx, k, update ? "PUT" : "POST", id, body);
	json_decref(body);
	return rc;
}

static int record_command(struct dirctl *ctx, const struct record_kind *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *verb;
	int c, nargs, rc;
	char **args;

	while ((c = dirctl_getopt(argc, argv, "h", opts)) != -1) {
		if (c != 'h') {
			usage(stderr, k);
			return DIRCTL_USAGE;
		}
		usage(stdout, k);
		return DIRCTL_OK;
	}
	if (optind >= argc) {
		usage(stderr, k);
		return DIRCTL_USAGE;
	}
	verb = argv[optind];
	args = argv + optind + 1;
	nargs = argc - optind - 1;
	if (strcmp(verb, "create") == 0 || strcmp(verb, "update") == 0)
		return record_write(ctx, k, verb[0] == 'u', nargs, args);
	if ((strcmp(verb, "get") != 0 && strcmp(verb, "delete") != 0) || nargs != 1) {
		usage(stderr, k);
		return DIRCTL_USAGE;
	}
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK)
		return rc;
	if (verb[0] == 'd' && (rc = dirctl_need_token(ctx)) != DIRCTL_OK)
		return rc;
	return record_call(ctx, k, verb[0] == 'g' ? "GET" : "DELETE", args[0], NULL);
}

int dirctl_cmd_org(struct dirctl *ctx, int argc, char **argv)
{
	return record_command(ctx, &kinds[0], argc, argv);
}

int dirctl_cmd_service(struct dirctl *ctx, int argc, char **argv)
{
	return record_command(ctx, &kinds[1], argc, argv);
}

int dirctl_cmd_location(struct dirctl *ctx, int argc, char **argv)
{
	return record_command(ctx, &kinds[2], argc, argv);
}
