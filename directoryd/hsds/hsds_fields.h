/*
 * hsds_fields.h - the field tables validate.c checks documents against.
 *
 * One table per HSDS 3.0 object (from the JSON Schemas in
 * ../shared/data/hsds-3.0/schema/, written out by hand), with the members
 * HSDS 3.1 and the Open Referral UK profile add (docs/import.md, "HSDS 3.1
 * and the UK profile") and the 3.1 objects url, service_capacity and unit,
 * plus the objects of directoryd's extensions (docs/data-model.md):
 * contact_channel, translation, public_point.
 * Each row gives a field's name, JSON type, format or enum, the kind of
 * object it nests, and whether it is required, read-only, an array or a map.
 */
#ifndef DIRECTORYD_HSDS_FIELDS_H
#define DIRECTORYD_HSDS_FIELDS_H

#include <stddef.h>

/* The JSON type of a value (of each item, for arrays and maps). */
enum val_type {
	VAL_T_STRING,
	VAL_T_NUMBER,
	VAL_T_BOOLEAN,
	VAL_T_OBJECT,
};

/* What a value must look like beyond its JSON type. */
enum val_format {
	VAL_F_NONE,
	VAL_F_UUID,      /* RFC 4122 textual form */
	VAL_F_EMAIL,     /* addr-spec, RFC 5322 dot-atom (RFC 6531 UTF-8) */
	VAL_F_URI,       /* absolute http(s) URI, RFC 3986 (RFC 3987 UTF-8) */
	VAL_F_DATE,      /* RFC 3339 full-date */
	VAL_F_TIME,      /* HH:MM[:SS] with optional Z or offset */
	VAL_F_DATETIME,  /* RFC 3339 date-time */
	VAL_F_BCP47,     /* RFC 5646 language tag */
	VAL_F_COUNTRY,   /* ISO 3166-1 alpha-2, upper case */
	VAL_F_TIMEZONE,  /* IANA time zone name */
	VAL_F_BYDAY,     /* RFC 5545 BYDAY list, e.g. "MO,TU" or "-1FR" */
	VAL_F_ENUM,      /* one of val_field.enums */
	VAL_F_LATITUDE,  /* number -90..90 (WGS 84 degrees) */
	VAL_F_LONGITUDE, /* number -180..180 (WGS 84 degrees) */
	VAL_F_NONNEG,    /* number >= 0 */
	VAL_F_COUNT
};

/* The objects a document can hold; indexes val_objects[]. */
enum val_kind {
	VAL_K_NONE,
	VAL_K_ORGANIZATION,
	VAL_K_SERVICE,
	VAL_K_LOCATION,
	VAL_K_ADDRESS,
	VAL_K_SERVICE_AT_LOCATION,
	VAL_K_PHONE,
	VAL_K_SCHEDULE,
	VAL_K_LANGUAGE,
	VAL_K_ATTRIBUTE,
	VAL_K_TAXONOMY_TERM,
	VAL_K_TAXONOMY,
	VAL_K_FUNDING,
	VAL_K_COST_OPTION,
	VAL_K_PROGRAM,
	VAL_K_REQUIRED_DOCUMENT,
	VAL_K_CONTACT,
	VAL_K_SERVICE_AREA,
	VAL_K_ACCESSIBILITY,
	VAL_K_METADATA,
	VAL_K_ORGANIZATION_IDENTIFIER,
	VAL_K_URL,              /* HSDS 3.1 */
	VAL_K_SERVICE_CAPACITY, /* HSDS 3.1 */
	VAL_K_UNIT,             /* HSDS 3.1 */
	VAL_K_CONTACT_CHANNEL,  /* extension */
	VAL_K_TRANSLATION,      /* extension */
	VAL_K_PUBLIC_POINT,     /* extension */
	VAL_K_COUNT
};

/* val_field.flags */
#define VAL_REQUIRED  0x01u /* must be present (missing_field) */
#define VAL_READ_ONLY 0x02u /* may not be submitted (read_only_field) */
#define VAL_ARRAY     0x04u /* an array of values of type/format/kind */
#define VAL_MAP       0x08u /* an object keyed by BCP 47 tags */
#define VAL_NONEMPTY  0x10u /* a string that must hold a non-blank character */
#define VAL_PROSE     0x20u /* text of paragraphs: may hold tab, line feed, carriage return */

struct val_field {
	const char *name;
	enum val_type type;
	enum val_format format;
	enum val_kind kind; /* for VAL_T_OBJECT */
	unsigned int flags;
	const char *const *enums; /* NULL-terminated, for VAL_F_ENUM */
	const char *dflt;         /* string filled in when missing */
};

struct val_object {
	const char *name; /* HSDS name, used in messages */
	const struct val_field *fields;
	size_t nfields;
};

/* The table of every object kind, indexed by enum val_kind. */
extern const struct val_object val_objects[VAL_K_COUNT];

/*
 * The row for member name of object kind, or NULL when the field is neither
 * HSDS 3.0, 3.1, the UK profile's nor a directoryd extension. Returns a pointer into static data.
 */
const struct val_field *val_field_find(enum val_kind kind, const char *name);

#endif
