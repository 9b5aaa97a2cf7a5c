/*
 * dirctl_admin.c - dirctl reports, peers and listings: the problem reports
 * on an organisation's listings (GET /reports), and the node admin's and
 * coordinator's lists (GET /admin/peers, GET /admin/listings), as tables
 * or as the API's JSON.
 */
#include "dirctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A column of a list: its header and how to get its text from an item. */
struct column {
	const char *header;
	const char *key;     /* a member of the item, or a/b for a member's member */
	const char *missing; /* shown when the member is absent or null */
};

/* The text of key ("a" or "a/b") in item (malloc'd). */
static char *column_text(const json_t *item, const struct column *col)
{
	const char *slash = strchr(col->key, '/');
	const json_t *v;
	char *text;

	if (slash != NULL) {
		char first[64];
		snprintf(first, sizeof(first), "%.*s", (int)(slash - col->key), col->key);
		v = json_object_get(json_object_get(item, first), slash + 1);
	} else {
		v = json_object_get(item, col->key);
	}
	if ((v == NULL || json_is_null(v)) && col->missing != NULL)
		return strdup(col->missing);
	text = dirctl_json_text(v);
	return text;
}

/* Prints items (a JSON array of objects) as a table of cols. */
static int print_list(const json_t *items, const struct column *cols, size_t ncols, long width,
		      const char *none)
{
	const char *headers[16], *cells[16];
	char *texts[16];
	struct dirctl_table t;
	size_t i;
	json_t *item;
	int rc = DIRCTL_OK;

	if (json_array_size(items) == 0) {
		printf("%s\n", none);
		return DIRCTL_OK;
	}
	for (size_t c = 0; c < ncols; c++)
		headers[c] = cols[c].header;
	if (dirctl_table_init(&t, ncols, headers) != 0)
		rc = DIRCTL_USAGE;
	for (size_t c = 0; c < ncols; c++)
		if (strstr(cols[c].header, "ID") != NULL) /* an id cut short is of no use */
			t.keep |= 1ULL << c;
	json_array_foreach(items, i, item)
	{
		for (size_t c = 0; c < ncols; c++)
			cells[c] = texts[c] = column_text(item, &cols[c]);
		if (rc == DIRCTL_OK && dirctl_table_add(&t, cells) != 0)
			rc = DIRCTL_USAGE;
		for (size_t c = 0; c < ncols; c++)
			free(texts[c]);
	}
	if (rc == DIRCTL_OK)
		dirctl_table_print(&t, dirctl_output_width(width));
	else
		dirctl_warn("out of memory");
	dirctl_table_free(&t);
	return rc;
}

/* Options shared by the three lists. */
struct list_opts {
	int json;
	long width;
	const char *state, *service, *page, *per_page;
};

/* Parses the options; -1 after --help (exit 0), else an exit code. */
static int list_parse(int argc, char **argv, struct list_opts *o, void (*usage)(FILE *),
		      const char *extra)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "width", required_argument, NULL, 'w' },
		{ "state", required_argument, NULL, 's' },
		{ "service", required_argument, NULL, 'S' },
		{ "page", required_argument, NULL, 'p' },
		{ "per-page", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	while ((c = dirctl_getopt(argc, argv, "h", opts)) != -1) {
		if (c != 'j' && c != 'w' && c != 'h' && c != '?' && strchr(extra, c) == NULL)
			c = '?'; /* an option of another list */
		switch (c) {
		case 'j': o->json = 1; break;
		case 'w':
			if (dirctl_parse_long("--width", optarg, 10000, &o->width) != 0)
				return DIRCTL_USAGE;
			break;
		case 's': o->state = optarg; break;
		case 'S': o->service = optarg; break;
		case 'p':
		case 'P':
			if (dirctl_parse_long(c == 'p' ? "--page" : "--per-page", optarg, 1000000,
					      &n) != 0)
				return DIRCTL_USAGE;
			*(c == 'p' ? &o->page : &o->per_page) = optarg;
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return DIRCTL_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return DIRCTL_USAGE;
	}
	return DIRCTL_OK;
}

/* GET path with params and the token; *out the answer. missing: what to
 * say when the node has no such endpoint (404). */
static int list_call(struct dirctl *ctx, const char *path, const char *const *params,
		     const char *missing, json_t **out)
{
	struct dirctl_response resp;
	char *url;
	int rc;

	*out = NULL;
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK || (rc = dirctl_need_token(ctx)) != DIRCTL_OK)
		return rc;
	if ((url = dirctl_url(ctx, path, params)) == NULL)
		return DIRCTL_USAGE;
	rc = dirctl_request(ctx, "GET", url, NULL, 1, &resp);
	free(url);
	if (rc != DIRCTL_OK)
		return rc;
	if (resp.status == 404 &&
	    strcmp(dirctl_error_code(&resp) ? dirctl_error_code(&resp) : "", "not_found") == 0) {
		dirctl_warn("%s", missing);
		rc = DIRCTL_REFUSED;
	} else if ((rc = dirctl_check(&resp)) == DIRCTL_OK) {
		*out = json_incref(resp.json);
	}
	dirctl_response_free(&resp);
	return rc;
}

static void reports_usage(FILE *out)
{
	fprintf(out,
		"usage: dirctl reports [--service ID] [--page N] [--per-page N] [--json]\n\n"
		"Problem reports that people sent about your organisation's listings (all of\n"
		"them with a node-admin token), newest first (GET /reports).\n"
		"Options: --service ID; --page N; --per-page N; --json; --width N; -h, --help\n");
}

int dirctl_cmd_reports(struct dirctl *ctx, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "RECEIVED", "received_hour", NULL }, { "KIND", "kind", NULL },
		{ "SERVICE", "service_name", NULL },   { "TEXT", "text", NULL },
		{ "SERVICE ID", "service_id", NULL },
	};
	struct list_opts o = { 0 };
	json_t *out = NULL;
	int rc = list_parse(argc, argv, &o, reports_usage, "SpP");

	if (rc != DIRCTL_OK)
		return rc < 0 ? DIRCTL_OK : rc;
	const char *params[] = { "service_id", o.service,  "page", o.page,
				 "per_page",   o.per_page, NULL };
	rc = list_call(ctx, "/reports", params,
		       "this node does not keep problem reports (no GET /reports); it needs a "
		       "newer directoryd",
		       &out);
	if (rc == DIRCTL_OK)
		rc = o.json ? dirctl_print_json(out)
			    : print_list(json_object_get(out, "contents"), cols, 5, o.width,
					 "no problem reports");
	json_decref(out);
	return rc;
}

static void peers_usage(FILE *out)
{
	fprintf(out, "usage: dirctl peers [--json]\n\n"
		     "The node's federation peers and how their pulls went (GET /admin/peers;\n"
		     "a node-admin token): FAILS the failed pulls, BEHIND records the peer\n"
		     "still had after the last page read, LAG S seconds since the last successful\n"
		     "pull, ERROR the code of the last failed pull (--json has it all).\n"
		     "Options: --json; --width N; -h, --help\n");
}

int dirctl_cmd_peers(struct dirctl *ctx, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "NAME", "name", NULL },        { "URL", "url", NULL },
		{ "PULL", "pull", NULL },        { "LAST SUCCESS", "last_success", "never" },
		{ "FAILS", "failures", NULL },   { "BEHIND", "lag_records", "-" },
		{ "LAG S", "lag_seconds", "-" }, { "ERROR", "last_error/code", "-" },
	};
	struct list_opts o = { 0 };
	json_t *out = NULL;
	int rc = list_parse(argc, argv, &o, peers_usage, "");

	if (rc != DIRCTL_OK)
		return rc < 0 ? DIRCTL_OK : rc;
	rc = list_call(ctx, "/admin/peers", NULL, "this node has no GET /admin/peers", &out);
	if (rc == DIRCTL_OK)
		rc = o.json ? dirctl_print_json(out)
			    : print_list(json_object_get(out, "peers"), cols, 8, o.width,
					 "no peers configured");
	json_decref(out);
	return rc;
}

static void listings_usage(FILE *out)
{
	fprintf(out,
		"usage: dirctl listings --state STATE [--json]\n\n"
		"Mirrored listings for the coordinator (GET /admin/listings; a node-admin\n"
		"token). STATE is stale (the origin was not confirmed lately),\n"
		"revalidation_pending (verified with a key since revoked) or refused (records\n"
		"peers sent that were refused, newest first).\n"
		"Options: --state STATE; --json; --width N; -h, --help\n");
}

int dirctl_cmd_listings(struct dirctl *ctx, int argc, char **argv)
{
	static const struct column held[] = {
		{ "TYPE", "type", NULL },         { "NAME", "name", NULL },
		{ "ORIGIN", "origin", NULL },     { "VERSION", "version", NULL },
		{ "FETCHED", "fetched_at", "-" }, { "ID", "id", NULL },
	};
	static const struct column refused[] = {
		{ "AT", "at", NULL },
		{ "PEER", "peer", NULL },
		{ "ORIGIN", "origin", NULL },
		{ "TYPE", "type", NULL },
		{ "ID", "id", NULL },
		{ "ERROR", "error/code", NULL },
		{ "MESSAGE", "error/message", NULL },
	};
	struct list_opts o = { 0 };
	json_t *out = NULL;
	int rc = list_parse(argc, argv, &o, listings_usage, "s"), is_refused;

	if (rc != DIRCTL_OK)
		return rc < 0 ? DIRCTL_OK : rc;
	if (o.state == NULL) {
		dirctl_warn("listings needs --state (stale, revalidation_pending or refused)");
		return DIRCTL_USAGE;
	}
	const char *params[] = { "state", o.state, NULL };
	rc = list_call(ctx, "/admin/listings", params, "this node has no GET /admin/listings",
		       &out);
	is_refused = strcmp(o.state, "refused") == 0;
	if (rc == DIRCTL_OK)
		rc = o.json ? dirctl_print_json(out)
			    : print_list(json_object_get(out, "contents"),
					 is_refused ? refused : held, is_refused ? 7 : 6, o.width,
					 "no such listings");
	json_decref(out);
	return rc;
}
