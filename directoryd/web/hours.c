/*
 * hours.c - open now, next opening and the week's hours (hours.h).
 */
#include "hours.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "i18n.h"

/* One schedule, read from its JSON. */
struct hours_slot {
	unsigned int days; /* bit d-1 for ISO weekday d */
	int opens, closes; /* minutes of the local day, -1 when absent */
	const char *valid_from, *valid_to, *description;
};

static const char *const day_names[] = { N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
					 N_("Thursday"), N_("Friday"),  N_("Saturday"),
					 N_("Sunday") };
static const char *const day_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

const char *hours_day_name(int d)
{
	return d >= 1 && d <= 7 ? _(day_names[d - 1]) : "";
}

/* "HH:MM" or "HH:MM:SS" as minutes, or -1. */
static int hours_minutes(const char *s)
{
	int h, m;
	char tail;

	if (s == NULL || sscanf(s, "%2d:%2d%c", &h, &m, &tail) < 2 || h < 0 || h > 24 || m < 0 ||
	    m > 59)
		return -1;
	return h == 24 ? 1439 : h * 60 + m;
}

/* An RFC 5545 BYDAY list ("MO,TU", "1MO"); none or empty: every day. */
static unsigned int hours_days(const char *byday)
{
	unsigned int days = 0;
	const char *p = byday;

	if (byday == NULL || strspn(byday, " ") == strlen(byday))
		return 0x7f;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		if (len >= 2)
			for (int d = 0; d < 7; d++)
				if (strncasecmp(p + len - 2, day_codes[d], 2) == 0)
					days |= 1u << d;
		p += len;
		if (*p == ',')
			p++;
	}
	return days;
}

static struct hours_slot hours_slot_read(const json_t *sc)
{
	struct hours_slot s;

	s.days = hours_days(json_string_value(json_object_get(sc, "byday")));
	s.opens = hours_minutes(json_string_value(json_object_get(sc, "opens_at")));
	s.closes = hours_minutes(json_string_value(json_object_get(sc, "closes_at")));
	s.valid_from = json_string_value(json_object_get(sc, "valid_from"));
	s.valid_to = json_string_value(json_object_get(sc, "valid_to"));
	s.description = json_string_value(json_object_get(sc, "description"));
	return s;
}

static int hours_has(const struct hours_slot *s, int d)
{
	return (s->days >> (d - 1)) & 1u;
}

static int hours_valid(const struct hours_slot *s, const char *date)
{
	return (s->valid_from == NULL || strncmp(s->valid_from, date, 10) <= 0) &&
	       (s->valid_to == NULL || strncmp(s->valid_to, date, 10) >= 0);
}

static int hours_slot_open(const struct hours_slot *s, const struct hours_clock *c)
{
	int t = c->minute, prev = c->wday == 1 ? 7 : c->wday - 1;

	if (s->opens < 0 || s->closes < 0 || !hours_valid(s, c->date))
		return 0;
	if (hours_has(s, c->wday) && t >= s->opens && (t < s->closes || s->closes <= s->opens))
		return 1;
	return s->closes < s->opens && t < s->closes && hours_has(s, prev);
}

int hours_open_now(const json_t *schedules, const struct hours_clock *c)
{
	size_t i;
	const json_t *sc;

	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		if (hours_slot_open(&s, c))
			return 1;
	}
	return 0;
}

int hours_known(const json_t *schedules)
{
	size_t i;
	const json_t *sc;

	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		if (s.opens >= 0)
			return 1;
	}
	return 0;
}

int hours_next_open(const json_t *schedules, const struct hours_clock *c, int *days_ahead,
		    int *minute)
{
	int best = -1;
	size_t i;
	const json_t *sc;

	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		if (s.opens < 0)
			continue;
		for (int k = 0; k <= 7; k++) {
			int d = (c->wday - 1 + k) % 7 + 1;
			int at = k * 1440 + s.opens;
			if (!hours_has(&s, d) || (k == 0 && s.opens <= c->minute))
				continue;
			if (best < 0 || at < best)
				best = at;
			break;
		}
	}
	if (best < 0)
		return -1;
	*days_ahead = best / 1440;
	*minute = best % 1440;
	return 0;
}

static void hours_hhmm(char *buf, size_t cap, int minute)
{
	snprintf(buf, cap, "%02d:%02d", minute / 60 % 100, minute % 60);
}

void hours_status(struct html *h, const json_t *schedules, const struct hours_clock *c)
{
	int days, minute;
	char hhmm[8], line[160];

	if (hours_open_now(schedules, c)) {
		html_raw(h, "<strong class=\"open\">");
		html_txt(h, _("Open now"));
		html_raw(h, "</strong>");
		return;
	}
	if (hours_next_open(schedules, c, &days, &minute) != 0)
		return;
	hours_hhmm(hhmm, sizeof(hhmm), minute);
	if (days == 0)
		snprintf(line, sizeof(line), _("Closed now. Opens today at %s"), hhmm);
	else if (days == 1)
		snprintf(line, sizeof(line), _("Closed now. Opens tomorrow at %s"), hhmm);
	else
		snprintf(line, sizeof(line), _("Closed now. Opens %s at %s"),
			 hours_day_name((c->wday - 1 + days) % 7 + 1), hhmm);
	html_raw(h, "<span class=\"closed\">");
	html_txt(h, line);
	html_raw(h, "</span>");
}

/* Whether any schedule gives a time on day d. */
static int hours_day_open(const json_t *schedules, int d)
{
	size_t i;
	const json_t *sc;

	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		if (s.opens >= 0 && hours_has(&s, d))
			return 1;
	}
	return 0;
}

/* The times of day d, or "Closed". */
static void hours_day(struct html *h, const json_t *schedules, int d)
{
	size_t i;
	const json_t *sc;
	int any = 0;
	char from[8], to[8];

	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		if (s.opens < 0 || !hours_has(&s, d))
			continue;
		if (any++)
			html_raw(h, ", ");
		hours_hhmm(from, sizeof(from), s.opens);
		html_txt(h, from);
		if (s.closes >= 0) {
			hours_hhmm(to, sizeof(to), s.closes);
			html_raw(h, "\xe2\x80\x93");
			html_txt(h, to);
			if (s.closes < s.opens) {
				html_raw(h, " (");
				html_txt(h, _("next day"));
				html_raw(h, ")");
			}
		}
	}
	if (!any)
		html_txt(h, _("Closed"));
}

void hours_week(struct html *h, const json_t *schedules, const struct hours_clock *c,
		const char *caption, int skip_closed)
{
	size_t i;
	const json_t *sc;

	if (!hours_known(schedules)) {
		html_raw(h, "<p>");
		html_txt(h, _("Opening hours not given; ask when you contact them."));
		html_raw(h, "</p>");
	} else {
		html_raw(h, "<table class=\"hours\"><caption>");
		html_txt(h, caption);
		html_raw(h, "</caption>");
		for (int k = 0; k < 7; k++) {
			int d = (c->wday - 1 + k) % 7 + 1;
			if (skip_closed && !hours_day_open(schedules, d))
				continue;
			html_raw(h, "<tr class=\"");
			html_raw(h, k == 0 ? "today" : "day");
			html_raw(h, hours_day_open(schedules, d) ? "\"><th scope=\"row\">"
								 : " shut\"><th scope=\"row\">");
			html_txt(h, hours_day_name(d));
			if (k == 0) {
				html_raw(h, " (");
				html_txt(h, _("today"));
				html_raw(h, ")");
			}
			html_raw(h, "</th><td>");
			hours_day(h, schedules, d);
			html_raw(h, "</td></tr>");
		}
		html_raw(h, "</table>");
	}
	json_array_foreach(schedules, i, sc)
	{
		const char *desc = json_string_value(json_object_get(sc, "description"));
		if (desc != NULL && *desc != '\0') {
			html_raw(h, "<p class=\"note\">");
			html_txt(h, desc);
			html_raw(h, "</p>");
		}
	}
}

/* The stand-alone short names of the weekdays in language lang (BCP 47
 * or ICU locale id), Monday first, from ICU's locale data (CLDR): "Mon",
 * "Mo", "lun.", "пн"; the English ones when ICU has none. */
static void hours_short_days(const char *lang, char names[7][HOURS_DAY_MAX])
{
	static const char *const english[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	UErrorCode status = U_ZERO_ERROR;
	UDateFormat *fmt = udat_open(UDAT_NONE, UDAT_SHORT, lang, NULL, 0, NULL, 0, &status);

	for (int d = 0; d < 7; d++) {
		UChar u[HOURS_DAY_MAX];
		UErrorCode st = U_ZERO_ERROR;
		int32_t n = 0;
		/* ICU counts from Sunday (UCAL_SUNDAY = 1). */
		if (fmt != NULL && U_SUCCESS(status))
			n = udat_getSymbols(fmt, UDAT_STANDALONE_SHORT_WEEKDAYS, d == 6 ? 1 : d + 2,
					    u, HOURS_DAY_MAX, &st);
		if (n > 0 && U_SUCCESS(st))
			u_strToUTF8(names[d], HOURS_DAY_MAX, NULL, u, n, &st);
		if (n <= 0 || U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
			snprintf(names[d], HOURS_DAY_MAX, "%s", english[d]);
	}
	if (fmt != NULL)
		udat_close(fmt);
}

/*
 * buf (cap bytes) was filled to the brim by snprintf, which may have cut a
 * weekday name in the middle of a UTF-8 character: keep the whole
 * schedules only (up to the last "; "), so an SMS never carries half a
 * character, half a time or days without their hours.
 */
static void hours_cut_whole(char *buf, size_t cap)
{
	char *sep = NULL;

	buf[cap - 1] = '\0';
	for (char *p = strstr(buf, "; "); p != NULL; p = strstr(p + 2, "; "))
		sep = p;
	if (sep != NULL)
		*sep = '\0';
	else
		buf[0] = '\0'; /* not even one schedule fits */
}

void hours_summary(const json_t *schedules, const char *lang, char *buf, size_t cap)
{
	size_t used = 0, i;
	const json_t *sc;
	char from[8], to[8], days[7][HOURS_DAY_MAX];

	buf[0] = '\0';
	hours_short_days(lang, days);
	json_array_foreach(schedules, i, sc)
	{
		struct hours_slot s = hours_slot_read(sc);
		int n;
		if (s.opens < 0 || used >= cap)
			continue;
		if (used > 0)
			used += (size_t)snprintf(buf + used, cap - used, "; ");
		for (int d = 1; d <= 7 && used < cap; d++)
			if (hours_has(&s, d))
				used += (size_t)snprintf(buf + used, cap - used, "%s%s",
							 days[d - 1], " ");
		if (used >= cap)
			break;
		hours_hhmm(from, sizeof(from), s.opens);
		hours_hhmm(to, sizeof(to), s.closes >= 0 ? s.closes : s.opens);
		n = snprintf(buf + used, cap - used, "%s-%s", from, to);
		used += n > 0 ? (size_t)n : 0;
	}
	if (used >= cap)
		hours_cut_whole(buf, cap);
}

/* The local clock in zone, one statement. 0, or -1 with err. */
static int hours_clock_read(PGconn *conn, const char *zone, struct hours_clock *out,
			    struct dir_error *err)
{
	static const char sql[] = "SELECT extract(isodow FROM t)::int, (extract(hour FROM t) * 60"
				  " + extract(minute FROM t))::int, to_char(t, 'YYYY-MM-DD')"
				  " FROM (SELECT now() AT TIME ZONE $1 AS t) x";
	const char *params[1] = { zone };
	PGresult *res = db_exec(conn, sql, 1, params, err);

	if (res == NULL)
		return -1;
	out->wday = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	out->minute = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	snprintf(out->date, sizeof(out->date), "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	if (out->wday < 1 || out->wday > 7)
		out->wday = 1;
	return 0;
}

int hours_clock(PGconn *conn, struct hours_clocks *cache, const char *tz, struct hours_clock *out,
		struct dir_error *err)
{
	const char *zone = tz != NULL ? tz : "UTC";
	struct dir_error tz_err;

	for (size_t i = 0; i < cache->n; i++)
		if (strcmp(cache->tz[i], zone) == 0) {
			*out = cache->clock[i];
			return 0;
		}
	/* Zones were checked when the listing was written; one the time zone
	 * data no longer knows reads as UTC rather than failing the page. */
	dir_error_init(&tz_err);
	if (hours_clock_read(conn, zone, out, &tz_err) != 0 &&
	    hours_clock_read(conn, "UTC", out, err) != 0) {
		dir_error_clear(&tz_err);
		return -1;
	}
	dir_error_clear(&tz_err);
	if (cache->n < HOURS_MAX_ZONES && strlen(zone) < sizeof(cache->tz[0])) {
		snprintf(cache->tz[cache->n], sizeof(cache->tz[0]), "%s", zone);
		cache->clock[cache->n++] = *out;
	}
	return 0;
}
