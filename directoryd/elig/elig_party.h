/*
 * elig_party.h - another party's requirement named in the text: the
 * functions of elig_party.c that elig_doubt.c calls. Not for use outside
 * directoryd/elig/ (and its unit test): the public interface is
 * eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_PARTY_H
#define DIRECTORYD_ELIG_PARTY_H

#include "elig_int.h"

/*
 * elig_party.c: the refusal h is a body's requirement: in its sentence, at
 * or before h's condition cue, a `demand` verb has a body of the lists (a
 * topic or soft topic: "IGI", "la préfecture", "la Questura") ending at
 * most one word before it ("Pour renouveler le titre de séjour, la
 * préfecture demande un justificatif de domicile", "Per rinnovare il
 * permesso di soggiorno, la Questura chiede un certificato"), and the
 * sentence does not speak of the service (no `we` word). Returns 1 when
 * the refusal is to be held instead, else 0. Reads sc only.
 */
int elig_body_demands(const struct elig_scan *sc, const struct elig_hit *h);

/*
 * elig_party.c: the refusal h is what something else requires, told
 * before the service's help: its sentence opens with a `purpose` word
 * ("Pentru a primi codul numeric personal, trebuie să ai permis de
 * ședere", "To open a bank account you need a residence permit"), neither
 * it nor the sentence before speaks of the service (then the purpose is
 * what the service has just named: "Our safe house has six rooms. To be
 * offered one, you'll need to have been through the NRM. We then support
 * you." stays refused), and the next part (after a semicolon or a
 * full stop) has a `we` word, a clear phrase of help ("te ajutăm cu
 * dosarul", "we can help you with the forms") or an offer ("mergem cu
 * tine"); when that part opens with a purpose too and does not help, a
 * second route told the same way, the part after it ("Per il permesso
 * art. 18 per via giudiziaria serve la denuncia; per la via sociale no.
 * Ti spieghiamo entrambe", elig-prec10). Returns 1 when the
 * refusal is to be held instead, else 0. Reads sc only.
 */
int elig_purpose_then_help(const struct elig_scan *sc, const struct elig_hit *h);

/*
 * The refusal h is a strict phrase (no cue: "contrôle les titres de
 * séjour", "checks residence permits") whose subject is a body of the
 * lists: a topic or soft topic opens its comma segment (after at most two
 * words) and one ends at most two words before the phrase starts (a
 * clitic or an adverb: "Poliția mi-a verificat actele"), in a sentence
 * without a `we`, `aid` or `admit` word (help, a bed, admission) before
 * a colon after the phrase (elig-strict). The body's own act is told ("La police aux
 * frontières contrôle les titres de séjour à l'aéroport", "Border Force
 * checks residence permits at the airport", elig-prec10), not the
 * service's. A `law` word (an employer, a landlord, the law) opening the
 * segment (or the sentence, the segment right before the phrase's) at
 * most five words before the phrase, or before a cue's phrase, is such a
 * subject too ("Employers are required to verify your visa
 * before you start work", "Banks are obliged to verify ...", elig-prec11). Returns 1 when the refusal is to be held instead, else 0.
 * Reads sc only.
 */
int elig_body_acts(const struct elig_scan *sc, const struct elig_hit *h);

/*
 * elig_party.c: the refusal h is a document the reader is told to ask for:
 * an `ask` verb in the imperative (ask for, request, verlange, demande,
 * pide, chiedi, pede, vraag om, cere, поискай, poproś, попроси) opens a
 * comma segment of h's sentence ("Always ask for ...", "Zawsze poproś o
 * potwierdzenie złożenia zawiadomienia", "Cere întotdeauna numărul de
 * înregistrare": the lists give the adverb as the phrase's first word),
 * at or before the phrase and with no colon between it and the phrase's
 * end ("Ask for the case number: admission is only possible with a police
 * report" stays refused), with words after it in its segment, in a
 * sentence with no `we`, `weverb` or `aid` word: information on what to
 * ask the police for, not
 * what the service asks of the reader ("Poproś o potwierdzenie złożenia
 * zawiadomienia, bo łóżko dostaniesz tylko z nim" stays refused). Returns
 * 1 when the refusal is to be held instead, else 0. Reads sc only.
 */
int elig_reader_asks(const struct elig_scan *sc, const struct elig_hit *h);

/*
 * Sentence z of sc has the service speaking or helping: a `we` word, a
 * verb in the first person plural (directive `weverb`: "ayudamos",
 * "pomożemy", "поможем", where the pronoun is left out), a clear phrase
 * of help or an offer. Used for the part told after another party's
 * requirement. Returns 1 or 0; reads sc only.
 */
int elig_sentence_we_or_helps(const struct elig_scan *sc, size_t z);

/*
 * elig_party.c: the refusal h stands in a sentence with a colon whose
 * heading names another party as the destination or the demander of what
 * follows ("Documents à apporter à la préfecture : passeport, justificatif
 * de domicile", "Documentos para levar ao SEF: passaporte", "The job
 * centre asks for: passport or residence card") and no word of the
 * sentence names the service or what it gives (`we`, `staff`, `weverb`,
 * `admit`, `tie`, `aid`, `head`): a list of papers another office asks
 * for, not the service's condition ("For admission bring: passport and
 * residence permit" stays refused). Returns 1 when the refusal is to be
 * held instead (never accepted), else 0. Reads sc only.
 */
int elig_heading_elsewhere(const struct elig_scan *sc, const struct elig_hit *h);

#endif
