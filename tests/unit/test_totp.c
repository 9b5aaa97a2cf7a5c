/*
 * test_totp.c - TOTP codes against the test vectors of RFC 6238 (Appendix
 * B, HMAC-SHA1), the window and the step a code matches, sealing a secret
 * and opening it only under its key, and the key file (made 0600, refused
 * when others may read it). Times are passed in: nothing here waits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "totp.h"

/* RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890". */
static const unsigned char rfc_seed[] = "12345678901234567890";

static const struct {
	time_t t;
	const char *code; /* 8 digits */
} rfc_vectors[] = {
	{ 59, "94287082" },         { 1111111109, "07081804" }, { 1111111111, "14050471" },
	{ 1234567890, "89005924" }, { 2000000000, "69279037" }, { 20000000000, "65353130" },
};

static void test_rfc6238_vectors(void **state)
{
	char out[9];

	(void)state;
	for (size_t i = 0; i < sizeof(rfc_vectors) / sizeof(rfc_vectors[0]); i++) {
		assert_int_equal(totp_code(rfc_seed, 20, rfc_vectors[i].t, 8, out), 0);
		assert_string_equal(out, rfc_vectors[i].code);
		/* the 6-digit code is the last 6 digits (RFC 4226 section 5.3) */
		assert_int_equal(totp_code(rfc_seed, 20, rfc_vectors[i].t, 6, out), 0);
		assert_string_equal(out, rfc_vectors[i].code + 2);
	}
}

static void test_match_window_and_step(void **state)
{
	char code[8];
	time_t now = 1111111111; /* step 37037037 */

	(void)state;
	assert_int_equal(totp_code(rfc_seed, 20, now, 6, code), 0);
	assert_int_equal(totp_match(rfc_seed, 20, now, code), 37037037);
	/* one step of skew either way is accepted, and says which step it was */
	assert_int_equal(totp_code(rfc_seed, 20, now - 30, 6, code), 0);
	assert_int_equal(totp_match(rfc_seed, 20, now, code), 37037036);
	assert_int_equal(totp_code(rfc_seed, 20, now + 30, 6, code), 0);
	assert_int_equal(totp_match(rfc_seed, 20, now, code), 37037038);
	/* two steps away is not */
	assert_int_equal(totp_code(rfc_seed, 20, now - 90, 6, code), 0);
	assert_int_equal(totp_match(rfc_seed, 20, now, code), -1);
	/* malformed codes */
	assert_int_equal(totp_match(rfc_seed, 20, now, ""), -1);
	assert_int_equal(totp_match(rfc_seed, 20, now, "12345"), -1);
	assert_int_equal(totp_match(rfc_seed, 20, now, "1234567"), -1);
	assert_int_equal(totp_match(rfc_seed, 20, now, "12a456"), -1);
}

static void test_seal_and_open(void **state)
{
	unsigned char key[TOTP_KEY_BYTES], other[TOTP_KEY_BYTES], secret[TOTP_SECRET_BYTES];
	char sealed[128], again[128];

	(void)state;
	memset(key, 7, sizeof(key));
	memset(other, 8, sizeof(other));
	assert_int_equal(totp_seal(key, rfc_seed, sealed, sizeof(sealed)), 0);
	assert_null(strstr(sealed, "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA")); /* not the seed in base64 */
	assert_int_equal(totp_open(key, sealed, secret), 0);
	assert_memory_equal(secret, rfc_seed, TOTP_SECRET_BYTES);
	/* a fresh nonce each time */
	assert_int_equal(totp_seal(key, rfc_seed, again, sizeof(again)), 0);
	assert_string_not_equal(sealed, again);
	/* another key, a changed byte, garbage: refused */
	assert_int_equal(totp_open(other, sealed, secret), -1);
	sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
	assert_int_equal(totp_open(key, sealed, secret), -1);
	assert_int_equal(totp_open(key, "not base64 at all!", secret), -1);
	assert_int_equal(totp_seal(key, rfc_seed, sealed, 16), -1);
}

static void test_key_file(void **state)
{
	char dir[] = "/tmp/test-totp-XXXXXX", sub[64], path[96];
	unsigned char key[TOTP_KEY_BYTES], again[TOTP_KEY_BYTES];
	struct dir_error err;
	struct stat st;

	(void)state;
	dir_error_init(&err);
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/keys", dir);
	snprintf(path, sizeof(path), "%s/totp.key", sub);
	/* missing and not to be made */
	assert_int_equal(totp_key_load(sub, 0, key, &err), -1);
	assert_string_equal(err.code, "internal_error");
	dir_error_clear(&err);
	/* made once, 0600, and the same key after */
	assert_int_equal(totp_key_load(sub, 1, key, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(totp_key_load(sub, 1, again, &err), 0);
	assert_memory_equal(key, again, sizeof(key));
	/* readable by others: refused */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(totp_key_load(sub, 0, key, &err), -1);
	assert_non_null(strstr(err.message, "chmod 600"));
	dir_error_clear(&err);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_match_window_and_step),
		cmocka_unit_test(test_seal_and_open),
		cmocka_unit_test(test_key_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
