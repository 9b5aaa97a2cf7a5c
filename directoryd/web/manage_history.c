/*
 * manage_history.c - the history of one listing at /manage (manage.h):
 * the audit trail's entries for the record, newest first, each with what
 * changed, and for organisation admins a "restore the version before this
 * change" button that calls the API's revert (api_audit_revert): the same
 * checks, eligibility rule and audit as POST /audit/{id}/revert. Values
 * the trail keeps redacted (a confidential address) are said to be so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "i18n.h"
#include "manage_parts.h"

#define HISTORY_REDACTED "[confidential]"

/* 1 when v (any JSON) holds the trail's redaction mark somewhere. */
static int history_redacted(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v))
		return strcmp(json_string_value(v), HISTORY_REDACTED) == 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x) if (history_redacted(x)) return 1;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, key, x) if (history_redacted(x)) return 1;
	}
	return 0;
}

/* What one patch operation changed, as "path: value" in a list item. */
static void history_op(struct web_page *p, const json_t *op)
{
	const char *path = json_string_value(json_object_get(op, "path"));
	const char *verb = json_string_value(json_object_get(op, "op"));
	json_t *value = json_object_get(op, "value");
	char *text;

	html_raw(&p->h, "<li><code>");
	html_txt(&p->h, path != NULL && *path != '\0' ? path : "/");
	html_raw(&p->h, "</code> ");
	if (verb != NULL && strcmp(verb, "remove") == 0) {
		html_txt(&p->h, _("removed"));
	} else if (history_redacted(value)) {
		html_txt(&p->h, _("a confidential value (the history does not keep it)"));
	} else if (json_is_string(value)) {
		html_ntxt(&p->h, json_string_value(value), 300);
	} else if (path != NULL && *path == '\0') {
		html_txt(&p->h, _("created"));
	} else if (json_is_array(value) || json_is_object(value)) {
		html_txt(&p->h, _("changed"));
	} else if ((text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL) {
		html_ntxt(&p->h, text, 300);
		free(text);
	}
	html_raw(&p->h, "</li>");
}

/* One entry: when, who, what, and the restore button. */
static void history_entry(struct web_page *p, const json_t *e, int may_restore)
{
	const json_t *patch = json_object_get(e, "patch"), *op;
	const char *who = json_string_value(json_object_get(e, "username"));
	json_int_t id = json_integer_value(json_object_get(e, "id"));
	size_t i;

	html_raw(&p->h, "<li class=\"entry\"><p><strong>");
	html_txt(&p->h, json_string_value(json_object_get(e, "at")));
	html_raw(&p->h, "</strong> \xc2\xb7 ");
	html_txt(&p->h, who != NULL ? who : json_string_value(json_object_get(e, "way")));
	html_raw(&p->h, "</p><ul class=\"ops\">");
	json_array_foreach(patch, i, op)
	{
		const char *path = json_string_value(json_object_get(op, "path"));
		size_t n = path != NULL ? strlen(path) : 0;
		if (i >= 40)
			break;
		/* ids of children are made anew by every write: not a change */
		if (n >= 3 && strcmp(path + n - 3, "/id") == 0)
			continue;
		history_op(p, op);
	}
	html_raw(&p->h, "</ul>");
	if (history_redacted(json_object_get(e, "inverse"))) {
		html_raw(&p->h, "<p class=\"note\">");
		html_txt(&p->h,
			 _("The version before this change had a confidential value that the "
			   "history does not keep: it cannot be restored from here."));
		html_raw(&p->h, "</p>");
	} else if (may_restore) {
		html_raw(&p->h, "<form method=\"post\" class=\"inline\" action=\"/manage/history/");
		html_int(&p->h, (long long)id);
		html_raw(&p->h, "/restore");
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		manage_csrf_input(p);
		html_raw(&p->h, "<button type=\"submit\">");
		html_txt(&p->h, _("Restore the version before this change"));
		html_raw(&p->h, "</button></form>");
	}
	html_raw(&p->h, "</li>");
}

void manage_history_page(struct http_request *req, struct http_response *resp)
{
	const char *kind = req->nsegs > 3 ? req->segs[2] : "";
	const char *id = req->nsegs > 3 ? req->segs[3] : "";
	struct audit_filter f = { id, NULL, NULL, NULL, NULL, NULL, 1, 50 };
	int may_restore = manage_may(req, AUTH_ORG_ADMINS, 1);
	PGconn *conn = db_pool_acquire(req->app->pool);
	json_t *doc = NULL, *list = NULL, *e;
	struct dir_error err;
	struct web_page p;
	size_t i;

	dir_error_init(&err);
	if (strcmp(kind, "service") == 0 || strcmp(kind, "location") == 0 ||
	    strcmp(kind, "organization") == 0)
		doc = manage_load(conn, req, kind, id);
	if (doc != NULL)
		list = audit_list(conn, &f, auth_scope_org(&req->principal), &err);
	db_pool_release(req->app->pool, conn);
	dir_error_clear(&err);
	if (doc == NULL || list == NULL) {
		json_decref(doc);
		json_decref(list);
		manage_not_yours(req, resp);
		return;
	}
	page_start(&p, req);
	manage_head(&p, _("History"));
	html_raw(&p.h, "<h1>");
	html_txt(&p.h, _("History"));
	html_raw(&p.h, ": ");
	html_txt(&p.h, json_string_value(json_object_get(doc, "name")));
	html_raw(&p.h, "</h1>");
	if (http_query(req, "restored") != NULL) {
		html_raw(&p.h, "<p class=\"saved\" role=\"status\">");
		html_txt(&p.h, _("The earlier version is restored."));
		html_raw(&p.h, "</p>");
	}
	html_raw(&p.h, "<ol class=\"history\">");
	json_array_foreach(json_object_get(list, "contents"), i, e)
		history_entry(&p, e, may_restore);
	html_raw(&p.h, "</ol>");
	json_decref(list);
	json_decref(doc);
	page_foot(&p);
	page_finish(&p, resp, 200);
}

/* Why a restore was refused, in plain words. */
static const char *history_refusal(const struct manage_result *r)
{
	const char *code = manage_error_code(r);

	if (strcmp(code, "revert_redacted") == 0)
		return _("That version had a confidential value the history does not keep, so it "
			 "cannot be restored from here. Change the listing with its form instead.");
	if (strcmp(code, "revert_conflict") == 0)
		return _("A later change touched the same fields. Restore the later changes first, "
			 "newest first, or change the listing with its form.");
	if (strcmp(code, "conflict") == 0)
		return _("The eligibility rule would hold that version for review. Save it with "
			 "the form so a reviewer can look at it.");
	return _("That version could not be restored.");
}

void manage_history_restore(struct http_request *req, struct http_response *resp)
{
	const char *entry = req->nsegs > 2 ? req->segs[2] : "";
	struct manage_result r = { 0, NULL };
	const char *kind, *id;
	char path[256];
	struct web_page p;

	manage_call(req, api_audit_revert, "POST", NULL, "audit", entry, "revert", NULL, &r);
	kind = json_string_value(json_object_get(r.body, "organization_id")) != NULL
		       ? (json_object_get(r.body, "location_type") != NULL ? "location" : "service")
		       : "organization";
	id = json_string_value(json_object_get(r.body, "id"));
	if (r.status == 200 && id != NULL) {
		snprintf(path, sizeof(path), "/manage/history/%s/%s?restored=1", kind, id);
		manage_redirect(req, resp, path);
	} else {
		manage_start(&p, req, N_("Not restored"), NULL);
		html_raw(&p.h, "<p class=\"error\" role=\"alert\">");
		html_txt(&p.h, history_refusal(&r));
		html_raw(&p.h, "</p>");
		manage_field_errors(&p, &r, "", "restore");
		page_foot(&p);
		page_finish(&p, resp, r.status >= 400 ? r.status : 409);
	}
	manage_result_free(&r);
}
