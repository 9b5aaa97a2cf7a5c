/*
 * export.c - the whole directory as one HSDS 3.0 JSON document, a batch of
 * records at a time (export.h). Each member is read in id order after the
 * last id written (keyset paging), each record rendered by the read API's
 * functions of sql/40_render.sql, so the export and the API agree.
 */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The members, in document order: name and the statement that renders the
 * next records after $1 (an id, or NULL for the first), at most $2, with
 * node id $3; $4 true to include mirrored rows. */
static const struct export_member {
	const char *name;
	const char *sql;
} export_members[] = {
	{ "taxonomies", "SELECT id::text, dir_taxonomy_json(id, NULL, true, $3)::text"
			" FROM taxonomy WHERE ($1::uuid IS NULL OR id > $1::uuid)"
			" AND $4::boolean IS NOT NULL ORDER BY id LIMIT $2::int" },
	{ "taxonomy_terms", "SELECT id::text, dir_taxonomy_term_json(id, NULL, true, $3)::text"
			    " FROM taxonomy_term WHERE ($1::uuid IS NULL OR id > $1::uuid)"
			    " AND $4::boolean IS NOT NULL ORDER BY id LIMIT $2::int" },
	{ "organizations", "SELECT id::text, dir_organization_json(id, NULL, true, $3)::text"
			   " FROM organization WHERE ($1::uuid IS NULL OR id > $1::uuid)"
			   " AND ($4::boolean OR fed IS NULL) ORDER BY id LIMIT $2::int" },
	{ "services", "SELECT id::text, dir_service_json(id, NULL, true, $3)::text"
		      " FROM service WHERE organization_id IS NULL"
		      " AND ($1::uuid IS NULL OR id > $1::uuid)"
		      " AND ($4::boolean OR fed IS NULL) ORDER BY id LIMIT $2::int" },
	{ "locations", "SELECT id::text, dir_location_json(id, NULL, true, $3)::text"
		       " FROM location WHERE organization_id IS NULL"
		       " AND ($1::uuid IS NULL OR id > $1::uuid)"
		       " AND ($4::boolean OR fed IS NULL) ORDER BY id LIMIT $2::int" },
};

#define EXPORT_NMEMBERS (sizeof(export_members) / sizeof(export_members[0]))

struct export_cursor {
	enum export_scope scope;
	char *node_id;
	size_t member;  /* index into export_members; EXPORT_NMEMBERS: done */
	int opened;     /* the member's "name": [ is written */
	size_t written; /* records written in this member */
	char last[37];  /* id of the last record written in it, "" for none */
};

struct export_cursor *export_open(enum export_scope scope, const char *node_id)
{
	struct export_cursor *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->scope = scope;
	if (node_id != NULL && (c->node_id = strdup(node_id)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void export_close(struct export_cursor *c)
{
	if (c == NULL)
		return;
	free(c->node_id);
	free(c);
}

static int export_put(struct buf *out, const char *s, struct dir_error *err)
{
	if (buf_adds(out, s) == 0)
		return 0;
	dir_error_add(err, "internal_error", NULL, "the export part does not fit in memory");
	return -1;
}

/* Write the next batch of the current member; close it when none is left. */
static int export_batch(struct export_cursor *c, PGconn *conn, struct buf *out,
			struct dir_error *err)
{
	char limit[16];
	const char *params[4] = { c->last[0] != '\0' ? c->last : NULL, limit, c->node_id,
				  c->scope == EXPORT_ALL ? "true" : "false" };
	PGresult *res;
	int n, rc = 0;

	snprintf(limit, sizeof(limit), "%d", EXPORT_BATCH);
	res = db_exec(conn, export_members[c->member].sql, 4, params, err);
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	for (int i = 0; i < n && rc == 0; i++) {
		if (PQgetisnull(res, i, 1))
			continue; /* deleted between the two reads of the row */
		if ((c->written++ > 0 && export_put(out, ",\n", err) != 0) ||
		    export_put(out, PQgetvalue(res, i, 1), err) != 0)
			rc = -1;
		snprintf(c->last, sizeof(c->last), "%s", PQgetvalue(res, i, 0));
	}
	PQclear(res);
	if (rc == 0 && n < EXPORT_BATCH) {
		rc = export_put(out, "]", err);
		c->member++;
		c->opened = 0;
		c->written = 0;
		c->last[0] = '\0';
	}
	return rc;
}

int export_next(struct export_cursor *c, PGconn *conn, struct buf *out, struct dir_error *err)
{
	char head[64];

	if (c->member >= EXPORT_NMEMBERS)
		return 0;
	if (!c->opened) {
		snprintf(head, sizeof(head), "%s\"%s\": [", c->member == 0 ? "{" : ",\n",
			 export_members[c->member].name);
		if (export_put(out, head, err) != 0)
			return -1;
		c->opened = 1;
	}
	if (export_batch(c, conn, out, err) != 0)
		return -1;
	if (c->member < EXPORT_NMEMBERS)
		return 1;
	return export_put(out, "}\n", err) == 0 ? 0 : -1;
}

int export_records(PGconn *conn, enum export_scope scope, const char *node_id, export_record_fn fn,
		   void *cls, struct dir_error *err)
{
	char limit[16], last[37];
	const char *params[4] = { NULL, limit, node_id, scope == EXPORT_ALL ? "true" : "false" };
	json_t *rec;
	int rc = 0, n;

	snprintf(limit, sizeof(limit), "%d", EXPORT_BATCH);
	for (size_t m = 0; m < EXPORT_NMEMBERS && rc == 0; m++) {
		params[0] = NULL;
		do {
			PGresult *res = db_exec(conn, export_members[m].sql, 4, params, err);
			if (res == NULL)
				return -1;
			n = PQntuples(res);
			for (int i = 0; i < n && rc == 0; i++) {
				snprintf(last, sizeof(last), "%s", PQgetvalue(res, i, 0));
				if (PQgetisnull(res, i, 1))
					continue;
				rec = json_loads(PQgetvalue(res, i, 1), 0, NULL);
				if (rec == NULL) {
					dir_error_add(err, "internal_error", NULL,
						      "a rendered record is not JSON");
					rc = -1;
				} else {
					rc = fn(cls, export_members[m].name, rec, err);
					json_decref(rec);
				}
			}
			PQclear(res);
			params[0] = last;
		} while (rc == 0 && n == EXPORT_BATCH);
	}
	return rc;
}
