/*
 * elig_prohibit.h - prohibitions, sanctions and trade words held,
 * exclusions, and topics pointed back to or under a criteria heading: the
 * functions of elig_exclude.c, elig_prohibit.c and elig_refer.c that other
 * files of the eligibility rule call (these files call each other, so they
 * share one header). Not for use outside directoryd/elig/ (and its unit
 * test): the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_PROHIBIT_H
#define DIRECTORYD_ELIG_PROHIBIT_H

#include "elig_int.h"

/*
 * elig_prohibit.c: topic or soft topic t is sex work itself (a D4 activity:
 * "clients", "prostituirsi") and a prohibition governs it: a `forbid` modal at
 * most `window` words before it in its comma segment, with a negation at most
 * ELIG_FORBID_NEG words from the modal ("les résidentes ne doivent plus
 * recevoir de clients", "le ospiti non devono più prostituirsi",
 * "Bewohnerinnen dürfen keine Freier mehr empfangen", "Residents agree not to
 * see clients": a promise is a `forbid` word too), or a `ban` word there or at
 * most `reach` words after it ("Prostitution ist für Bewohnerinnen verboten");
 * a modal after its subject ("Los clientes no pueden entrar en la casa")
 * forbids the clients nothing. The negation is the modal's, not the
 * activity's, and forbidding sex work is a D4 condition: held. Only D4: "you
 * must not report" sets no condition on a report, and "you don't have to stop"
 * no prohibition (the lists name "must", not "have to"). A cue between governs
 * the activity instead: "Personne ne peut vous obliger à recevoir des
 * clients", unless it is the activity's own verb (elig_cue_governs_between). A
 * modal whose subject is the service's people forbids nothing to the person
 * (elig_staff_subject); a negated `may` word forbids only two things together
 * (elig_not_both). Returns 1 or 0; reads sc only.
 */
int elig_prohibited(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: a sanction that nothing negates ("support ends", "will be
 * asked to move on", "verliert den Platz", "la posizione viene riesaminata")
 * stands in t's sentence, or in the sentence after it when t's asks ("What if
 * I don't want to testify? It is your choice, but then support will end"): t
 * is what the help is lost for, even when t is negated ("Residents who have
 * not made a report will be asked to move on"). Held for a person, never
 * refused; a sanction that is negated ("support never ends", "no one loses
 * their place") or asked about ("Czy wsparcie się skończy, jeśli nie złożę
 * zeznań? Nie") holds nothing, and neither does one over a topic given either
 * way (elig_either_way). Returns 1 or 0; reads sc only.
 */
int elig_sanctioned(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: topic t is given either way: an "or not" follows it and
 * ends its segment, or ends at most `reach` words before it ("whether or
 * not they reported to the police"). Returns 1 or 0; reads sc only.
 */
int elig_either_way(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_exclude.c: sanction s is negated (elig_event_negated or
 * elig_negated_any), and the negation is not a topic's that ends right
 * where s starts ("Women who do not testify lose their place": the "not"
 * is the testimony's); or a plain negation follows it right after its
 * last word ("Die Unterbringung endet nicht, wenn ..."). Returns 1 or 0;
 * reads sc only.
 */
int elig_sanction_negated(const struct elig_scan *sc, const struct elig_event *s);

/*
 * elig_exclude.c: step 7e: topic or soft topic t (not a strict phrase),
 * in a sentence that does not ask, is the condition of an exclusion in
 * its sentence: a plain negation right before an `admit` word that is not
 * t's own ("No acogemos a mujeres que no hayan presentado denuncia", "Wer
 * nicht mit der Prostitution aufhört, kann nicht bleiben") or an unnegated
 * sanction ("Osoby, które nie złożą zeznań, tracą miejsce"); t is negated,
 * or it is a D4 topic after a `who` or softening word of its segment (a
 * return: "Вы не можете оставаться у нас, если вернётесь на трассу"). Not
 * when t is given either way or an offer stands near it. In German and
 * Dutch verb-second order an `admitv2` phrase (verb, subject pronoun)
 * followed by a negation excludes too ("Wer nicht aussagt, den
 * unterstützen wir nicht", "Ohne Nachweis des Aufenthalts nehmen wir
 * niemanden auf"), and then an unnegated D4 topic standing first in the
 * verb's segment is held as well. Returns 1 to hold t, else 0; reads sc
 * only.
 */
int elig_excluded(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_exclude.c: trade word t is the person or activity a verb-second
 * exclusion keeps out ("Sexarbeiterinnen nehmen wir nicht auf", "Sekswerk in
 * de opvang staan we niet toe", "Wer weiter anschafft, den behalten wir
 * nicht"): an `admitv2` phrase negated after its subject follows t in its
 * sentence, and t stands first in the phrase's comma segment (at most
 * three words in, none a negation or "without") or in a `who` or `if`
 * clause of the sentence, and the sentence does not ask. Returns 1 to hold t (D4, never refused), else 0; reads sc only.
 */
int elig_trade_excluded(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_refer.c: step 7f: topic t (any strength) is what the next sentence's
 * condition points back to: that sentence (after a full stop, not a
 * semicolon) names no topic, offer or question of its own, and an
 * unnegated condition cue governs a `pro` word near its end (for a topic
 * that is not soft: "We don't need your police report. Housing only for those who
 * have filed it."), or a "without" stands right before a `pro` or `that`
 * word and a negation follows ("Without it, we cannot offer you a bed",
 * "Sin este documento no podremos darte más citas": for a soft topic too).
 * Returns 1 to hold t, else 0; reads sc only.
 */
int elig_referred_back(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_refer.c: fill sc->refer and sc->heading once per text, sentence by
 * sentence, for elig_referred_back and elig_under_heading. Returns 0, or
 * -1 when out of memory (the caller frees both).
 */
int elig_scan_refer(struct elig_scan *sc);

/*
 * elig_refer.c: sentence z does not ask and has a sanction that nothing
 * negates (elig_sanction_negated), found once per text by elig_scan_refer:
 * step 7a's sanctions cost a look per topic, not a walk over every
 * sanction. Returns 1 or 0.
 */
int elig_sentence_sanctioned(const struct elig_scan *sc, size_t z);

/*
 * elig_refer.c: step 7f: topic t (any strength) follows the colon of a
 * criteria heading opening its sentence ("Who can stay: women who have made
 * a statement to the police", "Admission: women who have left
 * prostitution") and nothing negates, offers, clears or gives it either way
 * ("Who can stay: women, whether or not they have been to the police"), nor
 * an `and` word at most `reach` words before it makes it an alternative
 * ("Quién puede apuntarse: cualquier persona que venda o haya vendido sexo").
 * Returns 1 to hold t, else 0; reads sc only.
 */
int elig_under_heading(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_prohibit.c: trade word t (sex work, its places and its clients:
 * "Freier", "see clients", "ejercer") is a D4 condition to hold when a
 * prohibition governs it (elig_prohibited: "Las residentes no deben ejercer",
 * "Residents may not see clients") or a sanction follows it in its sentence
 * (elig_trade_sanctioned) or, not part of a topic, a verb-second exclusion
 * keeps it out (elig_trade_excluded), and no offer stands near it. A trade
 * word alone says nothing; never refused. Returns 1 or 0; reads sc only.
 */
int elig_trade_held(const struct elig_scan *sc, const struct elig_event *t);

#endif
