/*
 * buf.h - one growing buffer with a hard size cap (as curl's dynbuf), for
 * every place that collects bytes or elements of unknown count: request and
 * response bodies, canonical JSON, structured field values, phrase tables,
 * the importers' line numbers.
 *
 * The bytes are always followed by a NUL (not counted in len), so a buffer
 * of text is a C string. An array of elements is a buffer of their bytes
 * (buf_add(&b, &elem, sizeof(elem)); ((T *)b.data)[i]).
 */
#ifndef DIRECTORYD_BUF_H
#define DIRECTORYD_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* malloc'd, NUL after len; NULL until the first byte */
	size_t len; /* bytes held */
	size_t cap; /* bytes allocated (len + 1 at least, once allocated) */
	size_t max; /* most bytes it may hold */
	int wipe;   /* secrets: zeroed when moved, emptied or freed */
};

/* An empty buffer that will hold at most max bytes. Allocates nothing. */
void buf_init(struct buf *b, size_t max);

/*
 * buf_init for bytes that may be secret (request bodies with passwords):
 * growing copies into a new allocation and zeroes the old one instead of
 * realloc, and buf_reset and buf_free zero the bytes (explicit_bzero), so
 * no copy is left behind in freed memory. buf_take hands the bytes over
 * unwiped: the caller then wipes them.
 */
void buf_init_wiped(struct buf *b, size_t max);

/*
 * Append n bytes of p, or n zero bytes when p is NULL. Returns 0, or -1
 * with errno EMSGSIZE (it would pass max) or ENOMEM; the buffer is then as
 * it was.
 */
int buf_add(struct buf *b, const void *p, size_t n);

/*
 * For an array of sz-byte elements kept in b beside a typed pointer to them
 * (T *items; size_t n): make element i exist (appending zeroed elements up
 * to it) and point *(T **)view at b's bytes, which may have moved. Returns
 * 0, or -1 with errno as buf_add (i + 1 elements would pass max).
 */
int buf_slot(struct buf *b, void *view, size_t i, size_t sz);

/* buf_add of a NUL-terminated string (without its NUL). */
int buf_adds(struct buf *b, const char *s);

/*
 * Hand the bytes over: returns data (the caller frees it; NULL when
 * nothing was ever added) with *len_out set when len_out is not NULL, and
 * leaves the buffer empty with the same max.
 */
char *buf_take(struct buf *b, size_t *len_out);

/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Free the bytes; the buffer is empty again. Safe on an empty buffer. */
void buf_free(struct buf *b);

#endif
