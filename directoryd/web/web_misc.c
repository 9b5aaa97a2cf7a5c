/*
 * web_misc.c - the pages' set-up, GET / (HTML or the API root by Accept),
 * the privacy statement and the stylesheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "log.h"
#include "page.h"
#include "web.h"

/* The stylesheet is small; a larger file is refused rather than served. */
#define WEB_CSS_MAX (32u * 1024u)

int web_init(const char *locale_dir, struct dir_error *err)
{
	char msg[300];

	if (web_i18n_init(locale_dir, msg, sizeof(msg)) != 0) {
		dir_error_add(err, "internal_error", "locale_dir", "%s", msg);
		return -1;
	}
	if (msg[0] != '\0') /* a locale missing: its pages are in English */
		log_msg(LOG_LEVEL_WARNING, "%s", msg);
	return 0;
}

void web_free(void)
{
	web_i18n_free();
}

/*
 * The q value Accept (RFC 9110 section 12.5.1) gives the media type
 * type/sub: that of the most specific range that matches (type/sub, then
 * type/\*, then \*\/\*), 0 when none does.
 */
static double web_accept_q(const char *accept, const char *type, const char *sub)
{
	double best_q = 0;
	int best_rank = 0;
	const char *p = accept;

	while (p != NULL && *p != '\0') {
		size_t len = strcspn(p, ",");
		char entry[128], range[96];
		const char *q;
		int rank = 0;
		double qv = 1;

		if (len < sizeof(entry)) {
			memcpy(entry, p, len);
			entry[len] = '\0';
			if (sscanf(entry, " %95[^; ]", range) == 1) {
				char *slash = strchr(range, '/');
				if ((q = strstr(entry, "q=")) != NULL)
					qv = strtod(q + 2, NULL);
				if (slash != NULL) {
					*slash = '\0';
					if (strcasecmp(range, type) == 0 &&
					    strcasecmp(slash + 1, sub) == 0)
						rank = 3;
					else if (strcasecmp(range, type) == 0 &&
						 strcmp(slash + 1, "*") == 0)
						rank = 2;
					else if (strcmp(range, "*") == 0 &&
						 strcmp(slash + 1, "*") == 0)
						rank = 1;
				}
			}
		}
		if (rank > best_rank) {
			best_rank = rank;
			best_q = qv;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return best_q;
}

void web_root(struct http_request *req, struct http_response *resp)
{
	const char *accept = http_header(req, "Accept");

	if (accept != NULL &&
	    web_accept_q(accept, "text", "html") > web_accept_q(accept, "application", "json")) {
		web_search(req, resp);
		resp->vary = "Accept, Accept-Language";
		return;
	}
	api_root(req, resp);
	resp->vary = "Accept";
}

void web_privacy(struct http_request *req, struct http_response *resp)
{
	static const char *const points[] = {
		N_("No log of searches: what you look for is not written anywhere."),
		N_("No addresses: the directory does not keep the address of your phone or "
		   "computer."),
		N_("No cookies and no accounts for people who search."),
		N_("Nothing from other sites: no fonts, scripts, maps, images or analytics."),
		N_("A problem report keeps only what you wrote and the hour it came in."),
	};
	struct web_page p;

	page_start(&p, req);
	page_head(&p, _("Privacy"));
	html_raw(&p.h, "<h1>");
	html_txt(&p.h, _("Privacy"));
	html_raw(&p.h, "</h1><p>");
	html_txt(&p.h, _("This directory keeps no data about the people who search it."));
	html_raw(&p.h, "</p><ul>");
	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		html_raw(&p.h, "<li>");
		html_txt(&p.h, _(points[i]));
		html_raw(&p.h, "</li>");
	}
	html_raw(&p.h, "</ul>");
	page_foot(&p);
	page_finish(&p, resp, 200);
}

void web_style(struct http_request *req, struct http_response *resp)
{
	char path[4200];
	FILE *f;
	char *css = malloc(WEB_CSS_MAX + 1);
	size_t n = 0;

	pthread_rwlock_rdlock(&req->app->config_lock);
	snprintf(path, sizeof(path), "%s/data/web/directoryd.css", req->app->cfg.data_dir);
	pthread_rwlock_unlock(&req->app->config_lock);
	f = fopen(path, "r");
	if (css != NULL && f != NULL) {
		n = fread(css, 1, WEB_CSS_MAX + 1, f);
	}
	if (f != NULL)
		fclose(f);
	if (css == NULL || f == NULL || n == 0 || n > WEB_CSS_MAX) {
		free(css);
		http_fail(resp, "internal_error", NULL, "the stylesheet is missing from data/web");
		return;
	}
	resp->text = css;
	resp->text_len = n;
	resp->content_type = "text/css; charset=utf-8";
	resp->cache_control = "public, max-age=86400";
}
