/*
 * fedreview.h - a mirror's reviewers approve a record from a peer that
 * this node's eligibility rule held (docs/federation.md, section 7): the
 * signed item kept with the hold (apply.c) is verified again against the
 * origin's trusted keys and applied as its origin signed it.
 */
#ifndef DIRECTORYD_FEDREVIEW_H
#define DIRECTORYD_FEDREVIEW_H

#include <libpq-fe.h>

#include "error.h"

struct elig_rules;

/*
 * Approve the open hold review_id when it holds a record from a peer
 * (its origin is set): mark it approved, so that its text hash counts as
 * approved (review_is_approved), verify the kept item's record signature
 * with the origin's trusted key (trust_verify: it may have been revoked
 * since), and apply it with apply_record as the peer it came through would
 * have. Runs in the caller's transaction; the caller rolls back on -1.
 *   self:      this node's id (borrowed); rules: this node's rule.
 *   record_id: receives the record's UUID (36 characters and a NUL).
 * Returns 0 applied; 1 when the hold is this node's own (origin NULL: use
 * review_decide); -1 with err: not_found (no open hold with that id),
 * conflict (the record could not be applied, e.g. a newer version of it
 * is held already; err's details say why), a signature or key error of
 * trust_verify, or a database error.
 */
int fedreview_approve(PGconn *conn, const char *self, struct elig_rules *rules,
		      const char *review_id, char record_id[37], struct dir_error *err);

#endif
