/*
 * hsds_fields.c - the HSDS 3.0 field lists, the members HSDS 3.1 and the
 * Open Referral UK profile add, and directoryd's extensions.
 *
 * Written by hand from the HSDS 3.0 JSON Schemas; rows marked "3.1" come
 * from ../shared/data/hsds-3.1/schema/, rows marked "UK" from
 * ../shared/data/uk-profile/schema/ (docs/import.md lists them all). "required" follows each
 * schema's required list except "id", which is optional everywhere because
 * storage assigns it. service.status and location.location_type are filled
 * in with their documented defaults instead of being required. A
 * taxonomy_term or taxonomy inside an attribute is a reference to a term, so
 * validate.c asks only for its code or id there. Formats follow the schemas'
 * "format" and "datapackage_type" (date, time, datetime) keywords.
 */
#include "hsds_fields.h"

#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Prose (tab, line feed and carriage return allowed: validate.c). */
#define P(n)                                                          \
	{                                                             \
		.name = (n), .type = VAL_T_STRING, .flags = VAL_PROSE \
	}
#define PREQ(n)                                                                      \
	{                                                                            \
		.name = (n), .type = VAL_T_STRING, .flags = VAL_PROSE | VAL_REQUIRED \
	}
/* A plain string, a string with a format, a reference id, an enum. */
#define S(n)                                      \
	{                                         \
		.name = (n), .type = VAL_T_STRING \
	}
#define SREQ(n)                                                          \
	{                                                                \
		.name = (n), .type = VAL_T_STRING, .flags = VAL_REQUIRED \
	}
#define SF(n, f)                                                 \
	{                                                        \
		.name = (n), .type = VAL_T_STRING, .format = (f) \
	}
#define SFREQ(n, f)                                                                     \
	{                                                                               \
		.name = (n), .type = VAL_T_STRING, .format = (f), .flags = VAL_REQUIRED \
	}
#define NAME                                                                               \
	{                                                                                  \
		.name = "name", .type = VAL_T_STRING, .flags = VAL_REQUIRED | VAL_NONEMPTY \
	}
#define ID     SF("id", VAL_F_UUID)
#define REF(n) SF(n, VAL_F_UUID)
#define E(n, e)                                                                       \
	{                                                                             \
		.name = (n), .type = VAL_T_STRING, .format = VAL_F_ENUM, .enums = (e) \
	}
#define EREQ(n, e)                                                                     \
	{                                                                              \
		.name = (n), .type = VAL_T_STRING, .format = VAL_F_ENUM, .enums = (e), \
		.flags = VAL_REQUIRED                                                  \
	}
#define EDEF(n, e, d)                                                                              \
	{                                                                                          \
		.name = (n), .type = VAL_T_STRING, .format = VAL_F_ENUM, .enums = (e), .dflt = (d) \
	}
/* Numbers and booleans. */
#define N(n)                                      \
	{                                         \
		.name = (n), .type = VAL_T_NUMBER \
	}
#define NF(n, f)                                                 \
	{                                                        \
		.name = (n), .type = VAL_T_NUMBER, .format = (f) \
	}
#define NFREQ(n, f)                                                                     \
	{                                                                               \
		.name = (n), .type = VAL_T_NUMBER, .format = (f), .flags = VAL_REQUIRED \
	}
#define B(n)                                       \
	{                                          \
		.name = (n), .type = VAL_T_BOOLEAN \
	}
/* A nested object, an array of objects, an array of strings, a map. */
#define O(n, k)                                                \
	{                                                      \
		.name = (n), .type = VAL_T_OBJECT, .kind = (k) \
	}
#define A(n, k)                                                                    \
	{                                                                          \
		.name = (n), .type = VAL_T_OBJECT, .kind = (k), .flags = VAL_ARRAY \
	}
#define AS(n, f)                                                                     \
	{                                                                            \
		.name = (n), .type = VAL_T_STRING, .format = (f), .flags = VAL_ARRAY \
	}
#define M(n, k)                                                                  \
	{                                                                        \
		.name = (n), .type = VAL_T_OBJECT, .kind = (k), .flags = VAL_MAP \
	}
/* Filled in by federation; a client may not send it. */
#define RO(n)                                                             \
	{                                                                 \
		.name = (n), .type = VAL_T_OBJECT, .flags = VAL_READ_ONLY \
	}
/* Every HSDS object but taxonomy and taxonomy_term ends with these two. */
#define TAIL A("attributes", VAL_K_ATTRIBUTE), A("metadata", VAL_K_METADATA)

static const char *const status_enum[] = { "active", "inactive", "defunct", "temporarily closed",
					   NULL };
static const char *const location_type_enum[] = { "physical", "postal", "virtual", NULL };
static const char *const wkst_enum[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU", NULL };
static const char *const freq_enum[] = { "WEEKLY", "MONTHLY", NULL };
static const char *const channel_type_enum[] = { "phone",    "sms",   "signal",   "whatsapp",
						 "telegram", "email", "web_form", NULL };

static const struct val_field organization_fields[] = {
	ID,
	NAME,
	S("alternate_name"),
	PREQ("description"),
	SF("email", VAL_F_EMAIL),
	SF("website", VAL_F_URI),
	S("tax_status"),
	S("tax_id"),
	N("year_incorporated"),
	S("legal_status"),
	S("logo"),
	SF("uri", VAL_F_URI),
	REF("parent_organization_id"),
	A("funding", VAL_K_FUNDING),
	A("contacts", VAL_K_CONTACT),
	A("phones", VAL_K_PHONE),
	A("locations", VAL_K_LOCATION),
	A("programs", VAL_K_PROGRAM),
	A("organization_identifiers", VAL_K_ORGANIZATION_IDENTIFIER),
	A("additional_websites", VAL_K_URL), /* 3.1; before services: export_csv.c */
	A("services", VAL_K_SERVICE),
	TAIL,
	/* extensions */
	B("sex_worker_led"),
	M("translations", VAL_K_TRANSLATION),
	RO("provenance"),
};

static const struct val_field service_fields[] = {
	ID,
	REF("organization_id"),
	REF("program_id"),
	NAME,
	S("alternate_name"),
	P("description"),
	SF("url", VAL_F_URI),
	SF("email", VAL_F_EMAIL),
	EDEF("status", status_enum, "active"),
	P("interpretation_services"),
	P("application_process"),
	P("fees_description"),
	S("wait_time"),
	P("fees"),
	P("accreditations"),
	P("eligibility_description"),
	NF("minimum_age", VAL_F_NONNEG),
	NF("maximum_age", VAL_F_NONNEG),
	SF("assured_date", VAL_F_DATE),
	SF("assurer_email", VAL_F_EMAIL),
	P("licenses"),
	P("alert"),
	SF("last_modified", VAL_F_DATETIME),
	A("phones", VAL_K_PHONE),
	A("schedules", VAL_K_SCHEDULE),
	A("service_areas", VAL_K_SERVICE_AREA),
	A("service_at_locations", VAL_K_SERVICE_AT_LOCATION),
	A("languages", VAL_K_LANGUAGE),
	O("organization", VAL_K_ORGANIZATION),
	A("funding", VAL_K_FUNDING),
	A("cost_options", VAL_K_COST_OPTION),
	O("program", VAL_K_PROGRAM),
	A("required_documents", VAL_K_REQUIRED_DOCUMENT),
	A("contacts", VAL_K_CONTACT),
	TAIL,
	A("additional_urls", VAL_K_URL),         /* 3.1 */
	A("capacities", VAL_K_SERVICE_CAPACITY), /* 3.1 */
	/* extensions */
	A("contact_channels", VAL_K_CONTACT_CHANNEL),
	M("translations", VAL_K_TRANSLATION),
	SF("closed_until", VAL_F_DATE),
	RO("provenance"),
};

static const struct val_field location_fields[] = {
	ID,
	EDEF("location_type", location_type_enum, "physical"),
	SF("url", VAL_F_URI),
	REF("organization_id"),
	S("name"),
	S("alternate_name"),
	P("description"),
	P("transportation"),
	NF("latitude", VAL_F_LATITUDE),
	NF("longitude", VAL_F_LONGITUDE),
	S("external_identifier"),
	S("external_identifier_type"),
	A("languages", VAL_K_LANGUAGE),
	A("addresses", VAL_K_ADDRESS),
	A("contacts", VAL_K_CONTACT),
	A("accessibility", VAL_K_ACCESSIBILITY),
	A("phones", VAL_K_PHONE),
	A("schedules", VAL_K_SCHEDULE),
	TAIL,
	/* extensions */
	B("confidential"),
	SF("timezone_name", VAL_F_TIMEZONE),
	O("public_point", VAL_K_PUBLIC_POINT),
	A("contact_channels", VAL_K_CONTACT_CHANNEL),
	RO("provenance"),
};

static const struct val_field address_fields[] = {
	ID,
	REF("location_id"),
	S("attention"),
	SREQ("address_1"),
	S("address_2"),
	SREQ("city"),
	S("region"),
	SREQ("state_province"),
	SREQ("postal_code"),
	SFREQ("country", VAL_F_COUNTRY),
	EREQ("address_type", location_type_enum),
	TAIL,
};

static const struct val_field service_at_location_fields[] = {
	ID,
	REF("service_id"),
	REF("location_id"),
	P("description"),
	A("contacts", VAL_K_CONTACT),
	A("phones", VAL_K_PHONE),
	A("schedules", VAL_K_SCHEDULE),
	O("location", VAL_K_LOCATION),
	TAIL,
	A("service_areas", VAL_K_SERVICE_AREA), /* 3.1 */
};

static const struct val_field phone_fields[] = {
	ID,
	REF("location_id"),
	REF("service_id"),
	REF("organization_id"),
	REF("contact_id"),
	REF("service_at_location_id"),
	SREQ("number"),
	N("extension"),
	S("type"),
	P("description"),
	A("languages", VAL_K_LANGUAGE),
	TAIL,
};

static const struct val_field schedule_fields[] = {
	ID,
	REF("service_id"),
	REF("location_id"),
	REF("service_at_location_id"),
	SF("valid_from", VAL_F_DATE),
	SF("valid_to", VAL_F_DATE),
	SF("dtstart", VAL_F_DATE),
	N("timezone"),
	SF("until", VAL_F_DATE),
	NF("count", VAL_F_NONNEG),
	E("wkst", wkst_enum),
	E("freq", freq_enum),
	NF("interval", VAL_F_NONNEG),
	SF("byday", VAL_F_BYDAY),
	S("byweekno"),
	S("bymonthday"),
	S("byyearday"),
	P("description"),
	SF("opens_at", VAL_F_TIME),
	SF("closes_at", VAL_F_TIME),
	SF("schedule_link", VAL_F_URI),
	S("attending_type"),
	P("notes"),
	TAIL,
};

static const struct val_field language_fields[] = {
	ID,        REF("service_id"),       REF("location_id"), REF("phone_id"),
	S("name"), SF("code", VAL_F_BCP47), P("note"),          TAIL,
};

static const struct val_field attribute_fields[] = {
	ID,
	REF("link_id"),
	REF("taxonomy_term_id"),
	S("link_type"),
	S("link_entity"),
	P("value"),
	O("taxonomy_term", VAL_K_TAXONOMY_TERM),
	A("metadata", VAL_K_METADATA),
	S("label"), /* 3.1 */
};

static const struct val_field taxonomy_term_fields[] = {
	ID,
	S("code"),
	S("name"),
	P("description"),
	REF("parent_id"),
	S("taxonomy"),
	O("taxonomy_detail", VAL_K_TAXONOMY),
	S("language"),
	REF("taxonomy_id"),
	SF("term_uri", VAL_F_URI),
	A("metadata", VAL_K_METADATA),
	S("term"), /* UK */
	/* extension: the term's name and description in other languages, as
	 * the read API serves them (so its answers can be written back) */
	M("translations", VAL_K_TRANSLATION),
};

static const struct val_field taxonomy_fields[] = {
	ID,
	S("name"),
	P("description"),
	SF("uri", VAL_F_URI),
	S("version"),
	A("metadata", VAL_K_METADATA),
};

static const struct val_field funding_fields[] = {
	ID, REF("organization_id"), REF("service_id"), S("source"), TAIL,
};

static const struct val_field cost_option_fields[] = {
	ID,
	REF("service_id"),
	SF("valid_from", VAL_F_DATE),
	SF("valid_to", VAL_F_DATE),
	S("option"),
	S("currency"),
	N("amount"),
	P("amount_description"),
	TAIL,
};

static const struct val_field program_fields[] = {
	ID, REF("organization_id"), NAME, S("alternate_name"), PREQ("description"), TAIL,
};

static const struct val_field required_document_fields[] = {
	ID, REF("service_id"), S("document"), SF("uri", VAL_F_URI), TAIL,
};

static const struct val_field contact_fields[] = {
	ID,
	REF("organization_id"),
	REF("service_id"),
	REF("service_at_location_id"),
	REF("location_id"),
	S("name"),
	S("title"),
	S("department"),
	SF("email", VAL_F_EMAIL),
	A("phones", VAL_K_PHONE),
	TAIL,
};

static const struct val_field service_area_fields[] = {
	ID,
	REF("service_id"),
	S("name"),
	P("description"),
	P("extent"),
	S("extent_type"),
	S("uri"),
	TAIL,
	REF("service_at_location_id"), /* 3.1 */
	P("service_area"),             /* UK */
};

static const struct val_field accessibility_fields[] = {
	ID,   REF("location_id"), P("description"), P("details"), SF("url", VAL_F_URI),
	TAIL, P("accessibility"), /* UK */
};

static const struct val_field metadata_fields[] = {
	ID,
	REF("resource_id"),
	S("resource_type"),
	SFREQ("last_action_date", VAL_F_DATE),
	SREQ("last_action_type"),
	SREQ("field_name"),
	PREQ("previous_value"),
	PREQ("replacement_value"),
	SREQ("updated_by"),
};

static const struct val_field organization_identifier_fields[] = {
	ID,
	REF("organization_id"),
	S("identifier_scheme"),
	SREQ("identifier_type"),
	SREQ("identifier"),
	TAIL,
};

/* 3.1: an additional website of an organization or URL of a service. Its
 * id (and a capacity's, and a unit's) may be left out on input: the write
 * derives one (dir_json_ids, sql/36_put.sql), as the profile requires it. */
static const struct val_field url_fields[] = {
	ID, S("label"), SFREQ("url", VAL_F_URI), REF("organization_id"), REF("service_id"), TAIL,
};

/* 3.1: how much of a service is available, in a unit. */
static const struct val_field service_capacity_fields[] = {
	ID,
	REF("service_id"),
	{ .name = "unit", .type = VAL_T_OBJECT, .kind = VAL_K_UNIT, .flags = VAL_REQUIRED },
	REF("unit_id"),
	{ .name = "available", .type = VAL_T_NUMBER, .flags = VAL_REQUIRED },
	N("maximum"),
	P("description"),
	SFREQ("updated", VAL_F_DATETIME),
	TAIL,
};

/* 3.1: a unit a capacity is counted in. */
static const struct val_field unit_fields[] = {
	ID, NAME, S("scheme"), S("identifier"), SF("uri", VAL_F_URI), TAIL,
};

/* Extension: one way to reach a service (docs/data-model.md). */
static const struct val_field contact_channel_fields[] = {
	EREQ("type", channel_type_enum),
	{ .name = "value", .type = VAL_T_STRING, .flags = VAL_REQUIRED | VAL_NONEMPTY },
	B("safe_to_leave_message"),
	AS("languages", VAL_F_BCP47),
};

/* Extension: the texts of a record in one more language. */
static const struct val_field translation_fields[] = {
	S("name"),
	S("alternate_name"),
	P("description"),
	P("eligibility_description"),
	P("application_process"),
};

/* Extension: where a confidential location counts for nearby search. */
static const struct val_field public_point_fields[] = {
	NFREQ("latitude", VAL_F_LATITUDE),
	NFREQ("longitude", VAL_F_LONGITUDE),
};

#define OBJ(k, n, t) [k] = { (n), (t), NELEM(t) }

const struct val_object val_objects[VAL_K_COUNT] = {
	[VAL_K_NONE] = { "value", NULL, 0 },
	OBJ(VAL_K_ORGANIZATION, "organization", organization_fields),
	OBJ(VAL_K_SERVICE, "service", service_fields),
	OBJ(VAL_K_LOCATION, "location", location_fields),
	OBJ(VAL_K_ADDRESS, "address", address_fields),
	OBJ(VAL_K_SERVICE_AT_LOCATION, "service_at_location", service_at_location_fields),
	OBJ(VAL_K_PHONE, "phone", phone_fields),
	OBJ(VAL_K_SCHEDULE, "schedule", schedule_fields),
	OBJ(VAL_K_LANGUAGE, "language", language_fields),
	OBJ(VAL_K_ATTRIBUTE, "attribute", attribute_fields),
	OBJ(VAL_K_TAXONOMY_TERM, "taxonomy_term", taxonomy_term_fields),
	OBJ(VAL_K_TAXONOMY, "taxonomy", taxonomy_fields),
	OBJ(VAL_K_FUNDING, "funding", funding_fields),
	OBJ(VAL_K_COST_OPTION, "cost_option", cost_option_fields),
	OBJ(VAL_K_PROGRAM, "program", program_fields),
	OBJ(VAL_K_REQUIRED_DOCUMENT, "required_document", required_document_fields),
	OBJ(VAL_K_CONTACT, "contact", contact_fields),
	OBJ(VAL_K_SERVICE_AREA, "service_area", service_area_fields),
	OBJ(VAL_K_ACCESSIBILITY, "accessibility", accessibility_fields),
	OBJ(VAL_K_METADATA, "metadata", metadata_fields),
	OBJ(VAL_K_ORGANIZATION_IDENTIFIER, "organization_identifier",
	    organization_identifier_fields),
	OBJ(VAL_K_URL, "url", url_fields),
	OBJ(VAL_K_SERVICE_CAPACITY, "service_capacity", service_capacity_fields),
	OBJ(VAL_K_UNIT, "unit", unit_fields),
	OBJ(VAL_K_CONTACT_CHANNEL, "contact channel", contact_channel_fields),
	OBJ(VAL_K_TRANSLATION, "translation", translation_fields),
	OBJ(VAL_K_PUBLIC_POINT, "public_point", public_point_fields),
};

const struct val_field *val_field_find(enum val_kind kind, const char *name)
{
	const struct val_object *o;

	if ((unsigned int)kind >= VAL_K_COUNT || name == NULL)
		return NULL;
	o = &val_objects[kind];
	for (size_t i = 0; i < o->nfields; i++)
		if (strcmp(o->fields[i].name, name) == 0)
			return &o->fields[i];
	return NULL;
}
