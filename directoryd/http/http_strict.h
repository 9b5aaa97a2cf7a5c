/*
 * http_strict.h - what the transport refuses before any handler runs, and
 * the deadlines of a connection (docs/operations.md, "Connections").
 *
 * libmicrohttpd 0.9.75 (Debian 12) accepts message framing that RFC 9112
 * says to refuse and has only an idle timeout, which a client resets with
 * every byte it sends. This module adds, in our request handling:
 *   - the framing checks of RFC 9112 sections 3.2, 5.1, 6.1 and 6.3;
 *   - query parameters that are UTF-8 text without NUL, before any SQL;
 *   - a deadline for a request's head and one for its body, enforced by a
 *     watchdog thread that shuts down the socket of a connection past its
 *     deadline (libmicrohttpd then closes it as it would any closed peer);
 *   - a lingering close of a connection answered before its body was read
 *     (libmicrohttpd closes it at once, and the kernel then resets it).
 */
#ifndef DIRECTORYD_HTTP_STRICT_H
#define DIRECTORYD_HTTP_STRICT_H

#include <microhttpd.h>

#include "error.h"

/*
 * Check the framing of a request whose head has arrived: header field names
 * are tokens (no white space before the colon), Content-Length values are
 * digits and all equal, Transfer-Encoding is not combined with
 * Content-Length or HTTP/1.0 and ends with chunked, and an HTTP/1.1 request
 * has exactly one Host. version is the request's HTTP version text.
 * Returns 0 when the framing is sound; otherwise the HTTP status to answer
 * (400 bad_request, or 501 not_implemented for a transfer coding other than
 * chunked before chunked) with err set. The caller answers and closes the
 * connection (RFC 9112 6.3: the rest of the bytes cannot be trusted).
 */
int http_strict_framing(struct MHD_Connection *conn, const char *version, struct dir_error *err);

/*
 * Every query parameter name and value of the request is UTF-8 text
 * (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF)
 * without a NUL byte. Returns 0, or -1 with err set (invalid_parameter,
 * naming the parameter when its name is text).
 */
int http_strict_query(struct MHD_Connection *conn, struct dir_error *err);

struct http_strict;

/*
 * Start the watchdog: head_s seconds for a request's head (counted from
 * the connection's start, and again from its request line), body_s seconds
 * for its body (from the end of the head), idle_s seconds in all for a
 * kept-alive connection between an answer and the next request line, however
 * many bytes trickle in. Returns the guard (free with http_strict_stop) or
 * NULL with err set.
 */
struct http_strict *http_strict_start(long head_s, long body_s, long idle_s, struct dir_error *err);

/* Stop the watchdog and free the guard, after MHD_stop_daemon. NULL is fine. */
void http_strict_stop(struct http_strict *guard);

/*
 * MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. Registers a
 * connection on start (head deadline running) and forgets it on close.
 */
void http_strict_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			       enum MHD_ConnectionNotificationCode code);

/* Where a connection's request stands, and so which deadline runs. */
enum http_strict_phase {
	HTTP_STRICT_IDLE,     /* kept alive after an answer, until the next request line */
	HTTP_STRICT_HEAD,     /* waiting for (the rest of) a request's head */
	HTTP_STRICT_BODY,     /* the head is in; waiting for the body */
	HTTP_STRICT_ANSWERING /* the request is complete: no deadline of ours */
};

/* Move conn to phase, restarting its deadline. Unknown connections are ignored. */
void http_strict_phase(struct MHD_Connection *conn, enum http_strict_phase phase);

/*
 * conn is answered before its request body was read (413 on a declared
 * length, refused framing): libmicrohttpd stops reading, sends the answer
 * and closes. Mark it for a lingering close: when libmicrohttpd closes it,
 * the watchdog keeps the socket open, its sending side shut down, and reads
 * and discards what the client still sends, until the client closes, 2 s
 * pass without a byte, 10 s pass in all, or 16 MiB are read (at most 64
 * sockets linger at once). Without it the kernel resets a connection closed
 * with unread bytes, and a client still sending loses the answer.
 * Unknown connections are ignored.
 */
void http_strict_linger(struct MHD_Connection *conn);

#endif
