/*
 * elig_search.h - the one binary search of the eligibility rule: the first
 * index of a sorted array whose key is at least x. The scan keeps its events,
 * its groups of events and its per-token sentence numbers in order, so every
 * "first event at token i", "first event of sentence z" and "first token of
 * sentence z" is this search with another key. Not for use outside
 * directoryd/elig/ (and its unit test).
 */
#ifndef DIRECTORYD_ELIG_SEARCH_H
#define DIRECTORYD_ELIG_SEARCH_H

#include <stddef.h>

/*
 * The first index i in [0, n) with key(items, i) >= x, or n when there is
 * none. key(items, i) reads element i of items (borrowed, never written) and
 * must never decrease as i grows. Inline, so that each caller's key is
 * compiled into its own search: the lookups run in the matcher's inner loops.
 */
static inline size_t elig_first_at_least(const void *items, size_t n, size_t x,
					 size_t (*key)(const void *items, size_t i))
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key(items, mid) < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#endif
