/*
 * elig_clear.h - clear phrases and frames: the functions of elig_clear.c
 * that other files of the eligibility rule call. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_CLEAR_H
#define DIRECTORYD_ELIG_CLEAR_H

#include "elig_int.h"

/*
 * elig_clear.c: topic t is cleared: elig_cleared_by with its clear phrases and
 * frames. Returns 1 or 0. Reads sc only.
 */
int elig_cleared(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: a frame that clears topic t: a negation or offer around it
 * (always), or, when frames is set, a "clear" phrase (naming the group a
 * service is for, what it helps with, "whether or not", "regardless of") in
 * the same clause, ending at most `window` words before the topic or starting
 * within `reach` words after it. A clear phrase before a topic (not a soft
 * one) does not reach it over a cue that governs it: in "Help with rent is
 * available to those holding a crime reference number" the help is with the
 * rent, and "available to" governs the number. Nor does one before a topic
 * reach it over a word of the service starting (elig_begun_between), or clear
 * the topic that is the group it names (elig_group_is_topic). No clear phrase
 * before a topic reaches it over a "where" (elig_where_between). Returns 1 or
 * 0; reads sc only.
 */
int elig_cleared_by(const struct elig_scan *sc, const struct elig_event *t, int frames);

/*
 * elig_clear.c: a double negative in a sentence that also softens, offers or
 * clears ("Das Angebot richtet sich nur an Frauen, egal ob mit oder ohne
 * Anzeige": "egal ob" is a negation, but the sentence says either is fine):
 * held, not refused. Returns 1 or 0; reads sc only.
 */
int elig_double_framed(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: a negated cue heads the list t stands in: "What we don't ask
 * for: a police report, an NRM referral, ... or a promise to stop working",
 * "Was wir nicht verlangen: eine Anzeige, ..."), or a negation in the segment
 * a colon ends. Every item of the list after it is cleared, however far, also
 * across semicolons after the colon (elig_in_list_of) unless a cue stands in
 * t's own part ("What we do not ask for: a passport; a police report is
 * required"). Returns 1 or 0; reads sc only.
 */
int elig_list_negated(const struct elig_scan *sc, const struct elig_event *t);

/*
 * elig_clear.c: "Or not" c follows topic t in its sentence and ends its comma
 * segment (at most one word after it): either is fine ("Che tu sia stata
 * identificata come vittima di tratta oppure no", "Tanto si te han
 * identificado como víctima como si no"). One with more words after it is
 * another alternative of the condition: "Kurs dla kobiet, które odeszły z
 * prostytucji lub nie pracują od roku". Returns 1 or 0; reads sc only.
 */
int elig_or_not_after(const struct elig_scan *sc, const struct elig_event *c,
		      const struct elig_event *t);

/*
 * elig_clear.c: a frame stands in t's sentence beside the phrase from its cue
 * (NULL for a strict phrase) to t: a negation, a "without", an offer or a
 * softening word (a hypothetical, an explanation, an appointment) anywhere in
 * the sentence other than the phrase's own words (elig_frame_inside), or a
 * clearing frame before the phrase ("for women who want to ...", but not the
 * "help you with" of "You must file a police report before we can help you
 * with anything"). A condition in such a sentence is held, not refused:
 * refusals are kept for the unambiguous, and a person decides the rest.
 * Returns 1 or 0; reads sc only.
 */
int elig_sentence_framed(const struct elig_scan *sc, const struct elig_event *t,
			 const struct elig_event *cue);

#endif
