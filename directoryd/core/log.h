/*
 * log.h - the daemon's log lines: one function, four levels, to stderr
 * (which systemd's journal or the operator's redirect keeps).
 *
 * The firewall (product rule 2): nothing about a request or the person who
 * sent it is ever passed here: no address, path, query, search term, body
 * or header value. Log what the node did (a peer's node id, an error code,
 * a count), never what a searcher asked. tests/integration/log.test.mjs
 * greps the daemon's output for the queries it sent.
 */
#ifndef DIRECTORYD_LOG_H
#define DIRECTORYD_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,   /* something failed and was not done */
	LOG_LEVEL_WARNING, /* done differently than asked (sent unsigned, refused a peer) */
	LOG_LEVEL_INFO,    /* start, stop, reload */
	LOG_LEVEL_DEBUG,   /* details for a developer; off unless asked for */
};

/*
 * Write one line "directoryd: [level: ]message\n" to stderr when level is
 * at or above the threshold (errors and warnings carry their level; info
 * and debug lines do not). fmt is printf's; the line is cut at 1023 bytes
 * and written with one call, so lines of threads do not interleave.
 */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The least important level written (default LOG_LEVEL_INFO). Thread-safe. */
void log_set_level(enum log_level level);

/*
 * The level named "error", "warning", "info" or "debug" into *out.
 * Returns 0, or -1 for any other name.
 */
int log_level_parse(const char *name, enum log_level *out);

#endif
