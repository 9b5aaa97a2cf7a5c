/*
 * fuzz_html.c - the pages' HTML writer (directoryd/web/html.c) on any
 * bytes: whatever the input, text and attribute output is well-formed
 * UTF-8 with no '<' or '>' (and in attributes no quote) of its own, URL
 * components hold only unreserved characters and %XX, and a URL from data
 * is written only with an allowed scheme.
 */
#include <strings.h>

#include "fuzz.h"
#include "html.h"

/* The writer's output of s in one context, checked by ok(). */
static void fuzz_context(const char *s, void (*write)(struct html *, const char *),
			 const char *forbidden)
{
	struct html h;
	size_t len;
	char *out;

	html_init(&h, 1 << 20);
	write(&h, s);
	html_raw(&h, "");
	out = html_take(&h, &len);
	if (out == NULL)
		return; /* empty output, or over the cap */
	if (!html_is_utf8(out))
		fuzz_fail("the writer wrote ill-formed UTF-8");
	if (strpbrk(out, forbidden) != NULL)
		fuzz_fail("the writer let markup through");
	free(out);
}

static void fuzz_url_arg(struct html *h, const char *s)
{
	html_url_arg(h, s, "@+");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const web[] = { "https", "http", NULL };
	char *s = fuzz_cstr(data, size);
	char clean[64];

	if (s == NULL)
		return 0;
	fuzz_context(s, html_txt, "<>");
	fuzz_context(s, html_attr, "<>\"'");
	fuzz_context(s, fuzz_url_arg, "<>\"' &#?/:\\\x7f");
	if (html_url_ok(s, web) && strncasecmp(s, "http", 4) != 0)
		fuzz_fail("a URL without an allowed scheme passed");
	if (html_utf8_clean(s, clean, sizeof(clean)) == 0 && !html_is_utf8(clean))
		fuzz_fail("a cleaned text is not UTF-8");
	free(s);
	return 0;
}
