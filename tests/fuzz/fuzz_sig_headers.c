/*
 * fuzz_sig_headers.c - the RFC 9421 header parser (federation/sign.c and
 * federation/sfv.c): the input is split at its first newline into a
 * Signature-Input and a Signature value and given to sig_parse (with our
 * tag and with none), then to every check of a verifier. A parsed
 * signature's re-serialised parameters must parse to the same signature;
 * each half is also parsed as a dictionary and as a Content-Digest.
 */
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "sfv.h"
#include "sign.h"

static const struct sig_message fuzz_request = {
	.method = "POST",
	.target_uri = "http://127.0.0.1:8101/federation/v1/notify",
	.authority = "127.0.0.1:8101",
	.content_type = "application/json",
	.content_digest = "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:",
};

/* Re-parse label=params_value: the same components and parameters. */
static void fuzz_reparse(const struct sig_parsed *p, const char *sig_value)
{
	struct sig_parsed q;
	size_t n = strlen(p->label) + strlen(p->params_value) + 2;
	char *input = malloc(n);

	if (input == NULL)
		return;
	snprintf(input, n, "%s=%s", p->label, p->params_value);
	if (sig_parse(input, sig_value, NULL, &q, NULL) != 0)
		fuzz_fail("re-serialised signature parameters do not parse");
	if (q.ncomps != p->ncomps || strcmp(q.params_value, p->params_value) != 0 ||
	    memcmp(&q.params, &p->params, sizeof(q.params)) != 0 ||
	    memcmp(q.sig, p->sig, sizeof(q.sig)) != 0)
		fuzz_fail("re-serialised signature parameters parse differently");
	sig_parsed_free(&q);
	free(input);
}

static void fuzz_one(const char *input, const char *sig_value, const char *tag)
{
	static const unsigned char pk[FED_PK_BYTES] = { 1 };
	struct dir_error err;
	struct sig_parsed p;

	dir_error_init(&err);
	if (sig_parse(input, sig_value, tag, &p, &err) != 0) {
		if (strcmp(err.code, "signature_missing") != 0 &&
		    strcmp(err.code, "signature_invalid") != 0)
			fuzz_fail("sig_parse refused with an unexpected code");
		dir_error_clear(&err);
		return;
	}
	if (p.params_value == NULL || p.ncomps > SIG_MAX_COMPONENTS)
		fuzz_fail("a parsed signature without parameters");
	if (tag == NULL)
		fuzz_reparse(&p, sig_value);
	(void)sig_check_components(&p, &fuzz_request, NULL);
	(void)sig_check_time(&p, 1764412800LL, 300, NULL);
	if (sig_verify(&p, &fuzz_request, pk, NULL) == 0)
		fuzz_fail("a signature verified with a made-up key");
	sig_parsed_free(&p);
}

static void fuzz_dict(const char *text)
{
	struct sfv_dict *d = sfv_dict_parse(text, strlen(text), NULL);

	for (size_t i = 0; d != NULL && i < d->count; i++) {
		const struct sfv_member *m = &d->members[i];
		char *s;
		if (!m->inner_list)
			continue;
		s = sfv_inner_list_serialise(m->items, m->nitems, m->params, m->nparams, NULL,
					     NULL);
		if (s == NULL)
			fuzz_fail("a parsed inner list cannot be serialised");
		free(s);
	}
	sfv_dict_free(d);
	(void)sig_digest_check(text, text, strlen(text), NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size), *nl;
	const char *sig_value = "";

	if (text == NULL)
		return 0;
	if ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		sig_value = nl + 1;
	}
	fuzz_one(text, sig_value, SIG_TAG);
	fuzz_one(text, sig_value, NULL);
	fuzz_dict(text);
	fuzz_dict(sig_value);
	free(text);
	return 0;
}
