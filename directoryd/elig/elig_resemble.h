/*
 * elig_resemble.h - the learned hold (docs/eligibility.md, "The learned
 * hold (resemblance)"): a naive Bayes model per language over the words of
 * the corpus's development half, which holds a text the phrase lists
 * accepted when a window of one or two of its sentences resembles the
 * conditions seen in that half. It only holds, never refuses. Not for use
 * outside directoryd/elig/ (its unit test and tools/elig-resemblance-train):
 * the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_RESEMBLE_H
#define DIRECTORYD_ELIG_RESEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "elig_int.h"

#define ELIG_RCLASSES    6   /* D1..D5 and ok, in that order */
#define ELIG_RFEAT_MAX   128 /* bytes of one feature; longer ones are left out */
#define ELIG_RSTEM_CHARS 5   /* code points of a word's crude stem ("~" + the first 5) */

/*
 * A feature of a span of words (elig_rfeat_span): each word, each pair of
 * adjacent words ("a b") and, for a word longer than ELIG_RSTEM_CHARS code
 * points, "~" and its first ELIG_RSTEM_CHARS code points. f[0..n) is
 * borrowed for the call only. Return 0 to go on, -1 to stop.
 */
typedef int (*elig_rfeat_fn)(const char *f, size_t n, void *arg);

/*
 * Call fn for every feature of the words of t's tokens [a, b) (the folded
 * word of each token with a letter or digit; a pair only of two such
 * tokens next to each other in [a, b), with nothing but other tokens
 * between). A feature may come more than once. Returns 0, or -1 when fn
 * stopped.
 */
int elig_rfeat_span(const struct elig_text *t, size_t a, size_t b, elig_rfeat_fn fn, void *arg);

/*
 * Parse a model (the format of data/eligibility/resemblance/<tag>.tsv:
 * comment lines, "totals" and six counts, "threshold" and a number, then
 * "feature<TAB>d1<TAB>d2<TAB>d3<TAB>d4<TAB>d5<TAB>ok" lines in byte order)
 * from s[0..n); path names it in errors. Returns a model freed with
 * elig_rmodel_free, or NULL with "internal_error" in err (may be NULL)
 * naming path:line.
 */
struct elig_rmodel *elig_rmodel_parse(const char *s, size_t n, const char *path,
				      struct dir_error *err);

/* Free a model from elig_rmodel_parse. NULL is allowed. */
void elig_rmodel_free(struct elig_rmodel *m);

/* The threshold a window's score must pass (natural-log odds). */
double elig_rmodel_threshold(const struct elig_rmodel *m);

/* Set the threshold (tools/elig-resemblance-train's cross-validation). */
void elig_rmodel_set_threshold(struct elig_rmodel *m, double threshold);

/*
 * Read dir/resemblance/<tag>.tsv into r->models[i] for each list i of r
 * (a list without a file has no model: nothing is held by resemblance in
 * its language). Returns 0, or -1 with err naming the file (and line)
 * when the folder is missing or a file is malformed.
 */
int elig_resemble_load(struct elig_rules *r, const char *dir, struct dir_error *err);

/*
 * Put model m in place of list i's model (NULL: none) and return the old
 * one, which the caller then owns. For tools and tests only: a loaded
 * rule set is otherwise read-only, shared between threads.
 */
struct elig_rmodel *elig_resemble_swap(struct elig_rules *r, size_t i, struct elig_rmodel *m);

/*
 * The score of tokens [a, b) of t under m: the prior log odds of a
 * condition plus the weight of each distinct feature m has. *rule (may
 * be NULL) gets the class 1..5 of the highest naive Bayes likelihood.
 * Returns -1e300 when out of memory.
 */
double elig_rmodel_score(const struct elig_rmodel *m, const struct elig_text *t, size_t a, size_t b,
			 int *rule);

/* A hold by resemblance: the window's tokens, its rule and its model's list. */
struct elig_rhold {
	size_t start, end; /* tokens of the window */
	int rule;          /* 1..5 */
	double score;
	const struct elig_lang *lang;
};

/*
 * Whether a window of one or two sentences of t (elig_sent_starts) scores
 * above the threshold of the model of the list its sentences read as
 * (owner, elig_sentence_langs; 0: first). Two sentences form a window only
 * when they read as the same list. Returns 1 with *h on the best window,
 * 0 when none passes, -1 when out of memory.
 */
int elig_resemble_held(const struct elig_rules *r, const struct elig_text *t, const uint8_t *owner,
		       const struct elig_lang *first, struct elig_rhold *h);

#endif
