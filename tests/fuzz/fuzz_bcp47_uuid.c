/*
 * fuzz_bcp47_uuid.c - the format predicates of validate.h on the input as
 * a NUL-terminated string: language tags, UUIDs, countries, time zones,
 * dates, times and date-times. What they accept must have the shape they
 * promise.
 */
#include <ctype.h>

#include "fuzz.h"
#include "validate.h"

/* s is all digits in [from, to). */
static int fuzz_digits(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t len;

	if (s == NULL)
		return 0;
	len = strlen(s);
	if (val_is_bcp47(s) && (len == 0 || len > VAL_MAX_BCP47_BYTES))
		fuzz_fail("val_is_bcp47 accepted an empty or long tag");
	if (val_is_uuid(s) &&
	    (len != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-'))
		fuzz_fail("val_is_uuid accepted a non-8-4-4-4-12 string");
	if (val_is_country(s) &&
	    (len != 2 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1])))
		fuzz_fail("val_is_country accepted a non-alpha-2 code");
	if (val_is_timezone(s) && (s[0] == '/' || strstr(s, "..") != NULL))
		fuzz_fail("val_is_timezone accepted a path escape");
	if (val_is_date(s) && (len != 10 || !fuzz_digits(s, 0, 4) || s[4] != '-' || s[7] != '-'))
		fuzz_fail("val_is_date accepted a non-YYYY-MM-DD string");
	if (val_is_time(s) && (len < 5 || !fuzz_digits(s, 0, 2) || s[2] != ':'))
		fuzz_fail("val_is_time accepted a non-HH:MM string");
	if (val_is_datetime(s)) {
		char date[11];
		if (len < 20)
			fuzz_fail("val_is_datetime accepted a short string");
		memcpy(date, s, 10);
		date[10] = '\0';
		if (!val_is_date(date))
			fuzz_fail("val_is_datetime accepted a bad date part");
	}
	free(s);
	return 0;
}
