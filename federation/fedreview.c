/*
 * fedreview.c - approving on a mirror what its own eligibility rule held
 * from a peer (fedreview.h).
 */
#include "fedreview.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "apply.h"
#include "db.h"
#include "record.h"
#include "review.h"
#include "trust.h"

static int fedreview_check(const unsigned char pk[FED_PK_BYTES], void *ctx)
{
	return rec_verify(ctx, pk, NULL) == 0;
}

/* Verify the kept item again and apply it. 0, or -1 with err. */
static int fedreview_apply(PGconn *conn, const struct apply_ctx *ctx, json_t *item,
			   char record_id[37], struct dir_error *err)
{
	struct rec_parsed rec;
	struct dir_error why;
	int rc = -1;

	memset(&rec, 0, sizeof(rec));
	dir_error_init(&why);
	if (rec_parse(item, &rec, err) != 0 ||
	    trust_verify(conn, rec.keyid, rec.origin, TRUST_RECORD, fedreview_check, &rec, err) !=
		    0)
		goto done;
	rc = apply_record(conn, ctx, &rec, rec.keyid, &why);
	if (rc == 1) {
		dir_error_add(err, "conflict", NULL,
			      "the approved record could not be applied: %s (%s)", why.message,
			      why.code);
		rc = -1;
	} else if (rc < 0) {
		dir_error_add(err, why.code[0] ? why.code : "internal_error", NULL, "%s",
			      why.message);
	} else {
		snprintf(record_id, 37, "%s", rec.id);
	}
done:
	rec_parsed_free(&rec);
	json_decref(item);
	dir_error_clear(&why);
	return rc;
}

int fedreview_approve(PGconn *conn, const char *self, struct elig_rules *rules,
		      const char *review_id, char record_id[37], struct dir_error *err)
{
	const char *params[1] = { review_id };
	struct apply_ctx ctx = { self, NULL, rules, NULL };
	json_error_t jerr;
	json_t *doc = NULL;
	PGresult *res;
	int rc = -1;

	if ((res = review_lock_held(conn, review_id, err)) == NULL)
		return -1;
	if (PQgetisnull(res, 0, REVIEW_COL_ORIGIN)) {
		rc = 1; /* this node's own: review_decide */
	} else if ((doc = json_loads(PQgetvalue(res, 0, REVIEW_COL_DOCUMENT),
				     JSON_REJECT_DUPLICATES, &jerr)) == NULL ||
		   (ctx.peer = json_string_value(json_object_get(doc, "peer"))) == NULL ||
		   !json_is_object(json_object_get(doc, "item"))) {
		dir_error_add(err, "internal_error", NULL, "cannot read the held record");
	} else if (db_command(
			   conn,
			   "UPDATE eligibility_review SET status = 'approved', decided_at = now()"
			   " WHERE id = $1::uuid",
			   1, params, err) == 0) {
		rc = fedreview_apply(conn, &ctx, json_incref(json_object_get(doc, "item")),
				     record_id, err);
	}
	json_decref(doc);
	PQclear(res);
	return rc;
}
