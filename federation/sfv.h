/*
 * sfv.h - a small, strict parser of RFC 8941 Structured Field Dictionaries,
 * enough for Signature-Input, Signature (RFC 9421) and Content-Digest
 * (RFC 9530), and the serialiser of an Inner List with parameters that
 * @signature-params needs.
 *
 * Supported: dictionary members whose value is an Item (Integer, String,
 * Token, Byte Sequence, Boolean) or an Inner List of Items, each with
 * Parameters. Not supported, refused: Decimals. Stricter than the RFC: a
 * member or parameter name given twice is refused (the RFC keeps the last),
 * so that no two readers of one header can disagree.
 */
#ifndef DIRECTORYD_SFV_H
#define DIRECTORYD_SFV_H

#include <stddef.h>

#include "error.h"

#define SFV_MAX_HEADER  8192u /* longest field value parsed, in bytes */
#define SFV_MAX_MEMBERS 16u   /* members of one dictionary */
#define SFV_MAX_ITEMS   16u   /* items of one inner list */
#define SFV_MAX_PARAMS  16u   /* parameters of one item or inner list */
/* Largest Integer magnitude, RFC 8941 section 3.3.1 (15 digits). */
#define SFV_INT_MAX 999999999999999LL

enum sfv_type {
	SFV_INTEGER = 1,
	SFV_STRING,
	SFV_TOKEN,
	SFV_BYTES,
	SFV_BOOLEAN,
};

/* A Bare Item. */
struct sfv_value {
	enum sfv_type type;
	long long integer; /* SFV_INTEGER: the number; SFV_BOOLEAN: 0 or 1 */
	const char *str;   /* SFV_STRING, SFV_TOKEN: the text (unescaped, NUL-terminated);
			      SFV_BYTES: the decoded bytes (NUL-terminated too) */
	size_t len;        /* length of str in bytes, without the NUL */
};

/* One parameter: a key and a bare item (Boolean true when written bare). */
struct sfv_param {
	const char *key;
	struct sfv_value value;
};

/* An Item: a bare item and its parameters. */
struct sfv_item {
	struct sfv_value value;
	const struct sfv_param *params;
	size_t nparams;
};

/* One dictionary member: an Item, or an Inner List with its parameters. */
struct sfv_member {
	const char *key;
	int inner_list;               /* 1 for an Inner List, 0 for an Item */
	struct sfv_value value;       /* the Item's bare item (inner_list == 0) */
	const struct sfv_item *items; /* the Inner List's items (inner_list == 1) */
	size_t nitems;
	const struct sfv_param *params; /* the Item's or the Inner List's parameters */
	size_t nparams;
};

/* A parsed dictionary; every pointer in it lives until sfv_dict_free. */
struct sfv_dict {
	const struct sfv_member *members; /* in the order of the field value */
	size_t count;
	void *priv_; /* storage; not for callers */
};

/*
 * Parse len bytes at text as a Dictionary (RFC 8941 section 4.2.2); leading
 * and trailing spaces are allowed. An empty value gives an empty dictionary.
 * Returns a dictionary the caller frees with sfv_dict_free, or NULL with err
 * set: invalid_value (malformed, with the byte offset in the message; a
 * limit above exceeded), internal_error (memory).
 */
struct sfv_dict *sfv_dict_parse(const char *text, size_t len, struct dir_error *err);

/* Free a dictionary and everything it points to. NULL is fine. */
void sfv_dict_free(struct sfv_dict *d);

/* The member named key (borrowed from d), or NULL. */
const struct sfv_member *sfv_dict_get(const struct sfv_dict *d, const char *key);

/* The value of the parameter named key among n params (borrowed), or NULL. */
const struct sfv_value *sfv_param_get(const struct sfv_param *params, size_t n, const char *key);

/*
 * Serialise an Inner List with parameters (RFC 8941 section 4.1.1.1), e.g.
 * ("@method" "@authority";req);created=1;keyid="k". Boolean true
 * parameters are written bare (";req"). Strings must be printable ASCII,
 * tokens and keys of their RFC 8941 alphabets, integers within
 * +-SFV_INT_MAX.
 * Returns a NUL-terminated malloc'd string the caller frees (length in *len
 * when len is not NULL), or NULL with err set: invalid_value (an item that
 * cannot be serialised), internal_error (memory).
 */
char *sfv_inner_list_serialise(const struct sfv_item *items, size_t nitems,
			       const struct sfv_param *params, size_t nparams, size_t *len,
			       struct dir_error *err);

#endif
