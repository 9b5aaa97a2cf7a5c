/*
 * elig_neg.h - whether a negation or "without" governs an event, and a
 * negated topic with a second negation: the functions of elig_neg.c and
 * elig_negcond.c that other files of the eligibility rule call (these files
 * call each other, so they share one header). Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_NEG_H
#define DIRECTORYD_ELIG_NEG_H

#include "elig_int.h"

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

/*
 * elig_neg.c: event e stands first in its comma segment (verb-second order
 * fronts it): it starts at most `most` words into the segment and none of
 * those words starts a negation or a "without" ("Eine Anzeige verlangen wir
 * nicht", "Sexarbeiterinnen nehmen wir nicht auf"; not "Ohne Anzeige ...").
 * Returns 1 or 0; reads sc only.
 */
int elig_front_free(const struct elig_scan *sc, const struct elig_event *e, size_t most);

/*
 * elig_neg.c: 1 when an event of one of the kinds in `kinds` starts at a
 * token in [from, to), else 0 (elig_event_from's binary search, then only
 * the events in the range). Reads sc only.
 */
int elig_kinds_start_in(const struct elig_scan *sc, struct elig_kinds kinds, size_t from,
			size_t to);

/* elig_kinds_start_in for the one kind `kind`. */
static inline int elig_kind_starts_in(const struct elig_scan *sc, int kind, size_t from, size_t to)
{
	return elig_kinds_start_in(sc, ELIG_KINDS(kind), from, to);
}

/* A topic, strict topic or soft topic (D1-D5 of any strength) starts in [from, to). */
static inline int elig_topic_starts_in(const struct elig_scan *sc, size_t from, size_t to)
{
	return elig_kinds_start_in(sc, ELIG_KINDS(ELIG_TOPIC, ELIG_STRICT, ELIG_SOFT), from, to);
}

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
 * is one phrase across the comma), or it is a whole comma segment within the
 * sentence's first three words with no topic before it ("К сожалению, нет:
 * ..."). It negates nothing that follows. Returns 1 or 0; reads sc only.
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
 * nicht möglich") or an unnegated `reject` word follows the topic there; with
 * 2 and 3 *from is where the phrase starts. Only the withouts and negations
 * near the topic are walked (binary searches), and only a near negation is
 * asked whether it is a without itself: asking every one made a text of many
 * "без ... не" cubic. Writes *from only with 2 and 3; reads sc only.
 */
int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from);

/*
 * Whether the "without" that governs t (as elig_without finds it) is
 * followed in t's clause by a `limit` phrase ("at most", "не более") with no
 * plain negation of the clause outside it: those without t get at most so
 * much, a condition to hold (elig-b9). Reads sc only.
 */
int elig_without_limited(const struct elig_scan *sc, const struct elig_event *t);

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
 * elig_negcond.c: topic t is the first half of "no X, no help": a negation or
 * "without" opens t's sentence and comma segment at most `reach` words before
 * t, and a negation opening a later segment of the sentence, at most eight
 * words after t, denies help or a place (an `aid` word right after it): "No
 * complaint to the police, no help", "Keine Anzeige bei der Polizei, kein
 * Platz", "Pas de plainte à la police, pas de place", "Нет заявления в
 * полицию — нет места". Not "No police report, no ID, no problem" (no `aid`
 * word), not "No police report is needed for a place" (one negation), not a
 * question. Returns 1 to hold t, else 0. Reads sc only.
 */
int elig_no_topic_no_aid(const struct elig_scan *sc, const struct elig_event *t);

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
