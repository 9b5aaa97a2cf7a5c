/*
 * elig_runon.c - sentence starts that text written without final
 * punctuation leaves unmarked (docs/eligibility.md, "Normalisation"): an
 * informal sentence with no full stop at its end ("…, lo siento") read as
 * one sentence with the next ("Si quieres, podemos …") lets the next
 * sentence's offer or negation release its condition.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "elig_int.h"
#include "elig_runon.h"

/* The first code point of s[a..len), or -1. */
static UChar32 elig_first_cp(const char *s, size_t a, size_t len)
{
	UChar32 c;
	int32_t i = 0;

	if (a >= len)
		return -1;
	U8_NEXT((const uint8_t *)s + a, i, (int32_t)(len - a), c);
	return c;
}

/* The last code point of s[a..b), or -1. */
static UChar32 elig_last_cp(const char *s, size_t a, size_t b)
{
	UChar32 c;
	int32_t i = (int32_t)(b - a);

	if (b <= a)
		return -1;
	U8_PREV((const uint8_t *)s + a, 0, i, c);
	return c;
}

/* Letters in lower case that stand from s[a] on (at most 3 are counted). */
static int elig_lower_run(const char *s, size_t a, size_t len)
{
	int n = 0;

	for (int32_t i = 0; n < 3 && a + (size_t)i < len;) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s + a, i, (int32_t)(len - a), c);
		if (c < 0 || !u_islower(c))
			break;
		n++;
	}
	return n;
}

/*
 * An apostrophe at s[a] and a word of three letters or more in lower case
 * after it: a capital letter before it is an elided article or pronoun
 * ("L'associazione", "C'est"), not "I'm" or "J'ai".
 */
static int elig_elided(const char *s, size_t a, size_t len)
{
	if (a < len && s[a] == '\'')
		return elig_lower_run(s, a + 1, len) >= 3;
	if (a + 3 <= len && memcmp(s + a, "\xE2\x80\x99", 3) == 0) /* ’ */
		return elig_lower_run(s, a + 3, len) >= 3;
	return 0;
}

/* Word k is written with a capital and then lower case ("Si", "Консультуємо", "L'associazione"). */
static int elig_titled(const struct elig_tok *k, const char *s, size_t len)
{
	UChar32 c = elig_first_cp(s, k->src_start, len), d;

	if (c < 0 || !u_isupper(c) || k->src_end > len)
		return 0;
	d = elig_first_cp(s, k->src_start + (size_t)U8_LENGTH(c), k->src_end);
	return d >= 0 ? u_islower(d) : elig_elided(s, k->src_end, len);
}

/*
 * Only spaces stand between words i - 1 and i, and word i - 1 starts and
 * ends in lower case (not a name of several words: "the Crown Prosecution
 * Service", "Inspectoratului General").
 */
static int elig_joined_lower(const struct elig_text *t, size_t i, const char *s, size_t len)
{
	const struct elig_tok *p = &t->toks[i - 1];

	for (size_t b = p->src_end; b < t->toks[i].src_start; b++)
		if (s[b] != ' ')
			return 0;
	return u_islower(elig_first_cp(s, p->src_start, len)) &&
	       u_islower(elig_last_cp(s, p->src_start, p->src_end));
}

/*
 * Token k starts a sentence for the run-on rule: a sentence start that is
 * not a clause after a semicolon ("…; in mancanza, il Comune ne informa la
 * Questura" belongs to the sentence before).
 */
static int elig_starts_sentence(const struct elig_text *t, size_t k)
{
	return (t->toks[k].flags & (ELIG_TOK_SENT | ELIG_TOK_SEMI)) == ELIG_TOK_SENT;
}

/*
 * The first word with a letter among tokens [k, i) starts in lower case:
 * k is where the sentence of word i starts.
 */
static int elig_sentence_lower(const struct elig_text *t, size_t k, size_t i, const char *s,
			       size_t len)
{
	for (; k < i; k++)
		if (t->toks[k].flags & ELIG_TOK_LETTER)
			return u_islower(elig_first_cp(s, t->toks[k].src_start, len));
	return 0;
}

static int elig_cmp_common(const void *key, const void *w)
{
	return strcmp((const char *)key, *(const char *const *)w);
}

/* Word i of t is one of the n sorted words of list ws (a list's "words" or "noend" lines). */
static int elig_word_listed(const char *const *ws, size_t n, const struct elig_text *t, size_t i)
{
	const char *w = t->norm + t->toks[i].foff;

	return n > 0 && bsearch(w, ws, n, sizeof(*ws), elig_cmp_common) != NULL;
}

/* Word i of t is one of l's common words (its "words" lines). */
static int elig_common(const struct elig_lang *l, const struct elig_text *t, size_t i)
{
	return elig_word_listed(l->common, l->ncommon, t, i);
}

int elig_noend(const struct elig_lang *l, const struct elig_text *t, size_t i)
{
	return elig_word_listed(l->noend, l->nnoend, t, i);
}

void elig_mark_runons(const struct elig_lang *l, struct elig_text *t, const char *s, size_t len)
{
	/* Where the sentence of word i starts: one pass, not a walk back per word. */
	size_t start = 0;

	if (l == NULL || l->capnouns)
		return;
	for (size_t i = 1; i < t->ntoks; i++) {
		if (elig_starts_sentence(t, i))
			start = i;
		if ((t->toks[i].flags & ELIG_TOK_SENT) || !elig_common(l, t, i) ||
		    elig_noend(l, t, i - 1))
			continue;
		if (elig_titled(&t->toks[i], s, len) && elig_joined_lower(t, i, s, len) &&
		    elig_sentence_lower(t, start, i, s, len)) {
			t->toks[i].flags |= ELIG_TOK_SENT;
			if (elig_starts_sentence(t, i))
				start = i;
		}
	}
}
