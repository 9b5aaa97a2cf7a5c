/*
 * hours.h - opening hours of the pages: open now, the next opening and the
 * week starting today, read from HSDS schedule objects in a location's
 * time zone.
 *
 * The rule is the one the API's open_now filter uses (dir_schedule_open,
 * migrations/0004_search.sql): byday names the days (none: every day),
 * times are the location's local wall clock, a closes_at before opens_at
 * runs past midnight into the next day, and valid_from/valid_to bound the
 * dates. The local time comes from PostgreSQL's time zone data, so C never
 * touches TZ.
 */
#ifndef DIRECTORYD_WEB_HOURS_H
#define DIRECTORYD_WEB_HOURS_H

#include <jansson.h>

#include "db.h"
#include "html.h"

/* The local time in one time zone. */
struct hours_clock {
	int wday;      /* ISO weekday: 1 Monday .. 7 Sunday */
	int minute;    /* minutes since local midnight, 0..1439 */
	char date[11]; /* local date, YYYY-MM-DD */
};

#define HOURS_MAX_ZONES 16

/* The clocks one page has asked for, so each zone is read once. */
struct hours_clocks {
	char tz[HOURS_MAX_ZONES][64];
	struct hours_clock clock[HOURS_MAX_ZONES];
	size_t n;
};

/*
 * The local time now in time zone tz (an IANA name; NULL or unknown: UTC),
 * read once per page through cache. Returns 0, or -1 with err (database).
 */
int hours_clock(PGconn *conn, struct hours_clocks *cache, const char *tz, struct hours_clock *out,
		struct dir_error *err);

/* 1 when one of the schedules (a JSON array, may be NULL) is open at c. */
int hours_open_now(const json_t *schedules, const struct hours_clock *c);

/*
 * The next opening after c: *days_ahead (0 today .. 7) and *minute of the
 * local day. Returns 0, or -1 when no schedule gives an opening time.
 */
int hours_next_open(const json_t *schedules, const struct hours_clock *c, int *days_ahead,
		    int *minute);

/* 1 when the schedules give any weekly time at all. */
int hours_known(const json_t *schedules);

/*
 * The week as a table, today first: one row per day with its opening
 * times ("22:00–03:00 (next day)"), "Closed" on days without any, and each
 * schedule's description below. caption is the table's caption (text).
 * skip_closed leaves the closed days out (the print sheet).
 * Texts are in the thread's interface language.
 */
void hours_week(struct html *h, const json_t *schedules, const struct hours_clock *c,
		const char *caption, int skip_closed);

/* "Open now", or "Opens today at 14:00" / "Opens Tuesday at 14:00", or
 * nothing when no time is known; as element content. */
void hours_status(struct html *h, const json_t *schedules, const struct hours_clock *c);

/* Longest short weekday name hours_summary writes, in bytes with the NUL. */
#define HOURS_DAY_MAX 32

/* A short one-line summary of the week for an SMS, with the weekdays'
 * stand-alone short names in language lang (a BCP 47 tag such as the
 * interface language's; CLDR's names through ICU, English when it has
 * none): "Mon Tue Wed Thu Fri 12:00-20:00", "lun. mar. 12:00-20:00";
 * written as plain text into buf (cap bytes; when full, cut after the last
 * whole schedule, never inside a UTF-8 character). */
void hours_summary(const json_t *schedules, const char *lang, char *buf, size_t cap);

/* The translated name of ISO weekday d (1..7). */
const char *hours_day_name(int d);

#endif
