/*
 * sign.h - RFC 9421 HTTP Message Signatures with Ed25519, as profiled in
 * docs/federation.md section 4 (label "fed", tag "directoryd-fed/1"), and
 * RFC 9530 Content-Digest with sha-256.
 *
 * A signer fills a struct sig_message and calls sig_sign. A verifier calls,
 * in this order: sig_parse (select by tag), sig_check_components,
 * sig_check_time, its own key lookup with p.params.keyid (fed_keyid_split),
 * its nonce checks with p.params.nonce, sig_digest_check over the bytes
 * received, and sig_verify with the key it trusts.
 */
#ifndef DIRECTORYD_SIGN_H
#define DIRECTORYD_SIGN_H

#include <stddef.h>

#include "error.h"
#include "fedkey.h"
#include "sfv.h"

#define SIG_LABEL          "fed"              /* our signature label */
#define SIG_TAG            "directoryd-fed/1" /* the tag parameter we sign and select */
#define SIG_LIFETIME       300                /* expires = created + SIG_LIFETIME, seconds */
#define SIG_MAX_SKEW       60                 /* created may be this far ahead, seconds */
#define SIG_NONCE_MAX      64u                /* longest nonce with its NUL */
#define SIG_NONCE_LEN      32u                /* buffer of sig_nonce: 22 characters + NUL */
#define SIG_DIGEST_MAX     64u                /* buffer of sig_content_digest */
#define SIG_MAX_COMPONENTS SFV_MAX_ITEMS      /* covered components of one signature */
#define SIG_NAME_MAX       64u                /* longest component name with its NUL */

/* One covered component and its value: { "@method", 0, "POST" }. */
struct sig_component {
	const char *name;  /* component name: "@method", "content-type" (lower case) */
	int req;           /* 1 for the ;req parameter (a response covering its request) */
	const char *value; /* the component value (RFC 9421 section 2) */
};

/*
 * The signature base (RFC 9421 section 2.5): one line per component,
 * "<name>[;req]": <value>, LF-joined, then "@signature-params": and
 * params_value, with no final LF.
 *   c, n:         the covered components in order, with their values.
 *   params_value: the serialised inner list and parameters (sig_params_value
 *                 or sig_parsed.params_value).
 *   len:          receives the length in bytes (may be NULL).
 * Returns a NUL-terminated malloc'd string the caller frees, or NULL with
 * err set: signature_invalid (a name or value holding CR, LF or another
 * control character, a NULL value), internal_error (memory).
 */
char *sig_base(const struct sig_component *c, size_t n, const char *params_value, size_t *len,
	       struct dir_error *err);

/* Signature parameters; -1 or "" when absent. */
struct sig_params {
	long long created, expires; /* Unix seconds */
	char nonce[SIG_NONCE_MAX];
	char keyid[FED_KEYID_MAX];
	char tag[32];
	char alg[32];
};

/*
 * The value of @signature-params: the components' names (with ;req) as an
 * inner list and the present parameters in the order created, expires,
 * nonce, alg, keyid, tag, e.g.
 * ("@method" "@authority");created=1;keyid="k". RFC 8941 serialisation.
 * Returns a malloc'd string the caller frees, or NULL with err set
 * (invalid_value when a name or parameter cannot be serialised,
 * internal_error).
 */
char *sig_params_value(const struct sig_component *c, size_t n, const struct sig_params *p,
		       struct dir_error *err);

/* What a signer or verifier knows of one message. Strings are borrowed. */
struct sig_message {
	const char *method;         /* request: the method; response: NULL */
	const char *target_uri;     /* request: public_url of the server + path + ?query */
	const char *authority;      /* request: the server's node id (host[:port], lower case) */
	unsigned int status;        /* response: the HTTP status (100..999); 0 for a request */
	const char *content_type;   /* the header value, or NULL */
	const char *content_digest; /* the header value, or NULL */
	const char *req_method;     /* response: its request's method */
	const char *req_target_uri; /* response: its request's @target-uri */
};

/*
 * Sign m with our profile: a request when m->status == 0 (with body
 * components when content_digest or content_type is set: then both must be),
 * else a response. Parameters created = now, expires = now + SIG_LIFETIME,
 * nonce, keyid, tag = SIG_TAG.
 *   key:   the signing key (borrowed); keyid its key id.
 *   now:   Unix seconds.
 *   nonce: base64url text; requests: one from sig_nonce; responses: the
 *          request's, or a fresh one when the request had none.
 *   input_value, signature_value: receive the header VALUES
 *          fed=("@method" ...);created=...;tag="directoryd-fed/1" and
 *          fed=:<base64>:, malloc'd, the caller frees both.
 * Returns 0, or -1 with err set (component_missing: m lacks a value of the
 * profile; invalid_value: nonce or keyid that cannot be serialised;
 * internal_error). Nothing to free on failure.
 */
int sig_sign(const struct sig_message *m, const struct fed_key *key, const char *keyid,
	     long long now, const char *nonce, char **input_value, char **signature_value,
	     struct dir_error *err);

/* A fresh nonce: 16 random bytes as base64url (22 characters), into out. */
void sig_nonce(char out[SIG_NONCE_LEN]);

/* One covered component as parsed from Signature-Input. */
struct sig_covered {
	char name[SIG_NAME_MAX];
	int req;
};

/* One signature selected from Signature-Input and Signature. */
struct sig_parsed {
	char label[SIG_NAME_MAX];                     /* e.g. "fed" */
	struct sig_covered comps[SIG_MAX_COMPONENTS]; /* in the signer's order */
	size_t ncomps;
	struct sig_params params;
	unsigned char sig[FED_SIG_BYTES];
	char *params_value; /* RFC 8941 re-serialisation of the inner list and
			       parameters, the @signature-params value; owned */
};

/*
 * Select the signature whose tag parameter equals tag (the first one when
 * tag is NULL) from the two header values and parse it into *out. Other
 * members are ignored. Covered components must be strings, each at most
 * once, with no parameter other than req.
 * Returns 0 (free *out with sig_parsed_free), or -1 with err set and
 * nothing to free: signature_missing (a header NULL, or no member with the
 * tag), signature_invalid (a malformed header or member; the Signature
 * member of that label missing or not 64 bytes; alg present and not
 * "ed25519"; created or expires not an integer; nonce, keyid, tag, alg not
 * strings or too long), internal_error.
 */
int sig_parse(const char *input_value, const char *signature_value, const char *tag,
	      struct sig_parsed *out, struct dir_error *err);

/* Free what sig_parse allocated; safe twice and on a zeroed struct. */
void sig_parsed_free(struct sig_parsed *p);

/*
 * Check that p covers every component of our profile for m (a request when
 * m->status == 0, with the body components when m->content_digest or
 * m->content_type is set) and that m has a value for every component p
 * covers. Returns 0, or -1 with err component_missing naming it.
 * A verifier of a request with a non-empty body must also call
 * sig_digest_check, which refuses a missing Content-Digest.
 */
int sig_check_components(const struct sig_parsed *p, const struct sig_message *m,
			 struct dir_error *err);

/*
 * Check the time and the presence of created, keyid and nonce.
 *   now: Unix seconds; max_age: signature_max_age in seconds.
 * Returns 0, or -1 with err set: signature_invalid (created, keyid or nonce
 * missing), signature_created_in_future (created > now + SIG_MAX_SKEW),
 * signature_too_old (created < now - max_age), signature_expired
 * (expires present and < now), checked in that order.
 */
int sig_check_time(const struct sig_parsed *p, long long now, long max_age, struct dir_error *err);

/*
 * Rebuild the signature base from m, p's covered components and
 * p->params_value, and check p's Ed25519 signature with pk (the algorithm
 * comes from the key, never from the message).
 * Returns 0, or -1 with err set: component_missing (m lacks a covered
 * value), signature_invalid (the check failed), internal_error.
 */
int sig_verify(const struct sig_parsed *p, const struct sig_message *m,
	       const unsigned char pk[FED_PK_BYTES], struct dir_error *err);

/*
 * The RFC 9530 Content-Digest value "sha-256=:<base64>:" of len bytes at
 * body (standard base64 with padding), into out (NUL-terminated).
 */
void sig_content_digest(const void *body, size_t len, char out[SIG_DIGEST_MAX]);

/*
 * Check a Content-Digest header value against the body received.
 * Returns 0 when header has a sha-256 member equal to the digest of body
 * (other members are ignored), else -1 with err set: component_missing
 * (header NULL), digest_mismatch (malformed, no sha-256 member, or another
 * digest).
 */
int sig_digest_check(const char *header, const void *body, size_t len, struct dir_error *err);

#endif
