/*
 * elig_contrast.h - another party's practice that the next sentence
 * contrasts: the functions of elig_contrast.c that other files of the
 * eligibility rule call. Not for use outside directoryd/elig/ (and its unit
 * test): the public interface is eligibility.h.
 */
#ifndef DIRECTORYD_ELIG_CONTRAST_H
#define DIRECTORYD_ELIG_CONTRAST_H

#include "elig_int.h"

/*
 * elig_contrast.c: the sentence of token a speaks of another party's
 * practice that the next sentence contrasts with the service's own
 * ("The safe houses only take people referred into the NRM. Our drop-in
 * doesn't ask for that."). A hold there is dropped. Reads sc's events only.
 */
int elig_contrasted(const struct elig_scan *sc, size_t a);

#endif
