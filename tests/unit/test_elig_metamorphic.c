/*
 * test_elig_metamorphic.c - relations the eligibility rule must keep when a
 * text stands next to another (docs/eligibility.md, "The metamorphic test"),
 * on the development half of tests/data/eligibility/corpus (never the test
 * half):
 *   C+H, H+C  a condition the rule catches alone (refused or held), joined
 *             with a harmless text of its language before or after it, is
 *             still caught;
 *   H+H       two harmless texts joined are never refused (held is allowed).
 * Across languages (test_metamorphic_languages): a caught condition joined
 * with a full stop to a harmless text of another language, tagged with
 * that text's language (a listing with one sentence in another language),
 * is still caught (XCH, XHC); two harmless texts of two languages, tagged
 * with the first one's, are never refused (XHH). Each text is paired in
 * XLANGS other languages drawn by rank, with one partner in each; at most
 * XMISSED percent of the XCH and XHC pairs may release their condition
 * (on seed SEED), and no XHH pair may be refused.
 * Each caught condition is paired with PARTNERS harmless texts drawn by rank
 * (elig_pairs.c, seed SEED) among those that name no topic of its rule, each
 * harmless text with PARTNERS others; both orders, joined with a space and
 * with a full stop. An H+H refusal fails; so does a C+H/H+C failure not in
 * tests/data/eligibility/metamorphic-known.tsv. Listed failures that pass
 * now are printed, so the list shrinks.
 *
 * ELIG_METAMORPHIC_SEED / ELIG_METAMORPHIC_N draw other pairs (an audit: the
 * known list then does not apply, failures are counted and not asserted);
 * ELIG_METAMORPHIC_LIST=1 prints every failure as a line of the known list.
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
#include "elig_pairs.h"
#include "eligibility.h"

#define SEED     10u /* the draw the known list is for */
#define PARTNERS 3   /* harmless partners of each text */
#define XLANGS   2   /* other languages a text is paired in (across languages) */
#define XMISSED  1   /* percent of pairs across languages allowed to release a condition */

static const char *const languages[] = { "en", "de", "fr", "es", "it", "pt",
					 "nl", "ro", "bg", "pl", "ru", "uk" };
#define NLANG (sizeof(languages) / sizeof(languages[0]))

enum relation { REL_CH, REL_HC, REL_HH, REL_XCH, REL_XHC, REL_XHH, REL_N };
static const char *const relation_names[REL_N] = { "CH", "HC", "HH", "XCH", "XHC", "XHH" };

static struct elig_rules *rules;
static struct pair_topics *topics;
static struct pair_known *known;
static char srcdir[1024];
static unsigned seed = SEED;
static size_t partners = PARTNERS;
static int list_all;

struct tally {
	size_t pairs[REL_N][PAIR_NJOIN];
	size_t failed[REL_N][PAIR_NJOIN];   /* C+H/H+C accepted, H+H refused */
	size_t unlisted[REL_N][PAIR_NJOIN]; /* failed and not in the known list */
};

/* An unsigned number from the environment variable name, or dflt. */
static unsigned long env_number(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtoul(s, &end, 10);
	return *end == '\0' ? v : dflt;
}

static int setup(void **state)
{
	char path[PATH_MAX + 64];

	(void)state;
	seed = (unsigned)env_number("ELIG_METAMORPHIC_SEED", SEED);
	partners = env_number("ELIG_METAMORPHIC_N", PARTNERS);
	list_all = getenv("ELIG_METAMORPHIC_LIST") != NULL;
	rules = corpus_rules_load(srcdir, sizeof(srcdir));
	snprintf(path, sizeof(path), "%s/tests/data/eligibility/metamorphic-topics.tsv", srcdir);
	topics = pair_topics_load(path);
	snprintf(path, sizeof(path), "%s/tests/data/eligibility/metamorphic-known.tsv", srcdir);
	known = pair_known_load(path);
	return rules != NULL && topics != NULL && known != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	pair_topics_free(topics);
	pair_known_free(known);
	return 0;
}

/* The rule's outcome for text in language lang (tagged, as records are). */
static int outcome(const char *text, const char *lang, struct elig_match *m)
{
	int checked, rc = elig_check_text(rules, text, lang, m, &checked);

	assert_true(rc >= 0);
	return rc;
}

/* Check one joined pair of a and b (ids) and count it. */
static void check_pair(struct tally *t, enum relation rel, enum pair_join how, const char *lang,
		       const struct corpus_text *a, const struct corpus_text *b)
{
	static char joined[PAIR_TEXT];
	int first_harmless = rel == REL_HC || rel == REL_XHC, hh = rel == REL_HH || rel == REL_XHH;
	const struct corpus_text *cond = first_harmless ? b : a, *harm = first_harmless ? a : b;
	struct elig_match m;
	int rc, failed, listed;

	pair_join(how, a->s, b->s, joined);
	rc = outcome(joined, lang, &m);
	t->pairs[rel][how]++;
	failed = hh ? rc == ELIG_REFUSED : rc == ELIG_ACCEPTED;
	if (!failed)
		return;
	t->failed[rel][how]++;
	/* across languages a share is allowed (XMISSED), not a list */
	listed = rel == REL_XCH || rel == REL_XHC ||
		 (!hh && pair_known_has(known, relation_names[rel], how, cond->id, harm->id));
	if (!listed)
		t->unlisted[rel][how]++;
	if (list_all || !listed)
		printf("%s%s\t%s\t%s\t%s\t?\t%s%s%s\n", listed ? "" : "NEW ", relation_names[rel],
		       pair_join_name(how), cond->id, harm->id, hh ? m.rule : "", hh ? " " : "",
		       joined);
}

/* Every pair of condition i with its drawn partners, both orders, both joins. */
static void check_condition(struct tally *t, const char *lang, const struct corpus_text *texts,
			    size_t n, size_t i, const unsigned char *ok)
{
	size_t part[64], got = pair_draw(seed, texts[i].id, texts, n, ok, partners, part);

	for (size_t p = 0; p < got; p++)
		for (int how = 0; how < PAIR_NJOIN; how++) {
			check_pair(t, REL_CH, how, lang, &texts[i], &texts[part[p]]);
			check_pair(t, REL_HC, how, lang, &texts[part[p]], &texts[i]);
		}
}

/* Every pair of harmless text i with its drawn harmless partners. */
static void check_harmless(struct tally *t, const char *lang, const struct corpus_text *texts,
			   size_t n, size_t i, unsigned char *ok)
{
	size_t part[64], got;
	char key[40];

	ok[i] = 0; /* not itself */
	snprintf(key, sizeof(key), "HH %s", texts[i].id);
	got = pair_draw(seed, key, texts, n, ok, partners, part);
	ok[i] = 1;
	for (size_t p = 0; p < got; p++)
		for (int how = 0; how < PAIR_NJOIN; how++)
			check_pair(t, REL_HH, how, lang, &texts[i], &texts[part[p]]);
}

/* All pairs of one language. */
static void check_language(struct tally *t, const char *lang)
{
	static struct corpus_text texts[CORPUS_MAX_TEXTS];
	static unsigned char ok[6][CORPUS_MAX_TEXTS]; /* [0] harmless, [r] no topic of rule r */
	size_t n = corpus_read_half(srcdir, "dev", lang, texts);
	struct elig_match m;

	for (size_t i = 0; i < n; i++)
		for (int r = 0; r <= 5; r++)
			ok[r][i] = texts[i].expect == 0 &&
				   (r == 0 || !pair_names_topic(topics, r, texts[i].s));
	for (size_t i = 0; i < n; i++) {
		if (texts[i].expect == 0)
			check_harmless(t, lang, texts, n, i, ok[0]);
		else if (outcome(texts[i].s, lang, &m) != ELIG_ACCEPTED)
			check_condition(t, lang, texts, n, i, ok[texts[i].expect]);
	}
}

/* ---- across languages --------------------------------------------------- */

static struct corpus_text all_texts[NLANG][CORPUS_MAX_TEXTS];
static size_t all_n[NLANG];
/* [l][0][i]: text i of language l is harmless; [l][r][i]: and names no topic of rule r */
static unsigned char all_ok[NLANG][6][CORPUS_MAX_TEXTS];
static unsigned char all_caught[NLANG][CORPUS_MAX_TEXTS]; /* a condition caught alone */

/* Read the development half of every language, once. */
static void read_all_languages(void)
{
	struct elig_match m;

	for (size_t l = 0; l < NLANG; l++) {
		struct corpus_text *x = all_texts[l];
		all_n[l] = corpus_read_half(srcdir, "dev", languages[l], x);
		for (size_t i = 0; i < all_n[l]; i++) {
			for (int r = 0; r <= 5; r++)
				all_ok[l][r][i] = x[i].expect == 0 &&
						  (r == 0 || !pair_names_topic(topics, r, x[i].s));
			all_caught[l][i] = x[i].expect > 0 &&
					   outcome(x[i].s, languages[l], &m) != ELIG_ACCEPTED;
		}
	}
}

/* The XLANGS languages other than own that key is paired in: least rank first. */
static void draw_languages(const char *key, size_t own, size_t out[XLANGS])
{
	uint64_t rank[NLANG];
	size_t k = 0;

	for (size_t l = 0; l < NLANG; l++)
		rank[l] = pair_rank(seed, key, languages[l]);
	for (; k < XLANGS; k++) {
		size_t best = NLANG;
		for (size_t l = 0; l < NLANG; l++) {
			int taken = l == own;
			for (size_t j = 0; j < k; j++)
				taken |= out[j] == l;
			if (!taken && (best == NLANG || rank[l] < rank[best]))
				best = l;
		}
		out[k] = best;
	}
}

/* Text i of language l with one partner in each of its XLANGS languages. */
static void check_across(struct tally *t, size_t l, size_t i)
{
	const struct corpus_text *x = &all_texts[l][i];
	size_t other[XLANGS], p;
	char key[40];

	snprintf(key, sizeof(key), "X %s", x->id);
	draw_languages(key, l, other);
	for (size_t k = 0; k < XLANGS; k++) {
		size_t o = other[k];
		const struct corpus_text *h = all_texts[o];
		if (pair_draw(seed, key, h, all_n[o], all_ok[o][x->expect], 1, &p) == 0)
			continue;
		if (x->expect == 0) { /* tagged with the first text's language */
			check_pair(t, REL_XHH, PAIR_STOP, languages[l], x, &h[p]);
			check_pair(t, REL_XHH, PAIR_STOP, languages[o], &h[p], x);
		} else { /* tagged with the harmless text's language */
			check_pair(t, REL_XCH, PAIR_STOP, languages[o], x, &h[p]);
			check_pair(t, REL_XHC, PAIR_STOP, languages[o], &h[p], x);
		}
	}
}

/*
 * Pairs across languages (docs/eligibility.md, "Mixed-language text"),
 * joined with a full stop: a listing with a sentence in another language
 * is checked sentence by sentence (elig_sentlang.c). Failures not in the
 * known list fail the test on the listed draw, as in test_metamorphic.
 */
static void test_metamorphic_languages(void **state)
{
	struct tally t;
	int listed_draw = seed == SEED && partners == PARTNERS;
	size_t missed = 0, pairs = 0, hh = 0;

	(void)state;
	memset(&t, 0, sizeof(t));
	read_all_languages();
	for (size_t l = 0; l < NLANG; l++)
		for (size_t i = 0; i < all_n[l]; i++)
			if (all_texts[l][i].expect == 0 || all_caught[l][i])
				check_across(&t, l, i);
	printf("eligibility metamorphic relations across languages, dev half, seed %u, %d "
	       "languages: failed/pairs (at most %d%% of XCH and XHC; ELIG_METAMORPHIC_LIST=1 "
	       "prints them)\n",
	       seed, XLANGS, XMISSED);
	for (int rel = REL_XCH; rel < REL_N; rel++) {
		printf("  %s %-5s %zu/%zu\n", relation_names[rel], pair_join_name(PAIR_STOP),
		       t.failed[rel][PAIR_STOP], t.pairs[rel][PAIR_STOP]);
		if (rel == REL_XHH) {
			hh += t.failed[rel][PAIR_STOP];
		} else {
			missed += t.failed[rel][PAIR_STOP];
			pairs += t.pairs[rel][PAIR_STOP];
		}
	}
	assert_int_equal(hh, 0);
	if (listed_draw)
		assert_true(missed * 100 <= pairs * XMISSED);
}

static void test_metamorphic(void **state)
{
	struct tally t;
	int listed_draw = seed == SEED && partners == PARTNERS;
	size_t unlisted = 0, hh = 0;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (size_t l = 0; l < NLANG; l++)
		check_language(&t, languages[l]);
	printf("eligibility metamorphic relations, dev half, seed %u, %zu partners: failed/pairs "
	       "(not in the known list)\n",
	       seed, partners);
	for (int rel = 0; rel <= REL_HH; rel++)
		for (int how = 0; how < PAIR_NJOIN; how++) {
			printf("  %s %-5s %zu/%zu (%zu)\n", relation_names[rel],
			       pair_join_name(how), t.failed[rel][how], t.pairs[rel][how],
			       t.unlisted[rel][how]);
			if (rel == REL_HH)
				hh += t.failed[rel][how];
			else
				unlisted += t.unlisted[rel][how];
		}
	if (listed_draw)
		pair_known_report_unseen(known);
	else
		printf("  (another draw than the known list's: C+H/H+C failures not asserted)\n");
	assert_int_equal(hh, 0);
	if (listed_draw)
		assert_int_equal(unlisted, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metamorphic_languages), /* first: test_metamorphic reports
								  the known list's unseen lines */
		cmocka_unit_test(test_metamorphic),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
