/*
 * jcs.h - RFC 8785 JSON Canonicalization Scheme, for record signatures.
 *
 * jansson's own output is not canonical (it writes \u000F and sorts keys by
 * bytes), so records are serialised here. Records carry no floating-point
 * numbers (docs/federation.md, section 5), so the JCS number algorithm is
 * never needed: a real is refused.
 */
#ifndef DIRECTORYD_JCS_H
#define DIRECTORYD_JCS_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"

/* Deepest nesting of arrays and objects accepted. */
#define JCS_MAX_DEPTH 64

/*
 * Serialise v canonically (RFC 8785 section 3.2): object members sorted by
 * the UTF-16 code units of their names, no white space, strings with the
 * minimal escapes (\b \t \n \f \r \" \\ and \u00xx in lower-case hex for
 * other controls; "/" and non-ASCII written as they are), literals
 * null/true/false, integers in decimal.
 *   v:   the value (borrowed).
 *   len: receives the length in bytes (may be NULL).
 * Returns a NUL-terminated malloc'd string the caller frees, or NULL with
 * err set: float_not_allowed (a real, field = JSON Pointer of it),
 * invalid_value (an integer beyond +-2^53, nesting deeper than
 * JCS_MAX_DEPTH), internal_error (memory).
 */
char *jcs_serialise(const json_t *v, size_t *len, struct dir_error *err);

#endif
