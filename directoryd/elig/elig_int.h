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
	ELIG_PAST, /* a time gone by: formerly, in the past, old rules, früher, раньше (elig_doubt.c) */
	ELIG_EVERYDAY, /* a topic word with an everyday sense: street, club, salon (elig_everyday.c) */
	ELIG_ADMIT, /* being admitted or staying: admit, take in, stay, aufnehmen, bleiben (elig_exclude.c) */
	ELIG_PRO, /* a pronoun pointing back to a thing: it, one, es, le, lo, его (elig_refer.c) */
	ELIG_HEAD, /* a criteria heading word: admission, criteria, Aufnahme, приём (elig_refer.c) */
	ELIG_IDENT,  /* being identified or recognised: with an idproc word, a D1 soft topic */
	ELIG_IDPROC, /* an identification's procedure, outcome, papers or body (elig_family.c) */
	ELIG_RELAPSE, /* a word of going back (return, zurück, retour): an exit word a negation makes a D4 condition */
	ELIG_UNLESS, /* a cue of exception (unless, es sei denn): a negation before it doubles it */
	ELIG_RECORD, /* put on record, documented, brought to notice, a receipt: with an office word, a D2 soft topic */
	ELIG_OFFICE, /* the police, the prosecutor, the competent authorities (elig_family.c) */
	ELIG_LAWFUL, /* lawful, legal, regular, valid: with a stay word, a D5 soft topic */
	ELIG_STAY,   /* one's stay, residence or status in the country (elig_family.c) */
	ELIG_NEGEND, /* verb, subject pronoun, negation closing a clause: "(Eine Anzeige) verlangen wir nicht" */
	ELIG_ADMITV2, /* verb of admitting or helping before its subject pronoun: "(Prostituierte) nehmen wir (nicht) auf" */
	ELIG_NKINDS   /* how many kinds there are, not a kind */
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
 * an `exit` event at most a few words away in its clause, and a D1 soft
 * topic for each `idproc` event with an `ident` event so near, keeping the
 * events in token order; the clauses must be numbered. Returns 0, or -1
 * when out of memory.
 */
int elig_scan_families(struct elig_scan *sc);

/*
 * elig_family.c: step 8b: soft D4 topic t is an exit story that needs no
 * cue: two `exit` phrases meet its `trade` word within ELIG_FAMILY_GAP
 * words in its clause ("Una nueva vida lejos del ambiente", "Nowe życie z
 * dala od ulicy"), and nothing negates, offers or clears it and its
 * sentence does not ask. Returns 1 to hold t, else 0; reads sc only.
 */
int elig_exit_story(const struct elig_scan *sc, const struct elig_event *t);

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
 * elig_textcat.c: the lists (bit i: r->langs[i]) that tc's conf names
 * after language lang ("sco.lm sco en": Scots is close to en), 0 when
 * lang has a list, is not in tc or tc is NULL. lang: a name that
 * elig_textcat_classify returned.
 */
uint64_t elig_textcat_close_lists(const struct elig_textcat *tc, const char *lang);

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
 * What elig_refusal_doubt found for the sentence, brackets and comma
 * segment it was last asked about, so that a text's topics, asked in
 * order, walk each sentence once. Start from ELIG_DOUBT_MEMO_INIT, one
 * per decision.
 */
struct elig_doubt_memo {
	size_t sent; /* SIZE_MAX: none yet */
	int sent_doubt;
	size_t paren_sent, paren_next, paren_depth; /* brackets open before token paren_next */
	size_t seg;                                 /* SIZE_MAX: none yet */
	int seg_aside;
};
#define ELIG_DOUBT_MEMO_INIT                             \
	{                                                \
		SIZE_MAX, 0, SIZE_MAX, 0, 0, SIZE_MAX, 0 \
	}

/*
 * elig_doubt.c: a refusal of the phrase [h->start, h->end) is in doubt:
 * its sentence asks, quotes, names a year or brackets it, the next
 * sentence names a year, the phrase is an aside between commas, or a
 * neighbouring sentence negates or offers (a "without" there does not
 * count). Returns 1 when the condition is to be
 * held instead of refused, else 0. Reads sc; keeps what it found in m.
 */
int elig_refusal_doubt(const struct elig_scan *sc, const struct elig_hit *h,
		       struct elig_doubt_memo *m);

/*
 * What elig_everyday_only learnt of the sentence it was last asked about,
 * per rule (1..ELIG_EVERYDAY_RULES): whether an event can say what a topic
 * of the rule is about, and the smallest end and largest start of such
 * events. Start from ELIG_EVERYDAY_MEMO_INIT, one per decision.
 */
#define ELIG_EVERYDAY_RULES 5
struct elig_everyday_memo {
	size_t sent; /* SIZE_MAX: none yet */
	unsigned char known[ELIG_EVERYDAY_RULES + 1], any[ELIG_EVERYDAY_RULES + 1];
	size_t min_end[ELIG_EVERYDAY_RULES + 1], max_start[ELIG_EVERYDAY_RULES + 1];
};
#define ELIG_EVERYDAY_MEMO_INIT                \
	{                                      \
		SIZE_MAX, { 0 }, { 0 }, { 0 }, \
		{                              \
			0                      \
		}                              \
	}

/*
 * elig_everyday.c: topic or strict topic t has an own word that is an own
 * word of an `everyday` event (the street, a club, a salon, "по
 * показаниям"), and its sentence names its subject in no other word: no
 * `trade` event (for D4) and no other topic, strict or soft topic of t's
 * rule has an own word that is neither everyday nor one of t's. Returns 1
 * when a refusal of t is to be held instead, else 0. Reads sc's events;
 * keeps what it learnt of t's sentence in m.
 */
int elig_everyday_only(const struct elig_scan *sc, const struct elig_event *t,
		       struct elig_everyday_memo *m);

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

/* ---- the scanner and the checks of elig_match.c's steps ---- */

/*
 * elig_scan.c: drop from sc->ev every topic and trade event that has a word of
 * its own among the own words of a "sense" event (a fixed phrase giving the
 * word another sense: "по медицинским показаниям", "game consoles"), keeping
 * the others in token order. Returns 0, or -1 when out of memory.
 */
int elig_drop_senses(struct elig_scan *sc);

/*
 * elig_scan.c: number the sentences, clauses (split at sentence ends and break
 * phrases) and comma segments of sc->text, per token (sc->sent, sc->clause,
 * sc->seg: one calloc'd block at sc->clause that elig_run_lang frees) and per
 * event. Returns 0, or -1 when out of memory.
 */
int elig_scan_clauses(struct elig_scan *sc);

/*
 * elig_scan.c: append to sc->ev (grown in sc->ev_buf, which elig_run_lang
 * frees) every pattern of list sc->lang that matches at some token of
 * sc->text, in token order and, at one token, in the list's order; only the
 * patterns the first-term index names are tried. The keys must be filled
 * (elig_scan_keys). Returns 0, or -1 when out of memory or the buffer's cap is
 * reached.
 */
int elig_scan_events(struct elig_scan *sc);

/*
 * elig_scan.c: list the events of each group of kinds (enum elig_group) in
 * event order (sc->group, sc->ngroup in the calloc'd sc->group_buf), and per
 * token the smallest end of a topic event starting there or later
 * (sc->topic_end, sc->hard_end: one calloc'd block at sc->topic_end);
 * elig_run_lang frees both. The clauses must be numbered. Returns 0, or -1
 * when out of memory.
 */
int elig_scan_index(struct elig_scan *sc);

/*
 * elig_scan.c: fill sc->key, sc->klen, sc->key2 and sc->k2len for every token
 * of sc->text with list sc->lang: its stem keys when the list has a Snowball
 * stemmer (elig_stem_key, of the case-folded and of the folded word), else its
 * folded form. The arrays (calloc'd) and sc->kbuf (the stems they point into)
 * belong to sc: elig_run_lang frees them. Returns 0, or -1 when out of memory
 * or the stemmer cannot be made.
 */
int elig_scan_keys(struct elig_scan *sc);

/*
 * elig_neg.c: a negation governs cue c: one before it (a "without" only right
 * against it) or inside it, or a clause-final `negend` negates it (verb-second
 * order, elig_neg_final). Returns 1 or 0; reads sc only.
 */
int elig_cue_event_negated(const struct elig_scan *sc, const struct elig_event *c);

/*
 * elig_neg.c: Is cue c negated for topic t? After the topic ("police report
 * not required") a negation within reach counts. Before the topic, only one
 * close to the cue does ("nicht nur", "не е нужно", "no es necesario"): in
 * "keine Wartezeit und Hilfe nur nach Anzeige" the negation belongs to another
 * phrase. A "without" there negates the cue only right against it ("without
 * having to file a report"); with a word between, the word is its noun:
 * "without papers we have to inform the immigration office", "fără acte
 * trebuie să sunăm la Imigrări". Returns 1 or 0; reads sc only.
 */
int elig_cue_negated(const struct elig_scan *sc, const struct elig_event *c,
		     const struct elig_event *t);

/*
 * elig_neg.c: the index in sc->ev of the first event that starts at or after
 * token i, or sc->nev (events are in token order: a binary search). Reads sc
 * only.
 */
size_t elig_event_from(const struct elig_scan *sc, size_t i);

/*
 * elig_neg.c: the first event of group g that starts at or after token i,
 * or sc->ngroup[g] (binary search: groups are in event order).
 */
size_t elig_group_from(const struct elig_scan *sc, enum elig_group g, size_t i);

/* elig_answer.c: the first token of sentence z, or ntoks when there is none (binary search). */
size_t elig_sentence_first(const struct elig_scan *sc, size_t z);

/*
 * elig_neg.c: 1 when an event of kind `kind` starts at a token in [from, to),
 * else 0 (elig_event_from's binary search, then only the events in the
 * range). Reads sc only.
 */
int elig_kind_starts_in(const struct elig_scan *sc, int kind, size_t from, size_t to);

/*
 * elig_neg.c: the index in sc->ev of the first event of sentence z or a
 * later one, or sc->nev (a binary search: events are in token order, so
 * in sentence order too). Reads sc only.
 */
size_t elig_event_of_sentence(const struct elig_scan *sc, size_t z);

/*
 * elig_neg.c: a negation or "without" governs event e: one ends at most
 * `reach` words before it in its comma segment (elig_neg_before), stands
 * among its words (elig_neg_inside), or a `negend` phrase closing its
 * segment negates the verb it ends with or is fronted before
 * (elig_neg_final). Returns 1 or 0. Reads sc only.
 */
int elig_event_negated(const struct elig_scan *sc, const struct elig_event *e);

/*
 * elig_neg.c: negation n is exactly a "without" phrase ("без", "bez"), not a
 * longer negation that starts with one ("bez względu na": regardless of).
 * Returns 1 or 0; reads sc only.
 */
int elig_is_without(const struct elig_scan *sc, const struct elig_event *n);

/*
 * elig_neg.c: event e stands after a colon in its clause: an item of a list
 * ("House rules: no on-call work, the phone for clients is handed in").
 * Returns 1 or 0; reads sc only.
 */
int elig_list_item(const struct elig_scan *sc, const struct elig_event *e);

/*
 * elig_neg.c: topic t is the second verb of a negated predicate: a
 * coordinating word ("or", "oder", "and") ends right where t starts, and a
 * negation (not a "without", not an answer of its own) stands before it in t's
 * clause and comma segment, within `window` words: "Nobody here asks about
 * your visa or checks your residence status", "We never call the police or
 * report anyone to immigration", "Hier fragt niemand nach Ihrem Visum oder
 * prüft Ihren Aufenthaltsstatus". The negation is the whole predicate's.
 * Returns 1 or 0; reads sc only.
 */
int elig_neg_carried(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_neg.c: a negation earlier in t's clause, within twice `window` words
 * ("we never share your data with immigration authorities", "not run by the
 * police, immigration authorities or ..."), or an offer anywhere in the
 * clause: not enough to cancel a condition cue, but the clause is not a
 * condition either. A "without" clears only the topic it governs, within
 * `reach` words after it with no other topic between: in "data of people
 * without a visa are passed to the Border Guard" it belongs to the people, not
 * to the passing on (a negation that is also a "without" counts as a
 * "without", except before a topic that itself starts with one: "sans papiers
 * et sans plainte"). In a list after a colon, a negation is one item's: it
 * does not reach a strict phrase or a topic of three words or more in a later
 * item ("House rules: no on-call work, the phone for clients is handed in"),
 * though it still covers the bare names of a list it heads ("no police, no
 * immigration checks"). Returns 1 or 0; reads sc only.
 */
int elig_neg_in_segment(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_neg.c: a negation that is an answer or an exclamation on its own ("No,
 * the course is for ...", "Kein Problem: ..."): it starts a sentence and its
 * comma segment has at most two words and holds the whole negation ("Egal, ob"
 * is one phrase across the comma). It negates nothing that follows. Returns 1
 * or 0; reads sc only.
 */
int elig_neg_interjection(const struct elig_scan *sc, const struct elig_event *e);

/*
 * elig_neg.c: a negation lies inside [a, b), or a postposed one follows b
 * soon. Returns 1 or 0; reads sc only.
 */
int elig_neg_within(const struct elig_scan *sc, size_t a, size_t b, size_t after);

/*
 * elig_neg.c: a plain negation stands before event s in its comma segment, at
 * most `window` words away and with no topic between ("Sie verlieren dadurch
 * nie Ihren Platz", "nobody here will ever lose their place"): s is negated.
 * In "Chi non presenta denuncia entro un mese perde il posto" the "non" is the
 * report's. Returns 1 or 0; reads sc only.
 */
int elig_negated_any(const struct elig_scan *sc, const struct elig_event *s);

/*
 * elig_neg.c: an offer in t's comma segment, or closing t's clause after it
 * ("As long as the criminal case lasts, and afterwards too, a worker can go
 * with you to hearings if you want"). Returns 1 or 0; reads sc only.
 */
int elig_optional_near(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_neg.c: token i is one of e's own words (not a word of a ~N gap).
 * Returns 1 or 0.
 */
int elig_own_word(const struct elig_event *e, size_t i);

/*
 * elig_neg.c: the sentence of token i asks: a question mark follows one of its
 * words. Returns 1 or 0; reads sc only.
 */
int elig_sentence_asks(const struct elig_scan *sc, size_t i);

/*
 * elig_neg.c: "without <topic>": 0 when absent, 1 when it cancels the topic, 2
 * when a negation before it or just after the topic makes it a condition ("no
 * help without a report", "без заявления не помогаем"), 3 when a negation
 * further on in the clause may (held: "ohne Anzeige ist eine Aufnahme leider
 * nicht möglich"); with 2 and 3 *from is where the phrase starts. Only a
 * negation near the without or the topic is asked whether it is a without
 * itself (a walk over the withouts): asking every one made a text of many "без
 * ... не" cubic. Writes *from only with 2 and 3; reads sc only.
 */
int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from);

/*
 * elig_negcond.c: negation n, before "without <topic t>" or after it,
 * denies a `reject` word instead of making a condition: the two overlap or
 * the word follows n within two words ("We never turn away women without
 * papers", "Frauen ohne Papiere weisen wir nicht ab", "Sin papeles no te
 * dejamos sola"), or, n before the without, the word follows t within three
 * words of its clause ("Nobody without a residence permit is turned
 * away"): a double negative that helps. Returns 1 or 0; reads sc only.
 */
int elig_without_denied(const struct elig_scan *sc, const struct elig_event *n,
			const struct elig_event *t);

/*
 * elig_negcond.c: a coordinating conjunction that is no negation itself
 * starts at or after the end of negation n and ends right where "without"
 * w starts, and n ends right before it or negates a topic before it: n
 * belongs to the clause before ("Een aangifte vragen we niet en zonder
 * papieren nemen we je ook op"; not "egal ob mit oder ohne Anzeige").
 * Returns 1 or 0; reads sc only.
 */
int elig_and_opens_without(const struct elig_scan *sc, const struct elig_event *n,
			   const struct elig_event *w);

/*
 * elig_neg.c: a "without" phrase starts at token pos (it is no plain negation
 * then). Returns 1 or 0; reads sc only.
 */
int elig_without_at(const struct elig_scan *sc, size_t pos);

/*
 * elig_neg.c: a "without" inside topic t governs another topic that starts
 * inside t and ends with it or after it, and cancels it: "We help without a
 * police report" is no "help ... police" (D3), the without's object is the
 * report; "pode ser feito sem queixa" is no "feito ... queixa". (In
 * "Informatie over mensen zonder rechtmatig verblijf wordt doorgestuurd naar
 * de vreemdelingenpolitie" the without's topic ends inside the passing on: it
 * is the people's.) A without that is one of t's own words (not a word of a
 * gap) is the phrase's and cancels nothing: "Люди без документов передаются в
 * полицию" is a D5 phrase naming the people. Returns 1 or 0; reads sc only.
 */
int elig_without_inside(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: topic t is cleared: elig_cleared_by with its clear phrases and
 * frames. Returns 1 or 0. Reads sc only.
 */
int elig_cleared(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: a frame that clears topic t: a negation or offer around it
 * (always), or, when frames is set, a "clear" phrase (naming the group a
 * service is for, what it helps with, "whether or not", "regardless of") in
 * the same clause, ending at most `window` words before the topic or starting
 * within `reach` words after it. A clear phrase before a topic (not a soft
 * one) does not reach it over a cue that governs it: in "Help with rent is
 * available to those holding a crime reference number" the help is with the
 * rent, and "available to" governs the number. Nor does one before a topic
 * reach it over a word of the service starting (elig_begun_between), or clear
 * the topic that is the group it names (elig_group_is_topic). No clear phrase
 * before a topic reaches it over a "where" (elig_where_between). Returns 1 or
 * 0; reads sc only.
 */
int elig_cleared_by(const struct elig_scan *sc, const struct elig_event *t, int frames);

/*
 * elig_clear.c: a double negative in a sentence that also softens, offers or
 * clears ("Das Angebot richtet sich nur an Frauen, egal ob mit oder ohne
 * Anzeige": "egal ob" is a negation, but the sentence says either is fine):
 * held, not refused. Returns 1 or 0; reads sc only.
 */
int elig_double_framed(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: a negated cue heads the list t stands in: "What we don't ask
 * for: a police report, an NRM referral, ... or a promise to stop working",
 * "Was wir nicht verlangen: eine Anzeige, ..."), or a negation in the segment
 * a colon ends. Every item of the list after it is cleared, however far, also
 * across semicolons after the colon (elig_in_list_of) unless a cue stands in
 * t's own part ("What we do not ask for: a passport; a police report is
 * required"). Returns 1 or 0; reads sc only.
 */
int elig_list_negated(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: "Or not" c follows topic t in its sentence and ends its comma
 * segment (at most one word after it): either is fine ("Che tu sia stata
 * identificata come vittima di tratta oppure no", "Tanto si te han
 * identificado como víctima como si no"). One with more words after it is
 * another alternative of the condition: "Kurs dla kobiet, które odeszły z
 * prostytucji lub nie pracują od roku". Returns 1 or 0; reads sc only.
 */
int elig_or_not_after(const struct elig_scan *sc, const struct elig_event *c,
		      const struct elig_event *t);

/*
 * elig_clear.c: a frame stands in t's sentence beside the phrase from its cue
 * (NULL for a strict phrase) to t: a negation, a "without", an offer or a
 * softening word (a hypothetical, an explanation, an appointment) anywhere in
 * the sentence other than the phrase's own words (elig_frame_inside), or a
 * clearing frame before the phrase ("for women who want to ...", but not the
 * "help you with" of "You must file a police report before we can help you
 * with anything"). A condition in such a sentence is held, not refused:
 * refusals are kept for the unambiguous, and a person decides the rest.
 * Returns 1 or 0; reads sc only.
 */
int elig_sentence_framed(const struct elig_scan *sc, const struct elig_event *t,
			 const struct elig_event *cue);

/*
 * elig_cue.c: cue c follows topic t and at least ELIG_CUE_AFTER_WORDS words
 * follow it in its comma segment: the cue may be about what follows rather
 * than the topic ("A police report is only one of several options", "Eine
 * Anzeige ist nur eine von mehreren Möglichkeiten", "Police reports must be
 * kept somewhere safe", "Exit programmes are only for those who ask for
 * them"). Held, not refused; "A police report is required", "Police report
 * required for admission" are still refused. Returns 1 or 0; reads sc only.
 */
int elig_cue_after(const struct elig_scan *sc, const struct elig_event *t,
		   const struct elig_event *c);

/*
 * elig_cue.c: cue c precedes topic t, which stands in a later comma segment,
 * and the cue has at least ELIG_CUE_AFTER_WORDS words of its own after it in
 * its segment: the cue governs those ("We must protect your data, including
 * from immigration enforcement", "Wij moeten je gegevens geheimhouden, ook
 * tegenover de IND", "Musimy chronić twoje dane, także przed Strażą
 * Graniczną": firewall statements), and the topic is added after the comma;
 * before a colon, ELIG_CUE_COLON_WORDS words are enough ("Nur für Frauen:
 * Fragen zu Anzeigen bei der Polizei beantwortet unsere Anwältin", "Solo para
 * mujeres: las preguntas sobre denuncias ..."). Held, not refused
 * ("Requirements for participants: abstinence, no clients" too). Returns 1 or
 * 0; reads sc only.
 */
int elig_cue_complement(const struct elig_scan *sc, const struct elig_event *t,
			const struct elig_event *c);

/*
 * elig_cue.c: token i is a word of a condition cue or soft cue ("eingestellt,
 * wenn"). Returns 1 or 0; reads sc only.
 */
int elig_cue_word(const struct elig_scan *sc, size_t i);

/*
 * elig_cue.c: a condition cue governs topic t. Returns 1 and fills h. Returns
 * 1 and fills h->start, end, gap, cs, ce and cue (h->rule is left to the
 * caller), else 0 with h untouched. Reads sc only.
 */
int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h);

/*
 * elig_cue.c: find a condition cue (of kind ELIG_CUE, or ELIG_SOFTCUE as well
 * when soft) that governs topic t. Returns 1 and fills h. Returns 1 and fills
 * h->start, end, gap, cs, ce and cue (h->rule is left to the caller), else 0
 * with h untouched. Reads sc only.
 */
int elig_find_cue_of(const struct elig_scan *sc, const struct elig_event *t, int soft,
		     struct elig_hit *h);

/*
 * elig_cue.c: a condition cue in the sentence just before or after soft topic
 * t's governs it when that sentence is short (ELIG_NEIGHBOUR_WORDS) and names
 * no topic of its own: a condition spread over two sentences ("... per le
 * persone riconosciute come persone offese nel procedimento penale. Solo su
 * appuntamento."; "Wir betreuen Frauen, die von der Polizei identifiziert
 * wurden. Das ist zwingend."). A longer sentence has an object of its own
 * ("The police station is next door. Registration is required for the German
 * course" stays accepted). Not across a semicolon, not when either sentence
 * asks, not when the cue is negated. Only held, never refused: a person
 * decides. Returns 1 or 0; reads sc only.
 */
int elig_neighbour_cue(const struct elig_scan *sc, const struct elig_event *t);

/* elig_doubt.c: token i of t is a year 1900-2099 ("Until 2022 ..."). Returns 1 or 0. */
int elig_year(const struct elig_text *t, size_t i);

/*
 * elig_cue.c: soft topic t stands in an item of a list of sentences joined by
 * semicolons whose first item opens with a heading cue before a colon
 * ("Aufnahmekriterien: Volljährigkeit; ...; keine Tätigkeit mehr in der
 * Prostitution"): the heading governs it. Only held, never refused. Returns 1
 * or 0; reads sc only.
 */
int elig_heading_cue(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_cue.c: fill sc->sent_flags, the ELIG_SENT_* flags of each sentence that
 * elig_neighbour_cue reads (one byte per sentence, calloc'd, freed by
 * elig_run_lang); the events must be indexed (elig_scan_index). Returns 0, or
 * -1 when out of memory.
 */
int elig_scan_sentences(struct elig_scan *sc);

/*
 * elig_prohibit.c: topic or soft topic t is sex work itself (a D4 activity:
 * "clients", "prostituirsi") and a prohibition governs it: a `forbid` modal at
 * most `window` words before it in its comma segment, with a negation at most
 * ELIG_FORBID_NEG words from the modal ("les résidentes ne doivent plus
 * recevoir de clients", "le ospiti non devono più prostituirsi",
 * "Bewohnerinnen dürfen keine Freier mehr empfangen", "Residents agree not to
 * see clients": a promise is a `forbid` word too), or a `ban` word there or at
 * most `reach` words after it ("Prostitution ist für Bewohnerinnen verboten");
 * a modal after its subject ("Los clientes no pueden entrar en la casa")
 * forbids the clients nothing. The negation is the modal's, not the
 * activity's, and forbidding sex work is a D4 condition: held. Only D4: "you
 * must not report" sets no condition on a report, and "you don't have to stop"
 * no prohibition (the lists name "must", not "have to"). A cue between governs
 * the activity instead: "Personne ne peut vous obliger à recevoir des
 * clients", unless it is the activity's own verb (elig_cue_governs_between). A
 * modal whose subject is the service's people forbids nothing to the person
 * (elig_staff_subject); a negated `may` word forbids only two things together
 * (elig_not_both). Returns 1 or 0; reads sc only.
 */
int elig_prohibited(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: a sanction that nothing negates ("support ends", "will be
 * asked to move on", "verliert den Platz", "la posizione viene riesaminata")
 * stands in t's sentence, or in the sentence after it when t's asks ("What if
 * I don't want to testify? It is your choice, but then support will end"): t
 * is what the help is lost for, even when t is negated ("Residents who have
 * not made a report will be asked to move on"). Held for a person, never
 * refused; a sanction that is negated ("support never ends", "no one loses
 * their place") or asked about ("Czy wsparcie się skończy, jeśli nie złożę
 * zeznań? Nie") holds nothing, and neither does one over a topic given either
 * way (elig_either_way). Returns 1 or 0; reads sc only.
 */
int elig_sanctioned(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: topic t is given either way: an "or not" follows it and
 * ends its segment, or ends at most `reach` words before it ("whether or
 * not they reported to the police"). Returns 1 or 0; reads sc only.
 */
int elig_either_way(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_exclude.c: sanction s is negated (elig_event_negated or
 * elig_negated_any), and the negation is not a topic's that ends right
 * where s starts ("Women who do not testify lose their place": the "not"
 * is the testimony's). Returns 1 or 0; reads sc only.
 */
int elig_sanction_negated(const struct elig_scan *sc, const struct elig_event *s);

/*
 * elig_exclude.c: step 7e: topic or soft topic t (not a strict phrase),
 * in a sentence that does not ask, is the condition of an exclusion in
 * its sentence: a plain negation right before an `admit` word that is not
 * t's own ("No acogemos a mujeres que no hayan presentado denuncia", "Wer
 * nicht mit der Prostitution aufhört, kann nicht bleiben") or an unnegated
 * sanction ("Osoby, które nie złożą zeznań, tracą miejsce"); t is negated,
 * or it is a D4 topic after a `who` or softening word of its segment (a
 * return: "Вы не можете оставаться у нас, если вернётесь на трассу"). Not
 * when t is given either way or an offer stands near it. In German and
 * Dutch verb-second order an `admitv2` phrase (verb, subject pronoun)
 * followed by a negation excludes too ("Wer nicht aussagt, den
 * unterstützen wir nicht", "Ohne Nachweis des Aufenthalts nehmen wir
 * niemanden auf"), and then an unnegated D4 topic standing first in the
 * verb's segment is held as well. Returns 1 to hold t, else 0; reads sc
 * only.
 */
int elig_excluded(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_exclude.c: trade word t is the person or activity a verb-second
 * exclusion keeps out ("Sexarbeiterinnen nehmen wir nicht auf", "Sekswerk in
 * de opvang staan we niet toe", "Wer weiter anschafft, den behalten wir
 * nicht"): an `admitv2` phrase negated after its subject follows t in its
 * sentence, and t stands first in the phrase's comma segment (at most
 * three words in, none a negation or "without") or in a `who` or `if`
 * clause of the sentence, and the sentence does not ask. Returns 1 to hold t (D4, never refused), else 0; reads sc only.
 */
int elig_trade_excluded(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_refer.c: step 7f: topic t (any strength) is what the next sentence's
 * condition points back to: that sentence (after a full stop, not a
 * semicolon) names no topic, offer or question of its own, and an
 * unnegated condition cue governs a `pro` word near its end (for a topic
 * that is not soft: "We don't need your police report. Housing only for those who
 * have filed it."), or a "without" stands right before a `pro` or `that`
 * word and a negation follows ("Without it, we cannot offer you a bed",
 * "Sin este documento no podremos darte más citas": for a soft topic too).
 * Returns 1 to hold t, else 0; reads sc only.
 */
int elig_referred_back(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_refer.c: fill sc->refer and sc->heading once per text, sentence by
 * sentence, for elig_referred_back and elig_under_heading. Returns 0, or
 * -1 when out of memory (the caller frees both).
 */
int elig_scan_refer(struct elig_scan *sc);

/*
 * elig_refer.c: sentence z does not ask and has a sanction that nothing
 * negates (elig_sanction_negated), found once per text by elig_scan_refer:
 * step 7a's sanctions cost a look per topic, not a walk over every
 * sanction. Returns 1 or 0.
 */
int elig_sentence_sanctioned(const struct elig_scan *sc, size_t z);

/*
 * elig_refer.c: step 7f: topic t (any strength) follows the colon of a
 * criteria heading opening its sentence ("Who can stay: women who have made
 * a statement to the police", "Admission: women who have left
 * prostitution") and nothing negates, offers, clears or gives it either way
 * ("Who can stay: women, whether or not they have been to the police"), nor
 * an `and` word at most `reach` words before it makes it an alternative
 * ("Quién puede apuntarse: cualquier persona que venda o haya vendido sexo").
 * Returns 1 to hold t, else 0; reads sc only.
 */
int elig_under_heading(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: trade word t (sex work, its places and its clients:
 * "Freier", "see clients", "ejercer") is a D4 condition to hold when a
 * prohibition governs it (elig_prohibited: "Las residentes no deben ejercer",
 * "Residents may not see clients") or a sanction follows it in its sentence
 * (elig_trade_sanctioned) or, not part of a topic, a verb-second exclusion
 * keeps it out (elig_trade_excluded), and no offer stands near it. A trade
 * word alone says nothing; never refused. Returns 1 or 0; reads sc only.
 */
int elig_trade_held(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_negcond.c: step 4a: topic t, negated in a clause with a subject of its
 * own (elig_subject_negated), is the condition of a second, plain negation
 * after it in its sentence ("Clients who have not pressed charges are not
 * eligible") that negates no topic of its own and denies no exclusion; or the
 * service's negated predicate comes before it (elig_negated_before). Returns 1
 * to hold t, else 0. Reads sc only.
 */
int elig_negated_condition(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_negcond.c: topic t, negated, is restated as a condition after a
 * `break` phrase of its sentence ("but", "aber", "maar", "pero", "ma",
 * "mais") at most 8 words after it: an unnegated condition cue at most 4
 * words after the break, not a `forbid` modal ("but we must know ..."),
 * with no topic between t and the cue and no offer after the break ("if
 * you want") within 8 words of the cue ("We do not
 * ask for a police report, but it is required for admission", "Eine Anzeige
 * verlangen wir nicht, sie ist aber Voraussetzung für die Aufnahme").
 * Returns 1 to hold t (never to refuse it), else 0. Reads sc only.
 */
int elig_but_required(const struct elig_scan *sc, const struct elig_event *t);

#endif
