/*
 * elig_exclude.c - a topic in a clause whose sentence excludes: "Frauen,
 * die nicht aussagen, verlieren ihren Platz", "No acogemos a mujeres que no
 * hayan presentado denuncia", "Вы не можете оставаться у нас, если
 * вернётесь на трассу" (docs/eligibility.md, "How matching works", step
 * 7e). Held for a person, never refused.
 */
#include <stddef.h>

#include "elig_int.h"

/* Words at most between a negation and the `admit` word it denies ("не можете оставаться"). */
#define ELIG_ADMIT_GAP 1

int elig_sanction_negated(const struct elig_scan *sc, const struct elig_event *s)
{
	if (!elig_event_negated(sc, s) && !elig_negated_any(sc, s))
		return 0;
	for (size_t k = 0; k < sc->nev && sc->ev[k].start < s->start; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT || e->kind == ELIG_SOFT) &&
		    e->end == s->start && e->seg == s->seg && elig_event_negated(sc, e))
			return 0; /* "Women who do not testify lose their place": the "not" is the testimony's */
	}
	return 1;
}

/*
 * Negation n is the one that negates topic t: it ends at most `reach`
 * words before t, or stands among t's words.
 */
static int elig_neg_is_topics(const struct elig_scan *sc, const struct elig_event *n,
			      const struct elig_event *t)
{
	if (n->start >= t->start && n->end <= t->end)
		return 1;
	return n->end <= t->start && t->start - n->end <= (size_t)sc->lang->reach;
}

/*
 * Sentence z of topic t denies admission or a stay: a plain negation at
 * most ELIG_ADMIT_GAP words before an `admit` word of its comma segment,
 * the negation not t's own ("No acogemos", "kann nicht bleiben", "не можете
 * оставаться", "are not admitted"); or an unnegated sanction ("tracą
 * miejsce", "verlieren ihren Platz").
 */
static int elig_sentence_excludes(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *a = &sc->ev[k];
		if (a->sent != t->sent)
			continue;
		if (a->kind == ELIG_SANCTION && !elig_sanction_negated(sc, a))
			return 1;
		if (a->kind != ELIG_ADMIT)
			continue;
		for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
			const struct elig_event *n = sc->group[ELIG_G_NEG][j];
			if (n->kind == ELIG_NEG && n->seg == a->seg && n->end <= a->start &&
			    a->start - n->end <= ELIG_ADMIT_GAP && !elig_is_without(sc, n) &&
			    !elig_neg_is_topics(sc, n, t))
				return 1;
		}
	}
	return 0;
}

/*
 * A `who` word or a softening word ("if", "wenn", "если") stands before
 * topic t in its comma segment: t is in the clause of whom or when.
 */
static int elig_in_who_or_if(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->nev && sc->ev[k].start < t->start; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_WHO || e->kind == ELIG_SOFTEN) && e->seg == t->seg)
			return 1;
	}
	return 0;
}

int elig_excluded(const struct elig_scan *sc, const struct elig_event *t)
{
	if (t->kind == ELIG_STRICT || elig_sentence_asks(sc, t->start) || elig_either_way(sc, t) ||
	    elig_optional_near(sc, t) || !elig_sentence_excludes(sc, t))
		return 0;
	if (elig_event_negated(sc, t))
		return 1; /* "Osoby, które nie złożą zeznań, tracą miejsce" */
	return t->rule == 4 && elig_in_who_or_if(sc, t); /* "..., если вернётесь на трассу" */
}
