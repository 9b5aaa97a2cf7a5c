/*
 * api_stream.h - response bodies written while they are sent (the export,
 * format=ndjson), a part at a time, each part made with a database
 * connection taken from the pool for that part only, so a slow reader never
 * holds a connection.
 */
#ifndef DIRECTORYD_API_STREAM_H
#define DIRECTORYD_API_STREAM_H

#include "buf.h"
#include "http.h"

/*
 * Make the next part: append it to out. Returns 1 when more follows, 0
 * when this was the last part, -1 with err set.
 */
typedef int (*api_stream_next)(void *state, PGconn *conn, struct buf *out, struct dir_error *err);

/*
 * Answer req with a streamed body of the given Content-Type (static).
 * The first part is made now, so that a failure there still gets its
 * error status (resp set by http_error); a failure of a later part cuts
 * the connection (the reader sees an incomplete chunked body) and is
 * logged without anything of the request. state is owned from here on:
 * freed with state_free when the answer is done or has failed.
 * Returns 0, or -1 with resp set to the error.
 */
int api_stream_respond(struct http_request *req, struct http_response *resp,
		       const char *content_type, api_stream_next next, void *state,
		       void (*state_free)(void *));

#endif
