/*
 * lang.h - a reader's language preference: the Accept-Language header
 * (RFC 9110 section 12.5.4) and the API's lang= list.
 *
 * Both parsers keep only well-formed BCP 47 tags (val_is_bcp47), copy them
 * NUL-separated into a caller's buffer and point tags[] at the copies,
 * best first. They allocate nothing and never fail on bad input.
 */
#ifndef DIRECTORYD_LANG_H
#define DIRECTORYD_LANG_H

#include <stddef.h>

/* Accept-Language entries looked at (those with q > 0, not "*"). */
#define LANG_MAX_ENTRIES 16
/* Longest tag kept, in bytes, plus one. */
#define LANG_MAX_TAG 64

/*
 * Parse an Accept-Language value such as "de-CH, fr;q=0.8, *;q=0.1".
 *   header:    NUL-terminated value (not NULL).
 *   buf, cap:  receive the kept tags, each NUL-terminated, one after the
 *              other; a tag that does not fit is skipped.
 *   tags, max: receive pointers into buf, best first: ordered by q, ties
 *              in header order. Entries with q=0, "*" and tags that are
 *              not well-formed BCP 47 are skipped; at most max are kept.
 * Returns the number of tags written to tags.
 */
size_t lang_parse_accept_language(const char *header, char *buf, size_t cap, const char **tags,
				  size_t max);

/*
 * Parse a lang= parameter: one tag or a comma-separated list, best first.
 * Same buf, cap, tags and max as above; *n receives the number of tags
 * kept. Returns 0, or -1 at the first entry that is empty, not
 * well-formed BCP 47 or does not fit (the tags before it stay in tags).
 */
int lang_parse_list(const char *list, char *buf, size_t cap, const char **tags, size_t max,
		    size_t *n);

#endif
