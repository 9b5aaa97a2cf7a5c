/*
 * elig_scan.h - finding a list's phrases in a text (senses, sentences,
 * clauses, events, the index): the functions of elig_scan.c that other files
 * of the eligibility rule call. Not for use outside directoryd/elig/ (and
 * its unit test): the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_SCAN_H
#define DIRECTORYD_ELIG_SCAN_H

#include "elig_int.h"

/*
 * elig_scan.c: drop from sc->ev every topic and trade event that has a word of
 * its own among the own words of a "sense" event (a fixed phrase giving the
 * word another sense: "по медицинским показаниям", "game consoles"), keeping
 * the others in token order. Returns 0, or -1 when out of memory.
 */
int elig_drop_senses(struct elig_scan *sc);

/*
 * elig_scan.c: number the sentences, clauses (split at sentence ends and break
 * phrases) and comma segments of sc->text, per token (sc->sent, sc->clause,
 * sc->seg: one calloc'd block at sc->clause that elig_run_lang frees) and per
 * event. Returns 0, or -1 when out of memory.
 */
int elig_scan_clauses(struct elig_scan *sc);

/*
 * elig_scan.c: append to sc->ev (grown in sc->ev_buf, which elig_run_lang
 * frees) every pattern of list sc->lang that matches at some token of
 * sc->text, in token order and, at one token, in the list's order; only the
 * patterns the first-term index names are tried. The keys must be filled
 * (elig_scan_keys). Returns 0, or -1 when out of memory or the buffer's cap is
 * reached.
 */
int elig_scan_events(struct elig_scan *sc);

/*
 * elig_scan.c: list the events of each group of kinds (enum elig_group) in
 * event order (sc->group, sc->ngroup in the calloc'd sc->group_buf), and per
 * token the smallest end of a topic event starting there or later
 * (sc->topic_end, sc->hard_end: one calloc'd block at sc->topic_end);
 * elig_run_lang frees both. The clauses must be numbered. Returns 0, or -1
 * when out of memory.
 */
int elig_scan_index(struct elig_scan *sc);

/*
 * elig_scan.c: fill sc->key, sc->klen, sc->key2 and sc->k2len for every token
 * of sc->text with list sc->lang: its stem keys when the list has a Snowball
 * stemmer (elig_stem_key, of the case-folded and of the folded word), else its
 * folded form. The arrays (calloc'd) and sc->kbuf (the stems they point into)
 * belong to sc: elig_run_lang frees them. Returns 0, or -1 when out of memory
 * or the stemmer cannot be made.
 */
int elig_scan_keys(struct elig_scan *sc);

#endif
