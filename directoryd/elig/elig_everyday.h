/*
 * elig_everyday.h - a refusal that rests on a word with an everyday sense,
 * held instead: the functions of elig_everyday.c that other files of the
 * eligibility rule call. Not for use outside directoryd/elig/ (and its unit
 * test): the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_EVERYDAY_H
#define DIRECTORYD_ELIG_EVERYDAY_H

#include "elig_int.h"

/*
 * What elig_everyday_only learnt of the sentence it was last asked about,
 * per rule (1..ELIG_EVERYDAY_RULES): whether an event can say what a topic
 * of the rule is about, and the smallest end and largest start of such
 * events. Start from ELIG_EVERYDAY_MEMO_INIT, one per decision.
 */
#define ELIG_EVERYDAY_RULES 5
struct elig_everyday_memo {
	size_t sent; /* SIZE_MAX: none yet */
	unsigned char known[ELIG_EVERYDAY_RULES + 1], any[ELIG_EVERYDAY_RULES + 1];
	size_t min_end[ELIG_EVERYDAY_RULES + 1], max_start[ELIG_EVERYDAY_RULES + 1];
};
#define ELIG_EVERYDAY_MEMO_INIT                \
	{                                      \
		SIZE_MAX, { 0 }, { 0 }, { 0 }, \
		{                              \
			0                      \
		}                              \
	}

/*
 * elig_everyday.c: topic or strict topic t has an own word that is an own
 * word of an `everyday` event (the street, a club, a salon, "по
 * показаниям"), and its sentence names its subject in no other word: no
 * `trade` event (for D4) and no other topic, strict or soft topic of t's
 * rule has an own word that is neither everyday nor one of t's. Returns 1
 * when a refusal of t is to be held instead, else 0. Reads sc's events;
 * keeps what it learnt of t's sentence in m.
 */
int elig_everyday_only(const struct elig_scan *sc, const struct elig_event *t,
		       struct elig_everyday_memo *m);

#endif
