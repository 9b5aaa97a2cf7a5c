/*
 * elig_prohibit.c - rules that hold a topic without a cue: a forbid or ban
 * modal before an activity (steps 7d), a sanction that follows a topic
 * (step 7a), and trade words held as D4 by either. Reads a scanned text
 * only.
 */
#include "elig_int.h"
#include "elig_clear.h"
#include "elig_neg.h"
#include "elig_prohibit.h"
#include "elig_runon.h"

/*
 * A condition cue or soft cue starts in tokens [a, b) and does not end
 * where topic t starts: a cue right before the activity is its verb
 * ("Residents are not allowed to bring punters"), one further away
 * governs it ("Personne ne peut vous obliger à recevoir des clients").
 */
static int elig_cue_governs_between(const struct elig_scan *sc, size_t a, size_t b,
				    const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUES][k];
		if (c->start >= a && c->start < b && c->end != t->start)
			return 1;
	}
	return 0;
}

/* Words at most between a negation and the modal it makes a prohibition. */
#define ELIG_FORBID_NEG 1
/* Words at most between the service's people and the modal whose subject they are. */
#define ELIG_STAFF_GAP 2
/* Words at most between an "and" and the activity it adds to a negated "can". */
#define ELIG_AND_TRADE_GAP 3

/*
 * A negation stands at most ELIG_FORBID_NEG words before or after modal
 * f in its comma segment, and is not part of topic t.
 */
static int elig_modal_negated(const struct elig_scan *sc, const struct elig_event *f,
			      const struct elig_event *t)
{
	for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][j];
		if (n->kind != ELIG_NEG || n->seg != f->seg || elig_is_without(sc, n) ||
		    (n->start < t->end && t->start < n->end))
			continue;
		if ((n->end <= f->start && f->start - n->end <= ELIG_FORBID_NEG) ||
		    (n->start >= f->end && n->start - f->end <= ELIG_FORBID_NEG) ||
		    (n->start <= f->start && n->end >= f->end)) /* "cannot" */
			return 1;
	}
	return 0;
}

/*
 * The subject of modal f is the service's people (a `staff` word at most
 * ELIG_STAFF_GAP words before it in its comma segment: "Staff must not
 * judge anyone who sells sex", "Les bénévoles ne doivent jamais juger les
 * personnes prostituées"), or the service itself (a `we` word: "We promise
 * not to judge anyone who sells sex"): a duty of the service, not a
 * condition on the person who asks for help.
 */
static int elig_staff_subject(const struct elig_scan *sc, const struct elig_event *f)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *s = &sc->ev[k];
		if ((s->kind == ELIG_STAFF || s->kind == ELIG_WE) && s->seg == f->seg &&
		    s->end <= f->start && f->start - s->end <= ELIG_STAFF_GAP)
			return 1;
	}
	return 0;
}

/* A prohibition word (`forbid`, `ban`) or a `may` word starts in tokens [a, b). */
static int elig_modal_from(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FORBID]; k++) {
		const struct elig_event *f = sc->group[ELIG_G_FORBID][k];
		if (f->kind != ELIG_STAFF && f->start >= a && f->start < b)
			return 1;
	}
	return 0;
}

/*
 * Negated `may` word m ("cannot", "no puedes", "ne pouvez pas") is
 * followed, in its comma segment, by an `and` that adds activity t at most
 * ELIG_AND_TRADE_GAP words after it: living here and selling sex cannot go
 * together ("You cannot live here and sell sex", "No puedes vivir en el
 * piso y seguir ejerciendo"). "Nobody can force you to stop sex work" has
 * no "and"; in "You cannot be evicted and you can keep seeing clients" the
 * activity has a modal of its own (not the word right after the "and":
 * "and keep working" continues the negated "can").
 */
static int elig_not_both(const struct elig_scan *sc, const struct elig_event *m,
			 const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->seg == t->seg && a->start > m->end && a->end <= t->start &&
		    t->start - a->end <= ELIG_AND_TRADE_GAP &&
		    !elig_modal_from(sc, a->end + 1, t->start))
			return 1;
	}
	return 0;
}

/* Words at most between a verb of allowing and the activity after it ("allow (any) sex work"). */
#define ELIG_ALLOW_GAP 1
/* Words at most between it and the activity when a person it allows stands
 * between ("We do not allow residents to do sex work"). */
#define ELIG_ALLOW_OBJ_GAP 5
/* Words at most before an activity that a negated verb of allowing after it forbids. */
#define ELIG_ALLOW_LEAD 1
/* Words more than `reach` an activity opening its sentence may stand before
 * a verb of allowing or a ban ("Sexarbeit ist in der Unterkunft verboten") when a break phrase, no comma, is between them
 * ("Prostitution ist während des Aufenthalts nicht erlaubt"). */
#define ELIG_ALLOW_BREAK_EXTRA 3

/* Whether tokens a..b-1 hold no comma and stand in one sentence. */
static int elig_no_comma(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t i = a + 1; i < b; i++)
		if ((sc->text->toks[i].flags & ELIG_TOK_COMMA) || sc->sent[i] != sc->sent[a])
			return 0;
	return 1;
}

/* Whether activity t opens its comma segment (seg) or sentence (!seg),
 * at most ELIG_ALLOW_LEAD words after its start. */
static int elig_allow_opens(const struct elig_scan *sc, const struct elig_event *t, int seg)
{
	size_t lead = 0;

	for (size_t i = t->start; i-- > 0 && (seg ? sc->seg[i] == t->seg : sc->sent[i] == t->sent);)
		if (++lead > ELIG_ALLOW_LEAD)
			return 0;
	return 1;
}

/* Whether an `and` word stands in tokens a..b-1. */
static int elig_and_between(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_AND][k];
		if (e->start >= a && e->end <= b)
			return 1;
	}
	return 0;
}

/* Whether activity t opens its sentence and ends at most `reach` +
 * ELIG_ALLOW_BREAK_EXTRA words before f, no comma and no `and` word
 * between ("Sex workers are welcome and smoking is not allowed"). */
static int elig_opens_far(const struct elig_scan *sc, const struct elig_event *t,
			  const struct elig_event *f)
{
	return t->end <= f->start &&
	       f->start - t->end <= (size_t)sc->lang->reach + ELIG_ALLOW_BREAK_EXTRA &&
	       elig_allow_opens(sc, t, 0) && elig_no_comma(sc, t->end - 1, f->start) &&
	       !elig_and_between(sc, t->end, f->start);
}

/*
 * Whether tokens a..b-1 name a person the verb of allowing ends at and an
 * activity asked of them: a `noend` word ("to", "a", "di", "les") stands
 * before the last word before b ("allow residents to do sex work", "no
 * permitimos a las residentes ejercer la prostitución"), and no `staff`
 * word ("We never allow staff to ask about sex work") nor `reject` word
 * ("allow anyone to judge sex workers") stands between.
 */
static int elig_allow_object(const struct elig_scan *sc, size_t a, size_t b)
{
	int marker = 0;

	for (size_t i = a; i + 1 < b && !marker; i++)
		marker = elig_noend(sc->lang, sc->text, i);
	if (!marker)
		return 0;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_STAFF || e->kind == ELIG_REJECT) && e->start >= a &&
		    e->end <= b)
			return 0;
	}
	return 1;
}

/*
 * A negated `allow` word f (ELIG_FORBID_NEG words from it, as a modal's)
 * forbids activity t of its comma segment: t follows it at most
 * ELIG_ALLOW_GAP words after ("We do not allow sex work during your
 * stay", "Wir erlauben keine Sexarbeit"), or ELIG_ALLOW_OBJ_GAP with a
 * person asked to do it between (elig_allow_object) and no cue ("We do not allow residents to do sex work", "Non
 * permettiamo alle ospiti di prostituirsi"), or t opens its sentence (at
 * most ELIG_ALLOW_LEAD words before it) and ends at most `reach` words
 * before f ("Sex work is not tolerated", "Sexarbeit während der Betreuung
 * erlauben wir nicht"; its segment for that, its sentence for:), ELIG_ALLOW_BREAK_EXTRA more over a break phrase
 * but no comma ("Prostitution ist während des Aufenthalts nicht
 * erlaubt"). Unlike a modal, its subject may be the service: the service
 * forbids the person. Not "We don't tolerate discrimination against sex
 * workers" (the activity does not open the sentence).
 */
static int elig_allow_denied(const struct elig_scan *sc, const struct elig_event *f,
			     const struct elig_event *t)
{
	if (f->end <= t->start)
		return f->seg == t->seg &&
		       (t->start - f->end <= ELIG_ALLOW_GAP ||
			(t->start - f->end <= ELIG_ALLOW_OBJ_GAP &&
			 elig_allow_object(sc, f->end, t->start))) &&
		       elig_modal_negated(sc, f, t) &&
		       !elig_cue_governs_between(sc, f->end, t->start, t);
	if (t->end > f->start)
		return 0;
	if (f->seg == t->seg && f->start - t->end <= (size_t)sc->lang->reach &&
	    elig_allow_opens(sc, t, 1))
		return elig_modal_negated(sc, f, t);
	return elig_opens_far(sc, t, f) && elig_modal_negated(sc, f, t);
}

/*
 * Topic or soft topic t is sex work itself (a D4 activity: "clients",
 * "prostituirsi") and a prohibition governs it: a `forbid` modal at most
 * `window` words before it in its comma segment, with a negation at most
 * ELIG_FORBID_NEG words from the modal ("les résidentes ne
 * doivent plus recevoir de clients", "le ospiti non devono più
 * prostituirsi", "Bewohnerinnen dürfen keine Freier mehr empfangen",
 * "Residents agree not to see clients": a promise is a `forbid` word too),
 * or a `ban` word there or at most `reach` words after it ("Prostitution ist
 * für Bewohnerinnen verboten"); a modal after its subject ("Los clientes
 * no pueden entrar en la casa") forbids the clients nothing. The
 * negation is the modal's, not the activity's, and forbidding sex work is
 * a D4 condition: held. Only D4: "you must not report" sets no condition
 * on a report, and "you don't have to stop" no prohibition (the lists
 * name "must", not "have to"). A cue between governs the activity instead:
 * "Personne ne peut vous obliger à recevoir des clients", unless it is
 * the activity's own verb (elig_cue_governs_between). A modal whose
 * subject is the service's people forbids nothing to the person
 * (elig_staff_subject); a negated `may` word forbids only two things
 * together (elig_not_both).
 */
int elig_prohibited(const struct elig_scan *sc, const struct elig_event *t)
{
	if (t->rule != 4 && t->kind != ELIG_TRADE)
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FORBID]; k++) {
		const struct elig_event *f = sc->group[ELIG_G_FORBID][k];
		int before = f->end <= t->start;
		size_t a = before ? f->end : t->end, b = before ? t->start : f->start;
		if (f->kind == ELIG_ALLOW) {
			if (elig_allow_denied(sc, f, t))
				return 1;
			continue;
		}
		if (f->kind == ELIG_BAN && !before && elig_opens_far(sc, t, f) &&
		    !elig_cue_governs_between(sc, t->end, f->start, t))
			return 1;
		if (f->kind == ELIG_STAFF || f->seg != t->seg || b < a ||
		    (!before && f->kind != ELIG_BAN) ||
		    b - a > (size_t)(before ? sc->lang->window : sc->lang->reach) ||
		    elig_cue_governs_between(sc, a, b, t))
			continue;
		if (f->kind == ELIG_BAN)
			return 1;
		if (elig_staff_subject(sc, f) || !elig_modal_negated(sc, f, t))
			continue;
		if (f->kind == ELIG_FORBID || elig_not_both(sc, f, t))
			return 1;
	}
	return 0;
}

/*
 * Topic t is given either way: an "or not" follows it and ends its
 * segment (elig_or_not_after), or ends at most `reach` words before it
 * ("whether or not they reported to the police"). A sanction in its
 * sentence is for everyone: "Support ends after six months for everyone,
 * whether or not they reported to the police", "L'accompagnement prend
 * fin après six mois, qu'elles aient porté plainte ou non".
 */
int elig_either_way(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CLEAR]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CLEAR][k];
		if (c->kind != ELIG_ORNOT || c->sent != t->sent)
			continue;
		if (elig_or_not_after(sc, c, t) ||
		    (c->end <= t->start && t->start - c->end <= (size_t)sc->lang->reach))
			return 1;
	}
	return 0;
}

/*
 * A sanction that nothing negates ("support ends", "will be asked to
 * move on", "verliert den Platz", "la posizione viene riesaminata")
 * stands in t's sentence, or in the sentence after it when t's asks ("What
 * if I don't want to testify? It is your choice, but then support will
 * end"): t is what the help is lost for, even when t is negated ("Residents
 * who have not made a report will be asked to move on"). Held for a
 * person, never refused; a sanction that is negated ("support never ends",
 * "no one loses their place") or asked about ("Czy wsparcie się skończy,
 * jeśli nie złożę zeznań? Nie") holds nothing, and neither does one over a
 * topic given either way (elig_either_way).
 */
int elig_sanctioned(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t z = t->sent;

	if (elig_either_way(sc, t))
		return 0;
	if (!elig_sentence_asks(sc, t->start))
		return elig_sentence_sanctioned(sc, z);
	/* the sentence after t's holds only an answer to t's question */
	return sc->text->ntoks > 0 && z < sc->sent[sc->text->ntoks - 1] &&
	       elig_sentence_sanctioned(sc, z + 1);
}

/*
 * A sanction after trade word t in its sentence (elig_sanctioned's rules
 * for one sentence: not negated, the sentence does not ask): doing sex
 * work costs the place or the help ("Wer weiter Freier trifft, muss
 * ausziehen", "Chi torna a battere perde il posto").
 */
static int elig_trade_sanctioned(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_SANCTION]; k++) {
		const struct elig_event *s = sc->group[ELIG_G_SANCTION][k];
		if (s->sent == t->sent && s->start >= t->end && !elig_sanction_negated(sc, s) &&
		    !elig_sentence_asks(sc, s->start))
			return 1;
	}
	return 0;
}

/* Words at most between a negation and the trade word it bans as an item of house rules. */
#define ELIG_TRADE_NEG_GAP 1

/*
 * A topic or strict topic overlaps trade word t, or a soft topic longer
 * than t (a family event: "no longer escorting"): that one decides. A soft
 * topic of t's own words alone ("escorting") does not.
 */
static int elig_trade_in_topic(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		int longer = e->start < t->start || e->end > t->end;
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT ||
		     (e->kind == ELIG_SOFT && longer)) &&
		    e->start < t->end && t->start < e->end)
			return 1;
	}
	return 0;
}

/*
 * Negation n is an item of a list of rules: it stands after a colon in
 * its clause ("Hausordnung: keine Freier im Haus"), or another plain
 * negation precedes it in its sentence ("No drugs, no violence and no
 * ...").
 */
static int elig_neg_rule_item(const struct elig_scan *sc, const struct elig_event *n)
{
	if (elig_list_item(sc, n))
		return 1;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_NEG][k];
		if (o->kind == ELIG_NEG && o->sent == n->sent && o->end <= n->start &&
		    !elig_is_without(sc, o))
			return 1;
	}
	return 0;
}

/*
 * A plain negation (not a "without") at most ELIG_TRADE_NEG_GAP words
 * before trade word t in its comma segment bans it, when it is an item of
 * a list of rules (elig_neg_rule_item): "No drugs, no violence and no
 * escorting while you live here". "No sex worker is turned away", on its
 * own, is no rule. Not when t is part of a topic (a family event: "no
 * longer escorting" decides as such) or its sentence asks.
 */
static int elig_trade_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == t->seg && n->end <= t->start &&
		    t->start - n->end <= ELIG_TRADE_NEG_GAP && !elig_is_without(sc, n) &&
		    elig_neg_rule_item(sc, n))
			return !elig_trade_in_topic(sc, t) && !elig_sentence_asks(sc, t->start);
	}
	return 0;
}

/*
 * Trade word t (sex work, its places and its clients: "Freier", "see
 * clients", "ejercer") is a D4 condition to hold when a prohibition
 * governs it (elig_prohibited: "Las residentes no deben ejercer",
 * "Residents may not see clients") or a sanction follows it in its
 * sentence (elig_trade_sanctioned), and no offer stands near it. A trade
 * word alone says nothing; never refused.
 */
int elig_trade_held(const struct elig_scan *sc, const struct elig_event *t)
{
	if (elig_optional_near(sc, t))
		return 0;
	return elig_prohibited(sc, t) || elig_trade_sanctioned(sc, t) ||
	       elig_trade_negated(sc, t) ||
	       (elig_trade_excluded(sc, t) && !elig_trade_in_topic(sc, t));
}
