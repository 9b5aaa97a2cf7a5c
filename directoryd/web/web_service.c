/*
 * web_service.c - GET /search/{service_id}: one service for an outreach
 * worker: what, where (never the address of a confidential location), the
 * week's hours today first, languages, cost, eligibility in plain words,
 * contact links with what is safe, directions, a text to pass on by SMS,
 * when it was checked and where it comes from, and the problem report
 * form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"
#include "store.h"
#include "validate.h"
#include "web.h"

/* A heading and a text field of the service, when the field is there. */
static void service_section(struct parts_ctx *c, const json_t *s, const char *field,
			    const char *heading)
{
	const char *text = json_string_value(json_object_get(s, field));

	if (text == NULL || *text == '\0')
		return;
	html_raw(&c->p->h, "<h2>");
	html_txt(&c->p->h, heading);
	html_raw(&c->p->h, "</h2>");
	parts_field(c, "p", NULL, s, field);
}

/* geo: link for a location with a point, never for a confidential one. */
static void service_directions(struct parts_ctx *c, const json_t *loc)
{
	const json_t *lat = json_object_get(loc, "latitude");
	const json_t *lon = json_object_get(loc, "longitude");
	char geo[80];

	if (json_is_true(json_object_get(loc, "confidential")) || !json_is_number(lat) ||
	    !json_is_number(lon))
		return;
	snprintf(geo, sizeof(geo), "geo:%.6f,%.6f", json_number_value(lat), json_number_value(lon));
	html_raw(&c->p->h, "<p><a class=\"button\" href=\"");
	html_attr(&c->p->h, geo);
	html_raw(&c->p->h, "\">");
	html_txt(&c->p->h, _("Directions (opens your map)"));
	html_raw(&c->p->h, "</a></p>");
}

/* The service's own web page, when its address is http(s). */
static void service_website(struct parts_ctx *c, const json_t *s)
{
	static const char *const schemes[] = { "https", "http", NULL };
	const char *url = json_string_value(json_object_get(s, "url"));

	if (!html_url_ok(url, schemes))
		return;
	html_raw(&c->p->h, "<p><a rel=\"noreferrer\" href=\"");
	html_url(&c->p->h, url, schemes);
	html_raw(&c->p->h, "\">");
	html_txt(&c->p->h, _("Website"));
	html_raw(&c->p->h, "</a></p>");
}

/* One place of the service: name, address, hours, contacts, directions. */
static void service_place(struct parts_ctx *c, const json_t *s, const json_t *sal)
{
	struct html *h = &c->p->h;
	const json_t *loc = json_object_get(sal, "location");
	enum parts_hours_of of;
	json_t *sched = parts_schedules(s, sal, &of);
	struct hours_clock clock;

	html_raw(h, "<section class=\"place\"><h3>");
	if (json_string_value(json_object_get(loc, "name")) != NULL)
		html_txt(h, json_string_value(json_object_get(loc, "name")));
	else
		html_txt(h, _("Place"));
	html_raw(h, "</h3><p>");
	parts_address(c, loc);
	html_raw(h, "</p>");
	parts_field(c, "p", NULL, loc, "description");
	service_directions(c, loc);
	if (hours_clock(c->conn, &c->clocks, parts_timezone(s, sal), &clock, &c->err) == 0) {
		html_raw(h, "<p>");
		if (hours_known(sched))
			hours_status(h, sched, &clock);
		html_raw(h, "</p>");
		/* Hours are the service's unless said: a drop-in at a cafe is not open
		 * whenever the cafe is. */
		if (of == PARTS_HOURS_LOCATION)
			parts_hours_of_place(c);
		hours_week(h, sched, &clock, _("Opening hours (local time)"), 0);
	}
	parts_channels(c, json_object_get(loc, "contact_channels"));
	html_raw(h, "</section>");
	json_decref(sched);
}

/* The text a worker passes on: name, where, hours, phone. */
static void service_sms_text(struct parts_ctx *c, const json_t *s, char *buf, size_t cap)
{
	const json_t *sal = json_array_get(json_object_get(s, "service_at_locations"), 0);
	const json_t *loc = json_object_get(sal, "location");
	const json_t *a = json_array_get(json_object_get(loc, "addresses"), 0);
	const char *street = json_string_value(json_object_get(a, "address_1"));
	const char *city = json_string_value(json_object_get(a, "city"));
	const char *phone = parts_first_phone(s);
	json_t *sched = parts_schedules(s, sal, NULL);
	char hours[200], where[300];

	hours_summary(sched, c->p->ui->tag, hours, sizeof(hours));
	json_decref(sched);
	if (loc == NULL)
		snprintf(where, sizeof(where), "%s", _("No fixed place"));
	else if (json_is_true(json_object_get(loc, "confidential")))
		snprintf(where, sizeof(where), "%s, %s", _("Address given on contact"),
			 city != NULL ? city : "");
	else
		snprintf(where, sizeof(where), "%s, %s", street != NULL ? street : "",
			 city != NULL ? city : "");
	snprintf(buf, cap, "%s\n%s\n%s%s%s%s", json_string_value(json_object_get(s, "name")), where,
		 hours, hours[0] != '\0' ? "\n" : "", phone != NULL ? _("Phone: ") : "",
		 phone != NULL ? phone : "");
}

static void service_share(struct parts_ctx *c, const json_t *s)
{
	char text[1000];

	service_sms_text(c, s, text, sizeof(text));
	html_raw(&c->p->h, "<p><a class=\"button\" href=\"sms:?body=");
	html_url_arg(&c->p->h, text, NULL);
	html_raw(&c->p->h, "\">");
	html_txt(&c->p->h, _("Send these details by SMS"));
	html_raw(&c->p->h, "</a></p>");
}

/* Last checked, and the node the listing comes from, stale or not. */
static void service_provenance(struct parts_ctx *c, const json_t *s)
{
	struct html *h = &c->p->h;
	const char *assured = json_string_value(json_object_get(s, "assured_date"));
	const json_t *prov = json_object_get(s, "provenance");
	const char *origin = json_string_value(json_object_get(prov, "origin_node"));
	char line[300];

	html_raw(h, "<section class=\"provenance\"><h2>");
	html_txt(h, _("About this listing"));
	html_raw(h, "</h2><p>");
	if (assured != NULL) {
		snprintf(line, sizeof(line), _("Last checked by the organisation: %s"), assured);
		html_txt(h, line);
	} else {
		html_txt(h, _("Never checked by the organisation."));
	}
	html_raw(h, "</p><p>");
	if (origin != NULL && strcmp(origin, c->p->req->app->node_id) != 0)
		snprintf(line, sizeof(line), _("Listed by the directory node %s"), origin);
	else
		snprintf(line, sizeof(line), _("Listed by this directory node (%s)"),
			 c->p->req->app->node_id);
	html_txt(h, line);
	html_raw(h, "</p>");
	if (json_is_true(json_object_get(prov, "stale"))) {
		html_raw(h, "<p class=\"stale\"><strong>");
		html_txt(h, _("May be out of date: the node it comes from has not confirmed it "
			      "recently."));
		html_raw(h, "</strong></p>");
	}
	parts_unconfirmed(c, s);
	html_raw(h, "</section>");
}

/* A link near the top to the problem report form at the end of the page
 * (about 3,000 px down on a phone). The form's heading takes the focus
 * when the link is followed (tabindex="-1": a fragment's target is
 * focused without script), so the next Tab reaches its first choice. */
static void service_report_link(struct parts_ctx *c)
{
	if (c->p->print)
		return;
	html_raw(&c->p->h, "<p class=\"report-link\"><a href=\"#report\">");
	html_txt(&c->p->h, _("Report a problem with this listing"));
	html_raw(&c->p->h, "</a></p>");
}

/* The problem report form (POST /search/{id}/report). */
static void service_report_form(struct parts_ctx *c, const char *id)
{
	static const char *const kinds[][2] = {
		{ "closed", N_("It has closed") },
		{ "moved", N_("It has moved") },
		{ "wrong_hours", N_("The hours are wrong") },
		{ "refused", N_("They refused me or asked for something not listed") },
		{ "other", N_("Something else") },
	};
	struct html *h = &c->p->h;

	html_raw(h, "<section class=\"report\"><h2 id=\"report\" tabindex=\"-1\">");
	html_txt(h, _("Report a problem with this listing"));
	html_raw(h, "</h2><form method=\"post\" action=\"/search/");
	html_url_arg(h, id, NULL);
	html_raw(h, "/report");
	page_lang_arg(c->p, 1);
	html_raw(h, "\"><fieldset><legend>");
	html_txt(h, _("What is wrong?"));
	html_raw(h, "</legend><ul class=\"checks\">");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		html_raw(h, "<li><input type=\"radio\" name=\"kind\" id=\"kind_");
		html_raw(h, kinds[i][0]);
		html_raw(h, "\" value=\"");
		html_raw(h, kinds[i][0]);
		html_raw(h, i == 0 ? "\" required><label for=\"kind_" : "\"><label for=\"kind_");
		html_raw(h, kinds[i][0]);
		html_raw(h, "\">");
		html_txt(h, _(kinds[i][1]));
		html_raw(h, "</label></li>");
	}
	html_raw(h, "</ul></fieldset><p><label for=\"text\">");
	html_txt(h, _("Details (optional; please do not write names or contact details)"));
	html_raw(h, "</label><textarea id=\"text\" name=\"text\" rows=\"3\" maxlength=\"1000\">"
		    "</textarea></p><p class=\"note\">");
	html_txt(h, _("The report goes to the organisation and the directory. It keeps no "
		      "address, name or other trace of you."));
	html_raw(h, "</p><p><button type=\"submit\">");
	html_txt(h, _("Send report"));
	html_raw(h, "</button></p></form></section>");
}

static void service_write(struct parts_ctx *c, const json_t *s)
{
	struct html *h = &c->p->h;
	const json_t *org = json_object_get(s, "organization");
	size_t i;
	const json_t *sal;

	html_raw(h, "<article>");
	parts_field(c, "h1", NULL, s, "name");
	if (org != NULL)
		parts_field(c, "p", " class=\"org\"", org, "name");
	parts_closure(c, s);
	service_report_link(c);
	html_raw(h, "<p class=\"what\">");
	parts_categories(c, s);
	html_raw(h, "</p>");
	parts_badges(c, s);
	parts_field(c, "p", NULL, s, "description");
	html_raw(h, "<dl><dt>");
	html_txt(h, _("Languages"));
	html_raw(h, "</dt><dd>");
	parts_languages(c, s);
	html_raw(h, "</dd><dt>");
	html_txt(h, _("Cost"));
	html_raw(h, "</dt><dd>");
	parts_cost(c, s);
	html_raw(h, "</dd></dl>");
	service_section(c, s, "eligibility_description", _("Who can come"));
	service_section(c, s, "application_process", _("How to get it"));
	if (json_array_size(json_object_get(s, "required_documents")) > 0) {
		const json_t *d;
		html_raw(h, "<h2>");
		html_txt(h, _("Documents asked for"));
		html_raw(h, "</h2><ul>");
		json_array_foreach(json_object_get(s, "required_documents"), i, d)
		{
			parts_field(c, "li", NULL, d, "document");
		}
		html_raw(h, "</ul>");
	}
	html_raw(h, "<h2>");
	html_txt(h, _("Contact"));
	html_raw(h, "</h2>");
	parts_channels(c, json_object_get(s, "contact_channels"));
	service_website(c, s);
	service_share(c, s);
	html_raw(h, "<h2>");
	html_txt(h, _("Where and when"));
	html_raw(h, "</h2>");
	if (json_array_size(json_object_get(s, "service_at_locations")) == 0) {
		json_t *sched = parts_schedules(s, NULL, NULL);
		struct hours_clock clock;
		html_raw(h, "<p>");
		html_txt(h, _("No fixed place: online, by phone or on the street"));
		html_raw(h, "</p>");
		if (hours_clock(c->conn, &c->clocks, NULL, &clock, &c->err) == 0)
			hours_week(h, sched, &clock, _("Opening hours (UTC)"), 0);
		json_decref(sched);
	}
	json_array_foreach(json_object_get(s, "service_at_locations"), i, sal)
	{
		service_place(c, s, sal);
	}
	html_raw(h, "</article>");
	service_provenance(c, s);
}

void web_service(struct http_request *req, struct http_response *resp)
{
	struct web_page p;
	struct parts_ctx c;
	const char *langs[1];
	struct store_view view = { langs, 1, 1, req->app->node_id };
	const char *id = req->nsegs == 2 ? req->segs[1] : "";
	json_t *s = NULL;
	unsigned int status = 200;

	page_start(&p, req);
	langs[0] = p.ui->tag;
	memset(&c, 0, sizeof(c));
	c.p = &p;
	dir_error_init(&c.err);
	c.conn = db_pool_acquire(req->app->pool);
	if (val_is_uuid(id))
		s = store_get(c.conn, "service", id, &view, &c.err);
	if (s != NULL)
		webdata_vocab(c.conn, p.ui->tag, &c.vocab, &c.err);
	page_head(&p, s != NULL ? json_string_value(json_object_get(s, "name"))
				: _("Service not found"));
	if (s == NULL) {
		status =
			dir_error_isset(&c.err) && strcmp(c.err.code, "not_found") != 0 ? 500 : 404;
		html_raw(&p.h, "<h1>");
		html_txt(&p.h, _("Service not found"));
		html_raw(&p.h, "</h1><p><a href=\"/search");
		page_lang_arg(&p, 1);
		html_raw(&p.h, "\">");
		html_txt(&p.h, _("Back to the search"));
		html_raw(&p.h, "</a></p>");
	} else {
		service_write(&c, s);
		if (!p.print)
			service_report_form(&c, id);
	}
	page_foot(&p);
	db_pool_release(req->app->pool, c.conn);
	webdata_vocab_free(&c.vocab);
	json_decref(s);
	page_finish(&p, resp, status);
	dir_error_clear(&c.err);
}
