/*
 * lang.c - parse a reader's language preference (Accept-Language, lang=)
 * into a short list of well-formed BCP 47 tags, best first.
 */
#include "lang.h"

#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* Where kept tags go: the caller's buffer and pointer array. */
struct lang_out {
	char *buf;
	size_t cap, used;
	const char **tags;
	size_t max, n;
};

/* Copy tag into out if it is well-formed BCP 47 and there is room. */
static void lang_push(struct lang_out *out, const char *tag, size_t len)
{
	char tmp[LANG_MAX_TAG];

	if (len == 0 || len >= sizeof(tmp) || out->n == out->max || out->used + len + 1 > out->cap)
		return;
	memcpy(tmp, tag, len);
	tmp[len] = '\0';
	if (!val_is_bcp47(tmp))
		return;
	memcpy(out->buf + out->used, tmp, len + 1);
	out->tags[out->n++] = out->buf + out->used;
	out->used += len + 1;
}

/* One Accept-Language entry's q value (1.0 when absent). */
static double lang_qvalue(const char *params, size_t len)
{
	const char *q = NULL;

	for (size_t i = 0; i + 2 < len; i++)
		if (params[i] == 'q' && params[i + 1] == '=') {
			q = params + i + 2;
			break;
		}
	return q != NULL ? strtod(q, NULL) : 1.0;
}

size_t lang_parse_accept_language(const char *header, char *buf, size_t cap, const char **tags,
				  size_t max)
{
	struct {
		const char *tag;
		size_t len;
		double q;
	} e[LANG_MAX_ENTRIES];
	struct lang_out out = { buf, cap, 0, tags, max, 0 };
	size_t n = 0;
	const char *p = header;

	while (*p != '\0' && n < LANG_MAX_ENTRIES) {
		size_t item = strcspn(p, ",");
		size_t tag = strcspn(p, ";,");
		while (*p == ' ' && item > 0) {
			p++;
			item--;
			tag--;
		}
		while (tag > 0 && p[tag - 1] == ' ')
			tag--;
		e[n].tag = p;
		e[n].len = tag;
		e[n].q = lang_qvalue(p + tag, item - tag);
		if (e[n].q > 0 && !(tag == 1 && p[0] == '*'))
			n++;
		p += item;
		if (*p == ',')
			p++;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && e[j].q > e[j - 1].q; j--) {
			__typeof__(e[0]) t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		lang_push(&out, e[i].tag, e[i].len);
	return out.n;
}

int lang_parse_list(const char *list, char *buf, size_t cap, const char **tags, size_t max,
		    size_t *n)
{
	struct lang_out out = { buf, cap, 0, tags, max, 0 };
	int rc = 0;

	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, ",");
		size_t before = out.n;
		lang_push(&out, p, len);
		if (out.n == before) {
			rc = -1;
			break;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*n = out.n;
	return rc;
}
