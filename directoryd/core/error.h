/*
 * error.h - the one error type of directoryd.
 *
 * Every module that can refuse input reports through a struct dir_error: a
 * snake_case code, a message written for a person, an RFC 6901 JSON Pointer
 * naming the offending field, and a list of every violation found (details).
 * The HTTP layer turns it into {"error": {"code", "message", "field",
 * "details": [...]}} and picks the status from one table (dir_error_status).
 */
#ifndef DIRECTORYD_ERROR_H
#define DIRECTORYD_ERROR_H

#include <jansson.h>
#include <stddef.h>

/* Upper bound on the violations kept in one error; more are counted only. */
#define DIR_ERROR_MAX_DETAILS 200

struct dir_error {
	char code[48];     /* first violation's code, "" when no error */
	char message[512]; /* first violation's message */
	char field[512];   /* first violation's JSON Pointer, "" if none */
	json_t *details;   /* array of detail objects, owned; NULL when empty */
	size_t dropped;    /* violations past DIR_ERROR_MAX_DETAILS */
};

/* Prepare an empty error. Never fails. */
void dir_error_init(struct dir_error *err);

/* Free the details and reset to empty. Safe on an empty error. */
void dir_error_clear(struct dir_error *err);

/* True when at least one violation has been recorded. */
int dir_error_isset(const struct dir_error *err);

/*
 * Record one violation.
 *   code:  snake_case error code listed in docs/api.md (copied).
 *   field: RFC 6901 JSON Pointer into the submitted document, or NULL.
 *   fmt:   printf format of the message for a person.
 * The first violation also fills code, message and field. err may be NULL,
 * in which case nothing is recorded.
 * Returns the detail object just appended (a borrowed reference, so the
 * caller can add keys such as "rule" or "phrase"), or NULL when err is NULL,
 * the detail list is full, or memory ran out.
 */
json_t *dir_error_add(struct dir_error *err, const char *code, const char *field, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

/*
 * Build the response body {"error": {...}} for err.
 * Returns a new reference the caller must json_decref, or NULL on
 * allocation failure.
 */
json_t *dir_error_to_json(const struct dir_error *err);

/*
 * The HTTP status for an error code, from the single table in error.c.
 * Unknown codes map to 500.
 */
unsigned int dir_error_status(const char *code);

/*
 * Append one reference token to a JSON Pointer (RFC 6901 section 3:
 * "~" becomes "~0" and "/" becomes "~1").
 *   out, cap: destination buffer and its size in bytes.
 *   parent:   the pointer so far ("" for the document root).
 *   token:    the member name, or NULL to use index.
 *   index:    array index used when token is NULL.
 * Returns 0, or -1 when the result does not fit (out is then truncated
 * but NUL-terminated).
 */
int dir_ptr_join(char *out, size_t cap, const char *parent, const char *token, size_t index);

#endif
