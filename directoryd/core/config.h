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

/* Most [ldap ORGANIZATION_ID] sections in one configuration. */
#define CONFIG_LDAP_ORGS_MAX 32

struct dir_config;

/*
 * An organisation's own LDAP directory: an [ldap ORGANIZATION_ID] section
 * of the file, holding ldap_* keys only (the others keep their defaults;
 * keys it leaves out take their defaults, not the node's).
 */
struct dir_config_ldap_org {
	char organization[37];  /* the section's organisation UUID */
	struct dir_config *cfg; /* owned; its ldap_* keys */
};

struct dir_config {
	char *database;                /* libpq connection string; "" = PG* environment */
	long database_connect_timeout; /* s a database connection attempt may wait */
	char *listen;                  /* ADDR:PORT, IPv4 */
	char *data_dir;                /* holds migrations/ and data/ */
	char *public_url;              /* the node's public base URL */
	char *node_name;               /* shown to people */
	char *country;                 /* ISO 3166-1 alpha-2 of the node, may be "" */
	long threads;                  /* HTTP worker threads (and DB connections) */
	long max_connections;          /* concurrent HTTP connections */
	long per_ip_connections;       /* concurrent connections from one address */
	long connection_timeout;       /* idle seconds before a connection closes */
	long request_head_timeout;     /* seconds to send a request's head (docs/operations.md) */
	long request_body_timeout;     /* seconds to send a request's body, from its head */
	long per_page_max;             /* cap on per_page in lists */
	char *log_level;               /* least important log line written (log.h) */
	/* Federation (docs/federation.md) */
	char *mode;               /* "origin" or "mirror" */
	char *key_dir;            /* holds <n>.key files, mode 0600 */
	long key_rotation_lead;   /* s a rotated key is published before use */
	long signature_max_age;   /* s, oldest RFC 9421 created accepted */
	long sync_interval;       /* s between pulls of a peer */
	long sync_timeout;        /* s, total time of one request to a peer */
	long sync_max_response;   /* bytes, largest peer response */
	long sync_page_size;      /* records per feed page asked for */
	long tombstone_retention; /* s tombstones are kept */
	long stale_after;         /* s before unconfirmed listings are stale */
	/* Keeping listings true (docs/registrars.md) */
	long unconfirmed_after;  /* days without "still accurate" before the dashboard flags */
	long unconfirmed_notice; /* days before pages show "not confirmed since" */
	char *smtp_url;          /* relay of the reminders (directoryd/hsds/remind.h), "" = none */
	char *smtp_from;         /* their sender address */
	long smtp_timeout;       /* s one reminder may take */
	/* Accounts and sign-in (docs/security.md) */
	long session_idle;           /* s without a request before a session ends */
	long session_lifetime;       /* s from sign-in before a session ends */
	long invitation_lifetime;    /* s an invitation code is valid */
	long password_opslimit;      /* argon2id passes (>= libsodium's interactive) */
	long password_memlimit;      /* argon2id memory, KiB */
	long login_free_failures;    /* failed sign-ins before any delay */
	long login_delay;            /* s, the first delay; it doubles */
	long login_max_delay;        /* s, the longest delay */
	long login_forget;           /* s without failure before failures are forgotten */
	long login_throttle_address; /* 1: also throttle by client address (in memory) */
	long audit_retention;        /* s audit entries are kept */
	long totp_required;          /* 1: org and node admins must use TOTP */
	long maintenance_interval;   /* s between sweeps of sessions and audit */
	/* LDAP sign-in (directoryd/auth/ldap_auth.h); ldap_uri "" = none */
	char *ldap_uri;
	long ldap_starttls;
	long ldap_allow_plain;
	char *ldap_ca_file;
	char *ldap_bind_dn;
	char *ldap_bind_password_file;
	char *ldap_user_base;
	char *ldap_user_filter;
	char *ldap_groups_file;
	long ldap_network_timeout;
	long ldap_timeout;
	long ldap_recheck; /* s between re-checks of LDAP accounts' groups */
	char *ldap_realm;  /* in a section: its usernames are NAME@ldap_realm */
	struct dir_config_ldap_org ldap_orgs[CONFIG_LDAP_ORGS_MAX];
	size_t n_ldap_orgs;
	/* The pages (directoryd/web) */
	char *locale_dir;       /* holds LL/LC_MESSAGES/directoryd.mo */
	char *license_name;     /* the data's licence, "" when not stated */
	char *license_url;      /* http(s) address of its text, may be "" */
	char *quick_exit_url;   /* where the quick exit leaves for */
	char *content_language; /* BCP 47 tag of original listing texts */
	long report_rate_limit; /* problem reports per listing per hour */
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
 * "file: key" (syntax errors "file:line"); unknown keys are errors.
 * Sections: none or [directoryd] for the node's keys, and [ldap
 * ORGANIZATION_ID] for an organisation's own LDAP directory (ldap_* keys
 * only; at most CONFIG_LDAP_ORGS_MAX). Returns 0, or -1 with err set.
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
 * Copy into live the keys the table marks reloadable from fresh, and its
 * [ldap ORGANIZATION_ID] sections, leaving the others. Both must be valid
 * configurations. All or nothing: returns 0, or -1 when memory ran out,
 * with live untouched.
 */
int config_apply_reloadable(struct dir_config *live, const struct dir_config *fresh);

/*
 * The node id: the host, and the port if any, of public_url (lower case).
 * Writes it to out (cap bytes). Returns 0, or -1 when public_url has no
 * host or it does not fit.
 */
int config_node_id(const struct dir_config *cfg, char *out, size_t cap);

/*
 * For tests: the function that copies the configuration's strings (NULL:
 * strdup), so that a test can fail each allocation in turn. Not
 * thread-safe; set it before and reset it after the calls under test.
 */
void config_set_strdup(char *(*fn)(const char *s));

/* Print the table (name, type, default, reloadable) for --help-config. */
void config_print_table(void);

#endif
