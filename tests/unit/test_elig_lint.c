/*
 * test_elig_lint.c - a lint of the eligibility phrase lists
 * (data/eligibility/<lang>.phrases): the lines of the word families
 * (trade, ban, aid, exit, still, relapse, veiled, pledge) whose alternatives
 * were written as if "|" joined phrases. A "|" joins single words of one
 * term, so "trabalho ~1 sexual|sexuais|do ~1 sexo" is trabalho, then one of
 * sexual/sexuais/do, then sexo: "trabalho sexual" alone never matched (pt,
 * found by hand in the ninth session). The lint flags a middle term (neither
 * the first nor the last) whose alternatives mix a `noend` word of the list
 * (an article or preposition: "do", "à", "na") with other words.
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

#define LINT_MAX_LINE  4096
#define LINT_MAX_NOEND 128
#define LINT_MAX_WORD  64

static const char *const languages[] = { "en", "de", "fr", "es", "it", "pt",
					 "nl", "ro", "bg", "pl", "ru", "uk" };
static const char *const families[] = { "trade", "ban",     "aid",    "exit",
					"still", "relapse", "veiled", "pledge" };

struct noend {
	char w[LINT_MAX_NOEND][LINT_MAX_WORD];
	size_t n;
};

/* Whether word w (len bytes, a leading '=' dropped) is one of the list's noend words. */
static int is_noend(const struct noend *ne, const char *w, size_t len)
{
	if (len > 0 && w[0] == '=')
		w++, len--;
	for (size_t i = 0; i < ne->n; i++)
		if (strlen(ne->w[i]) == len && strncmp(ne->w[i], w, len) == 0)
			return 1;
	return 0;
}

/* Whether term t (len bytes, "a|b|c", an optional '?' at its end) mixes noend words with others. */
static int term_mixes(const struct noend *ne, const char *t, size_t len)
{
	int fn = 0, other = 0;

	if (len > 0 && t[len - 1] == '?')
		len--;
	for (size_t a = 0; a < len;) {
		size_t b = a;
		while (b < len && t[b] != '|')
			b++;
		if (is_noend(ne, t + a, b - a))
			fn = 1;
		else
			other = 1;
		a = b + 1;
	}
	return fn && other;
}

/*
 * Whether a family line (its words after the keyword, in `rest`) has a middle
 * term that mixes noend words with other words. Gaps ("~2") are no terms.
 */
static int line_suspect(const struct noend *ne, const char *rest)
{
	const char *terms[64];
	size_t lens[64], n = 0;

	for (const char *p = rest; *p != '\0' && n < 64;) {
		size_t len;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		len = strcspn(p, " \t\n");
		if (len > 0 && p[0] != '~') {
			terms[n] = p;
			lens[n++] = len;
		}
		p += len;
	}
	for (size_t i = 1; i + 1 < n; i++)
		if (term_mixes(ne, terms[i], lens[i]))
			return 1;
	return 0;
}

/* The keyword of line s if it is a family's, else NULL; *rest is set after it. */
static const char *family_of(const char *s, const char **rest)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		size_t len = strlen(families[i]);
		if (strncmp(s, families[i], len) == 0 && s[len] == ' ') {
			*rest = s + len + 1;
			return families[i];
		}
	}
	return NULL;
}

/* Read the noend words of the list at path into ne. */
static void read_noend(const char *path, struct noend *ne)
{
	char line[LINT_MAX_LINE];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	ne->n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "noend ", 6) != 0)
			continue;
		for (const char *p = line + 6; *p != '\0' && ne->n < LINT_MAX_NOEND;) {
			size_t len = strcspn(p, " \t\n");
			if (len > 0 && len < LINT_MAX_WORD)
				snprintf(ne->w[ne->n++], LINT_MAX_WORD, "%.*s", (int)len, p);
			p += len;
			p += strspn(p, " \t\n");
		}
	}
	fclose(f);
}

/* Lint one list; print each suspect line; returns how many there are. */
static int lint_list(const char *path)
{
	char line[LINT_MAX_LINE];
	struct noend *ne = calloc(1, sizeof(*ne));
	int bad = 0, lineno = 0;
	FILE *f;

	assert_non_null(ne);
	read_noend(path, ne);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *rest;
		lineno++;
		if (family_of(line, &rest) != NULL && line_suspect(ne, rest)) {
			fprintf(stderr,
				"%s:%d: a middle term mixes an article or preposition with other "
				"words; '|' joins single words, so write one line per phrase: %s",
				path, lineno, line);
			bad++;
		}
	}
	fclose(f);
	free(ne);
	return bad;
}

/* The lint itself: a mis-written line is flagged, a well-written one is not. */
static void test_lint_finds_the_pt_bug(void **state)
{
	struct noend ne = { .n = 2 };

	(void)state;
	snprintf(ne.w[0], LINT_MAX_WORD, "do");
	snprintf(ne.w[1], LINT_MAX_WORD, "de");
	assert_true(line_suspect(&ne, "trabalho ~1 sexual|sexuais|do ~1 sexo"));
	assert_false(line_suspect(&ne, "trabalho ~1 sexual|sexuais"));
	assert_false(line_suspect(&ne, "trabalho do ~1 sexo"));
	assert_false(line_suspect(&ne, "de|sexual trabalho")); /* a first term: "the activity" */
}

/* Every family line of the 12 lists passes the lint. */
static void test_lists_clean(void **state)
{
	const char *d = getenv("DIRECTORYD_DATA_DIR");
	char path[PATH_MAX];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(languages) / sizeof(languages[0]); i++) {
		snprintf(path, sizeof(path), "%s/data/eligibility/%s.phrases", d != NULL ? d : ".",
			 languages[i]);
		bad += lint_list(path);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint_finds_the_pt_bug),
		cmocka_unit_test(test_lists_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
