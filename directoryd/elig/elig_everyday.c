/*
 * elig_everyday.c - a refusal that rests on a word with an everyday sense.
 * Many topics name a word of their subject that is also a word of daily
 * life: the street, a club, the road, a salon (D4: "if you do not get back
 * to Lipscani Street by 10 pm", "Nach dem Umzug zurück in die
 * Goethestraße"), "по показаниям" (D3 testimony, but also a medical
 * indication). Each list names such words in `everyday` patterns. A topic
 * whose own words include one refuses only when its sentence also names
 * its subject in a word without that everyday sense (for D4 a `trade`
 * word such as prostitution or clients; for any rule another topic or
 * soft topic of the rule); otherwise it is held for a person.
 * docs/eligibility.md, "How matching works", step 5a.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "elig_int.h"
#include "elig_everyday.h"
#include "elig_neg.h"

/*
 * Token i is an own word of an `everyday` event. An event's own words lie
 * within 64 tokens of its start (elig_own_word), so only the events
 * starting at most 63 tokens before i are asked.
 */
static int elig_everyday_word(const struct elig_scan *sc, size_t i)
{
	for (size_t k = elig_event_from(sc, i >= 63 ? i - 63 : 0);
	     k < sc->nev && sc->ev[k].start <= i; k++)
		if (sc->ev[k].kind == ELIG_EVERYDAY && elig_own_word(&sc->ev[k], i))
			return 1;
	return 0;
}

/*
 * Event e names a subject in words without an everyday sense. A trade
 * word does when its last own word is none: "selling sex", "sex work",
 * "agencja towarzyska", but not "the street", "на точке", "стоять на
 * улице" or "work in a club", whose head is a place. Another topic does
 * when any own word is none ("потерпевшей").
 */
static int elig_names_subject(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t last = SIZE_MAX;

	for (size_t i = e->start; i < e->end; i++) {
		if (!elig_own_word(e, i))
			continue;
		if (e->kind != ELIG_TRADE && !elig_everyday_word(sc, i))
			return 1;
		last = i;
	}
	return e->kind == ELIG_TRADE && last != SIZE_MAX && !elig_everyday_word(sc, last);
}

/*
 * An event that can say what topic t is about: for D4 a trade word
 * (another D4 topic over the same words adds only its verbs: "go back" in
 * "go back on the street"), for other rules a topic or soft topic of t's
 * rule apart from it ("потерпевшей" after "только по показаниям").
 */
static int elig_subject_kind(const struct elig_event *e, const struct elig_event *t)
{
	if (t->rule == 4)
		return e->kind == ELIG_TRADE;
	return (e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT || e->kind == ELIG_SOFT) &&
	       e->rule == t->rule;
}

/* Event e is of a kind that can say what t is about (elig_subject_kind) and apart from t. */
static int elig_subject_event(const struct elig_event *e, const struct elig_event *t)
{
	return elig_subject_kind(e, t) &&
	       (t->rule == 4 || e->end <= t->start || e->start >= t->end);
}

/*
 * Topic t rests on an everyday word: for D4 one of its own words is one
 * (a return "to the street", "left ... the club": its other words are
 * verbs of leaving and returning), for other rules all of them are ("по
 * показаниям"; "bereid mee te werken met justitie" names the police).
 */
static int elig_rests_on_everyday(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t own = 0, everyday = 0;

	for (size_t i = t->start; i < t->end; i++) {
		if (!elig_own_word(t, i))
			continue;
		own++;
		everyday += elig_everyday_word(sc, i) ? 1 : 0;
	}
	return everyday > 0 && (t->rule == 4 || everyday == own);
}

/*
 * Fill m for the sentence of t and t's rule: whether an event of the
 * sentence can say what a topic of the rule is about, and the smallest end
 * and largest start of such events (the events of one sentence are
 * walked once per rule).
 */
static void elig_everyday_learn(const struct elig_scan *sc, const struct elig_event *t,
				struct elig_everyday_memo *m)
{
	int r = t->rule;

	if (m->sent != t->sent) {
		m->sent = t->sent;
		memset(m->known, 0, sizeof(m->known));
	}
	m->known[r] = 1;
	m->any[r] = 0;
	m->min_end[r] = SIZE_MAX;
	m->max_start[r] = 0;
	for (size_t k = elig_event_of_sentence(sc, t->sent);
	     k < sc->nev && sc->ev[k].sent == t->sent; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (!elig_subject_kind(e, t) || !elig_names_subject(sc, e))
			continue;
		m->any[r] = 1;
		m->min_end[r] = e->end < m->min_end[r] ? e->end : m->min_end[r];
		m->max_start[r] = e->start > m->max_start[r] ? e->start : m->max_start[r];
	}
}

int elig_everyday_only(const struct elig_scan *sc, const struct elig_event *t,
		       struct elig_everyday_memo *m)
{
	int r = t->rule;

	if (!elig_rests_on_everyday(sc, t))
		return 0;
	if (r < 1 || r > ELIG_EVERYDAY_RULES) { /* no such rule: ask every event of the sentence */
		for (size_t k = elig_event_of_sentence(sc, t->sent);
		     k < sc->nev && sc->ev[k].sent == t->sent; k++) {
			const struct elig_event *e = &sc->ev[k];
			if (elig_subject_event(e, t) && elig_names_subject(sc, e))
				return 0;
		}
		return 1;
	}
	if (m->sent != t->sent || !m->known[r])
		elig_everyday_learn(sc, t, m);
	if (r == 4) /* a trade word, wherever it stands */
		return !m->any[r];
	return !(m->any[r] && (m->min_end[r] <= t->start || m->max_start[r] >= t->end));
}
