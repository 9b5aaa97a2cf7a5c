/*
 * elig_model.c - the eligibility rule's trained second opinion (Debian's
 * liblinear): loading the model, the hashed features of a normalised text
 * and its score. The decision (hold only what the lists accepted) is in
 * eligibility.c; training in tools/elig-train.c. docs/eligibility.md, "The
 * model", describes the features and the hash.
 */
#include "elig_model.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "elig_int.h"

#define ELIG_MODEL_LINE 256 /* bytes of one line of MODEL */
#define ELIG_MODEL_KEY  256 /* bytes of one stem key or feature string */
#define ELIG_GRAM_MIN   3   /* character n-grams inside a word: 3 .. 5 characters */
#define ELIG_GRAM_MAX   5
#define ELIG_GRAM_CHARS 48          /* characters of a word that give n-grams */
#define ELIG_FEATS_MAX  (16u << 20) /* bytes of one text's features */

static void elig_model_error(struct dir_error *err, const char *path, const char *what)
{
	dir_error_add(err, "internal_error", NULL, "%s: %s", path, what);
}

/* One "key value" line of MODEL into m; NULL, or what is wrong. */
static const char *elig_model_line(struct elig_model *m, char *line)
{
	char *v = strchr(line, ' '), *end;
	long n;

	if (v == NULL)
		return "a line is not \"key value\"";
	*v++ = '\0';
	errno = 0;
	if (strcmp(line, "rules") == 0) {
		if (snprintf(m->rules, sizeof(m->rules), "%s", v) >= (int)sizeof(m->rules))
			return "rules: too long";
	} else if (strcmp(line, "bits") == 0) {
		n = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || n < ELIG_MODEL_MIN_BITS ||
		    n > ELIG_MODEL_MAX_BITS)
			return "bits: not a number from 10 to 24";
		m->bits = (int)n;
	} else if (strcmp(line, "threshold") == 0) {
		m->threshold = strtod(v, &end);
		if (errno != 0 || *end != '\0' || !(m->threshold > 0.0 && m->threshold <= 1.0))
			return "threshold: not a probability above 0";
	} else if (strcmp(line, "inputs") != 0) { /* inputs: tools/elig-train's hash, for tests */
		return "unknown key";
	}
	return NULL;
}

/* Read dir/MODEL into m. 0; 1 when there is no such file; -1 with err. */
static int elig_model_read_conf(struct elig_model *m, const char *path, struct dir_error *err)
{
	char line[ELIG_MODEL_LINE];
	const char *why = NULL;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return errno == ENOENT ? 1 : (elig_model_error(err, path, strerror(errno)), -1);
	while (why == NULL && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0' && line[0] != '#')
			why = elig_model_line(m, line);
	}
	fclose(fp);
	if (why == NULL && (m->rules[0] == '\0' || m->bits == 0 || m->threshold == 0.0))
		why = "needs the lines rules, bits and threshold";
	if (why != NULL) {
		elig_model_error(err, path, why);
		return -1;
	}
	return 0;
}

const char *elig_model_bind(struct elig_model *m, struct model *lin)
{
	int labels[ELIG_MODEL_CLASSES], seen = 0;

	m->lin = lin;
	if (!check_probability_model(lin) || lin->param.solver_type != L2R_LR)
		return "not an L2-regularised logistic regression model";
	if (get_nr_feature(lin) != 1 << m->bits || lin->bias != 1.0)
		return "its feature count or bias does not match MODEL's bits";
	if (get_nr_class(lin) != ELIG_MODEL_CLASSES)
		return "it does not have the six classes (ok, D1..D5)";
	get_labels(m->lin, labels);
	for (int i = 0; i < ELIG_MODEL_CLASSES; i++) {
		if (labels[i] < 0 || labels[i] >= ELIG_MODEL_CLASSES || (seen & 1 << labels[i]))
			return "its class labels are not 0..5";
		seen |= 1 << labels[i];
		m->label_rule[i] = labels[i];
	}
	return NULL;
}

int elig_model_load(const char *dir, struct elig_model **out, struct dir_error *err)
{
	char path[PATH_MAX];
	struct elig_model *m = calloc(1, sizeof(*m));
	struct model *lin;
	const char *why;
	int rc;

	*out = NULL;
	if (m == NULL) {
		elig_model_error(err, dir, "out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/MODEL", dir);
	if ((rc = elig_model_read_conf(m, path, err)) != 0) {
		free(m);
		return rc > 0 ? 0 : -1;
	}
	snprintf(path, sizeof(path), "%s/linear.model", dir);
	if ((lin = load_model(path)) == NULL) {
		elig_model_error(err, path, "liblinear cannot load it");
		free(m);
		return -1;
	}
	if ((why = elig_model_bind(m, lin)) != NULL) {
		elig_model_error(err, path, why);
		elig_model_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

void elig_model_free(struct elig_model *m)
{
	if (m == NULL)
		return;
	if (m->lin != NULL)
		free_and_destroy_model(&m->lin);
	free(m);
}

void elig_feats_init(struct elig_feats *f)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->xb, ELIG_FEATS_MAX);
	buf_init(&f->hb, ELIG_FEATS_MAX);
	buf_init(&f->sb, ELIG_FEATS_MAX);
	buf_init(&f->tb, ELIG_FEATS_MAX);
}

void elig_feats_free(struct elig_feats *f)
{
	buf_free(&f->xb);
	buf_free(&f->hb);
	buf_free(&f->sb);
	buf_free(&f->tb);
	elig_feats_init(f);
}

/* FNV-1a (32 bits) of kind then s[0..n), as in docs/eligibility.md. */
static uint32_t elig_fnv(char kind, const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	h = (h ^ (unsigned char)kind) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int elig_feats_add(struct elig_feats *f, uint32_t h)
{
	if (buf_add(&f->hb, &h, sizeof(h)) != 0)
		return -1;
	f->nh++;
	return 0;
}

/* "c": the character 3- to 5-grams of "^word$" (its first ELIG_GRAM_CHARS characters). */
static int elig_feats_grams(struct elig_feats *f, const char *w, size_t n)
{
	char s[ELIG_MODEL_KEY];
	size_t pos[ELIG_GRAM_CHARS + 3], nc = 0, len = 0;

	s[len++] = '^';
	for (size_t i = 0; i < n && nc < ELIG_GRAM_CHARS && len + 5 < sizeof(s);) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)w[i + k] & 0xC0) == 0x80)
			k++;
		if (len + k + 1 >= sizeof(s))
			break;
		pos[nc++] = len;
		memcpy(s + len, w + i, k);
		len += k;
		i += k;
	}
	s[len] = '$';
	pos[nc++] = len++;
	/* characters: '^' at 0, then pos[0..nc): the word's and '$' */
	for (size_t a = 0; a <= nc; a++) {
		size_t start = a == 0 ? 0 : pos[a - 1];
		for (size_t g = ELIG_GRAM_MIN; g <= ELIG_GRAM_MAX; g++) {
			size_t last = a + g - 1; /* index of the gram's last character, '^' = 0 */
			size_t end;
			if (last > nc)
				break;
			end = last == nc ? len : pos[last];
			if (elig_feats_add(f, elig_fnv('c', s + start, end - start)) != 0)
				return -1;
		}
	}
	return 0;
}

/* Mark the buckets of hashes h[0..n) (modulo mask + 1) in the bitmap map. */
static void elig_feats_mark(uint64_t *map, const uint32_t *h, size_t n, uint32_t mask)
{
	for (size_t i = 0; i < n; i++)
		map[(h[i] & mask) >> 6] |= (uint64_t)1 << (h[i] & 63);
}

/*
 * f->x from the hashes [a, b) of f->hb and, when events, the events'
 * hashes after the words' (f->tok[ntoks] .. f->nh): each bucket once, in
 * order (a bitmap of the 2^bits buckets, not a sort: a long text has tens
 * of thousands of hashes), L2-normalised, with the bias and the end.
 * f->hb is left as it was.
 */
static int elig_feats_finish(struct elig_feats *f, size_t a, size_t b, int events, int bits)
{
	const uint32_t *all = (const uint32_t *)f->hb.data;
	uint32_t mask = (1u << bits) - 1;
	size_t n = 0, words = ((size_t)1 << bits) / 64, ev = ((const size_t *)f->tb.data)[f->ntok];
	struct feature_node node;
	uint64_t *map;
	double v;

	buf_reset(&f->sb);
	if (buf_add(&f->sb, NULL, words * sizeof(*map)) != 0)
		return -1;
	map = (uint64_t *)f->sb.data;
	elig_feats_mark(map, all + a, b - a, mask);
	if (events && f->nh > ev)
		elig_feats_mark(map, all + ev, f->nh - ev, mask);
	for (size_t w = 0; w < words; w++)
		n += (size_t)__builtin_popcountll(map[w]);
	v = n > 0 ? 1.0 / sqrt((double)n) : 0.0;
	buf_reset(&f->xb);
	for (size_t w = 0; w < words; w++)
		for (uint64_t m = map[w]; m != 0; m &= m - 1) {
			node = (struct feature_node){
				(int)(w * 64 + (size_t)__builtin_ctzll(m)) + 1, v
			};
			if (buf_add(&f->xb, &node, sizeof(node)) != 0)
				return -1;
		}
	node = (struct feature_node){ (int)(mask + 2), 1.0 };
	if (buf_add(&f->xb, &node, sizeof(node)) != 0)
		return -1;
	node = (struct feature_node){ -1, 0.0 };
	if (buf_add(&f->xb, &node, sizeof(node)) != 0)
		return -1;
	f->x = (struct feature_node *)f->xb.data;
	f->n = n;
	f->bits = bits;
	return 0;
}

/* The key of token k: its folded word's stem key, or the folded word. */
static size_t elig_feats_key(const struct elig_norm *nm, struct sb_stemmer *st,
			     const struct elig_text *t, size_t k, char *out, size_t cap)
{
	const struct elig_tok *tok = &t->toks[k];
	long n = -1;

	if (st != NULL)
		n = elig_stem_key(nm, st, t->norm + tok->foff, tok->flen, out, cap);
	if (n < 0) {
		n = tok->flen < cap ? (long)tok->flen : (long)cap - 1;
		memcpy(out, t->norm + tok->foff, (size_t)n);
		out[n] = '\0';
	}
	return (size_t)n;
}

_Static_assert(ELIG_SOFTEN < ELIG_MODEL_KINDS, "struct elig_events has a row per event kind");

#ifndef ELIG_MODEL_EVENTS
#define ELIG_MODEL_EVENTS                                                        \
	(ELIG_KIND(ELIG_TOPIC) | ELIG_KIND(ELIG_STRICT) | ELIG_KIND(ELIG_SOFT) | \
	 ELIG_KIND(ELIG_CUE) | ELIG_KIND(ELIG_SOFTCUE) | ELIG_KIND(ELIG_NEG) |   \
	 ELIG_KIND(ELIG_NEGPOST) | ELIG_KIND(ELIG_WITHOUT))
#endif

/*
 * "e": each (kind, rule) of event the list found; "p": each pair of kinds
 * found together (a negation with a topic, a cue with a topic ...).
 */
static int elig_feats_events(struct elig_feats *f, const struct elig_events *ev)
{
	char k[2];
	int seen[ELIG_MODEL_KINDS] = { 0 };

	for (int i = 0; i < ELIG_MODEL_KINDS; i++)
		for (int r = 0; r < ELIG_MODEL_CLASSES; r++)
			if (ev->n[i][r] > 0 && (ELIG_MODEL_EVENTS & ELIG_KIND(i))) {
				seen[i] = 1;
				k[0] = (char)('a' + i);
				k[1] = (char)('0' + r);
				if (elig_feats_add(f, elig_fnv('e', k, 2)) != 0)
					return -1;
			}
	for (int i = 0; i < ELIG_MODEL_KINDS; i++)
		for (int j = i; j < ELIG_MODEL_KINDS; j++)
			if (seen[i] && seen[j]) {
				k[0] = (char)('a' + i);
				k[1] = (char)('a' + j);
				if (elig_feats_add(f, elig_fnv('p', k, 2)) != 0)
					return -1;
			}
	return 0;
}

/* The hashes of every word of t (f->hb), where each token's start (f->tb), then ev's. */
static int elig_feats_hash(const struct elig_norm *nm, const struct elig_text *t,
			   struct sb_stemmer *st, const struct elig_events *ev,
			   struct elig_feats *f)
{
	char key[ELIG_MODEL_KEY], prev[ELIG_MODEL_KEY], pair[2 * ELIG_MODEL_KEY + 2];
	size_t kn, pn = 0;

	buf_reset(&f->hb);
	buf_reset(&f->tb);
	f->nh = 0;
	f->ntok = t->ntoks;
	for (size_t i = 0; i < t->ntoks; i++) {
		const struct elig_tok *tok = &t->toks[i];
		if (buf_add(&f->tb, &f->nh, sizeof(f->nh)) != 0)
			return -1;
		if (tok->flags & ELIG_TOK_SENT)
			pn = 0;
		if (!(tok->flags & ELIG_TOK_LETTER))
			continue;
		kn = elig_feats_key(nm, st, t, i, key, sizeof(key));
		if (elig_feats_add(f, elig_fnv('w', key, kn)) != 0 ||
		    elig_feats_grams(f, t->norm + tok->foff, tok->flen) != 0)
			return -1;
		if (pn > 0) {
			memcpy(pair, prev, pn);
			pair[pn] = ' ';
			memcpy(pair + pn + 1, key, kn);
			if (elig_feats_add(f, elig_fnv('b', pair, pn + 1 + kn)) != 0)
				return -1;
		}
		memcpy(prev, key, kn);
		pn = kn;
	}
	if (buf_add(&f->tb, &f->nh, sizeof(f->nh)) != 0)
		return -1;
	return ev != NULL ? elig_feats_events(f, ev) : 0;
}

int elig_model_features(const struct elig_norm *nm, const struct elig_text *t, const char *stemmer,
			const struct elig_events *ev, int bits, struct elig_feats *f)
{
	struct sb_stemmer *st = NULL;
	int rc = -1;

	if (stemmer != NULL && stemmer[0] != '\0' &&
	    (st = sb_stemmer_new(stemmer, "UTF_8")) == NULL)
		return -1;
	if (elig_feats_hash(nm, t, st, ev, f) == 0)
		rc = elig_feats_finish(f, 0, ((const size_t *)f->tb.data)[t->ntoks], 1, bits);
	if (st != NULL)
		sb_stemmer_delete(st);
	return rc;
}

int elig_model_features_of(struct elig_feats *f, size_t from, size_t to)
{
	const size_t *tok = (const size_t *)f->tb.data;

	if (tok == NULL || from > to || to > f->ntok)
		return -1;
	return elig_feats_finish(f, tok[from], tok[to], 0, f->bits);
}

double elig_model_score(const struct elig_model *m, const struct feature_node *x, int *rule)
{
	double dec[ELIG_MODEL_CLASSES], ok = 0.0, best = 0.0;
	int r = 0;

	predict_values(m->lin, x, dec);
	for (int i = 0; i < ELIG_MODEL_CLASSES; i++) {
		if (m->label_rule[i] == 0)
			ok = dec[i];
		else if (r == 0 || dec[i] > best) {
			best = dec[i];
			r = m->label_rule[i];
		}
	}
	if (rule != NULL)
		*rule = r;
	return 1.0 - 1.0 / (1.0 + exp(-ok));
}
