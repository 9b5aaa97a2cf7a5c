/*
 * elig_family.h - families of words that make soft topics together (exit and
 * trade, identification and procedure): the functions of elig_family.c that
 * other files of the eligibility rule call. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_FAMILY_H
#define DIRECTORYD_ELIG_FAMILY_H

#include "elig_int.h"

/*
 * elig_family.c: add to sc->ev a D4 soft topic for each `trade` event with
 * an `exit` event at most a few words away in its clause, and a D1 soft
 * topic for each `idproc` event with an `ident` event so near, keeping the
 * events in token order; the clauses must be numbered. Returns 0, or -1
 * when out of memory.
 */
int elig_scan_families(struct elig_scan *sc);

/*
 * elig_family.c: step 8b: soft D4 topic t is an exit story that needs no
 * cue: two `exit` phrases meet its `trade` word within ELIG_FAMILY_GAP
 * words in its clause ("Una nueva vida lejos del ambiente", "Nowe życie z
 * dala od ulicy"), and nothing negates, offers or clears it and its
 * sentence does not ask. Returns 1 to hold t, else 0; reads sc only.
 */
int elig_exit_story(const struct elig_scan *sc, const struct elig_event *t);

#endif
