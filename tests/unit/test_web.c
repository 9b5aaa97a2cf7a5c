/* test_web.c - the pages' HTML writer (escaping per context, ill-formed
 * UTF-8, URL schemes, the size cap) and opening hours (open now past
 * midnight, the next opening, the week today first), driven by tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hours.h"
#include "html.h"

typedef void (*writer_fn)(struct html *h, const char *s);

static void url_arg_plain(struct html *h, const char *s)
{
	html_url_arg(h, s, NULL);
}

static const struct {
	writer_fn write;
	const char *in, *out;
} escapes[] = {
	{ html_txt, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ html_txt, "a & b \"q\" 's'", "a &amp; b \"q\" 's'" },
	{ html_attr, "\" onmouseover='x' <a>&", "&quot; onmouseover=&#39;x&#39; &lt;a&gt;&amp;" },
	{ html_txt, "caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x98\x80",
	  "caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x98\x80" },
	/* ill-formed: a lone continuation byte, a truncated sequence, an
	 * overlong NUL, a surrogate, 0xFF */
	{ html_txt, "a\x80z", "a\xef\xbf\xbdz" },
	{ html_txt, "a\xc3", "a\xef\xbf\xbd" },
	{ html_txt, "a\xc0\x80z", "a\xef\xbf\xbd\xef\xbf\xbdz" },
	{ html_attr, "\xed\xa0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&quot;" },
	{ html_txt, "\xff<", "\xef\xbf\xbd&lt;" },
	/* controls are dropped, tab and newline kept */
	{ html_txt, "a\x01\x1b[31m\x7f\xc2\x85z\tb\nc", "a[31mz\tb\nc" },
	{ url_arg_plain, "Z\xc3\xbcrich & \"x\"/?#", "Z%C3%BCrich%20%26%20%22x%22%2F%3F%23" },
	{ url_arg_plain, "a-b.c_d~e", "a-b.c_d~e" },
	{ url_arg_plain, "\xff", "%EF%BF%BD" },
};

static void test_escapes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		struct html h;
		size_t len;
		char *out;

		html_init(&h, 4096);
		escapes[i].write(&h, escapes[i].in);
		html_raw(&h, "|");
		out = html_take(&h, &len);
		assert_non_null(out);
		out[len - 1] = '\0';
		assert_string_equal(out, escapes[i].out);
		free(out);
	}
}

static void test_url_schemes(void **state)
{
	static const char *const web[] = { "https", "http", NULL };
	static const struct {
		const char *url;
		int ok;
	} cases[] = {
		{ "https://a.example/x?y=1", 1 },
		{ "HTTP://a.example/", 1 },
		{ "javascript:alert(1)", 0 },
		{ "JaVaScRiPt:alert(1)", 0 },
		{ " javascript:alert(1)", 0 },
		{ "java\tscript:alert(1)", 0 },
		{ "data:text/html,<b>", 0 },
		{ "https://a.example/\xc3\xa9", 0 },
		{ "https://a.example/ x", 0 },
		{ "//evil.example/", 0 },
		{ "", 0 },
	};
	struct html h;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(html_url_ok(cases[i].url, web), cases[i].ok);
	html_init(&h, 256);
	assert_int_equal(html_url(&h, "https://e.example/'onmouseover='x", web), 0);
	assert_string_equal(h.data, "https://e.example/&#39;onmouseover=&#39;x");
	assert_int_equal(html_url(&h, "javascript:x", web), -1);
	assert_string_equal(h.data, "https://e.example/&#39;onmouseover=&#39;x");
	html_free(&h);
}

static void test_cap_and_cut(void **state)
{
	struct html h;
	size_t len;

	(void)state;
	html_init(&h, 8);
	html_raw(&h, "1234567");
	assert_false(h.failed);
	html_raw(&h, "89");
	assert_true(h.failed);
	assert_null(html_take(&h, &len));
	html_init(&h, 64);
	html_ntxt(&h, "ab\xc3\xa9\xc3\xa9", 3); /* cut inside the first e-acute */
	assert_string_equal(h.data, "ab\xe2\x80\xa6");
	html_free(&h);
	assert_true(html_is_utf8("caf\xc3\xa9"));
	assert_false(html_is_utf8("caf\xc3"));
	assert_false(html_is_utf8("\xed\xa0\x80"));
}

/* A schedule array from JSON text. */
static json_t *sched(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	return j;
}

static void test_open_now(void **state)
{
	/* Paris night outreach: 22:00-03:00, Friday and Saturday nights. */
	json_t *night = sched(
		"[{\"byday\": \"FR,SA\", \"opens_at\": \"22:00\", \"closes_at\": \"03:00\"}]");
	json_t *day = sched("[{\"byday\": \"MO,TU,WE,TH,FR\", \"opens_at\": \"12:00:00\","
			    " \"closes_at\": \"20:00:00\", \"valid_to\": \"2026-12-31\"}]");
	static const struct {
		int wday, minute;
		const char *date;
		int night_open, day_open;
	} cases[] = {
		{ 5, 22 * 60, "2026-12-04", 1, 0 },     /* Friday 22:00 */
		{ 6, 2 * 60 + 59, "2026-12-05", 1, 0 }, /* Saturday 02:59, Friday's night */
		{ 6, 3 * 60, "2026-12-05", 0, 0 },      /* Saturday 03:00: closed */
		{ 7, 1 * 60, "2026-12-06", 1, 0 },      /* Sunday 01:00, Saturday's night */
		{ 1, 1 * 60, "2026-12-07", 0, 0 },      /* Monday 01:00: Sunday has no night */
		{ 1, 12 * 60, "2026-12-07", 0, 1 },     /* Monday noon */
		{ 1, 20 * 60, "2026-12-07", 0, 0 },     /* closes at 20:00 */
		{ 1, 12 * 60, "2027-01-04", 0, 0 },     /* after valid_to */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hours_clock c = { cases[i].wday, cases[i].minute, "" };
		snprintf(c.date, sizeof(c.date), "%s", cases[i].date);
		assert_int_equal(hours_open_now(night, &c), cases[i].night_open);
		assert_int_equal(hours_open_now(day, &c), cases[i].day_open);
	}
	json_decref(night);
	json_decref(day);
}

static void test_next_open_and_week(void **state)
{
	json_t *s =
		sched("[{\"byday\": \"TU,TH\", \"opens_at\": \"14:00\", \"closes_at\": \"19:00\","
		      " \"description\": \"<b>clinic</b>\"},"
		      " {\"byday\": \"SA\", \"opens_at\": \"22:00\", \"closes_at\": \"02:00\"}]");
	struct hours_clock c = { 2, 15 * 60, "2026-12-08" }; /* Tuesday 15:00 */
	int days, minute;
	struct html h;

	(void)state;
	assert_int_equal(hours_next_open(s, &c, &days, &minute), 0);
	assert_int_equal(days, 2); /* Thursday */
	assert_int_equal(minute, 14 * 60);
	c.minute = 13 * 60;
	assert_int_equal(hours_next_open(s, &c, &days, &minute), 0);
	assert_int_equal(days, 0);
	html_init(&h, 8192);
	hours_week(&h, s, &c, "Hours", 0);
	/* today (Tuesday) first, Monday last; the night marked; text escaped */
	assert_non_null(strstr(h.data, "<tr class=\"today\"><th scope=\"row\">Tuesday"));
	assert_non_null(strstr(h.data, "<tr class=\"day shut\"><th scope=\"row\">Wednesday"));
	assert_true(strstr(h.data, "Tuesday") < strstr(h.data, "Monday"));
	assert_non_null(strstr(h.data, "22:00\xe2\x80\x93"
				       "02:00 (next day)"));
	assert_non_null(strstr(h.data, "&lt;b&gt;clinic&lt;/b&gt;"));
	assert_non_null(strstr(h.data, "Wednesday</th><td>Closed</td>"));
	html_free(&h);
	html_init(&h, 8192);
	hours_week(&h, s, &c, "Hours", 1); /* the print sheet: open days only */
	assert_null(strstr(h.data, "Wednesday"));
	assert_non_null(strstr(h.data, "Thursday"));
	html_free(&h);
	json_decref(s);
}

/* A summary longer than its buffer keeps whole schedules: never half a
 * Cyrillic weekday name (two bytes each), half a time or days without
 * their hours. */
static void test_summary_cut(void **state)
{
	json_t *scheds = json_array();
	char buf[200];
	size_t n;

	(void)state;
	for (int i = 0; i < 14; i++)
		json_array_append_new(scheds, json_pack("{s:s, s:s, s:s}", "byday", "MO,TU,WE",
							"opens_at", "09:00", "closes_at", "10:30"));
	hours_summary(scheds, "ru", buf, sizeof(buf));
	n = strlen(buf);
	assert_true(n > 0 && n < sizeof(buf));
	assert_true(((unsigned char)buf[n - 1] & 0xC0) != 0xC0); /* no lead byte left alone */
	for (size_t i = 0; i < n;) {                             /* every character whole */
		unsigned char c = (unsigned char)buf[i];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		assert_true(i + len <= n);
		for (size_t k = 1; k < len; k++)
			assert_int_equal((unsigned char)buf[i + k] & 0xC0, 0x80);
		i += len;
	}
	assert_string_equal(buf + n - 5, "10:30");
	json_decref(scheds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_url_schemes),
		cmocka_unit_test(test_cap_and_cut),
		cmocka_unit_test(test_open_now),
		cmocka_unit_test(test_next_open_and_week),
		cmocka_unit_test(test_summary_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
