/*
 * dirctl_search.c - dirctl search: the search filters of GET /services
 * (docs/api.md) as options, the answer as a table that fits the terminal
 * or as the API's JSON. A search sends no token: nothing ties a search to
 * the person who makes it.
 */
#include "dirctl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct search_opts {
	const char *city, *country, *language, *category, *access, *near, *radius, *lang;
	const char *page, *per_page;
	char *text; /* the words to look for, malloc'd */
	char lat[32], lon[32];
	int open_now, json, ids;
	long width;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: dirctl search [OPTIONS] [WORDS...]\n\n"
		"Services of the node that match every filter given; WORDS are looked for in\n"
		"names and descriptions.\n\n"
		"  --city CITY          in this city (zurich finds Zürich)\n"
		"  --country CC         in this country (ISO 3166-1 alpha-2, such as CH)\n"
		"  --language TAG       spoken in this language (BCP 47: pt finds pt-BR)\n"
		"  --category CODE      of this service type (such as sti_hiv_testing)\n"
		"  --access CODES       all of these access codes (such as free,no_id_required)\n"
		"  --near PLACE|LAT,LON near a place the node knows, or a point\n"
		"  --radius KM          how near (with a point: default 10)\n"
		"  --open-now           open at this moment\n"
		"  --lang TAGS          the language to show texts in (such as ro or pt-BR,pt)\n"
		"  --page N, --per-page N\n"
		"  --json               print the API's JSON (full records) instead of a table\n"
		"  --ids                add the services' ids to the table\n"
		"  --width N            fit the table to N columns (default: the terminal's)\n"
		"  -h, --help\n");
}

/* --near LAT,LON: the two numbers, checked; 0 when s is not a point. */
static int parse_point(const char *s, struct search_opts *o)
{
	char *end;
	double lat, lon;

	lat = strtod(s, &end);
	if (end == s || *end != ',')
		return 0;
	lon = strtod(end + 1, &end);
	if (*end != '\0' || !isfinite(lat) || !isfinite(lon))
		return 0;
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return -1;
	snprintf(o->lat, sizeof(o->lat), "%.6f", lat);
	snprintf(o->lon, sizeof(o->lon), "%.6f", lon);
	return 1;
}

/* The words after the options, joined by spaces (malloc'd). */
static char *join_words(int n, char **words)
{
	size_t len = 1, at = 0;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return NULL;
	for (int i = 0; i < n; i++) {
		size_t w = strlen(words[i]);

		if (i > 0)
			s[at++] = ' ';
		memcpy(s + at, words[i], w);
		at += w;
	}
	s[at] = '\0';
	return s;
}

static int parse_opts(int argc, char **argv, struct search_opts *o)
{
	static const struct option opts[] = {
		{ "city", required_argument, NULL, 'c' },
		{ "country", required_argument, NULL, 'C' },
		{ "language", required_argument, NULL, 'l' },
		{ "category", required_argument, NULL, 'k' },
		{ "access", required_argument, NULL, 'a' },
		{ "near", required_argument, NULL, 'n' },
		{ "radius", required_argument, NULL, 'r' },
		{ "open-now", no_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'L' },
		{ "page", required_argument, NULL, 'p' },
		{ "per-page", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "ids", no_argument, NULL, 'i' },
		{ "width", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long n;
	int c;

	while ((c = dirctl_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'c': o->city = optarg; break;
		case 'C': o->country = optarg; break;
		case 'l': o->language = optarg; break;
		case 'k': o->category = optarg; break;
		case 'a': o->access = optarg; break;
		case 'n': o->near = optarg; break;
		case 'r': o->radius = optarg; break;
		case 'o': o->open_now = 1; break;
		case 'L': o->lang = optarg; break;
		case 'j': o->json = 1; break;
		case 'i': o->ids = 1; break;
		case 'p':
			if (dirctl_parse_long("--page", optarg, 1000000, &n) != 0)
				return DIRCTL_USAGE;
			o->page = optarg;
			break;
		case 'P':
			if (dirctl_parse_long("--per-page", optarg, 1000, &n) != 0)
				return DIRCTL_USAGE;
			o->per_page = optarg;
			break;
		case 'w':
			if (dirctl_parse_long("--width", optarg, 10000, &o->width) != 0)
				return DIRCTL_USAGE;
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return DIRCTL_USAGE;
		}
	}
	if (optind < argc && (o->text = join_words(argc - optind, argv + optind)) == NULL) {
		dirctl_warn("out of memory");
		return DIRCTL_USAGE;
	}
	return DIRCTL_OK;
}

/* The request's URL from the options; NULL with a message. */
static char *search_url(const struct dirctl *ctx, struct search_opts *o)
{
	const char *near = NULL, *lat = NULL, *lon = NULL, *radius = o->radius;
	int point = o->near != NULL ? parse_point(o->near, o) : 0;

	if (point < 0) {
		dirctl_warn("--near %s: latitude is from -90 to 90, longitude from -180 to 180",
			    o->near);
		return NULL;
	}
	if (point > 0) {
		lat = o->lat;
		lon = o->lon;
		radius = radius != NULL ? radius : "10";
	} else {
		near = o->near;
	}
	if (o->radius != NULL && o->near == NULL) {
		dirctl_warn("--radius needs --near");
		return NULL;
	}
	const char *params[] = { "search",    o->text,
				 "city",      o->city,
				 "country",   o->country,
				 "language",  o->language,
				 "category",  o->category,
				 "access",    o->access,
				 "near",      near,
				 "lat",       lat,
				 "lon",       lon,
				 "radius_km", radius,
				 "open_now",  o->open_now ? "true" : NULL,
				 "lang",      o->lang,
				 "page",      o->page,
				 "per_page",  o->per_page,
				 "full",      "true",
				 NULL };
	return dirctl_url(ctx, "/services", params);
}

/* Adds s to the set (a JSON array of strings) unless it is there. */
static void set_add(json_t *set, const char *s)
{
	size_t i;
	json_t *v;

	if (s == NULL || s[0] == '\0')
		return;
	json_array_foreach(set, i, v) if (strcmp(json_string_value(v), s) == 0) return;
	json_array_append_new(set, json_string(s));
}

/* The set's strings joined by sep (malloc'd; NULL without memory); the set is released. */
static char *set_join(json_t *set, const char *sep)
{
	struct buf b;
	size_t i;
	json_t *v;
	int bad = 0;

	buf_init(&b, DIRCTL_MAX_RESPONSE);
	json_array_foreach(set, i, v)
	{
		if ((i > 0 && buf_adds(&b, sep) != 0) || buf_adds(&b, json_string_value(v)) != 0)
			bad = 1;
	}
	if (buf_add(&b, "", 0) != 0) /* an empty set is "" too */
		bad = 1;
	json_decref(set);
	if (bad)
		buf_free(&b);
	return buf_take(&b, NULL);
}

/* The access codes among attributes into set. */
static void add_access(json_t *set, const json_t *attributes)
{
	size_t i;
	json_t *a;

	json_array_foreach(attributes, i, a)
	{
		const json_t *term = json_object_get(a, "taxonomy_term");
		const char *tax = dirctl_json_str(term, "taxonomy");
		if (tax != NULL && strcmp(tax, "access") == 0)
			set_add(set, dirctl_json_str(term, "code"));
	}
}

/* Cities, languages and access codes of one service, as cell texts. */
static void service_cells(const json_t *s, char **cities, char **langs, char **access)
{
	json_t *cset = json_array(), *lset = json_array(), *aset = json_array(), *sal, *x;
	size_t i, j;

	json_array_foreach(json_object_get(s, "languages"), i, x)
		set_add(lset, dirctl_json_str(x, "code"));
	add_access(aset, json_object_get(s, "attributes"));
	json_array_foreach(json_object_get(s, "service_at_locations"), i, sal)
	{
		const json_t *loc = json_object_get(sal, "location");
		json_array_foreach(json_object_get(loc, "addresses"), j, x)
			set_add(cset, dirctl_json_str(x, "city"));
		if (json_array_size(json_object_get(s, "languages")) == 0)
			json_array_foreach(json_object_get(loc, "languages"), j, x)
				set_add(lset, dirctl_json_str(x, "code"));
		add_access(aset, json_object_get(sal, "attributes"));
	}
	*cities = set_join(cset, ", ");
	*langs = set_join(lset, ",");
	*access = set_join(aset, ",");
}

/* One row of the table. */
static int service_row(struct dirctl_table *t, const json_t *s)
{
	char *cities, *langs, *access, *name = NULL;
	const char *org = dirctl_json_str(json_object_get(s, "organization"), "name");
	int stale = json_is_true(json_object_get(json_object_get(s, "provenance"), "stale"));
	int rc = -1;

	service_cells(s, &cities, &langs, &access);
	if (asprintf(&name, "%s%s", dirctl_json_str(s, "name") ? dirctl_json_str(s, "name") : "",
		     stale ? " (stale)" : "") < 0)
		name = NULL;
	if (name != NULL && cities != NULL && langs != NULL && access != NULL) {
		const char *cells[] = { name,  org,    cities[0] ? cities : "-",
					langs, access, dirctl_json_str(s, "id") };
		rc = dirctl_table_add(t, cells);
	}
	free(name);
	free(cities);
	free(langs);
	free(access);
	return rc;
}

/* The page as a table, and a line saying which page of how many. */
static int print_services(const json_t *page, const struct search_opts *o)
{
	static const char *const headers[] = { "NAME",      "ORGANIZATION", "CITY",
					       "LANGUAGES", "ACCESS",       "ID" };
	const json_t *contents = json_object_get(page, "contents");
	long long total = json_integer_value(json_object_get(page, "total_items"));
	long long pages = json_integer_value(json_object_get(page, "total_pages"));
	long long number = json_integer_value(json_object_get(page, "page_number"));
	struct dirctl_table t;
	size_t i;
	json_t *s;

	if (json_array_size(contents) == 0) {
		printf(total > 0 ? "no services on page %lld (%lld in all)\n"
				 : "no services found\n",
		       number, total);
		return DIRCTL_OK;
	}
	if (dirctl_table_init(&t, o->ids ? 6 : 5, headers) != 0)
		goto oom;
	t.keep = 1ULL << 5; /* an id cut short is of no use */
	/* the name matters most: access codes, languages and the organisation
	 * give way first (--json has them whole) */
	t.soft[4] = 12;
	t.soft[3] = 11;
	t.soft[1] = 16;
	json_array_foreach(contents, i, s) if (service_row(&t, s) != 0) goto oom;
	dirctl_table_print(&t, dirctl_output_width(o->width));
	dirctl_table_free(&t);
	printf("%lld service%s, page %lld of %lld%s\n", total, total == 1 ? "" : "s", number, pages,
	       number < pages ? " (--page for more)" : "");
	return DIRCTL_OK;
oom:
	dirctl_table_free(&t);
	dirctl_warn("out of memory");
	return DIRCTL_USAGE;
}

int dirctl_cmd_search(struct dirctl *ctx, int argc, char **argv)
{
	struct search_opts o = { 0 };
	json_t *page = NULL;
	char *url = NULL;
	int rc = parse_opts(argc, argv, &o);

	if (rc != DIRCTL_OK) {
		free(o.text);
		return rc < 0 ? DIRCTL_OK : rc;
	}
	if ((rc = dirctl_setup(ctx)) != DIRCTL_OK)
		goto done;
	if ((url = search_url(ctx, &o)) == NULL) {
		rc = DIRCTL_USAGE;
		goto done;
	}
	if ((rc = dirctl_call(ctx, "GET", url, NULL, 0, &page)) != DIRCTL_OK)
		goto done;
	if (!json_is_array(json_object_get(page, "contents"))) {
		dirctl_warn("the node's answer is not a page of services");
		rc = DIRCTL_NETWORK;
		goto done;
	}
	rc = o.json ? dirctl_print_json(page) : print_services(page, &o);
done:
	json_decref(page);
	free(url);
	free(o.text);
	return rc;
}
