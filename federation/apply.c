/*
 * apply.c - applying records received from peers (docs/federation.md,
 * sections 7 and 9): the checks that follow the record signature, the HSDS
 * write with its provenance, the feed entry that relays the record, the
 * refusals a peer's status shows, the sweep after a snapshot and
 * revalidation after a key of another node is revoked.
 *
 * Every statement is fixed text run through db_exec/db_command. The HSDS
 * writes of a mirrored record are made with directoryd.applying = 'on',
 * which the publishing triggers read to leave the change out of this node's
 * own records and the guard trigger of 0016 reads to let it through.
 */
#include "apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "eligibility.h"
#include "fedkey.h"
#include "review.h"
#include "store.h"
#include "validate.h"

static const char *const kind_names[] = {
	[DIR_KIND_ORGANIZATION] = "organization",
	[DIR_KIND_SERVICE] = "service",
	[DIR_KIND_LOCATION] = "location",
};

/* The record key as held: fed_record and the HSDS row. */
static const char *const held_sql[] = {
	[DIR_KIND_ORGANIZATION] =
		"SELECT coalesce(r.origin, p.origin), coalesce(r.version, p.version), r.sig,"
		" h.id IS NOT NULL, h.fed ->> 'origin_node'"
		" FROM (SELECT 1) AS one"
		" LEFT JOIN fed_record r ON r.type = 'organization' AND r.id = $1::uuid"
		" LEFT JOIN fed_pruned p ON p.type = 'organization' AND p.id = $1::uuid"
		" LEFT JOIN organization h ON h.id = $1::uuid",
	[DIR_KIND_SERVICE] =
		"SELECT coalesce(r.origin, p.origin), coalesce(r.version, p.version), r.sig,"
		" h.id IS NOT NULL, h.fed ->> 'origin_node'"
		" FROM (SELECT 1) AS one"
		" LEFT JOIN fed_record r ON r.type = 'service' AND r.id = $1::uuid"
		" LEFT JOIN fed_pruned p ON p.type = 'service' AND p.id = $1::uuid"
		" LEFT JOIN service h ON h.id = $1::uuid",
	[DIR_KIND_LOCATION] =
		"SELECT coalesce(r.origin, p.origin), coalesce(r.version, p.version), r.sig,"
		" h.id IS NOT NULL, h.fed ->> 'origin_node'"
		" FROM (SELECT 1) AS one"
		" LEFT JOIN fed_record r ON r.type = 'location' AND r.id = $1::uuid"
		" LEFT JOIN fed_pruned p ON p.type = 'location' AND p.id = $1::uuid"
		" LEFT JOIN location h ON h.id = $1::uuid",
};

/* Origin of a referenced row ('' for a local one); no row when absent. */
static const char *const ref_sql[] = {
	[DIR_KIND_ORGANIZATION] =
		"SELECT coalesce(fed ->> 'origin_node', '') FROM organization WHERE id = $1::uuid",
	[DIR_KIND_SERVICE] =
		"SELECT coalesce(fed ->> 'origin_node', '') FROM service WHERE id = $1::uuid",
	[DIR_KIND_LOCATION] =
		"SELECT coalesce(fed ->> 'origin_node', '') FROM location WHERE id = $1::uuid",
};

#define FED_JSON                                                                        \
	"jsonb_build_object('origin_node', $2::text, 'version', $3::bigint, 'key_id', " \
	"$4::text, 'fetched_at', to_char(now() AT TIME ZONE 'UTC', "                    \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"

static const char *const provenance_sql[] = {
	[DIR_KIND_ORGANIZATION] = "UPDATE organization SET fed = " FED_JSON " WHERE id = $1::uuid",
	[DIR_KIND_SERVICE] = "UPDATE service SET fed = " FED_JSON " WHERE id = $1::uuid",
	[DIR_KIND_LOCATION] = "UPDATE location SET fed = " FED_JSON " WHERE id = $1::uuid",
};

static const char record_upsert_sql[] =
	"WITH pos AS (UPDATE fed_feed SET seq = seq + 1 RETURNING seq)"
	" INSERT INTO fed_record (type, id, origin, version, updated, deleted, record,"
	"  keyid, sig, seq, fetched_at, via_peer, state, baseline)"
	" SELECT $1, $2::uuid, $3, $4::bigint, $5::timestamptz, $6::boolean, $7, $8, $9,"
	"  pos.seq, now(), $10, 'verified', $11::uuid FROM pos"
	" ON CONFLICT (type, id) DO UPDATE SET origin = EXCLUDED.origin,"
	"  version = EXCLUDED.version, updated = EXCLUDED.updated,"
	"  deleted = EXCLUDED.deleted, record = EXCLUDED.record, keyid = EXCLUDED.keyid,"
	"  sig = EXCLUDED.sig, seq = EXCLUDED.seq, fetched_at = EXCLUDED.fetched_at,"
	"  via_peer = EXCLUDED.via_peer, state = 'verified', baseline = EXCLUDED.baseline";

/* What is held of a record key. */
struct apply_held {
	int in_feed;       /* fed_record has the key */
	char origin[256];  /* its origin */
	long long version; /* its version */
	char sig[FED_SIG_B64_MAX];
	int row;              /* the HSDS row exists */
	int row_local;        /* ... and is this node's own (fed NULL) */
	char row_origin[256]; /* ... or the origin it was applied from */
};

/* Outcome of a step: go on, refused (err set), duplicate, or failure. */
enum apply_step { STEP_OK = 0, STEP_REFUSED = 1, STEP_DUPLICATE = 2, STEP_FAILED = -1 };

static int apply_kind(const char *type, enum dir_kind *kind)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (type != NULL && strcmp(type, kind_names[i]) == 0) {
			*kind = (enum dir_kind)i;
			return 0;
		}
	return -1;
}

/* A statement of ours that failed is a failure; a lost connection too. */
static enum apply_step apply_classify(const struct dir_error *err)
{
	return strcmp(err->code, "database_unavailable") == 0 ? STEP_FAILED : STEP_REFUSED;
}

static int apply_set_applying(PGconn *conn, int on, struct dir_error *err)
{
	const char *params[1] = { on ? "on" : "off" };
	PGresult *res =
		db_exec(conn, "SELECT set_config('directoryd.applying', $1, true)", 1, params, err);

	PQclear(res);
	return res != NULL ? 0 : -1;
}

static int apply_load_held(PGconn *conn, enum dir_kind kind, const char *id,
			   struct apply_held *held, struct dir_error *err)
{
	const char *params[1] = { id };
	PGresult *res = db_exec(conn, held_sql[kind], 1, params, err);

	memset(held, 0, sizeof(*held));
	if (res == NULL)
		return -1;
	held->in_feed = !PQgetisnull(res, 0, 0);
	snprintf(held->origin, sizeof(held->origin), "%s", PQgetvalue(res, 0, 0));
	held->version = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	snprintf(held->sig, sizeof(held->sig), "%s", PQgetvalue(res, 0, 2));
	held->row = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
	held->row_local = held->row && PQgetisnull(res, 0, 4);
	snprintf(held->row_origin, sizeof(held->row_origin), "%s", PQgetvalue(res, 0, 4));
	PQclear(res);
	return 0;
}

/* origin_mismatch and version_rollback, or a duplicate. */
static enum apply_step apply_check_held(const struct apply_ctx *ctx, const struct rec_parsed *rec,
					const struct apply_held *held, struct dir_error *err)
{
	if (strcmp(rec->origin, ctx->self) == 0 || held->row_local) {
		dir_error_add(err, "origin_mismatch", NULL,
			      "%s %s is one of this node's own listings; a peer may not change it",
			      rec->type, rec->id);
		return STEP_REFUSED;
	}
	if ((held->in_feed && strcmp(held->origin, rec->origin) != 0) ||
	    (held->row && strcmp(held->row_origin, rec->origin) != 0)) {
		dir_error_add(err, "origin_mismatch", NULL, "%s %s belongs to node %s, not to %s",
			      rec->type, rec->id, held->in_feed ? held->origin : held->row_origin,
			      rec->origin);
		return STEP_REFUSED;
	}
	if (!held->in_feed || rec->version > held->version)
		return STEP_OK;
	if (rec->version == held->version && rec->sig != NULL && strcmp(rec->sig, held->sig) == 0)
		return STEP_DUPLICATE;
	dir_error_add(err, "version_rollback", "/version",
		      "version %lld of %s %s is not newer than version %lld held", rec->version,
		      rec->type, rec->id, held->version);
	return STEP_REFUSED;
}

/* A non-empty string member. */
static int apply_has_text(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(obj, name);

	return v != NULL && !json_is_null(v) && !(json_is_string(v) && json_string_length(v) == 0);
}

/* A confidential location must come redacted (section 5). */
static enum apply_step apply_check_confidential(const json_t *body, struct dir_error *err)
{
	static const char *const coords[] = { "latitude", "longitude" };
	static const char *const hidden[] = { "address_1", "address_2", "postal_code" };
	const json_t *addresses = json_object_get(body, "addresses");
	char ptr[128];

	if (!json_is_true(json_object_get(body, "confidential")))
		return STEP_OK;
	for (size_t i = 0; i < 2; i++)
		if (json_object_get(body, coords[i]) != NULL &&
		    !json_is_null(json_object_get(body, coords[i])))
			dir_error_add(err, "confidential_leak",
				      coords[i][2] == 't' ? "/latitude" : "/longitude",
				      "a confidential location may not carry its coordinates");
	for (size_t i = 0; i < json_array_size(addresses); i++)
		for (size_t k = 0; k < 3; k++) {
			if (!apply_has_text(json_array_get(addresses, i), hidden[k]))
				continue;
			snprintf(ptr, sizeof(ptr), "/addresses/%zu/%s", i, hidden[k]);
			dir_error_add(err, "confidential_leak", ptr,
				      "a confidential location may not carry its street or "
				      "postal code");
		}
	return dir_error_isset(err) ? STEP_REFUSED : STEP_OK;
}

/* A body is one record: its id, and no nested organization or location. */
static enum apply_step apply_check_shape(enum dir_kind kind, const struct rec_parsed *rec,
					 struct dir_error *err)
{
	static const char *const nested[][2] = {
		[DIR_KIND_ORGANIZATION] = { "services", "locations" },
		[DIR_KIND_SERVICE] = { "organization", NULL },
		[DIR_KIND_LOCATION] = { NULL, NULL },
	};
	const json_t *id = json_object_get(rec->body, "id");
	const json_t *sals = json_object_get(rec->body, "service_at_locations");

	if (!json_is_object(rec->body)) {
		dir_error_add(err, "invalid_record", "/body", "a record needs its body");
		return STEP_REFUSED;
	}
	if (id != NULL && (!json_is_string(id) || strcmp(json_string_value(id), rec->id) != 0))
		dir_error_add(err, "invalid_record", "/id", "the body's id is not the record's");
	for (size_t i = 0; i < 2; i++)
		if (nested[kind][i] != NULL && json_object_get(rec->body, nested[kind][i]) != NULL)
			dir_error_add(err, "invalid_record", "", "a %s record may not carry %s",
				      rec->type, nested[kind][i]);
	for (size_t i = 0; kind == DIR_KIND_SERVICE && i < json_array_size(sals); i++)
		if (json_object_get(json_array_get(sals, i), "location") != NULL)
			dir_error_add(err, "invalid_record", "",
				      "a service record names its locations by location_id only");
	return dir_error_isset(err) ? STEP_REFUSED : STEP_OK;
}

/*
 * What this node's rule would hold for its reviewers is not applied unless
 * they approved its texts: it is refused with code eligibility_review and
 * the hold's details, each with the text_hash, and apply_finish keeps it
 * for this node's reviewers (docs/federation.md, section 7).
 */
static void apply_refuse_held(const json_t *held, const char *text_hash, struct dir_error *err)
{
	size_t i;
	json_t *h, *d;

	json_array_foreach(held, i, h)
	{
		d = dir_error_add(err, "eligibility_review",
				  json_string_value(json_object_get(h, "field")), "%s",
				  json_string_value(json_object_get(h, "message")));
		if (d != NULL) {
			json_object_update_missing(d, h);
			json_object_set_new(d, "text_hash", json_string(text_hash));
		}
	}
}

/*
 * HSDS validation and the eligibility rule, as api_check_document does. A
 * text the rule holds passes when this node's reviewers approved exactly
 * these texts of the record (review_is_approved).
 */
static enum apply_step apply_check_document(PGconn *conn, const struct apply_ctx *ctx,
					    enum dir_kind kind, json_t *doc, const char *id,
					    struct dir_error *err)
{
	struct elig_report rep;
	int outcome, approved;

	if (val_check(kind, doc, err) != 0)
		return STEP_REFUSED;
	memset(&rep, 0, sizeof(rep));
	rep.err = err;
	rep.unchecked = json_array();
	rep.held = json_array();
	outcome = elig_check_document_full(ctx->rules, doc, "", &rep);
	if (outcome == ELIG_HELD) {
		approved = review_is_approved(conn, kind, id, rep.text_hash, err);
		if (approved < 0)
			outcome = -1;
		else if (approved)
			outcome = ELIG_ACCEPTED;
	}
	if (outcome == ELIG_ACCEPTED && json_array_size(rep.unchecked) > 0)
		json_object_set(doc, "eligibility_unchecked", rep.unchecked);
	if (outcome == ELIG_HELD)
		apply_refuse_held(rep.held, rep.text_hash, err);
	json_decref(rep.unchecked);
	json_decref(rep.held);
	if (outcome < 0 && !dir_error_isset(err))
		dir_error_add(err, "internal_error", NULL, "out of memory");
	return outcome == ELIG_ACCEPTED ? STEP_OK : outcome < 0 ? STEP_FAILED : STEP_REFUSED;
}

/* A referenced row that exists must be of the record's origin. */
static enum apply_step apply_check_ref(PGconn *conn, enum dir_kind kind, const json_t *idv,
				       const char *origin, const char *field, struct dir_error *err)
{
	const char *params[1] = { json_string_value(idv) };
	enum apply_step step = STEP_OK;
	PGresult *res;

	if (params[0] == NULL || !store_is_uuid(params[0]))
		return STEP_OK; /* absent; a malformed one was refused by val_check */
	if ((res = db_exec(conn, ref_sql[kind], 1, params, err)) == NULL)
		return STEP_FAILED;
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), origin) != 0) {
		dir_error_add(err, "origin_mismatch", field,
			      "this %s belongs to another node than %s", kind_names[kind], origin);
		step = STEP_REFUSED;
	}
	PQclear(res);
	return step;
}

/* A service_at_location id that exists must be of this service. */
static enum apply_step apply_check_sal(PGconn *conn, const json_t *sal, const char *service,
				       const char *field, struct dir_error *err)
{
	const char *params[1] = { json_string_value(json_object_get(sal, "id")) };
	enum apply_step step = STEP_OK;
	PGresult *res;

	if (params[0] == NULL || !store_is_uuid(params[0]))
		return STEP_OK;
	res = db_exec(conn, "SELECT service_id::text FROM service_at_location WHERE id = $1::uuid",
		      1, params, err);
	if (res == NULL)
		return STEP_FAILED;
	if (PQntuples(res) == 1 && strcasecmp(PQgetvalue(res, 0, 0), service) != 0) {
		dir_error_add(err, "origin_mismatch", field,
			      "this service_at_location belongs to another service");
		step = STEP_REFUSED;
	}
	PQclear(res);
	return step;
}

/* The records a body points at (its organization, its locations). */
static enum apply_step apply_check_refs(PGconn *conn, enum dir_kind kind, const json_t *doc,
					const struct rec_parsed *rec, struct dir_error *err)
{
	const json_t *sals = json_object_get(doc, "service_at_locations");
	enum apply_step step;
	char ptr[96];

	if (kind == DIR_KIND_ORGANIZATION)
		return STEP_OK;
	step = apply_check_ref(conn, DIR_KIND_ORGANIZATION, json_object_get(doc, "organization_id"),
			       rec->origin, "/organization_id", err);
	for (size_t i = 0; step == STEP_OK && kind == DIR_KIND_SERVICE && i < json_array_size(sals);
	     i++) {
		const json_t *sal = json_array_get(sals, i);
		snprintf(ptr, sizeof(ptr), "/service_at_locations/%zu/location_id", i);
		step = apply_check_ref(conn, DIR_KIND_LOCATION, json_object_get(sal, "location_id"),
				       rec->origin, ptr, err);
		snprintf(ptr, sizeof(ptr), "/service_at_locations/%zu/id", i);
		if (step == STEP_OK)
			step = apply_check_sal(conn, sal, rec->id, ptr, err);
	}
	return step;
}

/* Everything about the body of a record that is not a tombstone. */
static enum apply_step apply_check_body(PGconn *conn, const struct apply_ctx *ctx,
					enum dir_kind kind, const struct rec_parsed *rec,
					json_t **doc, struct dir_error *err)
{
	enum apply_step step;

	if (kind == DIR_KIND_LOCATION &&
	    (step = apply_check_confidential(rec->body, err)) != STEP_OK)
		return step;
	if ((step = apply_check_shape(kind, rec, err)) != STEP_OK)
		return step;
	if ((*doc = rec_body_to_hsds(kind, rec->body, err)) == NULL)
		return dir_error_isset(err) && strcmp(err->code, "internal_error") == 0
			       ? STEP_FAILED
			       : STEP_REFUSED;
	json_object_set_new(*doc, "id", json_string(rec->id));
	if ((step = apply_check_document(conn, ctx, kind, *doc, rec->id, err)) != STEP_OK)
		return step;
	return apply_check_refs(conn, kind, *doc, rec, err);
}

/* Every check of section 7 after the signature. */
static enum apply_step apply_checks(PGconn *conn, const struct apply_ctx *ctx,
				    const struct rec_parsed *rec, enum dir_kind *kind,
				    struct apply_held *held, json_t **doc, struct dir_error *err)
{
	enum apply_step step;

	if (rec->origin == NULL || rec->id == NULL || apply_kind(rec->type, kind) != 0 ||
	    !store_is_uuid(rec->id)) {
		dir_error_add(err, "invalid_record", NULL,
			      "a record needs an origin, a type of organization, service or "
			      "location and a UUID id");
		return STEP_REFUSED;
	}
	if (apply_load_held(conn, *kind, rec->id, held, err) != 0)
		return STEP_FAILED;
	if ((step = apply_check_held(ctx, rec, held, err)) != STEP_OK || rec->deleted)
		return step;
	return apply_check_body(conn, ctx, *kind, rec, doc, err);
}

static int apply_upsert_record(PGconn *conn, const struct apply_ctx *ctx,
			       const struct rec_parsed *rec, const char *keyid,
			       struct dir_error *err)
{
	char version[32];
	const char *params[11] = {
		rec->type, rec->id,       rec->origin,
		version,   rec->updated,  rec->deleted ? "true" : "false",
		rec->jcs,  keyid,         rec->sig,
		ctx->peer, ctx->baseline,
	};

	snprintf(version, sizeof(version), "%lld", rec->version);
	return db_command(conn, record_upsert_sql, 11, params, err);
}

/* The HSDS side of a record: put, or delete for a tombstone. */
static enum apply_step apply_hsds(PGconn *conn, enum dir_kind kind, const struct rec_parsed *rec,
				  const struct apply_held *held, const json_t *doc,
				  const char *keyid, struct dir_error *err)
{
	char id[37], version[32];
	const char *params[4] = { rec->id, rec->origin, version, keyid };

	if (rec->deleted) {
		if (held->row && store_delete(conn, kind, rec->id, NULL, err) != 0)
			return apply_classify(err);
		return STEP_OK;
	}
	if (store_put(conn, kind, doc, NULL, id, err) != 0)
		return apply_classify(err);
	snprintf(version, sizeof(version), "%lld", rec->version);
	return db_command(conn, provenance_sql[kind], 4, params, err) == 0 ? STEP_OK : STEP_FAILED;
}

/* Write a checked record: HSDS rows, fed_record, refusals it overrides. */
static enum apply_step apply_write(PGconn *conn, const struct apply_ctx *ctx, enum dir_kind kind,
				   const struct rec_parsed *rec, const struct apply_held *held,
				   const json_t *doc, const char *keyid, struct dir_error *err)
{
	char version[32];
	const char *params[4] = { rec->origin, rec->type, rec->id, version };
	enum apply_step step;

	snprintf(version, sizeof(version), "%lld", rec->version);
	if (apply_set_applying(conn, 1, err) != 0)
		return STEP_FAILED;
	if ((step = apply_hsds(conn, kind, rec, held, doc, keyid, err)) != STEP_OK)
		return step;
	if (apply_upsert_record(conn, ctx, rec, keyid, err) != 0 ||
	    db_command(conn,
		       "DELETE FROM fed_refused WHERE origin = $1 AND type = $2"
		       " AND record_id = $3 AND version <= $4::bigint",
		       4, params, err) != 0 ||
	    apply_set_applying(conn, 0, err) != 0)
		return STEP_FAILED;
	return STEP_OK;
}

/* The same record again: only when and how it was last delivered. */
static enum apply_step apply_duplicate(PGconn *conn, const struct apply_ctx *ctx,
				       const struct rec_parsed *rec, struct dir_error *err)
{
	const char *params[4] = { rec->type, rec->id, ctx->peer, ctx->baseline };

	return db_command(conn,
			  "UPDATE fed_record SET fetched_at = now(), via_peer = $3,"
			  " baseline = coalesce($4::uuid, baseline)"
			  " WHERE type = $1 AND id = $2::uuid",
			  4, params, err) == 0
		       ? STEP_OK
		       : STEP_FAILED;
}

/*
 * A record refused eligibility_review is kept for this node's reviewers:
 * the signed item and the peer it came through, in eligibility_review with
 * its origin (review_hold), so that approving it applies the item as its
 * origin signed it (fedreview.c). Returns 0 or -1.
 */
static int apply_hold(PGconn *conn, const struct apply_ctx *ctx, const struct rec_parsed *rec,
		      const struct dir_error *why, struct dir_error *err)
{
	json_t *first = json_array_get(why->details, 0), *doc;
	struct review_hold h = { DIR_KIND_SERVICE,
				 NULL,
				 rec->origin,
				 "federation",
				 json_string_value(json_object_get(first, "text_hash")),
				 why->details,
				 elig_rules_version(ctx->rules) };
	char review_id[37], version[32];
	int rc;
	const char *params[3] = { rec->type, rec->id, version };
	PGresult *res;
	int newer;

	snprintf(version, sizeof(version), "%lld", rec->version);
	if (apply_kind(rec->type, &h.kind) != 0 || h.text_hash == NULL)
		return 0; /* nothing to hold */
	/* a snapshot delivers the version held again: the hold and its id stay */
	res = db_exec(conn,
		      "SELECT 1 FROM eligibility_review WHERE kind = $1 AND record_id = $2::uuid"
		      " AND status = 'held' AND origin IS NOT NULL"
		      " AND (document #>> '{item,record,version}')::bigint >= $3::bigint",
		      3, params, err);
	if (res == NULL)
		return -1;
	newer = PQntuples(res) > 0;
	PQclear(res);
	if (newer)
		return 0;
	doc = json_pack("{s:s, s:s, s:O}", "id", rec->id, "peer", ctx->peer, "item", rec->item);
	if (doc == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	rc = review_hold(conn, &h, doc, review_id, err);
	json_decref(doc);
	return rc;
}

/* Close the savepoint: keep, or undo and record the refusal. */
static int apply_finish(PGconn *conn, const struct apply_ctx *ctx, const struct rec_parsed *rec,
			enum apply_step step, struct dir_error *err)
{
	struct dir_error ignored;

	dir_error_init(&ignored);
	if (step == STEP_OK)
		return db_command(conn, "RELEASE SAVEPOINT apply_record", 0, NULL, err) == 0 ? 0
											     : -1;
	if (db_command(conn, "ROLLBACK TO SAVEPOINT apply_record", 0, NULL, &ignored) != 0 ||
	    db_command(conn, "RELEASE SAVEPOINT apply_record", 0, NULL, &ignored) != 0)
		step = STEP_FAILED;
	dir_error_clear(&ignored);
	if (step == STEP_FAILED)
		return -1;
	if (apply_refuse(conn, ctx->peer, rec, NULL, err) != 0)
		return -1;
	if (strcmp(err->code, "eligibility_review") == 0 &&
	    apply_hold(conn, ctx, rec, err, err) != 0)
		return -1;
	return 1;
}

int apply_record(PGconn *conn, const struct apply_ctx *ctx, const struct rec_parsed *rec,
		 const char *verified_keyid, struct dir_error *err)
{
	struct apply_held held;
	enum dir_kind kind = DIR_KIND_SERVICE;
	json_t *doc = NULL;
	enum apply_step step;

	if (db_command(conn, "SAVEPOINT apply_record", 0, NULL, err) != 0)
		return -1;
	step = apply_checks(conn, ctx, rec, &kind, &held, &doc, err);
	if (step == STEP_DUPLICATE)
		step = apply_duplicate(conn, ctx, rec, err);
	else if (step == STEP_OK)
		step = apply_write(conn, ctx, kind, rec, &held, doc, verified_keyid, err);
	json_decref(doc);
	return apply_finish(conn, ctx, rec, step, err);
}
