/*
 * test_ldap.c - LDAP sign-in against a real slapd that this test starts
 * (tests/ldap/slapd-test: its own configuration, a test CA, ldaps:// and
 * StartTLS, users and groups from users.ldif): group mapping, ldaps and
 * StartTLS, wrong password and unknown user through the same path (one
 * user bind each, counted), an empty password refused before any bind,
 * filter injection, a server stopped and one that never answers (503
 * ldap_unavailable), and the RFC 4515 escaping table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ldap_auth.h"

#define ORG_A "6f1c1f4e-8f1a-4c55-9a55-0d8e8c3a1a01"

static char dir[256], ca[300], pwfile[300], groups[300], ldap_url[64], ldaps_url[64], script[4200];
static int have_slapd;

static struct ldapauth_config settings(const char *uri, int starttls)
{
	struct ldapauth_config s = {
		uri,
		starttls,
		0,
		ca,
		"cn=directoryd,ou=services,dc=example,dc=org",
		pwfile,
		"ou=people,dc=example,dc=org",
		"(&(objectClass=inetOrgPerson)(uid=%s))",
		groups,
		2,
		2,
		"",
		"",
	};
	return s;
}

/* Sign in; returns the error code ("" on success) in code. */
static int try_login(const struct ldapauth_config *s, const char *user, const char *pw,
		     enum auth_role *role, char org[37], char code[64])
{
	struct dir_error err;
	int rc;

	dir_error_init(&err);
	rc = ldapauth_login(s, user, pw, role, org, &err);
	snprintf(code, 64, "%s", err.code);
	dir_error_clear(&err);
	return rc;
}

static void test_groups_map_to_roles(void **state)
{
	struct ldapauth_config s = settings(ldaps_url, 0);
	enum auth_role role;
	char org[37], code[64];

	(void)state;
	if (!have_slapd)
		skip();
	assert_int_equal(try_login(&s, "omar", "test password 1", &role, org, code), 0);
	assert_int_equal(role, AUTH_ORG_ADMIN);
	assert_string_equal(org, ORG_A);
	assert_int_equal(try_login(&s, "lena", "test password 1", &role, org, code), 0);
	assert_int_equal(role, AUTH_REGISTRAR);
	assert_int_equal(try_login(&s, "pia", "test password 1", &role, org, code), 0);
	assert_int_equal(role, AUTH_COORDINATOR);
	assert_string_equal(org, "");
	/* a name with the characters RFC 4514 and RFC 4515 escape */
	assert_int_equal(try_login(&s, "r,x(y)", "test password 1", &role, org, code), 0);
	assert_int_equal(role, AUTH_REGISTRAR);
	/* in no mapped group: told apart so that its sessions can end */
	assert_int_equal(try_login(&s, "quinn", "test password 1", &role, org, code), -1);
	assert_string_equal(code, "ldap_no_group");
}

static void test_starttls_and_plain(void **state)
{
	struct ldapauth_config tls = settings(ldap_url, 1), plain = settings(ldap_url, 0);
	struct dir_error err;
	enum auth_role role;
	char org[37], code[64];

	(void)state;
	if (!have_slapd)
		skip();
	assert_int_equal(try_login(&tls, "lena", "test password 1", &role, org, code), 0);
	dir_error_init(&err);
	assert_int_equal(ldapauth_check(&plain, &err), -1);
	assert_string_equal(err.field, "ldap_uri");
	dir_error_clear(&err);
	plain.allow_plain = 1;
	assert_int_equal(ldapauth_check(&plain, &err), 0);
	/* a CA that did not sign the server's certificate: no connection */
	tls.ca_file = "/etc/ssl/certs/ca-certificates.crt";
	assert_int_equal(try_login(&tls, "lena", "test password 1", &role, org, code), -1);
	assert_string_equal(code, "ldap_unavailable");
}

static void test_same_path_for_unknown_and_wrong(void **state)
{
	struct ldapauth_config s = settings(ldaps_url, 0);
	const char *cases[][2] = {
		{ "lena", "wrong password" },           /* wrong password */
		{ "nobody-at-all", "test password 1" }, /* unknown user */
		{ "*)(uid=*", "test password 1" },      /* filter injection finds no one */
		{ "*", "test password 1" },
		{ "lena)(|(uid=*", "test password 1" },
	};
	enum auth_role role;
	char org[37], code[64];

	(void)state;
	if (!have_slapd)
		skip();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long before = ldapauth_binds();
		assert_int_equal(try_login(&s, cases[i][0], cases[i][1], &role, org, code), -1);
		assert_string_equal(code, "invalid_credentials");
		assert_int_equal(ldapauth_binds() - before, 1);
	}
	/* an empty password never reaches a bind */
	{
		unsigned long before = ldapauth_binds();
		assert_int_equal(try_login(&s, "lena", "", &role, org, code), -1);
		assert_string_equal(code, "invalid_credentials");
		assert_int_equal(ldapauth_binds() - before, 0);
	}
}

static void test_unreachable_and_silent(void **state)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char url[64], code[64], org[37];
	enum auth_role role;
	struct ldapauth_config s;
	int fd;

	(void)state;
	/* a server that accepts connections but never answers */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d", ntohs(sa.sin_port));
	s = settings(url, 0);
	s.allow_plain = 1;
	s.timeout = 1;
	assert_int_equal(try_login(&s, "lena", "test password 1", &role, org, code), -1);
	assert_string_equal(code, "ldap_unavailable");
	close(fd);
	/* nothing listens there any more */
	assert_int_equal(try_login(&s, "lena", "test password 1", &role, org, code), -1);
	assert_string_equal(code, "ldap_unavailable");
}

static void test_filter_escaping(void **state)
{
	static const char *const cases[][2] = {
		{ "lena", "(uid=lena)" },
		{ "*)(uid=*", "(uid=\\2A\\29\\28uid=\\2A)" },
		{ "a\\b", "(uid=a\\5Cb)" },
		{ "r,x(y)", "(uid=r,x\\28y\\29)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *f = ldapauth_filter("(uid=%s)", cases[i][0]);
		assert_non_null(f);
		assert_string_equal(f, cases[i][1]);
		free(f);
	}
	assert_null(ldapauth_filter("(uid=%s)(cn=%s)", "x"));
	assert_null(ldapauth_filter("(uid=%d)", "x"));
	assert_null(ldapauth_filter("(uid=x)", "x"));
}

static int start_slapd(void)
{
	const char *src = getenv("DIRECTORYD_DATA_DIR");
	char cmd[4400];
	FILE *p;
	int port = 0, sport = 0;

	if (src == NULL || access("/usr/sbin/slapd", X_OK) != 0) {
		printf("# skipping the slapd tests: no DIRECTORYD_DATA_DIR or no slapd "
		       "(scripts/install-deps installs it)\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/directoryd-ldap-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(script, sizeof(script), "%s/tests/ldap/slapd-test", src);
	snprintf(cmd, sizeof(cmd), "%s start %s", script, dir);
	if ((p = popen(cmd, "r")) == NULL || fscanf(p, "%d %d", &port, &sport) != 2) {
		if (p != NULL)
			pclose(p);
		return -1;
	}
	pclose(p);
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	snprintf(pwfile, sizeof(pwfile), "%s/bind.pw", dir);
	snprintf(ldap_url, sizeof(ldap_url), "ldap://127.0.0.1:%d", port);
	snprintf(ldaps_url, sizeof(ldaps_url), "ldaps://127.0.0.1:%d", sport);
	p = fopen(pwfile, "w");
	if (p == NULL)
		return -1;
	fputs("service secret 9\n", p);
	fclose(p);
	snprintf(groups, sizeof(groups), "%s/groups", dir);
	if ((p = fopen(groups, "w")) == NULL)
		return -1;
	fputs("# group => role organisation\n"
	      "cn=admins,ou=groups,dc=example,dc=org => org_admin " ORG_A "\n\n"
	      "cn=registrars,ou=groups,dc=example,dc=org => registrar " ORG_A "\n"
	      "cn=coordinators,ou=groups,dc=example,dc=org => coordinator\n",
	      p);
	fclose(p);
	have_slapd = 1;
	return 0;
}

/*
 * [ldap ORG] sections: a username's realm picks the section and the name
 * before it is what the directory is asked; other realms and plain names go
 * to the node; a section's map may give only its own organisation's roles.
 */
static void test_org_sections(void **state)
{
	static const char *const org_b = "0b5a8a4e-1d2c-4f3b-9a1e-2c3d4e5f6a7b";
	char conf[400], gfile[400], text[2400];
	struct dir_config cfg;
	struct ldapauth_config s;
	struct dir_error err;
	size_t local = 0;
	FILE *f;

	(void)state;
	dir_error_init(&err);
	snprintf(gfile, sizeof(gfile), "%s/groups-b", dir);
	snprintf(conf, sizeof(conf), "%s/sections.conf", dir);
	f = fopen(gfile, "w");
	assert_non_null(f);
	fprintf(f, "cn=admins,ou=groups,dc=example,dc=org => org_admin %s\n", org_b);
	fclose(f);
	snprintf(text, sizeof(text),
		 "ldap_uri = ldaps://node.example\nldap_bind_dn = cn=x\n"
		 "ldap_bind_password_file = %s\nldap_user_base = dc=example,dc=org\n"
		 "ldap_groups_file = %s\n[ldap %s]\nldap_realm = B.example\n"
		 "ldap_uri = ldaps://b.example\nldap_bind_dn = cn=y\n"
		 "ldap_bind_password_file = %s\nldap_user_base = dc=b\nldap_groups_file = %s\n",
		 pwfile, groups, org_b, pwfile, gfile);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(config_defaults(&cfg), 0);
	assert_int_equal(config_read_file(&cfg, conf, &err), 0);
	assert_int_equal(cfg.n_ldap_orgs, 1);
	/* the node's map gives A's roles and a coordinator: fine for the node */
	assert_int_equal(ldapauth_check_config(&cfg, &err), 0);
	ldapauth_select(&cfg, "lena@b.EXAMPLE", &s, &local);
	assert_string_equal(s.uri, "ldaps://b.example");
	assert_string_equal(s.organization, org_b);
	assert_int_equal(local, 4);
	ldapauth_select(&cfg, "lena@c.example", &s, &local);
	assert_string_equal(s.uri, "ldaps://node.example");
	assert_string_equal(s.organization, "");
	assert_int_equal(local, strlen("lena@c.example"));
	ldapauth_select(&cfg, "@b.example", &s, &local);
	assert_string_equal(s.uri, "ldaps://node.example");
	config_free(&cfg);
	/* the node's map in the section: A's roles and a coordinator are refused */
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "ldap_groups_file = %s\n",
		 groups);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(config_defaults(&cfg), 0);
	assert_int_equal(config_read_file(&cfg, conf, &err), 0);
	assert_int_equal(ldapauth_check_config(&cfg, &err), -1);
	assert_non_null(strstr(err.message, "only registrar or org_admin of that organisation"));
	dir_error_clear(&err);
	config_free(&cfg);
	unlink(conf);
	unlink(gfile);
}

static void stop_slapd(void)
{
	char cmd[4600];

	if (!have_slapd)
		return;
	snprintf(cmd, sizeof(cmd), "%s stop %s && rm -rf %s", script, dir, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not stop slapd in %s\n", dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_escaping),
		cmocka_unit_test(test_groups_map_to_roles),
		cmocka_unit_test(test_starttls_and_plain),
		cmocka_unit_test(test_same_path_for_unknown_and_wrong),
		cmocka_unit_test(test_unreachable_and_silent),
		cmocka_unit_test(test_org_sections),
	};
	int rc;

	if (start_slapd() != 0) {
		fprintf(stderr, "test_ldap: slapd did not start\n");
		stop_slapd();
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	stop_slapd();
	return rc;
}
