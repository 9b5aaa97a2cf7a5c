/*
 * fuzz_record.c - a feed item as a peer sends it ({"record", "sig"}):
 * parsed and checked by rec_parse (federation/record.c), and its body turned
 * back into an HSDS document by rec_body_to_hsds. A refusal must name one of
 * the record layer's codes; a parsed record must have its canonical text.
 */
#include <jansson.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "record.h"

static void fuzz_record_body(const struct rec_parsed *rec)
{
	struct dir_error err;
	enum dir_kind kind;
	json_t *doc;

	if (rec->body == NULL || rec_kind(rec->type, &kind) != 0)
		return;
	dir_error_init(&err);
	doc = rec_body_to_hsds(kind, rec->body, &err);
	if (doc == NULL && !dir_error_isset(&err))
		fuzz_fail("rec_body_to_hsds failed without saying why");
	json_decref(doc);
	dir_error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_parsed rec;
	struct dir_error err;
	json_t *item = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);

	if (item == NULL)
		return 0;
	memset(&rec, 0, sizeof(rec));
	dir_error_init(&err);
	if (rec_parse(item, &rec, &err) == 0) {
		if (rec.jcs == NULL || rec.jcs_len != strlen(rec.jcs))
			fuzz_fail("a parsed record has no canonical text");
		fuzz_record_body(&rec);
	} else if (strcmp(err.code, "invalid_record") != 0 &&
		   strcmp(err.code, "float_not_allowed") != 0 &&
		   strcmp(err.code, "invalid_value") != 0) {
		fuzz_fail("rec_parse refused with an unexpected code");
	}
	rec_parsed_free(&rec);
	dir_error_clear(&err);
	json_decref(item);
	return 0;
}
