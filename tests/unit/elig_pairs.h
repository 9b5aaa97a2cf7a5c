/*
 * elig_pairs.h - the pairs of the metamorphic test of the eligibility rule
 * (test_elig_metamorphic.c): which harmless texts are drawn to stand next
 * to a text, which name a topic of a rule, how two texts are joined, and
 * the committed list of known failures.
 */
#ifndef ELIG_PAIRS_H
#define ELIG_PAIRS_H

#include <stddef.h>
#include <stdint.h>

#include "elig_corpus_rows.h"

/* How two texts are joined: with a space, or with a full stop added when
   the first has no final punctuation. */
enum pair_join { PAIR_SPACE, PAIR_STOP, PAIR_NJOIN };

#define PAIR_TEXT (2 * CORPUS_MAX_TEXT + 8) /* bytes of two joined texts */

/*
 * Write a and b joined the way how says into out (PAIR_TEXT bytes).
 * PAIR_STOP adds ". " when a does not end (before trailing spaces) in
 * . ! ? ; : … or a closing bracket, else " ".
 */
void pair_join(enum pair_join how, const char *a, const char *b, char *out);

/* The name of a join ("space", "stop"), as the known list writes it. */
const char *pair_join_name(enum pair_join how);

/*
 * The rank of text id b as a partner of key a under seed: a 64-bit hash of
 * the three. The partners of a are the candidates of least rank, so adding
 * a row to the corpus changes only the pairs it enters.
 */
uint64_t pair_rank(unsigned seed, const char *a, const char *b);

/*
 * Draw up to want partners for key among texts[0..n): the indexes i with
 * ok[i] != 0 of least pair_rank(seed, key, texts[i].id), into out (room for
 * want). Returns how many were drawn (fewer when fewer are candidates).
 */
size_t pair_draw(unsigned seed, const char *key, const struct corpus_text *texts, size_t n,
		 const unsigned char *ok, size_t want, size_t *out);

/*
 * The topic words of the rules (tests/data/eligibility/metamorphic-topics.tsv:
 * rules<TAB>word, rules naming D1..D5, the word case-folded, a final '#'
 * asking for a word end). A harmless text that names a topic of a rule is a
 * contradiction next to that rule's condition, not a test of it.
 * pair_topics_load returns NULL (and says why on stderr) when the file
 * cannot be read; free with pair_topics_free.
 */
struct pair_topics;
struct pair_topics *pair_topics_load(const char *path);
void pair_topics_free(struct pair_topics *t);

/* 1 when text (UTF-8) contains a topic word of rule (1..5), else 0. */
int pair_names_topic(const struct pair_topics *t, int rule, const char *text);

/*
 * The known failures (tests/data/eligibility/metamorphic-known.tsv: relation
 * CH or HC, join, condition id, harmless id, mechanism). pair_known_load
 * returns NULL (and says why on stderr) when the file cannot be read or a
 * line lacks a column; free with pair_known_free.
 */
struct pair_known;
struct pair_known *pair_known_load(const char *path);
void pair_known_free(struct pair_known *k);

/* 1 when the failure is listed (and marks it seen), else 0. */
int pair_known_has(struct pair_known *k, const char *rel, enum pair_join how, const char *cond,
		   const char *harm);

/* Print each listed failure not marked seen (it passes now, or was not
   drawn). Returns how many. */
size_t pair_known_report_unseen(const struct pair_known *k);

#endif
