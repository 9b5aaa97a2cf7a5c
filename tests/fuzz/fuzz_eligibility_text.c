/*
 * fuzz_eligibility_text.c - the eligibility rule on one free text:
 * elig_check_text on the input (a NUL-terminated copy) with a few language
 * hints, then the input used as the language hint of a fixed text. The
 * rules are loaded once from $DIRECTORYD_DATA_DIR/data/eligibility (or the
 * build's source tree under make fuzz).
 */
#include <string.h>

#include <jansson.h>

#include "eligibility.h"
#include "error.h"
#include "fuzz.h"

/* The rule set, loaded on first use; aborts when it cannot be. */
static const struct elig_rules *fuzz_rules(void)
{
	static struct elig_rules *rules;
	const char *dir = fuzz_data_dir();
	char path[4096];
	struct dir_error err;

	if (rules != NULL)
		return rules;
	if (dir == NULL) {
		fprintf(stderr, "fuzz_eligibility_text: set "
				"DIRECTORYD_DATA_DIR to the source tree\n");
		abort();
	}
	snprintf(path, sizeof(path), "%s/data/eligibility", dir);
	dir_error_init(&err);
	rules = elig_rules_load(path, &err);
	if (rules == NULL) {
		fprintf(stderr, "fuzz_eligibility_text: %s\n", err.message);
		abort();
	}
	dir_error_clear(&err);
	return rules;
}

/* 1 when s is valid UTF-8 (jansson's check), else 0. */
static int fuzz_is_utf8(const char *s)
{
	json_t *v = json_string(s);
	int ok = v != NULL;

	json_decref(v);
	return ok;
}

/*
 * One check; a refusal must name a rule D1..D5 (a hold D1..D5 or evasion),
 * and the phrase quoted from valid UTF-8 text must itself be valid UTF-8
 * (cut at a character).
 */
static void fuzz_check(const char *text, const char *hint, int utf8)
{
	struct elig_match m;
	int checked = -1, rc;

	memset(&m, 0x5a, sizeof(m));
	rc = elig_check_text(fuzz_rules(), text, hint, &m, &checked);
	if (rc < -1 || rc > ELIG_HELD || (rc >= 0 && checked != 0 && checked != 1))
		fuzz_fail("elig_check_text result out of range");
	if (rc != ELIG_REFUSED && rc != ELIG_HELD)
		return;
	if (memchr(m.rule, '\0', sizeof(m.rule)) == NULL ||
	    memchr(m.phrase, '\0', sizeof(m.phrase)) == NULL ||
	    memchr(m.language, '\0', sizeof(m.language)) == NULL)
		fuzz_fail("elig_match field not NUL-terminated");
	if (utf8 && !fuzz_is_utf8(m.phrase))
		fuzz_fail("matched phrase is not UTF-8 (cut mid-character?)");
	if (rc == ELIG_HELD) {
		if (strcmp(m.rule, "evasion") != 0 &&
		    (m.rule[0] != 'D' || m.rule[1] < '1' || m.rule[1] > '5' || m.rule[2] != '\0'))
			fuzz_fail("hold without a rule D1..D5 or evasion");
		return;
	}
	if (m.rule[0] != 'D' || m.rule[1] < '1' || m.rule[1] > '5' || m.rule[2] != '\0' || !checked)
		fuzz_fail("refusal without a rule D1..D5");
	if (utf8 && !fuzz_is_utf8(m.phrase))
		fuzz_fail("matched phrase is not UTF-8 (cut mid-character?)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hints[] = {
		NULL, "", "en", "en-GB", "de", "fr", "pt-BR", "zh-Hant-TW", "x-klingon", "not a tag"
	};
	char *text = fuzz_cstr(data, size);
	int utf8;

	if (text == NULL)
		return 0;
	utf8 = fuzz_is_utf8(text);
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		fuzz_check(text, hints[i], utf8);
	if (size <= 256)
		fuzz_check("Help only for victims who report to the police.", text, 1);
	free(text);
	return 0;
}
