/*
 * test_elig_corpus.c - the eligibility rule measured on text it was not
 * tuned on: the test half of tests/data/eligibility/corpus (written apart
 * from the phrase lists, split once with a fixed seed). Per language and
 * per rule it reports conditions refused, held and missed and harmless
 * texts accepted, held and refused, and fails when fewer than 95% of the
 * conditions are refused or held, any harmless text is refused, or more
 * than 20% of the harmless texts are held (issue 9, section 3). The
 * evasion suite rewrites every condition with look-alike letters,
 * fullwidth forms, zero-width characters, soft hyphens, combining marks
 * and mixed scripts: none may be accepted.
 *
 * ELIG_CORPUS_HALF=dev measures the development half instead (for tuning;
 * the thresholds are asserted on the test half only). Built twice:
 * test_elig_corpus (the figures) and test_elig_evasion (the evasion suite).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elig_corpus_rows.h"
#include "eligibility.h"

static struct elig_rules *rules;
static char srcdir[1024];
static const char *half = "test";

static const char *const languages[] = { "en", "de", "fr", "es", "it", "pt",
					 "nl", "ro", "bg", "pl", "ru", "uk" };
#define NLANG (sizeof(languages) / sizeof(languages[0]))

#define MAX_TEXTS CORPUS_MAX_TEXTS
#define REWRITE   24576 /* bytes of one rewritten text (6 bytes per input byte at most) */

/* Per rule (index 1..5) and for harmless texts (index 0). */
struct tally {
	int refused[6], held[6], accepted[6];
	int wrong_rule; /* conditions refused under another rule (still refused) */
};

static int setup(void **state)
{
	const char *h = getenv("ELIG_CORPUS_HALF");

	(void)state;
	if (h != NULL && strcmp(h, "dev") == 0)
		half = "dev";
	rules = corpus_rules_load(srcdir, sizeof(srcdir));
	return rules == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	return 0;
}

/* Read corpus/<half>/<lang>.tsv into texts. Returns the number read. */
static size_t read_half(const char *lang, struct corpus_text *texts)
{
	return corpus_read_half(srcdir, half, lang, texts);
}

/* ---- the figures ---------------------------------------------------------- */

#ifndef ELIG_EVASION_ONLY

static void count(struct tally *t, const struct corpus_text *x, int rc, const struct elig_match *m)
{
	assert_true(rc >= 0);
	if (rc == ELIG_REFUSED) {
		t->refused[x->expect]++;
		t->wrong_rule +=
			x->expect > 0 && (m->rule[0] != 'D' || m->rule[1] - '0' != x->expect);
	} else if (rc == ELIG_HELD) {
		t->held[x->expect]++;
	} else {
		t->accepted[x->expect]++;
	}
	if (getenv("ELIG_CORPUS_SHOW") != NULL &&
	    ((x->expect > 0 && rc == ELIG_ACCEPTED) || (x->expect == 0 && rc != ELIG_ACCEPTED)))
		fprintf(stderr, "  %s %s: %s %s \"%s\" | %s\n", x->id,
			x->expect            ? "missed"
			: rc == ELIG_REFUSED ? "REFUSED"
					     : "held",
			rc ? m->rule : "", rc ? m->language : "", rc ? m->phrase : "", x->s);
}

/* Print one language's line and add it to the totals. Returns 0 when it passes. */
static int report(const char *lang, const char *how, const struct tally *t, struct tally *all)
{
	int cond = 0, caught = 0, harmless, ok = 1;

	printf("  %-2s %-8s", lang, how);
	for (int r = 1; r <= 5; r++) {
		int n = t->refused[r] + t->held[r] + t->accepted[r];
		printf(" D%d %d/%d/%d", r, t->refused[r], t->held[r], t->accepted[r]);
		cond += n;
		caught += t->refused[r] + t->held[r];
		all->refused[r] += t->refused[r];
		all->held[r] += t->held[r];
		all->accepted[r] += t->accepted[r];
	}
	harmless = t->refused[0] + t->held[0] + t->accepted[0];
	all->refused[0] += t->refused[0];
	all->held[0] += t->held[0];
	all->accepted[0] += t->accepted[0];
	all->wrong_rule += t->wrong_rule;
	printf(" | caught %d/%d (%.0f%%) | ok %d/%d/%d (held %.0f%%)\n", caught, cond,
	       cond ? 100.0 * caught / cond : 0.0, t->accepted[0], t->held[0], t->refused[0],
	       harmless ? 100.0 * t->held[0] / harmless : 0.0);
	if (cond == 0 || caught * 100 < cond * 95)
		ok = 0;
	if (t->refused[0] > 0 || t->held[0] * 100 > harmless * 20)
		ok = 0;
	return ok ? 0 : -1;
}

/*
 * Each language, tagged with its language (as records are) and untagged
 * (the language identified from the text). The thresholds hold for both.
 */
static void test_corpus(void **state)
{
	static struct corpus_text texts[MAX_TEXTS];
	struct tally all[2], sum;
	int failures = 0;

	(void)state;
	memset(all, 0, sizeof(all));
	printf("eligibility corpus, %s half: per rule refused/held/missed; harmless "
	       "accepted/held/refused\n",
	       half);
	for (size_t l = 0; l < NLANG; l++) {
		size_t n = read_half(languages[l], texts);
		for (int tagged = 1; tagged >= 0; tagged--) {
			struct tally t;
			memset(&t, 0, sizeof(t));
			for (size_t i = 0; i < n; i++) {
				struct elig_match m;
				int checked;
				int rc =
					elig_check_text(rules, texts[i].s,
							tagged ? languages[l] : NULL, &m, &checked);
				count(&t, &texts[i], rc, &m);
			}
			if (report(languages[l], tagged ? "tagged" : "untagged", &t,
				   &all[tagged]) != 0) {
				printf("     ^ below the thresholds\n");
				failures++;
			}
		}
	}
	report("all", "tagged", &all[1], &sum);
	report("all", "untagged", &all[0], &sum);
	if (strcmp(half, "test") == 0)
		assert_int_equal(failures, 0);
}

#endif

/* ---- the evasion suite ----------------------------------------------------- */

#ifdef ELIG_EVASION_ONLY

static size_t put_utf8(char *o, unsigned c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (c >> 12));
	o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* Latin letters and the Cyrillic letters that look like them. */
static const unsigned lookalike[][2] = {
	{ 'a', 0x430 }, { 'c', 0x441 }, { 'e', 0x435 }, { 'o', 0x43E }, { 'p', 0x440 },
	{ 'x', 0x445 }, { 'y', 0x443 }, { 'i', 0x456 }, { 'A', 0x410 }, { 'B', 0x412 },
	{ 'C', 0x421 }, { 'E', 0x415 }, { 'H', 0x41D }, { 'K', 0x41A }, { 'M', 0x41C },
	{ 'O', 0x41E }, { 'P', 0x420 }, { 'T', 0x422 }, { 'X', 0x425 },
};
#define NLOOK (sizeof(lookalike) / sizeof(lookalike[0]))

/* The look-alike of code point c in the other script (Latin <-> Cyrillic), or 0. */
static unsigned other_script(unsigned c)
{
	for (size_t i = 0; i < NLOOK; i++) {
		if (lookalike[i][0] == c)
			return lookalike[i][1];
		if (lookalike[i][1] == c)
			return lookalike[i][0];
	}
	return 0;
}

enum rewrite { RW_LOOKALIKE, RW_MIXED, RW_FULLWIDTH, RW_ZEROWIDTH, RW_SOFTHYPHEN, RW_MARKS, RW_N };
static const char *const rewrite_names[RW_N] = {
	"look-alikes", "mixed scripts", "fullwidth", "zero-width", "soft hyphens", "combining marks"
};

/* Decode one UTF-8 code point of s at *i (the corpus is valid UTF-8). */
static unsigned next_cp(const unsigned char *s, size_t *i)
{
	unsigned c = s[*i];
	int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;

	c &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
	(*i)++;
	while (n-- > 0 && s[*i] != '\0')
		c = (c << 6) | (s[(*i)++] & 0x3F);
	return c;
}

static int is_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c < 0x250) ||
	       (c >= 0x400 && c < 0x530);
}

/*
 * Rewrite s the way an evader would: every look-alike letter replaced
 * (look-alikes), one letter per word (mixed scripts), ASCII letters as
 * fullwidth forms, a zero-width space or soft hyphen inside every word of
 * four letters or more, or a combining acute accent after each vowel.
 */
static void rewrite(enum rewrite how, const char *in, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;
	int pos = 0, swapped = 0; /* letters so far in the word; a letter swapped in it */

	while (s[i] != '\0') {
		unsigned c = next_cp(s, &i), alt = other_script(c);
		int letter = is_letter(c);
		pos = letter ? pos + 1 : 0;
		swapped = letter ? swapped : 0;
		if (how == RW_LOOKALIKE && alt)
			c = alt;
		else if (how == RW_MIXED && alt && !swapped && pos >= 2) {
			c = alt;
			swapped = 1;
		} else if (how == RW_FULLWIDTH && c < 0x80 && letter)
			c += 0xFF21 - 'A';
		if ((how == RW_ZEROWIDTH || how == RW_SOFTHYPHEN) && letter && pos == 3 &&
		    is_letter(s[i] < 0x80 ? s[i] : 0x400))
			o += put_utf8(out + o, how == RW_ZEROWIDTH ? 0x200B : 0xAD);
		o += put_utf8(out + o, c);
		if (how == RW_MARKS && strchr("aeiouAEIOU", (int)(c < 0x80 ? c : 1)) != NULL)
			o += put_utf8(out + o, 0x301);
	}
	out[o] = '\0';
}

/*
 * Every condition of the half that the rule refuses or holds as written,
 * rewritten each way, is still refused or held: never accepted as checked.
 */
static void test_evasion(void **state)
{
	static struct corpus_text texts[MAX_TEXTS];
	static char out[REWRITE];
	int tried[RW_N] = { 0 }, accepted[RW_N] = { 0 };

	(void)state;
	for (size_t l = 0; l < NLANG; l++) {
		size_t n = read_half(languages[l], texts);
		for (size_t i = 0; i < n; i++) {
			struct elig_match m;
			int checked;
			if (texts[i].expect == 0 || elig_check_text(rules, texts[i].s, languages[l],
								    &m, &checked) == ELIG_ACCEPTED)
				continue;
			for (int how = 0; how < RW_N; how++) {
				rewrite(how, texts[i].s, out);
				if (strcmp(out, texts[i].s) == 0)
					continue; /* nothing to rewrite (no look-alike letters) */
				tried[how]++;
				for (int tagged = 1; tagged >= 0; tagged--) {
					int rc = elig_check_text(rules, out,
								 tagged ? languages[l] : NULL, &m,
								 &checked);
					assert_true(rc >= 0);
					if (rc != ELIG_ACCEPTED)
						continue;
					accepted[how]++;
					/* the id, not the text: the test half stays unread */
					fprintf(stderr, "  evasion accepted (%s, %s): %s\n",
						rewrite_names[how], tagged ? "tagged" : "untagged",
						texts[i].id);
				}
			}
		}
	}
	printf("eligibility evasion suite, %s half:\n", half);
	for (int how = 0; how < RW_N; how++)
		printf("  %-16s %d conditions rewritten, %d accepted\n", rewrite_names[how],
		       tried[how], accepted[how]);
	for (int how = 0; how < RW_N; how++) {
		assert_true(tried[how] > 0);
		assert_int_equal(accepted[how], 0);
	}
}

#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef ELIG_EVASION_ONLY /* test_elig_evasion: must pass */
		cmocka_unit_test(test_evasion),
#else /* test_elig_corpus: an XFAIL until the lists reach the thresholds */
		cmocka_unit_test(test_corpus),
#endif
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
