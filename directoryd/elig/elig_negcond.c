/*
 * elig_negcond.c - step 4a: a negated topic with a subject of its own and
 * a second negation ("Clients who have not pressed charges are not
 * eligible", "We do not house women who have not reported"), unless that
 * negation denies an exclusion; and a negated topic restated as a
 * condition after "but" ("We do not ask for a police report, but it is
 * required", elig_but_required). Reads a scanned text only.
 */
#include "elig_int.h"
#include "elig_neg.h"

/* Words after a negated topic in which a second negation may stand (elig_negated_condition). */
#define ELIG_NEG_CONSEQUENCE_WORDS 12
/* Words before the first negation, in its sentence and after any colon: a subject of its own. */
#define ELIG_NEG_SUBJECT_WORDS 2
/* Words at most a sanction spans around the negation inside it ("muss nicht ausziehen"). */
#define ELIG_DENY_SPAN 8

/*
 * The one word before negation n is a `who` word that opens a statement
 * (not a question): a subject of its own, "Wer keine Anzeige macht, kann
 * nicht bleiben", "Кто не подаст заявление, не сможет остаться", "Quien
 * no denuncie no podrá quedarse".
 */
static int elig_who_opens(const struct elig_scan *sc, const struct elig_event *n)
{
	if (elig_sentence_asks(sc, n->start))
		return 0;
	for (size_t k = 0; k < sc->nev; k++)
		if (sc->ev[k].kind == ELIG_WHO && sc->ev[k].end == n->start &&
		    sc->ev[k].start + 1 == n->start)
			return 1;
	return 0;
}

/*
 * A plain negation (not a "without") ends at most `reach` words before t
 * in its comma segment, which it does not start, and has at least
 * ELIG_NEG_SUBJECT_WORDS words before it in its sentence (or one `who`
 * word, elig_who_opens), and no colon:
 * "Residents who have not ...", "Les femmes qui n'ont pas ...",
 * "Kobiety, które nie ...", not "We don't ...", "No denunciamos ...",
 * "Twoje dane zostają u nas: nie przekazujemy ...", "Our promise: no
 * police, no immigration checks", "ни в полицию, ни в миграционную
 * службу". Returns the first, or a later one after a `who` word ("We
 * support nobody who does not cooperate": the relative clause's own; not
 * "ни о ком не сообщаем", one negation by concord), or NULL.
 */
static const struct elig_event *elig_subject_negated(const struct elig_scan *sc,
						     const struct elig_event *t)
{
	const struct elig_text *x = sc->text;
	const struct elig_event *own = NULL;

	for (size_t k = 0; k < sc->ngroup[ELIG_G_NEG]; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		size_t words = 0;
		if (n->kind != ELIG_NEG || n->end > t->start ||
		    t->start - n->end > (size_t)sc->lang->reach || n->seg != t->seg ||
		    elig_is_without(sc, n) || n->start == 0 || sc->seg[n->start - 1] != n->seg ||
		    elig_list_item(sc, n))
			continue; /* "no police, no immigration checks": items of a list */
		for (size_t i = n->start; words < ELIG_NEG_SUBJECT_WORDS && i-- > 0 &&
					  sc->sent[i] == n->sent &&
					  !(x->toks[i + 1].flags & ELIG_TOK_COLON);)
			words++; /* counted up to what decides: a long sentence costs no more */
		if ((words >= ELIG_NEG_SUBJECT_WORDS || (words == 1 && elig_who_opens(sc, n))) &&
		    (own == NULL || elig_kind_starts_in(sc, ELIG_WHO, own->end, n->start)))
			own = n; /* "nobody who does not cooperate": t's own is the "not" */
	}
	return own;
}

/* Words a coordinating conjunction may stand before a negation it joins to a list. */
#define ELIG_AND_REACH 2

/*
 * A coordinating conjunction ("and", "und", "et", "nor") starts at or
 * after `from` and ends at most ELIG_AND_REACH words before negation n, or
 * is one of its words: "Wir melden nichts an die Ausländerbehörde und
 * kopieren keine Dokumente" lists what is not done.
 */
static int elig_and_before(const struct elig_scan *sc, size_t from, const struct elig_event *n)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->start >= from && a->end <= n->end &&
		    (a->end > n->start || n->start - a->end <= ELIG_AND_REACH))
			return 1;
	}
	return 0;
}

/* Words after event e in its comma segment and sentence. */
static size_t elig_words_after(const struct elig_scan *sc, const struct elig_event *e)
{
	size_t z = e->end;

	while (z < sc->text->ntoks && sc->seg[z] == e->seg && sc->sent[z] == e->sent)
		z++;
	return z - e->end;
}

/*
 * Topic t, negated in a clause with a subject of its own
 * (elig_subject_negated), is the condition of a second negation after it
 * in its sentence: "Clients who have not pressed charges are not
 * eligible", "Les femmes qui n'ont pas déposé plainte ne peuvent pas être
 * accueillies", "Kobiety, które nie zgłosiły przestępstwa, nie mogą
 * zostać przyjęte": not having done it excludes. The second negation is a
 * plain one (not a "without", not an answer such as "No,"), starts at
 * most ELIG_NEG_CONSEQUENCE_WORDS words after t, and negates no topic or
 * soft topic of its own within `reach` words ("we never contact the
 * police and never pass on addresses": what is not done). Held for a
 * person, never refused: "if you have not reported, that is not a
 * problem" says the opposite. Strict phrases are left out: a negated one
 * is a firewall statement ("we do not pass your data to ...").
 */
/*
 * Negation n negates an event of group g of its own: one starts at most
 * `reach` words after it ("we never contact the police and never pass on
 * addresses": what is not done).
 */
static int elig_neg_names(const struct elig_scan *sc, const struct elig_event *n, int g)
{
	size_t j = elig_group_from(sc, (enum elig_group)g, n->end);

	return j < sc->ngroup[g] && sc->group[g][j]->start - n->end <= (size_t)sc->lang->reach;
}

/* Negation n negates a topic or soft topic of its own (elig_neg_names). */
static int elig_neg_names_topic(const struct elig_scan *sc, const struct elig_event *n)
{
	return elig_neg_names(sc, n, ELIG_G_TOPICS) || elig_neg_names(sc, n, ELIG_G_SOFT);
}

/*
 * Negation n negates a topic of its own (elig_neg_names), unless a `who`
 * word and another negation stand between it and that topic (t or one
 * no later): in "We support nobody who does not cooperate with the
 * police" the topic near "nobody" is t itself, negated again by "not";
 * "Мы ни о ком не сообщаем в миграционные органы" names its topic.
 */
static int elig_neg_names_other(const struct elig_scan *sc, const struct elig_event *n,
				const struct elig_event *t)
{
	size_t j = elig_group_from(sc, ELIG_G_TOPICS, n->end);

	if (j < sc->ngroup[ELIG_G_TOPICS] && sc->group[ELIG_G_TOPICS][j]->start <= t->end &&
	    elig_kind_starts_in(sc, ELIG_WHO, n->end, sc->group[ELIG_G_TOPICS][j]->start) &&
	    elig_kind_starts_in(sc, ELIG_NEG, n->end, sc->group[ELIG_G_TOPICS][j]->start))
		return 0;
	return elig_neg_names(sc, n, ELIG_G_TOPICS);
}

/* Words at most between a negation and the help it denies ("Pas d'aide", "Nu primești ajutor"). */
#define ELIG_AID_GAP 1

/*
 * Negation n denies help or a place: an `aid` word starts at most
 * ELIG_AID_GAP words after it in its sentence ("No help", "Keine Hilfe",
 * "Нет помощи", "Nu primești ajutor").
 */
static int elig_neg_denies_aid(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = elig_event_from(sc, n->end);
	     k < sc->nev && sc->ev[k].start <= n->end + ELIG_AID_GAP; k++)
		if (sc->ev[k].kind == ELIG_AID && sc->ev[k].sent == n->sent)
			return 1;
	return 0;
}

/* Words at most from the end of a topic to the negation of help after it ("No complaint to the police, no help"). */
#define ELIG_NO_AID_REACH 8

/* Event e is a negation or a "without" that opens its comma segment (or its sentence). */
static int elig_neg_opens_segment(const struct elig_scan *sc, const struct elig_event *e)
{
	return (e->kind == ELIG_NEG || e->kind == ELIG_WITHOUT) &&
	       (e->start == 0 || sc->seg[e->start - 1] != e->seg);
}

int elig_no_topic_no_aid(const struct elig_scan *sc, const struct elig_event *t)
{
	int opened = 0;

	for (size_t k = elig_event_of_sentence(sc, t->sent);
	     k < sc->nev && sc->ev[k].start < t->start; k++) {
		const struct elig_event *n = &sc->ev[k];
		if (n->sent == t->sent && n->seg == t->seg && n->end <= t->start &&
		    t->start - n->end <= (size_t)sc->lang->reach && elig_neg_opens_segment(sc, n) &&
		    (n->start == 0 || sc->sent[n->start - 1] != n->sent))
			opened =
				1; /* "No complaint ...", "Pas de plainte ...", "Без заявления ..." */
	}
	if (!opened || elig_sentence_asks(sc, t->start))
		return 0;
	for (size_t k = elig_event_from(sc, t->end);
	     k < sc->nev && sc->ev[k].start <= t->end + ELIG_NO_AID_REACH; k++) {
		const struct elig_event *n = &sc->ev[k];
		if (n->sent == t->sent && n->seg != t->seg && n->start >= t->end &&
		    elig_neg_opens_segment(sc, n) && elig_neg_denies_aid(sc, n))
			return 1; /* "..., no help", "..., kein Platz", "— нет места" */
	}
	return 0;
}

/*
 * Negation n is a plain one that may negate a whole predicate: not a
 * "without", not an answer ("No, ...", "Kein Problem: ..."), unless what
 * it denies is help ("Keine Hilfe, wenn ...": elig_neg_denies_aid).
 */
static int elig_plain_neg(const struct elig_scan *sc, const struct elig_event *n)
{
	return n->kind == ELIG_NEG && !elig_is_without(sc, n) && !elig_without_at(sc, n->start) &&
	       (!elig_neg_interjection(sc, n) || elig_neg_denies_aid(sc, n));
}

/*
 * Negation n denies an exclusion: a `reject` word (turn away, abweisen,
 * refuser, отказывать, judge) or a `sanction` starts at most `reach` words
 * after it, or the sanction's words surround it: "Women who have not
 * reported to the police are not turned away", "Мы не отказываем женщинам,
 * которые не подали заявление", "Residents who do not testify are not
 * asked to leave", "Wer nicht aussagt, muss nicht ausziehen": a double
 * negative that includes them.
 */
static int elig_denies_exclusion(const struct elig_scan *sc, const struct elig_event *n)
{
	size_t to = n->end + (size_t)sc->lang->reach;

	/* a sanction around n starts at most ELIG_DENY_SPAN words before it */
	for (size_t k =
		     elig_event_from(sc, n->start > ELIG_DENY_SPAN ? n->start - ELIG_DENY_SPAN : 0);
	     k < sc->nev && sc->ev[k].start <= to; k++) {
		const struct elig_event *r = &sc->ev[k];
		if ((r->kind != ELIG_REJECT && r->kind != ELIG_SANCTION) || r->sent != n->sent)
			continue;
		if ((r->start >= n->end && r->start - n->end <= (size_t)sc->lang->reach) ||
		    (r->kind == ELIG_SANCTION && n->start > r->start && n->end <= r->end))
			return 1;
	}
	return 0;
}

/* Words at most between a verb and the negation that is its object ("turn away nobody"). */
#define ELIG_OBJECT_NEG_GAP 1

/*
 * Negation n is the object of a `reject` word or a cue just before it:
 * "We turn away nobody who has not reported", "We force nobody who does
 * not want to testify", "We ask nobody who ...": none is turned away or
 * made to, a double negative that includes them.
 */
static int elig_verb_before_denied(const struct elig_scan *sc, const struct elig_event *n)
{
	size_t from = n->start > ELIG_OBJECT_NEG_GAP + ELIG_MAX_SPAN
			      ? n->start - ELIG_OBJECT_NEG_GAP - ELIG_MAX_SPAN
			      : 0;

	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < n->start; k++) {
		const struct elig_event *r = &sc->ev[k];
		if ((r->kind == ELIG_REJECT || r->kind == ELIG_CUE) && r->end <= n->start &&
		    n->start - r->end <= ELIG_OBJECT_NEG_GAP && r->sent == n->sent)
			return 1;
	}
	return 0;
}

/* Words at least between a negated predicate and the negation of the people it names. */
#define ELIG_NEG_OBJECT_WORDS 2

/*
 * Negation n of the service's predicate: after a `we` word of its
 * sentence ("We do not house ...", "Мы не принимаем ..."). A negation
 * that opens the sentence may be its subject ("Niemand verliert seinen
 * Platz, weil sie keine Anzeige erstattet hat", "Rien de ce que vous nous
 * confiez n'est transmis à la préfecture") and does not count.
 */
static int elig_service_negates(const struct elig_scan *sc, const struct elig_event *n)
{
	for (size_t k = elig_event_of_sentence(sc, n->sent);
	     k < sc->nev && sc->ev[k].sent == n->sent; k++)
		if (sc->ev[k].kind == ELIG_WE && sc->ev[k].end <= n->start)
			return 1;
	return 0;
}

/* Words at most between an "if" and the negation of the clause it opens ("if you don't"). */
#define ELIG_IF_SUBJECT_WORDS 2
/* Words at most between a `may` word and the negation of what a person is given ("can not"). */
#define ELIG_IF_MAY_BEFORE 2
/*
 * Negation n negates what a person gets or may do (a `may` word at most
 * ELIG_IF_MAY_BEFORE words before it or after it, before the "if"; n not
 * the first word of its sentence), or denies help (elig_neg_denies_aid,
 * first word or not), and an "if" (a `soften` word) after it opens the
 * clause of the topic's own negation m at most ELIG_IF_SUBJECT_WORDS
 * words before m: "You won't get help if you don't go to the police",
 * "Du kannst nicht bleiben, wenn du keine Anzeige machst", "No help if
 * you do not file a police report", "Нет помощи, если вы не подали
 * заявление": no help unless one does it. Not "Don't worry if you
 * haven't reported" (an imperative opens it), "It does not matter if
 * ...", "There is no problem if ..." (no `may` or `aid` word).
 */
static int elig_if_negated(const struct elig_scan *sc, const struct elig_event *n,
			   const struct elig_event *m)
{
	size_t from = n->start > ELIG_IF_MAY_BEFORE ? n->start - ELIG_IF_MAY_BEFORE : 0;
	int may = elig_neg_denies_aid(sc, n);

	if (!may && (n->start == 0 || sc->sent[n->start - 1] != n->sent))
		return 0;
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start < m->start; k++) {
		const struct elig_event *e = &sc->ev[k];
		if (e->kind == ELIG_MAY && e->sent == n->sent)
			may = 1; /* "won't get", "cannot stay": what a person gets or may do */
		if (may && e->kind == ELIG_SOFTEN && e->start >= n->end && e->end <= m->start &&
		    m->start - e->end <= ELIG_IF_SUBJECT_WORDS)
			return 1;
	}
	return 0;
}

/*
 * Topic t's own negation m (elig_subject_negated) follows the service's
 * negated predicate in t's sentence: a plain negation n after a `we` word
 * ends at least ELIG_NEG_OBJECT_WORDS and at most
 * ELIG_NEG_CONSEQUENCE_WORDS words before m, with no other negation
 * ("n'est pas") and no `and` ("ne ... et ne ...", "ni") between them or
 * at m, is no item of a list and negates no topic of its own (a soft
 * topic may be the people or the help: "residents", "house"). The people
 * the predicate refuses are those who have not done it: "We do not house
 * women who have not reported to the police", "Мы не принимаем женщин,
 * которые не подали заявление в полицию".
 */
static int elig_negated_before(const struct elig_scan *sc, const struct elig_event *t,
			       const struct elig_event *m)
{
	size_t near = ELIG_NEG_CONSEQUENCE_WORDS + ELIG_MAX_SPAN; /* n ends so near before m */

	for (size_t k = elig_group_from(sc, ELIG_G_NEG, m->start > near ? m->start - near : 0);
	     k < sc->ngroup[ELIG_G_NEG] && sc->group[ELIG_G_NEG][k]->start < m->start; k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->sent != t->sent || n->end > m->start ||
		    m->start - n->end < ELIG_NEG_OBJECT_WORDS ||
		    m->start - n->end > ELIG_NEG_CONSEQUENCE_WORDS || !elig_plain_neg(sc, n) ||
		    elig_list_item(sc, n) || elig_neg_names_other(sc, n, t) ||
		    !(elig_service_negates(sc, n) || elig_if_negated(sc, n, m)) ||
		    elig_denies_exclusion(sc, n) || elig_verb_before_denied(sc, n))
			continue;
		if (!elig_kind_starts_in(sc, ELIG_NEG, n->end, m->start) &&
		    !elig_kind_starts_in(sc, ELIG_AND, n->end, m->end))
			return 1;
	}
	return 0;
}

int elig_negated_condition(const struct elig_scan *sc, const struct elig_event *t)
{
	const struct elig_event *m = t->kind == ELIG_TOPIC ? elig_subject_negated(sc, t) : NULL;

	if (m == NULL)
		return 0;
	for (size_t k = elig_group_from(sc, ELIG_G_NEG, t->end);
	     k < sc->ngroup[ELIG_G_NEG] &&
	     sc->group[ELIG_G_NEG][k]->start <= t->end + ELIG_NEG_CONSEQUENCE_WORDS;
	     k++) {
		const struct elig_event *n = sc->group[ELIG_G_NEG][k];
		if (n->sent != t->sent || n->start < t->end ||
		    n->start - t->end > ELIG_NEG_CONSEQUENCE_WORDS || !elig_plain_neg(sc, n))
			continue;
		if (!elig_neg_names_topic(sc, n) && elig_words_after(sc, n) > 0 &&
		    !elig_and_before(sc, t->end, n) && !elig_denies_exclusion(sc, n))
			return 1;
	}
	return elig_negated_before(sc, t, m);
}

/* Words at most between a negation and the `reject` word it denies ("nicht ausgeschlossen"). */
#define ELIG_WITHOUT_DENY_GAP 2
/* Words at most between "nobody without <topic>" and the `reject` word after it. */
#define ELIG_WITHOUT_DENY_AFTER 3
/* Words at most between a `reject` word and the negation after it when the help denied stands between ("negamos la ayuda a nadie"). */
#define ELIG_WITHOUT_DENY_AID_GAP 3

/*
 * Event r is a `reject` word in n's sentence that negation n denies: the
 * two overlap, r starts at most ELIG_WITHOUT_DENY_GAP words after n
 * ("never turned away", "nicht ausgeschlossen", "weisen wir nicht ab"), or
 * ends at most that many before it in its comma segment (a split
 * negation: "ne refusons jamais", "wijzen we niet af"; or at most
 * ELIG_WITHOUT_DENY_AID_GAP words with an `aid` word between, the help it
 * denies nobody: "No negamos una cama a nadie sin denuncia", "Non
 * neghiamo un letto a nessuna senza denuncia", review13),
 * or n stands before the "without" and r starts at most
 * ELIG_WITHOUT_DENY_AFTER words after topic t in its clause ("Nobody
 * without a residence permit is turned away").
 */
static int elig_reject_denied(const struct elig_scan *sc, const struct elig_event *r,
			      const struct elig_event *n, const struct elig_event *t)
{
	if (r->kind != ELIG_REJECT || r->sent != n->sent)
		return 0;
	if ((r->start < n->end && r->end > n->start) ||
	    (r->start >= n->end && r->start - n->end <= ELIG_WITHOUT_DENY_GAP) ||
	    (r->end <= n->start && n->start - r->end <= ELIG_WITHOUT_DENY_GAP && r->seg == n->seg))
		return 1;
	if (r->end <= n->start && n->start - r->end <= ELIG_WITHOUT_DENY_AID_GAP &&
	    r->seg == n->seg && elig_kind_starts_in(sc, ELIG_AID, r->end, n->start))
		return 1;
	return n->end <= t->start && r->start >= t->end &&
	       r->start - t->end <= ELIG_WITHOUT_DENY_AFTER && r->clause == t->clause;
}

int elig_without_denied(const struct elig_scan *sc, const struct elig_event *n,
			const struct elig_event *t)
{
	size_t from = n->start < t->start ? n->start : t->start;
	size_t to = (n->end > t->end ? n->end : t->end) + ELIG_WITHOUT_DENY_AFTER;

	from = from > ELIG_DENY_SPAN ? from - ELIG_DENY_SPAN : 0;
	for (size_t k = elig_event_from(sc, from); k < sc->nev && sc->ev[k].start <= to; k++)
		if (elig_reject_denied(sc, &sc->ev[k], n, t))
			return 1;
	return 0;
}

/*
 * Negation n is done before token a: it ends right there ("verlangen wir
 * nicht und") or a topic it negates starts between ("vragen we geen
 * aangifte en", "ne demandons pas de plainte et"), not a bare word ("egal
 * ob mit oder ohne Anzeige": with or without, one phrase).
 */
static int elig_neg_done_before(const struct elig_scan *sc, const struct elig_event *n, size_t a)
{
	return n->end == a || elig_topic_starts_in(sc, n->end, a);
}

int elig_and_opens_without(const struct elig_scan *sc, const struct elig_event *n,
			   const struct elig_event *w)
{
	for (size_t k = 0; k < sc->ngroup[ELIG_G_AND]; k++) {
		const struct elig_event *a = sc->group[ELIG_G_AND][k];
		if (a->start >= n->end && a->end == w->start &&
		    !elig_kind_starts_in(sc, ELIG_NEG, a->start, a->end) &&
		    elig_neg_done_before(sc, n, a->start))
			return 1;
	}
	return 0;
}

/* Most words from a negated topic to the "but" after it, from the "but" to its
 * cue, and from the cue to an offer that makes it one ("if you want"): elig_but_required. */
#define ELIG_BUT_REACH   8
#define ELIG_BUT_CUE_GAP 4

/*
 * "But" b opens the sentence right after t's, which a semicolon ends:
 * "A police report is not required at first; however, it is a
 * precondition for staying longer".
 */
static int elig_semicolon_opens(const struct elig_scan *sc, const struct elig_event *t,
				const struct elig_event *b)
{
	const struct elig_text *x = sc->text;

	return b->sent == t->sent + 1 && (x->toks[b->start].flags & ELIG_TOK_SENT) &&
	       (x->toks[b->start].flags & ELIG_TOK_SEMI);
}

int elig_but_required(const struct elig_scan *sc, const struct elig_event *t)
{
	for (size_t k = elig_event_from(sc, t->end);
	     k < sc->nev && sc->ev[k].start <= t->end + ELIG_BUT_REACH; k++) {
		const struct elig_event *b = &sc->ev[k];
		if (b->kind != ELIG_BREAK ||
		    (b->sent != t->sent && !elig_semicolon_opens(sc, t, b)))
			continue;
		for (size_t j = elig_event_from(sc, b->end);
		     j < sc->nev && sc->ev[j].start <= b->end + ELIG_BUT_CUE_GAP; j++) {
			const struct elig_event *c = &sc->ev[j];
			if (c->kind == ELIG_CUE && c->sent == b->sent &&
			    !elig_topic_starts_in(sc, t->end, c->end) &&
			    !elig_cue_event_negated(sc, c) &&
			    !elig_kind_starts_in(sc, ELIG_FORBID, c->start, c->end) &&
			    !elig_kind_starts_in(sc, ELIG_OPTIONAL, b->end,
						 c->end + ELIG_BUT_REACH))
				return 1; /* "..., but it is required for admission"; not the
					   * modal of "but we must know if you have allergies" */
		}
	}
	return 0;
}
