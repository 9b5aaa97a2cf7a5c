/*
 * elig_clear.c - what clears a topic or frames it as no condition: clear
 * phrases and their frames ("how", "or not", "what is", "where", "begin"),
 * offers after a break, negated list headings, negated cues nearby, and
 * hedges or double frames around a cue. Reads a scanned text only.
 */
#include "elig_int.h"
#include "elig_answer.h"
#include "elig_clear.h"
#include "elig_neg.h"

/*
 * elig_cue_event_negated for cue c, asked once per text: sc->cue_negated
 * keeps the answer, since every topic after a list's head asks about
 * each cue before it.
 */
static int elig_cue_negated_once(const struct elig_scan *sc, const struct elig_event *c)
{
	unsigned char *known = &sc->cue_negated[c - sc->ev];

	if (*known == 0)
		*known = elig_cue_event_negated(sc, c) ? 2 : 1;
	return *known == 2;
}

/*
 * A condition cue that is not negated stands in t's own comma segment:
 * "No problem: help only after a police report" is no list of what is
 * not asked.
 */
static int elig_cue_in_segment(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUE]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind == ELIG_CUE && c->seg == t->seg && c->start < t->start &&
		    !elig_cue_negated_once(sc, c))
			return 1;
	}
	return 0;
}

/* A colon ends the segment of negation n, before topic t ("What we don't ask for: ..."). */
static int elig_colon_after(const struct elig_scan *sc, const struct elig_event *n,
			    const struct elig_event *t)
{
	for (size_t i = n->end; i <= t->start && i < sc->text->ntoks; i++)
		if (sc->seg[i] != n->seg)
			return (sc->text->toks[i].flags & ELIG_TOK_COLON) != 0;
	return 0;
}

/*
 * Topic t stands in the list headed by event c: in c's clause, or after a
 * colon that follows c with only semicolons between the items ("What we
 * do not ask for: a residence permit; a police report; your real name").
 * A semicolon ends a sentence for everything else; a full stop or a
 * break phrase ends the list.
 */
static int elig_in_list_of(const struct elig_scan *sc, const struct elig_event *c,
			   const struct elig_event *t)
{
	int colon = 0;

	if (c->clause == t->clause)
		return 1;
	for (size_t i = c->end; i <= t->start && i < sc->text->ntoks; i++) {
		int f = sc->text->toks[i].flags;
		if ((f & ELIG_TOK_SENT) ? !(f & ELIG_TOK_SEMI) || !colon
					: i > 0 && sc->clause[i] != sc->clause[i - 1])
			return 0;
		colon |= (f & ELIG_TOK_COLON) != 0;
	}
	return colon;
}

/*
 * A cue or soft cue stands in t's sentence (a semicolon ends one), before
 * or after t ("a police report is required", "eine Anzeige ist aber Pflicht").
 */
static int elig_cue_by(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t k = elig_group_from(sc, ELIG_G_CUES, elig_sentence_first(sc, t->sent));

	return k < sc->ngroup[ELIG_G_CUES] && sc->group[ELIG_G_CUES][k]->sent == t->sent;
}

/*
 * A negated cue heads the list t stands in: "What we don't ask for: a
 * police report, an NRM referral, ... or a promise to stop working",
 * "Was wir nicht verlangen: eine Anzeige, ..."), or a negation in the
 * segment a colon ends. Every item of the list after it is cleared,
 * however far, also across semicolons after the colon
 * (elig_in_list_of) unless a cue stands in t's own part ("What we do
 * not ask for: a passport; a police report is required"). A negation that
 * is an answer on its own (elig_neg_interjection: "No: a police report is
 * required", "К сожалению, нет: мы принимаем только ...") heads no list.
 */
int elig_list_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = elig_group_from(sc, ELIG_G_CUENEG, sc->run_first[t->start]);
	     k < sc->ngroup[ELIG_G_CUENEG] && sc->group[ELIG_G_CUENEG][k]->start < t->start; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUENEG][k];
		if (c->end > t->start || c->seg == t->seg || !elig_in_list_of(sc, c, t) ||
		    (c->clause != t->clause && elig_cue_by(sc, t)))
			continue; /* in t's own segment neither a cue nor a colon heads a list */
		if (c->kind == ELIG_CUE && elig_cue_negated_once(sc, c))
			return 1;
		if (c->kind == ELIG_NEG && elig_colon_after(sc, c, t) &&
		    !elig_neg_interjection(sc, c) && !elig_cue_in_segment(sc, t))
			return 1;
	}
	return 0;
}

/* Words a conditional conjunction may stand after its cue: "only if", "only available if". */
#define ELIG_CUE_IF_REACH 2

/*
 * Softening event e right after a cue states the condition: a single word
 * ("only available if you file a report"), or a phrase followed by a
 * purpose word ("only with your consent to share your data with the Home
 * Office"). A phrase of consent or manner alone does not ("alleen met
 * jouw toestemming naar de IND": only with your consent, elig-prec9).
 */
static int elig_soften_states(const struct elig_scan *sc, const struct elig_event *e)
{
	if (e->end - e->start == 1)
		return 1;
	for (size_t k = elig_event_from(sc, e->end); k < sc->nev && sc->ev[k].start == e->end; k++)
		if (sc->ev[k].kind == ELIG_PURPOSE)
			return 1;
	return 0;
}

/*
 * Does frame event e count inside the phrase [a, b) from cue to topic t?
 * Not when all its words are the cue's or the topic's own, not a clearing
 * frame (only one before the phrase clears), and not a softening word
 * right after the cue in the topic's comma segment: the "if" of "only
 * available if you file a report" states the condition
 * (elig_soften_states). Any other (the
 * "appointment" of "Help only by appointment, including for police
 * reports") does.
 */
static int elig_frame_inside(const struct elig_scan *sc, const struct elig_event *e,
			     const struct elig_event *t, const struct elig_event *cue)
{
	int own = 1;

	for (size_t i = e->start; i < e->end && own; i++)
		own = elig_own_word(t, i) || elig_own_word(cue, i);
	if (own || e->kind == ELIG_CLEAR)
		return 0;
	return !(e->kind == ELIG_SOFTEN && cue != NULL && cue->end <= t->start &&
		 e->start >= cue->end && e->start - cue->end <= ELIG_CUE_IF_REACH &&
		 e->seg == t->seg && elig_soften_states(sc, e));
}

/*
 * Hedge e (a frequency word, another party: "usually", "some shelters")
 * ends before the later of topic t and its cue (NULL for a strict phrase)
 * starts, where it can be the condition's subject or its adverb: "Some
 * councils check immigration status", "A police report is usually
 * required". One after the condition is about something else: "Support
 * is withdrawn if a participant goes back to escorting or any other form
 * of sex work".
 */
static int elig_hedge_before(const struct elig_event *e, const struct elig_event *t,
			     const struct elig_event *cue)
{
	size_t last = cue != NULL && cue->start > t->start ? cue->start : t->start;

	return e->end <= last;
}

/*
 * A frame stands in t's sentence beside the phrase from its cue (NULL for
 * a strict phrase) to t: a negation, a "without", an offer or a softening
 * word (a hypothetical, an explanation, an appointment) anywhere in the
 * sentence other than the phrase's own words (elig_frame_inside), or a
 * clearing frame before the phrase ("for women who want to ...", but not
 * the "help you with" of "You must file a police report before we can
 * help you with anything"). A condition in such a sentence is held, not
 * refused: refusals are kept for the unambiguous, and a person decides the
 * rest.
 */
int elig_sentence_framed(const struct elig_scan *sc, const struct elig_event *t,
			 const struct elig_event *cue)
{
	size_t a = t->start, b = t->end;

	if (cue != NULL) {
		a = cue->start < a ? cue->start : a;
		b = cue->end > b ? cue->end : b;
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FRAME]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_FRAME][k];
		if (e->sent != t->sent || elig_neg_interjection(sc, e) ||
		    (e->kind == ELIG_HEDGE && !elig_hedge_before(e, t, cue)))
			continue;
		if (e->start < b && e->end > a) {
			if (elig_frame_inside(sc, e, t, cue))
				return 1;
			continue;
		}
		if (e->kind != ELIG_CLEAR || e->end <= a)
			return 1;
	}
	return 0;
}

/*
 * A condition cue in t's clause within `window` words that is negated
 * ("Eine Anzeige ist nicht erforderlich", "not required"): the text
 * states the condition does not apply.
 */
static int elig_negated_cue_near(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t window = (size_t)sc->lang->window;

	/* a clause lies inside its sentence: walk that sentence's cues alone */
	for (size_t k = elig_group_from(sc, ELIG_G_CUE, elig_sentence_first(sc, t->sent));
	     k < sc->ngroup[ELIG_G_CUE] && sc->group[ELIG_G_CUE][k]->sent == t->sent; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind != ELIG_CUE || c->clause != t->clause)
			continue;
		if ((c->start >= t->end   ? c->start - t->end
		     : t->start >= c->end ? t->start - c->end
					  : 0) > window)
			continue;
		if (elig_cue_negated(sc, c, t) || elig_cue_event_negated(sc, c))
			return 1;
	}
	return 0;
}

/*
 * t lies inside another topic phrase that is negated or offered ("we never
 * share your data with immigration authorities" holds the strict phrase
 * "share ... with immigration", negated by "never").
 */
static int elig_inside_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from, near = t->end > ELIG_MAX_SPAN ? t->end - ELIG_MAX_SPAN : 0;

	/* a topic that spans t starts at most one event's span before t ends, and not after t starts */
	for (size_t k = elig_group_from(sc, ELIG_G_TOPICS, near);
	     k < sc->ngroup[ELIG_G_TOPICS] && sc->group[ELIG_G_TOPICS][k]->start <= t->start; k++) {
		const struct elig_event *o = sc->group[ELIG_G_TOPICS][k];
		if (o == t || (o->kind != ELIG_TOPIC && o->kind != ELIG_STRICT) || o->end < t->end)
			continue;
		if (elig_without(sc, o, &from) == 1 || elig_event_negated(sc, o) ||
		    elig_optional_near(sc, o))
			return 1;
	}
	return 0;
}

/*
 * A condition cue or soft cue lies in tokens [a, b) and ends at most
 * `reach` words before b, in b's comma segment: it governs what starts at
 * b (not in "te ajută cu amenzile date pe baza regulamentelor locale,
 * permisele de ședere", a list of what the help is with).
 */
static int elig_cue_between(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = elig_group_from(sc, ELIG_G_CUES, a);
	     k < sc->ngroup[ELIG_G_CUES] && sc->group[ELIG_G_CUES][k]->start < b; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUES][k];
		if (c->end <= b && b - c->end <= (size_t)sc->lang->reach && c->seg == sc->seg[b])
			return 1;
	}
	return 0;
}

/*
 * After D4 topic t, past its comma segment, in its sentence or the next
 * one after a semicolon, a condition cue nothing negates or a negated
 * forbid modal stands ("..., y compris celles qui ont
 * quitté la prostitution; les autres doivent partir", "incluidas las que
 * han dejado la prostitución; las demás no pueden quedarse"): the group a
 * clear phrase names is the one let in, and the rest are sent away. A
 * clear phrase after t ("left the scene ten years ago; residents must
 * ...") yields to a cue only (bans unset): "никой не трябва да спира"
 * (nobody has to stop) reads as a negated ban.
 */
static int elig_d4_demanded_after(const struct elig_scan *sc, const struct elig_event *t, int bans)
{
	static const int groups[] = { ELIG_G_CUE, ELIG_G_FORBID };

	if (t->rule != 4)
		return 0;
	for (size_t g = 0; g < (bans ? 2u : 1u); g++)
		for (size_t k = elig_group_from(sc, groups[g], t->end);
		     k < sc->ngroup[groups[g]] && sc->group[groups[g]][k]->sent <= t->sent + 1;
		     k++) {
			const struct elig_event *c = sc->group[groups[g]][k];
			if (c->sent != t->sent &&
			    !(sc->text->toks[elig_sentence_first(sc, c->sent)].flags &
			      ELIG_TOK_SEMI))
				break;
			if (c->seg != t->seg && (c->kind == ELIG_CUE || c->kind == ELIG_FORBID) &&
			    (c->kind == ELIG_FORBID) == elig_event_negated(sc, c))
				return 1;
		}
	return 0;
}

/* Words at most in the clause of an offer after a break ("but that is your decision"). */
#define ELIG_OFFER_CLAUSE 6

/*
 * The clause right after topic t's, in its sentence, opens with a break,
 * is short, names no topic and no condition cue, and makes an offer:
 * "Aangifte doen bij de politie mag, maar dat beslis je zelf", "Може да
 * подадете и сигнал в полицията, но това е ваше решение". The offer is
 * about t's clause. Only a topic without a condition cue is cleared so
 * (elig_cleared_by).
 */
static int elig_offer_after_break(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t c = t->clause + 1, first = SIZE_MAX, words = 0;
	int brk = 0, offer = 0;

	for (size_t i = t->end;
	     i < sc->text->ntoks && sc->clause[i] <= c && words <= ELIG_OFFER_CLAUSE; i++)
		if (sc->clause[i] == c) {
			first = first == SIZE_MAX ? i : first;
			words++;
		}
	if (first == SIZE_MAX || sc->sent[first] != t->sent || words > ELIG_OFFER_CLAUSE)
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].clause <= c; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->clause != c)
			continue;
		if (e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT || e->kind == ELIG_SOFT ||
		    e->kind == ELIG_CUE)
			return 0; /* "maar alleen als je wilt blijven": a condition, no offer */
		brk |= e->kind == ELIG_BREAK && e->start == first;
		offer |= e->kind == ELIG_OPTIONAL;
	}
	return brk && offer;
}

/*
 * "Or not" c follows topic t in its sentence and ends its comma segment
 * (at most one word after it): either is fine ("Che tu sia stata
 * identificata come vittima di tratta oppure no", "Tanto si te han
 * identificado como víctima como si no"). One with more words after it is
 * another alternative of the condition: "Kurs dla kobiet, które odeszły z
 * prostytucji lub nie pracują od roku".
 */
int elig_or_not_after(const struct elig_scan *sc, const struct elig_event *c,
		      const struct elig_event *t)
{
	size_t i = c->end;

	if (c->sent != t->sent || c->start < t->end)
		return 0;
	while (i < sc->text->ntoks && sc->seg[i] == c->seg && i - c->end <= 1)
		i++;
	return i - c->end <= 1;
}

/*
 * "How" c opens the sentence or the part after a colon, and topic t
 * follows in its comma segment: it asks or announces how a procedure goes
 * ("Workshop: how to make a police report", "Wie erstatte ich eine
 * Anzeige", "Atelier : comment porter plainte", "jak złożyć
 * zawiadomienie"). It informs; it sets no condition. Opening the sentence
 * keeps "as" out, which many languages write with the same word
 * ("identificada como víctima", "як жертва"), and so does not counting
 * one after a comma ("tak długo, jak ... potrzebują twoich zeznań", "після
 * того, як ... встановить статус": as long as, after).
 */
static int elig_how_opens(const struct elig_scan *sc, const struct elig_event *c,
			  const struct elig_event *t)
{
	int f = sc->text->toks[c->start].flags;

	return c->seg == t->seg && c->end <= t->start &&
	       (c->start == 0 || (f & ELIG_TOK_SENT) || (f & ELIG_TOK_COLON));
}

/* Sentence z names a cue, a soft cue or a "without" ("Ohne sie gibt es kein Zimmer"). */
static int elig_sentence_demands(const struct elig_scan *sc, size_t z)
{
	size_t first = elig_sentence_first(sc, z), k = elig_group_from(sc, ELIG_G_CUES, first),
	       w = elig_group_from(sc, ELIG_G_WITHOUT, first);

	return (k < sc->ngroup[ELIG_G_CUES] && sc->group[ELIG_G_CUES][k]->sent == z) ||
	       (w < sc->ngroup[ELIG_G_WITHOUT] && sc->group[ELIG_G_WITHOUT][w]->sent == z);
}

/*
 * A "what is" (list directive "what") opens t's sentence, which asks: it
 * asks what t is ("What is the NRM?", "Was ist eine
 * Aufenthaltserlaubnis?", "Что такое статус жертвы?"), a question of a
 * FAQ, not a condition. Neither the question nor the sentence after it
 * may name a cue or a "without": "What is needed? A police report.",
 * "What is your NRM reference? Only referred women can stay." keep their
 * topic.
 */
static int elig_what_asks(const struct elig_scan *sc, const struct elig_event *c,
			  const struct elig_event *t)
{
	return c->sent == t->sent && c->end <= t->start &&
	       (c->start == 0 || (sc->text->toks[c->start].flags & ELIG_TOK_SENT)) &&
	       elig_sentence_asks(sc, t->start) && !elig_sentence_demands(sc, t->sent) &&
	       !elig_sentence_demands(sc, t->sent + 1);
}

/*
 * A "where" opens a clause in tokens [a, b): a clearing frame before it
 * names what a service does, and the clause after it may set a condition
 * ("Help with housing where a police report has been filed", "Помощь с
 * жильём, где подано заявление в полицию").
 */
static int elig_where_between(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = elig_group_from(sc, ELIG_G_WHERE, a);
	     k < sc->ngroup[ELIG_G_WHERE] && sc->group[ELIG_G_WHERE][k]->start < b; k++)
		if (sc->group[ELIG_G_WHERE][k]->end <= b)
			return 1;
	return 0;
}

/*
 * Between tokens a and b, in b's segment, a word of the service starting
 * stands ("L'accompagnement débute après le dépôt de plainte", "O
 * acompanhamento começa após ..."): the help named before it is the
 * subject of its start, not what it helps with.
 */
static int elig_begun_between(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = elig_group_from(sc, ELIG_G_BEGIN, a);
	     k < sc->ngroup[ELIG_G_BEGIN] && sc->group[ELIG_G_BEGIN][k]->start < b; k++) {
		const struct elig_event *g = sc->group[ELIG_G_BEGIN][k];
		if (g->end <= b && g->seg == sc->seg[b])
			return 1;
	}
	return 0;
}

/* Words between a clear phrase naming a group and the topic that is the group ("open to every residence status" names all). */
#define ELIG_GROUP_TOPIC_GAP 0

/*
 * Clear phrase c, whose words are also a cue naming who a service is for
 * ("open to"), is followed at once by topic t: t is the group it
 * names ("Open to witnesses in criminal proceedings"), not a topic that
 * "open to all" clears further on.
 */
static int elig_group_is_topic(const struct elig_scan *sc, const struct elig_event *c,
			       const struct elig_event *t)
{
	if (t->start < c->end || t->start - c->end > ELIG_GROUP_TOPIC_GAP)
		return 0;
	for (size_t k = elig_group_from(sc, ELIG_G_CUES, c->start);
	     k < sc->ngroup[ELIG_G_CUES] && sc->group[ELIG_G_CUES][k]->start == c->start; k++)
		if (sc->group[ELIG_G_CUES][k]->end == c->end)
			return 1;
	return 0;
}

/*
 * A frame that clears topic t: a negation or offer around it (always), or,
 * when frames is set, a "clear" phrase (naming the group a service is for,
 * what it helps with, "whether or not", "regardless of") in the same
 * clause, ending at most `window` words before the topic or starting
 * within `reach` words after it. A clear phrase before a topic (not a
 * soft one) does not reach it over a cue that governs it: in "Help with
 * rent is available to those holding a crime reference number" the help
 * is with the rent, and "available to" governs the number. Nor does one
 * before a topic reach it over a word of the service starting
 * (elig_begun_between), or clear the topic that is the group it names
 * (elig_group_is_topic). No clear phrase
 * before a topic reaches it over a "where" (elig_where_between), nor a D4
 * topic with a cue or ban in a later segment of its sentence
 * (elig_d4_demanded_after).
 */
int elig_cleared_by(const struct elig_scan *sc, const struct elig_event *t, int frames)
{
	if (elig_negated_cue_near(sc, t) || elig_inside_negated(sc, t) ||
	    elig_neg_in_segment(sc, t))
		return 1;
	if (frames && elig_offer_after_break(sc, t))
		return 1;
	/* every frame counts only in t's sentence: walk that sentence's frames alone */
	for (size_t k = frames ? elig_group_from(sc, ELIG_G_CLEAR, elig_sentence_first(sc, t->sent))
			       : sc->ngroup[ELIG_G_CLEAR];
	     k < sc->ngroup[ELIG_G_CLEAR] && sc->group[ELIG_G_CLEAR][k]->sent == t->sent; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CLEAR][k];
		if (c->kind == ELIG_HOW && elig_how_opens(sc, c, t))
			return 1;
		if (c->kind == ELIG_WHAT && elig_what_asks(sc, c, t))
			return 1;
		if (c->kind == ELIG_ORNOT && elig_or_not_after(sc, c, t))
			return 1;
		if (c->kind != ELIG_CLEAR || c->clause != t->clause)
			continue;
		if (c->end <= t->start && t->start - c->end <= (size_t)sc->lang->window &&
		    !(t->kind != ELIG_SOFT && elig_cue_between(sc, c->end, t->start)) &&
		    !elig_begun_between(sc, c->end, t->start) && !elig_group_is_topic(sc, c, t) &&
		    !elig_where_between(sc, c->end, t->start) && !elig_d4_demanded_after(sc, t, 1))
			return 1;
		if (c->start >= t->end && c->start - t->end <= (size_t)sc->lang->reach &&
		    !elig_d4_demanded_after(sc, t, 0))
			return 1;
		if (c->start < t->end && t->start < c->end)
			return 1;
	}
	return 0;
}

int elig_cleared(const struct elig_scan *sc, const struct elig_event *t)
{
	return elig_cleared_by(sc, t, 1);
}

/*
 * A double negative in a sentence that also softens, offers or clears
 * ("Das Angebot richtet sich nur an Frauen, egal ob mit oder ohne
 * Anzeige": "egal ob" is a negation, but the sentence says either is
 * fine): held, not refused.
 */
int elig_double_framed(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FRAME]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_FRAME][k];
		if (e->sent == t->sent &&
		    (e->kind == ELIG_SOFTEN || e->kind == ELIG_OPTIONAL || e->kind == ELIG_CLEAR ||
		     (e->kind == ELIG_HEDGE && elig_hedge_before(e, t, NULL))))
			return 1;
	}
	return 0;
}
