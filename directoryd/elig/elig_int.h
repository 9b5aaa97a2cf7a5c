/*
 * elig_int.h - the types and limits the files of the eligibility rule
 * share: the loaded lists (patterns, first-term index, evidence words), the
 * rule set, events (their kinds: elig_kind.h) and the scan of one text. The
 * functions one file calls in another are declared in a header named after
 * it (elig_scan.h, elig_neg.h, ...; HACKING.md lists them), except the
 * functions of elig_match.c and eligibility.c that the other side calls:
 * they stay here, since a header of their own would close an include cycle
 * through eligibility.h (whose outcomes elig_match.c returns). Not for use
 * outside directoryd/elig/: the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_INT_H
#define DIRECTORYD_ELIG_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <libstemmer.h>
#include <unicode/uset.h>

#include "buf.h"
#include "elig_kind.h"
#include "elig_norm.h"

#define ELIG_MAX_FILE  (256 * 1024) /* bytes in one phrase list */
#define ELIG_MAX_LINE  4096         /* bytes in one line of a list */
#define ELIG_MAX_LANGS 64           /* phrase lists in one rule set */
#define ELIG_MAX_TERMS 16           /* terms in one pattern */
#define ELIG_MAX_ALTS  64           /* alternatives in one term */
#define ELIG_MAX_GAP   8            /* largest ~N */
/* Most words one event of a pattern spans: every term with the widest gap before it. */
#define ELIG_MAX_SPAN    (ELIG_MAX_TERMS * (1 + ELIG_MAX_GAP))
#define ELIG_CHUNK       (64 * 1024) /* a long text is checked in chunks */
#define ELIG_LABEL_WORDS 4           /* untagged texts this short count as checked */
#define ELIG_OVERLAP     2048        /* bytes shared by neighbouring chunks */
#define ELIG_MAX_DEPTH   64          /* JSON nesting walked */
#define ELIG_MAX_ARRAY   (64 << 20)  /* bytes of one growing array */
#define ELIG_PTR_MAX     512         /* bytes of a JSON Pointer */
#define ELIG_WORD_UNIT   720720      /* weight of an unshared word: lcm(1..16) */
#define ELIG_REFUSE_GAP  6           /* most words between a cue and its topic for a refusal */

_Static_assert(ELIG_MAX_LANGS <= 64, "a uint64_t (tc_close, first) has a bit per list");

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
	ELIG_G_SOFT,     /* soft topics */
	ELIG_G_AND,      /* coordinating conjunctions */
	ELIG_G_SANCTION, /* sanctions */
	ELIG_G_FORBID,   /* prohibitions: modals that forbid when negated, bans, may, staff */
	ELIG_G_WHERE,    /* "where" */
	ELIG_G_BEGIN,    /* the service starts */
	ELIG_NGROUPS
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

/* A slot of a list's first-term hash: the entries first[lo, hi) share a key; hi 0 when empty. */
struct elig_frange {
	uint32_t lo, hi;
};

/* FNV-1a of k[0..n): the first-term hash (elig_load.c builds it, elig_scan.c reads it). */
static inline uint32_t elig_hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

struct elig_lang {
	char tag[16];
	char name[48];
	int script;
	int revision;
	int window;
	int reach;
	int capnouns; /* nouns start with a capital (German): no run-on sentence starts (elig_runon.c) */
	char stemmer[32];          /* Snowball algorithm, "" for none (wildcards instead) */
	struct sb_stemmer *loader; /* while loading: stems the phrases */
	/* a stemmer kept between checks (elig_run_lang takes it and puts it
	 * back, or makes its own when another thread has it), or NULL */
	_Atomic(struct sb_stemmer *) *spare;
	USet *letters; /* ICU's exemplar letters of the language (ulocdata), or NULL */
	const char *advice[ELIG_EVASION + 1][2]; /* [rule][0] rule in plain words, [1] suggestion */
	struct elig_pattern *pats;               /* the bytes of pats_buf */
	size_t npats;
	struct buf pats_buf;
	struct elig_first *first; /* the first terms' words, stem keys and prefixes, sorted */
	size_t nfirst;
	struct buf first_buf;
	struct elig_frange *fhash; /* open addressing over the distinct keys of first */
	size_t fmask;              /* slots - 1 (a power of two), 0 when there is none */
	uint32_t *always;          /* patterns whose first term is a suffix or a short prefix */
	size_t nalways;
	struct buf always_buf;
	const char **words; /* sorted, distinct */
	size_t nwords;
	const char *
		*common; /* the "words" lines' words alone (not the phrases'), sorted; malloc'd */
	size_t ncommon;
	const char **noend; /* words no sentence ends on ("to", "the"), sorted (elig_runon.c) */
	size_t nnoend;
	struct buf noend_buf;
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

struct elig_rmodel; /* elig_resemble.c */

struct elig_rules {
	char version[64];
	struct elig_gword *gwords; /* every list's words, sorted, distinct */
	size_t ngwords;
	uint32_t *ghash;                  /* open addressing: 1 + an index of gwords, 0 empty */
	size_t gmask;                     /* slots - 1 (a power of two) */
	uint64_t script_langs[ELIG_SC_N]; /* bit i: r->langs[i] is of the script */
	struct elig_lang langs[ELIG_MAX_LANGS];
	size_t nlangs;
	struct elig_block *arena;
	struct elig_norm *norm;
	/* libexttextcat's fingerprints per script (textcat-<script>.conf),
	 * NULL for a script without lists: a text is compared only with its
	 * script's fingerprints (elig_textcat.c; read only once loaded) */
	struct elig_textcat *textcat[ELIG_SC_N];
	/* bit i: list i has a close language without a list among the
	 * fingerprints (textcat-<script>.conf), so libexttextcat can tell them
	 * apart when the words leave a doubt */
	uint64_t tc_close;
	/* the learned hold's model of list i (elig_resemble.c), or NULL:
	 * data/eligibility/resemblance/<tag>.tsv */
	struct elig_rmodel *models[ELIG_MAX_LANGS];
};

struct elig_event {
	size_t start, end;
	int kind, rule;
	size_t clause, seg, sent;
	uint64_t terms; /* bit i: token start + i is a word of the pattern (not a ~N gap) */
};

/* sc->sent_flags: a question mark follows one of the sentence's words (the other flags: elig_cue.c). */
#define ELIG_SENT_ASKS 1

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
	/* per token i, the first token of the run of sentences joined by
	 * semicolons that i stands in: a list never reaches over a full stop
	 * (elig_clear.c), so its heads are looked for from there */
	size_t *run_first;
	/* per sentence: ELIG_SENT_* flags (elig_cue.c, elig_scan_sentences;
	 * NULL until then) */
	unsigned char *sent_flags;
	/* per sentence: ELIG_REFER_* flags and the token after a criteria
	 * heading's colon, or 0 (elig_refer.c, elig_scan_refer) */
	unsigned char *refer;
	size_t *heading;
	/* per event: 0 not asked yet, else 1 + whether the cue is negated
	 * (elig_clear.c keeps elig_cue_event_negated's answers here) */
	unsigned char *cue_negated;
};

/* What decided a text for one list: the rule and the tokens to quote. */
struct elig_hit {
	int rule;
	size_t start, end;            /* tokens */
	size_t gap;                   /* words between a condition cue and its topic */
	size_t cs, ce;                /* the cue's tokens */
	const struct elig_event *cue; /* the cue, or NULL */
};

/* The lists that check one text (elig_pick_langs). */
struct elig_pick {
	const struct elig_lang *langs[ELIG_MAX_LANGS];
	size_t n;
	size_t primary; /* langs[0..primary) had a tag or evidence; 0: all count alike */
	int checked;
};

/*
 * elig_match.c: run list l over the normalised text t (required: the text
 * is a required document, so a topic needs no cue). Returns an
 * elig_outcome with h filled on a refusal or hold (h->rule -1 when a
 * topic was seen and cleared), or -1 when out of memory.
 */
int elig_run_lang(const struct elig_rules *r, const struct elig_lang *l, const struct elig_text *t,
		  int required, struct elig_hit *h);

/*
 * eligibility.c: accents list l's language does not use, on many of text
 * t's words ("Réqúísító", "Spríjínúl"): marks added to change what a word
 * looks like, or a text in another language (Slovak, Czech, Macedonian)
 * than l's. A name or a loanword ("José", "café") stays below
 * ELIG_ODD_WORDS. Returns 1 with h on the first such word, else 0 (h
 * untouched); l NULL or without letters: 0. Reads l and t only.
 */
int elig_odd_letters(const struct elig_lang *l, const struct elig_text *t, struct elig_hit *h);
/*
 * eligibility.c: whether the case-folded word w[0..n) has a letter of l's
 * script outside l's letters (ICU's exemplar letters; "і" for the Russian
 * list). 1 or 0; l must have letters (l->letters not NULL).
 */
int elig_odd_word(const struct elig_lang *l, const char *w, size_t n);

#endif
