/*
 * parts.c - the pieces of a listing shared by the pages (parts.h).
 */
#include "parts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

const char *const parts_needs[] = { "free",      "no_id_required",
				    "anonymous", "all_residence_statuses",
				    "walk_in",   NULL };

/* Access codes shown as badges, in this order ("free" is the cost line). */
static const char *const badge_codes[] = { "no_id_required",
					   "anonymous",
					   "all_residence_statuses",
					   "no_health_insurance_required",
					   "no_registration_required",
					   "walk_in",
					   "by_appointment",
					   "online",
					   "phone_service",
					   "interpretation",
					   "trans_inclusive",
					   "women",
					   "men",
					   "non_binary",
					   "wheelchair_access",
					   "sex_worker_led",
					   "independent_of_authorities",
					   "data_firewall",
					   "low_cost",
					   NULL };

void parts_field(struct parts_ctx *c, const char *tag, const char *attrs, const json_t *record,
		 const char *field)
{
	const char *text = json_string_value(json_object_get(record, field));

	if (text == NULL || *text == '\0')
		return;
	html_raw(&c->p->h, "<");
	html_raw(&c->p->h, tag);
	if (attrs != NULL)
		html_raw(&c->p->h, attrs);
	page_lang_attr(c->p, page_text_lang(c->p, record, field));
	html_raw(&c->p->h, ">");
	html_txt(&c->p->h, text);
	html_raw(&c->p->h, "</");
	html_raw(&c->p->h, tag);
	html_raw(&c->p->h, ">");
}

/* Whether an attributes array names the term code. */
static int parts_attrs_have(const json_t *attrs, const char *code)
{
	size_t i;
	const json_t *a;

	json_array_foreach(attrs, i, a)
	{
		const char *ac = json_string_value(
			json_object_get(json_object_get(a, "taxonomy_term"), "code"));
		if (ac != NULL && strcmp(ac, code) == 0)
			return 1;
	}
	return 0;
}

int parts_has_term(const json_t *service, const char *code)
{
	size_t i;
	const json_t *sal;

	if (parts_attrs_have(json_object_get(service, "attributes"), code))
		return 1;
	json_array_foreach(json_object_get(service, "service_at_locations"), i, sal)
	{
		if (parts_attrs_have(json_object_get(sal, "attributes"), code))
			return 1;
	}
	return 0;
}

static int parts_is_category(const struct parts_ctx *c, const char *code)
{
	for (size_t i = 0; i < c->vocab.n; i++)
		if (strcmp(c->vocab.terms[i].code, code) == 0)
			return strcmp(c->vocab.terms[i].taxonomy, "service_type") == 0;
	return 0;
}

void parts_categories(struct parts_ctx *c, const json_t *service)
{
	size_t i;
	const json_t *a;
	int n = 0;

	json_array_foreach(json_object_get(service, "attributes"), i, a)
	{
		const char *code = json_string_value(
			json_object_get(json_object_get(a, "taxonomy_term"), "code"));
		if (code == NULL || !parts_is_category(c, code))
			continue;
		if (n++ > 0)
			html_raw(&c->p->h, ", ");
		html_txt(&c->p->h, webdata_term_name(&c->vocab, code));
	}
}

void parts_badges(struct parts_ctx *c, const json_t *service)
{
	int n = 0;

	for (const char *const *b = badge_codes; *b != NULL; b++) {
		const char *name = webdata_term_name(&c->vocab, *b);
		if (name == NULL || !parts_has_term(service, *b))
			continue;
		html_raw(&c->p->h, n++ == 0 ? "<ul class=\"badges\"><li>" : "<li>");
		html_txt(&c->p->h, name);
		html_raw(&c->p->h, "</li>");
	}
	if (n > 0)
		html_raw(&c->p->h, "</ul>");
}

void parts_cost(struct parts_ctx *c, const json_t *service)
{
	const char *fees = json_string_value(json_object_get(service, "fees_description"));

	if (parts_has_term(service, "free")) {
		html_raw(&c->p->h, "<span>");
		html_txt(&c->p->h, _("Free of charge"));
		html_raw(&c->p->h, "</span>");
	} else if (fees != NULL && *fees != '\0') {
		parts_field(c, "span", NULL, service, "fees_description");
	} else {
		html_raw(&c->p->h, "<span>");
		html_txt(&c->p->h, _("Ask about the cost"));
		html_raw(&c->p->h, "</span>");
	}
}

void parts_languages(struct parts_ctx *c, const json_t *service)
{
	size_t i;
	const json_t *l;
	char name[128];
	int n = 0;

	json_array_foreach(json_object_get(service, "languages"), i, l)
	{
		const char *code = json_string_value(json_object_get(l, "code"));
		if (code == NULL)
			continue;
		if (n++ > 0)
			html_raw(&c->p->h, ", ");
		html_txt(&c->p->h, webdata_language_name(code, c->p->ui->tag, name, sizeof(name)));
	}
	if (n == 0)
		html_txt(&c->p->h, _("not given"));
}

json_t *parts_schedules(const json_t *service, const json_t *sal, enum parts_hours_of *of)
{
	json_t *own = json_object_get(sal, "schedules");
	json_t *svc = json_object_get(service, "schedules");
	json_t *place = json_object_get(json_object_get(sal, "location"), "schedules");
	enum parts_hours_of whose = PARTS_HOURS_NONE;
	json_t *chosen = NULL;

	if (json_array_size(own) > 0) {
		chosen = own;
		whose = PARTS_HOURS_SAL;
	} else if (json_array_size(svc) > 0) {
		chosen = svc;
		whose = PARTS_HOURS_SERVICE;
	} else if (json_array_size(place) > 0) {
		chosen = place;
		whose = PARTS_HOURS_LOCATION;
	}
	if (of != NULL)
		*of = whose;
	return chosen != NULL ? json_incref(chosen) : json_array();
}

void parts_hours_of_place(struct parts_ctx *c)
{
	html_raw(&c->p->h, "<p class=\"note hours-of\">");
	html_txt(&c->p->h, _("These are the place's opening hours: the service gives no hours of "
			     "its own."));
	html_raw(&c->p->h, "</p>");
}

const char *parts_timezone(const json_t *service, const json_t *sal)
{
	size_t i;
	const json_t *x;
	const char *tz = json_string_value(
		json_object_get(json_object_get(sal, "location"), "timezone_name"));

	if (tz != NULL)
		return tz;
	json_array_foreach(json_object_get(service, "service_at_locations"), i, x)
	{
		tz = json_string_value(
			json_object_get(json_object_get(x, "location"), "timezone_name"));
		if (tz != NULL)
			return tz;
	}
	return NULL;
}

/* Open now at one place (or the service itself when sal is NULL); the
 * next opening in minutes from now through *best. */
static int parts_place_status(struct parts_ctx *c, const json_t *service, const json_t *sal,
			      int *open, int *best, struct hours_clock *best_clock,
			      json_t **best_sched)
{
	struct hours_clock clock;
	json_t *sched = parts_schedules(service, sal, NULL);
	int days, minute;

	if (sched == NULL)
		return -1;
	if (hours_clock(c->conn, &c->clocks, parts_timezone(service, sal), &clock, &c->err) != 0) {
		json_decref(sched);
		return -1;
	}
	if (hours_open_now(sched, &clock))
		*open = 1;
	if (hours_next_open(sched, &clock, &days, &minute) == 0) {
		int in = days * 1440 + minute - clock.minute;
		if (*best < 0 || in < *best) {
			*best = in;
			*best_clock = clock;
			json_decref(*best_sched);
			*best_sched = json_incref(sched);
		}
	}
	json_decref(sched);
	return 0;
}

/* The service's closure as one line, into line (cap bytes): "Temporarily
 * closed until DATE", "Temporarily closed", "No longer offered"; 0, or -1
 * when it is open (line ""). */
static int parts_closed_line(const json_t *service, char *line, size_t cap)
{
	const char *status = json_string_value(json_object_get(service, "status"));
	const char *until = json_string_value(json_object_get(service, "closed_until"));

	line[0] = '\0';
	if (status == NULL || strcmp(status, "active") == 0)
		return -1;
	if (strcmp(status, "temporarily closed") != 0)
		snprintf(line, cap, "%s", _("No longer offered"));
	else if (until != NULL)
		snprintf(line, cap, _("Temporarily closed until %s"), until);
	else
		snprintf(line, cap, "%s", _("Temporarily closed"));
	return 0;
}

void parts_closure(struct parts_ctx *c, const json_t *service)
{
	const char *alert = json_string_value(json_object_get(service, "alert"));
	char line[160];

	if (parts_closed_line(service, line, sizeof(line)) == 0) {
		html_raw(&c->p->h, "<p class=\"notice closed-notice\"><strong>");
		html_txt(&c->p->h, line);
		html_raw(&c->p->h, "</strong></p>");
	}
	if (alert != NULL && alert[0] != '\0') {
		html_raw(&c->p->h, "<p class=\"notice alert-notice\">");
		parts_field(c, "span", NULL, service, "alert");
		html_raw(&c->p->h, "</p>");
	}
}

void parts_status(struct parts_ctx *c, const json_t *service)
{
	const json_t *sals = json_object_get(service, "service_at_locations");
	size_t i;
	const json_t *sal;
	int open = 0, best = -1;
	struct hours_clock clock = { 1, 0, "" };
	json_t *sched = NULL;
	char line[160];

	if (parts_closed_line(service, line, sizeof(line)) == 0) { /* never "open now" */
		html_raw(&c->p->h, "<strong class=\"closed\">");
		html_txt(&c->p->h, line);
		html_raw(&c->p->h, "</strong>");
		return;
	}
	if (json_array_size(sals) == 0)
		parts_place_status(c, service, NULL, &open, &best, &clock, &sched);
	json_array_foreach(sals, i, sal)
	{
		parts_place_status(c, service, sal, &open, &best, &clock, &sched);
	}
	if (open) {
		html_raw(&c->p->h, "<strong class=\"open\">");
		html_txt(&c->p->h, _("Open now"));
		html_raw(&c->p->h, "</strong>");
	} else if (sched != NULL) {
		hours_status(&c->p->h, sched, &clock);
	} else {
		html_txt(&c->p->h, _("Opening hours not given"));
	}
	json_decref(sched);
}

static const json_t *parts_first_address(const json_t *location)
{
	return json_array_get(json_object_get(location, "addresses"), 0);
}

void parts_address(struct parts_ctx *c, const json_t *location)
{
	const json_t *a = parts_first_address(location);
	const char *line1 = json_string_value(json_object_get(a, "address_1"));
	const char *line2 = json_string_value(json_object_get(a, "address_2"));
	const char *postal = json_string_value(json_object_get(a, "postal_code"));
	const char *city = json_string_value(json_object_get(a, "city"));

	if (json_is_true(json_object_get(location, "confidential"))) {
		html_raw(&c->p->h, "<strong>");
		html_txt(&c->p->h, _("Address given on contact"));
		html_raw(&c->p->h, "</strong>");
		if (city != NULL && *city != '\0') {
			html_raw(&c->p->h, "<br>");
			html_txt(&c->p->h, city);
		}
		return;
	}
	if (line1 != NULL && *line1 != '\0') {
		html_txt(&c->p->h, line1);
		html_raw(&c->p->h, "<br>");
	}
	if (line2 != NULL && *line2 != '\0') {
		html_txt(&c->p->h, line2);
		html_raw(&c->p->h, "<br>");
	}
	if (postal != NULL && *postal != '\0') {
		html_txt(&c->p->h, postal);
		html_raw(&c->p->h, " ");
	}
	html_txt(&c->p->h, city);
}

void parts_cities(struct parts_ctx *c, const json_t *service)
{
	size_t i;
	const json_t *sal;
	json_t *seen = json_object();
	int n = 0;

	json_array_foreach(json_object_get(service, "service_at_locations"), i, sal)
	{
		const json_t *loc = json_object_get(sal, "location");
		const char *city =
			json_string_value(json_object_get(parts_first_address(loc), "city"));
		if (city == NULL || *city == '\0' || json_object_get(seen, city) != NULL)
			continue;
		json_object_set_new(seen, city, json_true());
		if (n++ > 0)
			html_raw(&c->p->h, ", ");
		html_txt(&c->p->h, city);
		if (json_is_true(json_object_get(loc, "confidential"))) {
			html_raw(&c->p->h, " (");
			html_txt(&c->p->h, _("address given on contact"));
			html_raw(&c->p->h, ")");
		}
	}
	json_decref(seen);
	if (n == 0)
		html_txt(&c->p->h, _("No fixed place: online, by phone or on the street"));
}

/* Keep only '+' and digits of a number (E.164 in the data). */
static void parts_digits(const char *in, char *out, size_t cap, int keep_plus)
{
	size_t n = 0;

	for (const char *p = in; *p != '\0' && n + 1 < cap; p++)
		if ((*p >= '0' && *p <= '9') || (keep_plus && *p == '+' && n == 0))
			out[n++] = *p;
	out[n] = '\0';
}

/* <a href="PREFIX<encoded value>">LABEL: value</a> */
static void parts_link(struct parts_ctx *c, const char *prefix, const char *target,
		       const char *label, const char *shown)
{
	html_raw(&c->p->h, "<a rel=\"noreferrer\" href=\"");
	html_raw(&c->p->h, prefix);
	html_attr(&c->p->h, target);
	html_raw(&c->p->h, "\">");
	html_txt(&c->p->h, label);
	html_raw(&c->p->h, ": ");
	html_txt(&c->p->h, shown);
	html_raw(&c->p->h, "</a>");
}

/* One channel's link(s); returns 0 when nothing could be linked. */
static int parts_channel_link(struct parts_ctx *c, const char *type, const char *value)
{
	static const char *const web_schemes[] = { "https", "http", NULL };
	char num[32];

	parts_digits(value, num, sizeof(num), 1);
	if (strcmp(type, "phone") == 0 && num[0] != '\0') {
		parts_link(c, "tel:", num, _("Call"), value);
		html_raw(&c->p->h, " ");
		parts_link(c, "sms:", num, _("Text message"), value);
	} else if (strcmp(type, "sms") == 0 && num[0] != '\0') {
		parts_link(c, "sms:", num, _("Text message"), value);
	} else if (strcmp(type, "signal") == 0 && num[0] != '\0') {
		parts_link(c, "https://signal.me/#p/", num, "Signal", value);
	} else if (strcmp(type, "whatsapp") == 0 && num[0] != '\0') {
		parts_digits(value, num, sizeof(num), 0);
		parts_link(c, "https://wa.me/", num, "WhatsApp", value);
	} else if (strcmp(type, "telegram") == 0 && num[0] != '\0') {
		parts_link(c, "https://t.me/", num, "Telegram", value);
	} else if (strcmp(type, "email") == 0 && strchr(value, '@') != NULL) {
		html_raw(&c->p->h, "<a href=\"mailto:");
		html_url_arg(&c->p->h, value, "@+");
		html_raw(&c->p->h, "\">");
		html_txt(&c->p->h, _("E-mail"));
		html_raw(&c->p->h, ": ");
		html_txt(&c->p->h, value);
		html_raw(&c->p->h, "</a>");
	} else if (strcmp(type, "web_form") == 0 && html_url_ok(value, web_schemes)) {
		html_raw(&c->p->h, "<a rel=\"noreferrer\" href=\"");
		html_url(&c->p->h, value, web_schemes);
		html_raw(&c->p->h, "\">");
		html_txt(&c->p->h, _("Contact form"));
		html_raw(&c->p->h, "</a>");
	} else {
		return 0;
	}
	return 1;
}

void parts_channels(struct parts_ctx *c, const json_t *channels)
{
	size_t i;
	const json_t *ch;
	int n = 0;

	json_array_foreach(channels, i, ch)
	{
		const char *type = json_string_value(json_object_get(ch, "type"));
		const char *value = json_string_value(json_object_get(ch, "value"));
		if (type == NULL || value == NULL)
			continue;
		html_raw(&c->p->h, n++ == 0 ? "<ul class=\"contacts\"><li>" : "<li>");
		if (!parts_channel_link(c, type, value))
			html_txt(&c->p->h, value);
		html_raw(&c->p->h, json_is_true(json_object_get(ch, "safe_to_leave_message"))
					   ? " <span class=\"safe\">"
					   : " <span class=\"unsafe\">");
		html_txt(&c->p->h, json_is_true(json_object_get(ch, "safe_to_leave_message"))
					   ? _("safe to leave a message")
					   : _("do not leave a message with details"));
		html_raw(&c->p->h, "</span></li>");
	}
	if (n > 0)
		html_raw(&c->p->h, "</ul>");
}

static const char *parts_phone_in(const json_t *channels)
{
	size_t i;
	const json_t *ch;

	json_array_foreach(channels, i, ch)
	{
		const char *type = json_string_value(json_object_get(ch, "type"));
		if (type != NULL && (strcmp(type, "phone") == 0 || strcmp(type, "sms") == 0))
			return json_string_value(json_object_get(ch, "value"));
	}
	return NULL;
}

const char *parts_first_phone(const json_t *service)
{
	const char *phone = parts_phone_in(json_object_get(service, "contact_channels"));
	size_t i;
	const json_t *sal;

	json_array_foreach(json_object_get(service, "service_at_locations"), i, sal)
	{
		if (phone == NULL)
			phone = parts_phone_in(json_object_get(json_object_get(sal, "location"),
							       "contact_channels"));
	}
	if (phone == NULL)
		phone = json_string_value(json_object_get(
			json_array_get(json_object_get(service, "phones"), 0), "number"));
	return phone;
}

void parts_unconfirmed(struct parts_ctx *c, const json_t *service)
{
	const char *assured = json_string_value(json_object_get(service, "assured_date"));
	struct tm tm;
	time_t when, now = time(NULL);
	long days;
	char line[200];

	pthread_rwlock_rdlock(&c->p->req->app->config_lock);
	days = c->p->req->app->cfg.unconfirmed_notice;
	pthread_rwlock_unlock(&c->p->req->app->config_lock);
	memset(&tm, 0, sizeof(tm));
	if (assured == NULL ||
	    sscanf(assured, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	when = timegm(&tm);
	if (when == (time_t)-1 || now - when <= (time_t)days * 86400)
		return;
	snprintf(line, sizeof(line), _("Not confirmed since %s"), assured);
	html_raw(&c->p->h, "<p class=\"notice unconfirmed-notice\">");
	html_txt(&c->p->h, line);
	html_raw(&c->p->h, "</p>");
}
