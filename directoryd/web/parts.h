/*
 * parts.h - pieces of a listing the search results, the print sheet and
 * the service page all show: names in their language, access badges,
 * where, when, and contact links. Each writes into the page through
 * html.h.
 */
#ifndef DIRECTORYD_WEB_PARTS_H
#define DIRECTORYD_WEB_PARTS_H

#include <jansson.h>

#include "db.h"
#include "hours.h"
#include "page.h"
#include "webdata.h"

/* What a page handler holds while it writes listings. */
struct parts_ctx {
	struct web_page *p;
	PGconn *conn;
	struct webdata_vocab vocab; /* term names in the interface language */
	struct hours_clocks clocks;
	struct dir_error err;
};

/* The access needs the search form offers, in its order. */
extern const char *const parts_needs[];

/*
 * A text field of a listing as an element: <tag lang="..">text</tag>, with
 * lang set when the text is not in the page's language (page_text_lang).
 * attrs is literal markup after the tag name (may be NULL). Nothing is
 * written when the field is absent or empty.
 */
void parts_field(struct parts_ctx *c, const char *tag, const char *attrs, const json_t *record,
		 const char *field);

/* 1 when the service (or one of its service_at_locations) has the term. */
int parts_has_term(const json_t *service, const char *code);

/* The service_type names of the service, comma-separated, as text. */
void parts_categories(struct parts_ctx *c, const json_t *service);

/* The access badges (access terms the service has) as a list. */
void parts_badges(struct parts_ctx *c, const json_t *service);

/* "Free of charge", or the fees text, or "Ask about cost". */
void parts_cost(struct parts_ctx *c, const json_t *service);

/* The languages of the service, named in the interface language. */
void parts_languages(struct parts_ctx *c, const json_t *service);

/* Whose schedules parts_schedules gave. */
enum parts_hours_of {
	PARTS_HOURS_NONE,     /* nobody's: the array is empty */
	PARTS_HOURS_SAL,      /* the service_at_location's own */
	PARTS_HOURS_SERVICE,  /* the service's */
	PARTS_HOURS_LOCATION, /* the location's: the place's hours */
};

/*
 * The schedules that apply to a service at one service_at_location: the
 * most specific HSDS gives (as dir_open_services in sql/50_search.sql),
 * the service_at_location's own, else the service's, else its location's;
 * never a mixture, so a place's hours do not make a service with hours of
 * its own look open. sal may be NULL for the service's own only. Returns a
 * new reference to a JSON array (empty when there are none; NULL only when
 * out of memory) that the caller json_decrefs, and whose in *of unless of
 * is NULL.
 */
json_t *parts_schedules(const json_t *service, const json_t *sal, enum parts_hours_of *of);

/* The note that the hours shown are the place's (parts_schedules gave
 * PARTS_HOURS_LOCATION): the service gives none of its own. */
void parts_hours_of_place(struct parts_ctx *c);

/* The time zone of a service_at_location's location, or of the service's
 * first location with one, or NULL. */
const char *parts_timezone(const json_t *service, const json_t *sal);

/* Open now / next opening over all the service's places. */
void parts_status(struct parts_ctx *c, const json_t *service);

/*
 * A location's address: street, postal code and city; for a confidential
 * location "Address given on contact" and the city only. Written as text
 * lines inside the current element.
 */
void parts_address(struct parts_ctx *c, const json_t *location);

/* The cities of the service's places ("Online or by phone" when none). */
void parts_cities(struct parts_ctx *c, const json_t *service);

/* Contact links for a contact_channels array: tel:, sms:, Signal,
 * WhatsApp, Telegram, mailto:, web form; each marked whether it is safe
 * to leave a message. */
void parts_channels(struct parts_ctx *c, const json_t *channels);

/* The first phone-like number of the service or its places (borrowed), for
 * the SMS text; NULL when none. */
const char *parts_first_phone(const json_t *service);

/* "Not confirmed since DATE" when the service's assured_date is older
 * than the node's unconfirmed_notice days (docs/registrars.md); nothing
 * otherwise, and nothing for a listing never confirmed (the page says
 * "never checked" already). */
void parts_unconfirmed(struct parts_ctx *c, const json_t *service);

/* "Temporarily closed until DATE" (closed_until, docs/data-model.md),
 * "Temporarily closed" or "No longer offered" when the service's status is
 * not active, and its alert when it has one; nothing for an open service
 * without an alert. */
void parts_closure(struct parts_ctx *c, const json_t *service);

#endif
