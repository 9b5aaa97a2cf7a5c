/*
 * elig_cue.h - a topic's condition cue: the functions of elig_cue.c that
 * other files of the eligibility rule call. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_CUE_H
#define DIRECTORYD_ELIG_CUE_H

#include "elig_int.h"

/*
 * elig_cue.c: cue c follows topic t and at least ELIG_CUE_AFTER_WORDS words
 * follow it in its comma segment: the cue may be about what follows rather
 * than the topic ("A police report is only one of several options", "Eine
 * Anzeige ist nur eine von mehreren Möglichkeiten", "Police reports must be
 * kept somewhere safe", "Exit programmes are only for those who ask for
 * them"). Held, not refused; "A police report is required", "Police report
 * required for admission" are still refused. Returns 1 or 0; reads sc only.
 */
int elig_cue_after(const struct elig_scan *sc, const struct elig_event *t,
		   const struct elig_event *c);

/*
 * elig_cue.c: cue c precedes topic t, which stands in a later comma segment,
 * and the cue has at least ELIG_CUE_AFTER_WORDS words of its own after it in
 * its segment: the cue governs those ("We must protect your data, including
 * from immigration enforcement", "Wij moeten je gegevens geheimhouden, ook
 * tegenover de IND", "Musimy chronić twoje dane, także przed Strażą
 * Graniczną": firewall statements), and the topic is added after the comma;
 * before a colon, ELIG_CUE_COLON_WORDS words are enough ("Nur für Frauen:
 * Fragen zu Anzeigen bei der Polizei beantwortet unsere Anwältin", "Solo para
 * mujeres: las preguntas sobre denuncias ..."). Held, not refused
 * ("Requirements for participants: abstinence, no clients" too). Returns 1 or
 * 0; reads sc only.
 */
int elig_cue_complement(const struct elig_scan *sc, const struct elig_event *t,
			const struct elig_event *c);

/*
 * elig_cue.c: token i is a word of a condition cue or soft cue ("eingestellt,
 * wenn"). Returns 1 or 0; reads sc only.
 */
int elig_cue_word(const struct elig_scan *sc, size_t i);

/*
 * elig_cue.c: a condition cue governs topic t. Returns 1 and fills h. Returns
 * 1 and fills h->start, end, gap, cs, ce and cue (h->rule is left to the
 * caller), else 0 with h untouched. Reads sc only.
 */
int elig_find_cue(const struct elig_scan *sc, const struct elig_event *t, struct elig_hit *h);

/*
 * elig_cue.c: find a condition cue (of kind ELIG_CUE, or ELIG_SOFTCUE as well
 * when soft) that governs topic t. Returns 1 and fills h. Returns 1 and fills
 * h->start, end, gap, cs, ce and cue (h->rule is left to the caller), else 0
 * with h untouched. Reads sc only.
 */
int elig_find_cue_of(const struct elig_scan *sc, const struct elig_event *t, int soft,
		     struct elig_hit *h);

/*
 * elig_cue.c: a condition cue in the sentence just before or after soft topic
 * t's governs it when that sentence is short (ELIG_NEIGHBOUR_WORDS) and names
 * no topic of its own: a condition spread over two sentences ("... per le
 * persone riconosciute come persone offese nel procedimento penale. Solo su
 * appuntamento."; "Wir betreuen Frauen, die von der Polizei identifiziert
 * wurden. Das ist zwingend."). A longer sentence has an object of its own
 * ("The police station is next door. Registration is required for the German
 * course" stays accepted). Not across a semicolon, not when either sentence
 * asks, not when the cue is negated. Only held, never refused: a person
 * decides. Returns 1 or 0; reads sc only.
 */
int elig_neighbour_cue(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_cue.c: soft topic t stands in an item of a list of sentences joined by
 * semicolons whose first item opens with a heading cue before a colon
 * ("Aufnahmekriterien: Volljährigkeit; ...; keine Tätigkeit mehr in der
 * Prostitution"): the heading governs it. Only held, never refused. Returns 1
 * or 0; reads sc only.
 */
int elig_heading_cue(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_cue.c: fill sc->sent_flags, the ELIG_SENT_* flags of each sentence that
 * elig_neighbour_cue reads (one byte per sentence, calloc'd, freed by
 * elig_run_lang); the events must be indexed (elig_scan_index). Returns 0, or
 * -1 when out of memory.
 */
int elig_scan_sentences(struct elig_scan *sc);

#endif
