/*
 * elig_int.h - the types and limits the files of the eligibility rule
 * share: the loaded lists (patterns, first-term index, evidence words), the
 * rule set, events, kinds and the scan of one text. The functions one file
 * calls in another are declared in a header named after it (elig_scan.h,
 * elig_neg.h, ...; HACKING.md lists them), except the functions of
 * elig_match.c and eligibility.c that the other side calls: they stay
 * here, since a header of their own would close an include cycle through
 * eligibility.h (whose outcomes elig_match.c returns). Not for use outside
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
	ELIG_VEILED, /* the trade by a euphemism (the previous activity, in the business): a trade word under a sanction or cue */
	ELIG_DEMAND, /* a body's verb of demanding: requires, verlangt, exige, cere (elig_party.c) */
	ELIG_PURPOSE, /* a purpose opening a sentence: for, to, pentru, für, pour, para, для (elig_party.c) */
	ELIG_ALLOW, /* a verb of allowing or tolerating: negated, the service forbids (elig_prohibit.c) */
	ELIG_LAW, /* the law as the subject of a demand: law, Gesetz, loi, закон (elig_party.c) */
	ELIG_STATUSGROUP, /* people named by a legal status: asylum seekers, refugees, Asylsuchende (elig_doubt.c) */
	ELIG_WEVERB, /* a verb in the first person plural: ayudamos, pomożemy, поможем (elig_party.c) */
	ELIG_AID, /* help or a place given: help, bed, Hilfe, aide, помощь (elig_negcond.c) */
	ELIG_CHOICE, /* a verb of choosing or deciding: choose, decide, entscheiden, aleg (elig_doubt.c) */
	ELIG_DURING, /* "during" before a topic: the topic is a time, not a demand: pendant, durante (elig_doubt.c) */
	ELIG_PLEDGE, /* committing to something at admission: confirms, signs that, verpflichtet (elig_family.c) */
	ELIG_WEAK, /* a general word (the authorities, the case, her statement): held only tied to the service */
	ELIG_TIE, /* what a person gets from the service: admission, place, room, support (elig_weak_held) */
	ELIG_MISSION, /* a verb of helping: help, helping, unterstützen, aider, ayudar, помогать (elig_doubt.c) */
	ELIG_STILL, /* still doing, continuing: still, noch, encore, todavía: with a trade word, a D4 soft topic (elig_family.c) */
	ELIG_NKINDS /* how many kinds there are, not a kind */
};

#define ELIG_KIND(k) ((uint64_t)1 << (k))

/*
 * A `limit` line (at most, no more than, höchstens, au maximum, не более:
 * elig_neg.c) is an ELIG_DURING event with this rule: the kind mask above
 * is full, and "during" and a limit are both read only near a topic.
 */
#define ELIG_RULE_LIMIT 1
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
