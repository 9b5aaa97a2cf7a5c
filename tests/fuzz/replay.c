/*
 * replay.c - main() for the fuzz targets outside libFuzzer: run
 * LLVMFuzzerTestOneInput once on every file named on the command line or
 * found (not recursively, in name order) in a directory named there.
 * `make check` uses it to replay tests/fuzz/corpus/<target>/; a failing
 * input is found by running the binary on that one file.
 * Exit status: 0 when at least one input ran, 1 on an unreadable path or
 * when no input was found (an empty corpus is a mistake).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Most bytes of one input; libFuzzer's default -max_len is far below. */
#define REPLAY_MAX_INPUT ((size_t)16 << 20)

/* Read path into an exactly-sized buffer and run the target once. */
static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t size, got;
	FILE *f = fopen(path, "rb");

	if (f == NULL || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	size = (size_t)st.st_size;
	/* Exactly size bytes (1 for an empty file) so ASan sees over-reads. */
	buf = malloc(size > 0 ? size : 1);
	got = buf != NULL ? fread(buf, 1, size, f) : 0;
	fclose(f);
	if (buf == NULL || got != size) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, size);
	free(buf);
	return 0;
}

static int replay_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the names of dir's entries (not starting with "."), sorted. */
static char **replay_list(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof(*names));
			if (grown == NULL)
				goto fail;
			names = grown;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			goto fail;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), replay_name_cmp);
	*count = n;
	return names != NULL ? names : calloc(1, sizeof(*names));
fail:
	closedir(d);
	while (n > 0)
		free(names[--n]);
	free(names);
	return NULL;
}

/* Replay every file in dir; adds to *ran. Returns 0 or -1. */
static int replay_dir(const char *dir, size_t *ran)
{
	size_t n = 0, i;
	char **names = replay_list(dir, &n);
	char path[4096];
	int rc = 0;

	if (names == NULL) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path) ||
		    replay_file(path) != 0)
			rc = -1;
		else
			(*ran)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat st;
	size_t ran = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &ran) != 0)
				rc = 1;
		} else if (replay_file(argv[i]) == 0) {
			ran++;
		} else {
			rc = 1;
		}
	}
	printf("%s: ran %zu input%s\n", argc > 0 ? argv[0] : "replay", ran, ran == 1 ? "" : "s");
	if (ran == 0) {
		fprintf(stderr, "replay: no input found\n");
		rc = 1;
	}
	return rc;
}
