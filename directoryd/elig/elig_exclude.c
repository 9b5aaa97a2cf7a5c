/*
 * elig_exclude.c - a topic in a clause whose sentence excludes: "Frauen,
 * die nicht aussagen, verlieren ihren Platz", "No acogemos a mujeres que no
 * hayan presentado denuncia", "Вы не можете оставаться у нас, если
 * вернётесь на трассу" (docs/eligibility.md, "How matching works", step
 * 7e). Held for a person, never refused.
 */
#include <stddef.h>
#include <stdint.h>

#include "elig_int.h"
#include "elig_neg.h"
#include "elig_prohibit.h"

/* Words at most between a negation and the `admit` word it denies ("не можете оставаться"). */
#define ELIG_ADMIT_GAP 1
/* Words at most of a modal and its auxiliary between a negation and an `admit` word ("no pueden ser alojadas"). */
#define ELIG_ADMIT_VERB_GAP 3
/* Words at most between a topic and the exclusion of its sentence (as step 4a's second negation). */
#define ELIG_EXCLUDE_REACH 12
/* Words at most between an `admitv2` phrase and the negation after it ("dulden wir im Haus nicht"). */
#define ELIG_V2_GAP 3
/* Words at most before a topic in its comma segment for it to stand first ("Aktive Prostituierte": elig_front_free). */
#define ELIG_V2_FRONT 3
/*
 * Words at most a topic or negation spans for the checks below (two
 * windows; a pattern may span more, ELIG_MAX_TERMS * (1 + ELIG_MAX_GAP),
 * but walking that far for each sanction of a long sentence made a text
 * of 700 negated sanctions take seconds).
 */
#define ELIG_EVENT_SPAN 16

/*
 * The events that start in [from, to) and are of a kind in `kinds`
 * (a set of kinds) are walked from a binary search (elig_event_from): the
 * checks below look only near a topic, so a long sentence of many topics
 * stays about linear to check. The first such event, or NULL.
 */
static const struct elig_event *elig_near(const struct elig_scan *sc, size_t *k, size_t to,
					  struct elig_kinds kinds)
{
	for (; *k < sc->nev && sc->ev[*k].start < to; (*k)++)
		if (elig_kinds_has(kinds, sc->ev[*k].kind))
			return &sc->ev[(*k)++];
	return NULL;
}

/*
 * The end of the last plain negation that ends at or before token pos in
 * its comma segment, or SIZE_MAX: a binary search over the negations
 * (elig_group_from: they are in order of start), then a walk back over the few that start
 * within one window before pos.
 */
static size_t elig_neg_end_before(const struct elig_scan *sc, size_t pos)
{
	const struct elig_event *const *g = sc->group[ELIG_G_NEG];
	size_t lo = elig_group_from(sc, ELIG_G_NEG, pos), best = SIZE_MAX;

	while (lo-- > 0 && g[lo]->start + ELIG_EVENT_SPAN >= pos)
		if (g[lo]->kind == ELIG_NEG && g[lo]->end <= pos && g[lo]->seg == sc->seg[pos] &&
		    (best == SIZE_MAX || g[lo]->end > best))
			best = g[lo]->end;
	return best;
}

/*
 * Negation n closes what it negates: its comma segment (or the text) ends
 * right after it, or an "if" (`soften`) follows: "endet nicht, wenn ...",
 * "stopt niet als ...". Not "endet nicht nur" (not only), nor "ends no
 * later than", "niet later dan", "non oltre": a negation that goes on into
 * a measure of time negates no ending.
 */
static int elig_neg_closes(const struct elig_scan *sc, const struct elig_event *n)
{
	return n->end >= sc->text->ntoks || sc->seg[n->end] != n->seg ||
	       elig_kind_starts_in(sc, ELIG_SOFTEN, n->end, n->end + 1);
}

/*
 * A plain negation (not a "without") starts right after sanction s in its
 * comma segment and closes it (elig_neg_closes): German and Dutch put it
 * after the verb ("Die Unterbringung endet nicht, wenn ...", "De opvang
 * stopt niet als ...").
 */
static int elig_negated_right_after(const struct elig_scan *sc, const struct elig_event *s)
{
	for (size_t k = elig_event_from(sc, s->end); k < sc->nev && sc->ev[k].start == s->end;
	     k++) {
		const struct elig_event *n = &sc->ev[k];
		if (n->kind == ELIG_NEG && n->seg == s->seg && !elig_is_without(sc, n) &&
		    elig_neg_closes(sc, n))
			return 1;
	}
	return 0;
}

int elig_sanction_negated(const struct elig_scan *sc, const struct elig_event *s)
{
	size_t n_end;

	if (elig_negated_right_after(sc, s))
		return 1;
	if (!elig_event_negated(sc, s) && !elig_negated_any(sc, s))
		return 0;
	n_end = elig_neg_end_before(sc, s->start);
	/* "Women who do not testify lose their place": a topic stands wholly
	 * between the last negation and the sanction, so the "not" is the
	 * testimony's (sc->topic_end: the smallest end of a topic starting at
	 * or after a token) */
	return n_end == SIZE_MAX || n_end >= s->start || sc->topic_end[n_end] > s->start;
}

/*
 * Negation n is the one that negates topic t: it ends at most `reach`
 * words before t with no other negation between them, or stands among t's
 * words. In "Wir helfen keinen Frauen, die keine Anzeige erstattet haben"
 * the "keine" is the report's and "keinen" the helping's.
 */
static int elig_neg_is_topics(const struct elig_scan *sc, const struct elig_event *n,
			      const struct elig_event *t)
{
	if (n->start >= t->start && n->end <= t->end)
		return 1;
	return n->end <= t->start && t->start - n->end <= (size_t)sc->lang->reach &&
	       !elig_kind_starts_in(sc, ELIG_NEG, n->end, t->start);
}

/*
 * The negation of `admitv2` phrase a (a verb of admitting, allowing or
 * helping before its subject pronoun: "nehmen wir", "helpen we"), or NULL:
 * in German and Dutch verb-second order it follows the subject, a plain
 * negation (not a "without") of a's comma segment that starts after the
 * verb, inside the phrase ("staan we niet toe") or at most ELIG_V2_GAP
 * words after it ("dulden wir im Haus nicht"); not one a condition cue
 * follows ("nicht nur", "niet alleen": not only).
 */
static const struct elig_event *elig_v2_negation(const struct elig_scan *sc,
						 const struct elig_event *a)
{
	for (size_t k = elig_group_from(sc, ELIG_G_NEG, a->start + 1);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start <= a->end + ELIG_V2_GAP;
	     k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == a->seg && !elig_is_without(sc, n))
			return elig_kind_starts_in(sc, ELIG_CUE, n->end, n->end + 1) ? NULL : n;
	}
	return NULL;
}

/*
 * Event e (a topic or trade word) is what a verb-second exclusion after it
 * in its sentence keeps out: a negated `admitv2` phrase (elig_v2_negation)
 * at most ELIG_EXCLUDE_REACH words on, e standing first in the phrase's
 * comma segment ("Sexarbeiterinnen nehmen wir nicht auf") or, when
 * who_or_if, in an earlier segment ("Wer weiter anschafft, den behalten wir
 * nicht").
 */
static int elig_v2_keeps_out(const struct elig_scan *sc, const struct elig_event *e, int who_or_if)
{
	size_t k = elig_event_from(sc, e->end);
	const struct elig_event *a;

	while ((a = elig_near(sc, &k, e->end + ELIG_EXCLUDE_REACH, ELIG_KINDS(ELIG_ADMITV2))) !=
	       NULL)
		if (a->sent == e->sent && a->start >= e->end && elig_v2_negation(sc, a) != NULL &&
		    (a->seg == e->seg ? elig_front_free(sc, e, ELIG_V2_FRONT) : who_or_if))
			return 1;
	return 0;
}

/*
 * Negation n stands close enough before `admit` word a to deny it: at most
 * ELIG_ADMIT_GAP words between ("kann nicht bleiben", "cannot be
 * accommodated"), or at most ELIG_ADMIT_VERB_GAP words opening with a `may`
 * word (a modal), or after a modal right before the negation ("kunnen
 * niet in het huis wonen"), with no topic, negation, cue or conjunction
 * among them ("no pueden ser alojadas", "non
 * possono essere accolte", "nu pot fi cazate", "не могат да бъдат
 * настанени", "не могут быть размещены").
 */
static int elig_admit_gap_ok(const struct elig_scan *sc, const struct elig_event *n,
			     const struct elig_event *a)
{
	static const struct elig_kinds between =
		ELIG_KINDS_INIT(ELIG_TOPIC, ELIG_STRICT, ELIG_SOFT, ELIG_NEG, ELIG_CUE, ELIG_AND);
	size_t gap = a->start - n->end;

	if (gap <= ELIG_ADMIT_GAP)
		return 1;
	if (gap > ELIG_ADMIT_VERB_GAP)
		return 0;
	return (elig_kind_starts_in(sc, ELIG_MAY, n->end, n->end + 1) ||
		(n->start > 0 && elig_kind_starts_in(sc, ELIG_MAY, n->start - 1, n->start))) &&
	       !elig_kinds_start_in(sc, between, n->end, a->start);
}

/*
 * An exclusion stands at most ELIG_EXCLUDE_REACH words from topic t in its
 * sentence: a plain negation at most ELIG_ADMIT_GAP words before an `admit`
 * word of its comma segment, the negation not t's own ("No acogemos", "kann
 * nicht bleiben", "не можете оставаться", "are not admitted"); a negated
 * `admitv2` phrase, the negation not t's own ("den unterstützen wir nicht",
 * "nehmen wir niemanden auf"); or an unnegated sanction ("tracą miejsce",
 * "verlieren ihren Platz").
 */
static int elig_sentence_excludes(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from = t->start > ELIG_EXCLUDE_REACH ? t->start - ELIG_EXCLUDE_REACH : 0;
	size_t k = elig_event_from(sc, from), to = t->end + ELIG_EXCLUDE_REACH;
	const struct elig_event *a;

	while ((a = elig_near(sc, &k, to, ELIG_KINDS(ELIG_SANCTION, ELIG_ADMIT, ELIG_ADMITV2))) !=
	       NULL) {
		size_t j = elig_event_from(sc, a->start > ELIG_EVENT_SPAN + ELIG_ADMIT_GAP
						       ? a->start - ELIG_EVENT_SPAN - ELIG_ADMIT_GAP
						       : 0);
		const struct elig_event *n;
		if (a->sent != t->sent)
			continue;
		if (a->kind == ELIG_SANCTION) {
			if (!elig_sanction_negated(sc, a))
				return 1;
			continue;
		}
		if (a->kind == ELIG_ADMITV2) {
			n = elig_v2_negation(sc, a);
			if (n != NULL && !elig_neg_is_topics(sc, n, t))
				return 1;
			continue;
		}
		while ((n = elig_near(sc, &j, a->start, ELIG_KINDS(ELIG_NEG))) != NULL)
			if (n->seg == a->seg && n->end <= a->start && elig_admit_gap_ok(sc, n, a) &&
			    !elig_is_without(sc, n) && !elig_neg_is_topics(sc, n, t))
				return 1;
	}
	return 0;
}

/*
 * A `who` word or a softening word ("if", "wenn", "если") stands before
 * topic t in its comma segment, at most ELIG_EXCLUDE_REACH words away: t is
 * in the clause of whom or when.
 */
static int elig_in_who_or_if(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t k = elig_event_from(sc, t->start > ELIG_EXCLUDE_REACH ? t->start - ELIG_EXCLUDE_REACH
								     : 0);
	const struct elig_event *e;

	while ((e = elig_near(sc, &k, t->start, ELIG_KINDS(ELIG_WHO, ELIG_SOFTEN))) != NULL)
		if (e->seg == t->seg)
			return 1;
	return 0;
}

/*
 * A `still` word is one of topic t's words ("noch Sex verkaufen", "se
 * prostituent encore", "still selling sex"): t names people by what they
 * still do, as a relative clause would ("Women still selling sex cannot be
 * accommodated", "Frauen, die noch Sex verkaufen, ...": relative pronouns
 * are no `who` words).
 */
static int elig_still_in(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t k = elig_event_from(sc, t->start);
	const struct elig_event *e;

	while ((e = elig_near(sc, &k, t->end, ELIG_KINDS(ELIG_STILL))) != NULL)
		if (e->end <= t->end)
			return 1;
	return 0;
}

int elig_excluded(const struct elig_scan *sc, const struct elig_event *t)
{
	if (t->kind == ELIG_STRICT || !elig_sentence_excludes(sc, t) ||
	    elig_sentence_asks(sc, t->start) || elig_either_way(sc, t) || elig_optional_near(sc, t))
		return 0;
	if (elig_event_negated(sc, t))
		return 1; /* "Osoby, które nie złożą zeznań, tracą miejsce" */
	if (t->rule != 4)
		return 0;
	return elig_in_who_or_if(sc, t) /* "..., если вернётесь на трассу" */
	       || elig_still_in(sc, t)  /* "Women still selling sex cannot ..." */
	       || elig_v2_keeps_out(sc, t, 0); /* "Die Prostitution dulden wir nicht" */
}

int elig_trade_excluded(const struct elig_scan *sc, const struct elig_event *t)
{
	return !elig_sentence_asks(sc, t->start) && !elig_optional_near(sc, t) &&
	       elig_v2_keeps_out(sc, t, elig_in_who_or_if(sc, t));
}
