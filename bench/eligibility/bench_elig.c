/*
 * bench_elig.c - time of the eligibility rule per text over the sample
 * directory's descriptions (data/sample/*.json: every name, description,
 * eligibility_description and application_process, and those of their
 * translations), untagged and tagged with their language. Prints the
 * median and the 99th percentile in microseconds of CPU time (the thread
 * CPU clock, so other processes on a busy machine do not count), and the
 * time of texts built to be worst cases of the decision. Not part of make
 * check:
 * speed belongs here, results in docs/performance.md.
 *
 *   bench_elig DATA_DIR [ROUNDS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "eligibility.h"

#define MAX_TEXTS 4096

struct text {
	const char *s, *lang; /* lang: the translation's key, NULL untranslated */
};

static struct text texts[MAX_TEXTS];
static size_t ntexts;

static const char *const fields[] = { "name", "description", "eligibility_description",
				      "application_process" };

static void collect(json_t *o, const char *lang)
{
	const char *k;
	json_t *v;

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		const char *s = json_string_value(json_object_get(o, fields[i]));
		if (s != NULL && *s != '\0' && ntexts < MAX_TEXTS)
			texts[ntexts++] = (struct text){ s, lang };
	}
	json_object_foreach(json_object_get(o, "translations"), k, v) collect(v, k);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/*
 * Time every text `rounds` times; print median and p99 per text, of all
 * rounds and of each text's best round.
 */
static void run(const struct elig_rules *r, int tagged, int rounds, const char *what)
{
	size_t n = ntexts * (size_t)rounds, k = 0, bytes = 0;
	double *t = malloc(n * sizeof(*t)), *best;

	if (t == NULL)
		abort();
	for (int round = 0; round < rounds; round++)
		for (size_t i = 0; i < ntexts; i++) {
			struct elig_match m;
			int checked;
			double a = now_us();
			if (elig_check_text(r, texts[i].s, tagged ? texts[i].lang : NULL, &m,
					    &checked) < 0)
				abort();
			t[k++] = now_us() - a;
			bytes += strlen(texts[i].s);
		}
	if ((best = malloc(ntexts * sizeof(*best))) == NULL)
		abort();
	memcpy(best, t, ntexts * sizeof(*best)); /* round 0 */
	for (size_t i = 0; i < ntexts; i++) /* each text's best round: its cost without the noise */
		for (int round = 1; round < rounds; round++)
			if (t[(size_t)round * ntexts + i] < best[i])
				best[i] = t[(size_t)round * ntexts + i];
	qsort(t, n, sizeof(*t), cmp);
	qsort(best, ntexts, sizeof(*best), cmp);
	printf("%-30s %zu texts (mean %zu bytes) x %d: median %.1f us, p99 %.1f us, max %.1f us\n",
	       what, ntexts, bytes / n, rounds, t[n / 2], t[n * 99 / 100], t[n - 1]);
	printf("%-30s best round per text: median %.1f us, p99 %.1f us, max %.1f us\n", "",
	       best[ntexts / 2], best[ntexts * 99 / 100], best[ntexts - 1]);
	free(t);
	free(best);
}

/*
 * The untranslated texts joined into one long paragraph, checked as
 * English: the cost of a long text, which grew faster than its length
 * while the decision walked every event for each check.
 */
static void paragraph(const struct elig_rules *r, int rounds)
{
	size_t len = 0, words = 0, k = 0;
	double best = 0;
	char *p;

	for (size_t i = 0; i < ntexts; i++)
		len += texts[i].lang == NULL ? strlen(texts[i].s) + 1 : 0;
	if ((p = malloc(len + 1)) == NULL)
		abort();
	for (size_t i = 0; i < ntexts; i++)
		if (texts[i].lang == NULL) {
			size_t n = strlen(texts[i].s);
			memcpy(p + k, texts[i].s, n);
			p[k + n] = ' ';
			k += n + 1;
		}
	p[k] = '\0';
	for (size_t i = 0; i < k; i++)
		words += p[i] == ' ';
	for (int round = 0; round < rounds; round++) {
		struct elig_match m;
		int checked;
		double a = now_us(), d;
		if (elig_check_text(r, p, "en", &m, &checked) < 0)
			abort();
		d = now_us() - a;
		best = round == 0 || d < best ? d : best;
	}
	printf("%-30s %zu bytes, about %zu words x %d: best round %.1f us\n",
	       "one paragraph (untranslated)", k, words, rounds, best);
	free(p);
}

/* Bytes of a worst-case text: under one chunk (ELIG_CHUNK), the most one decision walks. */
#define WORST_BYTES 48000

/*
 * Texts built to make the decision walk its events many times: a start,
 * one unit repeated (half the text when a second unit follows in a
 * sentence of its own, else all of it), and an end, WORST_BYTES bytes in
 * all. Each is a shape some checks once took quadratic time or worse on
 * (docs/performance.md); one check of each is timed, as English.
 */
static const struct worst {
	const char *what, *start, *unit, *unit2, *end;
} worst[] = {
	{ "denial of many negations",
	  "The safe houses only take women with a police report. Our drop-in ", "we do not ", NULL,
	  "." },
	{ "many contrasted topics", "Some shelters only take women with a police report",
	  ", a police report", NULL, ". We do not ask for that." },
	{ "soft topics, negated cues", "", "police ", "not only ", "." },
	{ "negated topics, sanctions", "",
	  "residents who have not made a police report never lose their place ", NULL, "." },
	{ "negated conditions", "", "clients who have not pressed charges are not ", NULL, "." },
	{ "carried negations", "", "we do not call the police or report to the police or ", NULL,
	  "." },
	{ "how ... or not", "", "how to make a police report or not ", NULL, "." },
	{ "many \"without\" sentences", "", "Without the police. ", NULL, "" },
	{ "questions answered no", "", "Police? No. ", NULL, "" },
	{ "questions answered yes", "", "Can I stay without the police? Yes. ", NULL, "" },
	{ "negated predicates before negated topics", "",
	  "we do not house women who have not reported to the police ", NULL, "." },
	/* Shapes of the seventh session's mechanisms (docs/performance.md). */
	{ "everyday words (street, club)", "",
	  "only women who have left the street or the club can stay, ", NULL, "." },
	{ "exclusions", "", "women who have not made a police report are excluded and ", NULL,
	  "." },
	{ "pronouns pointing back", "", "You need a police report. We ask for it. ", NULL, "" },
	{ "a criteria heading's list", "Admission criteria: ", "a police report; ", NULL, "." },
	{ "identification families", "",
	  "only women identified by the identification procedure with a positive decision ", NULL,
	  "." },
	{ "exit and trade families", "",
	  "only women who stop sex work, no longer sell sex and do not return to the street ", NULL,
	  "." },
	{ "founding histories", "",
	  "Founded in 2001 for women with a police report. Since 2002 we help everyone. ", NULL,
	  "" },
	{ "another body's hedges", "We help everyone with residence permits, ",
	  "which the Home Office usually only grants to women with a police report, ", NULL,
	  ". Our advice is open to everyone, with no conditions." },
};

/* Append unit to p[*k] as often as it fits before `until` bytes. */
static void worst_fill(char *p, size_t *k, const char *unit, size_t until)
{
	size_t u = strlen(unit);

	while (*k + u < until) {
		memcpy(p + *k, unit, u);
		*k += u;
	}
}

/* The text of worst-case w, malloc'd (the caller frees it). */
static char *worst_text(const struct worst *w)
{
	size_t k = strlen(w->start), e = strlen(w->end), room = WORST_BYTES - e - 2;
	char *p = malloc(WORST_BYTES + 1);

	if (p == NULL)
		abort();
	memcpy(p, w->start, k);
	worst_fill(p, &k, w->unit, w->unit2 != NULL ? room / 2 : room);
	if (w->unit2 != NULL) {
		memcpy(p + k, ". ", 2);
		k += 2;
		worst_fill(p, &k, w->unit2, room);
	}
	memcpy(p + k, w->end, e + 1);
	return p;
}

/* Check each worst-case text once and print its time. */
static void worst_cases(const struct elig_rules *r)
{
	for (size_t i = 0; i < sizeof(worst) / sizeof(worst[0]); i++) {
		struct elig_match m;
		int checked;
		char *p = worst_text(&worst[i]);
		double a = now_us();
		if (elig_check_text(r, p, "en", &m, &checked) < 0)
			abort();
		printf("worst case: %-26s %zu bytes: %.0f us\n", worst[i].what, strlen(p),
		       now_us() - a);
		free(p);
	}
}

/* ROUNDS (1 to 100000; 20 when absent) into *rounds: 0, or -1 when it is not such a number. */
static int parse_rounds(const char *arg, int *rounds)
{
	char *end;
	long v;

	if (arg == NULL) {
		*rounds = 20;
		return 0;
	}
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > 100000)
		return -1;
	*rounds = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const files[] = { "services.json", "organizations.json" };
	char path[4096];
	struct dir_error err;
	struct elig_rules *r;
	json_t *docs[2];
	int rounds;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_elig DATA_DIR [ROUNDS]\n");
		return 2;
	}
	if (parse_rounds(argc > 2 ? argv[2] : NULL, &rounds) != 0) {
		fprintf(stderr,
			"bench_elig: ROUNDS must be a whole number from 1 to 100000, not %s\n",
			argv[2]);
		return 2;
	}
	dir_error_init(&err);
	snprintf(path, sizeof(path), "%s/data/eligibility", argv[1]);
	if ((r = elig_rules_load(path, &err)) == NULL) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	for (int f = 0; f < 2; f++) {
		json_error_t je;
		size_t i;
		json_t *rec;
		snprintf(path, sizeof(path), "%s/data/sample/%s", argv[1], files[f]);
		if ((docs[f] = json_load_file(path, 0, &je)) == NULL) {
			fprintf(stderr, "%s: %s\n", path, je.text);
			return 1;
		}
		json_array_foreach(docs[f], i, rec) collect(rec, NULL);
	}
	run(r, 0, 1, "warm-up");
	paragraph(r, rounds);
	worst_cases(r);
	run(r, 0, rounds, "untagged (language identified)");
	run(r, 1, rounds, "translations tagged");
	json_decref(docs[0]);
	json_decref(docs[1]);
	elig_rules_free(r);
	return 0;
}
