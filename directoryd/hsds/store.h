/*
 * store.h - writing and reading HSDS 3.0 records in PostgreSQL.
 *
 * Thin C wrappers over the stored functions of sql/36_put.sql and
 * sql/40_render.sql (docs/data-model.md, "## Storage"): documents go in as
 * validated HSDS 3.0 JSON and come out as HSDS 3.0 JSON, with confidential
 * locations redacted, texts translated to the caller's languages and our
 * provenance added. Every statement is a fixed text run with db_exec.
 */
#ifndef DIRECTORYD_STORE_H
#define DIRECTORYD_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "db.h"
#include "kind.h"

/* Longest language preference list passed to SQL, in bytes. */
#define STORE_LANGS_MAX 512

/*
 * How records are rendered.
 *   langs, nlangs: the caller's ordered language preference (BCP 47 tags,
 *                  borrowed); tags with characters other than letters,
 *                  digits and "-" are ignored. NULL/0 for originals only.
 *   full:          1 for the "full" HSDS shape (examples/service_full.json),
 *                  0 for the list shape (examples/service_list.json).
 *   node_id:       this node's name for provenance.origin_node (borrowed,
 *                  may be NULL).
 */
struct store_view {
	const char *const *langs;
	size_t nlangs;
	int full;
	const char *node_id;
};

/*
 * Write one record and its children (dir_put_organization, _service or
 * _location). The caller has BEGUN a transaction and commits or rolls back;
 * on failure nothing of the document must be kept (roll back).
 *   doc:       validated HSDS 3.0 JSON of the kind (borrowed). It may carry
 *              "eligibility_unchecked": [JSON Pointers] from the eligibility
 *              rule, shown later in provenance.
 *   scope_org: UUID of the organization the token is limited to, or NULL
 *              for the node admin.
 *   id_out:    receives the record's UUID (36 characters and a NUL).
 * Returns 0, or -1 with err set: forbidden (another organization's record),
 * unknown_taxonomy_term, taxonomy_term_mismatch, read_only_field,
 * invalid_value, invalid_uuid, conflict, or a database error code; err.field
 * is the JSON Pointer of the refused field.
 */
int store_put(PGconn *conn, enum dir_kind kind, const json_t *doc, const char *scope_org,
	      char id_out[37], struct dir_error *err);

/*
 * store_put for a create (POST): the same arguments and errors, and
 * conflict (409) when the upsert met a stored record instead of inserting
 * one, so that a concurrent create of the same id cannot overwrite what
 * another committed first. The caller rolls its transaction back on -1.
 */
int store_create(PGconn *conn, enum dir_kind kind, const json_t *doc, const char *scope_org,
		 char id_out[37], struct dir_error *err);

/*
 * Delete one record; an organization takes its services and locations
 * with it. scope_org as for store_put.
 * Returns 0, or -1 with err set: not_found when there is no such record (or
 * id is not a UUID), forbidden when it belongs to another organization.
 */
int store_delete(PGconn *conn, enum dir_kind kind, const char *id, const char *scope_org,
		 struct dir_error *err);

/*
 * Render one record as HSDS 3.0 JSON.
 *   what: "organization", "service", "location", "service_at_location",
 *         "taxonomy" or "taxonomy_term".
 *   id:   the record's UUID.
 * Returns a new reference the caller json_decrefs, or NULL with err set:
 * not_found (no such record, or id not a UUID), invalid_parameter (unknown
 * what), or a database error code.
 */
json_t *store_get(PGconn *conn, const char *what, const char *id, const struct store_view *view,
		  struct dir_error *err);

/*
 * Load the directory's own vocabularies, <data_dir>/data/taxonomies/NAME.json
 * ({"taxonomy": {...}, "terms": [...]}), upserting them by id so that
 * loading twice changes nothing. Runs in the caller's transaction.
 * Returns 0, or -1 with err set (internal_error naming the file, or the
 * refusal of a malformed term).
 */
int store_seed_taxonomies(PGconn *conn, const char *data_dir, struct dir_error *err);

/*
 * The organization a record belongs to, to check a token's scope: for an
 * organization its own id.
 * Returns a new string the caller frees, or NULL: with err set to not_found
 * when the record does not exist (or id is not a UUID), or a database
 * error; with err untouched when the record has no organization.
 */
char *store_owner_of(PGconn *conn, enum dir_kind kind, const char *id, struct dir_error *err);

/*
 * The view's language preference as one comma-separated parameter for the
 * SQL functions (string_to_array($n, ',')): tags that are not made of
 * letters, digits and "-" only are skipped, and tags that would overflow
 * cap are dropped. buf receives a NUL-terminated string ("" for none).
 * Returns buf.
 */
const char *store_langs_param(const struct store_view *view, char *buf, size_t cap);

/* 1 when s has the form of a UUID (8-4-4-4-12 hexadecimal digits), else 0. */
int store_is_uuid(const char *s);

#endif
