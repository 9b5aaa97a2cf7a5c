/*
 * synonyms.h - the synonyms of the vocabularies' terms
 * (data/taxonomies/synonyms/, migrations/0051_search_words.sql, sql/33_synonyms.sql), which
 * search= matches like the terms' own names.
 */
#ifndef DIRECTORYD_SYNONYMS_H
#define DIRECTORYD_SYNONYMS_H

#include <libpq-fe.h>

#include "error.h"

/*
 * Replace the synonyms stored in conn by those of every
 * JSON file of <data_dir>/data/taxonomies/synonyms (one file per vocabulary:
 * {"taxonomy", "terms": {code: {BCP 47 tag: [synonym, ...]}}}), inside the
 * caller's open transaction, after the vocabularies themselves are seeded.
 * Returns 0, or -1 with err set: internal_error naming a file that cannot
 * be read, is over 1 MB or is not JSON (duplicate keys refused), or
 * invalid_value for a code that is no term of its vocabulary.
 */
int synonyms_seed(PGconn *conn, const char *data_dir, struct dir_error *err);

#endif
