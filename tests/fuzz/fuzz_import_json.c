/*
 * fuzz_import_json.c - the importer's JSON reader (import_json_file) on
 * the input as a file: a record, a Page envelope, an array of records or
 * a tabular package written as JSON. Each record it makes is then
 * validated as import.c does (val_check).
 */
#include <jansson.h>

#include "error.h"
#include "fuzz.h"
#include "import_internal.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_batch b;
	struct dir_error err;
	const char *path = fuzz_file(data, size);

	if (path == NULL)
		return 0;
	memset(&b, 0, sizeof(b));
	dir_error_init(&err);
	if (import_json_file(path, &b, &err) != 0 && !dir_error_isset(&err))
		fuzz_fail("import_json_file failed without an error");
	dir_error_clear(&err);
	for (size_t i = 0; i < b.n; i++) {
		if (!json_is_object(b.recs[i].doc))
			fuzz_fail("a record that is not an object");
		val_check(b.recs[i].kind, b.recs[i].doc, &err);
		dir_error_clear(&err);
	}
	import_batch_free(&b);
	return 0;
}
