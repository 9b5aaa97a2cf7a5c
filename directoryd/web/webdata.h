/*
 * webdata.h - what the pages read besides the search itself: the
 * vocabularies' term names in the interface language, the directory's
 * cities, and a city's point for the nearby search. Fixed SQL texts run
 * with db_exec.
 */
#ifndef DIRECTORYD_WEB_WEBDATA_H
#define DIRECTORYD_WEB_WEBDATA_H

#include <jansson.h>

#include "db.h"

struct webdata_term {
	char taxonomy[16]; /* "service_type" or "access" */
	char code[64];
	char name[200]; /* in the language asked for, else English */
};

struct webdata_vocab {
	struct webdata_term *terms; /* malloc'd, ordered by taxonomy then name */
	size_t n;
};

/*
 * The terms of the service_type and access vocabularies with their names
 * in language lang (BCP 47; translations as the API chooses them).
 * Returns 0, or -1 with err. Free with webdata_vocab_free.
 */
int webdata_vocab(PGconn *conn, const char *lang, struct webdata_vocab *v, struct dir_error *err);
void webdata_vocab_free(struct webdata_vocab *v);

/* The name of the term with this code (borrowed), or NULL. */
const char *webdata_term_name(const struct webdata_vocab *v, const char *code);

/*
 * The directory's cities, one spelling each, sorted: a new JSON array of
 * strings (the caller json_decrefs), or NULL with err.
 */
json_t *webdata_cities(PGconn *conn, struct dir_error *err);

/*
 * The languages listings say they are offered in: a new JSON array of
 * BCP 47 codes (lower case, distinct, sorted), or NULL with err.
 */
json_t *webdata_languages(PGconn *conn, struct dir_error *err);

/*
 * The name of language code (BCP 47) in the interface language ui (a
 * primary tag), from ICU's locale data, into buf (cap bytes, UTF-8); the
 * code itself when ICU has no name. Returns buf.
 */
const char *webdata_language_name(const char *code, const char *ui, char *buf, size_t cap);

#endif
