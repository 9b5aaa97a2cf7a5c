/*
 * admin.c - what the node admin reviews: texts the eligibility rule could
 * not check because no phrase list covers their language.
 */
#include "admin.h"

#include "db.h"

static const char unchecked_sql[] =
	"SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'id', id,"
	"  'name', name, 'eligibility_unchecked', eligibility_unchecked)"
	"  ORDER BY kind, name, id), '[]')::text FROM ("
	" SELECT 'organization' AS kind, id, name, eligibility_unchecked"
	"  FROM organization WHERE eligibility_unchecked <> '[]'"
	" UNION ALL SELECT 'service', id, name, eligibility_unchecked"
	"  FROM service WHERE eligibility_unchecked <> '[]'"
	" UNION ALL SELECT 'location', id, coalesce(name, ''), eligibility_unchecked"
	"  FROM location WHERE eligibility_unchecked <> '[]') AS u";

json_t *admin_unchecked_list(PGconn *conn, struct dir_error *err)
{
	PGresult *res = db_exec(conn, unchecked_sql, 0, NULL, err);
	json_t *list;

	if (res == NULL)
		return NULL;
	list = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (list == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return list;
}
