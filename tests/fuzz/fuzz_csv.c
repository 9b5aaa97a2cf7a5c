/*
 * fuzz_csv.c - the importer's CSV table reader (import_csv_read, libcsv)
 * on the input as a file, and then the tabular builder on what it read:
 * the table is imported as an HSDS 3.0 organizations, services,
 * locations and phones table and as an HSDS 1.0 services table, each time
 * on a fresh copy (the builder rewrites rows in place).
 */
#include <jansson.h>

#include "error.h"
#include "fuzz.h"
#include "import_internal.h"

/* Import a copy of t as the HSDS table name. */
static void fuzz_build(const struct import_table *t, const char *name, int hsds1)
{
	struct import_table copy;
	struct import_pkg pkg = { &copy, 1, hsds1 };
	struct import_batch b;
	struct dir_error err;
	size_t n = json_array_size(t->rows);

	memset(&copy, 0, sizeof(copy));
	memset(&b, 0, sizeof(b));
	snprintf(copy.file, sizeof(copy.file), "%ss.csv", name);
	snprintf(copy.path, sizeof(copy.path), "fuzz/%ss.csv", name);
	snprintf(copy.name, sizeof(copy.name), "%s", name);
	copy.rows = json_deep_copy(t->rows);
	if (n > 0 && t->lines != NULL && (copy.lines = malloc(n * sizeof(*copy.lines))) != NULL)
		memcpy(copy.lines, t->lines, n * sizeof(*copy.lines));
	dir_error_init(&err);
	if (copy.rows != NULL && (n == 0 || copy.lines != NULL))
		import_tabular_build(&pkg, &b, &err);
	for (size_t i = 0; i < b.n; i++)
		if (!json_is_object(b.recs[i].doc))
			fuzz_fail("a record that is not an object");
	dir_error_clear(&err);
	import_batch_free(&b);
	import_table_free(&copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "organization", "service", "location", "phone" };
	struct import_table t;
	struct dir_error err;
	const char *path = fuzz_file(data, size);
	int rc;

	if (path == NULL)
		return 0;
	memset(&t, 0, sizeof(t));
	dir_error_init(&err);
	rc = import_csv_read(path, &t, &err);
	if (rc == 0) {
		size_t n = json_array_size(t.rows);
		if (n > 0 && t.lines == NULL)
			fuzz_fail("rows without their lines");
		for (size_t i = 0; i < n; i++)
			if (t.lines[i] == 0 || t.lines[i] > size + 1)
				fuzz_fail("a row's line is out of range");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			fuzz_build(&t, names[i], 0);
		fuzz_build(&t, "service", 1);
	} else if (!dir_error_isset(&err)) {
		fuzz_fail("import_csv_read failed without an error");
	}
	dir_error_clear(&err);
	import_table_free(&t);
	return 0;
}
