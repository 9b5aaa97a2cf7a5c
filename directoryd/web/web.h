/*
 * web.h - the HTML pages for people who search (docs/api.md, "Pages"):
 * the search form and its results, one service, the problem report, the
 * privacy statement and the stylesheet; and GET /reports, the JSON list of
 * problem reports for an organisation's or the node admin's token.
 *
 * Pages work without script, set no cookie, load nothing from elsewhere
 * and are written only through html.h. Nothing about the person searching
 * is logged or kept: a problem report keeps its kind, its text and the
 * hour it came in, and nothing else.
 */
#ifndef DIRECTORYD_WEB_H
#define DIRECTORYD_WEB_H

#include <stddef.h>

#include "http.h"

/*
 * Make the interface languages ready: bind the gettext catalogues in
 * locale_dir and make one locale object per language. Call once before
 * serving. Returns 0 (a missing locale is only warned about on stderr: that
 * language shows in English), or -1 with err.
 */
int web_init(const char *locale_dir, struct dir_error *err);

/* Free what web_init made. */
void web_free(void);

/* GET /: the search form when Accept ranks text/html above
 * application/json, else the HSDS API root (api_root); Vary: Accept. */
void web_root(struct http_request *req, struct http_response *resp);

/* GET /search: the form, and the results when a search was asked for. */
void web_search(struct http_request *req, struct http_response *resp);

/* GET /search/{service_id}: one service. */
void web_service(struct http_request *req, struct http_response *resp);

/* POST /search/{service_id}/report: store a problem report (form body). */
void web_report_post(struct http_request *req, struct http_response *resp);

/* GET /reports: problem reports as JSON, for any signed-in role (the route
 * table's guard): registrars and organisation admins see their own
 * organisation's listings', coordinators and node admins all. */
void web_reports(struct http_request *req, struct http_response *resp);

/* GET /privacy: what the directory keeps about searchers (nothing). */
void web_privacy(struct http_request *req, struct http_response *resp);

/* GET /static/directoryd.css: the one stylesheet, cacheable. */
void web_style(struct http_request *req, struct http_response *resp);

#endif
