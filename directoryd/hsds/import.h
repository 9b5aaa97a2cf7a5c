/*
 * import.h - `directoryd import-hsds PATH`: load HSDS data into the store.
 *
 * Three formats are read (docs/import.md):
 *   - HSDS 3.0 JSON: a single record (service_full.json), a Page envelope
 *     with "contents", an array of records, or the Tabular Data Package
 *     written as JSON (an object of "<table>.csv": [rows]);
 *   - HSDS 3.0 Tabular Data Packages: CSV files with a datapackage.json
 *     whose "version" is 3.x;
 *   - HSDS 1.0 CSV packages: tables found by file name (organizations.csv,
 *     services.csv, ...), whatever their datapackage.json says.
 * Every record goes through the same checks as the write API (val_check,
 * then the eligibility rule) and is stored with store_put inside a
 * savepoint, so a refused record is reported and the rest are committed.
 */
#ifndef DIRECTORYD_IMPORT_H
#define DIRECTORYD_IMPORT_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct elig_rules;

/*
 * What one run did. A record is an organization, service or location,
 * counted once however many times the input repeats it (docs/import.md,
 * "Merging").
 */
struct import_summary {
	size_t organizations;  /* distinct organizations stored (created, updated or unchanged) */
	size_t services;       /* distinct services stored */
	size_t locations;      /* distinct locations stored */
	size_t taxonomies;     /* taxonomies stored on their own */
	size_t taxonomy_terms; /* taxonomy terms stored on their own */
	size_t created;        /* records that did not exist before */
	size_t updated;        /* records that existed and changed */
	size_t unchanged;      /* records that existed and stayed as they were */
	size_t refused;        /* records not stored */
	size_t held;           /* records held for review by the eligibility rule (not stored) */
	size_t children_dropped; /* nested children (phones, programs...) left out of a stored record */
	size_t skipped;          /* files and tables the run did not read */
	size_t pruned;           /* records deleted by --prune */
	size_t warnings;         /* defaults filled, values and references dropped */
};

/*
 * How a run reads and writes; all zero is the default.
 *   datapackage:   a datapackage.json to read the package's tables by
 *                  (its resources' path are relative to path), or NULL:
 *                  then path's own datapackage.json, if any.
 *   prune:         after the run, delete the records of the organizations
 *                  the run stored that the input no longer holds (services
 *                  and locations of those organizations that no record of
 *                  the input named).
 *   allow_skipped: files and tables that are not read count in
 *                  sum->skipped either way; import_hsds_opts returns 0 for
 *                  them only when this is set (else -1, skipped_input).
 *   scope_org:     an organization's UUID: only its own records may be
 *                  written, as an organization's API token (POST
 *                  /import); NULL for the node admin. A record of another
 *                  organization, or a taxonomy or term (the node's), makes
 *                  the whole run fail: nothing is written, and
 *                  import_hsds_opts returns -1 with err forbidden, one
 *                  detail per such record (its "source", "source_id" and
 *                  "kind"). A record held for review counts too: the
 *                  database's ownership checks are tried on it first.
 */
struct import_options {
	const char *datapackage;
	int prune;
	int allow_skipped;
	const char *scope_org;
};

/*
 * Import every record under path (a file, or a directory: its CSV tables
 * as one package, its *.json files, and its subdirectories likewise).
 * Everything is read first; records repeated in the input are merged
 * (the richest shape wins), then stored in one transaction with one
 * savepoint per record.
 *   conn:   an open connection with no transaction in progress.
 *   rules:  the eligibility phrase lists (borrowed).
 *   report: receives JSON Lines, one object per refused or changed record:
 *           {"error": {"code","message","field","details"}, "source":
 *           "file:line", "source_id": "...", "kind": "service"} for a
 *           refusal, {"warning": {...same keys...}, ...} for a record
 *           stored with changes or a row that could not be used. May be
 *           NULL.
 *   sum:    filled with the counts (zeroed first).
 *   err:    set when the run could not complete.
 * Returns 0 when the run completed, even if records were refused; -1 with
 * err set when the input could not be read at all (missing path, file over
 * the size cap, unparseable JSON or CSV) or the database failed; then
 * nothing of the failing package is committed.
 */
int import_hsds(PGconn *conn, const struct elig_rules *rules, const char *path, FILE *report,
		struct import_summary *sum, struct dir_error *err);

/*
 * import_hsds with options (opts NULL: all zero). On top of import_hsds's
 * errors, returns -1 with err skipped_input when files or tables were
 * skipped and opts->allow_skipped is 0; the records read were committed
 * all the same and sum is filled.
 */
int import_hsds_opts(PGconn *conn, const struct elig_rules *rules, const char *path,
		     const struct import_options *opts, FILE *report, struct import_summary *sum,
		     struct dir_error *err);

/*
 * Print the summary line: "imported N organizations, N services,
 * N locations, N taxonomies, N taxonomy terms (N created, N updated,
 * N unchanged); N refused, N held for review, N children dropped,
 * N skipped, N pruned, N warnings" and a newline.
 */
void import_summary_print(FILE *out, const struct import_summary *sum);

#endif
