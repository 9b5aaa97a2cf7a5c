/*
 * elig_lang.c - which phrase lists check a text: the tag's list, word
 * evidence, and libexttextcat for untagged text whose words leave a doubt.
 * docs/eligibility.md, "Languages and unchecked text".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elig_int.h"
#include "elig_lang.h"

/* ---- which lists apply to a text --------------------------------------- */

static int elig_dominant_script(const struct elig_text *t)
{
	int best = ELIG_SC_NONE;

	for (int s = ELIG_SC_LATIN; s < ELIG_SC_N; s++)
		if (t->letters[s] > t->letters[best])
			best = s;
	return best;
}

/*
 * The language evidence of t for one list, in units of ELIG_WORD_UNIT per
 * word: each word of t found in the list's words counts 1/k, where k is
 * the number of lists of the script
 * that have the word ("de" counts 1/5 for each of fr, es, pt, ro and nl,
 * "the" counts 1 for en). Short words that many languages share ("a",
 * "de", "is") therefore add little, and an uncovered language that shares
 * a few of them (Hungarian "a", "az", "és", "de") gains no list. *kinds
 * is set to the number of different words found, counted up to 2.
 */
/*
 * For every token of t, 1 + the index of its folded word in r->gwords, or
 * 0 when no list has it: looked up once per text. Returns a malloc'd
 * array of t->ntoks entries (at least one), or NULL when out of memory.
 */
uint32_t *elig_word_hits(const struct elig_rules *r, const struct elig_text *t)
{
	uint32_t *hits = calloc(t->ntoks + 1, sizeof(*hits));

	for (size_t i = 0; hits != NULL && r->ghash != NULL && i < t->ntoks; i++) {
		const char *w = t->norm + t->toks[i].foff;
		size_t n = t->toks[i].flen, h = elig_hash(w, n) & r->gmask;
		for (; r->ghash[h] != 0; h = (h + 1) & r->gmask) {
			const char *g = r->gwords[r->ghash[h] - 1].w;
			if (strncmp(g, w, n) == 0 && g[n] == '\0') { /* stops at g's end */
				hits[i] = r->ghash[h];
				break;
			}
		}
	}
	return hits;
}

/*
 * The word evidence for list li: each word of the text in its words adds
 * ELIG_WORD_UNIT / (lists of its script that have the word). *kinds is 0,
 * 1 or 2: no word, one distinct word, two or more. hits: elig_word_hits.
 */
static size_t elig_score(const struct elig_rules *r, size_t li, const struct elig_text *t,
			 const uint32_t *hits, int *kinds)
{
	uint64_t bit = (uint64_t)1 << li, same = r->script_langs[r->langs[li].script];
	uint32_t first = 0;
	size_t score = 0;

	*kinds = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		uint64_t langs = hits[i] ? r->gwords[hits[i] - 1].langs : 0;
		if (!(langs & bit))
			continue;
		score += ELIG_WORD_UNIT / (size_t)__builtin_popcountll(langs & same);
		if (first == 0) {
			first = hits[i];
			*kinds = 1;
		} else if (hits[i] != first) {
			*kinds = 2;
		}
	}
	return score;
}

/*
 * ISO 639-2 (bibliographic and terminology) and ISO 639-3 codes of the
 * languages that have a list; HSDS allows them for a taxonomy term's
 * "language" ("eng"). "rom" (Romani) is not Romanian.
 */
static const char *const elig_iso639_3[][2] = {
	{ "bul", "bg" }, { "deu", "de" }, { "ger", "de" }, { "eng", "en" },
	{ "spa", "es" }, { "fra", "fr" }, { "fre", "fr" }, { "ita", "it" },
	{ "nld", "nl" }, { "dut", "nl" }, { "pol", "pl" }, { "por", "pt" },
	{ "ron", "ro" }, { "rum", "ro" }, { "rus", "ru" }, { "ukr", "uk" },
};

/* The list for a BCP 47 tag: its primary subtag, case-insensitively. */
const struct elig_lang *elig_find_lang(const struct elig_rules *r, const char *tag)
{
	char primary[16];
	size_t n = 0;

	if (tag == NULL)
		return NULL;
	while (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' && n < 15) {
		char c = tag[n];
		primary[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	primary[n] = '\0';
	for (size_t i = 0; i < sizeof(elig_iso639_3) / sizeof(*elig_iso639_3); i++)
		if (strcmp(primary, elig_iso639_3[i][0]) == 0) {
			snprintf(primary, sizeof(primary), "%s", elig_iso639_3[i][1]);
			break;
		}
	for (size_t i = 0; i < r->nlangs; i++)
		if (strcmp(r->langs[i].tag, primary) == 0)
			return &r->langs[i];
	return NULL;
}

static int elig_picked(const struct elig_pick *pk, const struct elig_lang *l)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->langs[i] == l)
			return 1;
	return 0;
}

static void elig_pick_add(struct elig_pick *pk, const struct elig_lang *l)
{
	for (size_t i = 0; i < pk->n; i++)
		if (pk->langs[i] == l)
			return;
	pk->langs[pk->n++] = l;
}

/*
 * libexttextcat named l and the words confirm it: apply l, then only the
 * other candidates it named that have word evidence too.
 */
static void elig_pick_confident(struct elig_pick *pk, const struct elig_lang *l, char tags[][16],
				int ntags, const struct elig_rules *r)
{
	struct elig_pick ev = *pk;

	pk->n = 0;
	elig_pick_add(pk, l);
	for (int i = 1; i < ntags; i++) {
		const struct elig_lang *o = elig_find_lang(r, tags[i]);
		if (o != NULL && elig_picked(&ev, o))
			elig_pick_add(pk, o);
	}
}

/* Add every list of the script. */
static void elig_pick_script(const struct elig_rules *r, int script, struct elig_pick *pk)
{
	for (size_t i = 0; i < r->nlangs; i++)
		if (r->langs[i].script == script)
			elig_pick_add(pk, &r->langs[i]);
}

#define ELIG_TC_SURE  3   /* more candidates than this: libexttextcat is unsure */
#define ELIG_TC_BYTES 128 /* bytes of a text libexttextcat reads (its time grows with them) */

/*
 * Identify the language of an untagged text with libexttextcat (once per
 * text), from its first ELIG_TC_BYTES bytes (cut at a character), the
 * fingerprints of the lists in pk (those with word evidence) compared
 * first (elig_textcat_classify). Fills tags[] with its candidates, best
 * first ("[ro][ca]" gives ro, ca) and returns their number; 0 when it is
 * unsure (too short, no match, or more than ELIG_TC_SURE candidates).
 * When the words name one list, its answer changes the choice only when a
 * language without a list is a candidate (elig_pick_identified), so 0 is
 * also returned when none can be, without comparing the other lists.
 */
static int elig_identify(const struct elig_rules *r, int script, const char *s, size_t len,
			 const struct elig_pick *pk, char tags[ELIG_TC_SURE][16])
{
	const char *names[ELIG_TC_SURE];
	uint64_t first = 0;
	int n;

	if (len > ELIG_TC_BYTES) {
		len = ELIG_TC_BYTES;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < pk->n; i++)
		first |= (uint64_t)1 << (size_t)(pk->langs[i] - r->langs);
	n = elig_textcat_classify(r->textcat[script], s, len, first, pk->n == 1, names,
				  ELIG_TC_SURE);
	for (int i = 0; i < n; i++)
		snprintf(tags[i], 16, "%s", names[i]);
	return n;
}

/*
 * Lists with word evidence (elig_score), best first: at least two
 * different words of the text in the list's words, a score of at least
 * one in five words of the text and at least half the best score (and
 * above the hinted list's, hs, when there is one).
 */
static void elig_pick_evidence(const struct elig_rules *r, const struct elig_text *t,
			       const uint32_t *hits, int script, size_t hs, int hinted,
			       struct elig_pick *pk)
{
	size_t score[ELIG_MAX_LANGS] = { 0 }, best = 0, order[ELIG_MAX_LANGS], no = 0;
	int kinds[ELIG_MAX_LANGS] = { 0 };

	for (size_t i = 0; i < r->nlangs; i++) {
		if (r->langs[i].script == script)
			score[i] = elig_score(r, i, t, hits, &kinds[i]);
		best = score[i] > best ? score[i] : best;
	}
	for (size_t i = 0; i < r->nlangs; i++) {
		size_t k;
		if (!(kinds[i] >= 2 && score[i] * 5 >= t->nwords * ELIG_WORD_UNIT &&
		      score[i] * 2 >= best && (!hinted || score[i] > hs)))
			continue;
		for (k = no; k > 0 && score[order[k - 1]] < score[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
		no++;
	}
	for (size_t k = 0; k < no; k++)
		elig_pick_add(pk, &r->langs[order[k]]);
}

/* Percent of a text's words in one list's words that makes it that list's
 * language without asking libexttextcat; and that keeps a list libexttextcat
 * names after a close language without a list (Scots before English). */
#define ELIG_SURE_SHARE  70
#define ELIG_CLOSE_SHARE 55

/* Fewest words of an untagged text in which libexttextcat's best answer, a
 * language without a list, overrules the one list close to it that the
 * words point to. A shorter text's character n-grams come mostly from one
 * or two words, so one foreign proper noun makes an English name read as
 * Scots or Nigerian Pidgin ("Free STI check at the Nachtschwalbe"). */
#define ELIG_TC_MIN_WORDS 7

/* Percent of the words of t that are in list l's words (shared or not). */
static size_t elig_share(const struct elig_rules *r, const struct elig_lang *l,
			 const struct elig_text *t, const uint32_t *hits)
{
	uint64_t bit = (uint64_t)1 << (size_t)(l - r->langs);
	size_t in = 0;

	for (size_t i = 0; i < t->ntoks; i++)
		in += hits[i] != 0 && (r->gwords[hits[i] - 1].langs & bit) != 0;
	return t->nwords > 0 ? in * 100 / t->nwords : 0;
}

/*
 * libexttextcat named tags[0..n) (n >= 1), best first; pk holds the lists
 * with word evidence. When the best candidate has no list (Catalan,
 * Macedonian, Pidgin ...), every list of the script is applied and the text
 * is unchecked, unless a later candidate's list has evidence and at least
 * ELIG_CLOSE_SHARE percent of the words, or the text has fewer than
 * ELIG_TC_MIN_WORDS words and the one list with evidence is close to that
 * language (textcat-<script>.conf) and uses its letters (elig_odd_letters:
 * a short Slovak text is no Polish one): then that list alone. Otherwise the first candidate the
 * words confirm is applied with the other confirmed ones. When the words
 * confirm none and every candidate has a list, the text counts as checked:
 * with the one list the words name, if they name one (libexttextcat reads
 * a few names or a short text less well than the words); else with every
 * list of the script, libexttextcat's best first when no list has
 * evidence (a short text). When a candidate has no list: every list of the
 * script, unchecked.
 */
static void elig_pick_identified(const struct elig_rules *r, const struct elig_text *t,
				 const uint32_t *hits, int script, char tags[][16], int n,
				 struct elig_pick *pk)
{
	const struct elig_lang *lead = elig_find_lang(r, tags[0]), *l;
	struct elig_hit odd;
	int ours = 0;

	for (int i = 0; i < n; i++) {
		if ((l = elig_find_lang(r, tags[i])) == NULL || !elig_picked(pk, l))
			continue;
		if (lead == NULL && elig_share(r, l, t, hits) < ELIG_CLOSE_SHARE)
			continue;
		elig_pick_confident(pk, l, tags, n, r);
		pk->primary = pk->n;
		return;
	}
	if (lead == NULL && pk->n == 1 && t->nwords < ELIG_TC_MIN_WORDS &&
	    (elig_textcat_close_lists(r->textcat[script], tags[0]) &
	     (uint64_t)1 << (size_t)(pk->langs[0] - r->langs)) != 0 &&
	    !elig_odd_letters(pk->langs[0], t, &odd))
		return; /* a short text: its words outweigh its fingerprint */
	for (int i = 0; i < n; i++)
		ours += elig_find_lang(r, tags[i]) != NULL;
	if (ours < n) { /* a language without a list may be the text's */
		elig_pick_script(r, script, pk);
		pk->checked = 0;
		return;
	}
	if (pk->n == 1)
		return; /* the words name one list, libexttextcat another: the words decide */
	if (pk->n == 0) /* no word says which (a short text): the candidate first */
		elig_pick_add(pk, lead);
	elig_pick_script(r, script, pk);
}

/*
 * Choose the lists to apply. A hinted language with a list is checked,
 * plus any other list whose words clearly dominate. A hinted language
 * without a list gets every list of the script and stays unchecked.
 * Untagged text: a short label of at most ELIG_LABEL_WORDS words gets every
 * list of its script and counts as checked. When exactly one list has
 * word evidence (elig_pick_evidence) and either at least ELIG_SURE_SHARE
 * percent of the words are in its words or no language without a list is
 * close to it (r->tc_close), that list is applied and the text is checked
 * without asking libexttextcat (it costs more than the rest of the check).
 * Otherwise the text is identified by libexttextcat (once, with the
 * fingerprints of our languages and of close languages without a list)
 * and elig_pick_identified decides. When libexttextcat is unsure, every
 * list of the script is applied, and the text counts as checked only when
 * some list has word evidence.
 */
void elig_pick_langs(const struct elig_rules *r, const struct elig_text *t, const uint32_t *hits,
		     const char *s, size_t len, const char *hint, struct elig_pick *pk)
{
	const struct elig_lang *hl = elig_find_lang(r, hint);
	int script = elig_dominant_script(t), kinds, n = 0, evidence, has_list = 0;
	char tags[ELIG_TC_SURE][16];

	memset(pk, 0, sizeof(*pk));
	pk->checked = 1;
	if (script == ELIG_SC_NONE)
		return;
	if (hl != NULL) {
		elig_pick_add(pk, hl);
		elig_pick_evidence(r, t, hits, script,
				   elig_score(r, (size_t)(hl - r->langs), t, hits, &kinds), 1, pk);
		pk->primary = pk->n;
		return;
	}
	if (hint != NULL && hint[0] != '\0') {
		elig_pick_evidence(r, t, hits, script, 0, 0, pk);
		pk->primary = pk->n;
		elig_pick_script(r, script, pk);
		pk->checked = 0;
		return;
	}
	for (size_t i = 0; i < r->nlangs; i++)
		has_list |= r->langs[i].script == script;
	if (!has_list)
		return (void)(pk->checked = 0);
	elig_pick_evidence(r, t, hits, script, 0, 0, pk);
	evidence = pk->n > 0;
	pk->primary = pk->n;
	if (t->nwords <= ELIG_LABEL_WORDS) {
		elig_pick_script(r, script, pk); /* a label: checked with every list */
		return;
	}
	if (pk->n == 1 && (elig_share(r, pk->langs[0], t, hits) >= ELIG_SURE_SHARE ||
			   !(r->tc_close & (uint64_t)1 << (size_t)(pk->langs[0] - r->langs))))
		return; /* the words of one list alone: libexttextcat is not asked */
	n = elig_identify(r, script, s, len, pk, tags);
	if (n == 0 && pk->n == 1)
		return; /* libexttextcat unsure: the one list the words name */
	if (n == 0) {   /* libexttextcat unsure: every list, checked when words point to one */
		elig_pick_script(r, script, pk);
		pk->checked = evidence;
		return;
	}
	elig_pick_identified(r, t, hits, script, tags, n, pk);
}
