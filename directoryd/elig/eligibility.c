/*
 * eligibility.c - the eligibility rule: load the phrase lists, normalise
 * text (UTF-8 case fold and accent folding for Latin, Greek and Cyrillic),
 * find condition phrases with their negations, pick the language of a text
 * and walk HSDS documents. docs/eligibility.md explains the method.
 */
#include "eligibility.h"

#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
#define ELIG_PTR_MAX     512          /* bytes of a JSON Pointer */
#define ELIG_WORD_UNIT   720720       /* weight of an unshared word: lcm(1..16) */

enum elig_kind {
	ELIG_TOPIC,    /* a D1-D5 subject: refused with a condition cue */
	ELIG_STRICT,   /* a D1-D5 phrase that is a condition on its own */
	ELIG_CUE,      /* condition cue: only, must, required ... */
	ELIG_NEG,      /* negation before what it negates */
	ELIG_NEGPOST,  /* negation after what it negates */
	ELIG_WITHOUT,  /* privative: without, ohne, sin ... */
	ELIG_OPTIONAL, /* if you wish, voluntary ... */
	ELIG_BREAK,    /* clause break: but, however ... */
};

enum elig_script {
	ELIG_SC_NONE,
	ELIG_SC_LATIN,
	ELIG_SC_GREEK,
	ELIG_SC_CYRILLIC,
	ELIG_SC_THAI,
	ELIG_SC_OTHER,
	ELIG_SC_N
};

enum elig_cls { ELIG_C_SEP, ELIG_C_SENT, ELIG_C_COMMA, ELIG_C_MARK, ELIG_C_WORD };

#define ELIG_ALT_PRE  1 /* "*x": the word ends with x */
#define ELIG_ALT_POST 2 /* "x*": the word starts with x */

#define ELIG_TOK_SENT   1 /* a sentence ends before this token */
#define ELIG_TOK_COMMA  2 /* a comma stands before this token */
#define ELIG_TOK_LETTER 4 /* the token has a letter */

struct elig_alt {
	const char *w;
	size_t len;
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

struct elig_lang {
	char tag[16];
	char name[48];
	int script;
	int revision;
	int window;
	int reach;
	struct elig_pattern *pats;
	size_t npats, pcap;
	const char **words;    /* sorted, distinct */
	unsigned char *wshare; /* per word: lists of the script that have it */
	size_t nwords, wcap;
};

struct elig_block {
	struct elig_block *next;
	size_t used, cap;
	max_align_t data[];
};

struct elig_rules {
	char version[64];
	struct elig_lang langs[ELIG_MAX_LANGS];
	size_t nlangs;
	struct elig_block *arena;
};

struct elig_tok {
	size_t off, len;           /* in the normalised buffer */
	size_t src_start, src_end; /* bytes of the input */
	int flags;
};

struct elig_text {
	char *norm;
	size_t nlen;
	struct elig_tok *toks;
	size_t ntoks, tcap;
	size_t letters[ELIG_SC_N];
	size_t nwords;
};

struct elig_cp {
	int cls;
	int script;
	char out[8];
	size_t n;
};

struct elig_event {
	size_t start, end;
	int kind, rule;
	size_t clause, seg;
};

struct elig_scan {
	const struct elig_lang *lang;
	const struct elig_text *text;
	struct elig_event *ev;
	size_t nev, cap;
	size_t *clause, *seg; /* per token */
	int required;         /* the text names what is required: no cue needed */
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

/* Grow *arr (of *cap elements of size sz) to hold at least one more. */
static int elig_grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	void **p = arr;
	size_t ncap, bytes;
	void *q;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if (__builtin_mul_overflow(ncap, sz, &bytes))
		return -1;
	q = realloc(*p, bytes);
	if (q == NULL)
		return -1;
	*p = q;
	*cap = ncap;
	return 0;
}

/* ---- UTF-8 and folding ------------------------------------------------ */

/* Decode one code point at s[*i]; invalid bytes give U+FFFD. */
static uint32_t elig_utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	uint32_t c = s[*i], min;
	size_t n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + n >= len)
		goto bad;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[*i + k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*i += n + 1;
	return c;
bad:
	(*i)++;
	return 0xFFFD;
}

static size_t elig_utf8_put(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Base letters of U+00C0..U+00FF; '#' two letters, '-' not a letter. */
static const char elig_latin1[] = "aaaaaa#ceeeeiiii"
				  "dnooooo-ouuuuy##"
				  "aaaaaa#ceeeeiiii"
				  "dnooooo-ouuuuy#y";
/* Base letters of U+0100..U+017F; '#' two letters. */
static const char elig_latin_a[] = "aaaaaa"
				   "cccccccc"
				   "dddd"
				   "eeeeeeeeee"
				   "gggggggg"
				   "hhhh"
				   "iiiiiiiiii"
				   "##"
				   "jj"
				   "kkk"
				   "llllllllll"
				   "nnnnnnnnn"
				   "oooooo"
				   "##"
				   "rrrrrr"
				   "ssssssss"
				   "tttttt"
				   "uuuuuuuuuuuu"
				   "ww"
				   "yyy"
				   "zzzzzz"
				   "s";
_Static_assert(sizeof(elig_latin1) == 65, "latin-1 table");
_Static_assert(sizeof(elig_latin_a) == 129, "latin extended-a table");

static void elig_put_ascii(struct elig_cp *c, const char *s)
{
	c->n = strlen(s);
	memcpy(c->out, s, c->n);
	c->cls = ELIG_C_WORD;
	c->script = ELIG_SC_LATIN;
}

/* Ligatures and letters written with two base letters. */
static void elig_fold_pair(uint32_t cp, struct elig_cp *c)
{
	switch (cp) {
	case 0xC6:
	case 0xE6: elig_put_ascii(c, "ae"); break;
	case 0xDE:
	case 0xFE: elig_put_ascii(c, "th"); break;
	case 0xDF: elig_put_ascii(c, "ss"); break;
	case 0x132:
	case 0x133: elig_put_ascii(c, "ij"); break;
	default: elig_put_ascii(c, "oe"); break;
	}
}

/* Latin: lower case without diacritics. Returns 1 when cp is Latin. */
static int elig_fold_latin(uint32_t cp, struct elig_cp *c)
{
	char b[2] = { 0, 0 };

	if (cp < 0x80) {
		b[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		elig_put_ascii(c, b);
		c->script = cp <= '9' ? ELIG_SC_NONE : ELIG_SC_LATIN;
		return 1;
	}
	if (cp >= 0xC0 && cp <= 0x17F) {
		b[0] = cp < 0x100 ? elig_latin1[cp - 0xC0] : elig_latin_a[cp - 0x100];
		if (b[0] == '-')
			return 0;
		if (b[0] == '#')
			elig_fold_pair(cp, c);
		else
			elig_put_ascii(c, b);
		return 1;
	}
	if (cp >= 0x218 && cp <= 0x21B) { /* Romanian comma below */
		b[0] = cp < 0x21A ? 's' : 't';
		elig_put_ascii(c, b);
		return 1;
	}
	if ((cp >= 0x180 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
		if (cp >= 0x1E00 && cp <= 0x1EFF && cp != 0x1E9E)
			cp |= 1;
		c->n = elig_utf8_put(cp == 0x1E9E ? 0xDF : cp, c->out);
		c->cls = ELIG_C_WORD;
		c->script = ELIG_SC_LATIN;
		if (cp == 0x1E9E)
			elig_put_ascii(c, "ss");
		return 1;
	}
	return 0;
}

/* Greek: lower case without tonos; final sigma as sigma. */
static uint32_t elig_fold_greek(uint32_t cp)
{
	static const uint16_t acc[][2] = {
		{ 0x386, 0x3B1 }, { 0x388, 0x3B5 }, { 0x389, 0x3B7 }, { 0x38A, 0x3B9 },
		{ 0x38C, 0x3BF }, { 0x38E, 0x3C5 }, { 0x38F, 0x3C9 }, { 0x390, 0x3B9 },
		{ 0x3AA, 0x3B9 }, { 0x3AB, 0x3C5 }, { 0x3AC, 0x3B1 }, { 0x3AD, 0x3B5 },
		{ 0x3AE, 0x3B7 }, { 0x3AF, 0x3B9 }, { 0x3B0, 0x3C5 }, { 0x3C2, 0x3C3 },
		{ 0x3CA, 0x3B9 }, { 0x3CB, 0x3C5 }, { 0x3CC, 0x3BF }, { 0x3CD, 0x3C5 },
		{ 0x3CE, 0x3C9 },
	};

	for (size_t i = 0; i < sizeof(acc) / sizeof(acc[0]); i++)
		if (acc[i][0] == cp)
			return acc[i][1];
	if (cp >= 0x391 && cp <= 0x3A9)
		return cp + 0x20;
	return cp;
}

/* Cyrillic: lower case; ё and ѐ as е, ѝ as и. */
static uint32_t elig_fold_cyrillic(uint32_t cp)
{
	if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	else if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
		 (cp >= 0x4D0 && cp <= 0x52F))
		cp |= 1;
	else if (cp >= 0x4C1 && cp <= 0x4CE && (cp & 1))
		cp += 1;
	if (cp == 0x451 || cp == 0x450)
		return 0x435;
	if (cp == 0x45D)
		return 0x438;
	return cp;
}

/* Class of a code point that is not a letter we fold. */
static int elig_punct_class(uint32_t cp)
{
	static const uint32_t sent[] = { '.',    '!',    '?',    ';',    0x37E,  0x589,  0x61F,
					 0x964,  0x965,  0x2026, 0x203C, 0x2047, 0x2048, 0x2049,
					 0x3002, 0xFF01, 0xFF0E, 0xFF1B, 0xFF1F };
	static const uint32_t comma[] = { ',', ':', 0x60C, 0x3001, 0xFF0C, 0xFF1A };

	for (size_t i = 0; i < sizeof(sent) / sizeof(sent[0]); i++)
		if (sent[i] == cp)
			return ELIG_C_SENT;
	for (size_t i = 0; i < sizeof(comma) / sizeof(comma[0]); i++)
		if (comma[i] == cp)
			return ELIG_C_COMMA;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x483 && cp <= 0x489) || cp == 0xAD ||
	    cp == 0x200C || cp == 0x200D || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F))
		return ELIG_C_MARK;
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0x2BC || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
	    (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) || cp >= 0xFFF0 ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF))
		return ELIG_C_SEP;
	return ELIG_C_WORD;
}

/* Classify and fold one code point. */
static void elig_classify(uint32_t cp, struct elig_cp *c)
{
	int ascii_word = cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
				       (cp >= '0' && cp <= '9'));

	memset(c, 0, sizeof(*c));
	if ((cp < 0x80 && !ascii_word) || cp == 0xD7 || cp == 0xF7) {
		c->cls = elig_punct_class(cp);
		return;
	}
	if (elig_fold_latin(cp, c))
		return;
	c->cls = elig_punct_class(cp);
	if (c->cls != ELIG_C_WORD)
		return;
	if (cp >= 0x370 && cp <= 0x3FF) {
		cp = elig_fold_greek(cp);
		c->script = ELIG_SC_GREEK;
	} else if (cp >= 0x1F00 && cp <= 0x1FFF) {
		c->script = ELIG_SC_GREEK;
	} else if (cp >= 0x400 && cp <= 0x52F) {
		cp = elig_fold_cyrillic(cp);
		c->script = ELIG_SC_CYRILLIC;
	} else if (cp >= 0xE00 && cp <= 0xE7F) {
		c->script = ELIG_SC_THAI;
	} else {
		c->script = ELIG_SC_OTHER;
	}
	c->n = elig_utf8_put(cp, c->out);
}

/* ---- tokens ------------------------------------------------------------ */

static void elig_text_free(struct elig_text *t)
{
	free(t->norm);
	free(t->toks);
	memset(t, 0, sizeof(*t));
}

/* Append the folded code point c to the token being built. */
static int elig_text_letter(struct elig_text *t, const struct elig_cp *c, size_t start, size_t end,
			    int *in_word, int *pending)
{
	struct elig_tok *k;

	if (!*in_word) {
		if (elig_grow(&t->toks, &t->tcap, t->ntoks, sizeof(*t->toks)))
			return -1;
		k = &t->toks[t->ntoks++];
		memset(k, 0, sizeof(*k));
		k->off = t->nlen;
		k->src_start = start;
		k->flags = *pending;
		*pending = 0;
		*in_word = 1;
	}
	k = &t->toks[t->ntoks - 1];
	memcpy(t->norm + t->nlen, c->out, c->n);
	t->nlen += c->n;
	k->len += c->n;
	k->src_end = end;
	if (c->script != ELIG_SC_NONE) {
		if (!(k->flags & ELIG_TOK_LETTER))
			t->nwords++;
		k->flags |= ELIG_TOK_LETTER;
		t->letters[c->script]++;
	}
	return 0;
}

/*
 * An apostrophe between two Cyrillic letters belongs to the word
 * (Ukrainian "здоров'я"); elsewhere it separates words (French "l'aide").
 * u[a..b) is the apostrophe, prev the script of the letter before it.
 */
static int elig_cyrillic_apostrophe(const unsigned char *u, size_t len, size_t a, size_t b,
				    int prev)
{
	size_t k = b;
	uint32_t cp, next;

	if (prev != ELIG_SC_CYRILLIC || b >= len)
		return 0;
	k = a;
	cp = elig_utf8_next(u, len, &k);
	if (cp != '\'' && cp != 0x2019 && cp != 0x2BC)
		return 0;
	k = b;
	next = elig_utf8_next(u, len, &k);
	return next >= 0x400 && next <= 0x52F;
}

/*
 * Split s[0..len) into folded words. The normalised buffer never grows
 * past 2 bytes per input byte (the widest fold is 2 bytes to "ss").
 */
static int elig_text_build(struct elig_text *t, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start, cap;
	int in_word = 0, pending = 0, script = ELIG_SC_NONE;
	struct elig_cp c;

	memset(t, 0, sizeof(*t));
	if (__builtin_mul_overflow(len, 2, &cap) || (t->norm = malloc(cap + 8)) == NULL)
		return -1;
	while (i < len) {
		start = i;
		elig_classify(elig_utf8_next(u, len, &i), &c);
		if (in_word && elig_cyrillic_apostrophe(u, len, start, i, script))
			continue;
		if (c.cls == ELIG_C_WORD) {
			script = c.script;
			if (elig_text_letter(t, &c, start, i, &in_word, &pending))
				return -1;
		} else if (c.cls == ELIG_C_MARK) {
			if (in_word)
				t->toks[t->ntoks - 1].src_end = i;
		} else {
			in_word = 0;
			if (c.cls == ELIG_C_SENT)
				pending |= ELIG_TOK_SENT;
			else if (c.cls == ELIG_C_COMMA)
				pending |= ELIG_TOK_COMMA;
		}
	}
	return 0;
}

/* ---- loading ---------------------------------------------------------- */

/* Fold one word of a phrase list; it must stay one word. */
static const char *elig_fold_word(struct elig_rules *r, const char *w, size_t n, size_t *outlen)
{
	struct elig_text t;
	const char *res = NULL;

	if (elig_text_build(&t, w, n) == 0 && t.ntoks == 1) {
		res = elig_strndup(r, t.norm + t.toks[0].off, t.toks[0].len);
		*outlen = t.toks[0].len;
	}
	elig_text_free(&t);
	return res;
}

/* Parse one term "a|b*|*c?" of n bytes into term. */
static const char *elig_parse_term(struct elig_rules *r, const char *s, size_t n,
				   struct elig_term *term)
{
	size_t i = 0, j, count = 1;

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
		if (b == e || (a->w = elig_fold_word(r, s + b, e - b, &a->len)) == NULL)
			return "an alternative must be exactly one word";
		term->nalts++;
		i = j + 1;
	}
	return NULL;
}

/* Parse a pattern "w1 ~2 w2|w3* w4?" into p. Returns NULL or why not. */
static const char *elig_parse_pattern(struct elig_rules *r, const char *s, struct elig_pattern *p)
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
			if ((why = elig_parse_term(r, s, n, &terms[p->nterms])) != NULL)
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
	{ "cue", ELIG_CUE, 0 },           { "neg", ELIG_NEG, 0 },
	{ "negpost", ELIG_NEGPOST, 0 },   { "without", ELIG_WITHOUT, 0 },
	{ "optional", ELIG_OPTIONAL, 0 }, { "break", ELIG_BREAK, 0 },
	{ "D1", ELIG_TOPIC, 1 },          { "D2", ELIG_TOPIC, 2 },
	{ "D3", ELIG_TOPIC, 3 },          { "D4", ELIG_TOPIC, 4 },
	{ "D5", ELIG_TOPIC, 5 },          { "D1!", ELIG_STRICT, 1 },
	{ "D2!", ELIG_STRICT, 2 },        { "D3!", ELIG_STRICT, 3 },
	{ "D4!", ELIG_STRICT, 4 },        { "D5!", ELIG_STRICT, 5 },
};

static const char *elig_add_pattern(struct elig_rules *r, struct elig_lang *l,
				    const struct elig_keyword *k, const char *arg)
{
	struct elig_pattern *p;
	const char *why;

	if (elig_grow(&l->pats, &l->pcap, l->npats, sizeof(*l->pats)))
		return "out of memory";
	p = &l->pats[l->npats];
	memset(p, 0, sizeof(*p));
	if ((why = elig_parse_pattern(r, arg, p)) != NULL)
		return why;
	p->kind = k->kind;
	p->rule = k->rule;
	l->npats++;
	return NULL;
}

static const char *elig_add_words(struct elig_rules *r, struct elig_lang *l, const char *s)
{
	while (*s != '\0') {
		size_t n = strcspn(s, " \t"), len;
		const char *w;
		if (n == 0) {
			s++;
			continue;
		}
		if ((w = elig_fold_word(r, s, n, &len)) == NULL)
			return "words must be single words";
		if (elig_grow(&l->words, &l->wcap, l->nwords, sizeof(*l->words)))
			return "out of memory";
		l->words[l->nwords++] = w;
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
				if (elig_grow(&l->words, &l->wcap, l->nwords, sizeof(*l->words)))
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
	return rc;
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

static int elig_has_word(const struct elig_lang *l, const char *w)
{
	return bsearch(&w, l->words, l->nwords, sizeof(*l->words), elig_cmp_word) != NULL;
}

/*
 * For every evidence word, count the lists of the same script that have
 * it: a word shared by k lists counts 1/k towards each (elig_score).
 */
static int elig_share_words(struct elig_rules *r)
{
	for (size_t i = 0; i < r->nlangs; i++) {
		struct elig_lang *l = &r->langs[i];
		if ((l->wshare = malloc(l->nwords)) == NULL)
			return -1;
		for (size_t k = 0; k < l->nwords; k++) {
			unsigned n = 0;
			for (size_t j = 0; j < r->nlangs; j++)
				n += r->langs[j].script == l->script &&
				     elig_has_word(&r->langs[j], l->words[k]);
			l->wshare[k] = (unsigned char)n;
		}
	}
	return 0;
}

static int elig_is_list(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && n < 40 && d->d_name[0] != '.' && strcmp(d->d_name + n - 8, ".phrases") == 0;
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
	n = scandir(dir, &names, elig_is_list, alphasort);
	if (n < 0)
		elig_load_error(err, dir, 0, "cannot read the directory");
	else if (n == 0)
		elig_load_error(err, dir, 0, "no *.phrases files");
	else if (elig_load_version(r, dir, err) == 0) {
		for (i = 0; i < n; i++)
			if (elig_load_file(r, dir, names[i]->d_name, err) != 0)
				break;
		rc = i == n ? 0 : -1;
		if (rc == 0 && elig_share_words(r) != 0) {
			elig_load_error(err, dir, 0, "out of memory");
			rc = -1;
		}
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
		free(rules->langs[i].pats);
		free(rules->langs[i].words);
		free(rules->langs[i].wshare);
	}
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

static int elig_term_hit(const struct elig_term *term, const struct elig_text *t, size_t pos)
{
	const char *w = t->norm + t->toks[pos].off;
	size_t n = t->toks[pos].len;

	for (size_t i = 0; i < term->nalts; i++)
		if (elig_alt_hit(&term->alts[i], w, n))
			return 1;
	return 0;
}

/*
 * Match terms ti.. of p at token pos, allowing up to `gap` words before
 * the term (more if the term itself says ~N). end is the first token of
 * the next sentence. Returns the token after the match, or -1.
 */
static long elig_match_from(const struct elig_pattern *p, size_t ti, const struct elig_text *t,
			    size_t pos, size_t end, int gap)
{
	const struct elig_term *term;
	int allow;
	long r;

	if (ti == p->nterms)
		return (long)pos;
	term = &p->terms[ti];
	allow = gap > term->gap ? gap : term->gap;
	for (size_t g = 0; g <= (size_t)allow && pos + g < end; g++) {
		if (!elig_term_hit(term, t, pos + g))
			continue;
		r = elig_match_from(p, ti + 1, t, pos + g + 1, end, 0);
		if (r >= 0)
			return r;
	}
	if (term->optional)
		return elig_match_from(p, ti + 1, t, pos, end, allow);
	return -1;
}

/* ---- one language over one text --------------------------------------- */

struct elig_hit {
	int rule;
	size_t start, end; /* tokens */
};

/* Record every pattern of the language that matches at some token. */
static int elig_scan_events(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	size_t end = 0;

	for (size_t i = 0; i < t->ntoks; i++) {
		if (i >= end)
			for (end = i + 1; end < t->ntoks && !(t->toks[end].flags & ELIG_TOK_SENT);
			     end++)
				;
		for (size_t k = 0; k < sc->lang->npats; k++) {
			const struct elig_pattern *p = &sc->lang->pats[k];
			long r = elig_match_from(p, 0, t, i, end, 0);
			if (r < 0)
				continue;
			if (elig_grow(&sc->ev, &sc->cap, sc->nev, sizeof(*sc->ev)))
				return -1;
			sc->ev[sc->nev++] = (struct elig_event){
				.start = i, .end = (size_t)r, .kind = p->kind, .rule = p->rule
			};
		}
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
	size_t n = t->ntoks, c = 0, s = 0, bytes;

	if (__builtin_mul_overflow(n + 1, 2 * sizeof(size_t), &bytes) ||
	    (sc->clause = calloc(1, bytes)) == NULL)
		return -1;
	sc->seg = sc->clause + n + 1;
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_BREAK)
			sc->seg[sc->ev[k].start] = 1;
	for (size_t i = 1; i < n; i++) {
		int brk = sc->seg[i] != 0;
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
	}
	return 0;
}

/* A negation (or "without") ends at most `reach` words before pos. */
static int elig_neg_before(const struct elig_scan *sc, size_t pos)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT) && e->end <= pos &&
		    pos - e->end <= (size_t)sc->lang->reach && e->seg == sc->seg[pos])
			return 1;
	}
	return 0;
}

/* A negation lies inside [a, b), or a postposed one follows b soon. */
static int elig_neg_within(const struct elig_scan *sc, size_t a, size_t b, size_t after)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		int neg = e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT || e->kind == ELIG_NEGPOST;
		if (neg && e->start >= a && e->end <= b)
			return 1;
		if (after > 0 && e->kind == ELIG_NEGPOST && e->start >= after &&
		    e->start - after <= (size_t)sc->lang->reach && e->seg == sc->seg[after - 1])
			return 1;
	}
	return 0;
}

static int elig_event_negated(const struct elig_scan *sc, const struct elig_event *e)
{
	return elig_neg_before(sc, e->start) || elig_neg_within(sc, e->start + 1, e->end, e->end);
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
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_NEG && e->end <= c->start && e->seg == c->seg &&
		    c->start - e->end <= ELIG_LEADING_CUE_REACH)
			return 1;
	}
	return elig_neg_within(sc, c->start + 1, c->end, c->end);
}

static int elig_optional_near(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_OPTIONAL && sc->ev[k].seg == t->seg &&
		    sc->ev[k].clause == t->clause)
			return 1;
	return 0;
}

/* A "without" phrase starts at token pos (it is no plain negation then). */
static int elig_without_at(const struct elig_scan *sc, size_t pos)
{
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_WITHOUT && sc->ev[k].start == pos)
			return 1;
	return 0;
}

/*
 * "without <topic>": 0 when absent, 1 when it cancels the topic, 2 when a
 * negation before it or just after the topic makes it a condition ("no
 * help without a report", "без заявления не помогаем"); then *from is
 * where the refused phrase starts.
 */
static int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from)
{
	size_t reach = (size_t)sc->lang->reach, window = (size_t)sc->lang->window;

	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *w = &sc->ev[k];
		if (w->kind != ELIG_WITHOUT || w->end > t->start || t->start - w->end > reach ||
		    w->seg != t->seg)
			continue;
		for (size_t j = 0; j < sc->nev; j++) {
			const struct elig_event *n = &sc->ev[j];
			if (n->kind != ELIG_NEG || n->seg != w->seg ||
			    elig_without_at(sc, n->start))
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
		return 1;
	}
	return 0;
}

/* Find a condition cue that governs topic t. Returns 1 and fills h. */
static int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *c = &sc->ev[k];
		size_t a = c->end <= t->start ? c->end : t->end;
		size_t b = c->end <= t->start ? t->start : c->start;
		if (c->kind != ELIG_CUE || c->clause != t->clause)
			continue;
		if (c->start < t->end && t->start < c->end)
			a = b = 0; /* overlapping: no distance */
		if (b < a || b - a > (size_t)sc->lang->window || elig_cue_negated(sc, c, t) ||
		    (b > a && elig_neg_within(sc, a, b, 0)))
			continue;
		h->start = c->start < t->start ? c->start : t->start;
		h->end = c->end > t->end ? c->end : t->end;
		return 1;
	}
	return 0;
}

/* Decide over the events. Returns 1 with h filled on a refusal. */
static int elig_decide(const struct elig_scan *sc, struct elig_hit *h)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *t = &sc->ev[k];
		size_t from = 0;
		int w;
		if (t->kind != ELIG_TOPIC && t->kind != ELIG_STRICT)
			continue;
		h->rule = t->rule;
		w = elig_without(sc, t, &from);
		if (w == 2) {
			h->start = from;
			h->end = t->end;
			return 1;
		}
		if (w == 1 || elig_event_negated(sc, t) || elig_optional_near(sc, t))
			continue;
		if (t->kind != ELIG_STRICT && elig_find_cue(sc, t, h))
			return 1;
		if (t->kind == ELIG_STRICT || sc->required) {
			h->start = t->start;
			h->end = t->end;
			return 1;
		}
	}
	return 0;
}

/* Run one language over a tokenised text: 1 refused, 0 not, -1 no memory. */
static int elig_run_lang(const struct elig_lang *l, const struct elig_text *t, int required,
			 struct elig_hit *h)
{
	struct elig_scan sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	sc.lang = l;
	sc.text = t;
	sc.required = required;
	if (elig_scan_events(&sc) == 0 && elig_scan_clauses(&sc) == 0)
		rc = elig_decide(&sc, h);
	free(sc.ev);
	free(sc.clause);
	return rc;
}

/* ---- which lists apply to a text --------------------------------------- */

struct elig_pick {
	const struct elig_lang *langs[ELIG_MAX_LANGS];
	size_t n;
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
static size_t elig_score(const struct elig_lang *l, const struct elig_text *t, int *kinds)
{
	char buf[64];
	const char *key = buf, **hit, **first = NULL;
	size_t score = 0;

	*kinds = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		if (t->toks[i].len >= sizeof(buf))
			continue;
		memcpy(buf, t->norm + t->toks[i].off, t->toks[i].len);
		buf[t->toks[i].len] = '\0';
		hit = bsearch(&key, l->words, l->nwords, sizeof(*l->words), elig_cmp_word);
		if (hit == NULL)
			continue;
		score += ELIG_WORD_UNIT / l->wshare[hit - l->words];
		if (first == NULL) {
			first = hit;
			*kinds = 1;
		} else if (hit != first) {
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

static void elig_pick_add(struct elig_pick *pk, const struct elig_lang *l)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->langs[i] == l)
			return;
	pk->langs[pk->n++] = l;
}

/*
 * Choose the lists to apply. A hinted language with a list is checked,
 * plus any other list whose words clearly dominate; a hinted language
 * without one leaves the text unchecked (a confident other match is still
 * applied). Untagged text goes by script and word evidence; with no
 * evidence every list of its script is applied and it stays unchecked.
 * A list has evidence when at least two different words of the text are
 * in its words, its score (elig_score) is at least one in five words of
 * the text and at least half the best score; lists with evidence are
 * applied best first, so a refusal names the likeliest language.
 */
static void elig_pick_langs(const struct elig_rules *r, const struct elig_text *t, const char *hint,
			    struct elig_pick *pk)
{
	const struct elig_lang *hl = elig_find_lang(r, hint);
	size_t score[ELIG_MAX_LANGS] = { 0 }, best = 0, hs = 0;
	int kinds[ELIG_MAX_LANGS] = { 0 };
	size_t order[ELIG_MAX_LANGS], no = 0;
	int script = elig_dominant_script(t);

	memset(pk, 0, sizeof(*pk));
	pk->checked = 1;
	if (script == ELIG_SC_NONE)
		return;
	for (size_t i = 0; i < r->nlangs; i++) {
		if (r->langs[i].script == script)
			score[i] = elig_score(&r->langs[i], t, &kinds[i]);
		best = score[i] > best ? score[i] : best;
		if (&r->langs[i] == hl)
			hs = score[i];
	}
	if (hl != NULL)
		elig_pick_add(pk, hl);
	for (size_t i = 0; i < r->nlangs; i++) {
		size_t k;
		if (!(kinds[i] >= 2 && score[i] * 5 >= t->nwords * ELIG_WORD_UNIT &&
		      score[i] * 2 >= best && (hl == NULL || score[i] > hs)))
			continue;
		for (k = no; k > 0 && score[order[k - 1]] < score[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
		no++;
	}
	for (size_t k = 0; k < no; k++)
		elig_pick_add(pk, &r->langs[order[k]]);
	if (hl != NULL)
		return;
	if (hint != NULL && hint[0] != '\0') {
		pk->checked = 0;
		return;
	}
	if (pk->n > 0)
		return;
	/*
	 * A short label (a name, a language name, "Mondays") gives no word
	 * evidence, but every list of its script is applied to it, and a
	 * condition needs a clause longer than ELIG_LABEL_WORDS words: count
	 * it as checked rather than flood the admin's unchecked list.
	 */
	for (size_t i = 0; i < r->nlangs; i++)
		if (r->langs[i].script == script)
			elig_pick_add(pk, &r->langs[i]);
	pk->checked = pk->n > 0 && t->nwords <= ELIG_LABEL_WORDS;
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

/* Check s[0..len) (one chunk). Same returns as elig_check_text. */
static int elig_check_chunk(const struct elig_rules *r, const char *s, size_t len, const char *hint,
			    int required, struct elig_match *m, int *checked)
{
	struct elig_text t;
	struct elig_pick pk;
	struct elig_hit h;
	int rc = 0;

	if (elig_text_build(&t, s, len) != 0) {
		elig_text_free(&t);
		return -1;
	}
	elig_pick_langs(r, &t, hint, &pk);
	*checked = pk.checked;
	for (size_t i = 0; i < pk.n && rc == 0; i++) {
		memset(&h, 0, sizeof(h));
		rc = elig_run_lang(pk.langs[i], &t, required, &h);
		if (rc == 1 && m != NULL) {
			snprintf(m->rule, sizeof(m->rule), "D%d", h.rule);
			snprintf(m->language, sizeof(m->language), "%s", pk.langs[i]->tag);
			elig_copy_phrase(m->phrase, sizeof(m->phrase), s, t.toks[h.start].src_start,
					 t.toks[h.end - 1].src_end);
		}
	}
	if (rc == 1)
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
	int ck = 1, c, rc = 0;

	if (checked != NULL)
		*checked = 1;
	if (len > ELIG_MAX_TEXT)
		return -1;
	do {
		e = elig_chunk_end(text, a, len);
		rc = elig_check_chunk(rules, text + a, e - a, lang_hint, required, m, &c);
		ck &= c;
		if (rc != 0 || e == len)
			break;
		a = e - ELIG_OVERLAP;
		while (a < e && text[a] != ' ' && text[a] != '\n')
			a++;
	} while (1);
	if (checked != NULL)
		*checked = rc == 1 ? 1 : ck;
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
	int refusals;
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
	rc = elig_check_text_in(w->rules, s, hint, required, &m, &checked);
	if (rc < 0)
		return -1;
	if (rc == 0) {
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
	if (d != NULL) {
		json_object_set_new(d, "rule", json_string(m.rule));
		json_object_set_new(d, "phrase", json_string(m.phrase));
		json_object_set_new(d, "language", json_string(m.language));
	}
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

/* Walk any JSON value; key is the member name it hangs under, if any. */
static int elig_walk_value(struct elig_walk *w, json_t *v, const char *ptr, const char *key,
			   const char *hint, int depth)
{
	char sub[ELIG_PTR_MAX];
	size_t i;
	json_t *item;

	if (depth > ELIG_MAX_DEPTH || (key != NULL && strcmp(key, "provenance") == 0))
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

int elig_check_document(const struct elig_rules *rules, const json_t *doc, const char *base_ptr,
			struct dir_error *err, json_t *unchecked)
{
	struct elig_walk w = { rules, err, unchecked, 0 };

	/* jansson's iterators take non-const values; nothing is modified. */
	json_t *root = (json_t *)(uintptr_t)doc;

	if (elig_walk_value(&w, root, base_ptr != NULL ? base_ptr : "", NULL, NULL, 0) < 0)
		return -1;
	return w.refusals;
}
