/*
 * test_auth.c - accounts, invitations, sessions and credentials against a
 * real PostgreSQL: an invitation makes an account once; a wrong password,
 * an unknown user, a disabled account and an LDAP account fail the same
 * way at the cost of exactly one argon2id verification each (counted, not
 * timed); disabling, a new password, idle and absolute expiry end
 * sessions; an organisation admin reaches no other organisation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "invite.h"
#include "password.h"
#include "principal.h"
#include "session.h"
#include "testdb.h"

static PGconn *conn;
static char org_a[37], org_b[37];
static const struct session_limits limits = { 1800, 43200 };

#define SKIP_WITHOUT_DB()         \
	do {                      \
		(void)state;      \
		if (conn == NULL) \
			skip();   \
	} while (0)

static void make_org(const char *name, char id[37])
{
	const char *params[1] = { name };
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn,
		      "SELECT dir_put_organization(jsonb_build_object('name', $1::text), NULL)", 1,
		      params, &err);
	if (res == NULL)
		fail_msg("%s", err.message);
	snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
}

/* An account made through an invitation; returns its id in id. */
static void invited(enum auth_role role, const char *org, const char *user, const char *pw,
		    char id[37])
{
	struct invite_new inv;
	struct dir_error err;

	dir_error_init(&err);
	if (invite_create(conn, role, org, NULL, NULL, 3600, NULL, &inv, &err) != 0 ||
	    invite_accept(conn, inv.code, user, pw, id, &err) != 0)
		fail_msg("%s: %s", err.code, err.message);
}

/* Sign in; returns 0 or -1 and leaves the error code in code. */
static int login(const char *user, const char *pw, struct session_new *s, char code[64])
{
	struct auth_principal who;
	struct dir_error err;
	int rc;

	dir_error_init(&err);
	rc = session_check_password(conn, user, pw, &who, &err);
	if (rc == 0)
		rc = session_open(conn, &who, &limits, s, &err);
	snprintf(code, 64, "%s", err.code);
	dir_error_clear(&err);
	return rc;
}

/* Authenticate a bearer secret with an idle limit; 0 or -1. */
static int bearer(const char *secret, long idle, struct auth_principal *p)
{
	char header[128];
	struct dir_error err;
	int rc;

	snprintf(header, sizeof(header), "Bearer %s", secret);
	dir_error_init(&err);
	rc = auth_authenticate(conn, header, idle, p, &err);
	if (rc != 0)
		assert_string_equal(err.code, "unauthorized");
	dir_error_clear(&err);
	return rc;
}

static void test_invitation_login_whoami(void **state)
{
	struct session_new s;
	struct auth_principal p;
	char id[37], code[64];

	SKIP_WITHOUT_DB();
	invited(AUTH_ORG_ADMIN, org_a, "Ana", "correct horse battery", id);
	assert_int_equal(login("ana", "correct horse battery", &s, code), 0);
	assert_int_equal(strncmp(s.token, "dse_", 4), 0);
	assert_int_equal(bearer(s.token, 1800, &p), 0);
	assert_int_equal(p.role, AUTH_ORG_ADMIN);
	assert_string_equal(p.organization, org_a);
	assert_string_equal(p.account_id, id);
	assert_string_equal(p.username, "Ana");
	/* only the hash is stored */
	{
		const char *params[1] = { s.token };
		struct dir_error err;
		PGresult *res;
		dir_error_init(&err);
		res = db_exec(conn,
			      "SELECT count(*) FROM auth_session WHERE token_hash = $1"
			      " OR token_hash LIKE '%' || substr($1, 5, 20) || '%'",
			      1, params, &err);
		assert_non_null(res);
		assert_string_equal(PQgetvalue(res, 0, 0), "0");
		PQclear(res);
	}
}

static void test_same_failure_same_cost(void **state)
{
	struct session_new s;
	char id[37], code[64];
	const char *cases[][2] = {
		{ "bea", "wrong password!" },               /* wrong password */
		{ "nobody-here", "correct horse battery" }, /* unknown user */
		{ "bea", "" },                              /* empty password */
		{ "*", "correct horse battery" },           /* a pattern, not a user */
	};

	SKIP_WITHOUT_DB();
	invited(AUTH_REGISTRAR, org_a, "bea", "correct horse battery", id);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long before = auth_password_verifications();
		assert_int_equal(login(cases[i][0], cases[i][1], &s, code), -1);
		assert_string_equal(code, "invalid_credentials");
		assert_int_equal(auth_password_verifications() - before, 1);
	}
	/* a disabled account fails the same way, at the same cost */
	{
		struct dir_error err;
		unsigned long before;
		dir_error_init(&err);
		assert_int_equal(account_set_disabled(conn, id, 1, NULL, &err), 0);
		before = auth_password_verifications();
		assert_int_equal(login("bea", "correct horse battery", &s, code), -1);
		assert_string_equal(code, "invalid_credentials");
		assert_int_equal(auth_password_verifications() - before, 1);
	}
}

static void test_invitation_once_revoked_expired(void **state)
{
	struct invite_new inv, revoked, expired;
	struct dir_error err;
	char id[37];

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	assert_int_equal(
		invite_create(conn, AUTH_REGISTRAR, org_a, NULL, NULL, 3600, NULL, &inv, &err), 0);
	assert_int_equal(invite_accept(conn, inv.code, "carla", "correct horse battery", id, &err),
			 0);
	assert_int_equal(invite_accept(conn, inv.code, "carla2", "correct horse battery", id, &err),
			 -1);
	assert_string_equal(err.code, "invitation_used");
	dir_error_clear(&err);
	assert_int_equal(
		invite_create(conn, AUTH_REGISTRAR, org_a, NULL, NULL, 3600, NULL, &revoked, &err),
		0);
	assert_int_equal(invite_revoke(conn, revoked.id, NULL, &err), 0);
	assert_int_equal(
		invite_accept(conn, revoked.code, "dora", "correct horse battery", id, &err), -1);
	assert_string_equal(err.code, "invitation_revoked");
	dir_error_clear(&err);
	assert_int_equal(
		invite_create(conn, AUTH_REGISTRAR, org_a, NULL, NULL, 0, NULL, &expired, &err), 0);
	assert_int_equal(
		invite_accept(conn, expired.code, "dora", "correct horse battery", id, &err), -1);
	assert_string_equal(err.code, "invitation_expired");
	dir_error_clear(&err);
	assert_int_equal(
		invite_accept(conn, "div_nonsense", "dora", "correct horse battery", id, &err), -1);
	assert_string_equal(err.code, "invalid_invitation");
	dir_error_clear(&err);
	/* a weak password is refused before the code is spent */
	assert_int_equal(
		invite_create(conn, AUTH_REGISTRAR, org_a, NULL, NULL, 3600, NULL, &inv, &err), 0);
	assert_int_equal(invite_accept(conn, inv.code, "dora", "short", id, &err), -1);
	assert_string_equal(err.code, "weak_password");
	dir_error_clear(&err);
	assert_int_equal(invite_accept(conn, inv.code, "dora", "correct horse battery", id, &err),
			 0);
}

static void test_sessions_end(void **state)
{
	struct session_new s1, s2, s3;
	struct session_limits short_life = { 1800, 0 };
	struct auth_principal p, who;
	struct dir_error err;
	char id[37], code[64], hash[AUTH_PWHASH_MAX];

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	invited(AUTH_REGISTRAR, org_b, "eve", "correct horse battery", id);
	assert_int_equal(login("eve", "correct horse battery", &s1, code), 0);
	assert_int_equal(bearer(s1.token, 0, &p), -1); /* idle limit passed */
	assert_int_equal(session_check_password(conn, "eve", "correct horse battery", &who, &err),
			 0);
	assert_int_equal(session_open(conn, &who, &short_life, &s2, &err), 0);
	assert_int_equal(bearer(s2.token, 1800, &p), -1); /* absolute limit passed */
	/* a new password ends the sessions, and the old password stops working */
	assert_int_equal(login("eve", "correct horse battery", &s3, code), 0);
	assert_int_equal(bearer(s3.token, 1800, &p), 0);
	assert_int_equal(auth_password_hash("another good password", hash, &err), 0);
	assert_int_equal(account_set_password(conn, id, hash, NULL, &err), 0);
	assert_int_equal(bearer(s3.token, 1800, &p), -1);
	assert_int_equal(login("eve", "correct horse battery", &s3, code), -1);
	assert_int_equal(login("eve", "another good password", &s3, code), 0);
	/* signing out ends it */
	assert_int_equal(bearer(s3.token, 1800, &p), 0);
	assert_int_equal(session_close(conn, p.session_id, &err), 0);
	assert_int_equal(bearer(s3.token, 1800, &p), -1);
}

static void test_rehash_when_limits_rise(void **state)
{
	struct session_new s;
	char id[37], code[64];
	const char *params[1] = { "fran" };
	struct dir_error err;
	PGresult *before, *after;

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	invited(AUTH_REGISTRAR, org_a, "fran", "correct horse battery", id);
	before = db_exec(conn, "SELECT password_hash FROM account WHERE username = $1", 1, params,
			 &err);
	auth_password_set_limits(crypto_pwhash_OPSLIMIT_INTERACTIVE + 1,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
	assert_int_equal(login("fran", "correct horse battery", &s, code), 0);
	after = db_exec(conn, "SELECT password_hash FROM account WHERE username = $1", 1, params,
			&err);
	auth_password_set_limits(0, 0);
	assert_string_not_equal(PQgetvalue(before, 0, 0), PQgetvalue(after, 0, 0));
	assert_true(strstr(PQgetvalue(after, 0, 0), "$argon2id$") == PQgetvalue(after, 0, 0));
	assert_non_null(strstr(PQgetvalue(after, 0, 0), "t=3"));
	PQclear(before);
	PQclear(after);
	assert_int_equal(login("fran", "correct horse battery", &s, code), 0);
}

static void test_org_admin_reaches_no_other_org(void **state)
{
	struct invite_new inv;
	struct dir_error err;
	char a_id[37], b_id[37];

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	invited(AUTH_REGISTRAR, org_a, "gil", "correct horse battery", a_id);
	invited(AUTH_REGISTRAR, org_b, "hal", "correct horse battery", b_id);
	assert_int_equal(account_set_disabled(conn, b_id, 1, org_a, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	assert_int_equal(account_set_role(conn, b_id, AUTH_ORG_ADMIN, NULL, org_a, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	assert_int_equal(account_set_role(conn, a_id, AUTH_REGISTRAR, org_b, org_a, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	assert_int_equal(
		invite_create(conn, AUTH_REGISTRAR, org_b, NULL, NULL, 60, org_a, &inv, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	assert_int_equal(
		invite_create(conn, AUTH_NODE_ADMIN, NULL, NULL, NULL, 60, org_a, &inv, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	/* a reset invitation for another organisation's account */
	assert_int_equal(
		invite_create(conn, AUTH_ROLE_NONE, NULL, b_id, NULL, 60, org_a, &inv, &err), -1);
	assert_string_equal(err.code, "forbidden");
	dir_error_clear(&err);
	{
		json_t *list = account_list(conn, org_a, &err);
		size_t i;
		json_t *a;
		assert_non_null(list);
		json_array_foreach(list, i, a) assert_string_equal(
			json_string_value(json_object_get(a, "organization_id")), org_a);
		json_decref(list);
	}
}

static void test_reset_invitation(void **state)
{
	struct invite_new inv;
	struct session_new s;
	struct dir_error err;
	char id[37], again[37], code[64];

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	invited(AUTH_REGISTRAR, org_a, "ida", "correct horse battery", id);
	assert_int_equal(invite_create(conn, AUTH_ROLE_NONE, NULL, id, NULL, 60, org_a, &inv, &err),
			 0);
	assert_int_equal(
		invite_accept(conn, inv.code, "ignored", "a brand new password", again, &err), 0);
	assert_string_equal(again, id);
	assert_int_equal(login("ida", "correct horse battery", &s, code), -1);
	assert_int_equal(login("ida", "a brand new password", &s, code), 0);
}

/* Run one statement that must work. */
static void sql_ok(const char *sql, int n, const char *const *params)
{
	struct dir_error err;

	dir_error_init(&err);
	if (db_command(conn, sql, n, params, &err) != 0)
		fail_msg("%s: %s", sql, err.message);
}

/* A write applied from a peer is audited as federation, with origin and peer. */
static void test_federation_write_is_audited(void **state)
{
	const char *params[1] = { "3b0f7c52-5d7e-4f4e-9a3e-6f9b1c2d3e4f" };
	struct dir_error err;
	PGresult *res;

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	assert_int_equal(db_begin(conn, &err), 0);
	sql_ok("SELECT set_config('directoryd.applying', 'on', true)", 0, NULL);
	sql_ok("SELECT dir_put_organization(jsonb_build_object('id', $1::text,"
	       " 'name', 'Mirrored collective', 'description', ''), NULL)",
	       1, params);
	sql_ok("INSERT INTO fed_record (type, id, origin, version, updated, deleted, record, keyid,"
	       " sig, seq, fetched_at, via_peer) VALUES ('organization', $1::uuid,"
	       " 'origin.example', 1, now(), false, '{}', 'k1', 's', 987654321, now(),"
	       " 'relay.example')",
	       1, params);
	sql_ok("SELECT set_config('directoryd.applying', 'off', true)", 0, NULL);
	assert_int_equal(db_commit(conn, &err), 0);
	res = db_exec(conn,
		      "SELECT way, detail ->> 'origin', detail ->> 'peer', patch -> 0 ->> 'op'"
		      " FROM audit WHERE record_id = $1::uuid",
		      1, params, &err);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), "federation");
	assert_string_equal(PQgetvalue(res, 0, 1), "origin.example");
	assert_string_equal(PQgetvalue(res, 0, 2), "relay.example");
	assert_string_equal(PQgetvalue(res, 0, 3), "replace");
	PQclear(res);
}

/* A write with no stated actor still leaves an entry: no way in skips the trail. */
static void test_every_write_is_audited(void **state)
{
	struct dir_error err;
	PGresult *res;
	char before[32];

	SKIP_WITHOUT_DB();
	dir_error_init(&err);
	res = db_exec(conn, "SELECT count(*) FROM audit", 0, NULL, &err);
	snprintf(before, sizeof(before), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	sql_ok("UPDATE organization SET description = 'changed behind the API' WHERE id = $1::uuid",
	       1, (const char *const[]){ org_a });
	res = db_exec(
		conn,
		"SELECT count(*) - $1::bigint, (SELECT way FROM audit ORDER BY id DESC LIMIT 1)"
		" FROM audit",
		1, (const char *const[]){ before }, &err);
	assert_string_equal(PQgetvalue(res, 0, 0), "1");
	assert_string_equal(PQgetvalue(res, 0, 1), "unknown");
	PQclear(res);
}

int main(void)
{
	int skipped = 0, rc;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invitation_login_whoami),
		cmocka_unit_test(test_same_failure_same_cost),
		cmocka_unit_test(test_invitation_once_revoked_expired),
		cmocka_unit_test(test_sessions_end),
		cmocka_unit_test(test_rehash_when_limits_rise),
		cmocka_unit_test(test_org_admin_reaches_no_other_org),
		cmocka_unit_test(test_reset_invitation),
		cmocka_unit_test(test_federation_write_is_audited),
		cmocka_unit_test(test_every_write_is_audited),
	};

	conn = TESTDB_OPEN(dirtest_unit_auth, "test_auth", &skipped);
	if (conn == NULL && !skipped)
		return 1;
	if (conn != NULL) {
		make_org("Collective A", org_a);
		make_org("Association B", org_b);
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	PQfinish(conn);
	return rc;
}
