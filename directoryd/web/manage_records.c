/*
 * manage_records.c - the registrar's dashboard and what the forms share
 * about stored records (manage.h, manage_parts.h): loading a record of
 * the registrar's own organisation ready to be written back, the answer
 * after a write (saved, or held for review and by whom), the summary of a
 * refusal, and "still accurate".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "i18n.h"
#include "manage_parts.h"
#include "store.h"

/* Attributes as the write API takes them back: the term by code. */
static void records_attributes(json_t *holder)
{
	json_t *attrs = json_object_get(holder, "attributes"), *out, *a;
	size_t i;

	if (!json_is_array(attrs))
		return;
	out = json_array();
	json_array_foreach(attrs, i, a)
	{
		json_t *term = json_object_get(a, "taxonomy_term");
		const char *code = json_string_value(json_object_get(term, "code"));
		const char *tax = json_string_value(json_object_get(term, "taxonomy_id"));
		if (code == NULL || strcmp(code, "sex_worker_led") == 0)
			continue;
		json_array_append_new(out, json_pack("{s:{s:s, s:s?}}", "taxonomy_term", "code",
						     code, "taxonomy_id", tax));
	}
	json_object_set_new(holder, "attributes", out);
}

/* Drop what the read API adds and the write API refuses. */
static void records_writable(json_t *doc)
{
	json_t *sals = json_object_get(doc, "service_at_locations"), *s;
	size_t i;

	json_object_del(doc, "provenance");
	json_object_del(doc, "last_modified");
	json_object_del(doc, "organization");
	json_object_del(doc, "eligibility_unchecked");
	records_attributes(doc);
	json_array_foreach(sals, i, s)
	{
		json_object_del(s, "location");
		json_object_del(s, "service_id");
		json_object_del(s, "phones");
		records_attributes(s);
	}
}

/*
 * A confidential location as its owner must edit it: the read API empties
 * the street, postal code and position for everyone, so the stored values
 * are put back here (the registrar's own organisation only: the caller
 * checked), else saving the form would erase them.
 */
static int records_confidential(PGconn *conn, const char *id, json_t *doc)
{
	static const char addr_sql[] =
		"SELECT id::text, coalesce(address_1, ''), coalesce(address_2, ''),"
		" coalesce(state_province, ''), coalesce(postal_code, '') FROM address"
		" WHERE location_id = $1::uuid";
	static const char pos_sql[] = "SELECT latitude::text, longitude::text FROM location"
				      " WHERE id = $1::uuid AND latitude IS NOT NULL";
	static const char *const cols[] = { NULL, "address_1", "address_2", "state_province",
					    "postal_code" };
	const char *params[1] = { id };
	struct dir_error err;
	PGresult *res;
	json_t *a;
	size_t i;

	if (!json_is_true(json_object_get(doc, "confidential")))
		return 0;
	dir_error_init(&err);
	if ((res = db_exec(conn, addr_sql, 1, params, &err)) == NULL)
		goto fail;
	for (int row = 0; row < PQntuples(res); row++) {
		json_array_foreach(json_object_get(doc, "addresses"), i, a)
		{
			const char *aid = json_string_value(json_object_get(a, "id"));
			if (aid == NULL || strcasecmp(aid, PQgetvalue(res, row, 0)) != 0)
				continue;
			for (int c = 1; c < 5; c++)
				json_object_set_new(a, cols[c],
						    json_string(PQgetvalue(res, row, c)));
		}
	}
	PQclear(res);
	if ((res = db_exec(conn, pos_sql, 1, params, &err)) == NULL)
		goto fail;
	if (PQntuples(res) == 1) {
		json_object_set_new(doc, "latitude",
				    json_real(strtod(PQgetvalue(res, 0, 0), NULL)));
		json_object_set_new(doc, "longitude",
				    json_real(strtod(PQgetvalue(res, 0, 1), NULL)));
	}
	PQclear(res);
	return 0;
fail:
	dir_error_clear(&err);
	return -1;
}

json_t *manage_load(PGconn *conn, struct http_request *req, const char *kind, const char *id)
{
	struct store_view view = { NULL, 0, 1, req->app->node_id };
	const char *scope = auth_scope_org(&req->principal);
	struct dir_error err;
	const char *owner;
	json_t *doc;

	if (!store_is_uuid(id))
		return NULL;
	dir_error_init(&err);
	doc = store_get(conn, kind, id, &view, &err);
	dir_error_clear(&err);
	if (doc == NULL)
		return NULL;
	owner = strcmp(kind, "organization") == 0
			? json_string_value(json_object_get(doc, "id"))
			: json_string_value(json_object_get(doc, "organization_id"));
	if (scope != NULL && (owner == NULL || strcasecmp(owner, scope) != 0)) {
		json_decref(doc);
		return NULL;
	}
	records_writable(doc);
	if (strcmp(kind, "location") == 0 && records_confidential(conn, id, doc) != 0) {
		json_decref(doc); /* never hand out a form that would erase the address */
		return NULL;
	}
	return doc;
}

json_t *manage_new_doc(struct http_request *req)
{
	const char *org = req->principal.organization;
	const char *want = http_query(req, "organization");

	/* a node admin names the organisation; the others have their own */
	if (req->principal.role == AUTH_NODE_ADMIN && want != NULL && store_is_uuid(want))
		org = want;
	if (org[0] == '\0')
		return NULL;
	return json_pack("{s:s, s:s}", "organization_id", org, "status", "active");
}

void manage_not_yours(struct http_request *req, struct http_response *resp)
{
	struct web_page p;

	page_start(&p, req);
	manage_head(&p, _("Not allowed"));
	page_message(&p, _("Not allowed"),
		     _("This listing does not exist or belongs to another organisation: you "
		       "can change only your own organisation's listings."),
		     "/manage", _("Back to your listings"));
	page_finish(&p, resp, 403);
}

/* The path of a record's form, with saved=1. */
static void records_form_path(const char *kind, const char *id, char *out, size_t cap)
{
	snprintf(out, cap, "/manage/%s/%s?saved=1",
		 strcmp(kind, "organization") == 0 ? "organization"
		 : strcmp(kind, "location") == 0   ? "locations"
						   : "services",
		 id);
}

/* How many people review held listings here (coordinators and node
 * admins whose accounts work); -1 when the database cannot tell. */
static long records_reviewers(struct http_request *req)
{
	static const char sql[] = "SELECT count(*) FROM account WHERE role IN ('coordinator',"
				  " 'node_admin') AND disabled_at IS NULL";
	PGconn *conn = db_pool_acquire(req->app->pool);
	struct dir_error err;
	PGresult *res;
	long n = -1;

	dir_error_init(&err);
	if (conn != NULL && (res = db_exec(conn, sql, 0, NULL, &err)) != NULL) {
		n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	dir_error_clear(&err);
	if (conn != NULL)
		db_pool_release(req->app->pool, conn);
	return n;
}

/* Who reviews a held listing, in one sentence. */
static void records_who_reviews(struct web_page *p, long reviewers)
{
	char line[300];

	if (reviewers == 0)
		snprintf(
			line, sizeof(line), "%s",
			_("Held listings are reviewed by this directory's coordinators, but it has "
			  "none yet: ask the directory's administrator to name one."));
	else if (reviewers > 0)
		snprintf(line, sizeof(line),
			 P_("Held listings are reviewed by this directory's coordinators (%ld "
			    "person can decide).",
			    "Held listings are reviewed by this directory's coordinators (%ld "
			    "people can decide).",
			    (unsigned long)reviewers),
			 reviewers);
	else
		snprintf(line, sizeof(line), "%s",
			 _("Held listings are reviewed by this directory's coordinators."));
	html_raw(&p->h, "<p class=\"reviewers\">");
	html_txt(&p->h, line);
	html_raw(&p->h, " ");
	html_txt(&p->h, _("Your organisation's admins see the request too, and it stays under "
			  "\"Waiting for review\" on your listings until it is decided."));
	html_raw(&p->h, "</p>");
}

/* The held page: not public until a reviewer decides; what the rule found,
 * in plain words, and who reviews it. */
static void records_held(struct http_request *req, struct http_response *resp,
			 const struct manage_result *r)
{
	long reviewers = records_reviewers(req);
	struct web_page p;

	manage_start(&p, req, N_("Waiting for review"), N_("Saved, waiting for review"));
	html_raw(&p.h, "<p class=\"held\" role=\"status\"><strong>");
	html_txt(&p.h, _("Not public yet."));
	html_raw(&p.h, "</strong> ");
	html_txt(&p.h, _("The eligibility rule was not sure about some words. The listing is "
			 "kept but is not public until a reviewer approves it: nobody searching "
			 "sees it before then."));
	html_raw(&p.h, "</p>");
	records_who_reviews(&p, reviewers);
	html_raw(&p.h, "<h2>");
	html_txt(&p.h, _("What the rule found"));
	html_raw(&p.h, "</h2>");
	manage_findings(&p, r);
	html_raw(&p.h, "<p>");
	html_txt(&p.h, _("If the words can be put another way, use the suggestion and save the "
			 "listing again; the new words are checked at once. Otherwise wait for "
			 "the review."));
	html_raw(&p.h, "</p><p><a href=\"/manage");
	page_lang_arg(&p, 1);
	html_raw(&p.h, "\">");
	html_txt(&p.h, _("Back to your listings"));
	html_raw(&p.h, "</a></p>");
	page_foot(&p);
	page_finish(&p, resp, 200);
}

void manage_saved(struct http_request *req, struct http_response *resp, const char *kind,
		  const struct manage_result *r)
{
	const char *id = json_string_value(json_object_get(r->body, "id"));
	char path[256];

	if (r->status == 202) {
		records_held(req, resp, r);
		return;
	}
	records_form_path(kind, id != NULL ? id : "", path, sizeof(path));
	manage_redirect(req, resp, path);
}

void manage_not_saved(struct web_page *p, const struct manage_result *r)
{
	const char *code = manage_error_code(r);

	html_raw(&p->h, "<div class=\"error\" role=\"alert\"><p>");
	if (strcmp(code, "eligibility_condition") == 0)
		html_txt(&p->h, _("Not saved: a sentence makes help depend on a condition this "
				  "directory does not list. The words are marked below with a "
				  "suggestion. Everything you typed is kept."));
	else
		html_txt(&p->h, _("Not saved: some fields need a change. They are marked below. "
				  "Everything you typed is kept."));
	html_raw(&p->h, "</p>");
	manage_error_summary(p, r);
	html_raw(&p->h, "</div>");
}

void manage_not_saved_page(struct http_request *req, struct http_response *resp, const char *title,
			   const struct manage_result *r, unsigned int status)
{
	struct web_page p;

	manage_start(&p, req, title, NULL);
	manage_not_saved(&p, r);
	page_foot(&p);
	page_finish(&p, resp, status);
}

/* Where a listing is changed, for those who may not change it here. */
static void records_read_only(struct web_page *p)
{
	html_raw(&p->h, "<p class=\"note\">");
	html_txt(&p->h,
		 _("You can read this listing here but not change it: this node is a mirror, "
		   "or your role does not change listings. Change it on the node where it "
		   "was registered, or ask its organisation."));
	html_raw(&p->h, "</p>");
}

void manage_save_button(struct web_page *p)
{
	if (!manage_may(p->req, AUTH_EDITORS, 1)) {
		records_read_only(p);
		return;
	}
	html_raw(&p->h, "<p><button type=\"submit\">");
	html_txt(&p->h, _("Save"));
	html_raw(&p->h, "</button></p>");
}

void manage_record_actions(struct web_page *p, const char *kind, const char *id, const json_t *doc)
{
	const char *saved = http_query(p->req, "saved");
	const char *assured = json_string_value(json_object_get(doc, "assured_date"));

	if (saved != NULL && strcmp(saved, "1") == 0) {
		html_raw(&p->h, "<p class=\"saved\" role=\"status\">");
		html_txt(&p->h, _("Saved. The listing is public now."));
		html_raw(&p->h, "</p>");
	}
	if (strcmp(kind, "service") != 0) {
		html_raw(&p->h, "<div class=\"actions\"><a href=\"/manage/history/");
		html_url_arg(&p->h, kind, NULL);
		html_raw(&p->h, "/");
		html_url_arg(&p->h, id, NULL);
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		html_txt(&p->h, _("History"));
		html_raw(&p->h, "</a></div>");
		return;
	}
	html_raw(&p->h, "<div class=\"actions\"><p>");
	html_txt(&p->h, _("Last confirmed"));
	html_raw(&p->h, ": ");
	html_txt(&p->h, assured != NULL ? assured : _("never"));
	html_raw(&p->h, "</p>");
	if (manage_may(p->req, AUTH_EDITORS, 1)) {
		html_raw(&p->h,
			 "<form method=\"post\" class=\"inline\" action=\"/manage/services/");
		html_url_arg(&p->h, id, NULL);
		html_raw(&p->h, "/confirm");
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		manage_csrf_input(p);
		html_raw(&p->h, "<button type=\"submit\">");
		html_txt(&p->h, _("Still accurate"));
		html_raw(&p->h, "</button></form>");
	}
	html_raw(&p->h, " <a href=\"/manage/history/service/");
	html_url_arg(&p->h, id, NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("History"));
	html_raw(&p->h, "</a> <a href=\"/search/");
	html_url_arg(&p->h, id, NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Public page"));
	html_raw(&p->h, "</a></div>");
}

void manage_service_confirm(struct http_request *req, struct http_response *resp)
{
	const char *id = req->nsegs > 2 ? req->segs[2] : "";
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *doc = manage_load(conn, req, "service", id);
	struct manage_result r = { 0, NULL };
	char today[16], path[256];
	time_t now = time(NULL);
	struct tm tm;

	db_pool_release(req->app->pool, conn);
	if (doc == NULL) {
		manage_not_yours(req, resp);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	json_object_set_new(doc, "assured_date", json_string(today));
	manage_call(req, api_write, "PUT", "service", "services", id, NULL, doc, &r);
	if (r.status == 200) {
		records_form_path("service", id, path, sizeof(path));
		manage_redirect(req, resp, path);
	} else if (r.status == 202) {
		records_held(req, resp, &r);
	} else {
		manage_not_saved_page(req, resp, N_("Not saved"), &r, r.status);
	}
	manage_result_free(&r);
	json_decref(doc);
}

/* The organisation's services, the least recently confirmed first; NULL
 * when the database fails. */
static PGresult *records_services(PGconn *conn, const char *org, long days)
{
	static const char sql[] =
		"SELECT s.id::text, s.name, s.status, coalesce(s.assured_date::text, ''),"
		" s.assured_date IS NULL OR s.assured_date < current_date - $2::int"
		" FROM service s WHERE $1::uuid IS NULL OR s.organization_id = $1::uuid"
		" ORDER BY s.assured_date NULLS FIRST, s.name LIMIT 500";
	char d[24];
	const char *params[2] = { org, d };
	struct dir_error err;
	PGresult *res;

	snprintf(d, sizeof(d), "%ld", days);
	dir_error_init(&err);
	res = db_exec(conn, sql, 2, params, &err);
	dir_error_clear(&err);
	return res;
}

/* The start tag <tag>, or <tag name="value"> when value is not NULL. */
static void records_tag(struct web_page *p, const char *tag, const char *name, const char *value)
{
	html_raw(&p->h, "<");
	html_raw(&p->h, tag);
	if (value != NULL) {
		html_raw(&p->h, " ");
		html_raw(&p->h, name);
		html_raw(&p->h, "=\"");
		html_attr(&p->h, value);
		html_raw(&p->h, "\"");
	}
	html_raw(&p->h, ">");
}

int manage_section(struct web_page *p, PGconn *conn, const struct manage_section *s,
		   const char *sql, int nparams, const char *const *params)
{
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, sql, nparams, params, &err);
	dir_error_clear(&err);
	if (res != NULL && PQntuples(res) == 0 && s->empty == NULL) {
		PQclear(res);
		return 0;
	}
	records_tag(p, "h2", "id", s->id);
	html_txt(&p->h, _(s->title));
	html_raw(&p->h, "</h2>");
	if (res == NULL) {
		manage_db_alert(p);
		return -1;
	}
	if (PQntuples(res) == 0) {
		html_raw(&p->h, "<p>");
		html_txt(&p->h, _(s->empty));
		html_raw(&p->h, "</p>");
	} else {
		records_tag(p, "ul", "class", s->list_class);
		for (int i = 0; i < PQntuples(res); i++)
			s->row(p, res, i, s->arg);
		html_raw(&p->h, "</ul>");
	}
	PQclear(res);
	return 0;
}

void manage_db_alert(struct web_page *p)
{
	html_raw(&p->h, "<p class=\"error\" role=\"alert\">");
	html_txt(&p->h, _("Something went wrong on our side. Please try again."));
	html_raw(&p->h, "</p>");
}

/* A place of the organisation, a link to its form when the caller may
 * edit (arg: an int, may_edit). */
static void records_place(struct web_page *p, const PGresult *res, int i, const void *arg)
{
	int may_edit = *(const int *)arg;

	html_raw(&p->h, "<li>");
	if (may_edit) {
		html_raw(&p->h, "<a href=\"/manage/locations/");
		html_url_arg(&p->h, PQgetvalue(res, i, 0), NULL);
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
	}
	html_txt(&p->h, *PQgetvalue(res, i, 1) ? PQgetvalue(res, i, 1) : "\xe2\x80\x94");
	if (may_edit)
		html_raw(&p->h, "</a>");
	if (strcmp(PQgetvalue(res, i, 2), "t") == 0) {
		html_raw(&p->h, " (");
		html_txt(&p->h, _("secret address"));
		html_raw(&p->h, ")");
	}
	html_raw(&p->h, "</li>");
}

/* The organisation's places (left out when it has none). */
static int records_places(struct web_page *p, PGconn *conn, const char *org, int may_edit)
{
	static const char sql[] =
		"SELECT id::text, coalesce(name, ''), confidential FROM location"
		" WHERE $1::uuid IS NULL OR organization_id = $1::uuid ORDER BY name LIMIT 500";
	const char *params[1] = { org };
	const struct manage_section s = {
		.title = N_("Places"),
		.list_class = "places",
		.row = records_place,
		.arg = &may_edit,
	};

	return manage_section(p, conn, &s, sql, 1, params);
}

/* A hold of the organisation: the listing's name and the day it was held. */
static void records_hold(struct web_page *p, const PGresult *res, int i, const void *arg)
{
	(void)arg;
	html_raw(&p->h, "<li>");
	html_txt(&p->h, PQgetvalue(res, i, 1));
	html_raw(&p->h, " (");
	html_txt(&p->h, PQgetvalue(res, i, 2));
	html_raw(&p->h, ")</li>");
}

/* The organisation's holds waiting for a reviewer (left out when none). */
static int records_holds(struct web_page *p, PGconn *conn, const char *org)
{
	static const char sql[] =
		"SELECT kind, coalesce(document->>'name', ''), held_at::date::text"
		" FROM eligibility_review WHERE status = 'held' AND ($1::uuid IS NULL OR"
		" scope_org = $1::uuid) ORDER BY held_at DESC LIMIT 100";
	const char *params[1] = { org };
	const struct manage_section s = {
		.title = N_("Waiting for review (not public yet)"),
		.row = records_hold,
	};

	return manage_section(p, conn, &s, sql, 1, params);
}

/* One row of the dashboard's table; with may_edit the form's link and
 * "Still accurate", else the public page's link. */
/* A cell of the services table opened with its column's name as data-label,
 * which the stylesheet shows before the value when a narrow screen stacks
 * the rows (data/web/directoryd.css, ".listings"). */
static void records_labelled_td(struct web_page *p, const char *label)
{
	html_raw(&p->h, "<td data-label=\"");
	html_attr(&p->h, label);
	html_raw(&p->h, "\">");
}

static void records_service_row(struct web_page *p, PGresult *res, int i, int may_edit)
{
	const char *id = PQgetvalue(res, i, 0);
	int flagged = strcmp(PQgetvalue(res, i, 4), "t") == 0;

	html_raw(&p->h,
		 flagged ? "<tr class=\"unconfirmed\"><td><a href=\"" : "<tr><td><a href=\"");
	html_raw(&p->h, may_edit ? "/manage/services/" : "/search/");
	html_url_arg(&p->h, id, NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, PQgetvalue(res, i, 1));
	html_raw(&p->h, "</a></td>");
	records_labelled_td(p, _("Status"));
	html_txt(&p->h, manage_status_label(PQgetvalue(res, i, 2)));
	html_raw(&p->h, "</td>");
	records_labelled_td(p, _("Last confirmed"));
	html_txt(&p->h, *PQgetvalue(res, i, 3) ? PQgetvalue(res, i, 3) : _("never"));
	if (flagged) {
		html_raw(&p->h, " <strong>");
		html_txt(&p->h, _("please confirm"));
		html_raw(&p->h, "</strong>");
	}
	if (!may_edit) {
		html_raw(&p->h, "</td></tr>");
		return;
	}
	html_raw(&p->h,
		 "</td><td><form method=\"post\" class=\"inline\" action=\"/manage/services/");
	html_url_arg(&p->h, id, NULL);
	html_raw(&p->h, "/confirm");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	manage_csrf_input(p);
	html_raw(&p->h, "<button type=\"submit\" aria-label=\"");
	html_attr(&p->h, _("Still accurate"));
	html_raw(&p->h, ": ");
	html_attr(&p->h, PQgetvalue(res, i, 1));
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Still accurate"));
	html_raw(&p->h, "</button></form></td></tr>");
}

/* The dashboard's note and links: the forms for those who may use them. */
static void records_dashboard_links(struct web_page *p, const char *org, int may_edit)
{
	html_raw(&p->h, "<p class=\"note\">");
	if (!may_edit) {
		html_txt(&p->h, _("You can read these listings; their organisations' registrars "
				  "change and confirm them."));
		html_raw(&p->h, "</p>");
		return;
	}
	html_txt(&p->h, _("Listings not confirmed for a while are marked: check them and press "
			  "\"Still accurate\" when nothing has changed."));
	html_raw(&p->h, "</p><p><a class=\"button\" href=\"/manage/services/new");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("New service"));
	html_raw(&p->h, "</a> <a href=\"/manage/locations/new");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Add a place"));
	html_raw(&p->h, "</a>");
	if (org != NULL) {
		html_raw(&p->h, " <a href=\"/manage/organization/");
		html_url_arg(&p->h, org, NULL);
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		html_txt(&p->h, _("Your organisation"));
		html_raw(&p->h, "</a>");
	}
	html_raw(&p->h, "</p>");
}

/* The table of services, the "Confirm" column for those who may. */
static void records_table(struct web_page *p, PGresult *res, int may_edit)
{
	html_raw(&p->h, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_attr(&p->h, _("Your listings"));
	html_raw(&p->h, "\"><table class=\"listings dashboard\"><thead><tr><th scope=\"col\">");
	html_txt(&p->h, _("Service"));
	html_raw(&p->h, "</th><th scope=\"col\">");
	html_txt(&p->h, _("Status"));
	html_raw(&p->h, "</th><th scope=\"col\">");
	html_txt(&p->h, _("Last confirmed"));
	if (may_edit) {
		html_raw(&p->h, "</th><th scope=\"col\">");
		html_txt(&p->h, _("Confirm"));
	}
	html_raw(&p->h, "</th></tr></thead><tbody>");
	for (int i = 0; i < PQntuples(res); i++)
		records_service_row(p, res, i, may_edit);
	html_raw(&p->h, "</tbody></table></div>");
}

void manage_dashboard(struct http_request *req, struct http_response *resp)
{
	const char *org = auth_scope_org(&req->principal);
	int may_edit = manage_may(req, AUTH_EDITORS, 1);
	PGconn *conn = db_pool_acquire(req->app->pool);
	struct web_page p;
	PGresult *res;
	long days;
	int failed;

	if (org != NULL && org[0] == '\0')
		org = NULL; /* a coordinator reads every organisation's */
	pthread_rwlock_rdlock(&req->app->config_lock);
	days = req->app->cfg.unconfirmed_after;
	pthread_rwlock_unlock(&req->app->config_lock);
	res = records_services(conn, org, days);
	manage_start(&p, req, N_("Your listings"), NULL);
	records_dashboard_links(&p, org, may_edit);
	if (res != NULL)
		records_table(&p, res, may_edit);
	else
		manage_db_alert(&p);
	failed = res == NULL;
	PQclear(res);
	failed |= records_places(&p, conn, org, may_edit) != 0;
	failed |= records_holds(&p, conn, org) != 0;
	db_pool_release(req->app->pool, conn);
	page_foot(&p);
	page_finish(&p, resp, failed ? 500 : 200);
}
