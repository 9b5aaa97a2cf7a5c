/*
 * jcs.c - RFC 8785 JSON Canonicalization Scheme for record signatures:
 * members sorted by the UTF-16 code units of their names, minimal string
 * escapes, integers only (a real is refused, docs/federation.md section 5).
 */
#include "jcs.h"

#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Largest integer magnitude a record may carry: 2^53. */
#define JCS_INT_LIMIT 9007199254740992LL

/* Largest canonical text written, in bytes (a record is far smaller). */
#define JCS_MAX_BYTES (16u * 1024u * 1024u)

/* The output and the JSON Pointer of the value being written. */
struct jcs_out {
	struct buf out;
	char path[512];
	size_t path_len;
	struct dir_error *err;
	int failed;
};

/* One object member, with its name decoded for sorting. */
struct jcs_member {
	const char *key;
	size_t key_len;
	const json_t *value;
};

static int jcs_fail_memory(struct jcs_out *o)
{
	if (!o->failed)
		dir_error_add(o->err, "internal_error", NULL,
			      "out of memory writing canonical JSON");
	o->failed = 1;
	return -1;
}

static int jcs_put(struct jcs_out *o, const char *s, size_t n)
{
	if (buf_add(&o->out, s, n) == 0)
		return 0;
	if (errno == EMSGSIZE && !o->failed) {
		dir_error_add(o->err, "invalid_value", o->path,
			      "the canonical JSON is over %u bytes", JCS_MAX_BYTES);
		o->failed = 1;
		return -1;
	}
	return jcs_fail_memory(o);
}

/*
 * Decode one UTF-8 sequence at s (n bytes left) into *cp. Returns its length
 * in bytes, or 0 when it is not well-formed (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF).
 */
static size_t jcs_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80             ? 1
		     : (s[0] & 0xE0) == 0xC0 ? 2
		     : (s[0] & 0xF0) == 0xE0 ? 3
		     : (s[0] & 0xF8) == 0xF0 ? 4
					     : 0;
	uint32_t c;

	if (len == 0 || len > n)
		return 0;
	c = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/*
 * A key whose order is that of the code point's UTF-16 code units:
 * U+0000..U+D7FF first, then the supplementary planes (high surrogates
 * D800..DBFF), then U+E000..U+FFFF.
 */
static uint32_t jcs_utf16_rank(uint32_t cp)
{
	if (cp < 0xD800)
		return cp;
	if (cp >= 0x10000)
		return 0xD800 + (cp - 0x10000);
	return cp + 0x110000;
}

/* Compare two member names by UTF-16 code units (RFC 8785 section 3.2.3). */
static int jcs_member_cmp(const void *pa, const void *pb)
{
	const struct jcs_member *a = pa, *b = pb;
	const unsigned char *s = (const unsigned char *)a->key, *t = (const unsigned char *)b->key;
	size_t i = 0, j = 0;

	while (i < a->key_len && j < b->key_len) {
		uint32_t c = 0, d = 0;
		size_t m = jcs_utf8_decode(s + i, a->key_len - i, &c);
		size_t n = jcs_utf8_decode(t + j, b->key_len - j, &d);
		/* Names were checked before sorting; bytes keep the sort total. */
		if (m == 0 || n == 0)
			return s[i] < t[j] ? -1 : s[i] > t[j] ? 1 : 0;
		if (c != d)
			return jcs_utf16_rank(c) < jcs_utf16_rank(d) ? -1 : 1;
		i += m;
		j += n;
	}
	return (i < a->key_len) - (j < b->key_len);
}

/* The escape of a control character, '"' or '\\' (RFC 8785 section 3.2.2.2). */
static void jcs_escape(uint32_t cp, char *esc, size_t cap)
{
	switch (cp) {
	case '"': snprintf(esc, cap, "\\\""); break;
	case '\\': snprintf(esc, cap, "\\\\"); break;
	case '\b': snprintf(esc, cap, "\\b"); break;
	case '\t': snprintf(esc, cap, "\\t"); break;
	case '\n': snprintf(esc, cap, "\\n"); break;
	case '\f': snprintf(esc, cap, "\\f"); break;
	case '\r': snprintf(esc, cap, "\\r"); break;
	default: snprintf(esc, cap, "\\u%04x", (unsigned int)cp); break;
	}
}

/* Write s (len bytes, UTF-8) as a JSON string with RFC 8785's escapes. */
static int jcs_string(struct jcs_out *o, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;
	uint32_t cp;

	if (jcs_put(o, "\"", 1) != 0)
		return -1;
	while (i < len) {
		char esc[8];
		size_t n = jcs_utf8_decode(u + i, len - i, &cp);
		if (n == 0) {
			dir_error_add(o->err, "invalid_value", o->path,
				      "a string is not valid UTF-8");
			o->failed = 1;
			return -1;
		}
		if (cp >= 0x20 && cp != '"' && cp != '\\') {
			i += n;
			run += n;
			continue;
		}
		if (jcs_put(o, s + i - run, run) != 0)
			return -1;
		run = 0;
		jcs_escape(cp, esc, sizeof(esc));
		if (jcs_put(o, esc, strlen(esc)) != 0)
			return -1;
		i += n;
	}
	if (jcs_put(o, s + i - run, run) != 0)
		return -1;
	return jcs_put(o, "\"", 1);
}

static int jcs_value(struct jcs_out *o, const json_t *v, int depth);

/* Extend the JSON Pointer by one token (RFC 6901 escapes); cut if too long. */
static size_t jcs_path_push(struct jcs_out *o, const char *key, size_t key_len, size_t index)
{
	size_t saved = o->path_len, cap = sizeof(o->path);
	char num[24];

	if (key == NULL) {
		snprintf(num, sizeof(num), "%zu", index);
		key = num;
		key_len = strlen(num);
	}
	if (o->path_len + 1 < cap)
		o->path[o->path_len++] = '/';
	for (size_t i = 0; i < key_len && o->path_len + 2 < cap; i++) {
		if (key[i] == '~' || key[i] == '/') {
			o->path[o->path_len++] = '~';
			o->path[o->path_len++] = key[i] == '~' ? '0' : '1';
		} else {
			o->path[o->path_len++] = key[i];
		}
	}
	o->path[o->path_len] = '\0';
	return saved;
}

static void jcs_path_pop(struct jcs_out *o, size_t saved)
{
	o->path_len = saved;
	o->path[saved] = '\0';
}

static int jcs_array(struct jcs_out *o, const json_t *v, int depth)
{
	size_t n = json_array_size(v);

	if (jcs_put(o, "[", 1) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t saved = jcs_path_push(o, NULL, 0, i);
		if ((i > 0 && jcs_put(o, ",", 1) != 0) ||
		    jcs_value(o, json_array_get(v, i), depth + 1) != 0)
			return -1;
		jcs_path_pop(o, saved);
	}
	return jcs_put(o, "]", 1);
}

/* Collect the members of v and check that their names are UTF-8. */
static struct jcs_member *jcs_members(struct jcs_out *o, const json_t *v, size_t *count)
{
	/* jansson iterates only non-const objects; nothing is changed. */
	json_t *obj = (json_t *)(uintptr_t)v;
	size_t n = json_object_size(v), i = 0, key_len;
	struct jcs_member *m = calloc(n > 0 ? n : 1, sizeof(*m));
	const char *key;
	json_t *value;

	if (m == NULL) {
		jcs_fail_memory(o);
		return NULL;
	}
	json_object_keylen_foreach(obj, key, key_len, value)
	{
		uint32_t cp;
		for (size_t j = 0, len; j < key_len; j += len)
			if ((len = jcs_utf8_decode((const unsigned char *)key + j, key_len - j,
						   &cp)) == 0) {
				dir_error_add(o->err, "invalid_value", o->path,
					      "a member name is not valid UTF-8");
				o->failed = 1;
				free(m);
				return NULL;
			}
		m[i++] = (struct jcs_member){ key, key_len, value };
	}
	qsort(m, i, sizeof(*m), jcs_member_cmp);
	*count = i;
	return m;
}

static int jcs_object(struct jcs_out *o, const json_t *v, int depth)
{
	size_t n = 0;
	struct jcs_member *m = jcs_members(o, v, &n);
	int rc = -1;

	if (m == NULL || jcs_put(o, "{", 1) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		size_t saved = jcs_path_push(o, m[i].key, m[i].key_len, 0);
		if ((i > 0 && jcs_put(o, ",", 1) != 0) ||
		    jcs_string(o, m[i].key, m[i].key_len) != 0 || jcs_put(o, ":", 1) != 0 ||
		    jcs_value(o, m[i].value, depth + 1) != 0)
			goto done;
		jcs_path_pop(o, saved);
	}
	rc = jcs_put(o, "}", 1);
done:
	free(m);
	return rc;
}

static int jcs_integer(struct jcs_out *o, const json_t *v)
{
	json_int_t i = json_integer_value(v);
	char num[32];

	if (i > JCS_INT_LIMIT || i < -JCS_INT_LIMIT) {
		dir_error_add(o->err, "invalid_value", o->path,
			      "integer %lld is beyond +-2^53; send it as a string", (long long)i);
		o->failed = 1;
		return -1;
	}
	snprintf(num, sizeof(num), "%lld", (long long)i);
	return jcs_put(o, num, strlen(num));
}

static int jcs_value(struct jcs_out *o, const json_t *v, int depth)
{
	if (depth > JCS_MAX_DEPTH) {
		dir_error_add(o->err, "invalid_value", o->path, "nesting deeper than %d levels",
			      JCS_MAX_DEPTH);
		o->failed = 1;
		return -1;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: return jcs_object(o, v, depth);
	case JSON_ARRAY: return jcs_array(o, v, depth);
	case JSON_STRING: return jcs_string(o, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: return jcs_integer(o, v);
	case JSON_TRUE: return jcs_put(o, "true", 4);
	case JSON_FALSE: return jcs_put(o, "false", 5);
	case JSON_NULL: return jcs_put(o, "null", 4);
	case JSON_REAL: break;
	}
	dir_error_add(o->err, "float_not_allowed", o->path,
		      "a floating-point number; send non-integers as decimal strings");
	o->failed = 1;
	return -1;
}

char *jcs_serialise(const json_t *v, size_t *len, struct dir_error *err)
{
	struct jcs_out o;

	memset(&o, 0, sizeof(o));
	buf_init(&o.out, JCS_MAX_BYTES);
	o.err = err;
	if (v == NULL) {
		dir_error_add(err, "invalid_value", "", "no value to serialise");
		return NULL;
	}
	if (jcs_value(&o, v, 1) != 0 || jcs_put(&o, "", 0) != 0) {
		buf_free(&o.out);
		return NULL;
	}
	return buf_take(&o.out, len);
}
