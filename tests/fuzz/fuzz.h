/*
 * fuzz.h - what the fuzz targets in tests/fuzz/ share.
 *
 * Each target defines LLVMFuzzerTestOneInput. It is built twice: by
 * `make check` with replay.c as main(), to replay the committed corpus
 * (under ASan+UBSan with --enable-sanitizers), and by `make fuzz` with
 * clang -fsanitize=fuzzer for real fuzzing (tests/fuzz/README.md).
 * The helpers below are static inline so each target stays one file.
 */
#ifndef DIRECTORYD_FUZZ_H
#define DIRECTORYD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Fallback data directory when $DIRECTORYD_DATA_DIR is unset (make fuzz). */
#ifndef FUZZ_DATA_DIR
#define FUZZ_DATA_DIR NULL
#endif

/* The entry point libFuzzer (or replay.c) calls with each input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message: a broken invariant is a finding, like a crash. */
static inline void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz invariant broken: %s\n", what);
	abort();
}

/*
 * A NUL-terminated copy of the input (stops at an embedded NUL when read as
 * a string). Returns a buffer the caller frees, or NULL when out of memory.
 */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * The data directory: $DIRECTORYD_DATA_DIR, else FUZZ_DATA_DIR, else NULL.
 * Borrowed.
 */
static inline const char *fuzz_data_dir(void)
{
	const char *d = getenv("DIRECTORYD_DATA_DIR");

	return d != NULL && d[0] != '\0' ? d : FUZZ_DATA_DIR;
}

/*
 * Put the input in a file that the parsers under test can open by path:
 * an anonymous memory file (memfd), reused for every input of the process,
 * named "/proc/self/fd/N". Returns the path (static storage) or NULL.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	size_t off = 0;
	ssize_t n;

	if (fd < 0) {
		fd = memfd_create("directoryd-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			return NULL;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0)
		return NULL;
	while (off < size) {
		n = pwrite(fd, data + off, size - off, (off_t)off);
		if (n <= 0)
			return NULL;
		off += (size_t)n;
	}
	return path;
}

#endif
