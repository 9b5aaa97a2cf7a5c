/*
 * remind.h - reminders to confirm listings, sent by e-mail through an SMTP
 * relay with libcurl (docs/registrars.md, "Reminders"). The daemon's
 * housekeeping thread (directoryd/auth/maintain.c) calls remind_round when
 * smtp_url is set; without a relay, `directoryd listings --unconfirmed`
 * lists whom to call instead.
 */
#ifndef DIRECTORYD_REMIND_H
#define DIRECTORYD_REMIND_H

#include <jansson.h>

#include "db.h"
#include "error.h"

/* What a round needs of the configuration, copied under its lock. */
struct remind_settings {
	char smtp_url[512];     /* smtp://HOST[:PORT] or smtps://... (config_check) */
	char smtp_from[256];    /* the sender address */
	char public_url[512];   /* the links are public_url + /manage/services/ID */
	char node_name[256];    /* named in the message */
	long smtp_timeout;      /* s one message may take */
	long unconfirmed_after; /* days without a confirmation (or a change) */
};

/*
 * One round: every organisation with an e-mail address whose services of
 * this node (active or temporarily closed) were neither confirmed nor
 * changed for unconfirmed_after days, and were not reminded in this
 * unconfirmed period (table service_reminder), gets one short plain-text
 * message listing them, each with the link to its form, where "Still
 * accurate" confirms it. A message the relay accepted is recorded for its
 * services; one it refused is tried again next round. No database
 * connection is held while talking to the relay.
 *   pool: lends connections (borrowed).  s: the settings (borrowed).
 * Returns the number of messages sent, or -1 with err (the database or the
 * relay failed; what was sent before is recorded).
 */
long remind_round(struct db_pool *pool, const struct remind_settings *s, struct dir_error *err);

/*
 * The message for one organisation, headers and body, CRLF line ends, as
 * a new string the caller frees; NULL when memory ran out or a header
 * value would hold a line break or angle bracket. services: a JSON array
 * of {"id", "name", "assured_date" (string or null)} (borrowed). date:
 * the RFC 5322 Date header value; msgid: a unique Message-ID without <>.
 */
char *remind_message(const struct remind_settings *s, const char *to, const char *org_name,
		     const json_t *services, const char *date, const char *msgid);

#endif
