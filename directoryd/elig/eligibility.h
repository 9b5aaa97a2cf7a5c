/*
 * eligibility.h - the eligibility rule (issue 2, section 7; three outcomes
 * since issue 9).
 *
 * No listing may make help conditional on:
 *   D1 victim status, formal identification as a trafficked person, or
 *      referral through a police or NRM identification procedure;
 *   D2 a police report or complaint;
 *   D3 cooperation with the police or the prosecution, testimony, or acting
 *      as a witness;
 *   D4 leaving sex work, or promising to;
 *   D5 reporting to immigration authorities, checks of residence status, or
 *      data passed to them.
 * Naming a group a service is for is allowed; only conditions are refused.
 * A text is refused when a condition is clear, held for a reviewer when a
 * D1-D5 topic stands in a clause no recognised frame clears or the text
 * shows evasion (look-alike letters, mixed scripts, invisible characters),
 * and accepted otherwise.
 *
 * The phrases are data: one file per language in data/eligibility/ (format
 * and matching described in docs/eligibility.md). Loaded rules are read-only
 * and may be shared between threads.
 */
#ifndef DIRECTORYD_ELIGIBILITY_H
#define DIRECTORYD_ELIGIBILITY_H

#include <jansson.h>

#include "error.h"

/* Longest text elig_check_text accepts, in bytes. */
#define ELIG_MAX_TEXT (1024 * 1024)

struct elig_rules;

/*
 * Load every phrase list (*.phrases) and the VERSION file in dir, for
 * example "<datadir>/data/eligibility".
 * Returns a new rule set the caller frees with elig_rules_free, or NULL
 * with one violation (code "internal_error", message naming file:line) in
 * err when a file is missing, too large or malformed, or memory runs out.
 */
struct elig_rules *elig_rules_load(const char *dir, struct dir_error *err);

/* Free a rule set from elig_rules_load. NULL is allowed. */
void elig_rules_free(struct elig_rules *rules);

/*
 * The version string of the loaded rule set (first line of VERSION).
 * Borrowed: valid until elig_rules_free.
 */
const char *elig_rules_version(const struct elig_rules *rules);

/* Outcomes of elig_check_text, from least to most severe. */
enum elig_outcome { ELIG_ACCEPTED = 0, ELIG_REFUSED = 1, ELIG_HELD = 2 };

struct elig_match {
	char rule[8];      /* "D1".."D5", or "evasion" for a hold on evasion */
	char phrase[160];  /* the matched text as it appears in the input,
			       UTF-8, cut at a character boundary */
	char language[16]; /* BCP 47 primary tag of the list that matched */
	int resembles;     /* 1: a hold of the learned model (the text resembles
			      conditions of the development corpus; phrase is the
			      window of sentences), no phrase of the lists */
};

/*
 * Check one text (UTF-8, at most ELIG_MAX_TEXT bytes, need not be
 * NUL-terminated beyond that: it is read up to its NUL).
 *   lang_hint: a BCP 47 tag ("de", "pt-BR"), or NULL/"" when unknown.
 *   m:         filled on a refusal; may be NULL.
 *   checked:   may be NULL; set to 0 when the text is in a language with no
 *              phrase list (accepted but unchecked), else 1.
 * Returns ELIG_REFUSED (1) when the text sets a forbidden condition,
 * ELIG_HELD (2) when a person must decide (m says why), ELIG_ACCEPTED (0),
 * or -1 when out of memory or the text is longer than ELIG_MAX_TEXT. A
 * refusal anywhere in the text wins over a hold.
 */
int elig_check_text(const struct elig_rules *rules, const char *text, const char *lang_hint,
		    struct elig_match *m, int *checked);

/*
 * Walk a whole HSDS 3.0 document (organization, service or location with
 * nested objects, our "translations": {"<bcp47>": {...}} extension whose
 * keys are the language hint, and objects HSDS keeps as JSON) and check
 * every human-readable string. Identifiers, codes, URLs, emails,
 * dates/times and phone numbers are skipped.
 *   base_ptr:  RFC 6901 prefix of doc in the submitted document ("" = root).
 *   err:       receives one detail per refused text: code
 *              "eligibility_condition", field = pointer, a message naming
 *              the rule, and keys "rule", "phrase", "language". May be NULL.
 *   unchecked: NULL, or a JSON array to which the pointer of each text
 *              accepted unchecked is appended (strings, new references
 *              owned by the array).
 * Returns the number of refused texts (0 = accepted), -1 when out of memory.
 */
int elig_check_document(const struct elig_rules *rules, const json_t *doc, const char *base_ptr,
			struct dir_error *err, json_t *unchecked);

/* What elig_check_document_full found in one document. */
struct elig_report {
	struct dir_error *err; /* in: refusals are added here, as elig_check_document */
	json_t *held;          /* in: NULL, or an array that receives one object per held
				  text: "field", "rule", "phrase", "language", "message",
				  "rule_text", "suggestion" (new references owned by it) */
	json_t *unchecked;     /* in: NULL, or an array of pointers, as elig_check_document */
	char text_hash[65];    /* out: SHA-256 (hex) over every checked field's pointer and text */
	int refused, nheld;    /* out: refused and held texts */
};

/*
 * elig_check_document with all three outcomes: refusals go to rep->err,
 * holds to rep->held (each with the rule in plain words and a suggested
 * wording in the text's language when a translation exists, else English),
 * and rep->text_hash identifies the checked strings, so an approval binds
 * to the exact text. Returns ELIG_REFUSED when any text is refused, else
 * ELIG_HELD when any is held, else ELIG_ACCEPTED; -1 when out of memory.
 */
int elig_check_document_full(const struct elig_rules *rules, const json_t *doc,
			     const char *base_ptr, struct elig_report *rep);

#endif
