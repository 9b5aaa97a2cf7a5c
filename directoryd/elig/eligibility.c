/*
 * eligibility.c - the eligibility rule's interface: check a text (pick its
 * lists, run each, report refusals, holds and evasion) and walk HSDS
 * documents. Loading is in elig_load.c, matching in elig_scan.c and
 * elig_match.c, the choice of lists in elig_lang.c. docs/eligibility.md
 * explains the method.
 */
#include "eligibility.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "elig_int.h"
#include "elig_lang.h"
#include "elig_resemble.h"
#include "elig_runon.h"
#include "elig_sentlang.h"

static const char *const elig_rule_words[6] = {
	"",
	"victim status, formal identification as a trafficked person or "
	"referral through a police or NRM procedure",
	"a police report or complaint",
	"cooperation with the police or prosecution, testimony or acting as "
	"a witness",
	"leaving sex work or promising to",
	"reporting to immigration authorities, residence status checks or "
	"data passed to them",
};

/* ---- checking text ------------------------------------------------------ */

/* Copy input bytes [a, b) into dst, cut at a UTF-8 character boundary. */
static void elig_copy_phrase(char *dst, size_t cap, const char *src, size_t a, size_t b)
{
	size_t n = b - a;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[a + n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src + a, n);
	dst[n] = '\0';
}

/* Fill m from hit h of list l (or, for evasion, token k) in text t of input s. */
static void elig_fill_match(struct elig_match *m, const char *s, const struct elig_text *t,
			    const struct elig_hit *h, const char *tag)
{
	if (m == NULL)
		return;
	if (h->rule > 0)
		snprintf(m->rule, sizeof(m->rule), "D%c", '0' + h->rule);
	else
		snprintf(m->rule, sizeof(m->rule), "evasion");
	snprintf(m->language, sizeof(m->language), "%s", tag);
	elig_copy_phrase(m->phrase, sizeof(m->phrase), s, t->toks[h->start].src_start,
			 t->toks[h->end - 1].src_end);
	m->resembles = 0;
}

#define ELIG_ODD_WORDS 3 /* words with letters foreign to the language ... */
#define ELIG_ODD_SHARE 4 /* ... and at least one in this many words: marks added to evade */

int elig_odd_word(const struct elig_lang *l, const char *w, size_t n)
{
	int32_t i = 0;
	UChar32 c;

	while (i < (int32_t)n) {
		U8_NEXT(w, i, (int32_t)n, c);
		if (c > 0x7F && u_isalpha(c) && !uset_contains(l->letters, c))
			return 1;
	}
	return 0;
}

/*
 * elig_odd_letters, but a word of a sentence in another covered language
 * (owner, elig_sentence_langs; NULL: none) is odd only when its letters
 * are foreign to that language's list as well ("Ajutor și în limba
 * română" in an English listing uses Romanian letters, not added marks).
 */
static int elig_odd_letters_in(const struct elig_rules *r, const struct elig_lang *l,
			       const struct elig_text *t, const uint8_t *owner, struct elig_hit *h)
{
	size_t odd = 0, first = 0;

	if (l == NULL || l->letters == NULL)
		return 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		const char *w = t->norm + t->toks[i].off;
		const struct elig_lang *o = owner != NULL && owner[i] != 0
						    ? &r->langs[(owner[i] & ELIG_SENT_LIST) - 1]
						    : NULL;
		if (t->toks[i].script == l->script && elig_odd_word(l, w, t->toks[i].len) &&
		    (o == NULL || o->letters == NULL || elig_odd_word(o, w, t->toks[i].len)) &&
		    odd++ == 0)
			first = i;
	}
	if (odd < ELIG_ODD_WORDS || odd * ELIG_ODD_SHARE < t->nwords)
		return 0;
	*h = (struct elig_hit){ 0, first, first + 1, 0, 0, 0, NULL };
	return 1;
}

int elig_odd_letters(const struct elig_lang *l, const struct elig_text *t, struct elig_hit *h)
{
	return elig_odd_letters_in(NULL, l, t, NULL, h);
}

#define ELIG_MARKED_WORDS 6  /* words with a mark ... */
#define ELIG_MARKED_SHARE 80 /* ... and at least this percentage of the words */

/*
 * Word k has a mark on every vowel: it differs from its folded form and
 * keeps no plain a, e, i, o or u ("vágás", "cásá"; not Romanian "ajutăm"
 * or "înregistrați", which keep plain vowels beside their marked ones).
 */
static int elig_marked_word(const struct elig_text *t, const struct elig_tok *k)
{
	const char *w = t->norm + k->off;

	if (!(k->flags & ELIG_TOK_LETTER) ||
	    (k->len == k->flen && memcmp(w, t->norm + k->foff, k->len) == 0))
		return 0;
	for (size_t i = 0; i < k->len; i++)
		if (strchr("aeiou", w[i]) != NULL && w[i] != '\0')
			return 0;
	return 1;
}

/*
 * Marks on every vowel of nearly every word, even where the language has
 * such letters ("Ás vágás ná cásá" for "As vagas na casa"): no language
 * of ours writes that way. Natural Romanian marks most words but not
 * every vowel ("Vă ajutăm să vă înregistrați la primărie"). Returns 1
 * with h on the first marked word.
 */
static int elig_marked_words(const struct elig_text *t, struct elig_hit *h)
{
	size_t marked = 0, first = 0;

	for (size_t i = 0; i < t->ntoks; i++)
		if (elig_marked_word(t, &t->toks[i]) && marked++ == 0)
			first = i;
	if (marked < ELIG_MARKED_WORDS || marked * 100 < t->nwords * ELIG_MARKED_SHARE)
		return 0;
	*h = (struct elig_hit){ 0, first, first + 1, 0, 0, 0, NULL };
	return 1;
}

/* The first word marked as evasion, as a hit (rule 0); 0 when none. */
static int elig_evasion(const struct elig_text *t, struct elig_hit *h)
{
	for (size_t i = 0; i < t->ntoks; i++)
		if (t->toks[i].flags & ELIG_TOK_EVASION) {
			*h = (struct elig_hit){ 0, i, i + 1, 0, 0, 0, NULL };
			return 1;
		}
	return 0;
}

/*
 * Whether list l's hold h is in a sentence that reads as l itself (owner,
 * elig_sentence_langs): then another list's clearing of a topic, which
 * read other sentences (or this one's words shared with l's language),
 * does not undo it.
 */
static int elig_held_in_own(const struct elig_rules *r, const struct elig_lang *l,
			    const struct elig_hit *h, const struct elig_text *t,
			    const uint8_t *owner)
{
	return h->start < t->ntoks &&
	       (size_t)(owner[h->start] & ELIG_SENT_LIST) == (size_t)(l - r->langs) + 1;
}

/*
 * Whether list l's hit h stands in a sentence that reads as another list
 * (owner, elig_sentence_langs): l reads words of another language there
 * ("We never share your information with Immigration Enforcement" read by
 * the French list, which knows "information" and "immigration" but not
 * "never").
 */
static int elig_held_in_other(const struct elig_rules *r, const struct elig_lang *l,
			      const struct elig_hit *h, const struct elig_text *t,
			      const uint8_t *owner)
{
	size_t o = h->start < t->ntoks ? (size_t)(owner[h->start] & ELIG_SENT_LIST) : 0;

	return o != 0 && o != (size_t)(l - r->langs) + 1;
}

/*
 * Normalise the n bytes at s into *t (free it with elig_text_free
 * afterwards, also when this fails), mark its run-on sentence starts for
 * list l and run l over it alone. Returns an elig_outcome with *h filled,
 * or -1 when out of memory.
 */
static int elig_run_span(const struct elig_rules *r, const struct elig_lang *l, const char *s,
			 size_t n, int required, struct elig_text *t, struct elig_hit *h)
{
	if (elig_norm_text(r->norm, s, n, t) != 0)
		return -1;
	elig_mark_runons(l, t, s, n);
	memset(h, 0, sizeof(*h));
	return elig_run_lang(r, l, t, required, h);
}

/*
 * Apply list l alone to the sentences s[a..b) of another covered language
 * in a text (elig_sentence_langs): a sentence is read by its own
 * language's list, on its own, so that the words of the text around it do
 * not reach it and it does not reach them. Raises *rc to a refusal, or to
 * a hold when *rc is an acceptance, with m filled. Returns -1 when out
 * of memory, else 0.
 */
static int elig_check_sentence(const struct elig_rules *r, const struct elig_lang *l, const char *s,
			       size_t a, size_t b, int required, struct elig_match *m, int *rc)
{
	struct elig_text t;
	struct elig_hit h;
	int one = elig_run_span(r, l, s + a, b - a, required, &t, &h);

	if (one == ELIG_REFUSED || (one == ELIG_HELD && *rc == ELIG_ACCEPTED)) {
		elig_fill_match(m, s + a, &t, &h, l->tag);
		*rc = one;
	}
	elig_text_free(&t);
	return one < 0 ? -1 : 0;
}

/*
 * Check each run of sentences of t (input s[0..len)) that owner gives to
 * one list (elig_sentence_langs) with that list alone
 * (elig_check_sentence), from its first word to the next run's first
 * word, so that its final punctuation is kept. Same *rc and returns.
 */
static int elig_check_sentences(const struct elig_rules *r, const char *s, size_t len,
				const struct elig_text *t, const uint8_t *owner, int required,
				struct elig_match *m, int *rc)
{
	for (size_t a = 0, b; a < t->ntoks && *rc != ELIG_REFUSED; a = b) {
		for (b = a + 1; b < t->ntoks && owner[b] == owner[a]; b++)
			;
		if ((owner[a] & ELIG_SENT_ALONE) &&
		    elig_check_sentence(
			    r, &r->langs[(owner[a] & ELIG_SENT_LIST) - 1], s, t->toks[a].src_start,
			    b < t->ntoks ? t->toks[b].src_start : len, required, m, rc) != 0)
			return -1;
	}
	return 0;
}

/*
 * Whether the sentence of token i, read alone by the list it reads as
 * (owner, elig_sentence_langs), shows a topic and clears it. A refusal another list made of words there is then a
 * misreading that the clearing undoes ("We never share your information
 * with Immigration Enforcement or the police", refused by the French
 * list); a clearing in another sentence does not undo it ("Progetto Safe
 * Home for Women First: denuncia obbligatoria per entrare. We don't need
 * a police report from you": the English list clears only the second).
 * Returns 1 or 0, or -1 when out of memory.
 */
static int elig_cleared_there(const struct elig_rules *r, const char *s, size_t len,
			      const struct elig_text *t, const uint8_t *owner, size_t i,
			      int required)
{
	const struct elig_lang *l = &r->langs[(owner[i] & ELIG_SENT_LIST) - 1];
	struct elig_text u;
	struct elig_hit h;
	size_t a = i, b = i + 1, from, to;
	int one;

	while (a > 0 && !elig_sent_starts(&t->toks[a]) && owner[a - 1] == owner[i])
		a--;
	while (b < t->ntoks && !elig_sent_starts(&t->toks[b]) && owner[b] == owner[i])
		b++;
	from = t->toks[a].src_start;
	to = b < t->ntoks ? t->toks[b].src_start : len;
	one = elig_run_span(r, l, s + from, to - from, required, &u, &h);
	elig_text_free(&u);
	return one < 0 ? -1 : one == ELIG_ACCEPTED && h.rule < 0;
}

/*
 * Apply every list chosen in pk to the normalised text t until one
 * refuses. A refusal by a list applied only because the language was
 * unsure, while other lists have evidence, or whose words stand in a
 * sentence of another list (owner), is a hold. The first hold is undone
 * when a list with a tag or word evidence saw a topic and cleared it (of
 * "Sin denuncia", the Spanish list reads "sin" as "without"; the Italian
 * list does not know the word), unless a hold stands in a sentence that
 * reads as its own list, or a refusal held for another list's sentence
 * is not cleared by that list there (elig_cleared_there). m gets the
 * refusal, or the first hold. Returns
 * an elig_outcome, or -1 when out of memory.
 */
static int elig_apply_lists(const struct elig_rules *r, const struct elig_pick *pk,
			    const struct elig_text *t, const uint8_t *owner, const char *s,
			    size_t len, int required, struct elig_match *m)
{
	struct elig_hit h;
	int rc = ELIG_ACCEPTED, one, cleared = 0, kept = 0, there;

	for (size_t i = 0; i < pk->n && rc != ELIG_REFUSED; i++) {
		memset(&h, 0, sizeof(h));
		if ((one = elig_run_lang(r, pk->langs[i], t, required, &h)) < 0)
			return -1;
		if (one == ELIG_REFUSED && pk->primary > 0 && i >= pk->primary)
			one = ELIG_HELD; /* a list the words do not support: a person decides */
		if (one == ELIG_REFUSED && elig_held_in_other(r, pk->langs[i], &h, t, owner)) {
			/* the words there are another language's: that language decides */
			if ((there = elig_cleared_there(r, s, len, t, owner, h.start, required)) <
			    0)
				return -1;
			one = ELIG_HELD;
			kept |= !there;
		}
		cleared |= one == ELIG_ACCEPTED && h.rule < 0 && i < pk->primary;
		kept |= one == ELIG_HELD && elig_held_in_own(r, pk->langs[i], &h, t, owner);
		if (one == ELIG_REFUSED || (one == ELIG_HELD && rc == ELIG_ACCEPTED))
			elig_fill_match(m, s, t, &h, pk->langs[i]->tag);
		if (one != ELIG_ACCEPTED)
			rc = one;
	}
	return rc == ELIG_HELD && cleared && !kept ? ELIG_ACCEPTED : rc;
}

/*
 * An accepted text t is still held for its look (elig_evasion: words
 * marked while normalising; letters foreign to the first chosen list
 * with evidence; marks on every vowel of a checked text). Returns 1 with
 * m filled, 0 when none.
 */
static int elig_evasion_held(const struct elig_rules *r, const struct elig_pick *pk,
			     const struct elig_text *t, const uint8_t *owner, const char *s,
			     const char *hint, struct elig_match *m)
{
	struct elig_hit h;

	if (!elig_evasion(t, &h) &&
	    !elig_odd_letters_in(r, pk->checked && pk->primary > 0 ? pk->langs[0] : NULL, t, owner,
				 &h) &&
	    !(pk->checked && pk->n > 0 && elig_marked_words(t, &h)))
		return 0;
	elig_fill_match(m, s, t, &h, pk->n > 0 ? pk->langs[0]->tag : hint ? hint : "");
	return 1;
}

/*
 * An accepted, checked text t (input s) is still held when a window of its
 * sentences resembles the conditions of the development corpus
 * (elig_resemble_held, with the model of the list each sentence reads as:
 * owner, else pk's first). Returns 1 with m filled (the window as the
 * phrase, m->resembles set), 0 when none, -1 when out of memory.
 */
static int elig_resemblance_held(const struct elig_rules *r, const struct elig_pick *pk,
				 const struct elig_text *t, const uint8_t *owner, const char *s,
				 struct elig_match *m)
{
	struct elig_rhold rh;
	struct elig_hit h;
	int rc;

	if (!pk->checked || pk->n == 0)
		return 0;
	if ((rc = elig_resemble_held(r, t, owner, pk->langs[0], &rh)) <= 0)
		return rc;
	h = (struct elig_hit){ rh.rule, rh.start, rh.end, 0, 0, 0, NULL };
	elig_fill_match(m, s, t, &h, rh.lang->tag);
	if (m != NULL)
		m->resembles = 1;
	return 1;
}

/*
 * Check s[0..len) (one chunk). Same returns as elig_check_text: the
 * chosen lists (elig_apply_lists), then each sentence that
 * elig_sentence_langs gives to a list of its own, by that list alone
 * (elig_check_sentences), then the look of an accepted text
 * (elig_evasion_held), then its resemblance to conditions seen before
 * (elig_resemblance_held).
 */
static int elig_check_chunk(const struct elig_rules *r, const char *s, size_t len, const char *hint,
			    int required, struct elig_match *m, int *checked)
{
	struct elig_text t;
	struct elig_pick pk;
	uint32_t *hits;
	uint8_t *owner;
	size_t foreign;
	int rc, one;

	if (elig_norm_text(r->norm, s, len, &t) != 0) {
		elig_text_free(&t);
		return -1;
	}
	hits = elig_word_hits(r, &t);
	owner = malloc(t.ntoks + 1);
	if (hits == NULL || owner == NULL) {
		free(hits);
		free(owner);
		elig_text_free(&t);
		return -1;
	}
	elig_pick_langs(r, &t, hits, s, len, hint, &pk);
	/* run-on sentences are marked before the sentences are read */
	elig_mark_runons(pk.n > 0 ? pk.langs[0] : NULL, &t, s, len);
	foreign = elig_sentence_langs(r, &t, hits, &pk, owner);
	free(hits);
	*checked = pk.checked;
	rc = elig_apply_lists(r, &pk, &t, owner, s, len, required, m);
	if (rc >= 0 && foreign > 0 &&
	    elig_check_sentences(r, s, len, &t, owner, required, m, &rc) != 0)
		rc = -1;
	if (rc == ELIG_ACCEPTED && elig_evasion_held(r, &pk, &t, owner, s, hint, m))
		rc = ELIG_HELD;
	if (rc == ELIG_ACCEPTED && (one = elig_resemblance_held(r, &pk, &t, owner, s, m)) != 0)
		rc = one < 0 ? -1 : ELIG_HELD;
	if (rc == ELIG_REFUSED)
		*checked = 1;
	free(owner);
	elig_text_free(&t);
	return rc;
}

/* End of the chunk starting at a: at most ELIG_CHUNK bytes, cut at a space. */
static size_t elig_chunk_end(const char *s, size_t a, size_t len)
{
	size_t e = a + ELIG_CHUNK;

	if (e >= len)
		return len;
	for (size_t k = e; k > e - ELIG_OVERLAP / 2; k--)
		if (s[k] == ' ' || s[k] == '\n')
			return k;
	while (e > a && ((unsigned char)s[e] & 0xC0) == 0x80)
		e--;
	return e;
}

/*
 * elig_check_text, for a text that by its place in the document states a
 * requirement (a required_document): a topic counts as a condition even
 * without a cue word such as "only" or "must". Negation still applies.
 */
static int elig_check_text_in(const struct elig_rules *rules, const char *text,
			      const char *lang_hint, int required, struct elig_match *m,
			      int *checked)
{
	size_t len = strnlen(text, (size_t)ELIG_MAX_TEXT + 1), a = 0, e;
	int ck = 1, c, rc = ELIG_ACCEPTED, one;
	struct elig_match mm;

	if (checked != NULL)
		*checked = 1;
	if (len > ELIG_MAX_TEXT)
		return -1;
	do {
		e = elig_chunk_end(text, a, len);
		one = elig_check_chunk(rules, text + a, e - a, lang_hint, required, &mm, &c);
		ck &= c;
		if (one < 0)
			return -1;
		if (one == ELIG_REFUSED || (one == ELIG_HELD && rc == ELIG_ACCEPTED)) {
			rc = one;
			if (m != NULL)
				*m = mm;
		}
		if (rc == ELIG_REFUSED || e == len)
			break;
		a = e - ELIG_OVERLAP;
		while (a < e && text[a] != ' ' && text[a] != '\n')
			a++;
	} while (1);
	if (checked != NULL)
		*checked = rc == ELIG_REFUSED ? 1 : ck;
	return rc;
}

int elig_check_text(const struct elig_rules *rules, const char *text, const char *lang_hint,
		    struct elig_match *m, int *checked)
{
	return elig_check_text_in(rules, text, lang_hint, 0, m, checked);
}

/* ---- walking HSDS documents -------------------------------------------- */

struct elig_walk {
	const struct elig_rules *rules;
	struct dir_error *err;
	json_t *unchecked;
	json_t *held;
	int refusals, holds;
	crypto_hash_sha256_state hash; /* over each checked field: pointer NUL text NUL */
};

/* Keys whose string values are identifiers, codes, dates or addresses. */
static const char *const elig_skip_keys[] = {
	"id",       "url",           "uri",       "email",       "website",    "code",
	"number",   "extension",     "type",      "status",      "timezone",   "timezone_name",
	"country",  "language",      "languages", "currency",    "dtstart",    "until",
	"freq",     "wkst",          "byday",     "bymonthday",  "byweekno",   "byyearday",
	"interval", "count",         "opens_at",  "closes_at",   "valid_from", "valid_to",
	"date",     "last_modified", "schema",    "value_type",  "field_name", "updated_by",
	"version",  "provenance",    "key_id",    "origin_node",
};
static const char *const elig_skip_suffixes[] = {
	"_id", "_url", "_uri", "_email", "_code", "_date", "_at", "_type",
};

static int elig_skip_key(const char *key)
{
	size_t n;

	if (key == NULL || strcmp(key, "attending_type") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(elig_skip_keys) / sizeof(*elig_skip_keys); i++)
		if (strcmp(key, elig_skip_keys[i]) == 0)
			return 1;
	n = strlen(key);
	for (size_t i = 0; i < sizeof(elig_skip_suffixes) / sizeof(*elig_skip_suffixes); i++) {
		size_t k = strlen(elig_skip_suffixes[i]);
		if (n > k && strcmp(key + n - k, elig_skip_suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

/* A value that is a URL, an email address, a date/time or a phone number. */
static int elig_skip_value(const char *s)
{
	size_t digits = 0, other = 0, n = strlen(s);

	if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "www.", 4) == 0 || strncmp(s, "mailto:", 7) == 0 ||
	    strncmp(s, "tel:", 4) == 0)
		return strcspn(s, " \t\n") == n;
	if (strchr(s, '@') != NULL && strcspn(s, " \t\n") == n)
		return 1;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr(" +-()./:TZ", *p) == NULL)
			other++;
	}
	return digits >= 4 && other == 0;
}

/*
 * The advice for rule idx (1..5, ELIG_EVASION) in language tag: [0] the
 * rule in plain words, [1] a suggested wording (may be NULL). English
 * when tag has none; the rule's own words when there is no advice file.
 */
static void elig_advice(const struct elig_rules *r, const char *tag, int idx, const char *out[2])
{
	const struct elig_lang *l = elig_find_lang(r, tag), *en = elig_find_lang(r, "en");

	for (int k = 0; k < 2; k++) {
		out[k] = l != NULL ? l->advice[idx][k] : NULL;
		if (out[k] == NULL && en != NULL)
			out[k] = en->advice[idx][k];
	}
	if (out[0] == NULL)
		out[0] = idx == ELIG_EVASION ? "the text cannot be checked as written"
					     : elig_rule_words[idx];
}

/* The keys every refusal and hold detail carries. */
static void elig_detail_keys(json_t *d, const struct elig_rules *r, const struct elig_match *m,
			     const char *hint)
{
	int idx = m->rule[0] == 'D' ? m->rule[1] - '0' : ELIG_EVASION;
	const char *adv[2];

	elig_advice(r, elig_find_lang(r, hint) != NULL ? hint : m->language, idx, adv);
	json_object_set_new(d, "rule", json_string(m->rule));
	json_object_set_new(d, "phrase", json_string(m->phrase));
	json_object_set_new(d, "language", json_string(m->language));
	json_object_set_new(d, "rule_text", json_string(adv[0]));
	if (m->resembles)
		json_object_set_new(d, "basis", json_string("resemblance"));
	if (adv[1] != NULL)
		json_object_set_new(d, "suggestion", json_string(adv[1]));
}

/* Record a held text as one object of w->held. */
static int elig_walk_hold(struct elig_walk *w, const struct elig_match *m, const char *ptr,
			  const char *hint)
{
	json_t *d;

	w->holds++;
	if (w->held == NULL)
		return 0;
	d = json_pack("{s:s, s:s}", "code", "eligibility_review", "field", ptr);
	if (d == NULL)
		return -1;
	if (m->resembles)
		json_object_set_new(
			d, "message",
			json_sprintf("this text resembles texts that made help conditional on %s, "
				     "though no phrase of the rule matched (rule %s, learned from "
				     "earlier examples); a reviewer will decide: \"%s\" (%s)",
				     elig_rule_words[m->rule[1] - '0'], m->rule, m->phrase,
				     m->language));
	else if (m->rule[0] == 'D')
		json_object_set_new(
			d, "message",
			json_sprintf(
				"this text names %s in a way the rule cannot clear; a reviewer "
				"will decide (rule %s): \"%s\" (%s)",
				elig_rule_words[m->rule[1] - '0'], m->rule, m->phrase,
				m->language));
	else
		json_object_set_new(
			d, "message",
			json_sprintf(
				"look-alike letters, mixed alphabets or invisible characters; a "
				"reviewer will decide: \"%s\"",
				m->phrase));
	elig_detail_keys(d, w->rules, m, hint);
	return json_array_append_new(w->held, d);
}

/* Check one string at ptr and record the outcome. */
static int elig_walk_string(struct elig_walk *w, const char *s, const char *ptr, const char *key,
			    const char *hint)
{
	int required = key != NULL && strcmp(key, "document") == 0;
	struct elig_match m;
	json_t *d;
	int checked, rc;

	if (elig_skip_value(s))
		return 0;
	crypto_hash_sha256_update(&w->hash, (const unsigned char *)ptr, strlen(ptr) + 1);
	crypto_hash_sha256_update(&w->hash, (const unsigned char *)s, strlen(s) + 1);
	rc = elig_check_text_in(w->rules, s, hint, required, &m, &checked);
	if (rc < 0)
		return -1;
	if (rc == ELIG_HELD)
		return elig_walk_hold(w, &m, ptr, hint);
	if (rc == ELIG_ACCEPTED) {
		if (!checked && w->unchecked != NULL &&
		    json_array_append_new(w->unchecked, json_string(ptr)) != 0)
			return -1;
		return 0;
	}
	w->refusals++;
	d = dir_error_add(w->err, "eligibility_condition", ptr,
			  "help may not be made conditional on %s (rule %s): "
			  "\"%s\" (%s)",
			  elig_rule_words[m.rule[1] - '0'], m.rule, m.phrase, m.language);
	if (d != NULL)
		elig_detail_keys(d, w->rules, &m, hint);
	return 0;
}

static int elig_walk_value(struct elig_walk *w, json_t *v, const char *ptr, const char *key,
			   const char *hint, int depth);

/* Walk "translations": each member's key is the language of its texts. */
static int elig_walk_translations(struct elig_walk *w, json_t *v, const char *ptr, int depth)
{
	char sub[ELIG_PTR_MAX];
	const char *lang;
	json_t *o;

	if (!json_is_object(v))
		return elig_walk_value(w, v, ptr, NULL, NULL, depth + 1);
	json_object_foreach(v, lang, o)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, lang, 0);
		if (elig_walk_value(w, o, sub, NULL, lang, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* The language an object declares for its own texts ("language": "fr"). */
static const char *elig_object_language(const json_t *o, const char *hint)
{
	const char *l = json_string_value(json_object_get(o, "language"));
	size_t n;

	if (hint != NULL || l == NULL)
		return hint;
	n = strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	return n >= 2 && n <= 3 && (l[n] == '\0' || l[n] == '-') ? l : NULL;
}

static int elig_walk_object(struct elig_walk *w, json_t *o, const char *ptr, const char *hint,
			    int depth)
{
	char sub[ELIG_PTR_MAX];
	const char *k;
	json_t *v;

	hint = elig_object_language(o, hint);
	json_object_foreach(o, k, v)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, k, 0);
		if (strcmp(k, "translations") == 0) {
			if (elig_walk_translations(w, v, sub, depth) < 0)
				return -1;
		} else if (elig_walk_value(w, v, sub, k, hint, depth + 1) < 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * An attribute's taxonomy_term that names a term of the node's own
 * vocabularies by its code and taxonomy (service_type or access), as the
 * read API renders it: the
 * store keeps only the reference (dir_resolve_term, sql/32_taxonomy.sql),
 * never these texts, which are ours and versioned with the code
 * (data/taxonomies/), so they are not checked. A term of another taxonomy
 * is stored from its texts and is checked.
 */
static int elig_own_term_reference(const json_t *v, const char *key)
{
	const json_t *detail = json_object_get(v, "taxonomy_detail");
	const char *tax = json_string_value(json_object_get(v, "taxonomy"));

	if (key == NULL || strcmp(key, "taxonomy_term") != 0 || !json_is_object(v) ||
	    !json_is_string(json_object_get(v, "code")))
		return 0;
	if (tax == NULL)
		tax = json_string_value(json_object_get(detail, "name"));
	return tax != NULL && (strcmp(tax, "service_type") == 0 || strcmp(tax, "access") == 0);
}

/* Walk any JSON value; key is the member name it hangs under, if any. */
static int elig_walk_value(struct elig_walk *w, json_t *v, const char *ptr, const char *key,
			   const char *hint, int depth)
{
	char sub[ELIG_PTR_MAX];
	size_t i;
	json_t *item;

	if (depth > ELIG_MAX_DEPTH || (key != NULL && strcmp(key, "provenance") == 0) ||
	    elig_own_term_reference(v, key))
		return 0;
	if (json_is_string(v))
		return elig_skip_key(key)
			       ? 0
			       : elig_walk_string(w, json_string_value(v), ptr, key, hint);
	if (json_is_object(v))
		return elig_walk_object(w, v, ptr, hint, depth);
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, item)
	{
		dir_ptr_join(sub, sizeof(sub), ptr, NULL, i);
		if (elig_walk_value(w, item, sub, key, hint, depth + 1) < 0)
			return -1;
	}
	return 0;
}

int elig_check_document_full(const struct elig_rules *rules, const json_t *doc,
			     const char *base_ptr, struct elig_report *rep)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct elig_walk w;

	/* jansson's iterators take non-const values; nothing is modified. */
	json_t *root = (json_t *)(uintptr_t)doc;

	memset(&w, 0, sizeof(w));
	w.rules = rules;
	w.err = rep->err;
	w.unchecked = rep->unchecked;
	w.held = rep->held;
	crypto_hash_sha256_init(&w.hash);
	if (elig_walk_value(&w, root, base_ptr != NULL ? base_ptr : "", NULL, NULL, 0) < 0)
		return -1;
	crypto_hash_sha256_final(&w.hash, digest);
	sodium_bin2hex(rep->text_hash, sizeof(rep->text_hash), digest, sizeof(digest));
	rep->refused = w.refusals;
	rep->nheld = w.holds;
	return w.refusals > 0 ? ELIG_REFUSED : w.holds > 0 ? ELIG_HELD : ELIG_ACCEPTED;
}

int elig_check_document(const struct elig_rules *rules, const json_t *doc, const char *base_ptr,
			struct dir_error *err, json_t *unchecked)
{
	struct elig_report rep;

	memset(&rep, 0, sizeof(rep));
	rep.err = err;
	rep.unchecked = unchecked;
	if (elig_check_document_full(rules, doc, base_ptr, &rep) < 0)
		return -1;
	return rep.refused;
}
