/*
 * elig_doubt.h - when a refusal is in doubt and held instead: the functions
 * of elig_doubt.c that other files of the eligibility rule call. Not for use
 * outside directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_DOUBT_H
#define DIRECTORYD_ELIG_DOUBT_H

#include "elig_int.h"

/*
 * What elig_refusal_doubt found for the sentence, brackets and comma
 * segment it was last asked about, so that a text's topics, asked in
 * order, walk each sentence once. Start from ELIG_DOUBT_MEMO_INIT, one
 * per decision.
 */
struct elig_doubt_memo {
	size_t sent; /* SIZE_MAX: none yet */
	int sent_doubt;
	size_t paren_sent, paren_next, paren_depth; /* brackets open before token paren_next */
	size_t seg;                                 /* SIZE_MAX: none yet */
	int seg_aside;
	int denied_known;      /* denied is filled (elig_denied_rules) */
	unsigned denied;       /* bit r: the service denies a topic of rule r somewhere */
	size_t denied_sent[6]; /* per rule, the first sentence of such a denial */
};
#define ELIG_DOUBT_MEMO_INIT                                    \
	{                                                       \
		SIZE_MAX, 0, SIZE_MAX, 0, 0, SIZE_MAX, 0, 0, 0, \
		{                                               \
			0                                       \
		}                                               \
	}

/*
 * elig_doubt.c: a refusal of the phrase [h->start, h->end) is in doubt:
 * its sentence asks, quotes, names a year or brackets it, the next
 * sentence names a year, the phrase is an aside between commas, or a
 * neighbouring sentence negates or offers (a "without" there does not
 * count). Returns 1 when the condition is to be
 * held instead of refused, else 0. Reads sc; keeps what it found in m.
 */
int elig_refusal_doubt(const struct elig_scan *sc, const struct elig_hit *h,
		       struct elig_doubt_memo *m);

/* elig_doubt.c: token i of t is a year 1900-2099 ("Until 2022 ..."). Returns 1 or 0. */
int elig_year(const struct elig_text *t, size_t i);

#endif
