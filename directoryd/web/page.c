/*
 * page.c - the frame every HTML page shares and its response headers
 * (page.h).
 */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"

/* Nothing but the page's own stylesheet and forms: no script, no frame, no
 * image or font from anywhere. */
#define PAGE_CSP                                                                     \
	"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " \
	"base-uri 'none'; frame-ancestors 'none'"

static void page_copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}

void page_start(struct web_page *p, struct http_request *req)
{
	const struct dir_config *cfg = &req->app->cfg;
	const char *print = http_query(req, "print");

	memset(p, 0, sizeof(*p));
	p->req = req;
	p->ui = web_lang_pick(http_query(req, "lang"), http_header(req, "Accept-Language"));
	p->previous = web_lang_enter(p->ui);
	p->print = print != NULL && strcmp(print, "1") == 0;
	pthread_rwlock_rdlock(&req->app->config_lock);
	page_copy(p->node_name, sizeof(p->node_name), cfg->node_name);
	page_copy(p->license_name, sizeof(p->license_name), cfg->license_name);
	page_copy(p->license_url, sizeof(p->license_url), cfg->license_url);
	page_copy(p->quick_exit_url, sizeof(p->quick_exit_url), cfg->quick_exit_url);
	page_copy(p->content_language, sizeof(p->content_language), cfg->content_language);
	pthread_rwlock_unlock(&req->app->config_lock);
	html_init(&p->h, PAGE_MAX_BYTES);
}

void page_lang_arg(struct web_page *p, int first)
{
	html_raw(&p->h, first ? "?lang=" : "&amp;lang=");
	html_url_arg(&p->h, p->ui->tag, NULL);
}

void page_lang_attr(struct web_page *p, const char *tag)
{
	if (tag == NULL || *tag == '\0' || strcasecmp(tag, p->ui->tag) == 0)
		return;
	html_raw(&p->h, " lang=\"");
	html_attr(&p->h, tag);
	html_raw(&p->h, "\"");
}

const char *page_text_lang(const struct web_page *p, const json_t *record, const char *field)
{
	json_t *tr = json_object_get(record, "translations");
	const char *key;
	const json_t *v;
	size_t ui_len = strlen(p->ui->tag);

	json_object_foreach(tr, key, v)
	{
		if (strncasecmp(key, p->ui->tag, ui_len) == 0 &&
		    (key[ui_len] == '\0' || key[ui_len] == '-') &&
		    json_is_string(json_object_get(v, field)))
			return key;
	}
	return p->content_language[0] != '\0' ? p->content_language : "en";
}

/* State for page_self_url's walk over the query. */
struct page_query_walk {
	struct web_page *p;
	const char *const *drop;
	const char *page_name;
	int first;
};

static void page_query_sep(struct page_query_walk *w)
{
	html_raw(&w->p->h, w->first ? "?" : "&amp;");
	w->first = 0;
}

static enum MHD_Result page_query_visit(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	struct page_query_walk *w = cls;

	(void)kind;
	if (strcmp(key, "lang") == 0 || (w->page_name != NULL && strcmp(key, w->page_name) == 0))
		return MHD_YES;
	for (const char *const *d = w->drop; d != NULL && *d != NULL; d++)
		if (strcmp(*d, key) == 0)
			return MHD_YES;
	page_query_sep(w);
	html_url_arg(&w->p->h, key, NULL);
	html_raw(&w->p->h, "=");
	html_url_arg(&w->p->h, value != NULL ? value : "", NULL);
	return MHD_YES;
}

/* page_self_url and page_self_url_text: the path, the query without lang,
 * name and drop, then name=value when value is not NULL, then lang. */
static void page_self_url_write(struct web_page *p, const char *lang, const char *const *drop,
				const char *name, const char *value)
{
	struct page_query_walk w = { p, drop, name, 1 };

	html_raw(&p->h, "/");
	for (size_t i = 0; i < p->req->nsegs; i++) {
		if (i > 0)
			html_raw(&p->h, "/");
		html_url_arg(&p->h, p->req->segs[i], NULL);
	}
	MHD_get_connection_values(p->req->conn, MHD_GET_ARGUMENT_KIND, page_query_visit, &w);
	if (name != NULL && value != NULL) {
		page_query_sep(&w);
		html_url_arg(&p->h, name, NULL);
		html_raw(&p->h, "=");
		html_url_arg(&p->h, value, NULL);
	}
	page_query_sep(&w);
	html_raw(&p->h, "lang=");
	html_url_arg(&p->h, lang != NULL ? lang : p->ui->tag, NULL);
}

void page_self_url(struct web_page *p, const char *lang, const char *const *drop,
		   const char *page_name, long page_value)
{
	char num[24];

	snprintf(num, sizeof(num), "%ld", page_value);
	page_self_url_write(p, lang, drop, page_name,
			    page_name != NULL && page_value > 0 ? num : NULL);
}

void page_self_url_text(struct web_page *p, const char *const *drop, const char *name,
			const char *value)
{
	page_self_url_write(p, NULL, drop, name, value);
}

/* The language switch: a disclosure that works without script. */
static void page_lang_switch(struct web_page *p)
{
	html_raw(&p->h, "<nav class=\"langs\" aria-label=\"");
	html_attr(&p->h, _("Language of this page"));
	html_raw(&p->h, "\"><details><summary>");
	html_txt(&p->h, _("Language"));
	html_raw(&p->h, ": ");
	html_txt(&p->h, p->ui->native);
	html_raw(&p->h, "</summary><ul>");
	for (size_t i = 0; i < web_langs_count; i++) {
		const struct web_lang *l = &web_langs[i];
		html_raw(&p->h, "<li><a href=\"");
		page_self_url(p, l->tag, NULL, NULL, 0);
		html_raw(&p->h, "\" lang=\"");
		html_attr(&p->h, l->tag);
		html_raw(&p->h, "\" hreflang=\"");
		html_attr(&p->h, l->tag);
		html_raw(&p->h, l == p->ui ? "\" aria-current=\"true\">" : "\">");
		html_txt(&p->h, l->native);
		html_raw(&p->h, "</a></li>");
	}
	html_raw(&p->h, "</ul></details></nav>");
}

void page_head(struct web_page *p, const char *title)
{
	static const char *const exit_schemes[] = { "https", "http", NULL };

	html_raw(&p->h, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(&p->h, p->ui->tag);
	html_raw(&p->h, "\"><head><meta charset=\"utf-8\">"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			"<meta name=\"robots\" content=\"noindex\"><title>");
	html_txt(&p->h, title);
	html_raw(&p->h, " \xe2\x80\x93 ");
	html_txt(&p->h, p->node_name);
	html_raw(&p->h, "</title><link rel=\"stylesheet\" href=\"/static/directoryd.css\"></head>");
	html_raw(&p->h, p->print ? "<body class=\"print\">" : "<body>");
	html_raw(&p->h, "<header><a class=\"exit\" rel=\"noreferrer\" href=\"");
	if (html_url(&p->h, p->quick_exit_url, exit_schemes) != 0)
		html_raw(&p->h, "https://www.wikipedia.org/");
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("Quick exit"));
	html_raw(&p->h, "</a><a class=\"skip\" href=\"#main\">");
	html_txt(&p->h, _("Skip to content"));
	html_raw(&p->h, "</a><p class=\"site\"><a href=\"/search");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, p->node_name);
	html_raw(&p->h, "</a></p>");
	page_lang_switch(p);
	html_raw(&p->h, "</header><main id=\"main\">");
}

void page_foot(struct web_page *p)
{
	static const char *const license_schemes[] = { "https", "http", NULL };

	html_raw(&p->h, "</main><footer><p>");
	html_txt(&p->h, _("Directory node"));
	html_raw(&p->h, ": ");
	html_txt(&p->h, p->node_name);
	html_raw(&p->h, "</p><p>");
	html_txt(&p->h, _("Data licence"));
	html_raw(&p->h, ": ");
	if (p->license_name[0] != '\0' && html_url_ok(p->license_url, license_schemes)) {
		html_raw(&p->h, "<a rel=\"license noreferrer\" href=\"");
		html_url(&p->h, p->license_url, license_schemes);
		html_raw(&p->h, "\">");
		html_txt(&p->h, p->license_name);
		html_raw(&p->h, "</a>");
	} else if (p->license_name[0] != '\0') {
		html_txt(&p->h, p->license_name);
	} else {
		html_txt(&p->h, _("not stated by this node"));
	}
	html_raw(&p->h, "</p><p><a href=\"/privacy");
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, _("This directory keeps no data about the people who search it."));
	html_raw(&p->h, "</a></p></footer></body></html>\n");
}

void page_message(struct web_page *p, const char *heading, const char *text, const char *back_href,
		  const char *back_text)
{
	html_raw(&p->h, "<h1>");
	html_txt(&p->h, heading);
	html_raw(&p->h, "</h1><p>");
	html_txt(&p->h, text);
	html_raw(&p->h, "</p>");
	if (back_href != NULL) {
		html_raw(&p->h, "<p><a href=\"");
		html_attr(&p->h, back_href);
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		html_txt(&p->h, back_text);
		html_raw(&p->h, "</a></p>");
	}
	page_foot(p);
}

void page_finish(struct web_page *p, struct http_response *resp, unsigned int status)
{
	size_t len = 0;
	char *text = html_take(&p->h, &len);

	web_lang_leave(p->previous);
	if (text == NULL) {
		http_fail(resp, "internal_error", NULL, "the page could not be written");
		return;
	}
	json_decref(resp->body);
	resp->body = NULL;
	free(resp->text);
	resp->text = text;
	resp->text_len = len;
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp->cache_control = "no-store";
	resp->vary = "Accept-Language";
	resp->csp = PAGE_CSP;
}
