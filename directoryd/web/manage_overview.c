/*
 * manage_overview.c - the coordinators' and node admins' view at
 * /manage/overview (manage.h): where services are and where nothing is
 * offered (a table of cities by kind of help, the languages listings are
 * offered in, and a bar chart drawn here as SVG, without script), the
 * listings that need a look (stale mirrored copies, records peers sent
 * that were refused, texts the eligibility rule could not check, problem
 * reports), and the review queue with approve and refuse, each decision
 * the API's own (api_admin_review_decide, audited as "review"). It shows
 * nothing about searches or the people who search: the node keeps none.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "apply.h"
#include "i18n.h"
#include "manage_parts.h"
#include "webdata.h"

#define OVERVIEW_CITIES 8

/* Active services per city (the OVERVIEW_CITIES with most) and, for each,
 * per kind of help: rows (city, total, code, count). */
static const char coverage_sql[] =
	"WITH sc AS (SELECT DISTINCT s.id, a.city FROM service s"
	" JOIN service_at_location x ON x.service_id = s.id"
	" JOIN address a ON a.location_id = x.location_id"
	" WHERE s.status = 'active' AND coalesce(a.city, '') <> ''),"
	" top AS (SELECT city, count(*) AS n FROM sc GROUP BY city ORDER BY n DESC, city LIMIT 8),"
	" st AS (SELECT DISTINCT at.link_id AS service_id, t.code FROM attribute at"
	" JOIN taxonomy_term t ON t.id = at.taxonomy_term_id"
	" WHERE t.taxonomy_id = '1ca11967-b51b-53ff-99c0-20add6b7c9ec'),"
	" codes AS (SELECT code FROM taxonomy_term"
	" WHERE taxonomy_id = '1ca11967-b51b-53ff-99c0-20add6b7c9ec')"
	" SELECT top.city, top.n::text, codes.code, (SELECT count(*) FROM sc JOIN st"
	" ON st.service_id = sc.id WHERE sc.city = top.city AND st.code = codes.code)::text"
	" FROM top CROSS JOIN codes ORDER BY top.n DESC, top.city, codes.code";

static const char languages_sql[] =
	"SELECT lower(l.code), count(DISTINCT l.service_id)::text FROM language l"
	" JOIN service s ON s.id = l.service_id WHERE s.status = 'active'"
	" AND l.code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 40";

static const char reports_sql[] =
	"SELECT r.kind, r.text, to_char(r.received_hour, 'YYYY-MM-DD'), s.name, s.id::text"
	" FROM problem_report r JOIN service s ON s.id = r.service_id"
	" ORDER BY r.received_hour DESC LIMIT 50";

static const char holds_sql[] =
	"SELECT id::text, kind, coalesce(document->>'name', ''), to_char(held_at, 'YYYY-MM-DD'),"
	" details::text FROM eligibility_review WHERE status = 'held' ORDER BY held_at LIMIT 100";

static PGresult *overview_query(PGconn *conn, const char *sql)
{
	struct dir_error err;
	PGresult *res;

	dir_error_init(&err);
	res = db_exec(conn, sql, 0, NULL, &err);
	dir_error_clear(&err);
	return res;
}

static void overview_h2(struct web_page *p, const char *id, const char *title)
{
	html_raw(&p->h, "<h2 id=\"");
	html_attr(&p->h, id);
	html_raw(&p->h, "\">");
	html_txt(&p->h, title);
	html_raw(&p->h, "</h2>");
}

/* A count the query returned (a bigint as text); 0 when it is not one. */
static int overview_count(PGresult *res, int i, int col)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(PQgetvalue(res, i, col), &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > INT_MAX)
		return 0;
	return (int)v;
}

/* The chart: one bar per city, the number of active services. */
static void overview_chart(struct web_page *p, PGresult *res)
{
	int rows = PQntuples(res), n = 0, max = 1, y = 0;
	const char *last = "";

	for (int i = 0; i < rows; i++)
		if (overview_count(res, i, 1) > max)
			max = overview_count(res, i, 1);
	for (int i = 0; i < rows; i++)
		if (strcmp(PQgetvalue(res, i, 0), last) != 0)
			n++, last = PQgetvalue(res, i, 0);
	html_raw(&p->h, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 320 ");
	html_int(&p->h, (long long)n * 26 + 4);
	html_raw(&p->h,
		 "\" width=\"320\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">");
	html_txt(&p->h, _("Active services per city"));
	html_raw(&p->h, "</title>");
	last = "";
	for (int i = 0; i < rows; i++) {
		const char *city = PQgetvalue(res, i, 0);
		int v = overview_count(res, i, 1);
		if (strcmp(city, last) == 0)
			continue;
		last = city;
		html_raw(&p->h, "<text x=\"0\" y=\"");
		html_int(&p->h, y + 17);
		html_raw(&p->h, "\" font-size=\"13\" fill=\"#111\">");
		html_ntxt(&p->h, city, 18);
		html_raw(&p->h, "</text><rect x=\"120\" y=\"");
		html_int(&p->h, y + 4);
		html_raw(&p->h, "\" height=\"18\" fill=\"#0b4fa8\" width=\"");
		html_int(&p->h, 1 + (long long)v * 160 / max);
		html_raw(&p->h, "\"></rect><text x=\"");
		html_int(&p->h, 126 + (long long)v * 160 / max);
		html_raw(&p->h, "\" y=\"");
		html_int(&p->h, y + 17);
		html_raw(&p->h, "\" font-size=\"13\" fill=\"#111\">");
		html_int(&p->h, v);
		html_raw(&p->h, "</text>");
		y += 26;
	}
	html_raw(&p->h, "</svg>");
}

/* The table: kinds of help down, cities across; "none" where nothing is. */
static void overview_coverage(struct web_page *p, PGconn *conn, PGresult *res)
{
	struct webdata_vocab vocab = { NULL, 0 };
	struct dir_error err;
	int rows = PQntuples(res), ncities = 0;
	const char *cities[OVERVIEW_CITIES];

	for (int i = 0; i < rows && ncities < OVERVIEW_CITIES; i++)
		if (ncities == 0 || strcmp(cities[ncities - 1], PQgetvalue(res, i, 0)) != 0)
			cities[ncities++] = PQgetvalue(res, i, 0);
	dir_error_init(&err);
	(void)webdata_vocab(conn, p->ui->tag, &vocab, &err);
	dir_error_clear(&err);
	html_raw(&p->h, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_attr(&p->h, _("Active services by kind of help and city"));
	html_raw(&p->h, "\"><table class=\"listings coverage\"><caption>");
	html_txt(&p->h, _("Active services by kind of help and city"));
	html_raw(&p->h, "</caption><thead><tr><th scope=\"col\">");
	html_txt(&p->h, _("Kind of help"));
	html_raw(&p->h, "</th>");
	for (int c = 0; c < ncities; c++) {
		html_raw(&p->h, "<th scope=\"col\">");
		html_txt(&p->h, cities[c]);
		html_raw(&p->h, "</th>");
	}
	html_raw(&p->h, "</tr></thead><tbody>");
	for (int i = 0; ncities > 0 && i < rows; i++) {
		const char *code = PQgetvalue(res, i, 2);
		const char *name;
		if (strcmp(PQgetvalue(res, i, 0), cities[0]) != 0)
			continue; /* one row per code, read across the cities below */
		name = webdata_term_name(&vocab, code);
		html_raw(&p->h, "<tr><th scope=\"row\">");
		html_txt(&p->h, name != NULL ? name : code);
		html_raw(&p->h, "</th>");
		for (int c = 0; c < ncities; c++) {
			for (int k = 0; k < rows; k++) {
				if (strcmp(PQgetvalue(res, k, 0), cities[c]) != 0 ||
				    strcmp(PQgetvalue(res, k, 2), code) != 0)
					continue;
				if (strcmp(PQgetvalue(res, k, 3), "0") == 0) {
					html_raw(&p->h, "<td class=\"none\">");
					html_txt(&p->h, _("none"));
				} else {
					html_raw(&p->h, "<td>");
					html_txt(&p->h, PQgetvalue(res, k, 3));
				}
				html_raw(&p->h, "</td>");
			}
		}
		html_raw(&p->h, "</tr>");
	}
	html_raw(&p->h, "</tbody></table></div>");
	webdata_vocab_free(&vocab);
}

/* The table of active services per language; -1 (and the database
 * alert) when it cannot be read. */
static int overview_languages(struct web_page *p, PGconn *conn)
{
	PGresult *res = overview_query(conn, languages_sql);
	char name[128];

	if (res == NULL) {
		manage_db_alert(p);
		return -1;
	}
	html_raw(&p->h, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_attr(&p->h, _("Active services by language"));
	html_raw(&p->h, "\"><table class=\"listings\"><caption>");
	html_txt(&p->h, _("Active services by language"));
	html_raw(&p->h, "</caption><thead><tr><th scope=\"col\">");
	html_txt(&p->h, _("Language"));
	html_raw(&p->h, "</th><th scope=\"col\">");
	html_txt(&p->h, _("Services"));
	html_raw(&p->h, "</th></tr></thead><tbody>");
	for (int i = 0; i < PQntuples(res); i++) {
		html_raw(&p->h, "<tr><td>");
		html_txt(&p->h, webdata_language_name(PQgetvalue(res, i, 0), p->ui->tag, name,
						      sizeof(name)));
		html_raw(&p->h, " <small>");
		html_txt(&p->h, PQgetvalue(res, i, 0));
		html_raw(&p->h, "</small></td><td>");
		html_txt(&p->h, PQgetvalue(res, i, 1));
		html_raw(&p->h, "</td></tr>");
	}
	html_raw(&p->h, "</tbody></table></div>");
	PQclear(res);
	return 0;
}

/* A list of {name, ...} objects from the federation or admin lists. */
static void overview_json_list(struct web_page *p, json_t *list, const char *empty)
{
	const json_t *v;
	size_t i;

	if (json_array_size(list) == 0) {
		html_raw(&p->h, "<p>");
		html_txt(&p->h, empty);
		html_raw(&p->h, "</p>");
		return;
	}
	html_raw(&p->h, "<ul>");
	json_array_foreach(list, i, v)
	{
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *origin = json_string_value(json_object_get(v, "origin"));
		const char *msg =
			json_string_value(json_object_get(json_object_get(v, "error"), "message"));
		if (i >= 100)
			break;
		html_raw(&p->h, "<li>");
		html_txt(&p->h, name != NULL ? name : json_string_value(json_object_get(v, "id")));
		if (origin != NULL) {
			html_raw(&p->h, " (");
			html_txt(&p->h, origin);
			html_raw(&p->h, ")");
		}
		if (msg != NULL) {
			html_raw(&p->h, ": ");
			html_ntxt(&p->h, msg, 200);
		}
		html_raw(&p->h, "</li>");
	}
	html_raw(&p->h, "</ul>");
}

/* The listings that need a look, each list under its heading, or the
 * database alert where it cannot be read; -1 when one could not. */
static int overview_needs_a_look(struct web_page *p, PGconn *conn)
{
	static const char *const lists[3][2] = {
		{ "stale", N_("Stale mirrored listings") },
		{ "refused", N_("Listings refused from peers") },
		{ "unchecked", N_("Texts the eligibility rule could not check") },
	};
	int rc = 0;

	for (int k = 0; k < 3; k++) {
		struct dir_error err;
		json_t *list;

		dir_error_init(&err);
		list = k < 2 ? apply_listings(conn, lists[k][0], &err)
			     : admin_unchecked_list(conn, &err);
		dir_error_clear(&err);
		overview_h2(p, lists[k][0], _(lists[k][1]));
		if (list == NULL) {
			manage_db_alert(p);
			rc = -1;
		} else {
			overview_json_list(p, list, _("None."));
		}
		json_decref(list);
	}
	return rc;
}

/* A problem report: the listing (a link to its page), day, kind, text. */
static void overview_report(struct web_page *p, const PGresult *res, int i, const void *arg)
{
	(void)arg;
	html_raw(&p->h, "<li><a href=\"/search/");
	html_url_arg(&p->h, PQgetvalue(res, i, 4), NULL);
	page_lang_arg(p, 1);
	html_raw(&p->h, "\">");
	html_txt(&p->h, PQgetvalue(res, i, 3));
	html_raw(&p->h, "</a> (");
	html_txt(&p->h, PQgetvalue(res, i, 2));
	html_raw(&p->h, ", ");
	html_txt(&p->h, PQgetvalue(res, i, 0));
	html_raw(&p->h, ") ");
	html_ntxt(&p->h, PQgetvalue(res, i, 1), 300);
	html_raw(&p->h, "</li>");
}

/* One held listing with its findings and the two decisions (arg: an int,
 * whether the caller may decide). */
static void overview_hold(struct web_page *p, const PGresult *res, int i, const void *arg)
{
	int may_decide = *(const int *)arg;
	json_t *details = json_loads(PQgetvalue(res, i, 4), 0, NULL);
	struct manage_result r = { 202, json_pack("{s:O}", "details", details) };
	static const char *const decisions[2][2] = { { "approve", N_("Approve") },
						     { "refuse", N_("Refuse") } };

	html_raw(&p->h, "<li><strong>");
	html_txt(&p->h, PQgetvalue(res, i, 2));
	html_raw(&p->h, "</strong> (");
	html_txt(&p->h, PQgetvalue(res, i, 1));
	html_raw(&p->h, ", ");
	html_txt(&p->h, PQgetvalue(res, i, 3));
	html_raw(&p->h, ")");
	manage_field_errors(p, &r, "/", PQgetvalue(res, i, 0));
	for (int d = 0; may_decide && d < 2; d++) {
		html_raw(&p->h, "<form method=\"post\" class=\"inline\" action=\"/manage/review/");
		html_url_arg(&p->h, PQgetvalue(res, i, 0), NULL);
		html_raw(&p->h, "/");
		html_raw(&p->h, decisions[d][0]);
		page_lang_arg(p, 1);
		html_raw(&p->h, "\">");
		manage_csrf_input(p);
		html_raw(&p->h, "<button type=\"submit\">");
		html_txt(&p->h, _(decisions[d][1]));
		html_raw(&p->h, "</button></form> ");
	}
	html_raw(&p->h, "</li>");
	manage_result_free(&r);
	json_decref(details);
}

void manage_overview(struct http_request *req, struct http_response *resp)
{
	PGconn *conn = db_pool_acquire(req->app->pool);
	PGresult *coverage = overview_query(conn, coverage_sql);
	int may_decide = manage_may(req, AUTH_NODE_WIDE, 0);
	const struct manage_section queue = {
		.id = "review",
		.title = N_("Waiting for review"),
		.list_class = "queue",
		.empty = N_("None."),
		.row = overview_hold,
		.arg = &may_decide,
	};
	const struct manage_section reports = {
		.id = "reports",
		.title = N_("Problem reports"),
		.empty = N_("None."),
		.row = overview_report,
	};
	struct web_page p;
	int failed = coverage == NULL;

	manage_start(&p, req, N_("Overview"), NULL);
	html_raw(&p.h, "<p class=\"note\">");
	html_txt(&p.h, _("What the directory offers and where nothing is offered. It shows no "
			 "searches: the directory keeps none."));
	html_raw(&p.h, "</p>");
	overview_h2(&p, "coverage", _("Coverage"));
	if (coverage != NULL) {
		overview_chart(&p, coverage);
		overview_coverage(&p, conn, coverage);
	} else {
		manage_db_alert(&p);
	}
	PQclear(coverage);
	failed |= overview_languages(&p, conn) != 0;
	failed |= manage_section(&p, conn, &queue, holds_sql, 0, NULL) != 0;
	failed |= manage_section(&p, conn, &reports, reports_sql, 0, NULL) != 0;
	failed |= overview_needs_a_look(&p, conn) != 0;
	db_pool_release(req->app->pool, conn);
	page_foot(&p);
	page_finish(&p, resp, failed ? 500 : 200);
}

void manage_review_post(struct http_request *req, struct http_response *resp)
{
	const char *segs[4] = { "admin", "eligibility_review", req->nsegs > 2 ? req->segs[2] : "",
				req->nsegs > 3 ? req->segs[3] : "" };
	struct manage_result r = { 0, NULL };

	manage_call_segs(req, api_admin_review_decide, "POST", NULL, segs, 4, NULL, &r);
	if (r.status == 200) {
		manage_redirect(req, resp, "/manage/overview#review");
	} else {
		manage_not_saved_page(req, resp, N_("Not decided"), &r,
				      r.status >= 400 ? r.status : 500);
	}
	manage_result_free(&r);
}
