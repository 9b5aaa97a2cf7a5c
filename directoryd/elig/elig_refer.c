/*
 * elig_refer.c - a topic made a condition by the text around it, though
 * its own clause has no cue: a pronoun in the next sentence's condition
 * points back to it ("We don't need your police report. Housing only for
 * those who have filed it."), or a criteria heading before a colon sets it
 * ("Who can stay: women who have made a statement to the police.")
 * (docs/eligibility.md, "How matching works", step 7f). Held, never
 * refused. What a sentence offers is found once per text
 * (elig_scan_refer), so a long text of many topics stays linear to check.
 */
#include <stdlib.h>

#include "elig_int.h"
#include "elig_clear.h"
#include "elig_neg.h"
#include "elig_prohibit.h"

/* Words at most from a condition cue to the pronoun that names its object. */
#define ELIG_PRO_REACH 12
/* Words at most after that pronoun to the end of its sentence ("die das auch getan haben"). */
#define ELIG_PRO_TAIL 3
/* Words at most in a criteria heading before its colon ("Quién puede solicitar plaza:"). */
#define ELIG_HEAD_WORDS 4

/* sc->refer flags of a sentence. */
#define ELIG_REFER_ASKS     1 /* a question mark follows one of its words */
#define ELIG_REFER_STOP     2 /* it follows the sentence before across a full stop, not a semicolon */
#define ELIG_REFER_OWN      4  /* it names a topic, trade word, offer or negpost of its own */
#define ELIG_REFER_PRO      8  /* a condition cue governs a `pro` word near its end */
#define ELIG_REFER_WITHOUT  16 /* a "without" before a `pro` or `that` word, a negation after */
#define ELIG_REFER_SANCTION 32 /* a sanction that nothing negates (elig_sanction_negated) */

/*
 * The flags of sentence z's events, k0 .. the first event of another
 * sentence: a `pro` word that a cue governs (an unnegated condition cue 1
 * to ELIG_PRO_REACH words before it, no negation in the sentence before
 * it, at most ELIG_PRO_TAIL words after it: "only for those who have filed
 * it"); a "without" right before a `pro` or `that` word and a plain
 * negation after it ("Without it, we cannot offer you a bed", "Sin este
 * documento no podremos darte más citas"); a topic, trade word, offer or
 * negpost of its own. last: the sentence's last token.
 */
static unsigned char elig_refer_events(const struct elig_scan *sc, size_t k0, size_t last)
{
	const struct elig_event *cue = NULL, *without = NULL;
	unsigned char f = 0;
	int negs = 0;

	for (size_t k = k0; k < sc->nev && sc->ev[k].sent == sc->ev[k0].sent; k++) {
		const struct elig_event *e = &sc->ev[k];
		int kind = e->kind;
		if (kind == ELIG_TOPIC || kind == ELIG_STRICT || kind == ELIG_SOFT ||
		    kind == ELIG_TRADE || kind == ELIG_OPTIONAL || kind == ELIG_NEGPOST)
			f |= ELIG_REFER_OWN;
		if (kind == ELIG_NEG && !elig_is_without(sc, e) && without == NULL)
			negs++;
		if (kind == ELIG_WITHOUT || (kind == ELIG_NEG && elig_is_without(sc, e)))
			without = e;
		if (kind == ELIG_CUE && cue == NULL && !elig_cue_event_negated(sc, e))
			cue = e;
		if ((kind == ELIG_PRO || kind == ELIG_THAT) && without != NULL &&
		    without->end == e->start &&
		    elig_kind_starts_in(sc, ELIG_NEG, e->end, e->end + (size_t)sc->lang->window))
			f |= ELIG_REFER_WITHOUT;
		if (kind == ELIG_PRO && last + 1 - e->end <= ELIG_PRO_TAIL && cue != NULL &&
		    negs == 0 && e->start > cue->end && e->start - cue->end <= ELIG_PRO_REACH)
			f |= ELIG_REFER_PRO;
	}
	return f;
}

/*
 * The token after the colon of the criteria heading of the sentence that
 * starts at token first, or 0: its first comma segment ends with a colon,
 * has at most ELIG_HEAD_WORDS words and names a `head` word ("Admission:",
 * "Voraussetzungen:") or opens with a `who` word followed by a `may` or
 * `admit` word ("Who can stay:", "Chi può accedere:", "Кто может
 * обратиться:").
 */
static size_t elig_heading_after(const struct elig_scan *sc, size_t first)
{
	size_t end;
	int who = 0, may = 0, head = 0;

	for (end = first + 1; end < sc->text->ntoks && sc->seg[end] == sc->seg[first]; end++)
		if (end - first > ELIG_HEAD_WORDS)
			return 0;
	if (end >= sc->text->ntoks || end - first > ELIG_HEAD_WORDS ||
	    sc->sent[end] != sc->sent[first] || !(sc->text->toks[end].flags & ELIG_TOK_COLON))
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < end; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->end > end)
			continue;
		head |= e->kind == ELIG_HEAD;
		who |= e->kind == ELIG_WHO && e->start == first;
		may |= who && (e->kind == ELIG_MAY || e->kind == ELIG_ADMIT);
	}
	return head || (who && may) ? end : 0;
}

int elig_scan_refer(struct elig_scan *sc)
{
	const struct elig_text *x = sc->text;
	size_t n = x->ntoks > 0 ? sc->sent[x->ntoks - 1] + 1 : 0;

	if ((sc->refer = calloc(n + 1, 1)) == NULL ||
	    (sc->heading = calloc(n + 1, sizeof(*sc->heading))) == NULL)
		return -1;
	for (size_t i = 0; i < x->ntoks; i++) {
		size_t z = sc->sent[i], last = i, k0;
		if (i > 0 && sc->sent[i - 1] == z)
			continue; /* i is the first token of sentence z */
		while (last + 1 < x->ntoks && sc->sent[last + 1] == z)
			last++;
		for (size_t j = i; j <= last; j++)
			if (x->toks[j].flags & ELIG_TOK_ASKED)
				sc->refer[z] |= ELIG_REFER_ASKS;
		if (i > 0 && !(x->toks[i].flags & ELIG_TOK_SEMI))
			sc->refer[z] |= ELIG_REFER_STOP;
		k0 = elig_event_from(sc, i);
		if (k0 < sc->nev && sc->ev[k0].sent == z)
			sc->refer[z] |= elig_refer_events(sc, k0, last);
		sc->heading[z] = elig_heading_after(sc, i);
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_SANCTION]; k++) {
		const struct elig_event *s = sc->group[ELIG_G_SANCTION][k];
		if (!(sc->refer[s->sent] & ELIG_REFER_SANCTION) && !elig_sanction_negated(sc, s))
			sc->refer[s->sent] |= ELIG_REFER_SANCTION;
	}
	return 0;
}

int elig_sentence_sanctioned(const struct elig_scan *sc, size_t z)
{
	return (sc->refer[z] & (ELIG_REFER_SANCTION | ELIG_REFER_ASKS)) == ELIG_REFER_SANCTION;
}

int elig_referred_back(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t z = t->sent;
	unsigned char next;

	if (sc->text->ntoks == 0 || z + 1 > sc->sent[sc->text->ntoks - 1] ||
	    (sc->refer[z] & ELIG_REFER_ASKS))
		return 0;
	next = sc->refer[z + 1];
	if ((next & (ELIG_REFER_STOP | ELIG_REFER_ASKS | ELIG_REFER_OWN)) != ELIG_REFER_STOP)
		return 0; /* a semicolon between, or the next sentence asks or has its own */
	/* a soft topic only with the double negative: "certificate at the end.
	 * Trainees must attend ... to receive it." names no condition on it */
	return (next & ELIG_REFER_WITHOUT) || ((next & ELIG_REFER_PRO) && t->kind != ELIG_SOFT);
}

int elig_under_heading(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from, end = sc->heading[t->sent];

	if (end == 0 || end > t->start || (sc->refer[t->sent] & ELIG_REFER_ASKS) ||
	    elig_event_negated(sc, t) || elig_without(sc, t, &from) == 1 ||
	    elig_optional_near(sc, t) || elig_either_way(sc, t) || elig_list_negated(sc, t))
		return 0;
	for (size_t k = elig_event_from(sc, end); k < sc->nev && sc->ev[k].start < t->end; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_CLEAR || e->kind == ELIG_NEG) && e->start < t->start)
			return 0; /* "Who can come: anyone, including women who ..." */
		if (e->kind == ELIG_AND && e->end + (size_t)sc->lang->reach >= t->start)
			return 0; /* an alternative: "anyone who sells or has sold sex" */
	}
	return 1;
}
