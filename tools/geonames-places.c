/*
 * geonames-places.c - write the place-name table directoryd loads with COPY
 * (docs/api.md, "### Places"), from Debian's libgeonames: every place of
 * libgeonames0's city list (about 24,000 places of 15,000 or more
 * inhabitants: GeoNames id, name, country, coordinates, population) with its
 * names from libgeonames-common's gettext catalogues (about 190 languages,
 * keyed by GeoNames id), read through gettext itself.
 *
 * Kept out of the daemon because libgeonames brings GLib. Run at build time:
 *
 *   geonames-places PLACE_FILE NAME_FILE
 *
 * PLACE_FILE gets one line per place: id, name, country (ISO 3166-1
 * alpha-2), latitude, longitude (degrees, WGS 84), population. NAME_FILE
 * gets one line per distinct name of a place: id, name. Both are in
 * PostgreSQL's COPY text format (tab-separated, backslash escapes). Besides
 * the catalogues' names, a place gets the spellings people type without the
 * letters their keyboard lacks: German umlauts written ue/oe/ae, and Latin
 * letters for names in other scripts (ICU's Bulgarian-Latin/BGN,
 * Russian-Latin/BGN, Ukrainian-Latin/BGN for those languages, Any-Latin for
 * the rest), without the marks for soft and hard signs. Folding (case,
 * accents) is left to the database, which folds these names exactly as it
 * folds a search (dir_fold).
 *
 * GeoNames data is CC BY 4.0 (https://www.geonames.org/); the attribution is
 * in the API root and docs/api.md.
 *
 * Exit status 0, or 1 with a message on stderr (unreadable catalogue folder,
 * unwritable output, a transliterator ICU does not have).
 */
#include <errno.h>
#include <geonames.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define CATALOGUE_DIR "/usr/share/locale"
#define DOMAIN        "geonames"

/* glibc: incrementing this makes gettext drop its cached catalogues. */
extern int _nl_msg_cat_cntr;

struct transliterators {
	UTransliterator *bg, *ru, *uk, *any;
};

/* Write s in COPY text format: backslash, tab, newline and CR escaped. */
static void put_copy_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: fputc(*s, f);
		}
	}
}

/* Add name to the set of the place's names; NULL and "" are ignored. */
static void names_add(GHashTable *names, const char *name)
{
	if (name != NULL && *name != '\0' && !g_hash_table_contains(names, name))
		g_hash_table_add(names, g_strdup(name));
}

/* The German spelling without umlauts (ä -> ae, ...), or NULL when the
 * name has none. The caller g_frees the result. */
static char *umlauts_spelt_out(const char *name)
{
	static const char *const pairs[][2] = { { "ä", "ae" }, { "ö", "oe" }, { "ü", "ue" },
						{ "Ä", "Ae" }, { "Ö", "Oe" }, { "Ü", "Ue" } };
	char *out = g_strdup(name);

	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		gchar **parts = g_strsplit(out, pairs[i][0], -1);
		g_free(out);
		out = g_strjoinv(pairs[i][1], parts);
		g_strfreev(parts);
	}
	if (strcmp(out, name) == 0) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* name through the transliterator t, soft and hard sign marks dropped, as
 * UTF-8 the caller g_frees; NULL when unchanged or on an ICU error. */
static char *transliterate(UTransliterator *t, const char *name)
{
	UChar buf[512];
	int32_t len = 0, limit;
	UErrorCode status = U_ZERO_ERROR;
	char out[1024];
	GString *clean;

	u_strFromUTF8(buf, G_N_ELEMENTS(buf), &len, name, -1, &status);
	if (U_FAILURE(status) || len >= (int32_t)G_N_ELEMENTS(buf))
		return NULL;
	limit = len;
	utrans_transUChars(t, buf, &len, G_N_ELEMENTS(buf), 0, &limit, &status);
	if (U_FAILURE(status) || len >= (int32_t)G_N_ELEMENTS(buf))
		return NULL;
	u_strToUTF8(out, sizeof(out), NULL, buf, len, &status);
	if (U_FAILURE(status))
		return NULL;
	clean = g_string_new(NULL);
	for (const char *p = out; *p != '\0'; p = g_utf8_find_next_char(p, NULL)) {
		gunichar c = g_utf8_get_char(p);
		/* ʹ ʺ ’ ' ʼ: BGN's marks for the soft and hard signs */
		if (c != 0x2B9 && c != 0x2BA && c != 0x2019 && c != '\'' && c != 0x2BC && c != '"')
			g_string_append_unichar(clean, c);
	}
	if (strcmp(clean->str, name) == 0) {
		g_string_free(clean, TRUE);
		return NULL;
	}
	return g_string_free(clean, FALSE);
}

static int has_non_latin(const char *name)
{
	for (const char *p = name; *p != '\0'; p = g_utf8_find_next_char(p, NULL)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalpha(c) && g_unichar_get_script(c) != G_UNICODE_SCRIPT_LATIN)
			return 1;
	}
	return 0;
}

/* The transliterator for names of the catalogue lang, for a non-Latin name. */
static UTransliterator *transliterator_for(const struct transliterators *tr, const char *lang)
{
	if (strcmp(lang, "bg") == 0)
		return tr->bg;
	if (strcmp(lang, "ru") == 0)
		return tr->ru;
	if (strcmp(lang, "uk") == 0)
		return tr->uk;
	return tr->any;
}

/* Add a name with its typed spellings. */
static void names_add_spellings(GHashTable *names, const char *name, const char *lang,
				const struct transliterators *tr)
{
	char *alt;

	names_add(names, name);
	if ((alt = umlauts_spelt_out(name)) != NULL) {
		names_add(names, alt);
		g_free(alt);
	}
	if (has_non_latin(name)) {
		if ((alt = transliterate(transliterator_for(tr, lang), name)) != NULL) {
			names_add(names, alt);
			g_free(alt);
		}
		/* Cyrillic names also in the looser Any-Latin spelling */
		if (tr->any != transliterator_for(tr, lang) &&
		    (alt = transliterate(tr->any, name)) != NULL) {
			names_add(names, alt);
			g_free(alt);
		}
	}
}

static UTransliterator *transliterator_open(const char *id)
{
	UChar uid[64];
	UErrorCode status = U_ZERO_ERROR;
	UTransliterator *t;

	u_uastrcpy(uid, id);
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	if (U_FAILURE(status)) {
		fprintf(stderr, "geonames-places: ICU has no transliterator %s: %s\n", id,
			u_errorName(status));
		return NULL;
	}
	return t;
}

/* The catalogue languages: every folder of CATALOGUE_DIR with a
 * LC_MESSAGES/geonames.mo, sorted. NULL with a message on error. */
static GPtrArray *catalogue_languages(void)
{
	GError *gerr = NULL;
	GDir *dir = g_dir_open(CATALOGUE_DIR, 0, &gerr);
	GPtrArray *langs;
	const char *ent;

	if (dir == NULL) {
		fprintf(stderr, "geonames-places: %s\n", gerr->message);
		g_error_free(gerr);
		return NULL;
	}
	langs = g_ptr_array_new_with_free_func(g_free);
	while ((ent = g_dir_read_name(dir)) != NULL) {
		char *mo = g_build_filename(CATALOGUE_DIR, ent, "LC_MESSAGES", DOMAIN ".mo", NULL);
		if (g_file_test(mo, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(langs, g_strdup(ent));
		g_free(mo);
	}
	g_dir_close(dir);
	g_ptr_array_sort(langs, (GCompareFunc)g_strcmp0);
	return langs;
}

/* Every place's names: names[i] is the set of city i's names. */
static void collect_names(GPtrArray *names, GPtrArray *ids, GPtrArray *langs,
			  const struct transliterators *tr)
{
	for (guint l = 0; l < langs->len; l++) {
		const char *lang = g_ptr_array_index(langs, l);
		g_setenv("LANGUAGE", lang, TRUE);
		++_nl_msg_cat_cntr;
		for (guint i = 0; i < ids->len; i++) {
			const char *id = g_ptr_array_index(ids, i);
			const char *name = dgettext(DOMAIN, id);
			if (name != id && strcmp(name, id) != 0)
				names_add_spellings(g_ptr_array_index(names, i), name, lang, tr);
		}
	}
}

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The place file (GeoNames' own name, element 1 of the city's GVariant,
 * not the name in the current locale) and the name file. */
static int write_files(FILE *pf, FILE *nf, GPtrArray *names)
{
	for (guint i = 0; i < names->len; i++) {
		GeonamesCity *c = geonames_get_city((gint)i);
		const char *id, *own;
		gpointer *sorted;
		guint n;

		g_variant_get_child(c, 0, "&s", &id);
		g_variant_get_child(c, 1, "&s", &own);
		fprintf(pf, "%s\t", id);
		put_copy_text(pf, own);
		fprintf(pf, "\t%s\t%.5f\t%.5f\t%u\n", geonames_city_get_country_code(c),
			geonames_city_get_latitude(c), geonames_city_get_longitude(c),
			geonames_city_get_population(c));
		/* sorted, so that the same data gives the same files */
		sorted = g_hash_table_get_keys_as_array(g_ptr_array_index(names, i), &n);
		qsort(sorted, n, sizeof(*sorted), names_cmp);
		for (guint k = 0; k < n; k++) {
			fprintf(nf, "%s\t", id);
			put_copy_text(nf, sorted[k]);
			fputc('\n', nf);
		}
		g_free(sorted);
		geonames_city_free(c);
	}
	return ferror(pf) || ferror(nf) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct transliterators tr = { 0 };
	GPtrArray *langs = NULL, *ids, *names;
	FILE *pf = NULL, *nf = NULL;
	int n, rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: geonames-places PLACE_FILE NAME_FILE\n");
		return 1;
	}
	/* any UTF-8 locale other than C: gettext ignores LANGUAGE under C */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL && setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "geonames-places: no UTF-8 locale\n");
		return 1;
	}
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	tr.bg = transliterator_open("Bulgarian-Latin/BGN");
	tr.ru = transliterator_open("Russian-Latin/BGN");
	tr.uk = transliterator_open("Ukrainian-Latin/BGN");
	tr.any = transliterator_open("Any-Latin");
	if (tr.bg == NULL || tr.ru == NULL || tr.uk == NULL || tr.any == NULL ||
	    (langs = catalogue_languages()) == NULL)
		goto done;
	n = geonames_get_n_cities();
	ids = g_ptr_array_new_with_free_func(g_free);
	names = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	for (int i = 0; i < n; i++) {
		GeonamesCity *c = geonames_get_city(i);
		const char *id;
		GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_variant_get_child(c, 0, "&s", &id);
		g_ptr_array_add(ids, g_strdup(id));
		names_add_spellings(set, geonames_city_get_name(c), "en", &tr);
		g_ptr_array_add(names, set);
		geonames_city_free(c);
	}
	collect_names(names, ids, langs, &tr);
	pf = fopen(argv[1], "w");
	nf = fopen(argv[2], "w");
	if (pf == NULL || nf == NULL) {
		fprintf(stderr, "geonames-places: %s: %s\n", pf == NULL ? argv[1] : argv[2],
			strerror(errno));
	} else if (write_files(pf, nf, names) != 0) {
		fprintf(stderr, "geonames-places: writing failed\n");
	} else {
		rc = 0;
	}
	if (pf != NULL && fclose(pf) != 0)
		rc = 1;
	if (nf != NULL && fclose(nf) != 0)
		rc = 1;
	g_ptr_array_unref(ids);
	g_ptr_array_unref(names);
done:
	if (langs != NULL)
		g_ptr_array_unref(langs);
	if (tr.bg != NULL)
		utrans_close(tr.bg);
	if (tr.ru != NULL)
		utrans_close(tr.ru);
	if (tr.uk != NULL)
		utrans_close(tr.uk);
	if (tr.any != NULL)
		utrans_close(tr.any);
	return rc;
}
