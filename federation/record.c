/*
 * record.c - federation records (docs/federation.md, section 5): the record
 * object, its Ed25519 signature over RFC 8785 canonical JSON, the shape
 * checks of a received item, and number fields of a body sent as strings
 * turned back into numbers.
 */
#include "record.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hsds_fields.h"
#include "jcs.h"
#include "validate.h"

/* Largest integer a record may carry: 2^53. */
#define REC_INT_MAX 9007199254740992LL
/* Longest decimal text taken for a number field. */
#define REC_NUM_TEXT_MAX 64

static const char *const rec_types[] = { "organization", "service", "location" };

int rec_kind(const char *type, enum dir_kind *kind)
{
	static const enum dir_kind kinds[] = { DIR_KIND_ORGANIZATION, DIR_KIND_SERVICE,
					       DIR_KIND_LOCATION };

	for (size_t i = 0; type != NULL && i < sizeof(rec_types) / sizeof(rec_types[0]); i++) {
		if (strcmp(type, rec_types[i]) == 0) {
			*kind = kinds[i];
			return 0;
		}
	}
	return -1;
}

json_t *rec_build(const char *origin, const char *type, const char *id, long long version,
		  const char *updated, const json_t *body)
{
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:b}", "protocol", REC_PROTOCOL,
				"origin", origin, "type", type, "id", id, "version",
				(json_int_t)version, "updated", updated, "deleted", body == NULL);

	/* jansson's setters take a non-const value; the body is not changed. */
	if (rec != NULL && body != NULL &&
	    json_object_set(rec, "body", (json_t *)(uintptr_t)body) != 0) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

int rec_sign(const json_t *record, const struct fed_key *key, char **jcs_out,
	     char sig_out[FED_SIG_B64_MAX], struct dir_error *err)
{
	unsigned char sig[FED_SIG_BYTES];
	size_t len = 0;
	char *jcs;

	*jcs_out = NULL;
	if ((jcs = jcs_serialise(record, &len, err)) == NULL)
		return -1;
	if (fed_key_sign(key, jcs, len, sig) != 0 ||
	    fed_b64url_encode(sig, sizeof(sig), sig_out, FED_SIG_B64_MAX) != 0) {
		dir_error_add(err, "internal_error", NULL, "the record could not be signed");
		free(jcs);
		return -1;
	}
	*jcs_out = jcs;
	return 0;
}

/* ---- rec_parse ---- */

static int rec_bad(struct dir_error *err, const char *member, const char *what)
{
	char ptr[64];

	dir_ptr_join(ptr, sizeof(ptr), "/record", member, 0);
	dir_error_add(err, "invalid_record", ptr, "the record's %s %s", member, what);
	return -1;
}

/* A string member of obj, or NULL. */
static const char *rec_str(const json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

static int rec_is_lower_uuid(const char *s)
{
	if (!val_is_uuid(s))
		return 0;
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'F')
			return 0;
	return 1;
}

/* Only the members of section 5. */
static int rec_check_members(const json_t *rec, struct dir_error *err)
{
	static const char *const known[] = { "protocol", "origin",  "type",    "id",
					     "version",  "updated", "deleted", "body" };
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)rec, key, v)
	{
		size_t i = 0;
		while (i < sizeof(known) / sizeof(known[0]) && strcmp(known[i], key) != 0)
			i++;
		if (i == sizeof(known) / sizeof(known[0]))
			return rec_bad(err, key, "is not a member of a record");
	}
	return 0;
}

static int rec_check_strings(struct rec_parsed *p, struct dir_error *err)
{
	const char *proto = rec_str(p->record, "protocol");
	enum dir_kind kind;

	if (proto == NULL || strcmp(proto, REC_PROTOCOL) != 0)
		return rec_bad(err, "protocol", "must be \"" REC_PROTOCOL "\"");
	if ((p->origin = rec_str(p->record, "origin")) == NULL || p->origin[0] == '\0')
		return rec_bad(err, "origin", "must be a node id");
	if (rec_kind(p->type = rec_str(p->record, "type"), &kind) != 0)
		return rec_bad(err, "type", "must be organization, location or service");
	if (!rec_is_lower_uuid(p->id = rec_str(p->record, "id")))
		return rec_bad(err, "id", "must be a lower-case UUID");
	if (!val_is_datetime(p->updated = rec_str(p->record, "updated")))
		return rec_bad(err, "updated", "must be an RFC 3339 time");
	return 0;
}

static int rec_check_record(struct rec_parsed *p, struct dir_error *err)
{
	json_t *version = json_object_get(p->record, "version");
	json_t *deleted = json_object_get(p->record, "deleted");

	if (rec_check_members(p->record, err) != 0 || rec_check_strings(p, err) != 0)
		return -1;
	if (!json_is_integer(version) || json_integer_value(version) < 1 ||
	    json_integer_value(version) > REC_INT_MAX)
		return rec_bad(err, "version", "must be an integer from 1 to 2^53");
	p->version = json_integer_value(version);
	if (!json_is_boolean(deleted))
		return rec_bad(err, "deleted", "must be true or false");
	p->deleted = json_is_true(deleted);
	p->body = json_object_get(p->record, "body");
	if (p->deleted && p->body != NULL)
		return rec_bad(err, "body", "must be absent in a tombstone");
	if (!p->deleted && !json_is_object(p->body))
		return rec_bad(err, "body", "must be an HSDS object");
	return 0;
}

static int rec_check_sig(struct rec_parsed *p, struct dir_error *err)
{
	json_t *sig = json_object_get(p->item, "sig");

	p->keyid = rec_str(sig, "keyid");
	p->sig = rec_str(sig, "value");
	if (!json_is_object(sig) || json_object_size(sig) != 2 || p->keyid == NULL ||
	    p->sig == NULL) {
		dir_error_add(err, "invalid_record", "/sig",
			      "an item's sig must be {\"keyid\", \"value\"}, both strings");
		return -1;
	}
	return 0;
}

int rec_parse(json_t *item, struct rec_parsed *out, struct dir_error *err)
{
	memset(out, 0, sizeof(*out));
	out->item = item;
	out->record = json_object_get(item, "record");
	if (!json_is_object(item) || json_object_size(item) != 2 || !json_is_object(out->record)) {
		dir_error_add(err, "invalid_record", "",
			      "an item must be {\"record\": {...}, \"sig\": {...}}");
		goto fail;
	}
	if (rec_check_sig(out, err) != 0 || rec_check_record(out, err) != 0)
		goto fail;
	if ((out->jcs = jcs_serialise(out->record, &out->jcs_len, err)) == NULL)
		goto fail;
	json_incref(item);
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

void rec_parsed_free(struct rec_parsed *p)
{
	if (p == NULL)
		return;
	free(p->jcs);
	json_decref(p->item);
	memset(p, 0, sizeof(*p));
}

int rec_verify(const struct rec_parsed *p, const unsigned char pk[FED_PK_BYTES],
	       struct dir_error *err)
{
	unsigned char sig[FED_SIG_BYTES];

	if (p->jcs == NULL || p->sig == NULL || fed_b64url_decode(p->sig, sig, sizeof(sig)) != 0 ||
	    !fed_ed25519_verify(pk, p->jcs, p->jcs_len, sig)) {
		dir_error_add(err, "record_signature_invalid", "/sig/value",
			      "the signature of the %s record %s does not verify with key %s",
			      p->type ? p->type : "", p->id ? p->id : "", p->keyid ? p->keyid : "");
		return -1;
	}
	return 0;
}

/* ---- rec_body_to_hsds ---- */

/* A decimal number's text: -?digits(.digits)?. *is_int when no fraction. */
static int rec_decimal_ok(const char *s, int *is_int)
{
	size_t i = 0, digits = 0;

	*is_int = 1;
	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return 0;
	if (s[i] == '.') {
		size_t frac = 0;
		*is_int = 0;
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (frac == 0)
			return 0;
	}
	return s[i] == '\0' && i < REC_NUM_TEXT_MAX;
}

/* The number a string of a number field stands for, or NULL (err set). */
static json_t *rec_number(const char *s, const char *ptr, struct dir_error *err)
{
	int is_int;
	char *end;

	if (rec_decimal_ok(s, &is_int)) {
		errno = 0;
		if (is_int) {
			long long v = strtoll(s, &end, 10);
			if (errno == 0 && v <= REC_INT_MAX && v >= -REC_INT_MAX)
				return json_integer((json_int_t)v);
		} else {
			double v = strtod(s, &end);
			if (errno == 0)
				return json_real(v);
		}
	}
	dir_error_add(err, "invalid_record", ptr,
		      "a number field holds \"%.40s\", not a decimal number", s);
	return NULL;
}

static int rec_walk(enum val_kind k, json_t *obj, const char *ptr, struct dir_error *err);

/* One value of field f (an item of it when f is an array). */
static int rec_walk_value(const struct val_field *f, json_t *parent, const char *key, size_t index,
			  json_t *v, const char *ptr, struct dir_error *err)
{
	json_t *num;

	if (f->type == VAL_T_OBJECT && !(f->flags & VAL_MAP) && json_is_object(v))
		return rec_walk(f->kind, v, ptr, err);
	if (f->type != VAL_T_NUMBER || !json_is_string(v))
		return 0;
	if ((num = rec_number(json_string_value(v), ptr, err)) == NULL)
		return -1;
	if (key != NULL)
		return json_object_set_new(parent, key, num);
	return json_array_set_new(parent, index, num);
}

static int rec_walk(enum val_kind k, json_t *obj, const char *ptr, struct dir_error *err)
{
	char p[512], q[512];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		const struct val_field *f = val_field_find(k, key);
		if (f == NULL)
			continue;
		dir_ptr_join(p, sizeof(p), ptr, key, 0);
		if (!(f->flags & VAL_ARRAY) || !json_is_array(v)) {
			if (rec_walk_value(f, obj, key, 0, v, p, err) != 0)
				return -1;
			continue;
		}
		for (size_t i = 0; i < json_array_size(v); i++) {
			dir_ptr_join(q, sizeof(q), p, NULL, i);
			if (rec_walk_value(f, v, NULL, i, json_array_get(v, i), q, err) != 0)
				return -1;
		}
	}
	return 0;
}

json_t *rec_body_to_hsds(enum dir_kind kind, const json_t *body, struct dir_error *err)
{
	static const enum val_kind kinds[] = {
		[DIR_KIND_ORGANIZATION] = VAL_K_ORGANIZATION,
		[DIR_KIND_SERVICE] = VAL_K_SERVICE,
		[DIR_KIND_LOCATION] = VAL_K_LOCATION,
	};
	json_t *doc;

	if ((size_t)kind >= sizeof(kinds) / sizeof(kinds[0]) || !json_is_object(body)) {
		dir_error_add(err, "invalid_record", "/record/body", "the body must be an object");
		return NULL;
	}
	if (val_json_depth(body) > JCS_MAX_DEPTH) {
		dir_error_add(err, "invalid_record", "/record/body", "the body is nested too deep");
		return NULL;
	}
	if ((doc = json_deep_copy(body)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	if (rec_walk(kinds[kind], doc, "", err) != 0) {
		if (!dir_error_isset(err))
			dir_error_add(err, "internal_error", NULL, "out of memory");
		json_decref(doc);
		return NULL;
	}
	return doc;
}
