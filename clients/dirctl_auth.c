/*
 * dirctl_auth.c - dirctl login, logout and whoami: the session login of
 * POST /auth/login when the node has it, an API token (read from standard
 * input, never from the arguments) otherwise; the token kept in the
 * private configuration file.
 */
#include "dirctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void login_usage(FILE *out)
{
	fprintf(out,
		"usage: dirctl [--url URL] login [--username NAME]\n"
		"       dirctl [--url URL] login --token-stdin\n\n"
		"Signs in with the node's session login (POST /auth/login) and keeps the session\n"
		"token, with the node's URL, in the configuration file (mode 0600). The password\n"
		"is read from the terminal without echo, or from the first line of standard\n"
		"input when that is not a terminal. With --token-stdin, an API token made by\n"
		"'directoryd token create' is read from standard input, checked with\n"
		"GET /auth/whoami where the node has it, and kept instead.\n"
		"Options: -u, --username NAME; --token-stdin; -h, --help\n");
}

/* One line of f without its line break (malloc'd), or NULL at EOF. */
static char *read_line(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);

	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* Asks on the terminal (echo off when secret) or reads standard input. */
static char *ask(const char *prompt, int secret)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), echo_off = 0;
	char *line;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (secret && tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	line = read_line(stdin);
	if (echo_off) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return line;
}

/* "NAME (ROLE), organization ID" from a whoami object. */
static void print_who(const json_t *who)
{
	const char *user = dirctl_json_str(who, "username");
	const char *org = dirctl_json_str(who, "organization_id");

	printf("%s (%s)", user != NULL ? user : "an API token",
	       dirctl_json_str(who, "role") ? dirctl_json_str(who, "role") : "no role");
	if (org != NULL)
		printf(", organization %s", org);
	if (dirctl_json_str(who, "via") != NULL)
		printf(", by %s", dirctl_json_str(who, "via"));
	printf("\n");
}

/* GET /auth/whoami with ctx's token: the answer into *resp. */
static int whoami_call(struct dirctl *ctx, struct dirctl_response *resp)
{
	char *url = dirctl_url(ctx, "/auth/whoami", NULL);
	int rc;

	if (url == NULL)
		return DIRCTL_USAGE;
	rc = dirctl_request(ctx, "GET", url, NULL, 1, resp);
	free(url);
	return rc;
}

/* A node that predates session login answers its paths with 404 or 405. */
static int no_such_endpoint(const struct dirctl_response *resp)
{
	return resp->status == 404 || resp->status == 405;
}

static int login_token(struct dirctl *ctx)
{
	struct dirctl_response resp;
	char *token = read_line(stdin);
	int rc;

	if (token == NULL || token[0] == '\0') {
		dirctl_warn("--token-stdin: no token on standard input");
		dirctl_free_secret(token);
		return DIRCTL_USAGE;
	}
	dirctl_free_secret(ctx->token);
	ctx->token = token;
	if ((rc = whoami_call(ctx, &resp)) != DIRCTL_OK)
		return rc;
	if (no_such_endpoint(&resp)) {
		dirctl_warn("this node cannot tell whose a token is (no GET /auth/whoami); "
			    "kept unchecked");
	} else if ((rc = dirctl_check(&resp)) != DIRCTL_OK) {
		dirctl_response_free(&resp);
		return rc;
	}
	rc = dirctl_config_save(ctx, ctx->url, token, "token");
	if (rc == DIRCTL_OK && resp.json != NULL && !no_such_endpoint(&resp)) {
		printf("token kept for %s: ", ctx->url);
		print_who(resp.json);
	} else if (rc == DIRCTL_OK) {
		printf("token kept for %s\n", ctx->url);
	}
	dirctl_response_free(&resp);
	return rc;
}

/* POST /auth/login with the username and password; keeps the session. */
static int login_session(struct dirctl *ctx, const char *username)
{
	char *user = username != NULL ? strdup(username) : ask("username: ", 0);
	char *pw = NULL, *url = NULL;
	json_t *body = NULL, *out = NULL;
	int rc = DIRCTL_USAGE;
	struct dirctl_response resp = { 0 };

	if (user == NULL || user[0] == '\0') {
		dirctl_warn("login needs a username (--username)");
		goto done;
	}
	if ((pw = ask("password: ", 1)) == NULL || pw[0] == '\0') {
		dirctl_warn("login needs a password (from the terminal or standard input)");
		goto done;
	}
	if ((url = dirctl_url(ctx, "/auth/login", NULL)) == NULL ||
	    (body = json_pack("{s:s, s:s}", "username", user, "password", pw)) == NULL)
		goto done;
	if ((rc = dirctl_request(ctx, "POST", url, body, 0, &resp)) != DIRCTL_OK)
		goto done;
	if (no_such_endpoint(&resp)) {
		dirctl_warn("this node has no session login (POST /auth/login); sign in with an "
			    "API token instead: dirctl login --token-stdin");
		rc = DIRCTL_REFUSED;
		goto done;
	}
	if ((rc = dirctl_check(&resp)) != DIRCTL_OK)
		goto done;
	out = resp.json;
	if (dirctl_json_str(out, "token") == NULL) {
		dirctl_warn("the node's answer to the login has no token");
		rc = DIRCTL_NETWORK;
		goto done;
	}
	rc = dirctl_config_save(ctx, ctx->url, dirctl_json_str(out, "token"), "session");
	if (rc == DIRCTL_OK) {
		printf("signed in to %s as ", ctx->url);
		print_who(json_object_get(out, "account"));
		if (dirctl_json_str(out, "expires_at") != NULL)
			printf("the session ends at the latest at %s\n",
			       dirctl_json_str(out, "expires_at"));
	}
done:
	if (resp.body != NULL)
		explicit_bzero(resp.body, resp.len);
	dirctl_response_free(&resp);
	if (body != NULL)
		json_object_clear(body);
	json_decref(body);
	free(url);
	free(user);
	dirctl_free_secret(pw);
	return rc;
}

int dirctl_cmd_login(struct dirctl *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "username", required_argument, NULL, 'u' },
		{ "token-stdin", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *username = NULL;
	int c, token_stdin = 0, rc;

	while ((c = dirctl_getopt(argc, argv, "u:h", opts)) != -1) {
		switch (c) {
		case 'u': username = optarg; break;
		case 'T': token_stdin = 1; break;
		case 'h': login_usage(stdout); return DIRCTL_OK;
		default: login_usage(stderr); return DIRCTL_USAGE;
		}
	}
	if (optind != argc || (token_stdin && username != NULL)) {
		login_usage(stderr);
		return DIRCTL_USAGE;
	}
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK)
		return rc;
	return token_stdin ? login_token(ctx) : login_session(ctx, username);
}

/* Only --help: the commands without options. */
static int only_help(int argc, char **argv, void (*usage)(FILE *), int *rc)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = dirctl_getopt(argc, argv, "h", opts)) != -1) {
		*rc = c == 'h' ? DIRCTL_OK : DIRCTL_USAGE;
		usage(c == 'h' ? stdout : stderr);
		return -1;
	}
	if (optind != argc) {
		usage(stderr);
		*rc = DIRCTL_USAGE;
		return -1;
	}
	return 0;
}

static void logout_usage(FILE *out)
{
	fprintf(out, "usage: dirctl logout\n\n"
		     "Ends the session on the node (POST /auth/logout) and removes the token from\n"
		     "the configuration file. An API token is only forgotten here: it stays valid\n"
		     "until it is revoked on the node.\n"
		     "Options: -h, --help\n");
}

/* POST /auth/logout; an ended session (401) counts as signed out. */
static int logout_call(struct dirctl *ctx)
{
	struct dirctl_response resp;
	char *url = dirctl_url(ctx, "/auth/logout", NULL);
	int rc;

	if (url == NULL)
		return DIRCTL_USAGE;
	rc = dirctl_request(ctx, "POST", url, NULL, 1, &resp);
	free(url);
	if (rc != DIRCTL_OK)
		return rc;
	if (resp.status == 401)
		printf("the session had ended already\n");
	else
		rc = dirctl_check(&resp);
	dirctl_response_free(&resp);
	return rc;
}

int dirctl_cmd_logout(struct dirctl *ctx, int argc, char **argv)
{
	const char *env_token = getenv("DIRCTL_TOKEN");
	int rc, forget;

	if (only_help(argc, argv, logout_usage, &rc) != 0)
		return rc;
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK)
		return rc;
	if (ctx->token == NULL) {
		printf("not signed in to %s\n", ctx->url);
		return DIRCTL_OK;
	}
	forget = (env_token == NULL || env_token[0] == '\0');
	if (!forget || (ctx->token_kind != NULL && strcmp(ctx->token_kind, "session") == 0))
		rc = logout_call(ctx);
	else
		printf("the API token stays valid until it is revoked on the node\n");
	if (forget) {
		/* forgotten even when the node could not be told: it expires */
		int saved = dirctl_config_save(ctx, ctx->url, NULL, NULL);
		if (saved == DIRCTL_OK)
			printf("signed out of %s\n", ctx->url);
		rc = rc != DIRCTL_OK ? rc : saved;
	} else if (rc == DIRCTL_OK) {
		printf("session ended; DIRCTL_TOKEN still names it: unset it\n");
	}
	return rc;
}

static void whoami_usage(FILE *out)
{
	fprintf(out,
		"usage: dirctl whoami [--json]\n\n"
		"The account, role and organisation the token signs in as (GET /auth/whoami).\n"
		"Options: --json; -h, --help\n");
}

int dirctl_cmd_whoami(struct dirctl *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dirctl_response resp;
	int c, json = 0, rc;

	while ((c = dirctl_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'j') {
			json = 1;
			continue;
		}
		whoami_usage(c == 'h' ? stdout : stderr);
		return c == 'h' ? DIRCTL_OK : DIRCTL_USAGE;
	}
	if (optind != argc) {
		whoami_usage(stderr);
		return DIRCTL_USAGE;
	}
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK || (rc = dirctl_need_token(ctx)) != DIRCTL_OK)
		return rc;
	if ((rc = whoami_call(ctx, &resp)) != DIRCTL_OK)
		return rc;
	if (no_such_endpoint(&resp)) {
		dirctl_warn("this node cannot tell whose a token is (no GET /auth/whoami): it "
			    "predates session login");
		rc = DIRCTL_REFUSED;
	} else if ((rc = dirctl_check(&resp)) == DIRCTL_OK) {
		if (json)
			rc = dirctl_print_json(resp.json);
		else
			print_who(resp.json);
	}
	dirctl_response_free(&resp);
	return rc;
}
