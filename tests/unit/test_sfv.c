/*
 * test_sfv.c - the RFC 8941 dictionary parser (every item type, inner lists,
 * parameters, white space, the limits, malformed input) and the inner list
 * serialiser (round trip of the RFC 9421 signature parameters).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sfv.h"

static struct sfv_dict *parse(const char *text)
{
	struct dir_error err;
	struct sfv_dict *d;

	dir_error_init(&err);
	d = sfv_dict_parse(text, strlen(text), &err);
	if (d == NULL)
		assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
	return d;
}

static void test_items(void **state)
{
	struct sfv_dict *d =
		parse("  a=1, b=-999999999999999 ,c=\"x \\\"q\\\\\", d=tok/en:1, e=:aGk=:, f=?0, "
		      "g, h=:aGk:, i=*t");
	const struct sfv_member *m;

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->count, 9);
	m = sfv_dict_get(d, "a");
	assert_int_equal(m->value.type, SFV_INTEGER);
	assert_int_equal(m->value.integer, 1);
	assert_int_equal(sfv_dict_get(d, "b")->value.integer, -999999999999999LL);
	m = sfv_dict_get(d, "c");
	assert_int_equal(m->value.type, SFV_STRING);
	assert_string_equal(m->value.str, "x \"q\\");
	m = sfv_dict_get(d, "d");
	assert_int_equal(m->value.type, SFV_TOKEN);
	assert_string_equal(m->value.str, "tok/en:1");
	m = sfv_dict_get(d, "e");
	assert_int_equal(m->value.type, SFV_BYTES);
	assert_int_equal(m->value.len, 2);
	assert_memory_equal(m->value.str, "hi", 2);
	assert_int_equal(sfv_dict_get(d, "h")->value.len, 2); /* padding optional */
	m = sfv_dict_get(d, "f");
	assert_int_equal(m->value.type, SFV_BOOLEAN);
	assert_int_equal(m->value.integer, 0);
	m = sfv_dict_get(d, "g");
	assert_int_equal(m->value.type, SFV_BOOLEAN);
	assert_int_equal(m->value.integer, 1);
	assert_string_equal(sfv_dict_get(d, "i")->value.str, "*t");
	assert_null(sfv_dict_get(d, "z"));
	sfv_dict_free(d);
}

static void test_inner_list_and_params(void **state)
{
	struct sfv_dict *d =
		parse("sig1=( \"@method\"  \"@target-uri\";req \"x\";a=1;b );created=1618884473;"
		      "keyid=\"test-key\";alg=tok;f=?0,\tsig2=();k=?1");
	const struct sfv_member *m;
	const struct sfv_value *v;

	(void)state;
	assert_non_null(d);
	m = sfv_dict_get(d, "sig1");
	assert_true(m->inner_list);
	assert_int_equal(m->nitems, 3);
	assert_string_equal(m->items[0].value.str, "@method");
	assert_int_equal(m->items[0].nparams, 0);
	assert_int_equal(m->items[1].nparams, 1);
	assert_string_equal(m->items[1].params[0].key, "req");
	assert_int_equal(m->items[1].params[0].value.type, SFV_BOOLEAN);
	assert_int_equal(m->items[2].nparams, 2);
	assert_int_equal(m->nparams, 4);
	v = sfv_param_get(m->params, m->nparams, "created");
	assert_int_equal(v->integer, 1618884473);
	assert_string_equal(sfv_param_get(m->params, m->nparams, "keyid")->str, "test-key");
	assert_int_equal(sfv_param_get(m->params, m->nparams, "alg")->type, SFV_TOKEN);
	assert_int_equal(sfv_param_get(m->params, m->nparams, "f")->integer, 0);
	m = sfv_dict_get(d, "sig2");
	assert_true(m->inner_list);
	assert_int_equal(m->nitems, 0);
	assert_int_equal(m->nparams, 1);
	sfv_dict_free(d);
}

static void test_empty(void **state)
{
	struct sfv_dict *d = parse("   ");

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->count, 0);
	sfv_dict_free(d);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"a=1,",               /* trailing comma */
		",a=1",               /* leading comma */
		"a=1 b=2",            /* no comma */
		"A=1",                /* upper-case key */
		"1a=1",               /* key starts with a digit */
		"a=1.5",              /* decimal */
		"a=1234567890123456", /* 16 digits */
		"a=-",                /* sign only */
		"a=\"open",           /* unterminated string */
		"a=\"\\n\"",          /* bad escape */
		"a=\"\t\"",           /* control in a string */
		"a=\"\xc3\xa9\"",     /* non-ASCII in a string */
		"a=:aGk",             /* unterminated bytes */
		"a=:a-k=:",           /* not base64 */
		"a=:a===:",           /* bad padding */
		"a=?2",               /* not a boolean */
		"a=(\"x\"",           /* unterminated inner list */
		"a=(\"x\"\"y\")",     /* items without a space */
		"a=((1))",            /* nested inner list */
		"a=1;",               /* parameter without key */
		"a=1;B=2",            /* upper-case parameter */
		"a=1, a=2",           /* member twice */
		"a=1;k=1;k=2",        /* parameter twice */
		"a=@",                /* not an item */
		"a=1 ;k",             /* space before a parameter */
		"a=1,\t",             /* trailing comma with tab */
		"a=1\x01",            /* junk */
		"\ta=1",              /* leading tab */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sfv_dict *d = parse(bad[i]);
		if (d != NULL)
			fail_msg("accepted %s", bad[i]);
	}
}

static void test_embedded_nul(void **state)
{
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	assert_null(sfv_dict_parse("a=\"x\0\"", 6, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
}

static void test_limits(void **state)
{
	char buf[SFV_MAX_HEADER + 16];
	struct dir_error err;
	struct sfv_dict *d;
	size_t len = 0;

	(void)state;
	/* 16 members pass, 17 fail. */
	for (int i = 0; i < 17; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%sk%d=%d", i ? "," : "", i,
					i);
	d = parse(buf);
	assert_null(d);
	buf[strrchr(buf, ',') - buf] = '\0';
	d = parse(buf);
	assert_non_null(d);
	assert_int_equal(d->count, 16);
	sfv_dict_free(d);
	/* 16 items and 16 parameters pass, 17 fail. */
	snprintf(buf, sizeof(buf), "%s", "a=(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)");
	d = parse(buf);
	assert_non_null(d);
	sfv_dict_free(d);
	assert_null(parse("a=(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17)"));
	snprintf(buf, sizeof(buf), "%s", "a=1;a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p");
	d = parse(buf);
	assert_non_null(d);
	sfv_dict_free(d);
	assert_null(parse("a=1;a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q"));
	/* A field longer than 8 KiB is refused, whatever it holds. */
	memset(buf, ' ', SFV_MAX_HEADER + 1);
	buf[0] = 'a';
	dir_error_init(&err);
	assert_null(sfv_dict_parse(buf, SFV_MAX_HEADER + 1, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
	d = sfv_dict_parse(buf, SFV_MAX_HEADER, &err);
	assert_non_null(d);
	sfv_dict_free(d);
}

static void test_serialise(void **state)
{
	const char *text =
		"sig=(\"@method\" \"@target-uri\";req);created=1;expires=301;"
		"nonce=\"q7c\";keyid=\"h#1\";tag=\"directoryd-fed/1\";t=tok;b=:aGk=:;f=?0";
	struct sfv_dict *d = parse(text);
	const struct sfv_member *m;
	struct dir_error err;
	size_t len = 0;
	char *out;
	struct sfv_item bad = { { SFV_STRING, 0, "a\nb", 3 }, NULL, 0 };
	struct sfv_item esc = { { SFV_STRING, 0, "a\"b\\", 4 }, NULL, 0 };
	struct sfv_param big = { "n", { SFV_INTEGER, SFV_INT_MAX + 1, NULL, 0 } };

	(void)state;
	assert_non_null(d);
	m = sfv_dict_get(d, "sig");
	dir_error_init(&err);
	out = sfv_inner_list_serialise(m->items, m->nitems, m->params, m->nparams, &len, &err);
	assert_non_null(out);
	assert_string_equal(out, text + 4);
	assert_int_equal(len, strlen(text + 4));
	free(out);
	sfv_dict_free(d);
	out = sfv_inner_list_serialise(&esc, 1, NULL, 0, NULL, &err);
	assert_string_equal(out, "(\"a\\\"b\\\\\")");
	free(out);
	out = sfv_inner_list_serialise(NULL, 0, NULL, 0, NULL, &err);
	assert_string_equal(out, "()");
	free(out);
	assert_null(sfv_inner_list_serialise(&bad, 1, NULL, 0, NULL, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
	assert_null(sfv_inner_list_serialise(NULL, 0, &big, 1, NULL, &err));
	assert_string_equal(err.code, "invalid_value");
	dir_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items),        cmocka_unit_test(test_inner_list_and_params),
		cmocka_unit_test(test_empty),        cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_embedded_nul), cmocka_unit_test(test_limits),
		cmocka_unit_test(test_serialise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
