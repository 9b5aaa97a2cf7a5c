/*
 * ldap_auth.c - LDAP sign-in with libldap (ldap_auth.h).
 */
#include "ldap_auth.h"

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "store.h"

#define LDAP_MAX_GROUPS 32
#define LDAP_SECRET_MAX 1024

static atomic_ulong la_binds;

unsigned long ldapauth_binds(void)
{
	return atomic_load(&la_binds);
}

void ldapauth_settings(const struct dir_config *cfg, struct ldapauth_config *s)
{
	s->uri = cfg->ldap_uri;
	s->starttls = cfg->ldap_starttls != 0;
	s->allow_plain = cfg->ldap_allow_plain != 0;
	s->ca_file = cfg->ldap_ca_file;
	s->bind_dn = cfg->ldap_bind_dn;
	s->bind_password_file = cfg->ldap_bind_password_file;
	s->user_base = cfg->ldap_user_base;
	s->user_filter = cfg->ldap_user_filter;
	s->groups_file = cfg->ldap_groups_file;
	s->network_timeout = cfg->ldap_network_timeout;
	s->timeout = cfg->ldap_timeout;
	s->organization = "";
	s->realm = "";
}

void ldapauth_select(const struct dir_config *cfg, const char *username, struct ldapauth_config *s,
		     size_t *local_len)
{
	const char *at = strrchr(username, '@');

	ldapauth_settings(cfg, s);
	*local_len = strlen(username);
	for (size_t i = 0; at != NULL && at != username && i < cfg->n_ldap_orgs; i++) {
		const struct dir_config *org = cfg->ldap_orgs[i].cfg;
		if (org->ldap_realm[0] == '\0' || strcasecmp(at + 1, org->ldap_realm) != 0)
			continue;
		ldapauth_settings(org, s);
		s->organization = cfg->ldap_orgs[i].organization;
		s->realm = org->ldap_realm;
		*local_len = (size_t)(at - username);
		return;
	}
}

int ldapauth_enabled(const struct ldapauth_config *s)
{
	return s->uri != NULL && s->uri[0] != '\0';
}

/* One mapping of the group file: group DN, role, organisation. */
struct la_group {
	char dn[512];
	enum auth_role role;
	char org[37];
};

/* Copy [start, end) into out without the spaces around it. */
static void la_trim(const char *start, const char *end, char *out, size_t cap)
{
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	snprintf(out, cap, "%.*s", (int)(end - start), start);
}

/* Parse "DN => ROLE [UUID]" into g. 0 or -1. */
static int la_parse_group(const char *start, const char *end, struct la_group *g)
{
	const char *arrow = strstr(start, "=>");
	char rest[128], role[32] = "", org[64] = "";

	if (arrow == NULL || arrow >= end)
		return -1;
	la_trim(start, arrow, g->dn, sizeof(g->dn));
	la_trim(arrow + 2, end, rest, sizeof(rest));
	if (sscanf(rest, "%31s %63s", role, org) < 1)
		return -1;
	g->role = auth_role_from_name(role);
	snprintf(g->org, sizeof(g->org), "%s", org);
	if (g->dn[0] == '\0' || g->role == AUTH_ROLE_NONE ||
	    auth_role_in_org(g->role) != (g->org[0] != '\0') ||
	    (g->org[0] != '\0' && !store_is_uuid(g->org)))
		return -1;
	return 0;
}

/* The group map file: one "GROUP_DN => ROLE [UUID]" a line, # comments. */
static int la_parse_groups(const char *path, struct la_group *groups, int max)
{
	FILE *f = path != NULL && path[0] != '\0' ? fopen(path, "r") : NULL;
	char line[1024];
	int n = 0;

	if (f == NULL)
		return -1;
	while (n >= 0 && fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\r\n");
		const char *start = line + strspn(line, " \t");
		line[len] = '\0';
		if (*start == '\0' || *start == '#')
			continue;
		n = n < max && la_parse_group(start, line + len, &groups[n]) == 0 ? n + 1 : -1;
	}
	fclose(f);
	return n;
}

/* May s's directory give this group's role? A section only its own organisation's. */
static int la_group_allowed(const struct ldapauth_config *s, const struct la_group *g)
{
	return s->organization == NULL || s->organization[0] == '\0' ||
	       (auth_role_in_org(g->role) && strcasecmp(g->org, s->organization) == 0);
}

char *ldapauth_filter(const char *tmpl, const char *username)
{
	const char *at = strstr(tmpl, "%s");
	struct berval in, out = { 0, NULL };
	char *filter = NULL;
	size_t len;

	if (at == NULL || strstr(at + 2, "%s") != NULL || strchr(tmpl, '%') != at)
		return NULL;
	in.bv_val = (char *)(uintptr_t)username;
	in.bv_len = strlen(username);
	if (ldap_bv2escaped_filter_value(&in, &out) != 0)
		return NULL;
	len = strlen(tmpl) - 2 + out.bv_len + 1;
	if ((filter = malloc(len)) != NULL)
		snprintf(filter, len, "%.*s%s%s", (int)(at - tmpl), tmpl, out.bv_val, at + 2);
	ber_memfree(out.bv_val);
	return filter;
}

int ldapauth_check(const struct ldapauth_config *s, struct dir_error *err)
{
	struct la_group groups[LDAP_MAX_GROUPS];
	char *probe;
	int n;

	if (!ldapauth_enabled(s))
		return 0;
	if (strncmp(s->uri, "ldaps://", 8) != 0 && strncmp(s->uri, "ldap://", 7) != 0)
		dir_error_add(err, "invalid_parameter", "ldap_uri",
			      "ldap_uri is ldaps://HOST[:PORT] or ldap://HOST[:PORT]");
	else if (strncmp(s->uri, "ldap://", 7) == 0 && !s->starttls && !s->allow_plain)
		dir_error_add(err, "invalid_parameter", "ldap_uri",
			      "an ldap:// URI needs ldap_starttls = 1 (or, only on a trusted "
			      "network, ldap_allow_plain = 1)");
	if ((probe = ldapauth_filter(s->user_filter, "x")) == NULL)
		dir_error_add(err, "invalid_parameter", "ldapauth_filter",
			      "ldapauth_filter is an LDAP filter with one %%s for the username, "
			      "such as (&(objectClass=inetOrgPerson)(uid=%%s))");
	free(probe);
	n = la_parse_groups(s->groups_file, groups, LDAP_MAX_GROUPS);
	if (n <= 0)
		dir_error_add(
			err, "invalid_parameter", "ldap_groups_file",
			"ldap_groups_file must be readable and hold lines GROUP_DN => ROLE "
			"[ORGANIZATION_UUID] (registrar and org_admin need the organisation)");
	for (int i = 0; i < n; i++)
		if (!la_group_allowed(s, &groups[i]))
			dir_error_add(err, "invalid_parameter", "ldap_groups_file",
				      "the directory of [ldap %s] maps %s to %s: an organisation's "
				      "directory gives only registrar or org_admin of that "
				      "organisation",
				      s->organization, groups[i].dn,
				      auth_role_name(groups[i].role));
	if (s->bind_dn[0] == '\0' || s->bind_password_file[0] == '\0' || s->user_base[0] == '\0')
		dir_error_add(
			err, "invalid_parameter", "ldap_bind_dn",
			"LDAP needs ldap_bind_dn, ldap_bind_password_file and ldap_user_base");
	return dir_error_isset(err) ? -1 : 0;
}

/* A section: its own URI and realm, no realm twice. 0, or -1 with err. */
static int la_check_section(const struct dir_config *cfg, size_t i, struct ldapauth_config *s,
			    struct dir_error *err)
{
	const struct dir_config *org = cfg->ldap_orgs[i].cfg;

	if (org->ldap_uri[0] == '\0' || org->ldap_realm[0] == '\0' ||
	    strchr(org->ldap_realm, '@') != NULL) {
		dir_error_add(err, "invalid_parameter", "ldap_realm",
			      "the section [ldap %s] needs ldap_uri and ldap_realm (the part after "
			      "the '@' of its usernames, without an '@')",
			      cfg->ldap_orgs[i].organization);
		return -1;
	}
	for (size_t j = 0; j < i; j++)
		if (strcasecmp(cfg->ldap_orgs[j].cfg->ldap_realm, org->ldap_realm) == 0) {
			dir_error_add(err, "invalid_parameter", "ldap_realm",
				      "the realm %s is in two [ldap ...] sections",
				      org->ldap_realm);
			return -1;
		}
	ldapauth_settings(org, s);
	s->organization = cfg->ldap_orgs[i].organization;
	s->realm = org->ldap_realm;
	return ldapauth_check(s, err);
}

int ldapauth_check_config(const struct dir_config *cfg, struct dir_error *err)
{
	struct ldapauth_config s;
	int rc;

	ldapauth_settings(cfg, &s);
	rc = ldapauth_check(&s, err);
	for (size_t i = 0; i < cfg->n_ldap_orgs; i++)
		if (la_check_section(cfg, i, &s, err) != 0)
			rc = -1;
	return rc;
}

/* libldap's result as our error: unreachable and slow servers are 503. */
static int la_fail(int rc, const char *what, struct dir_error *err)
{
	if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_CONNECT_ERROR ||
	    rc == LDAP_UNAVAILABLE || rc == LDAP_BUSY || rc == LDAP_TIMELIMIT_EXCEEDED)
		dir_error_add(
			err, "ldap_unavailable", NULL,
			"the LDAP server did not answer in time or cannot be reached (%s: %s); "
			"try again later",
			what, ldap_err2string(rc));
	else
		dir_error_add(err, "ldap_unavailable", NULL, "the LDAP server refused the %s: %s",
			      what, ldap_err2string(rc));
	return -1;
}

/* A connection with TLS as configured and the timeouts set. NULL with err. */
static LDAP *la_connect(const struct ldapauth_config *s, struct dir_error *err)
{
	struct timeval net = { s->network_timeout, 0 }, op = { s->timeout, 0 };
	int version = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0, rc;
	LDAP *ld = NULL;

	if ((rc = ldap_initialize(&ld, s->uri)) != LDAP_SUCCESS) {
		la_fail(rc, "connection", err);
		return NULL;
	}
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &net);
	ldap_set_option(ld, LDAP_OPT_TIMEOUT, &op);
	ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
	if (s->ca_file[0] != '\0')
		ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, s->ca_file);
	ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
	if (s->starttls && strncmp(s->uri, "ldap://", 7) == 0 &&
	    (rc = ldap_start_tls_s(ld, NULL, NULL)) != LDAP_SUCCESS) {
		la_fail(rc == LDAP_CONNECT_ERROR ? LDAP_SERVER_DOWN : rc, "StartTLS", err);
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NULL;
	}
	return ld;
}

/* A simple bind; 0, 1 for wrong credentials, -1 with err otherwise. */
static int la_bind(LDAP *ld, const char *dn, const char *password, struct dir_error *err)
{
	struct berval cred;
	int rc;

	cred.bv_val = (char *)(uintptr_t)password;
	cred.bv_len = strlen(password);
	rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
	if (rc == LDAP_SUCCESS)
		return 0;
	if (rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INVALID_DN_SYNTAX ||
	    rc == LDAP_UNWILLING_TO_PERFORM || rc == LDAP_NO_SUCH_OBJECT)
		return 1;
	return la_fail(rc, "bind", err);
}

/* The service account's bind, its password read from its file. */
static int la_bind_service(LDAP *ld, const struct ldapauth_config *s, struct dir_error *err)
{
	char secret[LDAP_SECRET_MAX];
	FILE *f = fopen(s->bind_password_file, "r");
	int rc;

	if (f == NULL || fgets(secret, sizeof(secret), f) == NULL) {
		if (f != NULL)
			fclose(f);
		dir_error_add(err, "ldap_unavailable", NULL,
			      "cannot read ldap_bind_password_file; check the file and its owner");
		return -1;
	}
	fclose(f);
	secret[strcspn(secret, "\r\n")] = '\0';
	rc = la_bind(ld, s->bind_dn, secret, err);
	sodium_memzero(secret, sizeof(secret));
	if (rc == 1)
		dir_error_add(err, "ldap_unavailable", NULL,
			      "the LDAP service account could not bind; check ldap_bind_dn and its "
			      "password file");
	return rc == 0 ? 0 : -1;
}

/* The DN of the one entry filter finds under base, into dn (NULL: none). */
static int la_find_user(LDAP *ld, const struct ldapauth_config *s, const char *username, char **dn,
			struct dir_error *err)
{
	char *filter = ldapauth_filter(s->user_filter, username);
	char no_attrs[] = LDAP_NO_ATTRS;
	char *attrs[] = { no_attrs, NULL };
	struct timeval op = { s->timeout, 0 };
	LDAPMessage *res = NULL;
	int rc;

	*dn = NULL;
	if (filter == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	rc = ldap_search_ext_s(ld, s->user_base, LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL,
			       &op, 2, &res);
	free(filter);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED && rc != LDAP_NO_SUCH_OBJECT) {
		ldap_msgfree(res);
		return la_fail(rc, "search", err);
	}
	if (rc == LDAP_SUCCESS && ldap_count_entries(ld, res) == 1)
		*dn = ldap_get_dn(ld, ldap_first_entry(ld, res));
	ldap_msgfree(res);
	return 0;
}

/* A DN under base that names no one: "cn=<username, RFC 4514>,<base>". */
static char *la_nobody_dn(const char *base, const char *username)
{
	LDAPAVA ava, *rdn[2] = { &ava, NULL };
	LDAPRDN rdns[3] = { rdn, NULL, NULL };
	char *value = NULL, *dn = NULL;
	size_t len;

	memset(&ava, 0, sizeof(ava));
	ava.la_attr.bv_val = (char *)(uintptr_t) "cn";
	ava.la_attr.bv_len = 2;
	ava.la_value.bv_val = (char *)(uintptr_t)username;
	ava.la_value.bv_len = strlen(username);
	ava.la_flags = LDAP_AVA_STRING;
	if (ldap_dn2str(rdns, &value, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
		return NULL;
	len = strlen(value) + strlen(base) + 2;
	if ((dn = malloc(len)) != NULL)
		snprintf(dn, len, "%s,%s", value, base);
	ldap_memfree(value);
	return dn;
}

/* Is dn a member of group (a base search of the group for member=dn)? 1, 0, -1. */
static int la_is_member(LDAP *ld, const struct ldapauth_config *s, const char *group,
			const char *dn, struct dir_error *err)
{
	char *filter = ldapauth_filter("(member=%s)", dn);
	char no_attrs[] = LDAP_NO_ATTRS;
	char *attrs[] = { no_attrs, NULL };
	struct timeval op = { s->timeout, 0 };
	LDAPMessage *res = NULL;
	int rc, found;

	if (filter == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	rc = ldap_search_ext_s(ld, group, LDAP_SCOPE_BASE, filter, attrs, 0, NULL, NULL, &op, 1,
			       &res);
	free(filter);
	found = rc == LDAP_SUCCESS && ldap_count_entries(ld, res) == 1;
	ldap_msgfree(res);
	if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT)
		return la_fail(rc, "group search", err);
	return found;
}

/* The first mapped group dn belongs to, into role and org. 0, or -1 with err. */
static int la_map_groups(LDAP *ld, const struct ldapauth_config *s, const char *dn,
			 enum auth_role *role, char org[37], struct dir_error *err)
{
	struct la_group groups[LDAP_MAX_GROUPS];
	int n = la_parse_groups(s->groups_file, groups, LDAP_MAX_GROUPS);

	for (int i = 0; i < n; i++) {
		int member;
		if (!la_group_allowed(s, &groups[i]))
			continue; /* ldapauth_check refuses it; never map it anyway */
		member = la_is_member(ld, s, groups[i].dn, dn, err);
		if (member < 0)
			return -1;
		if (member) {
			*role = groups[i].role;
			snprintf(org, 37, "%s", groups[i].org);
			return 0;
		}
	}
	dir_error_add(err, "ldap_no_group", NULL, "the username or the password is wrong");
	return -1;
}

/* Bind as the user (or as no one) on a connection of its own. 0, 1, -1. */
static int la_bind_user(const struct ldapauth_config *s, const char *dn, const char *password,
			struct dir_error *err)
{
	LDAP *ld = la_connect(s, err);
	int rc;

	if (ld == NULL)
		return -1;
	atomic_fetch_add(&la_binds, 1);
	rc = la_bind(ld, dn, password, err);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return rc;
}

int ldapauth_member(const struct ldapauth_config *s, const char *username, enum auth_role *role,
		    char org[37], struct dir_error *err)
{
	LDAP *ld = NULL;
	char *dn = NULL;
	int rc = -1;

	*role = AUTH_ROLE_NONE;
	org[0] = '\0';
	if ((ld = la_connect(s, err)) == NULL || la_bind_service(ld, s, err) != 0 ||
	    la_find_user(ld, s, username, &dn, err) != 0)
		goto done;
	if (dn == NULL) {
		rc = 1; /* gone from the directory */
	} else if (la_map_groups(ld, s, dn, role, org, err) == 0) {
		rc = 0;
	} else if (strcmp(err->code, "ldap_no_group") == 0) {
		dir_error_clear(err);
		rc = 1;
	}
done:
	ldap_memfree(dn);
	if (ld != NULL)
		ldap_unbind_ext_s(ld, NULL, NULL);
	return rc;
}

int ldapauth_login(const struct ldapauth_config *s, const char *username, const char *password,
		   enum auth_role *role, char org[37], struct dir_error *err)
{
	LDAP *ld = NULL;
	char *dn = NULL, *nobody = NULL;
	int rc = -1, bound;

	*role = AUTH_ROLE_NONE;
	org[0] = '\0';
	if (password[0] == '\0') {
		dir_error_add(err, "invalid_credentials", NULL,
			      "the username or the password is wrong");
		return -1;
	}
	if ((ld = la_connect(s, err)) == NULL || la_bind_service(ld, s, err) != 0 ||
	    la_find_user(ld, s, username, &dn, err) != 0)
		goto done;
	if (dn == NULL && (nobody = la_nobody_dn(s->user_base, username)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	bound = la_bind_user(s, dn != NULL ? dn : nobody, password, err);
	if (bound == 0 && dn == NULL)
		bound = 1; /* a server that lets anyone bind as no one */
	if (bound == 1)
		dir_error_add(err, "invalid_credentials", NULL,
			      "the username or the password is wrong");
	else if (bound == 0)
		rc = la_map_groups(ld, s, dn, role, org, err);
done:
	ldap_memfree(dn);
	free(nobody);
	if (ld != NULL)
		ldap_unbind_ext_s(ld, NULL, NULL);
	return rc;
}
