/*
 * elig_corpus_rows.h - reading one half of the eligibility corpus
 * (tests/data/eligibility/corpus/<half>/<lang>.tsv) for the unit tests
 * that measure the rule on it (test_elig_corpus.c, test_elig_metamorphic.c),
 * and loading the phrase lists for them and test_eligibility.c.
 */
#ifndef ELIG_CORPUS_ROWS_H
#define ELIG_CORPUS_ROWS_H

#include <stddef.h>

struct elig_rules;

#define CORPUS_MAX_TEXTS 512  /* texts of one language in one half */
#define CORPUS_MAX_TEXT  4096 /* bytes of one text */

struct corpus_text {
	int expect; /* 0 harmless, 1..5 the rule */
	char id[24];
	char s[CORPUS_MAX_TEXT];
};

/*
 * Read <srcdir>/tests/data/eligibility/corpus/<half>/<lang>.tsv into texts
 * (room for CORPUS_MAX_TEXTS). Comment lines (#) and blank lines are
 * skipped; every other line must be id<TAB>expect<TAB>text with expect ok
 * or D1..D5 (a cmocka assertion fails otherwise, or when the file cannot be
 * opened). Returns the number of texts read.
 */
size_t corpus_read_half(const char *srcdir, const char *half, const char *lang,
			struct corpus_text *texts);

/*
 * Load the phrase lists of <dir>/data/eligibility, where dir is
 * DIRECTORYD_DATA_DIR or "." when it is unset, and copy dir into srcdir (n
 * bytes, for the test's other files). Returns the rules (free them with
 * elig_rules_free), or NULL after printing why to stderr.
 */
struct elig_rules *corpus_rules_load(char *srcdir, size_t n);

#endif
