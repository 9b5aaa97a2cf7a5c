/*
 * http_strict.c - framing checks (RFC 9112), UTF-8 query parameters, and
 * the head and body deadlines of connections. See http_strict.h.
 */
#include "http_strict.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- framing ---- */

struct strict_framing {
	int bad_name;                /* a field name that is not a token */
	int cl_count, cl_bad;        /* lengths given; a bad or differing one */
	unsigned long long cl_value; /* the one length */
	int te_count, te_len_over;   /* Transfer-Encoding fields; the list was too long */
	char te[256];                /* all Transfer-Encoding values, joined with commas */
	size_t te_len;
	int host_count;
};

/* RFC 9110 5.6.2 tchar. */
static int strict_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int strict_is_name(const char *key, size_t len, const char *name)
{
	return len == strlen(name) && strncasecmp(key, name, len) == 0;
}

/* Skip optional white space (SP, HTAB) forward from *p to end. */
static const char *strict_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* One Content-Length value: a list of lengths that must all be the same. */
static void strict_content_length(struct strict_framing *f, const char *v, size_t len)
{
	const char *p = v, *end = v + len;

	for (;;) {
		unsigned long long n = 0;
		int digits = 0, over = 0;
		p = strict_ows(p, end);
		for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
			if (__builtin_mul_overflow(n, 10, &n) ||
			    __builtin_add_overflow(n, (unsigned long long)(*p - '0'), &n))
				over = 1;
		p = strict_ows(p, end);
		if (digits == 0 || over || (p < end && *p != ',')) {
			f->cl_bad = 1;
			return;
		}
		if (f->cl_count++ > 0 && n != f->cl_value)
			f->cl_bad = 1;
		f->cl_value = n;
		if (p >= end)
			return;
		p++; /* the comma */
	}
}

static void strict_transfer_encoding(struct strict_framing *f, const char *v, size_t len)
{
	f->te_count++;
	if (f->te_len + len + 2 >= sizeof(f->te)) {
		f->te_len_over = 1;
		return;
	}
	if (f->te_len > 0)
		f->te[f->te_len++] = ',';
	memcpy(f->te + f->te_len, v, len);
	f->te_len += len;
	f->te[f->te_len] = '\0';
}

static enum MHD_Result strict_framing_visit(void *cls, enum MHD_ValueKind kind, const char *key,
					    size_t key_size, const char *value, size_t value_size)
{
	struct strict_framing *f = cls;

	(void)kind;
	if (key_size == 0)
		f->bad_name = 1;
	for (size_t i = 0; i < key_size; i++)
		if (!strict_tchar((unsigned char)key[i]))
			f->bad_name = 1;
	if (value == NULL)
		value_size = 0;
	if (strict_is_name(key, key_size, "Content-Length"))
		strict_content_length(f, value != NULL ? value : "", value_size);
	else if (strict_is_name(key, key_size, "Transfer-Encoding"))
		strict_transfer_encoding(f, value != NULL ? value : "", value_size);
	else if (strict_is_name(key, key_size, "Host"))
		f->host_count++;
	return MHD_YES;
}

/*
 * The codings of Transfer-Encoding: 0 chunked alone, 400 when chunked is
 * not last exactly once, 501 when other codings come before it.
 */
static int strict_codings(const struct strict_framing *f)
{
	const char *p = f->te, *end = f->te + f->te_len;
	int n = 0, chunked = 0, last_chunked = 0;

	if (f->te_len_over)
		return 400;
	while (p < end) {
		const char *s = strict_ows(p, end), *e = s;
		while (e < end && *e != ',')
			e++;
		const char *stop = e;
		while (stop > s && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		if (stop > s) {
			n++;
			last_chunked = (size_t)(stop - s) == 7 && strncasecmp(s, "chunked", 7) == 0;
			chunked += last_chunked;
		}
		p = e < end ? e + 1 : end;
	}
	if (n == 0 || !last_chunked || chunked != 1)
		return 400;
	return n == 1 ? 0 : 501;
}

int http_strict_framing(struct MHD_Connection *conn, const char *version, struct dir_error *err)
{
	struct strict_framing f;
	int http11 = version != NULL && strcmp(version, "HTTP/1.1") == 0;
	int codings;

	memset(&f, 0, sizeof(f));
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, strict_framing_visit, &f);
	if (f.bad_name) {
		dir_error_add(err, "bad_request", NULL,
			      "a header field name is not a token: no white space may come "
			      "before the colon (RFC 9112 section 5.1)");
		return 400;
	}
	if (f.host_count > 1 || (http11 && f.host_count != 1)) {
		dir_error_add(err, "bad_request", NULL,
			      "an HTTP/1.1 request needs exactly one Host field "
			      "(RFC 9112 section 3.2)");
		return 400;
	}
	if (f.te_count > 0 && (f.cl_count > 0 || !http11)) {
		dir_error_add(err, "bad_request", NULL,
			      "a request may not carry Transfer-Encoding together with "
			      "Content-Length, nor in HTTP/1.0 (RFC 9112 section 6.1)");
		return 400;
	}
	if (f.cl_bad) {
		dir_error_add(err, "bad_request", NULL,
			      "Content-Length must be one decimal length; differing values "
			      "are refused (RFC 9112 section 6.3)");
		return 400;
	}
	if (f.te_count > 0 && (codings = strict_codings(&f)) != 0) {
		dir_error_add(err, codings == 501 ? "not_implemented" : "bad_request", NULL,
			      codings == 501 ? "only the chunked transfer coding is implemented"
					     : "Transfer-Encoding must end with chunked, once "
					       "(RFC 9112 section 6.3)");
		return codings;
	}
	return 0;
}

/* ---- query parameters ---- */

/* UTF-8 text without NUL (jansson checks the encoding as RFC 3629 does). */
static int strict_text_ok(const char *s, size_t len)
{
	json_t *j;

	if (s == NULL)
		return 1;
	if (memchr(s, '\0', len) != NULL || (j = json_stringn(s, len)) == NULL)
		return 0;
	json_decref(j);
	return 1;
}

/* At most max bytes of UTF-8 text s, not cutting a character. */
static int strict_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static enum MHD_Result strict_query_visit(void *cls, enum MHD_ValueKind kind, const char *key,
					  size_t key_size, const char *value, size_t value_size)
{
	struct dir_error *err = cls;

	(void)kind;
	if (!strict_text_ok(key, key_size)) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "a query parameter name is not UTF-8 text or holds a NUL byte");
		return MHD_NO;
	}
	if (!strict_text_ok(value, value_size)) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "%.*s must be UTF-8 text without NUL bytes (percent-encode "
			      "the UTF-8 bytes of the text)",
			      strict_cut(key, 64), key);
		return MHD_NO;
	}
	return MHD_YES;
}

int http_strict_query(struct MHD_Connection *conn, struct dir_error *err)
{
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, strict_query_visit, err);
	return dir_error_isset(err) ? -1 : 0;
}

/* ---- deadlines ---- */

/* One open connection, on the guard's list. */
struct strict_conn {
	struct strict_conn *prev, *next;
	int fd;
	int cut;                  /* the socket was shut down */
	int linger;               /* answered before its body: drain it when closed */
	struct timespec deadline; /* CLOCK_MONOTONIC; tv_sec 0 = none */
	struct http_strict *guard;
};

/*
 * A lingering close (as Apache's lingering_close and nginx's lingering_close
 * do): the socket of a connection answered before its request body was read.
 * libmicrohttpd has sent the answer, shut down its sending side and closed
 * its descriptor; fd is our duplicate, which keeps the socket open while the
 * watchdog reads and discards what the client still sends. Closing a socket
 * with unread data makes the kernel reset the connection, and a client still
 * sending then loses the answer already in its receive buffer (EPIPE or
 * ECONNRESET instead of the 413).
 */
struct strict_linger {
	int fd;
	size_t bytes;           /* discarded so far */
	struct timespec until;  /* the whole linger ends here */
	struct timespec silent; /* ends here unless a byte comes first */
};

/* Bounds of a lingering close: time in all, time without a byte, bytes, sockets. */
#define LINGER_TOTAL_S     10
#define LINGER_SILENT_S    2
#define LINGER_MAX_BYTES   (16u * 1024 * 1024)
#define LINGER_MAX_SOCKETS 64

struct http_strict {
	pthread_mutex_t lock;
	pthread_t thread;
	int stopping;
	long head_s, body_s, idle_s;
	struct strict_conn list; /* sentinel of a circular list */
	struct strict_linger linger[LINGER_MAX_SOCKETS];
	size_t nlinger;
};

/* How often the watchdog looks, in milliseconds: deadlines are in seconds. */
#define GUARD_TICK_MS 200

static void strict_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static int strict_passed(const struct timespec *deadline, const struct timespec *now)
{
	return deadline->tv_sec != 0 &&
	       (now->tv_sec > deadline->tv_sec ||
		(now->tv_sec == deadline->tv_sec && now->tv_nsec >= deadline->tv_nsec));
}

/*
 * Shut down the sockets past their deadline. The guard's lock is held, and
 * a connection leaves the list (on MHD_CONNECTION_NOTIFY_CLOSED) before
 * libmicrohttpd closes its socket, so fd is still this connection's.
 */
static void strict_sweep(struct http_strict *g)
{
	struct timespec now;

	strict_now(&now);
	for (struct strict_conn *c = g->list.next; c != &g->list; c = c->next) {
		if (c->cut || !strict_passed(&c->deadline, &now))
			continue;
		shutdown(c->fd, SHUT_RDWR);
		c->cut = 1;
	}
}

/* Read and discard what a lingering socket has; 1 when it is done with. */
static int strict_drain(struct strict_linger *l, const struct timespec *now)
{
	char sink[16384];
	ssize_t n;

	while ((n = recv(l->fd, sink, sizeof(sink), MSG_DONTWAIT)) > 0) {
		l->bytes += (size_t)n;
		l->silent = *now;
		l->silent.tv_sec += LINGER_SILENT_S;
		if (l->bytes > LINGER_MAX_BYTES)
			return 1;
	}
	if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		return 1; /* the client closed, or the connection broke */
	return strict_passed(&l->until, now) || strict_passed(&l->silent, now);
}

/* Drain every lingering socket and close those done with. The lock is held. */
static void strict_drain_all(struct http_strict *g)
{
	struct timespec now;
	size_t i = 0;

	strict_now(&now);
	while (i < g->nlinger) {
		if (!strict_drain(&g->linger[i], &now)) {
			i++;
			continue;
		}
		close(g->linger[i].fd);
		g->linger[i] = g->linger[--g->nlinger];
	}
}

/*
 * The watchdog: wait up to a tick for a lingering socket to have bytes,
 * then cut connections past their deadline and drain lingering sockets.
 * Only this thread removes lingering sockets, so the first n stay valid
 * while the lock is released for poll.
 */
static void *strict_main(void *arg)
{
	struct http_strict *g = arg;
	struct pollfd fds[LINGER_MAX_SOCKETS];

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		size_t n = g->nlinger;
		for (size_t i = 0; i < n; i++)
			fds[i] = (struct pollfd){ .fd = g->linger[i].fd, .events = POLLIN };
		pthread_mutex_unlock(&g->lock);
		(void)poll(fds, (nfds_t)n, GUARD_TICK_MS);
		pthread_mutex_lock(&g->lock);
		strict_sweep(g);
		strict_drain_all(g);
	}
	for (size_t i = 0; i < g->nlinger; i++)
		close(g->linger[i].fd);
	g->nlinger = 0;
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct http_strict *http_strict_start(long head_s, long body_s, long idle_s, struct dir_error *err)
{
	struct http_strict *g = calloc(1, sizeof(*g));

	if (g == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return NULL;
	}
	g->head_s = head_s;
	g->body_s = body_s;
	g->idle_s = idle_s;
	g->list.next = g->list.prev = &g->list;
	pthread_mutex_init(&g->lock, NULL);
	if (pthread_create(&g->thread, NULL, strict_main, g) != 0) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		dir_error_add(err, "internal_error", NULL, "cannot start the connection watchdog");
		return NULL;
	}
	return g;
}

void http_strict_stop(struct http_strict *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL); /* within a tick; it closes lingering sockets */
	/* MHD_stop_daemon closed every connection: the list is empty. */
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* Set c's deadline seconds from now (0: none). The guard's lock is held. */
static void strict_deadline(struct strict_conn *c, long seconds)
{
	if (seconds <= 0) {
		c->deadline.tv_sec = 0;
		return;
	}
	strict_now(&c->deadline);
	c->deadline.tv_sec += seconds;
}

/*
 * Keep the socket of fd open after libmicrohttpd closes its descriptor
 * (called on MHD_CONNECTION_NOTIFY_CLOSED, before that close), to drain it.
 * When LINGER_MAX_SOCKETS already linger, or dup fails, the socket closes
 * at once, as it would without us. The guard's lock is held.
 */
static void strict_linger_start(struct http_strict *g, int fd)
{
	struct strict_linger *l;
	int dup_fd;

	if (g->stopping || g->nlinger == LINGER_MAX_SOCKETS ||
	    (dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return;
	shutdown(dup_fd, SHUT_WR); /* libmicrohttpd did so already; the answer is out */
	l = &g->linger[g->nlinger++];
	l->fd = dup_fd;
	l->bytes = 0;
	strict_now(&l->until);
	l->silent = l->until;
	l->until.tv_sec += LINGER_TOTAL_S;
	l->silent.tv_sec += LINGER_SILENT_S;
}

void http_strict_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			       enum MHD_ConnectionNotificationCode code)
{
	struct http_strict *g = cls;
	struct strict_conn *c = *socket_context;
	const union MHD_ConnectionInfo *info;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (info == NULL || (c = calloc(1, sizeof(*c))) == NULL)
			return; /* unguarded: the idle timeout still applies */
		c->fd = info->connect_fd;
		c->guard = g;
		pthread_mutex_lock(&g->lock);
		strict_deadline(c, g->head_s);
		c->next = g->list.next;
		c->prev = &g->list;
		g->list.next->prev = c;
		g->list.next = c;
		pthread_mutex_unlock(&g->lock);
		*socket_context = c;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && c != NULL) {
		pthread_mutex_lock(&g->lock);
		c->prev->next = c->next;
		c->next->prev = c->prev;
		if (c->linger && !c->cut)
			strict_linger_start(g, c->fd);
		pthread_mutex_unlock(&g->lock);
		free(c);
		*socket_context = NULL;
	}
}

void http_strict_phase(struct MHD_Connection *conn, enum http_strict_phase phase)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct strict_conn *c = info != NULL ? info->socket_context : NULL;
	struct http_strict *g;

	if (c == NULL)
		return;
	g = c->guard;
	pthread_mutex_lock(&g->lock);
	strict_deadline(c, phase == HTTP_STRICT_IDLE   ? g->idle_s
			   : phase == HTTP_STRICT_HEAD ? g->head_s
			   : phase == HTTP_STRICT_BODY ? g->body_s
						       : 0);
	pthread_mutex_unlock(&g->lock);
}

void http_strict_linger(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct strict_conn *c = info != NULL ? info->socket_context : NULL;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->guard->lock);
	c->linger = 1;
	pthread_mutex_unlock(&c->guard->lock);
}
