/*
 * import_internal.h - what the importer's files share (not a public API).
 *
 * Every reader turns its input into a list of records (struct import_rec):
 * HSDS 3.0 documents of one kind, with where they came from and the
 * warnings collected while converting them. import.c then runs each record
 * through defaults, validation, the eligibility rule and the store.
 */
#ifndef DIRECTORYD_IMPORT_INTERNAL_H
#define DIRECTORYD_IMPORT_INTERNAL_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "kind.h"

#define IMPORT_MAX_FILE_BYTES  ((size_t)64 << 20) /* one input file */
#define IMPORT_MAX_ROWS        1000000            /* rows in one CSV table */
#define IMPORT_MAX_COLUMNS     512                /* columns in one table */
#define IMPORT_MAX_FIELD_BYTES ((size_t)1 << 20)  /* one CSV cell */
#define IMPORT_MAX_FILES       256                /* files in one package */
#define IMPORT_MAX_RECORDS     2000000            /* records in one run */

/* One table: a CSV file, or a "<name>.csv" member of a tabular JSON file. */
struct import_table {
	char file[256];  /* base name as found, e.g. "services.csv" */
	char path[4096]; /* path shown in the report */
	char name[48];   /* HSDS table: "service", "phone", ... or "" */
	json_t *rows;    /* array of objects, column -> value (owned) */
	size_t *lines;   /* 1-based line of each row, or NULL (owned) */
	json_t *columns; /* the header's column names, or NULL (owned) */
};

/* A package: the tables of one directory or one tabular JSON file. */
struct import_pkg {
	struct import_table *tables;
	size_t ntables;
	int hsds1; /* HSDS 1.0: integer ids, 1.0 column names */
};

/* One top-level record ready for the pipeline. */
struct import_rec {
	enum dir_kind kind;
	json_t *doc;       /* HSDS 3.0 document (owned) */
	char source[4200]; /* "path:line" */
	char source_id[128];
	json_t *warnings; /* array of {"code","message","field"} (owned) */
	int full;         /* 1: the whole record (a table row, a *_full shape) */
	int rank;         /* how many of its kind's child lists it carries */
	int sal_partial;  /* 1: its service_at_locations are some of the service's */
	int hoisted;      /* 1: nested in another record of the input */
	int skip;         /* 1: merged into another record of the input */
	size_t seq;       /* position in the input, for a stable order */
	size_t children_dropped;
	int stored; /* 1: stored (created, updated or unchanged) by this run */
};

/*
 * The records of one package, in the order they are stored (organizations,
 * locations, services), and notes: report lines about rows that became no
 * record (orphan phones, tables not imported), written as they are.
 */
struct import_batch {
	struct import_rec *recs; /* the bytes of buf */
	size_t n;
	struct buf buf; /* at most IMPORT_MAX_RECORDS records */
	json_t *notes;  /* array of report objects (owned) */
	json_t *taxa;   /* taxonomies and terms on their own: {"kind", "doc", "source"} (owned) */
};

/* import_csv.c */

/*
 * Read the CSV file at path (RFC 4180 with libcsv: quoted fields may hold
 * commas, quotes and newlines; a UTF-8 byte order mark is skipped) into t:
 * the first row names the columns; each later row becomes an object of
 * its non-empty cells. file and path are copied into t; name is left "".
 * Limits: IMPORT_MAX_FILE_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS,
 * IMPORT_MAX_FIELD_BYTES, cells must be UTF-8 without NUL.
 * Returns 0, or -1 with err (invalid_import, message naming file and line).
 * The caller frees t with import_table_free, also after a failure.
 */
int import_csv_read(const char *path, struct import_table *t, struct dir_error *err);

/*
 * The HSDS table a Tabular Data Package resource name stands for
 * ("phone", "address", "schedule", "taxonomy": the singular names of the
 * HSDS and UK profile descriptors, or a plural file stem "phones"), or
 * NULL when the importer reads no such table.
 */
const char *import_table_for_resource(const char *name);

/* Free what t holds and zero it. Safe on a zeroed table. */
void import_table_free(struct import_table *t);

/*
 * Read a whole file of at most IMPORT_MAX_FILE_BYTES into a new buffer,
 * NUL-terminated. Returns the buffer (caller frees) and its length in
 * *len, or NULL with err set (invalid_import).
 */
char *import_read_file(const char *path, size_t *len, struct dir_error *err);

/* import_util.c */

/*
 * The stable id of a source record. A source id that is already an RFC
 * 4122 UUID is kept (lower-cased); anything else becomes the UUIDv5 (RFC
 * 4122 4.3, SHA-1) of "<table>:<source id>" in directoryd's import
 * namespace. out receives 36 characters and a NUL.
 */
void import_uuid_map(const char *table, const char *source_id, char out[37]);

/*
 * The stable id of a row that has none: UUIDv5 of
 * "<table>:<parent table>:<parent source id>:<position>".
 */
void import_uuid_derive(const char *table, const char *parent_table, const char *parent_id,
			size_t pos, char out[37]);

/*
 * Append a warning {"code","message","field"} to the array warnings.
 * field is an RFC 6901 pointer into the record, or NULL. Returns 0, or -1
 * when memory ran out.
 */
int import_warn(json_t *warnings, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Append a note about a row that is no record: {"warning": {"code",
 * "message", "field", "details": [the same]}, "source": "<path>:<line>",
 * "source_id": id or absent}. Returns 0 or -1 (out of memory).
 */
int import_note(struct import_batch *b, const char *path, size_t line, const char *source_id,
		const char *code, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Add a record to b. doc is stolen (also on failure); source is
 * "<path>:<line>" (line 0 leaves it as path). Returns the record (its
 * warnings array ready), or NULL when memory ran out or IMPORT_MAX_RECORDS
 * was reached.
 */
struct import_rec *import_batch_add(struct import_batch *b, enum dir_kind kind, json_t *doc,
				    const char *path, size_t line, const char *source_id);

/*
 * Add a taxonomy or taxonomy term on its own to b. kind is "taxonomy" or
 * "taxonomy_term"; doc is stolen; a source id that is no UUID is mapped.
 * The terms a taxonomy nests in taxonomy_terms (UK profile) are taken out
 * of it and added as terms of that taxonomy.
 * Returns 0 or -1 (out of memory).
 */
int import_batch_taxon(struct import_batch *b, const char *kind, json_t *doc, const char *source);

/* Free every record and note of b and zero it. */
void import_batch_free(struct import_batch *b);

/* The string value of member key of obj, or NULL when absent/not one. */
const char *import_str(const json_t *obj, const char *key);

/* The HSDS name of a kind: "organization", "service", "location". */
const char *import_kind_name(enum dir_kind kind);

/* import_tabular.c */

/*
 * The HSDS table a file name stands for ("phones.csv" -> "phone",
 * "regular_schedules.csv" -> "schedule"), or NULL when it is not one the
 * importer reads.
 */
const char *import_table_for_file(const char *file);

/*
 * Turn the tables of pkg into records in b: rows get stable ids, child
 * rows are nested into every parent they name that is in the package
 * (phones into services, locations, service_at_locations, ...), numbers
 * are typed from the HSDS field tables, and organizations, locations and
 * services become records. Rows that cannot be placed become notes.
 * For HSDS 1.0 (pkg->hsds1) the rows are first converted by
 * import_hsds1_convert. Returns 0, or -1 with err (out of memory).
 */
int import_tabular_build(struct import_pkg *pkg, struct import_batch *b, struct dir_error *err);

/* import_hsds1.c */

/*
 * Rewrite the rows of an HSDS 1.0 package into HSDS 3.0 rows in place:
 * renamed columns (organization.url -> website, service.fees ->
 * fees_description), schedules from weekday rows, phone languages,
 * eligibilities into service.eligibility_description, service_at_location
 * rows naming several services split. Rows dropped here become notes.
 * Returns 0, or -1 with err (out of memory).
 */
int import_hsds1_convert(struct import_pkg *pkg, struct import_batch *b, struct dir_error *err);

/* import_pkg.c */

/* 1 when the array arr holds the string s, else 0. */
int import_has_string(const json_t *arr, const char *s);

/*
 * Read the CSV package of folder dir into b: by the resources of
 * descriptor (a parsed datapackage.json, or NULL) when any of them names a
 * file that exists (paths relative to dir, never absolute or with ".."),
 * checking columns against each resource's schema; else the files of
 * names (dir's entries) by file name. listed: array of the paths read so
 * far in the run (read and extended), so that a resources/ folder is not
 * read again as a package of its own. Listed files that do not exist and
 * CSV files of dir not listed become "file_skipped" notes.
 * Returns 0, or -1 with err (unreadable CSV: invalid_import; memory).
 */
int import_pkg_read(const char *dir, char **names, size_t n, const json_t *descriptor,
		    json_t *listed, struct import_batch *b, struct dir_error *err);

/* import_merge.c */

/* The table of a member's objects, into out: "phones" -> "phone". */
void import_member_table(const char *member, char *out, size_t cap);

/* Set r->rank and r->full from the child lists r->doc carries. */
void import_rec_shape(struct import_rec *r);

/*
 * Add to into the members of from it lacks (deep copies); with join_sals,
 * also the service_at_locations of from whose id into's lack, and with
 * join_sals 2 (two shapes of one run) also the members a service_at_location
 * of into lacks that from's of the same id has (a 3.1 service_at_location's
 * service_areas, say). Returns 0 or -1 (out of memory).
 */
int import_merge_docs(json_t *into, const json_t *from, int join_sals);

/*
 * Before storing a batch: map nested non-UUID ids, leave out read-only
 * members, make nested organizations and service_at_location locations
 * records of their own, merge records of one kind and id into the
 * richest (the others get skip = 1), and order the records organizations,
 * locations, services. Returns 0, or -1 with err (out of memory).
 */
int import_merge_prepare(struct import_batch *b, struct dir_error *err);

/*
 * A record in a poorer shape than full keeps what the stored record of its
 * id holds and it lacks (and a service_at_location's service keeps its
 * other service_at_locations). Returns 0, or -1 with err (database).
 */
int import_merge_stored(PGconn *conn, struct import_rec *r, struct dir_error *err);

/* import_json.c */

/*
 * Read one HSDS 3.0 JSON file (at most IMPORT_MAX_FILE_BYTES, duplicate
 * keys refused) into records of b: a record object, a Page envelope, an
 * array of records, or a tabular package written as JSON. Objects that are
 * no record (taxonomies, the API's base document) become notes.
 * Returns 0, or -1 with err (unreadable or invalid JSON: invalid_import).
 */
int import_json_file(const char *path, struct import_batch *b, struct dir_error *err);

#endif
