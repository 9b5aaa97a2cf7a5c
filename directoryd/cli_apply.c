/*
 * cli_apply.c - `directoryd listings --state STATE` (cli_apply.h): the
 * coordinator's listings from apply_listings, one JSON object a line; and
 * `directoryd listings --unconfirmed`: this node's services not confirmed
 * ("still accurate", docs/registrars.md) within unconfirmed_after days,
 * with whom to call, for a node without an SMTP relay.
 */
#include "cli_apply.h"

#include <stdio.h>
#include <stdlib.h>

#include "apply.h"
#include "db.h"

/* The unconfirmed services as JSON Lines: id, name, assured_date (null:
 * never), the organisation, its e-mail address and the service's contact
 * channels. 0, or -1 with err. */
static int cli_unconfirmed(PGconn *conn, long days, struct dir_error *err)
{
	static const char sql[] =
		"SELECT json_build_object('id', s.id, 'name', s.name, 'assured_date',"
		" s.assured_date, 'organization_id', o.id, 'organization', o.name, 'email',"
		" o.email, 'contact_channels', coalesce(s.contact_channels, '[]'::jsonb))::text"
		" FROM service s JOIN organization o ON o.id = s.organization_id"
		" WHERE s.fed IS NULL AND (s.assured_date IS NULL OR"
		" s.assured_date < current_date - $1::int)"
		" ORDER BY o.name, s.assured_date NULLS FIRST, s.name";
	char d[24];
	const char *params[1] = { d };
	PGresult *res;

	snprintf(d, sizeof(d), "%ld", days);
	if ((res = db_exec(conn, sql, 1, params, err)) == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res); i++)
		printf("%s\n", PQgetvalue(res, i, 0));
	PQclear(res);
	return 0;
}

int cli_listings(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct dir_error err;
	PGconn *conn;
	json_t *list;
	int rc = 1;

	if (opts->nargs != 1 || (opts->state == NULL) == !opts->unconfirmed) {
		fprintf(stderr, "usage: directoryd listings --state "
				"stale|revalidation_pending|refused | --unconfirmed\n");
		return 2;
	}
	dir_error_init(&err);
	if ((conn = db_connect(cfg->database, &err)) == NULL) {
		cli_report(&err);
		dir_error_clear(&err);
		return 1;
	}
	if (opts->unconfirmed) {
		if (cli_unconfirmed(conn, cfg->unconfirmed_after, &err) == 0)
			rc = fflush(stdout) == 0 ? 0 : 1;
		else
			cli_report(&err);
	} else if (apply_store_stale_after(conn, cfg->stale_after, &err) == 0 &&
		   (list = apply_listings(conn, opts->state, &err)) != NULL) {
		for (size_t i = 0; i < json_array_size(list); i++) {
			char *line = json_dumps(json_array_get(list, i), JSON_COMPACT);
			if (line != NULL)
				printf("%s\n", line);
			free(line);
		}
		json_decref(list);
		rc = fflush(stdout) == 0 ? 0 : 1;
	} else {
		cli_report(&err);
	}
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}
