/*
 * page.h - what every HTML page shares: the interface language, the head,
 * the header with the quick exit and the language switch, the footer, and
 * the response headers (security, caching, Vary).
 *
 * A handler calls page_start, writes its content into p->h with the
 * writers of html.h (between page_head and page_foot), and ends with
 * page_finish, which hands the text to the response and restores the
 * thread's locale. Nothing of the request is logged or kept.
 */
#ifndef DIRECTORYD_WEB_PAGE_H
#define DIRECTORYD_WEB_PAGE_H

#include <locale.h>

#include "html.h"
#include "http.h"
#include "i18n.h"

/* The largest page directoryd writes, in bytes (the street budget is
 * 50 KB with the CSS; tests check it). */
#define PAGE_MAX_BYTES (256u * 1024u)

struct web_page {
	struct http_request *req;
	struct html h;
	const struct web_lang *ui; /* interface language */
	locale_t previous;         /* the thread's locale before the page */
	int print;                 /* the print view (?print=1) */
	char node_name[128];       /* copied from the configuration */
	char license_name[128];
	char license_url[256];
	char quick_exit_url[256];
	char content_language[16]; /* language of original texts */
};

/* Pick the interface language (lang=, Accept-Language, English), switch
 * the thread's messages to it and start an empty page. Never fails. */
void page_start(struct web_page *p, struct http_request *req);

/*
 * The document up to the start of <main>: doctype, <html lang>, head with
 * title (a text, escaped) and the stylesheet, the header with the quick
 * exit, the node's name and the language switch.
 */
void page_head(struct web_page *p, const char *title);

/* Close <main> and write the footer (node, licence, privacy), </html>. */
void page_foot(struct web_page *p);

/*
 * The rest of a short message page, after page_head (or a frame that calls
 * it): <h1>heading</h1>, <p>text</p>, a link back to back_href (a path on
 * this node without a query; the interface language is added) reading
 * back_text, left out when back_href is NULL, and the footer (page_foot).
 */
void page_message(struct web_page *p, const char *heading, const char *text, const char *back_href,
		  const char *back_text);

/*
 * Hand the page to resp with status, as text/html with the page headers
 * (no caching); a page that failed (too large, out of memory) becomes a
 * 500 JSON error. Restores the thread's locale.
 */
void page_finish(struct web_page *p, struct http_response *resp, unsigned int status);

/*
 * Write the current path with its query, lang replaced by lang (NULL: as
 * it is) and, when drop is not NULL, the parameters named in drop (a
 * NULL-terminated list) left out; values percent-encoded, the "&"
 * separators escaped for an attribute (the caller writes the quotes). For
 * links that keep the search (language switch, paging). page_name, if not
 * NULL, is left out of the query too and, when page_value > 0, appended as
 * page_name=page_value.
 */
void page_self_url(struct web_page *p, const char *lang, const char *const *drop,
		   const char *page_name, long page_value);

/*
 * As page_self_url with the language kept, for a link that changes one
 * text parameter: name's value in the query is replaced by value (UTF-8,
 * percent-encoded here); with value NULL, name is only left out.
 */
void page_self_url_text(struct web_page *p, const char *const *drop, const char *name,
			const char *value);

/* "?lang=xx" or "&lang=xx" for links the page builds: the interface
 * language is kept across pages without a cookie. first: 1 for "?". */
void page_lang_arg(struct web_page *p, int first);

/* The language a text of a listing is in: tag of the translation used, or
 * the node's content language; for lang= attributes. */
const char *page_text_lang(const struct web_page *p, const json_t *record, const char *field);

/* Write lang="..." (with a leading space) when tag differs from the page's
 * language. */
void page_lang_attr(struct web_page *p, const char *tag);

#endif
