/*
 * remind.c - reminders to confirm listings, by e-mail (remind.h).
 */
#include "remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "buf.h"

/* Largest message: a few hundred services' lines at most. */
#define REMIND_MAX_MESSAGE (256 * 1024)
/* Most organisations written to in one round; the rest wait a round. */
#define REMIND_MAX_ORGS 50

/* Organisations with services due, each with its services as JSON. */
static const char remind_due_sql[] =
	"SELECT o.id::text, o.name, o.email, json_agg(json_build_object('id', s.id, 'name',"
	" s.name, 'assured_date', s.assured_date) ORDER BY s.name, s.id)::text"
	" FROM service s JOIN organization o ON o.id = s.organization_id"
	" LEFT JOIN service_reminder r ON r.service_id = s.id"
	" WHERE s.fed IS NULL AND s.status IN ('active', 'temporarily closed')"
	"  AND coalesce(o.email, '') <> ''"
	"  AND coalesce(s.assured_date, (s.updated_at AT TIME ZONE 'UTC')::date)"
	"      < (now() AT TIME ZONE 'UTC')::date - $1::int"
	"  AND (r.service_id IS NULL OR r.assured_date IS DISTINCT FROM s.assured_date)"
	" GROUP BY o.id, o.name, o.email ORDER BY o.name, o.id LIMIT $2::int";

/* Record the reminder of these services (a JSON array of ids). */
static const char remind_record_sql[] =
	"INSERT INTO service_reminder (service_id, assured_date, sent_at)"
	" SELECT s.id, s.assured_date, now() FROM service s"
	" WHERE s.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
	" ON CONFLICT (service_id) DO UPDATE SET assured_date = EXCLUDED.assured_date,"
	" sent_at = EXCLUDED.sent_at";

/* 1 when a header value is safe: no line break, no angle bracket. */
static int remind_header_ok(const char *v)
{
	return v != NULL && v[0] != '\0' && strpbrk(v, "\r\n<>") == NULL;
}

/* One service's lines: its name, when it was last confirmed, its link. */
static void remind_service_lines(struct buf *b, const struct remind_settings *s, const json_t *svc)
{
	const char *assured = json_string_value(json_object_get(svc, "assured_date"));
	const char *id = json_string_value(json_object_get(svc, "id"));
	const char *name = json_string_value(json_object_get(svc, "name"));

	buf_adds(b, "- ");
	buf_adds(b, name != NULL ? name : "");
	buf_adds(b, assured != NULL ? " (last confirmed " : " (never confirmed");
	buf_adds(b, assured != NULL ? assured : "");
	buf_adds(b, ")\r\n  ");
	buf_adds(b, s->public_url);
	if (s->public_url[0] != '\0' && s->public_url[strlen(s->public_url) - 1] == '/')
		b->len--, b->data[b->len] = '\0';
	buf_adds(b, "/manage/services/");
	buf_adds(b, id != NULL ? id : "");
	buf_adds(b, "\r\n");
}

char *remind_message(const struct remind_settings *s, const char *to, const char *org_name,
		     const json_t *services, const char *date, const char *msgid)
{
	struct buf b;
	const json_t *svc;
	char days[32];
	size_t i;
	int rc = 0;

	if (!remind_header_ok(to) || !remind_header_ok(s->smtp_from) || !remind_header_ok(msgid) ||
	    !remind_header_ok(date))
		return NULL;
	snprintf(days, sizeof(days), "%ld", s->unconfirmed_after);
	buf_init(&b, REMIND_MAX_MESSAGE);
	rc |= buf_adds(&b, "From: <");
	rc |= buf_adds(&b, s->smtp_from);
	rc |= buf_adds(&b, ">\r\nTo: <");
	rc |= buf_adds(&b, to);
	rc |= buf_adds(&b, ">\r\nSubject: Please confirm your directory listings\r\nDate: ");
	rc |= buf_adds(&b, date);
	rc |= buf_adds(&b, "\r\nMessage-ID: <");
	rc |= buf_adds(&b, msgid);
	rc |= buf_adds(&b,
		       ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		       "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
	rc |= buf_adds(&b, "Hello ");
	rc |= buf_adds(&b, org_name != NULL ? org_name : "");
	rc |= buf_adds(&b, ",\r\n\r\n");
	rc |= buf_adds(&b, s->node_name);
	rc |= buf_adds(&b, " lists these services of yours, and nobody has confirmed or changed "
			   "them for ");
	rc |= buf_adds(&b, days);
	rc |= buf_adds(&b, " days. Please sign in, check each one and press \"Still accurate\" "
			   "when nothing has changed, or correct it:\r\n\r\n");
	json_array_foreach(services, i, svc)
	{
		remind_service_lines(&b, s, svc);
	}
	rc |= buf_adds(&b, "\r\nListings nobody confirms are shown as \"Not confirmed since\" to "
			   "people who search. This is the only reminder until they are confirmed "
			   "again.\r\n");
	if (rc != 0 || b.data == NULL || b.len >= REMIND_MAX_MESSAGE - 1) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b, NULL);
}

/* The message being sent, read by libcurl. */
struct remind_upload {
	const char *data;
	size_t len, off;
};

static size_t remind_read(char *out, size_t size, size_t n, void *arg)
{
	struct remind_upload *u = arg;
	size_t room, left = u->len - u->off;

	if (__builtin_mul_overflow(size, n, &room))
		room = (size_t)-1;
	if (left < room)
		room = left;
	memcpy(out, u->data + u->off, room);
	u->off += room;
	return room;
}

/* Hand one message to the relay. 0, or -1 with err (not sent). */
static int remind_send(const struct remind_settings *s, const char *to, const char *message,
		       struct dir_error *err)
{
	struct remind_upload u = { message, strlen(message), 0 };
	struct curl_slist *rcpt = NULL;
	char from[300], rcpt_to[300];
	CURL *c = curl_easy_init();
	CURLcode rc = CURLE_OUT_OF_MEMORY;

	snprintf(from, sizeof(from), "<%s>", s->smtp_from);
	snprintf(rcpt_to, sizeof(rcpt_to), "<%s>", to);
	if (c != NULL && (rcpt = curl_slist_append(NULL, rcpt_to)) != NULL) {
		curl_easy_setopt(c, CURLOPT_URL, s->smtp_url);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->smtp_timeout);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, s->smtp_timeout);
		curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
		curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, remind_read);
		curl_easy_setopt(c, CURLOPT_READDATA, &u);
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		rc = curl_easy_perform(c);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		dir_error_add(err, "internal_error", NULL,
			      "the SMTP relay did not take a reminder: %s", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

/* The organisations due, as a result; NULL with err. */
static PGresult *remind_due(struct db_pool *pool, const struct remind_settings *s,
			    struct dir_error *err)
{
	char days[24], limit[24];
	const char *params[2] = { days, limit };
	PGconn *conn = db_pool_acquire(pool);
	PGresult *res;

	if (conn == NULL) {
		dir_error_add(err, "database_unavailable", NULL, "no database connection");
		return NULL;
	}
	snprintf(days, sizeof(days), "%ld", s->unconfirmed_after);
	snprintf(limit, sizeof(limit), "%d", REMIND_MAX_ORGS);
	res = db_exec(conn, remind_due_sql, 2, params, err);
	db_pool_release(pool, conn);
	return res;
}

/* Record that the services of one message were reminded. 0 or -1. */
static int remind_record(struct db_pool *pool, const json_t *services, struct dir_error *err)
{
	json_t *ids = json_array(), *svc;
	const char *params[1];
	char *text;
	size_t i;
	int rc = -1;
	PGconn *conn;

	json_array_foreach(services, i, svc)
	{
		json_array_append(ids, json_object_get(svc, "id"));
	}
	text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	if (text != NULL && (conn = db_pool_acquire(pool)) != NULL) {
		params[0] = text;
		rc = db_command(conn, remind_record_sql, 1, params, err);
		db_pool_release(pool, conn);
	}
	free(text);
	return rc;
}

/* Compose, send and record one organisation's reminder. 0 or -1. */
static int remind_one(struct db_pool *pool, const struct remind_settings *s, PGresult *res, int row,
		      struct dir_error *err)
{
	json_t *services = json_loads(PQgetvalue(res, row, 3), JSON_REJECT_DUPLICATES, NULL);
	unsigned char nonce[12];
	char date[64], msgid[128], hex[25], *message = NULL;
	time_t now = time(NULL);
	struct tm tm;
	const char *host = strstr(s->public_url, "://");
	int rc = -1;

	randombytes_buf(nonce, sizeof(nonce));
	sodium_bin2hex(hex, sizeof(hex), nonce, sizeof(nonce));
	snprintf(msgid, sizeof(msgid), "%s.reminder@%.*s", hex,
		 host != NULL ? (int)strcspn(host + 3, ":/") : 9,
		 host != NULL ? host + 3 : "localhost");
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	if (services != NULL)
		message = remind_message(s, PQgetvalue(res, row, 2), PQgetvalue(res, row, 1),
					 services, date, msgid);
	if (message == NULL)
		dir_error_add(err, "invalid_value", NULL,
			      "organisation %s: its e-mail address cannot be written to",
			      PQgetvalue(res, row, 0));
	else if (remind_send(s, PQgetvalue(res, row, 2), message, err) == 0)
		rc = remind_record(pool, services, err);
	free(message);
	json_decref(services);
	return rc;
}

long remind_round(struct db_pool *pool, const struct remind_settings *s, struct dir_error *err)
{
	PGresult *res = remind_due(pool, s, err);
	long sent = 0;
	int failed = 0;

	if (res == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		if (remind_one(pool, s, res, i, err) == 0)
			sent++;
		else
			failed = 1; /* the others are still tried; err keeps the first reason */
	}
	PQclear(res);
	return failed && sent == 0 ? -1 : sent;
}
