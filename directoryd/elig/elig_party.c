/*
 * elig_party.c - another party's requirement: a body of the lists right
 * before its verb of demanding (directive `demand`) is the one that
 * requires ("IGI cere", "la Questura chiede", "Extranjería pide"). The
 * service's own condition names the service or no one; a body's demand
 * told in a listing is usually what the reader meets elsewhere (a permit,
 * a benefit), so such a refusal is held for a person
 * (docs/eligibility.md, step 5a).
 */
#include <stddef.h>
#include <stdint.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_neg.h"
#include "elig_party.h"

/* Words a body may stand before its verb and still be its subject ("IGI vă cere"). */
#define ELIG_BODY_VERB_GAP 1

/*
 * The refused topic of h: the longest topic or strict topic at the end of
 * h away from its cue, as tokens [*ts, *te). A body inside it ("eine
 * Anzeige bei der Polizei wird verlangt") is what is required, not who.
 */
static void elig_hit_topic(const struct elig_scan *sc, const struct elig_hit *h, size_t *ts,
			   size_t *te)
{
	*ts = *te = h->start;
	for (size_t k = elig_event_from(sc, h->start); k < sc->nev && sc->ev[k].start < h->end;
	     k++) {
		const struct elig_event *e = &sc->ev[k];
		int topic = e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT;
		int far = h->cs > h->start ? e->start == h->start && e->end <= h->cs
					   : e->end == h->end && e->start >= h->ce;
		if (topic && far && e->end - e->start > *te - *ts) {
			*ts = e->start;
			*te = e->end;
		}
	}
}

/* Words the demand verb that is the cue needs after it in its comma segment: its object. */
#define ELIG_DEMAND_OBJECT 2

/* At least ELIG_DEMAND_OBJECT words follow event d in its comma segment. */
static int elig_verb_has_object(const struct elig_scan *sc, const struct elig_event *d)
{
	size_t n = 0;

	for (size_t i = d->end;
	     i < sc->text->ntoks && sc->seg[i] == d->seg && n < ELIG_DEMAND_OBJECT; i++)
		n++;
	return n >= ELIG_DEMAND_OBJECT;
}

/* Event e can be the subject of a demand: a body of the lists or the law. */
static int elig_demander(const struct elig_event *e)
{
	return e->kind == ELIG_TOPIC || e->kind == ELIG_SOFT || e->kind == ELIG_LAW;
}

/*
 * A topic or soft topic of sentence z, or the law (directive `law`: "The
 * law requires witnesses to appear in court", "Kodeks wymaga, żeby
 * pokrzywdzona ..."), ends at most ELIG_BODY_VERB_GAP
 * words before the demand verb d and is no part of the refused topic
 * [ts, te), unless the verb comes before the cue: then the topic is the
 * body and the cue what it demands ("la Questura chiede un certificato");
 * or the verb is the cue with an object of two words or more after it:
 * the topic demands something else ("Program wyjścia z prostytucji wymaga
 * cotygodniowego spotkania"; "..., die im Prozess als Zeugin benötigt
 * werden" is a passive and stays refused).
 */
static int elig_body_before(const struct elig_scan *sc, const struct elig_hit *h,
			    const struct elig_event *d, size_t ts, size_t te)
{
	size_t from = d->start > 8 ? d->start - 8 : 0; /* no body of the lists is longer */

	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < d->start; k++) {
		const struct elig_event *e = &sc->ev[k];
		int inside = e->start < te && e->end > ts;
		if (elig_demander(e) && e->sent == d->sent && e->end <= d->start &&
		    e->end + ELIG_BODY_VERB_GAP >= d->start &&
		    (!inside || d->end <= h->cs ||
		     (d->start == h->cs && elig_verb_has_object(sc, d))))
			return 1;
	}
	return 0;
}

/*
 * A `we` word of the sentence of the refusal h stands before the end of
 * the refused phrase or in the cue's comma segment: the service speaks of
 * its own demand. One in a later segment comments on another's ("L'État
 * conditionne l'autorisation provisoire de séjour à l'arrêt de la
 * prostitution, ce que nous dénonçons").
 */
static int elig_we_in_demand(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start];

	for (size_t k = elig_event_from(sc, elig_sentence_first(sc, z));
	     k < sc->nev && sc->ev[k].sent <= z; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_WE && e->sent == z &&
		    (e->start < h->end || e->seg == sc->seg[h->cs]))
			return 1;
	}
	return 0;
}

int elig_body_demands(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], ts, te;

	if (h->cue == NULL || elig_we_in_demand(sc, h))
		return 0;
	elig_hit_topic(sc, h, &ts, &te);
	for (size_t k = elig_event_from(sc, elig_sentence_first(sc, z));
	     k < sc->nev && sc->ev[k].start <= h->cs; k++) {
		const struct elig_event *d = &sc->ev[k];
		if (d->kind == ELIG_DEMAND && d->sent == z && elig_body_before(sc, h, d, ts, te))
			return 1;
	}
	return 0;
}

int elig_sentence_we_or_helps(const struct elig_scan *sc, size_t z)
{
	return elig_sentence_has_kind(sc, z,
				      ELIG_KINDS(ELIG_WE, ELIG_CLEAR, ELIG_OPTIONAL, ELIG_WEVERB));
}

/* Sentence z of sc opens with a `purpose` word ("Per ...", "Pour ...", "To ..."). */
static int elig_sentence_purpose(const struct elig_scan *sc, size_t z)
{
	size_t first = elig_sentence_first(sc, z);

	return elig_kind_starts_in(sc, ELIG_PURPOSE, first, first + 1);
}

int elig_purpose_then_help(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], next = z + 1;

	if (elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_WE)) ||
	    (z > 0 && elig_sentence_has_kind(sc, z - 1, ELIG_KINDS(ELIG_WE))) ||
	    elig_sentence_first(sc, z + 1) >= sc->text->ntoks || !elig_sentence_purpose(sc, z))
		return 0;
	/* a second route told the same way before the help: "Per il permesso art. 18 per via
	 * giudiziaria serve la denuncia; per la via sociale no. Ti spieghiamo entrambe" */
	if (elig_sentence_purpose(sc, next) && !elig_sentence_we_or_helps(sc, next) &&
	    elig_sentence_first(sc, next + 1) < sc->text->ntoks)
		next++;
	return elig_sentence_we_or_helps(sc, next);
}

/* Words at most before a body that still lets it open its comma segment ("La police aux frontières"). */
#define ELIG_BODY_OPENS 2

/* Event kind k is a body of the lists: a topic or soft topic ("the police", "Border Force"). */
static int elig_body_kind(int k)
{
	return k == ELIG_TOPIC || k == ELIG_SOFT;
}

/* Words at most between a body and the strict phrase it is the subject of ("Poliția mi-a verificat actele", "Police often check"). */
#define ELIG_BODY_BEFORE 2

/*
 * The part of sentence z up to its first colon after token from has an
 * event of one of the kinds: what follows a colon is another statement
 * ("Die Polizei kontrolliert manchmal Papiere auf der Straße: In unserem
 * Workshop lernst du deine Rechte").
 */
static int elig_kind_before_colon(const struct elig_scan *sc, size_t z, size_t from,
				  struct elig_kinds kinds)
{
	const struct elig_text *t = sc->text;
	size_t first = elig_sentence_first(sc, z), stop = from;

	while (stop < t->ntoks && sc->sent[stop] == z && !(t->toks[stop].flags & ELIG_TOK_COLON))
		stop++;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < stop; k++)
		if (sc->ev[k].sent == z && elig_kinds_has(kinds, sc->ev[k].kind))
			return 1;
	return 0;
}

/* Words at most between a party of the law (an employer, a landlord, the law) opening its comma segment
 * and the strict phrase it is bound to ("Employers are required to verify", "sont tenus de vérifier"). */
#define ELIG_PARTY_DUTY 5

/*
 * A `law` word (an employer, a bank, a landlord, the law) opens the comma
 * segment of the strict phrase h, which starts at most ELIG_PARTY_DUTY
 * words after it: another party's duty told as information ("Employers
 * are required to verify your visa before you start work").
 */
static int elig_law_party_opens(const struct elig_scan *sc, const struct elig_hit *h, size_t first)
{
	size_t s = sc->seg[h->start], opening = elig_sentence_first(sc, sc->sent[h->start]);

	for (size_t k = elig_event_from(sc, opening); k < sc->nev && sc->ev[k].start < h->start;
	     k++) {
		const struct elig_event *e = &sc->ev[k];
		/* its own segment, or opening the sentence with the duty's comma between ("Arbeitgeber
		 * sind verpflichtet, den Aufenthaltstitel ... zu prüfen") */
		int opens = (e->seg == s && e->start <= first + ELIG_BODY_OPENS) ||
			    (e->seg + 1 == s && e->start <= opening + ELIG_BODY_OPENS);
		if (e->kind == ELIG_LAW && opens && e->end + ELIG_PARTY_DUTY >= h->start)
			return 1;
	}
	return 0;
}

int elig_body_acts(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], s = sc->seg[h->start], first = h->start;
	int opens = 0, right_before = 0;

	if (elig_kind_before_colon(sc, z, h->end, ELIG_KINDS(ELIG_WE, ELIG_AID, ELIG_ADMIT)))
		return 0; /* "La police contrôle les titres de séjour à l'admission" stays refused */
	while (first > 0 && sc->seg[first - 1] == s)
		first--;
	if (elig_law_party_opens(sc, h, first))
		return 1; /* its cue too: "Banks are obliged to verify your residence permit" */
	if (h->cue != NULL)
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < h->start;
	     k++) {
		const struct elig_event *e = &sc->ev[k];
		if (!elig_body_kind(e->kind) || e->seg != s)
			continue;
		opens |= e->start <= first + ELIG_BODY_OPENS;
		/* a gap only after a body of rules other than D4 ("Клиенты соглашаются на передачу ...") */
		right_before |= e->end == h->start || (e->end < h->start && e->rule != 4 &&
						       e->end + ELIG_BODY_BEFORE >= h->start);
	}
	return opens && right_before;
}

/*
 * The `ask` event a opens its comma segment (the lists give "always ask",
 * "zawsze poproś" as phrases of their own, so "Staff ask for ..." is no
 * imperative) and has its object after it there: "Eis: een bewijs van
 * aangifte" names a requirement, no one asks.
 */
static int elig_ask_opens(const struct elig_scan *sc, const struct elig_event *a)
{
	return (a->start == 0 || sc->seg[a->start - 1] != a->seg) && a->end < sc->text->ntoks &&
	       sc->seg[a->end] == a->seg;
}

/*
 * A colon stands after token from and before token to (the word after it
 * carries ELIG_TOK_COLON): what follows it is another statement.
 */
static int elig_colon_between(const struct elig_scan *sc, size_t from, size_t to)
{
	for (size_t i = from + 1; i < to && i < sc->text->ntoks; i++)
		if (sc->text->toks[i].flags & ELIG_TOK_COLON)
			return 1;
	return 0;
}

int elig_reader_asks(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start];

	if (elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_WE, ELIG_WEVERB, ELIG_AID)))
		return 0; /* "Poproś o potwierdzenie złożenia zawiadomienia, bo łóżko dostaniesz tylko z nim" stays refused */
	for (size_t k = elig_event_from(sc, elig_sentence_first(sc, z));
	     k < sc->nev && sc->ev[k].start <= h->start; k++) {
		const struct elig_event *a = &sc->ev[k];
		if (a->kind == ELIG_ASK && a->sent == z && elig_ask_opens(sc, a) &&
		    !elig_colon_between(sc, a->start, h->end))
			return 1; /* not "Ask for the case number: admission is only possible with a police report" */
	}
	return 0;
}

/* Words at most before a heading's colon: a heading is short; a longer run is a sentence (or a run-on text's
 * sentences: "... только для девочек, которые свидетели по делу, спрашивайте у оли Целевая группа:"). */
#define ELIG_HEADING_WORDS 10

/*
 * The first token after the first colon in sentence z (the word carrying
 * ELIG_TOK_COLON), or 0 when the sentence has none (token 0 opens the
 * text, so it never follows a colon).
 */
static size_t elig_sentence_colon(const struct elig_scan *sc, size_t z)
{
	for (size_t i = elig_sentence_first(sc, z) + 1; i < sc->text->ntoks && sc->sent[i] == z;
	     i++)
		if (sc->text->toks[i].flags & ELIG_TOK_COLON)
			return i;
	return 0;
}

/*
 * The heading [first, colon) names another party: a body of the lists (a
 * topic, soft topic, office or general word: "la préfecture", "SEF",
 * "the immigration tribunal") or a `demand` verb ending at most one word
 * before the colon ("The job office requires:", "Центр занятости
 * требует:"). "Casa de asigurări cere:" stays refused: `casa` (a house)
 * is an `aid` word, so the sentence seems to speak of the service.
 */
static int elig_heading_names_party(const struct elig_scan *sc, size_t first, size_t colon)
{
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < colon; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->end > colon)
			continue;
		if (elig_body_kind(e->kind) || e->kind == ELIG_OFFICE || e->kind == ELIG_WEAK ||
		    (e->kind == ELIG_DEMAND && e->end + ELIG_BODY_VERB_GAP >= colon))
			return 1;
	}
	return 0;
}

/* A `head` event that is also a `demand` verb ("requires" stems as "requirements"): a body's verb, no heading. */
static int elig_head_is_demand(const struct elig_scan *sc, size_t k)
{
	const struct elig_event *e = &sc->ev[k];

	for (size_t j = elig_event_from(sc, e->start); j < sc->nev && sc->ev[j].start == e->start;
	     j++)
		if (sc->ev[j].kind == ELIG_DEMAND && sc->ev[j].end == e->end)
			return 1;
	return 0;
}

/*
 * Sentence z names the service or what it gives: a `we`, `staff`,
 * `weverb`, `admit`, `tie`, `aid` or `head` word (a `head` word that is
 * also a `demand` verb does not count).
 */
static int elig_sentence_serves(const struct elig_scan *sc, size_t z)
{
	const struct elig_kinds serves = ELIG_KINDS(ELIG_WE, ELIG_STAFF, ELIG_WEVERB, ELIG_ADMIT,
						    ELIG_TIE, ELIG_AID, ELIG_HEAD);

	for (size_t k = elig_event_of_sentence(sc, z); k < sc->nev && sc->ev[k].sent == z; k++)
		if (elig_kinds_has(serves, sc->ev[k].kind) &&
		    (sc->ev[k].kind != ELIG_HEAD || !elig_head_is_demand(sc, k)))
			return 1;
	return 0;
}

int elig_heading_elsewhere(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], colon = elig_sentence_colon(sc, z);
	size_t first = elig_sentence_first(sc, z);

	if (colon == 0 || colon > first + ELIG_HEADING_WORDS || sc->sent[h->end - 1] != z)
		return 0;
	if (elig_sentence_serves(sc, z))
		return 0; /* "For admission bring: passport and residence permit" stays refused */
	return elig_heading_names_party(sc, first, colon);
}
