/*
 * test_sign.c - RFC 9421 with Ed25519 as profiled in docs/federation.md
 * section 4: the RFC's B.2.6 signature base and signature byte for byte,
 * B.2.5 (HMAC) as a second check of the base, RFC 9530 digests, request and
 * response round trips, and one test for each refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign.h"

#define B2_DATE    "Tue, 20 Apr 2021 02:07:55 GMT"
#define B2_CREATED 1618884473LL
#define B26_PARAMS                                                                            \
	"(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")" \
	";created=1618884473;keyid=\"test-key-ed25519\""
#define B26_BASE                               \
	"\"date\": " B2_DATE "\n"              \
	"\"@method\": POST\n"                  \
	"\"@path\": /foo\n"                    \
	"\"@authority\": example.com\n"        \
	"\"content-type\": application/json\n" \
	"\"content-length\": 18\n"             \
	"\"@signature-params\": " B26_PARAMS
#define B26_SIG                                                                          \
	"wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5" \
	"WPpBKRCw=="
#define HELLO "{\"hello\": \"world\"}"

/* RFC 9421 B.1.4 test-key-ed25519's seed. */
static const unsigned char rfc_seed[32] = {
	0x9f, 0x83, 0x62, 0xf8, 0x7a, 0x48, 0x4a, 0x95, 0x4e, 0x6e, 0x74,
	0x0c, 0x5b, 0x4c, 0x0e, 0x84, 0x22, 0x91, 0x39, 0xa2, 0x0a, 0xa8,
	0xab, 0x56, 0xff, 0x66, 0x58, 0x6f, 0x6a, 0x7d, 0x29, 0xc5,
};

static const struct sig_component b26_components[] = {
	{ "date", 0, B2_DATE },
	{ "@method", 0, "POST" },
	{ "@path", 0, "/foo" },
	{ "@authority", 0, "example.com" },
	{ "content-type", 0, "application/json" },
	{ "content-length", 0, "18" },
};

#define NOW 1764412800LL

static struct fed_key key, other_key;

static int group_setup(void **state)
{
	unsigned char seed[32];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	key.n = 1;
	crypto_sign_seed_keypair(key.pk, key.sk, rfc_seed);
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(other_key.pk, other_key.sk, seed);
	return 0;
}

static void test_b26_base_and_signature(void **state)
{
	struct sig_params p = { B2_CREATED, -1, "", "test-key-ed25519", "", "" };
	struct dir_error err;
	unsigned char sig[FED_SIG_BYTES];
	char b64[FED_SIG_B64_MAX], *params, *base;
	size_t len = 0;

	(void)state;
	dir_error_init(&err);
	params = sig_params_value(b26_components, 6, &p, &err);
	assert_non_null(params);
	assert_string_equal(params, B26_PARAMS);
	base = sig_base(b26_components, 6, params, &len, &err);
	assert_non_null(base);
	assert_int_equal(len, 284);
	assert_string_equal(base, B26_BASE);
	assert_int_equal(fed_key_sign(&key, base, len, sig), 0);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig), sodium_base64_VARIANT_ORIGINAL);
	assert_string_equal(b64, B26_SIG);
	free(params);
	free(base);
}

/* Parse the RFC's header pair and check its signature over the rebuilt base. */
static void test_b26_parse_and_verify(void **state)
{
	struct sig_parsed p;
	struct dir_error err;
	char *base;
	size_t len = 0;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(sig_parse("sig-b26=" B26_PARAMS, "sig-b26=:" B26_SIG ":", NULL, &p, &err),
			 0);
	assert_string_equal(p.label, "sig-b26");
	assert_int_equal(p.ncomps, 6);
	assert_string_equal(p.comps[2].name, "@path");
	assert_int_equal(p.params.created, B2_CREATED);
	assert_int_equal(p.params.expires, -1);
	assert_string_equal(p.params.keyid, "test-key-ed25519");
	assert_string_equal(p.params_value, B26_PARAMS);
	base = sig_base(b26_components, 6, p.params_value, &len, &err);
	assert_string_equal(base, B26_BASE);
	assert_true(fed_ed25519_verify(key.pk, base, len, p.sig));
	base[10] ^= 1;
	assert_false(fed_ed25519_verify(key.pk, base, len, p.sig));
	free(base);
	sig_parsed_free(&p);
	sig_parsed_free(&p);
}

static void test_b25_hmac(void **state)
{
	static const struct sig_component c[] = {
		{ "date", 0, B2_DATE },
		{ "@authority", 0, "example.com" },
		{ "content-type", 0, "application/json" },
	};
	struct sig_params p = { B2_CREATED, -1, "", "test-shared-secret", "", "" };
	const char *secret =
		"uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi"
		"6pcl8jsasjlTMtDQ==";
	unsigned char k[64], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	char b64[64], *params, *base;
	size_t klen = 0, len = 0;

	(void)state;
	assert_int_equal(sodium_base642bin(k, sizeof(k), secret, strlen(secret), NULL, &klen, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(klen, 64);
	params = sig_params_value(c, 3, &p, NULL);
	base = sig_base(c, 3, params, &len, NULL);
	assert_non_null(base);
	crypto_auth_hmacsha256_init(&st, k, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)base, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	assert_string_equal(b64, "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=");
	free(params);
	free(base);
}

static void test_rfc9530_digests(void **state)
{
	unsigned char h[crypto_hash_sha512_BYTES];
	char out[SIG_DIGEST_MAX], b64[128];
	struct dir_error err;

	(void)state;
	sig_content_digest(HELLO, strlen(HELLO), out);
	assert_string_equal(out, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
	crypto_hash_sha512(h, (const unsigned char *)HELLO, strlen(HELLO));
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h), sodium_base64_VARIANT_ORIGINAL);
	assert_string_equal(b64, "WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BN"
				 "NyealdVLvRwEmTHWXvJwew==");
	dir_error_init(&err);
	assert_int_equal(sig_digest_check(out, HELLO, strlen(HELLO), &err), 0);
	/* Other members are ignored; sha-256 decides. */
	assert_int_equal(sig_digest_check("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+"
					  "AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:, "
					  "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
					  HELLO, strlen(HELLO), &err),
			 0);
	assert_false(dir_error_isset(&err));
}

static void test_digest_refusals(void **state)
{
	static const char *const bad[] = {
		"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", /* for another body */
		"sha-512=:WZDPaVn/"
		"7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRw"
		"EmTHWXvJwew==:",
		"sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"",
		"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9D:",
		"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:,",
		"",
	};
	struct dir_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dir_error_init(&err);
		assert_int_equal(sig_digest_check(bad[i], "{\"hello\": \"world!\"}", 19, &err), -1);
		assert_string_equal(err.code, "digest_mismatch");
		dir_error_clear(&err);
	}
	assert_int_equal(sig_digest_check(NULL, "", 0, &err), -1);
	assert_string_equal(err.code, "component_missing");
	dir_error_clear(&err);
}

static const struct sig_message request = {
	.method = "POST",
	.target_uri = "http://127.0.0.1:8101/federation/v1/notify",
	.authority = "127.0.0.1:8101",
	.content_type = "application/json",
	.content_digest = "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:",
};

static const struct sig_message response = {
	.status = 200,
	.content_type = "application/json",
	.content_digest = "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:",
	.req_method = "GET",
	.req_target_uri = "http://127.0.0.1:8101/federation/v1/changes?since=abc",
};

/* Sign m at NOW with our key and run every check of a verifier at now. */
static int sign_and_verify(const struct sig_message *signed_m, const struct sig_message *seen,
			   long long now, struct dir_error *err)
{
	char *input = NULL, *sig = NULL;
	struct sig_parsed p;
	int rc;

	assert_int_equal(sig_sign(signed_m, &key, "127.0.0.1:8103#1", NOW, "q7cqzmhS3Zx1SfWAvCdvKQ",
				  &input, &sig, NULL),
			 0);
	rc = sig_parse(input, sig, SIG_TAG, &p, err);
	if (rc == 0)
		rc = sig_check_components(&p, seen, err) != 0 ||
				     sig_check_time(&p, now, 300, err) != 0 ||
				     sig_verify(&p, seen, key.pk, err) != 0
			     ? -1
			     : 0;
	sig_parsed_free(&p);
	free(input);
	free(sig);
	return rc;
}

static void test_request_round_trip(void **state)
{
	struct sig_message get = { .method = "GET",
				   .target_uri = "http://127.0.0.1:8101/federation/v1/changes",
				   .authority = "127.0.0.1:8101" };
	char *input = NULL, *sig = NULL, digest[SIG_DIGEST_MAX];
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	sig_content_digest("{}", 2, digest);
	assert_string_equal(digest, request.content_digest);
	assert_int_equal(sig_sign(&request, &key, "127.0.0.1:8103#1", NOW, "q7cqzmhS3Zx1SfWAvCdvKQ",
				  &input, &sig, &err),
			 0);
	assert_string_equal(input,
			    "fed=(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\" "
			    "\"content-type\");created=1764412800;expires=1764413100;"
			    "nonce=\"q7cqzmhS3Zx1SfWAvCdvKQ\";keyid=\"127.0.0.1:8103#1\";"
			    "tag=\"directoryd-fed/1\"");
	assert_int_equal(strncmp(sig, "fed=:", 5), 0);
	assert_int_equal(strlen(sig), 5 + 88 + 1);
	free(input);
	free(sig);
	assert_int_equal(sign_and_verify(&request, &request, NOW + 10, &err), 0);
	assert_int_equal(sig_sign(&get, &key, "127.0.0.1:8103#1", NOW, "n", &input, &sig, &err), 0);
	assert_non_null(strstr(input, "fed=(\"@method\" \"@target-uri\" \"@authority\");"));
	free(input);
	free(sig);
	assert_int_equal(sign_and_verify(&get, &get, NOW, &err), 0);
	assert_false(dir_error_isset(&err));
}

static void test_response_round_trip(void **state)
{
	char *input = NULL, *sig = NULL;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(sig_sign(&response, &key, "127.0.0.1:8103#1", NOW,
				  "q7cqzmhS3Zx1SfWAvCdvKQ", &input, &sig, &err),
			 0);
	assert_non_null(strstr(input, "fed=(\"@status\" \"content-type\" \"content-digest\" "
				      "\"@method\";req \"@target-uri\";req);created="));
	free(input);
	free(sig);
	assert_int_equal(sign_and_verify(&response, &response, NOW, &err), 0);
	assert_false(dir_error_isset(&err));
}

static void expect(int rc, struct dir_error *err, const char *code)
{
	assert_int_equal(rc, -1);
	assert_string_equal(err->code, code);
	dir_error_clear(err);
}

static void test_tampered_component(void **state)
{
	struct sig_message m = request;
	struct sig_message r = response;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	m.target_uri = "http://127.0.0.1:8101/federation/v1/notify?x=1";
	expect(sign_and_verify(&request, &m, NOW, &err), &err, "signature_invalid");
	m = request;
	m.method = "PUT";
	expect(sign_and_verify(&request, &m, NOW, &err), &err, "signature_invalid");
	r.status = 201;
	expect(sign_and_verify(&response, &r, NOW, &err), &err, "signature_invalid");
	r = response;
	r.req_target_uri = "http://127.0.0.1:8101/federation/v1/changes?since=abd";
	expect(sign_and_verify(&response, &r, NOW, &err), &err, "signature_invalid");
	/* The body changed: its digest differs from the signed one. */
	m = request;
	m.content_digest = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
	expect(sign_and_verify(&request, &m, NOW, &err), &err, "signature_invalid");
	expect(sig_digest_check(request.content_digest, "{ }", 3, &err), &err, "digest_mismatch");
}

static void test_wrong_key(void **state)
{
	char *input = NULL, *sig = NULL;
	struct sig_parsed p;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_int_equal(
		sig_sign(&request, &other_key, "127.0.0.1:8103#1", NOW, "n", &input, &sig, &err),
		0);
	assert_int_equal(sig_parse(input, sig, SIG_TAG, &p, &err), 0);
	expect(sig_verify(&p, &request, key.pk, &err), &err, "signature_invalid");
	assert_int_equal(sig_verify(&p, &request, other_key.pk, &err), 0);
	sig_parsed_free(&p);
	free(input);
	free(sig);
}

static void test_missing_component(void **state)
{
	struct sig_message get = { .method = "GET", .target_uri = "http://h/x", .authority = "h" };
	struct sig_message with_body = get;
	struct sig_parsed p;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	/* A request with a body that signs only the three request components. */
	with_body.content_type = "application/json";
	with_body.content_digest = request.content_digest;
	expect(sign_and_verify(&get, &with_body, NOW, &err), &err, "component_missing");
	/* A request's signature offered as a response's. */
	expect(sign_and_verify(&request, &response, NOW, &err), &err, "component_missing");
	/* A component the message does not have. */
	assert_int_equal(sig_parse("fed=(\"@method\" \"@target-uri\" \"@authority\" \"date\");"
				   "created=1;keyid=\"k\";nonce=\"n\";tag=\"directoryd-fed/1\"",
				   "fed=:" B26_SIG ":", SIG_TAG, &p, &err),
			 0);
	expect(sig_check_components(&p, &get, &err), &err, "component_missing");
	expect(sig_verify(&p, &get, key.pk, &err), &err, "component_missing");
	sig_parsed_free(&p);
	/* The signer refuses to sign a message without a profile value. */
	{
		char *input = NULL, *sig = NULL;
		struct sig_message r = response;
		r.req_method = NULL;
		expect(sig_sign(&r, &key, "k#1", NOW, "n", &input, &sig, &err), &err,
		       "component_missing");
		assert_null(input);
		assert_null(sig);
	}
}

/* Parse a header pair and expect a refusal code. */
static void expect_parse(const char *input, const char *sig, const char *code)
{
	struct sig_parsed p;
	struct dir_error err;

	dir_error_init(&err);
	if (sig_parse(input, sig, SIG_TAG, &p, &err) == 0)
		fail_msg("accepted %s / %s", input, sig);
	assert_string_equal(err.code, code);
	assert_null(p.params_value);
	dir_error_clear(&err);
}

#define IN(list, params) "fed=(" list ")" params ";tag=\"directoryd-fed/1\""
#define GOOD_LIST        "\"@method\" \"@target-uri\" \"@authority\""
#define GOOD_PARAMS      ";created=1;keyid=\"h#1\";nonce=\"n\""
#define SIG              "fed=:" B26_SIG ":"

static void test_signature_missing(void **state)
{
	(void)state;
	expect_parse(NULL, SIG, "signature_missing");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), NULL, "signature_missing");
	expect_parse("fed=(" GOOD_LIST ")" GOOD_PARAMS ";tag=\"other/1\"", SIG,
		     "signature_missing");
	expect_parse("fed=(" GOOD_LIST ")" GOOD_PARAMS, SIG, "signature_missing");
	expect_parse("", SIG, "signature_missing");
}

static void test_alg_refused(void **state)
{
	struct sig_parsed p;
	struct dir_error err;

	(void)state;
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS ";alg=\"rsa-pss-sha512\""), SIG,
		     "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS ";alg=ed25519"), SIG, "signature_invalid");
	dir_error_init(&err);
	assert_int_equal(
		sig_parse(IN(GOOD_LIST, GOOD_PARAMS ";alg=\"ed25519\""), SIG, SIG_TAG, &p, &err),
		0);
	assert_string_equal(p.params.alg, "ed25519");
	sig_parsed_free(&p);
}

static void test_malformed_headers(void **state)
{
	(void)state;
	expect_parse("fed=(" GOOD_LIST, SIG, "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), "fed=:" B26_SIG, "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), "other=:" B26_SIG ":", "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), "fed=:aGk=:", "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), "fed=(:" B26_SIG ":)", "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS), "fed=\"" B26_SIG "\"", "signature_invalid");
	expect_parse(IN("\"@method\" @authority", GOOD_PARAMS), SIG, "signature_invalid");
	expect_parse(IN("\"@method\" \"@method\"", GOOD_PARAMS), SIG, "signature_invalid");
	expect_parse(IN("\"@method\" \"content-type\";sf", GOOD_PARAMS), SIG, "signature_invalid");
	expect_parse(IN("\"@method\" \"\"", GOOD_PARAMS), SIG, "signature_invalid");
	expect_parse(IN(GOOD_LIST, ";created=\"1\";keyid=\"h#1\";nonce=\"n\""), SIG,
		     "signature_invalid");
	expect_parse(IN(GOOD_LIST, ";created=-1;keyid=\"h#1\";nonce=\"n\""), SIG,
		     "signature_invalid");
	expect_parse(IN(GOOD_LIST, ";created=1;keyid=h;nonce=\"n\""), SIG, "signature_invalid");
	expect_parse(IN(GOOD_LIST, GOOD_PARAMS ";created=2"), SIG, "signature_invalid");
	expect_parse("fed=:" B26_SIG ":;tag=\"directoryd-fed/1\"", SIG, "signature_missing");
}

/* A parsed signature with the given parameters, for the time checks. */
static void parse_params(const char *params, struct sig_parsed *p)
{
	char input[512];

	snprintf(input, sizeof(input), "fed=(" GOOD_LIST ")%s;tag=\"directoryd-fed/1\"", params);
	assert_int_equal(sig_parse(input, SIG, SIG_TAG, p, NULL), 0);
}

static void expect_time(const char *params, long long now, const char *code)
{
	struct sig_parsed p;
	struct dir_error err;

	dir_error_init(&err);
	parse_params(params, &p);
	if (code == NULL) {
		assert_int_equal(sig_check_time(&p, now, 300, &err), 0);
	} else {
		assert_int_equal(sig_check_time(&p, now, 300, &err), -1);
		assert_string_equal(err.code, code);
	}
	sig_parsed_free(&p);
	dir_error_clear(&err);
}

static void test_time_checks(void **state)
{
	(void)state;
	/* created 1000 */
	expect_time(";created=1000;expires=1300;keyid=\"h#1\";nonce=\"n\"", 1000, NULL);
	expect_time(";created=1060;expires=1360;keyid=\"h#1\";nonce=\"n\"", 1000, NULL);
	expect_time(";created=1061;expires=1361;keyid=\"h#1\";nonce=\"n\"", 1000,
		    "signature_created_in_future");
	expect_time(";created=1000;keyid=\"h#1\";nonce=\"n\"", 1300, NULL);
	expect_time(";created=1000;expires=9999;keyid=\"h#1\";nonce=\"n\"", 1301,
		    "signature_too_old");
	expect_time(";created=1000;expires=1100;keyid=\"h#1\";nonce=\"n\"", 1100, NULL);
	expect_time(";created=1000;expires=1100;keyid=\"h#1\";nonce=\"n\"", 1101,
		    "signature_expired");
	expect_time(";expires=1300;keyid=\"h#1\";nonce=\"n\"", 1000, "signature_invalid");
	expect_time(";created=1000;nonce=\"n\"", 1000, "signature_invalid");
	expect_time(";created=1000;keyid=\"h#1\"", 1000, "signature_invalid");
}

static void test_base_refuses_line_breaks(void **state)
{
	struct sig_component c[] = { { "x-a", 0, "one\r\n\"@method\": GET" } };
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	expect(sig_base(c, 1, "()", NULL, &err) == NULL ? -1 : 0, &err, "signature_invalid");
	c[0].value = NULL;
	expect(sig_base(c, 1, "()", NULL, &err) == NULL ? -1 : 0, &err, "signature_invalid");
	c[0].value = "ok\there";
	c[0].name = "x\"y";
	expect(sig_base(c, 1, "()", NULL, &err) == NULL ? -1 : 0, &err, "signature_invalid");
}

static void test_nonce(void **state)
{
	char a[SIG_NONCE_LEN], b[SIG_NONCE_LEN];
	unsigned char raw[16];

	(void)state;
	sig_nonce(a);
	sig_nonce(b);
	assert_int_equal(strlen(a), 22);
	assert_string_not_equal(a, b);
	assert_int_equal(fed_b64url_decode(a, raw, sizeof(raw)), 0);
}

/*
 * The worked example of docs/federation.md, section 11: the same request
 * signature, byte for byte, so that the document matches the code.
 */
static void test_docs_worked_example(void **state)
{
	struct sig_message m = { 0 };
	char *input = NULL, *signature = NULL;

	(void)state;
	m.method = "GET";
	m.target_uri = "https://ch.directory.example/federation/v1/"
		       "changes?since=0123456789abcdef0123456789abcdef.41&limit=500";
	m.authority = "ch.directory.example";
	assert_int_equal(sig_sign(&m, &key, "ro.directory.example#1", 1764410400,
				  "q7cqzmhS3Zx1SfWAvCdvKQ", &input, &signature, NULL),
			 0);
	assert_string_equal(input,
			    "fed=(\"@method\" \"@target-uri\" \"@authority\");"
			    "created=1764410400;expires=1764410700;"
			    "nonce=\"q7cqzmhS3Zx1SfWAvCdvKQ\";keyid=\"ro.directory.example#1\";"
			    "tag=\"directoryd-fed/1\"");
	assert_string_equal(signature,
			    "fed=:MP2B8IYAk9ZMO6tfLNXhTsQgMS0vBGiQVpwymPckBtrCqBqS+n0l8UHP"
			    "UbTzYtm/OGpy0NuYdd0wk7ytGOkWBA==:");
	free(input);
	free(signature);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b26_base_and_signature),
		cmocka_unit_test(test_b26_parse_and_verify),
		cmocka_unit_test(test_b25_hmac),
		cmocka_unit_test(test_rfc9530_digests),
		cmocka_unit_test(test_digest_refusals),
		cmocka_unit_test(test_request_round_trip),
		cmocka_unit_test(test_response_round_trip),
		cmocka_unit_test(test_tampered_component),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_missing_component),
		cmocka_unit_test(test_signature_missing),
		cmocka_unit_test(test_alg_refused),
		cmocka_unit_test(test_malformed_headers),
		cmocka_unit_test(test_time_checks),
		cmocka_unit_test(test_base_refuses_line_breaks),
		cmocka_unit_test(test_nonce),
		cmocka_unit_test(test_docs_worked_example),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
