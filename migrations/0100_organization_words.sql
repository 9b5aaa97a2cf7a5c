-- 0100_organization_words.sql - search= on GET /organizations matches word
-- forms as GET /services does (issue 12; docs/api.md, "### Search"): the
-- organization's folded words and their Snowball stems by the language of
-- each text, as service.words_tsv (0051), with its GIN index. The
-- functions are in sql/10_text.sql and sql/12_words.sql.

ALTER TABLE organization ADD COLUMN words_tsv tsvector GENERATED ALWAYS AS
	(public.dir_tsv(name, alternate_name, description, translations)
	 || public.dir_stem_tsv(name, alternate_name, description, translations)) STORED;
CREATE INDEX organization_words ON organization USING gin (words_tsv);
