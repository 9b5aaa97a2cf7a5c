/*
 * web_search.c - GET /search: the search form and its results, and the
 * print sheet (?print=1). The results are the API's own search
 * (search_services, hsds/search.h): the same filters, the same order
 * (services with a local place first), paged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"
#include "search.h"
#include "validate.h"
#include "web.h"

#define SEARCH_PER_PAGE       10
#define SEARCH_PER_PAGE_PRINT 15

/* The form's parameters; any of them present means a search was asked. */
static const char *const search_keys[] = { "city",     "language", "category", "access",
					   "open_now", "near",     "q",        NULL };

static const long radius_choices[] = { 5, 10, 25, 50, 100 };

/* Longest text a form field takes, in bytes of the cleaned UTF-8. */
#define SEARCH_TEXT_MAX 200

struct search_form {
	const char *city, *language, *category, *near, *q;
	/* the texts as valid UTF-8 (html_utf8_clean), which the above point to */
	char city_buf[SEARCH_TEXT_MAX + 1], near_buf[SEARCH_TEXT_MAX + 1],
		q_buf[SEARCH_TEXT_MAX + 1];
	char access[256]; /* comma list of the checked needs */
	int open_now;
	long radius_km;
	long page;
	int asked;
};

struct search_access_walk {
	struct search_form *f;
	size_t used;
};

/* Collect every access=CODE (checkboxes repeat the name) that is a need
 * the form offers. */
static enum MHD_Result search_access_visit(void *cls, enum MHD_ValueKind kind, const char *key,
					   const char *value)
{
	struct search_access_walk *w = cls;

	(void)kind;
	if (strcmp(key, "access") != 0 || value == NULL)
		return MHD_YES;
	for (const char *const *n = parts_needs; *n != NULL; n++) {
		size_t len = strlen(*n);
		if (strcmp(*n, value) != 0 || strstr(w->f->access, value) != NULL ||
		    w->used + len + 2 > sizeof(w->f->access))
			continue;
		if (w->used > 0)
			w->f->access[w->used++] = ',';
		memcpy(w->f->access + w->used, value, len + 1);
		w->used += len;
	}
	return MHD_YES;
}

/* An optional text parameter: NULL when absent, empty or too long. */
static const char *search_text(const struct http_request *req, const char *name)
{
	const char *v = http_query(req, name);

	if (v == NULL || *v == '\0' || strlen(v) > SEARCH_TEXT_MAX)
		return NULL;
	return v;
}

/* A whole decimal number of a form field: v's value, or dflt when v is absent or not one. */
static long search_number(const char *v, long dflt)
{
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno == 0 && *end == '\0' ? n : dflt;
}

/* A free text parameter made valid UTF-8 in buf (ill-formed bytes become
 * U+FFFD, as on the page), or NULL. */
static const char *search_clean(const struct http_request *req, const char *name, char *buf)
{
	const char *v = search_text(req, name);

	if (v == NULL || html_utf8_clean(v, buf, SEARCH_TEXT_MAX + 1) != 0 || buf[0] == '\0')
		return NULL;
	return buf;
}

static void search_form_read(struct http_request *req, struct search_form *f)
{
	struct search_access_walk w = { f, 0 };
	const char *v;

	memset(f, 0, sizeof(*f));
	for (const char *const *k = search_keys; *k != NULL; k++)
		if (http_query(req, *k) != NULL)
			f->asked = 1;
	f->city = search_clean(req, "city", f->city_buf);
	f->language = search_text(req, "language");
	if (f->language != NULL && !val_is_bcp47(f->language))
		f->language = NULL;
	f->category = search_text(req, "category");
	f->near = search_clean(req, "near", f->near_buf);
	f->q = search_clean(req, "q", f->q_buf);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, search_access_visit, &w);
	v = http_query(req, "open_now");
	f->open_now = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	f->radius_km = 10;
	v = http_query(req, "radius_km");
	for (size_t i = 0; i < sizeof(radius_choices) / sizeof(radius_choices[0]); i++)
		if (search_number(v, 0) == radius_choices[i])
			f->radius_km = radius_choices[i];
	f->page = search_number(http_query(req, "page"), 1);
	if (f->page < 1 || f->page > 100000)
		f->page = 1;
}

/* <label for=ID>LABEL</label><input ...> for a text field. */
static void search_input(struct parts_ctx *c, const char *id, const char *label, const char *value,
			 const char *list, const char *type)
{
	struct html *h = &c->p->h;

	html_raw(h, "<p><label for=\"");
	html_raw(h, id);
	html_raw(h, "\">");
	html_txt(h, label);
	html_raw(h, "</label><input id=\"");
	html_raw(h, id);
	html_raw(h, "\" name=\"");
	html_raw(h, id);
	html_raw(h, "\" type=\"");
	html_raw(h, type);
	html_raw(h, "\" autocomplete=\"off\"");
	if (list != NULL) {
		html_raw(h, " list=\"");
		html_raw(h, list);
		html_raw(h, "\"");
	}
	html_raw(h, " value=\"");
	html_attr(h, value);
	html_raw(h, "\"></p>");
}

static void search_option(struct html *h, const char *value, const char *label,
			  const char *selected)
{
	html_raw(h, "<option value=\"");
	html_attr(h, value);
	html_raw(h, selected != NULL && strcmp(selected, value) == 0 ? "\" selected>" : "\">");
	html_txt(h, label);
	html_raw(h, "</option>");
}

static void search_cities(struct parts_ctx *c)
{
	json_t *cities = webdata_cities(c->conn, &c->err);
	size_t i;
	const json_t *city;

	html_raw(&c->p->h, "<datalist id=\"cities\">");
	json_array_foreach(cities, i, city)
	{
		html_raw(&c->p->h, "<option value=\"");
		html_attr(&c->p->h, json_string_value(city));
		html_raw(&c->p->h, "\">");
	}
	html_raw(&c->p->h, "</datalist>");
	json_decref(cities);
}

static void search_language_select(struct parts_ctx *c, const struct search_form *f)
{
	json_t *langs = webdata_languages(c->conn, &c->err);
	struct html *h = &c->p->h;
	size_t i;
	const json_t *code;
	char name[128];

	html_raw(h, "<p><label for=\"language\">");
	html_txt(h, _("Language the person speaks"));
	html_raw(h, "</label><select id=\"language\" name=\"language\">");
	search_option(h, "", _("Any language"), f->language != NULL ? f->language : "");
	json_array_foreach(langs, i, code)
	{
		const char *tag = json_string_value(code);
		search_option(h, tag, webdata_language_name(tag, c->p->ui->tag, name, sizeof(name)),
			      f->language);
	}
	html_raw(h, "</select></p>");
	json_decref(langs);
}

static void search_category_select(struct parts_ctx *c, const struct search_form *f)
{
	struct html *h = &c->p->h;

	html_raw(h, "<p><label for=\"category\">");
	html_txt(h, _("Type of help"));
	html_raw(h, "</label><select id=\"category\" name=\"category\">");
	search_option(h, "", _("Any type of help"), f->category != NULL ? f->category : "");
	for (size_t i = 0; i < c->vocab.n; i++)
		if (strcmp(c->vocab.terms[i].taxonomy, "service_type") == 0)
			search_option(h, c->vocab.terms[i].code, c->vocab.terms[i].name,
				      f->category);
	html_raw(h, "</select></p>");
}

static void search_checkbox(struct html *h, const char *id, const char *name, const char *value,
			    const char *label, int checked)
{
	html_raw(h, "<li><input type=\"checkbox\" id=\"");
	html_raw(h, id);
	html_raw(h, "\" name=\"");
	html_raw(h, name);
	html_raw(h, "\" value=\"");
	html_attr(h, value);
	html_raw(h, checked ? "\" checked><label for=\"" : "\"><label for=\"");
	html_raw(h, id);
	html_raw(h, "\">");
	html_txt(h, label);
	html_raw(h, "</label></li>");
}

static void search_needs(struct parts_ctx *c, const struct search_form *f)
{
	struct html *h = &c->p->h;
	char id[48];

	html_raw(h, "<fieldset><legend>");
	html_txt(h, _("Needs"));
	html_raw(h, "</legend><ul class=\"checks\">");
	for (const char *const *n = parts_needs; *n != NULL; n++) {
		const char *name = webdata_term_name(&c->vocab, *n);
		snprintf(id, sizeof(id), "need_%s", *n);
		search_checkbox(h, id, "access", *n, name != NULL ? name : *n,
				strstr(f->access, *n) != NULL);
	}
	search_checkbox(h, "open_now", "open_now", "1", _("Open now"), f->open_now);
	html_raw(h, "</ul></fieldset>");
}

static void search_near(struct parts_ctx *c, const struct search_form *f)
{
	struct html *h = &c->p->h;
	char label[64];

	html_raw(h, "<fieldset><legend>");
	html_txt(h, _("Nearby"));
	html_raw(h, "</legend>");
	search_input(c, "near", _("Near the city of"), f->near, "cities", "text");
	html_raw(h, "<p><label for=\"radius_km\">");
	html_txt(h, _("Distance"));
	html_raw(h, "</label><select id=\"radius_km\" name=\"radius_km\">");
	for (size_t i = 0; i < sizeof(radius_choices) / sizeof(radius_choices[0]); i++) {
		char value[16];
		snprintf(value, sizeof(value), "%ld", radius_choices[i]);
		snprintf(label, sizeof(label), "%ld km", radius_choices[i]);
		html_raw(h, "<option value=\"");
		html_raw(h, value);
		html_raw(h, radius_choices[i] == f->radius_km ? "\" selected>" : "\">");
		html_txt(h, label);
		html_raw(h, "</option>");
	}
	html_raw(h, "</select></p></fieldset>");
}

static void search_form_write(struct parts_ctx *c, const struct search_form *f)
{
	struct html *h = &c->p->h;

	html_raw(h, "<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
		    "<input type=\"hidden\" name=\"lang\" value=\"");
	html_attr(h, c->p->ui->tag);
	html_raw(h, "\">");
	search_input(c, "city", _("City"), f->city, "cities", "text");
	search_cities(c);
	search_language_select(c, f);
	search_category_select(c, f);
	search_needs(c, f);
	search_near(c, f);
	search_input(c, "q", _("Words to look for (optional)"), f->q, NULL, "search");
	html_raw(h, "<p><button type=\"submit\">");
	html_txt(h, _("Search"));
	html_raw(h, "</button></p></form>");
}

/* One result: name (a link), organisation, what, where, when, languages,
 * cost and badges; in the print view also the contacts and the week. */
static void search_result(struct parts_ctx *c, const json_t *s)
{
	struct html *h = &c->p->h;
	const char *id = json_string_value(json_object_get(s, "id"));
	const json_t *org = json_object_get(s, "organization");

	html_raw(h, "<li class=\"result\"><h3><a href=\"/search/");
	html_url_arg(h, id, NULL);
	page_lang_arg(c->p, 1);
	html_raw(h, "\">");
	parts_field(c, "span", NULL, s, "name");
	html_raw(h, "</a></h3>");
	if (org != NULL)
		parts_field(c, "p", " class=\"org\"", org, "name");
	parts_closure(c, s);
	html_raw(h, "<dl><dt>");
	html_txt(h, _("What"));
	html_raw(h, "</dt><dd>");
	parts_categories(c, s);
	html_raw(h, "</dd><dt>");
	html_txt(h, _("Where"));
	html_raw(h, "</dt><dd>");
	parts_cities(c, s);
	html_raw(h, "</dd><dt>");
	if (!c->p->print) { /* "open now" means nothing on paper */
		html_txt(h, _("When"));
		html_raw(h, "</dt><dd>");
		parts_status(c, s);
		html_raw(h, "</dd><dt>");
	}
	html_txt(h, _("Languages"));
	html_raw(h, "</dt><dd>");
	parts_languages(c, s);
	html_raw(h, "</dd><dt>");
	html_txt(h, _("Cost"));
	html_raw(h, "</dt><dd>");
	parts_cost(c, s);
	html_raw(h, "</dd></dl>");
	parts_badges(c, s);
	parts_unconfirmed(c, s);
	if (c->p->print) {
		size_t i;
		const json_t *sal;
		parts_channels(c, json_object_get(s, "contact_channels"));
		json_array_foreach(json_object_get(s, "service_at_locations"), i, sal)
		{
			const json_t *loc = json_object_get(sal, "location");
			enum parts_hours_of of;
			json_t *sched = parts_schedules(s, sal, &of);
			struct hours_clock clock;
			html_raw(h, "<div class=\"place\"><p>");
			parts_address(c, loc);
			html_raw(h, "</p>");
			parts_channels(c, json_object_get(loc, "contact_channels"));
			if (of == PARTS_HOURS_LOCATION) /* as on the service page */
				parts_hours_of_place(c);
			if (hours_clock(c->conn, &c->clocks, parts_timezone(s, sal), &clock,
					&c->err) == 0)
				hours_week(h, sched, &clock, _("Opening hours"), 1);
			json_decref(sched);
			html_raw(h, "</div>");
		}
	}
	html_raw(h, "</li>");
}

static void search_pager(struct parts_ctx *c, long page, long pages)
{
	struct html *h = &c->p->h;
	char line[96];

	if (pages <= 1)
		return;
	html_raw(h, "<nav class=\"pager\" aria-label=\"");
	html_attr(h, _("Pages of results"));
	html_raw(h, "\">");
	if (page > 1) {
		html_raw(h, "<a rel=\"prev\" href=\"");
		page_self_url(c->p, NULL, NULL, "page", page - 1);
		html_raw(h, "\">");
		html_txt(h, _("Previous page"));
		html_raw(h, "</a> ");
	}
	snprintf(line, sizeof(line), _("Page %ld of %ld"), page, pages);
	html_raw(h, "<span>");
	html_txt(h, line);
	html_raw(h, "</span>");
	if (page < pages) {
		html_raw(h, " <a rel=\"next\" href=\"");
		page_self_url(c->p, NULL, NULL, "page", page + 1);
		html_raw(h, "\">");
		html_txt(h, _("Next page"));
		html_raw(h, "</a>");
	}
	html_raw(h, "</nav>");
}

/* The query for search_services from the form. A nearby city goes to the
 * search as it was typed: the search layer alone resolves it (a place, or
 * a city of the directory's addresses) and suggests places spelt like it
 * when it names none. */
static void search_query_make(struct parts_ctx *c, const struct search_form *f,
			      struct search_query *q)
{
	memset(q, 0, sizeof(*q));
	q->search = f->q;
	q->city = f->city;
	q->language = f->language;
	q->category = webdata_term_name(&c->vocab, f->category) != NULL ? f->category : NULL;
	q->access = f->access[0] != '\0' ? f->access : NULL;
	q->open_now = f->open_now;
	q->page = f->page;
	q->per_page = c->p->print ? SEARCH_PER_PAGE_PRINT : SEARCH_PER_PAGE;
	q->near = f->near;
	q->radius_km = (double)f->radius_km;
}

/* An empty page's "did you mean": the places spelt like the city (key
 * "city") or the nearby city (key "near") that names no place, as the
 * search found them (the API's "suggestions", dir_city_suggestions), each
 * a link to the same search with that place in key, from the first page. */
static void search_suggestions(struct parts_ctx *c, const json_t *sugg, const char *key)
{
	static const char *const drop[] = { "page", NULL };
	struct html *h = &c->p->h;
	size_t i;
	const json_t *s;

	if (json_array_size(sugg) == 0)
		return;
	html_raw(h, "<p id=\"suggested\">");
	html_txt(h, _("Did you mean one of these places?"));
	html_raw(h, "</p><ul class=\"suggestions\" aria-labelledby=\"suggested\">");
	json_array_foreach(sugg, i, s)
	{
		const char *name = json_string_value(json_object_get(s, "name"));
		const char *country = json_string_value(json_object_get(s, "country"));

		if (name == NULL)
			continue;
		html_raw(h, "<li><a href=\"");
		page_self_url_text(c->p, drop, key, name);
		html_raw(h, "\">");
		html_txt(h, name);
		html_raw(h, "</a>");
		if (country != NULL) {
			html_raw(h, " (");
			html_txt(h, country);
			html_raw(h, ")");
		}
		html_raw(h, "</li>");
	}
	html_raw(h, "</ul>");
}

/* A nearby city that names no place: no search ran, so no count; the
 * notice, and the places spelt like it when there are any. */
static void search_near_notice(struct parts_ctx *c, const json_t *page)
{
	const json_t *sugg = json_object_get(page, "suggestions");

	html_raw(&c->p->h, "<p class=\"notice\" role=\"status\">");
	if (json_array_size(sugg) > 0)
		html_txt(&c->p->h, _("That city is not in the directory. Choose one of the "
				     "suggested cities."));
	else
		html_txt(&c->p->h, _("That city is not in the directory. Check how it is spelt."));
	html_raw(&c->p->h, "</p>");
	search_suggestions(c, sugg, "near");
}

static void search_results(struct parts_ctx *c, const struct search_form *f)
{
	struct html *h = &c->p->h;
	struct search_query q;
	const char *langs[1] = { c->p->ui->tag };
	struct store_view view = { langs, 1, 1, c->p->req->app->node_id };
	json_t *page;
	long long total;
	char line[96];
	size_t i;
	const json_t *s;

	html_raw(h, "<section aria-labelledby=\"results\"><h2 id=\"results\">");
	html_txt(h, _("Results"));
	html_raw(h, "</h2>");
	search_query_make(c, f, &q);
	if ((page = search_services(c->conn, &q, &view, &c->err)) == NULL) {
		html_raw(h, "</section>");
		return;
	}
	/* The search says which place near= meant; none: it names no place. */
	if (f->near != NULL && json_object_get(page, "place") == NULL) {
		search_near_notice(c, page);
		html_raw(h, "</section>");
		json_decref(page);
		return;
	}
	total = json_integer_value(json_object_get(page, "total_items"));
	snprintf(line, sizeof(line),
		 P_("%lld service found", "%lld services found", (unsigned long)total), total);
	html_raw(h, "<p role=\"status\">");
	html_txt(h, line);
	html_raw(h, "</p><ol class=\"results\">");
	json_array_foreach(json_object_get(page, "contents"), i, s)
	{
		search_result(c, s);
	}
	html_raw(h, "</ol>");
	if (total == 0)
		search_suggestions(c, json_object_get(page, "suggestions"), "city");
	search_pager(c, f->page, (long)json_integer_value(json_object_get(page, "total_pages")));
	if (!c->p->print && total > 0) {
		static const char *const drop[] = { "page", "print", NULL };
		html_raw(h, "<p><a href=\"");
		page_self_url(c->p, NULL, drop, "print", 1);
		html_raw(h, "\">");
		html_txt(h, _("Printable city sheet of these results"));
		html_raw(h, "</a></p>");
	}
	html_raw(h, "</section>");
	json_decref(page);
}

/* The search page for any GET that shows it (/search, and / for HTML). */
void web_search(struct http_request *req, struct http_response *resp)
{
	struct web_page p;
	struct parts_ctx c;
	struct search_form f;

	page_start(&p, req);
	memset(&c, 0, sizeof(c));
	c.p = &p;
	dir_error_init(&c.err);
	search_form_read(req, &f);
	c.conn = db_pool_acquire(req->app->pool);
	webdata_vocab(c.conn, p.ui->tag, &c.vocab, &c.err);
	page_head(&p, _("Find support"));
	html_raw(&p.h, "<h1>");
	html_txt(&p.h, p.print && f.asked ? _("City sheet") : _("Find support"));
	html_raw(&p.h, "</h1>");
	if (!p.print && f.asked) {
		/* Results first on a small screen; the form folds away. */
		html_raw(&p.h, "<details class=\"refine\"><summary>");
		html_txt(&p.h, _("Change the search"));
		html_raw(&p.h, "</summary>");
		search_form_write(&c, &f);
		html_raw(&p.h, "</details>");
	} else if (!p.print) {
		search_form_write(&c, &f);
	}
	if (f.asked)
		search_results(&c, &f);
	if (dir_error_isset(&c.err)) {
		html_raw(&p.h, "<p class=\"notice\" role=\"alert\">");
		html_txt(&p.h, _("Something went wrong on our side. Please try again."));
		html_raw(&p.h, "</p>");
	}
	page_foot(&p);
	db_pool_release(req->app->pool, c.conn);
	webdata_vocab_free(&c.vocab);
	page_finish(&p, resp, dir_error_isset(&c.err) ? 500 : 200);
	dir_error_clear(&c.err);
}
