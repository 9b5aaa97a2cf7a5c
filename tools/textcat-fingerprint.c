/*
 * textcat-fingerprint.c - the libexttextcat fingerprint of a text, as the
 * library's own createfp makes it (Debian does not package that tool):
 * fp_Create over standard input, the 400 most frequent n-grams printed
 * best first by fp_Print. For data/eligibility/textcat/ (docs/eligibility.md,
 * "Languages and unchecked text"):
 *
 *   make tools/textcat-fingerprint
 *   tools/textcat-fingerprint < data/eligibility/textcat/pcm.txt \
 *       > data/eligibility/textcat/pcm.lm
 *
 * Exits 1 with a message when the input is empty, too large or unreadable.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libexttextcat/constants.h>
#include <libexttextcat/fingerprint.h>

#define TEXT_MAX (4 << 20) /* bytes read from standard input */

int main(void)
{
	char *buf = malloc(TEXT_MAX + 1);
	size_t n;
	void *fp;

	if (buf == NULL) {
		fputs("textcat-fingerprint: out of memory\n", stderr);
		return 1;
	}
	n = fread(buf, 1, TEXT_MAX + 1, stdin);
	if (ferror(stdin) || n == 0 || n > TEXT_MAX) {
		fputs("textcat-fingerprint: give a UTF-8 text of 1 byte to 4 MiB "
		      "on standard input\n",
		      stderr);
		free(buf);
		return 1;
	}
	buf[n] = '\0';
	fp = fp_Init(NULL);
	if (fp == NULL || fp_Create(fp, buf, (uint4)n, MAXNGRAMS) == 0) {
		fputs("textcat-fingerprint: libexttextcat made no fingerprint of the text\n",
		      stderr);
		if (fp != NULL)
			fp_Done(fp);
		free(buf);
		return 1;
	}
	fp_Print(fp, stdout);
	fp_Done(fp);
	free(buf);
	return fflush(stdout) == 0 ? 0 : 1;
}
