/*
 * elig_kind.h - the kinds of event a phrase list's lines make (enum
 * elig_kind) and sets of them (struct elig_kinds): the checks ask whether
 * an event is of one of several kinds, and elig_scan_index lists the events
 * of each group of kinds once per text.
 */
#ifndef DIRECTORYD_ELIG_KIND_H
#define DIRECTORYD_ELIG_KIND_H

#include <stdint.h>

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
	ELIG_LIMIT, /* a limit: at most, no more than, höchstens, не более: after "without" t, held; its negation denies nothing (elig_neg.c) */
	ELIG_PLEDGE, /* committing to something at admission: confirms, signs that, verpflichtet (elig_family.c) */
	ELIG_WEAK, /* a general word (the authorities, the case, her statement): held only tied to the service */
	ELIG_TIE, /* what a person gets from the service: admission, place, room, support (elig_weak_held) */
	ELIG_MISSION, /* a verb of helping: help, helping, unterstützen, aider, ayudar, помогать (elig_doubt.c) */
	ELIG_STILL, /* still doing, continuing: still, noch, encore, todavía: with a trade word, a D4 soft topic (elig_family.c) */
	ELIG_ASK, /* an imperative verb of asking opening a segment: ask for, verlange, demande, poproś (elig_party.c) */
	ELIG_NKINDS /* how many kinds there are, not a kind */
};

/*
 * A set of event kinds: kind k is bit k % 64 of w[k / 64]. Small enough to
 * pass by value; built as a constant by ELIG_KINDS, read by elig_kinds_has.
 */
struct elig_kinds {
	uint64_t w[2];
};

_Static_assert(
	ELIG_NKINDS <= 128,
	"struct elig_kinds holds 128 kinds: more need another word in w[] and ELIG_KINDS_INIT");

/* Kind k's bit in word i of a set, 0 when k is in another word: a constant expression. */
#define ELIG_KBIT(i, k) ((unsigned)(k) / 64 == (i) ? (uint64_t)1 << ((unsigned)(k) % 64) : 0)

/* Word i of the set of 1 to 8 kinds (ELIG_KW_1 ... ELIG_KW_8: one macro per count). */
#define ELIG_KW_1(i, a)      ELIG_KBIT(i, a)
#define ELIG_KW_2(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_1(i, __VA_ARGS__))
#define ELIG_KW_3(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_2(i, __VA_ARGS__))
#define ELIG_KW_4(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_3(i, __VA_ARGS__))
#define ELIG_KW_5(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_4(i, __VA_ARGS__))
#define ELIG_KW_6(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_5(i, __VA_ARGS__))
#define ELIG_KW_7(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_6(i, __VA_ARGS__))
#define ELIG_KW_8(i, a, ...) (ELIG_KBIT(i, a) | ELIG_KW_7(i, __VA_ARGS__))

/*
 * Word i of the set of the kinds given: ELIG_KW_PICK names the macro for
 * their count and ELIG_KW_CALL calls it (ELIG_KW_END only fills the list:
 * with no kind, or more than eight, the use does not compile).
 */
#define ELIG_KW_PICK(a1, a2, a3, a4, a5, a6, a7, a8, pick, ...) pick
#define ELIG_KW_CALL(macro, ...)                                macro(__VA_ARGS__)
#define ELIG_KW(i, ...)                                                                     \
	ELIG_KW_CALL(ELIG_KW_PICK(__VA_ARGS__, ELIG_KW_8, ELIG_KW_7, ELIG_KW_6, ELIG_KW_5,  \
				  ELIG_KW_4, ELIG_KW_3, ELIG_KW_2, ELIG_KW_1, ELIG_KW_END), \
		     i, __VA_ARGS__)

/*
 * The set of the kinds named (1 to 8 of them): ELIG_KINDS_INIT for a static
 * initializer, ELIG_KINDS for an expression
 * (ELIG_KINDS(ELIG_WE, ELIG_AID, ELIG_ADMIT)).
 */
#define ELIG_KINDS_INIT(...)                                              \
	{                                                                 \
		.w = { ELIG_KW(0, __VA_ARGS__), ELIG_KW(1, __VA_ARGS__) } \
	}
#define ELIG_KINDS(...) ((struct elig_kinds)ELIG_KINDS_INIT(__VA_ARGS__))

/* Whether kind k (0 <= k < ELIG_NKINDS) is in set s. */
static inline int elig_kinds_has(struct elig_kinds s, int k)
{
	return (int)(s.w[(unsigned)k / 64] >> ((unsigned)k % 64) & 1);
}

#endif
