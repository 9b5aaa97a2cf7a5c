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

/* What one run did. Counts records stored (nested ones included). */
struct import_summary {
	size_t organizations;
	size_t services;
	size_t locations;
	size_t refused;  /* records not stored */
	size_t held;     /* records held for review by the eligibility rule (not stored) */
	size_t warnings; /* defaults filled, values and references dropped */
};

/*
 * Import every record under path (a file, or a directory read as one
 * package: its CSV tables and its *.json files, not its subdirectories).
 *   conn:   an open connection with no transaction in progress; the run
 *           uses one transaction per package (per JSON file) and one
 *           savepoint per record.
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
 * Print the summary line "imported N organizations, N services,
 * N locations; N refused, N held for review, N warnings" and a newline.
 */
void import_summary_print(FILE *out, const struct import_summary *sum);

#endif
