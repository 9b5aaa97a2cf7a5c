/*
 * validate.h - checking a submitted HSDS 3.0 document before it is stored.
 *
 * val_check walks an organization, service or location document (with the
 * objects HSDS lets it nest) against the HSDS 3.0 field lists and
 * directoryd's extensions (docs/data-model.md), records every violation in
 * a struct dir_error and normalizes the few values that have one canonical
 * form. The predicates below are the format checks it uses; other modules
 * (search parameters, the importer) use them too.
 */
#ifndef DIRECTORYD_VALIDATE_H
#define DIRECTORYD_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"
#include "kind.h"

/* Deepest nesting of arrays and objects a submitted document may have. */
#define DIR_MAX_JSON_DEPTH 32
/* Longest string value, in bytes of UTF-8. */
#define VAL_MAX_STRING_BYTES 65536
/* Most items in one array, and most languages in one translations map. */
#define VAL_MAX_ARRAY_ITEMS 1000
/*
 * Largest magnitude of any number field: 2^53. Every number must survive the
 * way out as well as the way in: PostgreSQL's numeric column takes any size,
 * but a rendered document is read back with jansson (64-bit integers: a real
 * of 1e19 comes back as integer text and fails to parse) and a signed record
 * carries integers within +-2^53 only (RFC 8785 / I-JSON, docs/federation.md).
 */
#define VAL_MAX_NUMBER 9007199254740992LL
/*
 * Smallest magnitude of a number other than 0: 1e-30. A number is stored
 * with 15 significant digits (store.c) in a numeric column, whose text has no
 * exponent, and a signed record carries a non-integer number as that decimal
 * text in at most 63 characters (federation/record.c, docs/federation.md):
 * "-0." and 29 zeros and 15 digits fit, 1e-50 would not, and below about
 * 2.2e-308 (DBL_MIN) a double is subnormal and holds fewer digits still
 * (1e-320 came back as 9.9998886718268301e-321). Nothing a directory
 * records (ages, amounts, coordinates, counts) needs less.
 */
#define VAL_MIN_MAGNITUDE 1e-30
/* Longest language tag accepted, in bytes (RFC 5646 4.4.1 asks for 35). */
#define VAL_MAX_BCP47_BYTES 64

/*
 * Check a submitted top-level document of the given kind.
 *   kind: DIR_KIND_ORGANIZATION, DIR_KIND_SERVICE or DIR_KIND_LOCATION.
 *   doc:  the parsed document (borrowed). It is changed in place:
 *         - contact_channels phone numbers become E.164 ("+41441234567");
 *         - a missing service.status becomes "active" and a missing
 *           location.location_type "physical", in nested objects too.
 *         Nothing else is trimmed or rewritten.
 *   err:  receives every violation (code, RFC 6901 JSON Pointer built with
 *         dir_ptr_join, message saying what to do), capped as in error.h.
 *         May be NULL to ask only whether the document is valid.
 * Codes: unknown_field, wrong_type, missing_field, invalid_value,
 * read_only_field, invalid_json (nested deeper than DIR_MAX_JSON_DEPTH).
 * Returns 0 when the document is valid, -1 when not.
 */
int val_check(enum dir_kind kind, json_t *doc, struct dir_error *err);

/*
 * The rules of a temporary closure that hold only for a new write (the API
 * and the /manage forms; not for records from peers or files, which may be
 * older than today): a service's closed_until (docs/data-model.md) goes
 * with status "temporarily closed", and is today or later.
 *   doc:   a service document val_check accepted (borrowed).
 *   today: the current date, "YYYY-MM-DD" (UTC, the daemon's day).
 *   err:   receives invalid_value at /closed_until (may be NULL).
 * Returns 0 when the closure is valid or absent, -1 when not.
 */
int val_check_closure(const json_t *doc, const char *today, struct dir_error *err);

/*
 * Depth of nested arrays and objects in v: a scalar (or NULL) is 0, "[]"
 * and "{}" are 1, {"a": [1]} is 2. To keep a hostile document from using
 * up the stack, counting stops descending once it is past
 * 4 * DIR_MAX_JSON_DEPTH; any such document is refused anyway.
 */
size_t val_json_depth(const json_t *v);

/*
 * RFC 4122 textual form: 8-4-4-4-12 hexadecimal digits, either case, no
 * braces or "urn:uuid:". Returns 1 when s has that form, 0 otherwise
 * (also for NULL).
 */
int val_is_uuid(const char *s);

/*
 * A well-formed BCP 47 language tag (RFC 5646 section 2.1 syntax, case
 * insensitive, including the irregular grandfathered tags); the registry
 * is not consulted. Stricter than the ABNF in one way: a primary language
 * subtag must be 2 or 3 letters, because 4- and 5-8-letter ones are
 * reserved (RFC 5646 2.2.1) and would let "english" pass. Tags longer than
 * VAL_MAX_BCP47_BYTES are refused. Returns 1 or 0 (also for NULL and "").
 */
int val_is_bcp47(const char *s);

/*
 * ISO 3166-1 alpha-2: one of the 249 assigned codes, upper case only, plus
 * XK (Kosovo, user-assigned but used by the EU and CLDR). Returns 1 or 0.
 */
int val_is_country(const char *s);

/*
 * An IANA time zone name such as "Europe/Zurich": letters, digits and
 * "/_+-" only, no empty, "." or ".." component, not under posix/ or right/,
 * and a TZif file of that name present under /usr/share/zoneinfo.
 * Returns 1 or 0.
 */
int val_is_timezone(const char *s);

/* RFC 3339 full-date YYYY-MM-DD naming a real Gregorian date: 1 or 0. */
int val_is_date(const char *s);

/*
 * A time of day as HSDS opens_at/closes_at want it: HH:MM or HH:MM:SS
 * (00:00 to 23:59:59), optionally followed by "Z" or an offset "+HH:MM" /
 * "-HH:MM" (ISO 8601 / RFC 3339 time-offset). Returns 1 or 0.
 */
int val_is_time(const char *s);

/*
 * RFC 3339 date-time, e.g. "2023-03-15T10:30:45.123Z": full-date, "T" (or
 * "t"), HH:MM:SS with optional fraction, and "Z" or an offset. Seconds may
 * be 60 (a leap second). Returns 1 or 0.
 */
int val_is_datetime(const char *s);

#endif
