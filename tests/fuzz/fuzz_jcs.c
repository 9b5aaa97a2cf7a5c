/*
 * fuzz_jcs.c - RFC 8785 canonical JSON (federation/jcs.c) on any JSON text:
 * the input is parsed with JSON_REJECT_DUPLICATES and serialised; when that
 * succeeds the output must parse again and serialise to the same bytes
 * (canonical form is a fixed point), and a refusal must name a known code.
 */
#include <jansson.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "jcs.h"

/* The canonical form of text, or NULL; aborts on a broken invariant. */
static char *fuzz_jcs_once(const char *text, size_t size, size_t *len)
{
	json_error_t jerr;
	struct dir_error err;
	json_t *v = json_loadb(text, size,
			       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	char *out;

	if (v == NULL)
		return NULL;
	dir_error_init(&err);
	out = jcs_serialise(v, len, &err);
	if (out == NULL && strcmp(err.code, "float_not_allowed") != 0 &&
	    strcmp(err.code, "invalid_value") != 0)
		fuzz_fail("jcs_serialise refused with an unexpected code");
	if (out != NULL && (dir_error_isset(&err) || strlen(out) > *len))
		fuzz_fail("jcs_serialise succeeded with an error or a wrong length");
	dir_error_clear(&err);
	json_decref(v);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len1 = 0, len2 = 0;
	char *once = fuzz_jcs_once((const char *)data, size, &len1), *twice;

	if (once == NULL)
		return 0;
	twice = fuzz_jcs_once(once, len1, &len2);
	if (twice == NULL)
		fuzz_fail("canonical JSON does not parse or serialise again");
	if (len1 != len2 || memcmp(once, twice, len1) != 0)
		fuzz_fail("canonical JSON is not a fixed point");
	free(once);
	free(twice);
	return 0;
}
