/*
 * elig_sentlang.h - sentences of a text written in another covered
 * language than the lists chosen for the whole text: the functions of
 * elig_sentlang.c that eligibility.c calls. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_SENTLANG_H
#define DIRECTORYD_ELIG_SENTLANG_H

#include <stdint.h>

#include "elig_int.h"

/* owner[i] & ELIG_SENT_LIST: 1 + the index in r->langs of the list the
 * sentence of token i reads as (0: none); ELIG_SENT_ALONE: that list is
 * not the text's first, so it checks the sentence on its own as well. */
#define ELIG_SENT_LIST  0x7F
#define ELIG_SENT_ALONE 0x80

/*
 * elig_sentlang.c: the language of each sentence of t by its own words
 * (a sentence ends at a full stop, question or exclamation mark, at a
 * sentence start elig_mark_runons marked, and where the words change
 * script: "Приём по письму следователя Bitte mitbringen ..."). A
 * sentence reads as list L when L scores there above every other list
 * (of lists that tie, the one whose letters alone fit the most words)
 * and has word evidence in it (as elig_pick_langs
 * measures it for a whole text: two different words of L's words, a score
 * of at least one in five words); it is marked ELIG_SENT_ALONE when L is
 * not pk's first list (a sentence in another covered language than the
 * text's: whether or not L was chosen for the whole text, L checks it on
 * its own as well). Sets owner[i]
 * (t->ntoks bytes, the caller's) for every token i (see ELIG_SENT_LIST
 * and ELIG_SENT_ALONE) and returns the number of sentences marked
 * ELIG_SENT_ALONE. Marks none when pk has no list, counts every list
 * alike (primary 0) or is unchecked (a language without a list keeps its
 * choice). hits: elig_word_hits. Reads r, t, hits and pk only.
 */
size_t elig_sentence_langs(const struct elig_rules *r, const struct elig_text *t,
			   const uint32_t *hits, const struct elig_pick *pk, uint8_t *owner);

/*
 * Whether a sentence starts at token k: a full stop, question or
 * exclamation mark (or a run-on start elig_mark_runons marked) before it,
 * not a semicolon, which joins the items of one list ("What we do not ask
 * for: a permit; a police report"). A run of words in another script
 * starts one as well, which elig_sentence_langs tells by the scripts.
 */
int elig_sent_starts(const struct elig_tok *k);

#endif
