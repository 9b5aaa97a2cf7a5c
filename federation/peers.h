/*
 * peers.h - the configured peers of this node (table fed_peer) and the
 * `directoryd peers` subcommand (docs/federation.md, section 8).
 */
#ifndef DIRECTORYD_PEERS_H
#define DIRECTORYD_PEERS_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "error.h"

#define PEERS_MAX_RELAYS 32

/* One configured peer, as the sync worker needs it. Free with peers_free. */
struct peer {
	char *name;
	char *url;                      /* its public_url, no trailing "/" */
	char *node_id;                  /* host[:port] of url */
	char *relays[PEERS_MAX_RELAYS]; /* origins it may relay */
	size_t nrelays;
	int pull;            /* 0: --serve-only */
	char *cursor;        /* change-feed cursor, or NULL */
	char *snapshot_page; /* next snapshot page while re-baselining, or NULL */
	char *baseline;      /* that snapshot's UUID, or NULL */
};

/*
 * Add a peer: name, public URL, pinned fingerprint of its key, and the
 * origins it may relay as "ORIGIN=FINGERPRINT" (each pinned too).
 * pull: 0 for a peer that may pull from us but is not pulled.
 * One transaction. Returns 0, or -1 with err (invalid_parameter naming the
 * argument, conflict for a name or node already configured).
 */
int peers_add(PGconn *conn, const char *name, const char *url, const char *fingerprint,
	      const char *const *relays, size_t nrelays, int pull, struct dir_error *err);

/* Remove a peer (its pinned keys stay). not_found when there is none. */
int peers_remove(PGconn *conn, const char *name, struct dir_error *err);

/*
 * Load the peers (all, or only the one named). *out receives a malloc'd
 * array of *count peers; free with peers_free. Returns 0 or -1 with err
 * (not_found when name names no peer).
 */
int peers_load(PGconn *conn, const char *name, struct peer **out, size_t *count,
	       struct dir_error *err);

/* Free an array from peers_load. NULL is allowed. */
void peers_free(struct peer *peers, size_t count);

/*
 * The status of every peer for GET /admin/peers and `peers list`: name,
 * url, node_id, relays, pull, last_attempt, last_success, last_error,
 * lag_records, lag_seconds, applied, refused (the last 100 refusals).
 * Returns a new reference (array), or NULL with err.
 */
json_t *peers_status(PGconn *conn, struct dir_error *err);

/*
 * Is node_id a configured peer? 1 yes, 0 no, -1 with err.
 */
int peers_is_peer(PGconn *conn, const char *node_id, struct dir_error *err);

/* The node id (host[:port], lower case) of an http(s) URL into out. 0 or -1. */
int peers_node_of_url(const char *url, char *out, size_t cap);

#endif
