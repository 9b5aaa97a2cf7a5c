/*
 * elig_match.c - one phrase list over one normalised text: find every
 * pattern occurrence (event), number clauses and comma segments, and
 * decide between refused, held and accepted. docs/eligibility.md, "How
 * matching works", explains the steps.
 */
#include "eligibility.h"

#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "elig_int.h"

/* The kinds of each group (enum elig_group, elig_int.h). */
static const uint64_t elig_group_kinds[ELIG_NGROUPS] = {
	[ELIG_G_NEG] = ELIG_KIND(ELIG_NEG),
	[ELIG_G_NEGW] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT),
	[ELIG_G_NEGANY] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT) | ELIG_KIND(ELIG_NEGPOST),
	[ELIG_G_WITHOUT] = ELIG_KIND(ELIG_WITHOUT),
	[ELIG_G_OPTIONAL] = ELIG_KIND(ELIG_OPTIONAL),
	[ELIG_G_CUE] = ELIG_KIND(ELIG_CUE),
	[ELIG_G_CUES] = ELIG_KIND(ELIG_CUE) | ELIG_KIND(ELIG_SOFTCUE),
	[ELIG_G_CUENEG] = ELIG_KIND(ELIG_CUE) | ELIG_KIND(ELIG_NEG),
	[ELIG_G_FRAME] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_NEGPOST) | ELIG_KIND(ELIG_WITHOUT) |
			 ELIG_KIND(ELIG_OPTIONAL) | ELIG_KIND(ELIG_SOFTEN) | ELIG_KIND(ELIG_HEDGE) |
			 ELIG_KIND(ELIG_CLEAR),
	[ELIG_G_NEGWOPT] = ELIG_KIND(ELIG_NEG) | ELIG_KIND(ELIG_WITHOUT) | ELIG_KIND(ELIG_OPTIONAL),
	[ELIG_G_TOPICS] = ELIG_KIND(ELIG_TOPIC) | ELIG_KIND(ELIG_STRICT),
	[ELIG_G_CLEAR] = ELIG_KIND(ELIG_CLEAR) | ELIG_KIND(ELIG_HOW) | ELIG_KIND(ELIG_ORNOT) |
			 ELIG_KIND(ELIG_WHAT),
	[ELIG_G_SOFT] = ELIG_KIND(ELIG_SOFT),
	[ELIG_G_AND] = ELIG_KIND(ELIG_AND),
	[ELIG_G_SANCTION] = ELIG_KIND(ELIG_SANCTION),
	[ELIG_G_FORBID] = ELIG_KIND(ELIG_FORBID) | ELIG_KIND(ELIG_BAN) | ELIG_KIND(ELIG_MAY) |
			  ELIG_KIND(ELIG_STAFF),
	[ELIG_G_WHERE] = ELIG_KIND(ELIG_WHERE),
	[ELIG_G_BEGIN] = ELIG_KIND(ELIG_BEGIN),
};

/* ---- matching ---------------------------------------------------------- */

static int elig_alt_hit(const struct elig_alt *a, const char *w, size_t n)
{
	switch (a->flags) {
	case 0: return n == a->len && memcmp(w, a->w, n) == 0;
	case ELIG_ALT_POST: return n >= a->len && memcmp(w, a->w, a->len) == 0;
	case ELIG_ALT_PRE: return n >= a->len && memcmp(w + n - a->len, a->w, a->len) == 0;
	default: return memmem(w, n, a->w, a->len) != NULL;
	}
}

/* The folded word matches as written, or plain words by their stem keys. */
static int elig_term_hit(const struct elig_term *term, const struct elig_scan *sc, size_t pos)
{
	const struct elig_tok *tok = &sc->text->toks[pos];
	const char *f = sc->text->norm + tok->foff;

	for (size_t i = 0; i < term->nalts; i++) {
		const struct elig_alt *a = &term->alts[i];
		if (elig_alt_hit(a, f, tok->flen))
			return 1;
		if (a->key != NULL && a->klen == sc->klen[pos] &&
		    memcmp(a->key, sc->key[pos], a->klen) == 0)
			return 1;
		if (a->key2 != NULL && a->k2len == sc->k2len[pos] &&
		    memcmp(a->key2, sc->key2[pos], a->k2len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Match terms ti.. of p at token pos, allowing up to `gap` words before
 * the term (more if the term itself says ~N). end is the first token of
 * the next sentence; no term after the first is matched over a colon.
 * Returns the token after the match, or -1; at[t] is the token term t
 * matched (SIZE_MAX for an optional term left out).
 */
static long elig_match_from(const struct elig_pattern *p, size_t ti, const struct elig_scan *sc,
			    size_t pos, size_t end, int gap, size_t *at)
{
	const struct elig_term *term;
	int allow;
	long r;

	if (ti == p->nterms)
		return (long)pos;
	term = &p->terms[ti];
	allow = gap > term->gap ? gap : term->gap;
	for (size_t g = 0; g <= (size_t)allow && pos + g < end; g++) {
		if (ti > 0 && (sc->text->toks[pos + g].flags & ELIG_TOK_COLON))
			break; /* "How we work: only women with a police report": a label is no part */
		if (!elig_term_hit(term, sc, pos + g))
			continue;
		at[ti] = pos + g;
		r = elig_match_from(p, ti + 1, sc, pos + g + 1, end, 0, at);
		if (r >= 0)
			return r;
	}
	if (term->optional) {
		at[ti] = SIZE_MAX;
		return elig_match_from(p, ti + 1, sc, pos, end, allow, at);
	}
	return -1;
}

/* ---- one language over one text --------------------------------------- */

/* Add to c (n so far) the patterns of l's first-term index under key k. */
static size_t elig_first_lookup(const struct elig_lang *l, const char *k, size_t klen, uint32_t *c,
				size_t n, size_t cap)
{
	size_t h;

	if (l->fmask == 0)
		return n;
	for (h = elig_hash(k, klen) & l->fmask; l->fhash[h].hi != 0; h = (h + 1) & l->fmask) {
		const struct elig_frange *f = &l->fhash[h];
		const struct elig_first *e = &l->first[f->lo];
		if (e->klen != klen || memcmp(e->k, k, klen) != 0)
			continue;
		for (size_t i = f->lo; i < f->hi && n < cap; i++)
			c[n++] = l->first[i].pat;
		break;
	}
	return n;
}

/*
 * The patterns that may start at token i, ascending and distinct, in c
 * (cap entries): those the first-term index gives for the token's folded
 * word, stem keys and prefix, and those always tried. Returns how many,
 * or SIZE_MAX when they do not fit (then every pattern is tried).
 */
static size_t elig_candidates(const struct elig_scan *sc, size_t i, uint32_t *c, size_t cap)
{
	const struct elig_lang *l = sc->lang;
	const struct elig_tok *tok = &sc->text->toks[i];
	const char *f = sc->text->norm + tok->foff;
	size_t n = 0, u = 0;

	n = elig_first_lookup(l, f, tok->flen, c, n, cap);
	n = elig_first_lookup(l, sc->key[i], sc->klen[i], c, n, cap);
	if (sc->key2[i] != sc->key[i])
		n = elig_first_lookup(l, sc->key2[i], sc->k2len[i], c, n, cap);
	if (tok->flen >= ELIG_PREFIX_KEY)
		n = elig_first_lookup(l, f, ELIG_PREFIX_KEY, c, n, cap);
	if (n + l->nalways > cap)
		return SIZE_MAX;
	if (l->nalways > 0) /* l->always is NULL when a language has none */
		memcpy(c + n, l->always, l->nalways * sizeof(*c));
	n += l->nalways;
	for (size_t k = 0; k < n; k++) { /* insertion: a few dozen, mostly in order */
		uint32_t v = c[k];
		size_t j = u;
		while (j > 0 && c[j - 1] > v)
			j--;
		if (j > 0 && c[j - 1] == v)
			continue;
		memmove(c + j + 1, c + j, (u - j) * sizeof(*c));
		c[j] = v;
		u++;
	}
	return u;
}

/* Record pattern p if it matches at token i (end: the sentence's end). */
static int elig_scan_at(struct elig_scan *sc, size_t k, size_t i, size_t end)
{
	const struct elig_pattern *p = &sc->lang->pats[k];
	size_t at[ELIG_MAX_TERMS];
	uint64_t terms = 0;
	long r = elig_match_from(p, 0, sc, i, end, 0, at);

	if (r < 0)
		return 0;
	for (size_t t = 0; t < p->nterms; t++)
		if (at[t] != SIZE_MAX && at[t] - i < 64)
			terms |= (uint64_t)1 << (at[t] - i);
	if (buf_slot(&sc->ev_buf, &sc->ev, sc->nev, sizeof(*sc->ev)) != 0)
		return -1;
	sc->ev[sc->nev++] = (struct elig_event){
		.start = i, .end = (size_t)r, .kind = p->kind, .rule = p->rule, .terms = terms
	};
	return 0;
}

#define ELIG_MAX_CAND 1024 /* candidate patterns at one token */

/*
 * Record every pattern of the language that matches at some token, in
 * token order and, at one token, in the list's order. Only the patterns
 * the first-term index names are tried.
 */
static int elig_scan_events(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	uint32_t c[ELIG_MAX_CAND];
	size_t end = 0, n;

	for (size_t i = 0; i < t->ntoks; i++) {
		if (i >= end)
			for (end = i + 1; end < t->ntoks && !(t->toks[end].flags & ELIG_TOK_SENT);
			     end++)
				;
		n = elig_candidates(sc, i, c, ELIG_MAX_CAND);
		for (size_t k = 0; k < (n == SIZE_MAX ? sc->lang->npats : n); k++)
			if (elig_scan_at(sc, n == SIZE_MAX ? k : c[k], i, end) != 0)
				return -1;
	}
	return 0;
}

/* A topic of any strength or a trade word: what a "sense" phrase can take a word from. */
static int elig_sense_target(int kind)
{
	return kind == ELIG_TOPIC || kind == ELIG_STRICT || kind == ELIG_SOFT || kind == ELIG_TRADE;
}

/*
 * Drop every topic and trade event that has a word of its own among the
 * own words of a "sense" event: a fixed phrase in which the word has
 * another sense ("по медицинским показаниям": medical indications, not
 * testimony; "declarație pe propria răspundere": a sworn statement; "game
 * consoles"). The word is then no topic in any pattern, so neither a cue
 * nor a sanction can make it a condition. Events keep their token order.
 * Returns 0, or -1 when out of memory.
 */
static int elig_drop_senses(struct elig_scan *sc)
{
	size_t n = sc->text->ntoks, kept = 0;
	unsigned char *taken = NULL;

	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind != ELIG_SENSE)
			continue;
		if (taken == NULL && (taken = calloc(n + 1, 1)) == NULL)
			return -1;
		for (size_t i = e->start; i < e->end && i - e->start < 64; i++)
			taken[i] |= (unsigned char)(e->terms >> (i - e->start) & 1);
	}
	if (taken == NULL)
		return 0;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		int drop = 0;
		for (size_t i = e->start; elig_sense_target(e->kind) && i < e->end && !drop; i++)
			drop = i - e->start < 64 && (e->terms >> (i - e->start) & 1) && taken[i];
		if (!drop)
			sc->ev[kept++] = *e;
	}
	sc->nev = kept;
	free(taken);
	return 0;
}

/*
 * A full stop after an abbreviation of the text's list (directive
 * "abbrev": "z. B.", "bzw.", "d. h.", "bijv.") before token i ends no
 * sentence, though ICU's sentence breaks end one there because a capital
 * follows ("keine Dokumente, z. B. Pass oder Aufenthaltstitel"). abbr is
 * set when an abbreviation ends right before i; a semicolon or a
 * question mark still ends the sentence.
 */
static int elig_sentence_starts(const struct elig_text *t, size_t i, int abbr)
{
	int f = t->toks[i].flags;

	if (!(f & ELIG_TOK_SENT))
		return 0;
	return !abbr || (f & ELIG_TOK_SEMI) || (t->toks[i - 1].flags & ELIG_TOK_ASKED);
}

/*
 * Number the clauses (split at sentence ends and break phrases) and the
 * comma segments inside them, per token and per event.
 */
static int elig_scan_clauses(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	size_t n = t->ntoks, c = 0, s = 0, z = 0, bytes;

	if (__builtin_mul_overflow(n + 1, 3 * sizeof(size_t), &bytes) ||
	    (sc->clause = calloc(1, bytes)) == NULL)
		return -1;
	sc->seg = sc->clause + n + 1;
	sc->sent = sc->seg + n + 1;
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_BREAK)
			sc->seg[sc->ev[k].start] = 1;
		else if (sc->ev[k].kind == ELIG_ABBREV && sc->ev[k].end < n)
			sc->sent[sc->ev[k].end] = 1;
	for (size_t i = 1; i < n; i++) {
		int brk = sc->seg[i] != 0, ends = elig_sentence_starts(t, i, sc->sent[i] != 0);
		if (ends)
			z++;
		sc->sent[i] = z;
		if (ends || brk) {
			c++;
			s++;
		} else if (t->toks[i].flags & ELIG_TOK_COMMA) {
			s++;
		}
		sc->clause[i] = c;
		sc->seg[i] = s;
	}
	if (n > 0)
		sc->seg[0] = 0;
	for (size_t k = 0; k < sc->nev; k++) {
		sc->ev[k].clause = sc->clause[sc->ev[k].start];
		sc->ev[k].seg = sc->seg[sc->ev[k].start];
		sc->ev[k].sent = sc->sent[sc->ev[k].start];
	}
	return 0;
}

/*
 * A negation or "without" whose words are all the own words of a clause
 * break ("sin embargo": however) or of a condition cue (the "n'" of "n'...
 * que": only) is that phrase's, not a negation: it neither cancels, clears
 * nor doubles anything. Marks such events in other[] (one per event): each
 * break and cue is compared only with the events that start inside it
 * (events are in token order), so this stays linear in the events.
 */
static void elig_mark_others(const struct elig_scan *sc, unsigned char *other)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *o = &sc->ev[k];
		size_t j = k;
		if (o->kind != ELIG_BREAK && o->kind != ELIG_CUE)
			continue;
		while (j > 0 && sc->ev[j - 1].start == o->start)
			j--; /* events at o's first token listed before o */
		for (; j < sc->nev && sc->ev[j].start < o->end; j++) {
			const struct elig_event *n = &sc->ev[j];
			int own = n->kind == ELIG_NEG || n->kind == ELIG_NEGPOST ||
				  n->kind == ELIG_WITHOUT;
			own = own && (o->kind == ELIG_BREAK || n->kind == ELIG_NEG);
			for (size_t i = n->start; i < n->end && own; i++)
				own = i < o->end && i - o->start < 64 &&
				      (o->terms >> (i - o->start) & 1);
			other[j] |= (unsigned char)own;
		}
	}
}

/*
 * List the events of each group of kinds (enum elig_group), in event
 * order, and for every token the smallest end of a topic event starting
 * there or later (elig_topic_between). Once per text and list. Returns 0
 * or -1 when out of memory.
 */
static int elig_scan_index(struct elig_scan *sc)
{
	size_t n = sc->text->ntoks, cells;
	unsigned char *other;

	if (__builtin_mul_overflow(sc->nev + 1, (size_t)ELIG_NGROUPS, &cells) ||
	    (sc->group_buf = calloc(cells, sizeof(*sc->group_buf))) == NULL ||
	    (sc->topic_end = calloc(2 * (n + 1), sizeof(*sc->topic_end))) == NULL ||
	    (other = calloc(sc->nev + 1, 1)) == NULL)
		return -1;
	sc->hard_end = sc->topic_end + n + 1;
	for (int g = 0; g < ELIG_NGROUPS; g++)
		sc->group[g] = sc->group_buf + (size_t)g * (sc->nev + 1);
	elig_mark_others(sc, other);
	for (size_t k = 0; k < sc->nev; k++) {
		if (other[k])
			continue; /* a break's or cue's own word */
		for (int g = 0; g < ELIG_NGROUPS; g++)
			if (elig_group_kinds[g] & ELIG_KIND(sc->ev[k].kind))
				sc->group[g][sc->ngroup[g]++] = &sc->ev[k];
	}
	free(other);
	for (size_t i = 0; i <= n; i++)
		sc->topic_end[i] = sc->hard_end[i] = SIZE_MAX;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT || e->kind == ELIG_SOFT) &&
		    e->end < sc->topic_end[e->start])
			sc->topic_end[e->start] = e->end;
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT) &&
		    e->end < sc->hard_end[e->start])
			sc->hard_end[e->start] = e->end;
	}
	for (size_t i = n; i-- > 0;) {
		if (sc->topic_end[i + 1] < sc->topic_end[i])
			sc->topic_end[i] = sc->topic_end[i + 1];
		if (sc->hard_end[i + 1] < sc->hard_end[i])
			sc->hard_end[i] = sc->hard_end[i + 1];
	}
	return 0;
}

/*
 * Another topic stands in [a, b), a word before b (not part of the same
 * noun phrase as "polizeiliche Anzeige"): a "without" before it is about
 * that one ("Personen ohne Aufenthaltsrecht der Auslaenderbehoerde zu
 * melden": without a right of residence, reported to the office).
 */
static int elig_topic_between(const struct elig_scan *sc, size_t a, size_t b)
{
	return a <= sc->text->ntoks && sc->topic_end[a] < b;
}

/*
 * A "without" ending at a does not govern a topic starting at b: another
 * topic stands between (elig_topic_between), or a topic or strict topic
 * ends right at b ("mensen zonder papieren geven wij door aan de
 * vreemdelingenpolitie": the papers are the without's, not the passing
 * on), or a soft topic fills [a, b) and a strict phrase starts at b ("osób
 * bez paszportu przekazujemy Straży Granicznej"; not "ohne polizeiliche
 * Anzeige", one noun phrase), or ELIG_WITHOUT_NOUN words or more stand
 * before a strict phrase (a passing on, a check): "Le persone senza
 * documenti vengono segnalate all'Ufficio Immigrazione", "As pessoas sem
 * documentos são comunicadas ao SEF" (not "without being reported to").
 */
#define ELIG_WITHOUT_NOUN 2

static int elig_without_elsewhere(const struct elig_scan *sc, size_t a, size_t b)
{
	int strict = 0, soft = 0;

	if (elig_topic_between(sc, a, b) || (a <= sc->text->ntoks && sc->hard_end[a] <= b))
		return 1;
	for (size_t j = 0; j < sc->ngroup[ELIG_G_TOPICS] && !strict; j++)
		strict = sc->group[ELIG_G_TOPICS][j]->kind == ELIG_STRICT &&
			 sc->group[ELIG_G_TOPICS][j]->start == b;
	if (!strict)
		return 0;
	if (b >= a + ELIG_WITHOUT_NOUN)
		return 1;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_SOFT] && !soft; k++)
		soft = sc->group[ELIG_G_SOFT][k]->start == a && sc->group[ELIG_G_SOFT][k]->end == b;
	return soft;
}
static int elig_own_word(const struct elig_event *e, size_t i);

size_t elig_event_from(const struct elig_scan *sc, size_t i)
{
	size_t lo = 0, hi = sc->nev;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sc->ev[mid].start < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Most words one event spans: every term of a pattern with the widest gap before it. */
#define ELIG_MAX_SPAN (ELIG_MAX_TERMS * (1 + ELIG_MAX_GAP))

/*
 * The first event of group g that starts at or after token i, or
 * sc->ngroup[g] (a group is in event order, so in order of start): the
 * negation checks walk only the events near a word, so a text of many
 * negations stays about linear to check.
 */
static size_t elig_group_from(const struct elig_scan *sc, enum elig_group g, size_t i)
{
	size_t lo = 0, hi = sc->ngroup[g];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sc->group[g][mid]->start < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A negation (or "without") ends at most `reach` words before pos. A
 * negation that is exactly a "without" ("senza", "без") is read as one.
 * Before a cue (cue set) a "without" counts only right against it
 * ("without having to"): with a word between, that word is its noun, as in
 * "Помогаем без очереди только тем, у кого есть заявление в полицию" or
 * "Help is given without delay only to those with a police report".
 */
static int elig_neg_before(const struct elig_scan *sc, size_t pos, int cue)
{
	size_t near = (size_t)sc->lang->reach + ELIG_MAX_SPAN;

	for (size_t k = elig_group_from(sc, ELIG_G_NEGW, pos > near ? pos - near : 0);
	     k < sc->ngroup[ELIG_G_NEGW] && sc->group[ELIG_G_NEGW][k]->start < pos; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGW][k];
		int without = e->kind == ELIG_WITHOUT || elig_is_without(sc, e);
		if ((e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT) && e->end <= pos &&
		    pos - e->end <= (size_t)sc->lang->reach && e->seg == sc->seg[pos] &&
		    !(cue && without && e->end < pos) &&
		    !(without ? elig_without_elsewhere(sc, e->end, pos)
			      : elig_topic_between(sc, e->end, pos)))
			return 1;
	}
	return 0;
}

/* A negation lies inside [a, b), or a postposed one follows b soon. */
static int elig_neg_within(const struct elig_scan *sc, size_t a, size_t b, size_t after)
{
	size_t from = after > 0 && after < a ? after : a,
	       to = after > 0 && after + (size_t)sc->lang->reach > b
			    ? after + (size_t)sc->lang->reach
			    : b;

	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, from);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->start <= to; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGANY][k];
		int neg = e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT || e->kind == ELIG_NEGPOST;
		if (neg && e->start >= a && e->end <= b)
			return 1;
		if (after > 0 && e->kind == ELIG_NEGPOST && e->start >= after &&
		    e->start - after <= (size_t)sc->lang->reach && e->seg == sc->seg[after - 1])
			return 1;
	}
	return 0;
}

/* A "without" phrase starts at token pos (it is no plain negation then). */
static int elig_without_at(const struct elig_scan *sc, size_t pos)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->start == pos)
			return 1;
	return 0;
}

/*
 * Negation n is exactly a "without" phrase ("без", "bez"), not a longer
 * negation that starts with one ("bez względu na": regardless of).
 */
int elig_is_without(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->start == n->start &&
		    sc->group[ELIG_G_WITHOUT][k]->end == n->end)
			return 1;
	return 0;
}

/* Words at most between two negations that are one (negative concord). */
#define ELIG_CONCORD_GAP 1

/*
 * Negation n stands beside a negation of event e's own words, at most
 * ELIG_CONCORD_GAP words away in its comma segment: the two are one
 * negation (negative concord), as in "без заявления мы ничего не можем
 * сделать", "bez zgłoszenia nic nie możemy zrobić", "без заявления никому
 * не помогаем", where the pattern names "ничего" or "не" and the other
 * word only repeats the negation.
 */
static int elig_neg_concord(const struct elig_scan *sc, const struct elig_event *e,
			    const struct elig_event *n)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *m = sc->group[ELIG_G_NEG][k];
		int own = m != n && m->kind == ELIG_NEG && m->seg == n->seg &&
			  !elig_is_without(sc, m) &&
			  ((m->end <= n->start && n->start - m->end <= ELIG_CONCORD_GAP) ||
			   (n->end <= m->start && m->start - n->end <= ELIG_CONCORD_GAP));
		for (size_t i = m->start; i < m->end && own; i++)
			own = elig_own_word(e, i);
		if (own)
			return 1;
	}
	return 0;
}

/*
 * A negation inside event e that is not one of e's own words: "data is
 * never passed to ..." (a gap of the pattern), not the "не" of "більше не
 * працюють" or the "niet langer" of "niet langer meewerkt", which the
 * pattern names, and not a "without", which belongs to the noun after it
 * (a sentence with one is held, not refused: elig_sentence_framed). A
 * negation beside one of e's own is one with it (elig_neg_concord).
 */
static int elig_neg_inside(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, e->start + 1);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->start < e->end; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEGANY][k];
		int own = 1;
		if ((n->kind != ELIG_NEG && n->kind != ELIG_NEGPOST) || n->start < e->start + 1 ||
		    n->end > e->end || (n->kind == ELIG_NEG && elig_is_without(sc, n)))
			continue; /* a "without" in the gap is its noun's: "о людях без документов мы передаём" */
		for (size_t i = n->start; i < n->end && own; i++)
			own = i - e->start < 64 && (e->terms >> (i - e->start) & 1);
		if (!own && !(n->kind == ELIG_NEG && elig_neg_concord(sc, e, n)))
			return 1;
	}
	return elig_neg_within(sc, e->end, e->end, e->end);
}

static int elig_event_negated(const struct elig_scan *sc, const struct elig_event *e)
{
	return elig_neg_before(sc, e->start, 0) || elig_neg_inside(sc, e);
}

/* A negation governs cue c: one before it (a "without" only right against it) or inside it. */
static int elig_cue_event_negated(const struct elig_scan *sc, const struct elig_event *c)
{
	return elig_neg_before(sc, c->start, 1) || elig_neg_inside(sc, c);
}

/* Words a negation may stand before a cue that precedes its topic. */
#define ELIG_LEADING_CUE_REACH 2

/*
 * Is cue c negated for topic t? After the topic ("police report not
 * required") a negation within reach counts. Before the topic, only one
 * close to the cue does ("nicht nur", "не е нужно", "no es necesario"): in
 * "keine Wartezeit und Hilfe nur nach Anzeige" the negation belongs to
 * another phrase. A "without" there negates the cue only right against it
 * ("without having to file a report"); with a word between, the word is
 * its noun: "without papers we have to inform the immigration office",
 * "fără acte trebuie să sunăm la Imigrări".
 */
static int elig_cue_negated(const struct elig_scan *sc, const struct elig_event *c,
			    const struct elig_event *t)
{
	if (c->start >= t->end)
		return elig_cue_event_negated(sc, c);
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->end <= c->start && e->seg == c->seg &&
		    c->start - e->end <= ELIG_LEADING_CUE_REACH &&
		    (e->end == c->start || !elig_is_without(sc, e)))
			return 1;
	}
	return elig_neg_within(sc, c->start + 1, c->end, c->end);
}

/*
 * An offer in t's comma segment, or closing t's clause after it ("As long
 * as the criminal case lasts, and afterwards too, a worker can go with you
 * to hearings if you want").
 */
static int elig_optional_near(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_OPTIONAL]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_OPTIONAL][k];
		if (o->kind == ELIG_OPTIONAL && o->clause == t->clause &&
		    (o->seg == t->seg || o->start >= t->end))
			return 1;
	}
	return 0;
}

/*
 * "without <topic>": 0 when absent, 1 when it cancels the topic, 2 when a
 * negation before it or just after the topic makes it a condition ("no
 * help without a report", "без заявления не помогаем"), 3 when a negation
 * further on in the clause may (held: "ohne Anzeige ist eine Aufnahme
 * leider nicht möglich"); with 2 and 3 *from is where the phrase starts.
 * Only a negation near the without or the topic is asked whether it is a
 * without itself (a walk over the withouts): asking every one made a text
 * of many "без ... не" cubic.
 */
static int elig_without(const struct elig_scan *sc, const struct elig_event *t, size_t *from)
{
	size_t reach = (size_t)sc->lang->reach, window = (size_t)sc->lang->window;
	size_t far_reach = reach > window ? reach : window;
	int far = 0;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++) {
		const struct elig_event *w = sc->group[ELIG_G_WITHOUT][k];
		if (w->kind != ELIG_WITHOUT || w->end > t->start || t->start - w->end > reach ||
		    w->seg != t->seg || elig_without_elsewhere(sc, w->end, t->start))
			continue;
		for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
			const struct elig_event *n = sc->group[ELIG_G_NEG][j];
			int near = (n->start >= t->end && n->start - t->end <= far_reach) ||
				   (n->end <= w->start && w->start - n->end <= window);
			if (n->kind != ELIG_NEG || !near || elig_without_at(sc, n->start))
				continue; /* only a near negation is asked whether it is a without */
			if (n->start >= t->end && n->start - t->end <= window &&
			    n->clause == t->clause)
				far = 1; /* "without a report, admission is sadly not possible" */
			if (n->seg != w->seg)
				continue;
			if (n->end <= w->start && w->start - n->end <= window) {
				*from = n->start; /* "no help without a report" */
				return 2;
			}
			if (n->start >= t->end && n->start - t->end <= reach) {
				*from = w->start; /* "without a report, no help" */
				return 2;
			}
		}
		if (far) {
			*from = w->start;
			return 3;
		}
		return 1;
	}
	return 0;
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
		    !elig_cue_event_negated(sc, c))
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
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++)
		if (sc->group[ELIG_G_CUES][k]->sent == t->sent)
			return 1;
	return 0;
}

/*
 * A negated cue heads the list t stands in: "What we don't ask for: a
 * police report, an NRM referral, ... or a promise to stop working",
 * "Was wir nicht verlangen: eine Anzeige, ..."), or a negation in the
 * segment a colon ends. Every item of the list after it is cleared,
 * however far, also across semicolons after the colon
 * (elig_in_list_of) unless a cue stands in t's own part ("What we do
 * not ask for: a passport; a police report is required").
 */
static int elig_list_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUENEG]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUENEG][k];
		if (c->end > t->start || c->seg == t->seg || !elig_in_list_of(sc, c, t) ||
		    (c->clause != t->clause && elig_cue_by(sc, t)))
			continue; /* in t's own segment neither a cue nor a colon heads a list */
		if (c->kind == ELIG_CUE && elig_cue_event_negated(sc, c))
			return 1;
		if (c->kind == ELIG_NEG && elig_colon_after(sc, c, t) &&
		    !elig_cue_in_segment(sc, t))
			return 1;
	}
	return 0;
}

/*
 * A negation that is an answer or an exclamation on its own ("No, the
 * course is for ...", "Kein Problem: ..."): it starts a sentence and its
 * comma segment has at most two words and holds the whole negation ("Egal,
 * ob" is one phrase across the comma). It negates nothing that follows.
 */
static int elig_neg_interjection(const struct elig_scan *sc, const struct elig_event *e)
{
	const struct elig_text *t = sc->text;
	size_t i = e->start;

	if (e->kind != ELIG_NEG || (i > 0 && !(t->toks[i].flags & ELIG_TOK_SENT)))
		return 0;
	while (i < t->ntoks && i - e->start <= 2 && sc->seg[i] == e->seg)
		i++;
	return i >= e->end && i < t->ntoks && i - e->start <= 2 && sc->sent[i] == e->sent;
}

/* Token i is one of e's own words (not a word of a ~N gap). */
static int elig_own_word(const struct elig_event *e, size_t i)
{
	return e != NULL && i >= e->start && i < e->end && i - e->start < 64 &&
	       (e->terms >> (i - e->start) & 1);
}

/* Words a conditional conjunction may stand after its cue: "only if", "only available if". */
#define ELIG_CUE_IF_REACH 2

/*
 * Does frame event e count inside the phrase [a, b) from cue to topic t?
 * Not when all its words are the cue's or the topic's own, not a clearing
 * frame (only one before the phrase clears), and not a softening word
 * right after the cue in the topic's comma segment: the "if" of "only
 * available if you file a report" states the condition. Any other (the
 * "appointment" of "Help only by appointment, including for police
 * reports") does.
 */
static int elig_frame_inside(const struct elig_event *e, const struct elig_event *t,
			     const struct elig_event *cue)
{
	int own = 1;

	for (size_t i = e->start; i < e->end && own; i++)
		own = elig_own_word(t, i) || elig_own_word(cue, i);
	if (own || e->kind == ELIG_CLEAR)
		return 0;
	return !(e->kind == ELIG_SOFTEN && cue != NULL && cue->end <= t->start &&
		 e->start >= cue->end && e->start - cue->end <= ELIG_CUE_IF_REACH &&
		 e->seg == t->seg);
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
static int elig_sentence_framed(const struct elig_scan *sc, const struct elig_event *t,
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
			if (elig_frame_inside(e, t, cue))
				return 1;
			continue;
		}
		if (e->kind != ELIG_CLEAR || e->end <= a)
			return 1;
	}
	return 0;
}

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
static int elig_find_cue_of(const struct elig_scan *sc, const struct elig_event *t, int soft,
			    struct elig_hit *h)
{
	int g = soft ? ELIG_G_CUES : ELIG_G_CUE;

	for (size_t k = 0; k < sc->ngroup[g]; k++) {
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
static int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h)
{
	return elig_find_cue_of(sc, t, 0, h);
}

/*
 * Event e stands after a colon in its clause: an item of a list ("House
 * rules: no on-call work, the phone for clients is handed in").
 */
static int elig_list_item(const struct elig_scan *sc, const struct elig_event *e)
{
	for (size_t i = e->start + 1; i-- > 0 && sc->clause[i] == e->clause;)
		if (sc->text->toks[i].flags & ELIG_TOK_COLON)
			return 1;
	return 0;
}

/*
 * A negation earlier in t's clause, within twice `window` words ("we
 * never share your data with immigration authorities", "not run by the
 * police, immigration authorities or ..."), or an offer anywhere in the
 * clause: not enough to cancel a condition cue, but the clause is not a
 * condition either. A "without" clears only the topic it governs, within
 * `reach` words after it with no other topic between: in "data of people
 * without a visa are passed to the Border Guard" it belongs to the people,
 * not to the passing on (a negation that is also a "without" counts as a
 * "without", except before a topic that itself starts with one: "sans
 * papiers et sans plainte"). In a list after a colon, a negation is one
 * item's: it does not reach a strict phrase or a topic of three words or
 * more in a later item ("House rules: no on-call work, the phone for
 * clients is handed in"), though it still covers the bare names of a list
 * it heads ("no police, no immigration checks").
 */
static int elig_neg_in_segment(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEGWOPT]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGWOPT][k];
		if (e->kind == ELIG_WITHOUT && e->clause == t->clause && e->end <= t->start &&
		    t->start - e->end <= (size_t)sc->lang->reach &&
		    !elig_without_elsewhere(sc, e->end, t->start))
			return 1;
		if (e->kind == ELIG_NEG && e->clause == t->clause && e->end <= t->start &&
		    (e->seg == t->seg || !elig_list_item(sc, e) ||
		     (t->kind != ELIG_STRICT && t->end - t->start < 3)) &&
		    t->start - e->end <= 2 * (size_t)sc->lang->window &&
		    !elig_neg_interjection(sc, e) &&
		    (!elig_is_without(sc, e) || elig_without_at(sc, t->start)))
			return 1;
		if (e->kind == ELIG_OPTIONAL && e->clause == t->clause)
			return 1; /* "if the person wishes, the police" */
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

	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUE]; k++) {
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
	size_t from;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_TOPICS]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_TOPICS][k];
		if (o == t || (o->kind != ELIG_TOPIC && o->kind != ELIG_STRICT) ||
		    o->start > t->start || o->end < t->end)
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
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUES][k];
		if (c->start >= a && c->end <= b && b - c->end <= (size_t)sc->lang->reach &&
		    c->seg == sc->seg[b])
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
static int elig_or_not_after(const struct elig_scan *sc, const struct elig_event *c,
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

static int elig_sentence_asks(const struct elig_scan *sc, size_t i);

/* Sentence z names a cue, a soft cue or a "without" ("Ohne sie gibt es kein Zimmer"). */
static int elig_sentence_demands(const struct elig_scan *sc, size_t z)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++)
		if (sc->group[ELIG_G_CUES][k]->sent == z)
			return 1;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++)
		if (sc->group[ELIG_G_WITHOUT][k]->sent == z)
			return 1;
	return 0;
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
	for (size_t k = 0; k < sc->ngroup[ELIG_G_WHERE]; k++)
		if (sc->group[ELIG_G_WHERE][k]->start >= a && sc->group[ELIG_G_WHERE][k]->end <= b)
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
	for (size_t k = 0; k < sc->ngroup[ELIG_G_BEGIN]; k++) {
		const struct elig_event *g = sc->group[ELIG_G_BEGIN][k];
		if (g->start >= a && g->end <= b && g->seg == sc->seg[b])
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
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++) {
		const struct elig_event *q = sc->group[ELIG_G_CUES][k];
		if (q->start == c->start && q->end == c->end)
			return 1;
	}
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
 * before a topic reaches it over a "where" (elig_where_between).
 */
static int elig_cleared_by(const struct elig_scan *sc, const struct elig_event *t, int frames)
{
	if (elig_negated_cue_near(sc, t) || elig_inside_negated(sc, t) ||
	    elig_neg_in_segment(sc, t))
		return 1;
	if (frames && elig_offer_after_break(sc, t))
		return 1;
	for (size_t k = 0; frames && k < sc->ngroup[ELIG_G_CLEAR]; k++) {
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
		    !elig_where_between(sc, c->end, t->start))
			return 1;
		if (c->start >= t->end && c->start - t->end <= (size_t)sc->lang->reach)
			return 1;
		if (c->start < t->end && t->start < c->end)
			return 1;
	}
	return 0;
}

static int elig_cleared(const struct elig_scan *sc, const struct elig_event *t)
{
	return elig_cleared_by(sc, t, 1);
}

/* Token i is a word of a condition cue or soft cue ("eingestellt, wenn"). */
static int elig_cue_word(const struct elig_scan *sc, size_t i)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++)
		if (elig_own_word(sc->group[ELIG_G_CUES][k], i))
			return 1;
	return 0;
}

/* Words a softening word may follow a soft topic and make it optional. */
#define ELIG_SOFT_IF_REACH 1
/* Words at most after that softening word to the end of its comma segment. */
#define ELIG_SOFT_IF_WORDS 3

/*
 * The softening event e is a short clause of its own that ends its comma
 * segment: "if you have one", "если он есть", "if available" make the
 * topic before them optional; "if you are a victim", "if possible within
 * a week" are longer and say something else.
 */
static int elig_soft_if_short(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t z = e->end, words = 0;

	for (; z < sc->text->ntoks && sc->seg[z] == e->seg && words <= ELIG_SOFT_IF_WORDS; z++)
		words++;
	return words <= ELIG_SOFT_IF_WORDS;
}

/*
 * A condition cue or soft cue starts in tokens [a, b) and does not end
 * where topic t starts: a cue right before the activity is its verb
 * ("Residents are not allowed to bring punters"), one further away
 * governs it ("Personne ne peut vous obliger à recevoir des clients").
 */
static int elig_cue_governs_between(const struct elig_scan *sc, size_t a, size_t b,
				    const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CUES]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CUES][k];
		if (c->start >= a && c->start < b && c->end != t->start)
			return 1;
	}
	return 0;
}

/* Words at most between a negation and the modal it makes a prohibition. */
#define ELIG_FORBID_NEG 1
/* Words at most between the service's people and the modal whose subject they are. */
#define ELIG_STAFF_GAP 2
/* Words at most between an "and" and the activity it adds to a negated "can". */
#define ELIG_AND_TRADE_GAP 3

/*
 * A negation stands at most ELIG_FORBID_NEG words before or after modal
 * f in its comma segment, and is not part of topic t.
 */
static int elig_modal_negated(const struct elig_scan *sc, const struct elig_event *f,
			      const struct elig_event *t)
{
	for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][j];
		if (n->kind != ELIG_NEG || n->seg != f->seg || elig_is_without(sc, n) ||
		    (n->start < t->end && t->start < n->end))
			continue;
		if ((n->end <= f->start && f->start - n->end <= ELIG_FORBID_NEG) ||
		    (n->start >= f->end && n->start - f->end <= ELIG_FORBID_NEG) ||
		    (n->start <= f->start && n->end >= f->end)) /* "cannot" */
			return 1;
	}
	return 0;
}

/*
 * The subject of modal f is the service's people (a `staff` word at most
 * ELIG_STAFF_GAP words before it in its comma segment: "Staff must not
 * judge anyone who sells sex", "Les bénévoles ne doivent jamais juger les
 * personnes prostituées"), or the service itself (a `we` word: "We promise
 * not to judge anyone who sells sex"): a duty of the service, not a
 * condition on the person who asks for help.
 */
static int elig_staff_subject(const struct elig_scan *sc, const struct elig_event *f)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *s = &sc->ev[k];
		if ((s->kind == ELIG_STAFF || s->kind == ELIG_WE) && s->seg == f->seg &&
		    s->end <= f->start && f->start - s->end <= ELIG_STAFF_GAP)
			return 1;
	}
	return 0;
}

/* A prohibition word (`forbid`, `ban`) or a `may` word starts in tokens [a, b). */
static int elig_modal_from(const struct elig_scan *sc, size_t a, size_t b)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FORBID]; k++) {
		const struct elig_event *f = sc->group[ELIG_G_FORBID][k];
		if (f->kind != ELIG_STAFF && f->start >= a && f->start < b)
			return 1;
	}
	return 0;
}

/*
 * Negated `may` word m ("cannot", "no puedes", "ne pouvez pas") is
 * followed, in its comma segment, by an `and` that adds activity t at most
 * ELIG_AND_TRADE_GAP words after it: living here and selling sex cannot go
 * together ("You cannot live here and sell sex", "No puedes vivir en el
 * piso y seguir ejerciendo"). "Nobody can force you to stop sex work" has
 * no "and"; in "You cannot be evicted and you can keep seeing clients" the
 * activity has a modal of its own (not the word right after the "and":
 * "and keep working" continues the negated "can").
 */
static int elig_not_both(const struct elig_scan *sc, const struct elig_event *m,
			 const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->seg == t->seg && a->start > m->end && a->end <= t->start &&
		    t->start - a->end <= ELIG_AND_TRADE_GAP &&
		    !elig_modal_from(sc, a->end + 1, t->start))
			return 1;
	}
	return 0;
}

/*
 * Topic or soft topic t is sex work itself (a D4 activity: "clients",
 * "prostituirsi") and a prohibition governs it: a `forbid` modal at most
 * `window` words before it in its comma segment, with a negation at most
 * ELIG_FORBID_NEG words from the modal ("les résidentes ne
 * doivent plus recevoir de clients", "le ospiti non devono più
 * prostituirsi", "Bewohnerinnen dürfen keine Freier mehr empfangen",
 * "Residents agree not to see clients": a promise is a `forbid` word too),
 * or a `ban` word there or at most `reach` words after it ("Prostitution ist
 * für Bewohnerinnen verboten"); a modal after its subject ("Los clientes
 * no pueden entrar en la casa") forbids the clients nothing. The
 * negation is the modal's, not the activity's, and forbidding sex work is
 * a D4 condition: held. Only D4: "you must not report" sets no condition
 * on a report, and "you don't have to stop" no prohibition (the lists
 * name "must", not "have to"). A cue between governs the activity instead:
 * "Personne ne peut vous obliger à recevoir des clients", unless it is
 * the activity's own verb (elig_cue_governs_between). A modal whose
 * subject is the service's people forbids nothing to the person
 * (elig_staff_subject); a negated `may` word forbids only two things
 * together (elig_not_both).
 */
static int elig_prohibited(const struct elig_scan *sc, const struct elig_event *t)
{
	if (t->rule != 4 && t->kind != ELIG_TRADE)
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FORBID]; k++) {
		const struct elig_event *f = sc->group[ELIG_G_FORBID][k];
		int before = f->end <= t->start;
		size_t a = before ? f->end : t->end, b = before ? t->start : f->start;
		if (f->kind == ELIG_STAFF || f->seg != t->seg || b < a ||
		    (!before && f->kind != ELIG_BAN) ||
		    b - a > (size_t)(before ? sc->lang->window : sc->lang->reach) ||
		    elig_cue_governs_between(sc, a, b, t))
			continue;
		if (f->kind == ELIG_BAN)
			return 1;
		if (elig_staff_subject(sc, f) || !elig_modal_negated(sc, f, t))
			continue;
		if (f->kind == ELIG_FORBID || elig_not_both(sc, f, t))
			return 1;
	}
	return 0;
}

/*
 * Per sentence, what elig_neighbour_cue asks of it (sc->sent_flags),
 * found once per text and list so that each soft topic costs no more than
 * a look at its neighbours.
 */
#define ELIG_SENT_ASKS  1  /* a question mark follows one of its words */
#define ELIG_SENT_SEMI  2  /* it follows the sentence before across a semicolon */
#define ELIG_SENT_TOPIC 4  /* it has a topic event of any strength */
#define ELIG_SENT_CUE   8  /* it has a condition cue that nothing negates */
#define ELIG_SENT_LONG  16 /* it has more than ELIG_NEIGHBOUR_WORDS words */

/* Words a sentence may have for its condition cue to govern the sentence next to it. */
#define ELIG_NEIGHBOUR_WORDS 4

/*
 * Fill sc->sent_flags (one byte per sentence, malloc'd, freed by
 * elig_run_lang); events must be indexed (elig_scan_index). Returns 0, or
 * -1 when out of memory.
 */
static int elig_scan_sentences(struct elig_scan *sc)
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
static int elig_neighbour_cue(const struct elig_scan *sc, const struct elig_event *t)
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
 * A soft topic (a body, document or procedure near a D1-D5 subject, such
 * as "police" or "identification") governed by a condition cue and neither
 * negated, offered nor cleared: "accommodation only after identification
 * by the police". Alone it says nothing; with a cue, a person decides. A
 * softening word right after it makes it optional ("Attach a copy of your
 * passport if you have one", "Приложите копию паспорта, если он есть").
 */
static int elig_soft_held(const struct elig_scan *sc, const struct elig_event *t)
{
	struct elig_hit h;
	size_t from;

	if (elig_prohibited(sc, t) && !elig_optional_near(sc, t))
		return 1; /* "les résidentes ne doivent plus recevoir de clients" */
	if (elig_without(sc, t, &from) == 1 || elig_event_negated(sc, t) ||
	    elig_optional_near(sc, t) || elig_list_negated(sc, t))
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEG][k];
		if (e->kind == ELIG_NEG && e->clause == t->clause && e->start >= t->end &&
		    e->start - t->end <= (size_t)sc->lang->reach)
			return 0; /* "Documents needed: none", "police: never" */
	}
	for (size_t k = 0; k < sc->ngroup[ELIG_G_FRAME]; k++) {
		const struct elig_event *e = sc->group[ELIG_G_FRAME][k];
		if (e->kind == ELIG_SOFTEN && e->clause == t->clause && e->start >= t->end &&
		    e->start - t->end <= ELIG_SOFT_IF_REACH && !elig_cue_word(sc, e->start) &&
		    elig_soft_if_short(sc, e))
			return 0; /* "Приложите копию паспорта, если он есть": if there is one */
	}
	if (elig_find_cue_of(sc, t, 0,
			     &h)) /* "... des témoins uniquement": no frame clears "only" */
		return !elig_cleared_by(sc, t, 0);
	return (elig_find_cue_of(sc, t, 1, &h) || elig_neighbour_cue(sc, t)) &&
	       !elig_cleared(sc, t);
}

/*
 * A double negative in a sentence that also softens, offers or clears
 * ("Das Angebot richtet sich nur an Frauen, egal ob mit oder ohne
 * Anzeige": "egal ob" is a negation, but the sentence says either is
 * fine): held, not refused.
 */
static int elig_double_framed(const struct elig_scan *sc, const struct elig_event *t)
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

/*
 * A "without" inside topic t governs another topic that starts inside t
 * and ends with it or after it, and cancels it: "We help without a police
 * report" is no "help ... police" (D3), the without's object is the
 * report; "pode ser feito sem queixa" is no "feito ... queixa". (In
 * "Informatie over mensen zonder rechtmatig verblijf wordt doorgestuurd
 * naar de vreemdelingenpolitie" the without's topic ends inside the
 * passing on: it is the people's.) A without that is one of t's own words
 * (not a word of a gap) is the phrase's and cancels nothing: "Люди без
 * документов передаются в полицию" is a D5 phrase naming the people.
 */
static int elig_without_inside(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t from;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_WITHOUT]; k++) {
		const struct elig_event *w = sc->group[ELIG_G_WITHOUT][k];
		if (w->start <= t->start || w->end > t->end || elig_own_word(t, w->start))
			continue; /* t's phrase names the without: "people without papers ... reported" */
		for (size_t j = 0; j < sc->ngroup[ELIG_G_TOPICS]; j++) {
			const struct elig_event *o = sc->group[ELIG_G_TOPICS][j];
			if (o != t && o->start >= w->end && o->start < t->end && o->end >= t->end &&
			    elig_without(sc, o, &from) == 1)
				return 1;
		}
	}
	return 0;
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
static int elig_cue_after(const struct elig_scan *sc, const struct elig_event *t,
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

static int elig_cue_complement(const struct elig_scan *sc, const struct elig_event *t,
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

/*
 * A plain negation stands before event s in its comma segment, at most
 * `window` words away and with no topic between ("Sie verlieren dadurch
 * nie Ihren Platz", "nobody here will ever lose their place"): s is
 * negated. In "Chi non presenta denuncia entro un mese perde il posto" the
 * "non" is the report's.
 */
static int elig_negated_any(const struct elig_scan *sc, const struct elig_event *s)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == s->seg && n->end <= s->end &&
		    s->start <= n->end + (size_t)sc->lang->window && !elig_is_without(sc, n) &&
		    (n->end >= s->start || !elig_topic_between(sc, n->end, s->start)))
			return 1;
	}
	return 0;
}

/* The sentence of token i asks: a question mark follows one of its words. */
static int elig_sentence_asks(const struct elig_scan *sc, size_t i)
{
	size_t z = sc->sent[i], lo = i;

	while (lo > 0 && sc->sent[lo - 1] == z)
		lo--;
	for (; lo < sc->text->ntoks && sc->sent[lo] == z; lo++)
		if (sc->text->toks[lo].flags & ELIG_TOK_ASKED)
			return 1;
	return 0;
}

/*
 * Topic t is given either way: an "or not" follows it and ends its
 * segment (elig_or_not_after), or ends at most `reach` words before it
 * ("whether or not they reported to the police"). A sanction in its
 * sentence is for everyone: "Support ends after six months for everyone,
 * whether or not they reported to the police", "L'accompagnement prend
 * fin après six mois, qu'elles aient porté plainte ou non".
 */
static int elig_either_way(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_CLEAR]; k++) {
		const struct elig_event *c = sc->group[ELIG_G_CLEAR][k];
		if (c->kind != ELIG_ORNOT || c->sent != t->sent)
			continue;
		if (elig_or_not_after(sc, c, t) ||
		    (c->end <= t->start && t->start - c->end <= (size_t)sc->lang->reach))
			return 1;
	}
	return 0;
}

/*
 * A sanction that nothing negates ("support ends", "will be asked to
 * move on", "verliert den Platz", "la posizione viene riesaminata")
 * stands in t's sentence, or in the sentence after it when t's asks ("What
 * if I don't want to testify? It is your choice, but then support will
 * end"): t is what the help is lost for, even when t is negated ("Residents
 * who have not made a report will be asked to move on"). Held for a
 * person, never refused; a sanction that is negated ("support never ends",
 * "no one loses their place") or asked about ("Czy wsparcie się skończy,
 * jeśli nie złożę zeznań? Nie") holds nothing, and neither does one over a
 * topic given either way (elig_either_way).
 */
static int elig_sanctioned(const struct elig_scan *sc, const struct elig_event *t)
{
	int t_asks = -1, next_asks = -1; /* asked once per sentence, not per sanction */

	if (elig_either_way(sc, t))
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_SANCTION]; k++) {
		const struct elig_event *s = sc->group[ELIG_G_SANCTION][k];
		int *asks = s->sent == t->sent ? &t_asks : &next_asks;
		if (s->sent != t->sent && s->sent != t->sent + 1)
			continue;
		if (t_asks < 0)
			t_asks = elig_sentence_asks(sc, t->start);
		if (s->sent != t->sent && !t_asks)
			continue; /* the sentence after t's holds only an answer to t's question */
		if (*asks < 0)
			*asks = elig_sentence_asks(sc, s->start);
		if (!*asks && !elig_event_negated(sc, s) && !elig_negated_any(sc, s))
			return 1; /* "Will my support end if I do not testify? No." asks */
	}
	return 0;
}

/*
 * A sanction after trade word t in its sentence (elig_sanctioned's rules
 * for one sentence: not negated, the sentence does not ask): doing sex
 * work costs the place or the help ("Wer weiter Freier trifft, muss
 * ausziehen", "Chi torna a battere perde il posto").
 */
static int elig_trade_sanctioned(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_SANCTION]; k++) {
		const struct elig_event *s = sc->group[ELIG_G_SANCTION][k];
		if (s->sent == t->sent && s->start >= t->end && !elig_event_negated(sc, s) &&
		    !elig_negated_any(sc, s) && !elig_sentence_asks(sc, s->start))
			return 1;
	}
	return 0;
}

/* Words at most between a negation and the trade word it bans as an item of house rules. */
#define ELIG_TRADE_NEG_GAP 1

/*
 * A topic or strict topic overlaps trade word t, or a soft topic longer
 * than t (a family event: "no longer escorting"): that one decides. A soft
 * topic of t's own words alone ("escorting") does not.
 */
static int elig_trade_in_topic(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *e = &sc->ev[k];
		int longer = e->start < t->start || e->end > t->end;
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT ||
		     (e->kind == ELIG_SOFT && longer)) &&
		    e->start < t->end && t->start < e->end)
			return 1;
	}
	return 0;
}

/*
 * Negation n is an item of a list of rules: it stands after a colon in
 * its clause ("Hausordnung: keine Freier im Haus"), or another plain
 * negation precedes it in its sentence ("No drugs, no violence and no
 * ...").
 */
static int elig_neg_rule_item(const struct elig_scan *sc, const struct elig_event *n)
{
	if (elig_list_item(sc, n))
		return 1;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *o = sc->group[ELIG_G_NEG][k];
		if (o->kind == ELIG_NEG && o->sent == n->sent && o->end <= n->start &&
		    !elig_is_without(sc, o))
			return 1;
	}
	return 0;
}

/*
 * A plain negation (not a "without") at most ELIG_TRADE_NEG_GAP words
 * before trade word t in its comma segment bans it, when it is an item of
 * a list of rules (elig_neg_rule_item): "No drugs, no violence and no
 * escorting while you live here". "No sex worker is turned away", on its
 * own, is no rule. Not when t is part of a topic (a family event: "no
 * longer escorting" decides as such) or its sentence asks.
 */
static int elig_trade_negated(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->kind == ELIG_NEG && n->seg == t->seg && n->end <= t->start &&
		    t->start - n->end <= ELIG_TRADE_NEG_GAP && !elig_is_without(sc, n) &&
		    elig_neg_rule_item(sc, n))
			return !elig_trade_in_topic(sc, t) && !elig_sentence_asks(sc, t->start);
	}
	return 0;
}

/*
 * Trade word t (sex work, its places and its clients: "Freier", "see
 * clients", "ejercer") is a D4 condition to hold when a prohibition
 * governs it (elig_prohibited: "Las residentes no deben ejercer",
 * "Residents may not see clients") or a sanction follows it in its
 * sentence (elig_trade_sanctioned), and no offer stands near it. A trade
 * word alone says nothing; never refused.
 */
static int elig_trade_held(const struct elig_scan *sc, const struct elig_event *t)
{
	if (elig_optional_near(sc, t))
		return 0;
	return elig_prohibited(sc, t) || elig_trade_sanctioned(sc, t) || elig_trade_negated(sc, t);
}

/* Words after a negated topic in which a second negation may stand (elig_negated_condition). */
#define ELIG_NEG_CONSEQUENCE_WORDS 12
/* Words before the first negation, in its sentence and after any colon: a subject of its own. */
#define ELIG_NEG_SUBJECT_WORDS 2

/*
 * The one word before negation n is a `who` word that opens a statement
 * (not a question): a subject of its own, "Wer keine Anzeige macht, kann
 * nicht bleiben", "Кто не подаст заявление, не сможет остаться", "Quien
 * no denuncie no podrá quedarse".
 */
static int elig_who_opens(const struct elig_scan *sc, const struct elig_event *n)
{
	if (elig_sentence_asks(sc, n->start))
		return 0;
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_WHO && sc->ev[k].end == n->start &&
		    sc->ev[k].start + 1 == n->start)
			return 1;
	return 0;
}

/*
 * A plain negation (not a "without") ends at most `reach` words before t
 * in its comma segment, which it does not start, and has at least
 * ELIG_NEG_SUBJECT_WORDS words before it in its sentence (or one `who`
 * word, elig_who_opens), and no colon:
 * "Residents who have not ...", "Les femmes qui n'ont pas ...",
 * "Kobiety, które nie ...", not "We don't ...", "No denunciamos ...",
 * "Twoje dane zostają u nas: nie przekazujemy ...", "Our promise: no
 * police, no immigration checks", "ни в полицию, ни в миграционную
 * службу". Returns that negation, or NULL.
 */
static const struct elig_event *elig_subject_negated(const struct elig_scan *sc,
						     const struct elig_event *t)
{
	const struct elig_text *x = sc->text;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		size_t words = 0;
		if (n->kind != ELIG_NEG || n->end > t->start ||
		    t->start - n->end > (size_t)sc->lang->reach || n->seg != t->seg ||
		    elig_is_without(sc, n) || n->start == 0 || sc->seg[n->start - 1] != n->seg ||
		    elig_list_item(sc, n))
			continue; /* "no police, no immigration checks": items of a list */
		for (size_t i = n->start;
		     i-- > 0 && sc->sent[i] == n->sent && !(x->toks[i + 1].flags & ELIG_TOK_COLON);)
			words++;
		if (words >= ELIG_NEG_SUBJECT_WORDS || (words == 1 && elig_who_opens(sc, n)))
			return n;
	}
	return NULL;
}

/* Words a coordinating conjunction may stand before a negation it joins to a list. */
#define ELIG_AND_REACH 2

/*
 * A coordinating conjunction ("and", "und", "et", "nor") starts at or
 * after `from` and ends at most ELIG_AND_REACH words before negation n, or
 * is one of its words: "Wir melden nichts an die Ausländerbehörde und
 * kopieren keine Dokumente" lists what is not done.
 */
static int elig_and_before(const struct elig_scan *sc, size_t from, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->start >= from && a->end <= n->end &&
		    (a->end > n->start || n->start - a->end <= ELIG_AND_REACH))
			return 1;
	}
	return 0;
}

/*
 * Topic t is the second verb of a negated predicate: a coordinating word
 * ("or", "oder", "and") ends right where t starts, and a negation (not a
 * "without", not an answer of its own) stands before it in t's clause and
 * comma segment, within `window` words: "Nobody here asks about your visa
 * or checks your residence status", "We never call the police or report
 * anyone to immigration", "Hier fragt niemand nach Ihrem Visum oder prüft
 * Ihren Aufenthaltsstatus". The negation is the whole predicate's.
 */
static int elig_neg_carried(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->end != t->start || a->clause != t->clause || a->seg != t->seg)
			continue;
		for (size_t j = 0; j < sc->ngroup[ELIG_G_NEG]; j++) {
			const struct elig_event *n = sc->group[ELIG_G_NEG][j];
			if (n->kind == ELIG_NEG && n->clause == t->clause && n->seg == t->seg &&
			    n->end <= a->start && a->start - n->end <= (size_t)sc->lang->window &&
			    !elig_is_without(sc, n) && !elig_neg_interjection(sc, n))
				return 1;
		}
	}
	return 0;
}

/* Words after event e in its comma segment and sentence. */
static size_t elig_words_after(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t z = e->end;

	while (z < sc->text->ntoks && sc->seg[z] == e->seg && sc->sent[z] == e->sent)
		z++;
	return z - e->end;
}

/*
 * Topic t, negated in a clause with a subject of its own
 * (elig_subject_negated), is the condition of a second negation after it
 * in its sentence: "Clients who have not pressed charges are not
 * eligible", "Les femmes qui n'ont pas déposé plainte ne peuvent pas être
 * accueillies", "Kobiety, które nie zgłosiły przestępstwa, nie mogą
 * zostać przyjęte": not having done it excludes. The second negation is a
 * plain one (not a "without", not an answer such as "No,"), starts at
 * most ELIG_NEG_CONSEQUENCE_WORDS words after t, and negates no topic or
 * soft topic of its own within `reach` words ("we never contact the
 * police and never pass on addresses": what is not done). Held for a
 * person, never refused: "if you have not reported, that is not a
 * problem" says the opposite. Strict phrases are left out: a negated one
 * is a firewall statement ("we do not pass your data to ...").
 */
/*
 * Negation n negates an event of group g of its own: one starts at most
 * `reach` words after it ("we never contact the police and never pass on
 * addresses": what is not done).
 */
static int elig_neg_names(const struct elig_scan *sc, const struct elig_event *n, int g)
{
	for (size_t j = 0; j < sc->ngroup[g]; j++) {
		const struct elig_event *o = sc->group[g][j];
		if (o->start >= n->end && o->start - n->end <= (size_t)sc->lang->reach)
			return 1;
	}
	return 0;
}

/* Negation n negates a topic or soft topic of its own (elig_neg_names). */
static int elig_neg_names_topic(const struct elig_scan *sc, const struct elig_event *n)
{
	return elig_neg_names(sc, n, ELIG_G_TOPICS) || elig_neg_names(sc, n, ELIG_G_SOFT);
}

/* Negation n is a plain one that may negate a whole predicate: not a "without", not an answer. */
static int elig_plain_neg(const struct elig_scan *sc, const struct elig_event *n)
{
	return n->kind == ELIG_NEG && !elig_is_without(sc, n) && !elig_without_at(sc, n->start) &&
	       !elig_neg_interjection(sc, n);
}

/*
 * Negation n denies an exclusion: a `reject` word (turn away, abweisen,
 * refuser, отказывать, judge) starts at most `reach` words after it,
 * "Women who have not reported to the police are not turned away", "Мы не
 * отказываем женщинам, которые не подали заявление": a double negative
 * that includes them.
 */
static int elig_denies_exclusion(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *r = &sc->ev[k];
		if (r->kind == ELIG_REJECT && r->sent == n->sent && r->start >= n->end &&
		    r->start - n->end <= (size_t)sc->lang->reach)
			return 1;
	}
	return 0;
}

/* Words at least between a negated predicate and the negation of the people it names. */
#define ELIG_NEG_OBJECT_WORDS 2

/*
 * Negation n of the service's predicate: after a `we` word of its
 * sentence ("We do not house ...", "Мы не принимаем ..."). A negation
 * that opens the sentence may be its subject ("Niemand verliert seinen
 * Platz, weil sie keine Anzeige erstattet hat", "Rien de ce que vous nous
 * confiez n'est transmis à la préfecture") and does not count.
 */
static int elig_service_negates(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_WE && sc->ev[k].sent == n->sent &&
		    sc->ev[k].end <= n->start)
			return 1;
	return 0;
}

/*
 * No event of kind `kind` starts in [from, to) of the text.
 */
static int elig_none_between(const struct elig_scan *sc, int kind, size_t from, size_t to)
{
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == kind && sc->ev[k].start >= from && sc->ev[k].start < to)
			return 0;
	return 1;
}

/*
 * Topic t's own negation m (elig_subject_negated) follows the service's
 * negated predicate in t's sentence: a plain negation n after a `we` word
 * ends at least ELIG_NEG_OBJECT_WORDS and at most
 * ELIG_NEG_CONSEQUENCE_WORDS words before m, with no other negation
 * ("n'est pas") and no `and` ("ne ... et ne ...", "ni") between them or
 * at m, is no item of a list and negates no topic of its own (a soft
 * topic may be the people or the help: "residents", "house"). The people
 * the predicate refuses are those who have not done it: "We do not house
 * women who have not reported to the police", "Мы не принимаем женщин,
 * которые не подали заявление в полицию".
 */
static int elig_negated_before(const struct elig_scan *sc, const struct elig_event *t,
			       const struct elig_event *m)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->sent != t->sent || n->end > m->start ||
		    m->start - n->end < ELIG_NEG_OBJECT_WORDS ||
		    m->start - n->end > ELIG_NEG_CONSEQUENCE_WORDS || !elig_plain_neg(sc, n) ||
		    elig_list_item(sc, n) || elig_neg_names(sc, n, ELIG_G_TOPICS) ||
		    !elig_service_negates(sc, n) || elig_denies_exclusion(sc, n))
			continue;
		if (elig_none_between(sc, ELIG_NEG, n->end, m->start) &&
		    elig_none_between(sc, ELIG_AND, n->end, m->end))
			return 1;
	}
	return 0;
}

static int elig_negated_condition(const struct elig_scan *sc, const struct elig_event *t)
{
	const struct elig_event *m = t->kind == ELIG_TOPIC ? elig_subject_negated(sc, t) : NULL;

	if (m == NULL)
		return 0;
	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->sent != t->sent || n->start < t->end ||
		    n->start - t->end > ELIG_NEG_CONSEQUENCE_WORDS || !elig_plain_neg(sc, n))
			continue;
		if (!elig_neg_names_topic(sc, n) && elig_words_after(sc, n) > 0 &&
		    !elig_and_before(sc, t->end, n) && !elig_denies_exclusion(sc, n))
			return 1;
	}
	return elig_negated_before(sc, t, m);
}

/* What the decision does with a topic (elig_topic_step). */
enum elig_topic_step {
	ELIG_STEP_SKIP,  /* cancelled or cleared */
	ELIG_STEP_HOLD,  /* held at once: never refused, never contrasted (step 7b) */
	ELIG_STEP_DECIDE /* refused unless in doubt, else held: h and *refuse say how */
};

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
	const struct elig_hit self = { t->rule, t->start, t->end, 0, 0, 0, NULL };

	if (elig_prohibited(sc, t) && !elig_optional_near(sc, t))
		return ELIG_STEP_HOLD; /* "Residents must not sell sex" */
	if (w == 0 && elig_event_negated(sc, t) && !elig_optional_near(sc, t) &&
	    !elig_list_negated(sc, t) && !elig_without_inside(sc, t) &&
	    elig_negated_condition(sc, t)) {
		*h = self;
		return ELIG_STEP_HOLD;
	}
	if (w == 1 || elig_event_negated(sc, t) || elig_optional_near(sc, t) ||
	    elig_list_negated(sc, t) || elig_without_inside(sc, t) || elig_neg_carried(sc, t))
		return !held && !elig_optional_near(sc, t) &&
				       (elig_sanctioned(sc, t) || elig_answered_condition(sc, t, 1))
			       ? ELIG_STEP_HOLD
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
		return !elig_optional_near(sc, t) &&
				       (elig_sanctioned(sc, t) || elig_answered_condition(sc, t, 0))
			       ? ELIG_STEP_HOLD
			       : ELIG_STEP_SKIP;
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

/*
 * Decide over the events: ELIG_REFUSED with h filled when a topic is
 * governed by a condition (a cue, a strict phrase, a double negative, a
 * required document), else ELIG_HELD with h filled when a topic stands
 * in a clause that nothing clears (negation, "without", an offer, a
 * clearing frame), else ELIG_ACCEPTED.
 */
static int elig_decide(const struct elig_scan *sc, struct elig_hit *h)
{
	struct elig_hit held = { 0, 0, 0, 0, 0, 0, NULL };
	struct elig_contrast_memo memo = { SIZE_MAX, 0 };
	int seen = 0;

	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *t = &sc->ev[k];
		size_t from = 0;
		int w, refuse = 0;
		enum elig_topic_step step;
		if (t->kind == ELIG_SOFT) {
			if (held.rule == 0 &&
			    (elig_soft_held(sc, t) ||
			     elig_answered_condition(sc, t,
						     elig_event_negated(sc, t) ||
							     elig_without(sc, t, &from) == 1)) &&
			    !elig_contrasted_memo(sc, t->start, &memo))
				held = (struct elig_hit){
					t->rule, t->start, t->end, 0, 0, 0, NULL
				};
			continue;
		}
		if (t->kind == ELIG_TRADE) {
			if (held.rule == 0 && elig_trade_held(sc, t) &&
			    !elig_contrasted_memo(sc, t->start, &memo))
				held = (struct elig_hit){ 4, t->start, t->end, 0, 0, 0, NULL };
			continue;
		}
		if (t->kind != ELIG_TOPIC && t->kind != ELIG_STRICT)
			continue;
		h->rule = t->rule;
		h->cue = NULL;
		w = elig_without(sc, t, &from);
		if (w == 2 || w == 3) {
			*h = (struct elig_hit){ t->rule, from, t->end, 0, 0, 0, NULL };
			refuse = w == 2 && !elig_double_framed(sc, t);
		} else {
			seen = 1;
			step = elig_topic_step(sc, t, w, held.rule != 0, h, &refuse);
			if (step == ELIG_STEP_HOLD && held.rule == 0)
				held = (struct elig_hit){
					t->rule, t->start, t->end, 0, 0, 0, NULL
				};
			if (step != ELIG_STEP_DECIDE)
				continue;
		}
		if (refuse && !elig_refusal_doubt(sc, h))
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

/* Stem cf[0..n) into sc->kbuf; *key and *len point at it. 0, or -1 when it fails. */
static int elig_scan_stem(struct elig_scan *sc, struct sb_stemmer *st, const char *cf, size_t n,
			  size_t cap, size_t *used, const char **key, size_t *len)
{
	long k = elig_stem_key(sc->rules->norm, st, cf, n, sc->kbuf + *used, cap - *used);

	if (k < 0)
		return -1;
	*key = sc->kbuf + *used;
	*len = (size_t)k;
	*used += (size_t)k + 1;
	return 0;
}

/*
 * Bytes below which a word is not stemmed: a phrase's stem key has at
 * least 4 (ELIG_KEY_MIN, elig_load.c), and a stem is never longer than
 * its word, so such a word could match only as written.
 */
#define ELIG_STEM_MIN 4

/*
 * The keys of every token for list l: its stem keys when l has a Snowball
 * stemmer (elig_stem_key, of the case-folded and of the folded word),
 * else its folded form. Returns 0 or -1.
 */
static int elig_scan_keys(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	struct sb_stemmer *st = NULL, *none = NULL;
	size_t cap, used = 0, n = t->ntoks;
	int rc = -1;

	if ((sc->key = calloc(2 * (n + 1), sizeof(*sc->key))) == NULL ||
	    (sc->klen = calloc(2 * (n + 1), sizeof(*sc->klen))) == NULL)
		return -1;
	sc->key2 = sc->key + n + 1;
	sc->k2len = sc->klen + n + 1;
	for (size_t i = 0; i < n; i++) {
		sc->key[i] = sc->key2[i] = t->norm + t->toks[i].foff;
		sc->klen[i] = sc->k2len[i] = t->toks[i].flen;
	}
	if (sc->lang->stemmer[0] == '\0')
		return 0;
	if (sc->lang->spare != NULL)
		st = atomic_exchange(sc->lang->spare, NULL);
	if (__builtin_mul_overflow(t->nlen, 4, &cap) || __builtin_add_overflow(cap, 64, &cap) ||
	    (sc->kbuf = malloc(cap)) == NULL ||
	    (st == NULL && (st = sb_stemmer_new(sc->lang->stemmer, "UTF_8")) == NULL))
		goto done;
	for (size_t i = 0; i < n; i++) {
		const struct elig_tok *tok = &t->toks[i];
		if (tok->len < ELIG_STEM_MIN)
			continue; /* its stem is shorter than any phrase's stem key */
		/* on failure the folded word stands in */
		(void)elig_scan_stem(sc, st, t->norm + tok->off, tok->len, cap, &used, &sc->key[i],
				     &sc->klen[i]);
		if (tok->len == tok->flen &&
		    memcmp(t->norm + tok->off, t->norm + tok->foff, tok->len) == 0) {
			sc->key2[i] = sc->key[i];
			sc->k2len[i] = sc->klen[i];
		} else {
			(void)elig_scan_stem(sc, st, t->norm + tok->foff, tok->flen, cap, &used,
					     &sc->key2[i], &sc->k2len[i]);
		}
	}
	rc = 0;
done:
	if (st != NULL && (sc->lang->spare == NULL ||
			   !atomic_compare_exchange_strong(sc->lang->spare, &none, st)))
		sb_stemmer_delete(st); /* another thread put one back first */
	return rc;
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
	    elig_scan_index(&sc) == 0 && elig_scan_sentences(&sc) == 0)
		rc = elig_decide(&sc, h);
	buf_free(&sc.ev_buf);
	free(sc.sent_flags);
	free(sc.group_buf);
	free(sc.topic_end);
	free(sc.clause);
	free(sc.key);
	free(sc.klen);
	free(sc.kbuf);
	return rc;
}
