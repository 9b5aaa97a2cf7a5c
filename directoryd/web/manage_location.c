/*
 * manage_location.c - the place and organisation forms of /manage
 * (manage.h): a place's name, address, time zone, weekly hours, contact
 * channels and the confidential flag with a plain explanation of what it
 * hides; the organisation's texts and their translations. Writes call
 * api_write in-process, as the service form does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "i18n.h"
#include "manage_parts.h"

static const struct manage_text location_texts[] = {
	{ "name", N_("Name of the place"), 0, 0 },
	{ "description", N_("How to find it"), 1, 0 },
};
#define LOCATION_NTEXTS (sizeof(location_texts) / sizeof(location_texts[0]))

/* The address fields of the form: form name, member of addresses[0]. */
static const struct manage_text address_texts[] = {
	{ "address_1", N_("Street and number"), 0, 0 },
	{ "postal_code", N_("Postal code"), 0, 0 },
	{ "city", N_("City"), 0, 0 },
	{ "state_province", N_("Region or state"), 0, 0 },
	{ "country", N_("Country (two letters, such as DE)"), 0, 0 },
};
#define ADDRESS_NTEXTS (sizeof(address_texts) / sizeof(address_texts[0]))

static const struct manage_text org_texts[] = {
	{ "name", N_("Name"), 0, 1 },
	{ "description", N_("What the organisation does"), 1, 1 },
	{ "email", N_("E-mail address for reminders and questions"), 0, 0 },
	{ "url", N_("Web address"), 0, 0 },
};
#define ORG_NTEXTS (sizeof(org_texts) / sizeof(org_texts[0]))

/* The confidential flag and what it hides. */
static void location_confidential(struct web_page *p, const json_t *doc)
{
	html_raw(&p->h, "<fieldset id=\"f-confidential\"><legend>");
	html_txt(&p->h, _("Secret address"));
	html_raw(&p->h, "</legend><label class=\"check\"><input type=\"checkbox\" "
			"name=\"confidential\" value=\"1\" aria-describedby=\"confidential-help\"");
	html_raw(&p->h, json_is_true(json_object_get(doc, "confidential")) ? " checked> " : "> ");
	html_txt(&p->h, _("This address is confidential (a shelter, for example)"));
	html_raw(&p->h, "</label><p class=\"note\" id=\"confidential-help\">");
	html_txt(&p->h, _("When ticked, the street, postal code and exact position are never "
			  "shown, exported or sent to other directories. People see only the "
			  "city and how to contact you, and nearby search uses a point about a "
			  "kilometre away. You and your organisation still see the full address "
			  "here."));
	html_raw(&p->h, "</p></fieldset>");
}

static void location_form(struct web_page *p, const char *id, const json_t *doc,
			  const struct manage_result *r)
{
	json_t *addr = json_array_get(json_object_get(doc, "addresses"), 0);
	char ptr[64], fid[64];

	html_raw(&p->h,
		 "<form method=\"post\" class=\"manage\" novalidate action=\"/manage/locations/");
	html_url_arg(&p->h, id != NULL ? id : "new", NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	manage_csrf_input(p);
	manage_texts(p, location_texts, LOCATION_NTEXTS, doc, r);
	html_raw(&p->h, "<fieldset id=\"f-address\"><legend>");
	html_txt(&p->h, _("Address"));
	html_raw(&p->h, "</legend>");
	for (size_t i = 0; i < ADDRESS_NTEXTS; i++) {
		snprintf(ptr, sizeof(ptr), "/addresses/0/%s", address_texts[i].field);
		snprintf(fid, sizeof(fid), "f-%s", address_texts[i].field);
		html_raw(&p->h, "<p class=\"field\"><label for=\"");
		html_attr(&p->h, fid);
		html_raw(&p->h, "\">");
		html_txt(&p->h, _(address_texts[i].label));
		html_raw(&p->h, "</label><input name=\"");
		html_attr(&p->h, address_texts[i].field);
		html_raw(&p->h, "\" id=\"");
		html_attr(&p->h, fid);
		html_raw(&p->h, "\" value=\"");
		html_attr(&p->h, json_string_value(json_object_get(addr, address_texts[i].field)));
		html_raw(&p->h, "\">");
		manage_field_errors(p, r, ptr, fid);
		html_raw(&p->h, "</p>");
	}
	html_raw(&p->h, "</fieldset>");
	location_confidential(p, doc);
	manage_hours(p, doc, r, json_string_value(json_object_get(doc, "timezone_name")), 1);
	manage_channels(p, doc, r);
	manage_save_button(p);
	html_raw(&p->h, "</form>");
}

/* The address of the form into addresses[0], keeping its id and the
 * members the form does not show. */
static void location_address_read(json_t *doc, const json_t *form)
{
	json_t *addrs = json_object_get(doc, "addresses");
	json_t *a = json_array_get(addrs, 0);
	int any = 0;

	a = a != NULL ? json_incref(a) : json_pack("{s:s}", "address_type", "physical");
	for (size_t i = 0; i < ADDRESS_NTEXTS; i++) {
		const char *v = manage_form_get(form, address_texts[i].field);
		json_object_set_new(a, address_texts[i].field, json_string(v != NULL ? v : ""));
		any |= v != NULL && *v != '\0';
	}
	if (!json_is_array(addrs)) {
		addrs = json_array();
		json_object_set_new(doc, "addresses", addrs);
	}
	if (json_array_size(addrs) == 0 && any)
		json_array_append(addrs, a);
	else if (json_array_size(addrs) > 0)
		json_array_set(addrs, 0, a);
	json_decref(a);
}

static void location_from_form(json_t *doc, const json_t *form)
{
	const char *tz = manage_form_get(form, "timezone_name");

	manage_texts_read(doc, location_texts, LOCATION_NTEXTS, form);
	location_address_read(doc, form);
	json_object_set_new(doc, "confidential",
			    json_boolean(manage_form_has(form, "confidential", "1")));
	if (tz != NULL && *tz != '\0')
		json_object_set_new(doc, "timezone_name", json_string(tz));
	else
		json_object_del(doc, "timezone_name");
	if (json_object_get(doc, "location_type") == NULL)
		json_object_set_new(doc, "location_type", json_string("physical"));
	manage_hours_read(doc, form);
	manage_channels_read(doc, form);
}

static void org_form(struct web_page *p, const char *id, const json_t *doc,
		     const struct manage_result *r)
{
	html_raw(
		&p->h,
		"<form method=\"post\" class=\"manage\" novalidate action=\"/manage/organization/");
	html_url_arg(&p->h, id, NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	manage_csrf_input(p);
	manage_texts(p, org_texts, ORG_NTEXTS, doc, r);
	manage_translations(p, org_texts, ORG_NTEXTS, doc, r);
	manage_save_button(p);
	html_raw(&p->h, "</form>");
}

/* Which form a path names: "locations" or "organization". */
static int form_is_org(const struct http_request *req)
{
	return req->nsegs > 1 && strcmp(req->segs[1], "organization") == 0;
}

/* Render the form of the kind the path names, for doc. */
static void form_page(struct http_request *req, struct http_response *resp, const char *id,
		      const json_t *doc, const struct manage_result *r, unsigned int status)
{
	int org = form_is_org(req);
	const char *title = org          ? N_("Your organisation")
			    : id != NULL ? N_("Edit a place")
					 : N_("Add a place");
	struct web_page p;

	manage_start(&p, req, title, NULL);
	if (r != NULL)
		manage_not_saved(&p, r);
	else if (id != NULL)
		manage_record_actions(&p, org ? "organization" : "location", id, doc);
	if (org)
		org_form(&p, id, doc, r);
	else
		location_form(&p, id, doc, r);
	page_foot(&p);
	page_finish(&p, resp, status);
}

/* The id in the path, NULL for "new" (a place). */
static const char *form_id(const struct http_request *req)
{
	return req->nsegs > 2 && strcmp(req->segs[2], "new") != 0 ? req->segs[2] : NULL;
}

static json_t *form_load(struct http_request *req, const char *id)
{
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *doc;

	if (form_is_org(req))
		doc = manage_load(conn, req, "organization", id != NULL ? id : "");
	else
		doc = id != NULL ? manage_load(conn, req, "location", id) : manage_new_doc(req);
	db_pool_release(req->app->pool, conn);
	if (doc != NULL && !form_is_org(req) && id == NULL)
		json_object_del(doc, "status");
	return doc;
}

void manage_location_page(struct http_request *req, struct http_response *resp)
{
	const char *id = form_id(req);
	json_t *doc = form_load(req, id);

	if (doc == NULL) {
		manage_not_yours(req, resp);
		return;
	}
	form_page(req, resp, id, doc, NULL, 200);
	json_decref(doc);
}

void manage_location_post(struct http_request *req, struct http_response *resp)
{
	const char *id = form_id(req);
	int org = form_is_org(req);
	json_t *doc = form_load(req, id), *form = manage_form_read(req);
	struct manage_result r = { 0, NULL };

	if (doc == NULL || form == NULL) {
		json_decref(doc);
		json_decref(form);
		manage_not_yours(req, resp);
		return;
	}
	if (org) {
		manage_texts_read(doc, org_texts, ORG_NTEXTS, form);
		manage_translations_read(doc, org_texts, ORG_NTEXTS, form);
	} else {
		location_from_form(doc, form);
	}
	manage_call(req, api_write, id != NULL ? "PUT" : "POST", org ? "organization" : "location",
		    org ? "organizations" : "locations", id, NULL, doc, &r);
	if (r.status == 200 || r.status == 201 || r.status == 202)
		manage_saved(req, resp, org ? "organization" : "location", &r);
	else
		form_page(req, resp, id, doc, &r,
			  r.status >= 400 && r.status < 600 ? r.status : 422);
	manage_result_free(&r);
	json_decref(doc);
	json_decref(form);
}
