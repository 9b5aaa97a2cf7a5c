/*
 * elig-train.c - trains the eligibility rule's second opinion
 * (directoryd/elig/elig_model.c) with Debian's liblinear and chooses its
 * threshold by grouped k-fold cross-validation, on the development half of
 * the corpus and tests/data/eligibility/cases.tsv only: it refuses any
 * input under corpus/test/. `make elig-model` runs it; the result is
 * deterministic (liblinear's primal solver has no random step).
 *
 *   elig-train [-b bits] [-c C] [-k folds] [-x extra] [-t threshold]
 *              [-r row] [-e file] [-p] [-n] [-H] RULESDIR OUTDIR FILE...
 *
 * RULESDIR is data/eligibility (the phrase lists decide first). Each FILE
 * is a corpus file (id, expect, text) or cases.tsv (expect, language,
 * text; "held" and "unchecked" lines are skipped: they say nothing about
 * a condition). Cross-validation groups corpus rows by their number, so a
 * scenario's translations are in the same fold; cases.tsv lines are
 * always trained on, except those whose text is a corpus text. For each
 * threshold it prints the combined rule (lists, then the model on what
 * they accepted): conditions caught, harmless texts held. The threshold is
 * the lowest of 0.30, 0.35 .. 0.95 at which the model holds at most
 * `extra` percent (-x, default 5) of the harmless corpus texts the lists
 * accepted, unless -t gives it. -p cross-validates one model per language
 * instead of the pooled one (for comparison; nothing is written). -n
 * writes nothing. -r leaves out corpus rows numbered row and above (to
 * train as an earlier corpus). -e checks another file (cases.tsv format)
 * with the final model: how many of its texts it would hold at each
 * threshold; they are neither trained on nor used to choose. -H prints
 * the SHA-256 of the inputs (lists, options, files) that MODEL records as
 * "inputs" and stops. docs/eligibility.md, "The model", has the figures.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#include <linear.h>
#include <sodium.h>

#include "elig_model.h"
#include "eligibility.h"

#define MAX_ITEMS 20000
#define MAX_LINE  (64 * 1024)
#define MAX_LANGS 16
#define NTHRESH   14

struct item {
	char lang[8]; /* "" when untagged */
	int label;    /* 0 ok, 1..5 */
	int group;    /* corpus row number, or -1 for a cases.tsv line */
	int lists;    /* the lists' outcome (tagged as in the file) */
	int skip_cv;  /* a cases.tsv line whose text is a corpus text */
	int topics;   /* the lists saw a topic: the model may speak */
	struct feature_node *x;
	char *text;
	double p; /* cross-validated P(condition) */
};

static struct item items[MAX_ITEMS];
static size_t nitems;
static int bits = 16, folds = 5, per_lang = 0, dry = 0;
static const char *check_path; /* -e: texts to check the final model on, never trained on */
static long max_row = INT_MAX; /* -r: corpus rows from this number on are left out */
static int hash_only;          /* -H: print the inputs' hash and stop */
static double cost = 1.0, extra_max = 5.0, fixed_t = 0.0;

static void quiet(const char *s)
{
	(void)s;
}

static int label_of(const char *s)
{
	if (strcmp(s, "ok") == 0)
		return 0;
	if (s[0] == 'D' && s[1] >= '1' && s[1] <= '5' && s[2] == '\0')
		return s[1] - '0';
	return -1;
}

/* Refuse the test half: it is never used, not even read. */
static int refuse_test_half(const char *path)
{
	char real[PATH_MAX];

	if (realpath(path, real) == NULL) {
		fprintf(stderr, "elig-train: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (strstr(real, "/corpus/test/") != NULL) {
		fprintf(stderr, "elig-train: %s: the corpus's test half is never used\n", path);
		return -1;
	}
	return 0;
}

/* Split line into three tab-separated fields; 0, or -1 when it has fewer. */
static int fields(char *line, char *f[3])
{
	f[0] = line;
	for (int i = 1; i < 3; i++) {
		char *tab = strchr(f[i - 1], '\t');
		if (tab == NULL)
			return -1;
		*tab = '\0';
		f[i] = tab + 1;
	}
	f[2][strcspn(f[2], "\r\n")] = '\0';
	return 0;
}

static int add_item(const struct elig_rules *r, const char *lang, int label, int group,
		    const char *text)
{
	struct item *it = &items[nitems];
	struct elig_feats f;
	int checked;

	if (nitems >= MAX_ITEMS)
		return -1;
	elig_feats_init(&f);
	it->lists = elig_check_lists(r, text, lang[0] != '\0' ? lang : NULL, bits, &f, &checked);
	if (it->lists < 0 || (it->x = malloc((f.n + 2) * sizeof(*it->x))) == NULL ||
	    (it->text = strdup(text)) == NULL) {
		elig_feats_free(&f);
		return -1;
	}
	memcpy(it->x, f.x, (f.n + 2) * sizeof(*it->x));
	it->topics = f.topics > 0;
	elig_feats_free(&f);
	snprintf(it->lang, sizeof(it->lang), "%s", lang);
	it->label = label;
	it->group = group;
	nitems++;
	return 0;
}

/* One line of a corpus file ("en-0002", "D1", text) or of cases.tsv. */
static int read_line(const struct elig_rules *r, char *line)
{
	char *f[3], lang[8], *end;
	int label;
	long row;
	const char *dash;

	if (line[0] == '#' || line[0] == '\n' || fields(line, f) != 0)
		return 0;
	if ((label = label_of(f[0])) >= 0) /* cases.tsv: expect, language, text */
		return add_item(r, strcmp(f[1], "-") == 0 ? "" : f[1], label, -1, f[2]);
	dash = strchr(f[0], '-');
	if (dash == NULL || dash - f[0] >= (long)sizeof(lang) || (label = label_of(f[1])) < 0)
		return 0;
	errno = 0;
	row = strtol(dash + 1, &end, 10);
	if (errno != 0 || *end != '\0' || row < 0 || row >= max_row)
		return 0;
	snprintf(lang, sizeof(lang), "%.*s", (int)(dash - f[0]), f[0]);
	return add_item(r, lang, label, (int)row, f[2]);
}

static int read_file(const struct elig_rules *r, const char *path)
{
	static char line[MAX_LINE];
	FILE *fp;
	int rc = 0;

	if (refuse_test_half(path) != 0)
		return -1;
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "elig-train: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL)
		rc = read_line(r, line);
	fclose(fp);
	if (rc != 0)
		fprintf(stderr, "elig-train: %s: cannot check or keep a text\n", path);
	return rc;
}

/* cases.tsv lines whose text is a corpus text are left out of cross-validation. */
static void mark_copies(void)
{
	for (size_t i = 0; i < nitems; i++)
		if (items[i].group < 0)
			for (size_t j = 0; j < nitems && !items[i].skip_cv; j++)
				items[i].skip_cv = items[j].group >= 0 &&
						   strcmp(items[i].text, items[j].text) == 0;
}

/* Train on the items train() selects; NULL when liblinear refuses. */
static struct model *fit(int (*use)(const struct item *, const void *), const void *arg)
{
	static struct feature_node *xs[MAX_ITEMS];
	static double ys[MAX_ITEMS];
	struct parameter par = { .solver_type = L2R_LR, .eps = 0.01, .C = cost };
	struct problem pb = { .n = (1 << bits) + 1, .y = ys, .x = xs, .bias = 1.0 };
	int classes = 0;

	for (size_t i = 0; i < nitems; i++)
		if (use(&items[i], arg)) {
			classes |= 1 << items[i].label;
			xs[pb.l] = items[i].x;
			ys[pb.l++] = items[i].label;
		}
	if (pb.l == 0 || check_parameter(&pb, &par) != NULL)
		return NULL;
	(void)classes;
	return train(&pb, &par);
}

struct fold {
	int k;
	const char *lang; /* NULL: every language (the pooled model) */
};

static int in_training(const struct item *it, const void *arg)
{
	const struct fold *f = arg;

	if (f->lang != NULL && strcmp(it->lang, f->lang) != 0)
		return 0;
	if (it->group < 0)
		return !it->skip_cv;
	return it->group % folds != f->k;
}

static int everything(const struct item *it, const void *arg)
{
	(void)arg;
	return 1;
}

/* P(condition) of x under lin, as the rule computes it (elig_model_score). */
static double score(struct model *lin, const struct feature_node *x)
{
	struct elig_model m = { .bits = bits };

	if (elig_model_bind(&m, lin) != NULL)
		return 0.0;
	return elig_model_score(&m, x, NULL);
}

static const char *const langs[] = { "en", "de", "fr", "es", "it", "pt",
				     "nl", "ro", "bg", "pl", "ru", "uk" };
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static int cross_validate(void)
{
	struct fold fd;

	for (int k = 0; k < folds; k++) {
		for (size_t l = 0; l < (per_lang ? NLANGS : 1); l++) {
			struct model *m;
			fd = (struct fold){ k, per_lang ? langs[l] : NULL };
			if ((m = fit(in_training, &fd)) == NULL) {
				fprintf(stderr, "elig-train: liblinear cannot train fold %d\n", k);
				return -1;
			}
			for (size_t i = 0; i < nitems; i++)
				if (items[i].group >= 0 && items[i].group % folds == k &&
				    (fd.lang == NULL || strcmp(items[i].lang, fd.lang) == 0))
					items[i].p = score(m, items[i].x);
			free_and_destroy_model(&m);
		}
	}
	return 0;
}

struct tally {
	int cond, caught_lists, caught, harmless, held_lists, held, refused;
	int model_cond, model_harmless; /* texts the model alone scores at or above t */
	int cond_held, model_cond_held; /* conditions the lists only held; of them, the model's */
};

static void count(struct tally *t, const struct item *it, double th)
{
	int model = it->lists == ELIG_ACCEPTED && it->topics && it->p >= th;

	t->model_cond += it->label > 0 && it->topics && it->p >= th;
	t->model_harmless += it->label == 0 && it->topics && it->p >= th;
	if (it->label > 0 && it->lists == ELIG_HELD) {
		t->cond_held++;
		t->model_cond_held += it->topics && it->p >= th;
	}
	if (it->label > 0) {
		t->cond++;
		t->caught_lists += it->lists != ELIG_ACCEPTED;
		t->caught += it->lists != ELIG_ACCEPTED || model;
	} else {
		t->harmless++;
		t->held_lists += it->lists == ELIG_HELD;
		t->held += it->lists == ELIG_HELD || model;
		t->refused += it->lists == ELIG_REFUSED;
	}
}

static struct tally tally(const char *lang, double th)
{
	struct tally t = { 0 };

	for (size_t i = 0; i < nitems; i++)
		if (items[i].group >= 0 && (lang == NULL || strcmp(items[i].lang, lang) == 0))
			count(&t, &items[i], th);
	return t;
}

static double pct(int a, int b)
{
	return b > 0 ? 100.0 * a / b : 0.0;
}

/*
 * Print the curve and return the chosen threshold: the lowest at which the
 * model adds at most extra_max points of harmless corpus texts held (cross-
 * validated) and the final model holds no harmless line of cases.tsv
 * (table_held[i] for threshold i; NULL: not known).
 */
static double choose(const int *table_held)
{
	double chosen = 0.0;
	struct tally t;

	t = tally(NULL, 2.0);
	printf("lists alone: %d/%d conditions caught (%.1f%%), %d/%d harmless held (%.1f%%), "
	       "%d refused\n",
	       t.caught, t.cond, pct(t.caught, t.cond), t.held, t.harmless, pct(t.held, t.harmless),
	       t.refused);
	printf("| threshold | conditions caught | harmless held | extra harmless held | "
	       "model alone: conditions | model alone: harmless | model alone: conditions the "
	       "lists held |\n");
	printf("| --- | --- | --- | --- | --- | --- | --- |\n");
	for (int i = 0; i < NTHRESH; i++) {
		double th = 0.30 + 0.05 * i, extra;
		t = tally(NULL, th);
		extra = pct(t.held - t.held_lists, t.harmless);
		printf("| %.2f | %d/%d (%.1f%%) | %d/%d (%.1f%%) | %.1f points | %.1f%% | %.1f%% | "
		       "%d/%d |\n",
		       th, t.caught, t.cond, pct(t.caught, t.cond), t.held, t.harmless,
		       pct(t.held, t.harmless), extra, pct(t.model_cond, t.cond),
		       pct(t.model_harmless, t.harmless), t.model_cond_held, t.cond_held);
		if (table_held != NULL && table_held[i] > 0)
			printf("| | (cases.tsv: the final model would hold %d harmless lines) | | "
			       "| | "
			       "| |\n",
			       table_held[i]);
		if (chosen == 0.0 && extra <= extra_max && (table_held == NULL || !table_held[i]))
			chosen = th;
	}
	if (fixed_t > 0.0)
		chosen = fixed_t;
	if (chosen == 0.0)
		chosen = 0.95;
	printf("threshold %.2f, per language:\n", chosen);
	printf("| language | conditions caught (lists) | with the model | harmless held (lists) | "
	       "with the model |\n| --- | --- | --- | --- | --- |\n");
	for (size_t l = 0; l < NLANGS; l++) {
		t = tally(langs[l], chosen);
		printf("| %s | %d/%d | %d/%d | %d/%d | %d/%d |\n", langs[l], t.caught_lists, t.cond,
		       t.caught, t.cond, t.held_lists, t.harmless, t.held, t.harmless);
	}
	return chosen;
}

/*
 * -e: how many texts of another file (cases.tsv format) the final model
 * would hold at each threshold, beyond what the lists hold. Only a check:
 * these texts are not trained on and do not choose the threshold.
 */
static int check_other(const struct elig_rules *r, struct model *lin)
{
	size_t first = nitems, held[NTHRESH] = { 0 }, lists = 0;

	if (read_file(r, check_path) != 0)
		return -1;
	for (size_t i = first; i < nitems; i++) {
		items[i].p = score(lin, items[i].x);
		lists += items[i].lists != ELIG_ACCEPTED;
		for (int k = 0; k < NTHRESH; k++)
			held[k] += items[i].lists == ELIG_ACCEPTED && items[i].topics &&
				   items[i].p >= 0.30 + 0.05 * k;
	}
	printf("%s: %zu texts, %zu refused or held by the lists; held by the model:", check_path,
	       nitems - first, lists);
	for (int k = 0; k < NTHRESH; k++)
		printf(" %.2f:%zu", 0.30 + 0.05 * k, held[k]);
	printf("\n");
	for (size_t i = first; i < nitems; i++) {
		free(items[i].x);
		free(items[i].text);
	}
	nitems = first;
	return 0;
}

/* For each threshold, the harmless cases.tsv lines the lists accept and m would hold. */
static void table_holds(struct model *m, int *held)
{
	for (int k = 0; k < NTHRESH; k++)
		held[k] = 0;
	for (size_t i = 0; i < nitems; i++) {
		double p;
		if (items[i].group >= 0 || items[i].label != 0 || items[i].lists != ELIG_ACCEPTED ||
		    !items[i].topics)
			continue;
		p = score(m, items[i].x);
		for (int k = 0; k < NTHRESH; k++)
			held[k] += p >= 0.30 + 0.05 * k;
	}
}

static char inputs_hash[65];

static int write_model(const struct elig_rules *r, struct model *m, const char *out, double th)
{
	char path[PATH_MAX];
	FILE *fp;
	int rc = -1;

	if (check_path != NULL && check_other(r, m) != 0)
		return -1;
	if (dry)
		return 0;
	snprintf(path, sizeof(path), "%s/linear.model", out);
	if (save_model(path, m) != 0) {
		fprintf(stderr, "elig-train: %s: cannot write\n", path);
		goto done;
	}
	snprintf(path, sizeof(path), "%s/MODEL", out);
	if ((fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "elig-train: %s: %s\n", path, strerror(errno));
		goto done;
	}
	fprintf(fp,
		"# The eligibility rule's second opinion, written by tools/elig-train\n"
		"# (make elig-model); docs/eligibility.md, \"The model\".\n"
		"rules %s\nbits %d\nthreshold %.2f\ninputs %s\n",
		elig_rules_version(r), bits, th, inputs_hash);
	rc = fclose(fp) == 0 ? 0 : -1;
done:
	return rc;
}

/* Add the bytes of path to h. 0, or -1. */
static int hash_file(crypto_hash_sha256_state *h, const char *path)
{
	unsigned char b[8192];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		fprintf(stderr, "elig-train: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(b, 1, sizeof(b), fp)) > 0)
		crypto_hash_sha256_update(h, b, n);
	fclose(fp);
	return 0;
}

static int is_list(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return (n > 8 && strcmp(e->d_name + n - 8, ".phrases") == 0) ||
	       strcmp(e->d_name, "VERSION") == 0;
}

/*
 * The SHA-256 (hex) of everything the model is made from: the rule set's
 * VERSION and phrase lists (in name order: the model reads their events,
 * and the threshold their outcomes), the options, then each input file in
 * the order given. MODEL records it as "inputs", so a test can tell a
 * stale model from one retraining must reproduce.
 */
static int hash_inputs(const char *dir, char **files, int nfiles, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	struct dirent **names;
	char path[PATH_MAX], opts[128];
	int n, rc = 0;

	crypto_hash_sha256_init(&h);
	if ((n = scandir(dir, &names, is_list, alphasort)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (rc == 0)
			rc = hash_file(&h, path);
		free(names[i]);
	}
	free(names);
	snprintf(opts, sizeof(opts), "b%d c%g k%d x%g t%g r%ld", bits, cost, folds, extra_max,
		 fixed_t, max_row);
	crypto_hash_sha256_update(&h, (const unsigned char *)opts, strlen(opts));
	for (int i = 0; i < nfiles && rc == 0; i++)
		rc = hash_file(&h, files[i]);
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
	return rc;
}

static int number(const char *s, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && *end == '\0' && *out >= lo && *out <= hi ? 0 : -1;
}

static int options(int argc, char **argv)
{
	double v;
	int c;

	while ((c = getopt(argc, argv, "b:c:k:x:t:pne:r:H")) != -1) {
		if (c == 'e') {
			check_path = optarg;
			continue;
		}
		if (c == 'H') {
			hash_only = 1;
			continue;
		}
		if (c == 'r') {
			if (number(optarg, 1, INT_MAX, &v) != 0)
				return -1;
			max_row = (long)v;
			continue;
		}
		if (c == 'p' || c == 'n') {
			*(c == 'p' ? &per_lang : &dry) = 1;
			continue;
		}
		if (c == '?' || number(optarg, c == 't' ? 0.01 : 0.0, 1e6, &v) != 0)
			return -1;
		if (c == 'b' && v >= ELIG_MODEL_MIN_BITS && v <= ELIG_MODEL_MAX_BITS)
			bits = (int)v;
		else if (c == 'k' && v >= 2 && v <= 50)
			folds = (int)v;
		else if (c == 'c' && v > 0)
			cost = v;
		else if (c == 'x')
			extra_max = v;
		else if (c == 't' && v <= 1.0)
			fixed_t = v;
		else
			return -1;
	}
	return argc - optind >= 3 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct dir_error err;
	struct elig_rules *r;
	double th;

	if (options(argc, argv) != 0) {
		fprintf(stderr, "usage: elig-train [-b bits] [-c C] [-k folds] [-x extra] "
				"[-t threshold] [-r row] [-e file] [-p] [-n] [-H] RULESDIR OUTDIR "
				"FILE...\n");
		return 2;
	}
	dir_error_init(&err);
	set_print_string_function(quiet);
	if (sodium_init() < 0 ||
	    hash_inputs(argv[optind], argv + optind + 2, argc - optind - 2, inputs_hash) != 0)
		return 1;
	if (hash_only) {
		printf("%s\n", inputs_hash);
		return 0;
	}
	if ((r = elig_rules_load(argv[optind], &err)) == NULL) {
		fprintf(stderr, "elig-train: %s\n", err.message);
		return 1;
	}
	for (int i = optind + 2; i < argc; i++)
		if (read_file(r, argv[i]) != 0)
			return 1;
	mark_copies();
	printf("%zu texts; %d-fold cross-validation grouped by corpus row, %s, C %g, 2^%d "
	       "features\n",
	       nitems, folds, per_lang ? "one model per language" : "one pooled model", cost, bits);
	if (cross_validate() != 0)
		return 1;
	if (per_lang) {
		choose(NULL);
	} else {
		int held[NTHRESH];
		struct model *m = fit(everything, NULL);
		if (m == NULL) {
			fprintf(stderr, "elig-train: liblinear cannot train the model\n");
			return 1;
		}
		table_holds(m, held);
		th = choose(held);
		if (write_model(r, m, argv[optind + 1], th) != 0)
			return 1;
		free_and_destroy_model(&m);
	}
	for (size_t i = 0; i < nitems; i++) {
		free(items[i].x);
		free(items[i].text);
	}
	elig_rules_free(r);
	return 0;
}
