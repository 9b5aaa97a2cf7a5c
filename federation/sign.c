/*
 * sign.c - RFC 9421 HTTP Message Signatures with Ed25519 as profiled by
 * docs/federation.md section 4, and RFC 9530 Content-Digest (sign.h).
 */
#include "sign.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One component of a profile: its name and whether it is the request's. */
struct sig_profile_entry {
	const char *name;
	int req;
};

static const struct sig_profile_entry sig_request_plain[] = {
	{ "@method", 0 },
	{ "@target-uri", 0 },
	{ "@authority", 0 },
};
static const struct sig_profile_entry sig_request_body[] = {
	{ "@method", 0 },        { "@target-uri", 0 },  { "@authority", 0 },
	{ "content-digest", 0 }, { "content-type", 0 },
};
static const struct sig_profile_entry sig_response[] = {
	{ "@status", 0 }, { "content-type", 0 }, { "content-digest", 0 },
	{ "@method", 1 }, { "@target-uri", 1 },
};

#define SIG_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The profile for m and its length. */
static const struct sig_profile_entry *sig_profile(const struct sig_message *m, size_t *n)
{
	if (m->status != 0) {
		*n = SIG_COUNT(sig_response);
		return sig_response;
	}
	if (m->content_digest != NULL || m->content_type != NULL) {
		*n = SIG_COUNT(sig_request_body);
		return sig_request_body;
	}
	*n = SIG_COUNT(sig_request_plain);
	return sig_request_plain;
}

/*
 * The value of component name (req: of the request) in m, or NULL when m has
 * none. status_buf receives @status's text.
 */
static const char *sig_value(const struct sig_message *m, const char *name, int req,
			     char status_buf[16])
{
	int response = m->status != 0;

	if (req) {
		if (!response)
			return NULL;
		if (strcmp(name, "@method") == 0)
			return m->req_method;
		return strcmp(name, "@target-uri") == 0 ? m->req_target_uri : NULL;
	}
	if (strcmp(name, "@method") == 0)
		return response ? NULL : m->method;
	if (strcmp(name, "@target-uri") == 0)
		return response ? NULL : m->target_uri;
	if (strcmp(name, "@authority") == 0)
		return response ? NULL : m->authority;
	if (strcmp(name, "@status") == 0) {
		if (!response || m->status > 999)
			return NULL;
		snprintf(status_buf, 16, "%03u", m->status);
		return status_buf;
	}
	if (strcmp(name, "content-type") == 0)
		return m->content_type;
	return strcmp(name, "content-digest") == 0 ? m->content_digest : NULL;
}

/* Text that may stand in a signature base line: no control character but HTAB. */
static int sig_text_ok(const char *s, int quoted)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c == 0x7f || (quoted && (c == '"' || c == '\\')))
			return 0;
	}
	return 1;
}

/* Bytes of line i of the base, or 0 when it cannot be one. */
static size_t sig_line_len(const struct sig_component *c)
{
	if (c->name == NULL || c->value == NULL || c->name[0] == '\0' || !sig_text_ok(c->name, 1) ||
	    !sig_text_ok(c->value, 0))
		return 0;
	/* "name";req: value LF */
	return strlen(c->name) + (c->req ? 4 : 0) + strlen(c->value) + 5;
}

char *sig_base(const struct sig_component *c, size_t n, const char *params_value, size_t *len,
	       struct dir_error *err)
{
	static const char tail[] = "\"@signature-params\": ";
	size_t total = sizeof(tail) + strlen(params_value), pos = 0, line;
	char *base;

	for (size_t i = 0; i < n; i++) {
		if ((line = sig_line_len(&c[i])) == 0) {
			dir_error_add(err, "signature_invalid", NULL,
				      "component %s has no value or holds a control character",
				      c[i].name != NULL ? c[i].name : "(null)");
			return NULL;
		}
		if (__builtin_add_overflow(total, line, &total))
			goto nomem;
	}
	if (!sig_text_ok(params_value, 0)) {
		dir_error_add(err, "signature_invalid", NULL,
			      "signature parameters hold a control character");
		return NULL;
	}
	if ((base = malloc(total)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		pos += (size_t)snprintf(base + pos, total - pos, "\"%s\"%s: %s\n", c[i].name,
					c[i].req ? ";req" : "", c[i].value);
	pos += (size_t)snprintf(base + pos, total - pos, "%s%s", tail, params_value);
	if (len != NULL)
		*len = pos;
	return base;
nomem:
	dir_error_add(err, "internal_error", NULL, "out of memory building a signature base");
	return NULL;
}

static struct sfv_value sig_sfv_string(const char *s)
{
	return (struct sfv_value){ .type = SFV_STRING, .str = s, .len = strlen(s) };
}

static struct sfv_value sig_sfv_integer(long long v)
{
	return (struct sfv_value){ .type = SFV_INTEGER, .integer = v };
}

char *sig_params_value(const struct sig_component *c, size_t n, const struct sig_params *p,
		       struct dir_error *err)
{
	static const struct sfv_param req = { "req", { .type = SFV_BOOLEAN, .integer = 1 } };
	struct sfv_item items[SIG_MAX_COMPONENTS];
	struct sfv_param params[6];
	size_t k = 0;

	if (n > SIG_MAX_COMPONENTS) {
		dir_error_add(err, "invalid_value", NULL, "more than %u covered components",
			      SIG_MAX_COMPONENTS);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		items[i] = (struct sfv_item){ sig_sfv_string(c[i].name), c[i].req ? &req : NULL,
					      c[i].req ? 1 : 0 };
	if (p->created >= 0)
		params[k++] = (struct sfv_param){ "created", sig_sfv_integer(p->created) };
	if (p->expires >= 0)
		params[k++] = (struct sfv_param){ "expires", sig_sfv_integer(p->expires) };
	if (p->nonce[0] != '\0')
		params[k++] = (struct sfv_param){ "nonce", sig_sfv_string(p->nonce) };
	if (p->alg[0] != '\0')
		params[k++] = (struct sfv_param){ "alg", sig_sfv_string(p->alg) };
	if (p->keyid[0] != '\0')
		params[k++] = (struct sfv_param){ "keyid", sig_sfv_string(p->keyid) };
	if (p->tag[0] != '\0')
		params[k++] = (struct sfv_param){ "tag", sig_sfv_string(p->tag) };
	return sfv_inner_list_serialise(items, n, params, k, NULL, err);
}

/* The profile's components of m with their values; -1 when one is missing. */
static int sig_profile_values(const struct sig_message *m, struct sig_component *c, size_t *n,
			      char status_buf[16], struct dir_error *err)
{
	const struct sig_profile_entry *prof = sig_profile(m, n);

	for (size_t i = 0; i < *n; i++) {
		c[i] = (struct sig_component){ prof[i].name, prof[i].req,
					       sig_value(m, prof[i].name, prof[i].req,
							 status_buf) };
		if (c[i].value == NULL) {
			dir_error_add(err, "component_missing", NULL,
				      "the message has no value for %s%s", prof[i].name,
				      prof[i].req ? ";req" : "");
			return -1;
		}
	}
	return 0;
}

/* Copy s into dst (cap bytes); -1 when it does not fit. */
static int sig_copy(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/* "label=" + text + suffix, malloc'd. */
static char *sig_join(const char *prefix, const char *text, const char *suffix)
{
	size_t n = strlen(prefix) + strlen(text) + strlen(suffix) + 1;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s%s%s", prefix, text, suffix);
	return s;
}

int sig_sign(const struct sig_message *m, const struct fed_key *key, const char *keyid,
	     long long now, const char *nonce, char **input_value, char **signature_value,
	     struct dir_error *err)
{
	struct sig_component c[SIG_MAX_COMPONENTS];
	struct sig_params p = { now, now + SIG_LIFETIME, "", "", SIG_TAG, "" };
	unsigned char sig[FED_SIG_BYTES];
	char status_buf[16], sig_b64[FED_SIG_B64_MAX];
	char *params_value = NULL, *base = NULL;
	size_t n = 0, base_len = 0;
	int rc = -1;

	*input_value = *signature_value = NULL;
	if (sig_profile_values(m, c, &n, status_buf, err) != 0)
		return -1;
	if (sig_copy(p.nonce, sizeof(p.nonce), nonce) != 0 ||
	    sig_copy(p.keyid, sizeof(p.keyid), keyid) != 0) {
		dir_error_add(err, "invalid_value", NULL, "nonce or key id too long");
		return -1;
	}
	if ((params_value = sig_params_value(c, n, &p, err)) == NULL ||
	    (base = sig_base(c, n, params_value, &base_len, err)) == NULL)
		goto done;
	if (fed_key_sign(key, base, base_len, sig) != 0) {
		dir_error_add(err, "internal_error", NULL, "Ed25519 signing failed");
		goto done;
	}
	sodium_bin2base64(sig_b64, sizeof(sig_b64), sig, sizeof(sig),
			  sodium_base64_VARIANT_ORIGINAL);
	*input_value = sig_join(SIG_LABEL "=", params_value, "");
	*signature_value = sig_join(SIG_LABEL "=:", sig_b64, ":");
	if (*input_value == NULL || *signature_value == NULL) {
		free(*input_value);
		free(*signature_value);
		*input_value = *signature_value = NULL;
		dir_error_add(err, "internal_error", NULL, "out of memory signing a message");
		goto done;
	}
	rc = 0;
done:
	free(params_value);
	free(base);
	return rc;
}

void sig_nonce(char out[SIG_NONCE_LEN])
{
	unsigned char raw[16];

	/* randombytes_buf seeds itself; sodium_init only picks the fastest code. */
	if (sodium_init() < 0)
		memset(raw, 0, sizeof(raw)); /* never happens; randombytes_buf fills it */
	randombytes_buf(raw, sizeof(raw));
	fed_b64url_encode(raw, sizeof(raw), out, SIG_NONCE_LEN);
}

static int sig_invalid(struct dir_error *err, const char *what)
{
	dir_error_add(err, "signature_invalid", NULL, "malformed signature: %s", what);
	return -1;
}

/* Copy a string parameter into dst; -1 when it is not a string or too long. */
static int sig_param_string(const struct sfv_value *v, char *dst, size_t cap)
{
	if (v == NULL)
		return 0;
	if (v->type != SFV_STRING || v->len >= cap)
		return -1;
	memcpy(dst, v->str, v->len + 1);
	return 0;
}

static int sig_param_integer(const struct sfv_value *v, long long *dst)
{
	if (v == NULL)
		return 0;
	if (v->type != SFV_INTEGER || v->integer < 0)
		return -1;
	*dst = v->integer;
	return 0;
}

/* The parameters of the selected Signature-Input member into out->params. */
static int sig_parse_params(const struct sfv_member *m, struct sig_parsed *out,
			    struct dir_error *err)
{
	struct sig_params *p = &out->params;
	const struct sfv_param *pa = m->params;
	size_t n = m->nparams;

	p->created = p->expires = -1;
	if (sig_param_integer(sfv_param_get(pa, n, "created"), &p->created) != 0 ||
	    sig_param_integer(sfv_param_get(pa, n, "expires"), &p->expires) != 0)
		return sig_invalid(err, "created and expires must be integers");
	if (sig_param_string(sfv_param_get(pa, n, "nonce"), p->nonce, sizeof(p->nonce)) != 0 ||
	    sig_param_string(sfv_param_get(pa, n, "keyid"), p->keyid, sizeof(p->keyid)) != 0 ||
	    sig_param_string(sfv_param_get(pa, n, "tag"), p->tag, sizeof(p->tag)) != 0 ||
	    sig_param_string(sfv_param_get(pa, n, "alg"), p->alg, sizeof(p->alg)) != 0)
		return sig_invalid(err, "nonce, keyid, tag and alg must be short strings");
	if (p->alg[0] != '\0' && strcmp(p->alg, "ed25519") != 0) {
		dir_error_add(err, "signature_invalid", NULL,
			      "signature algorithm %s is not ed25519", p->alg);
		return -1;
	}
	return 0;
}

/* The covered components of the selected member into out->comps. */
static int sig_parse_components(const struct sfv_member *m, struct sig_parsed *out,
				struct dir_error *err)
{
	for (size_t i = 0; i < m->nitems; i++) {
		const struct sfv_item *it = &m->items[i];
		const struct sfv_value *req = sfv_param_get(it->params, it->nparams, "req");
		struct sig_covered *c = &out->comps[i];
		if (it->value.type != SFV_STRING || it->value.len == 0 ||
		    it->value.len >= sizeof(c->name))
			return sig_invalid(err, "a covered component is not a short string");
		if (it->nparams > (req != NULL ? 1u : 0u) ||
		    (req != NULL && (req->type != SFV_BOOLEAN || !req->integer)))
			return sig_invalid(err, "a component parameter other than req");
		memcpy(c->name, it->value.str, it->value.len + 1);
		c->req = req != NULL;
		for (size_t j = 0; j < i; j++)
			if (strcmp(out->comps[j].name, c->name) == 0 && out->comps[j].req == c->req)
				return sig_invalid(err, "a component covered twice");
	}
	out->ncomps = m->nitems;
	return 0;
}

/* The member of Signature-Input with our tag (the first when tag is NULL). */
static const struct sfv_member *sig_select(const struct sfv_dict *d, const char *tag)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct sfv_member *m = &d->members[i];
		const struct sfv_value *t = sfv_param_get(m->params, m->nparams, "tag");
		if (tag == NULL)
			return m;
		if (m->inner_list && t != NULL && t->type == SFV_STRING && strcmp(t->str, tag) == 0)
			return m;
	}
	return NULL;
}

/* The 64-byte signature of label from the Signature header value. */
static int sig_parse_signature(const char *value, const char *label, struct sig_parsed *out,
			       struct dir_error *err)
{
	struct dir_error inner;
	struct sfv_dict *d;
	const struct sfv_member *m;
	int rc = -1;

	dir_error_init(&inner);
	if ((d = sfv_dict_parse(value, strlen(value), &inner)) == NULL) {
		dir_error_add(err, "signature_invalid", NULL, "Signature: %s", inner.message);
		goto done;
	}
	m = sfv_dict_get(d, label);
	if (m == NULL || m->inner_list || m->value.type != SFV_BYTES ||
	    m->value.len != FED_SIG_BYTES) {
		dir_error_add(err, "signature_invalid", NULL,
			      "Signature has no 64-byte signature labelled %s", label);
		goto done;
	}
	memcpy(out->sig, m->value.str, FED_SIG_BYTES);
	rc = 0;
done:
	sfv_dict_free(d);
	dir_error_clear(&inner);
	return rc;
}

/* Fill out from the selected member m of Signature-Input. */
static int sig_parse_member(const struct sfv_member *m, struct sig_parsed *out,
			    struct dir_error *err)
{
	if (!m->inner_list || strlen(m->key) >= sizeof(out->label))
		return sig_invalid(err, "the Signature-Input member is not an inner list");
	memcpy(out->label, m->key, strlen(m->key) + 1);
	if (sig_parse_components(m, out, err) != 0 || sig_parse_params(m, out, err) != 0)
		return -1;
	out->params_value =
		sfv_inner_list_serialise(m->items, m->nitems, m->params, m->nparams, NULL, err);
	return out->params_value != NULL ? 0 : -1;
}

int sig_parse(const char *input_value, const char *signature_value, const char *tag,
	      struct sig_parsed *out, struct dir_error *err)
{
	struct dir_error inner;
	struct sfv_dict *d = NULL;
	const struct sfv_member *m;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	dir_error_init(&inner);
	if (input_value == NULL || signature_value == NULL) {
		dir_error_add(err, "signature_missing", NULL,
			      "no Signature-Input or no Signature header");
		goto done;
	}
	if ((d = sfv_dict_parse(input_value, strlen(input_value), &inner)) == NULL) {
		dir_error_add(err, "signature_invalid", NULL, "Signature-Input: %s", inner.message);
		goto done;
	}
	if ((m = sig_select(d, tag)) == NULL) {
		dir_error_add(err, "signature_missing", NULL, "no signature with tag %s",
			      tag != NULL ? tag : "(any)");
		goto done;
	}
	if (sig_parse_member(m, out, err) != 0 ||
	    sig_parse_signature(signature_value, out->label, out, err) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0)
		sig_parsed_free(out);
	sfv_dict_free(d);
	dir_error_clear(&inner);
	return rc;
}

void sig_parsed_free(struct sig_parsed *p)
{
	if (p == NULL)
		return;
	free(p->params_value);
	p->params_value = NULL;
}

/* 1 when p covers name (with req). */
static int sig_covers(const struct sig_parsed *p, const char *name, int req)
{
	for (size_t i = 0; i < p->ncomps; i++)
		if (p->comps[i].req == req && strcmp(p->comps[i].name, name) == 0)
			return 1;
	return 0;
}

int sig_check_components(const struct sig_parsed *p, const struct sig_message *m,
			 struct dir_error *err)
{
	size_t n = 0;
	const struct sig_profile_entry *prof = sig_profile(m, &n);
	char status_buf[16];

	for (size_t i = 0; i < n; i++)
		if (!sig_covers(p, prof[i].name, prof[i].req)) {
			dir_error_add(err, "component_missing", NULL,
				      "the signature does not cover %s%s", prof[i].name,
				      prof[i].req ? ";req" : "");
			return -1;
		}
	for (size_t i = 0; i < p->ncomps; i++)
		if (sig_value(m, p->comps[i].name, p->comps[i].req, status_buf) == NULL) {
			dir_error_add(err, "component_missing", NULL,
				      "the message has no %s%s the signature covers",
				      p->comps[i].name, p->comps[i].req ? ";req" : "");
			return -1;
		}
	return 0;
}

int sig_check_time(const struct sig_parsed *p, long long now, long max_age, struct dir_error *err)
{
	const struct sig_params *s = &p->params;

	if (s->created < 0 || s->keyid[0] == '\0' || s->nonce[0] == '\0')
		return sig_invalid(err, "created, keyid and nonce are required");
	if (s->created > now + SIG_MAX_SKEW) {
		dir_error_add(err, "signature_created_in_future", NULL,
			      "signature created %lld s in the future", s->created - now);
		return -1;
	}
	if (s->created < now - max_age) {
		dir_error_add(err, "signature_too_old", NULL,
			      "signature created %lld s ago, more than %ld", now - s->created,
			      max_age);
		return -1;
	}
	if (s->expires >= 0 && s->expires < now) {
		dir_error_add(err, "signature_expired", NULL, "signature expired %lld s ago",
			      now - s->expires);
		return -1;
	}
	return 0;
}

int sig_verify(const struct sig_parsed *p, const struct sig_message *m,
	       const unsigned char pk[FED_PK_BYTES], struct dir_error *err)
{
	struct sig_component c[SIG_MAX_COMPONENTS];
	char status_buf[16], *base;
	size_t len = 0;
	int ok;

	for (size_t i = 0; i < p->ncomps; i++) {
		c[i] = (struct sig_component){ p->comps[i].name, p->comps[i].req,
					       sig_value(m, p->comps[i].name, p->comps[i].req,
							 status_buf) };
		if (c[i].value == NULL) {
			dir_error_add(err, "component_missing", NULL, "the message has no %s",
				      p->comps[i].name);
			return -1;
		}
	}
	if (p->params_value == NULL)
		return sig_invalid(err, "no parsed signature parameters");
	if ((base = sig_base(c, p->ncomps, p->params_value, &len, err)) == NULL)
		return -1;
	ok = fed_ed25519_verify(pk, base, len, p->sig);
	free(base);
	if (!ok) {
		dir_error_add(err, "signature_invalid", NULL,
			      "the Ed25519 signature of %s does not verify", p->params.keyid);
		return -1;
	}
	return 0;
}

void sig_content_digest(const void *body, size_t len, char out[SIG_DIGEST_MAX])
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];

	crypto_hash_sha256(hash, body, len);
	sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash), sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, SIG_DIGEST_MAX, "sha-256=:%s:", b64);
}

int sig_digest_check(const char *header, const void *body, size_t len, struct dir_error *err)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	struct sfv_dict *d;
	const struct sfv_member *m;
	int rc = -1;

	if (header == NULL) {
		dir_error_add(err, "component_missing", NULL, "no Content-Digest header");
		return -1;
	}
	d = sfv_dict_parse(header, strlen(header), NULL);
	m = sfv_dict_get(d, "sha-256");
	crypto_hash_sha256(hash, body, len);
	if (m != NULL && !m->inner_list && m->value.type == SFV_BYTES &&
	    m->value.len == sizeof(hash) && sodium_memcmp(m->value.str, hash, sizeof(hash)) == 0)
		rc = 0;
	else
		dir_error_add(err, "digest_mismatch", NULL, "%s",
			      d == NULL   ? "Content-Digest is malformed"
			      : m == NULL ? "Content-Digest has no sha-256 member"
					  : "Content-Digest is not the sha-256 of the body");
	sfv_dict_free(d);
	return rc;
}
