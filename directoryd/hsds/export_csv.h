/*
 * export_csv.h - the directory as an HSDS 3.0 Tabular Data Package in a zip
 * (GET /export?format=hsds-csv, `directoryd export hsds-csv`; docs/api.md,
 * "Export").
 *
 * The records of export.h, flattened: one CSV per HSDS table with the
 * specification's file names (organizations.csv, services.csv,
 * service_at_location.csv, phones.csv, ...), a row per record and per
 * nested child, each child naming its parent by the HSDS link column
 * (service_id, location_id, ...; link_id and link_entity for attributes,
 * resource_id and resource_type for metadata). A record reached twice (a
 * location of an organization and of its service_at_location) is written
 * once. The columns are the HSDS 3.0 fields of each object and our
 * one-value extensions (confidential, timezone_name, sex_worker_led);
 * the ones kept as objects (translations, contact_channels, public_point,
 * provenance) are in the JSON export only. datapackage.json at the root
 * describes every table (name, path, schema fields and types, primaryKey)
 * and carries the data licence in "licenses".
 */
#ifndef DIRECTORYD_EXPORT_CSV_H
#define DIRECTORYD_EXPORT_CSV_H

#include "db.h"
#include "export.h"

/* The data licence for datapackage.json: both may be "" (not stated). */
struct export_license {
	const char *name; /* e.g. "CC-BY-4.0" */
	const char *url;  /* http(s) address of its text */
};

/*
 * Write the package of scope as a zip archive at zip_path (created or
 * truncated). Its CSV files are written first into a temporary folder
 * beside it (tmp_dir, e.g. "/tmp"), removed afterwards. Runs its
 * statements on conn. Returns 0, or -1 with err set (internal_error naming
 * what could not be written, or a database error); a failed archive is
 * removed.
 */
int export_csv_zip(PGconn *conn, enum export_scope scope, const char *node_id,
		   const struct export_license *license, const char *tmp_dir, const char *zip_path,
		   struct dir_error *err);

#endif
