/*
 * peers.c - configured peers (fed_peer): adding, removing, loading them for
 * the sync worker, and their status for the coordinator.
 */
#include "peers.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "trust.h"

int peers_node_of_url(const char *url, char *out, size_t cap)
{
	struct dir_config probe;
	int rc;

	memset(&probe, 0, sizeof(probe));
	if ((probe.public_url = strdup(url)) == NULL)
		return -1;
	rc = config_node_id(&probe, out, cap);
	free(probe.public_url);
	return rc;
}

/* Pin "ORIGIN=FINGERPRINT" and append ORIGIN to the relays array text. */
static int peers_add_relay(PGconn *conn, const char *spec, json_t *origins, struct dir_error *err)
{
	const char *eq = strchr(spec, '=');
	char origin[256];

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(origin)) {
		dir_error_add(err, "invalid_parameter", "--relay",
			      "\"%.100s\" is not ORIGIN_NODE_ID=FINGERPRINT", spec);
		return -1;
	}
	memcpy(origin, spec, (size_t)(eq - spec));
	origin[eq - spec] = '\0';
	json_array_append_new(origins, json_string(origin));
	return trust_pin(conn, origin, eq + 1, err);
}

static int peers_insert(PGconn *conn, const char *name, const char *url, const char *node,
			const json_t *origins, int pull, struct dir_error *err)
{
	char *relays = json_dumps(origins, JSON_COMPACT);
	const char *params[] = { name, url, node, relays, pull ? "t" : "f" };
	int rc;

	if (relays == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	rc = db_command(
		conn,
		"INSERT INTO fed_peer (name, url, node_id, relays, pull) VALUES "
		"($1, rtrim($2, '/'), $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), "
		"$5::boolean)",
		5, params, err);
	free(relays);
	return rc;
}

int peers_add(PGconn *conn, const char *name, const char *url, const char *fingerprint,
	      const char *const *relays, size_t nrelays, int pull, struct dir_error *err)
{
	char node[256];
	json_t *origins = json_array();
	int rc = -1;

	if (name == NULL || name[0] == '\0' || strlen(name) > 64) {
		dir_error_add(err, "invalid_parameter", "NAME",
			      "a peer needs a name of 1-64 bytes");
		goto done;
	}
	if (url == NULL || peers_node_of_url(url, node, sizeof(node)) != 0) {
		dir_error_add(err, "invalid_parameter", "URL",
			      "the peer's URL must be its public_url, http(s)://host[:port]");
		goto done;
	}
	if (db_begin(conn, err) != 0)
		goto done;
	if (trust_pin(conn, node, fingerprint, err) != 0)
		goto rollback;
	for (size_t i = 0; i < nrelays; i++)
		if (peers_add_relay(conn, relays[i], origins, err) != 0)
			goto rollback;
	if (peers_insert(conn, name, url, node, origins, pull, err) == 0 &&
	    db_commit(conn, err) == 0) {
		rc = 0;
		goto done;
	}
rollback:
	db_rollback(conn);
done:
	json_decref(origins);
	return rc;
}

int peers_remove(PGconn *conn, const char *name, struct dir_error *err)
{
	const char *params[] = { name };
	PGresult *res = db_exec(conn, "DELETE FROM fed_peer WHERE name = $1 RETURNING name", 1,
				params, err);
	int found;

	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	if (!found) {
		dir_error_add(err, "not_found", "NAME", "no peer is called \"%.64s\"", name);
		return -1;
	}
	return 0;
}

static char *peers_dup(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : strdup(PQgetvalue(res, row, col));
}

static void peers_fill(struct peer *p, PGresult *res, int row)
{
	json_t *relays = json_loads(PQgetvalue(res, row, 3), 0, NULL);
	size_t i;
	json_t *r;

	p->name = peers_dup(res, row, 0);
	p->url = peers_dup(res, row, 1);
	p->node_id = peers_dup(res, row, 2);
	json_array_foreach(relays, i, r) if (p->nrelays < PEERS_MAX_RELAYS)
		p->relays[p->nrelays++] = strdup(json_string_value(r));
	json_decref(relays);
	p->pull = strcmp(PQgetvalue(res, row, 4), "t") == 0;
	p->cursor = peers_dup(res, row, 5);
	p->snapshot_page = peers_dup(res, row, 6);
	p->baseline = peers_dup(res, row, 7);
}

int peers_load(PGconn *conn, const char *name, struct peer **out, size_t *count,
	       struct dir_error *err)
{
	const char *params[] = { name };
	PGresult *res = db_exec(conn,
				"SELECT name, url, node_id, to_jsonb(relays)::text, pull, cursor, "
				"snapshot_page, baseline FROM fed_peer "
				"WHERE $1::text IS NULL OR name = $1 ORDER BY name",
				1, params, err);
	int n;

	*out = NULL;
	*count = 0;
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	if (name != NULL && n == 0) {
		PQclear(res);
		dir_error_add(err, "not_found", "--peer", "no peer is called \"%.64s\"", name);
		return -1;
	}
	*out = calloc(n > 0 ? (size_t)n : 1, sizeof(**out));
	if (*out == NULL) {
		PQclear(res);
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		peers_fill(&(*out)[i], res, i);
	*count = (size_t)n;
	PQclear(res);
	return 0;
}

void peers_free(struct peer *peers, size_t count)
{
	for (size_t i = 0; peers != NULL && i < count; i++) {
		free(peers[i].name);
		free(peers[i].url);
		free(peers[i].node_id);
		for (size_t j = 0; j < peers[i].nrelays; j++)
			free(peers[i].relays[j]);
		free(peers[i].cursor);
		free(peers[i].snapshot_page);
		free(peers[i].baseline);
	}
	free(peers);
}

json_t *peers_status(PGconn *conn, struct dir_error *err)
{
	PGresult *res = db_exec(
		conn,
		"SELECT coalesce(jsonb_agg(jsonb_build_object("
		"'name', p.name, 'url', p.url, 'node_id', p.node_id, 'relays', to_jsonb(p.relays), "
		"'pull', p.pull, 'last_attempt', p.last_attempt, 'last_success', p.last_success, "
		"'last_error', p.last_error, 'failures', p.failures, "
		"'lag_records', p.lag_records, 'lag_seconds', CASE WHEN p.pull THEN "
		"coalesce(extract(epoch FROM now() - p.last_success)::bigint, p.lag_seconds) END, "
		"'applied', p.applied, 'keys', (SELECT coalesce(jsonb_agg(jsonb_build_object("
		"'node_id', k.node_id, 'keyid', k.keyid, 'state', k.state, 'source', k.source) "
		"ORDER BY k.node_id, k.keyid), '[]') FROM fed_trusted_key k "
		"WHERE k.node_id = p.node_id OR k.node_id = ANY (p.relays)), "
		"'refused', (SELECT coalesce(jsonb_agg(jsonb_build_object('origin', r.origin, "
		"'type', r.type, 'id', r.record_id, 'version', r.version, 'at', r.at, "
		"'error', r.error) ORDER BY r.at DESC), '[]') FROM (SELECT * FROM fed_refused r "
		"WHERE r.peer = p.name ORDER BY r.at DESC LIMIT 100) r)) ORDER BY p.name), "
		"'[]')::text FROM fed_peer p",
		0, NULL, err);
	json_t *out;

	if (res == NULL)
		return NULL;
	out = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (out == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return out;
}

int peers_is_peer(PGconn *conn, const char *node_id, struct dir_error *err)
{
	const char *params[] = { node_id };
	PGresult *res = db_exec(conn, "SELECT 1 FROM fed_peer WHERE node_id = $1", 1, params, err);
	int found;

	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}
