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

/*
 * elig_family.c: an event of a kind in `kinds` (ELIG_KIND bits) stands
 * wholly inside event t (a family topic: the relapse or veiled word it
 * pairs). Returns 1 or 0; reads sc only.
 */
int elig_family_has(const struct elig_scan *sc, const struct elig_event *t,
		    struct elig_kinds kinds);

/*
 * elig_family.c: D4 soft topic t pairs going back (a relapse word) with a
 * trade word, or holds a veiled name of the trade ("the previous
 * activity"), and a sanction stands in its sentence
 * (elig_sanctioned): going back costs the place or the help, the D4
 * condition itself ("Any return to the previous activity will result in
 * the termination of the tenancy", "Volver a la antigua ocupación supone
 * perder la plaza"). Returns 1 or 0; reads sc only.
 */
int elig_relapse_costs(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_family.c: D4 soft topic t is committed to at admission: it holds a
 * pledge word (elig_pledge_topic: "confirm that you want to stop",
 * "signs that she will not go back") or a pledge word ends at most
 * ELIG_PLEDGE_REACH (12) words before it in its clause ("confirms her decision
 * to end the activity", "la sottoscrizione di un progetto che prevede
 * l'abbandono dell'attività prostitutiva"), and nothing negates or clears
 * it and its sentence does not ask. Returns 1 to hold t, else 0; reads sc
 * only.
 */
int elig_pledged(const struct elig_scan *sc, const struct elig_event *t);

#endif
