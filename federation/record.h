/*
 * record.h - federation records (docs/federation.md, section 5): building
 * the record object of a listing, signing it (Ed25519 over its RFC 8785
 * canonical JSON), checking the shape of a received item, verifying its
 * signature, and turning a received body back into an HSDS document.
 */
#ifndef DIRECTORYD_RECORD_H
#define DIRECTORYD_RECORD_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"
#include "fedkey.h"
#include "kind.h"

/* The protocol tag of records and transport signatures. */
#define REC_PROTOCOL "directoryd-fed/1"

/*
 * The record object for publishing: protocol, origin, type, id, version,
 * updated, deleted, and body (absent, and deleted true, when body is NULL).
 *   origin:  node id of this node; type: "organization", "location" or
 *            "service"; id: lower-case UUID; version: > 0; updated:
 *            RFC 3339 UTC time ("2026-11-29T10:00:00Z").
 *   body:    the HSDS document (borrowed; copied by reference) or NULL for
 *            a tombstone.
 * Returns a new reference the caller json_decrefs, or NULL (memory).
 */
json_t *rec_build(const char *origin, const char *type, const char *id, long long version,
		  const char *updated, const json_t *body);

/*
 * Sign a record: *jcs_out receives its canonical text (RFC 8785, malloc'd,
 * NUL-terminated; the caller frees it), sig_out the base64url (RFC 4648
 * section 5, no padding) of the Ed25519 signature of that text by key.
 * Returns 0, or -1 with err set: float_not_allowed (a real in the record,
 * field = its JSON Pointer), invalid_value, internal_error.
 */
int rec_sign(const json_t *record, const struct fed_key *key, char **jcs_out,
	     char sig_out[FED_SIG_B64_MAX], struct dir_error *err);

/* A received item taken apart by rec_parse. Strings point into item. */
struct rec_parsed {
	json_t *item;   /* a reference to the item (rec_parsed_free drops it) */
	json_t *record; /* borrowed from item */
	const char *origin, *type, *id, *updated, *keyid, *sig;
	long long version;
	int deleted;
	json_t *body; /* borrowed from item; NULL for a tombstone */
	char *jcs;    /* canonical text of record, malloc'd */
	size_t jcs_len;
};

/*
 * Check an item {"record": {...}, "sig": {"keyid", "value"}} (section 5):
 * every member present with its type, protocol "directoryd-fed/1", a known
 * type, a lower-case UUID id, an integer version of 1..2^53, an RFC 3339
 * updated, deleted true exactly when body is absent, no other members.
 * Then computes out->jcs, which refuses any floating-point number.
 *   item: borrowed; out keeps a reference to it until rec_parsed_free.
 * Returns 0, or -1 with err set: invalid_record (field = JSON Pointer of the
 * member in the item, e.g. "/record/version"), float_not_allowed. On
 * failure out holds nothing that needs freeing (rec_parsed_free is safe).
 */
int rec_parse(json_t *item, struct rec_parsed *out, struct dir_error *err);

/* Drop what rec_parse holds. Safe on a zeroed or failed struct. */
void rec_parsed_free(struct rec_parsed *p);

/*
 * Verify the Ed25519 signature of p->jcs (p->sig, base64url) with the public
 * key pk. Returns 0, or -1 with err set to record_signature_invalid (the
 * signature is not 64 bytes of base64url, or does not verify).
 */
int rec_verify(const struct rec_parsed *p, const unsigned char pk[FED_PK_BYTES],
	       struct dir_error *err);

/*
 * The HSDS document of a received body: every number field of the HSDS
 * tables (VAL_T_NUMBER in directoryd/hsds_fields.h, walked by object kind
 * through nested objects and arrays) that holds a string becomes that
 * number (an integer when the text has no fraction). Other values are
 * copied unchanged; the validator judges them later.
 *   kind: the record's kind; body: borrowed.
 * Returns a new reference, or NULL with err set to invalid_record (a number
 * field holding a string that is not a decimal number; field = its JSON
 * Pointer within the body) or internal_error.
 */
json_t *rec_body_to_hsds(enum dir_kind kind, const json_t *body, struct dir_error *err);

/*
 * The kind of a record type name: 0 with *kind set, or -1 when type is not
 * "organization", "location" or "service".
 */
int rec_kind(const char *type, enum dir_kind *kind);

#endif
