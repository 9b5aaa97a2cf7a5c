/*
 * elig_match.c - one phrase list over one normalised text: scan it
 * (elig_scan.c), then decide between refused, held and accepted, topic
 * by topic (elig_topic_step, elig_soft_held, elig_decide). The checks the
 * steps use are in elig_neg.c, elig_clear.c, elig_cue.c, elig_prohibit.c
 * and elig_negcond.c. docs/eligibility.md, "How matching works", explains
 * the steps.
 */
#include "eligibility.h"

#include <stdlib.h>
#include <string.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_clear.h"
#include "elig_contrast.h"
#include "elig_cue.h"
#include "elig_doubt.h"
#include "elig_everyday.h"
#include "elig_family.h"
#include "elig_neg.h"
#include "elig_prohibit.h"
#include "elig_scan.h"

/* Words a softening word may follow a soft topic and make it optional. */
#define ELIG_SOFT_IF_REACH 1
/* Words at most after that softening word to the end of its comma segment. */
#define ELIG_SOFT_IF_WORDS 3

/*
 * The softening event e is a short clause of its own that ends its comma
 * segment: "if you have one", "если он есть", "if available" make the
 * topic before them optional; "if you are a victim", "if possible within
 * a week" are longer and say something else. A softening word that itself
 * ends the segment opens no clause: it is the verb of the topic's own
 * clause ("Aufgenommen wird nur, wer die Abmeldung belegen kann").
 */
static int elig_soft_if_short(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t z = e->end, words = 0;

	for (; z < sc->text->ntoks && sc->seg[z] == e->seg && words <= ELIG_SOFT_IF_WORDS; z++)
		words++;
	return words >= 1 && words <= ELIG_SOFT_IF_WORDS;
}

/*
 * Soft topic t under a "without" that the negation starting at token a
 * (elig_without's *from) makes a condition: a negation before the
 * "without", at most one word before it, and no without itself ("Nobody
 * without a valid visa is admitted", "no help without a visa"; not
 * "without papers, no questions asked", whose *from is the "without"),
 * in a sentence with no word of turning away ("Мы не бросаем
 * никого без документов", "Aucune personne sans titre n'est refusée").
 * Reads sc only; walks the events near a and t.
 */
static int elig_soft_without_condition(const struct elig_scan *sc, const struct elig_event *t,
				       size_t a)
{
	size_t k = elig_group_from(sc, ELIG_G_NEG, a);
	size_t back = (size_t)sc->lang->window + ELIG_MAX_SPAN;
	size_t to = t->end + (size_t)sc->lang->window;

	size_t w;

	if (a >= t->start || k >= sc->ngroup[ELIG_G_NEG] || sc->group[ELIG_G_NEG][k]->start != a ||
	    sc->group[ELIG_G_NEG][k]->kind != ELIG_NEG || elig_without_at(sc, a))
		return 0;
	w = elig_group_from(sc, ELIG_G_WITHOUT, sc->group[ELIG_G_NEG][k]->end);
	if (w >= sc->ngroup[ELIG_G_WITHOUT] || sc->group[ELIG_G_WITHOUT][w]->start >= t->start ||
	    sc->group[ELIG_G_WITHOUT][w]->start - sc->group[ELIG_G_NEG][k]->end > 1)
		return 0; /* "Мы не бросаем никого без документов": a verb between */
	for (size_t e = elig_event_from(sc, a > back ? a - back : 0);
	     e < sc->nev && sc->ev[e].start <= to; e++)
		if (sc->ev[e].kind == ELIG_REJECT && sc->ev[e].sent == t->sent)
			return 0;
	return 1;
}

/* Words at most from a modal to the admitting it is about ("peuvent être hébergées"). */
#define ELIG_MODAL_ADMIT_GAP 2

/*
 * A soft topic (a body, document or procedure near a D1-D5 subject, such
 * as "police" or "identification") governed by a condition cue and neither
 * negated, offered nor cleared: "accommodation only after identification
 * by the police". Alone it says nothing; with a cue, a person decides. A
 * sanction in its sentence holds a D1 one even negated, as it holds a
 * topic (elig_sanctioned): "if your status is not confirmed, support
 * ends"; the other rules' soft words (police, resuming work) stand in
 * house rules and time limits for everyone too often. A
 * softening word right after it makes it optional ("Attach a copy of your
 * passport if you have one", "Приложите копию паспорта, если он есть").
 */
static int elig_soft_held(const struct elig_scan *sc, const struct elig_event *t)
{
	struct elig_hit h;
	size_t from;
	int offered = elig_optional_near(sc, t), w;

	if (!offered && elig_prohibited(sc, t))
		return 1; /* "les résidentes ne doivent plus recevoir de clients" */
	if (!offered && t->rule == 1 && elig_sanctioned(sc, t))
		return 1; /* "Если статус не будет установлен, помощь прекращается" */
	if (!offered && elig_relapse_costs(sc, t))
		return 1; /* "Any return to the previous activity ends the tenancy" */
	if (!offered && elig_pledged(sc, t))
		return 1; /* "In the admission interview she confirms her decision to end the activity" */
	w = elig_without(sc, t, &from);
	if (!offered && w == 2 && elig_soft_without_condition(sc, t, from))
		return 1; /* "Nobody without a valid visa is admitted", as a topic's double negative */
	if (!offered && w == 3 && elig_without_limited(sc, t))
		return 1; /* "Без поданного заявления ... не более одной ночи", as a topic's "without" */
	if (offered || w == 1 || elig_event_negated(sc, t) || elig_list_negated(sc, t))
		return 0;
	for (size_t k = elig_group_from(sc, ELIG_G_NEG, t->end);
	     k < sc->ngroup[ELIG_G_NEG] &&
	     sc->group[ELIG_G_NEG][k]->start <= t->end + (size_t)sc->lang->reach;
	     k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->clause == t->clause && e->start >= t->end &&
		    e->start - t->end <= (size_t)sc->lang->reach)
			return 0; /* "Documents needed: none", "police: never" */
	}
	for (size_t k = elig_group_from(sc, ELIG_G_FRAME, t->end);
	     k < sc->ngroup[ELIG_G_FRAME] &&
	     sc->group[ELIG_G_FRAME][k]->start <= t->end + ELIG_SOFT_IF_REACH;
	     k++) {
		const struct elig_event *e = sc->group[ELIG_G_FRAME][k];
		if (e->kind == ELIG_SOFTEN && e->clause == t->clause && e->start >= t->end &&
		    e->start - t->end <= ELIG_SOFT_IF_REACH && !elig_cue_word(sc, e->start) &&
		    !(elig_kind_starts_in(sc, ELIG_FORBID, e->start, e->end) &&
		      elig_kind_starts_in(sc, ELIG_ADMIT, e->end, e->end + ELIG_MODAL_ADMIT_GAP)) &&
		    elig_soft_if_short(sc, e))
			return 0; /* "Приложите копию паспорта, если он есть": if there is one; a
				   * modal of admitting is no "if": "qui ne se prostituent plus
				   * peuvent être hébergées" */
	}
	if (elig_find_cue_of(sc, t, 0,
			     &h)) /* "... des témoins uniquement": no frame clears "only" */
		return !elig_cleared_by(sc, t, 0);
	return (elig_find_cue_of(sc, t, 1, &h) || elig_neighbour_cue(sc, t) ||
		elig_heading_cue(sc, t)) &&
	       !elig_cleared(sc, t);
}

/*
 * Soft topic t is held by the text around it (steps 7e, 7f, 8b): an
 * exclusion in its sentence, a pronoun in the next sentence's condition, a
 * criteria heading before it, or a story of leaving sex work.
 */
static int elig_soft_referred(const struct elig_scan *sc, const struct elig_event *t)
{
	return elig_excluded(sc, t) || elig_referred_back(sc, t) || elig_under_heading(sc, t) ||
	       elig_exit_story(sc, t);
}

/* What the decision does with a topic (elig_topic_step). */
enum elig_topic_step {
	ELIG_STEP_SKIP,  /* cancelled or cleared */
	ELIG_STEP_HOLD,  /* held at once: never refused, never contrasted (step 7b) */
	ELIG_STEP_DECIDE /* refused unless in doubt, else held: h and *refuse say how */
};

/* A hold or refusal of rule on event t's own tokens, with no cue. */
static struct elig_hit elig_hit_of(const struct elig_event *t, int rule)
{
	return (struct elig_hit){ rule, t->start, t->end, 0, 0, 0, NULL };
}

/*
 * Topic t, cleared by a negation, an offer or a frame, is still set as a
 * condition when, away from any offer, a sanction follows it, a question
 * answers it (elig_answered_condition's mode answered), an exclusion or a
 * pronoun refers back to it, a criteria heading stands over it (when
 * heading), or "but it is required" restates it (when but).
 */
static int elig_restated(const struct elig_scan *sc, const struct elig_event *t, int answered,
			 int heading, int but)
{
	return !elig_optional_near(sc, t) &&
	       (elig_sanctioned(sc, t) || elig_answered_condition(sc, t, answered) ||
		elig_excluded(sc, t) || elig_referred_back(sc, t) ||
		(heading && elig_under_heading(sc, t)) || (but && elig_but_required(sc, t)));
}

/*
 * The step for topic or strict topic t, which no "without" governs (w,
 * from elig_without, is 0 or 1): a prohibition of sex work, a negated
 * condition, a sanction or a question answered with a condition holds it
 * at once; a negation, an offer or a clearing frame cancels it; else its
 * cue (or its being strict, or a required document) decides, with h
 * filled and *refuse set when it is refused unless in doubt. held: a hold
 * is kept already, so a topic that no cue governs adds nothing. Reads sc
 * only.
 */
static enum elig_topic_step elig_topic_step(const struct elig_scan *sc, const struct elig_event *t,
					    int w, int held, struct elig_hit *h, int *refuse)
{
	const struct elig_hit self = elig_hit_of(t, t->rule);
	int offered = elig_optional_near(sc, t), negated = elig_event_negated(sc, t);

	if (!offered && elig_prohibited(sc, t))
		return ELIG_STEP_HOLD; /* "Residents must not sell sex" */
	if (!offered && elig_no_topic_no_aid(sc, t))
		return ELIG_STEP_HOLD; /* "No complaint to the police, no help" */
	if (!offered && w == 0 && negated && !elig_list_negated(sc, t) &&
	    !elig_without_inside(sc, t) && elig_negated_condition(sc, t)) {
		*h = self;
		return ELIG_STEP_HOLD;
	}
	if (offered || w == 1 || negated || elig_list_negated(sc, t) ||
	    elig_without_inside(sc, t) || elig_neg_carried(sc, t))
		return !held && elig_restated(sc, t, 1, 0, w == 0) ? ELIG_STEP_HOLD
								   : ELIG_STEP_SKIP;
	if (t->kind != ELIG_STRICT && elig_find_cue(sc, t, h)) {
		*refuse = h->gap <= ELIG_REFUSE_GAP && !elig_sentence_framed(sc, t, h->cue) &&
			  !elig_cue_after(sc, t, h->cue) && !elig_cue_complement(sc, t, h->cue);
	} else if (t->kind == ELIG_STRICT || sc->required) {
		*h = self;
		*refuse = !elig_sentence_framed(sc, t, NULL);
	} else if (held) {
		return ELIG_STEP_SKIP;
	} else if (elig_cleared(sc, t)) {
		/* "is not required, but it is required later" */
		return elig_restated(sc, t, 0, 1, 1) ? ELIG_STEP_HOLD : ELIG_STEP_SKIP;
	} else {
		*h = self;
	}
	return ELIG_STEP_DECIDE;
}

/* elig_contrasted's answer for one sentence (SIZE_MAX: none yet). */
struct elig_contrast_memo {
	size_t sent;
	int contrasted;
};

/*
 * elig_contrasted for the sentence of token a, asked once for each
 * sentence in a row: its answer depends on the sentence alone, and a
 * sentence of many topics would otherwise walk the text once per topic.
 */
static int elig_contrasted_memo(const struct elig_scan *sc, size_t a, struct elig_contrast_memo *m)
{
	if (m->sent != sc->sent[a]) {
		m->sent = sc->sent[a];
		m->contrasted = elig_contrasted(sc, a);
	}
	return m->contrasted;
}

/* A condition cue of t's comma segment in [from, to). */
static int elig_cue_in_seg(const struct elig_scan *sc, const struct elig_event *t, size_t from,
			   size_t to)
{
	for (size_t k = elig_group_from(sc, ELIG_G_CUE, from);
	     k < sc->ngroup[ELIG_G_CUE] && sc->group[ELIG_G_CUE][k]->start < to; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind == ELIG_CUE && c->seg == t->seg && c->start >= from && c->end <= to)
			return 1;
	}
	return 0;
}

/*
 * A double negative (elig_without: 2) that denies a duty: its negation
 * stands before its "without" (a negated subject: "Niemand ohne Papiere",
 * "Aucune femme sans papiers", "Nobody without a police report") and a
 * condition cue follows topic t in its comma segment, or its negation
 * follows t with a cue between them or right after it ("Ohne Anzeige
 * musst du nicht lange warten", "Without a police report you do not have
 * to wait"; not with a modal that forbids when negated: "you must not
 * stay", "vous ne devez pas rester" stay refused): nobody
 * without it HAS TO do something ("Niemand ohne Papiere muss auf der
 * Straße schlafen"), or a warning not to bother ("No woman without papers
 * needs to apply", "without papers you need not come"). Held, not refused:
 * a person tells the two apart; a cue after a comma or colon restates the
 * condition ("No bed without a police report, that is a must"). from is
 * where the double negative starts.
 */
static int elig_duty_denied(const struct elig_scan *sc, const struct elig_event *t, size_t from)
{
	size_t window = (size_t)sc->lang->window, reach = (size_t)sc->lang->reach;

	if (from >= t->start)
		return 0;
	if (!elig_without_at(sc, from))
		return elig_cue_in_seg(sc, t, t->end, t->end + window + 1);
	for (size_t k = elig_group_from(sc, ELIG_G_NEG, t->end);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start <= t->end + reach; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == t->seg && n->start >= t->end)
			return elig_cue_in_seg(sc, t, t->end, n->end + 2) && /* "do not have to" */
			       !elig_kind_starts_in(sc, ELIG_FORBID, t->end, n->end + 2);
	}
	return 0;
}

/*
 * Soft topic or trade word t holds the text (elig_decide asks only while
 * nothing holds it yet): a soft topic held by a sanction, answered as a
 * condition or referred to as one (elig_soft_held, elig_answered_condition,
 * elig_soft_referred), a trade word that elig_trade_held holds; neither
 * when a contrast after it sets it aside (memo). Returns 1 or 0.
 */
static int elig_soft_or_trade_held(const struct elig_scan *sc, const struct elig_event *t,
				   struct elig_contrast_memo *memo)
{
	size_t from = 0;

	if (t->kind == ELIG_TRADE)
		return elig_trade_held(sc, t) && !elig_contrasted_memo(sc, t->start, memo);
	return (elig_soft_held(sc, t) ||
		elig_answered_condition(
			sc, t, elig_event_negated(sc, t) || elig_without(sc, t, &from) == 1) ||
		elig_soft_referred(sc, t)) &&
	       !elig_contrasted_memo(sc, t->start, memo);
}

/* Words at most between a weak topic and the tie word of its sentence. */
#define ELIG_TIE_REACH 16

/*
 * Weak topic t (a general word: "the authorities", "her statement", "the
 * competent body", "her former occupation") is tied to the service: a
 * `tie` word (admission, place, room, support) stands in its sentence,
 * outside it and at most ELIG_TIE_REACH words away, and the sentence does
 * not ask. Reads sc only; walks the events near t.
 */
static int elig_weak_tied(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from = t->start > ELIG_TIE_REACH ? t->start - ELIG_TIE_REACH : 0;

	if (sc->sent_flags[t->sent] & ELIG_SENT_ASKS)
		return 0;
	for (size_t k = elig_event_from(sc, from);
	     k < sc->nev && sc->ev[k].start <= t->end + ELIG_TIE_REACH; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_TIE && e->sent == t->sent &&
		    (e->end <= t->start || e->start >= t->end))
			return 1;
	}
	return 0;
}

/* Words at most between a cue and the negation of the clause it opens. */
#define ELIG_CUE_NEG_GAP 4

/*
 * Weak topic t is negated by a plain negation of its comma segment, and a
 * cue or soft cue of its clause ends at most ELIG_CUE_NEG_GAP words before
 * that negation ("na okres, w którym ... nie wraca"): the
 * negation is the condition's own ("for the period in which she does not
 * resume her former activity", "as long as the matter is not brought to
 * the authorities"), as a going back absorbs its negation (step 8a).
 * Reads sc only; walks the negations and cues before t.
 */
static int elig_weak_negated_condition(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t reach = (size_t)sc->lang->reach, window = (size_t)sc->lang->window;
	size_t from = t->start > window ? t->start - window : 0;

	for (size_t k = elig_group_from(sc, ELIG_G_NEG, from);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start < t->start; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		size_t cfrom = n->start > window ? n->start - window : 0;
		if (n->kind != ELIG_NEG || n->seg != t->seg || n->end > t->start ||
		    t->start - n->end > reach ||
		    (n->start > 0 && elig_kinds_start_in(sc, ELIG_KINDS(ELIG_AND, ELIG_ORNOT),
							 n->start - 1, n->start)))
			continue; /* "hables o no con las autoridades": either way */
		for (size_t c = elig_group_from(sc, ELIG_G_CUES, cfrom);
		     c < sc->ngroup[ELIG_G_CUES] && sc->group[ELIG_G_CUES][c]->start < n->start;
		     c++) {
			const struct elig_event *e = sc->group[ELIG_G_CUES][c];
			if (e->clause == t->clause && e->end <= n->start &&
			    n->start - e->end <= ELIG_CUE_NEG_GAP)
				return 1;
		}
	}
	return 0;
}

/*
 * Weak topic t holds the text: tied to the service (elig_weak_tied) and
 * then decided as a soft topic is (a cue or soft cue governs it, nothing
 * negates, offers or clears it: elig_soft_held), or held by a sanction of
 * its sentence ("If it turns out that no statement has been made, her
 * place is cancelled"); neither when a clearing frame clears it, even
 * under a condition cue (weaker than a soft topic: "The room is yours for
 * as long as you need it, whatever your previous work"), nor when a
 * contrast after it sets it aside.
 * "Admission presupposes that she assists the authorities in clarifying the
 * case" is held; "The authorities' decision can take months; we support
 * you meanwhile" is not. Never refused.
 */
static int elig_weak_held(const struct elig_scan *sc, const struct elig_event *t,
			  struct elig_contrast_memo *memo)
{
	struct elig_event s = *t;

	s.kind = ELIG_SOFT; /* decided as a soft topic, once tied */
	if (!elig_weak_tied(sc, t))
		return 0;
	/* a clearing frame clears it even under a cue ("whatever your previous
	 * work"), but not under a sanction, which holds what a negation or a
	 * frame accepts ("... if the matter is not brought to the authorities") */
	return ((!elig_cleared(sc, &s) && elig_soft_held(sc, &s)) ||
		(elig_weak_negated_condition(sc, t) && !elig_optional_near(sc, &s)) ||
		(elig_sanctioned(sc, &s) && !elig_optional_near(sc, &s))) &&
	       !elig_contrasted_memo(sc, t->start, memo);
}

/*
 * A weak, soft or trade event t only ever holds: *held becomes its hit
 * when none is held yet and elig_weak_held or elig_soft_or_trade_held
 * says so. Returns 1 when t is of such a kind (decided here), else 0.
 */
static int elig_soft_event(const struct elig_scan *sc, const struct elig_event *t,
			   struct elig_hit *held, struct elig_contrast_memo *memo)
{
	if (t->kind == ELIG_WEAK) {
		if (held->rule == 0 && elig_weak_held(sc, t, memo))
			*held = elig_hit_of(t, t->rule);
		return 1;
	}
	if (t->kind != ELIG_SOFT && t->kind != ELIG_TRADE)
		return 0;
	if (held->rule == 0 && elig_soft_or_trade_held(sc, t, memo))
		*held = elig_hit_of(t, t->kind == ELIG_TRADE ? 4 : t->rule);
	return 1;
}

/*
 * Topic or strict event t: fill h with the phrase that decides it, read
 * as a "without" (elig_without) or by the topic's steps (elig_topic_step:
 * *seen set; *held set when the step holds and none is held yet).
 * Returns 1 when h is a refusal unless doubted, 0 when h is decided but
 * not refused (a hold unless contrasted), -1 when t decides nothing.
 */
static int elig_topic_decision(const struct elig_scan *sc, const struct elig_event *t,
			       struct elig_hit *held, int *seen, struct elig_hit *h)
{
	size_t from = 0;
	int w, refuse = 0;
	enum elig_topic_step step;

	h->rule = t->rule;
	h->cue = NULL;
	w = elig_without(sc, t, &from);
	if (w == 2 || w == 3) {
		*h = (struct elig_hit){ t->rule, from, t->end, 0, 0, 0, NULL };
		return w == 2 && !elig_double_framed(sc, t) && !elig_duty_denied(sc, t, from);
	}
	*seen = 1;
	step = elig_topic_step(sc, t, w, held->rule != 0, h, &refuse);
	if (step == ELIG_STEP_HOLD && held->rule == 0)
		*held = elig_hit_of(t, t->rule);
	return step == ELIG_STEP_DECIDE ? refuse != 0 : -1;
}

/*
 * Decide over the events: ELIG_REFUSED with h filled when a topic is
 * governed by a condition (a cue, a strict phrase, a double negative, a
 * required document) and no doubt holds it, else ELIG_HELD with h filled
 * when a topic stands in a clause that nothing clears (negation,
 * "without", an offer, a clearing frame), else ELIG_ACCEPTED.
 */
static int elig_decide(const struct elig_scan *sc, struct elig_hit *h)
{
	struct elig_hit held = { 0, 0, 0, 0, 0, 0, NULL };
	struct elig_contrast_memo memo = { SIZE_MAX, 0 };
	struct elig_doubt_memo doubt = ELIG_DOUBT_MEMO_INIT;
	struct elig_everyday_memo everyday = ELIG_EVERYDAY_MEMO_INIT;
	int seen = 0, refuse;

	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *t = &sc->ev[k];

		if (elig_soft_event(sc, t, &held, &memo) ||
		    (t->kind != ELIG_TOPIC && t->kind != ELIG_STRICT))
			continue;
		if ((refuse = elig_topic_decision(sc, t, &held, &seen, h)) < 0)
			continue;
		if (refuse && !elig_refusal_doubt(sc, h, &doubt) &&
		    !elig_everyday_only(sc, t, &everyday))
			return ELIG_REFUSED;
		if (held.rule == 0 && !elig_contrasted_memo(sc, h->start, &memo))
			held = *h;
	}
	h->rule = seen ? -1 : 0; /* -1: a topic was seen and cleared */
	if (held.rule == 0)
		return ELIG_ACCEPTED;
	*h = held;
	return ELIG_HELD;
}

/* Run one language over a tokenised text: an elig_outcome, or -1 when out of memory. */
int elig_run_lang(const struct elig_rules *r, const struct elig_lang *l, const struct elig_text *t,
		  int required, struct elig_hit *h)
{
	struct elig_scan sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	buf_init(&sc.ev_buf, ELIG_MAX_ARRAY);
	sc.rules = r;
	sc.lang = l;
	sc.text = t;
	sc.required = required;
	if (elig_scan_keys(&sc) == 0 && elig_scan_events(&sc) == 0 && elig_drop_senses(&sc) == 0 &&
	    elig_scan_clauses(&sc) == 0 && elig_scan_families(&sc) == 0 &&
	    elig_scan_index(&sc) == 0 && elig_scan_sentences(&sc) == 0 && elig_scan_refer(&sc) == 0)
		rc = elig_decide(&sc, h);
	buf_free(&sc.ev_buf);
	free(sc.sent_flags);
	free(sc.refer);
	free(sc.heading);
	free(sc.group_buf);
	free(sc.topic_end);
	free(sc.cue_negated);
	free(sc.clause);
	free(sc.key);
	free(sc.klen);
	free(sc.kbuf);
	return rc;
}
