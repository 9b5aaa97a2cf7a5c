/*
 * manage_parts.c - the groups of fields the /manage forms share
 * (manage_parts.h). Field names in the form are the record's own where
 * they can be; repeated rows (channels, translations) are read back in
 * order, so row i of the form is element i of the document and the API's
 * JSON Pointers name the row that was wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hours.h"
#include "i18n.h"
#include "manage_parts.h"
#include "store.h"
#include "webdata.h"

static const char *const channel_types[] = { "phone",    "sms",   "signal",   "whatsapp",
					     "telegram", "email", "web_form", NULL };
static const char *const week_days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

/* id="f-<ptr without the slash, / as ->" and the error list beside. */
static void parts_label(struct web_page *p, const char *id, const char *label)
{
	html_raw(&p->h, "<label for=\"");
	html_attr(&p->h, id);
	html_raw(&p->h, "\">");
	html_txt(&p->h, label);
	html_raw(&p->h, "</label>");
}

/* A text input or textarea named name, id id, with value. */
static void parts_input(struct web_page *p, const char *name, const char *id, const char *value,
			int multiline, int invalid, const char *lang)
{
	html_raw(&p->h, multiline ? "<textarea rows=\"4\" name=\"" : "<input name=\"");
	html_attr(&p->h, name);
	html_raw(&p->h, "\" id=\"");
	html_attr(&p->h, id);
	if (lang != NULL) {
		html_raw(&p->h, "\" lang=\"");
		html_attr(&p->h, lang);
	}
	if (invalid) {
		html_raw(&p->h, "\" aria-invalid=\"true\" aria-describedby=\"err-");
		html_attr(&p->h, id);
	}
	if (multiline) {
		html_raw(&p->h, "\">");
		html_txt(&p->h, value);
		html_raw(&p->h, "</textarea>");
	} else {
		html_raw(&p->h, "\" value=\"");
		html_attr(&p->h, value);
		html_raw(&p->h, "\">");
	}
}

void manage_texts(struct web_page *p, const struct manage_text *t, size_t n, const json_t *doc,
		  const struct manage_result *r)
{
	char ptr[96], id[96];

	for (size_t i = 0; i < n; i++) {
		snprintf(ptr, sizeof(ptr), "/%s", t[i].field);
		snprintf(id, sizeof(id), "f-%s", t[i].field);
		html_raw(&p->h, "<p class=\"field\">");
		parts_label(p, id, _(t[i].label));
		parts_input(p, t[i].field, id, json_string_value(json_object_get(doc, t[i].field)),
			    t[i].multiline, r != NULL && manage_has_error(r, ptr), NULL);
		if (r != NULL)
			manage_field_errors(p, r, ptr, id);
		html_raw(&p->h, "</p>");
	}
}

void manage_texts_read(json_t *doc, const struct manage_text *t, size_t n, const json_t *form)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = manage_form_get(form, t[i].field);
		if (v != NULL && *v != '\0')
			json_object_set_new(doc, t[i].field, json_string(v));
		else if (v != NULL)
			json_object_del(doc, t[i].field);
	}
}

static const char *parts_term_code(const json_t *attr)
{
	return json_string_value(json_object_get(json_object_get(attr, "taxonomy_term"), "code"));
}

int manage_doc_has_term(const json_t *doc, const char *code)
{
	size_t i;
	const json_t *a;

	json_array_foreach(json_object_get(doc, "attributes"), i, a)
	{
		const char *c = parts_term_code(a);
		if (c != NULL && strcmp(c, code) == 0)
			return 1;
	}
	return 0;
}

/* The taxonomy ids of the two vocabularies (docs/data-model.md). */
static const char *parts_taxonomy_id(const char *taxonomy)
{
	return strcmp(taxonomy, "access") == 0 ? "9548c94a-3471-5284-9dc8-d6c047e6759a"
					       : "1ca11967-b51b-53ff-99c0-20add6b7c9ec";
}

void manage_terms_read(json_t *doc, const json_t *form, const char *taxonomy)
{
	json_t *old = json_object_get(doc, "attributes"), *keep = json_array();
	const char *tax_id = parts_taxonomy_id(taxonomy);
	const json_t *v;
	json_t *a;
	size_t i;

	json_array_foreach(old, i, a)
	{
		json_t *term = json_object_get(a, "taxonomy_term");
		const char *tid = json_string_value(json_object_get(term, "taxonomy_id"));
		const char *code = parts_term_code(a);
		if ((tid != NULL && strcmp(tid, tax_id) == 0) ||
		    (code != NULL && strcmp(code, "sex_worker_led") == 0))
			continue;
		json_array_append(keep, a);
	}
	json_array_foreach(manage_form_all(form, taxonomy), i, v)
	{
		json_array_append_new(keep, json_pack("{s:{s:s}}", "taxonomy_term", "code",
						      json_string_value(v)));
	}
	json_object_set_new(doc, "attributes", keep);
}

/* The tags of doc's languages, as a new array of strings. */
static json_t *parts_doc_langs(const json_t *doc)
{
	json_t *out = json_array();
	const json_t *l;
	size_t i;

	json_array_foreach(json_object_get(doc, "languages"), i, l)
	{
		const char *c = json_string_value(json_object_get(l, "code"));
		if (c != NULL)
			json_array_append_new(out, json_string(c));
	}
	return out;
}

static int parts_has_string(const json_t *arr, const char *s)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v) if (strcasecmp(json_string_value(v), s) == 0) return 1;
	return 0;
}

void manage_languages(struct web_page *p, PGconn *conn, const json_t *doc,
		      const struct manage_result *r)
{
	struct dir_error err;
	json_t *all, *mine = parts_doc_langs(doc), *v;
	char name[128];
	size_t i;

	dir_error_init(&err);
	if ((all = webdata_languages(conn, &err)) == NULL)
		all = json_array();
	dir_error_clear(&err);
	for (i = 0; i < web_langs_count; i++)
		if (!parts_has_string(all, web_langs[i].tag))
			json_array_append_new(all, json_string(web_langs[i].tag));
	html_raw(&p->h, "<fieldset class=\"langs\" id=\"f-languages\"><legend>");
	html_txt(&p->h, _("Languages spoken"));
	html_raw(&p->h, "</legend>");
	json_array_foreach(all, i, v)
	{
		const char *tag = json_string_value(v);
		html_raw(&p->h, "<label><input type=\"checkbox\" name=\"language\" value=\"");
		html_attr(&p->h, tag);
		html_raw(&p->h, parts_has_string(mine, tag) ? "\" checked> " : "\"> ");
		html_txt(&p->h, webdata_language_name(tag, p->ui->tag, name, sizeof(name)));
		html_raw(&p->h, " <small>");
		html_txt(&p->h, tag);
		html_raw(&p->h, "</small></label>");
	}
	html_raw(&p->h, "<p class=\"field\">");
	parts_label(p, "f-language-other",
		    _("Other languages (BCP 47 tags, such as pcm or pt-BR)"));
	parts_input(p, "language_other", "f-language-other", "", 0,
		    r != NULL && manage_has_error(r, "/languages"), NULL);
	if (r != NULL)
		manage_field_errors(p, r, "/languages", "f-language-other");
	html_raw(&p->h, "</p></fieldset>");
	json_decref(all);
	json_decref(mine);
}

void manage_languages_read(json_t *doc, const json_t *form)
{
	json_t *langs = json_array();
	const char *other = manage_form_get(form, "language_other");
	const json_t *v;
	size_t i;

	json_array_foreach(manage_form_all(form, "language"), i, v)
	{
		json_array_append_new(langs, json_pack("{s:s}", "code", json_string_value(v)));
	}
	while (other != NULL && *other != '\0') {
		size_t n = strcspn(other, " ,;");
		if (n > 0 && n < 36)
			json_array_append_new(langs, json_pack("{s:s%}", "code", other, n));
		other += n;
		other += strspn(other, " ,;");
	}
	json_object_set_new(doc, "languages", langs);
}

const char *manage_doc_timezone(const json_t *doc)
{
	const char *tz = json_string_value(json_object_get(doc, "timezone_name"));
	const json_t *s;
	size_t i;

	if (tz != NULL)
		return tz;
	json_array_foreach(json_object_get(doc, "service_at_locations"), i, s)
	{
		tz = json_string_value(
			json_object_get(json_object_get(s, "location"), "timezone_name"));
		if (tz != NULL)
			return tz;
	}
	return NULL;
}

/* The simple weekly schedule of day d in doc, or NULL. */
static const json_t *parts_day(const json_t *doc, const char *d)
{
	const json_t *s;
	size_t i;

	json_array_foreach(json_object_get(doc, "schedules"), i, s)
	{
		const char *f = json_string_value(json_object_get(s, "freq"));
		const char *b = json_string_value(json_object_get(s, "byday"));
		if (f != NULL && strcasecmp(f, "WEEKLY") == 0 && b != NULL && strcmp(b, d) == 0)
			return s;
	}
	return NULL;
}

void manage_hours(struct web_page *p, const json_t *doc, const struct manage_result *r,
		  const char *tz, int tz_field)
{
	char name[16];

	html_raw(&p->h, "<fieldset id=\"f-schedules\"><legend>");
	html_txt(&p->h, _("Opening hours"));
	html_raw(&p->h, "</legend>");
	if (tz_field) {
		html_raw(&p->h, "<p class=\"field\">");
		parts_label(p, "f-timezone_name", _("Time zone (such as Europe/Berlin)"));
		parts_input(p, "timezone_name", "f-timezone_name", tz, 0,
			    r != NULL && manage_has_error(r, "/timezone_name"), NULL);
		if (r != NULL)
			manage_field_errors(p, r, "/timezone_name", "f-timezone_name");
		html_raw(&p->h, "</p>");
	} else {
		html_raw(&p->h, "<p class=\"note\">");
		html_txt(&p->h, _("Times are local time of the place; time zone"));
		html_raw(&p->h, ": ");
		html_txt(&p->h, tz != NULL ? tz : _("not known yet: add a place"));
		html_raw(&p->h, "</p>");
	}
	html_raw(&p->h, "<table class=\"hours\"><thead><tr><th scope=\"col\">");
	html_txt(&p->h, _("Day"));
	html_raw(&p->h, "</th><th scope=\"col\">");
	html_txt(&p->h, _("Opens"));
	html_raw(&p->h, "</th><th scope=\"col\">");
	html_txt(&p->h, _("Closes"));
	html_raw(&p->h, "</th></tr></thead><tbody>");
	for (int d = 0; d < 7; d++) {
		const json_t *s = parts_day(doc, week_days[d]);
		html_raw(&p->h, "<tr><th scope=\"row\" id=\"day-");
		html_attr(&p->h, week_days[d]);
		html_raw(&p->h, "\">");
		html_txt(&p->h, hours_day_name(d + 1));
		for (int k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "%s_%s", k == 0 ? "opens" : "closes",
				 week_days[d]);
			html_raw(&p->h, k == 0 ? "</th><td>" : "</td><td>");
			html_raw(&p->h, "<input type=\"time\" name=\"");
			html_attr(&p->h, name);
			html_raw(&p->h, "\" aria-labelledby=\"day-");
			html_attr(&p->h, week_days[d]);
			html_raw(&p->h, k == 0 ? " h-opens\" value=\"" : " h-closes\" value=\"");
			html_attr(&p->h, json_string_value(json_object_get(
						 s, k == 0 ? "opens_at" : "closes_at")));
			html_raw(&p->h, "\">");
		}
		html_raw(&p->h, "</td></tr>");
	}
	html_raw(&p->h, "</tbody></table><span hidden id=\"h-opens\">");
	html_txt(&p->h, _("Opens"));
	html_raw(&p->h, "</span><span hidden id=\"h-closes\">");
	html_txt(&p->h, _("Closes"));
	html_raw(&p->h, "</span>");
	if (r != NULL)
		manage_field_errors(p, r, "/schedules", "f-schedules");
	html_raw(&p->h, "<p class=\"note\">");
	html_txt(&p->h, _("Leave a day empty when it is closed."));
	html_raw(&p->h, "</p></fieldset>");
}

void manage_hours_read(json_t *doc, const json_t *form)
{
	json_t *old = json_object_get(doc, "schedules"), *out = json_array(), *s;
	char on[16], cn[16];
	size_t i;

	/* keep what the table does not show: other rules, several days */
	json_array_foreach(old, i, s)
	{
		const char *f = json_string_value(json_object_get(s, "freq"));
		const char *b = json_string_value(json_object_get(s, "byday"));
		int simple =
			f != NULL && strcasecmp(f, "WEEKLY") == 0 && b != NULL && strlen(b) == 2;
		if (!simple)
			json_array_append(out, s);
	}
	for (int d = 0; d < 7; d++) {
		const json_t *prev = parts_day(doc, week_days[d]);
		const char *o, *c;
		json_t *n;
		snprintf(on, sizeof(on), "opens_%s", week_days[d]);
		snprintf(cn, sizeof(cn), "closes_%s", week_days[d]);
		o = manage_form_get(form, on);
		c = manage_form_get(form, cn);
		if ((o == NULL || *o == '\0') && (c == NULL || *c == '\0'))
			continue;
		n = prev != NULL ? json_deep_copy(prev) : json_object();
		json_object_set_new(n, "freq", json_string("WEEKLY"));
		json_object_set_new(n, "byday", json_string(week_days[d]));
		json_object_set_new(n, "opens_at", json_string(o != NULL ? o : ""));
		json_object_set_new(n, "closes_at", json_string(c != NULL ? c : ""));
		json_array_append_new(out, n);
	}
	json_object_set_new(doc, "schedules", out);
}

/* One row of the channels table; ch may be NULL (the empty row). */
static void parts_channel_row(struct web_page *p, size_t i, const json_t *ch,
			      const struct manage_result *r)
{
	const char *type = json_string_value(json_object_get(ch, "type"));
	char id[32], ptr[48];
	json_t *langs = json_object_get(ch, "languages");
	char tags[256] = "";
	size_t k, used = 0;
	const json_t *l;

	json_array_foreach(langs, k, l)
	{
		int n = snprintf(tags + used, sizeof(tags) - used, "%s%s", k > 0 ? " " : "",
				 json_string_value(l));
		if (n < 0 || (size_t)n >= sizeof(tags) - used)
			break;
		used += (size_t)n;
	}
	snprintf(ptr, sizeof(ptr), "/contact_channels/%zu", i);
	html_raw(&p->h, "<fieldset class=\"channel\"><legend>");
	html_txt(&p->h, _("Contact"));
	html_raw(&p->h, " ");
	html_int(&p->h, (long long)i + 1);
	html_raw(&p->h, "</legend><p class=\"field\">");
	snprintf(id, sizeof(id), "f-ch-type-%zu", i);
	parts_label(p, id, _("Kind"));
	html_raw(&p->h, "<select name=\"ch_type\" id=\"");
	html_attr(&p->h, id);
	html_raw(&p->h, "\">");
	for (const char *const *t = channel_types; *t != NULL; t++) {
		html_raw(&p->h, "<option value=\"");
		html_attr(&p->h, *t);
		html_raw(&p->h, type != NULL && strcmp(type, *t) == 0 ? "\" selected>" : "\">");
		html_txt(&p->h, *t);
		html_raw(&p->h, "</option>");
	}
	html_raw(&p->h, "</select></p><p class=\"field\">");
	snprintf(id, sizeof(id), "f-ch-value-%zu", i);
	parts_label(p, id, _("Number, address or link"));
	parts_input(p, "ch_value", id, json_string_value(json_object_get(ch, "value")), 0,
		    r != NULL && manage_has_error(r, ptr), NULL);
	if (r != NULL)
		manage_field_errors(p, r, ptr, id);
	html_raw(&p->h, "</p><p class=\"field\">");
	snprintf(id, sizeof(id), "f-ch-langs-%zu", i);
	parts_label(p, id, _("Answered in (language tags)"));
	parts_input(p, "ch_languages", id, tags, 0, 0, NULL);
	html_raw(
		&p->h,
		"</p><p><label class=\"check\"><input type=\"checkbox\" name=\"ch_safe\" value=\"");
	html_int(&p->h, (long long)i);
	html_raw(&p->h, json_is_true(json_object_get(ch, "safe_to_leave_message")) ? "\" checked> "
										   : "\"> ");
	html_txt(&p->h, _("Safe to leave a message"));
	html_raw(&p->h, "</label><small>");
	html_txt(&p->h, _("Tick only when nobody but your service can hear or read a message "
			  "left here."));
	html_raw(&p->h, "</small></p></fieldset>");
}

void manage_channels(struct web_page *p, const json_t *doc, const struct manage_result *r)
{
	const json_t *chs = json_object_get(doc, "contact_channels"), *ch;
	size_t i;

	html_raw(&p->h, "<fieldset id=\"f-contact_channels\"><legend>");
	html_txt(&p->h, _("How to reach it"));
	html_raw(&p->h, "</legend>");
	json_array_foreach(chs, i, ch) parts_channel_row(p, i, ch, r);
	parts_channel_row(p, json_array_size(chs), NULL, r);
	html_raw(&p->h, "</fieldset>");
}

void manage_channels_read(json_t *doc, const json_t *form)
{
	const json_t *types = manage_form_all(form, "ch_type");
	const json_t *values = manage_form_all(form, "ch_value");
	const json_t *langs = manage_form_all(form, "ch_languages");
	json_t *out = json_array();
	char idx[24];

	for (size_t i = 0; i < json_array_size(values); i++) {
		const char *v = json_string_value(json_array_get(values, i));
		const char *l = json_string_value(json_array_get(langs, i));
		json_t *tags = json_array(), *ch;
		if (v == NULL || *v == '\0')
			continue;
		while (l != NULL && *l != '\0') {
			size_t n = strcspn(l, " ,;");
			if (n > 0)
				json_array_append_new(tags, json_stringn(l, n));
			l += n;
			l += strspn(l, " ,;");
		}
		snprintf(idx, sizeof(idx), "%zu", i);
		ch = json_pack("{s:s?, s:s, s:b, s:o}", "type",
			       json_string_value(json_array_get(types, i)), "value", v,
			       "safe_to_leave_message", manage_form_has(form, "ch_safe", idx),
			       "languages", tags);
		json_array_append_new(out, ch);
	}
	json_object_set_new(doc, "contact_channels", out);
}

/* One language's block: original on the left, translation on the right. */
static void parts_translation(struct web_page *p, const struct manage_text *t, size_t n,
			      const json_t *doc, const char *tag, const json_t *tr,
			      const struct manage_result *r, size_t block)
{
	char id[64], ptr[128], name[96];

	int open = tag == NULL ? 0 : r != NULL && manage_has_error(r, "/translations");

	html_raw(&p->h, open ? "<details class=\"translation\" open><summary>"
			     : "<details class=\"translation\"><summary>");
	if (tag != NULL) {
		html_txt(&p->h, _("Translation"));
		html_raw(&p->h, ": ");
		html_txt(&p->h, webdata_language_name(tag, p->ui->tag, name, sizeof(name)));
		html_raw(&p->h, " <small>");
		html_txt(&p->h, tag);
		html_raw(&p->h, "</small><input type=\"hidden\" name=\"tr_lang\" value=\"");
		html_attr(&p->h, tag);
		html_raw(&p->h, "\">");
	} else {
		html_txt(&p->h, _("Add a translation"));
	}
	html_raw(&p->h, "</summary>");
	if (tag == NULL) {
		snprintf(id, sizeof(id), "f-tr-lang-%zu", block);
		html_raw(&p->h, "<p class=\"field\">");
		parts_label(p, id, _("Language (BCP 47 tag, such as ro or pt-BR)"));
		parts_input(p, "tr_lang", id, "", 0, 0, NULL);
		html_raw(&p->h, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		if (!t[i].translated)
			continue;
		snprintf(id, sizeof(id), "f-tr-%zu-%s", block, t[i].field);
		snprintf(ptr, sizeof(ptr), "/translations/%s/%s", tag != NULL ? tag : "",
			 t[i].field);
		html_raw(&p->h, "<div class=\"side\"><div class=\"original\"><span>");
		html_txt(&p->h, _(t[i].label));
		html_raw(&p->h, "</span><p>");
		html_txt(&p->h, json_string_value(json_object_get(doc, t[i].field)));
		html_raw(&p->h, "</p></div><p class=\"field\">");
		parts_label(p, id, _(t[i].label));
		snprintf(name, sizeof(name), "tr_%s", t[i].field);
		parts_input(p, name, id, json_string_value(json_object_get(tr, t[i].field)),
			    t[i].multiline, tag != NULL && r != NULL && manage_has_error(r, ptr),
			    tag);
		if (tag != NULL && r != NULL)
			manage_field_errors(p, r, ptr, id);
		html_raw(&p->h, "</p></div>");
	}
	html_raw(&p->h, "</details>");
}

void manage_translations(struct web_page *p, const struct manage_text *t, size_t n,
			 const json_t *doc, const struct manage_result *r)
{
	const char *tag;
	const json_t *tr;
	size_t block = 0;

	html_raw(&p->h, "<fieldset id=\"f-translations\"><legend>");
	html_txt(&p->h, _("Translations"));
	html_raw(&p->h, "</legend><p class=\"note\">");
	html_txt(&p->h, _("Each translation is shown beside the original. Leave a text empty "
			  "to show the original."));
	html_raw(&p->h, "</p>");
	json_object_foreach((json_t *)json_object_get(doc, "translations"), tag, tr)
	{
		parts_translation(p, t, n, doc, tag, tr, r, block++);
	}
	parts_translation(p, t, n, doc, NULL, NULL, r, block);
	html_raw(&p->h, "</fieldset>");
}

void manage_translations_read(json_t *doc, const struct manage_text *t, size_t n,
			      const json_t *form)
{
	const json_t *tags = manage_form_all(form, "tr_lang");
	json_t *out = json_object();
	char name[96];

	for (size_t b = 0; b < json_array_size(tags); b++) {
		const char *tag = json_string_value(json_array_get(tags, b));
		json_t *tr = json_object();
		if (tag == NULL || *tag == '\0' || strlen(tag) > 35) {
			json_decref(tr);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			const char *v;
			if (!t[i].translated)
				continue;
			snprintf(name, sizeof(name), "tr_%s", t[i].field);
			v = json_string_value(json_array_get(manage_form_all(form, name), b));
			if (v != NULL && *v != '\0')
				json_object_set_new(tr, t[i].field, json_string(v));
		}
		if (json_object_size(tr) > 0)
			json_object_set_new(out, tag, tr);
		else
			json_decref(tr);
	}
	if (json_object_size(out) > 0)
		json_object_set_new(doc, "translations", out);
	else {
		json_object_del(doc, "translations");
		json_decref(out);
	}
}

static const char *parts_sal_location(const json_t *sal)
{
	const char *id = json_string_value(json_object_get(sal, "location_id"));

	return id != NULL
		       ? id
		       : json_string_value(json_object_get(json_object_get(sal, "location"), "id"));
}

int manage_doc_has_place(const json_t *doc, const char *location_id)
{
	const json_t *s;
	size_t i;

	json_array_foreach(json_object_get(doc, "service_at_locations"), i, s)
	{
		const char *id = parts_sal_location(s);
		if (id != NULL && strcasecmp(id, location_id) == 0)
			return 1;
	}
	return 0;
}

json_t *manage_places_read(const json_t *doc, const json_t *form)
{
	json_t *out = json_array();
	const json_t *v, *s;
	size_t i, k;

	json_array_foreach(manage_form_all(form, "place"), i, v)
	{
		const char *want = json_string_value(v);
		json_t *found = NULL;
		if (!store_is_uuid(want))
			continue;
		json_array_foreach(json_object_get(doc, "service_at_locations"), k, s)
		{
			const char *id = parts_sal_location(s);
			if (id != NULL && strcasecmp(id, want) == 0) {
				found = json_deep_copy(s);
				break;
			}
		}
		if (found == NULL)
			found = json_object();
		json_object_del(found, "location");
		json_object_set_new(found, "location_id", json_string(want));
		json_array_append_new(out, found);
	}
	return out;
}
