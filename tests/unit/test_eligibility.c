/*
 * test_eligibility.c - the eligibility rule: the table of accepted and
 * refused texts in every language (tests/data/eligibility/cases.tsv), the
 * police-report pair in each of the twelve languages, document walking and
 * the error shape, loading errors, checking from several threads at once,
 * and the regression corpus (HSDS 3.0 examples and ILAO CSV in
 * ../shared/data) that must give zero refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libexttextcat/constants.h>
#include <libexttextcat/textcat.h>

#include "elig_int.h"
#include "elig_lang.h"
#include "elig_corpus_rows.h"
#include "eligibility.h"

static struct elig_rules *rules;
static char srcdir[1024];

static const char *const languages[] = { "en", "de", "fr", "es", "it", "pt",
					 "nl", "ro", "bg", "pl", "ru", "uk" };
#define NLANG (sizeof(languages) / sizeof(languages[0]))

static int setup(void **state)
{
	(void)state;
	rules = corpus_rules_load(srcdir, sizeof(srcdir));
	return rules == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	elig_rules_free(rules);
	return 0;
}

/* ---- the table of cases --------------------------------------------- */

struct lang_count {
	int ok, refused;
};

static int lang_index(const char *hint)
{
	for (size_t i = 0; i < NLANG; i++)
		if (strncmp(hint, languages[i], 2) == 0)
			return (int)i;
	return -1;
}

/* Check one line "expect<TAB>hint<TAB>text". Returns 0 when it holds. */
static int check_case(char *line, int lineno, struct lang_count *counts)
{
	char *hint, *text;
	struct elig_match m;
	int rc, checked, li;

	if ((hint = strchr(line, '\t')) == NULL || (text = strchr(hint + 1, '\t')) == NULL) {
		fprintf(stderr, "cases.tsv:%d: needs three columns\n", lineno);
		return -1;
	}
	*hint++ = '\0';
	*text++ = '\0';
	rc = elig_check_text(rules, text, strcmp(hint, "-") == 0 ? NULL : hint, &m, &checked);
	li = lang_index(hint);
	if (strcmp(line, "ok") == 0 && rc == 0 && checked) {
		if (li >= 0)
			counts[li].ok++;
		return 0;
	}
	if (strcmp(line, "unchecked") == 0 && rc == 0 && !checked)
		return 0;
	if (line[0] == 'D' && rc == 1 && strcmp(line, m.rule) == 0) {
		if (li >= 0)
			counts[li].refused++;
		return 0;
	}
	if (strcmp(line, "held") == 0 && rc == ELIG_HELD)
		return 0;
	fprintf(stderr, "cases.tsv:%d: expected %s, got %s%s%s%s%s [%s] for: %s\n", lineno, line,
		rc == ELIG_HELD ? "held " : "",
		rc > 0    ? m.rule
		: rc == 0 ? "accepted"
			  : "error",
		rc == 0 && !checked ? " unchecked" : "", rc > 0 ? " on " : "",
		rc > 0 ? m.phrase : "", hint, text);
	return -1;
}

static void test_case_table(void **state)
{
	char path[PATH_MAX + 64], line[4096];
	struct lang_count counts[NLANG];
	int lineno = 0, failures = 0, cases = 0;
	FILE *f;

	(void)state;
	memset(counts, 0, sizeof(counts));
	snprintf(path, sizeof(path), "%s/tests/data/eligibility/cases.tsv", srcdir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		cases++;
		failures += check_case(line, lineno, counts) != 0;
	}
	fclose(f);
	printf("eligibility: %d table cases, %d failed\n", cases, failures);
	for (size_t i = 0; i < NLANG; i++) {
		printf("  %s: %d accepted, %d refused\n", languages[i], counts[i].ok,
		       counts[i].refused);
		assert_true(counts[i].ok >= 10);
		assert_true(counts[i].refused >= 10);
	}
	assert_int_equal(failures, 0);
}

/* ---- the police report pair in each language ---------------------------- */

static const struct police_pair {
	const char *lang, *refused, *accepted;
} police_pairs[] = {
	{ "en", "A police report is required.", "No police report needed." },
	{ "de", "Eine Anzeige bei der Polizei ist erforderlich.", "Keine Anzeige nötig." },
	{ "fr", "Un dépôt de plainte est obligatoire.", "Pas besoin de porter plainte." },
	{ "es", "Es necesario presentar una denuncia.", "Sin denuncia." },
	{ "it", "È necessaria la denuncia alla polizia.", "Non serve la denuncia." },
	{ "pt", "É obrigatório apresentar queixa à polícia.", "Não é preciso apresentar queixa." },
	{ "nl", "Aangifte bij de politie is verplicht.", "Aangifte is niet nodig." },
	{ "ro", "Este obligatorie o plângere la poliție.",
	  "Nu este nevoie de plângere la poliție." },
	{ "bg", "Необходим е сигнал в полицията.", "Не е нужен сигнал в полицията." },
	{ "pl", "Wymagane jest zgłoszenie na policję.",
	  "Zgłoszenie na policję nie jest wymagane." },
	{ "ru", "Требуется заявление в полицию.", "Заявление в полицию не требуется." },
	{ "uk", "Потрібна заява до поліції.", "Заява до поліції не потрібна." },
};

static void test_police_report_each_language(void **state)
{
	struct elig_match m;
	int checked;

	(void)state;
	assert_int_equal(sizeof(police_pairs) / sizeof(police_pairs[0]), NLANG);
	for (size_t i = 0; i < NLANG; i++) {
		const struct police_pair *p = &police_pairs[i];
		int r = elig_check_text(rules, p->refused, p->lang, &m, &checked);
		if (r != 1 || strcmp(m.rule, "D2") != 0)
			fprintf(stderr, "%s: not refused as D2: %s\n", p->lang, p->refused);
		assert_int_equal(r, 1);
		assert_string_equal(m.rule, "D2");
		assert_string_equal(m.language, p->lang);
		/* Untagged, the language is found from the words. */
		assert_int_equal(elig_check_text(rules, p->refused, NULL, &m, &checked), 1);
		assert_string_equal(m.language, p->lang);
		r = elig_check_text(rules, p->accepted, p->lang, &m, &checked);
		if (r != 0)
			fprintf(stderr, "%s: refused (%s): %s\n", p->lang, m.phrase, p->accepted);
		assert_int_equal(r, 0);
		assert_int_equal(checked, 1);
		assert_int_equal(elig_check_text(rules, p->accepted, NULL, &m, &checked), 0);
	}
}

/* ---- normalisation -------------------------------------------------------- */

static void test_case_and_accents(void **state)
{
	static const char *const refused[] = {
		"POLIZEIANZEIGE ERFORDERLICH",
		"polizeianzeige erforderlich",
		"Polizeianzeige erfoerderlich plus Polizeianzeige ERFORDERLICH",
		"ТРЕБУЕТСЯ ЗАЯВЛЕНИЕ В ПОЛИЦИЮ",
		"Obligatoriu: PLÂNGERE LA POLIȚIE",
		"Obligatoriu: plangere la politie",
		"Obligatoriu: plîngere la poliţie",                    /* cedilla forms */
		"Un de\xcc\x81po\xcc\x82t de plainte est obligatoire", /* NFD */
		"Wymagane ZGŁOSZENIE na POLICJĘ",
	};
	struct elig_match m;
	int checked;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int r = elig_check_text(rules, refused[i], NULL, &m, &checked);
		if (r != 1)
			fprintf(stderr, "not refused: %s\n", refused[i]);
		assert_int_equal(r, 1);
	}
	/* An invisible character between letters is evasion: held, if not refused. */
	assert_int_equal(elig_check_text(rules, "Police\xc2\xa0report\xe2\x80\x8brequired", NULL,
					 &m, &checked),
			 ELIG_HELD);
	assert_string_equal(m.rule, "evasion");
	/* The phrase is quoted as written, accents and case kept. */
	assert_int_equal(
		elig_check_text(rules, "Hilfe nur nach einer STRAFANZEIGE.", "de-CH", &m, &checked),
		1);
	assert_string_equal(m.phrase, "nur nach einer STRAFANZEIGE");
	assert_string_equal(m.language, "de");
}

static void test_unchecked_languages(void **state)
{
	static const struct {
		const char *hint, *text;
	} cases[] = {
		{ "th", "บริการตรวจสุขภาพฟรี ไม่ต้องแจ้งความกับตำรวจ" },
		{ NULL, "บริการตรวจสุขภาพฟรี ไม่ต้องแจ้งความกับตำรวจ" },
		{ "pcm", "Dem no dey ask for police paper, you fit come anytime." },
		{ "hu", "Ingyenes szűrés, rendőrségi feljelentés nem szükséges." },
		{ NULL, "Ingyenes szűrés, nincs szükség személyi igazolványra és biztosításra." },
		{ "el", "Δωρεάν εξέταση χωρίς καταγγελία στην αστυνομία." },
		{ NULL, "مساعدة مجانية بدون بلاغ للشرطة" },
	};
	struct elig_match m;
	int checked;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(elig_check_text(rules, cases[i].text, cases[i].hint, &m, &checked),
				 0);
		if (checked)
			fprintf(stderr, "checked but should not be: %s\n", cases[i].text);
		assert_int_equal(checked, 0);
	}
	/* A tag without a list does not hide plain English conditions. */
	assert_int_equal(elig_check_text(rules,
					 "You must file a police report "
					 "before we can help you with anything.",
					 "hu", &m, &checked),
			 1);
	assert_string_equal(m.language, "en");
	/* Nothing to read is nothing to check. */
	assert_int_equal(elig_check_text(rules, "12:00 - 18:00", NULL, &m, &checked), 0);
	assert_int_equal(checked, 1);
	assert_int_equal(elig_check_text(rules, "", NULL, &m, &checked), 0);
	assert_int_equal(checked, 1);
}

/* ---- a sentence in another language than the tag ------------------------- */

/*
 * A listing tagged with one language with a sentence in another covered
 * language (docs/eligibility.md, "Mixed-language text"): that language's
 * list checks the sentence, the details name it, and the text stays
 * checked; a tag without a list keeps its choice (every list of the
 * script, unchecked unless refused).
 */
static void test_mixed_language_details(void **state)
{
	static const struct {
		const char *lang, *text, *rule, *matched;
		int outcome, checked;
	} mixed[] = {
		{ "nl",
		  "Wij zijn open van maandag tot en met vrijdag en je bent altijd welkom bij ons. "
		  "Solo "
		  "aiutiamo chi ha sporto denuncia alla polizia.",
		  "D2", "it", ELIG_REFUSED, 1 },
		{ "de",
		  "Wir haben montags bis freitags geöffnet und du bist immer willkommen. Your "
		  "details "
		  "will be shared with the immigration office on admission.",
		  "D5", "en", ELIG_REFUSED, 1 },
		{ "hu",
		  "Minden nap nyitva vagyunk, gyere be bátran. Help is only available after you "
		  "have "
		  "filed a police report.",
		  "D2", "en", ELIG_REFUSED, 1 },
		{ "en",
		  "Free and anonymous testing every Monday. Безплатно и анонимно, ако искате.", "",
		  "", ELIG_ACCEPTED, 1 },
		{ "hu",
		  "Minden nap nyitva vagyunk, gyere be bátran, és ingyenes a tanácsadás "
		  "mindenkinek.",
		  "", "", ELIG_ACCEPTED, 0 },
	};
	struct elig_match m;
	int checked;

	(void)state;
	for (size_t i = 0; i < sizeof(mixed) / sizeof(mixed[0]); i++) {
		int rc = elig_check_text(rules, mixed[i].text, mixed[i].lang, &m, &checked);
		if (rc != mixed[i].outcome)
			fprintf(stderr, "mixed [%s]: outcome %d, expected %d: %s\n", mixed[i].lang,
				rc, mixed[i].outcome, mixed[i].text);
		assert_int_equal(rc, mixed[i].outcome);
		assert_int_equal(checked, mixed[i].checked);
		if (rc == ELIG_ACCEPTED)
			continue;
		assert_string_equal(m.rule, mixed[i].rule);
		assert_string_equal(m.language, mixed[i].matched);
	}
}

/*
 * Untagged text: libexttextcat decides when the words leave a doubt. Text
 * in a language without a list that shares words with one list (Nigerian
 * Pidgin with English, Catalan with Spanish) is unchecked; short text in a
 * covered language whose words no list confirms is checked. Each of these
 * was read the other way before libexttextcat was asked for them.
 */
static void test_untagged_language_choice(void **state)
{
	static const char *const unchecked[] = {
		"Dem no dey ask for police paper, you fit come anytime.",
		"Wetin you tell us na secret, we no go share am with anybody.",
		"Police no dey this office, and we no dey give dem anybody name.",
		"No cal presentar denúncia a la policia per rebre ajuda.",
		"L'atenció és gratuïta i no cal cita prèvia.",
		"El servei és confidencial i no demanem documentació.",
	};
	static const char *const checked_texts[] = {
		"Teste gratuite ITS și HIV în duba de teren",
		"Работилници за автобиография и професионално ориентиране.",
		"Зъболекарски прегледи и почистване на зъбен камък.",
		"Przyjęcie na podstawie pisma prokuratora potwierdzającego twoją współpracę.",
		"Мастер-классы по составлению резюме и профориентация.",
		"Душ, пральня та зарядка телефону щодня.",
	};
	struct elig_match m;
	int checked;

	(void)state;
	for (size_t i = 0; i < sizeof(unchecked) / sizeof(*unchecked); i++) {
		assert_true(elig_check_text(rules, unchecked[i], NULL, &m, &checked) >= 0);
		if (checked)
			fprintf(stderr, "checked but should not be: %s\n", unchecked[i]);
		assert_int_equal(checked, 0);
	}
	for (size_t i = 0; i < sizeof(checked_texts) / sizeof(*checked_texts); i++) {
		assert_true(elig_check_text(rules, checked_texts[i], NULL, &m, &checked) >= 0);
		if (!checked)
			fprintf(stderr, "unchecked but should not be: %s\n", checked_texts[i]);
		assert_int_equal(checked, 1);
	}
}

static void test_long_text(void **state)
{
	size_t n = 200 * 1024;
	char *big = malloc(ELIG_MAX_TEXT + 2);
	struct elig_match m;
	int checked;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < n; i += 10)
		memcpy(big + i, "free test ", 10);
	snprintf(big + n, 64, "Police report required.");
	assert_int_equal(elig_check_text(rules, big, "en", &m, &checked), 1);
	assert_string_equal(m.rule, "D2");
	snprintf(big + n, 64, "No police report required.");
	assert_int_equal(elig_check_text(rules, big, "en", &m, &checked), 0);
	memset(big, 'a', ELIG_MAX_TEXT + 1);
	big[ELIG_MAX_TEXT + 1] = '\0';
	assert_int_equal(elig_check_text(rules, big, "en", &m, &checked), -1);
	/* Invalid UTF-8 does not crash and is read as separators. */
	assert_int_equal(
		elig_check_text(rules, "Police\xff\xfe report \xc3 required", "en", &m, &checked),
		1);
	free(big);
}

/* ---- documents and the error shape --------------------------------------- */

static const char service_doc[] =
	"{\"id\": \"ac148810-d857-441c-9679-408f346de14b\","
	" \"name\": \"Drop-in Zürich\","
	" \"url\": \"https://example.org/only-police-report-required\","
	" \"email\": \"only.police.report.required@example.org\","
	" \"description\": \"Free STI tests. No police report needed.\","
	" \"eligibility_description\": \"Sex workers of all residence statuses.\","
	" \"required_documents\": [{\"id\": \"x\", \"document\": \"Police report required\"}],"
	" \"attributes\": [{\"taxonomy_term\": {\"code\": \"only_police_report_required\","
	"   \"name\": \"Zeugenaussage erforderlich\", \"language\": \"de\"}}],"
	" \"contact_channels\": [{\"type\": \"phone\", \"value\": \"+41 44 000 00 00\"}],"
	" \"schedules\": [{\"opens_at\": \"09:00\", \"description\": \"Mondays\"}],"
	" \"translations\": {"
	"   \"de\": {\"name\": \"Drop-in\", \"description\": \"Keine Anzeige nötig.\"},"
	"   \"fr\": {\"description\": \"Dépôt de plainte obligatoire.\"},"
	"   \"th\": {\"description\": \"บริการฟรี\"},"
	"   \"a/b\": {\"description\": \"Free help for everyone.\"}}}";

static int in_array(const json_t *a, const char *s)
{
	for (size_t i = 0; i < json_array_size(a); i++)
		if (strcmp(json_string_value(json_array_get(a, i)), s) == 0)
			return 1;
	return 0;
}

/* A required document is a requirement by its place: no cue word needed. */
static void test_required_document(void **state)
{
	static const struct {
		const char *text;
		int refused;
	} cases[] = {
		{ "A copy of your police report", 1 },
		{ "Police report", 1 },
		{ "Bestätigung der Anzeige bei der Polizei", 1 },
		{ "Passport or any identity document, if you have one", 0 },
		{ "No police report needed", 0 },
		{ "Proof of address (optional)", 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dir_error err;
		json_t *doc = json_pack("{s:s, s:[{s:s}]}", "name", "Shelter", "required_documents",
					"document", cases[i].text);
		dir_error_init(&err);
		int n = elig_check_document(rules, doc, "", &err, NULL);
		if (n != cases[i].refused)
			fprintf(stderr, "required document \"%s\": %d refusals\n", cases[i].text,
				n);
		assert_int_equal(n, cases[i].refused);
		if (n == 1)
			assert_string_equal(err.field, "/required_documents/0/document");
		dir_error_clear(&err);
		json_decref(doc);
	}
	/* The same words in a description, with no cue, name a topic only. */
	struct elig_match m;
	int checked;
	assert_int_equal(elig_check_text(rules, "Help with a police report", "en", &m, &checked),
			 0);
}

static void test_document_walk(void **state)
{
	struct dir_error err;
	json_t *doc, *unchecked = json_array(), *body, *inner, *d;
	json_error_t jerr;

	(void)state;
	doc = json_loads(service_doc, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(doc);
	dir_error_init(&err);
	assert_int_equal(elig_check_document(rules, doc, "", &err, unchecked), 3);
	assert_string_equal(err.code, "eligibility_condition");
	assert_int_equal(json_array_size(err.details), 3);
	d = json_array_get(err.details, 0);
	assert_string_equal(json_string_value(json_object_get(d, "field")),
			    "/required_documents/0/document");
	assert_string_equal(json_string_value(json_object_get(d, "rule")), "D2");
	assert_string_equal(json_string_value(json_object_get(d, "phrase")),
			    "Police report required");
	assert_string_equal(json_string_value(json_object_get(d, "language")), "en");
	d = json_array_get(err.details, 1);
	assert_string_equal(json_string_value(json_object_get(d, "field")),
			    "/attributes/0/taxonomy_term/name");
	assert_string_equal(json_string_value(json_object_get(d, "rule")), "D3");
	d = json_array_get(err.details, 2);
	assert_string_equal(json_string_value(json_object_get(d, "field")),
			    "/translations/fr/description");
	assert_string_equal(json_string_value(json_object_get(d, "language")), "fr");
	/* The response body carries the first refusal at the top level. */
	body = dir_error_to_json(&err);
	inner = json_object_get(body, "error");
	assert_string_equal(json_string_value(json_object_get(inner, "code")),
			    "eligibility_condition");
	assert_string_equal(json_string_value(json_object_get(inner, "field")),
			    "/required_documents/0/document");
	assert_string_equal(json_string_value(json_object_get(inner, "rule")), "D2");
	assert_non_null(json_object_get(inner, "phrase"));
	assert_non_null(json_object_get(inner, "language"));
	assert_int_equal(dir_error_status(err.code), 422);
	json_decref(body);
	/* Thai has no list; a short untagged label ("Mondays") had every
	 * Latin list applied and counts as checked, like English prose. */
	assert_true(in_array(unchecked, "/translations/th/description"));
	assert_false(in_array(unchecked, "/schedules/0/description"));
	assert_false(in_array(unchecked, "/description"));
	assert_false(in_array(unchecked, "/translations/de/description"));
	dir_error_clear(&err);
	/* A base pointer prefixes every field; err and unchecked may be NULL. */
	assert_int_equal(elig_check_document(rules, doc, "/services/2", &err, NULL), 3);
	assert_string_equal(err.field, "/services/2/required_documents/0/document");
	dir_error_clear(&err);
	assert_int_equal(elig_check_document(rules, doc, "", NULL, NULL), 3);
	json_decref(doc);
	json_decref(unchecked);
}

static void test_document_accepted(void **state)
{
	struct dir_error err;
	json_t *doc =
		json_pack("{s:s, s:s, s:[{s:s}], s:{s:{s:s}, s:{s:s}}}", "name",
			  "Trafficking survivors welcome", "description",
			  "For victims of crime. We can go with you to the police if you wish.",
			  "required_documents", "document", "None. No ID, no police report.",
			  "translations", "es", "description", "Sin denuncia.", "pt-BR",
			  "description", "Não precisa de boletim de ocorrência.");

	(void)state;
	dir_error_init(&err);
	assert_int_equal(elig_check_document(rules, doc, "", &err, NULL), 0);
	assert_false(dir_error_isset(&err));
	json_decref(doc);
}

/* ---- the sample directory ---------------------------------------------------- */

/*
 * data/sample (README "Eligibility texts"): no refusal, and exactly the texts
 * in Thai, Chinese, Hungarian and Nigerian Pidgin are reported unchecked.
 * The English name "Free STI check at the Nachtschwalbe", which
 * libexttextcat reads as Scots, is checked with the English list since the
 * seventh session: six words are too few for its fingerprint to overrule
 * the words (ELIG_TC_MIN_WORDS, elig_lang.c).
 * Each record is checked on its own, as the write API does; pointers are
 * "<file>/<index in the array>/...".
 */
static const char *const sample_unchecked[] = {
	"services.json/1/translations/th/name",   "services.json/1/translations/th/description",
	"services.json/4/translations/hu/name",   "services.json/4/translations/hu/description",
	"services.json/9/translations/pcm/name",  "services.json/9/translations/pcm/description",
	"services.json/16/translations/pcm/name", "services.json/16/translations/pcm/description",
	"services.json/24/translations/zh/name",  "services.json/24/translations/zh/description",
};
#define NSAMPLE_UNCHECKED (sizeof(sample_unchecked) / sizeof(sample_unchecked[0]))

static void test_sample_unchecked(void **state)
{
	static const char *const files[] = { "services.json", "organizations.json" };
	json_t *unchecked = json_array();
	char path[PATH_MAX + 64], base[64];
	json_error_t jerr;
	size_t records = 0;

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		json_t *doc, *rec;
		size_t i;
		snprintf(path, sizeof(path), "%s/data/sample/%s", srcdir, files[f]);
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		if (doc == NULL)
			fprintf(stderr, "%s: %s\n", path, jerr.text);
		assert_non_null(doc);
		assert_true(json_is_array(doc));
		json_array_foreach(doc, i, rec)
		{
			struct dir_error err;
			snprintf(base, sizeof(base), "%s/%zu", files[f], i);
			dir_error_init(&err);
			struct elig_report rep = { &err, json_array(), unchecked, "", 0, 0 };
			int rc = elig_check_document_full(rules, rec, base, &rep);
			if (rep.refused != 0)
				fprintf(stderr, "%s: refused: %s\n", err.field, err.message);
			if (rep.nheld != 0)
				fprintf(stderr, "%s: held: %s\n", base,
					json_dumps(json_array_get(rep.held, 0), 0));
			assert_int_equal(rep.refused + rep.nheld, 0); /* the sample is all public */
			assert_int_equal(rc, ELIG_ACCEPTED);
			json_decref(rep.held);
			dir_error_clear(&err);
			records++;
		}
		json_decref(doc);
	}
	printf("eligibility: %zu sample records, %zu texts unchecked\n", records,
	       json_array_size(unchecked));
	for (size_t i = 0; i < json_array_size(unchecked); i++) {
		const char *p = json_string_value(json_array_get(unchecked, i));
		int known = 0;
		for (size_t k = 0; k < NSAMPLE_UNCHECKED; k++)
			known |= strcmp(p, sample_unchecked[k]) == 0;
		if (!known)
			fprintf(stderr, "unchecked but in a covered language: %s\n", p);
		assert_true(known);
	}
	for (size_t k = 0; k < NSAMPLE_UNCHECKED; k++) {
		if (!in_array(unchecked, sample_unchecked[k]))
			fprintf(stderr, "not reported unchecked: %s\n", sample_unchecked[k]);
		assert_true(in_array(unchecked, sample_unchecked[k]));
	}
	assert_int_equal(json_array_size(unchecked), NSAMPLE_UNCHECKED);
	json_decref(unchecked);
}

/*
 * Our own taxonomy terms are embedded in services as nested taxonomy_term
 * objects with no "language": their untagged names and descriptions are
 * English and must count as checked (the terms only: the taxonomy's own
 * description talks about the conditions and is never embedded). Only the
 * unchecked list is asserted here: refusals are the matcher's business, and
 * the German data_firewall translation ("keine ... Daten an die Polizei oder
 * an Migrationsbehörden weitergegeben") is still refused, because its
 * negation stands too far before the strict phrase.
 */
static void test_taxonomy_terms_checked(void **state)
{
	static const char *const files[] = { "service_type.json", "access.json" };
	char path[PATH_MAX + 64];
	json_error_t jerr;
	size_t texts = 0;

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		json_t *doc, *unchecked = json_array();
		struct dir_error err;
		int refused;
		snprintf(path, sizeof(path), "%s/data/taxonomies/%s", srcdir, files[f]);
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		assert_non_null(doc);
		assert_true(json_array_size(json_object_get(doc, "terms")) > 0);
		/* Our own terms, in every language, are embedded in records that
		 * registrars send back: none may be refused. */
		dir_error_init(&err);
		refused = elig_check_document(rules, json_object_get(doc, "terms"), files[f], &err,
					      unchecked);
		if (refused != 0)
			fprintf(stderr, "refused taxonomy text: %s: %s\n", err.field, err.message);
		assert_int_equal(refused, 0);
		dir_error_clear(&err);
		for (size_t i = 0; i < json_array_size(unchecked); i++)
			fprintf(stderr, "unchecked taxonomy text: %s\n",
				json_string_value(json_array_get(unchecked, i)));
		assert_int_equal(json_array_size(unchecked), 0);
		texts++;
		json_decref(unchecked);
		json_decref(doc);
	}
	assert_int_equal(texts, 2);
}

/* ---- loading errors -------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * A rules directory of one's own: dir is a mkdtemp(3) template
 * ("/tmp/elig-test.XXXXXX"), filled in place; VERSION and a one-line
 * textcat configuration are written, the phrase list is the test's.
 */
static void rules_dir_make(char *dir)
{
	char sub[PATH_MAX];

	assert_non_null(mkdtemp(dir));
	write_file(dir, "VERSION", "test-1\n");
	write_file(dir, "textcat-latin.conf", "en.lm en\n");
	snprintf(sub, sizeof(sub), "%s/resemblance", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
}

/* Remove what rules_dir_make and the test (xx.phrases) wrote, then dir. */
static void rules_dir_remove(const char *dir)
{
	static const char *const files[] = { "xx.phrases", "VERSION", "textcat-latin.conf",
					     "own.lm" };
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/resemblance/xx.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/resemblance", dir);
	rmdir(path);
	rmdir(dir);
}

/*
 * The learned hold's models load with the lists (rules_dir_make made the
 * folder): a malformed model names its file and line, a missing folder is
 * an error of the data.
 */
static void test_resemblance_load_errors(const char *dir)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "# c\ntotals\t1\t1\t1\t1\t1\n", "xx.tsv:2:" },
		{ "totals\t1\t1\t1\t1\t1\t2\nthreshold\tten\n", "xx.tsv:2:" },
		{ "totals\t1\t1\t1\t1\t1\t2\nthreshold\t10\nb\t1\t0\t0\t0\t0\t1\n"
		  "a\t1\t0\t0\t0\t0\t1\n",
		  "xx.tsv:4: features out of byte order" },
		{ "totals\t1\t1\t1\t1\t1\t2\nthreshold\t10\na\t1\t0\t0\t0\t1\n", "xx.tsv:3:" },
	};
	char sub[PATH_MAX], moved[PATH_MAX];
	struct dir_error err;
	struct elig_rules *r;

	dir_error_init(&err);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		write_file(dir, "resemblance/xx.tsv", bad[i].text);
		assert_null(elig_rules_load(dir, &err));
		if (strstr(err.message, bad[i].why) == NULL)
			fprintf(stderr, "model %zu: %s\n", i, err.message);
		assert_non_null(strstr(err.message, bad[i].why));
		dir_error_clear(&err);
	}
	write_file(dir, "resemblance/xx.tsv",
		   "totals\t1\t1\t1\t1\t1\t2\nthreshold\t10\na\t1\t0\t0\t0\t0\t1\n");
	assert_non_null(r = elig_rules_load(dir, &err));
	elig_rules_free(r);
	snprintf(sub, sizeof(sub), "%s/resemblance", dir);
	snprintf(moved, sizeof(moved), "%s/resemblance.away", dir);
	assert_int_equal(rename(sub, moved), 0);
	assert_null(elig_rules_load(dir, &err));
	assert_non_null(strstr(err.message, "resemblance"));
	dir_error_clear(&err);
	assert_int_equal(rename(moved, sub), 0);
}

static void test_load_errors(void **state)
{
	char dir[] = "/tmp/elig-test.XXXXXX";
	struct dir_error err;
	struct elig_rules *r;

	(void)state;
	rules_dir_make(dir);
	dir_error_init(&err);
	assert_null(elig_rules_load("/nonexistent/eligibility", &err));
	assert_string_equal(err.code, "internal_error");
	dir_error_clear(&err);
	write_file(dir, "xx.phrases",
		   "language xx\nscript latin\nversion 1\n"
		   "words a\ncue must\nneg not\nD1 a\nD2 b\nD3 c\nD4 d\nD5 e\n"
		   "D2 ~2 police\n");
	assert_null(elig_rules_load(dir, &err));
	assert_non_null(strstr(err.message, "xx.phrases:12:"));
	dir_error_clear(&err);
	write_file(dir, "xx.phrases",
		   "language xx\nscript latin\nversion 1\n"
		   "words a\ncue must\nneg not\nD1 a\nD2 b\nD3 c\nD4 d\n");
	assert_null(elig_rules_load(dir, &err));
	assert_non_null(strstr(err.message, "every rule"));
	dir_error_clear(&err);
	write_file(dir, "xx.phrases",
		   "language xx\nscript latin\nversion 1\n"
		   "words a\ncue must\nneg not\nD1 a\nD2 police ~2 report|*anzeige*\n"
		   "D3 c\nD4 d\nD5! e\nfrobnicate x\n");
	assert_null(elig_rules_load(dir, &err));
	assert_non_null(strstr(err.message, "xx.phrases:12: unknown keyword"));
	dir_error_clear(&err);
	write_file(dir, "xx.phrases",
		   "language xx\nscript latin\nversion 7\n"
		   "words a\ncue must\nneg not\nD1 a\nD2 police ~2 report|*anzeige*\n"
		   "D3 c\nD4 d\nD5! e\n");
	r = elig_rules_load(dir, &err);
	assert_non_null(r);
	assert_string_equal(elig_rules_version(r), "test-1");
	elig_rules_free(r);
	/* A fingerprint written ./x is read from the rules' folder. */
	write_file(dir, "textcat-latin.conf", "# ours\nen.lm en\n./own.lm yy xx\n");
	assert_null(elig_rules_load(dir, &err));
	assert_non_null(strstr(err.message, "textcat-latin.conf"));
	dir_error_clear(&err);
	write_file(dir, "own.lm", "_\ne\n_t\n");
	r = elig_rules_load(dir, &err);
	assert_non_null(r);
	elig_rules_free(r);
	test_resemblance_load_errors(dir);
	rules_dir_remove(dir);
}

/*
 * "=word" in a list matches the word as written, never by stem (rule set
 * 2026.12-6): "=testify" does not match "testified", while the plain
 * "reporting" matches "reports" by its stem.
 */
static void test_exact_word(void **state)
{
	char dir[] = "/tmp/elig-test.XXXXXX";
	struct dir_error err;
	struct elig_rules *r;
	struct elig_match m;
	int checked;

	(void)state;
	rules_dir_make(dir);
	dir_error_init(&err);
	write_file(dir, "xx.phrases",
		   "language xx\nscript latin\nstemmer english\nversion 1\n"
		   "words only help\ncue only\nneg not\nD1 a\nD2 reporting\n"
		   "D3 =testify\nD4 d\nD5 e\n");
	r = elig_rules_load(dir, &err);
	if (r == NULL)
		fprintf(stderr, "%s\n", err.message);
	assert_non_null(r);
	assert_int_equal(elig_check_text(r, "Help only if you testify.", "xx", &m, &checked),
			 ELIG_REFUSED);
	assert_string_equal(m.rule, "D3");
	assert_int_equal(elig_check_text(r, "Help only if you testified.", "xx", &m, &checked),
			 ELIG_ACCEPTED);
	assert_int_equal(elig_check_text(r, "Help only with reports.", "xx", &m, &checked),
			 ELIG_REFUSED);
	assert_string_equal(m.rule, "D2");
	elig_rules_free(r);
	dir_error_clear(&err);
	rules_dir_remove(dir);
}

/* ---- regression corpus --------------------------------------------------- */

/* The shared data: $DIRECTORYD_SHARED_DIR (scripts/test sets it), else ../shared. */
static int shared_dir(char *out, size_t cap, const char *sub)
{
	const char *env = getenv("DIRECTORYD_SHARED_DIR");
	struct stat st;

	if (env != NULL && env[0] != '\0')
		snprintf(out, cap, "%s/data/%s", env, sub);
	else
		snprintf(out, cap, "%s/../shared/data/%s", srcdir, sub);
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("SKIP: %s is absent; regression corpus not checked\n", out);
		return -1;
	}
	return 0;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcmp(s + n - k, suf) == 0;
}

static void test_hsds_examples(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct dirent *e;
	struct dir_error err;
	json_error_t jerr;
	int files = 0, refused = 0, held = 0;
	DIR *d;

	(void)state;
	if (shared_dir(dir, sizeof(dir), "hsds-3.0/examples") != 0) {
		skip();
		return;
	}
	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		json_t *doc, *unchecked;
		if (!has_suffix(e->d_name, ".json"))
			continue;
		unchecked = json_array();
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		assert_non_null(doc);
		dir_error_init(&err);
		struct elig_report rep = { &err, json_array(), unchecked, "", 0, 0 };
		assert_true(elig_check_document_full(rules, doc, "", &rep) >= 0);
		if (rep.refused != 0)
			fprintf(stderr, "%s: %d refusals, first %s: %s\n", e->d_name, rep.refused,
				err.field, err.message);
		if (rep.nheld != 0)
			fprintf(stderr, "%s: held: %s\n", e->d_name,
				json_string_value(
					json_object_get(json_array_get(rep.held, 0), "message")));
		refused += rep.refused;
		held += rep.nheld > 0;
		json_decref(rep.held);
		files++;
		dir_error_clear(&err);
		json_decref(doc);
		json_decref(unchecked);
	}
	closedir(d);
	printf("eligibility: %d HSDS example files, %d refusals, %d held\n", files, refused, held);
	assert_true(files > 0);
	assert_int_equal(refused, 0);
	assert_true(held * 20 <= files); /* at most 5% held */
}

struct csv_state {
	const char *file;
	size_t row, cells, refused;
	size_t held_rows, last_held; /* rows with a held cell (a record held for review) */
};

static void csv_cell(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	struct elig_match m;
	int checked;

	(void)len;
	st->cells++;
	switch (elig_check_text(rules, s, NULL, &m, &checked)) {
	case ELIG_ACCEPTED: break;
	case ELIG_HELD:
		if (st->last_held != st->row)
			st->held_rows++;
		st->last_held = st->row;
		if (getenv("ELIG_SHOW_HELD") != NULL)
			fprintf(stderr, "%s row %zu: held %s \"%s\"\n", st->file, st->row, m.rule,
				m.phrase);
		break;
	default:
		st->refused++;
		fprintf(stderr, "%s row %zu: %s \"%s\" in: %s\n", st->file, st->row, m.rule,
			m.phrase, (const char *)s);
	}
}

static void csv_row(int c, void *data)
{
	(void)c;
	((struct csv_state *)data)->row++;
}

static size_t check_csv(const char *path, const char *name, size_t *cells)
{
	struct csv_state st = { name, 1, 0, 0, 0, 0 };
	struct csv_parser p;
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(csv_parse(&p, buf, n, csv_cell, csv_row, &st), n);
	csv_fini(&p, csv_cell, csv_row, &st);
	csv_free(&p);
	fclose(f);
	*cells += st.cells;
	printf("  %s: %zu records, %zu held\n", name, st.row - 2, st.held_rows);
	assert_true(st.held_rows * 20 <= st.row - 2); /* at most 5% of records held */
	return st.refused;
}

static void test_ilao_csv(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct dirent *e;
	size_t files = 0, cells = 0, refused = 0;
	DIR *d;

	(void)state;
	if (shared_dir(dir, sizeof(dir), "ilao-hsds-1.0") != 0) {
		skip();
		return;
	}
	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".csv"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		refused += check_csv(path, e->d_name, &cells);
		files++;
	}
	closedir(d);
	printf("eligibility: %zu ILAO files, %zu cells, %zu refusals\n", files, cells, refused);
	assert_true(files > 0);
	assert_int_equal(refused, 0);
}

/* ---- several threads at once ------------------------------------------- */

#define THREAD_N      4
#define THREAD_PASSES 2
#define THREAD_TEXTS  4096

/* One text of the case table and the outcome a single thread gave it. */
struct thread_case {
	char *text, *hint;
	int rc, checked;
	char rule[8];
};

struct thread_run {
	const struct thread_case *cases;
	size_t n, first;
	int mismatches;
};

/* Check every case THREAD_PASSES times from run->first; count outcomes that differ. */
static void *thread_check(void *arg)
{
	struct thread_run *run = arg;

	for (size_t k = 0; k < THREAD_PASSES * run->n; k++) {
		const struct thread_case *c = &run->cases[(run->first + k) % run->n];
		struct elig_match m;
		int checked = 0, rc = elig_check_text(rules, c->text, c->hint, &m, &checked);
		if (rc != c->rc || checked != c->checked ||
		    (rc > 0 && strcmp(m.rule, c->rule) != 0))
			run->mismatches++;
	}
	return NULL;
}

/* Read the texts of cases.tsv, every other one untagged. Returns how many. */
static size_t thread_read_cases(struct thread_case *cases)
{
	char path[PATH_MAX + 64], line[4096];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/eligibility/cases.tsv", srcdir);
	assert_non_null(f = fopen(path, "r"));
	while (n < THREAD_TEXTS && fgets(line, sizeof(line), f) != NULL) {
		char *hint = strchr(line, '\t'), *text = hint ? strchr(hint + 1, '\t') : NULL;
		if (line[0] == '#' || text == NULL)
			continue;
		*text++ = '\0';
		text[strcspn(text, "\r\n")] = '\0';
		cases[n].text = strdup(text);
		cases[n].hint = n % 2 == 0 && strcmp(hint + 1, "-") != 0 ? strdup(hint + 1) : NULL;
		assert_non_null(cases[n].text);
		n++;
	}
	fclose(f);
	return n;
}

/*
 * The daemon checks texts from several threads with one set of rules, and
 * each list keeps a Snowball stemmer between checks (libstemmer's stemmers
 * are not thread-safe: a thread takes the kept one or makes its own). The
 * case table checked THREAD_PASSES times by THREAD_N threads at once,
 * each from another starting point, gives the outcomes one thread gave.
 */
static void test_threads(void **state)
{
	struct thread_case *cases = calloc(THREAD_TEXTS, sizeof(*cases));
	struct thread_run runs[THREAD_N];
	pthread_t threads[THREAD_N];
	size_t n;

	(void)state;
	assert_non_null(cases);
	n = thread_read_cases(cases);
	assert_true(n > 1000);
	for (size_t k = 0; k < n; k++) {
		struct elig_match m;
		cases[k].rc =
			elig_check_text(rules, cases[k].text, cases[k].hint, &m, &cases[k].checked);
		snprintf(cases[k].rule, sizeof(cases[k].rule), "%s", cases[k].rc > 0 ? m.rule : "");
	}
	for (size_t i = 0; i < THREAD_N; i++) {
		runs[i] = (struct thread_run){ cases, n, i * n / THREAD_N, 0 };
		assert_int_equal(pthread_create(&threads[i], NULL, thread_check, &runs[i]), 0);
	}
	for (size_t i = 0; i < THREAD_N; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(runs[i].mismatches, 0);
	}
	for (size_t k = 0; k < n; k++) {
		free(cases[k].text);
		free(cases[k].hint);
	}
	free(cases);
}

/* ---- libexttextcat's answer, sooner ---------------------------------- */

/*
 * Write conf's fingerprint lines with their files resolved as
 * elig_textcat_load resolves them, for textcat_Init. Returns the path of a
 * temporary file (free, then unlink it).
 */
static char *textcat_conf_for_library(const char *conf)
{
	char line[1024], *path = strdup("/tmp/test-elig-textcat-XXXXXX");
	FILE *in = fopen(conf, "r"), *out;
	int fd;

	assert_non_null(path);
	assert_non_null(in);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(out = fdopen(fd, "w"));
	while (fgets(line, sizeof(line), in) != NULL) {
		char file[512], lang[16];
		if (line[0] == '#' || sscanf(line, "%511s %15s", file, lang) != 2)
			continue;
		if (strncmp(file, "./", 2) == 0)
			fprintf(out, "%s/data/eligibility/%s %s\n", srcdir, file + 2, lang);
		else
			fprintf(out, "%s%s %s\n", ELIG_TEXTCAT_DIR, file, lang);
	}
	fclose(in);
	assert_int_equal(fclose(out), 0);
	return path;
}

/* elig_textcat_classify's answer as textcat_Classify writes it ("[en][sco]"). */
static void textcat_as_string(int n, const char **names, char *out, size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "[%s]", names[i]);
}

/*
 * elig_textcat_classify compares the fingerprints of the lists the words
 * name first and, when asked only about languages without a list, stops
 * once none can be a candidate. Neither may change the answer: for every
 * text of the case table (its first 128 bytes) and every order tried, it
 * names the candidates textcat_Classify names with the same fingerprints
 * in conf order (UNKNOWN and SHORT as 0), and 0 with unlisted_only only
 * when no language without a list is among them.
 */
static void test_textcat_as_library(void **state)
{
	static const char *const scripts[][2] = { { "latin", "en" }, { "cyrillic", "ru" } };
	char path[PATH_MAX + 64], line[4096], want[256], got[256];
	const char *names[MAXCANDIDATES];
	size_t texts = 0, unlisted = 0;

	(void)state;
	for (size_t sc = 0; sc < 2; sc++) {
		struct elig_rules *r = calloc(1, sizeof(*r));
		struct elig_textcat *tc;
		char *conf;
		void *lib;
		FILE *f;
		assert_non_null(r);
		*r = *rules; /* the lists, for elig_find_lang */
		snprintf(path, sizeof(path), "%s/data/eligibility/textcat-%s.conf", srcdir,
			 scripts[sc][0]);
		snprintf(line, sizeof(line), "%s/data/eligibility", srcdir);
		assert_non_null(tc = elig_textcat_load(r, path, line, ELIG_TEXTCAT_DIR));
		conf = textcat_conf_for_library(path);
		assert_non_null(lib = textcat_Init(conf));
		unlink(conf);
		free(conf);
		snprintf(path, sizeof(path), "%s/tests/data/eligibility/cases.tsv", srcdir);
		assert_non_null(f = fopen(path, "r"));
		while (fgets(line, sizeof(line), f) != NULL) {
			char *hint = strchr(line, '\t'),
			     *text = hint ? strchr(hint + 1, '\t') : NULL;
			const struct elig_lang *l;
			const char *res;
			size_t len;
			if (line[0] == '#' || text == NULL)
				continue;
			*strchr(hint + 1, '\t') = '\0';
			text++;
			len = strcspn(text, "\r\n");
			for (len = len > 128 ? 128 : len;
			     len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80;)
				len--;
			res = textcat_Classify(lib, text, len);
			snprintf(want, sizeof(want), "%s", res[0] == '[' ? res : "");
			l = elig_find_lang(r, scripts[sc][1]);
			uint64_t firsts[] = { 0, (uint64_t)1 << (size_t)(l - r->langs),
					      ~(uint64_t)0, 0 };
			if ((l = elig_find_lang(r, hint + 1)) != NULL)
				firsts[3] = (uint64_t)1 << (size_t)(l - r->langs);
			for (size_t k = 0; k < sizeof(firsts) / sizeof(*firsts); k++) {
				int n = elig_textcat_classify(tc, text, len, firsts[k], 0, names,
							      MAXCANDIDATES);
				textcat_as_string(n, names, got, sizeof(got));
				if (strcmp(got, want) != 0)
					fail_msg("order %zu: %s, libexttextcat %s, for: %s", k, got,
						 want, text);
				n = elig_textcat_classify(tc, text, len, firsts[k], 1, names,
							  MAXCANDIDATES);
				textcat_as_string(n, names, got, sizeof(got));
				if (n > 0 && strcmp(got, want) != 0)
					fail_msg("unlisted only: %s, libexttextcat %s, for: %s",
						 got, want, text);
				unlisted += n > 0;
				for (char *p = want; n == 0 && (p = strchr(p, '[')) != NULL;) {
					size_t m = strcspn(++p, "]");
					char tag[16];
					snprintf(tag, sizeof(tag), "%.*s", (int)m, p);
					if (elig_find_lang(r, tag) == NULL)
						fail_msg("unlisted only gave 0, libexttextcat %s, "
							 "for: %s",
							 want, text);
				}
			}
			texts++;
		}
		fclose(f);
		textcat_Done(lib);
		elig_textcat_free(tc);
		free(r);
	}
	assert_true(texts > 1000);
	assert_true(unlisted > 0); /* some texts are near a language without a list */
}

/*
 * Write a conf naming libexttextcat-data's English fingerprint n times and
 * load it. Returns what elig_textcat_load returns (free it).
 */
static struct elig_textcat *textcat_load_copies(struct elig_rules *r, int n)
{
	char path[] = "/tmp/test-elig-textcat-XXXXXX", dir[PATH_MAX];
	int fd = mkstemp(path);
	struct elig_textcat *tc;
	FILE *out;

	assert_true(fd >= 0);
	assert_non_null(out = fdopen(fd, "w"));
	for (int i = 0; i < n; i++)
		fprintf(out, "en.lm en%d\n", i);
	assert_int_equal(fclose(out), 0);
	snprintf(dir, sizeof(dir), "%s/data/eligibility", srcdir);
	tc = elig_textcat_load(r, path, dir, ELIG_TEXTCAT_DIR);
	unlink(path);
	return tc;
}

/*
 * A conf with more fingerprints for a script than an identification keeps
 * scores for (64) is refused at load, not read in part: every
 * identification would otherwise answer "unsure" without a word.
 */
static void test_textcat_limit(void **state)
{
	struct elig_rules *r = calloc(1, sizeof(*r));
	struct elig_textcat *tc;

	(void)state;
	assert_non_null(r);
	*r = *rules; /* the lists, for elig_find_lang */
	assert_non_null(tc = textcat_load_copies(r, 64));
	elig_textcat_free(tc);
	assert_null(textcat_load_copies(r, 65));
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_table),
		cmocka_unit_test(test_police_report_each_language),
		cmocka_unit_test(test_case_and_accents),
		cmocka_unit_test(test_unchecked_languages),
		cmocka_unit_test(test_untagged_language_choice),
		cmocka_unit_test(test_mixed_language_details),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_document_walk),
		cmocka_unit_test(test_required_document),
		cmocka_unit_test(test_document_accepted),
		cmocka_unit_test(test_sample_unchecked),
		cmocka_unit_test(test_taxonomy_terms_checked),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_exact_word),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_textcat_as_library),
		cmocka_unit_test(test_textcat_limit),
		cmocka_unit_test(test_hsds_examples),
		cmocka_unit_test(test_ilao_csv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
