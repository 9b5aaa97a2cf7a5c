/*
 * elig_runon.h - sentence starts that text written without final
 * punctuation leaves unmarked: the function of elig_runon.c that
 * eligibility.c calls. Not for use outside directoryd/elig/ (and its unit
 * test): the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_RUNON_H
#define DIRECTORYD_ELIG_RUNON_H

#include "elig_int.h"

/*
 * elig_runon.c: mark ELIG_TOK_SENT on each word of t (s[0..len) as
 * written) that starts a sentence its writer left without a full stop
 * before it: in a sentence that starts in lower case, a word written with
 * a capital first letter and lower case after it, right after a word in
 * lower case with only spaces between, that is one of list l's common
 * words (its "words" lines, not its phrases' words: "Police" may be a
 * name): "…, інакше ніяк Консультуємо …", "… lo siento Si quieres …";
 * not after one of l's "noend" words, on which no sentence ends ("sin
 * Papeles", "have to Leave sex work").
 * Not for a list whose nouns start with a capital (directive "capnouns"),
 * nor when l is NULL.
 */
void elig_mark_runons(const struct elig_lang *l, struct elig_text *t, const char *s, size_t len);

/*
 * Whether word i of t (i < t->ntoks) is one of list l's "noend" words, on
 * which no sentence ends ("to", "sin", "de"; articles, prepositions): 1 or 0.
 */
int elig_noend(const struct elig_lang *l, const struct elig_text *t, size_t i);

#endif
