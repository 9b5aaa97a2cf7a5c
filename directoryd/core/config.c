/*
 * config.c - the configuration table, INI parsing with libinih, and
 * the checks behind `directoryd -n`.
 */
#include "config.h"

#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef DIR_PKGDATADIR
#define DIR_PKGDATADIR "/usr/local/share/directoryd"
#endif
#ifndef DIR_LOCALEDIR
#define DIR_LOCALEDIR "/usr/local/share/locale"
#endif

enum config_type { CONFIG_STRING, CONFIG_LONG };

struct config_key {
	const char *name;
	enum config_type type;
	size_t offset;
	long min, max;        /* bounds for CONFIG_LONG */
	const char *fallback; /* default, as text */
	int reloadable;       /* may SIGHUP change it? */
	const char *help;
};

#define STR_KEY(n, def, rel, h)                                                      \
	{                                                                            \
#n, CONFIG_STRING, offsetof(struct dir_config, n), 0, 0, def, rel, h \
	}
#define LONG_KEY(n, lo, hi, def, rel, h)                                             \
	{                                                                            \
#n, CONFIG_LONG, offsetof(struct dir_config, n), lo, hi, def, rel, h \
	}

static const struct config_key config_keys[] = {
	STR_KEY(database, "", 0, "libpq connection string"),
	LONG_KEY(database_connect_timeout, 2, 3600, "10", 1,
		 "seconds a database connection attempt waits for the server"),
	STR_KEY(listen, "127.0.0.1:8080", 0, "address and port to serve on"),
	STR_KEY(data_dir, DIR_PKGDATADIR, 0, "folder with migrations/ and data/"),
	STR_KEY(public_url, "http://127.0.0.1:8080", 0, "public base URL; names the node"),
	STR_KEY(node_name, "directoryd node", 1, "the node's name for people"),
	STR_KEY(country, "", 1, "ISO 3166-1 alpha-2 country of the node"),
	LONG_KEY(threads, 1, 64, "4", 0, "database connections of the HTTP server"),
	LONG_KEY(max_connections, 1, 800, "256", 0, "concurrent connections"),
	LONG_KEY(per_ip_connections, 1, 1000, "32", 0, "concurrent connections per address"),
	LONG_KEY(connection_timeout, 1, 3600, "30", 0, "idle seconds before closing"),
	LONG_KEY(request_head_timeout, 1, 3600, "10", 0,
		 "seconds a client has to send a request's head, from connecting or the last "
		 "answer"),
	LONG_KEY(request_body_timeout, 1, 3600, "60", 0,
		 "seconds a client has to send a request's body, once its head is in"),
	LONG_KEY(per_page_max, 1, 1000, "100", 1, "largest per_page in lists"),
	STR_KEY(log_level, "info", 1,
		"error, warning, info or debug: the least important log line"),
	/* Federation (docs/federation.md). */
	STR_KEY(mode, "origin", 0, "origin (takes registrations) or mirror (read-only copy)"),
	STR_KEY(key_dir, "/var/lib/directoryd/keys", 0, "folder of the node's Ed25519 key files"),
	LONG_KEY(key_rotation_lead, 0, 31536000, "86400", 1,
		 "seconds a rotated key is published before it signs"),
	LONG_KEY(signature_max_age, 10, 86400, "300", 1, "oldest signature created accepted, s"),
	LONG_KEY(sync_interval, 1, 86400, "60", 1, "seconds between pulls of each peer"),
	LONG_KEY(sync_timeout, 1, 3600, "30", 1, "total seconds one request to a peer may take"),
	LONG_KEY(sync_max_response, 65536, 1073741824, "33554432", 1,
		 "largest response accepted from a peer, bytes"),
	LONG_KEY(sync_page_size, 1, 1000, "500", 1, "records asked for per feed page"),
	LONG_KEY(tombstone_retention, 60, 315360000, "7776000", 1, "seconds tombstones are kept"),
	LONG_KEY(stale_after, 60, 315360000, "604800", 1,
		 "seconds after which an unconfirmed origin's listings are stale"),
	/* Keeping listings true (docs/registrars.md). */
	LONG_KEY(unconfirmed_after, 1, 3650, "90", 1,
		 "days without a \"still accurate\" before the dashboard flags a listing"),
	LONG_KEY(unconfirmed_notice, 1, 3650, "180", 1,
		 "days after which pages and search show \"not confirmed since\""),
	STR_KEY(smtp_url, "", 1,
		"smtp://HOST[:PORT] or smtps://HOST[:PORT] of a relay for reminders; empty: none"),
	STR_KEY(smtp_from, "", 1, "sender address of the reminders (needed with smtp_url)"),
	LONG_KEY(smtp_timeout, 1, 600, "30", 1, "seconds one reminder may take to send"),
	/* Accounts and sign-in (docs/security.md). */
	LONG_KEY(session_idle, 60, 86400, "1800", 1, "seconds without use before a session ends"),
	LONG_KEY(session_lifetime, 60, 2592000, "43200", 1,
		 "seconds from sign-in before a session ends in any case"),
	LONG_KEY(invitation_lifetime, 60, 31536000, "604800", 1,
		 "seconds an invitation code is valid"),
	LONG_KEY(password_opslimit, 2, 100, "2", 0,
		 "argon2id passes; raising it re-hashes passwords at their next sign-in"),
	LONG_KEY(password_memlimit, 65536, 4194304, "65536", 0,
		 "argon2id memory in KiB; raising it re-hashes passwords at their next sign-in"),
	LONG_KEY(login_free_failures, 0, 100, "3", 1,
		 "failed sign-ins of one account or address before any delay"),
	LONG_KEY(login_delay, 1, 3600, "2", 1,
		 "seconds of the first delay; each failure doubles it"),
	LONG_KEY(login_max_delay, 1, 86400, "300", 1, "seconds of the longest delay"),
	LONG_KEY(login_forget, 60, 86400, "3600", 1,
		 "seconds without a failure before failures are forgotten"),
	LONG_KEY(login_throttle_address, 0, 1, "1", 1,
		 "1: throttle by client address too (0 behind a proxy that hides it)"),
	LONG_KEY(audit_retention, 86400, 3153600000, "63072000", 1,
		 "seconds audit entries are kept (default 2 years)"),
	LONG_KEY(totp_required, 0, 1, "0", 1,
		 "1: organisation admins and node admins must sign in with TOTP"),
	LONG_KEY(maintenance_interval, 1, 86400, "300", 1,
		 "seconds between deletions of ended sessions and of old audit entries"),
	/* LDAP sign-in (docs/operations.md, "LDAP"). */
	STR_KEY(ldap_uri, "", 1, "ldaps://HOST[:PORT] or ldap://HOST[:PORT]; empty: no LDAP"),
	LONG_KEY(ldap_starttls, 0, 1, "0", 1, "1: StartTLS on an ldap:// URI"),
	LONG_KEY(ldap_allow_plain, 0, 1, "0", 1, "1: allow ldap:// without TLS (trusted networks)"),
	STR_KEY(ldap_ca_file, "", 1, "PEM file of the CA to trust; empty: the system's"),
	STR_KEY(ldap_bind_dn, "", 1, "DN of the service account that searches for users"),
	STR_KEY(ldap_bind_password_file, "", 1, "file holding the service account's password"),
	STR_KEY(ldap_user_base, "", 1, "base DN of the user search (subtree)"),
	STR_KEY(ldap_user_filter, "(uid=%s)", 1, "user search filter; %s is the escaped username"),
	STR_KEY(ldap_groups_file, "", 1,
		"file of lines GROUP_DN => ROLE [ORGANIZATION_UUID]; the first match wins"),
	LONG_KEY(ldap_network_timeout, 1, 120, "5", 1, "seconds to connect to the LDAP server"),
	LONG_KEY(ldap_timeout, 1, 120, "10", 1, "seconds for each LDAP operation"),
	STR_KEY(ldap_realm, "", 1,
		"in an [ldap ORGANIZATION_ID] section: usernames NAME@REALM sign in there"),
	LONG_KEY(ldap_recheck, 1, 86400, "900", 1,
		 "seconds between re-checks of LDAP accounts' groups, which stop their API tokens"),
	/* The pages for people who search (docs/api.md, "Pages"). */
	STR_KEY(locale_dir, DIR_LOCALEDIR, 0, "folder of the pages' LL/LC_MESSAGES/directoryd.mo"),
	STR_KEY(license_name, "", 1, "name of the data's licence, shown on the root and pages"),
	STR_KEY(license_url, "", 1, "address of the data's licence text"),
	STR_KEY(quick_exit_url, "https://www.wikipedia.org/", 1,
		"neutral site the pages' quick exit leaves for"),
	STR_KEY(content_language, "en", 1, "BCP 47 language of listing texts that have no other"),
	LONG_KEY(report_rate_limit, 1, 10000, "10", 1,
		 "problem reports one listing takes per hour"),
};

#define CONFIG_NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

static char *(*config_strdup)(const char *s) = strdup;

void config_set_strdup(char *(*fn)(const char *s))
{
	config_strdup = fn != NULL ? fn : strdup;
}

static const struct config_key *config_find(const char *name)
{
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static int config_set_key(struct dir_config *cfg, const struct config_key *k, const char *value,
			  struct dir_error *err)
{
	char *base = (char *)cfg + k->offset;

	if (k->type == CONFIG_STRING) {
		char *copy = config_strdup(value);
		if (copy == NULL)
			return -1;
		free(*(char **)(void *)base);
		*(char **)(void *)base = copy;
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < k->min || v > k->max) {
		dir_error_add(err, "invalid_parameter", k->name,
			      "%s must be a whole number from %ld to %ld, not \"%s\"", k->name,
			      k->min, k->max, value);
		return -1;
	}
	*(long *)(void *)base = v;
	return 0;
}

int config_set(struct dir_config *cfg, const char *name, const char *value, struct dir_error *err)
{
	const struct config_key *k = config_find(name);

	if (k == NULL) {
		dir_error_add(err, "invalid_parameter", name, "unknown configuration key \"%s\"",
			      name);
		return -1;
	}
	return config_set_key(cfg, k, value, err);
}

int config_defaults(struct dir_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (config_set_key(cfg, &config_keys[i], config_keys[i].fallback, NULL) != 0)
			return -1;
	return 0;
}

/* Free the sections' configurations. */
static void config_free_orgs(struct dir_config_ldap_org *orgs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (orgs[i].cfg != NULL)
			config_free(orgs[i].cfg);
		free(orgs[i].cfg);
		orgs[i].cfg = NULL;
	}
}

void config_free(struct dir_config *cfg)
{
	config_free_orgs(cfg->ldap_orgs, cfg->n_ldap_orgs);
	cfg->n_ldap_orgs = 0;
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		if (config_keys[i].type != CONFIG_STRING)
			continue;
		char **p = (char **)(void *)((char *)cfg + config_keys[i].offset);
		free(*p);
		*p = NULL;
	}
}

struct config_parse {
	struct dir_config *cfg;
	struct dir_error *err;
	const char *path;
};

/* 1 when s is the text of a UUID (8-4-4-4-12 hexadecimal digits). */
static int config_is_uuid(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23)
			    ? s[i] != '-'
			    : strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	return i == 36 && s[i] == '\0';
}

/* The configuration of section [ldap org], made on its first key; NULL with err. */
static struct dir_config *config_org_section(struct config_parse *p, const char *org,
					     const char *where)
{
	struct dir_config *c = p->cfg;
	size_t i;

	if (!config_is_uuid(org)) {
		dir_error_add(p->err, "invalid_parameter", where,
			      "a section [ldap ORGANIZATION_ID] names the organisation by its id, "
			      "not \"%s\"",
			      org);
		return NULL;
	}
	for (i = 0; i < c->n_ldap_orgs; i++)
		if (strcasecmp(c->ldap_orgs[i].organization, org) == 0)
			return c->ldap_orgs[i].cfg;
	if (i == CONFIG_LDAP_ORGS_MAX) {
		dir_error_add(p->err, "invalid_parameter", where,
			      "at most %d [ldap ORGANIZATION_ID] sections", CONFIG_LDAP_ORGS_MAX);
		return NULL;
	}
	if ((c->ldap_orgs[i].cfg = calloc(1, sizeof(struct dir_config))) == NULL ||
	    config_defaults(c->ldap_orgs[i].cfg) != 0) {
		if (c->ldap_orgs[i].cfg != NULL)
			config_free(c->ldap_orgs[i].cfg);
		free(c->ldap_orgs[i].cfg);
		c->ldap_orgs[i].cfg = NULL;
		dir_error_add(p->err, "internal_error", where, "out of memory");
		return NULL;
	}
	for (size_t j = 0; j < 36; j++)
		c->ldap_orgs[i].organization[j] = (char)tolower((unsigned char)org[j]);
	c->ldap_orgs[i].organization[36] = '\0';
	c->n_ldap_orgs++;
	return c->ldap_orgs[i].cfg;
}

static int config_on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct config_parse *p = user;
	struct dir_config *target = p->cfg;
	char where[600];

	snprintf(where, sizeof(where), "%s: %s", p->path, name);
	if (strncmp(section, "ldap ", 5) == 0) {
		if (strncmp(name, "ldap_", 5) != 0) {
			dir_error_add(p->err, "invalid_parameter", where,
				      "only ldap_* keys belong in a section [%s]; put the node's "
				      "keys before the first section",
				      section);
			return 1;
		}
		if ((target = config_org_section(p, section + 5, where)) == NULL)
			return 1;
	} else if (section[0] != '\0' && strcmp(section, "directoryd") != 0) {
		dir_error_add(
			p->err, "invalid_parameter", where,
			"unknown section [%s]; use [directoryd], [ldap ORGANIZATION_ID] or none",
			section);
		return 1;
	}
	const struct config_key *k = config_find(name);
	if (k == NULL) {
		dir_error_add(p->err, "invalid_parameter", where,
			      "unknown key \"%s\" (directoryd --help-config "
			      "lists them)",
			      name);
		return 1;
	}
	struct dir_error one;
	dir_error_init(&one);
	if (config_set_key(target, k, value, &one) != 0)
		dir_error_add(p->err, "invalid_parameter", where, "%s",
			      one.message[0] ? one.message : "out of memory");
	dir_error_clear(&one);
	return 1;
}

int config_read_file(struct dir_config *cfg, const char *path, struct dir_error *err)
{
	struct config_parse p = { cfg, err, path };
	int rc = ini_parse(path, config_on_entry, &p);

	if (rc == -1) {
		dir_error_add(err, "invalid_parameter", path,
			      "cannot open configuration file %s: %s", path, strerror(errno));
		return -1;
	}
	if (rc > 0) {
		char where[600];
		snprintf(where, sizeof(where), "%s:%d", path, rc);
		if (!dir_error_isset(err))
			dir_error_add(err, "invalid_parameter", where,
				      "syntax error in configuration");
	}
	return dir_error_isset(err) ? -1 : 0;
}

/* Split "host:port"; host must be an IPv4 literal or a name. */
static int config_check_listen(const char *listen, struct dir_error *err)
{
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || colon == listen)
		goto bad;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == colon + 1 || port < 1 || port > 65535)
		goto bad;
	return 0;
bad:
	dir_error_add(err, "invalid_parameter", "listen",
		      "listen must be ADDRESS:PORT such as 127.0.0.1:8080, "
		      "not \"%s\"",
		      listen);
	return -1;
}

/* An http(s) address, or "" when empty is allowed. */
static int config_is_web_url(const char *u, int empty_ok)
{
	if (*u == '\0')
		return empty_ok;
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return 0;
	for (const char *p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return 0;
	return 1;
}

/* The reminders' relay: an smtp:// or smtps:// URL without credentials
 * (the relay does any authentication), and a plain sender address. */
static int config_check_smtp(const struct dir_config *cfg, struct dir_error *err)
{
	const char *u = cfg->smtp_url, *f = cfg->smtp_from;
	const char *at = strchr(f, '@');

	if (*u == '\0')
		return 0;
	if ((strncmp(u, "smtp://", 7) != 0 && strncmp(u, "smtps://", 8) != 0) ||
	    strchr(u, '@') != NULL || strpbrk(u, " \t\r\n") != NULL) {
		dir_error_add(
			err, "invalid_parameter", "smtp_url",
			"smtp_url must be smtp://HOST[:PORT] or smtps://HOST[:PORT], without a "
			"user or password");
		return -1;
	}
	if (at == NULL || at == f || at[1] == '\0' || strpbrk(f, " \t\r\n<>\",;") != NULL) {
		dir_error_add(err, "invalid_parameter", "smtp_from",
			      "smtp_from must be the reminders' sender address, such as "
			      "directory@example.org, when smtp_url is set");
		return -1;
	}
	return 0;
}

/* The pages' keys: addresses they link to and the texts' language. */
static int config_check_pages(const struct dir_config *cfg, struct dir_error *err)
{
	int rc = 0;
	size_t n = strlen(cfg->content_language);

	if (!config_is_web_url(cfg->license_url, 1)) {
		dir_error_add(err, "invalid_parameter", "license_url",
			      "license_url must be an http or https address, or empty");
		rc = -1;
	}
	if (!config_is_web_url(cfg->quick_exit_url, 0)) {
		dir_error_add(err, "invalid_parameter", "quick_exit_url",
			      "quick_exit_url must be an http or https address of a neutral site");
		rc = -1;
	}
	if (n < 2 || n > 15 ||
	    strspn(cfg->content_language,
		   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n) {
		dir_error_add(err, "invalid_parameter", "content_language",
			      "content_language must be a BCP 47 language tag such as en or de");
		rc = -1;
	}
	return rc;
}

int config_check(const struct dir_config *cfg, struct dir_error *err)
{
	char node[256];
	enum log_level level;
	int rc = config_check_listen(cfg->listen, err);

	if (config_node_id(cfg, node, sizeof(node)) != 0) {
		dir_error_add(err, "invalid_parameter", "public_url",
			      "public_url must be an http or https URL with a "
			      "host, such as https://directory.example.org");
		rc = -1;
	}
	if (cfg->country[0] != '\0' &&
	    (strlen(cfg->country) != 2 || cfg->country[0] < 'A' || cfg->country[0] > 'Z' ||
	     cfg->country[1] < 'A' || cfg->country[1] > 'Z')) {
		dir_error_add(err, "invalid_parameter", "country",
			      "country must be an ISO 3166-1 alpha-2 code in "
			      "upper case, such as CH");
		rc = -1;
	}
	if (log_level_parse(cfg->log_level, &level) != 0) {
		dir_error_add(err, "invalid_parameter", "log_level",
			      "log_level must be error, warning, info or debug");
		rc = -1;
	}
	if (strcmp(cfg->mode, "origin") != 0 && strcmp(cfg->mode, "mirror") != 0) {
		dir_error_add(err, "invalid_parameter", "mode",
			      "mode must be origin (takes registrations) or mirror "
			      "(a read-only copy of its peers)");
		rc = -1;
	}
	if (config_check_pages(cfg, err) != 0)
		rc = -1;
	if (config_check_smtp(cfg, err) != 0)
		rc = -1;
	return rc;
}

/* A new copy of a section's ldap_* keys (config_strdup); NULL when memory ran out. */
static struct dir_config *config_copy_org(const struct dir_config *src)
{
	struct dir_config *c = calloc(1, sizeof(*c));

	for (size_t i = 0; c != NULL && i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const char *from = (const char *)src + k->offset;
		char *to = (char *)c + k->offset;
		if (strncmp(k->name, "ldap_", 5) != 0)
			continue;
		if (k->type == CONFIG_LONG) {
			*(long *)(void *)to = *(const long *)(const void *)from;
			continue;
		}
		*(char **)(void *)to = config_strdup(*(char *const *)(const void *)from);
		if (*(char **)(void *)to == NULL) {
			config_free(c);
			free(c);
			c = NULL;
		}
	}
	return c;
}

/* Copies of fresh's sections into orgs. 0, or -1 with nothing left allocated. */
static int config_copy_orgs(const struct dir_config *fresh, struct dir_config_ldap_org *orgs)
{
	for (size_t i = 0; i < fresh->n_ldap_orgs; i++) {
		orgs[i] = fresh->ldap_orgs[i];
		if ((orgs[i].cfg = config_copy_org(fresh->ldap_orgs[i].cfg)) == NULL) {
			config_free_orgs(orgs, i);
			return -1;
		}
	}
	return 0;
}

int config_apply_reloadable(struct dir_config *live, const struct dir_config *fresh)
{
	char *copies[CONFIG_NKEYS] = { 0 };
	struct dir_config_ldap_org orgs[CONFIG_LDAP_ORGS_MAX];

	if (config_copy_orgs(fresh, orgs) != 0)
		return -1;

	/* Copy every reloadable string first: on failure live is untouched. */
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		if (!k->reloadable || k->type != CONFIG_STRING)
			continue;
		copies[i] = config_strdup(
			*(char *const *)(const void *)((const char *)fresh + k->offset));
		if (copies[i] == NULL) {
			for (size_t j = 0; j < i; j++)
				free(copies[j]);
			config_free_orgs(orgs, fresh->n_ldap_orgs);
			return -1;
		}
	}
	config_free_orgs(live->ldap_orgs, live->n_ldap_orgs);
	memcpy(live->ldap_orgs, orgs, fresh->n_ldap_orgs * sizeof(orgs[0]));
	live->n_ldap_orgs = fresh->n_ldap_orgs;
	/* Then swap them in, and the numbers: nothing below can fail. */
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		char *dst = (char *)live + k->offset;
		if (!k->reloadable)
			continue;
		if (k->type == CONFIG_LONG) {
			*(long *)(void *)dst =
				*(const long *)(const void *)((const char *)fresh + k->offset);
		} else {
			free(*(char **)(void *)dst);
			*(char **)(void *)dst = copies[i];
		}
	}
	return 0;
}

int config_node_id(const struct dir_config *cfg, char *out, size_t cap)
{
	const char *u = cfg->public_url, *host, *end;
	size_t len;

	if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else
		return -1;
	end = host + strcspn(host, "/?#");
	len = (size_t)(end - host);
	if (len == 0 || len >= cap || memchr(host, '@', len) != NULL)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = host[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[len] = '\0';
	return 0;
}

void config_print_table(void)
{
	printf("%-20s %-7s %-8s %-25s %s\n", "key", "type", "SIGHUP", "default", "meaning");
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		printf("%-20s %-7s %-8s %-25s %s\n", k->name,
		       k->type == CONFIG_LONG ? "integer" : "string", k->reloadable ? "yes" : "no",
		       k->fallback[0] ? k->fallback : "\"\"", k->help);
	}
}
