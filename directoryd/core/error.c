/*
 * error.c - recording violations and mapping error codes to HTTP statuses.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct code_status {
	const char *code;
	unsigned int status;
};

/* The single table from error code to HTTP status (docs/api.md lists them). */
static const struct code_status code_statuses[] = {
	{ "invalid_json", 400 },
	{ "unknown_field", 400 },
	{ "wrong_type", 400 },
	{ "missing_field", 400 },
	{ "invalid_value", 400 },
	{ "read_only_field", 400 },
	{ "invalid_uuid", 400 },
	{ "invalid_parameter", 400 },
	{ "duplicate_parameter", 400 }, /* a query parameter given twice (http.c) */
	{ "unknown_taxonomy_term", 400 },
	{ "taxonomy_term_mismatch", 400 },
	{ "invalid_import", 400 },
	{ "skipped_input", 422 },
	{ "unauthorized", 401 },
	{ "forbidden", 403 },
	{ "not_found", 404 },
	{ "method_not_allowed", 405 },
	{ "conflict", 409 },
	{ "body_too_large", 413 },
	{ "unsupported_media_type", 415 },
	{ "eligibility_condition", 422 },
	{ "too_many_requests", 429 },
	{ "bad_request", 400 },     /* HTTP framing RFC 9112 refuses (http_strict.c) */
	{ "not_implemented", 501 }, /* a transfer coding we do not implement */
	/* Federation: docs/federation.md, sections 4 and 10. */
	{ "signature_missing", 401 },
	{ "signature_invalid", 401 },
	{ "component_missing", 401 },
	{ "unknown_key", 401 },
	{ "key_retired", 401 },
	{ "key_revoked", 401 },
	{ "key_peer_mismatch", 401 },
	{ "signature_created_in_future", 401 },
	{ "signature_too_old", 401 },
	{ "signature_expired", 401 },
	{ "nonce_replayed", 401 },
	{ "digest_mismatch", 400 },
	{ "cursor_unknown", 410 },
	{ "cursor_expired", 410 },
	{ "invalid_record", 422 },
	{ "float_not_allowed", 422 },
	{ "untrusted_origin", 422 },
	{ "record_signature_invalid", 422 },
	{ "origin_mismatch", 422 },
	{ "version_rollback", 422 },
	{ "confidential_leak", 422 },
	{ "mirror_read_only", 403 },
	{ "peer_unavailable", 502 },
	/* Accounts, sign-in and the audit trail: docs/api.md, docs/security.md. */
	{ "invalid_credentials", 401 },
	{ "totp_required", 401 },           /* the password is right; send the code too */
	{ "invalid_totp", 401 },            /* a wrong or used one-time code */
	{ "totp_enrolment_required", 403 }, /* a session that may only enrol TOTP */
	{ "weak_password", 400 },
	{ "invalid_invitation", 400 },
	{ "invitation_used", 410 },
	{ "invitation_expired", 410 },
	{ "invitation_revoked", 410 },
	{ "too_many_attempts", 429 },
	{ "revert_conflict", 409 },
	{ "revert_redacted", 409 },
	{ "ldap_unavailable", 503 },
	{ "cursor_not_advancing", 502 }, /* a peer's feed that would never end (sync.c) */
	{ "internal_error", 500 },
	{ "database_unavailable", 503 },
};

void dir_error_init(struct dir_error *err)
{
	memset(err, 0, sizeof(*err));
}

void dir_error_clear(struct dir_error *err)
{
	json_decref(err->details);
	dir_error_init(err);
}

int dir_error_isset(const struct dir_error *err)
{
	return err != NULL && err->code[0] != '\0';
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}

/*
 * Make s (NUL-terminated) UTF-8 text in place: each byte that does not start
 * a valid sequence becomes '?'. A message quotes text from a request or a
 * peer, cut with %.64s or at the buffer's end, possibly inside a character;
 * JSON strings must be UTF-8, so such a message made the whole error body
 * fail (a 500 "out of memory"). jansson judges each sequence (RFC 3629).
 */
static void error_utf8_repair(char *s)
{
	size_t len = strlen(s);
	json_t *j;

	if ((j = json_stringn(s, len)) != NULL) {
		json_decref(j);
		return;
	}
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80                 ? 1
			   : c >= 0xC2 && c <= 0xDF ? 2
			   : c >= 0xE0 && c <= 0xEF ? 3
			   : c >= 0xF0 && c <= 0xF4 ? 4
						    : 0;
		if (n == 1) {
			i++;
			continue;
		}
		if (n != 0 && n <= len - i && (j = json_stringn(s + i, n)) != NULL) {
			json_decref(j);
			i += n;
			continue;
		}
		s[i++] = '?';
	}
}

json_t *dir_error_add(struct dir_error *err, const char *code, const char *field, const char *fmt,
		      ...)
{
	char message[sizeof(err->message)];
	char fieldbuf[sizeof(err->field)];
	va_list ap;
	json_t *detail;

	if (err == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	error_utf8_repair(message);
	if (field != NULL) {
		copy_str(fieldbuf, sizeof(fieldbuf), field);
		error_utf8_repair(fieldbuf);
		field = fieldbuf;
	}
	if (err->code[0] == '\0') {
		copy_str(err->code, sizeof(err->code), code);
		copy_str(err->message, sizeof(err->message), message);
		copy_str(err->field, sizeof(err->field), field);
	}
	if (err->details == NULL && (err->details = json_array()) == NULL)
		return NULL;
	if (json_array_size(err->details) >= DIR_ERROR_MAX_DETAILS) {
		err->dropped++;
		return NULL;
	}
	detail = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (detail == NULL)
		return NULL;
	if (field != NULL)
		json_object_set_new(detail, "field", json_string(field));
	if (json_array_append_new(err->details, detail) != 0)
		return NULL;
	return detail;
}

json_t *dir_error_to_json(const struct dir_error *err)
{
	json_t *body, *inner, *details;

	details = err->details != NULL ? json_deep_copy(err->details) : json_array();
	inner = json_pack("{s:s, s:s, s:o}", "code", err->code[0] ? err->code : "internal_error",
			  "message", err->message, "details", details);
	if (inner == NULL)
		return NULL;
	if (err->field[0] != '\0')
		json_object_set_new(inner, "field", json_string(err->field));
	else
		json_object_set_new(inner, "field", json_null());
	if (err->dropped > 0)
		json_object_set_new(inner, "details_omitted",
				    json_integer((json_int_t)err->dropped));
	/* An eligibility refusal carries its rule at the top level too. */
	if (json_array_size(details) > 0) {
		json_t *first = json_array_get(details, 0);
		const char *keys[] = { "rule", "phrase", "language" };
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			json_t *v = json_object_get(first, keys[i]);
			if (v != NULL)
				json_object_set(inner, keys[i], v);
		}
	}
	body = json_pack("{s:o}", "error", inner);
	return body;
}

unsigned int dir_error_status(const char *code)
{
	size_t n = sizeof(code_statuses) / sizeof(code_statuses[0]);

	if (code == NULL)
		return 500;
	for (size_t i = 0; i < n; i++)
		if (strcmp(code_statuses[i].code, code) == 0)
			return code_statuses[i].status;
	return 500;
}

int dir_ptr_join(char *out, size_t cap, const char *parent, const char *token, size_t index)
{
	size_t len;
	int n;

	if (cap == 0)
		return -1;
	n = snprintf(out, cap, "%s/", parent != NULL ? parent : "");
	if (n < 0 || (size_t)n >= cap)
		return -1;
	len = (size_t)n;
	if (token == NULL) {
		n = snprintf(out + len, cap - len, "%zu", index);
		return (n < 0 || (size_t)n >= cap - len) ? -1 : 0;
	}
	for (const char *p = token; *p != '\0'; p++) {
		const char *esc = *p == '~' ? "~0" : *p == '/' ? "~1" : NULL;
		size_t need = esc != NULL ? 2 : 1;
		if (len + need >= cap) {
			out[len] = '\0';
			return -1;
		}
		if (esc != NULL) {
			memcpy(out + len, esc, 2);
		} else {
			out[len] = *p;
		}
		len += need;
	}
	out[len] = '\0';
	return 0;
}
