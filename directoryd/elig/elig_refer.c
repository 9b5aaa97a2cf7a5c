/*
 * elig_refer.c - a topic made a condition by the text around it, though
 * its own clause has no cue: a pronoun in the next sentence's condition
 * points back to it ("We don't need your police report. Housing only for
 * those who have filed it."), or a criteria heading before a colon sets it
 * ("Who can stay: women who have made a statement to the police.")
 * (docs/eligibility.md, "How matching works", step 7f). Held, never
 * refused.
 */
#include <stddef.h>

#include "elig_int.h"

/* Words at most from a condition cue to the pronoun that names its object. */
#define ELIG_PRO_REACH 12
/* Words at most after that pronoun to the end of its sentence ("die das auch getan haben"). */
#define ELIG_PRO_TAIL 3
/* Words at most in a criteria heading before its colon ("Quién puede solicitar plaza:"). */
#define ELIG_HEAD_WORDS 4

/* Words of sentence z after token i (i itself not counted). */
static size_t elig_words_left(const struct elig_scan *sc, size_t i)
{
	size_t n = 0;

	for (size_t j = i + 1; j < sc->text->ntoks && sc->sent[j] == sc->sent[i]; j++)
		n++;
	return n;
}

/*
 * Sentence z, with its events from index k0 on: it names a topic of its
 * own, asks, or frames what it says with a negation, an offer or a
 * "without" other than one right before a pronoun.
 */
static int elig_sentence_own(const struct elig_scan *sc, size_t k0, size_t z)
{
	for (size_t k = k0; k < sc->nev && sc->ev[k].sent == z; k++) {
		int kind = sc->ev[k].kind;
		if (kind == ELIG_TOPIC || kind == ELIG_STRICT || kind == ELIG_SOFT ||
		    kind == ELIG_TRADE || kind == ELIG_OPTIONAL || kind == ELIG_NEGPOST)
			return 1;
	}
	return k0 < sc->nev && elig_sentence_asks(sc, sc->ev[k0].start);
}

/*
 * A `pro` word of sentence z (events from k0 on) that a cue governs: an
 * unnegated condition cue stands 1 to ELIG_PRO_REACH words before it, no
 * negation in the sentence before it, and at most ELIG_PRO_TAIL words
 * after it ("only for those who have filed it"): 1. Or a "without" right
 * before a `pro` or `that` word and a plain negation after it ("Without
 * it, we cannot offer you a bed", "Sin este documento no podremos darte
 * más citas"): 2. Else 0.
 */
static int elig_pronoun_governed(const struct elig_scan *sc, size_t k0, size_t z)
{
	const struct elig_event *cue = NULL, *without = NULL;
	int negs = 0;

	for (size_t k = k0; k < sc->nev && sc->ev[k].sent == z; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_NEG && !elig_is_without(sc, e) && without == NULL)
			negs++;
		if (e->kind == ELIG_WITHOUT || (e->kind == ELIG_NEG && elig_is_without(sc, e)))
			without = e;
		if (e->kind == ELIG_CUE && cue == NULL && !elig_cue_event_negated(sc, e))
			cue = e;
		if ((e->kind == ELIG_PRO || e->kind == ELIG_THAT) && without != NULL &&
		    without->end == e->start &&
		    elig_kind_starts_in(sc, ELIG_NEG, e->end, e->end + (size_t)sc->lang->window))
			return 2; /* "Sin este documento no podremos darte más citas." */
		if (e->kind != ELIG_PRO || elig_words_left(sc, e->end - 1) > ELIG_PRO_TAIL)
			continue;
		if (cue != NULL && negs == 0 && e->start > cue->end &&
		    e->start - cue->end <= ELIG_PRO_REACH)
			return 1;
	}
	return 0;
}

/* The index of the first event of sentence z at or after token i, or nev. */
static size_t elig_sentence_events(const struct elig_scan *sc, size_t i, size_t z)
{
	size_t k = elig_event_from(sc, i);

	while (k < sc->nev && sc->ev[k].sent < z)
		k++;
	return k < sc->nev && sc->ev[k].sent == z ? k : sc->nev;
}

int elig_referred_back(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t z = t->sent, i = t->end, k0;
	int how;

	if (elig_sentence_asks(sc, t->start))
		return 0;
	while (i < sc->text->ntoks && sc->sent[i] == z)
		i++;
	if (i >= sc->text->ntoks || sc->sent[i] != z + 1 ||
	    (sc->text->toks[i].flags & ELIG_TOK_SEMI))
		return 0; /* no sentence after t's, or only a semicolon between */
	k0 = elig_sentence_events(sc, i, z + 1);
	if (k0 >= sc->nev || elig_sentence_own(sc, k0, z + 1))
		return 0;
	how = elig_pronoun_governed(sc, k0, z + 1);
	/* a soft topic only with the double negative: "certificate at the end.
	 * Trainees must attend ... to receive it." names no condition on it */
	return how == 2 || (how == 1 && t->kind != ELIG_SOFT);
}

/*
 * The criteria heading of t's sentence: its first comma segment ends with a
 * colon, has at most ELIG_HEAD_WORDS words and names a `head` word
 * ("Admission:", "Voraussetzungen:") or opens with a `who` word followed
 * by a `may` or `admit` word ("Who can stay:", "Chi può accedere:", "Кто
 * может обратиться:"). Returns the token after the colon, or 0 for none.
 */
static size_t elig_heading_end(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t first = t->start, end;
	int who = 0, may = 0, head = 0;

	while (first > 0 && sc->sent[first - 1] == t->sent)
		first--;
	for (end = first + 1; end < sc->text->ntoks && sc->seg[end] == sc->seg[first]; end++)
		;
	if (end >= sc->text->ntoks || end > t->start || end - first > ELIG_HEAD_WORDS ||
	    sc->sent[end] != t->sent || !(sc->text->toks[end].flags & ELIG_TOK_COLON))
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < end; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->end > end)
			continue;
		head |= e->kind == ELIG_HEAD;
		who |= e->kind == ELIG_WHO && e->start == first;
		may |= who && (e->kind == ELIG_MAY || e->kind == ELIG_ADMIT);
	}
	return head || (who && may) ? end : 0;
}

int elig_under_heading(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from, end;

	if (elig_sentence_asks(sc, t->start) || (end = elig_heading_end(sc, t)) == 0 ||
	    elig_event_negated(sc, t) || elig_without(sc, t, &from) == 1 ||
	    elig_optional_near(sc, t) || elig_either_way(sc, t) || elig_list_negated(sc, t))
		return 0;
	for (size_t k = elig_event_from(sc, end); k < sc->nev && sc->ev[k].start < t->end; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_CLEAR || e->kind == ELIG_NEG) && e->start < t->start)
			return 0; /* "Who can come: anyone, including women who ..." */
		if (e->kind == ELIG_AND && e->end + (size_t)sc->lang->reach >= t->start)
			return 0; /* an alternative: "anyone who sells or has sold sex" */
	}
	return 1;
}
