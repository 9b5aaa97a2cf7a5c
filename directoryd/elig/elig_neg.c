/*
 * elig_neg.c - whether a negation or "without" governs an event: before
 * it, inside it, in its comma segment, carried over "or"/"and", by negative
 * concord, or closing its clause (verb-second order); whether a sentence
 * asks. Reads a scanned text only.
 */
#include "elig_int.h"
#include "elig_neg.h"
#include "elig_search.h"

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
 * on), or a soft topic fills [a, b) and a strict phrase starts at b ("osób
 * bez paszportu przekazujemy Straży Granicznej"; not "ohne polizeiliche
 * Anzeige", one noun phrase), or ELIG_WITHOUT_NOUN words or more stand
 * before a strict phrase (a passing on, a check): "Le persone senza
 * documenti vengono segnalate all'Ufficio Immigrazione", "As pessoas sem
 * documentos são comunicadas ao SEF" (not "without being reported to").
 */
#define ELIG_WITHOUT_NOUN 2

static int elig_without_elsewhere(const struct elig_scan *sc, size_t a, size_t b)
{
	int strict = 0, soft = 0;

	if (elig_topic_between(sc, a, b) || (a <= sc->text->ntoks && sc->hard_end[a] <= b))
		return 1;
	/* only the events starting at b (then at a): a binary search, not a walk of the text */
	for (size_t j = elig_group_from(sc, ELIG_G_TOPICS, b);
	     j < sc->ngroup[ELIG_G_TOPICS] && sc->group[ELIG_G_TOPICS][j]->start == b && !strict;
	     j++)
		strict = sc->group[ELIG_G_TOPICS][j]->kind == ELIG_STRICT;
	if (!strict)
		return 0;
	if (b >= a + ELIG_WITHOUT_NOUN)
		return 1;
	for (size_t k = elig_group_from(sc, ELIG_G_SOFT, a);
	     k < sc->ngroup[ELIG_G_SOFT] && sc->group[ELIG_G_SOFT][k]->start == a && !soft; k++)
		soft = sc->group[ELIG_G_SOFT][k]->end == b;
	return soft;
}

/*
 * Keys for elig_first_at_least (elig_search.h): an event's first token, its
 * sentence, and the first token of an event in a group (an array of pointers).
 */
static size_t elig_event_start(const void *ev, size_t k)
{
	return ((const struct elig_event *)ev)[k].start;
}

static size_t elig_event_sent(const void *ev, size_t k)
{
	return ((const struct elig_event *)ev)[k].sent;
}

static size_t elig_grouped_start(const void *group, size_t k)
{
	return ((const struct elig_event *const *)group)[k]->start;
}

size_t elig_event_from(const struct elig_scan *sc, size_t i)
{
	return elig_first_at_least(sc->ev, sc->nev, i, elig_event_start);
}

size_t elig_event_of_sentence(const struct elig_scan *sc, size_t z)
{
	return elig_first_at_least(sc->ev, sc->nev, z, elig_event_sent);
}

int elig_kinds_start_in(const struct elig_scan *sc, struct elig_kinds kinds, size_t from, size_t to)
{
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < to; k++)
		if (elig_kinds_has(kinds, sc->ev[k].kind))
			return 1;
	return 0;
}

/*
 * The first event of group g that starts at or after token i, or
 * sc->ngroup[g] (a group is in event order, so in order of start): the
 * negation checks walk only the events near a word, so a text of many
 * negations stays about linear to check.
 */
size_t elig_group_from(const struct elig_scan *sc, enum elig_group g, size_t i)
{
	return elig_first_at_least(sc->group[g], sc->ngroup[g], i, elig_grouped_start);
}

/*
 * A negation (or "without") ends at most `reach` words before pos. A
 * negation that is exactly a "without" ("senza", "без") is read as one.
 * Before a cue (cue set) a "without" counts only right against it
 * ("without having to"): with a word between, that word is its noun, as in
 * "Помогаем без очереди только тем, у кого есть заявление в полицию" or
 * "Help is given without delay only to those with a police report".
 * No negation reaches over a cue of exception: in "U cannot stay unless u
 * report to the police" the report is the exception, not negated.
 */
static int elig_neg_before(const struct elig_scan *sc, size_t pos, int cue)
{
	size_t near = (size_t)sc->lang->reach + ELIG_MAX_SPAN;

	for (size_t k = elig_group_from(sc, ELIG_G_NEGW, pos > near ? pos - near : 0);
	     k < sc->ngroup[ELIG_G_NEGW] && sc->group[ELIG_G_NEGW][k]->start < pos; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGW][k];
		int without = e->kind == ELIG_WITHOUT || elig_is_without(sc, e);
		if ((e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT) && e->end <= pos &&
		    pos - e->end <= (size_t)sc->lang->reach && e->seg == sc->seg[pos] &&
		    !(cue && without && e->end < pos) &&
		    !(without ? elig_without_elsewhere(sc, e->end, pos)
			      : elig_topic_between(sc, e->end, pos)) &&
		    !elig_kind_starts_in(sc, ELIG_UNLESS, e->end, pos))
			return 1;
	}
	return 0;
}

/* A negation lies inside [a, b), or a postposed one follows b soon. */
int elig_neg_within(const struct elig_scan *sc, size_t a, size_t b, size_t after)
{
	size_t from = after > 0 && after < a ? after : a,
	       to = after > 0 && after + (size_t)sc->lang->reach > b
			    ? after + (size_t)sc->lang->reach
			    : b;

	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, from);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->start <= to; k++) {
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
int elig_without_at(const struct elig_scan *sc, size_t pos)
{
	size_t k = elig_group_from(sc, ELIG_G_WITHOUT, pos);

	return k < sc->ngroup[ELIG_G_WITHOUT] && sc->group[ELIG_G_WITHOUT][k]->start == pos;
}

/*
 * Negation n is exactly a "without" phrase ("без", "bez"), not a longer
 * negation that starts with one ("bez względu na": regardless of).
 */
int elig_is_without(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = elig_group_from(sc, ELIG_G_WITHOUT, n->start);
	     k < sc->ngroup[ELIG_G_WITHOUT] && sc->group[ELIG_G_WITHOUT][k]->start == n->start; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->end == n->end)
			return 1;
	return 0;
}

/* Words at most between two negations that are one (negative concord). */
#define ELIG_CONCORD_GAP 1

/*
 * Negation n stands beside a negation of event e's own words, at most
 * ELIG_CONCORD_GAP words away in its comma segment: the two are one
 * negation (negative concord), as in "без заявления мы ничего не можем
 * сделать", "bez zgłoszenia nic nie możemy zrobić", "без заявления никому
 * не помогаем", where the pattern names "ничего" or "не" and the other
 * word only repeats the negation.
 */
static int elig_neg_concord(const struct elig_scan *sc, const struct elig_event *e,
			    const struct elig_event *n)
{
	size_t near = ELIG_MAX_SPAN +
		      ELIG_CONCORD_GAP; /* a negation ending just before n starts so near */

	for (size_t k = elig_group_from(sc, ELIG_G_NEG, n->start > near ? n->start - near : 0);
	     k < sc->ngroup[ELIG_G_NEG] &&
	     sc->group[ELIG_G_NEG][k]->start <= n->end + ELIG_CONCORD_GAP;
	     k++) {
		const struct elig_event *m = sc->group[ELIG_G_NEG][k];
		int own = m != n && m->kind == ELIG_NEG && m->seg == n->seg &&
			  !elig_is_without(sc, m) &&
			  ((m->end <= n->start && n->start - m->end <= ELIG_CONCORD_GAP) ||
			   (n->end <= m->start && m->start - n->end <= ELIG_CONCORD_GAP));
		for (size_t i = m->start; i < m->end && own; i++)
			own = elig_own_word(e, i);
		if (own)
			return 1;
	}
	return 0;
}

/*
 * A negation inside event e that is not one of e's own words: "data is
 * never passed to ..." (a gap of the pattern), not the "не" of "більше не
 * працюють" or the "niet langer" of "niet langer meewerkt", which the
 * pattern names, and not a "without", which belongs to the noun after it
 * (a sentence with one is held, not refused: elig_sentence_framed). A
 * negation beside one of e's own is one with it (elig_neg_concord).
 */
static int elig_neg_inside(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, e->start + 1);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->start < e->end; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEGANY][k];
		int own = 1;
		if ((n->kind != ELIG_NEG && n->kind != ELIG_NEGPOST) || n->start < e->start + 1 ||
		    n->end > e->end || (n->kind == ELIG_NEG && elig_is_without(sc, n)))
			continue; /* a "without" in the gap is its noun's: "о людях без документов мы передаём" */
		for (size_t i = n->start; i < n->end && own; i++)
			own = i - e->start < 64 && (e->terms >> (i - e->start) & 1);
		if (!own && !(n->kind == ELIG_NEG && elig_neg_concord(sc, e, n)))
			return 1;
	}
	return elig_neg_within(sc, e->end, e->end, e->end);
}

/* Most words before an event in its comma segment for it to stand first
 * (fronted); most words before a phrase ending with the verb a clause-final
 * negation negates (further, the segment is not searched for a negation). */
#define ELIG_FRONT_WORDS 3
#define ELIG_VERB_WORDS  16

/*
 * Event e starts at most `most` words after the start of its comma
 * segment ("Eine", "Aber eine"), and none of them is a negation or a
 * "without" ("Ohne Anzeige ...": a second negation makes a condition).
 * Verb-second order fronts what a clause-final negation negates: a
 * `negend` here (elig_neg_final), an `admitv2` in elig_exclude.c.
 */
int elig_front_free(const struct elig_scan *sc, const struct elig_event *e, size_t most)
{
	size_t from = e->start;

	while (from > 0 && sc->seg[from - 1] == e->seg && e->start - from <= most)
		from--;
	return e->start - from <= most &&
	       !elig_kinds_start_in(sc, ELIG_KINDS(ELIG_NEG, ELIG_WITHOUT), from, e->start);
}

/*
 * A coordinating conjunction that is no negation ("und", "en", not "noch")
 * starts at token i: a clause of its own follows ("Een aangifte vragen we
 * niet en zonder papieren nemen we je ook op").
 */
static int elig_and_follows(const struct elig_scan *sc, size_t i)
{
	return elig_kind_starts_in(sc, ELIG_AND, i, i + 1) &&
	       !elig_kind_starts_in(sc, ELIG_NEG, i, i + 1);
}

/*
 * A `negend` event (a verb of asking or needing, a subject pronoun and a
 * negation, "verlangen wir nicht", "vragen wij niet") closes e's comma
 * segment: in German and Dutch verb-second order the negation at the end of
 * the clause negates its verb, and with it the object fronted before it.
 * e is that verb's own phrase (it ends with the verb: "Anzeige verlangen",
 * the cue "verlangen") or stands first in the segment and ends at most
 * `reach` words before the verb ("Eine Aussage vor Gericht erwarten wir
 * nicht.", "Een aangifte vragen wij niet."); neither after a negation or a
 * "without" ("Ohne Anzeige ..."). A negation that does not close its
 * segment ("Eine Anzeige verlangen wir nicht nur von ...") or another
 * segment's ("Eine Anzeige ist Pflicht, sonst geht es nicht.") is not read;
 * one before "und"/"en" (elig_and_follows) closes its clause.
 */
static int elig_neg_final(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t reach = (size_t)sc->lang->reach, ntoks = sc->text->ntoks;

	for (size_t k = elig_event_from(sc, e->end > 0 ? e->end - 1 : 0);
	     k < sc->nev && sc->ev[k].start <= e->end + reach; k++) {
		const struct elig_event *n = &sc->ev[k];
		if (n->kind != ELIG_NEGEND || n->seg != e->seg ||
		    (n->end < ntoks && sc->seg[n->end] == n->seg && !elig_and_follows(sc, n->end)))
			continue; /* not one, or not closing e's segment or clause */
		if (e->end == n->start + 1 && elig_front_free(sc, e, ELIG_VERB_WORDS))
			return 1; /* e ends with the verb */
		if (e->end <= n->start && n->start - e->end <= reach &&
		    elig_front_free(sc, e, ELIG_FRONT_WORDS))
			return 1; /* e is the fronted object */
	}
	return 0;
}

int elig_event_negated(const struct elig_scan *sc, const struct elig_event *e)
{
	return elig_neg_before(sc, e->start, 0) || elig_neg_inside(sc, e) || elig_neg_final(sc, e);
}

/*
 * Cue c is one of exception (an `unless` phrase starts where it starts:
 * "unless", "es sei denn", "à moins que", "tenzij"): a negation before it
 * does not negate it but makes the double negative of a condition ("We
 * won't help you unless you go to the police", "U cant stay unless u
 * report to the police").
 */
static int elig_unless_cue(const struct elig_scan *sc, const struct elig_event *c)
{
	return elig_kind_starts_in(sc, ELIG_UNLESS, c->start, c->start + 1);
}

/* A negation governs cue c: one before it (a "without" only right against it) or inside it. */
int elig_cue_event_negated(const struct elig_scan *sc, const struct elig_event *c)
{
	return (!elig_unless_cue(sc, c) && elig_neg_before(sc, c->start, 1)) ||
	       elig_neg_inside(sc, c) || elig_neg_final(sc, c);
}

/* Words a negation may stand before a cue that precedes its topic. */
#define ELIG_LEADING_CUE_REACH 2

/*
 * Is cue c negated for topic t? After the topic ("police report not
 * required") a negation within reach counts. Before the topic, only one
 * close to the cue does ("nicht nur", "не е нужно", "no es necesario"): in
 * "keine Wartezeit und Hilfe nur nach Anzeige" the negation belongs to
 * another phrase. A "without" there negates the cue only right against it
 * ("without having to file a report"); with a word between, the word is
 * its noun: "without papers we have to inform the immigration office",
 * "fără acte trebuie să sunăm la Imigrări".
 */
int elig_cue_negated(const struct elig_scan *sc, const struct elig_event *c,
		     const struct elig_event *t)
{
	size_t near = ELIG_LEADING_CUE_REACH +
		      ELIG_MAX_SPAN; /* a negation ending so near starts so near */

	if (c->start >= t->end)
		return elig_cue_event_negated(sc, c);
	if (elig_unless_cue(sc, c))
		return elig_neg_within(sc, c->start + 1, c->end, c->end);
	for (size_t k = elig_group_from(sc, ELIG_G_NEG, c->start > near ? c->start - near : 0);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start < c->start; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->end <= c->start && e->seg == c->seg &&
		    c->start - e->end <= ELIG_LEADING_CUE_REACH &&
		    (e->end == c->start || !elig_is_without(sc, e)))
			return 1;
	}
	return elig_neg_within(sc, c->start + 1, c->end, c->end);
}

/* Words at most between an "if you agree" offer and the topic agreed to. */
#define ELIG_AGREED_GAP 1
/* Words at most between the "if" and the offer it opens ("if | you choose"). */
#define ELIG_OFFER_IF_GAP 1

/*
 * Offer o is no offer for topic t but its condition: t is what the
 * person agrees to or chooses, at most ELIG_AGREED_GAP words after o, and
 * either an "if" (a `soften` word) opens o and a permission (`may`) or
 * admission (`admit`) word stands before o in its comma segment ("You can
 * stay if you agree to testify against the traffickers"), or o chooses (a
 * `choice` word), an "if" opens it or stands at most ELIG_OFFER_IF_GAP
 * words before it, and a condition cue stands before it in its comma
 * segment ("Admission is only possible if you choose to cooperate with the
 * police", "Une place seulement si vous choisissez de porter plainte":
 * accepted before review13). The refusal of a choice is then held (step
 * 5a, elig_choice_in); "Vous pouvez être accompagnée si vous choisissez de
 * porter plainte" stays an offer.
 */
static int elig_offer_is_condition(const struct elig_scan *sc, const struct elig_event *o,
				   const struct elig_event *t)
{
	size_t from = o->start > ELIG_OFFER_IF_GAP ? o->start - ELIG_OFFER_IF_GAP : 0;
	int permit = 0, cond = 0, near = 0, cue = 0, choice = 0;

	if (o->end > t->start || t->start - o->end > ELIG_AGREED_GAP)
		return 0;
	for (size_t k = 0; k < sc->nev && sc->ev[k].start < o->end; k++) {
		const struct elig_event *e = &sc->ev[k];
		/* "if": not "accompany" */
		cond |= e->kind == ELIG_SOFTEN && e->start == o->start;
		near |= e->kind == ELIG_SOFTEN && e->start >= from && e->start <= o->start;
		choice |= e->kind == ELIG_CHOICE && e->start >= o->start;
		cue |= e->kind == ELIG_CUE && e->seg == o->seg && e->end <= o->start;
		if (e->kind != ELIG_MAY && e->kind != ELIG_ADMIT)
			continue;
		if (e->start >= o->start)
			return 0; /* the offer's own words: "possiamo accompagnarti alle udienze" */
		permit |= e->seg == o->seg && e->end <= o->start;
	}
	return (cond && permit) || (near && cue && choice);
}

/*
 * An offer in t's comma segment, or closing t's clause after it ("As long
 * as the criminal case lasts, and afterwards too, a worker can go with you
 * to hearings if you want").
 */
int elig_optional_near(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_OPTIONAL]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_OPTIONAL][k];
		if (o->kind == ELIG_OPTIONAL && o->clause == t->clause &&
		    (o->seg == t->seg || o->start >= t->end) && !elig_offer_is_condition(sc, o, t))
			return 1;
	}
	return 0;
}

/*
 * A test elig_plain_neg_in puts to each plain negation n it meets: 1 to
 * pass over n as no denial (elig_neg_in_limit: the "no" of "no more than").
 */
typedef int (*elig_neg_skip)(const struct elig_scan *sc, const struct elig_event *n);

/*
 * A plain negation (not a "without", nor one skip passes over when skip is
 * not NULL) of clause c starts in tokens [from, to) ("Niemand ohne
 * Aufenthaltstitel wird abgewiesen").
 */
static int elig_plain_neg_in(const struct elig_scan *sc, size_t c, size_t from, size_t to,
			     elig_neg_skip skip)
{
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < to; k++) {
		const struct elig_event *n = &sc->ev[k];
		if (n->kind == ELIG_NEG && n->clause == c && !elig_is_without(sc, n) &&
		    (skip == NULL || !skip(sc, n)))
			return 1;
	}
	return 0;
}

/*
 * An event of kind `kind` follows "without" w's topic t in its clause
 * within the language's window, and no plain negation of the clause (but
 * those skip passes over, skip may be NULL) stands from a window before w
 * to a window after the first such event (verb-second order puts it
 * after: "wijzen we niet af"): what the event says holds for those without
 * t. The walk elig_rejected_after and elig_limited_after share.
 */
static int elig_kind_after_without(const struct elig_scan *sc, const struct elig_event *w,
				   const struct elig_event *t, int kind, elig_neg_skip skip)
{
	size_t window = (size_t)sc->lang->window, to = t->end + window;
	size_t from = w->start > window ? w->start - window : 0;

	for (size_t k = elig_event_from(sc, t->end); k < sc->nev && sc->ev[k].start <= to; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == kind && e->start >= t->end && e->clause == t->clause)
			return !elig_plain_neg_in(sc, t->clause, from, e->end + window, skip);
	}
	return 0;
}

/*
 * A `reject` word follows "without" w's topic t, unnegated
 * (elig_kind_after_without): those without t are turned away ("Women
 * without a police report are turned away", "Ohne Anzeige weisen wir dich
 * ab"; not "Niemand ohne Papiere wird abgewiesen", "Vrouwen zonder
 * papieren wijzen we niet af").
 */
static int elig_rejected_after(const struct elig_scan *sc, const struct elig_event *w,
			       const struct elig_event *t)
{
	return elig_kind_after_without(sc, w, t, ELIG_REJECT, NULL);
}

/* Whether negation n lies inside a `limit` phrase ("no more than", "не более"). */
static int elig_neg_in_limit(const struct elig_scan *sc, const struct elig_event *n)
{
	size_t from = n->start > ELIG_MAX_SPAN ? n->start - ELIG_MAX_SPAN : 0;

	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start <= n->start;
	     k++) {
		const struct elig_event *l = &sc->ev[k];
		if (l->kind == ELIG_LIMIT && l->start <= n->start && n->end <= l->end)
			return 1;
	}
	return 0;
}

/*
 * A `limit` phrase follows "without" w's topic t, with no plain negation
 * outside a limit (elig_kind_after_without): those without t get at most
 * so much ("Without a police report we can offer at most one night",
 * "Zonder aangifte maximaal één nacht opvang"; not "Without papers there
 * is no maximum stay"). Held, never refused (elig-b9).
 */
static int elig_limited_after(const struct elig_scan *sc, const struct elig_event *w,
			      const struct elig_event *t)
{
	return elig_kind_after_without(sc, w, t, ELIG_LIMIT, elig_neg_in_limit);
}

/*
 * A `reject` word ends at most the language's window before "without" w
 * in its topic t's clause, and no plain negation of the clause stands
 * from a window before the word to a window after t: the word denies
 * help to those without t ("We refuse help to those without a police
 * report", "Negamos la plaza a mujeres sin denuncia", "Wir verweigern
 * Hilfe allen ohne Anzeige": accepted before review13; not "We never
 * refuse help to women without papers", "We refuse help to nobody
 * without papers").
 */
static int elig_rejected_before(const struct elig_scan *sc, const struct elig_event *w,
				const struct elig_event *t)
{
	size_t window = (size_t)sc->lang->window;
	size_t from = w->start > window + ELIG_MAX_SPAN ? w->start - window - ELIG_MAX_SPAN : 0;

	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < w->start; k++) {
		const struct elig_event *r = &sc->ev[k];
		if (r->kind == ELIG_REJECT && r->end <= w->start && w->start - r->end <= window &&
		    r->clause == t->clause)
			return !elig_plain_neg_in(sc, t->clause,
						  r->start > window ? r->start - window : 0,
						  t->end + window, NULL);
	}
	return 0;
}

/*
 * "Without" w governs topic t (elig_without): 1 when it cancels t, 2 when
 * a negation before it or just after t makes it a condition, 3 when a
 * negation further on in the clause may or an unnegated `reject` word
 * follows t there or comes before w (elig_rejected_before); with 2 and 3
 * *from is where the phrase starts. Only the negations near w or t are
 * walked (a binary search to the first that may be near: one ending
 * `window` words before w starts at most ELIG_MAX_SPAN words before that),
 * and only those are asked whether they are a without themselves: asking
 * every one made a text of many "без ... не" cubic.
 */
static int elig_without_governs(const struct elig_scan *sc, const struct elig_event *w,
				const struct elig_event *t, size_t *from)
{
	size_t reach = (size_t)sc->lang->reach, window = (size_t)sc->lang->window;
	size_t far_reach = reach > window ? reach : window, before = window + ELIG_MAX_SPAN;
	int far = 0;

	for (size_t j = elig_group_from(sc, ELIG_G_NEG, w->start > before ? w->start - before : 0);
	     j < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][j]->start <= t->end + far_reach;
	     j++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][j];
		int near = (n->start >= t->end && n->start - t->end <= far_reach) ||
			   (n->end <= w->start && w->start - n->end <= window);
		if (n->kind != ELIG_NEG || !near || elig_without_at(sc, n->start) ||
		    elig_without_denied(sc, n, t) || elig_neg_in_limit(sc, n))
			continue; /* only a near negation is asked whether it is a without */
		if (n->start >= t->end && n->start - t->end <= window && n->clause == t->clause)
			far = 1; /* "without a report, admission is sadly not possible" */
		if (n->seg != w->seg)
			continue;
		if (n->end <= w->start && w->start - n->end <= window &&
		    !elig_and_opens_without(sc, n, w)) {
			*from = n->start; /* "no help without a report" */
			return 2;
		}
		if (n->start >= t->end && n->start - t->end <= reach) {
			*from = w->start; /* "without a report, no help" */
			return 2;
		}
	}
	if (far || elig_rejected_after(sc, w, t) || elig_rejected_before(sc, w, t) ||
	    elig_limited_after(sc, w, t)) {
		*from = w->start;
		return 3;
	}
	return 1;
}

/*
 * The "without" that governs t: the first of t's comma segment that ends at
 * most `reach` words before t with no other topic between; NULL when none.
 * Only the withouts that may end so near are walked (one starts at most
 * ELIG_MAX_SPAN words before its end).
 */
static const struct elig_event *elig_governing_without(const struct elig_scan *sc,
						       const struct elig_event *t)
{
	size_t reach = (size_t)sc->lang->reach, before = reach + ELIG_MAX_SPAN;

	for (size_t k =
		     elig_group_from(sc, ELIG_G_WITHOUT, t->start > before ? t->start - before : 0);
	     k < sc->ngroup[ELIG_G_WITHOUT] && sc->group[ELIG_G_WITHOUT][k]->start <= t->start;
	     k++) {
		const struct elig_event *w = sc->group[ELIG_G_WITHOUT][k];
		if (w->kind != ELIG_WITHOUT || w->end > t->start || t->start - w->end > reach ||
		    w->seg != t->seg || elig_without_elsewhere(sc, w->end, t->start))
			continue;
		return w;
	}
	return NULL;
}

/*
 * "without <topic>": 0 when absent, 1 when it cancels the topic, 2 when a
 * negation before it or just after the topic makes it a condition ("no
 * help without a report", "без заявления не помогаем"), 3 when a negation
 * further on in the clause may (held: "ohne Anzeige ist eine Aufnahme
 * leider nicht möglich") or an unnegated `reject` word follows the topic
 * there (held: elig_rejected_after) or a `limit` does (elig_limited_after); with 2 and 3 *from is where the
 * phrase starts. The "without" elig_governing_without finds decides
 * (elig_without_governs).
 */
int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from)
{
	const struct elig_event *w = elig_governing_without(sc, t);

	return w ? elig_without_governs(sc, w, t, from) : 0;
}

/*
 * Whether the "without" that governs t is followed in t's clause by a
 * `limit` phrase with no plain negation of the clause outside it
 * (elig_limited_after): held for a soft topic too ("Без поданного
 * заявления ... не более одной ночи"). Reads sc only.
 */
int elig_without_limited(const struct elig_scan *sc, const struct elig_event *t)
{
	const struct elig_event *w = elig_governing_without(sc, t);

	return w && elig_limited_after(sc, w, t);
}

/* Words at most from a sentence's start to the end of an answer's negation ("К сожалению, нет:"). */
#define ELIG_ANSWER_WORDS 3

/*
 * Negation e is an answer word (`no`: "no", "нет", "ні") and a whole comma
 * segment of its own within the first ELIG_ANSWER_WORDS words of its
 * sentence, which goes on after it, and no topic stands before it there:
 * an answer after a word of regret ("Unfortunately, no:", "К сожалению,
 * нет:", "На жаль, ні:"). "Wir verlangen nie, dass ..." shares its segment
 * with its verb; "Bei uns, niemals, wird eine Anzeige verlangt" is no
 * answer: its "never" still negates.
 */
static int elig_neg_closes_answer(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t first = e->start;

	while (first > 0 && sc->sent[first - 1] == e->sent && e->end - first <= ELIG_ANSWER_WORDS)
		first--;
	if (!elig_kind_starts_in(sc, ELIG_NO, e->start, e->start + 1) ||
	    e->end - first > ELIG_ANSWER_WORDS || e->end >= sc->text->ntoks ||
	    sc->sent[e->end] != e->sent || sc->seg[e->end] == e->seg ||
	    sc->seg[e->start - 1] == e->seg)
		return 0;
	return !elig_topic_starts_in(sc, first, e->start);
}

/*
 * A negation that is an answer or an exclamation on its own ("No, the
 * course is for ...", "Kein Problem: ..."): it starts a sentence and its
 * comma segment has at most two words and holds the whole negation ("Egal,
 * ob" is one phrase across the comma), or it is a segment of its own
 * within the sentence's first three words (elig_neg_closes_answer). It negates
 * nothing that follows.
 */
int elig_neg_interjection(const struct elig_scan *sc, const struct elig_event *e)
{
	const struct elig_text *t = sc->text;
	size_t i = e->start;

	if (e->kind != ELIG_NEG)
		return 0;
	if (i > 0 && !(t->toks[i].flags & ELIG_TOK_SENT))
		return elig_neg_closes_answer(sc, e);
	while (i < t->ntoks && i - e->start <= 2 && sc->seg[i] == e->seg)
		i++;
	return i >= e->end && i < t->ntoks && i - e->start <= 2 && sc->sent[i] == e->sent;
}

/* Token i is one of e's own words (not a word of a ~N gap). */
int elig_own_word(const struct elig_event *e, size_t i)
{
	return e != NULL && i >= e->start && i < e->end && i - e->start < 64 &&
	       (e->terms >> (i - e->start) & 1);
}

/*
 * Event e stands after a colon in its clause: an item of a list ("House
 * rules: no on-call work, the phone for clients is handed in").
 */
int elig_list_item(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t i = e->start + 1; i-- > 0 && sc->clause[i] == e->clause;)
		if (sc->text->toks[i].flags & ELIG_TOK_COLON)
			return 1;
	return 0;
}

/*
 * Negation or "without" e is the last word of an "or not" / "or without"
 * (ornot) closing a segment before t ("Com queixa ou sem, tens de deixar
 * o trabalho sexual", "Queixa ou não, deves parar ..."): it says the topic
 * before it may be either way, and negates nothing after it.
 */
static int elig_neg_of_or_not(const struct elig_scan *sc, const struct elig_event *e,
			      const struct elig_event *t)
{
	for (size_t k = 0;
	     k < sc->ngroup[ELIG_G_CLEAR] && sc->group[ELIG_G_CLEAR][k]->start <= e->start; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CLEAR][k];
		if (c->kind == ELIG_ORNOT && e->end <= c->end && c->end <= t->start &&
		    c->seg != t->seg)
			return 1;
	}
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
 * it heads ("no police, no immigration checks"). The negation of an "or
 * not" closing an earlier segment is not counted (elig_neg_of_or_not).
 */
int elig_neg_in_segment(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGWOPT]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGWOPT][k];
		if (e->kind != ELIG_OPTIONAL && elig_neg_of_or_not(sc, e, t))
			continue;
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
		if (e->kind == ELIG_OPTIONAL && e->clause == t->clause &&
		    !elig_offer_is_condition(sc, e, t))
			return 1; /* "if the person wishes, the police" */
	}
	return 0;
}

/*
 * A "without" inside topic t governs another topic that starts inside t
 * and ends with it or after it, and cancels it: "We help without a police
 * report" is no "help ... police" (D3), the without's object is the
 * report; "pode ser feito sem queixa" is no "feito ... queixa". (In
 * "Informatie over mensen zonder rechtmatig verblijf wordt doorgestuurd
 * naar de vreemdelingenpolitie" the without's topic ends inside the
 * passing on: it is the people's.) A without that is one of t's own words
 * (not a word of a gap) is the phrase's and cancels nothing: "Люди без
 * документов передаются в полицию" is a D5 phrase naming the people.
 * Only the withouts and topics that start inside t are walked.
 */
int elig_without_inside(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from;

	for (size_t k = elig_group_from(sc, ELIG_G_WITHOUT, t->start + 1);
	     k < sc->ngroup[ELIG_G_WITHOUT] && sc->group[ELIG_G_WITHOUT][k]->start < t->end; k++) {
		const struct elig_event *w = sc->group[ELIG_G_WITHOUT][k];
		if (w->start <= t->start || w->end > t->end || elig_own_word(t, w->start))
			continue; /* t's phrase names the without: "people without papers ... reported" */
		for (size_t j = elig_group_from(sc, ELIG_G_TOPICS, w->end);
		     j < sc->ngroup[ELIG_G_TOPICS] && sc->group[ELIG_G_TOPICS][j]->start < t->end;
		     j++) {
			const struct elig_event *o = sc->group[ELIG_G_TOPICS][j];
			if (o != t && o->start >= w->end && o->start < t->end && o->end >= t->end &&
			    elig_without(sc, o, &from) == 1)
				return 1;
		}
	}
	return 0;
}

/*
 * A plain negation stands before event s in its comma segment, at most
 * `window` words away and with no topic between ("Sie verlieren dadurch
 * nie Ihren Platz", "nobody here will ever lose their place"): s is
 * negated. In "Chi non presenta denuncia entro un mese perde il posto" the
 * "non" is the report's. Only the negations that may end so near are
 * walked (one starts at most ELIG_MAX_SPAN words before its end).
 */
int elig_negated_any(const struct elig_scan *sc, const struct elig_event *s)
{
	size_t before = (size_t)sc->lang->window + ELIG_MAX_SPAN;

	for (size_t k = elig_group_from(sc, ELIG_G_NEG, s->start > before ? s->start - before : 0);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start < s->end; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == s->seg && n->end <= s->end &&
		    s->start <= n->end + (size_t)sc->lang->window && !elig_is_without(sc, n) &&
		    (n->end >= s->start || !elig_topic_between(sc, n->end, s->start)))
			return 1;
	}
	return 0;
}

/* The sentence of token i asks: a question mark follows one of its words. */
int elig_sentence_asks(const struct elig_scan *sc, size_t i)
{
	size_t z = sc->sent[i], lo = i;

	if (sc->sent_flags != NULL)
		return (sc->sent_flags[z] & ELIG_SENT_ASKS) != 0; /* found once per text */

	while (lo > 0 && sc->sent[lo - 1] == z)
		lo--;
	for (; lo < sc->text->ntoks && sc->sent[lo] == z; lo++)
		if (sc->text->toks[lo].flags & ELIG_TOK_ASKED)
			return 1;
	return 0;
}

/*
 * A plain negation (not a "without", not an answer of its own) ends at most
 * `window` words before coordinating word a in topic t's clause and comma
 * segment (elig_neg_carried). Only the negations that may end so near are
 * walked: one starts at most ELIG_MAX_SPAN words before its end.
 */
static int elig_neg_before_and(const struct elig_scan *sc, const struct elig_event *a,
			       const struct elig_event *t)
{
	size_t window = (size_t)sc->lang->window, before = window + ELIG_MAX_SPAN;

	for (size_t j = elig_group_from(sc, ELIG_G_NEG, a->start > before ? a->start - before : 0);
	     j < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][j]->start < a->start; j++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][j];
		if (n->kind == ELIG_NEG && n->clause == t->clause && n->seg == t->seg &&
		    n->end <= a->start && a->start - n->end <= window && !elig_is_without(sc, n) &&
		    !elig_neg_interjection(sc, n))
			return 1;
	}
	return 0;
}

/*
 * Topic t is the second verb of a negated predicate: a coordinating word
 * ("or", "oder", "and") ends right where t starts, and a negation (not a
 * "without", not an answer of its own) stands before it in t's clause and
 * comma segment, within `window` words: "Nobody here asks about your visa
 * or checks your residence status", "We never call the police or report
 * anyone to immigration", "Hier fragt niemand nach Ihrem Visum oder prüft
 * Ihren Aufenthaltsstatus". The negation is the whole predicate's. Only the
 * coordinating words that may end where t starts are walked.
 */
int elig_neg_carried(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t first = t->start > ELIG_MAX_SPAN ? t->start - ELIG_MAX_SPAN : 0;

	for (size_t k = elig_group_from(sc, ELIG_G_AND, first);
	     k < sc->ngroup[ELIG_G_AND] && sc->group[ELIG_G_AND][k]->start < t->start; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->end == t->start && a->clause == t->clause && a->seg == t->seg &&
		    elig_neg_before_and(sc, a, t))
			return 1;
	}
	return 0;
}
