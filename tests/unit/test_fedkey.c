/*
 * test_fedkey.c - node key files in a temporary folder (create, no
 * overwrite, load, strict mode, list), the RFC 9421 test key's fingerprint,
 * base64url and the key id forms of docs/federation.md section 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fedkey.h"

/* RFC 9421 appendix B.1.4, test-key-ed25519. */
static const unsigned char rfc_pk[FED_PK_BYTES] = {
	0x26, 0xb4, 0x0b, 0x8f, 0x93, 0xff, 0xf3, 0xd8, 0x97, 0x11, 0x2f,
	0x7e, 0xbc, 0x58, 0x2b, 0x23, 0x2d, 0xbd, 0x72, 0x51, 0x7d, 0x08,
	0x2f, 0xe8, 0x3c, 0xfb, 0x30, 0xdd, 0xce, 0x43, 0xd1, 0xbb,
};
#define RFC_SEED_B64 "n4Ni+HpISpVObnQMW0wOhCKROaIKqKtW/2ZYb2p9KcU=\n"
#define RFC_FP       "ed25519:JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_fedkey.XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void test_create_load_round_trip(void **state)
{
	struct fed_key a, b;
	struct dir_error err;
	struct stat st;
	char path[160], sub[128];
	unsigned char sig[FED_SIG_BYTES];

	(void)state;
	dir_error_init(&err);
	snprintf(sub, sizeof(sub), "%s/keys", dir); /* made by create, 0700 */
	assert_int_equal(fed_key_create(sub, 1, &a, &err), 0);
	assert_int_equal(a.n, 1);
	snprintf(path, sizeof(path), "%s/1.key", sub);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 45); /* 44 base64 characters and a newline */
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(fed_key_load(sub, 1, &b, &err), 0);
	assert_memory_equal(a.pk, b.pk, FED_PK_BYTES);
	assert_memory_equal(a.sk, b.sk, FED_SK_BYTES);
	assert_int_equal(fed_key_sign(&b, "msg", 3, sig), 0);
	assert_true(fed_ed25519_verify(a.pk, "msg", 3, sig));
	assert_false(fed_ed25519_verify(a.pk, "msh", 3, sig));
	fed_key_wipe(&a);
	fed_key_wipe(&b);
	for (size_t i = 0; i < FED_SK_BYTES; i++)
		assert_int_equal(b.sk[i], 0);
	assert_false(dir_error_isset(&err));
}

static void test_create_refuses_overwrite(void **state)
{
	struct fed_key a, b;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(fed_key_create(dir, 2, &a, &err), 0);
	assert_int_equal(fed_key_create(dir, 2, &b, &err), -1);
	assert_string_equal(err.code, "conflict");
	assert_non_null(strstr(err.message, "keys rotate"));
	dir_error_clear(&err);
	/* The first key is intact. */
	assert_int_equal(fed_key_load(dir, 2, &b, &err), 0);
	assert_memory_equal(a.pk, b.pk, FED_PK_BYTES);
	fed_key_wipe(&a);
	fed_key_wipe(&b);
}

static void test_load_known_seed(void **state)
{
	struct fed_key k;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	write_file("7.key", RFC_SEED_B64, 0600);
	assert_int_equal(fed_key_load(dir, 7, &k, &err), 0);
	assert_memory_equal(k.pk, rfc_pk, FED_PK_BYTES);
	assert_int_equal(k.n, 7);
	fed_key_wipe(&k);
}

static void test_load_refusals(void **state)
{
	static const struct {
		const char *text;
		mode_t mode;
		const char *code;
	} cases[] = {
		{ RFC_SEED_B64, 0644, "invalid_parameter" },
		{ RFC_SEED_B64, 0640, "invalid_parameter" },
		{ RFC_SEED_B64, 0602, "invalid_parameter" },
		{ "n4Ni+HpISpVObnQMW0wOhCKROaIKqKtW/2ZYb2p9KQ==\n", 0600, "invalid_parameter" },
		{ "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU=\n", 0600, "invalid_parameter" },
		{ RFC_SEED_B64 "x", 0600, "invalid_parameter" },
		{ "", 0600, "invalid_parameter" },
	};
	struct fed_key k;
	struct dir_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dir_error_init(&err);
		write_file("9.key", cases[i].text, cases[i].mode);
		assert_int_equal(fed_key_load(dir, 9, &k, &err), -1);
		assert_string_equal(err.code, cases[i].code);
		dir_error_clear(&err);
	}
	assert_int_equal(fed_key_load(dir, 10, &k, &err), -1);
	assert_string_equal(err.code, "not_found");
	dir_error_clear(&err);
}

static void test_list(void **state)
{
	unsigned int ns[8];
	size_t count = 99;
	struct dir_error err;
	char missing[128];

	(void)state;
	dir_error_init(&err);
	write_file("12.key", RFC_SEED_B64, 0600);
	write_file("3.key", RFC_SEED_B64, 0600);
	write_file("1.key", RFC_SEED_B64, 0600);
	write_file("01.key", RFC_SEED_B64, 0600);
	write_file("0.key", RFC_SEED_B64, 0600);
	write_file("2.key.bak", RFC_SEED_B64, 0600);
	write_file("x.key", RFC_SEED_B64, 0600);
	assert_int_equal(fed_key_list(dir, ns, 8, &count, &err), 0);
	assert_int_equal(count, 3);
	assert_int_equal(ns[0], 1);
	assert_int_equal(ns[1], 3);
	assert_int_equal(ns[2], 12);
	assert_int_equal(fed_key_list(dir, ns, 2, &count, &err), -1);
	assert_string_equal(err.code, "internal_error");
	dir_error_clear(&err);
	snprintf(missing, sizeof(missing), "%s/none", dir);
	assert_int_equal(fed_key_list(missing, ns, 8, &count, &err), 0);
	assert_int_equal(count, 0);
}

static void test_fingerprint_rfc9421_key(void **state)
{
	char fp[FED_FINGERPRINT_MAX];
	unsigned char pk[FED_PK_BYTES];

	(void)state;
	fed_fingerprint(rfc_pk, fp);
	assert_string_equal(fp, RFC_FP);
	assert_int_equal(fed_fingerprint_parse(RFC_FP, pk), 0);
	assert_memory_equal(pk, rfc_pk, FED_PK_BYTES);
	assert_int_equal(
		fed_fingerprint_parse("ed25519:JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs=", pk),
		-1);
	assert_int_equal(
		fed_fingerprint_parse("ed25519:JrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs", pk),
		-1);
	assert_int_equal(
		fed_fingerprint_parse("rsa:JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs", pk), -1);
	assert_int_equal(
		fed_fingerprint_parse("ed25519:JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0b", pk),
		-1);
	assert_int_equal(fed_fingerprint_parse("ed25519:", pk), -1);
}

static void test_b64url(void **state)
{
	char out[16];
	unsigned char bin[3];

	(void)state;
	assert_int_equal(fed_b64url_encode((const unsigned char *)"\xfb\xff", 2, out, sizeof(out)),
			 0);
	assert_string_equal(out, "-_8");
	assert_int_equal(fed_b64url_encode((const unsigned char *)"abcdef", 6, out, 8), -1);
	assert_int_equal(fed_b64url_encode((const unsigned char *)"abcdef", 6, out, 9), 0);
	assert_string_equal(out, "YWJjZGVm");
	assert_int_equal(fed_b64url_decode("-_8", bin, 2), 0);
	assert_memory_equal(bin, "\xfb\xff", 2);
	assert_int_equal(fed_b64url_decode("-_8=", bin, 2), -1);
	assert_int_equal(fed_b64url_decode("-_9", bin, 2), -1); /* non-zero trailing bits */
	assert_int_equal(fed_b64url_decode("-_8", bin, 3), -1);
	assert_int_equal(fed_b64url_decode("YWJj", bin, 2), -1);
}

static void test_keyid(void **state)
{
	static const struct {
		const char *keyid;
		const char *node;
		unsigned int n;
	} cases[] = {
		{ "127.0.0.1:8101#1", "127.0.0.1:8101", 1 },
		{ "ch.directory.example#2", "ch.directory.example", 2 },
		{ "[::1]:8101#999999", "[::1]:8101", 999999 },
		{ "host#", NULL, 0 },
		{ "host#0", NULL, 0 },
		{ "host#01", NULL, 0 },
		{ "host#1x", NULL, 0 },
		{ "host#1 ", NULL, 0 },
		{ "host#-1", NULL, 0 },
		{ "host#+1", NULL, 0 },
		{ "host#1000000", NULL, 0 },
		{ "host", NULL, 0 },
		{ "#1", NULL, 0 },
		{ "a#b#1", NULL, 0 },
		{ "Host#1", NULL, 0 },
		{ "ho st#1", NULL, 0 },
	};
	char node[FED_KEYID_MAX], id[FED_KEYID_MAX], big[FED_KEYID_MAX + 8];
	unsigned int n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = fed_keyid_split(cases[i].keyid, node, sizeof(node), &n);
		if (cases[i].node == NULL) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(node, cases[i].node);
		assert_int_equal(n, cases[i].n);
	}
	assert_int_equal(fed_keyid_split("abcdef#1", node, 6, &n), -1);
	assert_int_equal(fed_keyid("127.0.0.1:8101", 3, id), 0);
	assert_string_equal(id, "127.0.0.1:8101#3");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(fed_keyid(big, 1, id), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_load_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_known_seed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test(test_fingerprint_rfc9421_key),
		cmocka_unit_test(test_b64url),
		cmocka_unit_test(test_keyid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
