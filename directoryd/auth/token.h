/*
 * token.h - bearer tokens for the write API.
 *
 * A token is "dtk_" followed by the unpadded base64url of 32 random bytes
 * (libsodium). The database keeps only its BLAKE2b-256 hash (hex), so a
 * leaked database does not leak usable tokens. A token is scoped either to
 * one organisation or to the whole node (node admin).
 */
#ifndef DIRECTORYD_TOKEN_H
#define DIRECTORYD_TOKEN_H

#include <libpq-fe.h>
#include <stdio.h>

#include "error.h"

/* Longest token text including the NUL. */
#define TOKEN_TEXT_MAX 64

struct token_scope {
	int node_admin;        /* 1: every record of the node */
	char organization[37]; /* else: this organisation's UUID */
	char token_id[37];
};

/*
 * Create a token. organization_id is a UUID, or NULL for a node-admin token.
 * Writes the token text (to be shown once) into text_out and its id into
 * id_out. Returns 0, or -1 with err (not_found when the organisation does
 * not exist).
 */
int token_create(PGconn *conn, const char *organization_id, const char *label,
		 char text_out[TOKEN_TEXT_MAX], char id_out[37], struct dir_error *err);

/*
 * Look up the token in an "Authorization: Bearer <token>" header value
 * (header may be NULL). Fills scope on success and returns 0. Returns -1
 * with err code unauthorized when the header is missing, malformed, unknown
 * or revoked.
 */
int token_authenticate(PGconn *conn, const char *header, struct token_scope *scope,
		       struct dir_error *err);

/* Print the tokens (id, scope, label, created, revoked) to out. 0 or -1. */
int token_list(PGconn *conn, FILE *out, struct dir_error *err);

/* Revoke the token with this id. 0, or -1 with err (not_found). */
int token_revoke(PGconn *conn, const char *id, struct dir_error *err);

#endif
