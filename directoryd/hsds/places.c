/*
 * places.c - load the place-name table (places.h) with COPY.
 */
#include "places.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define PLACES_FILE_MAX (256u * 1024u * 1024u)

struct places_file {
	char *data;
	size_t len;
};

/* Read <data_dir>/data/places/name whole into f (malloc'd; the caller
 * frees f->data). Returns 0, or -1 with err set. */
static int places_read(const char *data_dir, const char *name, struct places_file *f,
		       struct dir_error *err)
{
	char path[4200];
	FILE *in;
	long size;
	int rc = -1;

	f->data = NULL;
	f->len = 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/data/places/%s", data_dir, name) >=
	    sizeof(path)) {
		dir_error_add(err, "internal_error", NULL, "data directory path too long");
		return -1;
	}
	if ((in = fopen(path, "rb")) == NULL) {
		dir_error_add(err, "internal_error", NULL,
			      "cannot read the place names %s: %s (make writes them with "
			      "tools/geonames-places from Debian's libgeonames)",
			      path, strerror(errno));
		return -1;
	}
	if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0 ||
	    (unsigned long)size > PLACES_FILE_MAX) {
		dir_error_add(err, "internal_error", NULL, "%s: unreadable or over 256 MB", path);
		goto done;
	}
	if ((f->data = malloc((size_t)size + 1)) == NULL ||
	    fread(f->data, 1, (size_t)size, in) != (size_t)size) {
		dir_error_add(err, "internal_error", NULL, "%s: cannot read it", path);
		goto done;
	}
	f->len = (size_t)size;
	rc = 0;
done:
	fclose(in);
	return rc;
}

/* Hex BLAKE2b-256 of both files, into hex (65 bytes). */
static void places_fingerprint(const struct places_file *a, const struct places_file *b,
			       char hex[65])
{
	crypto_generichash_state st;
	unsigned char digest[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(digest));
	crypto_generichash_update(&st, (const unsigned char *)a->data, a->len);
	crypto_generichash_update(&st, (const unsigned char *)"\n--\n", 4);
	crypto_generichash_update(&st, (const unsigned char *)b->data, b->len);
	crypto_generichash_final(&st, digest, sizeof(digest));
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
}

/* Whether place_source holds this fingerprint: 1, 0, or -1 with err set. */
static int places_current(PGconn *conn, const char *hex, struct dir_error *err)
{
	const char *params[1] = { hex };
	PGresult *res =
		db_exec(conn, "SELECT 1 FROM place_source WHERE fingerprint = $1", 1, params, err);
	int found;

	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

/* COPY f into the table and columns of sql ("COPY t (...) FROM STDIN"),
 * through PQexecParams. Returns 0, or -1 with err set. */
static int places_copy(PGconn *conn, const char *sql, const struct places_file *f,
		       struct dir_error *err)
{
	PGresult *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	int ok = PQresultStatus(res) == PGRES_COPY_IN;

	PQclear(res);
	if (ok)
		ok = PQputCopyData(conn, f->data, (int)f->len) == 1 &&
		     PQputCopyEnd(conn, NULL) == 1;
	else
		dir_error_add(err, "internal_error", NULL, "the place table cannot be loaded: %s",
			      PQerrorMessage(conn));
	/* the COPY's own result, then the NULL that ends it */
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
			dir_error_add(err, "internal_error", NULL, "the place data was refused: %s",
				      PQresultErrorMessage(res));
			ok = 0;
		}
		PQclear(res);
	}
	return ok ? 0 : -1;
}

/* The statements around the two COPYs. */
static const char places_temp_sql[] =
	"CREATE TEMP TABLE place_name_load (geonames_id integer, name text) ON COMMIT DROP";
static const char places_clear_sql[] = "TRUNCATE place_name, place";
static const char places_fold_sql[] =
	"INSERT INTO place_name (name, geonames_id)"
	" SELECT DISTINCT dir_fold(btrim(l.name)), l.geonames_id FROM place_name_load l"
	" WHERE btrim(l.name) <> '' AND l.geonames_id IN (SELECT geonames_id FROM place)";
static const char places_done_sql[] =
	"INSERT INTO place_source (fingerprint) VALUES ($1)"
	" ON CONFLICT (one) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, loaded_at = now()";
static const char places_relink_sql[] =
	"SELECT dir_service_key_refresh(ARRAY(SELECT DISTINCT x.service_id::text"
	" FROM service_at_location x JOIN address a ON a.location_id = x.location_id))";

static int places_fill(PGconn *conn, const struct places_file *places,
		       const struct places_file *names, const char *hex, struct dir_error *err)
{
	const char *params[1] = { hex };

	return db_command(conn, places_temp_sql, 0, NULL, err) != 0 ||
			       db_command(conn, places_clear_sql, 0, NULL, err) != 0 ||
			       places_copy(conn,
					   "COPY place (geonames_id, name, country, latitude,"
					   " longitude, population) FROM STDIN",
					   places, err) != 0 ||
			       places_copy(conn,
					   "COPY place_name_load (geonames_id, name) FROM STDIN",
					   names, err) != 0 ||
			       db_command(conn, places_fold_sql, 0, NULL, err) != 0 ||
			       db_command(conn, places_done_sql, 1, params, err) != 0 ||
			       db_command(conn, places_relink_sql, 0, NULL, err) != 0
		       ? -1
		       : 0;
}

int places_load(PGconn *conn, const char *data_dir, FILE *log, struct dir_error *err)
{
	struct places_file places = { 0 }, names = { 0 };
	char hex[65];
	int rc = -1, current;

	if (places_read(data_dir, "place.tsv", &places, err) != 0 ||
	    places_read(data_dir, "place_name.tsv", &names, err) != 0)
		goto done;
	places_fingerprint(&places, &names, hex);
	if ((current = places_current(conn, hex, err)) != 0) {
		rc = current < 0 ? -1 : 0;
		goto done;
	}
	if (places_fill(conn, &places, &names, hex, err) != 0)
		goto done;
	if (log != NULL)
		fprintf(log, "loaded the place names (GeoNames, CC BY 4.0)\n");
	rc = 1;
done:
	free(places.data);
	free(names.data);
	return rc;
}
