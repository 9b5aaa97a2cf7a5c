/*
 * fuzz_accept_language.c - the reader's language preference: the
 * Accept-Language parser and the lang= list parser (lang.c) on the input
 * as a NUL-terminated string, with the API's buffer sizes and with tiny
 * ones. Every tag kept must be well-formed BCP 47 and lie inside the
 * caller's buffer.
 */
#include "fuzz.h"
#include "lang.h"
#include "validate.h"

/* The tags kept must be n distinct, NUL-terminated, valid, in buf. */
static void fuzz_verify(const char *buf, size_t cap, const char **tags, size_t n, size_t max)
{
	if (n > max)
		fuzz_fail("more tags than asked for");
	for (size_t i = 0; i < n; i++) {
		if (tags[i] < buf || tags[i] >= buf + cap ||
		    memchr(tags[i], '\0', (size_t)(buf + cap - tags[i])) == NULL)
			fuzz_fail("a tag outside the buffer");
		if (!val_is_bcp47(tags[i]))
			fuzz_fail("a tag that is not BCP 47");
		if (i > 0 && tags[i] <= tags[i - 1])
			fuzz_fail("tags overlap");
	}
}

/* Both parsers into a buffer of cap bytes and max tags. */
static void fuzz_parse(const char *s, size_t cap, size_t max)
{
	char *buf = malloc(cap);
	const char *tags[16];
	size_t n;

	if (buf == NULL)
		return;
	n = lang_parse_accept_language(s, buf, cap, tags, max);
	fuzz_verify(buf, cap, tags, n, max);
	n = 99;
	if (lang_parse_list(s, buf, cap, tags, max, &n) == 0 && s[0] != '\0' && n == 0)
		fuzz_fail("lang_parse_list accepted a list without a tag");
	fuzz_verify(buf, cap, tags, n, max);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);

	if (s == NULL)
		return 0;
	fuzz_parse(s, 256, 8); /* struct api_langs */
	fuzz_parse(s, 1, 16);
	fuzz_parse(s, 7, 2);
	fuzz_parse(s, 64, 1);
	free(s);
	return 0;
}
