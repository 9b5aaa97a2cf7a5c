/*
 * elig_norm.h - text normalisation for the eligibility rule, with ICU:
 * word boundaries (UAX #29, dictionaries for Thai), NFKC with case folding,
 * marks removed, ICU's Latin-ASCII transliterator, and the confusable
 * skeleton of Unicode TS #39 for letters of another script inside a word.
 * It also notes evasion: mixed scripts in a word, look-alike words and
 * invisible characters between letters. docs/eligibility.md describes it.
 */
#ifndef DIRECTORYD_ELIG_NORM_H
#define DIRECTORYD_ELIG_NORM_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

enum elig_script {
	ELIG_SC_NONE,
	ELIG_SC_LATIN,
	ELIG_SC_GREEK,
	ELIG_SC_CYRILLIC,
	ELIG_SC_THAI,
	ELIG_SC_OTHER,
	ELIG_SC_N
};

#define ELIG_TOK_SENT    1   /* a sentence ends before this word */
#define ELIG_TOK_COMMA   2   /* a comma (or colon) stands before this word */
#define ELIG_TOK_LETTER  4   /* the word has a letter */
#define ELIG_TOK_EVASION 8   /* mixed scripts, a look-alike or an invisible character */
#define ELIG_TOK_COLON   16  /* the comma before this word is a colon (a list follows) */
#define ELIG_TOK_QUOTE   32  /* a quotation mark stands before this word (not an apostrophe) */
#define ELIG_TOK_ASKED   64  /* a question mark follows this word: its sentence asks */
#define ELIG_TOK_PAROPEN 128 /* an opening bracket stands before this word */
#define ELIG_TOK_PARSHUT 256 /* a closing bracket stands before this word */
#define ELIG_TOK_SEMI    512 /* the sentence end before this word is a semicolon */

/* Why a word is marked ELIG_TOK_EVASION (elig_tok.evasion). */
enum elig_evasion {
	ELIG_EV_NONE,
	ELIG_EV_MIXED,     /* letters of two scripts in one word */
	ELIG_EV_LOOKALIKE, /* a word of another script made of look-alikes */
	ELIG_EV_INVISIBLE, /* an invisible character between two letters */
};

struct elig_tok {
	size_t off, len;           /* the case-folded NFKC word (marks kept) in norm */
	size_t foff, flen;         /* the folded word (marks removed, Latin-ASCII) in norm */
	size_t src_start, src_end; /* bytes of the input */
	int flags;
	int script;
	int evasion;
};

struct elig_text {
	char *norm; /* words, each NUL-terminated: the bytes of norm_buf */
	size_t nlen;
	struct buf norm_buf;
	struct elig_tok *toks; /* the bytes of toks_buf */
	size_t ntoks;
	struct buf toks_buf;
	size_t letters[ELIG_SC_N]; /* letters per script */
	size_t nwords;             /* words with a letter */
};

struct elig_norm;

/*
 * Open the ICU services (normalisers, word break iterator, spoof checker,
 * the Latin-ASCII transliterator). Returns a handle freed with
 * elig_norm_close, or NULL with "internal_error" in err (may be NULL) when
 * ICU's data is missing or memory runs out. The handle is read-only once
 * opened and may be shared between threads.
 */
struct elig_norm *elig_norm_open(struct dir_error *err);

/* Free a handle from elig_norm_open. NULL is allowed. */
void elig_norm_close(struct elig_norm *nm);

/*
 * Split s[0..len) (UTF-8; invalid bytes become U+FFFD) into words and
 * normalise each (see the file comment). t is overwritten; free it with
 * elig_text_free, also after a failure. Returns 0, or -1 when out of
 * memory or ICU fails.
 */
int elig_norm_text(const struct elig_norm *nm, const char *s, size_t len, struct elig_text *t);

/* Free what elig_norm_text allocated in t and zero it. */
void elig_text_free(struct elig_text *t);

/*
 * Fold s[0..n) (UTF-8, already case-folded, e.g. a stem): marks removed,
 * then Latin-ASCII. Writes at most cap-1 bytes and a NUL to out. Returns
 * the length written, or -1 when it does not fit or ICU fails.
 */
long elig_norm_fold(const struct elig_norm *nm, const char *s, size_t n, char *out, size_t cap);

#endif
