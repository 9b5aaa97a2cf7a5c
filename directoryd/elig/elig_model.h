/*
 * elig_model.h - the eligibility rule's trained second opinion: an
 * L2-regularised logistic regression (Debian's liblinear) over hashed
 * features of the normalised text (elig_norm.c: folded words, their
 * Snowball stems, character n-grams inside words). It can only HOLD a
 * text the phrase lists accepted, never refuse, and never changes what the
 * lists refused or held. docs/eligibility.md ("The model") describes the
 * features, the hash, the training and how the threshold was chosen.
 */
#ifndef DIRECTORYD_ELIG_MODEL_H
#define DIRECTORYD_ELIG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <linear.h>

#include "buf.h"
#include "elig_norm.h"
#include "error.h"

#define ELIG_MODEL_MIN_BITS 10 /* smallest and largest hash space, in bits */
#define ELIG_MODEL_MAX_BITS 24
#define ELIG_MODEL_CLASSES  6 /* 0 harmless, 1..5 the rules D1..D5 */

struct elig_model {
	struct model *lin; /* liblinear's model (linear.model) */
	char rules[64];    /* the rule set (VERSION) it was trained and tuned with */
	int bits;          /* features are hashed to 1 .. 2^bits; 2^bits + 1 is the bias */
	double threshold;  /* P(condition) at or above which an accepted text is held */
	int label_rule[ELIG_MODEL_CLASSES]; /* liblinear's class i is rule label_rule[i] (0 = ok) */
};

#define ELIG_MODEL_KINDS 16 /* room for every kind of list event (enum elig_kind) */

/*
 * What a phrase list found in a text, as the model reads it: events by
 * kind (topic, cue, negation, "without", offer, clearing frame ...) and
 * rule (1..5 for topics, else 0). elig_run_lang fills it.
 */
struct elig_events {
	size_t n[ELIG_MODEL_KINDS][ELIG_MODEL_CLASSES];
};

/* The features of one text: sorted distinct indices, L2-normalised values. */
struct elig_feats {
	struct feature_node *x; /* n features, then the bias, then index -1: the bytes of xb */
	size_t n;
	int bits;      /* the hash size they were made with */
	size_t topics; /* elig_check_lists: topic and strict topic events the lists found */
	struct buf xb;
	size_t nh;     /* hashes in hb: each word's in token order, then the events' */
	struct buf hb; /* uint32_t hashes before the modulo */
	size_t ntok;   /* tokens of the text */
	struct buf tb; /* size_t per token and one more: where its hashes start in hb */
	struct buf sb; /* scratch: the hashes of x being sorted */
};

/*
 * Load the model in dir (e.g. "<datadir>/data/eligibility/model"): the
 * file MODEL (lines "rules <version>", "bits <n>", "threshold <p>", and
 * "inputs <sha256>", the training inputs' hash, which only tests read) and
 * linear.model (liblinear's save_model format). Sets *out to a model the
 * caller frees with elig_model_free, or to NULL when dir has no MODEL file
 * (no second opinion), and returns 0; returns -1 with "internal_error" in
 * err (may be NULL) naming the file when either is malformed.
 */
int elig_model_load(const char *dir, struct elig_model **out, struct dir_error *err);

/* Free a model from elig_model_load. NULL is allowed. */
void elig_model_free(struct elig_model *m);

/* Initialise f (empty); free it with elig_feats_free. */
void elig_feats_init(struct elig_feats *f);

/* Free what f holds and leave it empty. */
void elig_feats_free(struct elig_feats *f);

/*
 * The features of text t (elig_norm_text), with the Snowball algorithm
 * stemmer ("" or NULL: folded words only), and of ev (what the first list
 * chosen for the text found; NULL: none), hashed to 1 .. 2^bits (FNV-1a,
 * 32 bits; docs/eligibility.md), into f (overwritten): f->x, terminated by
 * the bias feature (index 2^bits + 1, value 1) and index -1 as liblinear
 * expects. Returns 0, or -1 when out of memory or the stemmer is unknown.
 */
int elig_model_features(const struct elig_norm *nm, const struct elig_text *t, const char *stemmer,
			const struct elig_events *ev, int bits, struct elig_feats *f);

/*
 * After elig_model_features on f: f->x for the words of tokens [from, to)
 * only (a sentence), without the events, from the hashes already made.
 * Returns 0, or -1 when out of memory or the range is not the text's.
 */
int elig_model_features_of(struct elig_feats *f, size_t from, size_t to);

/*
 * Bind liblinear's model lin to m (m->bits set): m->lin = lin and the
 * class order in m->label_rule. Returns NULL, or what is wrong (lin is not
 * an L2-regularised logistic regression over 2^bits features with a bias
 * and the six classes 0..5); lin stays the caller's either way.
 */
const char *elig_model_bind(struct elig_model *m, struct model *lin);

/*
 * Score the features x (elig_model_features with m->bits: f.x) with m:
 * returns P(the text sets a condition), in [0, 1], from the model's
 * harmless-against-the-rest classifier (1 - its logistic probability:
 * liblinear trains one binary classifier per class), and sets *rule (may
 * be NULL) to the rule 1..5 whose classifier scores x highest.
 */
double elig_model_score(const struct elig_model *m, const struct feature_node *x, int *rule);

struct elig_rules;

/*
 * For the training tool (tools/elig-train.c): check text as
 * elig_check_text does but with the phrase lists alone (the model is not
 * asked), and write the model's features of the text (hashed to 2^bits,
 * stemmed as the lists chosen for it) to f, and to f->topics the topic
 * and strict topic events the lists found (the model is asked only when
 * there are some). text must fit one chunk
 * (64 kB). Returns an elig_outcome, or -1 when out of memory or the text
 * is too long.
 */
int elig_check_lists(const struct elig_rules *rules, const char *text, const char *lang_hint,
		     int bits, struct elig_feats *f, int *checked);

#endif
