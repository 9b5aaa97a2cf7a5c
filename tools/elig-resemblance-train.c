/*
 * elig-resemblance-train.c - writes the learned hold's models
 * (data/eligibility/resemblance/<tag>.tsv) from the corpus's development
 * half, and measures the hold by cross-validation on that half
 * (docs/eligibility.md, "The learned hold (resemblance)"):
 *
 *   make elig-resemblance      (tools/elig-resemblance-train SRCDIR)
 *   tools/elig-resemblance-train [--threshold N] SRCDIR
 *   tools/elig-resemblance-train --cv SRCDIR
 *
 * SRCDIR is the source tree: the languages are the lists in its data/eligibility,
 * the rows tests/data/eligibility/corpus/dev/<tag>.tsv (never the test
 * half). --cv trains on four fifths of the rows (by id number mod 5), holds
 * with that model the rows of the fifth the phrase lists accept, and prints
 * per threshold the conditions the lists miss that are held and the harmless
 * texts held. Exits 1 with a message on an error.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eligibility.h"
#include "elig_resemble.h"
#include "elig_rtrain.h"

#define FOLDS 5
static const double cv_thresholds[] = { 4, 6, 8, 10, 12, 15, 20, 25 };
#define NTH (sizeof(cv_thresholds) / sizeof(*cv_thresholds))

static int is_list(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && n < 24 && strcmp(d->d_name + n - 8, ".phrases") == 0;
}

/* Train on the rows of rows[0..n) whose number mod FOLDS is not skip (-1: all). */
static struct elig_rtrain *train(const struct elig_norm *nm, const struct elig_rrow *rows, long n,
				 int skip)
{
	struct elig_rtrain *tr = elig_rtrain_new();

	for (long i = 0; tr != NULL && i < n; i++)
		if ((skip < 0 || rows[i].num % FOLDS != skip) &&
		    elig_rtrain_add(tr, nm, rows[i].text, strlen(rows[i].text), rows[i].cls) != 0) {
			elig_rtrain_free(tr);
			return NULL;
		}
	return tr;
}

static void dev_path(char *p, size_t cap, const char *src, const char *tag)
{
	snprintf(p, cap, "%s/tests/data/eligibility/corpus/dev/%s.tsv", src, tag);
}

/* Write the model of language tag into src/data/eligibility/resemblance/. */
static int write_model(const struct elig_norm *nm, const char *src, const char *tag, double th)
{
	char in[PATH_MAX], out[PATH_MAX + 8], shown[64];
	struct elig_rrow *rows;
	struct elig_rtrain *tr;
	long n;
	FILE *f;
	int rc = -1;

	dev_path(in, sizeof(in), src, tag);
	snprintf(out, sizeof(out), "%s/data/eligibility/resemblance/%s.tsv", src, tag);
	snprintf(shown, sizeof(shown), "tests/data/eligibility/corpus/dev/%s.tsv", tag);
	if ((n = elig_rrows_read(in, &rows)) < 0)
		return -1;
	if ((tr = train(nm, rows, n, -1)) != NULL && (f = fopen(out, "w")) != NULL) {
		rc = elig_rtrain_write(tr, f, tag, shown, th);
		rc |= fclose(f);
	}
	if (rc != 0)
		fprintf(stderr, "elig-resemblance-train: cannot write %s\n", out);
	elig_rtrain_free(tr);
	elig_rrows_free(rows, n);
	return rc;
}

/* The languages with a list in src (names[i]: "<tag>.phrases"); -1 on error. */
static int list_tags(const char *src, struct dirent ***names)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/data/eligibility", src);
	return scandir(dir, names, is_list, alphasort);
}

static int train_all(const char *src, double th)
{
	char tag[24];
	struct dirent **names;
	struct elig_norm *nm = elig_norm_open(NULL);
	int n = list_tags(src, &names), rc = n > 0 && nm != NULL ? 0 : -1;

	for (int i = 0; i < n; i++) {
		snprintf(tag, sizeof(tag), "%.*s", (int)strlen(names[i]->d_name) - 8,
			 names[i]->d_name);
		if (rc == 0 && write_model(nm, src, tag, th) != 0)
			rc = -1;
		free(names[i]);
	}
	free(n >= 0 ? names : NULL);
	elig_norm_close(nm);
	return rc;
}

/* ---- cross-validation ----------------------------------------------------- */

/* What the cross-validation counts, per threshold. */
struct cv_tally {
	long cond, harmless, missed; /* all conditions, all harmless, conditions the lists miss */
	long held_missed[NTH], held_ok[NTH];
	long alone[NTH]; /* conditions the model alone holds, whatever the lists say */
};

/* A model of the rows not in fold k, as the loader reads it; NULL on error. */
static struct elig_rmodel *fold_model(const struct elig_norm *nm, const struct elig_rrow *rows,
				      long n, int k)
{
	struct elig_rtrain *tr = train(nm, rows, n, k);
	struct elig_rmodel *m = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (tr != NULL && (f = open_memstream(&text, &len)) != NULL) {
		int bad = elig_rtrain_write(tr, f, "cv", "cv", 10);
		if (fclose(f) == 0 && !bad)
			m = elig_rmodel_parse(text, len, "cv", NULL);
	}
	free(text);
	elig_rtrain_free(tr);
	return m;
}

/* Whether the model of list li alone holds text s (sentences as written, no run-ons). */
static int held_alone(struct elig_rules *r, size_t li, const char *s)
{
	struct elig_text t;
	struct elig_rhold h;
	int rc = -1;

	if (elig_norm_text(r->norm, s, strlen(s), &t) == 0)
		rc = elig_resemble_held(r, &t, NULL, &r->langs[li], &h);
	elig_text_free(&t);
	return rc;
}

/* Hold the rows of fold k that the lists accepted (acc) with list li's fold model. */
static int cv_fold(struct elig_rules *r, size_t li, const char *tag, const struct elig_rrow *rows,
		   long n, const char *acc, int k, struct cv_tally *t)
{
	struct elig_rmodel *m = fold_model(r->norm, rows, n, k);
	struct elig_match mm;

	if (m == NULL)
		return -1;
	elig_resemble_swap(r, li, m);
	for (size_t th = 0; th < NTH; th++) {
		elig_rmodel_set_threshold(m, cv_thresholds[th]);
		for (long i = 0; i < n; i++) {
			if (rows[i].num % FOLDS == k && rows[i].cls < ELIG_RCLASSES - 1)
				t->alone[th] += held_alone(r, li, rows[i].text) == 1;
			if (rows[i].num % FOLDS != k || !acc[i] ||
			    elig_check_text(r, rows[i].text, tag, &mm, NULL) != ELIG_HELD)
				continue;
			if (rows[i].cls == ELIG_RCLASSES - 1)
				t->held_ok[th]++;
			else
				t->held_missed[th]++;
		}
	}
	elig_rmodel_free(elig_resemble_swap(r, li, NULL));
	return 0;
}

/* Cross-validate list li's language; adds to t. */
static int cv_lang(struct elig_rules *r, size_t li, const char *src, struct cv_tally *t)
{
	char in[PATH_MAX];
	const char *tag = r->langs[li].tag;
	struct elig_rrow *rows;
	char *acc;
	long n;
	int rc = 0;

	dev_path(in, sizeof(in), src, tag);
	if ((n = elig_rrows_read(in, &rows)) < 0)
		return -1;
	if ((acc = calloc((size_t)n + 1, 1)) == NULL)
		rc = -1;
	for (long i = 0; rc == 0 && i < n; i++) {
		int ok = rows[i].cls == ELIG_RCLASSES - 1;
		acc[i] = elig_check_text(r, rows[i].text, tag, NULL, NULL) == ELIG_ACCEPTED;
		t->cond += !ok;
		t->harmless += ok;
		t->missed += !ok && acc[i];
	}
	for (int k = 0; rc == 0 && k < FOLDS; k++)
		rc = cv_fold(r, li, tag, rows, n, acc, k, t);
	free(acc);
	elig_rrows_free(rows, n);
	return rc;
}

static void cv_print(const struct cv_tally *t)
{
	printf("cross-validation (%d folds by id number) on the development half, tagged:\n"
	       "%ld conditions (%ld missed by the lists), %ld harmless texts\n"
	       "threshold | missed conditions held | harmless texts held in addition | "
	       "conditions the model alone holds\n",
	       FOLDS, t->cond, t->missed, t->harmless);
	for (size_t th = 0; th < NTH; th++)
		printf("%9g | %ld/%ld | %ld/%ld (%.1f%%) | %ld/%ld (%.1f%%)\n", cv_thresholds[th],
		       t->held_missed[th], t->missed, t->held_ok[th], t->harmless,
		       t->harmless > 0 ? 100.0 * t->held_ok[th] / t->harmless : 0.0, t->alone[th],
		       t->cond, t->cond > 0 ? 100.0 * t->alone[th] / t->cond : 0.0);
}

static int cross_validate(const char *src)
{
	char dir[PATH_MAX];
	struct cv_tally t;
	struct elig_rules *r;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	snprintf(dir, sizeof(dir), "%s/data/eligibility", src);
	if ((r = elig_rules_load(dir, NULL)) == NULL) {
		fprintf(stderr, "elig-resemblance-train: cannot load the rules in %s\n", dir);
		return -1;
	}
	for (size_t i = 0; i < r->nlangs; i++)
		elig_rmodel_free(elig_resemble_swap(r, i, NULL)); /* the lists alone */
	for (size_t i = 0; rc == 0 && i < r->nlangs; i++)
		rc = cv_lang(r, i, src, &t);
	if (rc == 0)
		cv_print(&t);
	elig_rules_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	double th = 10;
	int cv = 0, a = 1;

	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--cv") == 0)
			cv = 1;
		else if (strcmp(argv[a], "--threshold") == 0 && a + 1 < argc)
			th = strtod(argv[++a], NULL);
		else
			break;
	}
	if (a + 1 != argc) {
		fputs("usage: elig-resemblance-train [--threshold N | --cv] SRCDIR\n", stderr);
		return 1;
	}
	if ((cv ? cross_validate(argv[a]) : train_all(argv[a], th)) != 0) {
		fputs("elig-resemblance-train: failed (see above)\n", stderr);
		return 1;
	}
	return 0;
}
