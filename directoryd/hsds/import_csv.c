/*
 * import_csv.c - read one CSV table for the importer with libcsv.
 *
 * HSDS CSV cells carry embedded newlines, commas and quotes (RFC 4180), so
 * the file is parsed with libcsv, fed one line at a time so that each row
 * can be reported with the line it starts on.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import_internal.h"

/* State shared by the libcsv callbacks. */
struct import_csv_state {
	struct import_table *t;
	json_t *header;   /* array of column names */
	json_t *row;      /* object being filled, NULL before the first cell */
	size_t col;       /* index of the next cell in the row */
	size_t line;      /* line being fed (1-based) */
	size_t row_line;  /* line the current row starts on */
	struct buf lines; /* t->lines' bytes, which t owns once read */
	int in_header;    /* 1 until the first row has ended */
	int failed;       /* 1: stop, message in err */
	struct dir_error *err;
};

char *import_read_file(const char *path, size_t *len, struct dir_error *err)
{
	FILE *f;
	char *buf = NULL;
	struct stat st;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL) {
		dir_error_add(err, "invalid_import", NULL, "cannot open %s: %s", path,
			      strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > IMPORT_MAX_FILE_BYTES) {
		dir_error_add(err, "invalid_import", NULL,
			      "%s is not a regular file of at most %zu bytes", path,
			      IMPORT_MAX_FILE_BYTES);
		goto done;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory");
		goto done;
	}
	n = fread(buf, 1, (size_t)st.st_size + 1, f);
	if (ferror(f) || n > (size_t)st.st_size) {
		dir_error_add(err, "invalid_import", NULL,
			      "cannot read %s (read error or file grew)", path);
		free(buf);
		buf = NULL;
		goto done;
	}
	buf[n] = '\0';
	*len = n;
done:
	fclose(f);
	return buf;
}

static void import_csv_fail(struct import_csv_state *st, const char *what)
{
	if (st->failed)
		return;
	st->failed = 1;
	dir_error_add(st->err, "invalid_import", NULL, "%s line %zu: %s", st->t->path, st->line,
		      what);
}

/* Lines a cell spans beyond its first: the newlines inside it. */
static size_t import_csv_newlines(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

/* A header cell: the column name, trimmed of a byte order mark. */
static void import_csv_header_cell(struct import_csv_state *st, const char *s, size_t len)
{
	json_t *name;

	if (st->col == 0 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (memchr(s, '\0', len) != NULL)
		return import_csv_fail(st, "column name contains a NUL byte");
	name = json_stringn(s, len);
	if (name == NULL || json_array_append_new(st->header, name) != 0)
		import_csv_fail(st, "column name is not UTF-8 text");
}

static void import_csv_cell(void *s, size_t len, void *data)
{
	struct import_csv_state *st = data;
	const char *cell = s ? s : "";
	const char *col;
	json_t *v;

	if (st->failed)
		return;
	if (len > IMPORT_MAX_FIELD_BYTES || st->col >= IMPORT_MAX_COLUMNS)
		return import_csv_fail(st, "cell or row too large");
	if (st->col == 0)
		st->row_line = st->line - import_csv_newlines(cell, len);
	if (st->in_header) {
		import_csv_header_cell(st, cell, len);
		st->col++;
		return;
	}
	if (st->row == NULL && (st->row = json_object()) == NULL)
		return import_csv_fail(st, "out of memory");
	col = json_string_value(json_array_get(st->header, st->col));
	st->col++;
	if (len == 0 || col == NULL || col[0] == '\0')
		return;
	if (memchr(cell, '\0', len) != NULL || (v = json_stringn(cell, len)) == NULL)
		return import_csv_fail(st, "cell is not UTF-8 text");
	if (json_object_set_new(st->row, col, v) != 0)
		import_csv_fail(st, "out of memory");
}

/* Remember the line a row starts on, growing t->lines as needed. */
static int import_csv_keep_line(struct import_csv_state *st, size_t idx)
{
	if (buf_slot(&st->lines, &st->t->lines, idx, sizeof(*st->t->lines)) != 0)
		return -1;
	st->t->lines[idx] = st->row_line;
	return 0;
}

static void import_csv_row_end(int c, void *data)
{
	struct import_csv_state *st = data;
	size_t idx;

	(void)c;
	st->col = 0;
	if (st->failed)
		return;
	if (st->in_header) {
		st->in_header = 0;
		return;
	}
	if (st->row == NULL)
		return;
	idx = json_array_size(st->t->rows);
	if (idx >= IMPORT_MAX_ROWS)
		return import_csv_fail(st, "too many rows");
	if (import_csv_keep_line(st, idx) != 0 ||
	    json_array_append_new(st->t->rows, st->row) != 0) {
		st->row = NULL;
		return import_csv_fail(st, "out of memory");
	}
	st->row = NULL;
}

/* Feed buf to the parser one line at a time, counting lines. */
static void import_csv_feed(struct csv_parser *p, struct import_csv_state *st, const char *buf,
			    size_t len)
{
	const char *end = buf + len, *nl;
	size_t n;

	while (buf < end && !st->failed) {
		nl = memchr(buf, '\n', (size_t)(end - buf));
		n = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
		st->line++;
		if (csv_parse(p, buf, n, import_csv_cell, import_csv_row_end, st) != n)
			import_csv_fail(st, csv_strerror(csv_error(p)));
		buf += n;
	}
	if (!st->failed)
		csv_fini(p, import_csv_cell, import_csv_row_end, st);
}

int import_csv_read(const char *path, struct import_table *t, struct dir_error *err)
{
	struct import_csv_state st;
	struct csv_parser p;
	const char *base;
	char *buf;
	size_t len = 0;

	memset(&st, 0, sizeof(st));
	buf_init(&st.lines, IMPORT_MAX_RECORDS * sizeof(size_t));
	base = strrchr(path, '/');
	snprintf(t->file, sizeof(t->file), "%s", base ? base + 1 : path);
	snprintf(t->path, sizeof(t->path), "%s", path);
	t->rows = json_array();
	st.header = json_array();
	if (t->rows == NULL || st.header == NULL) {
		json_decref(st.header);
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	if ((buf = import_read_file(path, &len, err)) == NULL) {
		json_decref(st.header);
		return -1;
	}
	st.t = t;
	st.err = err;
	st.in_header = 1;
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		free(buf);
		json_decref(st.header);
		dir_error_add(err, "internal_error", NULL, "out of memory");
		return -1;
	}
	import_csv_feed(&p, &st, buf, len);
	csv_free(&p);
	free(buf);
	json_decref(st.row);
	t->columns = st.header;
	return st.failed ? -1 : 0;
}

void import_table_free(struct import_table *t)
{
	json_decref(t->rows);
	json_decref(t->columns);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}
