/*
 * config.h - directoryd's configuration, declared in one table (config.c).
 *
 * The file is INI (read with libinih); keys may stand before any section or
 * under [directoryd]. Command-line flags override the file. SIGHUP re-reads
 * the file into a fresh struct and swaps in only the keys marked reloadable,
 * and only if the whole file is valid.
 */
#ifndef DIRECTORYD_CONFIG_H
#define DIRECTORYD_CONFIG_H

#include <stddef.h>

#include "error.h"

struct dir_config {
	char *database;          /* libpq connection string; "" = PG* environment */
	char *listen;            /* ADDR:PORT, IPv4 */
	char *data_dir;          /* holds migrations/ and data/ */
	char *public_url;        /* the node's public base URL */
	char *node_name;         /* shown to people */
	char *country;           /* ISO 3166-1 alpha-2 of the node, may be "" */
	long threads;            /* HTTP worker threads (and DB connections) */
	long max_connections;    /* concurrent HTTP connections */
	long per_ip_connections; /* concurrent connections from one address */
	long connection_timeout; /* idle seconds before a connection closes */
	long per_page_max;       /* cap on per_page in lists */
};

/*
 * Fill cfg with the defaults of the table. Returns 0, or -1 when memory ran
 * out. Free with config_free.
 */
int config_defaults(struct dir_config *cfg);

/* Free the strings of cfg (not cfg itself). Safe on a zeroed struct. */
void config_free(struct dir_config *cfg);

/*
 * Read the INI file at path into cfg (which holds defaults or earlier
 * values). Every bad key or value is recorded in err, with field
 * "file: key" (syntax errors "file:line"); unknown keys are errors. Returns 0, or -1 with err set.
 */
int config_read_file(struct dir_config *cfg, const char *path, struct dir_error *err);

/*
 * Set one key from a string, checking type and bounds from the table.
 * Returns 0, or -1 with err set (code invalid_parameter, field = name).
 */
int config_set(struct dir_config *cfg, const char *name, const char *value, struct dir_error *err);

/* Check values that depend on each other (listen, public_url). 0 or -1. */
int config_check(const struct dir_config *cfg, struct dir_error *err);

/*
 * Copy into new the keys the table marks reloadable from fresh, leaving the
 * others. Both must be valid configurations. Returns 0 or -1 (memory).
 */
int config_apply_reloadable(struct dir_config *live, const struct dir_config *fresh);

/*
 * The node id: the host, and the port if any, of public_url (lower case).
 * Writes it to out (cap bytes). Returns 0, or -1 when public_url has no
 * host or it does not fit.
 */
int config_node_id(const struct dir_config *cfg, char *out, size_t cap);

/* Print the table (name, type, default, reloadable) for --help-config. */
void config_print_table(void);

#endif
