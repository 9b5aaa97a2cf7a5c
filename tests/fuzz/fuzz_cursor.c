/*
 * fuzz_cursor.c - the change-feed cursor a peer sends back
 * (feed_cursor_split, federation/feed.c): any text either is refused or
 * splits into 32 hex digits and a decimal of at most 18 digits that
 * rebuild the cursor exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char epoch[FEED_EPOCH_LEN + 1], seq[20], again[FEED_EPOCH_LEN + 24];

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (feed_cursor_split(text, epoch, seq) == 0) {
		if (strlen(epoch) != FEED_EPOCH_LEN || strlen(seq) == 0 || strlen(seq) > 18)
			fuzz_fail("a cursor split into parts of the wrong size");
		snprintf(again, sizeof(again), "%s.%s", epoch, seq);
		if (strcmp(again, text) != 0)
			fuzz_fail("a cursor's parts do not rebuild it");
	}
	free(text);
	return 0;
}
