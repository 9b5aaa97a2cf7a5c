/*
 * buf.c - the capped growing buffer (buf.h).
 */
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* First allocation, in bytes. */
#define BUF_FIRST 64

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->wipe = 0;
}

void buf_init_wiped(struct buf *b, size_t max)
{
	buf_init(b, max);
	b->wipe = 1;
}

/* Empty again with the same max and wipe, holding nothing. */
static void buf_forget(struct buf *b)
{
	int wipe = b->wipe;

	buf_init(b, b->max);
	b->wipe = wipe;
}

/* The bytes moved to an allocation of cap bytes (realloc, or for secrets a
 * copy that leaves zeroes behind); NULL without memory, b unchanged. */
static char *buf_move(struct buf *b, size_t cap)
{
	char *moved;

	if (!b->wipe)
		return realloc(b->data, cap);
	if ((moved = malloc(cap)) == NULL)
		return NULL;
	if (b->data != NULL) {
		memcpy(moved, b->data, b->len + 1);
		explicit_bzero(b->data, b->cap);
		free(b->data);
	}
	return moved;
}

/* Make room for need bytes plus the NUL: 0, or -1 with errno. */
static int buf_grow(struct buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : BUF_FIRST;
	char *grown;

	if (need > b->max || need == (size_t)-1) {
		errno = EMSGSIZE;
		return -1;
	}
	if (need < b->cap)
		return 0;
	while (cap <= need)
		if (__builtin_mul_overflow(cap, 2, &cap)) {
			cap = need + 1;
			break;
		}
	if (cap > b->max && b->max < (size_t)-1)
		cap = b->max + 1; /* never allocate past the cap */
	if ((grown = buf_move(b, cap)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	b->data = grown;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	size_t need;

	if (__builtin_add_overflow(b->len, n, &need)) {
		errno = EMSGSIZE;
		return -1;
	}
	if (buf_grow(b, need) != 0)
		return -1;
	if (n > 0 && p != NULL)
		memcpy(b->data + b->len, p, n);
	else if (n > 0)
		memset(b->data + b->len, 0, n);
	b->len = need;
	b->data[need] = '\0';
	return 0;
}

int buf_slot(struct buf *b, void *view, size_t i, size_t sz)
{
	size_t need;

	if (__builtin_add_overflow(i, 1, &need) || __builtin_mul_overflow(need, sz, &need)) {
		errno = EMSGSIZE;
		return -1;
	}
	if (need > b->len && buf_add(b, NULL, need - b->len) != 0)
		return -1;
	*(void **)view = b->data;
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

char *buf_take(struct buf *b, size_t *len_out)
{
	char *data = b->data;

	if (len_out != NULL)
		*len_out = b->len;
	buf_forget(b);
	return data;
}

void buf_reset(struct buf *b)
{
	if (b->wipe && b->data != NULL)
		explicit_bzero(b->data, b->len);
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	if (b->wipe && b->data != NULL)
		explicit_bzero(b->data, b->cap);
	free(b->data);
	buf_forget(b);
}
