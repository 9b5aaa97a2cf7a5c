/*
 * html.c - the HTML writer: a capped growing buffer and one escaping
 * function per context (html.h).
 */
#include "html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/utf8.h>

void html_init(struct html *h, size_t max)
{
	memset(h, 0, sizeof(*h));
	buf_init(&h->buf, max > 0 ? max - 1 : 0); /* max counts the NUL */
}

void html_free(struct html *h)
{
	buf_free(&h->buf);
	h->data = NULL;
	h->len = 0;
}

char *html_take(struct html *h, size_t *len)
{
	if (h->failed || h->data == NULL) {
		html_free(h);
		return NULL;
	}
	h->data = NULL;
	h->len = 0;
	return buf_take(&h->buf, len);
}

/* Append n bytes. Sets failed (and keeps what was there) on overflow. */
static void html_put(struct html *h, const char *s, size_t n)
{
	if (h->failed || n == 0)
		return;
	if (buf_add(&h->buf, s, n) != 0) {
		h->failed = 1;
		return;
	}
	h->data = h->buf.data;
	h->len = h->buf.len;
}

void html_raw(struct html *h, const char *markup)
{
	if (markup != NULL)
		html_put(h, markup, strlen(markup));
}

/* The character entity for c in the context, or NULL to copy c. */
typedef const char *(*html_escape_fn)(int32_t c);

static const char *html_escape_txt(int32_t c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	default: return NULL;
	}
}

static const char *html_escape_attr(int32_t c)
{
	switch (c) {
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return html_escape_txt(c);
	}
}

/* Characters HTML text may not carry: controls but tab and newline, DEL,
 * C1 controls, and the noncharacters U+FFFE and U+FFFF. */
static int html_dropped(int32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c < 0xa0) || c == 0xfffe ||
	       c == 0xffff;
}

/*
 * Walk the first n bytes of s as UTF-8 and call emit for each character:
 * the bytes of a well-formed character, or U+FFFD for an ill-formed
 * sequence; dropped characters are skipped.
 */
static void html_each(struct html *h, const char *s, size_t n, html_escape_fn esc)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;
	int32_t run = 0; /* start of the pending run of plain bytes */

	while (i < len) {
		int32_t start = i;
		UChar32 c;
		const char *rep = NULL;

		U8_NEXT(u, i, len, c);
		if (c < 0)
			rep = "\xef\xbf\xbd";
		else if (html_dropped(c))
			rep = "";
		else if (esc != NULL)
			rep = esc(c);
		if (rep == NULL)
			continue;
		html_put(h, s + run, (size_t)(start - run));
		html_raw(h, rep);
		run = i;
	}
	html_put(h, s + run, (size_t)(len - run));
}

void html_txt(struct html *h, const char *s)
{
	if (s != NULL)
		html_each(h, s, strlen(s), html_escape_txt);
}

void html_ntxt(struct html *h, const char *s, size_t n)
{
	size_t len, cut;

	if (s == NULL)
		return;
	len = strlen(s);
	if (len <= n) {
		html_each(h, s, len, html_escape_txt);
		return;
	}
	cut = n;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--; /* back to the start of the character that does not fit */
	html_each(h, s, cut, html_escape_txt);
	html_raw(h, "\xe2\x80\xa6");
}

void html_attr(struct html *h, const char *s)
{
	if (s != NULL)
		html_each(h, s, strlen(s), html_escape_attr);
}

void html_url_arg(struct html *h, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	struct html clean;
	char enc[3] = { '%', 0, 0 };

	if (s == NULL)
		return;
	html_init(&clean, strlen(s) * 3 + 16);
	html_each(&clean, s, strlen(s), NULL);
	for (size_t i = 0; i < clean.len; i++) {
		unsigned char c = (unsigned char)clean.data[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' ||
		    (keep != NULL && c != '\0' && strchr(keep, c) != NULL && c != '"' &&
		     c != '\'' && c != '<' && c != '>' && c != '&')) {
			html_put(h, (const char *)&clean.data[i], 1);
			continue;
		}
		enc[1] = hex[c >> 4];
		enc[2] = hex[c & 15];
		html_put(h, enc, 3);
	}
	if (clean.failed)
		h->failed = 1;
	html_free(&clean);
}

int html_url_ok(const char *url, const char *const *schemes)
{
	size_t slen;

	if (url == NULL || schemes == NULL)
		return 0;
	slen = strcspn(url, ":");
	if (url[slen] != ':' || slen == 0)
		return 0;
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return 0;
	for (const char *const *sc = schemes; *sc != NULL; sc++)
		if (strlen(*sc) == slen && strncasecmp(url, *sc, slen) == 0)
			return 1;
	return 0;
}

int html_url(struct html *h, const char *url, const char *const *schemes)
{
	if (!html_url_ok(url, schemes))
		return -1;
	html_attr(h, url);
	return 0;
}

void html_int(struct html *h, long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", v);

	if (n > 0)
		html_put(h, buf, (size_t)n);
}

int html_is_utf8(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t n = strlen(s);
	int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;

	while (i < len) {
		UChar32 c;
		U8_NEXT(u, i, len, c);
		if (c < 0)
			return 0;
	}
	return 1;
}

int html_utf8_clean(const char *s, char *out, size_t cap)
{
	struct html clean;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	html_init(&clean, cap - 1);
	html_each(&clean, s, strlen(s), NULL);
	if (clean.failed) {
		html_free(&clean);
		return -1;
	}
	if (clean.data != NULL)
		memcpy(out, clean.data, clean.len + 1);
	html_free(&clean);
	return 0;
}
