/*
 * elig_family.c - families of words the matcher combines into soft topics:
 * a word of leaving, stopping or returning (`exit` patterns) near a word of
 * sex work (`trade` patterns), in either order, is a D4 soft topic ("left
 * the game", "la prostitution, elle l'a quittée"), so that a list names
 * two small vocabularies instead of every phrase of them. Likewise a word
 * of being identified or recognised (`ident`) near a word of the
 * procedure, its outcome, its papers or its bodies (`idproc`) is a D1 soft
 * topic ("if the identification ends negatively", "the confirmation letter
 * from the identification body", "deren Status von der Behörde bestätigt").
 * And a word of being put on record, documented or brought to notice, or
 * of a receipt or register (`record`), near a word of the police, the
 * prosecutor or the competent authorities (`office`) is a D2 soft topic
 * ("once the facts are on record with the authorities", "en cuanto los
 * hechos consten ante las autoridades", "le récépissé de la plainte").
 * And a word of one's stay, residence or status in the country (`stay`)
 * near a word of it being lawful, regular or valid (`lawful`) is a D5 soft
 * topic ("we check that your stay is lawful", "soggiorno regolare",
 * "a legalidade da sua permanência"). And a word of committing at
 * admission (`pledge`) before a stopping or going back with no object of
 * its own is a D4 soft topic ("confirm that you want to stop", "signs that
 * she will not go back"), and holds a D4 family topic after it.
 * docs/eligibility.md, "How matching works", step 8a.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_clear.h"
#include "elig_family.h"
#include "elig_neg.h"
#include "elig_prohibit.h"

/* Most words between the two words of one family event. */
#define ELIG_FAMILY_GAP 3

/* The words of e's pattern (not its ~N gaps) as bits from token `from`. */
static uint64_t elig_family_terms(const struct elig_event *e, size_t from)
{
	size_t shift = e->start - from;

	return shift < 64 ? e->terms << shift : 0;
}

/* Tokens an exit event may start before a trade event it pairs with (a bound on pattern length). */
#define ELIG_FAMILY_SPAN 64

/*
 * Whether trade event w stands wholly inside a ~N gap of exit event e,
 * sharing none of its words: the trade word a split exit phrase wraps
 * ("ne se prostituent plus", "non si prostituiscono più").
 */
static int elig_family_wrapped(const struct elig_event *e, const struct elig_event *w)
{
	return e->start < w->start && w->end < e->end &&
	       (elig_family_terms(e, e->start) & elig_family_terms(w, e->start)) == 0;
}

/* Gap in words between exit event e and trade event w: 0 when e wraps w, SIZE_MAX when they overlap otherwise. */
static size_t elig_family_gap(const struct elig_event *e, const struct elig_event *w)
{
	if (e->end <= w->start)
		return w->start - e->end;
	if (w->end <= e->start)
		return e->start - w->end;
	if (elig_family_wrapped(e, w))
		return 0;
	return SIZE_MAX;
}

/* A family: an event of kind `anchor` with one of kind `partner` nearby is a soft topic of `rule`. */
struct elig_family {
	int anchor, partner, rule;
};

static const struct elig_family elig_families[] = {
	{ ELIG_TRADE, ELIG_EXIT, 4 },   { ELIG_VEILED, ELIG_EXIT, 4 },
	{ ELIG_IDPROC, ELIG_IDENT, 1 }, { ELIG_OFFICE, ELIG_RECORD, 2 },
	{ ELIG_STAY, ELIG_LAWFUL, 5 },
};

/*
 * Event e is of kind `partner`; a relapse word (going back) is also an exit
 * word, and so is a `still` word for the D4 family: still doing the trade,
 * as having left or going back to it, is what such a condition names
 * ("Frauen, die noch Sex verkaufen, ...", "qui se prostituent encore").
 */
static int elig_family_partner_kind(const struct elig_event *e, int partner)
{
	return e->kind == partner ||
	       (partner == ELIG_EXIT && (e->kind == ELIG_RELAPSE || e->kind == ELIG_STILL));
}

/* Most words between a trade word and an exit verb closing its comma segment (elig_family_pair_gap). */
#define ELIG_FAMILY_FINAL_GAP 8

/*
 * Gap between trade event w and exit event e as the pairing counts it: a
 * verb-final infinitive or relative clause (German, Dutch) puts its object
 * far before the exit verb that closes its comma segment, and such an exit
 * pairs with a trade word of its segment up to ELIG_FAMILY_FINAL_GAP words
 * before it, as if at the farthest gap (the D4 family only); other pairs
 * count their words.
 */
static size_t elig_family_pair_gap(const struct elig_scan *sc, const struct elig_event *e,
				   const struct elig_event *w)
{
	size_t gap = elig_family_gap(e, w);

	if ((e->kind == ELIG_EXIT || e->kind == ELIG_RELAPSE) && gap > ELIG_FAMILY_GAP &&
	    gap != SIZE_MAX && gap <= ELIG_FAMILY_FINAL_GAP && w->end <= e->start &&
	    sc->seg[w->start] == sc->seg[e->end - 1] &&
	    (e->end == sc->text->ntoks || sc->seg[e->end] != sc->seg[e->end - 1]))
		return ELIG_FAMILY_GAP;
	return gap;
}

/*
 * The event of kind `partner` nearest to event k in its clause, within
 * ELIG_FAMILY_GAP words on either side (elig_family_pair_gap) and not
 * overlapping it, or NULL;
 * of two as near, a relapse event (elig_family_absorb).
 * Events are in token order, so only those starting near it are looked
 * at: the walk stays linear in the events of a text.
 */
static const struct elig_event *elig_family_partner(const struct elig_scan *sc, size_t k,
						    int partner)
{
	const struct elig_event *w = &sc->ev[k], *best = NULL;
	size_t best_gap = ELIG_FAMILY_GAP + 1, j = k;

	while (j > 0 && sc->ev[j - 1].start + ELIG_FAMILY_SPAN >= w->start)
		j--;
	for (; j < sc->nev && sc->ev[j].start <= w->end + ELIG_FAMILY_FINAL_GAP; j++) {
		const struct elig_event *e = &sc->ev[j];
		size_t gap = elig_family_pair_gap(sc, e, w);
		if (elig_family_partner_kind(e, partner) && e->clause == w->clause &&
		    (gap < best_gap || (gap == best_gap && e->kind == ELIG_RELAPSE))) {
			best = e;
			best_gap = gap;
		}
	}
	return best;
}

/* Most words between a negation and the D4 topic of a relapse word it makes a condition. */
#define ELIG_RELAPSE_NEG_GAP 1

/* Whether negation n is exactly a "without" phrase (which belongs to its noun). */
static int elig_family_without(const struct elig_scan *sc, size_t from, const struct elig_event *n)
{
	for (size_t j = from; j < sc->nev && sc->ev[j].start <= n->start; j++)
		if (sc->ev[j].kind == ELIG_WITHOUT && sc->ev[j].start == n->start &&
		    sc->ev[j].end == n->end)
			return 1;
	return 0;
}

/*
 * Make the plain negations of D4 topic t's comma segment that stand inside
 * it or end at most ELIG_RELAPSE_NEG_GAP words before it words of its own,
 * so that they negate nothing: t pairs a trade word with a relapse word
 * (going back), and not going back is the D4 condition itself ("Nur
 * Frauen, die nicht auf die Straße zurückkehren, dürfen bleiben", "celles
 * qui ne retournent pas au trottoir"). k is the index of t's trade event.
 */
static void elig_family_absorb(const struct elig_scan *sc, size_t k, struct elig_event *t)
{
	size_t j = k;

	while (j > 0 && sc->ev[j - 1].start + ELIG_FAMILY_SPAN >= t->start)
		j--;
	for (size_t from = j; j < sc->nev && sc->ev[j].start < t->end; j++) {
		const struct elig_event *n = &sc->ev[j];
		if (n->kind != ELIG_NEG || n->seg != t->seg || n->end > t->end ||
		    n->end + ELIG_RELAPSE_NEG_GAP < t->start || t->end - n->start >= 64 ||
		    elig_family_without(sc, from, n))
			continue;
		if (n->start < t->start) {
			t->terms <<= t->start - n->start;
			t->start = n->start;
		}
		t->terms |= elig_family_terms(n, t->start);
	}
}

/* Most words between a pledge word and the stopping or going back it commits to (verb-final clauses: 8). */
#define ELIG_PLEDGE_GAP 8

/*
 * Most words between a negation and the going back it denies after a
 * pledge: an auxiliary or clitic ("nu se va întoarce", "няма да се
 * върне"), or the object of a verb-final clause ("dass sie nicht in die
 * Arbeit zurückgeht").
 */
#define ELIG_PLEDGE_NEG_GAP 4

/* Most words from a `we` word to a pledge word that makes it the service's own. */
#define ELIG_PLEDGE_WE_GAP 3

/*
 * Whether pledge event p is the service's own: a `we` word in its sentence
 * at most ELIG_PLEDGE_WE_GAP words before it (not "... for our support.
 * Women who signed that they will stop ...": elig-b9).
 */
static int elig_pledge_ours(const struct elig_scan *sc, const struct elig_event *p)
{
	size_t from = p->start > ELIG_PLEDGE_WE_GAP ? p->start - ELIG_PLEDGE_WE_GAP : 0;

	while (from < p->start && sc->sent[from] != sc->sent[p->start])
		from++;

	return elig_kind_starts_in(sc, ELIG_WE, from,
				   p->start); /* "Our team is committed to ..." */
}

/* Whether event e closes its comma segment (or the text). */
static int elig_family_closes_segment(const struct elig_scan *sc, const struct elig_event *e)
{
	return e->end == sc->text->ntoks || sc->seg[e->end] != sc->seg[e->end - 1];
}

/*
 * The plain negation of relapse event e's comma segment that ends at most
 * ELIG_PLEDGE_NEG_GAP words before it and after token `after`, with no
 * `and` word between them (which starts another predicate), or NULL:
 * "(signs that she will) not go back".
 */
static const struct elig_event *elig_family_neg_before(const struct elig_scan *sc, size_t k,
						       const struct elig_event *e, size_t after)
{
	for (size_t j = k; j > 0 && sc->ev[j - 1].start + ELIG_FAMILY_SPAN >= e->start; j--) {
		const struct elig_event *n = &sc->ev[j - 1];
		if (n->kind == ELIG_NEG && n->seg == e->seg && n->start >= after &&
		    n->end <= e->start && n->end + ELIG_PLEDGE_NEG_GAP >= e->start &&
		    !elig_kind_starts_in(sc, ELIG_AND, n->end, e->start))
			return n; /* not "nicht gezwungen werden und jederzeit zurückkommen" */
	}
	return NULL;
}

/*
 * A D4 soft topic for pledge event k (committing at admission: "confirms",
 * "signs that", "verpflichtet sich") and the first `exit` or `relapse` event
 * at most ELIG_PLEDGE_GAP words after it in its clause that has no object
 * of its own: it closes its comma segment ("... confirm that you want to
 * stop.") or is a relapse word a plain negation right before it denies
 * ("signs that she will not go back to the work", "dass sie nicht in die
 * Arbeit zurückgeht"); the negation becomes the topic's own word, as not
 * going back is the pledge. "We are committed to ending poverty" has an
 * object and makes none; a `we` word at most ELIG_PLEDGE_WE_GAP words
 * before the pledge makes it the service's own, and none either. Fills *t
 * and returns 1, or returns 0.
 */
static int elig_pledge_topic(const struct elig_scan *sc, size_t k, struct elig_event *t)
{
	const struct elig_event *p = &sc->ev[k];

	if (elig_pledge_ours(sc, p))
		return 0;

	for (size_t j = k + 1; j < sc->nev && sc->ev[j].start <= p->end + ELIG_PLEDGE_GAP; j++) {
		const struct elig_event *e = &sc->ev[j], *n = NULL;
		if ((e->kind != ELIG_EXIT && e->kind != ELIG_RELAPSE) || e->clause != p->clause ||
		    e->start < p->end || e->end - p->start >= 64)
			continue;
		if (e->kind == ELIG_RELAPSE)
			n = elig_family_neg_before(sc, j, e, p->end);
		if (n == NULL && !elig_family_closes_segment(sc, e))
			continue;
		*t = *p;
		t->kind = ELIG_SOFT;
		t->rule = 4;
		t->end = e->end;
		t->terms = elig_family_terms(p, p->start) | elig_family_terms(e, p->start) |
			   (n != NULL ? elig_family_terms(n, p->start) : 0);
		return 1;
	}
	return 0;
}

/* Append event e to the growing array *add of *n events. Returns 0, or -1 when out of memory. */
static int elig_family_push(struct elig_event **add, size_t *n, const struct elig_event *e)
{
	struct elig_event *grown = realloc(*add, (*n + 1) * sizeof(**add));

	if (grown == NULL)
		return -1;
	*add = grown;
	grown[(*n)++] = *e;
	return 0;
}

/* qsort order of family events: by first token. */
static int elig_family_order(const void *a, const void *b)
{
	const struct elig_event *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Merge the n family events of add[] into sc->ev, in token order (after events that start at the same token). */
static int elig_family_merge(struct elig_scan *sc, const struct elig_event *add, size_t n)
{
	size_t old = sc->nev, i = 0, j = 0, o = 0;
	struct elig_event *copy = malloc(old * sizeof(*copy) + 1);

	if (copy == NULL || buf_slot(&sc->ev_buf, &sc->ev, old + n - 1, sizeof(*sc->ev)) != 0) {
		free(copy);
		return -1;
	}
	memcpy(copy, sc->ev, old * sizeof(*copy));
	while (i < old || j < n)
		sc->ev[o++] =
			j >= n || (i < old && copy[i].start <= add[j].start) ? copy[i++] : add[j++];
	sc->nev = old + n;
	free(copy);
	return 0;
}

/*
 * Whether anchor event w may make a family topic: a `veiled` word (the
 * trade by a euphemism: "the previous activity", "in the business") only
 * when its writer marks it as one with a quotation mark before it ("no
 * longer works «in the field»") or in a sentence with a sanction, a
 * condition cue or a pledge ("Any return to the previous activity will
 * result in the termination of the tenancy", "confirms her decision to end
 * the activity"), since the same words name a job or a field
 * of work ("a return to your previous activity after surgery"); every
 * other anchor always.
 */
static int elig_family_anchor_pressed(const struct elig_scan *sc, const struct elig_event *w)
{
	return w->kind != ELIG_VEILED || (sc->text->toks[w->start].flags & ELIG_TOK_QUOTE) ||
	       elig_sentence_has_kind(sc, w->sent,
				      ELIG_KINDS(ELIG_SANCTION, ELIG_CUE, ELIG_PLEDGE));
}

/* The family whose anchor is event w's kind, or NULL. */
static const struct elig_family *elig_family_of(const struct elig_event *w)
{
	for (size_t i = 0; i < sizeof(elig_families) / sizeof(elig_families[0]); i++)
		if (w->kind == elig_families[i].anchor)
			return &elig_families[i];
	return NULL;
}

/*
 * Add a soft topic for every anchor event (trade, idproc, office, stay)
 * with a partner event (exit, ident, record, lawful) nearby in its clause
 * (elig_family_partner), spanning both, of its family's rule (D4, D1, D2,
 * D5);
 * clauses must be numbered (elig_scan_clauses). Keeps sc->ev in token order. Returns 0, or -1 when
 * out of memory.
 */
int elig_scan_families(struct elig_scan *sc)
{
	struct elig_event *add = NULL;
	size_t n = 0;
	int rc = 0;

	for (size_t k = 0; k < sc->nev && rc == 0; k++) {
		const struct elig_event *w = &sc->ev[k], *e;
		const struct elig_family *f = elig_family_of(w);
		struct elig_event *grown, pledged;
		if (w->kind == ELIG_PLEDGE && elig_pledge_topic(sc, k, &pledged)) {
			rc = elig_family_push(&add, &n, &pledged);
			continue;
		}
		if (f == NULL || !elig_family_anchor_pressed(sc, w) ||
		    (e = elig_family_partner(sc, k, f->partner)) == NULL)
			continue;
		if ((grown = realloc(add, (n + 1) * sizeof(*add))) == NULL) {
			rc = -1;
			break;
		}
		add = grown;
		add[n] = *w;
		add[n].kind = ELIG_SOFT;
		add[n].rule = f->rule;
		add[n].start = e->start < w->start ? e->start : w->start;
		add[n].end = e->end > w->end ? e->end : w->end;
		add[n].terms =
			elig_family_terms(e, add[n].start) | elig_family_terms(w, add[n].start);
		add[n].seg = e->start < w->start ? e->seg : w->seg;
		add[n].sent = e->sent;
		if (e->kind == ELIG_RELAPSE)
			elig_family_absorb(sc, k, &add[n]);
		n++;
	}
	if (rc == 0 && n > 0) {
		qsort(add, n, sizeof(*add),
		      elig_family_order); /* a widened topic may start earlier */
		rc = elig_family_merge(sc, add, n);
	}
	free(add);
	return rc;
}

int elig_exit_story(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from = t->start > ELIG_FAMILY_GAP ? t->start - ELIG_FAMILY_GAP : 0, last_end = 0;
	int exits = 0, trade = 0;

	if (t->kind != ELIG_SOFT || t->rule != 4 || elig_event_negated(sc, t) ||
	    elig_optional_near(sc, t) || elig_cleared(sc, t) || elig_sentence_asks(sc, t->start))
		return 0;
	for (size_t k = elig_event_from(sc, from);
	     k < sc->nev && sc->ev[k].start <= t->end + ELIG_FAMILY_GAP; k++) {
		const struct elig_event *e = &sc->ev[k];
		trade |= e->kind == ELIG_TRADE && e->start >= t->start && e->end <= t->end;
		if (e->kind == ELIG_EXIT && e->clause == t->clause && e->start >= last_end) {
			exits++;
			last_end = e->end;
		}
	}
	return trade && exits >= 2; /* not "a fresh start through bankruptcy": no trade word */
}

int elig_family_has(const struct elig_scan *sc, const struct elig_event *t, struct elig_kinds kinds)
{
	for (size_t k = elig_event_from(sc, t->start); k < sc->nev && sc->ev[k].start < t->end; k++)
		if (elig_kinds_has(kinds, sc->ev[k].kind) && sc->ev[k].end <= t->end)
			return 1;
	return 0;
}

/* Words at most between a pledge word and the D4 family topic it commits to (elig_pledged). */
#define ELIG_PLEDGE_REACH 12

int elig_pledged(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from = t->start > ELIG_PLEDGE_REACH ? t->start - ELIG_PLEDGE_REACH : 0;

	if (t->kind != ELIG_SOFT || t->rule != 4 || elig_event_negated(sc, t) ||
	    elig_cleared(sc, t) || elig_sentence_asks(sc, t->start))
		return 0;
	if (elig_family_has(sc, t, ELIG_KINDS(ELIG_PLEDGE)))
		return 1;
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < t->start; k++)
		if (sc->ev[k].kind == ELIG_PLEDGE && sc->ev[k].clause == t->clause &&
		    sc->ev[k].end <= t->start && !elig_pledge_ours(sc, &sc->ev[k]))
			return 1;
	return 0;
}

int elig_relapse_costs(const struct elig_scan *sc, const struct elig_event *t)
{
	return t->kind == ELIG_SOFT && t->rule == 4 &&
	       (elig_family_has(sc, t, ELIG_KINDS(ELIG_VEILED)) ||
		(elig_family_has(sc, t, ELIG_KINDS(ELIG_RELAPSE)) &&
		 elig_family_has(sc, t, ELIG_KINDS(ELIG_TRADE)))) &&
	       elig_sanctioned(sc, t);
}
