/*
 * sfv.c - RFC 8941 Structured Field Dictionaries: a strict parser for the
 * signature and digest headers and the Inner List serialiser (sfv.h).
 */
#include "sfv.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Everything one parsed dictionary owns, freed in one call. */
struct sfv_store {
	struct sfv_dict dict;
	struct sfv_member members[SFV_MAX_MEMBERS];
	struct sfv_item *items; /* pool, sized from the field length */
	size_t nitems, items_cap;
	struct sfv_param *params; /* pool, at most one per ';' of the field */
	size_t nparams, params_cap;
	char *arena; /* keys, strings, tokens, bytes: at most 2 * len + 1 bytes */
	size_t used, arena_cap;
};

struct sfv_parser {
	const char *s;
	size_t len, pos;
	struct sfv_store *st;
	struct dir_error *err;
};

static int sfv_fail(struct sfv_parser *p, const char *what)
{
	dir_error_add(p->err, "invalid_value", NULL, "structured field: %s at byte %zu", what,
		      p->pos);
	return -1;
}

static int sfv_peek(const struct sfv_parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void sfv_skip_sp(struct sfv_parser *p)
{
	while (sfv_peek(p) == ' ')
		p->pos++;
}

static void sfv_skip_ows(struct sfv_parser *p)
{
	while (sfv_peek(p) == ' ' || sfv_peek(p) == '\t')
		p->pos++;
}

/* Room for n bytes and a NUL in the arena (always there by construction). */
static char *sfv_arena(struct sfv_parser *p, size_t n)
{
	char *at = p->st->arena + p->st->used;

	if (n + 1 > p->st->arena_cap - p->st->used)
		return NULL;
	p->st->used += n + 1;
	at[n] = '\0';
	return at;
}

static int sfv_is_lcalpha(int c)
{
	return c >= 'a' && c <= 'z';
}

static int sfv_is_alpha(int c)
{
	return sfv_is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}

static int sfv_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int sfv_is_key_char(int c)
{
	return sfv_is_lcalpha(c) || sfv_is_digit(c) || (c > 0 && strchr("_-.*", c) != NULL);
}

/* tchar (RFC 9110) plus ":" and "/", the rest of a Token. */
static int sfv_is_token_char(int c)
{
	return sfv_is_alpha(c) || sfv_is_digit(c) || (c > 0 && strchr("!#$%&'*+-.^_`|~:/", c));
}

/* key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" ) */
static int sfv_parse_key(struct sfv_parser *p, const char **out)
{
	size_t start = p->pos;
	char *k;

	if (!sfv_is_lcalpha(sfv_peek(p)) && sfv_peek(p) != '*')
		return sfv_fail(p, "a key must start with a-z or *");
	while (sfv_is_key_char(sfv_peek(p)))
		p->pos++;
	if ((k = sfv_arena(p, p->pos - start)) == NULL)
		return sfv_fail(p, "no room for a key");
	memcpy(k, p->s + start, p->pos - start);
	*out = k;
	return 0;
}

static int sfv_parse_integer(struct sfv_parser *p, struct sfv_value *v)
{
	long long n = 0, sign = 1;
	size_t digits = 0;

	if (sfv_peek(p) == '-') {
		sign = -1;
		p->pos++;
	}
	if (!sfv_is_digit(sfv_peek(p)))
		return sfv_fail(p, "a digit expected");
	while (sfv_is_digit(sfv_peek(p))) {
		if (++digits > 15)
			return sfv_fail(p, "an integer of more than 15 digits");
		n = n * 10 + (sfv_peek(p) - '0');
		p->pos++;
	}
	if (sfv_peek(p) == '.')
		return sfv_fail(p, "decimals are not supported");
	v->type = SFV_INTEGER;
	v->integer = sign * n;
	return 0;
}

static int sfv_parse_string(struct sfv_parser *p, struct sfv_value *v)
{
	char *out = p->st->arena + p->st->used;
	size_t n = 0;
	int c;

	p->pos++; /* the opening quote */
	for (;;) {
		c = sfv_peek(p);
		if (c < 0)
			return sfv_fail(p, "an unterminated string");
		p->pos++;
		if (c == '"')
			break;
		if (c == '\\') {
			c = sfv_peek(p);
			if (c != '"' && c != '\\')
				return sfv_fail(p, "a string escape other than \\\" or \\\\");
			p->pos++;
		} else if (c < 0x20 || c > 0x7e) {
			return sfv_fail(p, "a string character outside printable ASCII");
		}
		if (n + 1 >= p->st->arena_cap - p->st->used)
			return sfv_fail(p, "no room for a string");
		out[n++] = (char)c;
	}
	if (sfv_arena(p, n) != out)
		return sfv_fail(p, "no room for a string");
	v->type = SFV_STRING;
	v->str = out;
	v->len = n;
	return 0;
}

static int sfv_parse_token(struct sfv_parser *p, struct sfv_value *v)
{
	size_t start = p->pos;
	char *t;

	p->pos++; /* ALPHA or "*", checked by the caller */
	while (sfv_is_token_char(sfv_peek(p)))
		p->pos++;
	if ((t = sfv_arena(p, p->pos - start)) == NULL)
		return sfv_fail(p, "no room for a token");
	memcpy(t, p->s + start, p->pos - start);
	v->type = SFV_TOKEN;
	v->str = t;
	v->len = p->pos - start;
	return 0;
}

/* Base64 (RFC 4648 section 4), padded or not, between colons. */
static int sfv_parse_bytes(struct sfv_parser *p, struct sfv_value *v)
{
	size_t start = ++p->pos, n, bin_len = 0;
	unsigned char *out = (unsigned char *)p->st->arena + p->st->used;
	const char *end = NULL;
	int c;

	while ((c = sfv_peek(p)) >= 0 && c != ':') {
		if (!sfv_is_alpha(c) && !sfv_is_digit(c) && c != '+' && c != '/' && c != '=')
			return sfv_fail(p, "a byte sequence character outside base64");
		p->pos++;
	}
	if (c != ':')
		return sfv_fail(p, "an unterminated byte sequence");
	n = p->pos - start;
	if (n + 1 > p->st->arena_cap - p->st->used)
		return sfv_fail(p, "no room for a byte sequence");
	if (sodium_base642bin(out, n, p->s + start, n, NULL, &bin_len, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != p->s + start + n) {
		if (sodium_base642bin(out, n, p->s + start, n, NULL, &bin_len, &end,
				      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
		    end != p->s + start + n)
			return sfv_fail(p, "a byte sequence that is not base64");
	}
	p->pos++;
	if (sfv_arena(p, bin_len) != (char *)out)
		return sfv_fail(p, "no room for a byte sequence");
	v->type = SFV_BYTES;
	v->str = (const char *)out;
	v->len = bin_len;
	return 0;
}

static int sfv_parse_bare(struct sfv_parser *p, struct sfv_value *v)
{
	int c = sfv_peek(p);

	memset(v, 0, sizeof(*v));
	if (c == '-' || sfv_is_digit(c))
		return sfv_parse_integer(p, v);
	if (c == '"')
		return sfv_parse_string(p, v);
	if (sfv_is_alpha(c) || c == '*')
		return sfv_parse_token(p, v);
	if (c == ':')
		return sfv_parse_bytes(p, v);
	if (c == '?') {
		p->pos++;
		c = sfv_peek(p);
		if (c != '0' && c != '1')
			return sfv_fail(p, "a boolean other than ?0 or ?1");
		p->pos++;
		v->type = SFV_BOOLEAN;
		v->integer = c == '1';
		return 0;
	}
	return sfv_fail(p, "an item expected");
}

/* Parameters (RFC 8941 section 4.2.3.2), into the params pool. */
static int sfv_parse_params(struct sfv_parser *p, const struct sfv_param **out, size_t *n)
{
	struct sfv_store *st = p->st;
	struct sfv_param *first = st->params + st->nparams;

	*n = 0;
	*out = first;
	while (sfv_peek(p) == ';') {
		struct sfv_param *pa = st->params + st->nparams;
		p->pos++;
		sfv_skip_sp(p);
		if (*n == SFV_MAX_PARAMS || st->nparams == st->params_cap)
			return sfv_fail(p, "too many parameters");
		if (sfv_parse_key(p, &pa->key) != 0)
			return -1;
		if (sfv_param_get(first, *n, pa->key) != NULL)
			return sfv_fail(p, "a parameter given twice");
		pa->value = (struct sfv_value){ .type = SFV_BOOLEAN, .integer = 1 };
		if (sfv_peek(p) == '=') {
			p->pos++;
			if (sfv_parse_bare(p, &pa->value) != 0)
				return -1;
		}
		st->nparams++;
		(*n)++;
	}
	return 0;
}

/* Inner List (RFC 8941 section 4.2.1.2) into member m. */
static int sfv_parse_inner_list(struct sfv_parser *p, struct sfv_member *m)
{
	struct sfv_store *st = p->st;

	p->pos++; /* "(" */
	m->inner_list = 1;
	m->items = st->items + st->nitems;
	m->nitems = 0;
	for (;;) {
		struct sfv_item *it;
		sfv_skip_sp(p);
		if (sfv_peek(p) == ')') {
			p->pos++;
			return sfv_parse_params(p, &m->params, &m->nparams);
		}
		if (m->nitems == SFV_MAX_ITEMS || st->nitems == st->items_cap)
			return sfv_fail(p, "too many items in an inner list");
		it = st->items + st->nitems;
		if (sfv_parse_bare(p, &it->value) != 0 ||
		    sfv_parse_params(p, &it->params, &it->nparams) != 0)
			return -1;
		st->nitems++;
		m->nitems++;
		if (sfv_peek(p) != ' ' && sfv_peek(p) != ')')
			return sfv_fail(p, "an inner list item must be followed by a space or )");
	}
}

static int sfv_parse_member(struct sfv_parser *p, struct sfv_member *m)
{
	memset(m, 0, sizeof(*m));
	if (sfv_parse_key(p, &m->key) != 0)
		return -1;
	if (sfv_dict_get(&p->st->dict, m->key) != NULL)
		return sfv_fail(p, "a member given twice");
	if (sfv_peek(p) != '=') {
		m->value = (struct sfv_value){ .type = SFV_BOOLEAN, .integer = 1 };
		return sfv_parse_params(p, &m->params, &m->nparams);
	}
	p->pos++;
	if (sfv_peek(p) == '(')
		return sfv_parse_inner_list(p, m);
	if (sfv_parse_bare(p, &m->value) != 0)
		return -1;
	return sfv_parse_params(p, &m->params, &m->nparams);
}

static int sfv_parse_members(struct sfv_parser *p)
{
	struct sfv_store *st = p->st;

	sfv_skip_sp(p);
	while (p->pos < p->len) {
		if (st->dict.count == SFV_MAX_MEMBERS)
			return sfv_fail(p, "too many members");
		if (sfv_parse_member(p, &st->members[st->dict.count]) != 0)
			return -1;
		st->dict.count++;
		sfv_skip_ows(p);
		if (p->pos == p->len)
			return 0;
		if (sfv_peek(p) != ',')
			return sfv_fail(p, "a comma expected between members");
		p->pos++;
		sfv_skip_ows(p);
		if (p->pos == p->len)
			return sfv_fail(p, "a trailing comma");
	}
	return 0;
}

/* The store with pools sized for len bytes of field value. */
static struct sfv_store *sfv_store_new(const char *text, size_t len)
{
	struct sfv_store *st = calloc(1, sizeof(*st));
	size_t semis = 0;

	if (st == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		semis += text[i] == ';';
	st->params_cap = semis;
	st->items_cap =
		len < SFV_MAX_MEMBERS * SFV_MAX_ITEMS ? len : SFV_MAX_MEMBERS * SFV_MAX_ITEMS;
	st->arena_cap = 2 * len + 1;
	st->params = calloc(semis + 1, sizeof(*st->params));
	st->items = calloc(st->items_cap + 1, sizeof(*st->items));
	st->arena = malloc(st->arena_cap);
	st->dict.members = st->members;
	st->dict.priv_ = st;
	if (st->params == NULL || st->items == NULL || st->arena == NULL) {
		sfv_dict_free(&st->dict);
		return NULL;
	}
	return st;
}

struct sfv_dict *sfv_dict_parse(const char *text, size_t len, struct dir_error *err)
{
	struct sfv_parser p = { text, len, 0, NULL, err };

	if (len > SFV_MAX_HEADER) {
		dir_error_add(err, "invalid_value", NULL, "structured field: longer than %u bytes",
			      SFV_MAX_HEADER);
		return NULL;
	}
	if ((p.st = sfv_store_new(text, len)) == NULL) {
		dir_error_add(err, "internal_error", NULL, "out of memory parsing a header");
		return NULL;
	}
	if (sfv_parse_members(&p) != 0) {
		sfv_dict_free(&p.st->dict);
		return NULL;
	}
	return &p.st->dict;
}

void sfv_dict_free(struct sfv_dict *d)
{
	struct sfv_store *st;

	if (d == NULL)
		return;
	st = d->priv_;
	free(st->params);
	free(st->items);
	free(st->arena);
	free(st);
}

const struct sfv_member *sfv_dict_get(const struct sfv_dict *d, const char *key)
{
	for (size_t i = 0; d != NULL && i < d->count; i++)
		if (strcmp(d->members[i].key, key) == 0)
			return &d->members[i];
	return NULL;
}

const struct sfv_value *sfv_param_get(const struct sfv_param *params, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(params[i].key, key) == 0)
			return &params[i].value;
	return NULL;
}

/* A growing output buffer for the serialiser. */
/* Largest header value written, in bytes. */
#define SFV_MAX_BYTES (64u * 1024u)

/* The output; failed once anything could not be added. */
struct sfv_buf {
	struct buf out;
	int failed;
};

static void sfv_put(struct sfv_buf *b, const char *s, size_t n)
{
	if (!b->failed && buf_add(&b->out, s, n) != 0)
		b->failed = 1;
}

static void sfv_puts(struct sfv_buf *b, const char *s)
{
	sfv_put(b, s, strlen(s));
}

static int sfv_key_ok(const char *k)
{
	if (k == NULL || (!sfv_is_lcalpha((unsigned char)k[0]) && k[0] != '*'))
		return 0;
	for (size_t i = 1; k[i] != '\0'; i++)
		if (!sfv_is_key_char((unsigned char)k[i]))
			return 0;
	return 1;
}

static int sfv_put_string(struct sfv_buf *b, const struct sfv_value *v)
{
	sfv_put(b, "\"", 1);
	for (size_t i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->str[i];
		if (c < 0x20 || c > 0x7e)
			return -1;
		if (c == '"' || c == '\\')
			sfv_put(b, "\\", 1);
		sfv_put(b, v->str + i, 1);
	}
	sfv_put(b, "\"", 1);
	return 0;
}

static int sfv_put_bytes(struct sfv_buf *b, const struct sfv_value *v)
{
	const int variant = sodium_base64_VARIANT_ORIGINAL;
	size_t n = sodium_base64_ENCODED_LEN(v->len, variant);
	char *text;

	if (v->len > SFV_MAX_HEADER || (text = malloc(n)) == NULL)
		return -1;
	sodium_bin2base64(text, n, (const unsigned char *)v->str, v->len, variant);
	sfv_put(b, ":", 1);
	sfv_puts(b, text);
	sfv_put(b, ":", 1);
	free(text);
	return 0;
}

/* Serialise a bare item (RFC 8941 section 4.1.3). */
static int sfv_put_bare(struct sfv_buf *b, const struct sfv_value *v)
{
	char num[24];

	switch (v->type) {
	case SFV_INTEGER:
		if (v->integer > SFV_INT_MAX || v->integer < -SFV_INT_MAX)
			return -1;
		snprintf(num, sizeof(num), "%lld", v->integer);
		sfv_puts(b, num);
		return 0;
	case SFV_STRING: return sfv_put_string(b, v);
	case SFV_TOKEN:
		if (v->len == 0 || (!sfv_is_alpha((unsigned char)v->str[0]) && v->str[0] != '*'))
			return -1;
		for (size_t i = 1; i < v->len; i++)
			if (!sfv_is_token_char((unsigned char)v->str[i]))
				return -1;
		sfv_put(b, v->str, v->len);
		return 0;
	case SFV_BYTES: return sfv_put_bytes(b, v);
	case SFV_BOOLEAN: sfv_puts(b, v->integer ? "?1" : "?0"); return 0;
	}
	return -1;
}

static int sfv_put_params(struct sfv_buf *b, const struct sfv_param *params, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!sfv_key_ok(params[i].key))
			return -1;
		sfv_put(b, ";", 1);
		sfv_puts(b, params[i].key);
		if (params[i].value.type == SFV_BOOLEAN && params[i].value.integer)
			continue;
		sfv_put(b, "=", 1);
		if (sfv_put_bare(b, &params[i].value) != 0)
			return -1;
	}
	return 0;
}

char *sfv_inner_list_serialise(const struct sfv_item *items, size_t nitems,
			       const struct sfv_param *params, size_t nparams, size_t *len,
			       struct dir_error *err)
{
	struct sfv_buf b = { { NULL, 0, 0, SFV_MAX_BYTES, 0 }, 0 };

	sfv_put(&b, "(", 1);
	for (size_t i = 0; i < nitems; i++) {
		if (i > 0)
			sfv_put(&b, " ", 1);
		if (sfv_put_bare(&b, &items[i].value) != 0 ||
		    sfv_put_params(&b, items[i].params, items[i].nparams) != 0)
			goto invalid;
	}
	sfv_put(&b, ")", 1);
	if (sfv_put_params(&b, params, nparams) != 0)
		goto invalid;
	if (b.failed) {
		dir_error_add(err, "internal_error", NULL,
			      "a header over %u bytes, or out of memory serialising it",
			      SFV_MAX_BYTES);
		buf_free(&b.out);
		return NULL;
	}
	return buf_take(&b.out, len);
invalid:
	dir_error_add(err, "invalid_value", NULL,
		      "structured field: an item or parameter that cannot be serialised");
	buf_free(&b.out);
	return NULL;
}
