/*
 * api_stream.c - streamed response bodies (api_stream.h) on libmicrohttpd's
 * content reader callbacks.
 */
#include "api_stream.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* One part is at most this many bytes; a record larger than it fails. */
#define API_STREAM_PART_MAX (64u * 1024u * 1024u)

struct api_stream {
	struct app *app;
	api_stream_next next;
	void *state;
	void (*state_free)(void *);
	struct buf part; /* the part being sent */
	size_t sent;     /* bytes of part already handed to libmicrohttpd */
	int more;        /* next() has more parts */
};

/* Make the next part into s->part. 0, or -1 with err set. */
static int api_stream_fill(struct api_stream *s, struct dir_error *err)
{
	PGconn *conn = db_pool_acquire(s->app->pool);
	int rc;

	buf_reset(&s->part);
	s->sent = 0;
	rc = s->next(s->state, conn, &s->part, err);
	db_pool_release(s->app->pool, conn);
	if (rc < 0)
		return -1;
	s->more = rc;
	return 0;
}

static ssize_t api_stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct api_stream *s = cls;
	struct dir_error err;
	size_t n;

	(void)pos;
	while (s->sent == s->part.len) {
		if (!s->more)
			return MHD_CONTENT_READER_END_OF_STREAM;
		dir_error_init(&err);
		if (api_stream_fill(s, &err) != 0) {
			log_msg(LOG_LEVEL_ERROR, "a streamed answer was cut: %s",
				err.code[0] != '\0' ? err.code : "internal_error");
			dir_error_clear(&err);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		dir_error_clear(&err);
	}
	n = s->part.len - s->sent;
	if (n > max)
		n = max;
	memcpy(out, s->part.data + s->sent, n);
	s->sent += n;
	return (ssize_t)n;
}

static void api_stream_free(void *cls)
{
	struct api_stream *s = cls;

	if (s == NULL)
		return;
	if (s->state_free != NULL)
		s->state_free(s->state);
	buf_free(&s->part);
	free(s);
}

int api_stream_respond(struct http_request *req, struct http_response *resp,
		       const char *content_type, api_stream_next next, void *state,
		       void (*state_free)(void *))
{
	struct api_stream *s = calloc(1, sizeof(*s));
	struct dir_error err;

	dir_error_init(&err);
	if (s == NULL) {
		if (state_free != NULL)
			state_free(state);
		http_fail(resp, "internal_error", NULL, "out of memory");
		return -1;
	}
	s->app = req->app;
	s->next = next;
	s->state = state;
	s->state_free = state_free;
	buf_init(&s->part, API_STREAM_PART_MAX);
	if (api_stream_fill(s, &err) != 0) {
		http_error(resp, &err);
		dir_error_clear(&err);
		api_stream_free(s);
		return -1;
	}
	resp->content_type = content_type;
	resp->stream = api_stream_read;
	resp->stream_free = api_stream_free;
	resp->stream_cls = s;
	return 0;
}
