/*
 * elig_answer.c - a question answered by the next sentence: "Can I stay
 * if I do not testify? No.", "Will I lose my room if I do not give
 * evidence? Yes, after two weeks." The question names a topic and the
 * answer makes it a condition, though no cue stands in either sentence
 * (docs/eligibility.md, "How matching works", step 7c).
 */
#include <stddef.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_neg.h"
#include "elig_search.h"

/* A token's sentence: the key elig_sentence_first searches by. */
static size_t elig_token_sent(const void *sent, size_t i)
{
	return ((const size_t *)sent)[i];
}

/*
 * The first token of sentence z, or ntoks when the text has no sentence z.
 * Sentence numbers never decrease along the text, so this is a binary
 * search: a text of many short questions stays linear to check.
 */
size_t elig_sentence_first(const struct elig_scan *sc, size_t z)
{
	size_t first = elig_first_at_least(sc->sent, sc->text->ntoks, z, elig_token_sent);

	return first < sc->text->ntoks && sc->sent[first] == z ? first : sc->text->ntoks;
}

int elig_sentence_has_kind(const struct elig_scan *sc, size_t z, struct elig_kinds kinds)
{
	size_t first = elig_sentence_first(sc, z);

	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].sent == z; k++)
		if (elig_kinds_has(kinds, sc->ev[k].kind))
			return 1;
	return 0;
}

/* Sentence z asks: a question mark follows one of its words (elig_sentence_asks). */
static int elig_asks(const struct elig_scan *sc, size_t z)
{
	size_t first = elig_sentence_first(sc, z);

	return first < sc->text->ntoks && elig_sentence_asks(sc, first);
}

int elig_opens_with(const struct elig_scan *sc, size_t y, struct elig_kinds kinds, int alone)
{
	size_t first = elig_sentence_first(sc, y), seg_words = 0, sent_words = 0;

	for (size_t i = first; i < sc->text->ntoks && sc->sent[i] == y; i++) {
		sent_words++;
		seg_words += sc->seg[i] == sc->seg[first];
	}
	if (sent_words == 0 || (seg_words > 2 && sent_words > 2))
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start == first; k++)
		if (elig_kinds_has(kinds, sc->ev[k].kind) &&
		    (!alone || sc->ev[k].end - first == seg_words))
			return 1;
	return 0;
}

/*
 * A negation stands among topic t's words: a soft topic that names its
 * own ("dacă nu depun mărturie", "si no testificas").
 */
static int elig_negation_within(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = elig_event_from(sc, t->start); k < sc->nev && sc->ev[k].start < t->end; k++)
		if (sc->ev[k].kind == ELIG_NEG && sc->ev[k].end <= t->end)
			return 1;
	return 0;
}

/*
 * Answer sentence y states a duty: an unnegated condition cue ("Yes, we
 * have to", "Ja, das müssen wir", "Да, мы обязаны") and no negation or
 * offer of its own ("Yes, if you want to", "Yes, but you do not have to").
 */
static int elig_answer_must(const struct elig_scan *sc, size_t y)
{
	size_t first = elig_sentence_first(sc, y);
	int cue = 0;

	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].sent == y; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_NEG || e->kind == ELIG_NEGPOST || e->kind == ELIG_OPTIONAL ||
		    e->kind == ELIG_WITHOUT || e->kind == ELIG_SOFTEN)
			return 0;
		cue |= e->kind == ELIG_CUE && !elig_cue_event_negated(sc, e);
	}
	return cue;
}

int elig_answered_condition(const struct elig_scan *sc, const struct elig_event *t, int negated)
{
	size_t z = t->sent;

	if (!elig_asks(sc, z) || (sc->text->ntoks > 0 && sc->sent[sc->text->ntoks - 1] == z))
		return 0; /* no sentence after the question */
	if (elig_asks(sc, z + 1))
		return 0; /* a question back answers nothing: "No? Then just ring the bell." */
	if (elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_SANCTION)))
		return elig_opens_with(sc, z + 1, ELIG_KINDS(ELIG_YES), 1);
	if (elig_opens_with(sc, z + 1, ELIG_KINDS(ELIG_YES), 1) && elig_answer_must(sc, z + 1))
		return 1; /* "Do you tell the Home Office about me? Yes, we have to." */
	if (elig_sentence_has_kind(sc, z + 1, ELIG_KINDS(ELIG_CUE, ELIG_SOFTCUE)))
		return 0; /* a "no" that speaks of a requirement itself: "Nein, nicht nötig" */
	if (elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_CUE)))
		return 0; /* "Muss ich noch etwas tun, wenn ich nicht aussage? Nein." */
	return (negated || elig_negation_within(sc, t)) &&
	       elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_MAY)) &&
	       elig_opens_with(sc, z + 1, ELIG_KINDS(ELIG_NEG, ELIG_NO), 1);
}
