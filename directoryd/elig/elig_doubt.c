/*
 * elig_doubt.c - doubt about a refusal: the text around a condition that
 * the matcher would refuse asks, quotes, names a year, brackets it, sets
 * it aside between commas, the next sentence names a year, or a
 * neighbouring sentence negates or offers.
 * Such a condition is held for a person instead (docs/eligibility.md,
 * "How matching works", step 5a).
 */
#include <stddef.h>
#include <stdint.h>

#include "elig_int.h"
#include "elig_answer.h"
#include "elig_clear.h"
#include "elig_doubt.h"
#include "elig_neg.h"
#include "elig_party.h"

/* Token i is a year of the last or this century ("Until 2022 we required ..."). */
int elig_year(const struct elig_text *t, size_t i)
{
	const char *w = t->norm + t->toks[i].foff;

	if (t->toks[i].flen != 4 || !((w[0] == '1' && w[1] == '9') || (w[0] == '2' && w[1] == '0')))
		return 0;
	return w[2] >= '0' && w[2] <= '9' && w[3] >= '0' && w[3] <= '9';
}

/*
 * The sentence after the one of token a names a year: the condition is
 * history ("Under the old funding rules we could only house women
 * identified by the police. Those rules ended in 2024."). A year before
 * it is usually when the organisation started ("We have supported women
 * since 2006. Places in the shelter only after identification ...").
 */
static int elig_neighbour_year(const struct elig_scan *sc, size_t a)
{
	size_t z = sc->sent[a];

	for (size_t i = elig_sentence_first(sc, z + 1); i < sc->text->ntoks && sc->sent[i] == z + 1;
	     i++)
		if (elig_year(sc->text, i))
			return 1;
	return 0;
}

/*
 * The sentence of token a asks, quotes or names a year: "Do you have to
 * report to the police first? No.", "Many women are told \"only with a
 * police report\" elsewhere", "Until 2022 we required a crime reference
 * number".
 */
static int elig_sentence_aside(const struct elig_scan *sc, size_t a)
{
	const struct elig_text *t = sc->text;
	size_t z = sc->sent[a];

	for (size_t i = elig_sentence_first(sc, z); i < t->ntoks && sc->sent[i] == z; i++)
		if ((t->toks[i].flags & (ELIG_TOK_ASKED | ELIG_TOK_QUOTE)) || elig_year(t, i))
			return 1;
	return 0;
}

/*
 * The phrase [a, b) stands inside brackets its sentence opened before it
 * ("We take everyone (some shelters require a police report)"). m keeps
 * the depth reached in a's sentence, so the topics of one long sentence,
 * asked in order, walk it once.
 */
static int elig_bracketed(const struct elig_scan *sc, size_t a, size_t b, struct elig_doubt_memo *m)
{
	const struct elig_text *t = sc->text;

	if (m->paren_sent != sc->sent[a] || m->paren_next > a + 1) {
		m->paren_sent = sc->sent[a];
		m->paren_next = elig_sentence_first(sc, sc->sent[a]);
		m->paren_depth = 0;
	}
	for (; m->paren_next <= a; m->paren_next++) {
		int f = t->toks[m->paren_next].flags;
		if (f & ELIG_TOK_PAROPEN)
			m->paren_depth++;
		if ((f & ELIG_TOK_PARSHUT) && m->paren_depth > 0)
			m->paren_depth--;
	}
	return m->paren_depth > 0 && b > a;
}

/*
 * Tokens [a, b) lie in one comma segment with another segment of the
 * same sentence before and after it, not after a colon: an aside
 * ("Unlike state shelters, which require a police report, we take in
 * anyone"; "Anders als staatliche Frauenhäuser, die eine Anzeige
 * verlangen, ...").
 */
static int elig_segment_aside(const struct elig_scan *sc, size_t a, size_t b,
			      struct elig_doubt_memo *m)
{
	const struct elig_text *t = sc->text;
	size_t s = sc->seg[a], z = sc->sent[a], lo = a, i = a;

	if (b == 0 || sc->seg[b - 1] != s)
		return 0;
	if (m->seg == s)
		return m->seg_aside;
	while (lo > 0 && sc->seg[lo - 1] == s)
		lo--;
	while (i < t->ntoks && sc->seg[i] == s)
		i++;
	m->seg = s; /* segments lie inside sentences: another segment follows in z or none does */
	m->seg_aside = lo > 0 && sc->sent[lo - 1] == z && !(t->toks[lo].flags & ELIG_TOK_COLON) &&
		       i < t->ntoks && sc->sent[i] == z;
	return m->seg_aside;
}

/*
 * A negation or an offer in the sentence before or after the one of token
 * a ("Some shelters will ask for a police report. We can tell you which
 * ones do not."; "Do you have to report to the police? No."; "The Home
 * Office requires asylum seekers to report regularly; we can go with you
 * if you want"). A "without" does
 * not count, nor a negation that is exactly one: it is its noun's ("...;
 * bereid mee te werken met justitie; zonder kinderen", "Людям без полиса
 * ...; для этого проверяем право на пребывание").
 */
static int elig_neighbour_framed(const struct elig_scan *sc, size_t a)
{
	size_t z = sc->sent[a], first = elig_sentence_first(sc, z > 0 ? z - 1 : 0);

	/* only the sentences before and after z: from the first token of z - 1 on */
	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, first);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->sent <= z + 1; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGANY][k];
		if (e->kind != ELIG_WITHOUT && (e->sent + 1 == z || e->sent == z + 1) &&
		    !(e->kind == ELIG_NEG && elig_is_without(sc, e)))
			return 1;
	}
	for (size_t k = elig_group_from(sc, ELIG_G_OPTIONAL, first);
	     k < sc->ngroup[ELIG_G_OPTIONAL] && sc->group[ELIG_G_OPTIONAL][k]->sent <= z + 1; k++) {
		const struct elig_event *e = sc->group[ELIG_G_OPTIONAL][k];
		if (e->sent + 1 == z || e->sent == z + 1)
			return 1;
	}
	return 0;
}

/*
 * Token i is a number written in digits only ("6", "40", "10"): its value,
 * or -1 when it is none or too long to be a count ("4a", "2024-25").
 */
static long elig_count(const struct elig_text *t, size_t i)
{
	const char *w = t->norm + t->toks[i].foff;
	long v = 0;

	if (t->toks[i].flen == 0 || t->toks[i].flen > 6)
		return -1;
	for (size_t k = 0; k < t->toks[i].flen; k++) {
		if (w[k] < '0' || w[k] > '9')
			return -1;
		v = v * 10 + (w[k] - '0');
	}
	return v;
}

/* Words between the two numbers of a proportion ("6 in 10", "6 structures sur 10"). */
#define ELIG_PROPORTION_GAP 3

/*
 * The sentence of token a gives a proportion: a count, then a larger one
 * at most ELIG_PROPORTION_GAP words after it ("Survey results: 6 in 10
 * services require formal identification as a victim", "6 von 10
 * Einrichtungen verlangen ..."). It counts what others do. A legal
 * reference counts down or has letters ("§ 25 Abs. 4a AufenthG").
 */
static int elig_sentence_proportion(const struct elig_scan *sc, size_t a)
{
	const struct elig_text *t = sc->text;
	size_t z = sc->sent[a], lo = a, last = SIZE_MAX;
	long lastv = -1;

	while (lo > 0 && sc->sent[lo - 1] == z)
		lo--;
	for (size_t i = lo; i < t->ntoks && sc->sent[i] == z; i++) {
		long v = elig_count(t, i);
		if (v < 0)
			continue;
		if (last != SIZE_MAX && i - last <= ELIG_PROPORTION_GAP && lastv < v)
			return 1;
		last = i;
		lastv = v;
	}
	return 0;
}

/*
 * A count in digits follows the cue of h right away: "only 5 of them went
 * to the police", "solo 5 de ellas denunciaron", "лише 5 з них звернулися
 * до поліції". The restriction counts people in a report, it sets no
 * condition on the reader.
 */
static int elig_cue_counts(const struct elig_scan *sc, const struct elig_hit *h)
{
	const struct elig_text *t = sc->text;

	return h->cue != NULL && h->ce < t->ntoks && sc->sent[h->ce] == sc->sent[h->cs] &&
	       elig_count(t, h->ce) >= 0;
}

/*
 * The sentence of token a or the next one tells of a time gone by
 * (directive "past": "In the past, shelters only took women who had made
 * a police report.", "Nach den alten Regeln gab es Notbetten nur für
 * anerkannte Opfer", "Раніше притулки приймали лише ...").
 */
static int elig_past_told(const struct elig_scan *sc, size_t a)
{
	size_t z = sc->sent[a];

	for (size_t k = elig_event_from(sc, elig_sentence_first(sc, z));
	     k < sc->nev && sc->ev[k].sent <= z + 1; k++)
		if (sc->ev[k].kind == ELIG_PAST)
			return 1;
	return 0;
}

/* Sentence z has a "we" event (the service speaking of itself). */
static int elig_sentence_we(const struct elig_scan *sc, size_t z)
{
	return elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_WE));
}

/*
 * The sentence of token a does not speak of the service ("we", "our") and
 * the next one, after a full stop, does: the condition is another party's
 * rule told to the reader before the service's own word ("Good to know:
 * state shelters only admit women after a police report. You can come to
 * us directly."; "До державних центрів беруть лише після встановлення
 * статусу постраждалої. До нас можна прийти напряму."). Not when the
 * sentence before it speaks of the service: then the condition is about
 * what it has just named ("Our safe house has six rooms. To be offered
 * one, you'll need to have been through the NRM. We then support you.").
 */
static int elig_other_party_then_we(const struct elig_scan *sc, size_t a)
{
	const struct elig_text *t = sc->text;
	size_t z = sc->sent[a];

	if (elig_sentence_we(sc, z) || (z > 0 && elig_sentence_we(sc, z - 1)))
		return 0;
	for (size_t i = a; i < t->ntoks; i++)
		if (sc->sent[i] == z + 1)
			return !(t->toks[i].flags & ELIG_TOK_SEMI) && elig_sentence_we(sc, z + 1);
	return 0;
}

/* Words from its sentence's start a body may begin and still be the sentence's subject ("The Home Office"). */
#define ELIG_SUBJECT_START 2

/*
 * A body of the lists (a topic or soft topic: "the Home Office", "die
 * Ausländerbehörde", "Extranjería") opens the sentence of the refusal h
 * and ends before its cue, the sentence does not speak of the service,
 * and the part after a semicolon does (elig_sentence_we_or_helps: a `we`
 * word, a `weverb`, a clear phrase of help or an offer): another body's requirement told
 * before the service's own help ("The Home Office requires a passport
 * photo for a residence permit; we help you prepare it", "La préfecture
 * exige un passeport pour le titre de séjour ; nous vous aidons à
 * préparer le dossier"). elig_other_party_then_we needs a full stop; a
 * semicolon counts here because the sentence names the body first.
 */
static int elig_body_requires_then_we(const struct elig_scan *sc, const struct elig_hit *h)
{
	const struct elig_text *t = sc->text;
	size_t z = sc->sent[h->start], first = elig_sentence_first(sc, z);
	int body = 0;

	if (h->cue == NULL || h->cs > h->start || elig_sentence_we(sc, z))
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < h->cs; k++) {
		const struct elig_event *e = &sc->ev[k];
		body |= (e->kind == ELIG_TOPIC || e->kind == ELIG_SOFT) && e->sent == z &&
			e->start <= first + ELIG_SUBJECT_START && e->end <= h->cs;
	}
	for (size_t i = h->end; body && i < t->ntoks; i++)
		if (sc->sent[i] != z)
			return (t->toks[i].flags & ELIG_TOK_SEMI) &&
			       elig_sentence_we_or_helps(sc, sc->sent[i]);
	return 0;
}

/*
 * The sentence of the refusal h has a subject before the phrase that is
 * neither the service (`we`, `staff`) nor about admission (`admit`), and
 * the part after its semicolon speaks of the service, helps or offers
 * (elig_sentence_we_or_helps): another party's duty told before the
 * service's own word ("Employers must check your residence status before
 * you start; we explain your rights", "Les employeurs doivent vérifier le
 * titre de séjour avant l'embauche ; nous vous expliquons vos droits").
 * elig_body_requires_then_we needs a body of the lists as that subject
 * (elig-strict).
 */
static int elig_party_duty_then_we(const struct elig_scan *sc, const struct elig_hit *h)
{
	const struct elig_text *t = sc->text;
	size_t z = sc->sent[h->start], first = elig_sentence_first(sc, z);

	if (h->start == first ||
	    elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_WE, ELIG_WEVERB, ELIG_STAFF, ELIG_ADMIT)))
		return 0;
	for (size_t i = h->end; i < t->ntoks; i++)
		if (sc->sent[i] != z)
			return (t->toks[i].flags & ELIG_TOK_SEMI) &&
			       elig_sentence_we_or_helps(sc, sc->sent[i]);
	return 0;
}

/*
 * People named by a legal status (directive `statusgroup`: asylum seekers,
 * refugees, Asylsuchende) open the sentence of token a, the sentence does
 * not speak of the service, and the next one (after a semicolon or a full
 * stop) does, helps or offers, or says what can be done (a `may` word:
 * "te lo podemos recordar", "podemos lembrar-te", elig-prec10): their duty
 * to another body is the law's, told before the service's help ("Asylum
 * seekers must report to the Home Office every month; we can remind you",
 * elig-prec9).
 */
static int elig_status_group_then_we(const struct elig_scan *sc, size_t a)
{
	size_t z = sc->sent[a], first = elig_sentence_first(sc, z);
	int group = 0;

	if (elig_sentence_we(sc, z) || elig_sentence_first(sc, z + 1) >= sc->text->ntoks)
		return 0;
	for (size_t k = elig_event_from(sc, first);
	     k < sc->nev && sc->ev[k].start <= first + ELIG_SUBJECT_START; k++)
		group |= sc->ev[k].kind == ELIG_STATUSGROUP && sc->ev[k].sent == z;
	return group && (elig_sentence_we_or_helps(sc, z + 1) ||
			 elig_sentence_has_kind(sc, z + 1, ELIG_KINDS(ELIG_MAY)));
}

/* Words at most from an "if" to the verb of choosing it opens ("wenn sie sich für eine Anzeige entscheiden"). */
#define ELIG_CHOICE_IF_GAP 5

/*
 * A `soften` word ("if", "dacă", "se", "wenn") stands in the comma segment
 * of the verb of choosing c, at most ELIG_CHOICE_IF_GAP words before it:
 * "only if they choose", not "only for those who decide" (a relative
 * clause of the condition: "numai pentru persoanele care decid să
 * colaboreze cu procurorul" stays refused).
 */
static int elig_soften_before(const struct elig_scan *sc, const struct elig_event *c)
{
	size_t from = c->start > ELIG_CHOICE_IF_GAP ? c->start - ELIG_CHOICE_IF_GAP : 0;

	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < c->start; k++)
		if (sc->ev[k].kind == ELIG_SOFTEN && sc->ev[k].seg == c->seg)
			return 1;
	return 0;
}

/* Words at most after the refused phrase a verb of choosing may follow it ("... für eine Anzeige entscheiden"). */
#define ELIG_CHOICE_AFTER 2

/*
 * A verb of choosing or deciding (directive `choice`) after an "if"
 * (elig_soften_before) stands inside the refused phrase [h->start,
 * h->end) or at most ELIG_CHOICE_AFTER words after it in its sentence: "only if they choose to report" names the
 * person's choice, which the service may follow ("Avocata noastră le
 * însoțește pe femei la poliție doar dacă ele aleg să depună plângere",
 * "solo se scelgono di sporgere denuncia") or set as a condition ("Solo
 * acogemos a mujeres si deciden denunciar"): a person tells the two apart.
 */
static int elig_choice_in(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start];

	for (size_t k = elig_event_from(sc, h->start);
	     k < sc->nev && sc->ev[k].start <= h->end + ELIG_CHOICE_AFTER; k++)
		if (sc->ev[k].kind == ELIG_CHOICE && sc->ev[k].sent == z &&
		    elig_soften_before(sc, &sc->ev[k]))
			return 1;
	return 0;
}

/* Words at most between a `during` word and the topic it puts in time ("pendant l'audition"). */
#define ELIG_DURING_GAP 2

/*
 * A topic (not a strict phrase) of the refused phrase [h->start, h->end),
 * away from its cue, follows a `during` word (during, pendant, lors de,
 * durante, während, tijdens, в ходе) at most ELIG_DURING_GAP words before
 * it in its comma segment: the topic is when something else is required, not what is
 * ("Un interprète assermenté est obligatoire pendant l'audition à la
 * police", "Un intérprete es obligatorio durante la declaración en
 * comisaría", "An interpreter is mandatory during the police interview").
 */
static int elig_during_topic(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t from = h->start > ELIG_DURING_GAP + 1 ? h->start - ELIG_DURING_GAP - 1 : 0;

	if (h->cue == NULL)
		return 0; /* a strict phrase is a condition in itself: "під час поступлення перевіряємо посвідку" */
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < h->end; k++) {
		const struct elig_event *d = &sc->ev[k];
		if (d->kind != ELIG_DURING)
			continue;
		for (size_t j = elig_event_from(sc, d->end);
		     j < sc->nev && sc->ev[j].start <= d->end + ELIG_DURING_GAP; j++) {
			const struct elig_event *t = &sc->ev[j];
			if (t->kind == ELIG_TOPIC && t->seg == d->seg && t->start >= h->start &&
			    t->end <= h->end && (t->start >= h->ce || t->end <= h->cs))
				return 1;
		}
	}
	return 0;
}

/*
 * The refused phrase opens with a "without" that is one of its topic's own
 * words (fr "D2 sans ~1 plainte") and no other negation stands in its
 * sentence: "without a prior complaint" with no "no" to double it is no
 * condition ("L'accueil se fait sans plainte préalable", "délivrée par le
 * juge, même sans plainte préalable"); "Pas d'hébergement sans plainte
 * préalable" has its second negation and is decided as before.
 */
static int elig_own_without_alone(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], first = elig_sentence_first(sc, z);

	if (!elig_without_at(sc, h->start))
		return 0;
	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, first);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->sent <= z; k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGANY][k];
		if (e->sent == z && e->start != h->start)
			return 0;
	}
	return 1;
}

/* Words at most before a topic that still lets it open its comma segment ("Le dépôt de plainte"). */
#define ELIG_TOPIC_OPENS 2

/*
 * The cue of the refusal h is a modal (a `forbid` word: doit, must, debe,
 * deve, muss) right after a topic that opens its comma segment (after at
 * most ELIG_TOPIC_OPENS words), in a sentence without a `we` word and
 * without help or admission (`aid`, `admit`: "Une plainte doit être
 * déposée avant l'admission" stays refused): the topic is the subject, and the sentence tells how a procedure goes or
 * what a document needs ("Le dépôt de plainte doit se faire dans le
 * commissariat du lieu des faits", "Il permesso di soggiorno deve essere
 * rinnovato in Questura 60 giorni prima della scadenza", "La denuncia debe
 * presentarse en la comisaría del lugar de los hechos"), which may be told
 * as a condition too ("Le titre de séjour doit être valide"): a person
 * decides (elig-prec10).
 */
static int elig_topic_subject_modal(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z, s, first;
	int modal = 0;

	if (h->cue == NULL)
		return 0;
	z = sc->sent[h->cs];
	s = sc->seg[h->cs];
	first = h->cs;
	if (elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_WE, ELIG_AID, ELIG_ADMIT)))
		return 0; /* "Une plainte doit être déposée avant l'admission" stays refused */
	while (first > 0 && sc->seg[first - 1] == s)
		first--;
	for (size_t k = elig_event_from(sc, h->cs); k < sc->nev && sc->ev[k].start == h->cs; k++)
		modal |= sc->ev[k].kind == ELIG_FORBID;
	if (!modal)
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start < h->cs; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_TOPIC && e->seg == s && e->start <= first + ELIG_TOPIC_OPENS &&
		    e->end == h->cs)
			return 1;
	}
	return 0;
}

/*
 * A negation stands in the comma segment of topic t, at most `reach` words
 * before or after it ("la plainte n'est jamais demandée", "nous ne
 * demandons jamais d'identification"); not a "without", which is usually
 * its noun's ("Людям без медичних документів").
 */
static int elig_neg_beside(const struct elig_scan *sc, const struct elig_event *t)
{
	size_t reach = (size_t)sc->lang->reach;
	size_t from = t->start > reach + 1 ? t->start - reach - 1 : 0;

	for (size_t k = elig_group_from(sc, ELIG_G_NEGANY, from);
	     k < sc->ngroup[ELIG_G_NEGANY] && sc->group[ELIG_G_NEGANY][k]->start <= t->end + reach;
	     k++) {
		const struct elig_event *e = sc->group[ELIG_G_NEGANY][k];
		if (e->seg != t->seg || (e->start >= t->start && e->start < t->end) ||
		    e->kind == ELIG_WITHOUT || (e->kind == ELIG_NEG && elig_is_without(sc, e)))
			continue; /* "Людям без медичних документів ...": the people's, not a denial */
		if (e->end <= t->start || e->start >= t->end)
			return 1;
	}
	return 0;
}

/*
 * Fill m->denied: for each rule, whether a sentence with a `we` word (or a
 * `weverb`) has a topic or soft topic of that rule that a negation beside
 * it (elig_neg_beside) or a negated list cancels ("Chez nous, la plainte n'est jamais demandée", "Da
 * noi non serve nessuna collaborazione"), and the first such sentence.
 */
static void elig_denied_rules(const struct elig_scan *sc, struct elig_doubt_memo *m)
{
	m->denied_known = 1;
	for (size_t k = 0; k < sc->nev; k++) {
		const struct elig_event *t = &sc->ev[k];
		if ((t->kind != ELIG_TOPIC && t->kind != ELIG_STRICT && t->kind != ELIG_SOFT) ||
		    t->rule < 1 || t->rule > 5 || (m->denied & (1u << t->rule)) ||
		    !elig_sentence_has_kind(sc, t->sent, ELIG_KINDS(ELIG_WE, ELIG_WEVERB)))
			continue;
		if (elig_neg_beside(sc, t) || elig_list_negated(sc, t)) {
			m->denied |= 1u << t->rule;
			m->denied_sent[t->rule] = t->sent;
		}
	}
}

/*
 * Another sentence of the text, not the one of the refusal h, has the
 * service deny a topic of the same rule (elig_denied_rules): the condition
 * is someone else's, explained before or after the service's own word
 * ("Pour obtenir la carte de séjour prévue à l'article L425-1, il faut
 * porter plainte ... La procédure dure souvent plusieurs mois. Chez nous,
 * la plainte n'est jamais demandée."), or the text contradicts itself: a
 * person decides. The sentences next to it are elig_neighbour_framed's.
 */
static int elig_rule_denied_elsewhere(const struct elig_scan *sc, const struct elig_hit *h,
				      struct elig_doubt_memo *m)
{
	if (h->rule < 1 || h->rule > 5)
		return 0;
	if (!m->denied_known)
		elig_denied_rules(sc, m);
	return (m->denied & (1u << h->rule)) && m->denied_sent[h->rule] != sc->sent[h->start];
}

/* Words at most from a purpose word to the topic it is about ("Pour porter plainte", "Per sporgere denuncia"). */
#define ELIG_PURPOSE_TOPIC_GAP 2

/*
 * The sentence of the refusal h opens with a `purpose` word, a topic
 * starts at most ELIG_PURPOSE_TOPIC_GAP words after it in its comma
 * segment and ends before the cue (or starts before a strict phrase: "Per
 * sporgere denuncia bisogna andare in Questura"), and words follow the
 * cue (the strict phrase) in the sentence: the purpose is the procedure itself, and the sentence
 * tells how it is done ("Pour porter plainte, il faut se rendre au
 * commissariat", "Para denunciar, hay que ir a una comisaría", "Um Anzeige
 * zu erstatten, muss man zur Polizei gehen", "Pour demander l'asile, il
 * faut se présenter à la préfecture"). "Pour être hébergée, il faut porter
 * plainte" names no topic in its purpose and stays refused, as do "For
 * prosecution witnesses only." and "Pentru a începe, poliția trebuie să fi
 * înregistrat plângerea ta".
 */
static int elig_purpose_names_topic(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], first = elig_sentence_first(sc, z), after = SIZE_MAX;
	size_t cut = h->cue != NULL ? h->cs : h->start, past = h->cue != NULL ? h->ce : h->end;

	if (cut < first)
		return 0;
	for (size_t k = elig_event_from(sc, first); k < sc->nev && sc->ev[k].start == first; k++)
		if (sc->ev[k].kind == ELIG_PURPOSE)
			after = sc->ev[k].end;
	if (after == SIZE_MAX || past >= sc->text->ntoks || sc->sent[past] != z)
		return 0; /* "For prosecution witnesses only.": the cue ends it, no "how" follows */
	for (size_t k = elig_event_from(sc, after);
	     k < sc->nev && sc->ev[k].start <= after + ELIG_PURPOSE_TOPIC_GAP; k++) {
		const struct elig_event *e = &sc->ev[k];
		if ((e->kind == ELIG_TOPIC || e->kind == ELIG_STRICT) && e->sent == z &&
		    e->seg == sc->seg[first] && e->start < cut &&
		    (h->cue == NULL || e->end <= h->cs))
			return 1; /* not "Pentru a începe, poliția trebuie ...": another segment */
	}
	return 0;
}

/*
 * A topic of the lists starts at token i: the verb of helping is the
 * topic's own ("helping the police", "assist the investigating officers").
 */
static int elig_topic_at(const struct elig_scan *sc, size_t i)
{
	for (size_t k = elig_event_from(sc, i); k < sc->nev && sc->ev[k].start == i; k++)
		if (sc->ev[k].kind == ELIG_TOPIC || sc->ev[k].kind == ELIG_STRICT ||
		    sc->ev[k].kind == ELIG_SOFT || sc->ev[k].kind == ELIG_WEAK ||
		    sc->ev[k].kind == ELIG_EXIT || sc->ev[k].kind == ELIG_TRADE)
			return 1;
	return 0;
}

/* The phrase [h->start, h->end) with no cue is a strict phrase of the lists (not a "without" reading). */
static int elig_strict_hit(const struct elig_scan *sc, const struct elig_hit *h)
{
	for (size_t k = elig_event_from(sc, h->start); k < sc->nev && sc->ev[k].start == h->start;
	     k++)
		if (sc->ev[k].kind == ELIG_STRICT && sc->ev[k].end == h->end)
			return 1;
	return 0;
}

/* Words at most between a verb of helping and the strict phrase it governs ("We help you send your application to ..."). */
#define ELIG_MISSION_BEFORE 6

/*
 * A verb of helping (directive `mission`: help, support, helfen, aider,
 * ayudar, помогать) stands inside the strict phrase [h->start, h->end)
 * after its first word, or at most ELIG_MISSION_BEFORE words before it in
 * its sentence (also opening it: "Помагаме ти да провериш статуса си на
 * пребиваване"; the lists give verbs, in ro pl bg ru uk exact forms, so
 * "Sprijinul financiar se acordă după verificarea ..." stays refused),
 * neither starting a topic ("helping the police") nor, after a cue, right
 * before its topic ("ready to help bring their traffickers to justice"):
 * the phrase tells what the service helps people do, or
 * whom it helps, not what it asks of them ("We are committed to helping
 * women leave prostitution", "Notre engagement : soutenir les femmes qui
 * veulent arrêter le travail du sexe", "Wir helfen dir, deinen Antrag an
 * die Ausländerbehörde zu übermitteln"). A condition may be told so too
 * ("We only help women who promise to leave sex work"): held, a person
 * decides (elig-strict).
 */
static int elig_mission_governs(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start];
	size_t from = h->start > ELIG_MISSION_BEFORE ? h->start - ELIG_MISSION_BEFORE : 0;

	/* with a cue, only a pledge's: "committed to helping women leave", "We support survivors who
	 * have pledged to testify"; "Só ajudamos com boletim de ocorrência" stays refused */
	if (h->cue != NULL) {
		if (h->cs != h->start || !elig_kind_starts_in(sc, ELIG_PLEDGE, h->cs, h->cs + 1))
			return 0;
	} else if (!elig_strict_hit(sc, h)) {
		return 0; /* "Keine Unterstützung ohne Anzeige" stays refused */
	}
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start + 1 < h->end; k++)
		if (sc->ev[k].kind == ELIG_MISSION && sc->ev[k].sent == z &&
		    sc->ev[k].start != h->start && !elig_topic_at(sc, sc->ev[k].start) &&
		    !(h->cue != NULL && elig_topic_at(sc, sc->ev[k].end)))
			return 1;
	return 0;
}

/* Words at most between a strict phrase and the "can help" it is the subject of ("Evidence of exploitation, such as messages, can help"). */
#define ELIG_CAN_HELP_AFTER 5

/*
 * The strict phrase h is the subject of "can help" (a `may` word right
 * before a verb of helping, at most ELIG_CAN_HELP_AFTER words after the
 * phrase in its sentence): what a document or step can do for the reader
 * ("A certificate of victim status can help your residence application",
 * "Une preuve d'exploitation peut aider votre dossier"), not a demand; or
 * "can help" stands between a cue and its topic, so the cue's noun is what
 * helps ("Proof of address could help you get a residence permit")
 * (elig-strict).
 */
static int elig_phrase_can_help(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], from = h->end, to = h->end + ELIG_CAN_HELP_AFTER;

	if (h->cue != NULL && h->cs == h->start) {
		from = h->ce; /* between a cue and its topic: "Proof of address could help you get a residence permit" */
		to = h->end;
	} else if (h->cue != NULL || !elig_strict_hit(sc, h)) {
		return 0;
	}
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start <= to; k++) {
		const struct elig_event *m = &sc->ev[k];
		if (m->kind != ELIG_MAY || m->sent != z)
			continue;
		for (size_t j = elig_event_from(sc, m->end);
		     j < sc->nev && sc->ev[j].start == m->end; j++)
			if (sc->ev[j].kind == ELIG_MISSION && sc->ev[j].sent == z &&
			    (h->cue == NULL || sc->ev[j].end < h->end) &&
			    !elig_topic_at(sc, sc->ev[j].start))
				return 1;
	}
	return 0;
}

/* Words at most between the service's `we` word or its staff and the "can" of its offer ("Our lawyer can check ..."). */
#define ELIG_OFFER_SUBJECT 3

/*
 * A `may` word (can, kann, peut, puede, может) stands right before the
 * strict phrase h, at most ELIG_OFFER_SUBJECT words after a `we` word or
 * the service's staff, in a sentence without admission (`admit`): the
 * service says what it can do for the reader ("Our lawyer can check your
 * residence permit application for mistakes", "We can verify your
 * immigration status with you"). "Staff can check your papers at
 * admission" stays refused (elig-strict).
 */
static int elig_service_can(const struct elig_scan *sc, const struct elig_hit *h)
{
	size_t z = sc->sent[h->start], from;

	if (h->cue != NULL || h->start == 0 ||
	    elig_sentence_has_kind(sc, z, ELIG_KINDS(ELIG_ADMIT)))
		return 0;
	from = h->start > ELIG_OFFER_SUBJECT + 1 ? h->start - ELIG_OFFER_SUBJECT - 1 : 0;
	for (size_t k = elig_event_from(sc, h->start - 1);
	     k < sc->nev && sc->ev[k].start == h->start - 1; k++) {
		if (sc->ev[k].kind != ELIG_MAY || sc->ev[k].sent != z)
			continue;
		for (size_t j = elig_event_from(sc, from);
		     j < sc->nev && sc->ev[j].start < h->start - 1; j++)
			if ((sc->ev[j].kind == ELIG_WE || sc->ev[j].kind == ELIG_STAFF) &&
			    sc->ev[j].sent == z)
				return 1;
	}
	return 0;
}

/*
 * A refusal of the phrase [h->start, h->end) is in doubt: its sentence
 * asks, quotes, names a year or brackets it, the next sentence names a
 * year, the phrase is an aside between commas, a neighbouring sentence
 * negates or offers, the sentence does not speak of the service and the
 * next one does (another party's rule), a body opens it and the part
 * after a semicolon speaks of the service, a body of the lists right
 * before the cue is the one that requires or the sentence opens with a
 * purpose and the next part helps (elig_party.c), people named by a
 * legal status open it and the next part helps, a count follows its
 * cue ("only 5 of them"), it gives a
 * proportion, or it or the next one tells of a time gone by, a verb of
 * choosing stands in it ("only if they choose to report"), its topic
 * follows "during" ("mandatory during the police interview") or it opens
 * with its own "without" and nothing doubles it ("sans plainte préalable"),
 * or the reader is told to ask for it ("Always ask for the crime
 * reference number", elig_party.c). Such a condition is
 * held for a person instead: a refusal is a wrong answer no reviewer
 * sees, a hold costs a reviewer a minute. What depends on the sentence
 * alone is asked once per sentence (m), since a held text asks again for
 * each topic it would refuse.
 */
int elig_refusal_doubt(const struct elig_scan *sc, const struct elig_hit *h,
		       struct elig_doubt_memo *m)
{
	size_t a = h->start;

	if (m->sent != sc->sent[a]) {
		m->sent = sc->sent[a];
		m->sent_doubt = elig_sentence_aside(sc, a) || elig_neighbour_year(sc, a) ||
				elig_neighbour_framed(sc, a) || elig_other_party_then_we(sc, a) ||
				elig_sentence_proportion(sc, a) || elig_past_told(sc, a) ||
				elig_status_group_then_we(sc, a);
	}
	return m->sent_doubt || elig_bracketed(sc, a, h->end, m) ||
	       elig_segment_aside(sc, a, h->end, m) || elig_body_requires_then_we(sc, h) ||
	       elig_body_demands(sc, h) || elig_purpose_then_help(sc, h) ||
	       elig_cue_counts(sc, h) || elig_choice_in(sc, h) || elig_during_topic(sc, h) ||
	       elig_own_without_alone(sc, h) || elig_topic_subject_modal(sc, h) ||
	       elig_body_acts(sc, h) || elig_rule_denied_elsewhere(sc, h, m) ||
	       elig_mission_governs(sc, h) || elig_service_can(sc, h) ||
	       elig_party_duty_then_we(sc, h) || elig_purpose_names_topic(sc, h) ||
	       elig_phrase_can_help(sc, h) || elig_reader_asks(sc, h) ||
	       elig_heading_elsewhere(sc, h);
}
