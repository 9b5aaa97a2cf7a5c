-- 33_synonyms.sql - needs in the searcher's words (issue 12): the synonyms
-- of the vocabularies' terms (data/taxonomies/synonyms/, seeded by
-- hsds/synonyms.c after the vocabularies) and search_term, the words of
-- each own term, rebuilt whenever they are seeded.

-- The words of one term: code, name, translated names and synonyms,
-- folded, each also stemmed in its language.
CREATE OR REPLACE FUNCTION dir_term_words(tid uuid) RETURNS tsvector
LANGUAGE plpgsql STABLE AS $$
DECLARE
	v tsvector := ''::tsvector;
	t record;
	cfg regconfig;
BEGIN
	FOR t IN SELECT 'en' AS lang, replace(tt.code, '_', ' ') AS txt FROM taxonomy_term tt
			WHERE tt.id = tid
		UNION ALL SELECT 'en', tt.name FROM taxonomy_term tt WHERE tt.id = tid
		UNION ALL SELECT e.key, e.value ->> 'name' FROM taxonomy_term tt,
			jsonb_each(CASE WHEN jsonb_typeof(tt.translations) = 'object'
				THEN tt.translations ELSE '{}' END) AS e
			WHERE tt.id = tid AND jsonb_typeof(e.value) = 'object'
		UNION ALL SELECT s.lang, s.synonym FROM taxonomy_term_synonym s
			WHERE s.taxonomy_term_id = tid LOOP
		CONTINUE WHEN t.txt IS NULL;
		v := v || to_tsvector('simple', dir_fold(t.txt));
		cfg := dir_lang_config(t.lang);
		IF cfg IS NOT NULL THEN
			v := v || to_tsvector(cfg, dir_fold(t.txt));
		END IF;
	END LOOP;
	RETURN v;
END $$;

-- Rebuild search_term from the own terms and their synonyms.
CREATE OR REPLACE FUNCTION dir_search_term_refresh() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_term;
	INSERT INTO search_term (taxonomy_term_id, key, words, phrases)
	SELECT t.id, CASE t.taxonomy WHEN 'service_type' THEN 'cat:' ELSE 'acc:' END || t.code,
		dir_term_words(t.id), ARRAY(
			SELECT DISTINCT dir_phrase(x) FROM (
				SELECT t.name AS x
				UNION ALL SELECT e.value ->> 'name' FROM jsonb_each(CASE
					WHEN jsonb_typeof(t.translations) = 'object'
					THEN t.translations ELSE '{}' END) AS e
				WHERE jsonb_typeof(e.value) = 'object'
				UNION ALL SELECT s.synonym FROM taxonomy_term_synonym s
				WHERE s.taxonomy_term_id = t.id) z
			WHERE x IS NOT NULL)
	FROM taxonomy_term t
	WHERE t.own AND t.taxonomy IN ('service_type', 'access') AND t.code IS NOT NULL;
END $$;

-- Replace the synonyms of one vocabulary by those of doc (the JSON of a
-- data/taxonomies/synonyms file: {"taxonomy", "terms": {code: {tag:
-- [synonym...]}}}) and rebuild search_term. A code that is no term of the
-- vocabulary is refused (invalid_value).
CREATE OR REPLACE FUNCTION dir_seed_synonyms(doc jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	missing text;
BEGIN
	SELECT c.key INTO missing FROM jsonb_each(doc -> 'terms') AS c
	WHERE NOT EXISTS (SELECT 1 FROM taxonomy_term t WHERE t.own
		AND t.taxonomy = doc ->> 'taxonomy' AND t.code = c.key)
	LIMIT 1;
	IF missing IS NOT NULL THEN
		PERFORM dir_refuse('DR400', 'invalid_value', '/terms/' || missing,
			'synonyms for ' || missing || ', which is no ' || (doc ->> 'taxonomy')
			|| ' term');
	END IF;
	DELETE FROM taxonomy_term_synonym s USING taxonomy_term t
	WHERE t.id = s.taxonomy_term_id AND t.taxonomy = doc ->> 'taxonomy';
	INSERT INTO taxonomy_term_synonym (taxonomy_term_id, lang, synonym)
	SELECT DISTINCT t.id, l.key, btrim(v #>> '{}')
	FROM jsonb_each(doc -> 'terms') AS c
	JOIN taxonomy_term t ON t.own AND t.taxonomy = doc ->> 'taxonomy' AND t.code = c.key,
		jsonb_each(c.value) AS l, jsonb_array_elements(l.value) AS v
	WHERE jsonb_typeof(v) = 'string' AND btrim(v #>> '{}') <> '';
	PERFORM dir_search_term_refresh();
END $$;

-- The service keys of the terms one of whose names or synonyms is the
-- search, whole. The phrase is made once, not once per term.
CREATE OR REPLACE FUNCTION dir_search_term_exact_keys(q text) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
	phrase text := dir_phrase(q);
BEGIN
	RETURN (SELECT coalesce(array_agg(st.key), '{}') FROM search_term st
		WHERE phrase IS NOT NULL AND phrase = ANY (st.phrases));
END $$;

-- The service keys of the terms whose words match a search's tsquery
-- (dir_words_query; search_term). '{}' for NULL.
CREATE OR REPLACE FUNCTION dir_term_keys_of(wq tsquery) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(st.key), '{}') FROM search_term st
		WHERE wq IS NOT NULL AND st.words @@ wq);
END $$;

-- The service keys of the terms a search names.
CREATE OR REPLACE FUNCTION dir_search_term_keys(q text) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN dir_term_keys_of(dir_words_query(q));
END $$;
