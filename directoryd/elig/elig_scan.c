/*
 * elig_scan.c - the events of one phrase list in one normalised text:
 * the stem keys of every token, every pattern occurrence, the senses that
 * drop topics, the sentences, clauses and comma segments, and the index
 * of events by group that the checks walk. elig_match.c decides on them.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "elig_int.h"
#include "elig_load.h"
#include "elig_scan.h"

/* The kinds of each group (enum elig_group, elig_int.h). */
static const struct elig_kinds elig_group_kinds[ELIG_NGROUPS] = {
	[ELIG_G_NEG] = ELIG_KINDS_INIT(ELIG_NEG),
	[ELIG_G_NEGW] = ELIG_KINDS_INIT(ELIG_NEG, ELIG_WITHOUT),
	[ELIG_G_NEGANY] = ELIG_KINDS_INIT(ELIG_NEG, ELIG_WITHOUT, ELIG_NEGPOST),
	[ELIG_G_WITHOUT] = ELIG_KINDS_INIT(ELIG_WITHOUT),
	[ELIG_G_OPTIONAL] = ELIG_KINDS_INIT(ELIG_OPTIONAL),
	[ELIG_G_CUE] = ELIG_KINDS_INIT(ELIG_CUE),
	[ELIG_G_CUES] = ELIG_KINDS_INIT(ELIG_CUE, ELIG_SOFTCUE),
	[ELIG_G_CUENEG] = ELIG_KINDS_INIT(ELIG_CUE, ELIG_NEG),
	[ELIG_G_FRAME] = ELIG_KINDS_INIT(ELIG_NEG, ELIG_NEGPOST, ELIG_WITHOUT, ELIG_OPTIONAL,
					 ELIG_SOFTEN, ELIG_HEDGE, ELIG_CLEAR),
	[ELIG_G_NEGWOPT] = ELIG_KINDS_INIT(ELIG_NEG, ELIG_WITHOUT, ELIG_OPTIONAL),
	[ELIG_G_TOPICS] = ELIG_KINDS_INIT(ELIG_TOPIC, ELIG_STRICT),
	[ELIG_G_CLEAR] = ELIG_KINDS_INIT(ELIG_CLEAR, ELIG_HOW, ELIG_ORNOT, ELIG_WHAT),
	[ELIG_G_SOFT] = ELIG_KINDS_INIT(ELIG_SOFT),
	[ELIG_G_AND] = ELIG_KINDS_INIT(ELIG_AND),
	[ELIG_G_SANCTION] = ELIG_KINDS_INIT(ELIG_SANCTION),
	[ELIG_G_FORBID] = ELIG_KINDS_INIT(ELIG_FORBID, ELIG_BAN, ELIG_MAY, ELIG_STAFF, ELIG_ALLOW),
	[ELIG_G_WHERE] = ELIG_KINDS_INIT(ELIG_WHERE),
	[ELIG_G_BEGIN] = ELIG_KINDS_INIT(ELIG_BEGIN),
};

_Static_assert(ELIG_NGROUPS <= 32, "elig_kind_groups has a bit per group in a uint32_t");

/* Per kind, the groups it is in (bit g: group g), from elig_group_kinds; filled once. */
static uint32_t elig_kind_groups[ELIG_NKINDS];
static pthread_once_t elig_kind_groups_once = PTHREAD_ONCE_INIT;

static void elig_fill_kind_groups(void)
{
	for (int g = 0; g < ELIG_NGROUPS; g++)
		for (int k = 0; k < ELIG_NKINDS; k++)
			if (elig_kinds_has(elig_group_kinds[g], k))
				elig_kind_groups[k] |= (uint32_t)1 << g;
}

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

/* Token j is one of the list's abbreviations (directive "abbrev") on its own. */
static int elig_abbrev_at(const struct elig_scan *sc, size_t j)
{
	uint32_t c[ELIG_MAX_CAND];
	size_t at[ELIG_MAX_TERMS], n = elig_candidates(sc, j, c, ELIG_MAX_CAND);

	for (size_t k = 0; k < (n == SIZE_MAX ? sc->lang->npats : n); k++) {
		const struct elig_pattern *p = &sc->lang->pats[n == SIZE_MAX ? k : c[k]];
		if (p->kind == ELIG_ABBREV &&
		    elig_match_from(p, 0, sc, j, j + 1, 0, at) == (long)j + 1)
			return 1;
	}
	return 0;
}

/*
 * The sentence of token i ends before token `end` for the phrases: a
 * sentence start there, unless after one of the list's abbreviations with
 * neither a semicolon nor a question mark (as elig_sentence_starts numbers
 * the sentences: "zespół ds. handlu ludźmi", "z. B. Pass").
 */
static size_t elig_phrase_end(const struct elig_scan *sc, size_t i)
{
	const struct elig_text *t = sc->text;
	size_t end = i + 1;

	for (; end < t->ntoks; end++) {
		int f = t->toks[end].flags;
		if (!(f & ELIG_TOK_SENT))
			continue;
		if ((f & ELIG_TOK_SEMI) || (t->toks[end - 1].flags & ELIG_TOK_ASKED) ||
		    !elig_abbrev_at(sc, end - 1))
			break;
	}
	return end;
}

/*
 * Record every pattern of the language that matches at some token, in
 * token order and, at one token, in the list's order. Only the patterns
 * the first-term index names are tried.
 */
int elig_scan_events(struct elig_scan *sc)
{
	const struct elig_text *t = sc->text;
	uint32_t c[ELIG_MAX_CAND];
	size_t end = 0, n;

	for (size_t i = 0; i < t->ntoks; i++) {
		if (i >= end)
			end = elig_phrase_end(sc, i);
		n = elig_candidates(sc, i, c, ELIG_MAX_CAND);
		for (size_t k = 0; k < (n == SIZE_MAX ? sc->lang->npats : n); k++)
			if (elig_scan_at(sc, n == SIZE_MAX ? k : c[k], i, end) != 0)
				return -1;
	}
	return 0;
}

/*
 * A topic of any strength, a trade word or a condition cue: what a "sense"
 * phrase can take a word from (a cue too since the eighth session: "i soldi
 * che ti devono", the money they owe you, is no "must"; a soft cue since
 * the ninth: "once a year" is a frequency, no "once" of time; a plain
 * negation since elig-d4e: "не менее шести месяцев", not less than, is a
 * quantity, no negation of what follows).
 */
static int elig_sense_target(int kind)
{
	return kind == ELIG_TOPIC || kind == ELIG_STRICT || kind == ELIG_SOFT ||
	       kind == ELIG_WEAK || kind == ELIG_TRADE || kind == ELIG_VEILED || kind == ELIG_CUE ||
	       kind == ELIG_SOFTCUE || kind == ELIG_NEG;
}

/* A sense drops this kind only when it takes all its own words (elig_all_taken). */
static int elig_sense_whole(int kind)
{
	return kind == ELIG_SOFTCUE || kind == ELIG_NEG;
}

/*
 * Every own word of event e is among the own words of a "sense" event
 * (taken): a soft cue is dropped only so, since "once a year" is no
 * "once" of time but "можна залишитися, якщо ..." keeps its "if".
 */
static int elig_all_taken(const struct elig_event *e, const unsigned char *taken)
{
	for (size_t i = e->start; i < e->end && i - e->start < 64; i++)
		if ((e->terms >> (i - e->start) & 1) && !taken[i])
			return 0;
	return 1;
}

/*
 * Drop every topic, trade and cue event that has a word of its own among
 * the own words of a "sense" event: a fixed phrase in which the word has
 * another sense ("по медицинским показаниям": medical indications, not
 * testimony; "declarație pe propria răspundere": a sworn statement; "game
 * consoles"). The word is then no topic in any pattern, so neither a cue
 * nor a sanction can make it a condition. A soft cue or a plain negation
 * is dropped only when all its own words are the sense's (elig_all_taken). Events keep their
 * token order.
 * Returns 0, or -1 when out of memory.
 */
int elig_drop_senses(struct elig_scan *sc)
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
		if (drop && elig_sense_whole(e->kind))
			drop = elig_all_taken(e, taken);
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
int elig_scan_clauses(struct elig_scan *sc)
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
 * List the events of each group of kinds in sc->group (its cells in
 * sc->group_buf), in event order, but for those elig_mark_others marks in
 * other (sc->nev zeroed bytes, its scratch: a break's or cue's own word).
 * Each event is added to the groups of its kind (elig_kind_groups) rather
 * than tested against every group.
 */
static void elig_list_groups(struct elig_scan *sc, unsigned char *other)
{
	(void)pthread_once(&elig_kind_groups_once, elig_fill_kind_groups);
	for (int g = 0; g < ELIG_NGROUPS; g++)
		sc->group[g] = sc->group_buf + (size_t)g * (sc->nev + 1);
	elig_mark_others(sc, other);
	for (size_t k = 0; k < sc->nev; k++) {
		uint32_t gs = other[k] ? 0 : elig_kind_groups[sc->ev[k].kind];
		for (int g = 0; gs != 0; g++, gs >>= 1)
			if (gs & 1)
				sc->group[g][sc->ngroup[g]++] = &sc->ev[k];
	}
}

/*
 * List the events of each group of kinds (enum elig_group), in event
 * order, and for every token the smallest end of a topic event starting
 * there or later (elig_topic_between). Once per text and list. Returns 0
 * or -1 when out of memory.
 */
int elig_scan_index(struct elig_scan *sc)
{
	size_t n = sc->text->ntoks, cells;
	unsigned char *other;

	if (__builtin_mul_overflow(sc->nev + 1, (size_t)ELIG_NGROUPS, &cells) ||
	    (sc->group_buf = calloc(cells, sizeof(*sc->group_buf))) == NULL ||
	    (sc->topic_end = calloc(3 * (n + 1), sizeof(*sc->topic_end))) == NULL ||
	    (sc->cue_negated = calloc(sc->nev + 1, 1)) == NULL ||
	    (other = calloc(sc->nev + 1, 1)) == NULL)
		return -1;
	sc->hard_end = sc->topic_end + n + 1;
	sc->run_first = sc->hard_end + n + 1;
	for (size_t i = 1; i < n;
	     i++) /* a token after a full stop (not a semicolon) starts a run */
		sc->run_first[i] =
			(sc->text->toks[i].flags & (ELIG_TOK_SENT | ELIG_TOK_SEMI)) == ELIG_TOK_SENT
				? i
				: sc->run_first[i - 1];
	elig_list_groups(sc, other);
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
int elig_scan_keys(struct elig_scan *sc)
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
