/*
 * export.h - the whole directory as one HSDS 3.0 JSON document, written a
 * few records at a time (GET /export, `directoryd export`; docs/api.md,
 * "Export").
 *
 * The document is one object whose members are HSDS table names, each an
 * array of records of that kind, in this order:
 *   {"taxonomies": [...], "taxonomy_terms": [...], "organizations": [...],
 *    "services": [...], "locations": [...]}
 * Each organization is what GET /organizations/{id} serves: nested services
 * (full, with their service_at_locations and locations) and locations;
 * "services" and "locations" hold only those of no organization. Records
 * are rendered as the read API renders them, in their original language
 * with their translations: confidential locations keep no address line,
 * postcode or coordinates; records held for review are not there.
 */
#ifndef DIRECTORYD_EXPORT_H
#define DIRECTORYD_EXPORT_H

#include <jansson.h>

#include "buf.h"
#include "db.h"

/* Which listings: this node's own, or also those mirrored from peers. */
enum export_scope { EXPORT_OWN, EXPORT_ALL };

struct export_cursor;

/*
 * A cursor at the start of the document. node_id: this node's name for
 * provenance.origin_node (copied; may be NULL). Returns a cursor the caller
 * frees with export_close, or NULL when out of memory.
 */
struct export_cursor *export_open(enum export_scope scope, const char *node_id);

/*
 * Append the next part of the document (at most EXPORT_BATCH records, or a
 * member's opening or closing) to out. Each call runs its own statements
 * on conn (no transaction is kept between calls, so a connection can be
 * taken from the pool for each call); records are read in id order after
 * the last one written, so a record changed meanwhile is written as it is
 * then, and one added before the cursor passes its place is not.
 * Returns 1 when more follows, 0 when the document is complete (out ends
 * with its closing brace), -1 with err set (a database error, or
 * internal_error when out would pass its cap).
 */
int export_next(struct export_cursor *c, PGconn *conn, struct buf *out, struct dir_error *err);

/* Free the cursor (NULL is fine). */
void export_close(struct export_cursor *c);

/*
 * Called with each record of the document in order: member names its
 * array ("organizations", ...), rec the record (borrowed for the call).
 * Returns 0 to go on, -1 with err set to stop.
 */
typedef int (*export_record_fn)(void *cls, const char *member, json_t *rec, struct dir_error *err);

/*
 * The same records as export_next writes, handed to fn one by one (for the
 * Tabular Data Package, export_csv.h). Returns 0, or -1 with err set (a
 * database error, or fn's).
 */
int export_records(PGconn *conn, enum export_scope scope, const char *node_id, export_record_fn fn,
		   void *cls, struct dir_error *err);

/* Records per export_next call. */
#define EXPORT_BATCH 20

#endif
