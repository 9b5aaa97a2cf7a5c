/*
 * elig_textcat.c - libexttextcat's fingerprints for one script, read once
 * at load, and the identification of an untagged text with them.
 *
 * The text's fingerprint is made once (fp_Create) and compared with each
 * language's (fp_Compare), as textcat_ClassifyFull does, but the
 * fingerprints of the lists the text's words point to are compared first:
 * the best score usually comes first, and every later comparison then stops
 * as soon as that language is out of the running (fp_Compare's cutoff).
 * The candidates are chosen and ordered from the same scores by the
 * library's rule (within THRESHOLDVALUE of the best, UNKNOWN above
 * MAXCANDIDATES), so the answer is the library's, only sooner. Nothing is
 * shared between calls but the fingerprints, which fp_Compare only reads,
 * so any number of threads may identify at once without a lock.
 * docs/eligibility.md, "Languages and unchecked text"; docs/performance.md.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexttextcat/constants.h>
#include <libexttextcat/fingerprint.h>
#include <libexttextcat/textcat.h>

#include "elig_int.h"
#include "elig_lang.h"

/* Most fingerprints of one script (a score each on the stack per identification). */
#define ELIG_TC_MAX 64

struct elig_textcat {
	void **fp;       /* fp_Read handles in conf order, named by their language */
	int *list;       /* index in r->langs of each fingerprint's list, -1 none */
	uint64_t *close; /* lists each fingerprint's language is close to (conf line) */
	size_t n, cap;
};

void elig_textcat_free(struct elig_textcat *tc)
{
	if (tc == NULL)
		return;
	for (size_t i = 0; i < tc->n; i++)
		fp_Done(tc->fp[i]);
	free(tc->fp);
	free(tc->list);
	free(tc->close);
	free(tc);
}

/*
 * The lists named after a language without a list on a conf line
 * ("ca.lm ca es fr it pt": Catalan is close to es, fr, it and pt), as
 * bits of r->langs, also marked in r->tc_close. lang: the line's
 * language; rest: what follows it. 0 for a language with a list.
 */
static uint64_t elig_textcat_close(struct elig_rules *r, const char *lang, char *rest)
{
	const struct elig_lang *l;
	uint64_t close = 0;
	char *p = rest;

	while (elig_find_lang(r, lang) == NULL && *(p += strspn(p, " \t")) != '\0') {
		size_t n = strcspn(p, " \t");
		char save = p[n];
		p[n] = '\0';
		if ((l = elig_find_lang(r, p)) != NULL)
			close |= (uint64_t)1 << (size_t)(l - r->langs);
		p[n] = save;
		p += n;
	}
	r->tc_close |= close;
	return close;
}

/*
 * Read the fingerprint file path as language lang, close to the lists in
 * close, into tc (at most MAXNGRAMS n-grams, as textcat_Init reads them).
 * Returns 0, or -1 when the file cannot be read, tc has ELIG_TC_MAX
 * already or memory runs out.
 */
static int elig_textcat_add(struct elig_textcat *tc, const struct elig_rules *r, const char *path,
			    const char *lang, uint64_t close)
{
	const struct elig_lang *l = elig_find_lang(r, lang);
	void *fp;

	if (tc->n == ELIG_TC_MAX)
		return -1;
	if (tc->n == tc->cap) {
		size_t cap = tc->cap ? tc->cap * 2 : 16;
		void **f = realloc(tc->fp, cap * sizeof(*f));
		if (f != NULL)
			tc->fp = f;
		int *li = realloc(tc->list, cap * sizeof(*li));
		if (li != NULL)
			tc->list = li;
		uint64_t *c = realloc(tc->close, cap * sizeof(*c));
		if (c != NULL)
			tc->close = c;
		if (f == NULL || li == NULL || c == NULL)
			return -1;
		tc->cap = cap;
	}
	if ((fp = fp_Init(lang)) == NULL)
		return -1;
	if (fp_Read(fp, path, MAXNGRAMS) == 0) {
		fp_Done(fp);
		return -1;
	}
	tc->fp[tc->n] = fp;
	tc->close[tc->n] = close;
	tc->list[tc->n++] = l != NULL ? (int)(l - r->langs) : -1;
	return 0;
}

/*
 * One conf line "<file> <language> [<list> ...]": the file resolved ("./x"
 * against dir, any other name against tcdir), read into tc, close lists
 * marked. Returns 0, or -1 as elig_textcat_add, or for a line without a
 * language or a path too long.
 */
static int elig_textcat_line(struct elig_textcat *tc, struct elig_rules *r, char *line,
			     const char *dir, const char *tcdir)
{
	char path[PATH_MAX], lang[16];
	size_t f = strcspn(line, " \t"), k;
	char *p = line + f;
	uint64_t close;
	int n;

	p += strspn(p, " \t");
	k = strcspn(p, " \t");
	if (k == 0 || k >= sizeof(lang))
		return -1;
	snprintf(lang, sizeof(lang), "%.*s", (int)k, p);
	close = elig_textcat_close(r, lang, p + k);
	if (strncmp(line, "./", 2) == 0)
		n = snprintf(path, sizeof(path), "%s/%.*s", dir, (int)f - 2, line + 2);
	else
		n = snprintf(path, sizeof(path), "%s%.*s", tcdir, (int)f, line);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	return elig_textcat_add(tc, r, path, lang, close);
}

struct elig_textcat *elig_textcat_load(struct elig_rules *r, const char *conf, const char *dir,
				       const char *tcdir)
{
	struct elig_textcat *tc = calloc(1, sizeof(*tc));
	FILE *in = fopen(conf, "r");
	char line[1024];
	int rc = tc != NULL && in != NULL ? 0 : -1;

	while (rc == 0 && fgets(line, sizeof(line), in) != NULL) {
		size_t len = strcspn(line, "\r\n");
		if (line[len] == '\0' && len == sizeof(line) - 1)
			rc = -1; /* longer than libexttextcat reads */
		line[len] = '\0';
		if (rc == 0 && line[0] != '#' && strcspn(line, " \t") > 0)
			rc = elig_textcat_line(tc, r, line, dir, tcdir);
	}
	if (in != NULL)
		fclose(in);
	if (rc != 0 || tc->n == 0) {
		elig_textcat_free(tc);
		return NULL;
	}
	return tc;
}

/* textcat_ClassifyFull's order of candidates: lower score first. */
static int elig_textcat_cmp(const void *a, const void *b)
{
	return ((const candidate_t *)a)->score - ((const candidate_t *)b)->score;
}

/*
 * Compare fingerprint i with the text's (u), as textcat_ClassifyFull does:
 * only while it may still come within THRESHOLDVALUE of the best so far.
 */
static void elig_textcat_score(const struct elig_textcat *tc, size_t i, void *u, int *score,
			       int *min, int *threshold)
{
	score[i] = fp_Compare(tc->fp[i], u, *threshold);
	if (score[i] < *min) {
		*min = score[i];
		*threshold = (int)((double)score[i] * THRESHOLDVALUE);
	}
}

/* Whether fingerprint i is compared in pass 0 (the lists in first), 1 (languages
 * without a list) or 2 (the other lists). */
static int elig_textcat_pass(const struct elig_textcat *tc, size_t i, uint64_t first)
{
	if (tc->list[i] < 0)
		return 1;
	return (first >> tc->list[i] & 1) ? 0 : 2;
}

int elig_textcat_classify(const struct elig_textcat *tc, const char *s, size_t len, uint64_t first,
			  int unlisted_only, const char **names, int max)
{
	int score[ELIG_TC_MAX], min = MAXSCORE, threshold = MAXSCORE, cnt = 0, near = 0;
	candidate_t cand[MAXCANDIDATES + 1];
	void *u;

	if (tc == NULL || (u = fp_Init(NULL)) == NULL)
		return 0;
	if (fp_Create(u, s, (uint4)len, MAXNGRAMS) == 0) {
		fp_Done(u); /* too short */
		return 0;
	}
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 2 && unlisted_only && !near)
			break; /* no language without a list can be a candidate */
		for (size_t i = 0; i < tc->n; i++)
			if (elig_textcat_pass(tc, i, first) == pass)
				elig_textcat_score(tc, i, u, score, &min, &threshold);
		for (size_t i = 0; pass == 1 && i < tc->n; i++)
			near |= tc->list[i] < 0 && score[i] < threshold;
	}
	fp_Done(u);
	if (unlisted_only && !near)
		return 0;
	for (size_t i = 0; i < tc->n && cnt <= MAXCANDIDATES; i++)
		if (score[i] < threshold) {
			cand[cnt].score = score[i];
			cand[cnt++].name = fp_Name(tc->fp[i]);
		}
	if (cnt > MAXCANDIDATES || cnt > max)
		return 0; /* UNKNOWN, or more than the caller calls sure */
	qsort(cand, (size_t)cnt, sizeof(*cand), elig_textcat_cmp);
	for (int i = 0; i < cnt; i++)
		names[i] = cand[i].name;
	return cnt;
}

uint64_t elig_textcat_close_lists(const struct elig_textcat *tc, const char *lang)
{
	for (size_t i = 0; tc != NULL && i < tc->n; i++)
		if (strcmp(fp_Name(tc->fp[i]), lang) == 0)
			return tc->close[i];
	return 0;
}
