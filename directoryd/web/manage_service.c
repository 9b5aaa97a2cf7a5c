/*
 * manage_service.c - the service form of /manage (manage.h): texts,
 * service types and access as checkboxes from the vocabularies, languages
 * with their BCP 47 tags, the weekly opening hours, contact channels with
 * "safe to leave a message", translations beside the original, the places
 * it is offered at, and whether it is open (a temporary closure with its
 * last day, closed_until, and a message to people). The form is rendered from a JSON document:
 * the stored record on GET, the document made from the posted form after
 * an error, so nothing typed is lost. Writes call api_write in-process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "i18n.h"
#include "manage.h"
#include "manage_parts.h"
#include "webdata.h"

/* The texts of a service the form edits, with their labels. */
static const struct manage_text service_texts[] = {
	{ "name", N_("Name"), 0, 1 },
	{ "description", N_("What it offers"), 1, 1 },
	{ "eligibility_description", N_("Who can use it"), 1, 1 },
	{ "application_process", N_("How to get it"), 1, 1 },
	{ "fees_description", N_("Costs"), 1, 0 },
	{ "url", N_("Web address"), 0, 0 },
};
#define SERVICE_NTEXTS (sizeof(service_texts) / sizeof(service_texts[0]))

/* Terms of one taxonomy as checkboxes: name="field" value="code". */
static void service_terms(struct web_page *p, const struct webdata_vocab *v, const char *taxonomy,
			  const char *field, const char *legend, const json_t *doc)
{
	html_raw(&p->h, "<fieldset class=\"terms\" id=\"f-");
	html_attr(&p->h, field);
	html_raw(&p->h, "\"><legend>");
	html_txt(&p->h, legend);
	html_raw(&p->h, "</legend>");
	for (size_t i = 0; i < v->n; i++) {
		const struct webdata_term *t = &v->terms[i];
		if (strcmp(t->taxonomy, taxonomy) != 0 || strcmp(t->code, "sex_worker_led") == 0)
			continue;
		html_raw(&p->h, "<label><input type=\"checkbox\" name=\"");
		html_attr(&p->h, field);
		html_raw(&p->h, "\" value=\"");
		html_attr(&p->h, t->code);
		html_raw(&p->h, manage_doc_has_term(doc, t->code) ? "\" checked> " : "\"> ");
		html_txt(&p->h, t->name);
		html_raw(&p->h, "</label>");
	}
	html_raw(&p->h, "</fieldset>");
}

/* The organisation's places as checkboxes: where the service is offered. */
static void service_places(struct web_page *p, PGconn *conn, const char *org, const json_t *doc)
{
	static const char sql[] = "SELECT id::text, name FROM location WHERE organization_id = "
				  "$1::uuid ORDER BY name";
	struct dir_error err;
	const char *params[1] = { org };
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, sql, 1, params, &err);
	dir_error_clear(&err);
	html_raw(&p->h, "<fieldset id=\"f-places\"><legend>");
	html_txt(&p->h, _("Where it is offered"));
	html_raw(&p->h, "</legend>");
	for (int i = 0; res != NULL && i < PQntuples(res); i++) {
		html_raw(&p->h, "<label><input type=\"checkbox\" name=\"place\" value=\"");
		html_attr(&p->h, PQgetvalue(res, i, 0));
		html_raw(&p->h, manage_doc_has_place(doc, PQgetvalue(res, i, 0)) ? "\" checked> "
										 : "\"> ");
		html_txt(&p->h, PQgetvalue(res, i, 1));
		html_raw(&p->h, "</label>");
	}
	if (res == NULL || PQntuples(res) == 0) {
		html_raw(&p->h, "<p class=\"note\">");
		html_txt(&p->h, _("Your organisation has no places yet. Add one first if people "
				  "can come to the service."));
		html_raw(&p->h, "</p>");
	}
	html_raw(&p->h, "<p><a href=\"/manage/locations/new");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Add a place"));
	html_raw(&p->h, "</a></p></fieldset>");
	PQclear(res);
}

/* The statuses the form offers (HSDS service.status), with their labels. */
static const struct {
	const char *status;
	const char *label;
} service_statuses[] = {
	{ "active", N_("Open") },
	{ "temporarily closed", N_("Closed for a while") },
	{ "inactive", N_("Not offered any more") },
};

const char *manage_status_label(const char *status)
{
	for (size_t i = 0; i < sizeof(service_statuses) / sizeof(service_statuses[0]); i++)
		if (status != NULL && strcmp(status, service_statuses[i].status) == 0)
			return _(service_statuses[i].label);
	return status != NULL ? status : "";
}

/* An input of the status fieldset: its label, the value, the errors. */
static void service_status_input(struct web_page *p, const char *name, const char *type,
				 const char *label, const char *hint, const json_t *doc,
				 const struct manage_result *r)
{
	char ptr[32], id[32];
	int invalid;

	snprintf(ptr, sizeof(ptr), "/%s", name);
	snprintf(id, sizeof(id), "f-%s", name);
	invalid = r != NULL && manage_has_error(r, ptr);
	html_raw(&p->h, "<p class=\"field\"><label for=\"");
	html_attr(&p->h, id);
	html_raw(&p->h, "\">");
	html_txt(&p->h, label);
	html_raw(&p->h, "</label><span class=\"hint\" id=\"hint-");
	html_attr(&p->h, id);
	html_raw(&p->h, "\">");
	html_txt(&p->h, hint);
	html_raw(&p->h, "</span><input type=\"");
	html_attr(&p->h, type);
	html_raw(&p->h, "\" name=\"");
	html_attr(&p->h, name);
	html_raw(&p->h, "\" id=\"");
	html_attr(&p->h, id);
	html_raw(&p->h, "\" value=\"");
	html_attr(&p->h, json_string_value(json_object_get(doc, name)));
	html_raw(&p->h, "\" aria-describedby=\"hint-");
	html_attr(&p->h, id);
	if (invalid) {
		html_raw(&p->h, " err-");
		html_attr(&p->h, id);
	}
	html_raw(&p->h, invalid ? "\" aria-invalid=\"true\">" : "\">");
	if (r != NULL)
		manage_field_errors(p, r, ptr, id);
	html_raw(&p->h, "</p>");
}

/* Open, closed for a while (until a date, with a message), or no more. */
static void service_status(struct web_page *p, const json_t *doc, const struct manage_result *r)
{
	const char *status = json_string_value(json_object_get(doc, "status"));

	html_raw(&p->h, "<fieldset id=\"f-status\" class=\"status\"><legend>");
	html_txt(&p->h, _("Open or closed"));
	html_raw(&p->h, "</legend>");
	for (size_t i = 0; i < sizeof(service_statuses) / sizeof(service_statuses[0]); i++) {
		html_raw(&p->h, "<label><input type=\"radio\" name=\"status\" value=\"");
		html_attr(&p->h, service_statuses[i].status);
		html_raw(&p->h,
			 strcmp(status != NULL ? status : "active", service_statuses[i].status) == 0
				 ? "\" checked> "
				 : "\"> ");
		html_txt(&p->h, _(service_statuses[i].label));
		html_raw(&p->h, "</label>");
	}
	if (r != NULL)
		manage_field_errors(p, r, "/status", "f-status");
	service_status_input(
		p, "closed_until", "date", _("Closed until (the last closed day)"),
		_("Only for \"Closed for a while\". Written YYYY-MM-DD. The day after, "
		  "the listing shows as open again by itself."),
		doc, r);
	service_status_input(p, "alert", "text", _("Message to people"),
			     _("Shown at the top of the listing, for example \"Closed for "
			       "repairs, the drop-in is at the other address\"."),
			     doc, r);
	html_raw(&p->h, "</fieldset>");
}

/* Status, closed_until (only while closed for a while) and alert. */
static void service_status_read(json_t *doc, const json_t *form)
{
	const char *status = manage_form_get(form, "status");
	const char *until = manage_form_get(form, "closed_until");
	const char *alert = manage_form_get(form, "alert");

	if (status != NULL && status[0] != '\0')
		json_object_set_new(doc, "status", json_string(status));
	status = json_string_value(json_object_get(doc, "status"));
	if (until != NULL && until[0] != '\0' && status != NULL &&
	    strcmp(status, "temporarily closed") == 0)
		json_object_set_new(doc, "closed_until", json_string(until));
	else
		json_object_del(doc, "closed_until");
	if (alert != NULL && alert[0] != '\0')
		json_object_set_new(doc, "alert", json_string(alert));
	else
		json_object_del(doc, "alert");
}

/* The time zone of the service's first place (the hours are read in it),
 * into tz (cap bytes; "" when it has none). */
static void service_timezone(PGconn *conn, const json_t *doc, char *tz, size_t cap)
{
	static const char sql[] = "SELECT timezone_name FROM location WHERE id = $1::uuid";
	const char *loc = json_string_value(json_object_get(
		json_array_get(json_object_get(doc, "service_at_locations"), 0), "location_id"));
	const char *params[1] = { loc };
	struct dir_error err;
	PGresult *res;

	tz[0] = '\0';
	if (loc == NULL)
		return;
	dir_error_init(&err);
	if ((res = db_exec(conn, sql, 1, params, &err)) != NULL && PQntuples(res) == 1)
		snprintf(tz, cap, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	dir_error_clear(&err);
}

/* The whole form for doc; r (may be NULL) carries the API's errors. */
static void service_form(struct web_page *p, PGconn *conn, const char *id, const json_t *doc,
			 const struct manage_result *r)
{
	struct webdata_vocab vocab = { NULL, 0 };
	struct dir_error err;
	char tz[64];
	const char *org = json_string_value(json_object_get(doc, "organization_id"));

	dir_error_init(&err);
	(void)webdata_vocab(conn, p->ui->tag, &vocab, &err);
	dir_error_clear(&err);
	html_raw(&p->h,
		 "<form method=\"post\" class=\"manage\" novalidate action=\"/manage/services/");
	html_url_arg(&p->h, id != NULL ? id : "new", NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	manage_csrf_input(p);
	manage_texts(p, service_texts, SERVICE_NTEXTS, doc, r);
	service_status(p, doc, r);
	service_terms(p, &vocab, "service_type", "service_type", _("Kind of help"), doc);
	manage_field_errors(p, r, "/attributes", "service_type");
	service_terms(p, &vocab, "access", "access", _("Access"), doc);
	manage_languages(p, conn, doc, r);
	service_timezone(conn, doc, tz, sizeof(tz));
	manage_hours(p, doc, r, tz[0] != '\0' ? tz : NULL, 0);
	manage_channels(p, doc, r);
	manage_translations(p, service_texts, SERVICE_NTEXTS, doc, r);
	if (org != NULL)
		service_places(p, conn, org, doc);
	manage_save_button(p);
	html_raw(&p->h, "</form>");
	webdata_vocab_free(&vocab);
}

/* The document the form makes, on top of the stored record base (owned
 * by the caller; changed in place): the form's fields replace the ones it
 * edits, everything else is kept. */
static void service_from_form(json_t *doc, const json_t *form)
{
	json_t *sals;

	manage_texts_read(doc, service_texts, SERVICE_NTEXTS, form);
	service_status_read(doc, form);
	manage_terms_read(doc, form, "service_type");
	manage_terms_read(doc, form, "access");
	manage_languages_read(doc, form);
	manage_hours_read(doc, form);
	manage_channels_read(doc, form);
	manage_translations_read(doc, service_texts, SERVICE_NTEXTS, form);
	if ((sals = manage_places_read(doc, form)) != NULL)
		json_object_set_new(doc, "service_at_locations", sals);
}

void manage_service_page(struct http_request *req, struct http_response *resp)
{
	const char *id = req->nsegs > 2 && strcmp(req->segs[2], "new") != 0 ? req->segs[2] : NULL;
	PGconn *conn = db_pool_acquire(req->app->pool);
	struct web_page p;
	json_t *doc;

	doc = id != NULL ? manage_load(conn, req, "service", id) : manage_new_doc(req);
	if (doc == NULL) {
		db_pool_release(req->app->pool, conn);
		manage_not_yours(req, resp);
		return;
	}
	manage_start(&p, req, id != NULL ? N_("Edit a service") : N_("New service"), NULL);
	if (id != NULL)
		manage_record_actions(&p, "service", id, doc);
	service_form(&p, conn, id, doc, NULL);
	db_pool_release(req->app->pool, conn);
	json_decref(doc);
	page_foot(&p);
	page_finish(&p, resp, 200);
}

void manage_service_post(struct http_request *req, struct http_response *resp)
{
	const char *id = req->nsegs > 2 && strcmp(req->segs[2], "new") != 0 ? req->segs[2] : NULL;
	PGconn *conn = db_pool_acquire(req->app->pool);
	struct manage_result r = { 0, NULL };
	json_t *form = manage_form_read(req), *doc;

	doc = id != NULL ? manage_load(conn, req, "service", id) : manage_new_doc(req);
	db_pool_release(req->app->pool, conn);
	if (doc == NULL || form == NULL) {
		json_decref(doc);
		json_decref(form);
		manage_not_yours(req, resp);
		return;
	}
	service_from_form(doc, form);
	manage_call(req, api_write, id != NULL ? "PUT" : "POST", "service", "services", id, NULL,
		    doc, &r);
	if (r.status == 200 || r.status == 201 || r.status == 202) {
		manage_saved(req, resp, "service", &r);
	} else {
		struct web_page p;
		conn = db_pool_acquire(req->app->pool);
		manage_start(&p, req, N_("Check the service"),
			     id != NULL ? N_("Edit a service") : N_("New service"));
		manage_not_saved(&p, &r);
		service_form(&p, conn, id, doc, &r);
		db_pool_release(req->app->pool, conn);
		page_foot(&p);
		page_finish(&p, resp, r.status >= 400 && r.status < 600 ? r.status : 422);
	}
	manage_result_free(&r);
	json_decref(doc);
	json_decref(form);
}
