/*
 * elig_lang.h - choosing the lists that check a text, with libexttextcat:
 * the functions of elig_lang.c and elig_textcat.c that other files of the
 * eligibility rule call (these files call each other, so they share one
 * header). Not for use outside directoryd/elig/ (and its unit test): the
 * public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_LANG_H
#define DIRECTORYD_ELIG_LANG_H

#include "elig_int.h"

/*
 * elig_lang.c: for every token of t, 1 + the index of its folded word in
 * r->gwords, or 0 when no list has it. Returns a malloc'd array of
 * t->ntoks entries (at least one) the caller frees, or NULL when out of
 * memory.
 */
uint32_t *elig_word_hits(const struct elig_rules *r, const struct elig_text *t);

/*
 * elig_lang.c: choose the lists that check text t (s[0..len) as
 * written, hits from elig_word_hits, hint a BCP 47 tag or NULL) into pk,
 * and whether the text counts as checked. Asks libexttextcat at most once.
 */
void elig_pick_langs(const struct elig_rules *r, const struct elig_text *t, const uint32_t *hits,
		     const char *s, size_t len, const char *hint, struct elig_pick *pk);

/*
 * elig_textcat.c: libexttextcat's fingerprints that conf names (lines
 * "<file> <language> [<list> ...]", '#' comments): a file written "./x" is
 * dir/x (the rules' own fingerprints, as Nigerian Pidgin's), any other
 * tcdir + file (libexttextcat-data's folder, with its trailing slash),
 * each read with fp_Read as textcat_Init reads it. The lists named after a
 * language without a list are close to it: their bits are set in
 * r->tc_close (r's lists must be loaded). Returns the set (free with
 * elig_textcat_free), or NULL when conf or a fingerprint cannot be read,
 * conf names none or more than 64, or memory runs out.
 */
struct elig_textcat *elig_textcat_load(struct elig_rules *r, const char *conf, const char *dir,
				       const char *tcdir);

/* elig_textcat.c: free a set of elig_textcat_load (NULL is ignored). */
void elig_textcat_free(struct elig_textcat *tc);

/*
 * elig_textcat.c: the languages libexttextcat names for s[0..len), as
 * textcat_Classify would with tc's fingerprints in conf order: the
 * candidates within THRESHOLDVALUE of the best score, best first, into
 * names[0..max) (fp_Name strings that live as long as tc). The
 * fingerprints of the lists in first (bit i: r->langs[i]) are compared
 * first, which changes only the time taken. Returns the number of
 * candidates, or 0 when the text is too short, the library would answer
 * UNKNOWN, or there are more than max. With unlisted_only, the caller
 * needs the candidates only when one of them is a language without a
 * list: 0 is also returned, sooner, when no such language can be one (the
 * other lists are then not compared). Safe to call from several threads
 * at once on one tc.
 */
int elig_textcat_classify(const struct elig_textcat *tc, const char *s, size_t len, uint64_t first,
			  int unlisted_only, const char **names, int max);

/*
 * elig_textcat.c: the lists (bit i: r->langs[i]) that tc's conf names
 * after language lang ("sco.lm sco en": Scots is close to en), 0 when
 * lang has a list, is not in tc or tc is NULL. lang: a name that
 * elig_textcat_classify returned.
 */
uint64_t elig_textcat_close_lists(const struct elig_textcat *tc, const char *lang);

/*
 * elig_lang.c: the list for a BCP 47 tag (its primary subtag, or an ISO
 * 639-2/3 code of a listed language), case-insensitively; NULL when there
 * is none. Borrowed from r.
 */
const struct elig_lang *elig_find_lang(const struct elig_rules *r, const char *tag);

#endif
