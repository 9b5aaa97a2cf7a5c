/*
 * places.h - the place-name table of city searches (migrations/0050_places.sql,
 * docs/api.md "### Places"), loaded from the files tools/geonames-places
 * writes at build time.
 */
#ifndef DIRECTORYD_PLACES_H
#define DIRECTORYD_PLACES_H

#include <libpq-fe.h>
#include <stdio.h>

#include "error.h"

/*
 * Load <data_dir>/data/places/place.tsv and place_name.tsv (PostgreSQL COPY
 * text format; tools/geonames-places) into the tables place and place_name
 * of conn, inside the caller's open transaction, unless the database already
 * holds exactly these files (place_source keeps a BLAKE2b hash of them): a
 * database is loaded once, and again only when the files change. The names
 * are folded by the database's dir_fold, as searches are; then every
 * service's search keys are recomputed, since addresses link to places.
 * log (may be NULL) gets one line when the tables are loaded.
 * Returns 1 when loaded, 0 when already current, or -1 with err set:
 * internal_error naming the missing or unreadable file (a file over 256 MB
 * is refused), or a database error.
 */
int places_load(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err);

#endif
