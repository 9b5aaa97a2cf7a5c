/*
 * manage_form.c - what every /manage page shares (manage.h): reading an
 * urlencoded form with libmicrohttpd's parser, calling an API handler
 * in-process so that forms and the API write through one code path, and
 * writing the API's errors next to the field their JSON Pointer names.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "manage.h"

struct form_state {
	json_t *form;
	char last_key[128];
	int bad;
};

/* Append data to the last value of key (off > 0) or start a new one. */
static int form_add(struct form_state *st, const char *key, const char *data, uint64_t off,
		    size_t size)
{
	json_t *arr = json_object_get(st->form, key);
	json_t *v;
	char *joined;
	size_t have = 0;

	if (arr == NULL) {
		arr = json_array();
		if (arr == NULL || json_object_set_new(st->form, key, arr) != 0)
			return -1;
	}
	if (off == 0 || json_array_size(arr) == 0)
		return json_array_append_new(arr, json_stringn_nocheck(data, size));
	v = json_array_get(arr, json_array_size(arr) - 1);
	have = json_string_length(v);
	if ((joined = malloc(have + size + 1)) == NULL)
		return -1;
	memcpy(joined, json_string_value(v), have);
	memcpy(joined + have, data, size);
	joined[have + size] = '\0';
	json_string_setn_nocheck(v, joined, have + size);
	free(joined);
	return 0;
}

static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	struct form_state *st = cls;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	if (form_add(st, key, data != NULL ? data : "", off, size) != 0)
		st->bad = 1;
	return MHD_YES;
}

/* Every value must be UTF-8 (they end up in JSON and in the page). */
static int form_utf8(json_t *form)
{
	const char *key;
	const json_t *arr, *v;
	size_t i;

	json_object_foreach(form, key, arr)
	{
		if (!html_is_utf8(key))
			return 0;
		json_array_foreach(arr, i, v) if (!html_is_utf8(json_string_value(v))) return 0;
	}
	return 1;
}

json_t *manage_form_read(struct http_request *req)
{
	const char *ct = http_header(req, "Content-Type");
	struct form_state st = { json_object(), "", 0 };
	struct MHD_PostProcessor *pp;

	if (st.form == NULL)
		return NULL;
	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		goto fail;
	if ((pp = MHD_create_post_processor(req->conn, 4096, form_field, &st)) == NULL)
		goto fail;
	if (req->body_len > 0 && MHD_post_process(pp, req->body, req->body_len) != MHD_YES)
		st.bad = 1;
	MHD_destroy_post_processor(pp);
	if (!st.bad && form_utf8(st.form))
		return st.form;
fail:
	json_decref(st.form);
	return NULL;
}

const char *manage_form_get(const json_t *form, const char *name)
{
	return json_string_value(json_array_get(json_object_get(form, name), 0));
}

const json_t *manage_form_all(const json_t *form, const char *name)
{
	static json_t *empty;
	const json_t *a = json_object_get(form, name);

	if (a != NULL)
		return a;
	if (empty == NULL)
		empty = json_array(); /* made once, never freed: a constant */
	return empty;
}

int manage_form_has(const json_t *form, const char *name, const char *value)
{
	size_t i;
	const json_t *v;

	json_array_foreach(manage_form_all(form, name), i, v)
	{
		if (strcmp(json_string_value(v), value) == 0)
			return 1;
	}
	return 0;
}

void manage_call_segs(struct http_request *req, http_handler h, const char *method,
		      const char *record, const char *const *segs, size_t nsegs, json_t *doc,
		      struct manage_result *out)
{
	struct http_request sub = *req;
	struct http_response resp = { .status = 200 };

	sub.method = method;
	sub.record = record;
	sub.body = NULL;
	sub.body_len = 0;
	sub.body_doc = doc;
	sub.nsegs = 0;
	for (size_t i = 0; i < nsegs && i < HTTP_MAX_SEGMENTS; i++)
		if (segs[i] != NULL)
			sub.segs[sub.nsegs++] = segs[i];
	h(&sub, &resp);
	out->status = resp.status;
	out->body = resp.body;
	if (out->body == NULL && resp.text != NULL)
		out->body = json_loadb(resp.text, resp.text_len, 0, NULL);
	free(resp.text);
}

void manage_call(struct http_request *req, http_handler h, const char *method, const char *record,
		 const char *seg0, const char *seg1, const char *seg2, json_t *doc,
		 struct manage_result *out)
{
	const char *segs[3] = { seg0, seg1, seg2 };

	manage_call_segs(req, h, method, record, segs, 3, doc, out);
}

void manage_result_free(struct manage_result *r)
{
	json_decref(r->body);
	r->body = NULL;
}

const char *manage_error_code(const struct manage_result *r)
{
	const char *c = r == NULL ? NULL
				  : json_string_value(json_object_get(
					    json_object_get(r->body, "error"), "code"));

	return c != NULL ? c : "";
}

/* The violations of an answer: error.details of an error, details of a
 * hold (202 held_for_review). Borrowed. */
static const json_t *manage_violations(const struct manage_result *r)
{
	const json_t *e;

	if (r == NULL)
		return NULL;
	if ((e = json_object_get(r->body, "error")) != NULL)
		return json_object_get(e, "details");
	if (r->status == 202)
		return json_object_get(r->body, "details");
	return NULL;
}

static int manage_ptr_under(const char *field, const char *ptr)
{
	size_t n = strlen(ptr);

	if (field == NULL)
		return ptr[0] == '\0';
	if (ptr[0] == '\0')
		return 0;
	return strncmp(field, ptr, n) == 0 && (field[n] == '\0' || field[n] == '/');
}

int manage_has_error(const struct manage_result *r, const char *ptr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(manage_violations(r), i, v)
	{
		if (manage_ptr_under(json_string_value(json_object_get(v, "field")), ptr))
			return 1;
	}
	return 0;
}

/*
 * One labelled part of an eligibility finding, <span class="cls">label:
 * text</span>, the text in quotes when quoted and also <mark>ed when mark;
 * nothing when text is NULL. Parts after the first written (*written
 * counts them) are set off by a space.
 */
static void finding_part(struct web_page *p, int *written, const char *cls, const char *label,
			 const char *text, int quoted, int mark)
{
	if (text == NULL)
		return;
	html_raw(&p->h, (*written)++ > 0 ? " <span class=\"" : "<span class=\"");
	html_raw(&p->h, cls);
	html_raw(&p->h, "\">");
	html_txt(&p->h, label);
	html_raw(&p->h, quoted ? ": \xe2\x80\x9c" : ": ");
	html_raw(&p->h, mark ? "<mark>" : "");
	html_txt(&p->h, text);
	html_raw(&p->h, mark ? "</mark>" : "");
	html_raw(&p->h, quoted ? "\xe2\x80\x9d</span>" : "</span>");
}

/* One eligibility finding: the rule in plain words, the phrase, the
 * suggested wording (the API's details; docs/eligibility.md). */
static void manage_elig_finding(struct web_page *p, const json_t *v)
{
	int written = 0;

	finding_part(p, &written, "rule", _("The rule"),
		     json_string_value(json_object_get(v, "rule_text")), 0, 0);
	finding_part(p, &written, "phrase", _("Words found"),
		     json_string_value(json_object_get(v, "phrase")), 1, 1);
	finding_part(p, &written, "suggest", _("You could write instead"),
		     json_string_value(json_object_get(v, "suggestion")), 1, 0);
}

void manage_field_errors(struct web_page *p, const struct manage_result *r, const char *ptr,
			 const char *id)
{
	const json_t *v;
	size_t i;
	int open = 0;

	json_array_foreach(manage_violations(r), i, v)
	{
		const char *field = json_string_value(json_object_get(v, "field"));
		const char *msg = json_string_value(json_object_get(v, "message"));

		if (!manage_ptr_under(field, ptr))
			continue;
		if (!open) {
			html_raw(&p->h, "<ul class=\"errors\" id=\"err-");
			html_attr(&p->h, id);
			html_raw(&p->h, "\">");
			open = 1;
		}
		html_raw(&p->h, "<li>");
		if (msg != NULL)
			html_txt(&p->h, msg);
		if (json_object_get(v, "rule_text") != NULL ||
		    json_object_get(v, "phrase") != NULL) {
			html_raw(&p->h, "<br>");
			manage_elig_finding(p, v);
		}
		html_raw(&p->h, "</li>");
	}
	if (open)
		html_raw(&p->h, "</ul>");
}

/* Every error or finding of r as one list: each its field (a JSON Pointer,
 * in <code>) and message. findings 0: the summary above a refused form
 * (class "summary", the pointer as it is); 1: the page of a held listing
 * (class "findings", "Field name", and for the eligibility rule the rule
 * in plain words, the words found and the suggested wording). */
static void manage_violation_list(struct web_page *p, const struct manage_result *r, int findings)
{
	const json_t *v;
	size_t i;

	html_raw(&p->h, findings ? "<ul class=\"findings\">" : "<ul class=\"summary\">");
	json_array_foreach(manage_violations(r), i, v)
	{
		const char *field = json_string_value(json_object_get(v, "field"));

		html_raw(&p->h, "<li>");
		if (field != NULL && *field != '\0') {
			if (findings) {
				html_txt(&p->h, _("Field"));
				html_raw(&p->h, " ");
			}
			html_raw(&p->h, "<code>");
			html_txt(&p->h, field + (findings && field[0] == '/'));
			html_raw(&p->h, "</code>: ");
		}
		html_txt(&p->h, json_string_value(json_object_get(v, "message")));
		if (findings && (json_object_get(v, "rule_text") != NULL ||
				 json_object_get(v, "phrase") != NULL)) {
			html_raw(&p->h, "<br>");
			manage_elig_finding(p, v);
		}
		html_raw(&p->h, "</li>");
	}
	html_raw(&p->h, "</ul>");
}

void manage_error_summary(struct web_page *p, const struct manage_result *r)
{
	manage_violation_list(p, r, 0);
}

void manage_findings(struct web_page *p, const struct manage_result *r)
{
	manage_violation_list(p, r, 1);
}
