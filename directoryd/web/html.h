/*
 * html.h - the one way directoryd writes HTML.
 *
 * A page is built in a struct html, a growing buffer with a hard size cap.
 * Markup the program itself spells out goes in with html_raw; every value
 * that comes from data, a request or a translation goes in through the
 * writer for its context, so escaping is decided by the function called and
 * never remembered line by line (as cgit's html.c does):
 *   html_txt      element content;
 *   html_attr     inside a double-quoted attribute value;
 *   html_url_arg  one percent-encoded component of a URL the page builds
 *                 (a query value, an sms: body), inside an attribute;
 *   html_url      a whole URL taken from data, only with an allowed scheme.
 * All of them read their input as UTF-8: an ill-formed sequence becomes
 * U+FFFD (ICU's U8_NEXT decides what is well-formed), and C0 controls other
 * than tab and newline, DEL and C1 controls are dropped, so no input can
 * end an element, an attribute or a URL early.
 */
#ifndef DIRECTORYD_HTML_H
#define DIRECTORYD_HTML_H

#include <stddef.h>

#include "buf.h"

struct html {
	char *data;     /* NUL-terminated once anything is written: buf's bytes */
	size_t len;     /* bytes written, without the NUL */
	struct buf buf; /* the page with its NUL may not pass html_init's max bytes */
	int failed;     /* memory ran out or max was reached: the page is lost */
};

/* Start an empty page of at most max bytes. Allocates nothing yet. */
void html_init(struct html *h, size_t max);

/* Free the buffer (safe after html_take and on a zeroed struct). */
void html_free(struct html *h);

/*
 * Hand the page over: returns the malloc'd NUL-terminated text (the caller
 * frees it) with its length in *len, and leaves h empty. Returns NULL (and
 * frees the buffer) when the page failed: memory ran out or it would have
 * been larger than max.
 */
char *html_take(struct html *h, size_t *len);

/* Markup spelled out by the program: a string literal, never data. */
void html_raw(struct html *h, const char *markup);

/* Element content: & < > escaped; s may be NULL (writes nothing). */
void html_txt(struct html *h, const char *s);

/* At most n bytes of s as element content, cut on a character boundary,
 * followed by "…" when cut. */
void html_ntxt(struct html *h, const char *s, size_t n);

/* A double-quoted attribute value: & < > " ' escaped; s may be NULL. */
void html_attr(struct html *h, const char *s);

/*
 * One URL component inside an attribute: every byte but the RFC 3986
 * unreserved characters (A-Z a-z 0-9 - . _ ~) and those in keep (may be
 * NULL, e.g. "@" for a mailto: address) is percent-encoded; space is %20.
 * The text is first made valid UTF-8 as above. s may be NULL.
 */
void html_url_arg(struct html *h, const char *s, const char *keep);

/*
 * A URL from data inside an attribute: written only when its scheme
 * (letters before the first ':', any case) is one of schemes (a
 * NULL-terminated list such as {"http", "https", NULL}) and it holds no
 * space, control or non-ASCII byte; then attribute-escaped. Returns 0 when
 * written, -1 (and writes nothing) when refused, so the caller can show the
 * text without a link.
 */
int html_url(struct html *h, const char *url, const char *const *schemes);

/* Whether html_url would accept url (1) or not (0). */
int html_url_ok(const char *url, const char *const *schemes);

/* 1 when s is well-formed UTF-8 (ICU's U8_NEXT finds no ill-formed
 * sequence), else 0: for input that is stored rather than written. */
int html_is_utf8(const char *s);

/*
 * Copy s into out (cap bytes) made well-formed as the writers do: each
 * ill-formed sequence becomes U+FFFD, controls but tab and newline are
 * dropped. For a request value used both in a query and on the page.
 * Returns 0, or -1 (out then "") when the result does not fit.
 */
int html_utf8_clean(const char *s, char *out, size_t cap);

/* A decimal integer. */
void html_int(struct html *h, long long v);

#endif
