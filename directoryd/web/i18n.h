/*
 * i18n.h - the interface language of the pages: which of the translated
 * languages a request gets, and the gettext catalogue for it.
 *
 * The daemon is threaded, so the language is switched per request with
 * uselocale(3) on a locale object made once at start (newlocale(3) with
 * LC_MESSAGES only); setlocale(3) is never called. The catalogues are
 * po/LL.po compiled to <locale_dir>/LL/LC_MESSAGES/directoryd.mo.
 */
#ifndef DIRECTORYD_WEB_I18N_H
#define DIRECTORYD_WEB_I18N_H

#include <libintl.h>
#include <locale.h>
#include <stddef.h>

#define WEB_TEXT_DOMAIN "directoryd"

/* A translated interface text (the msgid is the English). */
#define _(s) dgettext(WEB_TEXT_DOMAIN, s)
/* A translated text with a plural: singular s, plural pl, for the count n
 * (the catalogue's Plural-Forms picks the form; plain ngettext(3) would look
 * in the default text domain, where nothing is, and stay English). */
#define P_(s, pl, n) dngettext(WEB_TEXT_DOMAIN, s, pl, n)
/* Marks a text for xgettext where it is translated later with _(). */
#define N_(s) (s)

struct web_lang {
	const char *tag;    /* BCP 47 primary tag: "de" */
	const char *locale; /* the glibc locale with that LC_MESSAGES */
	const char *native; /* the language's name in itself, for the switch */
};

/* The interface languages, English first; web_langs_count of them. */
extern const struct web_lang web_langs[];
extern const size_t web_langs_count;

/*
 * Bind the text domain to locale_dir (the folder holding LL/LC_MESSAGES/)
 * and make the locale objects. Call once, before serving. Returns 0, with a
 * warning in errbuf (errcap bytes; "" when none) when a locale is not
 * installed (that language then shows in English); -1 when the text domain
 * cannot be bound (message in errbuf).
 */
int web_i18n_init(const char *locale_dir, char *errbuf, size_t errcap);

/* Free the locale objects (after the server stopped). */
void web_i18n_free(void);

/*
 * The interface language for a request: the first tag of lang_param (may
 * be NULL; a comma list, best first) whose primary subtag is one of
 * web_langs, else the first such tag of accept_language (may be NULL; RFC
 * 9110 q-ordered), else English. Never NULL.
 */
const struct web_lang *web_lang_pick(const char *lang_param, const char *accept_language);

/* The entry of web_langs with this primary tag, or NULL. */
const struct web_lang *web_lang_find(const char *tag);

/*
 * Switch the calling thread's messages to lang; returns the previous
 * locale to hand to web_lang_leave when the page is written.
 */
locale_t web_lang_enter(const struct web_lang *lang);
void web_lang_leave(locale_t previous);

#endif
