/*
 * admin.h - listings for the node admin: records whose text was accepted
 * unchecked by the eligibility rule (a language with no phrase list).
 */
#ifndef DIRECTORYD_ADMIN_H
#define DIRECTORYD_ADMIN_H

#include <jansson.h>
#include <libpq-fe.h>

#include "error.h"

/*
 * Every organization, service and location with unchecked text, as a JSON
 * array of {"kind", "id", "name", "eligibility_unchecked": [JSON Pointers]}
 * ordered by kind, name and id. Returns a new reference (caller
 * json_decref) or NULL with err.
 */
json_t *admin_unchecked_list(PGconn *conn, struct dir_error *err);

#endif
