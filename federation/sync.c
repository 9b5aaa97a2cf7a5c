/*
 * sync.c - one pass over a peer: its well-known document, then the change
 * feed (or a snapshot to re-baseline), each page verified record by record
 * and applied together with its cursor in one transaction
 * (docs/federation.md, section 7).
 */
#include "sync.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "client.h"
#include "db.h"
#include "log.h"
#include "ownkeys.h"
#include "record.h"
#include "trust.h"

#define SYNC_MAX_PAGES   100000 /* a pass stops after this many pages */
#define SYNC_BACKOFF_MAX 3600L  /* s */
/* Largest unverified well-known document read for revocations, bytes. */
#define SYNC_UNVERIFIED_MAX 65536u

void sync_settings_read(const struct sync_ctx *ctx, struct sync_settings *out)
{
	if (ctx->config_lock != NULL)
		pthread_rwlock_rdlock(ctx->config_lock);
	out->interval = ctx->cfg->sync_interval;
	out->timeout = ctx->cfg->sync_timeout;
	out->max_response = ctx->cfg->sync_max_response;
	out->max_age = ctx->cfg->signature_max_age;
	out->page_size = ctx->cfg->sync_page_size;
	out->retention = ctx->cfg->tombstone_retention;
	if (ctx->config_lock != NULL)
		pthread_rwlock_unlock(ctx->config_lock);
}

/* State of one pass. */
struct sync_pass {
	const struct sync_ctx *ctx;
	struct sync_settings set;
	PGconn *conn;
	struct peer *peer;
	struct client_ctx client;
	const char *origins[PEERS_MAX_RELAYS + 1]; /* the peer and what it relays */
	size_t norigins;
	struct sync_result *result;
};

/* The origins a peer may send: itself and the origins it relays. */
static void sync_origins(struct sync_pass *p)
{
	p->origins[p->norigins++] = p->peer->node_id;
	for (size_t i = 0; i < p->peer->nrelays; i++)
		p->origins[p->norigins++] = p->peer->relays[i];
}

static int sync_origin_allowed(const struct sync_pass *p, const char *origin)
{
	for (size_t i = 0; origin != NULL && i < p->norigins; i++)
		if (strcmp(p->origins[i], origin) == 0)
			return 1;
	return 0;
}

/* The origin query parameter: "origin=a,b" percent-encoded. */
static char *sync_origin_param(const struct sync_pass *p)
{
	char joined[PEERS_MAX_RELAYS * 260] = "";
	size_t off = 0;
	char *escaped, *out = NULL;

	for (size_t i = 0; i < p->norigins; i++)
		off += (size_t)snprintf(joined + off,
					off < sizeof(joined) ? sizeof(joined) - off : 0, "%s%s",
					i > 0 ? "," : "", p->origins[i]);
	escaped = curl_easy_escape(NULL, joined, 0);
	if (escaped != NULL && asprintf(&out, "origin=%s", escaped) < 0)
		out = NULL;
	curl_free(escaped);
	return out;
}

/* ---- the well-known document ---- */

static int sync_wellknown(struct sync_pass *p, struct dir_error *err)
{
	struct client_response r;
	struct dir_error verr;
	json_t *doc = NULL;
	int revoked = 0, rc = -1;
	int verified;

	dir_error_init(&verr);
	verified = client_request(&p->client, p->conn, p->peer->url, p->peer->node_id, "GET",
				  "/.well-known/directoryd", NULL, &r, &verr) == 0;
	/* An unverified document is read only for self-signed revocations, and
	 * only when small: anyone on the path could send one. */
	if (r.body != NULL && (verified || r.len <= SYNC_UNVERIFIED_MAX))
		doc = json_loadb(r.body, r.len, JSON_REJECT_DUPLICATES, NULL);
	if (doc != NULL && r.status == 200 &&
	    strcmp(json_string_value(json_object_get(doc, "node_id")) ?: "", p->peer->node_id) ==
		    0) {
		if (db_begin(p->conn, err) != 0)
			goto done;
		if (trust_learn(p->conn, p->peer->node_id, doc, verified ? r.signer : NULL,
				&revoked, err) != 0 ||
		    db_commit(p->conn, err) != 0) {
			db_rollback(p->conn);
			goto done;
		}
	} else if (verified) {
		dir_error_add(
			&verr, "invalid_record", NULL,
			"the well-known document of %.200s is not one (status %ld, or another "
			"node id)",
			p->peer->node_id, r.status);
		verified = 0;
	}
	if (revoked > 0)
		log_msg(LOG_LEVEL_WARNING, "peer %s: %d key(s) revoked", p->peer->name, revoked);
	if (!verified) {
		dir_error_add(err, verr.code, verr.field[0] ? verr.field : NULL, "well-known: %s",
			      verr.message);
		goto done;
	}
	rc = 0;
done:
	json_decref(doc);
	client_response_free(&r);
	dir_error_clear(&verr);
	return rc;
}

/* ---- one page ---- */

struct sync_check {
	const struct rec_parsed *rec;
};

static int sync_check_record(const unsigned char pk[FED_PK_BYTES], void *ctx)
{
	struct sync_check *c = ctx;

	return rec_verify(c->rec, pk, NULL) == 0;
}

/* Verify and apply one item: 0 applied or refused (recorded), -1 database failure. */
static int sync_item(struct sync_pass *p, const struct apply_ctx *actx, json_t *item,
		     struct dir_error *err)
{
	struct rec_parsed rec;
	struct sync_check check = { &rec };
	struct dir_error why;
	int rc = 0, parsed;

	memset(&rec, 0, sizeof(rec));
	dir_error_init(&why);
	parsed = rec_parse(item, &rec, &why) == 0;
	if (parsed && !sync_origin_allowed(p, rec.origin))
		dir_error_add(&why, "untrusted_origin", "/record/origin",
			      "peer %.64s may not relay records of %.200s", p->peer->name,
			      rec.origin);
	else if (parsed)
		trust_verify(p->conn, rec.keyid, rec.origin, TRUST_RECORD, sync_check_record,
			     &check, &why);
	if (dir_error_isset(&why)) {
		rc = apply_refuse(p->conn, p->peer->name, parsed ? &rec : NULL, item, &why);
		p->result->refused++;
	} else {
		rc = apply_record(p->conn, actx, &rec, rec.keyid, &why);
		if (rc == 1)
			p->result->refused++;
		else if (rc == 0)
			p->result->applied++;
		if (rc < 0)
			dir_error_add(err, why.code, NULL, "%s", why.message);
		rc = rc < 0 ? -1 : 0;
	}
	rec_parsed_free(&rec);
	dir_error_clear(&why);
	return rc;
}

/*
 * confirmed: {"origin": time}; only for the origins the peer may send, and
 * never later than now: a time in the future would keep the origin's
 * listings from ever becoming stale.
 */
static int sync_confirm(struct sync_pass *p, json_t *confirmed, struct dir_error *err)
{
	const char *origin;
	json_t *at;

	json_object_foreach(confirmed, origin, at)
	{
		const char *params[] = { origin, json_string_value(at), p->peer->name };
		if (!sync_origin_allowed(p, origin) || params[1] == NULL)
			continue;
		if (db_command(p->conn,
			       "INSERT INTO fed_origin (node_id, confirmed_at, via_peer) "
			       "VALUES ($1, least($2::timestamptz, now()), $3) ON CONFLICT "
			       "(node_id) DO UPDATE "
			       "SET confirmed_at = greatest(fed_origin.confirmed_at, "
			       "EXCLUDED.confirmed_at), via_peer = EXCLUDED.via_peer",
			       3, params, err) != 0)
			return -1;
	}
	return 0;
}

/* Save where to go on, in the page's transaction. */
static int sync_save_position(struct sync_pass *p, const char *cursor, const char *page,
			      const char *baseline, long lag, struct dir_error *err)
{
	char lagtext[32];
	const char *params[] = { p->peer->name, cursor, page, baseline, lagtext };

	snprintf(lagtext, sizeof(lagtext), "%ld", lag);
	return db_command(p->conn,
			  "UPDATE fed_peer SET cursor = coalesce($2, cursor), snapshot_page = $3, "
			  "baseline = $4::uuid, lag_records = $5::bigint WHERE name = $1",
			  5, params, err);
}

/* Apply the items of a page and where to go on, in one transaction. */
static int sync_apply_page(struct sync_pass *p, const json_t *page, int snapshot, int *more,
			   struct dir_error *err)
{
	struct apply_ctx actx = { p->ctx->node_id, p->peer->name, p->ctx->rules,
				  snapshot ? p->peer->baseline : NULL };
	const json_t *items = json_object_get(page, "items");
	const char *cursor = json_string_value(json_object_get(page, "cursor"));
	const char *next = json_string_value(json_object_get(page, "page"));
	long remaining = (long)json_integer_value(json_object_get(page, "remaining"));
	size_t i;
	json_t *item;

	*more = json_is_true(json_object_get(page, "more"));
	if (!json_is_array(items) || (*more && snapshot && next == NULL) ||
	    ((!*more || !snapshot) && cursor == NULL)) {
		dir_error_add(err, "invalid_record", NULL,
			      "peer %.64s sent a page without items, cursor or page",
			      p->peer->name);
		return -1;
	}
	if (db_begin(p->conn, err) != 0)
		return -1;
	json_array_foreach(items, i, item)
	{
		if (sync_item(p, &actx, item, err) != 0)
			goto rollback;
	}
	/* The sweep deletes without a tombstone, on the peer's word alone: only
	 * the peer's own records, never those it relays (p->origins[0] is the
	 * peer), so that a relay cannot delete an origin's listings. */
	if (snapshot && !*more &&
	    apply_sweep(p->conn, p->peer->name, p->origins, 1, p->peer->baseline, err) < 0)
		goto rollback;
	if ((!*more && sync_confirm(p, json_object_get(page, "confirmed"), err) != 0) ||
	    sync_save_position(
		    p, snapshot && *more ? NULL : cursor, snapshot && *more ? next : NULL,
		    snapshot && *more ? p->peer->baseline : NULL,
		    *more ? (remaining > 0 ? remaining : (long)json_array_size(items)) : 0,
		    err) != 0 ||
	    db_commit(p->conn, err) != 0)
		goto rollback;
	p->result->pages++;
	return 0;
rollback:
	db_rollback(p->conn);
	return -1;
}

/* Start a re-baseline: a new snapshot id, no page yet. */
static int sync_start_snapshot(struct sync_pass *p, struct dir_error *err)
{
	const char *params[] = { p->peer->name };
	PGresult *res = db_exec(p->conn,
				"UPDATE fed_peer SET baseline = gen_random_uuid(), snapshot_page = "
				"NULL WHERE name = $1 RETURNING baseline::text",
				1, params, err);

	if (res == NULL)
		return -1;
	free(p->peer->baseline);
	free(p->peer->snapshot_page);
	p->peer->snapshot_page = NULL;
	p->peer->baseline = PQntuples(res) > 0 ? strdup(PQgetvalue(res, 0, 0)) : NULL;
	PQclear(res);
	return p->peer->baseline != NULL ? 0 : -1;
}

/* The path of the next request: snapshot page or changes since the cursor. */
static char *sync_next_path(const struct sync_pass *p, int snapshot, const char *origin_param)
{
	const char *pos = snapshot ? p->peer->snapshot_page : p->peer->cursor;
	char *escaped = pos != NULL ? curl_easy_escape(NULL, pos, 0) : NULL;
	char *path = NULL;

	if (asprintf(&path, "/federation/v1/%s?limit=%ld&%s%s%s", snapshot ? "snapshot" : "changes",
		     p->set.page_size, origin_param,
		     escaped != NULL ? (snapshot ? "&page=" : "&since=") : "",
		     escaped != NULL ? escaped : "") < 0)
		path = NULL;
	curl_free(escaped);
	return path;
}

/* Remember the position the page ended at, for the next request. */
static void sync_advance(struct sync_pass *p, const json_t *page, int snapshot, int more)
{
	const char *cursor = json_string_value(json_object_get(page, "cursor"));
	const char *next = json_string_value(json_object_get(page, "page"));

	if (snapshot && more) {
		free(p->peer->snapshot_page);
		p->peer->snapshot_page = strdup(next);
		return;
	}
	free(p->peer->cursor);
	p->peer->cursor = cursor != NULL ? strdup(cursor) : NULL;
	if (snapshot) {
		free(p->peer->baseline);
		free(p->peer->snapshot_page);
		p->peer->baseline = p->peer->snapshot_page = NULL;
	}
}

/* Fetch one page; 410 switches to a snapshot (*restart set). */
static json_t *sync_fetch(struct sync_pass *p, int snapshot, const char *origin_param, int *restart,
			  struct dir_error *err)
{
	struct client_response r;
	char *path = sync_next_path(p, snapshot, origin_param);
	json_t *page = NULL;

	*restart = 0;
	if (path == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	if (client_request(&p->client, p->conn, p->peer->url, p->peer->node_id, "GET", path, NULL,
			   &r, err) == 0) {
		if (r.status == 410 && !snapshot)
			*restart = 1;
		else if (r.status != 200)
			dir_error_add(err, "peer_unavailable", NULL, "%.64s answered %ld: %.300s",
				      p->peer->name, r.status, r.body);
		else if ((page = json_loadb(r.body, r.len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
			dir_error_add(err, "invalid_record", NULL,
				      "%.64s sent a page that is not JSON", p->peer->name);
	}
	client_response_free(&r);
	free(path);
	return page;
}

/*
 * A long pass fills the HSDS tables from nearly empty: the plans PL/pgSQL
 * keeps for the session (the write functions, the triggers, the refresh of
 * the search keys at commit) were made when the tables were small and
 * chose sequential scans that then grow with the directory. ANALYZE, after
 * pages 1, 2, 4, 8, ... of a pass that has more to come, gives the planner
 * the tables' real sizes and makes those plans again (it invalidates the
 * cached plans of the tables it analyzes). Outside the page transactions;
 * a failure (not the tables' owner, say) only loses the speed-up.
 */
static void sync_analyze(struct sync_pass *p, long page, int more)
{
	if (!more || (page & (page - 1)) != 0)
		return;
	db_command(p->conn,
		   "ANALYZE organization, service, location, service_at_location, address, "
		   "attribute, language, schedule, phone, taxonomy_term, service_key, "
		   "service_list_cache, search_place, fed_record",
		   0, NULL, NULL);
}

/*
 * Remember a position of this pass (a cursor, or a snapshot page) in seen:
 * 0 new, 1 seen before, -1 out of memory. The two kinds are kept apart.
 */
static int sync_seen(json_t *seen, int snapshot, const char *pos)
{
	char *key;
	int rc;

	if (pos == NULL)
		return 0;
	if (asprintf(&key, "%c%s", snapshot ? 's' : 'c', pos) < 0)
		return -1;
	if (json_object_get(seen, key) != NULL)
		rc = 1;
	else
		rc = json_object_set_new(seen, key, json_true()) == 0 ? 0 : -1;
	free(key);
	return rc;
}

/*
 * A page that asks for more must move on: a position this pass has already
 * asked for (the same cursor again, or a cycle of them) would make the pass
 * go on until SYNC_MAX_PAGES, so it ends with an error on the peer instead.
 */
static int sync_progress(struct sync_pass *p, json_t *seen, const json_t *page, int snapshot,
			 struct dir_error *err)
{
	const char *next = json_string_value(json_object_get(page, snapshot ? "page" : "cursor"));
	int rc;

	if (!json_is_true(json_object_get(page, "more")))
		return 0;
	if ((rc = sync_seen(seen, snapshot, next)) == 0)
		return 0;
	if (rc < 0)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	else
		dir_error_add(err, "cursor_not_advancing", NULL,
			      "peer %.64s asked to go on from a %s this pass had already read; "
			      "the pass stops here",
			      p->peer->name, snapshot ? "snapshot page" : "cursor");
	return -1;
}

static int sync_pull(struct sync_pass *p, struct dir_error *err)
{
	char *origin_param = sync_origin_param(p);
	int snapshot = p->peer->cursor == NULL || p->peer->baseline != NULL;
	int more = 1, restart, rc = 0;
	json_t *seen = json_object();

	if (origin_param == NULL || seen == NULL) {
		free(origin_param);
		json_decref(seen);
		return -1;
	}
	if (snapshot && p->peer->baseline == NULL)
		rc = sync_start_snapshot(p, err);
	if (sync_seen(seen, snapshot, snapshot ? p->peer->snapshot_page : p->peer->cursor) < 0)
		rc = -1;
	for (long n = 0; rc == 0 && more && n < SYNC_MAX_PAGES; n++) {
		json_t *page = sync_fetch(p, snapshot, origin_param, &restart, err);
		if (restart) {
			snapshot = 1;
			rc = sync_start_snapshot(p, err);
			continue;
		}
		if (page == NULL || sync_progress(p, seen, page, snapshot, err) != 0 ||
		    sync_apply_page(p, page, snapshot, &more, err) != 0)
			rc = -1;
		else {
			sync_advance(p, page, snapshot, more);
			sync_analyze(p, n + 1, more);
		}
		snapshot = snapshot && more;
		json_decref(page);
	}
	free(origin_param);
	json_decref(seen);
	return rc;
}

/* ---- status and the pass ---- */

static void sync_record_status(PGconn *conn, const struct sync_settings *set,
			       const struct peer *peer, const struct dir_error *failure)
{
	json_t *e = failure != NULL ? dir_error_to_json(failure) : NULL;
	char *text = e != NULL ? json_dumps(json_object_get(e, "error"), JSON_COMPACT) : NULL;
	char interval[32], cap[32];
	const char *params[] = { peer->name, text, interval, cap };

	snprintf(interval, sizeof(interval), "%ld", set->interval);
	snprintf(cap, sizeof(cap), "%ld", SYNC_BACKOFF_MAX);
	db_command(conn,
		   "UPDATE fed_peer SET last_attempt = now(), last_error = $2::jsonb, "
		   "failures = CASE WHEN $2 IS NULL THEN 0 ELSE failures + 1 END, "
		   "last_success = CASE WHEN $2 IS NULL THEN now() ELSE last_success END, "
		   "next_attempt = now() + make_interval(secs => CASE WHEN $2 IS NULL "
		   "THEN $3::bigint ELSE least($4::bigint, $3::bigint * "
		   "power(2, least(failures + 1, 20))::bigint) END) WHERE name = $1",
		   4, params, NULL);
	free(text);
	json_decref(e);
}

static int sync_lock(PGconn *conn, const char *name, int wait, struct dir_error *err)
{
	const char *params[] = { name };
	PGresult *res =
		db_exec(conn,
			wait ? "SELECT pg_advisory_lock(hashtext('directoryd-sync:' || $1)), "
			       "true"
			     : "SELECT 1, pg_try_advisory_lock(hashtext('directoryd-sync:' || "
			       "$1))",
			1, params, err);
	int got;

	if (res == NULL)
		return -1;
	got = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	return got ? 0 : 1;
}

static void sync_unlock(PGconn *conn, const char *name)
{
	const char *params[] = { name };

	db_command(conn, "SELECT pg_advisory_unlock(hashtext('directoryd-sync:' || $1))", 1, params,
		   NULL);
}

/* Reload the peer's position: another pass may have moved it. */
static int sync_reload(PGconn *conn, struct peer *peer, struct dir_error *err)
{
	struct peer *fresh;
	size_t n;

	if (peers_load(conn, peer->name, &fresh, &n, err) != 0)
		return -1;
	free(peer->cursor);
	free(peer->snapshot_page);
	free(peer->baseline);
	peer->cursor = fresh[0].cursor;
	peer->snapshot_page = fresh[0].snapshot_page;
	peer->baseline = fresh[0].baseline;
	fresh[0].cursor = fresh[0].snapshot_page = fresh[0].baseline = NULL;
	peers_free(fresh, n);
	return 0;
}

int sync_peer(const struct sync_ctx *ctx, PGconn *conn, struct peer *peer, int wait,
	      struct sync_result *result, struct dir_error *err)
{
	struct sync_pass p = { ctx, { 0 }, conn, peer, { 0 }, { 0 }, 0, result };
	struct fed_key key;
	char keyid[FED_KEYID_MAX];
	int rc, locked;

	memset(result, 0, sizeof(*result));
	sync_settings_read(ctx, &p.set);
	memset(&key, 0, sizeof(key));
	if ((locked = sync_lock(conn, peer->name, wait, err)) != 0)
		return locked;
	if (sync_reload(conn, peer, err) != 0 ||
	    ownkeys_current(conn, ctx->cfg->key_dir, &key, err) != 0 ||
	    fed_keyid(ctx->node_id, key.n, keyid) != 0) {
		fed_key_wipe(&key);
		sync_record_status(conn, &p.set, peer, err);
		sync_unlock(conn, peer->name);
		return -1;
	}
	p.client = (struct client_ctx){ &key, keyid, p.set.timeout, p.set.max_response,
					p.set.max_age };
	sync_origins(&p);
	rc = sync_wellknown(&p, err);
	if (rc == 0 && peer->pull)
		rc = sync_pull(&p, err);
	sync_record_status(conn, &p.set, peer, rc == 0 ? NULL : err);
	sync_unlock(conn, peer->name);
	fed_key_wipe(&key);
	return rc;
}
