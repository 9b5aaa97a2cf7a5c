/*
 * eligibility.c - the eligibility rule: load the phrase lists, stem them,
 * find condition phrases with their negations in text normalised by
 * elig_norm.c, pick the language of a text (libexttextcat), decide between
 * refused, held and accepted, and walk HSDS documents.
 * docs/eligibility.md explains the method.
 */
#include "eligibility.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libexttextcat/textcat.h>
#include <libstemmer.h>
#include <sodium.h>
#include <unicode/ulocdata.h>
#include <unicode/uset.h>
#include <unicode/utf8.h>

#include "buf.h"
#include "elig_norm.h"

#define ELIG_MAX_FILE    (256 * 1024) /* bytes in one phrase list */
#define ELIG_MAX_LINE    4096         /* bytes in one line of a list */
#define ELIG_MAX_LANGS   64           /* phrase lists in one rule set */
#define ELIG_MAX_TERMS   16           /* terms in one pattern */
#define ELIG_MAX_ALTS    64           /* alternatives in one term */
#define ELIG_MAX_GAP     8            /* largest ~N */
#define ELIG_CHUNK       (64 * 1024)  /* a long text is checked in chunks */
#define ELIG_LABEL_WORDS 4            /* untagged texts this short count as checked */
#define ELIG_OVERLAP     2048         /* bytes shared by neighbouring chunks */
#define ELIG_MAX_DEPTH   64           /* JSON nesting walked */
#define ELIG_MAX_ARRAY   (64 << 20)   /* bytes of one growing array */
#define ELIG_PTR_MAX     512          /* bytes of a JSON Pointer */
#define ELIG_WORD_UNIT   720720       /* weight of an unshared word: lcm(1..16) */
#define ELIG_REFUSE_GAP  6            /* most words between a cue and its topic for a refusal */

enum elig_kind {
	ELIG_TOPIC,    /* a D1-D5 subject: refused with a condition cue */
	ELIG_STRICT,   /* a D1-D5 phrase that is a condition on its own */
	ELIG_SOFT,     /* a word near a D1-D5 subject: held with a condition cue, else ignored */
	ELIG_CUE,      /* condition cue: only, must, required ... */
	ELIG_SOFTCUE,  /* a weaker cue (after, once, will be checked): a soft topic is held */
	ELIG_NEG,      /* negation before what it negates */
	ELIG_NEGPOST,  /* negation after what it negates */
	ELIG_WITHOUT,  /* privative: without, ohne, sin ... */
	ELIG_OPTIONAL, /* if you wish, voluntary ... */
	ELIG_BREAK,    /* clause break: but, however ... */
	ELIG_CLEAR,    /* a frame that clears a topic: naming a group, "whether or not" */
	ELIG_SOFTEN, /* a hypothetical or explanation (if, whether, explains): refusals become holds */
};

#define ELIG_KIND(k) (1u << (k))

/*
 * Groups of event kinds the decision looks for. Each is listed once per
 * text and list (elig_scan_index), so that a check walks only the events
 * it can use instead of every event: the decision stays linear in the
 * events of a text rather than growing with their square.
 */
enum elig_group {
	ELIG_G_NEG,      /* negations */
	ELIG_G_NEGW,     /* negations and "without" */
	ELIG_G_NEGANY,   /* negations before or after, "without" */
	ELIG_G_WITHOUT,  /* "without" */
	ELIG_G_OPTIONAL, /* offers */
	ELIG_G_CUE,      /* condition cues */
	ELIG_G_CUES,     /* condition cues and soft cues */
	ELIG_G_CUENEG,   /* condition cues and negations */
	ELIG_G_FRAME,    /* what frames a sentence (elig_sentence_framed) */
	ELIG_G_NEGWOPT,  /* negations, "without" and offers */
	ELIG_G_TOPICS,   /* topics and strict topics */
	ELIG_G_CLEAR,    /* clearing frames */
	ELIG_NGROUPS
};

static const unsigned elig_group_kinds[ELIG_NGROUPS] = {
	[ELIG_G_NEG] = ELIG_KIND(ELIG_NEG),
	[ELIG_G_NEGW] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT),
	[ELIG_G_NEGANY] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT) | ELIG_KIND(ELIG_NEGPOST),
	[ELIG_G_WITHOUT] = ELIG_KIND(ELIG_WITHOUT),
	[ELIG_G_OPTIONAL] = ELIG_KIND(ELIG_OPTIONAL),
	[ELIG_G_CUE] = ELIG_KIND(ELIG_CUE),
	[ELIG_G_CUES] = ELIG_KIND(ELIG_CUE) | ELIG_KIND(ELIG_SOFTCUE),
	[ELIG_G_CUENEG] = ELIG_KIND(ELIG_CUE) | ELIG_KIND(ELIG_NEG),
	[ELIG_G_FRAME] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_NEGPOST) | ELIG_KIND(ELIG_WITHOUT) |
			 ELIG_KIND(ELIG_OPTIONAL) | ELIG_KIND(ELIG_SOFTEN) | ELIG_KIND(ELIG_CLEAR),
	[ELIG_G_NEGWOPT] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT) | ELIG_KIND(ELIG_OPTIONAL),
	[ELIG_G_TOPICS] = ELIG_KIND(ELIG_TOPIC) | ELIG_KIND(ELIG_STRICT),
	[ELIG_G_CLEAR] = ELIG_KIND(ELIG_CLEAR),
};

#define ELIG_ALT_PRE  1 /* "*x": the word ends with x */
#define ELIG_ALT_POST 2 /* "x*": the word starts with x */

#define ELIG_EVASION 6 /* index of the evasion advice (after D1..D5) */

struct elig_alt {
	const char *w; /* the folded word, or the folded part of a wildcard */
	size_t len;
	const char *key; /* plain words of topics and cues: the stem key, else NULL */
	size_t klen;
	const char *key2; /* the stem key of the folded word (marks removed first), or NULL */
	size_t k2len;
	int flags;
};

struct elig_term {
	struct elig_alt *alts;
	size_t nalts;
	int optional;
	int gap; /* words that may stand before this term */
};

struct elig_pattern {
	struct elig_term *terms;
	size_t nterms;
	int kind;
	int rule; /* 1..5 for topics, else 0 */
};

/*
 * An entry of a list's first-term index: a pattern can start at a token
 * only when its first term has this word, stem key or prefix (the first
 * ELIG_PREFIX_KEY bytes of a "word*" alternative). The index gives every
 * pattern that may start at a token, a superset elig_match_from checks.
 */
struct elig_first {
	const char *k;
	size_t klen;
	uint32_t pat;
};

#define ELIG_PREFIX_KEY 3 /* bytes of a prefix alternative the index keeps */

struct elig_lang {
	char tag[16];
	char name[48];
	int script;
	int revision;
	int window;
	int reach;
	char stemmer[32];          /* Snowball algorithm, "" for none (wildcards instead) */
	struct sb_stemmer *loader; /* while loading: stems the phrases */
	USet *letters;             /* ICU's exemplar letters of the language (ulocdata), or NULL */
	const char *advice[ELIG_EVASION + 1][2]; /* [rule][0] rule in plain words, [1] suggestion */
	struct elig_pattern *pats;               /* the bytes of pats_buf */
	size_t npats;
	struct buf pats_buf;
	struct elig_first *first; /* the first terms' words, stem keys and prefixes, sorted */
	size_t nfirst;
	struct buf first_buf;
	uint32_t *always; /* patterns whose first term is a suffix or a short prefix */
	size_t nalways;
	struct buf always_buf;
	const char **words; /* sorted, distinct */
	size_t nwords;
	struct buf words_buf; /* words' bytes */
};

struct elig_block {
	struct elig_block *next;
	size_t used, cap;
	max_align_t data[];
};

/* A word of some list's evidence words, with the lists that have it. */
struct elig_gword {
	const char *w;
	uint64_t langs; /* bit i: r->langs[i] has it */
};

struct elig_rules {
	char version[64];
	struct elig_gword *gwords; /* every list's words, sorted, distinct */
	size_t ngwords;
	uint64_t script_langs[ELIG_SC_N]; /* bit i: r->langs[i] is of the script */
	struct elig_lang langs[ELIG_MAX_LANGS];
	size_t nlangs;
	struct elig_block *arena;
	struct elig_norm *norm;
	/* libexttextcat per script (textcat-<script>.conf), NULL for a script
	 * without lists: a text is compared only with its script's fingerprints */
	void *textcat[ELIG_SC_N];
	pthread_mutex_t *tc_lock; /* ELIG_SC_N: textcat_Classify keeps state in its handle */
	int tc_locks;             /* how many of tc_lock are initialised */
};

struct elig_event {
	size_t start, end;
	int kind, rule;
	size_t clause, seg, sent;
	uint64_t terms; /* bit i: token start + i is a word of the pattern (not a ~N gap) */
};

struct elig_scan {
	const struct elig_rules *rules;
	const struct elig_lang *lang;
	const struct elig_text *text;
	const char **key; /* per token: the stem key plain phrase words are compared with */
	size_t *klen;
	const char **key2; /* per token: the stem key of the folded word */
	size_t *k2len;
	char *kbuf;
	struct elig_event *ev; /* the bytes of ev_buf */
	size_t nev;
	struct buf ev_buf;
	size_t *clause, *seg, *sent; /* per token */
	int required;                /* the text names what is required: no cue needed */
	/* built once per text and list (elig_scan_index): the events of each
	 * group of kinds, in event order, and per token i the smallest end of
	 * a topic event (any strength) starting at or after i */
	const struct elig_event **group[ELIG_NGROUPS];
	size_t ngroup[ELIG_NGROUPS];
	const struct elig_event **group_buf;
	size_t *topic_end; /* per token i, one more at the end */
	size_t *hard_end;  /* the same for topics and strict topics only */
};

static const char *const elig_rule_words[6] = {
	"",
	"victim status, formal identification as a trafficked person or "
	"referral through a police or NRM procedure",
	"a police report or complaint",
	"cooperation with the police or prosecution, testimony or acting as "
	"a witness",
	"leaving sex work or promising to",
	"reporting to immigration authorities, residence status checks or "
	"data passed to them",
};

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
static long elig_stem_key(const struct elig_norm *nm, struct sb_stemmer *st, const char *cf,
			  size_t n, char *out, size_t cap)
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

/* Parse one term "a|b*|*c?" of n bytes into term. */
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
		if ((why = elig_fold_word(r, l, s + b, e - b, stem && a->flags == 0, a)) != NULL)
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
	{ "cue", ELIG_CUE, 0 },         { "cue?", ELIG_SOFTCUE, 0 },
	{ "neg", ELIG_NEG, 0 },         { "negpost", ELIG_NEGPOST, 0 },
	{ "without", ELIG_WITHOUT, 0 }, { "optional", ELIG_OPTIONAL, 0 },
	{ "break", ELIG_BREAK, 0 },     { "clear", ELIG_CLEAR, 0 },
	{ "soften", ELIG_SOFTEN, 0 },   { "D1", ELIG_TOPIC, 1 },
	{ "D2", ELIG_TOPIC, 2 },        { "D3", ELIG_TOPIC, 3 },
	{ "D4", ELIG_TOPIC, 4 },        { "D5", ELIG_TOPIC, 5 },
	{ "D1!", ELIG_STRICT, 1 },      { "D2!", ELIG_STRICT, 2 },
	{ "D3!", ELIG_STRICT, 3 },      { "D4!", ELIG_STRICT, 4 },
	{ "D5!", ELIG_STRICT, 5 },      { "D1?", ELIG_SOFT, 1 },
	{ "D2?", ELIG_SOFT, 2 },        { "D3?", ELIG_SOFT, 3 },
	{ "D4?", ELIG_SOFT, 4 },        { "D5?", ELIG_SOFT, 5 },
};

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
	if ((why = elig_parse_pattern(r, l, arg,
				      k->kind == ELIG_TOPIC || k->kind == ELIG_STRICT ||
					      k->kind == ELIG_SOFT || k->kind == ELIG_CUE ||
					      k->kind == ELIG_SOFTCUE,
				      p)) != NULL)
		return why;
	p->kind = k->kind;
	p->rule = k->rule;
	l->npats++;
	return NULL;
}

static const char *elig_add_words(struct elig_rules *r, struct elig_lang *l, const char *s)
{
	while (*s != '\0') {
		size_t n = strcspn(s, " \t");
		struct elig_alt a;
		if (n == 0) {
			s++;
			continue;
		}
		memset(&a, 0, sizeof(a));
		if (elig_fold_word(r, l, s, n, 0, &a) != NULL)
			return "words must be single words";
		if (buf_slot(&l->words_buf, &l->words, l->nwords, sizeof(*l->words)) != 0)
			return "out of memory";
		l->words[l->nwords++] = a.w;
		s += n;
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
		return elig_add_words(r, l, arg);
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
	return "unknown keyword";
}

static int elig_cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
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
 * Index the first term of every pattern of l: its words, their stem keys
 * and the first ELIG_PREFIX_KEY bytes of its prefixes go in l->first
 * (sorted); a pattern with a suffix, infix or shorter prefix alternative
 * there goes in l->always. Returns 0 or -1 when out of memory.
 */
static int elig_index_first(struct elig_lang *l)
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
	return 0;
}

/* Check a list is complete once read. Returns NULL or why not. */
static const char *elig_lang_finish(struct elig_lang *l, const char *stem)
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
	if (elig_index_first(l) != 0)
		return "out of memory";
	/*
	 * The plain words of the list's own phrases (cues, negations, topics)
	 * are evidence too: a text that states a condition in this language
	 * then always counts towards this list.
	 */
	for (size_t i = 0; i < l->npats; i++)
		for (size_t j = 0; j < l->pats[i].nterms; j++)
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
	l->window = 8;
	l->reach = 3;
	if (fstat(fileno(f), &st) != 0 || st.st_size > ELIG_MAX_FILE)
		elig_load_error(err, path, 0, "larger than 256 KiB");
	else if (elig_read_lines(r, l, f, path, err) == 0) {
		if ((why = elig_lang_finish(l, stem)) != NULL)
			elig_load_error(err, path, 0, why);
		else
			rc = 0;
	}
	fclose(f);
	if (l->loader != NULL)
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
	return 0;
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
 * list), read from libexttextcat-data's folder: a Latin text is compared
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
		r->textcat[sc] = special_textcat_Init(path, ELIG_TEXTCAT_DIR);
		if (r->textcat[sc] == NULL) {
			elig_load_error(err, path, 0,
					"cannot load the language fingerprints it names "
					"from " ELIG_TEXTCAT_DIR " (libexttextcat-data)");
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
	r->tc_lock = calloc(ELIG_SC_N, sizeof(*r->tc_lock));
	while (r->tc_lock != NULL && r->tc_locks < ELIG_SC_N &&
	       pthread_mutex_init(&r->tc_lock[r->tc_locks], NULL) == 0)
		r->tc_locks++;
	if (r->tc_locks < ELIG_SC_N || (r->norm = elig_norm_open(err)) == NULL) {
		if (r->tc_locks < ELIG_SC_N)
			elig_load_error(err, dir, 0, "cannot create a lock");
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
		if (rules->langs[i].loader != NULL)
			sb_stemmer_delete(rules->langs[i].loader);
		if (rules->langs[i].letters != NULL)
			uset_close(rules->langs[i].letters);
	}
	free(rules->gwords);
	elig_norm_close(rules->norm);
	for (size_t sc = 0; sc < ELIG_SC_N; sc++)
		if (rules->textcat[sc] != NULL)
			textcat_Done(rules->textcat[sc]);
	for (int k = 0; k < rules->tc_locks; k++)
		pthread_mutex_destroy(&rules->tc_lock[k]);
	free(rules->tc_lock);
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

/* ---- matching ---------------------------------------------------------- */

static int elig_alt_hit(const struct elig_alt *a, const char *w, size_t n)
{
	switch (a->flags) {
	case 0: return n == a->len && memcmp(w, a->w, n) == 0;
	case ELIG_ALT_POST: return n >= a->len && memcmp(w, a->w, a->len) == 0;
	case ELIG_ALT_PRE: return n >= a->len && memcmp(w + n - a->len, a->w, a->len) == 0;
	default: return memmem(w, n, a->w, a->len) != NULL;
	}
}

/* The folded word matches as written, or plain words by their stem keys. */
static int elig_term_hit(const struct elig_term *term, const struct elig_scan *sc, size_t pos)
{
	const struct elig_tok *tok = &sc->text->toks[pos];
	const char *f = sc->text->norm + tok->foff;

	for (size_t i = 0; i < term->nalts; i++) {
		const struct elig_alt *a = &term->alts[i];
		if (elig_alt_hit(a, f, tok->flen))
			return 1;
		if (a->key != NULL && a->klen == sc->klen[pos] &&
		    memcmp(a->key, sc->key[pos], a->klen) == 0)
			return 1;
		if (a->key2 != NULL && a->k2len == sc->k2len[pos] &&
		    memcmp(a->key2, sc->key2[pos], a->k2len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Match terms ti.. of p at token pos, allowing up to `gap` words before
 * the term (more if the term itself says ~N). end is the first token of
 * the next sentence. Returns the token after the match, or -1; at[t] is
 * the token term t matched (SIZE_MAX for an optional term left out).
 */
static long elig_match_from(const struct elig_pattern *p, size_t ti, const struct elig_scan *sc,
			    size_t pos, size_t end, int gap, size_t *at)
{
	const struct elig_term *term;
	int allow;
	long r;

	if (ti == p->nterms)
		return (long)pos;
	term = &p->terms[ti];
	allow = gap > term->gap ? gap : term->gap;
	for (size_t g = 0; g <= (size_t)allow && pos + g < end; g++) {
		if (!elig_term_hit(term, sc, pos + g))
			continue;
		at[ti] = pos + g;
		r = elig_match_from(p, ti + 1, sc, pos + g + 1, end, 0, at);
		if (r >= 0)
			return r;
	}
	if (term->optional) {
		at[ti] = SIZE_MAX;
		return elig_match_from(p, ti + 1, sc, pos, end, allow, at);
	}
	return -1;
}

/* ---- one language over one text --------------------------------------- */

struct elig_hit {
	int rule;
	size_t start, end;            /* tokens */
	size_t gap;                   /* words between a condition cue and its topic */
	size_t cs, ce;                /* the cue's tokens */
	const struct elig_event *cue; /* the cue, or NULL */
};

/* Add to c (n so far) the patterns of l's first-term index under key k. */
static size_t elig_first_lookup(const struct elig_lang *l, const char *k, size_t klen, uint32_t *c,
				size_t n, size_t cap)
{
	size_t lo = 0, hi = l->nfirst;

	while (lo < hi) { /* the first entry not below k */
		size_t mid = lo + (hi - lo) / 2;
		const struct elig_first *e = &l->first[mid];
		size_t m = e->klen < klen ? e->klen : klen;
		int d = memcmp(e->k, k, m);
		if (d < 0 || (d == 0 && e->klen < klen))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->nfirst && n < cap && l->first[lo].klen == klen &&
	       memcmp(l->first[lo].k, k, klen) == 0;
	     lo++)
		c[n++] = l->first[lo].pat;
	return n;
}

static int elig_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The patterns that may start at token i, ascending and distinct, in c
 * (cap entries): those the first-term index gives for the token's folded
 * word, stem keys and prefix, and those always tried. Returns how many,
 * or SIZE_MAX when they do not fit (then every pattern is tried).
 */
static size_t elig_candidates(const struct elig_scan *sc, size_t i, uint32_t *c, size_t cap)
{
	const struct elig_lang *l = sc->lang;
	const struct elig_tok *tok = &sc->text->toks[i];
	const char *f = sc->text->norm + tok->foff;
	size_t n = 0, u = 0;

	n = elig_first_lookup(l, f, tok->flen, c, n, cap);
	n = elig_first_lookup(l, sc->key[i], sc->klen[i], c, n, cap);
	if (sc->key2[i] != sc->key[i])
		n = elig_first_lookup(l, sc->key2[i], sc->k2len[i], c, n, cap);
	if (tok->flen >= ELIG_PREFIX_KEY)
		n = elig_first_lookup(l, f, ELIG_PREFIX_KEY, c, n, cap);
	if (n + l->nalways > cap)
		return SIZE_MAX;
	if (l->nalways > 0) /* l->always is NULL when a language has none */
		memcpy(c + n, l->always, l->nalways * sizeof(*c));
	n += l->nalways;
	qsort(c, n, sizeof(*c), elig_cmp_u32);
	for (size_t k = 0; k < n; k++)
		if (u == 0 || c[u - 1] != c[k])
			c[u++] = c[k];
	return u;
}

/* Record pattern p if it matches at token i (end: the sentence's end). */
static int elig_scan_at(struct elig_scan *sc, size_t k, size_t i, size_t end)
{
	const struct elig_pattern *p = &sc->lang->pats[k];
	size_t at[ELIG_MAX_TERMS];
	uint64_t terms = 0;
	long r = elig_match_from(p, 0, sc, i, end, 0, at);

	if (r < 0)
		return 0;
	for (size_t t = 0; t < p->nterms; t++)
		if (at[t] != SIZE_MAX && at[t] - i < 64)
			terms |= (uint64_t)1 << (at[t] - i);
	if (buf_slot(&sc->ev_buf, &sc->ev, sc->nev, sizeof(*sc->ev)) != 0)
		return -1;
	sc->ev[sc->nev++] = (struct elig_event){
		.start = i, .end = (size_t)r, .kind = p->kind, .rule = p->rule, .terms = terms
	};
	return 0;
}

#define ELIG_MAX_CAND 1024 /* candidate patterns at one token */

/*
 * Record every pattern of the language that matches at some token, in
 * token order and, at one token, in the list's order. Only the patterns
 * the first-term index names are tried.
 */
static int elig_scan_events(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	uint32_t c[ELIG_MAX_CAND];
	size_t end = 0, n;

	for (size_t i = 0; i < t->ntoks; i++) {
		if (i >= end)
			for (end = i + 1; end < t->ntoks && !(t->toks[end].flags & ELIG_TOK_SENT);
			     end++)
				;
		n = elig_candidates(sc, i, c, ELIG_MAX_CAND);
		for (size_t k = 0; k < (n == SIZE_MAX ? sc->lang->npats : n); k++)
			if (elig_scan_at(sc, n == SIZE_MAX ? k : c[k], i, end) != 0)
				return -1;
	}
	return 0;
}

/*
 * Number the clauses (split at sentence ends and break phrases) and the
 * comma segments inside them, per token and per event.
 */
static int elig_scan_clauses(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	size_t n = t->ntoks, c = 0, s = 0, z = 0, bytes;

	if (__builtin_mul_overflow(n + 1, 3 * sizeof(size_t), &bytes) ||
	    (sc->clause = calloc(1, bytes)) == NULL)
		return -1;
	sc->seg = sc->clause + n + 1;
	sc->sent = sc->seg + n + 1;
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_BREAK)
			sc->seg[sc->ev[k].start] = 1;
	for (size_t i = 1; i < n; i++) {
		int brk = sc->seg[i] != 0;
		if (t->toks[i].flags & ELIG_TOK_SENT)
			z++;
		sc->sent[i] = z;
		if ((t->toks[i].flags & ELIG_TOK_SENT) || brk) {
			c++;
			s++;
		} else if (t->toks[i].flags & ELIG_TOK_COMMA) {
			s++;
		}
		sc->clause[i] = c;
		sc->seg[i] = s;
	}
	if (n > 0)
		sc->seg[0] = 0;
	for (size_t k = 0; k < sc->nev; k++) {
		sc->ev[k].clause = sc->clause[sc->ev[k].start];
		sc->ev[k].seg = sc->seg[sc->ev[k].start];
		sc->ev[k].sent = sc->sent[sc->ev[k].start];
	}
	return 0;
}

/*
 * A negation or "without" whose words are all the own words of a clause
 * break ("sin embargo": however) or of a condition cue (the "n'" of "n'...
 * que": only) is that phrase's, not a negation: it neither cancels, clears
 * nor doubles anything.
 */
static int elig_word_of_other(const struct elig_scan *sc, const struct elig_event *n)
{
	if (n->kind != ELIG_NEG && n->kind != ELIG_NEGPOST && n->kind != ELIG_WITHOUT)
		return 0;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *o = &sc->ev[k];
		int own = o->kind == ELIG_BREAK || (o->kind == ELIG_CUE && n->kind == ELIG_NEG);
		if (o->start > n->start)
			break; /* events are in token order */
		for (size_t i = n->start; i < n->end && own; i++)
			own = i >= o->start && i < o->end && i - o->start < 64 &&
			      (o->terms >> (i - o->start) & 1);
		if (own)
			return 1;
	}
	return 0;
}

/*
 * List the events of each group of kinds (enum elig_group), in event
 * order, and for every token the smallest end of a topic event starting
 * there or later (elig_topic_between). Once per text and list. Returns 0
 * or -1 when out of memory.
 */
static int elig_scan_index(struct elig_scan *sc)
{
	size_t n = sc->text->ntoks, cells;

	if (__builtin_mul_overflow(sc->nev + 1, (size_t)ELIG_NGROUPS, &cells) ||
	    (sc->group_buf = calloc(cells, sizeof(*sc->group_buf))) == NULL ||
	    (sc->topic_end = calloc(2 * (n + 1), sizeof(*sc->topic_end))) == NULL)
		return -1;
	sc->hard_end = sc->topic_end + n + 1;
	for (int g = 0; g < ELIG_NGROUPS; g++) {
		sc->group[g] = sc->group_buf + (size_t)g * (sc->nev + 1);
		for (size_t k = 0; k < sc->nev; k++)
			if ((elig_group_kinds[g] & ELIG_KIND(sc->ev[k].kind)) &&
			    !elig_word_of_other(sc, &sc->ev[k]))
				sc->group[g][sc->ngroup[g]++] = &sc->ev[k];
	}
	for (size_t i = 0; i <= n; i++)
		sc->topic_end[i] = sc->hard_end[i] = SIZE_MAX;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT || e->kind == ELIG_SOFT) &&
		    e->end < sc->topic_end[e->start])
			sc->topic_end[e->start] = e->end;
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT) &&
		    e->end < sc->hard_end[e->start])
			sc->hard_end[e->start] = e->end;
	}
	for (size_t i = n; i-- > 0;) {
		if (sc->topic_end[i + 1] < sc->topic_end[i])
			sc->topic_end[i] = sc->topic_end[i + 1];
		if (sc->hard_end[i + 1] < sc->hard_end[i])
			sc->hard_end[i] = sc->hard_end[i + 1];
	}
	return 0;
}

/*
 * Another topic stands in [a, b), a word before b (not part of the same
 * noun phrase as "polizeiliche Anzeige"): a "without" before it is about
 * that one ("Personen ohne Aufenthaltsrecht der Auslaenderbehoerde zu
 * melden": without a right of residence, reported to the office).
 */
static int elig_topic_between(const struct elig_scan *sc, size_t a, size_t b)
{
	return a <= sc->text->ntoks && sc->topic_end[a] < b;
}

/*
 * A "without" ending at a does not govern a topic starting at b: another
 * topic stands between (elig_topic_between), or a topic or strict topic
 * ends right at b ("mensen zonder papieren geven wij door aan de
 * vreemdelingenpolitie": the papers are the without's, not the passing
 * on).
 */
static int elig_without_elsewhere(const struct elig_scan *sc, size_t a, size_t b)
{
	return elig_topic_between(sc, a, b) || (a <= sc->text->ntoks && sc->hard_end[a] <= b);
}
/* A negation (or "without") ends at most `reach` words before pos. */
static int elig_neg_before(const struct elig_scan *sc, size_t pos)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGW]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGW][k];
		if ((e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT) && e->end <= pos &&
		    pos - e->end <= (size_t)sc->lang->reach && e->seg == sc->seg[pos] &&
		    !(e->kind == ELIG_WITHOUT ? elig_without_elsewhere(sc, e->end, pos)
					      : elig_topic_between(sc, e->end, pos)))
			return 1;
	}
	return 0;
}

/* A negation lies inside [a, b), or a postposed one follows b soon. */
static int elig_neg_within(const struct elig_scan *sc, size_t a, size_t b, size_t after)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGANY]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGANY][k];
		int neg = e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT || e->kind == ELIG_NEGPOST;
		if (neg && e->start >= a && e->end <= b)
			return 1;
		if (after > 0 && e->kind == ELIG_NEGPOST && e->start >= after &&
		    e->start - after <= (size_t)sc->lang->reach && e->seg == sc->seg[after - 1])
			return 1;
	}
	return 0;
}

/* A "without" phrase starts at token pos (it is no plain negation then). */
static int elig_without_at(const struct elig_scan *sc, size_t pos)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->start == pos)
			return 1;
	return 0;
}

/*
 * Negation n is exactly a "without" phrase ("без", "bez"), not a longer
 * negation that starts with one ("bez względu na": regardless of).
 */
static int elig_is_without(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->start == n->start &&
		    sc->group[ELIG_G_WITHOUT][k]->end == n->end)
			return 1;
	return 0;
}

/*
 * A negation inside event e that is not one of e's own words: "data is
 * never passed to ..." (a gap of the pattern), not the "не" of "більше не
 * працюють" or the "niet langer" of "niet langer meewerkt", which the
 * pattern names, and not a "without", which belongs to the noun after it
 * (a sentence with one is held, not refused: elig_sentence_framed).
 */
static int elig_neg_inside(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGANY]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEGANY][k];
		int own = 1;
		if ((n->kind != ELIG_NEG && n->kind != ELIG_NEGPOST) || n->start < e->start + 1 ||
		    n->end > e->end || (n->kind == ELIG_NEG && elig_is_without(sc, n)))
			continue; /* a "without" in the gap is its noun's: "о людях без документов мы передаём" */
		for (size_t i = n->start; i < n->end && own; i++)
			own = i - e->start < 64 && (e->terms >> (i - e->start) & 1);
		if (!own)
			return 1;
	}
	return elig_neg_within(sc, e->end, e->end, e->end);
}

static int elig_event_negated(const struct elig_scan *sc, const struct elig_event *e)
{
	return elig_neg_before(sc, e->start) || elig_neg_inside(sc, e);
}

/* Words a negation may stand before a cue that precedes its topic. */
#define ELIG_LEADING_CUE_REACH 2

/*
 * Is cue c negated for topic t? After the topic ("police report not
 * required") a negation within reach counts. Before the topic, only one
 * close to the cue does ("nicht nur", "не е нужно", "no es necesario"): in
 * "keine Wartezeit und Hilfe nur nach Anzeige" the negation belongs to
 * another phrase.
 */
static int elig_cue_negated(const struct elig_scan *sc, const struct elig_event *c,
			    const struct elig_event *t)
{
	if (c->start >= t->end)
		return elig_event_negated(sc, c);
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->end <= c->start && e->seg == c->seg &&
		    c->start - e->end <= ELIG_LEADING_CUE_REACH)
			return 1;
	}
	return elig_neg_within(sc, c->start + 1, c->end, c->end);
}

/*
 * An offer in t's comma segment, or closing t's clause after it ("As long
 * as the criminal case lasts, and afterwards too, a worker can go with you
 * to hearings if you want").
 */
static int elig_optional_near(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_OPTIONAL]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_OPTIONAL][k];
		if (o->kind == ELIG_OPTIONAL && o->clause == t->clause &&
		    (o->seg == t->seg || o->start >= t->end))
			return 1;
	}
	return 0;
}

/*
 * "without <topic>": 0 when absent, 1 when it cancels the topic, 2 when a
 * negation before it or just after the topic makes it a condition ("no
 * help without a report", "без заявления не помогаем"), 3 when a negation
 * further on in the clause may (held: "ohne Anzeige ist eine Aufnahme
 * leider nicht möglich"); with 2 and 3 *from is where the phrase starts.
 */
static int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from)
{
	size_t reach = (size_t)sc->lang->reach, window = (size_t)sc->lang->window;
	int far = 0;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++) {
		const struct elig_event *w = sc->group[ELIG_G_WITHOUT][k];
		if (w->kind != ELIG_WITHOUT || w->end > t->start || t->start - w->end > reach ||
		    w->seg != t->seg || elig_without_elsewhere(sc, w->end, t->start))
			continue;
		for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
			const struct elig_event *n = sc->group[ELIG_G_NEG][j];
			if (n->kind != ELIG_NEG || elig_without_at(sc, n->start))
				continue;
			if (n->start >= t->end && n->start - t->end <= window &&
			    n->clause == t->clause)
				far = 1; /* "without a report, admission is sadly not possible" */
			if (n->seg != w->seg)
				continue;
			if (n->end <= w->start && w->start - n->end <= window) {
				*from = n->start; /* "no help without a report" */
				return 2;
			}
			if (n->start >= t->end && n->start - t->end <= reach) {
				*from = w->start; /* "without a report, no help" */
				return 2;
			}
		}
		if (far) {
			*from = w->start;
			return 3;
		}
		return 1;
	}
	return 0;
}

/*
 * A condition cue that is not negated stands in t's own comma segment:
 * "No problem: help only after a police report" is no list of what is
 * not asked.
 */
static int elig_cue_in_segment(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUE]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind == ELIG_CUE && c->seg == t->seg && c->start < t->start &&
		    !elig_event_negated(sc, c))
			return 1;
	}
	return 0;
}

/* A colon ends the segment of negation n, before topic t ("What we don't ask for: ..."). */
static int elig_colon_after(const struct elig_scan *sc, const struct elig_event *n,
			    const struct elig_event *t)
{
	for (size_t i = n->end; i <= t->start && i < sc->text->ntoks; i++)
		if (sc->seg[i] != n->seg)
			return (sc->text->toks[i].flags & ELIG_TOK_COLON) != 0;
	return 0;
}

/*
 * A negated cue heads the list t stands in: "What we don't ask for: a
 * police report, an NRM referral, ... or a promise to stop working",
 * "Was wir nicht verlangen: eine Anzeige, ..."), or a negation in the
 * segment a colon ends. Every item of the list after it is cleared,
 * however far.
 */
static int elig_list_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUENEG]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUENEG][k];
		if (c->kind == ELIG_CUE && c->clause == t->clause && c->end <= t->start &&
		    c->seg < t->seg && elig_event_negated(sc, c))
			return 1;
		if (c->kind == ELIG_NEG && c->clause == t->clause && c->end <= t->start &&
		    elig_colon_after(sc, c, t) && !elig_cue_in_segment(sc, t))
			return 1;
	}
	return 0;
}

/*
 * A negation that is an answer or an exclamation on its own ("No, the
 * course is for ...", "Kein Problem: ..."): it starts a sentence and its
 * comma segment has at most two words and holds the whole negation ("Egal,
 * ob" is one phrase across the comma). It negates nothing that follows.
 */
static int elig_neg_interjection(const struct elig_scan *sc, const struct elig_event *e)
{
	const struct elig_text *t = sc->text;
	size_t i = e->start;

	if (e->kind != ELIG_NEG || (i > 0 && !(t->toks[i].flags & ELIG_TOK_SENT)))
		return 0;
	while (i < t->ntoks && i - e->start <= 2 && sc->seg[i] == e->seg)
		i++;
	return i >= e->end && i < t->ntoks && i - e->start <= 2 && sc->sent[i] == e->sent;
}

/* Token i is one of e's own words (not a word of a ~N gap). */
static int elig_own_word(const struct elig_event *e, size_t i)
{
	return e != NULL && i >= e->start && i < e->end && i - e->start < 64 &&
	       (e->terms >> (i - e->start) & 1);
}

/* Words a conditional conjunction may stand after its cue: "only if", "only available if". */
#define ELIG_CUE_IF_REACH 2

/*
 * Does frame event e count inside the phrase [a, b) from cue to topic t?
 * Not when all its words are the cue's or the topic's own, not a clearing
 * frame (only one before the phrase clears), and not a softening word
 * right after the cue in the topic's comma segment: the "if" of "only
 * available if you file a report" states the condition. Any other (the
 * "appointment" of "Help only by appointment, including for police
 * reports") does.
 */
static int elig_frame_inside(const struct elig_event *e, const struct elig_event *t,
			     const struct elig_event *cue)
{
	int own = 1;

	for (size_t i = e->start; i < e->end && own; i++)
		own = elig_own_word(t, i) || elig_own_word(cue, i);
	if (own || e->kind == ELIG_CLEAR)
		return 0;
	return !(e->kind == ELIG_SOFTEN && cue != NULL && cue->end <= t->start &&
		 e->start >= cue->end && e->start - cue->end <= ELIG_CUE_IF_REACH &&
		 e->seg == t->seg);
}

/*
 * A frame stands in t's sentence beside the phrase from its cue (NULL for
 * a strict phrase) to t: a negation, a "without", an offer or a softening
 * word (a hypothetical, an explanation, an appointment) anywhere in the
 * sentence other than the phrase's own words (elig_frame_inside), or a
 * clearing frame before the phrase ("for women who want to ...", but not
 * the "help you with" of "You must file a police report before we can
 * help you with anything"). A condition in such a sentence is held, not
 * refused: refusals are kept for the unambiguous, and a person decides the
 * rest.
 */
static int elig_sentence_framed(const struct elig_scan *sc, const struct elig_event *t,
				const struct elig_event *cue)
{
	size_t a = t->start, b = t->end;

	if (cue != NULL) {
		a = cue->start < a ? cue->start : a;
		b = cue->end > b ? cue->end : b;
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FRAME]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_FRAME][k];
		if (e->sent != t->sent || elig_neg_interjection(sc, e))
			continue;
		if (e->start < b && e->end > a) {
			if (elig_frame_inside(e, t, cue))
				return 1;
			continue;
		}
		if (e->kind != ELIG_CLEAR || e->end <= a)
			return 1;
	}
	return 0;
}

/*
 * Find a condition cue (of kind ELIG_CUE, or ELIG_SOFTCUE as well when
 * soft) that governs topic t. Returns 1 and fills h.
 */
static int elig_find_cue_of(const struct elig_scan *sc, const struct elig_event *t, int soft,
			    struct elig_hit *h)
{
	int g = soft ? ELIG_G_CUES : ELIG_G_CUE;

	for (size_t k = 0; k < sc->ngroup[g]; k++) {
		const struct elig_event *c = sc->group[g][k];
		size_t a = c->end <= t->start ? c->end : t->end;
		size_t b = c->end <= t->start ? t->start : c->start;
		if ((c->kind != ELIG_CUE && (!soft || c->kind != ELIG_SOFTCUE)) ||
		    c->clause != t->clause)
			continue;
		if (c->start < t->end && t->start < c->end) {
			if (soft)
				continue; /* a word of the soft topic is no cue for it */
			a = b = 0;        /* overlapping: no distance */
		}
		if (b < a || b - a > (size_t)sc->lang->window || elig_cue_negated(sc, c, t) ||
		    (b > a && elig_neg_within(sc, a, b, 0)))
			continue;
		h->start = c->start < t->start ? c->start : t->start;
		h->end = c->end > t->end ? c->end : t->end;
		h->gap = b - a;
		h->cs = c->start;
		h->ce = c->end;
		h->cue = c;
		return 1;
	}
	return 0;
}

/* A condition cue governs topic t. Returns 1 and fills h. */
static int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h)
{
	return elig_find_cue_of(sc, t, 0, h);
}

/*
 * Event e stands after a colon in its clause: an item of a list ("House
 * rules: no on-call work, the phone for clients is handed in").
 */
static int elig_list_item(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t i = e->start + 1; i-- > 0 && sc->clause[i] == e->clause;)
		if (sc->text->toks[i].flags & ELIG_TOK_COLON)
			return 1;
	return 0;
}

/*
 * A negation earlier in t's clause, within twice `window` words ("we
 * never share your data with immigration authorities", "not run by the
 * police, immigration authorities or ..."), or an offer anywhere in the
 * clause: not enough to cancel a condition cue, but the clause is not a
 * condition either. A "without" clears only the topic it governs, within
 * `reach` words after it with no other topic between: in "data of people
 * without a visa are passed to the Border Guard" it belongs to the people,
 * not to the passing on (a negation that is also a "without" counts as a
 * "without", except before a topic that itself starts with one: "sans
 * papiers et sans plainte"). In a list after a colon, a negation is one
 * item's: it does not reach a strict phrase or a topic of three words or
 * more in a later item ("House rules: no on-call work, the phone for
 * clients is handed in"), though it still covers the bare names of a list
 * it heads ("no police, no immigration checks").
 */
static int elig_neg_in_segment(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGWOPT]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGWOPT][k];
		if (e->kind == ELIG_WITHOUT && e->clause == t->clause && e->end <= t->start &&
		    t->start - e->end <= (size_t)sc->lang->reach &&
		    !elig_without_elsewhere(sc, e->end, t->start))
			return 1;
		if (e->kind == ELIG_NEG && e->clause == t->clause && e->end <= t->start &&
		    (e->seg == t->seg || !elig_list_item(sc, e) ||
		     (t->kind != ELIG_STRICT && t->end - t->start < 3)) &&
		    t->start - e->end <= 2 * (size_t)sc->lang->window &&
		    !elig_neg_interjection(sc, e) &&
		    (!elig_is_without(sc, e) || elig_without_at(sc, t->start)))
			return 1;
		if (e->kind == ELIG_OPTIONAL && e->clause == t->clause)
			return 1; /* "if the person wishes, the police" */
	}
	return 0;
}

/*
 * A condition cue in t's clause within `window` words that is negated
 * ("Eine Anzeige ist nicht erforderlich", "not required"): the text
 * states the condition does not apply.
 */
static int elig_negated_cue_near(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t window = (size_t)sc->lang->window;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUE]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind != ELIG_CUE || c->clause != t->clause)
			continue;
		if ((c->start >= t->end   ? c->start - t->end
		     : t->start >= c->end ? t->start - c->end
					  : 0) > window)
			continue;
		if (elig_cue_negated(sc, c, t) || elig_event_negated(sc, c))
			return 1;
	}
	return 0;
}

/*
 * t lies inside another topic phrase that is negated or offered ("we never
 * share your data with immigration authorities" holds the strict phrase
 * "share ... with immigration", negated by "never").
 */
static int elig_inside_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_TOPICS]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_TOPICS][k];
		if (o == t || (o->kind != ELIG_TOPIC && o->kind != ELIG_STRICT) ||
		    o->start > t->start || o->end < t->end)
			continue;
		if (elig_without(sc, o, &from) == 1 || elig_event_negated(sc, o) ||
		    elig_optional_near(sc, o))
			return 1;
	}
	return 0;
}

/*
 * A frame that clears topic t: a negation or offer around it (always), or,
 * when frames is set, a "clear" phrase (naming the group a service is for,
 * what it helps with, "whether or not", "regardless of") in the same
 * clause, ending at most `window` words before the topic or starting
 * within `reach` words after it.
 */
static int elig_cleared_by(const struct elig_scan *sc, const struct elig_event *t, int frames)
{
	if (elig_negated_cue_near(sc, t) || elig_inside_negated(sc, t) ||
	    elig_neg_in_segment(sc, t))
		return 1;
	for (size_t k = 0; frames && k < sc->ngroup[ELIG_G_CLEAR]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CLEAR][k];
		if (c->kind != ELIG_CLEAR || c->clause != t->clause)
			continue;
		if (c->end <= t->start && t->start - c->end <= (size_t)sc->lang->window)
			return 1;
		if (c->start >= t->end && c->start - t->end <= (size_t)sc->lang->reach)
			return 1;
		if (c->start < t->end && t->start < c->end)
			return 1;
	}
	return 0;
}

static int elig_cleared(const struct elig_scan *sc, const struct elig_event *t)
{
	return elig_cleared_by(sc, t, 1);
}

/*
 * A soft topic (a body, document or procedure near a D1-D5 subject, such
 * as "police" or "identification") governed by a condition cue and neither
 * negated, offered nor cleared: "accommodation only after identification
 * by the police". Alone it says nothing; with a cue, a person decides.
 */
static int elig_soft_held(const struct elig_scan *sc, const struct elig_event *t)
{
	struct elig_hit h;
	size_t from;

	if (elig_without(sc, t, &from) == 1 || elig_event_negated(sc, t) ||
	    elig_optional_near(sc, t) || elig_list_negated(sc, t))
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->clause == t->clause && e->start >= t->end &&
		    e->start - t->end <= (size_t)sc->lang->reach)
			return 0; /* "Documents needed: none", "police: never" */
	}
	if (elig_find_cue_of(sc, t, 0,
			     &h)) /* "... des témoins uniquement": no frame clears "only" */
		return !elig_cleared_by(sc, t, 0);
	return elig_find_cue_of(sc, t, 1, &h) && !elig_cleared(sc, t);
}

/*
 * Decide over the events: ELIG_REFUSED with h filled when a topic is
 * governed by a condition (a cue, a strict phrase, a double negative, a
 * required document), else ELIG_HELD with h filled when a topic stands
 * in a clause that nothing clears (negation, "without", an offer, a
 * clearing frame), else ELIG_ACCEPTED.
 */
static int elig_decide(const struct elig_scan *sc, struct elig_hit *h)
{
	struct elig_hit held = { 0, 0, 0, 0, 0, 0, NULL };
	int seen = 0;

	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *t = &sc->ev[k];
		size_t from = 0;
		int w;
		if (t->kind == ELIG_SOFT) {
			if (held.rule == 0 && elig_soft_held(sc, t))
				held = (struct elig_hit){
					t->rule, t->start, t->end, 0, 0, 0, NULL
				};
			continue;
		}
		if (t->kind != ELIG_TOPIC && t->kind != ELIG_STRICT)
			continue;
		h->rule = t->rule;
		w = elig_without(sc, t, &from);
		if (w == 2) {
			h->start = from;
			h->end = t->end;
			return ELIG_REFUSED;
		}
		if (w == 3) {
			if (held.rule == 0)
				held = (struct elig_hit){ t->rule, from, t->end, 0, 0, 0, NULL };
			continue;
		}
		seen = 1;
		if (w == 1 || elig_event_negated(sc, t) || elig_optional_near(sc, t) ||
		    elig_list_negated(sc, t))
			continue;
		if (t->kind != ELIG_STRICT && elig_find_cue(sc, t, h)) {
			if (h->gap <= ELIG_REFUSE_GAP && !elig_sentence_framed(sc, t, h->cue))
				return ELIG_REFUSED;
			if (held.rule == 0)
				held = *h;
			continue;
		}
		if (t->kind == ELIG_STRICT || sc->required) {
			h->start = t->start;
			h->end = t->end;
			h->cue = NULL;
			if (!elig_sentence_framed(sc, t, NULL))
				return ELIG_REFUSED;
			if (held.rule == 0)
				held = *h;
			continue;
		}
		if (held.rule == 0 && !elig_cleared(sc, t))
			held = (struct elig_hit){ t->rule, t->start, t->end, 0, 0, 0, NULL };
	}
	h->rule = seen ? -1 : 0; /* -1: a topic was seen and cleared */
	if (held.rule == 0)
		return ELIG_ACCEPTED;
	*h = held;
	return ELIG_HELD;
}

/* Stem cf[0..n) into sc->kbuf; *key and *len point at it. 0, or -1 when it fails. */
static int elig_scan_stem(struct elig_scan *sc, struct sb_stemmer *st, const char *cf, size_t n,
			  size_t cap, size_t *used, const char **key, size_t *len)
{
	long k = elig_stem_key(sc->rules->norm, st, cf, n, sc->kbuf + *used, cap - *used);

	if (k < 0)
		return -1;
	*key = sc->kbuf + *used;
	*len = (size_t)k;
	*used += (size_t)k + 1;
	return 0;
}

/*
 * The keys of every token for list l: its stem keys when l has a Snowball
 * stemmer (elig_stem_key, of the case-folded and of the folded word),
 * else its folded form. Returns 0 or -1.
 */
static int elig_scan_keys(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	struct sb_stemmer *st = NULL;
	size_t cap, used = 0, n = t->ntoks;
	int rc = -1;

	if ((sc->key = calloc(2 * (n + 1), sizeof(*sc->key))) == NULL ||
	    (sc->klen = calloc(2 * (n + 1), sizeof(*sc->klen))) == NULL)
		return -1;
	sc->key2 = sc->key + n + 1;
	sc->k2len = sc->klen + n + 1;
	for (size_t i = 0; i < n; i++) {
		sc->key[i] = sc->key2[i] = t->norm + t->toks[i].foff;
		sc->klen[i] = sc->k2len[i] = t->toks[i].flen;
	}
	if (sc->lang->stemmer[0] == '\0')
		return 0;
	if (__builtin_mul_overflow(t->nlen, 4, &cap) || __builtin_add_overflow(cap, 64, &cap) ||
	    (sc->kbuf = malloc(cap)) == NULL ||
	    (st = sb_stemmer_new(sc->lang->stemmer, "UTF_8")) == NULL)
		goto done;
	for (size_t i = 0; i < n; i++) {
		const struct elig_tok *tok = &t->toks[i];
		/* on failure the folded word stands in */
		(void)elig_scan_stem(sc, st, t->norm + tok->off, tok->len, cap, &used, &sc->key[i],
				     &sc->klen[i]);
		if (tok->len == tok->flen &&
		    memcmp(t->norm + tok->off, t->norm + tok->foff, tok->len) == 0) {
			sc->key2[i] = sc->key[i];
			sc->k2len[i] = sc->klen[i];
		} else {
			(void)elig_scan_stem(sc, st, t->norm + tok->foff, tok->flen, cap, &used,
					     &sc->key2[i], &sc->k2len[i]);
		}
	}
	rc = 0;
done:
	if (st != NULL)
		sb_stemmer_delete(st);
	return rc;
}

/* Run one language over a tokenised text: an elig_outcome, or -1 when out of memory. */
static int elig_run_lang(const struct elig_rules *r, const struct elig_lang *l,
			 const struct elig_text *t, int required, struct elig_hit *h)
{
	struct elig_scan sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	buf_init(&sc.ev_buf, ELIG_MAX_ARRAY);
	sc.rules = r;
	sc.lang = l;
	sc.text = t;
	sc.required = required;
	if (elig_scan_keys(&sc) == 0 && elig_scan_events(&sc) == 0 && elig_scan_clauses(&sc) == 0 &&
	    elig_scan_index(&sc) == 0)
		rc = elig_decide(&sc, h);
	buf_free(&sc.ev_buf);
	free(sc.group_buf);
	free(sc.topic_end);
	free(sc.clause);
	free(sc.key);
	free(sc.klen);
	free(sc.kbuf);
	return rc;
}

/* ---- which lists apply to a text --------------------------------------- */

struct elig_pick {
	const struct elig_lang *langs[ELIG_MAX_LANGS];
	size_t n;
	size_t primary; /* langs[0..primary) had a tag or evidence; 0: all count alike */
	int checked;
};

static int elig_dominant_script(const struct elig_text *t)
{
	int best = ELIG_SC_NONE;

	for (int s = ELIG_SC_LATIN; s < ELIG_SC_N; s++)
		if (t->letters[s] > t->letters[best])
			best = s;
	return best;
}

/*
 * The language evidence of t for one list, in units of ELIG_WORD_UNIT per
 * word: each word of t found in the list's words counts 1/k, where k is
 * the number of lists of the script
 * that have the word ("de" counts 1/5 for each of fr, es, pt, ro and nl,
 * "the" counts 1 for en). Short words that many languages share ("a",
 * "de", "is") therefore add little, and an uncovered language that shares
 * a few of them (Hungarian "a", "az", "és", "de") gains no list. *kinds
 * is set to the number of different words found, counted up to 2.
 */
/*
 * For every token of t, 1 + the index of its folded word in r->gwords, or
 * 0 when no list has it: looked up once per text. Returns a malloc'd
 * array of t->ntoks entries (at least one), or NULL when out of memory.
 */
static uint32_t *elig_word_hits(const struct elig_rules *r, const struct elig_text *t)
{
	uint32_t *hits = calloc(t->ntoks + 1, sizeof(*hits));

	for (size_t i = 0; hits != NULL && i < t->ntoks; i++) {
		struct elig_gword key = { t->norm + t->toks[i].foff, 0 }, *g;
		g = bsearch(&key, r->gwords, r->ngwords, sizeof(*r->gwords), elig_cmp_gword);
		hits[i] = g != NULL ? (uint32_t)(g - r->gwords) + 1 : 0;
	}
	return hits;
}

/*
 * The word evidence for list li: each word of the text in its words adds
 * ELIG_WORD_UNIT / (lists of its script that have the word). *kinds is 0,
 * 1 or 2: no word, one distinct word, two or more. hits: elig_word_hits.
 */
static size_t elig_score(const struct elig_rules *r, size_t li, const struct elig_text *t,
			 const uint32_t *hits, int *kinds)
{
	uint64_t bit = (uint64_t)1 << li, same = r->script_langs[r->langs[li].script];
	uint32_t first = 0;
	size_t score = 0;

	*kinds = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		uint64_t langs = hits[i] ? r->gwords[hits[i] - 1].langs : 0;
		if (!(langs & bit))
			continue;
		score += ELIG_WORD_UNIT / (size_t)__builtin_popcountll(langs & same);
		if (first == 0) {
			first = hits[i];
			*kinds = 1;
		} else if (hits[i] != first) {
			*kinds = 2;
		}
	}
	return score;
}

/*
 * ISO 639-2 (bibliographic and terminology) and ISO 639-3 codes of the
 * languages that have a list; HSDS allows them for a taxonomy term's
 * "language" ("eng"). "rom" (Romani) is not Romanian.
 */
static const char *const elig_iso639_3[][2] = {
	{ "bul", "bg" }, { "deu", "de" }, { "ger", "de" }, { "eng", "en" },
	{ "spa", "es" }, { "fra", "fr" }, { "fre", "fr" }, { "ita", "it" },
	{ "nld", "nl" }, { "dut", "nl" }, { "pol", "pl" }, { "por", "pt" },
	{ "ron", "ro" }, { "rum", "ro" }, { "rus", "ru" }, { "ukr", "uk" },
};

/* The list for a BCP 47 tag: its primary subtag, case-insensitively. */
static const struct elig_lang *elig_find_lang(const struct elig_rules *r, const char *tag)
{
	char primary[16];
	size_t n = 0;

	if (tag == NULL)
		return NULL;
	while (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' && n < 15) {
		char c = tag[n];
		primary[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	primary[n] = '\0';
	for (size_t i = 0; i < sizeof(elig_iso639_3) / sizeof(*elig_iso639_3); i++)
		if (strcmp(primary, elig_iso639_3[i][0]) == 0) {
			snprintf(primary, sizeof(primary), "%s", elig_iso639_3[i][1]);
			break;
		}
	for (size_t i = 0; i < r->nlangs; i++)
		if (strcmp(r->langs[i].tag, primary) == 0)
			return &r->langs[i];
	return NULL;
}

static int elig_picked(const struct elig_pick *pk, const struct elig_lang *l)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->langs[i] == l)
			return 1;
	return 0;
}

static void elig_pick_add(struct elig_pick *pk, const struct elig_lang *l)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->langs[i] == l)
			return;
	pk->langs[pk->n++] = l;
}

/*
 * libexttextcat named l and the words confirm it: apply l, then only the
 * other candidates it named that have word evidence too.
 */
static void elig_pick_confident(struct elig_pick *pk, const struct elig_lang *l, char tags[][16],
				int ntags, const struct elig_rules *r)
{
	struct elig_pick ev = *pk;

	pk->n = 0;
	elig_pick_add(pk, l);
	for (int i = 1; i < ntags; i++) {
		const struct elig_lang *o = elig_find_lang(r, tags[i]);
		if (o != NULL && elig_picked(&ev, o))
			elig_pick_add(pk, o);
	}
}

/* Add every list of the script. */
static void elig_pick_script(const struct elig_rules *r, int script, struct elig_pick *pk)
{
	for (size_t i = 0; i < r->nlangs; i++)
		if (r->langs[i].script == script)
			elig_pick_add(pk, &r->langs[i]);
}

#define ELIG_TC_SURE 3 /* more candidates than this: libexttextcat is unsure */

/*
 * Identify the language of an untagged text with libexttextcat (once per
 * text). Fills tags[] with its candidates, best first ("[ro][ca]" gives
 * ro, ca) and returns their number; 0 when it is unsure (too short, no
 * match, or more than ELIG_TC_SURE candidates).
 */
static int elig_identify(const struct elig_rules *r, int script, const char *s, size_t len,
			 char tags[ELIG_TC_SURE][16])
{
	const char *res, *p;
	int n = 0;

	if (r->textcat[script] == NULL)
		return 0;
	pthread_mutex_lock(&r->tc_lock[script]);
	res = textcat_Classify(r->textcat[script], s, len);
	for (p = res; n <= ELIG_TC_SURE && p != NULL && *p == '[';) {
		size_t k = strcspn(p + 1, "]");
		if (p[1 + k] != ']' || k == 0 || k >= 16)
			break;
		if (n < ELIG_TC_SURE)
			snprintf(tags[n], 16, "%.*s", (int)k, p + 1);
		n++;
		p += k + 2;
	}
	pthread_mutex_unlock(&r->tc_lock[script]);
	return n > ELIG_TC_SURE ? 0 : n;
}

/*
 * Lists with word evidence (elig_score), best first: at least two
 * different words of the text in the list's words, a score of at least
 * one in five words of the text and at least half the best score (and
 * above the hinted list's, hs, when there is one).
 */
static void elig_pick_evidence(const struct elig_rules *r, const struct elig_text *t,
			       const uint32_t *hits, int script, size_t hs, int hinted,
			       struct elig_pick *pk)
{
	size_t score[ELIG_MAX_LANGS] = { 0 }, best = 0, order[ELIG_MAX_LANGS], no = 0;
	int kinds[ELIG_MAX_LANGS] = { 0 };

	for (size_t i = 0; i < r->nlangs; i++) {
		if (r->langs[i].script == script)
			score[i] = elig_score(r, i, t, hits, &kinds[i]);
		best = score[i] > best ? score[i] : best;
	}
	for (size_t i = 0; i < r->nlangs; i++) {
		size_t k;
		if (!(kinds[i] >= 2 && score[i] * 5 >= t->nwords * ELIG_WORD_UNIT &&
		      score[i] * 2 >= best && (!hinted || score[i] > hs)))
			continue;
		for (k = no; k > 0 && score[order[k - 1]] < score[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
		no++;
	}
	for (size_t k = 0; k < no; k++)
		elig_pick_add(pk, &r->langs[order[k]]);
}

/*
 * Choose the lists to apply. A hinted language with a list is checked,
 * plus any other list whose words clearly dominate. A hinted language
 * without a list gets every list of the script and stays unchecked.
 * Untagged text: a short label of at most ELIG_LABEL_WORDS words gets every
 * list of its script and counts as checked. Longer text is identified by
 * libexttextcat (once): when one of its candidates, best first, has a list
 * that the words confirm (elig_pick_evidence), that list and the other
 * candidates with evidence are applied and the text is checked. Otherwise
 * (libexttextcat unsure, or naming only languages without a list, such as
 * Hungarian or Catalan) every list of the script is applied, and the text
 * counts as checked only when some list has word evidence.
 */
static void elig_pick_langs(const struct elig_rules *r, const struct elig_text *t,
			    const uint32_t *hits, const char *s, size_t len, const char *hint,
			    struct elig_pick *pk)
{
	const struct elig_lang *hl = elig_find_lang(r, hint);
	int script = elig_dominant_script(t), kinds, n = 0, evidence, has_list = 0;
	char tags[ELIG_TC_SURE][16];

	memset(pk, 0, sizeof(*pk));
	pk->checked = 1;
	if (script == ELIG_SC_NONE)
		return;
	if (hl != NULL) {
		elig_pick_add(pk, hl);
		elig_pick_evidence(r, t, hits, script,
				   elig_score(r, (size_t)(hl - r->langs), t, hits, &kinds), 1, pk);
		pk->primary = pk->n;
		return;
	}
	if (hint != NULL && hint[0] != '\0') {
		elig_pick_evidence(r, t, hits, script, 0, 0, pk);
		pk->primary = pk->n;
		elig_pick_script(r, script, pk);
		pk->checked = 0;
		return;
	}
	for (size_t i = 0; i < r->nlangs; i++)
		has_list |= r->langs[i].script == script;
	if (!has_list)
		return (void)(pk->checked = 0);
	elig_pick_evidence(r, t, hits, script, 0, 0, pk);
	evidence = pk->n > 0;
	pk->primary = pk->n;
	if (t->nwords <= ELIG_LABEL_WORDS) {
		elig_pick_script(r, script, pk); /* a label: checked with every list */
		return;
	}
	if (pk->n == 1 && elig_score(r, (size_t)(pk->langs[0] - r->langs), t, hits, &kinds) * 2 >=
				  t->nwords * ELIG_WORD_UNIT)
		return; /* one list alone has the words, half of them: no need to ask libexttextcat */
	n = elig_identify(r, script, s, len, tags);
	for (int i = 0; i < n; i++) /* the likeliest candidate the words confirm */
		if ((hl = elig_find_lang(r, tags[i])) != NULL && elig_picked(pk, hl))
			break;
	if (hl != NULL && elig_picked(pk, hl)) {
		elig_pick_confident(pk, hl, tags, n, r);
		pk->primary = pk->n;
		return;
	}
	elig_pick_script(r, script, pk);
	pk->checked = evidence;
}

/* ---- checking text ------------------------------------------------------ */

/* Copy input bytes [a, b) into dst, cut at a UTF-8 character boundary. */
static void elig_copy_phrase(char *dst, size_t cap, const char *src, size_t a, size_t b)
{
	size_t n = b - a;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[a + n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src + a, n);
	dst[n] = '\0';
}

/* Fill m from hit h of list l (or, for evasion, token k) in text t of input s. */
static void elig_fill_match(struct elig_match *m, const char *s, const struct elig_text *t,
			    const struct elig_hit *h, const char *tag)
{
	if (m == NULL)
		return;
	if (h->rule > 0)
		snprintf(m->rule, sizeof(m->rule), "D%c", '0' + h->rule);
	else
		snprintf(m->rule, sizeof(m->rule), "evasion");
	snprintf(m->language, sizeof(m->language), "%s", tag);
	elig_copy_phrase(m->phrase, sizeof(m->phrase), s, t->toks[h->start].src_start,
			 t->toks[h->end - 1].src_end);
}

#define ELIG_ODD_WORDS 3 /* words with letters foreign to the language ... */
#define ELIG_ODD_SHARE 4 /* ... and at least one in this many words: marks added to evade */

/* Does the case-folded word w[0..n) have a letter of l's script outside l's letters? */
static int elig_odd_word(const struct elig_lang *l, const char *w, size_t n)
{
	int32_t i = 0;
	UChar32 c;

	while (i < (int32_t)n) {
		U8_NEXT(w, i, (int32_t)n, c);
		if (c > 0x7F && u_isalpha(c) && !uset_contains(l->letters, c))
			return 1;
	}
	return 0;
}

/*
 * Accents a language does not use, on many of a text's words ("Réqúísító",
 * "Spríjínúl"): marks added to change what a word looks like. A name or
 * a loanword ("José", "café") stays below ELIG_ODD_WORDS. Returns 1 with h
 * on the first such word.
 */
static int elig_odd_letters(const struct elig_lang *l, const struct elig_text *t,
			    struct elig_hit *h)
{
	size_t odd = 0, first = 0;

	if (l == NULL || l->letters == NULL)
		return 0;
	for (size_t i = 0; i < t->ntoks; i++)
		if (t->toks[i].script == l->script &&
		    elig_odd_word(l, t->norm + t->toks[i].off, t->toks[i].len) && odd++ == 0)
			first = i;
	if (odd < ELIG_ODD_WORDS || odd * ELIG_ODD_SHARE < t->nwords)
		return 0;
	*h = (struct elig_hit){ 0, first, first + 1, 0, 0, 0, NULL };
	return 1;
}

#define ELIG_MARKED_WORDS 6  /* words with a mark ... */
#define ELIG_MARKED_SHARE 80 /* ... and at least this percentage of the words */

/*
 * Marks on nearly every word, even where the language has such letters
 * ("Ás vágás ná cásá" for "As vagas na casa"): no language of ours writes
 * that way. Returns 1 with h on the first marked word.
 */
static int elig_marked_words(const struct elig_text *t, struct elig_hit *h)
{
	size_t marked = 0, first = 0;

	for (size_t i = 0; i < t->ntoks; i++) {
		const struct elig_tok *k = &t->toks[i];
		if ((k->flags & ELIG_TOK_LETTER) &&
		    (k->len != k->flen ||
		     memcmp(t->norm + k->off, t->norm + k->foff, k->len) != 0) &&
		    marked++ == 0)
			first = i;
	}
	if (marked < ELIG_MARKED_WORDS || marked * 100 < t->nwords * ELIG_MARKED_SHARE)
		return 0;
	*h = (struct elig_hit){ 0, first, first + 1, 0, 0, 0, NULL };
	return 1;
}

/* The first word marked as evasion, as a hit (rule 0); 0 when none. */
static int elig_evasion(const struct elig_text *t, struct elig_hit *h)
{
	for (size_t i = 0; i < t->ntoks; i++)
		if (t->toks[i].flags & ELIG_TOK_EVASION) {
			*h = (struct elig_hit){ 0, i, i + 1, 0, 0, 0, NULL };
			return 1;
		}
	return 0;
}

/*
 * Check s[0..len) (one chunk). Same returns as elig_check_text: every
 * chosen list is applied until one refuses; otherwise the first hold (a
 * topic no frame clears, then evasion) is reported, unless another list
 * with a tag or word evidence saw a topic and cleared it (of "Sin
 * denuncia", the Spanish list reads "sin" as "without"; the Italian list
 * does not know the word). When no list has evidence, none clears: a
 * Russian hold is not undone because the Bulgarian list reads a shared
 * word as a negation. A refusal by a list applied only because the
 * language was unsure, while other lists have evidence, is a hold.
 */
static int elig_check_chunk(const struct elig_rules *r, const char *s, size_t len, const char *hint,
			    int required, struct elig_match *m, int *checked)
{
	struct elig_text t;
	struct elig_pick pk;
	struct elig_hit h;
	uint32_t *hits;
	int rc = ELIG_ACCEPTED, one, cleared = 0;

	if (elig_norm_text(r->norm, s, len, &t) != 0) {
		elig_text_free(&t);
		return -1;
	}
	if ((hits = elig_word_hits(r, &t)) == NULL) {
		elig_text_free(&t);
		return -1;
	}
	elig_pick_langs(r, &t, hits, s, len, hint, &pk);
	free(hits);
	*checked = pk.checked;
	for (size_t i = 0; i < pk.n && rc != ELIG_REFUSED; i++) {
		memset(&h, 0, sizeof(h));
		if ((one = elig_run_lang(r, pk.langs[i], &t, required, &h)) < 0) {
			rc = -1;
			break;
		}
		if (one == ELIG_REFUSED && pk.primary > 0 && i >= pk.primary)
			one = ELIG_HELD; /* a list the words do not support: a person decides */
		cleared |= one == ELIG_ACCEPTED && h.rule < 0 && i < pk.primary;
		if (one == ELIG_REFUSED || (one == ELIG_HELD && rc == ELIG_ACCEPTED))
			elig_fill_match(m, s, &t, &h, pk.langs[i]->tag);
		if (one != ELIG_ACCEPTED)
			rc = one;
	}
	if (rc == ELIG_HELD && cleared)
		rc = ELIG_ACCEPTED;
	if (rc == ELIG_ACCEPTED &&
	    (elig_evasion(&t, &h) ||
	     elig_odd_letters(pk.checked && pk.primary > 0 ? pk.langs[0] : NULL, &t, &h) ||
	     (pk.checked && pk.n > 0 && elig_marked_words(&t, &h)))) {
		rc = ELIG_HELD;
		elig_fill_match(m, s, &t, &h, pk.n > 0 ? pk.langs[0]->tag : hint ? hint : "");
	}
	if (rc == ELIG_REFUSED)
		*checked = 1;
	elig_text_free(&t);
	return rc;
}

/* End of the chunk starting at a: at most ELIG_CHUNK bytes, cut at a space. */
static size_t elig_chunk_end(const char *s, size_t a, size_t len)
{
	size_t e = a + ELIG_CHUNK;

	if (e >= len)
		return len;
	for (size_t k = e; k > e - ELIG_OVERLAP / 2; k--)
		if (s[k] == ' ' || s[k] == '\n')
			return k;
	while (e > a && ((unsigned char)s[e] & 0xC0) == 0x80)
		e--;
	return e;
}

/*
 * elig_check_text, for a text that by its place in the document states a
 * requirement (a required_document): a topic counts as a condition even
 * without a cue word such as "only" or "must". Negation still applies.
 */
static int elig_check_text_in(const struct elig_rules *rules, const char *text,
			      const char *lang_hint, int required, struct elig_match *m,
			      int *checked)
{
	size_t len = strnlen(text, (size_t)ELIG_MAX_TEXT + 1), a = 0, e;
	int ck = 1, c, rc = ELIG_ACCEPTED, one;
	struct elig_match mm;

	if (checked != NULL)
		*checked = 1;
	if (len > ELIG_MAX_TEXT)
		return -1;
	do {
		e = elig_chunk_end(text, a, len);
		one = elig_check_chunk(rules, text + a, e - a, lang_hint, required, &mm, &c);
		ck &= c;
		if (one < 0)
			return -1;
		if (one == ELIG_REFUSED || (one == ELIG_HELD && rc == ELIG_ACCEPTED)) {
			rc = one;
			if (m != NULL)
				*m = mm;
		}
		if (rc == ELIG_REFUSED || e == len)
			break;
		a = e - ELIG_OVERLAP;
		while (a < e && text[a] != ' ' && text[a] != '\n')
			a++;
	} while (1);
	if (checked != NULL)
		*checked = rc == ELIG_REFUSED ? 1 : ck;
	return rc;
}

int elig_check_text(const struct elig_rules *rules, const char *text, const char *lang_hint,
		    struct elig_match *m, int *checked)
{
	return elig_check_text_in(rules, text, lang_hint, 0, m, checked);
}

/* ---- walking HSDS documents -------------------------------------------- */

struct elig_walk {
	const struct elig_rules *rules;
	struct dir_error *err;
	json_t *unchecked;
	json_t *held;
	int refusals, holds;
	crypto_hash_sha256_state hash; /* over each checked field: pointer NUL text NUL */
};

/* Keys whose string values are identifiers, codes, dates or addresses. */
static const char *const elig_skip_keys[] = {
	"id",       "url",           "uri",       "email",       "website",    "code",
	"number",   "extension",     "type",      "status",      "timezone",   "timezone_name",
	"country",  "language",      "languages", "currency",    "dtstart",    "until",
	"freq",     "wkst",          "byday",     "bymonthday",  "byweekno",   "byyearday",
	"interval", "count",         "opens_at",  "closes_at",   "valid_from", "valid_to",
	"date",     "last_modified", "schema",    "value_type",  "field_name", "updated_by",
	"version",  "provenance",    "key_id",    "origin_node",
};
static const char *const elig_skip_suffixes[] = {
	"_id", "_url", "_uri", "_email", "_code", "_date", "_at", "_type",
};

static int elig_skip_key(const char *key)
{
	size_t n;

	if (key == NULL || strcmp(key, "attending_type") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(elig_skip_keys) / sizeof(*elig_skip_keys); i++)
		if (strcmp(key, elig_skip_keys[i]) == 0)
			return 1;
	n = strlen(key);
	for (size_t i = 0; i < sizeof(elig_skip_suffixes) / sizeof(*elig_skip_suffixes); i++) {
		size_t k = strlen(elig_skip_suffixes[i]);
		if (n > k && strcmp(key + n - k, elig_skip_suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

/* A value that is a URL, an email address, a date/time or a phone number. */
static int elig_skip_value(const char *s)
{
	size_t digits = 0, other = 0, n = strlen(s);

	if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "www.", 4) == 0 || strncmp(s, "mailto:", 7) == 0 ||
	    strncmp(s, "tel:", 4) == 0)
		return strcspn(s, " \t\n") == n;
	if (strchr(s, '@') != NULL && strcspn(s, " \t\n") == n)
		return 1;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr(" +-()./:TZ", *p) == NULL)
			other++;
	}
	return digits >= 4 && other == 0;
}

/*
 * The advice for rule idx (1..5, ELIG_EVASION) in language tag: [0] the
 * rule in plain words, [1] a suggested wording (may be NULL). English
 * when tag has none; the rule's own words when there is no advice file.
 */
static void elig_advice(const struct elig_rules *r, const char *tag, int idx, const char *out[2])
{
	const struct elig_lang *l = elig_find_lang(r, tag), *en = elig_find_lang(r, "en");

	for (int k = 0; k < 2; k++) {
		out[k] = l != NULL ? l->advice[idx][k] : NULL;
		if (out[k] == NULL && en != NULL)
			out[k] = en->advice[idx][k];
	}
	if (out[0] == NULL)
		out[0] = idx == ELIG_EVASION ? "the text cannot be checked as written"
					     : elig_rule_words[idx];
}

/* The keys every refusal and hold detail carries. */
static void elig_detail_keys(json_t *d, const struct elig_rules *r, const struct elig_match *m,
			     const char *hint)
{
	int idx = m->rule[0] == 'D' ? m->rule[1] - '0' : ELIG_EVASION;
	const char *adv[2];

	elig_advice(r, elig_find_lang(r, hint) != NULL ? hint : m->language, idx, adv);
	json_object_set_new(d, "rule", json_string(m->rule));
	json_object_set_new(d, "phrase", json_string(m->phrase));
	json_object_set_new(d, "language", json_string(m->language));
	json_object_set_new(d, "rule_text", json_string(adv[0]));
	if (adv[1] != NULL)
		json_object_set_new(d, "suggestion", json_string(adv[1]));
}

/* Record a held text as one object of w->held. */
static int elig_walk_hold(struct elig_walk *w, const struct elig_match *m, const char *ptr,
			  const char *hint)
{
	json_t *d;

	w->holds++;
	if (w->held == NULL)
		return 0;
	d = json_pack("{s:s, s:s}", "code", "eligibility_review", "field", ptr);
	if (d == NULL)
		return -1;
	if (m->rule[0] == 'D')
		json_object_set_new(
			d, "message",
			json_sprintf(
				"this text names %s in a way the rule cannot clear; a reviewer "
				"will decide (rule %s): \"%s\" (%s)",
				elig_rule_words[m->rule[1] - '0'], m->rule, m->phrase,
				m->language));
	else
		json_object_set_new(
			d, "message",
			json_sprintf(
				"look-alike letters, mixed alphabets or invisible characters; a "
				"reviewer will decide: \"%s\"",
				m->phrase));
	elig_detail_keys(d, w->rules, m, hint);
	return json_array_append_new(w->held, d);
}

/* Check one string at ptr and record the outcome. */
static int elig_walk_string(struct elig_walk *w, const char *s, const char *ptr, const char *key,
			    const char *hint)
{
	int required = key != NULL && strcmp(key, "document") == 0;
	struct elig_match m;
	json_t *d;
	int checked, rc;

	if (elig_skip_value(s))
		return 0;
	crypto_hash_sha256_update(&w->hash, (const unsigned char *)ptr, strlen(ptr) + 1);
	crypto_hash_sha256_update(&w->hash, (const unsigned char *)s, strlen(s) + 1);
	rc = elig_check_text_in(w->rules, s, hint, required, &m, &checked);
	if (rc < 0)
		return -1;
	if (rc == ELIG_HELD)
		return elig_walk_hold(w, &m, ptr, hint);
	if (rc == ELIG_ACCEPTED) {
		if (!checked && w->unchecked != NULL &&
		    json_array_append_new(w->unchecked, json_string(ptr)) != 0)
			return -1;
		return 0;
	}
	w->refusals++;
	d = dir_error_add(w->err, "eligibility_condition", ptr,
			  "help may not be made conditional on %s (rule %s): "
			  "\"%s\" (%s)",
			  elig_rule_words[m.rule[1] - '0'], m.rule, m.phrase, m.language);
	if (d != NULL)
		elig_detail_keys(d, w->rules, &m, hint);
	return 0;
}

static int elig_walk_value(struct elig_walk *w, json_t *v, const char *ptr, const char *key,
			   const char *hint, int depth);

/* Walk "translations": each member's key is the language of its texts. */
static int elig_walk_translations(struct elig_walk *w, json_t *v, const char *ptr, int depth)
{
	char sub[ELIG_PTR_MAX];
	const char *lang;
	json_t *o;

	if (!json_is_object(v))
		return elig_walk_value(w, v, ptr, NULL, NULL, depth + 1);
	json_object_foreach(v, lang, o)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, lang, 0);
		if (elig_walk_value(w, o, sub, NULL, lang, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* The language an object declares for its own texts ("language": "fr"). */
static const char *elig_object_language(const json_t *o, const char *hint)
{
	const char *l = json_string_value(json_object_get(o, "language"));
	size_t n;

	if (hint != NULL || l == NULL)
		return hint;
	n = strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	return n >= 2 && n <= 3 && (l[n] == '\0' || l[n] == '-') ? l : NULL;
}

static int elig_walk_object(struct elig_walk *w, json_t *o, const char *ptr, const char *hint,
			    int depth)
{
	char sub[ELIG_PTR_MAX];
	const char *k;
	json_t *v;

	hint = elig_object_language(o, hint);
	json_object_foreach(o, k, v)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, k, 0);
		if (strcmp(k, "translations") == 0) {
			if (elig_walk_translations(w, v, sub, depth) < 0)
				return -1;
		} else if (elig_walk_value(w, v, sub, k, hint, depth + 1) < 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * An attribute's taxonomy_term that names a term of the node's own
 * vocabularies by its code and taxonomy (service_type or access), as the
 * read API renders it: the
 * store keeps only the reference (dir_resolve_term, sql/32_taxonomy.sql),
 * never these texts, which are ours and versioned with the code
 * (data/taxonomies/), so they are not checked. A term of another taxonomy
 * is stored from its texts and is checked.
 */
static int elig_own_term_reference(const json_t *v, const char *key)
{
	const json_t *detail = json_object_get(v, "taxonomy_detail");
	const char *tax = json_string_value(json_object_get(v, "taxonomy"));

	if (key == NULL || strcmp(key, "taxonomy_term") != 0 || !json_is_object(v) ||
	    !json_is_string(json_object_get(v, "code")))
		return 0;
	if (tax == NULL)
		tax = json_string_value(json_object_get(detail, "name"));
	return tax != NULL && (strcmp(tax, "service_type") == 0 || strcmp(tax, "access") == 0);
}

/* Walk any JSON value; key is the member name it hangs under, if any. */
static int elig_walk_value(struct elig_walk *w, json_t *v, const char *ptr, const char *key,
			   const char *hint, int depth)
{
	char sub[ELIG_PTR_MAX];
	size_t i;
	json_t *item;

	if (depth > ELIG_MAX_DEPTH || (key != NULL && strcmp(key, "provenance") == 0) ||
	    elig_own_term_reference(v, key))
		return 0;
	if (json_is_string(v))
		return elig_skip_key(key)
			       ? 0
			       : elig_walk_string(w, json_string_value(v), ptr, key, hint);
	if (json_is_object(v))
		return elig_walk_object(w, v, ptr, hint, depth);
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, item)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, NULL, i);
		if (elig_walk_value(w, item, sub, key, hint, depth + 1) < 0)
			return -1;
	}
	return 0;
}

int elig_check_document_full(const struct elig_rules *rules, const json_t *doc,
			     const char *base_ptr, struct elig_report *rep)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct elig_walk w;

	/* jansson's iterators take non-const values; nothing is modified. */
	json_t *root = (json_t *)(uintptr_t)doc;

	memset(&w, 0, sizeof(w));
	w.rules = rules;
	w.err = rep->err;
	w.unchecked = rep->unchecked;
	w.held = rep->held;
	crypto_hash_sha256_init(&w.hash);
	if (elig_walk_value(&w, root, base_ptr != NULL ? base_ptr : "", NULL, NULL, 0) < 0)
		return -1;
	crypto_hash_sha256_final(&w.hash, digest);
	sodium_bin2hex(rep->text_hash, sizeof(rep->text_hash), digest, sizeof(digest));
	rep->refused = w.refusals;
	rep->nheld = w.holds;
	return w.refusals > 0 ? ELIG_REFUSED : w.holds > 0 ? ELIG_HELD : ELIG_ACCEPTED;
}

int elig_check_document(const struct elig_rules *rules, const json_t *doc, const char *base_ptr,
			struct dir_error *err, json_t *unchecked)
{
	struct elig_report rep;

	memset(&rep, 0, sizeof(rep));
	rep.err = err;
	rep.unchecked = unchecked;
	if (elig_check_document_full(rules, doc, base_ptr, &rep) < 0)
		return -1;
	return rep.refused;
}
