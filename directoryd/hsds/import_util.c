/*
 * import_util.c - ids, warnings and the record list the importer's readers
 * share.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "import_internal.h"
#include "validate.h"

/*
 * directoryd's UUIDv5 namespace for imported source ids (a fixed random
 * UUID; changing it would give every imported record a new id).
 */
static const char import_namespace[] = "4d51a59e-bb47-4062-a7a7-b5dadaf2a53f";

static void import_uuid_v5(const char *name, char out[37])
{
	uuid_t ns, id;

	if (uuid_parse(import_namespace, ns) != 0)
		memset(ns, 0, sizeof(ns));
	uuid_generate_sha1(id, ns, name, strlen(name));
	uuid_unparse_lower(id, out);
}

void import_uuid_map(const char *table, const char *source_id, char out[37])
{
	char name[1024];
	size_t i;

	if (val_is_uuid(source_id)) {
		for (i = 0; i < 36; i++)
			out[i] = (char)tolower((unsigned char)source_id[i]);
		out[36] = '\0';
		return;
	}
	snprintf(name, sizeof(name), "%s:%s", table, source_id);
	import_uuid_v5(name, out);
}

void import_uuid_derive(const char *table, const char *parent_table, const char *parent_id,
			size_t pos, char out[37])
{
	char name[1024];

	snprintf(name, sizeof(name), "%s:%s:%s:%zu", table, parent_table, parent_id, pos);
	import_uuid_v5(name, out);
}

static json_t *import_warn_obj(const char *code, const char *field, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static json_t *import_warn_obj(const char *code, const char *field, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	return json_pack("{s:s, s:s, s:s}", "code", code, "message", msg, "field",
			 field ? field : "");
}

int import_warn(json_t *warnings, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;
	json_t *w;

	va_start(ap, fmt);
	w = import_warn_obj(code, field, fmt, ap);
	va_end(ap);
	if (w == NULL)
		return -1;
	return json_array_append_new(warnings, w);
}

int import_note(struct import_batch *b, const char *path, size_t line, const char *source_id,
		const char *code, const char *fmt, ...)
{
	char source[4200];
	va_list ap;
	json_t *w, *note;

	va_start(ap, fmt);
	w = import_warn_obj(code, NULL, fmt, ap);
	va_end(ap);
	if (w == NULL)
		return -1;
	if (line > 0)
		snprintf(source, sizeof(source), "%s:%zu", path, line);
	else
		snprintf(source, sizeof(source), "%s", path);
	note = json_pack("{s:{s:O, s:O, s:s, s:[O]}, s:s}", "warning", "code",
			 json_object_get(w, "code"), "message", json_object_get(w, "message"),
			 "field", "", "details", w, "source", source);
	json_decref(w);
	if (note == NULL)
		return -1;
	if (source_id != NULL && source_id[0] != '\0')
		json_object_set_new(note, "source_id", json_string(source_id));
	return json_array_append_new(b->notes, note);
}

struct import_rec *import_batch_add(struct import_batch *b, enum dir_kind kind, json_t *doc,
				    const char *path, size_t line, const char *source_id)
{
	struct import_rec *r;

	if (buf_slot(&b->buf, &b->recs, b->n, sizeof(*b->recs)) != 0)
		goto fail; /* IMPORT_MAX_RECORDS, or no memory */
	r = &b->recs[b->n];
	memset(r, 0, sizeof(*r));
	if ((r->warnings = json_array()) == NULL)
		goto fail;
	r->kind = kind;
	r->doc = doc;
	if (line > 0)
		snprintf(r->source, sizeof(r->source), "%s:%zu", path, line);
	else
		snprintf(r->source, sizeof(r->source), "%s", path);
	snprintf(r->source_id, sizeof(r->source_id), "%s", source_id ? source_id : "");
	b->n++;
	return r;
fail:
	json_decref(doc);
	return NULL;
}

/* Map the reference obj[key] to table's stable UUID when it is none. */
static void import_taxon_ref(json_t *obj, const char *key, const char *table)
{
	const char *v = import_str(obj, key);
	char uuid[37];

	if (v == NULL || val_is_uuid(v))
		return;
	import_uuid_map(table, v, uuid);
	json_object_set_new(obj, key, json_string(uuid));
}

/*
 * The terms a taxonomy nests (the UK profile's taxonomy.taxonomy_terms),
 * each taken out of it and added as a term of that taxonomy; one that is
 * no JSON object is reported (not_imported), as any other value that is
 * no record. Returns 0, or -1 out of memory.
 */
static int import_taxon_terms(struct import_batch *b, json_t *taxonomy, const char *source)
{
	json_t *terms = json_incref(json_object_get(taxonomy, "taxonomy_terms")), *t;
	const char *id = import_str(taxonomy, "id");
	char where[4400];
	size_t i;
	int rc = 0;

	if (terms == NULL)
		return 0;
	json_object_del(taxonomy, "taxonomy_terms");
	json_array_foreach(terms, i, t)
	{
		snprintf(where, sizeof(where), "%s/taxonomy_terms/%zu", source, i);
		if (!json_is_object(t)) {
			if ((rc = import_note(b, where, 0, NULL, "not_imported",
					      "a nested taxonomy term that is no JSON object; not "
					      "imported")) != 0)
				break;
			continue;
		}
		if ((t = json_deep_copy(t)) == NULL) {
			rc = -1;
			break;
		}
		if (id != NULL && json_object_get(t, "taxonomy_id") == NULL)
			json_object_set_new(t, "taxonomy_id", json_string(id));
		if ((rc = import_batch_taxon(b, "taxonomy_term", t, where)) != 0)
			break;
	}
	json_decref(terms);
	return rc;
}

int import_batch_taxon(struct import_batch *b, const char *kind, json_t *doc, const char *source)
{
	const char *id = import_str(doc, "id");
	json_t *source_id;
	char uuid[37];

	if (doc == NULL)
		return -1;
	if (b->taxa == NULL && (b->taxa = json_array()) == NULL) {
		json_decref(doc);
		return -1;
	}
	if (strcmp(kind, "taxonomy") == 0 && import_taxon_terms(b, doc, source) != 0) {
		json_decref(doc);
		return -1;
	}
	/* Kept before the id is replaced below, which frees the string id points to. */
	source_id = json_string(id != NULL ? id : "");
	if (id != NULL && !val_is_uuid(id)) {
		import_uuid_map(kind, id, uuid);
		json_object_set_new(doc, "id", json_string(uuid));
	}
	import_taxon_ref(doc, "parent_id", "taxonomy_term");
	import_taxon_ref(doc, "taxonomy_id", "taxonomy");
	import_taxon_ref(json_object_get(doc, "taxonomy_detail"), "id", "taxonomy");
	return json_array_append_new(b->taxa,
				     json_pack("{s:s, s:o, s:s, s:o}", "kind", kind, "doc", doc,
					       "source", source, "source_id", source_id));
}

void import_batch_free(struct import_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		json_decref(b->recs[i].doc);
		json_decref(b->recs[i].warnings);
	}
	buf_free(&b->buf);
	json_decref(b->notes);
	json_decref(b->taxa);
	memset(b, 0, sizeof(*b));
}

const char *import_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

const char *import_kind_name(enum dir_kind kind)
{
	switch (kind) {
	case DIR_KIND_ORGANIZATION: return "organization";
	case DIR_KIND_SERVICE: return "service";
	case DIR_KIND_LOCATION: return "location";
	}
	return "record";
}
