/*
 * fuzz_json_body.c - a submitted JSON body, as the write API and the
 * importer see it: parsed with JSON_REJECT_DUPLICATES, checked for depth,
 * validated as each kind of record (val_check), and checked against the
 * eligibility rule (elig_check_document). The rules are loaded once from
 * $DIRECTORYD_DATA_DIR/data/eligibility; without a data directory that
 * part is skipped.
 */
#include <jansson.h>

#include "eligibility.h"
#include "error.h"
#include "fuzz.h"
#include "kind.h"
#include "validate.h"

/* The rule set, loaded on first use; NULL when there is none. */
static const struct elig_rules *fuzz_rules(void)
{
	static struct elig_rules *rules;
	static int tried;
	const char *dir = fuzz_data_dir();
	char path[4096];
	struct dir_error err;

	if (tried || dir == NULL)
		return rules;
	tried = 1;
	snprintf(path, sizeof(path), "%s/data/eligibility", dir);
	dir_error_init(&err);
	rules = elig_rules_load(path, &err);
	if (rules == NULL) {
		fprintf(stderr, "fuzz_json_body: %s\n", err.message);
		abort();
	}
	dir_error_clear(&err);
	return rules;
}

/*
 * Render err as the API would, then empty it. Every code a client's
 * document can cause must be in error.c's table with a 4xx status
 * (unknown codes become 500); internal_error is out of memory here.
 */
static void fuzz_render(struct dir_error *err)
{
	json_t *body = dir_error_to_json(err), *d;
	size_t i;

	json_array_foreach(err->details, i, d)
	{
		const char *code = json_string_value(json_object_get(d, "code"));
		if (code == NULL ||
		    (dir_error_status(code) >= 500 && strcmp(code, "internal_error") != 0)) {
			fprintf(stderr, "code %s\n", code ? code : "(none)");
			fuzz_fail("an error code that is not a client error");
		}
	}
	json_decref(body);
	dir_error_clear(err);
}

/* val_check as each kind, on a copy each time (it rewrites in place). */
static void fuzz_validate(const json_t *doc)
{
	static const enum dir_kind kinds[] = { DIR_KIND_ORGANIZATION, DIR_KIND_SERVICE,
					       DIR_KIND_LOCATION };
	struct dir_error err;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		json_t *copy = json_deep_copy(doc);
		if (copy == NULL)
			return;
		dir_error_init(&err);
		if (val_check(kinds[i], copy, &err) == 0 && dir_error_isset(&err))
			fuzz_fail("val_check accepted but recorded an error");
		/* A valid document stays valid once normalized. */
		if (!dir_error_isset(&err) && val_check(kinds[i], copy, NULL) != 0)
			fuzz_fail("val_check refused its own normalization");
		fuzz_render(&err);
		json_decref(copy);
	}
}

/* The eligibility rule over the whole document. */
static void fuzz_eligibility(const json_t *doc)
{
	const struct elig_rules *rules = fuzz_rules();
	struct dir_error err;
	json_t *unchecked;

	if (rules == NULL || (unchecked = json_array()) == NULL)
		return;
	dir_error_init(&err);
	if (elig_check_document(rules, doc, "", &err, unchecked) > 0 && !dir_error_isset(&err))
		fuzz_fail("elig_check_document refused without an error");
	fuzz_render(&err);
	json_decref(unchecked);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *doc;

	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return 0;
	fuzz_validate(doc);
	/* Only what api_body_object lets through reaches the rule. */
	if (json_is_object(doc) && val_json_depth(doc) <= DIR_MAX_JSON_DEPTH)
		fuzz_eligibility(doc);
	json_decref(doc);
	return 0;
}
