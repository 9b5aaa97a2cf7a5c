/*
 * manage_parts.h - the pieces the /manage forms share (manage_parts.c):
 * each writes one group of fields from a JSON document and reads it back
 * from the posted form into the document, keeping the JSON Pointers of
 * the API so that errors land next to their field.
 */
#ifndef DIRECTORYD_WEB_MANAGE_PARTS_H
#define DIRECTORYD_WEB_MANAGE_PARTS_H

#include <jansson.h>

#include "db.h"
#include "manage.h"

/* A text field of a record: its member, its label (a msgid), whether it
 * is a long text (textarea) and whether it is translated. */
struct manage_text {
	const char *field;
	const char *label;
	int multiline;
	int translated;
};

/* The texts of doc as labelled inputs, errors of r (may be NULL) beside. */
void manage_texts(struct web_page *p, const struct manage_text *t, size_t n, const json_t *doc,
		  const struct manage_result *r);
/* Set (or, when empty, remove) each text of the form in doc. */
void manage_texts_read(json_t *doc, const struct manage_text *t, size_t n, const json_t *form);

/* 1 when doc has an attribute whose taxonomy term has this code. */
int manage_doc_has_term(const json_t *doc, const char *code);
/* Replace doc's attributes of taxonomy ("service_type", "access") by the
 * codes the form's checkboxes of that name give. */
void manage_terms_read(json_t *doc, const json_t *form, const char *taxonomy);

/* The languages list with BCP 47 tags, and the field for other tags. */
void manage_languages(struct web_page *p, PGconn *conn, const json_t *doc,
		      const struct manage_result *r);
void manage_languages_read(json_t *doc, const json_t *form);

/* The IANA time zone the hours of doc are read in: its own timezone_name
 * (a location), or its first place's (a service); NULL when none. */
const char *manage_doc_timezone(const json_t *doc);
/* The weekly hours table (one opening per day); with tz_field, a time
 * zone input named timezone_name. */
void manage_hours(struct web_page *p, const json_t *doc, const struct manage_result *r,
		  const char *tz, int tz_field);
void manage_hours_read(json_t *doc, const json_t *form);

/* The contact channels, one row each plus an empty one. */
void manage_channels(struct web_page *p, const json_t *doc, const struct manage_result *r);
void manage_channels_read(json_t *doc, const json_t *form);

/* Translations beside the original, one block per language plus one to
 * add a language. */
void manage_translations(struct web_page *p, const struct manage_text *t, size_t n,
			 const json_t *doc, const struct manage_result *r);
void manage_translations_read(json_t *doc, const struct manage_text *t, size_t n,
			      const json_t *form);

/* 1 when the service doc is offered at the location with this id. */
int manage_doc_has_place(const json_t *doc, const char *location_id);
/* The service_at_locations the form's "place" checkboxes give (a new
 * array), keeping the stored ones of places still checked. */
json_t *manage_places_read(const json_t *doc, const json_t *form);

/*
 * The stored record (full view: a confidential address is the owner's to
 * edit) of kind ("service", "location", "organization") with id, ready to
 * be written back: read-only members removed. NULL when there is none or
 * it belongs to another organisation than the signed-in registrar's.
 */
json_t *manage_load(PGconn *conn, struct http_request *req, const char *kind, const char *id);
/* An empty record of the registrar's organisation (a new JSON object). */
json_t *manage_new_doc(struct http_request *req);
/* 403 page: the record is not this registrar's to change. */
void manage_not_yours(struct http_request *req, struct http_response *resp);
/* The "saved" answer after a write r of kind: a 303 to the record's form
 * (saved=1), or, for a hold, the page that says who reviews it. */
void manage_saved(struct http_request *req, struct http_response *resp, const char *kind,
		  const struct manage_result *r);
/* The summary above a form the API refused. */
void manage_not_saved(struct web_page *p, const struct manage_result *r);
/* A page of its own for a write r the API refused (no form to show again):
 * title (a msgid, as manage_start's) as the heading, manage_not_saved,
 * answered with status. */
void manage_not_saved_page(struct http_request *req, struct http_response *resp, const char *title,
			   const struct manage_result *r, unsigned int status);
/* The form's Save button, or, where saving would be refused (a mirror),
 * a note saying where the listing is changed. */
void manage_save_button(struct web_page *p);
/* The links and buttons of a stored record: history, still accurate,
 * closing temporarily (services). */
void manage_record_actions(struct web_page *p, const char *kind, const char *id, const json_t *doc);

/* Writes row i of res as one <li> of a section's list (manage_section);
 * arg is the section's own (borrowed). */
typedef void (*manage_row_writer)(struct web_page *p, const PGresult *res, int i, const void *arg);

/* A section of a /manage page: a heading and a list of a statement's rows. */
struct manage_section {
	const char *id;         /* the <h2>'s id (a link target), or NULL */
	const char *title;      /* the <h2>'s text: a msgid, N_("..."), translated when written */
	const char *list_class; /* the <ul>'s class, or NULL */
	const char *empty;      /* the msgid when there is no row; NULL leaves the section out */
	manage_row_writer row;  /* writes each row */
	const void *arg;        /* passed to row */
};

/*
 * Run sql with its nparams params (db_exec) on conn and write section s:
 * the <h2>, then a <ul> with one item per row by s->row, or s->empty when
 * there is no row. When the statement fails, the heading is followed by
 * the database alert (manage_db_alert) instead, and -1 is returned (the
 * caller answers 500, as the search page does); else 0.
 */
int manage_section(struct web_page *p, PGconn *conn, const struct manage_section *s,
		   const char *sql, int nparams, const char *const *params);

/* The alert a page shows where a part of it could not be read from the
 * database (the reason goes to no one: db_exec logged it). */
void manage_db_alert(struct web_page *p);

#endif
