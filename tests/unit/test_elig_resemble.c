/*
 * test_elig_resemble.c - the learned hold (directoryd/elig/elig_resemble.c,
 * docs/eligibility.md "The learned hold (resemblance)"): the models the
 * trainer writes from the corpus's development half (and that any committed
 * model is exactly that), and what a hand-made model holds: a window of one
 * or two sentences, never three, never a refusal, the rule of the highest
 * likelihood, monotone under harmless text around it. Load errors are in
 * test_eligibility.c (test_load_errors).
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
#include "elig_resemble.h"
#include "elig_rtrain.h"
#include "eligibility.h"

static struct elig_rules *rules;
static char srcdir[PATH_MAX];

static int setup(void **state)
{
	(void)state;
	rules = corpus_rules_load(srcdir, sizeof(srcdir));
	return rules == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	return 0;
}

/* The model the trainer writes for list tag from the dev half, as text (free it). */
static char *trained(const char *tag, size_t *len, unsigned totals[ELIG_RCLASSES])
{
	char path[PATH_MAX + 64], shown[64];
	struct elig_rrow *rows;
	struct elig_rtrain *tr = elig_rtrain_new();
	char *text = NULL;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/eligibility/corpus/dev/%s.tsv", srcdir, tag);
	snprintf(shown, sizeof(shown), "tests/data/eligibility/corpus/dev/%s.tsv", tag);
	assert_non_null(tr);
	assert_true((n = elig_rrows_read(path, &rows)) > 0);
	memset(totals, 0, ELIG_RCLASSES * sizeof(*totals));
	for (long i = 0; i < n; i++) {
		assert_int_equal(elig_rtrain_add(tr, rules->norm, rows[i].text,
						 strlen(rows[i].text), rows[i].cls),
				 0);
		totals[rows[i].cls]++;
	}
	assert_non_null(f = open_memstream(&text, len));
	assert_int_equal(elig_rtrain_write(tr, f, tag, shown, 10), 0);
	assert_int_equal(fclose(f), 0);
	elig_rtrain_free(tr);
	elig_rrows_free(rows, n);
	return text;
}

/* The bytes of path, or NULL when it does not exist (free it). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;

	if (f == NULL)
		return NULL;
	assert_non_null(s = malloc(16 << 20));
	*len = fread(s, 1, 16 << 20, f);
	fclose(f);
	return s;
}

/*
 * For every list: the trainer's model of the dev half parses, counts the
 * dev rows of each class, and any committed model is byte for byte what it
 * writes now (so it was trained on the dev half alone and is retrained
 * when the corpus or the features change).
 */
static void test_models_from_dev_half(void **state)
{
	char path[PATH_MAX + 64], expect[128];
	unsigned totals[ELIG_RCLASSES];
	size_t committed = 0;

	(void)state;
	for (size_t i = 0; i < rules->nlangs; i++) {
		const char *tag = rules->langs[i].tag;
		size_t len, clen;
		char *text = trained(tag, &len, totals), *c;
		struct elig_rmodel *m = elig_rmodel_parse(text, len, tag, NULL);
		assert_non_null(m);
		elig_rmodel_free(m);
		snprintf(expect, sizeof(expect), "\ntotals\t%u\t%u\t%u\t%u\t%u\t%u\n", totals[0],
			 totals[1], totals[2], totals[3], totals[4], totals[5]);
		assert_non_null(strstr(text, expect));
		snprintf(path, sizeof(path), "%s/data/eligibility/resemblance/%s.tsv", srcdir, tag);
		if ((c = slurp(path, &clen)) != NULL) {
			if (clen != len || memcmp(c, text, len) != 0)
				fprintf(stderr,
					"%s differs from the dev half's model: run make "
					"elig-resemblance\n",
					path);
			assert_true(clen == len && memcmp(c, text, len) == 0);
			committed++;
			free(c);
		}
		free(text);
	}
	printf("resemblance: %zu lists, %zu committed models checked\n", rules->nlangs, committed);
}

/* The index of the English list. */
static size_t en_list(void)
{
	for (size_t i = 0; i < rules->nlangs; i++)
		if (strcmp(rules->langs[i].tag, "en") == 0)
			return i;
	fail();
	return 0;
}

/*
 * A hand-made model: "zorblat" and "quendix" each weigh log 19 (about
 * 2.94) towards a condition, of rule cls (1..5); the threshold 5 needs
 * both in one window.
 */
static struct elig_rmodel *toy_model(int cls)
{
	char text[512], c[2][32];

	for (int k = 0; k < 2; k++) {
		unsigned v[ELIG_RCLASSES] = { 0 };
		v[cls - 1] = 9;
		snprintf(c[k], sizeof(c[k]), "%u\t%u\t%u\t%u\t%u\t%u", v[0], v[1], v[2], v[3], v[4],
			 v[5]);
	}
	snprintf(text, sizeof(text),
		 "# toy\ntotals\t10\t10\t10\t10\t10\t50\nthreshold\t5\nquendix\t%s\nzorblat\t%s\n",
		 c[0], c[1]);
	return elig_rmodel_parse(text, strlen(text), "toy", NULL);
}

/* The outcome of text (tagged en) with m in place of the English model. */
static int with_model(struct elig_rmodel *m, const char *text, struct elig_match *mm)
{
	size_t li = en_list();
	struct elig_rmodel *old = elig_resemble_swap(rules, li, m);
	int rc = elig_check_text(rules, text, "en", mm, NULL);

	assert_ptr_equal(elig_resemble_swap(rules, li, old), m);
	return rc;
}

static void test_toy_windows(void **state)
{
	struct elig_rmodel *m = toy_model(3);
	struct elig_match mm;

	(void)state;
	assert_non_null(m);
	assert_int_equal(with_model(m, "The zorblat is here.", &mm), ELIG_ACCEPTED);
	assert_int_equal(with_model(m, "The zorblat and the quendix are here.", &mm), ELIG_HELD);
	assert_string_equal(mm.rule, "D3");
	assert_int_equal(mm.resembles, 1);
	assert_string_equal(mm.phrase, "The zorblat and the quendix are here");
	/* two sentences form a window; three do not */
	assert_int_equal(with_model(m, "The zorblat is here. The quendix is there.", &mm),
			 ELIG_HELD);
	assert_string_equal(mm.phrase, "The zorblat is here. The quendix is there");
	assert_int_equal(
		with_model(m, "The zorblat is here. We open at nine. The quendix is there.", &mm),
		ELIG_ACCEPTED);
	/* harmless text before or after keeps a held window held */
	assert_int_equal(with_model(m,
				    "We open at nine. Tea is free. The zorblat and the quendix "
				    "are here. Ask at the desk.",
				    &mm),
			 ELIG_HELD);
	assert_string_equal(mm.phrase, "The zorblat and the quendix are here");
	/* the model only holds: what the lists refuse stays refused */
	assert_int_equal(
		with_model(m, "A police report is required. The zorblat and the quendix.", &mm),
		ELIG_REFUSED);
	assert_int_equal(mm.resembles, 0);
	/* without the model, nothing */
	assert_int_equal(with_model(NULL, "The zorblat and the quendix are here.", &mm),
			 ELIG_ACCEPTED);
	elig_rmodel_free(m);
}

/* The rule named is the class of the highest likelihood. */
static void test_toy_rule(void **state)
{
	struct elig_match mm;

	(void)state;
	for (int cls = 1; cls <= 5; cls++) {
		struct elig_rmodel *m = toy_model(cls);
		char want[4];
		snprintf(want, sizeof(want), "D%d", cls);
		assert_int_equal(with_model(m, "A zorblat, a quendix.", &mm), ELIG_HELD);
		assert_string_equal(mm.rule, want);
		elig_rmodel_free(m);
	}
}

/* A hold of the learned model reads as one in a document's details. */
static void test_toy_detail(void **state)
{
	struct elig_rmodel *m = toy_model(2);
	size_t li = en_list();
	struct elig_rmodel *old = elig_resemble_swap(rules, li, m);
	json_t *doc = json_pack("{s:s, s:s}", "language", "en", "description",
				"The zorblat and the quendix are here.");
	struct elig_report rep = { NULL, json_array(), NULL, "", 0, 0 };
	json_t *d;

	(void)state;
	assert_int_equal(elig_check_document_full(rules, doc, "", &rep), ELIG_HELD);
	d = json_array_get(rep.held, 0);
	assert_string_equal(json_string_value(json_object_get(d, "basis")), "resemblance");
	assert_non_null(strstr(json_string_value(json_object_get(d, "message")), "resembles"));
	assert_string_equal(json_string_value(json_object_get(d, "rule")), "D2");
	json_decref(rep.held);
	json_decref(doc);
	elig_resemble_swap(rules, li, old);
	elig_rmodel_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_from_dev_half),
		cmocka_unit_test(test_toy_windows),
		cmocka_unit_test(test_toy_rule),
		cmocka_unit_test(test_toy_detail),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
