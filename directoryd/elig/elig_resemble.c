/*
 * elig_resemble.c - the learned hold (docs/eligibility.md, "The learned
 * hold (resemblance)"): the features of a span of words, loading a
 * language's model (data/eligibility/resemblance/<tag>.tsv, counts written
 * by tools/elig-resemblance-train from the corpus's development half),
 * scoring windows of one or two sentences and deciding the hold. The
 * phrase lists stopped reaching paraphrases nobody tuned them on; a model
 * of the words of conditions seen before holds some of those for a person.
 * It only ever holds.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "elig_resemble.h"
#include "elig_sentlang.h"

#define ELIG_RMODEL_MAX (16 << 20) /* bytes of one model file */
#define ELIG_RNONE      UINT32_MAX /* no feature */

struct elig_rfeat {
	const char *f;                /* NUL-terminated, in elig_rmodel.text */
	double w;                     /* log odds of a condition it adds */
	double ll[ELIG_RCLASSES - 1]; /* log likelihood under D1..D5 */
};

struct elig_rmodel {
	char *text; /* the file's bytes, features cut out of it in place */
	struct elig_rfeat *feats;
	size_t n;
	uint32_t totals[ELIG_RCLASSES];
	double threshold;
	double prior;                     /* log odds of a condition before any word */
	double cprior[ELIG_RCLASSES - 1]; /* log of each condition class's texts */
};

/* ---- features ----------------------------------------------------------- */

/* Whether token i of t has a letter or digit in its folded word. */
static int elig_rfeat_word(const struct elig_text *t, size_t i)
{
	const char *w = t->norm + t->toks[i].foff;
	int32_t k = 0, n = (int32_t)t->toks[i].flen;
	UChar32 c;

	while (k < n) {
		U8_NEXT(w, k, n, c);
		if (c >= 0 && u_isalnum(c))
			return 1;
	}
	return 0;
}

/* Bytes of the first ELIG_RSTEM_CHARS code points of w[0..n), or 0 when it has no more. */
static size_t elig_rfeat_stem_len(const char *w, size_t n)
{
	int32_t k = 0, chars = 0;
	UChar32 c;

	while (k < (int32_t)n && chars < ELIG_RSTEM_CHARS) {
		U8_NEXT(w, k, (int32_t)n, c);
		chars++;
	}
	return chars == ELIG_RSTEM_CHARS && k < (int32_t)n ? (size_t)k : 0;
}

/* Call fn with the concatenation p + a[0..an) + q + b[0..bn) when it fits. */
static int elig_rfeat_emit(const char *p, const char *a, size_t an, const char *q, const char *b,
			   size_t bn, elig_rfeat_fn fn, void *arg)
{
	char f[ELIG_RFEAT_MAX + 1];
	size_t pn = strlen(p), qn = strlen(q), n = pn + an + qn + bn;

	if (n > ELIG_RFEAT_MAX)
		return 0;
	memcpy(f, p, pn);
	memcpy(f + pn, a, an);
	memcpy(f + pn + an, q, qn);
	memcpy(f + pn + an + qn, b, bn);
	f[n] = '\0';
	return fn(f, n, arg);
}

int elig_rfeat_span(const struct elig_text *t, size_t a, size_t b, elig_rfeat_fn fn, void *arg)
{
	const char *pw = NULL;
	size_t pn = 0;

	for (size_t i = a; i < b && i < t->ntoks; i++) {
		const char *w = t->norm + t->toks[i].foff;
		size_t n = t->toks[i].flen, s;
		if (!elig_rfeat_word(t, i))
			continue;
		if (elig_rfeat_emit("", w, n, "", "", 0, fn, arg) != 0)
			return -1;
		if ((s = elig_rfeat_stem_len(w, n)) > 0 &&
		    elig_rfeat_emit("~", w, s, "", "", 0, fn, arg) != 0)
			return -1;
		if (pw != NULL && elig_rfeat_emit("", pw, pn, " ", w, n, fn, arg) != 0)
			return -1;
		pw = w;
		pn = n;
	}
	return 0;
}

/* ---- the model ------------------------------------------------------------ */

static int elig_rfeat_cmp(const void *a, const void *b)
{
	return strcmp(((const struct elig_rfeat *)a)->f, ((const struct elig_rfeat *)b)->f);
}

/* The index of feature f in m, or ELIG_RNONE. */
static uint32_t elig_rmodel_find(const struct elig_rmodel *m, const char *f)
{
	struct elig_rfeat key = { f, 0, { 0 } };
	const struct elig_rfeat *hit = bsearch(&key, m->feats, m->n, sizeof(key), elig_rfeat_cmp);

	return hit == NULL ? ELIG_RNONE : (uint32_t)(hit - m->feats);
}

/* Parse ELIG_RCLASSES tab-separated counts at s; 0, or -1 when malformed. */
static int elig_rparse_counts(char *s, uint32_t c[ELIG_RCLASSES])
{
	for (int k = 0; k < ELIG_RCLASSES; k++) {
		char *end;
		unsigned long v;
		if (*s++ != '\t' || *s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno != 0 || v > UINT32_MAX / 8)
			return -1;
		c[k] = (uint32_t)v;
		s = end;
	}
	return *s == '\0' ? 0 : -1;
}

/* The weights of a feature with counts c under model m's totals. */
static void elig_rfeat_weigh(const struct elig_rmodel *m, const uint32_t c[ELIG_RCLASSES],
			     struct elig_rfeat *f)
{
	double ncond = 0, a = 0, nok = m->totals[ELIG_RCLASSES - 1];

	for (int k = 0; k < ELIG_RCLASSES - 1; k++) {
		ncond += m->totals[k];
		a += c[k];
		f->ll[k] = log((c[k] + 0.5) / (m->totals[k] + 1.0));
	}
	f->w = log((a + 0.5) / (ncond + 1)) - log((c[ELIG_RCLASSES - 1] + 0.5) / (nok + 1));
}

/* The priors of m from its totals. */
static void elig_rmodel_priors(struct elig_rmodel *m)
{
	double ncond = 0;

	for (int k = 0; k < ELIG_RCLASSES - 1; k++)
		ncond += m->totals[k];
	m->prior = log((ncond + 1) / (m->totals[ELIG_RCLASSES - 1] + 1.0));
	for (int k = 0; k < ELIG_RCLASSES - 1; k++)
		m->cprior[k] = log((m->totals[k] + 1.0) / (ncond + 1));
}

/* One header line ("totals ...", "threshold N") of m; NULL, or why it is wrong. */
static const char *elig_rparse_head(struct elig_rmodel *m, char *line, int which)
{
	char *end;

	if (which == 0) {
		if (strncmp(line, "totals", 6) != 0 || elig_rparse_counts(line + 6, m->totals) != 0)
			return "expected \"totals\" and six class counts (D1..D5, ok)";
		elig_rmodel_priors(m);
		return NULL;
	}
	if (strncmp(line, "threshold\t", 10) != 0)
		return "expected \"threshold\" and a number";
	errno = 0;
	m->threshold = strtod(line + 10, &end);
	return errno != 0 || end == line + 10 || *end != '\0' || !isfinite(m->threshold)
		       ? "expected \"threshold\" and a number"
		       : NULL;
}

/* One feature line of m, after the previous feature f (byte order). */
static const char *elig_rparse_feature(struct elig_rmodel *m, char *line)
{
	uint32_t c[ELIG_RCLASSES];
	char *tab = strchr(line, '\t');

	if (tab == NULL || tab == line || tab - line > ELIG_RFEAT_MAX)
		return "expected a feature of 1..128 bytes, a tab and six counts";
	if (elig_rparse_counts(tab, c) != 0)
		return "expected six counts (D1..D5, ok) after the feature";
	*tab = '\0';
	if (m->n > 0 && strcmp(m->feats[m->n - 1].f, line) >= 0)
		return "features out of byte order or repeated (regenerate the file)";
	m->feats[m->n].f = line;
	elig_rfeat_weigh(m, c, &m->feats[m->n]);
	m->n++;
	return NULL;
}

/* Parse the lines of m->text (len bytes); NULL, or why with *lineno set. */
static const char *elig_rparse_lines(struct elig_rmodel *m, size_t len, int *lineno)
{
	char *s = m->text, *end = m->text + len;
	int heads = 0;

	for (*lineno = 1; s < end; (*lineno)++) {
		char *nl = memchr(s, '\n', (size_t)(end - s)), *line = s;
		const char *why;
		if (nl == NULL)
			nl = end;
		*nl = '\0';
		s = nl + 1;
		if (*line == '#' || *line == '\0')
			continue;
		why = heads < 2 ? elig_rparse_head(m, line, heads++) : elig_rparse_feature(m, line);
		if (why != NULL)
			return why;
	}
	return heads < 2 ? "missing the totals or threshold line" : NULL;
}

struct elig_rmodel *elig_rmodel_parse(const char *s, size_t n, const char *path,
				      struct dir_error *err)
{
	struct elig_rmodel *m = calloc(1, sizeof(*m));
	size_t lines = 1;
	const char *why = "out of memory";
	int lineno = 0;

	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	if (m != NULL && (m->text = malloc(n + 1)) != NULL &&
	    (m->feats = calloc(lines, sizeof(*m->feats))) != NULL) {
		memcpy(m->text, s, n);
		m->text[n] = '\0';
		if (memchr(s, '\0', n) != NULL)
			why = "has a NUL byte";
		else if ((why = elig_rparse_lines(m, n, &lineno)) == NULL)
			return m;
	}
	if (lineno > 0)
		dir_error_add(err, "internal_error", NULL,
			      "eligibility resemblance model %s:%d: %s", path, lineno, why);
	else
		dir_error_add(err, "internal_error", NULL, "eligibility resemblance model %s: %s",
			      path, why);
	elig_rmodel_free(m);
	return NULL;
}

void elig_rmodel_free(struct elig_rmodel *m)
{
	if (m == NULL)
		return;
	free(m->text);
	free(m->feats);
	free(m);
}

double elig_rmodel_threshold(const struct elig_rmodel *m)
{
	return m->threshold;
}

void elig_rmodel_set_threshold(struct elig_rmodel *m, double threshold)
{
	m->threshold = threshold;
}

/* ---- loading ------------------------------------------------------------ */

/* Read path whole into a new buffer (*n bytes; the caller frees it), or NULL with why. */
static char *elig_read_file(const char *path, size_t *n, const char **why)
{
	struct stat st;
	char *s = NULL;
	FILE *f = fopen(path, "rb");

	*why = "cannot read it";
	if (f == NULL)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || st.st_size > ELIG_RMODEL_MAX)
		*why = "larger than 16 MiB, or cannot read it";
	else if ((s = malloc((size_t)st.st_size + 1)) == NULL)
		*why = "out of memory";
	else if ((*n = fread(s, 1, (size_t)st.st_size, f)) != (size_t)st.st_size || ferror(f)) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* Load dir/resemblance/<tag>.tsv as list i's model when it exists. */
static int elig_resemble_load_one(struct elig_rules *r, size_t i, const char *dir,
				  struct dir_error *err)
{
	char path[PATH_MAX];
	const char *why;
	size_t n = 0;
	char *s;

	if (snprintf(path, sizeof(path), "%s/resemblance/%s.tsv", dir, r->langs[i].tag) >=
	    (int)sizeof(path)) {
		dir_error_add(err, "internal_error", NULL,
			      "eligibility resemblance model of %s: "
			      "path too long",
			      r->langs[i].tag);
		return -1;
	}
	if (access(path, F_OK) != 0)
		return 0; /* no model for this language: it holds nothing by resemblance */
	if ((s = elig_read_file(path, &n, &why)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "eligibility resemblance model %s: %s",
			      path, why);
		return -1;
	}
	r->models[i] = elig_rmodel_parse(s, n, path, err);
	free(s);
	return r->models[i] == NULL ? -1 : 0;
}

int elig_resemble_load(struct elig_rules *r, const char *dir, struct dir_error *err)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/resemblance", dir);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		dir_error_add(err, "internal_error", NULL,
			      "eligibility resemblance models %s: missing (the folder ships with "
			      "the phrase lists; make elig-resemblance writes it)",
			      path);
		return -1;
	}
	for (size_t i = 0; i < r->nlangs; i++)
		if (elig_resemble_load_one(r, i, dir, err) != 0)
			return -1;
	return 0;
}

struct elig_rmodel *elig_resemble_swap(struct elig_rules *r, size_t i, struct elig_rmodel *m)
{
	struct elig_rmodel *old = r->models[i];

	r->models[i] = m;
	return old;
}

/* ---- scoring ------------------------------------------------------------ */

/* The features of a span found in a model, as indexes into its features. */
struct elig_rids {
	const struct elig_rmodel *m;
	uint32_t *ids;
	size_t n, cap;
};

/* elig_rfeat_fn: keep f's index when the model has f. */
static int elig_rids_add(const char *f, size_t n, void *arg)
{
	struct elig_rids *g = arg;
	uint32_t id = elig_rmodel_find(g->m, f);

	(void)n;
	if (id == ELIG_RNONE)
		return 0;
	if (g->n == g->cap)
		return -1;
	g->ids[g->n++] = id;
	return 0;
}

static int elig_cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort ids[0..n) and keep each once; returns how many are left. */
static size_t elig_rids_unique(uint32_t *ids, size_t n)
{
	size_t u = 0;

	qsort(ids, n, sizeof(*ids), elig_cmp_id);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || ids[u - 1] != ids[i])
			ids[u++] = ids[i];
	return u;
}

/*
 * The score of the distinct features ids[0..n) of m: the prior plus their
 * weights; *rule (may be NULL) the class 1..5 of the highest likelihood.
 */
static double elig_rsum(const struct elig_rmodel *m, const uint32_t *ids, size_t n, int *rule)
{
	double s = m->prior, ll[ELIG_RCLASSES - 1];
	int best = 0;

	memcpy(ll, m->cprior, sizeof(ll));
	for (size_t i = 0; i < n; i++) {
		s += m->feats[ids[i]].w;
		for (int k = 0; k < ELIG_RCLASSES - 1; k++)
			ll[k] += m->feats[ids[i]].ll[k];
	}
	for (int k = 1; k < ELIG_RCLASSES - 1; k++)
		if (ll[k] > ll[best])
			best = k;
	if (rule != NULL)
		*rule = best + 1;
	return s;
}

double elig_rmodel_score(const struct elig_rmodel *m, const struct elig_text *t, size_t a, size_t b,
			 int *rule)
{
	struct elig_rids g = { m, NULL, 0, 3 * (b - a) + 1 };
	double s = -1e300;

	if (b < a || (g.ids = malloc(g.cap * sizeof(*g.ids))) == NULL)
		return s;
	if (elig_rfeat_span(t, a, b, elig_rids_add, &g) == 0)
		s = elig_rsum(m, g.ids, elig_rids_unique(g.ids, g.n), rule);
	free(g.ids);
	return s;
}

/* ---- windows of sentences ----------------------------------------------- */

/* One sentence of a text: its tokens, its model and its features' indexes. */
struct elig_rsent {
	size_t a, b;
	const struct elig_rmodel *m;
	const struct elig_lang *l;
	size_t id0, nid; /* its features: ids[id0, id0 + nid), sorted, distinct */
	size_t br0, nbr; /* those of the words where it meets the next (same model) */
};

/* Everything one text's windows are scored with. */
struct elig_rwork {
	struct elig_rsent *sent;
	size_t nsent;
	struct elig_rids g; /* every sentence's and meeting's features */
	uint32_t *scratch;  /* a window's features */
};

/* The list sentence [a, ...) of t reads as (owner, elig_sentence_langs), else first. */
static size_t elig_rsent_list(const struct elig_rules *r, const uint8_t *owner, size_t a,
			      const struct elig_lang *first)
{
	size_t o = owner != NULL ? (size_t)(owner[a] & ELIG_SENT_LIST) : 0;

	return o != 0 ? o - 1 : (size_t)(first - r->langs);
}

/* Split t into sentences (elig_sent_starts) with their models into w->sent. */
static void elig_rsplit(const struct elig_rules *r, const struct elig_text *t, const uint8_t *owner,
			const struct elig_lang *first, struct elig_rwork *w)
{
	w->nsent = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		if (i > 0 && !elig_sent_starts(&t->toks[i])) {
			w->sent[w->nsent - 1].b = i + 1;
			continue;
		}
		size_t li = elig_rsent_list(r, owner, i, first);
		w->sent[w->nsent++] =
			(struct elig_rsent){ i, i + 1, r->models[li], &r->langs[li], 0, 0, 0, 0 };
	}
}

/* Gather the features of tokens [a, b) under m at the end of w->g; their start. */
static int elig_rgather(struct elig_rwork *w, const struct elig_rmodel *m,
			const struct elig_text *t, size_t a, size_t b, size_t *start, size_t *n)
{
	*start = w->g.n;
	w->g.m = m;
	if (elig_rfeat_span(t, a, b, elig_rids_add, &w->g) != 0)
		return -1;
	*n = elig_rids_unique(w->g.ids + *start, w->g.n - *start);
	w->g.n = *start + *n;
	return 0;
}

/* The last token of [a, b) with a letter or digit, or b when none. */
static size_t elig_rlast_word(const struct elig_text *t, size_t a, size_t b)
{
	for (size_t i = b; i > a; i--)
		if (elig_rfeat_word(t, i - 1))
			return i - 1;
	return b;
}

/* Gather each sentence's features, and where two of the same model meet. */
static int elig_rgather_all(struct elig_rwork *w, const struct elig_text *t)
{
	for (size_t z = 0; z < w->nsent; z++) {
		struct elig_rsent *s = &w->sent[z];
		if (s->m != NULL && elig_rgather(w, s->m, t, s->a, s->b, &s->id0, &s->nid) != 0)
			return -1;
	}
	for (size_t z = 0; z + 1 < w->nsent; z++) {
		struct elig_rsent *s = &w->sent[z], *u = &w->sent[z + 1];
		size_t last = elig_rlast_word(t, s->a, s->b), next = u->a;
		while (next < u->b && !elig_rfeat_word(t, next))
			next++;
		if (s->m == NULL || s->m != u->m || last == s->b || next == u->b)
			continue;
		if (elig_rgather(w, s->m, t, last, next + 1, &s->br0, &s->nbr) != 0)
			return -1;
	}
	return 0;
}

/* The score of sentence z alone (two: with z + 1 and where they meet). */
static double elig_rwindow(struct elig_rwork *w, size_t z, int two, int *rule)
{
	const struct elig_rsent *s = &w->sent[z], *u = &w->sent[z + (two ? 1 : 0)];
	size_t n = 0;

	memcpy(w->scratch, w->g.ids + s->id0, s->nid * sizeof(*w->scratch));
	n = s->nid;
	if (!two)
		return elig_rsum(s->m, w->scratch, n, rule);
	memcpy(w->scratch + n, w->g.ids + u->id0, u->nid * sizeof(*w->scratch));
	n += u->nid;
	memcpy(w->scratch + n, w->g.ids + s->br0, s->nbr * sizeof(*w->scratch));
	n += s->nbr;
	return elig_rsum(s->m, w->scratch, elig_rids_unique(w->scratch, n), rule);
}

/* Keep window z (two sentences or one) in h when it passes and beats h. */
static void elig_rconsider(struct elig_rwork *w, size_t z, int two, struct elig_rhold *h)
{
	const struct elig_rsent *s = &w->sent[z];
	int rule;
	double score;

	if (s->m == NULL || (two && (z + 1 >= w->nsent || w->sent[z + 1].m != s->m)))
		return;
	score = elig_rwindow(w, z, two, &rule);
	if (score <= s->m->threshold || (h->rule != 0 && score <= h->score))
		return;
	*h = (struct elig_rhold){ s->a, w->sent[z + (two ? 1 : 0)].b, rule, score, s->l };
}

/* Allocate w for t's ntoks tokens; 0 or -1. */
static int elig_rwork_init(struct elig_rwork *w, size_t ntoks)
{
	size_t cap = 8 * ntoks + 1;

	memset(w, 0, sizeof(*w));
	w->sent = malloc((ntoks + 1) * sizeof(*w->sent));
	w->g.ids = malloc(cap * sizeof(*w->g.ids));
	w->scratch = malloc(cap * sizeof(*w->scratch));
	w->g.cap = cap;
	return w->sent != NULL && w->g.ids != NULL && w->scratch != NULL ? 0 : -1;
}

static void elig_rwork_free(struct elig_rwork *w)
{
	free(w->sent);
	free(w->g.ids);
	free(w->scratch);
}

/* Whether any list of r has a model (none shipped: the hold is off). */
static int elig_resemble_any(const struct elig_rules *r)
{
	for (size_t i = 0; i < r->nlangs; i++)
		if (r->models[i] != NULL)
			return 1;
	return 0;
}

int elig_resemble_held(const struct elig_rules *r, const struct elig_text *t, const uint8_t *owner,
		       const struct elig_lang *first, struct elig_rhold *h)
{
	struct elig_rwork w;
	int rc = -1;

	memset(h, 0, sizeof(*h));
	if (first == NULL || t->ntoks == 0 || !elig_resemble_any(r))
		return 0;
	if (elig_rwork_init(&w, t->ntoks) == 0) {
		elig_rsplit(r, t, owner, first, &w);
		if (elig_rgather_all(&w, t) == 0) {
			/* single sentences first: a pair replaces one only when it scores higher */
			for (size_t z = 0; z < w.nsent; z++)
				elig_rconsider(&w, z, 0, h);
			for (size_t z = 0; z + 1 < w.nsent; z++)
				elig_rconsider(&w, z, 1, h);
			rc = h->rule != 0;
		}
	}
	elig_rwork_free(&w);
	return rc;
}
