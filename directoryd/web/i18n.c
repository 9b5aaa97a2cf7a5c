/*
 * i18n.c - interface languages: picking one per request and switching
 * gettext to it with uselocale (i18n.h).
 */
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang.h"

const struct web_lang web_langs[] = {
	{ "en", "C.UTF-8", "English" },
	{ "de", "de_DE.UTF-8", "Deutsch" },
	{ "fr", "fr_FR.UTF-8",
	  "Fran\xc3\xa7"
	  "ais" },
	{ "es", "es_ES.UTF-8", "Espa\xc3\xb1ol" },
	{ "it", "it_IT.UTF-8", "Italiano" },
	{ "pt", "pt_PT.UTF-8", "Portugu\xc3\xaas" },
	{ "nl", "nl_NL.UTF-8", "Nederlands" },
	{ "ro", "ro_RO.UTF-8", "Rom\xc3\xa2n\xc4\x83" },
	{ "bg", "bg_BG.UTF-8",
	  "\xd0\x91\xd1\x8a\xd0\xbb\xd0\xb3\xd0\xb0\xd1\x80\xd1\x81\xd0\xba\xd0\xb8" },
	{ "pl", "pl_PL.UTF-8", "Polski" },
	{ "ru", "ru_RU.UTF-8", "\xd0\xa0\xd1\x83\xd1\x81\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9" },
	{ "uk", "uk_UA.UTF-8",
	  "\xd0\xa3\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd\xd1\x81\xd1\x8c\xd0\xba\xd0\xb0" },
};

const size_t web_langs_count = sizeof(web_langs) / sizeof(web_langs[0]);

/* One locale object per entry of web_langs, made by web_i18n_init. */
static locale_t web_locales[sizeof(web_langs) / sizeof(web_langs[0])];

int web_i18n_init(const char *locale_dir, char *errbuf, size_t errcap)
{
	errbuf[0] = '\0';
	if (bindtextdomain(WEB_TEXT_DOMAIN, locale_dir) == NULL ||
	    bind_textdomain_codeset(WEB_TEXT_DOMAIN, "UTF-8") == NULL) {
		snprintf(errbuf, errcap, "cannot bind the text domain to %s", locale_dir);
		return -1;
	}
	for (size_t i = 0; i < web_langs_count; i++) {
		if (web_locales[i] != (locale_t)0)
			continue;
		web_locales[i] = newlocale(LC_MESSAGES_MASK, web_langs[i].locale, (locale_t)0);
		/* A missing locale costs that language its translation, not the
		 * daemon its start: the page is then in English. */
		if (web_locales[i] == (locale_t)0 && errbuf[0] == '\0')
			snprintf(errbuf, errcap,
				 "the locale %s is not installed, so pages in %s are in English "
				 "(Debian: apt-get install locales-all)",
				 web_langs[i].locale, web_langs[i].native);
	}
	return 0;
}

void web_i18n_free(void)
{
	for (size_t i = 0; i < web_langs_count; i++) {
		if (web_locales[i] != (locale_t)0)
			freelocale(web_locales[i]);
		web_locales[i] = (locale_t)0;
	}
}

const struct web_lang *web_lang_find(const char *tag)
{
	size_t len;

	if (tag == NULL)
		return NULL;
	len = strcspn(tag, "-_");
	for (size_t i = 0; i < web_langs_count; i++)
		if (strlen(web_langs[i].tag) == len && strncasecmp(tag, web_langs[i].tag, len) == 0)
			return &web_langs[i];
	return NULL;
}

/* The first of n tags that names an interface language, or NULL. */
static const struct web_lang *web_lang_first(const char **tags, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct web_lang *l = web_lang_find(tags[i]);
		if (l != NULL)
			return l;
	}
	return NULL;
}

const struct web_lang *web_lang_pick(const char *lang_param, const char *accept_language)
{
	char buf[512];
	const char *tags[LANG_MAX_ENTRIES];
	size_t n = 0;
	const struct web_lang *l = NULL;

	if (lang_param != NULL) {
		/* A malformed entry ends the list; the tags before it count. */
		(void)lang_parse_list(lang_param, buf, sizeof(buf), tags, LANG_MAX_ENTRIES, &n);
		l = web_lang_first(tags, n);
	}
	if (l == NULL && accept_language != NULL) {
		n = lang_parse_accept_language(accept_language, buf, sizeof(buf), tags,
					       LANG_MAX_ENTRIES);
		l = web_lang_first(tags, n);
	}
	return l != NULL ? l : &web_langs[0];
}

locale_t web_lang_enter(const struct web_lang *lang)
{
	size_t i = (size_t)(lang - web_langs);

	if (i >= web_langs_count || web_locales[i] == (locale_t)0)
		return uselocale((locale_t)0);
	return uselocale(web_locales[i]);
}

void web_lang_leave(locale_t previous)
{
	if (previous != (locale_t)0)
		uselocale(previous);
}
