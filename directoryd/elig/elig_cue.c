/*
 * elig_cue.c - finding the condition cue of a topic: its reach and
 * negation, a cue right after or completing it, a cue in a short
 * neighbouring sentence (with the per-sentence flags that makes cheap).
 */
#include <stdlib.h>

#include "elig_int.h"
#include "elig_cue.h"
#include "elig_neg.h"

/*
 * Words a cue before a soft topic may stand from it: half a window more
 * than the list's window, since such a cue often governs a long procedure
 * ("once the matter has been brought to the attention of the police",
 * "une fois que les faits ont été portés à la connaissance des services de
 * police"). A soft topic is only ever held, never refused. A cue after the
 * topic keeps the window: far after it, it governs other words ("... and
 * reporting on the project, with the Access to Justice Council"); so does
 * one with a comma between ("When you arrive, ring the bell at the green
 * door opposite the old police station").
 */
static size_t elig_cue_reach(const struct elig_scan *sc, const struct elig_event *c,
			     const struct elig_event *t, int soft)
{
	size_t w = (size_t)sc->lang->window;

	return soft && t->kind == ELIG_SOFT && c->end <= t->start && c->seg == t->seg ? w + w / 2
										      : w;
}

/*
 * Find a condition cue (of kind ELIG_CUE, or ELIG_SOFTCUE as well when
 * soft) that governs topic t. Returns 1 and fills h.
 */
int elig_find_cue_of(const struct elig_scan *sc, const struct elig_event *t, int soft,
		     struct elig_hit *h)
{
	int g = soft ? ELIG_G_CUES : ELIG_G_CUE;
	size_t w = (size_t)sc->lang->window, reach = w + w / 2, /* elig_cue_reach at most */
		near = reach + ELIG_MAX_SPAN;

	/* a cue within reach, before t, inside it or after it, starts in [t->start - near, t->end + reach] */
	for (size_t k = elig_group_from(sc, g, t->start > near ? t->start - near : 0);
	     k < sc->ngroup[g] && sc->group[g][k]->start <= t->end + reach; k++) {
		const struct elig_event *c = sc->group[g][k];
		size_t a = c->end <= t->start ? c->end : t->end;
		size_t b = c->end <= t->start ? t->start : c->start;
		if ((c->kind != ELIG_CUE && (!soft || c->kind != ELIG_SOFTCUE)) ||
		    c->clause != t->clause)
			continue;
		if (c->start < t->end && t->start < c->end) {
			if (soft)
				continue; /* a word of the soft topic is no cue for it */
			a = b = 0;        /* overlapping: no distance */
		}
		if (b < a || b - a > elig_cue_reach(sc, c, t, soft) || elig_cue_negated(sc, c, t) ||
		    (b > a && elig_neg_within(sc, a, b, 0)))
			continue;
		h->start = c->start < t->start ? c->start : t->start;
		h->end = c->end > t->end ? c->end : t->end;
		h->gap = b - a;
		h->cs = c->start;
		h->ce = c->end;
		h->cue = c;
		return 1;
	}
	return 0;
}

/* A condition cue governs topic t. Returns 1 and fills h. */
int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h)
{
	return elig_find_cue_of(sc, t, 0, h);
}

/* Token i is a word of a condition cue or soft cue ("eingestellt, wenn"). */
int elig_cue_word(const struct elig_scan *sc, size_t i)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++)
		if (elig_own_word(sc->group[ELIG_G_CUES][k], i))
			return 1;
	return 0;
}

/*
 * Per sentence, what elig_neighbour_cue asks of it (sc->sent_flags),
 * found once per text and list so that each soft topic costs no more than
 * a look at its neighbours.
 */
#define ELIG_SENT_SEMI  2  /* it follows the sentence before across a semicolon */
#define ELIG_SENT_TOPIC 4  /* it has a topic event of any strength */
#define ELIG_SENT_CUE   8  /* it has a condition cue that nothing negates */
#define ELIG_SENT_LONG  16 /* it has more than ELIG_NEIGHBOUR_WORDS words */
#define ELIG_SENT_HEAD  32 /* it opens with a heading cue before a colon (elig_heading_cue) */

/* Words a sentence may have for its condition cue to govern the sentence next to it. */
#define ELIG_NEIGHBOUR_WORDS 4

/* Words a heading before its colon may have ("Aufnahmekriterien:", "Conditions d'admission :"). */
#define ELIG_HEADING_WORDS 4

/*
 * Cue or soft cue c is (in) a heading: it starts its sentence's first comma
 * segment, which has at most ELIG_HEADING_WORDS words and ends at a colon,
 * and nothing negates it ("Aufnahmekriterien: Volljährigkeit; ...",
 * "Requirements: over 18; ...").
 */
static int elig_cue_heads(const struct elig_scan *sc, const struct elig_event *c)
{
	const struct elig_text *x = sc->text;
	size_t s0 = c->start, j;

	while (s0 > 0 && sc->sent[s0 - 1] == c->sent)
		s0--;
	if (c->start - s0 > 1)
		return 0;
	for (j = s0 + 1; j < x->ntoks && sc->sent[j] == c->sent; j++)
		if (x->toks[j].flags & ELIG_TOK_COMMA)
			break;
	return j < x->ntoks && sc->sent[j] == c->sent && (x->toks[j].flags & ELIG_TOK_COLON) &&
	       j >= c->end && j - s0 <= ELIG_HEADING_WORDS && !elig_cue_event_negated(sc, c);
}

/*
 * Fill sc->sent_flags (one byte per sentence, malloc'd, freed by
 * elig_run_lang); events must be indexed (elig_scan_index). Returns 0, or
 * -1 when out of memory.
 */
int elig_scan_sentences(struct elig_scan *sc)
{
	const struct elig_text *x = sc->text;
	size_t n = x->ntoks > 0 ? sc->sent[x->ntoks - 1] + 1 : 0;

	if ((sc->sent_flags = calloc(n + 1, 1)) == NULL)
		return -1;
	for (size_t i = 0, words = 0; i < x->ntoks; i++) {
		words = i > 0 && sc->sent[i - 1] == sc->sent[i] ? words + 1 : 1;
		if (words > ELIG_NEIGHBOUR_WORDS)
			sc->sent_flags[sc->sent[i]] |= ELIG_SENT_LONG;
		if (x->toks[i].flags & ELIG_TOK_ASKED)
			sc->sent_flags[sc->sent[i]] |= ELIG_SENT_ASKS;
		if ((i == 0 || sc->sent[i - 1] != sc->sent[i]) &&
		    (x->toks[i].flags & ELIG_TOK_SEMI))
			sc->sent_flags[sc->sent[i]] |= ELIG_SENT_SEMI;
	}
	for (size_t k = 0; k < sc->nev; k++) {
		int kind = sc->ev[k].kind;
		if (kind == ELIG_TOPIC || kind == ELIG_STRICT || kind == ELIG_SOFT)
			sc->sent_flags[sc->ev[k].sent] |= ELIG_SENT_TOPIC;
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUE]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUE][k];
		if (c->kind == ELIG_CUE && !(sc->sent_flags[c->sent] & ELIG_SENT_CUE) &&
		    !elig_cue_event_negated(sc, c))
			sc->sent_flags[c->sent] |= ELIG_SENT_CUE;
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUES][k];
		if ((c->kind == ELIG_CUE || c->kind == ELIG_SOFTCUE) && elig_cue_heads(sc, c))
			sc->sent_flags[c->sent] |= ELIG_SENT_HEAD;
	}
	return 0;
}

/*
 * A condition cue in the sentence just before or after soft topic t's
 * governs it when that sentence is short (ELIG_NEIGHBOUR_WORDS) and names
 * no topic of its own: a condition spread over two sentences ("... per le
 * persone riconosciute come persone offese nel procedimento penale. Solo
 * su appuntamento."; "Wir betreuen Frauen, die von der Polizei
 * identifiziert wurden. Das ist zwingend."). A longer sentence has an
 * object of its own ("The police station is next door. Registration is
 * required for the German course" stays accepted). Not across a
 * semicolon, not when either sentence asks, not when the cue is negated.
 * Only held, never refused: a person decides.
 */
int elig_neighbour_cue(const struct elig_scan *sc, const struct elig_event *t)
{
	const unsigned char *f = sc->sent_flags;
	const unsigned mask = ELIG_SENT_CUE | ELIG_SENT_TOPIC | ELIG_SENT_ASKS | ELIG_SENT_LONG;
	size_t z = t->sent, last = sc->sent[sc->text->ntoks - 1];

	if (f[z] & ELIG_SENT_ASKS)
		return 0;
	if (z > 0 && (f[z - 1] & mask) == ELIG_SENT_CUE && !(f[z] & ELIG_SENT_SEMI))
		return 1;
	return z < last && (f[z + 1] & mask) == ELIG_SENT_CUE && !(f[z + 1] & ELIG_SENT_SEMI);
}

/*
 * Soft topic t stands in an item of a list whose items are sentences joined
 * by semicolons, and the list's first item opens with a heading cue before a
 * colon (ELIG_SENT_HEAD): the heading governs every item ("Aufnahmekriterien:
 * Volljährigkeit; Krankenversicherung; keine Tätigkeit mehr in der
 * Prostitution; ...", "Conditions d'admission : être majeure ; avoir cessé
 * toute activité prostitutionnelle"). Not when an item up to t's asks. Only
 * held, never refused. Returns 1 or 0; reads sc only.
 */
int elig_heading_cue(const struct elig_scan *sc, const struct elig_event *t)
{
	const unsigned char *f = sc->sent_flags;
	size_t y = t->sent;

	if (!(f[y] & ELIG_SENT_SEMI))
		return 0;
	while (y > 0 && (f[y] & ELIG_SENT_SEMI)) {
		if (f[y] & ELIG_SENT_ASKS)
			return 0;
		y--;
	}
	return (f[y] & (ELIG_SENT_HEAD | ELIG_SENT_ASKS)) == ELIG_SENT_HEAD;
}

/* Words after a cue that follows its topic in its comma segment: the cue says something else. */
#define ELIG_CUE_AFTER_WORDS 3

/*
 * Cue c follows topic t and at least ELIG_CUE_AFTER_WORDS words follow it
 * in its comma segment: the cue may be about what follows rather than the
 * topic ("A police report is only one of several options", "Eine Anzeige
 * ist nur eine von mehreren Möglichkeiten", "Police reports must be kept
 * somewhere safe", "Exit programmes are only for those who ask for them").
 * Held, not refused; "A police report is required", "Police report
 * required for admission" are still refused.
 */
int elig_cue_after(const struct elig_scan *sc, const struct elig_event *t,
		   const struct elig_event *c)
{
	size_t z = c->end, words = 0;

	if (c->start < t->end)
		return 0;
	for (; z < sc->text->ntoks && sc->seg[z] == c->seg && sc->sent[z] == c->sent; z++)
		words++;
	return words >= ELIG_CUE_AFTER_WORDS;
}

/*
 * Cue c precedes topic t, which stands in a later comma segment, and the
 * cue has at least ELIG_CUE_AFTER_WORDS words of its own after it in its
 * segment: the cue governs those ("We must protect your data, including
 * from immigration enforcement", "Wij moeten je gegevens geheimhouden, ook
 * tegenover de IND", "Musimy chronić twoje dane, także przed Strażą
 * Graniczną": firewall statements), and the topic is added after the
 * comma; before a colon, ELIG_CUE_COLON_WORDS words are enough ("Nur für
 * Frauen: Fragen zu Anzeigen bei der Polizei beantwortet unsere Anwältin",
 * "Solo para mujeres: las preguntas sobre denuncias ..."). Held, not
 * refused ("Requirements for participants: abstinence, no clients" too).
 */
#define ELIG_CUE_COLON_WORDS 2

int elig_cue_complement(const struct elig_scan *sc, const struct elig_event *t,
			const struct elig_event *c)
{
	size_t z = c->end, words = 0;

	if (c->end > t->start || c->seg == t->seg)
		return 0;
	for (; z < sc->text->ntoks && sc->seg[z] == c->seg; z++)
		words++;
	if (words >= ELIG_CUE_COLON_WORDS && z < sc->text->ntoks &&
	    (sc->text->toks[z].flags & ELIG_TOK_COLON))
		return 1; /* "Nur für Frauen: Fragen zu Anzeigen ..." */
	return words >= ELIG_CUE_AFTER_WORDS;
}
