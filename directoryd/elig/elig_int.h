/*
 * elig_int.h - what the files of the eligibility rule share: the loaded
 * lists (patterns, first-term index, evidence words), the rule set, and
 * the functions one file of the rule calls in another. Not for use outside
 * directoryd/elig/: the public interface is eligibility.h.
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
	ELIG_AND,    /* coordination (and, und, et, nor): a negation after it continues a list */
	ELIG_EXIT,  /* a word of leaving, stopping, returning: with a trade word, a D4 soft topic */
	ELIG_TRADE, /* a word of sex work: with an exit word, a D4 soft topic (elig_family.c) */
	ELIG_WE,    /* the service speaking of itself (we, our, wir, unser, nous, мы) */
	ELIG_THAT,  /* a word that points back (that, such, das, cela, это) */
	ELIG_SANCTION, /* help ends, a place is lost, a resident must leave: holds a topic by it */
	ELIG_HOW,      /* "how" opening a segment: information about a procedure, not a condition */
	ELIG_HEDGE,    /* a frequency word or another party (usually, some shelters) */
	ELIG_FORBID,   /* a modal that forbids when negated (must, darf) */
	ELIG_BAN,      /* a word that forbids on its own (forbidden, verboten) */
	ELIG_WHERE,    /* "where" opening a clause: a clearing frame does not reach over it */
	ELIG_ORNOT, /* "or not", "oder nie", "oppure no": either is fine, a topic before it is no condition */
	ELIG_YES,   /* an answer word: yes, ja, oui, да (elig_answer.c) */
	ELIG_NO,    /* an answer word: no, nein, non, нет (elig_answer.c) */
	ELIG_BEGIN, /* the service starts: begins, débute, beginnt (elig_begun_between) */
	ELIG_MAY, /* asking whether one may have or do: can, may, get, kann, puis (elig_answer.c) */
	ELIG_WHAT, /* "what is" opening a question: it asks what a thing is (elig_what_asks) */
	ELIG_STAFF, /* the service's people as a subject: staff, volunteers, Mitarbeiter, bénévoles */
	ELIG_ABBREV, /* an abbreviation: its full stop ends no sentence (elig_sentence_starts) */
	ELIG_SENSE, /* a fixed phrase giving a topic or trade word another sense (elig_drop_senses) */
	ELIG_WHO, /* "who" as a subject opening a sentence: wer, кто, quien (elig_subject_negated) */
	ELIG_REJECT, /* turning away, rejecting, judging: negated, it excludes nobody (elig_denies_exclusion) */
	ELIG_NKINDS /* how many kinds there are, not a kind */
};

#define ELIG_KIND(k) ((uint64_t)1 << (k))
_Static_assert(ELIG_NKINDS <= 64,
	       "ELIG_KIND masks kinds in a uint64_t: more kinds need a wider mask");
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

/* FNV-1a of k[0..n): the first-term hash (elig_load.c builds it, elig_match.c reads it). */
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
	/* per sentence: ELIG_SENT_* flags (elig_match.c, elig_scan_sentences) */
	unsigned char *sent_flags;
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
 * elig_load.c: the key of a case-folded word cf[0..n) for a list with
 * stemmer st: its Snowball stem, folded (marks removed, Latin-ASCII).
 * Writes at most cap bytes, NUL-terminated, to out. Returns the length, or
 * -1 when stemming fails or it does not fit.
 */
long elig_stem_key(const struct elig_norm *nm, struct sb_stemmer *st, const char *cf, size_t n,
		   char *out, size_t cap);

/*
 * elig_match.c: run list l over the normalised text t (required: the text
 * is a required document, so a topic needs no cue). Returns an
 * elig_outcome with h filled on a refusal or hold (h->rule -1 when a
 * topic was seen and cleared), or -1 when out of memory.
 */
int elig_run_lang(const struct elig_rules *r, const struct elig_lang *l, const struct elig_text *t,
		  int required, struct elig_hit *h);

/*
 * elig_family.c: add to sc->ev a D4 soft topic for each `trade` event with
 * an `exit` event at most a few words away in its clause, keeping the
 * events in token order; the clauses must be numbered. Returns 0, or -1
 * when out of memory.
 */
int elig_scan_families(struct elig_scan *sc);

/*
 * elig_lang.c: for every token of t, 1 + the index of its folded word in
 * r->gwords, or 0 when no list has it. Returns a malloc'd array of
 * t->ntoks entries (at least one) the caller frees, or NULL when out of
 * memory.
 */
uint32_t *elig_word_hits(const struct elig_rules *r, const struct elig_text *t);

/*
 * elig_lang.c: choose the lists that check text t (s[0..len) as
 * written, hits from elig_word_hits, hint a BCP 47 tag or NULL) into pk,
 * and whether the text counts as checked. Asks libexttextcat at most once.
 */
void elig_pick_langs(const struct elig_rules *r, const struct elig_text *t, const uint32_t *hits,
		     const char *s, size_t len, const char *hint, struct elig_pick *pk);

/*
 * elig_textcat.c: libexttextcat's fingerprints that conf names (lines
 * "<file> <language> [<list> ...]", '#' comments): a file written "./x" is
 * dir/x (the rules' own fingerprints, as Nigerian Pidgin's), any other
 * tcdir + file (libexttextcat-data's folder, with its trailing slash),
 * each read with fp_Read as textcat_Init reads it. The lists named after a
 * language without a list are close to it: their bits are set in
 * r->tc_close (r's lists must be loaded). Returns the set (free with
 * elig_textcat_free), or NULL when conf or a fingerprint cannot be read,
 * conf names none or more than 64, or memory runs out.
 */
struct elig_textcat *elig_textcat_load(struct elig_rules *r, const char *conf, const char *dir,
				       const char *tcdir);

/* elig_textcat.c: free a set of elig_textcat_load (NULL is ignored). */
void elig_textcat_free(struct elig_textcat *tc);

/*
 * elig_textcat.c: the languages libexttextcat names for s[0..len), as
 * textcat_Classify would with tc's fingerprints in conf order: the
 * candidates within THRESHOLDVALUE of the best score, best first, into
 * names[0..max) (fp_Name strings that live as long as tc). The
 * fingerprints of the lists in first (bit i: r->langs[i]) are compared
 * first, which changes only the time taken. Returns the number of
 * candidates, or 0 when the text is too short, the library would answer
 * UNKNOWN, or there are more than max. With unlisted_only, the caller
 * needs the candidates only when one of them is a language without a
 * list: 0 is also returned, sooner, when no such language can be one (the
 * other lists are then not compared). Safe to call from several threads
 * at once on one tc.
 */
int elig_textcat_classify(const struct elig_textcat *tc, const char *s, size_t len, uint64_t first,
			  int unlisted_only, const char **names, int max);

/*
 * elig_lang.c: the list for a BCP 47 tag (its primary subtag, or an ISO
 * 639-2/3 code of a listed language), case-insensitively; NULL when there
 * is none. Borrowed from r.
 */
const struct elig_lang *elig_find_lang(const struct elig_rules *r, const char *tag);

/*
 * elig_contrast.c: the sentence of token a speaks of another party's
 * practice that the next sentence contrasts with the service's own
 * ("The safe houses only take people referred into the NRM. Our drop-in
 * doesn't ask for that."). A hold there is dropped. Reads sc's events only.
 */
int elig_contrasted(const struct elig_scan *sc, size_t a);

/*
 * elig_match.c: negation n is exactly a "without" phrase ("без", "bez"),
 * not a longer negation that starts with one ("bez względu na").
 */
int elig_is_without(const struct elig_scan *sc, const struct elig_event *n);

/*
 * elig_doubt.c: a refusal of the phrase [h->start, h->end) is in doubt:
 * its sentence asks, quotes, names a year or brackets it, the next
 * sentence names a year, the phrase is an aside between commas, or a
 * neighbouring sentence negates or offers (a "without" there does not
 * count). Returns 1 when the condition is to be
 * held instead of refused, else 0. Reads sc only.
 */
int elig_refusal_doubt(const struct elig_scan *sc, const struct elig_hit *h);

/*
 * elig_match.c: the index in sc->ev of the first event that starts at or
 * after token i, or sc->nev (events are in token order: a binary search).
 */
size_t elig_event_from(const struct elig_scan *sc, size_t i);

/*
 * elig_answer.c: sentence y opens with an event of a kind in `kinds`
 * (ELIG_KIND bits) that is an answer of its own: at most two words before
 * a comma or the sentence's end ("No.", "Yes, after two weeks.", "Nein,
 * die Unterstützung bleibt gleich."); with `alone`, the event is all of
 * its comma segment ("No problem." is no answer "No"). Reads sc's events
 * only.
 */
int elig_opens_with(const struct elig_scan *sc, size_t y, uint64_t kinds, int alone);

/*
 * elig_answer.c: topic t (negated: a negation or "without" governs it,
 * or one stands among its words) stands in a question that the next
 * sentence answers with a condition: a question whether a sanction follows answered "yes" ("Will
 * I lose my room if I do not give evidence? Yes, after two weeks."), or a
 * question for permission whose topic is negated answered "no" ("Can I
 * stay if I do not testify? No."). The answer word stands alone in its
 * comma segment, a "no" that names a cue ("Nein, nicht nötig")
 * speaks for itself, and an answer that asks ("No? Then just ring the
 * bell.") answers nothing. Returns 1 to hold t, else 0.
 */
int elig_answered_condition(const struct elig_scan *sc, const struct elig_event *t, int negated);

#endif
