/*
 * webdata.c - vocabularies, cities and city points for the pages
 * (webdata.h).
 */
#include "webdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

int webdata_vocab(PGconn *conn, const char *lang, struct webdata_vocab *v, struct dir_error *err)
{
	static const char sql[] =
		"SELECT tax, code, label FROM (SELECT x.name AS tax, t.code,"
		" coalesce(dir_taxonomy_term_json(t.id, ARRAY[$1::text], false, NULL)->>'name',"
		" t.name) AS label FROM taxonomy_term t JOIN taxonomy x ON x.id = t.taxonomy_id"
		" WHERE x.name IN ('service_type', 'access') AND t.code IS NOT NULL) v"
		" ORDER BY tax DESC, label COLLATE \"und-x-icu\", code";
	const char *params[1] = { lang };
	PGresult *res = db_exec(conn, sql, 1, params, err);
	int n;

	memset(v, 0, sizeof(*v));
	if (res == NULL)
		return -1;
	n = PQntuples(res);
	v->terms = calloc(n > 0 ? (size_t)n : 1, sizeof(*v->terms));
	if (v->terms == NULL) {
		PQclear(res);
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct webdata_term *t = &v->terms[v->n++];
		snprintf(t->taxonomy, sizeof(t->taxonomy), "%s", PQgetvalue(res, i, 0));
		snprintf(t->code, sizeof(t->code), "%s", PQgetvalue(res, i, 1));
		snprintf(t->name, sizeof(t->name), "%s", PQgetvalue(res, i, 2));
	}
	PQclear(res);
	return 0;
}

void webdata_vocab_free(struct webdata_vocab *v)
{
	free(v->terms);
	v->terms = NULL;
	v->n = 0;
}

const char *webdata_term_name(const struct webdata_vocab *v, const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->terms[i].code, code) == 0)
			return v->terms[i].name;
	return NULL;
}

json_t *webdata_cities(PGconn *conn, struct dir_error *err)
{
	static const char sql[] =
		"SELECT coalesce(json_agg(c ORDER BY c COLLATE \"und-x-icu\"), '[]')::text FROM"
		" (SELECT min(btrim(a.city)) AS c FROM address a"
		"  WHERE a.city IS NOT NULL AND btrim(a.city) <> ''"
		"  GROUP BY dir_fold(btrim(a.city)) LIMIT 2000) x";
	PGresult *res = db_exec(conn, sql, 0, NULL, err);
	json_t *cities;

	if (res == NULL)
		return NULL;
	cities = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (cities == NULL)
		dir_error_add(err, "internal_error", NULL, "the cities could not be read");
	return cities;
}

json_t *webdata_languages(PGconn *conn, struct dir_error *err)
{
	static const char sql[] =
		"SELECT coalesce(json_agg(c ORDER BY c), '[]')::text FROM"
		" (SELECT DISTINCT lower(code) AS c FROM language"
		"  WHERE code IS NOT NULL AND code ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'"
		"  LIMIT 500) x";
	PGresult *res = db_exec(conn, sql, 0, NULL, err);
	json_t *langs;

	if (res == NULL)
		return NULL;
	langs = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	PQclear(res);
	if (langs == NULL)
		dir_error_add(err, "internal_error", NULL, "the languages could not be read");
	return langs;
}

const char *webdata_language_name(const char *code, const char *ui, char *buf, size_t cap)
{
	UChar name[128];
	UErrorCode status = U_ZERO_ERROR;
	char locale[64];
	int32_t len;

	snprintf(buf, cap, "%s", code);
	/* ICU spells locales with '_'. */
	snprintf(locale, sizeof(locale), "%s", code);
	for (char *c = locale; *c != '\0'; c++)
		if (*c == '-')
			*c = '_';
	len = uloc_getDisplayName(locale, ui, name, (int32_t)(sizeof(name) / sizeof(name[0])),
				  &status);
	if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || len <= 0)
		return buf;
	status = U_ZERO_ERROR;
	u_strToUTF8(buf, (int32_t)cap, NULL, name, len, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		snprintf(buf, cap, "%s", code);
	return buf;
}
