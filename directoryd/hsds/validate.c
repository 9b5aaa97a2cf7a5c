/*
 * validate.c - the listing checks: a submitted HSDS 3.0 document, with
 * directoryd's extensions, is walked against the field tables in
 * hsds_fields.c before anything is stored. Every violation is recorded
 * (code, RFC 6901 JSON Pointer, a message saying what to do); contact
 * channel phone numbers are rewritten to E.164 and the documented defaults
 * filled in. The format predicates (UUID, BCP 47, ISO 3166-1, IANA zones,
 * RFC 3339) live here too.
 */
#include "validate.h"

#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsds_fields.h"

#define VAL_PTR_MAX         512 /* as struct dir_error.field */
#define VAL_ZONEINFO_DIR    "/usr/share/zoneinfo"
#define VAL_MAX_TZ_BYTES    64
#define VAL_MAX_URI_BYTES   8192
#define VAL_DEPTH_COUNT_MAX (4 * DIR_MAX_JSON_DEPTH)
#define VAL_E164_MIN_DIGITS 7  /* shortest national plans, e.g. Niue */
#define VAL_E164_MAX_DIGITS 15 /* ITU-T E.164 section 6.1 */

/* One walk over one document. */
struct val_ctx {
	struct dir_error *err;
	size_t violations;
};

static void val_fail(struct val_ctx *c, const char *code, const char *ptr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void val_fail(struct val_ctx *c, const char *code, const char *ptr, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->violations++;
	dir_error_add(c->err, code, ptr, "%s", msg);
}

/* ---- characters, locale-independent ---- */

static int val_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}
static int val_upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}
static int val_alpha(char ch)
{
	return val_upper(ch) || (ch >= 'a' && ch <= 'z');
}
static int val_alnum(char ch)
{
	return val_alpha(ch) || val_digit(ch);
}
static int val_hex(char ch)
{
	return val_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}
static int val_high(char ch)
{
	return (unsigned char)ch >= 0x80;
}

/* Reads exactly n decimal digits at s into *out: 1, or 0 when not digits. */
static int val_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!val_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* ---- UUID (RFC 4122 section 3) ---- */

int val_is_uuid(const char *s)
{
	if (s == NULL)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!val_hex(s[i])) {
			return 0;
		}
	}
	return s[36] == '\0';
}

/* ---- BCP 47 (RFC 5646 section 2.1) ---- */

struct val_subtag {
	const char *p;
	size_t n;
};

/* RFC 5646 irregular grandfathered tags; the regular ones parse anyway. */
static const char *const bcp47_irregular[] = { "en-GB-oed",  "i-ami",    "i-bnn",     "i-default",
					       "i-enochian", "i-hak",    "i-klingon", "i-lux",
					       "i-mingo",    "i-navajo", "i-pwn",     "i-tao",
					       "i-tay",      "i-tsu",    "sgn-BE-FR", "sgn-BE-NL",
					       "sgn-CH-DE",  NULL };

/* Splits s at "-" into subtags of 1-8 letters or digits: count, or 0. */
static size_t bcp47_split(const char *s, struct val_subtag *t, size_t max)
{
	size_t n = 0;

	for (;;) {
		size_t len = 0;
		while (val_alnum(s[len]))
			len++;
		if (len == 0 || len > 8 || n == max)
			return 0;
		t[n].p = s;
		t[n++].n = len;
		if (s[len] == '\0')
			return n;
		if (s[len] != '-')
			return 0;
		s += len + 1;
	}
}

static int bcp47_all(const struct val_subtag *t, int (*cls)(char))
{
	for (size_t i = 0; i < t->n; i++)
		if (!cls(t->p[i]))
			return 0;
	return 1;
}

static int bcp47_is_x(const struct val_subtag *t)
{
	return t->n == 1 && (t->p[0] == 'x' || t->p[0] == 'X');
}

/* variant = 5*8alphanum / (DIGIT 3alphanum) */
static int bcp47_variant(const struct val_subtag *t)
{
	return (t->n >= 5) || (t->n == 4 && val_digit(t->p[0]));
}

/* Parses from subtag i on: extensions, then private use. 1 or 0. */
static int bcp47_tail(const struct val_subtag *t, size_t n, size_t i)
{
	while (i < n && t[i].n == 1 && !bcp47_is_x(&t[i])) {
		size_t k = 0;
		for (i++; i < n && t[i].n >= 2; i++)
			k++;
		if (k == 0)
			return 0;
	}
	if (i < n && bcp47_is_x(&t[i]))
		return i + 1 < n; /* "x" needs at least one subtag */
	return i == n;
}

/* langtag = language [-script] [-region] *(-variant) *(-ext) [-private] */
static int bcp47_langtag(const struct val_subtag *t, size_t n)
{
	size_t i = 1;

	if (t[0].n < 2 || t[0].n > 3 || !bcp47_all(&t[0], val_alpha))
		return 0;
	for (int k = 0; k < 3 && i < n && t[i].n == 3 && bcp47_all(&t[i], val_alpha); k++)
		i++; /* extlang */
	if (i < n && t[i].n == 4 && bcp47_all(&t[i], val_alpha))
		i++; /* script */
	if (i < n && ((t[i].n == 2 && bcp47_all(&t[i], val_alpha)) ||
		      (t[i].n == 3 && bcp47_all(&t[i], val_digit))))
		i++; /* region */
	while (i < n && bcp47_variant(&t[i]))
		i++;
	return bcp47_tail(t, n, i);
}

int val_is_bcp47(const char *s)
{
	struct val_subtag t[VAL_MAX_BCP47_BYTES / 2 + 1];
	size_t n;

	if (s == NULL || s[0] == '\0' || strlen(s) > VAL_MAX_BCP47_BYTES)
		return 0;
	for (size_t i = 0; bcp47_irregular[i] != NULL; i++)
		if (strcasecmp(s, bcp47_irregular[i]) == 0)
			return 1;
	n = bcp47_split(s, t, sizeof(t) / sizeof(t[0]));
	if (n == 0)
		return 0;
	if (bcp47_is_x(&t[0]))
		return n > 1; /* a private-use tag on its own */
	return bcp47_langtag(t, n);
}

/* ---- ISO 3166-1 alpha-2 ---- */

/* The 249 assigned codes (ISO 3166-1, as shipped in iso-codes), and XK. */
static const char val_countries[] =
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBS"
	"BTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEE"
	"EGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHM"
	"HNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLC"
	"LILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA"
	"NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURW"
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTO"
	"TRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW"
	"XK";

int val_is_country(const char *s)
{
	if (s == NULL || !val_upper(s[0]) || !val_upper(s[1]) || s[2] != '\0')
		return 0;
	for (size_t i = 0; i + 1 < sizeof(val_countries); i += 2)
		if (val_countries[i] == s[0] && val_countries[i + 1] == s[1])
			return 1;
	return 0;
}

/* ---- IANA time zones ---- */

/* Safe characters, non-empty components, no posix/ or right/ copies. */
static int tz_name_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > VAL_MAX_TZ_BYTES || !val_alpha(s[0]))
		return 0;
	if (strncmp(s, "posix/", 6) == 0 || strncmp(s, "right/", 6) == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '/') {
			if (s[i + 1] == '/' || s[i + 1] == '\0')
				return 0;
		} else if (!val_alnum(ch) && ch != '_' && ch != '+' && ch != '-') {
			return 0;
		}
	}
	return 1;
}

/* True when path is a regular file starting with the TZif magic (RFC 8536). */
static int tz_file_ok(const char *path)
{
	char magic[4];
	struct stat st;
	int fd, ok = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", 4) == 0)
		ok = 1;
	close(fd);
	return ok;
}

int val_is_timezone(const char *s)
{
	char path[sizeof(VAL_ZONEINFO_DIR) + VAL_MAX_TZ_BYTES + 2];
	int n;

	if (s == NULL || !tz_name_ok(s))
		return 0;
	n = snprintf(path, sizeof(path), "%s/%s", VAL_ZONEINFO_DIR, s);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	return tz_file_ok(path);
}

/* ---- RFC 3339 dates and times ---- */

/* A real YYYY-MM-DD at s (not necessarily followed by NUL): 1 or 0. */
static int date_at(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, max;

	if (!val_digits(s, 4, &y) || s[4] != '-' || !val_digits(s + 5, 2, &m) || s[7] != '-' ||
	    !val_digits(s + 8, 2, &d))
		return 0;
	if (m < 1 || m > 12 || d < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

int val_is_date(const char *s)
{
	return s != NULL && date_at(s) && s[10] == '\0';
}

/* "Z", "z" or +HH:MM / -HH:MM then NUL; "" too when optional. 1 or 0. */
static int offset_ok(const char *p, int optional)
{
	int h, m;

	if (*p == '\0')
		return optional;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 1;
	if (*p != '+' && *p != '-')
		return 0;
	if (!val_digits(p + 1, 2, &h) || p[3] != ':' || !val_digits(p + 4, 2, &m) || p[6] != '\0')
		return 0;
	return h <= 23 && m <= 59;
}

/*
 * HH:MM[:SS[.frac]] at s. need_secs: seconds required; max_sec: 59 or 60;
 * frac: a fraction allowed. Returns the end of the time, or NULL.
 */
static const char *hms_at(const char *s, int need_secs, int max_sec, int frac)
{
	int h, m, sec;

	if (!val_digits(s, 2, &h) || s[2] != ':' || !val_digits(s + 3, 2, &m))
		return NULL;
	if (h > 23 || m > 59)
		return NULL;
	s += 5;
	if (*s != ':')
		return need_secs ? NULL : s;
	if (!val_digits(s + 1, 2, &sec) || sec > max_sec)
		return NULL;
	s += 3;
	if (frac && *s == '.') {
		if (!val_digit(s[1]))
			return NULL;
		for (s++; val_digit(*s); s++)
			;
	}
	return s;
}

int val_is_time(const char *s)
{
	const char *end;

	if (s == NULL || (end = hms_at(s, 0, 59, 0)) == NULL)
		return 0;
	return offset_ok(end, 1);
}

int val_is_datetime(const char *s)
{
	const char *end;

	if (s == NULL || !date_at(s) || (s[10] != 'T' && s[10] != 't'))
		return 0;
	if ((end = hms_at(s + 11, 1, 60, 1)) == NULL)
		return 0;
	return offset_ok(end, 0);
}

/* ---- e-mail (RFC 5322 dot-atom addr-spec, RFC 6531 UTF-8) ---- */

static int email_local_char(char ch)
{
	return val_alnum(ch) || val_high(ch) ||
	       (ch != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL);
}

/* Domain labels 1-63 long, letters/digits/hyphens, at least two. */
static int domain_ok(const char *d)
{
	size_t label = 0, labels = 0;

	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || label > 63 || p[-1] == '-')
				return 0;
			labels++;
			label = 0;
			if (*p == '\0')
				return labels >= 2;
			continue;
		}
		if (!val_alnum(*p) && !val_high(*p) && *p != '-')
			return 0;
		if (label == 0 && *p == '-')
			return 0;
		label++;
	}
}

static int val_is_email(const char *s)
{
	const char *at = strrchr(s, '@');
	size_t local;

	if (at == NULL || strlen(s) > 254)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (const char *p = s; p < at; p++) {
		if (*p == '.' ? p[1] == '.' : !email_local_char(*p))
			return 0;
	}
	return domain_ok(at + 1);
}

/* ---- web addresses (RFC 3986, RFC 3987 UTF-8), http and https only ---- */

static int uri_char_ok(char ch)
{
	return val_alnum(ch) || val_high(ch) ||
	       (ch != '\0' && strchr("-._~:/?#[]@!$&'()*+,;=%", ch) != NULL);
}

/*
 * Only http and https: these addresses become links in web pages, where
 * javascript: or data: would be dangerous.
 */
static int val_is_http_uri(const char *s)
{
	const char *p;

	if (strlen(s) > VAL_MAX_URI_BYTES)
		return 0;
	if (strncasecmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return 0;
	if (*p == '\0' || strchr("/?#:@", *p) != NULL)
		return 0; /* no host */
	for (; *p != '\0'; p++) {
		if (!uri_char_ok(*p))
			return 0;
		if (*p == '%' && (!val_hex(p[1]) || !val_hex(p[2])))
			return 0;
	}
	return 1;
}

/* ---- iCalendar BYDAY (RFC 5545 3.3.10): "MO,TU", "2MO", "-1FR" ---- */

static int val_is_byday(const char *s)
{
	static const char days[] = "MOTUWETHFRSASU";

	for (;;) {
		int ok = 0;
		if (*s == '+' || *s == '-')
			s++;
		for (int k = 0; k < 2 && val_digit(*s); k++)
			s++;
		for (size_t i = 0; i < sizeof(days) - 1; i += 2)
			if (s[0] == days[i] && s[1] == days[i + 1])
				ok = 1;
		if (!ok)
			return 0;
		s += 2;
		if (*s == '\0')
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

/* ---- E.164 for contact channels ---- */

enum val_phone {
	VAL_PHONE_OK,
	VAL_PHONE_NO_COUNTRY, /* does not start with + or 00 */
	VAL_PHONE_BAD_CHAR,   /* letters or other marks */
	VAL_PHONE_BAD_LENGTH, /* not 7 to 15 digits, or a 0 country code */
};

/*
 * Rewrites a number starting with "+" or "00" to E.164 ("+" and digits) in
 * out (cap bytes). Spaces, dashes, dots and parentheses are dropped (also
 * before the "+", as in "(+44) 20 ..."), and so is a "(0)" trunk prefix as
 * in "+41 (0)44 ...".
 */
static enum val_phone val_e164(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = in;

	while (*p == ' ' || *p == '(')
		p++;
	if (*p == '+')
		p++;
	else if (p[0] == '0' && p[1] == '0')
		p += 2;
	else
		return VAL_PHONE_NO_COUNTRY;
	out[n++] = '+';
	for (; *p != '\0'; p++) {
		if (strncmp(p, "(0)", 3) == 0) {
			p += 2;
		} else if (val_digit(*p)) {
			if (n + 1 >= cap)
				return VAL_PHONE_BAD_LENGTH;
			out[n++] = *p;
		} else if (strchr(" -.()", *p) == NULL) {
			return VAL_PHONE_BAD_CHAR;
		}
	}
	out[n] = '\0';
	if (n - 1 < VAL_E164_MIN_DIGITS || n - 1 > VAL_E164_MAX_DIGITS || out[1] == '0')
		return VAL_PHONE_BAD_LENGTH;
	return VAL_PHONE_OK;
}

/* ---- contact channels (extension) ---- */

/* Signal username: 3-32 of [A-Za-z0-9_], not led by a digit, "." 2-9 digits. */
static int signal_username_ok(const char *s)
{
	size_t n = 0, d = 0;

	if (val_digit(s[0]))
		return 0;
	while (val_alnum(s[n]) || s[n] == '_')
		n++;
	if (n < 3 || n > 32 || s[n] != '.')
		return 0;
	for (s += n + 1; val_digit(s[d]); d++)
		;
	return d >= 2 && d <= 9 && s[d] == '\0';
}

/* Telegram username: optional "@", 5-32 of [A-Za-z0-9_], led by a letter. */
static int telegram_username_ok(const char *s)
{
	size_t n = 0;

	if (*s == '@')
		s++;
	if (!val_alpha(s[0]))
		return 0;
	while (val_alnum(s[n]) || s[n] == '_')
		n++;
	return n >= 5 && n <= 32 && s[n] == '\0';
}

enum val_phone_use { VAL_NEVER, VAL_ALWAYS, VAL_WHEN_NUMERIC };

/*
 * What the value of each channel type must be. phone, sms and whatsapp
 * reach a phone number, always stored in E.164. Signal and Telegram reach
 * either a phone number or a username: a value that starts with "+", "(" or
 * a digit is taken as a number (and normalized), anything else must be a
 * username of that service and is kept exactly as given.
 */
struct val_channel_rule {
	const char *type;
	enum val_phone_use phone;
	int (*ok)(const char *s);
	const char *want;
};

static const struct val_channel_rule channel_rules[] = {
	{ "phone", VAL_ALWAYS, NULL, NULL },
	{ "sms", VAL_ALWAYS, NULL, NULL },
	{ "whatsapp", VAL_ALWAYS, NULL, NULL },
	{ "signal", VAL_WHEN_NUMERIC, signal_username_ok,
	  "a phone number with its country code (+41 44 123 45 67) or a "
	  "Signal username such as sam.42" },
	{ "telegram", VAL_WHEN_NUMERIC, telegram_username_ok,
	  "a phone number with its country code (+41 44 123 45 67) or a "
	  "Telegram username such as @example_help" },
	{ "email", VAL_NEVER, val_is_email, "an email address such as help@example.org" },
	{ "web_form", VAL_NEVER, val_is_http_uri,
	  "the address of the form, starting with https:// or http://" },
};

static const char *const phone_problems[] = {
	[VAL_PHONE_NO_COUNTRY] = "has no country code: write it starting with "
				 "+ and the country code, such as +41 44 123 45 67",
	[VAL_PHONE_BAD_CHAR] = "may hold only digits after the + and country "
			       "code, with spaces, dashes, dots or parentheses between them",
	[VAL_PHONE_BAD_LENGTH] = "is not a possible E.164 number: after the + "
				 "come the country code and the number, 7 to 15 digits in all",
};

static int looks_numeric(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '+' || *s == '(' || val_digit(*s);
}

/* Normalizes a phone value in place or reports why it can't be one. */
static void channel_phone(struct val_ctx *c, json_t *value, const char *ptr)
{
	char e164[VAL_E164_MAX_DIGITS + 2];
	enum val_phone r;

	r = val_e164(json_string_value(value), e164, sizeof(e164));
	if (r != VAL_PHONE_OK) {
		val_fail(c, "invalid_value", ptr, "the phone number %s", phone_problems[r]);
		return;
	}
	if (json_string_set(value, e164) != 0)
		val_fail(c, "internal_error", ptr, "out of memory");
}

/* Checks value against type once both have passed their own field checks. */
static void check_channel(struct val_ctx *c, json_t *obj, const char *ptr)
{
	const char *type = json_string_value(json_object_get(obj, "type"));
	json_t *value = json_object_get(obj, "value");
	const char *s = json_string_value(value);
	char p[VAL_PTR_MAX];

	if (type == NULL || s == NULL || json_string_length(value) > VAL_MAX_STRING_BYTES)
		return;
	dir_ptr_join(p, sizeof(p), ptr, "value", 0);
	for (size_t i = 0; i < sizeof(channel_rules) / sizeof(channel_rules[0]); i++) {
		const struct val_channel_rule *r = &channel_rules[i];
		if (strcmp(r->type, type) != 0)
			continue;
		if (r->phone == VAL_ALWAYS || (r->phone == VAL_WHEN_NUMERIC && looks_numeric(s)))
			channel_phone(c, value, p);
		else if (!r->ok(s))
			val_fail(c, "invalid_value", p, "a %s contact channel's value must be %s",
				 type, r->want);
		return;
	}
}

/* ---- attributes ---- */

/*
 * An attribute names its term by taxonomy_term_id or by a taxonomy_term
 * reference carrying a code or an id. sex_worker_led is derived from the
 * organization and refused here; whether a code exists is for storage.
 */
static void check_attribute(struct val_ctx *c, json_t *obj, const char *ptr)
{
	json_t *term = json_object_get(obj, "taxonomy_term");
	const char *tid = json_string_value(json_object_get(obj, "taxonomy_term_id"));
	const char *code, *id;
	char p[VAL_PTR_MAX], tp[VAL_PTR_MAX];

	dir_ptr_join(tp, sizeof(tp), ptr, "taxonomy_term", 0);
	if (term == NULL && json_object_get(obj, "taxonomy_term_id") == NULL) {
		dir_ptr_join(p, sizeof(p), ptr, "taxonomy_term_id", 0);
		val_fail(c, "missing_field", p,
			 "an attribute names its term: "
			 "give taxonomy_term_id, or taxonomy_term with a code");
		return;
	}
	if (!json_is_object(term))
		return;
	code = json_string_value(json_object_get(term, "code"));
	id = json_string_value(json_object_get(term, "id"));
	if (code == NULL && json_object_get(term, "id") == NULL) {
		dir_ptr_join(p, sizeof(p), tp, "code", 0);
		val_fail(c, "missing_field", p,
			 "taxonomy_term must name its "
			 "term by code (or id)");
	}
	if (code != NULL && strcmp(code, "sex_worker_led") == 0) {
		dir_ptr_join(p, sizeof(p), tp, "code", 0);
		val_fail(c, "invalid_value", p,
			 "sex_worker_led is derived from "
			 "the organization's sex_worker_led: set that instead "
			 "of this attribute");
	}
	if (tid != NULL && id != NULL && strcasecmp(tid, id) != 0) {
		dir_ptr_join(p, sizeof(p), tp, "id", 0);
		val_fail(c, "taxonomy_term_mismatch", p,
			 "taxonomy_term.id and "
			 "taxonomy_term_id name different terms: give one");
	}
}

/* Rules that span several fields of one object, by kind. */
static void (*const object_rules[VAL_K_COUNT])(struct val_ctx *, json_t *, const char *) = {
	[VAL_K_ATTRIBUTE] = check_attribute,
	[VAL_K_CONTACT_CHANNEL] = check_channel,
};

/* ---- the walk ---- */

static void check_object(struct val_ctx *c, enum val_kind k, json_t *obj, const char *ptr);

struct val_format_rule {
	int (*ok)(const char *s);
	const char *want;
};

/* What each string format accepts, and how to say it. */
static const struct val_format_rule format_rules[VAL_F_COUNT] = {
	[VAL_F_UUID] = { val_is_uuid, "a UUID such as "
				      "3a19ff88-4620-4d17-9830-ac1d859eb5d5 (or leave it out to "
				      "have one assigned)" },
	[VAL_F_EMAIL] = { val_is_email, "an email address such as help@example.org" },
	[VAL_F_URI] = { val_is_http_uri, "a web address starting with https:// or http://" },
	[VAL_F_DATE] = { val_is_date, "a date written YYYY-MM-DD, such as 2024-05-31" },
	[VAL_F_TIME] = { val_is_time, "a time written HH:MM or HH:MM:SS, "
				      "optionally followed by Z or an offset, such as 09:30 or "
				      "09:30+01:00" },
	[VAL_F_DATETIME] = { val_is_datetime, "an RFC 3339 date-time such as "
					      "2024-05-31T09:30:00Z" },
	[VAL_F_BCP47] = { val_is_bcp47,
			  "a BCP 47 language tag such as ro, "
			  "pt-BR, sr-Latn or es-419 (with hyphens, not underscores)" },
	[VAL_F_COUNTRY] = { val_is_country, "an ISO 3166-1 alpha-2 country "
					    "code in upper case, such as CH, RO or PT" },
	[VAL_F_TIMEZONE] = { val_is_timezone, "an IANA time zone name such as "
					      "Europe/Zurich" },
	[VAL_F_BYDAY] = { val_is_byday, "a comma-separated list of days as in "
					"iCalendar, such as MO,TU or 1MO,-1FR" },
};

struct val_range_rule {
	double min, max;
	const char *want;
};

/* What each numeric format accepts. */
static const struct val_range_rule range_rules[VAL_F_COUNT] = {
	[VAL_F_LATITUDE] = { -90, 90, "from -90 to 90 (degrees)" },
	[VAL_F_LONGITUDE] = { -180, 180, "from -180 to 180 (degrees)" },
	[VAL_F_NONNEG] = { 0, HUGE_VAL, "zero or more" },
};

/* The name of v's JSON type, for messages. */
static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static const char *article(const char *noun)
{
	return strchr("aeiou", noun[0]) != NULL ? "an" : "a";
}

/* "name" for a field, "each item of name" for an array or map member. */
static const char *label(const struct val_field *f, int item, char *buf, size_t cap)
{
	if (!item)
		return f->name;
	snprintf(buf, cap, "each %s of %s", f->flags & VAL_MAP ? "value" : "item", f->name);
	return buf;
}

static void wrong_type(struct val_ctx *c, const struct val_field *f, const json_t *v,
		       const char *ptr, int item)
{
	char lb[96], want[96];
	const char *kind = val_objects[f->kind].name;

	if ((f->flags & (VAL_ARRAY | VAL_MAP)) && !item)
		snprintf(want, sizeof(want), "%s",
			 f->flags & VAL_MAP ? "an object keyed by language tags" : "an array");
	else if (f->type == VAL_T_OBJECT)
		snprintf(want, sizeof(want), "%s %s object", article(kind), kind);
	else
		snprintf(want, sizeof(want), "%s",
			 f->type == VAL_T_STRING   ? "a string"
			 : f->type == VAL_T_NUMBER ? "a number"
						   : "true or false");
	val_fail(c, "wrong_type", ptr, "%s must be %s, not %s%s", label(f, item, lb, sizeof(lb)),
		 want, json_type_name(v), json_is_null(v) ? ": leave the field out instead" : "");
}

static int has_nonblank(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\r\n", *s) == NULL)
			return 1;
	return 0;
}

/*
 * The first control character of s[0, len) (UTF-8) that a field may not
 * hold: C0 controls and DEL always, C1 controls (U+0080 to U+009F) always,
 * and tab, line feed and carriage return unless prose is set. Returns its
 * code point, or -1 when there is none.
 */
static long val_control(const char *s, size_t len, int prose)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f) {
			if (prose && (ch == '\t' || ch == '\n' || ch == '\r'))
				continue;
			return ch;
		}
		if (ch == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return (unsigned char)s[i + 1];
	}
	return -1;
}

/* Writes "one of: a, b, c" for an enum into buf. */
static const char *enum_list(const char *const *e, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; e[i] != NULL && len < cap; i++) {
		int n = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", e[i]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return buf;
}

static int enum_ok(const char *const *e, const char *s)
{
	for (size_t i = 0; e[i] != NULL; i++)
		if (strcmp(e[i], s) == 0)
			return 1;
	return 0;
}

/* 1 when s is a known country code in lower or mixed case, written to up. */
static int country_upper(const char *s, char up[3])
{
	if (!val_alpha(s[0]) || !val_alpha(s[1]) || s[2] != '\0')
		return 0;
	up[0] = (char)(s[0] & ~0x20);
	up[1] = (char)(s[1] & ~0x20);
	up[2] = '\0';
	return val_is_country(up);
}

/* A string that fails its format or enum. */
static void bad_format(struct val_ctx *c, const struct val_field *f, const char *s, const char *ptr,
		       const char *lb)
{
	char buf[160];

	if (f->format == VAL_F_ENUM) {
		val_fail(c, "invalid_value", ptr, "%s must be one of: %s", lb,
			 enum_list(f->enums, buf, sizeof(buf)));
	} else if (f->format == VAL_F_COUNTRY && country_upper(s, buf)) {
		val_fail(c, "invalid_value", ptr,
			 "%s must be an ISO 3166-1 "
			 "alpha-2 code in upper case: write \"%s\"",
			 lb, buf);
	} else {
		val_fail(c, "invalid_value", ptr, "%s must be %s", lb,
			 format_rules[f->format].want);
	}
}

static void check_string(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr,
			 const char *lb)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	long cp;
	int ok = 1;

	if (len > VAL_MAX_STRING_BYTES) {
		val_fail(c, "invalid_value", ptr,
			 "%s is %zu bytes long; at "
			 "most %d are accepted: shorten it",
			 lb, len, VAL_MAX_STRING_BYTES);
		return;
	}
	if ((cp = val_control(s, len, (f->flags & VAL_PROSE) != 0)) >= 0) {
		/* A prose field never reports a tab or line break. */
		int brk = cp == '\t' || cp == '\n' || cp == '\r';

		val_fail(c, "invalid_value", ptr,
			 "%s holds the control character U+%04lX: remove it%s", lb,
			 (unsigned long)cp,
			 brk ? " (line breaks and tabs belong only in descriptions and notes)"
			     : "");
		return;
	}
	if ((f->flags & VAL_NONEMPTY) && !has_nonblank(s)) {
		val_fail(c, "invalid_value", ptr, "%s must not be empty", lb);
		return;
	}
	if (f->format == VAL_F_ENUM)
		ok = enum_ok(f->enums, s);
	else if (format_rules[f->format].ok != NULL)
		ok = strlen(s) == len && format_rules[f->format].ok(s);
	if (!ok)
		bad_format(c, f, s, ptr, lb);
}

static void check_number(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr,
			 const char *lb)
{
	const struct val_range_rule *r = &range_rules[f->format];
	double d = json_number_value(v);

	if (!isfinite(d)) {
		val_fail(c, "invalid_value", ptr, "%s must be a finite number", lb);
		return;
	}
	if (json_is_integer(v) ? (json_integer_value(v) > VAL_MAX_NUMBER ||
				  json_integer_value(v) < -VAL_MAX_NUMBER)
			       : fabs(d) > (double)VAL_MAX_NUMBER) {
		val_fail(c, "invalid_value", ptr,
			 "%s must lie between -2^53 and 2^53 (9007199254740992): a larger "
			 "number cannot be stored and read back exactly",
			 lb);
		return;
	}
	if (d != 0.0 && fabs(d) < VAL_MIN_MAGNITUDE) {
		val_fail(c, "invalid_value", ptr,
			 "%s must be 0 or at least 1e-30 in magnitude: a smaller number cannot be "
			 "stored, signed and read back exactly",
			 lb);
		return;
	}
	if (r->want != NULL && (d < r->min || d > r->max))
		val_fail(c, "invalid_value", ptr, "%s must be %s", lb, r->want);
}

/* One value of field f (item: it is a member of an array or map). */
static void check_value(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr,
			int item)
{
	char lb[96];
	const char *l = label(f, item, lb, sizeof(lb));

	switch (f->type) {
	case VAL_T_STRING:
		if (!json_is_string(v))
			break;
		check_string(c, f, v, ptr, l);
		return;
	case VAL_T_NUMBER:
		if (!json_is_number(v))
			break;
		check_number(c, f, v, ptr, l);
		return;
	case VAL_T_BOOLEAN:
		if (!json_is_boolean(v))
			break;
		return;
	case VAL_T_OBJECT:
		if (!json_is_object(v))
			break;
		check_object(c, f->kind, v, ptr);
		return;
	}
	wrong_type(c, f, v, ptr, item);
}

static void check_array(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr)
{
	char p[VAL_PTR_MAX];
	size_t i;
	json_t *item;

	if (!json_is_array(v)) {
		wrong_type(c, f, v, ptr, 0);
		return;
	}
	if (json_array_size(v) > VAL_MAX_ARRAY_ITEMS) {
		val_fail(c, "invalid_value", ptr,
			 "%s has %zu items; at most %d "
			 "are accepted",
			 f->name, json_array_size(v), VAL_MAX_ARRAY_ITEMS);
		return;
	}
	json_array_foreach(v, i, item)
	{
		dir_ptr_join(p, sizeof(p), ptr, NULL, i);
		check_value(c, f, item, p, 1);
	}
}

/* True when a key before stop in obj equals key ignoring case. */
static int key_seen_before(json_t *obj, const char *key, const char *stop)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
	{
		if (k == stop)
			return 0;
		if (strcasecmp(k, key) == 0)
			return 1;
	}
	return 0;
}

/* A map keyed by BCP 47 tags (translations). */
static void check_map(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr)
{
	char p[VAL_PTR_MAX];
	const char *key;
	json_t *item;

	if (!json_is_object(v)) {
		wrong_type(c, f, v, ptr, 0);
		return;
	}
	if (json_object_size(v) > VAL_MAX_ARRAY_ITEMS) {
		val_fail(c, "invalid_value", ptr,
			 "%s has %zu entries; at most "
			 "%d are accepted",
			 f->name, json_object_size(v), VAL_MAX_ARRAY_ITEMS);
		return;
	}
	json_object_foreach(v, key, item)
	{
		dir_ptr_join(p, sizeof(p), ptr, key, 0);
		if (!val_is_bcp47(key))
			val_fail(c, "invalid_value", p,
				 "%s are keyed by BCP 47 "
				 "language tags such as de, pt-BR or sr-Latn "
				 "(with hyphens, not underscores)",
				 f->name);
		else if (key_seen_before(v, key, key))
			val_fail(c, "invalid_value", p,
				 "%s has this language "
				 "twice (tags ignore case): keep one",
				 f->name);
		check_value(c, f, item, p, 1);
	}
}

static void check_field(struct val_ctx *c, const struct val_field *f, json_t *v, const char *ptr)
{
	if (f->flags & VAL_READ_ONLY)
		val_fail(c, "read_only_field", ptr,
			 "%s is filled in by the "
			 "directory and cannot be written: leave it out",
			 f->name);
	else if (f->flags & VAL_ARRAY)
		check_array(c, f, v, ptr);
	else if (f->flags & VAL_MAP)
		check_map(c, f, v, ptr);
	else
		check_value(c, f, v, ptr, 0);
}

/* Reports missing required fields and fills in documented defaults. */
static void check_required(struct val_ctx *c, enum val_kind k, json_t *obj, const char *ptr)
{
	const struct val_object *o = &val_objects[k];
	char p[VAL_PTR_MAX];

	for (size_t i = 0; i < o->nfields; i++) {
		const struct val_field *f = &o->fields[i];
		if (json_object_get(obj, f->name) != NULL)
			continue;
		dir_ptr_join(p, sizeof(p), ptr, f->name, 0);
		if (f->dflt != NULL) {
			if (json_object_set_new(obj, f->name, json_string(f->dflt)) != 0)
				val_fail(c, "internal_error", p, "out of memory");
		} else if (f->flags & VAL_REQUIRED) {
			val_fail(c, "missing_field", p,
				 "%s is required in %s "
				 "%s: add it%s",
				 f->name, article(o->name), o->name,
				 f->type == VAL_T_STRING && !(f->flags & VAL_NONEMPTY)
					 ? ", as an empty "
					   "string if there is nothing to say"
					 : "");
		}
	}
}

static void check_object(struct val_ctx *c, enum val_kind k, json_t *obj, const char *ptr)
{
	char p[VAL_PTR_MAX];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		const struct val_field *f = val_field_find(k, key);
		dir_ptr_join(p, sizeof(p), ptr, key, 0);
		if (f == NULL)
			val_fail(c, "unknown_field", p,
				 "\"%.64s\" is not a "
				 "field of %s %s in HSDS 3.0 or in directoryd's "
				 "extensions: remove it or correct its spelling",
				 key, article(val_objects[k].name), val_objects[k].name);
		else
			check_field(c, f, v, p);
	}
	check_required(c, k, obj, ptr);
	if (object_rules[k] != NULL)
		object_rules[k](c, obj, ptr);
}

/* ---- entry points ---- */

static size_t depth_below(const json_t *v, size_t level)
{
	size_t best = 0, d;

	if (!json_is_object(v) && !json_is_array(v))
		return 0;
	if (level >= VAL_DEPTH_COUNT_MAX)
		return 1;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			if ((d = depth_below(json_array_get(v, i), level + 1)) > best)
				best = d;
		return best + 1;
	}
	/* jansson's iterators take a non-const object; nothing is changed. */
	for (void *it = json_object_iter((json_t *)(uintptr_t)v); it != NULL;
	     it = json_object_iter_next((json_t *)(uintptr_t)v, it))
		if ((d = depth_below(json_object_iter_value(it), level + 1)) > best)
			best = d;
	return best + 1;
}

size_t val_json_depth(const json_t *v)
{
	return v == NULL ? 0 : depth_below(v, 0);
}

static const enum val_kind kind_objects[] = {
	[DIR_KIND_ORGANIZATION] = VAL_K_ORGANIZATION,
	[DIR_KIND_SERVICE] = VAL_K_SERVICE,
	[DIR_KIND_LOCATION] = VAL_K_LOCATION,
};

int val_check(enum dir_kind kind, json_t *doc, struct dir_error *err)
{
	struct val_ctx c = { err, 0 };
	enum val_kind k = VAL_K_NONE;
	const char *name;

	if ((size_t)kind < sizeof(kind_objects) / sizeof(kind_objects[0]))
		k = kind_objects[kind];
	if (k == VAL_K_NONE) {
		val_fail(&c, "internal_error", NULL, "unknown kind of record");
		return -1;
	}
	name = val_objects[k].name;
	if (!json_is_object(doc)) {
		val_fail(&c, "wrong_type", "",
			 "the document must be %s %s "
			 "object, not %s",
			 article(name), name, doc != NULL ? json_type_name(doc) : "empty");
		return -1;
	}
	if (val_json_depth(doc) > DIR_MAX_JSON_DEPTH) {
		val_fail(&c, "invalid_json", "",
			 "the document is nested more "
			 "than %d levels deep",
			 DIR_MAX_JSON_DEPTH);
		return -1;
	}
	check_object(&c, k, doc, "");
	return c.violations > 0 ? -1 : 0;
}

int val_check_closure(const json_t *doc, const char *today, struct dir_error *err)
{
	const char *until = json_string_value(json_object_get(doc, "closed_until"));
	const char *status = json_string_value(json_object_get(doc, "status"));

	if (until == NULL)
		return 0;
	if (status == NULL || strcmp(status, "temporarily closed") != 0) {
		dir_error_add(err, "invalid_value", "/closed_until",
			      "closed_until is the last day of a temporary closure: give it with "
			      "status \"temporarily closed\", or leave it out");
		return -1;
	}
	if (strcmp(until, today) < 0) {
		dir_error_add(err, "invalid_value", "/closed_until",
			      "closed_until %s is in the past: give the last day of the closure, "
			      "today (%s) or later",
			      until, today);
		return -1;
	}
	return 0;
}
