/*
 * elig_pairs.c - the pairs of the metamorphic test of the eligibility rule:
 * drawing partners by rank, topic words, joining two texts, and the list of
 * known failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>

#include "elig_pairs.h"

#define PAIR_MAX_WORDS 512 /* topic words in all */
#define PAIR_MAX_KNOWN 1024
#define PAIR_LINE      512

struct pair_topics {
	size_t n;
	unsigned char rules[PAIR_MAX_WORDS]; /* bit r set: a word of rule r */
	char word[PAIR_MAX_WORDS][64];
	UCaseMap *fold;
};

struct pair_known {
	size_t n;
	char key[PAIR_MAX_KNOWN][80]; /* "rel join cond harm" */
	char mechanism[PAIR_MAX_KNOWN][160];
	unsigned char seen[PAIR_MAX_KNOWN];
};

/* ---- joining and drawing --------------------------------------------------- */

/* 1 when s ends (before trailing spaces) in final punctuation, else 0. */
static int pair_ends_sentence(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0) /* … */
		return 1;
	return n > 0 && strchr(".!?;:)", s[n - 1]) != NULL;
}

void pair_join(enum pair_join how, const char *a, const char *b, char *out)
{
	const char *sep = how == PAIR_STOP && !pair_ends_sentence(a) ? ". " : " ";

	snprintf(out, PAIR_TEXT, "%s%s%s", a, sep, b);
}

const char *pair_join_name(enum pair_join how)
{
	return how == PAIR_STOP ? "stop" : "space";
}

/* splitmix64's finaliser: spreads the bits of an FNV-1a hash. */
static uint64_t pair_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t pair_fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xFF) * 0x100000001b3ULL; /* a separator: ("ab","c") != ("a","bc") */
}

uint64_t pair_rank(unsigned seed, const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ pair_mix(seed);

	return pair_mix(pair_fnv(pair_fnv(h, a), b));
}

size_t pair_draw(unsigned seed, const char *key, const struct corpus_text *texts, size_t n,
		 const unsigned char *ok, size_t want, size_t *out)
{
	uint64_t rank[64];
	size_t got = 0;

	if (want > 64)
		want = 64;
	for (size_t i = 0; i < n; i++) {
		uint64_t r;
		size_t j;
		if (!ok[i])
			continue;
		r = pair_rank(seed, key, texts[i].id);
		if (got == want && r >= rank[got - 1])
			continue;
		j = got < want ? got++ : got - 1; /* insertion into the sorted few */
		while (j > 0 && rank[j - 1] > r) {
			rank[j] = rank[j - 1];
			out[j] = out[j - 1];
			j--;
		}
		rank[j] = r;
		out[j] = i;
	}
	return got;
}

/* ---- topic words ----------------------------------------------------------- */

/* Case-fold s into out (size bytes) with ICU; "" when it does not fit. */
static void pair_fold(const struct pair_topics *t, const char *s, char *out, size_t size)
{
	UErrorCode status = U_ZERO_ERROR;

	ucasemap_utf8FoldCase(t->fold, out, (int32_t)size, s, -1, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		out[0] = '\0';
}

/* Add one rules<TAB>word line. Returns 0, or -1 when it is malformed. */
static int pair_topics_line(struct pair_topics *t, char *line)
{
	char *word = strchr(line, '\t');
	unsigned char rules = 0;

	if (word == NULL || t->n >= PAIR_MAX_WORDS)
		return -1;
	*word++ = '\0';
	for (int r = 1; r <= 5; r++) {
		char name[3] = { 'D', (char)('0' + r), '\0' };
		if (strstr(line, name) != NULL)
			rules |= (unsigned char)(1u << r);
	}
	if (rules == 0 || word[0] == '\0')
		return -1;
	t->rules[t->n] = rules;
	pair_fold(t, word, t->word[t->n], sizeof(t->word[t->n]));
	return t->word[t->n++][0] != '\0' ? 0 : -1;
}

/*
 * Hand each line of f that is neither blank nor a # comment, without its end
 * of line, to add(ctx, line); *lineno counts the lines read. Returns 0, or
 * -1 at the first line add rejects (*lineno is then that line's number).
 */
static int pair_read_lines(FILE *f, int (*add)(void *ctx, char *line), void *ctx, int *lineno)
{
	char line[PAIR_LINE];

	while (fgets(line, sizeof(line), f) != NULL) {
		++*lineno;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (add(ctx, line) != 0)
			return -1;
	}
	return 0;
}

static int pair_topics_add(void *t, char *line)
{
	return pair_topics_line(t, line);
}

struct pair_topics *pair_topics_load(const char *path)
{
	UErrorCode status = U_ZERO_ERROR;
	struct pair_topics *t = calloc(1, sizeof(*t));
	FILE *f = fopen(path, "r");
	int lineno = 0;

	if (t == NULL || f == NULL)
		goto fail;
	t->fold = ucasemap_open(NULL, U_FOLD_CASE_DEFAULT, &status);
	if (U_FAILURE(status))
		goto fail;
	if (pair_read_lines(f, pair_topics_add, t, &lineno) != 0)
		goto fail;
	fclose(f);
	return t;
fail:
	fprintf(stderr, "%s:%d: cannot read the topic words (want rules<TAB>word, D1..D5)\n", path,
		lineno);
	if (f != NULL)
		fclose(f);
	pair_topics_free(t);
	return NULL;
}

void pair_topics_free(struct pair_topics *t)
{
	if (t == NULL)
		return;
	if (t->fold != NULL)
		ucasemap_close(t->fold);
	free(t);
}

/* 1 when the folded text has word; a final '#' asks for no letter after it. */
static int pair_has_word(const char *folded, const char *word)
{
	size_t n = strlen(word);
	char stem[64];

	if (n == 0 || word[n - 1] != '#')
		return strstr(folded, word) != NULL;
	snprintf(stem, sizeof(stem), "%.*s", (int)(n - 1), word);
	for (const char *hit = strstr(folded, stem); hit != NULL; hit = strstr(hit + 1, stem)) {
		unsigned char after = (unsigned char)hit[n - 1];
		if (after < 0x80 && !(after >= 'a' && after <= 'z'))
			return 1;
	}
	return 0;
}

int pair_names_topic(const struct pair_topics *t, int rule, const char *text)
{
	static char folded[PAIR_TEXT * 2];

	pair_fold(t, text, folded, sizeof(folded));
	for (size_t i = 0; i < t->n; i++)
		if ((t->rules[i] & (1u << rule)) && pair_has_word(folded, t->word[i]))
			return 1;
	return 0;
}

/* ---- the known failures ---------------------------------------------------- */

/* Add one rel<TAB>join<TAB>cond<TAB>harm<TAB>mechanism line; -1 when malformed. */
static int pair_known_line(struct pair_known *k, char *line)
{
	char *col[5];

	col[0] = line;
	for (int i = 1; i < 5; i++) {
		col[i] = strchr(col[i - 1], '\t');
		if (col[i] == NULL)
			return -1;
		*col[i]++ = '\0';
	}
	if (k->n >= PAIR_MAX_KNOWN || col[4][0] == '\0' ||
	    (strcmp(col[0], "CH") != 0 && strcmp(col[0], "HC") != 0) ||
	    (strcmp(col[1], "space") != 0 && strcmp(col[1], "stop") != 0))
		return -1;
	snprintf(k->key[k->n], sizeof(k->key[k->n]), "%.2s %.5s %.23s %.23s", col[0], col[1],
		 col[2], col[3]);
	snprintf(k->mechanism[k->n], sizeof(k->mechanism[k->n]), "%.159s", col[4]);
	k->n++;
	return 0;
}

static int pair_known_add(void *k, char *line)
{
	return pair_known_line(k, line);
}

struct pair_known *pair_known_load(const char *path)
{
	struct pair_known *k = calloc(1, sizeof(*k));
	FILE *f = fopen(path, "r");
	int lineno = 0;

	if (k == NULL || f == NULL)
		goto fail;
	if (pair_read_lines(f, pair_known_add, k, &lineno) != 0)
		goto fail;
	fclose(f);
	return k;
fail:
	fprintf(stderr,
		"%s:%d: cannot read the known failures (want CH|HC<TAB>space|stop<TAB>"
		"condition id<TAB>harmless id<TAB>mechanism)\n",
		path, lineno);
	if (f != NULL)
		fclose(f);
	free(k);
	return NULL;
}

void pair_known_free(struct pair_known *k)
{
	free(k);
}

int pair_known_has(struct pair_known *k, const char *rel, enum pair_join how, const char *cond,
		   const char *harm)
{
	char key[80];

	snprintf(key, sizeof(key), "%.2s %.5s %.23s %.23s", rel, pair_join_name(how), cond, harm);
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->key[i], key) == 0) {
			k->seen[i] = 1;
			return 1;
		}
	}
	return 0;
}

size_t pair_known_report_unseen(const struct pair_known *k)
{
	size_t n = 0;

	for (size_t i = 0; i < k->n; i++) {
		if (k->seen[i])
			continue;
		if (n++ == 0)
			printf("known failures not seen (they pass now, or their pair is no longer "
			       "drawn): "
			       "delete their lines\n");
		printf("  %s (%s)\n", k->key[i], k->mechanism[i]);
	}
	return n;
}
