/*
 * test_elig_model.c - the eligibility rule's trained second opinion
 * (directoryd/elig/elig_model.c): the committed model in
 * data/eligibility/model/ loads and belongs to the rule set's VERSION;
 * retraining it from the committed inputs with tools/elig-train gives the
 * same model; it holds a condition the phrase lists accept (by "model"),
 * leaves harmless texts and the lists' own refusals alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elig_model.h"
#include "eligibility.h"

extern char **environ;

static struct elig_rules *rules;
static char srcdir[1024];

static int setup(void **state)
{
	const char *d = getenv("DIRECTORYD_DATA_DIR");
	char path[1100];
	struct dir_error err;

	(void)state;
	snprintf(srcdir, sizeof(srcdir), "%s", d != NULL ? d : ".");
	snprintf(path, sizeof(path), "%s/data/eligibility", srcdir);
	dir_error_init(&err);
	rules = elig_rules_load(path, &err);
	if (rules == NULL)
		fprintf(stderr, "%s\n", err.message);
	return rules == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	return 0;
}

static struct elig_model *load(const char *dir)
{
	struct elig_model *m = NULL;
	struct dir_error err;

	dir_error_init(&err);
	if (elig_model_load(dir, &m, &err) != 0)
		fprintf(stderr, "%s\n", err.message);
	return m;
}

static void test_committed_model(void **state)
{
	char dir[1100];
	struct elig_model *m;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data/eligibility/model", srcdir);
	m = load(dir);
	assert_non_null(m);
	if (strcmp(m->rules, elig_rules_version(rules)) != 0)
		fprintf(stderr,
			"the model was trained with rule set %s, the lists are %s: run `make "
			"elig-model` and commit data/eligibility/model/\n",
			m->rules, elig_rules_version(rules));
	assert_string_equal(m->rules, elig_rules_version(rules));
	assert_true(m->threshold > 0.0 && m->threshold < 1.0);
	elig_model_free(m);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void test_load_errors(void **state)
{
	char dir[] = "/tmp/test_elig_model.XXXXXX", path[64];
	struct elig_model *m = (struct elig_model *)1;
	struct dir_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dir_error_init(&err);
	/* no MODEL file: no second opinion, not an error */
	assert_int_equal(elig_model_load(dir, &m, &err), 0);
	assert_null(m);
	snprintf(path, sizeof(path), "%s/MODEL", dir);
	write_file(path, "rules 2026.12-5\nbits 40\nthreshold 0.5\n");
	assert_int_equal(elig_model_load(dir, &m, &err), -1);
	assert_non_null(strstr(err.message, "bits"));
	dir_error_clear(&err);
	write_file(path, "rules 2026.12-5\nbits 13\nthreshold 0.5\n");
	assert_int_equal(elig_model_load(dir, &m, &err), -1); /* no linear.model */
	assert_non_null(strstr(err.message, "linear.model"));
	dir_error_clear(&err);
	unlink(path);
	rmdir(dir);
}

/* Read a liblinear model file's numbers after its header (up to "w"). */
static double *read_weights(const char *path, size_t *n, char *head, size_t cap)
{
	FILE *fp = fopen(path, "r");
	size_t used = 0, k = 0, max = 1 << 20;
	char line[256];
	double *w = malloc(max * sizeof(*w));

	assert_non_null(fp);
	assert_non_null(w);
	head[0] = '\0';
	while (fgets(line, sizeof(line), fp) != NULL && strcmp(line, "w\n") != 0) {
		assert_true(used + strlen(line) < cap);
		memcpy(head + used, line, strlen(line) + 1);
		used += strlen(line);
	}
	while (k < max && fscanf(fp, "%lf", &w[k]) == 1)
		k++;
	fclose(fp);
	*n = k;
	return w;
}

static void compare_models(const char *a, const char *b)
{
	char ha[512], hb[512];
	size_t na, nb;
	double *wa = read_weights(a, &na, ha, sizeof(ha)),
	       *wb = read_weights(b, &nb, hb, sizeof(hb));

	assert_string_equal(ha, hb);
	assert_int_equal(na, nb);
	assert_true(na > 0);
	for (size_t i = 0; i < na; i++)
		if (fabs(wa[i] - wb[i]) > 1e-6 * fmax(1.0, fabs(wa[i]))) {
			fprintf(stderr, "weight %zu: %.17g in %s, %.17g retrained\n", i, wa[i], a,
				wb[i]);
			fail();
		}
	free(wa);
	free(wb);
}

static int is_tsv(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".tsv") == 0;
}

/*
 * Run tools/elig-train with the Makefile's arguments into out (with -H:
 * only the inputs' hash, printed to the file out).
 */
static void retrain(char *out, int hash_only)
{
	char train[] = ELIG_TRAIN, hflag[] = "-H";
	char args[] = ELIG_MODEL_ARGS, rules_dir[1100], dev[1100], *argv[96], *p = args, *sp;
	char paths[40][1400];
	struct dirent **names;
	int argc = 0, n, status;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	argv[argc++] = train;
	while (*p != '\0' && argc < 40) { /* the arguments, split at spaces */
		argv[argc++] = p;
		if ((sp = strchr(p, ' ')) == NULL)
			break;
		*sp = '\0';
		p = sp + 1;
	}
	if (hash_only)
		argv[argc++] = hflag;
	snprintf(rules_dir, sizeof(rules_dir), "%s/data/eligibility", srcdir);
	argv[argc++] = rules_dir;
	argv[argc++] = out;
	snprintf(dev, sizeof(dev), "%s/tests/data/eligibility/corpus/dev", srcdir);
	n = scandir(dev, &names, is_tsv, alphasort);
	assert_true(n > 0 && n < 39);
	for (int i = 0; i < n; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", dev, names[i]->d_name);
		argv[argc++] = paths[i];
		free(names[i]);
	}
	free(names);
	snprintf(paths[n], sizeof(paths[n]), "%s/tests/data/eligibility/cases.tsv", srcdir);
	argv[argc++] = paths[n];
	argv[argc] = NULL;
	assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&fa, 1, hash_only ? out : "/dev/null",
							  O_WRONLY | O_CREAT | O_TRUNC, 0600),
			 0);
	assert_int_equal(posix_spawn(&pid, ELIG_TRAIN, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The rest of the first line of path that starts with prefix, or "". */
static void read_line_of(const char *path, const char *prefix, char *out, size_t cap)
{
	char line[256];
	FILE *fp = fopen(path, "r");

	out[0] = '\0';
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, prefix, strlen(prefix)) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, cap, "%s", line + strlen(prefix));
			break;
		}
	fclose(fp);
}

static void test_retrain_same(void **state)
{
	char dir[] = "/tmp/test_elig_model.XXXXXX", a[1200], b[1200], now[80], was[80];
	struct elig_model *m, *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* A model made from other lists or cases is stale, not wrong: say so. */
	snprintf(a, sizeof(a), "%s/inputs", dir);
	retrain(a, 1);
	read_line_of(a, "", now, sizeof(now));
	unlink(a);
	snprintf(b, sizeof(b), "%s/data/eligibility/model/MODEL", srcdir);
	read_line_of(b, "inputs ", was, sizeof(was));
	if (strcmp(now, was) != 0) {
		fprintf(stderr,
			"data/eligibility/model/ was trained from other lists, cases or options "
			"than these (inputs %s, now %s): run `make elig-model` and commit it; "
			"retraining is not compared\n",
			was, now);
		rmdir(dir);
		skip();
	}
	retrain(dir, 0);
	snprintf(a, sizeof(a), "%s/data/eligibility/model/linear.model", srcdir);
	snprintf(b, sizeof(b), "%s/linear.model", dir);
	compare_models(a, b);
	snprintf(a, sizeof(a), "%s/data/eligibility/model", srcdir);
	m = load(a);
	c = load(dir);
	assert_non_null(m);
	assert_non_null(c);
	assert_string_equal(m->rules, c->rules);
	assert_int_equal(m->bits, c->bits);
	assert_true(fabs(m->threshold - c->threshold) < 1e-9);
	elig_model_free(m);
	elig_model_free(c);
	unlink(b);
	snprintf(b, sizeof(b), "%s/MODEL", dir);
	unlink(b);
	rmdir(dir);
}

static void test_holds(void **state)
{
	struct elig_match m;
	int checked;

	(void)state;
	/* The lists read "помощь с" (help with) as a frame that clears the
	 * topic; the model still finds a condition on a police report. */
	memset(&m, 0, sizeof(m));
	assert_int_equal(elig_check_text(rules,
					 "Помощь с арендой для женщин, которые подали заявление в "
					 "полицию.",
					 "ru", &m, &checked),
			 ELIG_HELD);
	assert_string_equal(m.by, "model");
	assert_string_equal(m.rule, "D2");
	assert_string_equal(m.language, "ru");
	assert_string_equal(m.phrase,
			    "Помощь с арендой для женщин, которые подали заявление в полицию");
	/* Harmless texts with the same words stay accepted. */
	assert_int_equal(elig_check_text(rules,
					 "Ayuda con el alquiler para todas, hayas denunciado o no.",
					 "es", &m, &checked),
			 ELIG_ACCEPTED);
	assert_int_equal(elig_check_text(rules,
					 "Help with rent for everyone, with or without a crime "
					 "reference number.",
					 "en", &m, &checked),
			 ELIG_ACCEPTED);
	assert_int_equal(elig_check_text(rules, "No police report needed.", "en", &m, &checked),
			 ELIG_ACCEPTED);
	/* The lists' refusals and holds are theirs. */
	assert_int_equal(elig_check_text(rules, "A police report is required.", "en", &m, &checked),
			 ELIG_REFUSED);
	assert_string_equal(m.by, "lists");
	/* A text with no topic any list knows is never asked about. */
	assert_int_equal(elig_check_text(rules,
					 "Translation services provided via bilingual staff when "
					 "they are available.",
					 "en", &m, &checked),
			 ELIG_ACCEPTED);
}

static void test_document_detail(void **state)
{
	json_t *doc = json_pack("{s:s, s:s}", "name", "Помощь", "description",
				"Помощь с арендой для женщин, которые подали заявление в "
				"полицию.");
	struct dir_error err;
	struct elig_report rep;
	json_t *d;

	(void)state;
	dir_error_init(&err);
	memset(&rep, 0, sizeof(rep));
	rep.err = &err;
	rep.held = json_array();
	assert_non_null(doc);
	json_object_set_new(doc, "language", json_string("ru"));
	assert_int_equal(elig_check_document_full(rules, doc, "", &rep), ELIG_HELD);
	assert_int_equal(rep.nheld, 1);
	d = json_array_get(rep.held, 0);
	assert_string_equal(json_string_value(json_object_get(d, "field")), "/description");
	assert_string_equal(json_string_value(json_object_get(d, "by")), "model");
	assert_string_equal(json_string_value(json_object_get(d, "rule")), "D2");
	assert_non_null(strstr(json_string_value(json_object_get(d, "message")), "trained model"));
	assert_non_null(json_object_get(d, "suggestion"));
	json_decref(rep.held);
	json_decref(doc);
	dir_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_committed_model), cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_retrain_same),    cmocka_unit_test(test_holds),
		cmocka_unit_test(test_document_detail),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
