/*
 * elig_norm.c - ICU text normalisation for the eligibility rule: words by
 * UAX #29 (ICU's word break iterator), NFKC case folding, marks removed,
 * Latin-ASCII, look-alike letters mapped with the TS #39 skeleton, and the
 * evasion marks (mixed scripts, look-alike words, invisible characters).
 */
#include "elig_norm.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#define NORM_WORD_MAX      256 /* UTF-16 units of one word we normalise; longer words are cut */
#define NORM_LOOKALIKE_MIN 3   /* letters of a whole look-alike word */
#define NORM_MAX_BYTES     ((size_t)64 << 20) /* of the words, and of the tokens, of one text */

/* A letter and the one code point its confusable skeleton is. */
struct norm_skel {
	UChar32 cp, skel;
	int script;
};

struct elig_norm {
	const UNormalizer2 *nfkc_cf, *nfd, *nfc;
	UBreakIterator *words;     /* template, cloned per text */
	UBreakIterator *sentences; /* template, cloned per text that has a full stop */
	USpoofChecker *spoof;
	UTransliterator *ascii; /* Latin-ASCII; not thread-safe: under lock */
	pthread_mutex_t *ascii_lock;
	struct norm_skel *skel; /* Latin, Greek and Cyrillic letters with a one-letter skeleton */
	size_t nskel;
};

/* ---- scripts and look-alikes ------------------------------------------ */

static int norm_script(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;

	switch (uscript_getScript(c, &st)) {
	case USCRIPT_LATIN: return ELIG_SC_LATIN;
	case USCRIPT_GREEK: return ELIG_SC_GREEK;
	case USCRIPT_CYRILLIC: return ELIG_SC_CYRILLIC;
	case USCRIPT_THAI: return ELIG_SC_THAI;
	case USCRIPT_COMMON:
	case USCRIPT_INHERITED: return ELIG_SC_NONE;
	default: return ELIG_SC_OTHER;
	}
}

/* The skeleton of one code point when it is one code point, else -1. */
static UChar32 norm_skel1(const USpoofChecker *sc, UChar32 c)
{
	UChar in[2], out[8];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0, len;
	UChar32 r;

	U16_APPEND_UNSAFE(in, n, c);
	len = uspoof_getSkeleton(sc, 0, in, n, out, 8, &st);
	if (U_FAILURE(st) || len < 1)
		return -1;
	n = 0;
	U16_NEXT(out, n, len, r);
	return n == len ? r : -1;
}

/* Record every Latin, Greek and Cyrillic letter with a one-letter skeleton. */
static int norm_skel_table(struct elig_norm *nm)
{
	static const UChar32 ranges[][2] = { { 0x41, 0x24F }, { 0x370, 0x3FF }, { 0x400, 0x52F } };
	size_t cap = 0;

	for (size_t i = 0; i < 3; i++)
		cap += (size_t)(ranges[i][1] - ranges[i][0] + 1);
	if ((nm->skel = calloc(cap, sizeof(*nm->skel))) == NULL)
		return -1;
	for (size_t i = 0; i < 3; i++)
		for (UChar32 c = ranges[i][0]; c <= ranges[i][1]; c++) {
			UChar32 k;
			if (!u_isalpha(c) || (k = norm_skel1(nm->spoof, c)) < 0)
				continue;
			nm->skel[nm->nskel++] = (struct norm_skel){ c, k, norm_script(c) };
		}
	return 0;
}

/*
 * A letter of script `to` that looks like c (same skeleton), keeping c's
 * case where the script has it; -1 when there is none.
 */
static UChar32 norm_lookalike(const struct elig_norm *nm, UChar32 c, int to)
{
	UChar32 k = norm_skel1(nm->spoof, c), best = -1;

	if (k < 0)
		return -1;
	for (size_t i = 0; i < nm->nskel; i++) {
		const struct norm_skel *s = &nm->skel[i];
		if (s->skel != k || s->script != to)
			continue;
		if (best < 0 || (u_isULowercase(s->cp) == u_isULowercase(c)))
			best = s->cp;
		if (u_isULowercase(s->cp) == u_isULowercase(c))
			break;
	}
	return best;
}

/* ---- opening ------------------------------------------------------------ */

struct elig_norm *elig_norm_open(struct dir_error *err)
{
	static const UChar latin_ascii[] = { 'L', 'a', 't', 'i', 'n', '-',
					     'A', 'S', 'C', 'I', 'I', 0 };
	struct elig_norm *nm = calloc(1, sizeof(*nm));
	UErrorCode st = U_ZERO_ERROR;

	if (nm == NULL)
		goto fail;
	if ((nm->ascii_lock = malloc(sizeof(*nm->ascii_lock))) == NULL ||
	    pthread_mutex_init(nm->ascii_lock, NULL) != 0) {
		free(nm->ascii_lock);
		free(nm);
		nm = NULL;
		goto fail;
	}
	nm->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	nm->nfd = unorm2_getNFDInstance(&st);
	nm->nfc = unorm2_getNFCInstance(&st);
	nm->words = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
	nm->sentences = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &st);
	nm->spoof = uspoof_open(&st);
	nm->ascii = utrans_openU(latin_ascii, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st) || norm_skel_table(nm) != 0)
		goto fail;
	return nm;
fail:
	if (err != NULL)
		dir_error_add(
			err, "internal_error", NULL,
			"cannot open ICU's normalisers, word or sentence breaks, spoof checker or "
			"Latin-ASCII transliterator: %s",
			u_errorName(st));
	elig_norm_close(nm);
	return NULL;
}

void elig_norm_close(struct elig_norm *nm)
{
	if (nm == NULL)
		return;
	if (nm->words != NULL)
		ubrk_close(nm->words);
	if (nm->sentences != NULL)
		ubrk_close(nm->sentences);
	if (nm->spoof != NULL)
		uspoof_close(nm->spoof);
	if (nm->ascii != NULL)
		utrans_close(nm->ascii);
	pthread_mutex_destroy(nm->ascii_lock);
	free(nm->ascii_lock);
	free(nm->skel);
	free(nm);
}

/* ---- one word ------------------------------------------------------------ */

/* Append UTF-16 u[0..n) to t->norm as UTF-8 plus a NUL; *off, *len say where. */
static int norm_put(struct elig_text *t, const UChar *u, int32_t n, size_t *off, size_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;

	u_strToUTF8(NULL, 0, &need, u, n, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return -1;
	if (buf_add(&t->norm_buf, NULL, (size_t)need + 1) != 0) /* room for the word and its NUL */
		return -1;
	t->norm = t->norm_buf.data;
	st = U_ZERO_ERROR;
	u_strToUTF8(t->norm + t->nlen, need + 1, NULL, u, n, &st);
	if (U_FAILURE(st))
		return -1;
	*off = t->nlen;
	*len = (size_t)need;
	t->nlen += (size_t)need + 1;
	return 0;
}

/* Does u[0..n) hold a Latin letter outside ASCII? */
static int norm_latin_beyond_ascii(const UChar *u, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		if (u[i] >= 0x80 && norm_script(u[i]) == ELIG_SC_LATIN)
			return 1;
	return 0;
}

/*
 * Normalise in[0..n) into out (cap units); a word that would not fit is
 * cut until it does (a word of hundreds of letters is no phrase anyway).
 */
static int32_t norm_fit(const UNormalizer2 *f, const UChar *in, int32_t n, UChar *out, int32_t cap)
{
	for (;;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t m = unorm2_normalize(f, in, n, out, cap, &st);
		if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING)
			return m;
		if (st != U_BUFFER_OVERFLOW_ERROR && st != U_STRING_NOT_TERMINATED_WARNING)
			return -1;
		n /= 2;
		if (n > 0 && U16_IS_LEAD(in[n - 1]))
			n--;
	}
}

/*
 * Fold a case-folded word in place: marks removed (NFD, drop Mn and Me,
 * NFC), apostrophes dropped, then Latin-ASCII. u has room for cap units.
 * Returns the new length or -1.
 */
static int32_t norm_fold16(const struct elig_norm *nm, UChar *u, int32_t n, int32_t cap)
{
	UChar tmp[NORM_WORD_MAX * 4], keep[NORM_WORD_MAX * 4];
	UErrorCode st = U_ZERO_ERROR;
	int32_t m, k = 0, limit;

	if ((m = norm_fit(nm->nfd, u, n, tmp, NORM_WORD_MAX * 4)) < 0)
		return -1;
	for (int32_t i = 0; i < m; i++) {
		int8_t ty = u_charType(tmp[i]);
		if (ty == U_NON_SPACING_MARK || ty == U_ENCLOSING_MARK || tmp[i] == '\'' ||
		    tmp[i] == 0x2019 || tmp[i] == 0x2BC)
			continue;
		tmp[k++] = tmp[i];
	}
	if ((n = norm_fit(nm->nfc, tmp, k, u, cap)) < 0)
		return -1;
	if (!norm_latin_beyond_ascii(u, n) || n > NORM_WORD_MAX * 4)
		return n;
	memcpy(keep, u, (size_t)n * sizeof(*u));
	limit = k = n;
	pthread_mutex_lock(nm->ascii_lock);
	utrans_transUChars(nm->ascii, u, &n, cap, 0, &limit, &st);
	pthread_mutex_unlock(nm->ascii_lock);
	if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING)
		return n;
	memcpy(u, keep, (size_t)k * sizeof(*u)); /* too long to transliterate: keep it */
	return k;
}

/* The script most letters of u[0..n) have; counts[] per script. */
static int norm_major_script(const UChar *u, int32_t n, int counts[ELIG_SC_N])
{
	int best = ELIG_SC_NONE;
	UChar32 c;

	memset(counts, 0, sizeof(int) * ELIG_SC_N);
	for (int32_t i = 0; i < n;) {
		U16_NEXT(u, i, n, c);
		if (u_isalpha(c))
			counts[norm_script(c)]++;
	}
	for (int s = ELIG_SC_LATIN; s < ELIG_SC_N; s++)
		if (counts[s] > counts[best])
			best = s;
	return best;
}

/*
 * Letters of another script than the word's own become their look-alike
 * in the word's script ("pоlice" with a Cyrillic о reads "police").
 * Returns the number of scripts the word's letters had.
 */
static int norm_unmix(const struct elig_norm *nm, UChar *u, int32_t *n, int *major)
{
	int counts[ELIG_SC_N], scripts = 0;
	UChar out[NORM_WORD_MAX + 4];
	int32_t k = 0;
	UChar32 c, r;

	*major = norm_major_script(u, *n, counts);
	for (int s = ELIG_SC_LATIN; s < ELIG_SC_N; s++)
		scripts += counts[s] > 0;
	if (scripts < 2)
		return scripts;
	for (int32_t i = 0; i < *n && k < NORM_WORD_MAX;) {
		U16_NEXT(u, i, *n, c);
		if (u_isalpha(c) && norm_script(c) != *major &&
		    (r = norm_lookalike(nm, c, *major)) >= 0)
			c = r;
		U16_APPEND_UNSAFE(out, k, c);
	}
	memcpy(u, out, (size_t)k * sizeof(*u));
	*n = k;
	return scripts;
}

/*
 * Normalise the word u[0..n) (at most NORM_WORD_MAX units) into tok: the
 * case-folded NFKC form and the folded form.
 */
static int norm_word(const struct elig_norm *nm, struct elig_text *t, const UChar *src, int32_t n,
		     struct elig_tok *tok)
{
	UChar u[NORM_WORD_MAX + 4], cf[NORM_WORD_MAX * 4];
	int32_t m;
	int major;

	memcpy(u, src, (size_t)n * sizeof(*u));
	if (norm_unmix(nm, u, &n, &major) > 1) {
		tok->flags |= ELIG_TOK_EVASION;
		tok->evasion = ELIG_EV_MIXED;
	}
	tok->script = major;
	if ((m = norm_fit(nm->nfkc_cf, u, n, cf, NORM_WORD_MAX * 2)) < 0)
		return -1;
	if (tok->script == ELIG_SC_CYRILLIC) { /* Ukrainian apostrophes stay inside the word */
		int32_t k = 0;
		for (int32_t i = 0; i < m; i++)
			if (cf[i] != '\'' && cf[i] != 0x2019 && cf[i] != 0x2BC)
				cf[k++] = cf[i];
		m = k;
	}
	if (norm_put(t, cf, m, &tok->off, &tok->len) != 0)
		return -1;
	if ((m = norm_fold16(nm, cf, m, NORM_WORD_MAX * 4)) < 0)
		return -1;
	return norm_put(t, cf, m, &tok->foff, &tok->flen);
}

/* ---- splitting a text ----------------------------------------------------- */

/* The text as UTF-16 without invisible characters, and where each unit came from. */
struct norm_src {
	UChar *u;
	size_t *from; /* per unit: byte offset in the input; one more entry at the end */
	uint8_t *inv; /* per unit: an invisible character stood right before it */
	int32_t n;
	UBreakIterator *sentences; /* ICU's sentence breaks over u, or NULL: no full stop */
};

/*
 * Pending flags of the normaliser only, never stored on a word: the
 * sentence end before the next word is a full stop (NORM_DOT), or another
 * terminator also stands there ("?", "!", ";": NORM_HARD_END).
 */
#define NORM_DOT      (1 << 20)
#define NORM_HARD_END (1 << 21)
#define NORM_PENDING  (NORM_DOT | NORM_HARD_END)

/*
 * A word of this many letters before a full stop is no abbreviation (most
 * abbreviations have at most four: "bzw.", "inkl.", "напр."): the
 * full stop ends a sentence even before a word in lower case, as in
 * informal text that starts its sentences in lower case ("only with papers
 * in order. girls, come by if you want").
 */
#define NORM_ABBREV_MAX 5

/*
 * A word of two to four letters before a full stop and a word in lower
 * case may be an abbreviation ("bzw. nach", "p. ex.", "ds. handlu") or a
 * word ending a sentence ("at the side door. eVisa share code needed", "o
 * no. ciao pls porta", "dal fumo. ti troviamo"): the full stop ends a
 * sentence, and the list's abbreviations (directive "abbrev",
 * elig_sentence_starts) join it again. A single letter keeps ICU's reading
 * ("z. B.", "т. е.").
 */
#define NORM_WORD_MIN 2

/*
 * The text has a letter in upper case. ICU's sentence breaks read a full
 * stop before a word in lower case as an abbreviation, which holds only
 * where sentences start in upper case: in text written all in lower case
 * ("appointment required. police statements: ...") every full stop ends a
 * sentence.
 */
static int norm_has_upper(const struct norm_src *src)
{
	for (int32_t i = 0; i < src->n;) {
		UChar32 c;
		U16_NEXT(src->u, i, src->n, c);
		if (u_isupper(c))
			return 1;
	}
	return 0;
}

/*
 * Letters right before unit dot, back to the first character that is no
 * letter (at most NORM_ABBREV_MAX are counted).
 */
static int norm_letters_before(const struct norm_src *src, int32_t dot)
{
	int n = 0;

	for (int32_t i = dot; i > 0 && n < NORM_ABBREV_MAX;) {
		UChar32 c;
		U16_PREV(src->u, 0, i, c);
		if (!u_isalpha(c))
			break;
		n++;
	}
	return n;
}

/* A closing bracket stands right before unit dot: "(LKA). ", no abbreviation. */
static int norm_shut_before(const struct norm_src *src, int32_t dot)
{
	UChar32 c;
	int32_t i = dot;

	if (i <= 0)
		return 0;
	U16_PREV(src->u, 0, i, c);
	return u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_END_PUNCTUATION;
}

/*
 * A full stop before the word at unit a ends a sentence only where ICU's
 * sentence breaks (UAX #29) put a boundary: a full stop followed by a word
 * in lower case is an abbreviation ("p. ex. sa durée", "т.е. сколько",
 * "zespół ds. handlu ludźmi", "z. B. nach Absprache"), not a sentence
 * end. Inside a word (no space after the full stop) the next part must
 * also start in lower case ("т.е", "d.w.z"): ICU joins "report.You",
 * which reads as two sentences with the space left out.
 */
static int norm_dot_ends(const struct norm_src *src, int32_t a, int inside)
{
	int32_t dot = a - 1;
	UChar32 c;

	while (dot > 0 && src->u[dot] != '.')
		dot--;
	if (src->sentences == NULL || a >= src->n || ubrk_preceding(src->sentences, a + 1) > dot)
		return 1; /* a boundary after the full stop, maybe before a quotation mark */
	if (!inside &&
	    (norm_letters_before(src, dot) >= NORM_ABBREV_MAX || norm_shut_before(src, dot)))
		return 1; /* "только с документами в порядке. девочки, ...", "(LKA). девочки" */
	U16_GET(src->u, 0, a, src->n, c);
	if (!inside && norm_letters_before(src, dot) >= NORM_WORD_MIN && u_islower(c))
		return 1; /* "at the side door. eVisa share code needed", "o no. ciao pls" */
	return inside && !u_islower(c);
}

static void norm_src_free(struct norm_src *s)
{
	free(s->u);
	free(s->from);
	free(s->inv);
}

static int norm_invisible(UChar32 c)
{
	return c != ' ' && c != '\t' && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Decode s[0..len) into src (at most 2 units per byte). */
static int norm_decode(const char *s, size_t len, struct norm_src *src)
{
	const uint8_t *b = (const uint8_t *)s;
	size_t cap, i = 0;
	int pending = 0;

	memset(src, 0, sizeof(*src));
	if (len > INT32_MAX / 2 || __builtin_add_overflow(len, 2, &cap))
		return -1;
	src->u = malloc(cap * sizeof(*src->u));
	src->from = malloc(cap * sizeof(*src->from));
	src->inv = malloc(cap);
	if (src->u == NULL || src->from == NULL || src->inv == NULL)
		return -1;
	while (i < len) {
		size_t at = i;
		int32_t ii = (int32_t)i;
		UChar32 c;
		U8_NEXT(b, ii, (int32_t)len, c);
		i = (size_t)ii;
		if (c < 0)
			c = 0xFFFD;
		if (norm_invisible(c)) {
			pending = 1;
			continue;
		}
		src->from[src->n] = at;
		src->inv[src->n] = (uint8_t)pending;
		if (U_IS_SUPPLEMENTARY(c)) {
			src->u[src->n++] = U16_LEAD(c);
			src->from[src->n] = at;
			src->inv[src->n] = 0;
			src->u[src->n++] = U16_TRAIL(c);
		} else {
			src->u[src->n++] = (UChar)c;
		}
		pending = 0;
	}
	src->from[src->n] = len;
	return 0;
}

/* Emit the word src[a, b) (a part of one ICU word) with the pending flags. */
static int norm_emit(const struct elig_norm *nm, struct elig_text *t, const struct norm_src *src,
		     int32_t a, int32_t b, int *pending)
{
	struct elig_tok *tok;
	int32_t n = b - a > NORM_WORD_MAX ? NORM_WORD_MAX : b - a;

	if (n <= 0 || buf_slot(&t->toks_buf, &t->toks, t->ntoks, sizeof(*t->toks)) != 0)
		return n <= 0 ? 0 : -1;
	if (n < b - a && U16_IS_LEAD(src->u[a + n - 1]))
		n--;
	tok = &t->toks[t->ntoks];
	memset(tok, 0, sizeof(*tok));
	tok->src_start = src->from[a];
	tok->src_end = src->from[b];
	if ((*pending & NORM_DOT) && !(*pending & NORM_HARD_END) &&
	    !norm_dot_ends(src, a, a > 0 && !u_isUWhiteSpace(src->u[a - 1])))
		*pending &= ~ELIG_TOK_SENT;
	tok->flags = *pending & ~NORM_PENDING;
	*pending = 0;
	for (int32_t i = a + 1; i < b; i++)
		if (src->inv[i]) {
			tok->flags |= ELIG_TOK_EVASION;
			tok->evasion = ELIG_EV_INVISIBLE;
		}
	if (norm_word(nm, t, src->u + a, n, tok) != 0)
		return -1;
	for (int32_t i = a; i < a + n; i++)
		if (u_isalpha(src->u[i]) || U16_IS_LEAD(src->u[i])) {
			tok->flags |= ELIG_TOK_LETTER;
			break;
		}
	if (tok->flags & ELIG_TOK_LETTER) {
		t->nwords++;
		for (int32_t i = a; i < b;) {
			UChar32 c;
			U16_NEXT(src->u, i, b, c);
			if (u_isalpha(c))
				t->letters[norm_script(c)]++;
		}
	}
	t->ntoks++;
	return 0;
}

/*
 * One ICU word: outside Cyrillic, apostrophes and full stops inside it
 * separate words ("l'aide" reads "l aide", "report.You" ends a sentence).
 */
static int norm_split_word(const struct elig_norm *nm, struct elig_text *t,
			   const struct norm_src *src, int32_t a, int32_t b, int *pending)
{
	int32_t start = a;
	int cyr = norm_script(src->u[a]) == ELIG_SC_CYRILLIC;

	for (int32_t i = a; i < b; i++) {
		UChar c = src->u[i];
		if (!(c == '.' || (!cyr && (c == '\'' || c == 0x2019))))
			continue;
		if (norm_emit(nm, t, src, start, i, pending) != 0)
			return -1;
		if (c == '.')
			*pending |= ELIG_TOK_SENT | NORM_DOT;
		start = i + 1;
	}
	return norm_emit(nm, t, src, start, b, pending);
}

/* A question mark, also the Greek one and the fullwidth form. */
static int norm_question(UChar32 c)
{
	return c == '?' || c == 0x37E || c == 0xFF1F || c == 0x2E2E || c == 0x61F;
}

/*
 * A quotation mark (Unicode's Quotation_Mark) that opens or closes a
 * quotation: an apostrophe or a single right quotation mark counts only
 * after a space or at the start ("the 'Safe' project"), not after a letter
 * as in "workers' rights".
 */
static int norm_quote(const struct norm_src *src, int32_t i, UChar32 c)
{
	if (!u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK))
		return 0;
	if (c != '\'' && c != 0x2019)
		return 1;
	return i == 0 || u_isUWhiteSpace(src->u[i - 1]);
}

/*
 * Punctuation between words: a sentence end or a comma before the next
 * word. A dash with a space beside it ("No – participants agree ...",
 * "Hilfe - auch ohne Papiere") separates like a comma; one inside a
 * compound or a range ("STI-Check", "9–17") does not. Quotation marks,
 * brackets and a question mark are noted for the decision (a quoted,
 * bracketed or asked condition is held, not refused): a question mark on
 * the word before it, the others on the word after.
 */
static void norm_gap(struct elig_text *t, const struct norm_src *src, int32_t a, int32_t b,
		     int *pending)
{
	int dash = 0, space = (a > 0 && u_isUWhiteSpace(src->u[a - 1])) ||
			      (b < src->n && u_isUWhiteSpace(src->u[b]));

	for (int32_t i = a; i < b;) {
		int32_t at = i;
		UChar32 c;
		U16_NEXT(src->u, i, b, c);
		if (norm_question(c) && t->ntoks > 0)
			t->toks[t->ntoks - 1].flags |= ELIG_TOK_ASKED;
		if (norm_quote(src, at, c))
			*pending |= ELIG_TOK_QUOTE;
		else if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_START_PUNCTUATION)
			*pending |= ELIG_TOK_PAROPEN;
		else if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_END_PUNCTUATION)
			*pending |= ELIG_TOK_PARSHUT;
		if (c == ';' || c == 0x37E || u_hasBinaryProperty(c, UCHAR_S_TERM))
			*pending |= ELIG_TOK_SENT | (c == '.' ? NORM_DOT : NORM_HARD_END) |
				    (u_hasBinaryProperty(c, UCHAR_S_TERM) ? 0 : ELIG_TOK_SEMI);
		else if (u_hasBinaryProperty(c, UCHAR_TERMINAL_PUNCTUATION))
			*pending |= ELIG_TOK_COMMA | (c == ':' || c == 0xFF1A ? ELIG_TOK_COLON : 0);
		else if (u_charType(c) == U_DASH_PUNCTUATION)
			dash = 1;
		else if (u_isUWhiteSpace(c))
			space = 1;
	}
	if (dash && space)
		*pending |= ELIG_TOK_COMMA;
}

/*
 * End of the sentence that starts at token a (the next token that starts
 * one, or t->ntoks); *latin is set when the sentence has more words in
 * Latin script than in Cyrillic or Greek: a Cyrillic word there may be
 * made of look-alikes, while in a Cyrillic sentence of a mixed-language
 * text ("Free testing. Безплатен тест, ако искате.") it is a word of
 * that language.
 */
static size_t norm_sentence_end(const struct elig_text *t, size_t a, int *latin)
{
	size_t b = a, nlatin = 0, other = 0;

	do {
		nlatin += t->toks[b].script == ELIG_SC_LATIN;
		other +=
			t->toks[b].script == ELIG_SC_CYRILLIC || t->toks[b].script == ELIG_SC_GREEK;
	} while (++b < t->ntoks && !(t->toks[b].flags & ELIG_TOK_SENT));
	*latin = nlatin > other;
	return b;
}

/*
 * Mark token tok (of input s) when it is a word of Cyrillic or Greek
 * letters that all look like Latin ones, and read it as the Latin word.
 * Returns -1 when out of memory, else 0.
 */
static int norm_lookalike_word(const struct elig_norm *nm, struct elig_text *t,
			       struct elig_tok *tok, const char *s)
{
	UChar u[NORM_WORD_MAX + 4];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0, k = 0, letters = 0, mapped = 0;

	if (tok->script != ELIG_SC_CYRILLIC && tok->script != ELIG_SC_GREEK)
		return 0;
	u_strFromUTF8(u, NORM_WORD_MAX, &n, s + tok->src_start,
		      (int32_t)(tok->src_end - tok->src_start), &st);
	if (U_FAILURE(st))
		return 0;
	for (int32_t j = 0; j < n;) {
		UChar32 c, r;
		U16_NEXT(u, j, n, c);
		if (norm_invisible(c))
			continue;
		if (u_isalpha(c)) {
			letters++;
			if ((r = norm_lookalike(nm, c, ELIG_SC_LATIN)) >= 0) {
				mapped++;
				c = r;
			}
		}
		U16_APPEND_UNSAFE(u, k, c);
	}
	if (letters < NORM_LOOKALIKE_MIN || mapped < letters)
		return 0;
	tok->flags |= ELIG_TOK_EVASION;
	tok->evasion = ELIG_EV_LOOKALIKE;
	if (norm_word(nm, t, u, k, tok) != 0)
		return -1;
	tok->evasion = ELIG_EV_LOOKALIKE;
	return 0;
}

/*
 * A word of Cyrillic or Greek letters that all look like Latin ones, in a
 * text and a sentence mostly in Latin script ("сор" written for "cop"):
 * mark it and read it as the Latin word (norm_lookalike_word).
 */
static int norm_lookalike_words(const struct elig_norm *nm, struct elig_text *t, const char *s)
{
	int latin;

	if (t->letters[ELIG_SC_LATIN] <= t->letters[ELIG_SC_CYRILLIC] + t->letters[ELIG_SC_GREEK])
		return 0;
	for (size_t a = 0, b; a < t->ntoks; a = b) {
		b = norm_sentence_end(t, a, &latin);
		for (size_t i = a; latin && i < b; i++)
			if (norm_lookalike_word(nm, t, &t->toks[i], s) != 0)
				return -1;
	}
	return 0;
}

int elig_norm_text(const struct elig_norm *nm, const char *s, size_t len, struct elig_text *t)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = NULL;
	struct norm_src src;
	int32_t a, b;
	int pending = 0, rc = -1;

	memset(t, 0, sizeof(*t));
	buf_init(&t->norm_buf, NORM_MAX_BYTES);
	buf_init(&t->toks_buf, NORM_MAX_BYTES);
	if (norm_decode(s, len, &src) != 0)
		goto done;
	bi = ubrk_clone(nm->words, &st);
	ubrk_setText(bi, src.u, src.n, &st);
	if (u_memchr(src.u, '.', src.n) != NULL && norm_has_upper(&src)) {
		src.sentences = ubrk_clone(nm->sentences, &st);
		ubrk_setText(src.sentences, src.u, src.n, &st);
	}
	if (U_FAILURE(st))
		goto done;
	for (a = ubrk_first(bi), b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
		if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NUMBER) {
			if (norm_split_word(nm, t, &src, a, b, &pending) != 0)
				goto done;
		} else {
			norm_gap(t, &src, a, b, &pending);
		}
	}
	rc = norm_lookalike_words(nm, t, s);
done:
	if (bi != NULL)
		ubrk_close(bi);
	if (src.sentences != NULL)
		ubrk_close(src.sentences);
	norm_src_free(&src);
	return rc;
}

void elig_text_free(struct elig_text *t)
{
	buf_free(&t->norm_buf);
	buf_free(&t->toks_buf);
	memset(t, 0, sizeof(*t));
}

/* s[0..n) is ASCII without an apostrophe: folding (norm_fold16) changes nothing. */
static int norm_plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\'')
			return 0;
	return 1;
}

long elig_norm_fold(const struct elig_norm *nm, const char *s, size_t n, char *out, size_t cap)
{
	UChar u[NORM_WORD_MAX * 4];
	UErrorCode st = U_ZERO_ERROR;
	int32_t m = 0, need = 0;

	if (n > NORM_WORD_MAX * 2)
		return -1;
	if (norm_plain_ascii(s, n)) { /* NFD, NFC and Latin-ASCII leave it as it is */
		if (n >= cap)
			return -1;
		memcpy(out, s, n);
		out[n] = '\0';
		return (long)n;
	}
	u_strFromUTF8WithSub(u, NORM_WORD_MAX * 2, &m, s, (int32_t)n, 0xFFFD, NULL, &st);
	if (U_FAILURE(st) || (m = norm_fold16(nm, u, m, NORM_WORD_MAX * 4)) < 0)
		return -1;
	u_strToUTF8(out, (int32_t)cap, &need, u, m, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || (size_t)need >= cap)
		return -1;
	return need;
}
