/*
 * elig_corpus_rows.c - reading one half of the eligibility corpus for the
 * unit tests that measure the rule on it.
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

struct elig_rules *corpus_rules_load(char *srcdir, size_t n)
{
	const char *d = getenv("DIRECTORYD_DATA_DIR");
	char path[PATH_MAX + 32];
	struct dir_error err;
	struct elig_rules *rules;

	snprintf(srcdir, n, "%s", d != NULL ? d : ".");
	snprintf(path, sizeof(path), "%s/data/eligibility", srcdir);
	dir_error_init(&err);
	rules = elig_rules_load(path, &err);
	if (rules == NULL)
		fprintf(stderr, "cannot load phrase lists: %s\n", err.message);
	dir_error_clear(&err);
	return rules;
}

/* Split one id<TAB>expect<TAB>text line into texts[n]. */
static void corpus_parse_line(char *line, struct corpus_text *t)
{
	char *expect, *s;

	expect = strchr(line, '\t');
	assert_non_null(expect);
	*expect++ = '\0';
	s = strchr(expect, '\t');
	assert_non_null(s);
	*s++ = '\0';
	assert_true(strcmp(expect, "ok") == 0 ||
		    (expect[0] == 'D' && expect[1] >= '1' && expect[1] <= '5' && !expect[2]));
	t->expect = expect[0] == 'D' ? expect[1] - '0' : 0;
	snprintf(t->id, sizeof(t->id), "%.23s", line);
	snprintf(t->s, sizeof(t->s), "%s", s);
}

size_t corpus_read_half(const char *srcdir, const char *half, const char *lang,
			struct corpus_text *texts)
{
	char path[PATH_MAX + 64], line[CORPUS_MAX_TEXT + 64];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/eligibility/corpus/%s/%s.tsv", srcdir, half,
		 lang);
	f = fopen(path, "r");
	if (f == NULL)
		fprintf(stderr, "cannot open %s\n", path);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		assert_true(n < CORPUS_MAX_TEXTS);
		corpus_parse_line(line, &texts[n++]);
	}
	fclose(f);
	return n;
}
