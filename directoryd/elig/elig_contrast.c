/*
 * elig_contrast.c - another party's practice, contrasted with the
 * service's own in the next or previous sentence: "Good to know: the
 * government-funded safe houses only take people who have been referred
 * into the NRM. Our drop-in doesn't ask for that, anyone can come." The
 * first sentence names a condition, but not this service's: a hold there
 * is dropped (docs/eligibility.md, "How matching works", step 7b).
 */
#include <stddef.h>
#include <stdint.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_contrast.h"
#include "elig_doubt.h"
#include "elig_neg.h"

/*
 * The walks below visit only the events of one sentence (binary searches
 * for its first token and first event): elig_contrasted is asked once per
 * sentence with a hold, and a walk over the whole text there made a long
 * text of released holds quadratic to check.
 */

/* The first event of sentence z (sc->nev when it has none). */
static size_t elig_sent_ev(const struct elig_scan *sc, size_t z)
{
	return elig_event_from(sc, elig_sentence_first(sc, z));
}

/* The first event of group g in sentence z (sc->ngroup[g] when none). */
static size_t elig_sent_group(const struct elig_scan *sc, enum elig_group g, size_t z)
{
	return elig_group_from(sc, g, elig_sentence_first(sc, z));
}

/* Group g has an event in sentence z. */
static int elig_group_in(const struct elig_scan *sc, enum elig_group g, size_t z)
{
	size_t k = elig_sent_group(sc, g, z);

	return k < sc->ngroup[g] && sc->group[g][k]->sent == z;
}

/* Sentence z has an event of kind `kind` (a negation: one that is not a phrase's own word). */
static int elig_sentence_has(const struct elig_scan *sc, size_t z, int kind)
{
	if (kind == ELIG_NEG)
		return elig_group_in(sc, ELIG_G_NEG, z);
	return elig_sentence_has_kind(sc, z, ELIG_KINDS(kind));
}

/*
 * More than `most` words have index v in `of` (sc->seg or sc->sent) as
 * token i has: segments and sentences are runs of tokens, so the walk
 * goes out from i and stops after most + 1 words, whatever the text's
 * length.
 */
static int elig_more_words_than(const struct elig_scan *sc, const size_t *of, size_t i, size_t most)
{
	size_t n = 1, v = of[i];

	for (size_t j = i; j > 0 && of[j - 1] == v && n <= most; j--)
		n++;
	for (size_t j = i + 1; j < sc->text->ntoks && of[j] == v && n <= most; j++)
		n++;
	return n > most;
}

/* Words of a comma segment or sentence that make a short answer of its own. */
#define ELIG_SHORT_ANSWER 3

/*
 * Negation n and "we" w are a short answer of their own: their comma
 * segment or their sentence has at most ELIG_SHORT_ANSWER words ("We
 * don't: just ring the bell", "Wir nicht:", "Nous, non.", "Not us.").
 */
static int elig_short(const struct elig_scan *sc, const struct elig_event *n,
		      const struct elig_event *w)
{
	if (w->seg == n->seg && !elig_more_words_than(sc, sc->seg, n->start, ELIG_SHORT_ANSWER))
		return 1;
	return w->sent == n->sent &&
	       !elig_more_words_than(sc, sc->sent, n->start, ELIG_SHORT_ANSWER);
}

/*
 * A "we" of negation n's sentence makes a short answer with it
 * (elig_short). The events are walked only when n's segment or sentence
 * is short, so that a long sentence of negations costs no more than its
 * negations.
 */
static int elig_we_answers(const struct elig_scan *sc, const struct elig_event *n)
{
	if (elig_more_words_than(sc, sc->seg, n->start, ELIG_SHORT_ANSWER) &&
	    elig_more_words_than(sc, sc->sent, n->start, ELIG_SHORT_ANSWER))
		return 0;
	for (size_t j = elig_sent_ev(sc, n->sent); j < sc->nev && sc->ev[j].sent == n->sent; j++)
		if (sc->ev[j].kind == ELIG_WE && elig_short(sc, n, &sc->ev[j]))
			return 1;
	return 0;
}

/* Token i is the first of its comma segment. */
static int elig_opens_segment(const struct elig_scan *sc, size_t i)
{
	return i == 0 || sc->seg[i - 1] != sc->seg[i];
}

/*
 * `that` word e stands right after a negation opening its comma segment
 * in sentence y and closes that segment, the sentence going on after the
 * comma: it points forward to the clause after it ("Niezależnie od tego, czy pójdziesz na
 * policję", "независимо от того, пойдёшь ли ты в полицию": regardless of
 * whether), not back ("doesn't ask for that, anyone can come", "não pede
 * nada disso, pode vir qualquer pessoa").
 */
static int elig_that_forward(const struct elig_scan *sc, size_t y, const struct elig_event *e)
{
	size_t n = sc->text->ntoks;

	if (e->end >= n || sc->sent[e->end] != y || sc->seg[e->end] == e->seg)
		return 0;
	for (size_t k = elig_sent_group(sc, ELIG_G_NEG, y);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->sent == y; k++)
		if (sc->group[ELIG_G_NEG][k]->end == e->start &&
		    elig_opens_segment(sc, sc->group[ELIG_G_NEG][k]->start))
			return 1;
	return 0;
}

/* Sentence y has a `that` word pointing back (elig_that_forward: not forward). */
static int elig_points_back(const struct elig_scan *sc, size_t y)
{
	for (size_t k = elig_sent_ev(sc, y); k < sc->nev && sc->ev[k].sent == y; k++)
		if (sc->ev[k].kind == ELIG_THAT && !elig_that_forward(sc, y, &sc->ev[k]))
			return 1;
	return 0;
}

/* Words a denial may leave after its negation and cue ("an keine Bedingung geknüpft"). */
#define ELIG_DENIAL_TAIL 1

/*
 * At most ELIG_DENIAL_TAIL words follow token `end` in its comma segment:
 * a negated cue that closes its segment denies a requirement as such ("La
 * noi nu e nevoie, poți veni direct", "open to everyone, with no
 * conditions"); one followed by what it governs denies that instead ("Тебе
 * не нужно бросать работу, чтобы получить помощь", "We will never make
 * your support depend on speaking to the police"), not the condition of
 * the sentence before.
 */
static int elig_closes_segment(const struct elig_scan *sc, size_t end)
{
	size_t n = sc->text->ntoks, seg = end > 0 ? sc->seg[end - 1] : 0;

	for (size_t i = end, words = 0; i < n && sc->seg[i] == seg; i++)
		if (++words > ELIG_DENIAL_TAIL)
			return 0;
	return 1;
}

/*
 * In sentence y the service's negation is about a requirement: a word that
 * points back stands in the sentence (elig_points_back: "Our drop-in doesn't ask for that",
 * "W naszym punkcie tego wymogu nie ma"), the negation and "we" make a
 * short answer of their own ("We don't: just ring the bell", "Nous, non."),
 * or a negation stands within `reach` words of a condition cue in its comma
 * segment and the two close it (elig_closes_segment: "U nas nie jest to
 * potrzebne", "Wir verlangen das nicht"; not "Our beds are for permit
 * holders only, no exceptions").
 */
static int elig_denies_requirement(const struct elig_scan *sc, size_t y)
{
	size_t reach = (size_t)sc->lang->reach;

	if (elig_points_back(sc, y))
		return 1;
	for (size_t k = elig_sent_group(sc, ELIG_G_NEG, y);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->sent == y; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (elig_we_answers(sc, n))
			return 1;
		for (size_t j = elig_sent_group(sc, ELIG_G_CUE, y);
		     j < sc->ngroup[ELIG_G_CUE] && sc->group[ELIG_G_CUE][j]->sent == y; j++) {
			const struct elig_event *e = sc->group[ELIG_G_CUE][j];
			if (e->kind == ELIG_CUE && e->seg == n->seg &&
			    (e->start >= n->end ? e->start - n->end : n->start - e->end) <= reach &&
			    elig_closes_segment(sc, e->end > n->end ? e->end : n->end))
				return 1;
		}
	}
	return 0;
}

/*
 * Sentence y (negated, no topic, no "without") denies the requirement
 * through a `pro` word that points back to it, said by the service or its
 * people (a `we` or `staff` word: "Nobody here will ask you for it", "Hier
 * fragt niemand danach", "Здесь его никто не спросит"), the three in one
 * comma segment, with one negation and no `admit` word or sanction: "No
 * one is admitted who cannot show it" restates the condition. The
 * sentence before states no condition cue of its own: after "You need a
 * police report to stay" or "Frauen müssen aussagen", "Nobody here will
 * ask you about it" / "Hier fragt niemand danach" spares questions, not
 * the condition.
 */
static int elig_pronoun_denial(const struct elig_scan *sc, size_t y)
{
	size_t negs = 0, seg = SIZE_MAX;
	int who = 0, pro = 0;

	if (elig_sentence_has(sc, y, ELIG_ADMIT) || elig_sentence_has(sc, y, ELIG_SANCTION) ||
	    (y > 0 && elig_sentence_has(sc, y - 1, ELIG_CUE)))
		return 0;
	for (size_t k = elig_sent_group(sc, ELIG_G_NEG, y);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->sent == y; k++)
		if (negs++ == 0)
			seg = sc->group[ELIG_G_NEG][k]->seg;
	for (size_t k = elig_sent_ev(sc, y); k < sc->nev && sc->ev[k].sent == y && negs == 1; k++) {
		const struct elig_event *e = &sc->ev[k];
		who |= (e->kind == ELIG_WE || e->kind == ELIG_STAFF) && e->seg == seg;
		pro |= e->kind == ELIG_PRO && e->seg == seg;
	}
	return who &&
	       pro; /* not "Wir sagen Ihnen, welche es nicht tun": another segment's subject */
}

/* Kinds that name a subject of the rules without being a topic event. */
#define ELIG_SUBJECT_KINDS \
	ELIG_KINDS(ELIG_SOFT, ELIG_SENSE, ELIG_OFFICE, ELIG_STAY, ELIG_IDPROC, ELIG_RECORD)

/*
 * Sentence y names a subject of the rules (a soft topic, the police met in
 * another sense, an office, one's stay, an identification's procedure)
 * before its first negation: its denial has its own thing to point back to
 * ("We can come with you to the police station if you want to report, but
 * our help does not depend on it": "it" is the report), not the condition
 * of the sentence before.
 */
static int elig_names_subject_first(const struct elig_scan *sc, size_t y)
{
	size_t k = elig_sent_group(sc, ELIG_G_NEG, y), first;

	if (k >= sc->ngroup[ELIG_G_NEG] || sc->group[ELIG_G_NEG][k]->sent != y)
		return 0;
	first = sc->group[ELIG_G_NEG][k]->start;
	for (size_t j = elig_sent_ev(sc, y); j < sc->nev && sc->ev[j].sent == y; j++)
		if (elig_kinds_has(ELIG_SUBJECT_KINDS, sc->ev[j].kind) && sc->ev[j].end <= first)
			return 1;
	return 0;
}

/*
 * Sentence y is the service's "without conditions": a `we` word, no topic,
 * and its only "without" right before a condition cue (at most one word
 * between) that closes its comma segment ("Nos conseils à nous sont
 * gratuits et sans condition.", "La nostra consulenza è gratuita e senza
 * condizioni."). "We cannot book further sessions without it" has no cue
 * after its "without" and restates the condition as a double negative.
 * Asked only after another body's practice told with a hedge
 * (elig_hedged_after_we): after "Accogliamo solo donne che hanno sporto
 * denuncia." the service's own condition stands.
 */
static int elig_without_conditions(const struct elig_scan *sc, size_t y)
{
	size_t withouts = 0;
	const struct elig_event *w = NULL;

	if (!elig_sentence_has(sc, y, ELIG_WE) || elig_group_in(sc, ELIG_G_TOPICS, y))
		return 0;
	for (size_t k = elig_sent_ev(sc, y); k < sc->nev && sc->ev[k].sent == y; k++)
		if (sc->ev[k].kind == ELIG_WITHOUT && withouts++ == 0)
			w = &sc->ev[k];
	if (withouts != 1)
		return 0;
	for (size_t j = elig_sent_group(sc, ELIG_G_CUE, y);
	     j < sc->ngroup[ELIG_G_CUE] && sc->group[ELIG_G_CUE][j]->sent == y; j++) {
		const struct elig_event *e = sc->group[ELIG_G_CUE][j];
		if (e->kind == ELIG_CUE && e->seg == w->seg && e->start >= w->end &&
		    e->start - w->end <= 1 && elig_closes_segment(sc, e->end))
			return 1;
	}
	return 0;
}

/*
 * Sentence y says what the service itself does not require: it speaks of
 * itself ("we", "our"), negates, and the negation is about a requirement
 * (elig_denies_requirement); "We do not make exceptions" and "We do not
 * tolerate clients in the house" restate a condition instead. It names no
 * topic of its own, which the decision weighs by itself, and has no
 * "without": "We cannot book further sessions without it" restates the
 * condition as a double negative. Or it denies it with a pronoun
 * (elig_pronoun_denial).
 */
static int elig_own_denial(const struct elig_scan *sc, size_t y)
{
	if (!elig_sentence_has(sc, y, ELIG_NEG) || elig_sentence_has(sc, y, ELIG_WITHOUT))
		return 0;
	if (elig_group_in(sc, ELIG_G_TOPICS, y) || elig_names_subject_first(sc, y))
		return 0;
	if (elig_sentence_has(sc, y, ELIG_WE) && elig_denies_requirement(sc, y))
		return 1;
	return elig_pronoun_denial(sc, y);
}

/*
 * Sentence z + 1 starts after a full stop (or a question or exclamation
 * mark), not a semicolon: a clause after a semicolon continues the
 * condition ("...; rechtstreekse aanmeldingen kunnen wij niet in
 * behandeling nemen", "...; тех, кто не хочет, мы направляем в другие
 * организации").
 */
static int elig_full_stop_after(const struct elig_scan *sc, size_t z)
{
	size_t i = elig_sentence_first(sc, z + 1);

	return i < sc->text->ntoks && !(sc->text->toks[i].flags & ELIG_TOK_SEMI);
}

/*
 * Sentence z asks whether a sanction follows ("Endet meine Unterstützung,
 * wenn ich nicht aussage?", "Does my support end if I don't testify?"), or
 * whether something is required and negates nothing ("Brauche ich eine
 * Anzeige, um hier zu wohnen?", "Do I need to talk to the police to get a
 * bed?"), or whether the service does what a topic names and negates
 * nothing ("Melden Sie mich der Ausländerbehörde?", "Vous me signalez à
 * la police ?"; not whether one may: "May I keep my bed if I refuse to
 * testify? No." is a condition, elig_answer.c), and the next sentence
 * answers no (for the topic, with no cue of its own: "No, only if ..."
 * answers with a condition): the question states no condition. A question that negates ("Can I stay if I do not testify?
 * No.") is answered with one (elig_answer.c).
 */
static int elig_answered_no(const struct elig_scan *sc, size_t z)
{
	int asks = 0, sanction = 0, required = 0, act = 0, plain = 1;

	for (size_t i = elig_sentence_first(sc, z); i < sc->text->ntoks && sc->sent[i] == z; i++)
		asks |= (sc->text->toks[i].flags & ELIG_TOK_ASKED) != 0;
	if (!asks)
		return 0;
	sanction = elig_group_in(sc, ELIG_G_SANCTION, z);
	required = elig_group_in(sc, ELIG_G_CUES, z);
	act = elig_group_in(sc, ELIG_G_TOPICS, z) && !elig_group_in(sc, ELIG_G_CUES, z + 1);
	plain = !elig_group_in(sc, ELIG_G_NEGANY, z);
	for (size_t k = elig_sent_group(sc, ELIG_G_FORBID, z);
	     k < sc->ngroup[ELIG_G_FORBID] && sc->group[ELIG_G_FORBID][k]->sent == z; k++)
		act &= sc->group[ELIG_G_FORBID][k]->kind !=
		       ELIG_MAY; /* "May I keep my bed if ...? No." */
	return asks && (sanction || (plain && (required || act))) &&
	       elig_opens_with(sc, z + 1, ELIG_KINDS(ELIG_NEG, ELIG_NO), 0);
}

/*
 * Sentence z has a condition cue ("only", "must") that shares no word with
 * a `past` word: pt "fundada em" (founded in) is also the cue "based on".
 */
static int elig_cue_besides_past(const struct elig_scan *sc, size_t z)
{
	size_t from = elig_sent_ev(sc, z);

	for (size_t k = from; k < sc->nev && sc->ev[k].sent == z; k++) {
		const struct elig_event *c = &sc->ev[k];
		int past = 0;
		if (c->kind != ELIG_CUE)
			continue;
		for (size_t j = from; j < sc->nev && sc->ev[j].sent == z && !past; j++)
			past = sc->ev[j].kind == ELIG_PAST && sc->ev[j].start < c->end &&
			       c->start < sc->ev[j].end;
		if (!past)
			return 1;
	}
	return 0;
}

/* Words from the start of a sentence within which "since <year>" opens it. */
#define ELIG_SINCE_WORDS 2

/*
 * Sentence z tells how the service began (a `past` word such as
 * "founded", "gegründet", "fondée", "nata", and a year, with no condition
 * cue such as "only" and no `admit` word, which say what it does now:
 * "The shelter was founded in 1998 and only accepts women who have left
 * prostitution. Since 2010 it has had twelve beds.") and the next one,
 * after a full stop, opens with a year of its own: what it did then is
 * history, and the next sentence says what it does now ("St Brigid's was
 * founded in 1994 as a rehabilitation service for women leaving
 * prostitution. Since 2012 we have supported every woman ...",
 * "L'association a été fondée en 1992 ... pour les femmes sortant de la
 * prostitution. Depuis 2011, nous accompagnons toutes les femmes ...").
 */
static int elig_history_then_now(const struct elig_scan *sc, size_t z)
{
	const struct elig_text *x = sc->text;
	size_t next = elig_sentence_first(sc, z + 1);
	int year = 0, then = 0;

	if (!elig_sentence_has(sc, z, ELIG_PAST) || !elig_full_stop_after(sc, z) ||
	    elig_cue_besides_past(sc, z) || elig_sentence_has(sc, z, ELIG_ADMIT))
		return 0; /* "was founded in 1998 and only accepts women who ...": still the rule */
	for (size_t i = elig_sentence_first(sc, z); i < x->ntoks && sc->sent[i] == z; i++)
		year |= elig_year(x, i);
	for (size_t i = next; i < x->ntoks && sc->sent[i] == z + 1 && i - next < ELIG_SINCE_WORDS;
	     i++)
		then |= elig_year(x, i);
	return year && then;
}

/*
 * Hedge event e has a body of the lists (a soft topic: the Home Office,
 * die Ausländerbehörde, la préfecture) before it in its comma segment: the
 * body is the one whose practice it tells.
 */
static int elig_body_before(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t k = elig_sent_ev(sc, e->sent); k < sc->nev && sc->ev[k].sent == e->sent; k++)
		if (sc->ev[k].kind == ELIG_SOFT && sc->ev[k].seg == e->seg &&
		    sc->ev[k].end <= e->start)
			return 1;
	return 0;
}

/*
 * Sentence z tells another body's practice after its "we": a `hedge` word
 * (usually, in der Regel, en principe) with a body before it in its comma
 * segment, and no `we` word in that segment or after it ("We advise on all
 * residence options, including the permission to stay for victims of
 * trafficking, which the Home Office usually only grants if you are
 * helping a police investigation."). The service speaks of itself only
 * before the other body's rule; "We have six beds, usually only for women
 * who have reported to the police" names no body and stays the service's,
 * and so does a hold at token a before a `we` word of the sentence ("...
 * von der polizei mitbringen ... wir beraten ..., die die Ausländerbehörde
 * in der Regel nur erteilt": the hedge is the body's, the topic before it
 * the service's).
 */
static int elig_hedged_after_we(const struct elig_scan *sc, size_t z, size_t a)
{
	size_t from = elig_sent_ev(sc, z);

	for (size_t k = from; k < sc->nev && sc->ev[k].sent == z; k++)
		if (sc->ev[k].kind == ELIG_WE && sc->ev[k].start > a)
			return 0; /* a stands before the service's words: its own condition */
	for (size_t k = from; k < sc->nev && sc->ev[k].sent == z; k++) {
		const struct elig_event *e = &sc->ev[k];
		int we_after = 0;
		if (e->kind != ELIG_HEDGE || !elig_body_before(sc, e))
			continue;
		for (size_t j = from; j < sc->nev && sc->ev[j].sent == z && !we_after; j++)
			we_after = sc->ev[j].kind == ELIG_WE && sc->ev[j].seg >= e->seg;
		if (!we_after)
			return 1;
	}
	return 0;
}

/*
 * Kinds a sentence between another body's practice and the service's denial
 * may not have: a topic, trade word, condition cue or sanction (a soft topic
 * or soft cue of its own is decided on its own: "Talk to our immigration
 * adviser before you decide").
 */
#define ELIG_ASIDE_KINDS ELIG_KINDS(ELIG_TOPIC, ELIG_STRICT, ELIG_TRADE, ELIG_CUE, ELIG_SANCTION)

/*
 * Sentence z tells another body's practice with a hedge (elig_hedged_after_we:
 * "the Home Office usually only grants ..."), the next sentence is an aside
 * (ELIG_ASIDE_KINDS: "Talk to our immigration adviser before you decide
 * anything."), and the one after it, after full
 * stops, is the service's own denial ("Our own advice is free and has no
 * conditions attached."): the denial still answers the other body's rule.
 * Without the hedge a condition two sentences before a denial stays the
 * service's own ("Only women with a police report can stay. Ring the bell.
 * We have no other rules" is held).
 */
static int elig_denied_after_aside(const struct elig_scan *sc, size_t z, size_t a)
{
	size_t last = sc->text->ntoks > 0 ? sc->sent[sc->text->ntoks - 1] : 0;

	return z + 2 <= last && elig_hedged_after_we(sc, z, a) &&
	       !elig_sentence_has_kind(sc, z + 1, ELIG_ASIDE_KINDS) &&
	       elig_full_stop_after(sc, z + 1) &&
	       (elig_own_denial(sc, z + 2) || elig_without_conditions(sc, z + 2));
}

/*
 * The sentence of token a states another party's condition that the next
 * sentence denies for the service (or a question answered no). Only the
 * NEXT sentence: a denial before the condition ("Our drop-in doesn't ask
 * for that. Only women with a police report can stay overnight.") points
 * back to something else, and the condition after it is the service's own.
 */
int elig_contrasted(const struct elig_scan *sc, size_t a)
{
	size_t z = sc->sent[a];

	if (elig_answered_no(sc, z) || elig_history_then_now(sc, z))
		return 1;
	if (elig_sentence_has(sc, z, ELIG_WE) && !elig_hedged_after_we(sc, z, a))
		return 0; /* the service's own words: "We only take ..." */
	return elig_full_stop_after(sc, z) &&
	       (elig_own_denial(sc, z + 1) ||
		(elig_hedged_after_we(sc, z, a) && elig_without_conditions(sc, z + 1)) ||
		elig_denied_after_aside(sc, z, a));
}
