/*
 * elig_sentlang.c - a sentence in another covered language than the text
 * around it (docs/eligibility.md, "Languages and unchecked text"): a Dutch
 * listing with one English sentence, a Romanian one that repeats its rule
 * in English. The whole text's words name the tag's list, so the
 * sentence's own words decide whether another list must read it too. Word
 * evidence is cheap (the words are looked up once per text for the
 * choice of lists already); libexttextcat is not asked.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "elig_int.h"
#include "elig_sentlang.h"

/* Word evidence of the lists of one script in one sentence. */
struct elig_sent_score {
	size_t score[ELIG_MAX_LANGS];   /* in ELIG_WORD_UNIT per word, as elig_score */
	uint32_t first[ELIG_MAX_LANGS]; /* the first word found (1 + gwords index) */
	int kinds[ELIG_MAX_LANGS];      /* 0, 1 or 2: distinct words found, up to 2 */
	size_t words;                   /* words with a letter */
};

/* Whether a sentence starts at token k (elig_sentlang.h). */
int elig_sent_starts(const struct elig_tok *k)
{
	return (k->flags & ELIG_TOK_SENT) && !(k->flags & ELIG_TOK_SEMI);
}

/* The script most letters of tokens [a, b) of t are in (ELIG_SC_NONE: none). */
static int elig_sent_script(const struct elig_text *t, size_t a, size_t b)
{
	size_t n[ELIG_SC_N] = { 0 };
	int best = ELIG_SC_NONE;

	for (size_t i = a; i < b; i++)
		if (t->toks[i].flags & ELIG_TOK_LETTER && t->toks[i].script > ELIG_SC_NONE &&
		    t->toks[i].script < ELIG_SC_N)
			n[t->toks[i].script]++;
	for (int s = ELIG_SC_LATIN; s < ELIG_SC_N; s++)
		if (n[s] > n[best])
			best = s;
	return best;
}

/*
 * Score tokens [a, b) of t for every list of script sc: each word found
 * in a list's words adds ELIG_WORD_UNIT / (lists of sc that have it).
 */
static void elig_sent_measure(const struct elig_rules *r, const struct elig_text *t,
			      const uint32_t *hits, size_t a, size_t b, int sc,
			      struct elig_sent_score *ss)
{
	uint64_t same = r->script_langs[sc];

	memset(ss, 0, sizeof(*ss));
	for (size_t i = a; i < b; i++) {
		uint64_t langs;
		size_t unit;
		ss->words += (t->toks[i].flags & ELIG_TOK_LETTER) != 0;
		if (hits[i] == 0 || (langs = r->gwords[hits[i] - 1].langs & same) == 0)
			continue;
		unit = ELIG_WORD_UNIT / (size_t)__builtin_popcountll(langs);
		for (; langs != 0; langs &= langs - 1) {
			size_t li = (size_t)__builtin_ctzll(langs);
			ss->score[li] += unit;
			if (ss->first[li] == 0) {
				ss->first[li] = hits[i];
				ss->kinds[li] = 1;
			} else if (ss->first[li] != hits[i]) {
				ss->kinds[li] = 2;
			}
		}
	}
}

/* Words of tokens [a, b) of t in script sc with a letter outside l's letters. */
static size_t elig_sent_odd(const struct elig_lang *l, const struct elig_text *t, size_t a,
			    size_t b, int sc)
{
	size_t odd = 0;

	for (size_t i = a; l->letters != NULL && i < b; i++)
		odd += t->toks[i].script == sc &&
		       elig_odd_word(l, t->norm + t->toks[i].off, t->toks[i].len);
	return odd;
}

/*
 * Of the lists that share the best score ss->score == best, the one whose
 * letters fit the most words of tokens [a, b) ("міграційний" is no Russian
 * word), or -1 when that is not one list either.
 */
static int elig_sent_tie(const struct elig_rules *r, const struct elig_text *t, size_t a, size_t b,
			 int sc, const struct elig_sent_score *ss, size_t best)
{
	size_t fewest = SIZE_MAX, odd;
	int bi = -1, ties = 0;

	for (size_t li = 0; li < r->nlangs; li++) {
		if (ss->score[li] != best)
			continue;
		if ((odd = elig_sent_odd(&r->langs[li], t, a, b, sc)) < fewest) {
			fewest = odd;
			bi = (int)li;
			ties = 1;
		} else if (odd == fewest) {
			ties++;
		}
	}
	return ties == 1 ? bi : -1;
}

/*
 * The list sentence [a, b) reads as: the list of the sentence's script
 * that scores best there, above every other (of lists that tie, the one
 * whose letters alone fit the most words; else none), if it has evidence
 * there (two different words, a score of at least one in five words).
 * Returns its index in r->langs, or -1.
 */
static int elig_sent_reads_as(const struct elig_rules *r, const struct elig_text *t,
			      const uint32_t *hits, size_t a, size_t b)
{
	struct elig_sent_score ss;
	size_t best = 0, second = 0;
	int sc = elig_sent_script(t, a, b), bi = -1;

	if (sc == ELIG_SC_NONE)
		return -1;
	elig_sent_measure(r, t, hits, a, b, sc, &ss);
	for (size_t li = 0; li < r->nlangs; li++) {
		if (ss.score[li] > best) {
			second = best;
			best = ss.score[li];
			bi = (int)li;
		} else if (ss.score[li] > second) {
			second = ss.score[li];
		}
	}
	if (bi >= 0 && best == second)
		bi = elig_sent_tie(r, t, a, b, sc, &ss, best);
	if (bi < 0 || ss.kinds[bi] < 2 || best * 5 < ss.words * ELIG_WORD_UNIT)
		return -1; /* no list, a tie, or too little evidence */
	return bi;
}

/*
 * A sentence that reads as another list than the text's first is checked
 * by that list on its own as well (ELIG_SENT_ALONE), whether or not the
 * list was chosen for the whole text: a list applied to the whole text
 * for its words elsewhere may read the sentence differently next to
 * sentences of another language.
 */
size_t elig_sentence_langs(const struct elig_rules *r, const struct elig_text *t,
			   const uint32_t *hits, const struct elig_pick *pk, uint8_t *owner)
{
	size_t alone_n = 0, first;

	memset(owner, 0, t->ntoks);
	/* primary 0: every list of the script applies and counts alike */
	if (pk->n == 0 || pk->primary == 0 || !pk->checked)
		return 0;
	first = (size_t)(pk->langs[0] - r->langs);
	for (size_t a = 0, b; a < t->ntoks; a = b) {
		int li, sc = ELIG_SC_NONE;
		for (b = a; b < t->ntoks && (b == a || !elig_sent_starts(&t->toks[b])); b++) {
			if (!(t->toks[b].flags & ELIG_TOK_LETTER))
				continue;
			if (sc != ELIG_SC_NONE && t->toks[b].script != sc)
				break; /* another script: another language's words */
			sc = t->toks[b].script;
		}
		if ((li = elig_sent_reads_as(r, t, hits, a, b)) < 0)
			continue;
		memset(owner + a, (li + 1) | ((size_t)li != first ? ELIG_SENT_ALONE : 0), b - a);
		alone_n += (size_t)li != first;
	}
	return alone_n;
}
