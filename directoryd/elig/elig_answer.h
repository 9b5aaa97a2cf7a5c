/*
 * elig_answer.h - a question answered with a condition: the functions of
 * elig_answer.c that other files of the eligibility rule call. Not for use
 * outside directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_ANSWER_H
#define DIRECTORYD_ELIG_ANSWER_H

#include "elig_int.h"

/*
 * elig_answer.c: sentence y opens with an event of a kind in `kinds`
 * (ELIG_KIND bits) that is an answer of its own: at most two words before
 * a comma or the sentence's end ("No.", "Yes, after two weeks.", "Nein,
 * die Unterstützung bleibt gleich."); with `alone`, the event is all of
 * its comma segment ("No problem." is no answer "No"). Reads sc's events
 * only.
 */
int elig_opens_with(const struct elig_scan *sc, size_t y, struct elig_kinds kinds, int alone);

/*
 * elig_answer.c: topic t (negated: a negation or "without" governs it,
 * or one stands among its words) stands in a question that the next
 * sentence answers with a condition: a question whether a sanction follows answered "yes" ("Will
 * I lose my room if I do not give evidence? Yes, after two weeks."), or a
 * question for permission whose topic is negated answered "no" ("Can I
 * stay if I do not testify? No."). The answer word stands alone in its
 * comma segment, a "no" that names a cue ("Nein, nicht nötig")
 * speaks for itself, and an answer that asks ("No? Then just ring the
 * bell.") answers nothing. Returns 1 to hold t, else 0.
 */
int elig_answered_condition(const struct elig_scan *sc, const struct elig_event *t, int negated);

/* elig_answer.c: the first token of sentence z, or ntoks when there is none (binary search). */
size_t elig_sentence_first(const struct elig_scan *sc, size_t z);

/*
 * elig_answer.c: sentence z has an event of a kind in `kinds` (ELIG_KIND
 * bits). Walks only sentence z's events (found by binary search), so a
 * caller asking once per topic keeps a long text linear. Returns 1 or 0;
 * reads sc only.
 */
int elig_sentence_has_kind(const struct elig_scan *sc, size_t z, struct elig_kinds kinds);

#endif
