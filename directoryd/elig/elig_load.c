/*
 * elig_load.c - loading the eligibility rule: parse and stem the phrase
 * lists (data/eligibility/<lang>.phrases), index their patterns' first
 * terms, read the advice files, VERSION and the libexttextcat
 * configurations. docs/eligibility.md describes the files.
 */
#include "eligibility.h"

#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libstemmer.h>
#include <sodium.h>
#include <unicode/ulocdata.h>

#include "elig_int.h"
#include "elig_lang.h"
#include "elig_load.h"
#include "elig_resemble.h"

/* ---- memory ---------------------------------------------------------- */

/* Allocate n zeroed bytes that live as long as the rule set. */
static void *elig_alloc(struct elig_rules *r, size_t n)
{
	struct elig_block *b = r->arena;
	size_t a = sizeof(max_align_t), need, cap;

	if (n > SIZE_MAX / 2)
		return NULL;
	need = (n + a - 1) / a * a;
	if (b == NULL || b->cap - b->used < need) {
		cap = need > 16384 ? need : 16384;
		b = calloc(1, sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->cap = cap;
		b->next = r->arena;
		r->arena = b;
	}
	b->used += need;
	return (char *)b->data + b->used - need;
}

static char *elig_strndup(struct elig_rules *r, const char *s, size_t n)
{
	char *d = elig_alloc(r, n + 1);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* ---- loading ---------------------------------------------------------- */

#define ELIG_KEY_MAX 1024 /* bytes of one stem key */
#define ELIG_KEY_MIN 4    /* shorter stems are not compared ("però" and "per" share "per") */

/*
 * The key of a case-folded word cf[0..n) for a list with stemmer st: its
 * Snowball stem, folded (marks removed, Latin-ASCII). Writes out (cap
 * bytes, NUL-terminated). Returns the length, or -1.
 */
long elig_stem_key(const struct elig_norm *nm, struct sb_stemmer *st, const char *cf, size_t n,
		   char *out, size_t cap)
{
	const sb_symbol *x;

	if (n > INT_MAX || (x = sb_stemmer_stem(st, (const sb_symbol *)cf, (int)n)) == NULL)
		return -1;
	return elig_norm_fold(nm, (const char *)x, (size_t)sb_stemmer_length(st), out, cap);
}

/*
 * Normalise one word of a phrase list as text is normalised; it must stay
 * one word. Sets a->w and a->len to the folded word and, with stem and a
 * list that has a stemmer, a->key and a->klen to its stem key when that is
 * at least ELIG_KEY_MIN bytes, and a->key2 to the stem key of the folded
 * word (so "récógnítíón", marks added to evade, still stems like
 * "recognition"). Returns NULL or why not.
 */
static const char *elig_fold_word(struct elig_rules *r, struct elig_lang *l, const char *w,
				  size_t n, int stem, struct elig_alt *a)
{
	const char *why = "an alternative must be exactly one word";
	struct elig_text t;
	char key[ELIG_KEY_MAX];
	long k;

	if (elig_norm_text(r->norm, w, n, &t) == 0 && t.ntoks == 1) {
		const struct elig_tok *tok = &t.toks[0];
		why = (a->w = elig_strndup(r, t.norm + tok->foff, tok->flen)) ? NULL
									      : "out of memory";
		a->len = tok->flen;
		if (why == NULL && stem && l->loader != NULL &&
		    (k = elig_stem_key(r->norm, l->loader, t.norm + tok->off, tok->len, key,
				       sizeof(key))) >= ELIG_KEY_MIN) {
			a->key = elig_strndup(r, key, (size_t)k);
			a->klen = (size_t)k;
		}
		if (why == NULL && stem && l->loader != NULL &&
		    (k = elig_stem_key(r->norm, l->loader, a->w, a->len, key, sizeof(key))) >=
			    ELIG_KEY_MIN) {
			a->key2 = elig_strndup(r, key, (size_t)k);
			a->k2len = (size_t)k;
		}
	}
	elig_text_free(&t);
	return why;
}

/* Parse one term "a|b*|*c|=d?" of n bytes into term ("=d": d as written, not by stem). */
static const char *elig_parse_term(struct elig_rules *r, struct elig_lang *l, const char *s,
				   size_t n, int stem, struct elig_term *term)
{
	size_t i = 0, j, count = 1;
	const char *why;

	if (n > 0 && s[n - 1] == '?') {
		term->optional = 1;
		n--;
	}
	for (j = 0; j < n; j++)
		count += s[j] == '|';
	if (n == 0 || count > ELIG_MAX_ALTS)
		return "empty term or too many alternatives";
	term->alts = elig_alloc(r, count * sizeof(*term->alts));
	if (term->alts == NULL)
		return "out of memory";
	while (i <= n) {
		struct elig_alt *a = &term->alts[term->nalts];
		for (j = i; j < n && s[j] != '|'; j++)
			;
		size_t b = i, e = j;
		int exact = 0;
		if (b < e && s[b] == '=') { /* "=word": as written, never by stem */
			exact = 1;
			b++;
		}
		if (b < e && s[b] == '*') {
			a->flags |= ELIG_ALT_PRE;
			b++;
		}
		if (b < e && s[e - 1] == '*') {
			a->flags |= ELIG_ALT_POST;
			e--;
		}
		if (b == e)
			return "an alternative must be exactly one word";
		if ((why = elig_fold_word(r, l, s + b, e - b, stem && a->flags == 0 && !exact,
					  a)) != NULL)
			return why;
		term->nalts++;
		i = j + 1;
	}
	return NULL;
}

/* Parse a pattern "w1 ~2 w2|w3* w4?" into p. Returns NULL or why not. */
static const char *elig_parse_pattern(struct elig_rules *r, struct elig_lang *l, const char *s,
				      int stem, struct elig_pattern *p)
{
	struct elig_term terms[ELIG_MAX_TERMS];
	int gap = 0;
	const char *why;

	memset(terms, 0, sizeof(terms));
	p->nterms = 0;
	while (*s != '\0') {
		size_t n = strcspn(s, " \t");
		if (n == 0) {
			s++;
			continue;
		}
		if (s[0] == '~') {
			char *end;
			long g = strtol(s + 1, &end, 10);
			if (end != s + n || g < 1 || g > ELIG_MAX_GAP || p->nterms == 0 || gap)
				return "~N needs 1..8 and must stand between two terms";
			gap = (int)g;
		} else {
			if (p->nterms == ELIG_MAX_TERMS)
				return "too many terms";
			if ((why = elig_parse_term(r, l, s, n, stem, &terms[p->nterms])) != NULL)
				return why;
			terms[p->nterms++].gap = gap;
			gap = 0;
		}
		s += n;
	}
	if (p->nterms == 0 || gap || terms[0].optional)
		return "a pattern needs a first term that is not optional and no trailing ~N";
	p->terms = elig_alloc(r, p->nterms * sizeof(*p->terms));
	if (p->terms == NULL)
		return "out of memory";
	memcpy(p->terms, terms, p->nterms * sizeof(*p->terms));
	return NULL;
}

static const struct elig_keyword {
	const char *name;
	int kind, rule;
} elig_keywords[] = {
	{ "cue", ELIG_CUE, 0 },
	{ "cue?", ELIG_SOFTCUE, 0 },
	{ "neg", ELIG_NEG, 0 },
	{ "negpost", ELIG_NEGPOST, 0 },
	{ "without", ELIG_WITHOUT, 0 },
	{ "optional", ELIG_OPTIONAL, 0 },
	{ "break", ELIG_BREAK, 0 },
	{ "clear", ELIG_CLEAR, 0 },
	{ "soften", ELIG_SOFTEN, 0 },
	{ "and", ELIG_AND, 0 },
	{ "exit", ELIG_EXIT, 0 },
	{ "trade", ELIG_TRADE, 0 },
	{ "we", ELIG_WE, 0 },
	{ "that", ELIG_THAT, 0 },
	{ "sanction", ELIG_SANCTION, 0 },
	{ "how", ELIG_HOW, 0 },
	{ "hedge", ELIG_HEDGE, 0 },
	{ "forbid", ELIG_FORBID, 0 },
	{ "ban", ELIG_BAN, 0 },
	{ "allow", ELIG_ALLOW, 0 },
	{ "where", ELIG_WHERE, 0 },
	{ "ornot", ELIG_ORNOT, 0 },
	{ "yes", ELIG_YES, 0 },
	{ "no", ELIG_NO, 0 },
	{ "may", ELIG_MAY, 0 },
	{ "begin", ELIG_BEGIN, 0 },
	{ "what", ELIG_WHAT, 0 },
	{ "staff", ELIG_STAFF, 0 },
	{ "abbrev", ELIG_ABBREV, 0 },
	{ "sense", ELIG_SENSE, 0 },
	{ "who", ELIG_WHO, 0 },
	{ "reject", ELIG_REJECT, 0 },
	{ "past", ELIG_PAST, 0 },
	{ "everyday", ELIG_EVERYDAY, 0 },
	{ "admit", ELIG_ADMIT, 0 },
	{ "pro", ELIG_PRO, 0 },
	{ "head", ELIG_HEAD, 0 },
	{ "ident", ELIG_IDENT, 0 },
	{ "idproc", ELIG_IDPROC, 0 },
	{ "relapse", ELIG_RELAPSE, 0 },
	{ "unless", ELIG_UNLESS, 0 },
	{ "record", ELIG_RECORD, 0 },
	{ "office", ELIG_OFFICE, 0 },
	{ "lawful", ELIG_LAWFUL, 0 },
	{ "stay", ELIG_STAY, 0 },
	{ "negend", ELIG_NEGEND, 0 },
	{ "admitv2", ELIG_ADMITV2, 0 },
	{ "veiled", ELIG_VEILED, 0 },
	{ "demand", ELIG_DEMAND, 0 },
	{ "purpose", ELIG_PURPOSE, 0 },
	{ "law", ELIG_LAW, 0 },
	{ "statusgroup", ELIG_STATUSGROUP, 0 },
	{ "weverb", ELIG_WEVERB, 0 },
	{ "aid", ELIG_AID, 0 },
	{ "choice", ELIG_CHOICE, 0 },
	{ "during", ELIG_DURING, 0 },
	{ "pledge", ELIG_PLEDGE, 0 },
	{ "tie", ELIG_TIE, 0 },
	{ "mission", ELIG_MISSION, 0 },
	{ "still", ELIG_STILL, 0 },
	{ "limit", ELIG_LIMIT, 0 },
	{ "ask", ELIG_ASK, 0 },
	{ "D1", ELIG_TOPIC, 1 },
	{ "D2", ELIG_TOPIC, 2 },
	{ "D3", ELIG_TOPIC, 3 },
	{ "D4", ELIG_TOPIC, 4 },
	{ "D5", ELIG_TOPIC, 5 },
	{ "D1!", ELIG_STRICT, 1 },
	{ "D2!", ELIG_STRICT, 2 },
	{ "D3!", ELIG_STRICT, 3 },
	{ "D4!", ELIG_STRICT, 4 },
	{ "D5!", ELIG_STRICT, 5 },
	{ "D1?", ELIG_SOFT, 1 },
	{ "D2?", ELIG_SOFT, 2 },
	{ "D3?", ELIG_SOFT, 3 },
	{ "D4?", ELIG_SOFT, 4 },
	{ "D5?", ELIG_SOFT, 5 },
	{ "D1~", ELIG_WEAK, 1 },
	{ "D2~", ELIG_WEAK, 2 },
	{ "D3~", ELIG_WEAK, 3 },
	{ "D4~", ELIG_WEAK, 4 },
	{ "D5~", ELIG_WEAK, 5 },
};

/*
 * Whether the words of a line of kind k are stemmed: the content words of
 * topics, cues and families are; the small words of negations, offers and
 * breaks are compared as written.
 */
static int elig_stemmed_kind(int k)
{
	static const unsigned char stemmed[ELIG_NKINDS] = {
		[ELIG_TOPIC] = 1,    [ELIG_STRICT] = 1,   [ELIG_SOFT] = 1,    [ELIG_CUE] = 1,
		[ELIG_SOFTCUE] = 1,  [ELIG_EXIT] = 1,     [ELIG_TRADE] = 1,   [ELIG_VEILED] = 1,
		[ELIG_SANCTION] = 1, [ELIG_EVERYDAY] = 1, [ELIG_ADMIT] = 1,   [ELIG_HEAD] = 1,
		[ELIG_IDENT] = 1,    [ELIG_IDPROC] = 1,   [ELIG_RELAPSE] = 1, [ELIG_RECORD] = 1,
		[ELIG_OFFICE] = 1,   [ELIG_LAWFUL] = 1,   [ELIG_STAY] = 1,    [ELIG_PLEDGE] = 1,
		[ELIG_WEAK] = 1,     [ELIG_TIE] = 1,      [ELIG_MISSION] = 1,
	};

	return stemmed[k];
}

static const char *elig_add_pattern(struct elig_rules *r, struct elig_lang *l,
				    const struct elig_keyword *k, const char *arg)
{
	struct elig_pattern *p;
	const char *why;

	if (buf_slot(&l->pats_buf, &l->pats, l->npats, sizeof(*l->pats)) != 0)
		return "out of memory";
	p = &l->pats[l->npats];
	memset(p, 0, sizeof(*p));
	/* Stems widen the content words of topics and cues; the small words of
	 * negations, offers and breaks are compared as written. */
	if ((why = elig_parse_pattern(r, l, arg, elig_stemmed_kind(k->kind), p)) != NULL)
		return why;
	p->kind = k->kind;
	p->rule = k->rule;
	l->npats++;
	return NULL;
}

/*
 * A line of single words ("words", "noend"): each word of s is folded as the
 * list folds its phrases and appended to the array *words (count *n) whose
 * slots live in b. Returns NULL, or not_single when a word folds to more
 * than one word, or "out of memory".
 */
static const char *elig_add_word_list(struct elig_rules *r, struct elig_lang *l, const char *s,
				      struct buf *b, const char ***words, size_t *n,
				      const char *not_single)
{
	while (*s != '\0') {
		size_t len = strcspn(s, " \t");
		struct elig_alt a;
		if (len == 0) {
			s++;
			continue;
		}
		memset(&a, 0, sizeof(a));
		if (elig_fold_word(r, l, s, len, 0, &a) != NULL)
			return not_single;
		if (buf_slot(b, words, *n, sizeof(**words)) != 0)
			return "out of memory";
		(*words)[(*n)++] = a.w;
		s += len;
	}
	return NULL;
}

/* Parse a small integer setting in [lo, hi]. */
static const char *elig_set_int(const char *arg, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end != '\0' || v < lo || v > hi)
		return "expected a small number";
	*out = (int)v;
	return NULL;
}

static const char *elig_set_script(const char *arg, int *out)
{
	static const char *const names[] = { "", "latin", "greek", "cyrillic" };

	for (int i = 1; i < 4; i++)
		if (strcmp(arg, names[i]) == 0) {
			*out = i;
			return NULL;
		}
	return "script must be latin, greek or cyrillic";
}

/* "stemmer <algorithm>": must come before the first pattern. */
static const char *elig_set_stemmer(struct elig_lang *l, const char *arg)
{
	if (l->npats > 0 || l->loader != NULL)
		return "stemmer must come once, before the first phrase";
	if (snprintf(l->stemmer, sizeof(l->stemmer), "%s", arg) >= (int)sizeof(l->stemmer) ||
	    (l->loader = sb_stemmer_new(arg, "UTF_8")) == NULL)
		return "unknown Snowball stemmer";
	return NULL;
}

/* One directive line "keyword argument". Returns NULL or why not. */
static const char *elig_parse_line(struct elig_rules *r, struct elig_lang *l, char *line)
{
	char *arg;
	size_t kl = strcspn(line, " \t");

	arg = line + kl;
	if (*arg != '\0')
		*arg++ = '\0';
	arg += strspn(arg, " \t");
	if (*arg == '\0')
		return "missing argument";
	for (size_t i = 0; i < sizeof(elig_keywords) / sizeof(elig_keywords[0]); i++)
		if (strcmp(line, elig_keywords[i].name) == 0)
			return elig_add_pattern(r, l, &elig_keywords[i], arg);
	if (strcmp(line, "words") == 0)
		return elig_add_word_list(r, l, arg, &l->words_buf, &l->words, &l->nwords,
					  "words must be single words");
	/* words no sentence ends on (articles, prepositions, "to"): elig_runon.c */
	if (strcmp(line, "noend") == 0)
		return elig_add_word_list(r, l, arg, &l->noend_buf, &l->noend, &l->nnoend,
					  "noend takes single words");
	if (strcmp(line, "language") == 0)
		return snprintf(l->tag, sizeof(l->tag), "%s", arg) >= (int)sizeof(l->tag)
			       ? "language tag too long"
			       : NULL;
	if (strcmp(line, "name") == 0) {
		snprintf(l->name, sizeof(l->name), "%s", arg);
		return NULL;
	}
	if (strcmp(line, "script") == 0)
		return elig_set_script(arg, &l->script);
	if (strcmp(line, "stemmer") == 0)
		return elig_set_stemmer(l, arg);
	if (strcmp(line, "version") == 0)
		return elig_set_int(arg, 1, 1000000, &l->revision);
	if (strcmp(line, "window") == 0)
		return elig_set_int(arg, 1, 20, &l->window);
	if (strcmp(line, "reach") == 0)
		return elig_set_int(arg, 1, 8, &l->reach);
	if (strcmp(line, "capnouns") == 0)
		return elig_set_int(arg, 0, 1, &l->capnouns);
	return "unknown keyword";
}

static int elig_cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Keep a sorted copy of the words of l's "words" lines, before the
 * phrases' words join them (elig_runon.c asks for common words only), and
 * sort its "noend" words. Returns 0, or -1 when out of memory.
 */
static int elig_keep_common(struct elig_lang *l)
{
	if ((l->common = malloc((l->nwords + 1) * sizeof(*l->common))) == NULL)
		return -1;
	memcpy(l->common, l->words, l->nwords * sizeof(*l->common));
	l->ncommon = l->nwords;
	qsort(l->common, l->ncommon, sizeof(*l->common), elig_cmp_word);
	if (l->nnoend > 0)
		qsort(l->noend, l->nnoend, sizeof(*l->noend), elig_cmp_word);
	return 0;
}

static int elig_cmp_first(const void *a, const void *b)
{
	const struct elig_first *x = a, *y = b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->k, y->k, n);

	if (c != 0)
		return c;
	if (x->klen != y->klen)
		return x->klen < y->klen ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

static int elig_first_add(struct elig_lang *l, const char *k, size_t klen, size_t pat)
{
	if (buf_slot(&l->first_buf, &l->first, l->nfirst, sizeof(*l->first)) != 0)
		return -1;
	l->first[l->nfirst++] = (struct elig_first){ k, klen, (uint32_t)pat };
	return 0;
}

/*
 * Slots of an open-addressing table for n keys: a power of two, at least
 * 16 and twice n, so that the table is at most half full (elig_hash_first,
 * elig_hash_words).
 */
static size_t elig_hash_slots(size_t n)
{
	size_t slots = 16;

	while (slots < 2 * n)
		slots *= 2;
	return slots;
}

/*
 * The first empty slot from slot h on, probing linearly, in a table of
 * mask + 1 slots of `stride` bytes each, where a slot is empty when the
 * uint32_t at byte `off` of it is 0. The table is never full.
 */
static size_t elig_hash_probe(const void *tab, size_t stride, size_t off, size_t mask, size_t h)
{
	const unsigned char *b = tab;
	uint32_t v;

	for (;; h = (h + 1) & mask) {
		memcpy(&v, b + h * stride + off, sizeof(v));
		if (v == 0)
			return h;
	}
}

/*
 * Hash the distinct keys of l->first (sorted) into l->fhash, at most half
 * full, so that matching finds the patterns of a word with one hash and
 * a comparison or two instead of a binary search. Returns 0 or -1.
 */
static int elig_hash_first(struct elig_rules *r, struct elig_lang *l)
{
	size_t slots = elig_hash_slots(l->nfirst);

	if (l->nfirst >= UINT32_MAX ||
	    (l->fhash = elig_alloc(r, slots * sizeof(*l->fhash))) == NULL)
		return -1;
	memset(l->fhash, 0, slots * sizeof(*l->fhash));
	l->fmask = slots - 1;
	for (size_t lo = 0, hi; lo < l->nfirst; lo = hi) {
		const struct elig_first *e = &l->first[lo];
		size_t h = elig_hash(e->k, e->klen) & l->fmask;
		for (hi = lo + 1; hi < l->nfirst && l->first[hi].klen == e->klen &&
				  memcmp(l->first[hi].k, e->k, e->klen) == 0;
		     hi++)
			;
		h = elig_hash_probe(l->fhash, sizeof(*l->fhash), offsetof(struct elig_frange, hi),
				    l->fmask, h);
		l->fhash[h] = (struct elig_frange){ (uint32_t)lo, (uint32_t)hi };
	}
	return 0;
}

/*
 * Index the first term of every pattern of l: its words, their stem keys
 * and the first ELIG_PREFIX_KEY bytes of its prefixes go in l->first
 * (sorted); a pattern with a suffix, infix or shorter prefix alternative
 * there goes in l->always. Returns 0 or -1 when out of memory.
 */
static int elig_index_first(struct elig_rules *r, struct elig_lang *l)
{
	for (size_t p = 0; p < l->npats; p++) {
		const struct elig_term *t = &l->pats[p].terms[0];
		int always = 0;
		for (size_t i = 0; i < t->nalts; i++) {
			const struct elig_alt *a = &t->alts[i];
			int rc = 0;
			if (a->flags == 0)
				rc = elig_first_add(l, a->w, a->len, p);
			else if (a->flags == ELIG_ALT_POST && a->len >= ELIG_PREFIX_KEY)
				rc = elig_first_add(l, a->w, ELIG_PREFIX_KEY, p);
			else
				always = 1;
			if (rc == 0 && a->key != NULL)
				rc = elig_first_add(l, a->key, a->klen, p);
			if (rc == 0 && a->key2 != NULL)
				rc = elig_first_add(l, a->key2, a->k2len, p);
			if (rc != 0)
				return -1;
		}
		if (always) {
			if (buf_slot(&l->always_buf, &l->always, l->nalways, sizeof(*l->always)) !=
			    0)
				return -1;
			l->always[l->nalways++] = (uint32_t)p;
		}
	}
	if (l->nfirst > 0)
		qsort(l->first, l->nfirst, sizeof(*l->first), elig_cmp_first);
	return elig_hash_first(r, l);
}

/* Check a list is complete once read. Returns NULL or why not. */
static const char *elig_lang_finish(struct elig_rules *r, struct elig_lang *l, const char *stem)
{
	int seen[6] = { 0 }, cue = 0, neg = 0;
	size_t n;

	if (l->tag[0] == '\0' || l->script == 0 || l->revision == 0)
		return "needs language, script and version lines";
	if (strcmp(l->tag, stem) != 0)
		return "language line does not match the file name";
	for (size_t i = 0; i < l->npats; i++) {
		seen[l->pats[i].rule] = 1;
		cue |= l->pats[i].kind == ELIG_CUE;
		neg |= l->pats[i].kind == ELIG_NEG;
	}
	for (int i = 1; i <= 5; i++)
		if (!seen[i])
			return "every rule D1..D5 needs at least one phrase";
	if (!cue || !neg || l->nwords == 0)
		return "needs cue, neg and words lines";
	if (elig_index_first(r, l) != 0 || elig_keep_common(l) != 0)
		return "out of memory";
	/*
	 * The plain words of the list's own phrases (cues, negations, topics)
	 * are evidence too: a text that states a condition in this language
	 * then always counts towards this list. Abbreviations ("z", "e", "i")
	 * are other languages' words too and count for none.
	 */
	for (size_t i = 0; i < l->npats; i++)
		for (size_t j = 0; l->pats[i].kind != ELIG_ABBREV && j < l->pats[i].nterms; j++)
			for (size_t k = 0; k < l->pats[i].terms[j].nalts; k++) {
				const struct elig_alt *a = &l->pats[i].terms[j].alts[k];
				if (a->flags != 0)
					continue;
				if (buf_slot(&l->words_buf, &l->words, l->nwords,
					     sizeof(*l->words)) != 0)
					return "out of memory";
				l->words[l->nwords++] = a->w;
			}
	qsort(l->words, l->nwords, sizeof(*l->words), elig_cmp_word);
	n = 0;
	for (size_t i = 0; i < l->nwords; i++)
		if (n == 0 || strcmp(l->words[n - 1], l->words[i]) != 0)
			l->words[n++] = l->words[i];
	l->nwords = n;
	return NULL;
}

/* Report a load failure naming the file and, when known, the line. */
static void elig_load_error(struct dir_error *err, const char *path, int line, const char *why)
{
	if (line > 0)
		dir_error_add(err, "internal_error", NULL, "eligibility phrase list %s:%d: %s",
			      path, line, why);
	else
		dir_error_add(err, "internal_error", NULL, "eligibility phrase list %s: %s", path,
			      why);
}

/* Read the lines of an open list into l. Returns 0, or -1 with err set. */
static int elig_read_lines(struct elig_rules *r, struct elig_lang *l, FILE *f, const char *path,
			   struct dir_error *err)
{
	char line[ELIG_MAX_LINE + 2];
	const char *why;
	int lineno = 0;

	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strlen(line);
		char *s = line;
		lineno++;
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			elig_load_error(err, path, lineno, "line too long");
			return -1;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
				 line[n - 1] == '\t'))
			line[--n] = '\0';
		s += strspn(s, " \t");
		if (*s == '\0' || *s == '#')
			continue;
		if ((why = elig_parse_line(r, l, s)) != NULL) {
			elig_load_error(err, path, lineno, why);
			return -1;
		}
	}
	if (ferror(f)) {
		elig_load_error(err, path, 0, "read error");
		return -1;
	}
	return 0;
}

/*
 * The letters the language is written with: ICU's standard exemplar set
 * (CLDR), case-insensitive, plus ASCII letters (loanwords, names). Stays
 * NULL when ICU has no data for the tag; the check then skips it.
 */
static void elig_load_letters(struct elig_lang *l)
{
	UErrorCode st = U_ZERO_ERROR;
	ULocaleData *ld = ulocdata_open(l->tag, &st);

	if (U_SUCCESS(st))
		l->letters = ulocdata_getExemplarSet(ld, NULL, USET_CASE_INSENSITIVE,
						     ULOCDATA_ES_STANDARD, &st);
	if (ld != NULL)
		ulocdata_close(ld);
	if (U_FAILURE(st) && l->letters != NULL) {
		uset_close(l->letters);
		l->letters = NULL;
	}
	if (l->letters != NULL) {
		uset_addRange(l->letters, 'a', 'z');
		uset_freeze(l->letters);
	}
}

/* Load dir/name (a *.phrases file) as the next language of r. */
static int elig_load_file(struct elig_rules *r, const char *dir, const char *name,
			  struct dir_error *err)
{
	char path[PATH_MAX], stem[32];
	struct elig_lang *l;
	struct stat st;
	const char *why;
	FILE *f;
	int rc = -1;

	snprintf(stem, sizeof(stem), "%.*s", (int)(strlen(name) - 8), name);
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
	    r->nlangs == ELIG_MAX_LANGS) {
		elig_load_error(err, name, 0, "path too long or too many lists");
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		elig_load_error(err, path, 0, "cannot open");
		return -1;
	}
	l = &r->langs[r->nlangs++];
	buf_init(&l->pats_buf, ELIG_MAX_ARRAY);
	buf_init(&l->first_buf, ELIG_MAX_ARRAY);
	buf_init(&l->always_buf, ELIG_MAX_ARRAY);
	buf_init(&l->words_buf, ELIG_MAX_ARRAY);
	buf_init(&l->noend_buf, ELIG_MAX_ARRAY);
	l->window = 8;
	l->reach = 3;
	if (fstat(fileno(f), &st) != 0 || st.st_size > ELIG_MAX_FILE)
		elig_load_error(err, path, 0, "larger than 256 KiB");
	else if (elig_read_lines(r, l, f, path, err) == 0) {
		if ((why = elig_lang_finish(r, l, stem)) != NULL)
			elig_load_error(err, path, 0, why);
		else
			rc = 0;
	}
	fclose(f);
	if (rc == 0 && l->loader != NULL && (l->spare = elig_alloc(r, sizeof(*l->spare))) != NULL)
		atomic_init(l->spare, l->loader); /* kept for matching */
	else if (l->loader != NULL)
		sb_stemmer_delete(l->loader);
	l->loader = NULL;
	if (rc == 0)
		elig_load_letters(l);
	return rc;
}

/* ---- advice: the rule in plain words and a suggested wording ----------- */

/* "D1".."D5" or "evasion" as an index into elig_lang.advice, or 0. */
static int elig_advice_index(const char *w, size_t n)
{
	if (n == 2 && w[0] == 'D' && w[1] >= '1' && w[1] <= '5')
		return w[1] - '0';
	return n == 7 && strncmp(w, "evasion", 7) == 0 ? ELIG_EVASION : 0;
}

/* One line "<D1..D5|evasion> <rule|suggest> <text>" of an advice file. */
static const char *elig_advice_line(struct elig_rules *r, struct elig_lang *l, const char *line)
{
	size_t n = strcspn(line, " \t"), m;
	int idx = elig_advice_index(line, n), which;
	const char *arg = line + n + strspn(line + n, " \t");

	if (strncmp(line, "language ", 9) == 0)
		return strcmp(line + 9, l->tag) == 0 ? NULL
						     : "language does not match the file name";
	if (strncmp(line, "version ", 8) == 0)
		return NULL;
	if (idx == 0)
		return "expected language, version, D1..D5 or evasion";
	m = strcspn(arg, " \t");
	which = m == 4 && strncmp(arg, "rule", 4) == 0      ? 0
		: m == 7 && strncmp(arg, "suggest", 7) == 0 ? 1
							    : -1;
	arg += m + strspn(arg + m, " \t");
	if (which < 0 || *arg == '\0')
		return "expected rule or suggest and a text";
	if (l->advice[idx][which] != NULL)
		return "given twice";
	l->advice[idx][which] = elig_strndup(r, arg, strlen(arg));
	return l->advice[idx][which] == NULL ? "out of memory" : NULL;
}

/*
 * Read dir/advice/<tag>.advice for list l when it exists. An English file
 * must be complete: it is what languages without a translation show.
 */
static int elig_load_advice(struct elig_rules *r, struct elig_lang *l, const char *dir,
			    struct dir_error *err)
{
	char path[PATH_MAX], line[ELIG_MAX_LINE + 2];
	const char *why = NULL;
	int lineno = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/advice/%s.advice", dir, l->tag);
	if ((f = fopen(path, "r")) == NULL)
		return 0; /* the rule's own words stand in (elig_rule_words) */
	while (why == NULL && fgets(line, sizeof(line), f) != NULL) {
		size_t n = strcspn(line, "\r\n");
		lineno++;
		line[n] = '\0';
		if (line[0] != '\0' && line[0] != '#')
			why = elig_advice_line(r, l, line);
	}
	fclose(f);
	for (int i = 1; why == NULL && strcmp(l->tag, "en") == 0 && i <= ELIG_EVASION; i++)
		if (l->advice[i][0] == NULL || l->advice[i][1] == NULL)
			why = "needs a rule and a suggest line for D1..D5 and evasion";
	if (why != NULL) {
		elig_load_error(err, path, lineno, why);
		return -1;
	}
	return 0;
}

/* Read the first line of dir/VERSION into r->version. */
static int elig_load_version(struct elig_rules *r, const char *dir, struct dir_error *err)
{
	char path[PATH_MAX], line[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/VERSION", dir);
	if ((f = fopen(path, "r")) == NULL) {
		elig_load_error(err, path, 0, "cannot open");
		return -1;
	}
	line[0] = '\0';
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n \t");
	line[n] = '\0';
	if (n == 0 || n >= sizeof(r->version)) {
		elig_load_error(err, path, 1, "needs a version of 1..63 characters");
		return -1;
	}
	memcpy(r->version, line, n + 1);
	return 0;
}

static int elig_cmp_gword(const void *a, const void *b)
{
	return strcmp(((const struct elig_gword *)a)->w, ((const struct elig_gword *)b)->w);
}

/*
 * Hash r->gwords (at most half full) into r->ghash, so that a text's word
 * is found with one hash and a comparison or two. Returns 0 or -1.
 */
static int elig_hash_words(struct elig_rules *r)
{
	size_t slots = elig_hash_slots(r->ngwords);

	if (r->ngwords >= UINT32_MAX || (r->ghash = calloc(slots, sizeof(*r->ghash))) == NULL)
		return -1;
	r->gmask = slots - 1;
	for (size_t k = 0; k < r->ngwords; k++) {
		size_t h = elig_hash(r->gwords[k].w, strlen(r->gwords[k].w)) & r->gmask;
		h = elig_hash_probe(r->ghash, sizeof(*r->ghash), 0, r->gmask, h);
		r->ghash[h] = (uint32_t)k + 1;
	}
	return 0;
}

/*
 * One table of every list's evidence words, each with the lists that have
 * it, so a text's words are looked up once for all lists: a word shared
 * by k lists of a script counts 1/k towards each (elig_score).
 */
static int elig_share_words(struct elig_rules *r)
{
	size_t n = 0, u = 0;

	for (size_t i = 0; i < r->nlangs; i++) {
		r->script_langs[r->langs[i].script] |= (uint64_t)1 << i;
		n += r->langs[i].nwords;
	}
	if (n == 0 || (r->gwords = calloc(n, sizeof(*r->gwords))) == NULL)
		return n == 0 ? 0 : -1;
	n = 0;
	for (size_t i = 0; i < r->nlangs; i++)
		for (size_t k = 0; k < r->langs[i].nwords; k++)
			r->gwords[n++] =
				(struct elig_gword){ r->langs[i].words[k], (uint64_t)1 << i };
	qsort(r->gwords, n, sizeof(*r->gwords), elig_cmp_gword);
	for (size_t k = 0; k < n; k++) {
		if (u > 0 && strcmp(r->gwords[u - 1].w, r->gwords[k].w) == 0)
			r->gwords[u - 1].langs |= r->gwords[k].langs;
		else
			r->gwords[u++] = r->gwords[k];
	}
	r->ngwords = u;
	return elig_hash_words(r);
}

static int elig_is_list(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && n < 40 && d->d_name[0] != '.' && strcmp(d->d_name + n - 8, ".phrases") == 0;
}

#ifndef ELIG_TEXTCAT_DIR
#define ELIG_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

static const char *const elig_script_names[ELIG_SC_N] = { "", "latin", "greek", "cyrillic" };

/*
 * libexttextcat for each script that has a list, with the fingerprints
 * named in dir/textcat-<script>.conf (ours and close languages without a
 * list), read from libexttextcat-data's folder or, written ./x, from dir
 * (elig_textcat_load): a Latin text is compared
 * with Latin fingerprints only. Returns 0, or -1 with err naming the file.
 */
static int elig_textcat_open(struct elig_rules *r, const char *dir, struct dir_error *err)
{
	char path[PATH_MAX];

	for (size_t sc = 1; sc < ELIG_SC_N && elig_script_names[sc] != NULL; sc++) {
		int used = 0;
		for (size_t i = 0; i < r->nlangs; i++)
			used |= r->langs[i].script == (int)sc;
		if (!used)
			continue;
		snprintf(path, sizeof(path), "%s/textcat-%s.conf", dir, elig_script_names[sc]);
		r->textcat[sc] = elig_textcat_load(r, path, dir, ELIG_TEXTCAT_DIR);
		if (r->textcat[sc] == NULL) {
			elig_load_error(
				err, path, 0,
				"cannot load the language fingerprints it names "
				"from " ELIG_TEXTCAT_DIR " (libexttextcat-data), or those "
				"written ./x from the rules' folder (at most 64 per script)");
			return -1;
		}
	}
	return 0;
}

struct elig_rules *elig_rules_load(const char *dir, struct dir_error *err)
{
	struct elig_rules *r = calloc(1, sizeof(*r));
	struct dirent **names = NULL;
	int n, i, rc = -1;

	if (r == NULL) {
		elig_load_error(err, dir, 0, "out of memory");
		return NULL;
	}
	if ((r->norm = elig_norm_open(err)) == NULL) {
		elig_rules_free(r);
		return NULL;
	}
	n = scandir(dir, &names, elig_is_list, alphasort);
	if (n < 0)
		elig_load_error(err, dir, 0, "cannot read the directory");
	else if (n == 0)
		elig_load_error(err, dir, 0, "no *.phrases files");
	else if (elig_load_version(r, dir, err) == 0) {
		for (i = 0; i < n; i++)
			if (elig_load_file(r, dir, names[i]->d_name, err) != 0 ||
			    elig_load_advice(r, &r->langs[r->nlangs - 1], dir, err) != 0)
				break;
		rc = i == n ? 0 : -1;
		if (rc == 0 && elig_share_words(r) != 0) {
			elig_load_error(err, dir, 0, "out of memory");
			rc = -1;
		}
		if (rc == 0 && elig_textcat_open(r, dir, err) != 0)
			rc = -1;
		if (rc == 0 && elig_resemble_load(r, dir, err) != 0)
			rc = -1;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc != 0) {
		elig_rules_free(r);
		return NULL;
	}
	return r;
}

void elig_rules_free(struct elig_rules *rules)
{
	struct elig_block *b, *next;

	if (rules == NULL)
		return;
	for (size_t i = 0; i < rules->nlangs; i++) {
		buf_free(&rules->langs[i].pats_buf);
		buf_free(&rules->langs[i].first_buf);
		buf_free(&rules->langs[i].always_buf);
		buf_free(&rules->langs[i].words_buf);
		buf_free(&rules->langs[i].noend_buf);
		free(rules->langs[i].common);
		if (rules->langs[i].loader != NULL)
			sb_stemmer_delete(rules->langs[i].loader);
		if (rules->langs[i].spare != NULL && atomic_load(rules->langs[i].spare) != NULL)
			sb_stemmer_delete(atomic_load(rules->langs[i].spare));
		if (rules->langs[i].letters != NULL)
			uset_close(rules->langs[i].letters);
		elig_rmodel_free(rules->models[i]);
	}
	free(rules->gwords);
	free(rules->ghash);
	elig_norm_close(rules->norm);
	for (size_t sc = 0; sc < ELIG_SC_N; sc++)
		elig_textcat_free(rules->textcat[sc]);
	for (b = rules->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(rules);
}

const char *elig_rules_version(const struct elig_rules *rules)
{
	return rules->version;
}
