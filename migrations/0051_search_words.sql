-- 0051_search_words.sql - search= by word forms and by the vocabulary's
-- labels and synonyms (issue 12; docs/api.md, "### Search").
--
-- 1. Word forms. service.words_tsv holds the folded words of dir_tsv (0001)
--    and their Snowball stems in the language of each text: the record's
--    own texts in English (HSDS records carry no language of their own; the
--    sample and the HSDS examples are English), each translation in its
--    language where PostgreSQL has a Snowball configuration; the others
--    (Bulgarian, Polish, Ukrainian...) keep the plain folded words. A
--    search word matches as a prefix of a folded word, as before, or as the
--    stem of any language's configuration: "testing" finds "tests" and
--    "test", "Beratungen" finds "Beratung".
-- 2. Needs in the searcher's words. search_term holds, for each term of the
--    two vocabularies, a tsvector of its code, name, translated names and
--    synonyms (data/taxonomies/synonyms/*.json, seeded with the
--    vocabularies by `directoryd migrate`), folded and stemmed the same
--    way. A search finds the services of every term whose words contain all
--    the search's words ("shelter", "Notunterkunft", "подслон").
--
-- The functions are in sql/12_words.sql and sql/33_synonyms.sql.

ALTER TABLE service ADD COLUMN words_tsv tsvector GENERATED ALWAYS AS
	(public.dir_tsv(name, alternate_name, description, translations)
	 || public.dir_stem_tsv(name, alternate_name, description, translations)) STORED;
CREATE INDEX service_words ON service USING gin (words_tsv);

-- Synonyms of the vocabularies' terms (data/taxonomies/synonyms/).
CREATE TABLE taxonomy_term_synonym (
	taxonomy_term_id uuid NOT NULL REFERENCES taxonomy_term (id) ON DELETE CASCADE,
	lang text NOT NULL,
	synonym text NOT NULL,
	PRIMARY KEY (taxonomy_term_id, lang, synonym)
);

-- Per own term: the key of its services in service_key ('cat:CODE' or
-- 'acc:CODE'), the words that name it, and its names and synonyms whole
-- (dir_phrase), so that a search that is one of them ranks its services
-- above those of terms that merely contain its words.
CREATE TABLE search_term (
	taxonomy_term_id uuid PRIMARY KEY REFERENCES taxonomy_term (id) ON DELETE CASCADE,
	key text NOT NULL,
	words tsvector NOT NULL,
	phrases text[] NOT NULL
);
