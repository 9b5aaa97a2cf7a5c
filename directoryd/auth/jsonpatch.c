/*
 * jsonpatch.c - applying RFC 6902 JSON Patches (jsonpatch.h). JSON
 * Pointers are RFC 6901.
 */
#include "jsonpatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JP_PATH_MAX 1024

/* A NULL document is JSON null. */
static json_t *jp_val(json_t *v)
{
	return v != NULL ? v : json_null();
}

/* Split an RFC 6901 pointer into unescaped tokens. Returns count or -1. */
static int jp_tokens(const char *path, char *buf, size_t cap, char **tok, int max)
{
	int n = 0;
	size_t len = 0;

	if (path[0] == '\0')
		return 0;
	if (path[0] != '/')
		return -1;
	for (const char *p = path; *p != '\0'; p++) {
		char c = *p;
		if (c == '/') {
			if (n == max || len + 1 > cap)
				return -1;
			if (n > 0)
				buf[len++] = '\0';
			tok[n++] = buf + len;
			continue;
		}
		if (c == '~') {
			if (p[1] != '0' && p[1] != '1')
				return -1;
			c = *++p == '0' ? '~' : '/';
		}
		if (len + 2 > cap)
			return -1;
		buf[len++] = c;
	}
	buf[len] = '\0';
	return n;
}

/* An array index token: digits without a leading zero, below size (or = for add). */
static int jp_index(const char *tok, size_t size, int for_add, size_t *out)
{
	char *end;
	unsigned long v;

	if (for_add && strcmp(tok, "-") == 0) {
		*out = size;
		return 0;
	}
	if (tok[0] < '0' || tok[0] > '9' || (tok[0] == '0' && tok[1] != '\0'))
		return -1;
	v = strtoul(tok, &end, 10);
	if (*end != '\0' || v > size || (!for_add && v == size))
		return -1;
	*out = v;
	return 0;
}

/* The value at tokens [0, n) of doc, borrowed, or NULL. */
static json_t *jp_walk(json_t *doc, char **tok, int n)
{
	for (int i = 0; i < n && doc != NULL; i++) {
		size_t idx;
		if (json_is_object(doc))
			doc = json_object_get(doc, tok[i]);
		else if (json_is_array(doc) && jp_index(tok[i], json_array_size(doc), 0, &idx) == 0)
			doc = json_array_get(doc, idx);
		else
			return NULL;
	}
	return doc;
}

/* One operation on a non-root path of doc (a copy the caller owns). 0 or -1. */
static int jp_apply_at(json_t *doc, const char *op, char **tok, int n, json_t *value, int strict)
{
	json_t *parent = jp_walk(doc, tok, n - 1);
	const char *last = tok[n - 1];
	json_t *cur = parent != NULL ? jp_walk(parent, tok + n - 1, 1) : NULL;
	size_t idx;

	if (strcmp(op, "test") == 0)
		return cur != NULL && json_equal(cur, value) ? 0 : -1;
	if (json_is_object(parent)) {
		if (strcmp(op, "add") == 0 && !(strict && cur != NULL))
			return json_object_set_new(parent, last, json_deep_copy(value));
		if (cur == NULL)
			return -1;
		if (strcmp(op, "remove") == 0)
			return json_object_del(parent, last);
		return strcmp(op, "replace") == 0
			       ? json_object_set_new(parent, last, json_deep_copy(value))
			       : -1;
	}
	if (!json_is_array(parent))
		return -1;
	if (strcmp(op, "add") == 0)
		return jp_index(last, json_array_size(parent), 1, &idx) == 0
			       ? json_array_insert_new(parent, idx, json_deep_copy(value))
			       : -1;
	if (cur == NULL || jp_index(last, json_array_size(parent), 0, &idx) != 0)
		return -1;
	if (strcmp(op, "remove") == 0)
		return json_array_remove(parent, idx);
	return strcmp(op, "replace") == 0 ? json_array_set_new(parent, idx, json_deep_copy(value))
					  : -1;
}

/* One operation; *doc (owned) may be replaced. 0 or -1. */
static int jp_apply_one(json_t **doc, const json_t *o, int strict)
{
	const char *op = json_string_value(json_object_get(o, "op"));
	const char *path = json_string_value(json_object_get(o, "path"));
	json_t *value = json_object_get(o, "value");
	char buf[JP_PATH_MAX], *tok[64];
	int n;

	if (op == NULL || path == NULL || strlen(path) >= sizeof(buf))
		return -1;
	if (value == NULL && strcmp(op, "remove") != 0)
		return -1;
	if ((n = jp_tokens(path, buf, sizeof(buf), tok, 64)) < 0)
		return -1;
	if (n > 0)
		return *doc == NULL ? -1 : jp_apply_at(*doc, op, tok, n, value, strict);
	if (strcmp(op, "test") == 0)
		return json_equal(jp_val(*doc), value) ? 0 : -1;
	if (strcmp(op, "remove") != 0 && strcmp(op, "add") != 0 && strcmp(op, "replace") != 0)
		return -1;
	json_decref(*doc);
	*doc = strcmp(op, "remove") == 0 || json_is_null(value) ? NULL : json_deep_copy(value);
	return 0;
}

int jpatch_apply(json_t **doc, const json_t *patch, int strict, char *failed_path, size_t cap)
{
	json_t *work = *doc != NULL ? json_deep_copy(*doc) : NULL;
	size_t i;
	json_t *o;

	if (cap > 0)
		failed_path[0] = '\0';
	if (!json_is_array(patch) || (*doc != NULL && work == NULL))
		goto fail;
	json_array_foreach(patch, i, o)
	{
		if (jp_apply_one(&work, o, strict) != 0) {
			const char *path = json_string_value(json_object_get(o, "path"));
			if (cap > 0)
				snprintf(failed_path, cap, "%s", path != NULL ? path : "");
			goto fail;
		}
	}
	json_decref(*doc);
	*doc = work;
	return 0;
fail:
	json_decref(work);
	return -1;
}
