/*
 * dirctl.c - dirctl's entry point: the global options, the command table,
 * choosing the node and the token, and the small helpers every command
 * shares (messages, JSON output, numbers).
 */
#include "dirctl.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "autoconfig.h"

static const struct dirctl_command commands[] = {
	{ "login", "sign in to a node and keep the token", dirctl_cmd_login },
	{ "logout", "sign out and forget the token", dirctl_cmd_logout },
	{ "whoami", "the account, role and organisation of the token", dirctl_cmd_whoami },
	{ "org", "get, create, update or delete an organization", dirctl_cmd_org },
	{ "service", "get, create, update or delete a service", dirctl_cmd_service },
	{ "location", "get, create, update or delete a location", dirctl_cmd_location },
	{ "search", "search services: a table, or JSON", dirctl_cmd_search },
	{ "reports", "problem reports on your organisation's listings", dirctl_cmd_reports },
	{ "peers", "the node's federation peers (node admins)", dirctl_cmd_peers },
	{ "listings", "stale, revalidation_pending or refused listings (coordinators)",
	  dirctl_cmd_listings },
	{ "export", "the whole directory to a file (HSDS JSON or a zipped package)",
	  dirctl_cmd_export },
	{ "import", "send an HSDS file or zipped package to the node", dirctl_cmd_import },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: dirctl [--url URL] [--timeout SECONDS] COMMAND [ARGS]\n"
		     "       dirctl COMMAND --help\n\n"
		     "Commands:\n");
	for (const struct dirctl_command *c = commands; c->name != NULL; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nThe node is --url, $DIRCTL_URL or the url in the configuration file\n"
		     "($XDG_CONFIG_HOME/dirctl/config); the token $DIRCTL_TOKEN or the file's.\n"
		     "Exit codes: 0 done, 1 the node refused, 2 usage or a local file,\n"
		     "3 network (no answer, or not the API's). See dirctl(1).\n");
}

void dirctl_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("dirctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int dirctl_print_json(const json_t *value)
{
	if (json_dumpf(value, stdout, JSON_INDENT(2)) != 0 || fputc('\n', stdout) == EOF) {
		dirctl_warn("cannot write the output: %s", strerror(errno));
		return DIRCTL_USAGE;
	}
	return DIRCTL_OK;
}

int dirctl_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

int dirctl_parse_long(const char *opt, const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max) {
		dirctl_warn("%s takes a whole number from 1 to %ld, not \"%s\"", opt, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

const char *dirctl_json_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

char *dirctl_json_text(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Replaces *slot with a copy of value (NULL clears it). */
static int set_copy(char **slot, const char *value)
{
	char *copy = NULL;

	if (value != NULL && (copy = strdup(value)) == NULL) {
		dirctl_warn("out of memory");
		return -1;
	}
	free(*slot);
	*slot = copy;
	return 0;
}

/* Two base URLs name the same node when equal but for a trailing slash. */
static int same_url(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (lb > 0 && b[lb - 1] == '/')
		lb--;
	return la == lb && strncmp(a, b, la) == 0;
}

int dirctl_setup(struct dirctl *ctx)
{
	const char *env_url = getenv("DIRCTL_URL"), *env_token = getenv("DIRCTL_TOKEN");
	const char *url;

	if (ctx->config_path == NULL && (ctx->config_path = dirctl_config_path()) == NULL)
		return DIRCTL_USAGE;
	if (dirctl_config_load(ctx) != DIRCTL_OK)
		return DIRCTL_USAGE;
	url = ctx->url_opt;
	if (url == NULL)
		url = env_url != NULL && env_url[0] != '\0' ? env_url : ctx->file_url;
	if (url == NULL) {
		dirctl_warn("no node to talk to: give --url, set DIRCTL_URL, or sign in with "
			    "dirctl --url URL login");
		return DIRCTL_USAGE;
	}
	if (set_copy(&ctx->url, url) != 0)
		return DIRCTL_USAGE;
	if (env_token != NULL && env_token[0] != '\0') {
		if (set_copy(&ctx->token, env_token) != 0)
			return DIRCTL_USAGE;
	} else if (ctx->file_token != NULL && ctx->file_url != NULL &&
		   same_url(ctx->file_url, ctx->url)) {
		if (set_copy(&ctx->token, ctx->file_token) != 0 ||
		    set_copy(&ctx->token_kind, ctx->file_kind) != 0)
			return DIRCTL_USAGE;
	}
	return DIRCTL_OK;
}

int dirctl_need_token(const struct dirctl *ctx)
{
	if (ctx->token != NULL)
		return DIRCTL_OK;
	dirctl_warn("this needs a token: sign in with dirctl login, or set DIRCTL_TOKEN");
	return DIRCTL_USAGE;
}

void dirctl_free_secret(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

static void dirctl_free(struct dirctl *ctx)
{
	free(ctx->url);
	dirctl_free_secret(ctx->token);
	free(ctx->token_kind);
	free(ctx->config_path);
	free(ctx->file_url);
	dirctl_free_secret(ctx->file_token);
	free(ctx->file_kind);
}

/* The global options; returns the index of the command, or -1 with the
 * exit code in *rc. */
static int parse_global(struct dirctl *ctx, int argc, char **argv, int *rc)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*rc = DIRCTL_USAGE;
	while ((c = getopt_long(argc, argv, "+u:t:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'u': ctx->url_opt = optarg; break;
		case 't':
			if (dirctl_parse_long("--timeout", optarg, 3600, &ctx->timeout) != 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			*rc = DIRCTL_OK;
			return -1;
		case 'V':
			printf("dirctl %s\n", PACKAGE_VERSION);
			*rc = DIRCTL_OK;
			return -1;
		default: usage(stderr); return -1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return -1;
	}
	return optind;
}

int main(int argc, char **argv)
{
	struct dirctl ctx = { .timeout = 60 };
	const struct dirctl_command *c;
	char name[64];
	int first, rc;

	/* The locale's character type only: widths of UTF-8 text in tables. */
	setlocale(LC_CTYPE, "");
	if ((first = parse_global(&ctx, argc, argv, &rc)) < 0)
		return rc;
	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, argv[first]) == 0)
			break;
	if (c->name == NULL) {
		dirctl_warn("unknown command \"%s\"; dirctl --help lists them", argv[first]);
		return DIRCTL_USAGE;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		dirctl_warn("libcurl could not start");
		return DIRCTL_NETWORK;
	}
	/* getopt's messages name "dirctl COMMAND" */
	snprintf(name, sizeof(name), "dirctl %s", c->name);
	argv[first] = name;
	optind = 0; /* each command parses its own arguments afresh */
	rc = c->run(&ctx, argc - first, argv + first);
	curl_global_cleanup();
	dirctl_free(&ctx);
	if (fflush(stdout) != 0 && rc == DIRCTL_OK) {
		dirctl_warn("cannot write the output: %s", strerror(errno));
		rc = DIRCTL_USAGE;
	}
	return rc;
}
