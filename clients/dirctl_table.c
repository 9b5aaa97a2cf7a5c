/*
 * dirctl_table.c - dirctl's tables: columns fitted to the terminal, with
 * display widths from wcwidth(3), so that Cyrillic, accented, CJK and
 * combining text lines up; cells cut with an ellipsis when too wide.
 * Text from a node never reaches the terminal raw: control characters and
 * invalid UTF-8 are shown as U+FFFD.
 */
#include "dirctl.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#define COLUMN_GAP 2
#define MIN_WIDTH  6 /* a column is not cut below this */

static const char ELLIPSIS[] = "\xe2\x80\xa6";    /* U+2026 */
static const char REPLACEMENT[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Node data is UTF-8 whatever the user's locale: decode it as such. */
static locale_t utf8_locale(void)
{
	static locale_t loc = (locale_t)0;

	if (loc == (locale_t)0)
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return loc;
}

/*
 * One character of s: its length in bytes (at least 1), its display
 * width, and whether it must be replaced (control, invalid UTF-8).
 */
static size_t next_char(const char *s, size_t n, int *width, int *replace)
{
	locale_t loc = utf8_locale(), old = (locale_t)0;
	mbstate_t ps;
	wchar_t wc;
	size_t len;

	memset(&ps, 0, sizeof(ps));
	if (loc != (locale_t)0)
		old = uselocale(loc);
	len = mbrtowc(&wc, s, n, &ps);
	*replace = 0;
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		len = 1;
		*replace = 1;
		*width = 1;
	} else if (iswcntrl((wint_t)wc) || (*width = wcwidth(wc)) < 0) {
		*replace = 1;
		*width = 1;
	}
	if (old != (locale_t)0)
		uselocale(old);
	return len;
}

/* The display width of s. */
static size_t text_width(const char *s)
{
	size_t n = strlen(s), w = 0, i = 0;
	int cw, rep;

	while (i < n) {
		i += next_char(s + i, n - i, &cw, &rep);
		w += (size_t)cw;
	}
	return w;
}

/* Prints s in exactly width columns: cut with an ellipsis, or padded
 * (unless last). */
static void print_cell(const char *s, size_t width, int last)
{
	size_t n = strlen(s), i = 0, used = 0, room = width;
	int cw, rep;

	if (text_width(s) > width)
		room = width > 0 ? width - 1 : 0; /* keep one for the ellipsis */
	while (i < n) {
		size_t len = next_char(s + i, n - i, &cw, &rep);
		if (used + (size_t)cw > room)
			break;
		if (rep)
			fputs(REPLACEMENT, stdout);
		else
			fwrite(s + i, 1, len, stdout);
		used += (size_t)cw;
		i += len;
	}
	if (i < n && width > 0) {
		fputs(ELLIPSIS, stdout);
		used++;
	}
	while (!last && used++ < width)
		fputc(' ', stdout);
}

int dirctl_table_init(struct dirctl_table *t, size_t ncols, const char *const *headers)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->buf, DIRCTL_MAX_RESPONSE);
	if (ncols == 0 || ncols > 64)
		return -1;
	t->ncols = ncols;
	return dirctl_table_add(t, headers); /* row 0, not counted in nrows */
}

int dirctl_table_add(struct dirctl_table *t, const char *const *cells)
{
	size_t used = (t->cells == NULL ? 0 : t->nrows + 1) * t->ncols;

	if (buf_slot(&t->buf, &t->cells, used + t->ncols - 1, sizeof(*t->cells)) != 0)
		return -1;
	for (size_t c = 0; c < t->ncols; c++) {
		char *copy = strdup(cells[c] != NULL ? cells[c] : "");
		if (copy == NULL) {
			while (c-- > 0)
				free(t->cells[used + c]);
			return -1;
		}
		/* line breaks and tabs inside a cell read as spaces */
		for (char *p = copy; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		t->cells[used + c] = copy;
	}
	if (used > 0)
		t->nrows++;
	return 0;
}

/* Narrows the widest columns, one column at a time, until they fit. */
static void fit_widths(const struct dirctl_table *t, size_t *w, size_t width)
{
	size_t total = 0, floor_w[64];

	for (size_t c = 0; c < t->ncols && c < 64; c++) {
		floor_w[c] = MIN_WIDTH;
		if (floor_w[c] > w[c] || (t->keep & (1ULL << c)) != 0)
			floor_w[c] = w[c];
		total += w[c] + (c > 0 ? COLUMN_GAP : 0);
	}
	/* first the columns the caller said matter less, right to left, down
	 * to the width it gave them */
	for (size_t c = t->ncols; c-- > 0 && width > 0 && total > width;) {
		size_t soft = t->soft[c] > floor_w[c] ? t->soft[c] : floor_w[c];
		if (t->soft[c] > 0 && w[c] > soft) {
			size_t cut = w[c] - soft < total - width ? w[c] - soft : total - width;
			w[c] -= cut;
			total -= cut;
		}
	}
	while (width > 0 && total > width) {
		size_t widest = t->ncols;
		for (size_t c = 0; c < t->ncols && c < 64; c++)
			if (w[c] > floor_w[c] && (widest == t->ncols || w[c] > w[widest]))
				widest = c;
		if (widest == t->ncols)
			break; /* nothing left to cut: the terminal wraps */
		w[widest]--;
		total--;
	}
}

void dirctl_table_print(const struct dirctl_table *t, size_t width)
{
	size_t *w = calloc(t->ncols, sizeof(*w));

	if (w == NULL)
		return;
	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = text_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	fit_widths(t, w, width);
	for (size_t r = 0; r <= t->nrows; r++) {
		char **row = t->cells + r * t->ncols;
		size_t end = t->ncols; /* no trailing blanks: stop after the last text */
		while (end > 1 && row[end - 1][0] == '\0')
			end--;
		for (size_t c = 0; c < end; c++) {
			if (c > 0)
				printf("%*s", COLUMN_GAP, "");
			print_cell(row[c], w[c], c + 1 == end);
		}
		fputc('\n', stdout);
	}
	free(w);
}

void dirctl_table_free(struct dirctl_table *t)
{
	size_t n = t->cells == NULL ? 0 : (t->nrows + 1) * t->ncols;

	for (size_t i = 0; i < n; i++)
		free(t->cells[i]);
	buf_free(&t->buf);
	memset(t, 0, sizeof(*t));
}

size_t dirctl_output_width(long width_opt)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	long v;

	if (width_opt > 0)
		return (size_t)width_opt;
	if (cols != NULL && (v = strtol(cols, NULL, 10)) > 0 && v < 100000)
		return (size_t)v;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}
