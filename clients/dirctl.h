/*
 * dirctl.h - the command-line client of a directoryd node (dirctl(1)).
 * One header for the client's files: the settings every command gets,
 * the exit codes, the HTTP call, the configuration file and the table
 * printer. The client links libcurl, jansson and inih only; it shares no
 * code with the daemon, so it never drags the server in.
 */
#ifndef DIRCTL_H
#define DIRCTL_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"

/* Exit codes, documented in dirctl(1). */
enum dirctl_exit {
	DIRCTL_OK = 0,
	DIRCTL_REFUSED = 1, /* the node answered with an error */
	DIRCTL_USAGE = 2,   /* bad arguments, or a local file that cannot be used */
	DIRCTL_NETWORK = 3, /* no answer, or an answer that is not the API's */
};

/* The largest answer read from a node, in bytes. */
#define DIRCTL_MAX_RESPONSE (32L * 1024 * 1024)
/* The largest JSON file sent (the node's own limit, docs/api.md). */
#define DIRCTL_MAX_BODY (1L * 1024 * 1024)

/* The settings every command is handed (dirctl.c fills it). */
struct dirctl {
	char *url_opt;     /* --url, or NULL (borrowed from argv) */
	char *url;         /* the node's base URL (http or https), malloc'd */
	char *token;       /* bearer token or NULL, malloc'd; wiped on exit */
	char *token_kind;  /* "session", "token" or NULL, malloc'd */
	char *config_path; /* the configuration file's path, malloc'd */
	char *file_url;    /* the url the configuration file names, malloc'd */
	char *file_token;  /* its token, malloc'd; wiped on exit */
	char *file_kind;   /* its token_kind, malloc'd */
	long timeout;      /* whole-request timeout, seconds */
};

/* One answer from the node. */
struct dirctl_response {
	long status;      /* HTTP status */
	char *body;       /* malloc'd, NUL-terminated; may be empty */
	size_t len;       /* bytes in body */
	json_t *json;     /* the parsed body (new reference) or NULL */
	long retry_after; /* Retry-After in seconds, or -1 */
};

/* A command: its name, a one-line summary, and its handler, which gets
 * the arguments after the global options (argv[0] is the command's name)
 * and returns an exit code. */
struct dirctl_command {
	const char *name;
	const char *summary;
	int (*run)(struct dirctl *ctx, int argc, char **argv);
};

/* Commands (dirctl_auth.c, dirctl_records.c, dirctl_search.c, dirctl_admin.c). */
int dirctl_cmd_login(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_logout(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_whoami(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_org(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_service(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_location(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_search(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_reports(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_peers(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_listings(struct dirctl *ctx, int argc, char **argv);
/* dirctl_transfer.c: GET /export to a file, POST /import of a file. */
int dirctl_cmd_export(struct dirctl *ctx, int argc, char **argv);
int dirctl_cmd_import(struct dirctl *ctx, int argc, char **argv);

/* --- dirctl_http.c ---------------------------------------------------- */

/*
 * dirctl_url - the URL of path on the node with the query parameters
 * params (name, value pairs, NULL-terminated; a NULL value skips its
 * pair), each percent-encoded. path is joined to the base URL's own path
 * and is not encoded: encode ids with dirctl_url_segment. Returns a
 * malloc'd string the caller frees, or NULL with a message printed.
 */
char *dirctl_url(const struct dirctl *ctx, const char *path, const char *const *params);

/*
 * dirctl_url_segment - one path segment (an id from the command line)
 * percent-encoded, so that "../x" stays inside its segment. Returns a
 * malloc'd string the caller frees, or NULL when out of memory.
 */
char *dirctl_url_segment(const char *s);

/*
 * dirctl_request - one HTTP exchange: method on url, with body (sent as
 * application/json, or NULL) and the bearer token when auth is non-zero
 * and one is configured. Only http and https, no redirects, the
 * configured timeout, answers of at most DIRCTL_MAX_RESPONSE bytes.
 * Fills *resp (release it with dirctl_response_free); its json is the
 * body parsed with duplicate keys refused, or NULL when it is not JSON.
 * Returns DIRCTL_OK when the node answered (any status), or
 * DIRCTL_NETWORK with a message printed.
 */
int dirctl_request(const struct dirctl *ctx, const char *method, const char *url,
		   const json_t *body, int auth, struct dirctl_response *resp);

/*
 * dirctl_request_raw - dirctl_request with a body of len bytes as it is
 * (content_type, e.g. "application/zip"; body NULL for none). When save is
 * not NULL, a 2xx answer's body is written to it as it arrives, without
 * the size cap (resp->body then stays empty); other answers are read as
 * dirctl_request reads them. Returns as dirctl_request.
 */
int dirctl_request_raw(const struct dirctl *ctx, const char *method, const char *url,
		       const char *content_type, const void *body, size_t len, int auth, FILE *save,
		       struct dirctl_response *resp);

/* Frees what dirctl_request filled in; resp itself is the caller's. */
void dirctl_response_free(struct dirctl_response *resp);

/*
 * dirctl_check - DIRCTL_OK for a 2xx answer with a JSON body (or none,
 * for 204). Otherwise prints the API's error object (code, message,
 * field, details) to stderr and returns DIRCTL_REFUSED, or DIRCTL_NETWORK
 * when the answer is not the API's (no JSON where JSON belongs).
 */
int dirctl_check(const struct dirctl_response *resp);

/* Prints the API's error object of a refused answer to stderr. */
void dirctl_print_error(const struct dirctl_response *resp);

/* The error code of a refused answer (borrowed from resp), or NULL. */
const char *dirctl_error_code(const struct dirctl_response *resp);

/*
 * dirctl_call - dirctl_request and dirctl_check in one: on DIRCTL_OK,
 * *out is the answer's JSON (a new reference the caller releases; NULL
 * for an empty answer). Returns an exit code.
 */
int dirctl_call(const struct dirctl *ctx, const char *method, const char *url, const json_t *body,
		int auth, json_t **out);

/* --- dirctl_config.c -------------------------------------------------- */

/*
 * dirctl_config_path - $XDG_CONFIG_HOME/dirctl/config, or
 * $HOME/.config/dirctl/config. Returns a malloc'd path, or NULL with a
 * message when neither variable is set.
 */
char *dirctl_config_path(void);

/*
 * dirctl_config_load - reads url, token and token_kind from the file at
 * ctx->config_path into ctx->file_url, file_token and file_kind. A
 * missing file is not an error. The file is refused when it is not a
 * regular file, not owned by the user, or has any permission for group or
 * others (it holds a secret). Returns DIRCTL_OK or DIRCTL_USAGE with a
 * message printed.
 */
int dirctl_config_load(struct dirctl *ctx);

/*
 * dirctl_config_save - writes url and token (token may be NULL: signed
 * out) to ctx->config_path, creating its folder at mode 0700 and the file
 * at mode 0600, replaced atomically (rename). Returns DIRCTL_OK or
 * DIRCTL_USAGE with a message printed.
 */
int dirctl_config_save(const struct dirctl *ctx, const char *url, const char *token,
		       const char *token_kind);

/* --- dirctl_table.c --------------------------------------------------- */

/* A table of text cells, printed with columns fitted to a width. */
struct dirctl_table {
	size_t ncols;
	size_t nrows;            /* rows of cells, the header not counted */
	struct buf buf;          /* cells' bytes */
	char **cells;            /* (nrows + 1) * ncols strings, row 0 the header, malloc'd */
	unsigned long long keep; /* bit c set: column c is never cut (ids) */
	size_t soft[64];         /* > 0: cut column c to this first, right to left */
};

/* Starts a table with ncols headers. Returns 0, or -1 when out of memory. */
int dirctl_table_init(struct dirctl_table *t, size_t ncols, const char *const *headers);

/*
 * Adds a row of ncols cells (copied; NULL is an empty cell). Control
 * characters and invalid UTF-8 are replaced when printed, so text from a
 * node cannot drive the terminal. Returns 0, or -1 when out of memory.
 */
int dirctl_table_add(struct dirctl_table *t, const char *const *cells);

/*
 * Prints the table to stdout in columns two spaces apart. width: the
 * display columns to fit (0: no limit). Widths are measured with
 * wcwidth(3), so wide (CJK) and combining characters line up; cells too
 * wide are cut with an ellipsis: first the columns with a soft width, to
 * that width, right to left; then the widest columns, never below 6
 * columns, and never a column in keep.
 */
void dirctl_table_print(const struct dirctl_table *t, size_t width);

/* Frees the cells. */
void dirctl_table_free(struct dirctl_table *t);

/*
 * dirctl_output_width - the width to fit: width_opt when > 0, else
 * $COLUMNS, else the terminal's width when stdout is one, else 0 (no
 * limit).
 */
size_t dirctl_output_width(long width_opt);

/* --- dirctl.c --------------------------------------------------------- */

/* Prints "dirctl: " and the formatted message to stderr. */
void dirctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints value as indented JSON to stdout. Returns DIRCTL_OK, or
 * DIRCTL_USAGE when it cannot be written. */
int dirctl_print_json(const json_t *value);

/*
 * dirctl_getopt - getopt_long over a command's arguments, restarted for
 * each command. Returns what getopt_long returns.
 */
int dirctl_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Parses a positive decimal integer no larger than max into *out.
 * Returns 0, or -1 with a message naming opt. */
int dirctl_parse_long(const char *opt, const char *s, long max, long *out);

/* A string member of a JSON object, or NULL (borrowed). */
const char *dirctl_json_str(const json_t *obj, const char *key);

/* A scalar JSON value as text for a table cell (malloc'd, caller frees):
 * strings as they are, numbers and booleans as JSON, null as "". */
char *dirctl_json_text(const json_t *v);

/*
 * dirctl_setup - what a command needs before its first call: the
 * configuration file read, and ctx->url and ctx->token chosen. The URL is
 * --url, else $DIRCTL_URL, else the file's; the token is $DIRCTL_TOKEN,
 * else the file's, but the file's only when the URL is the file's own, so
 * a token is never sent to another node. Returns DIRCTL_OK, or
 * DIRCTL_USAGE with a message (no URL anywhere, a refused file).
 */
int dirctl_setup(struct dirctl *ctx);

/* Wipes a secret string (explicit_bzero) and frees it; NULL is fine. */
void dirctl_free_secret(char *s);

/* Needs a token: DIRCTL_OK, or DIRCTL_USAGE with a message saying how to
 * sign in. */
int dirctl_need_token(const struct dirctl *ctx);

#endif
