/*
 * elig_load.h - loading the lists (stem keys): the functions of elig_load.c
 * that other files of the eligibility rule call. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_LOAD_H
#define DIRECTORYD_ELIG_LOAD_H

#include "elig_int.h"

/*
 * elig_load.c: the key of a case-folded word cf[0..n) for a list with
 * stemmer st: its Snowball stem, folded (marks removed, Latin-ASCII).
 * Writes at most cap bytes, NUL-terminated, to out. Returns the length, or
 * -1 when stemming fails or it does not fit.
 */
long elig_stem_key(const struct elig_norm *nm, struct sb_stemmer *st, const char *cf, size_t n,
		   char *out, size_t cap);

#endif
