/*
 * elig_rtrain.h - training the learned hold's models (docs/eligibility.md,
 * "The learned hold (resemblance)"): counting, per feature, the texts of
 * each class that contain it, and writing
 * data/eligibility/resemblance/<tag>.tsv. Used by
 * tools/elig-resemblance-train and by the unit test that checks the
 * committed models are what the development half gives now.
 */
#ifndef ELIG_RTRAIN_H
#define ELIG_RTRAIN_H

#include <stddef.h>
#include <stdio.h>

#include "elig_norm.h"

struct elig_rtrain;

/* A row of a corpus file: "<tag>-NNNN", D1..D5 or ok, the text. */
struct elig_rrow {
	char id[24];
	int cls;  /* 0..4 for D1..D5, 5 for ok */
	long num; /* NNNN of the id */
	char *text;
};

/*
 * Read the rows of a corpus file (id<TAB>expect<TAB>text, # comments) at
 * path. Returns how many, with *rows a new array the caller frees with
 * elig_rrows_free, or -1 after printing why to stderr.
 */
long elig_rrows_read(const char *path, struct elig_rrow **rows);

/* Free rows from elig_rrows_read. */
void elig_rrows_free(struct elig_rrow *rows, long n);

/* A new, empty count, freed with elig_rtrain_free; NULL when out of memory. */
struct elig_rtrain *elig_rtrain_new(void);

void elig_rtrain_free(struct elig_rtrain *tr);

/*
 * Count the features of text[0..n) (normalised with nm, elig_norm_text)
 * as one text of class cls (0..4 for D1..D5, 5 for ok). Returns 0, or -1
 * when out of memory.
 */
int elig_rtrain_add(struct elig_rtrain *tr, const struct elig_norm *nm, const char *text, size_t n,
		    int cls);

/*
 * Write the model (the header naming tag and source, the totals, the
 * threshold, every feature in at least 2 texts, in byte order) to f.
 * Returns 0, or -1 when out of memory or writing fails.
 */
int elig_rtrain_write(struct elig_rtrain *tr, FILE *f, const char *tag, const char *source,
		      double threshold);

#endif
