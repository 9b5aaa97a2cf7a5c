-- 12_words.sql - word forms for search= (issue 12; docs/api.md "### Search"):
-- the Snowball stems of a record's texts by their language, which the
-- generated column service.words_tsv (migration 0051) holds, and the
-- tsqueries of a search's words.
-- needs: none

-- The Snowball configuration of a BCP 47 tag's language, NULL where
-- PostgreSQL has none. Schema-qualified: generated columns are computed
-- again by pg_restore with an empty search_path.
CREATE OR REPLACE FUNCTION dir_lang_config(tag text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ('pg_catalog.' || c)::regconfig FROM (SELECT CASE split_part(lower(tag), '-', 1)
		WHEN 'en' THEN 'english' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french'
		WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
		WHEN 'nl' THEN 'dutch' WHEN 'ro' THEN 'romanian' WHEN 'ru' THEN 'russian'
		WHEN 'hu' THEN 'hungarian' WHEN 'sv' THEN 'swedish' WHEN 'da' THEN 'danish'
		WHEN 'fi' THEN 'finnish' WHEN 'no' THEN 'norwegian' WHEN 'nb' THEN 'norwegian'
		WHEN 'nn' THEN 'norwegian' WHEN 'tr' THEN 'turkish' WHEN 'el' THEN 'greek'
		WHEN 'ar' THEN 'arabic' WHEN 'hy' THEN 'armenian' WHEN 'eu' THEN 'basque'
		WHEN 'ca' THEN 'catalan' WHEN 'hi' THEN 'hindi' WHEN 'id' THEN 'indonesian'
		WHEN 'ga' THEN 'irish' WHEN 'lt' THEN 'lithuanian' WHEN 'ne' THEN 'nepali'
		WHEN 'sr' THEN 'serbian' WHEN 'ta' THEN 'tamil' WHEN 'yi' THEN 'yiddish'
		END AS c) x
	WHERE c IS NOT NULL
$$;

-- Every Snowball configuration a search word is stemmed with.
CREATE OR REPLACE FUNCTION dir_stem_configs() RETURNS regconfig[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ARRAY['pg_catalog.english', 'pg_catalog.german', 'pg_catalog.french',
		'pg_catalog.spanish', 'pg_catalog.italian', 'pg_catalog.portuguese',
		'pg_catalog.dutch', 'pg_catalog.romanian', 'pg_catalog.russian',
		'pg_catalog.hungarian', 'pg_catalog.swedish', 'pg_catalog.danish',
		'pg_catalog.finnish', 'pg_catalog.norwegian', 'pg_catalog.turkish',
		'pg_catalog.greek', 'pg_catalog.catalan', 'pg_catalog.lithuanian',
		'pg_catalog.indonesian', 'pg_catalog.serbian']::regconfig[]
$$;

-- Stems of a record's texts: name and alternate name weigh A, description
-- B; the record's own texts in English, each translation in its language
-- where it has a configuration.
CREATE OR REPLACE FUNCTION dir_stem_tsv(name text, alternate_name text, description text,
	translations jsonb) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	v tsvector := setweight(to_tsvector('pg_catalog.english'::regconfig,
			coalesce(public.dir_fold(concat_ws(' ', name, alternate_name)), '')), 'A')
		|| setweight(to_tsvector('pg_catalog.english'::regconfig,
			coalesce(public.dir_fold(description), '')), 'B');
	t record;
	cfg regconfig;
BEGIN
	IF translations IS NULL OR jsonb_typeof(translations) <> 'object' THEN
		RETURN v;
	END IF;
	FOR t IN SELECT e.key, e.value FROM jsonb_each(translations) AS e LOOP
		cfg := public.dir_lang_config(t.key);
		CONTINUE WHEN cfg IS NULL OR jsonb_typeof(t.value) <> 'object';
		v := v || setweight(to_tsvector(cfg, coalesce(public.dir_fold(concat_ws(' ',
				t.value ->> 'name', t.value ->> 'alternate_name')), '')), 'A')
			|| setweight(to_tsvector(cfg,
				coalesce(public.dir_fold(t.value ->> 'description'), '')), 'B');
	END LOOP;
	RETURN v;
END $$;

-- The words of a search as a tsquery: every word must match, as a prefix
-- of a folded word or as its stem in any configuration. NULL when there
-- are no words. Only letters and digits reach the tsquery.
CREATE OR REPLACE FUNCTION dir_words_query(q text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	w text;
	alts text;
	result text;
BEGIN
	FOR w IN SELECT x FROM regexp_split_to_table(
			btrim(regexp_replace(public.dir_fold(q), '[^[:alnum:]]+', ' ', 'g')), ' ') AS x
		WHERE x <> '' LOOP
		SELECT string_agg(DISTINCT quote_literal(l), ' | ') INTO alts
		FROM unnest(public.dir_stem_configs()) AS c,
			unnest(tsvector_to_array(to_tsvector(c, w))) AS l
		WHERE l <> w;
		w := '(' || quote_literal(w) || ':*' || coalesce(' | ' || alts, '') || ')';
		result := CASE WHEN result IS NULL THEN w ELSE result || ' & ' || w END;
	END LOOP;
	RETURN result::tsquery;
END $$;

-- The words of a search as typed, each a whole folded word: ranks an
-- exact word above a longer word or another form. NULL without words.
CREATE OR REPLACE FUNCTION dir_exact_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT string_agg(quote_literal(w), ' & ')::tsquery
	FROM regexp_split_to_table(
		btrim(regexp_replace(public.dir_fold(q), '[^[:alnum:]]+', ' ', 'g')), ' ') AS w
	WHERE w <> ''
$$;

-- A text as a phrase: folded, words of letters and digits joined by one
-- space ("Papiers d'identité" gives 'papiers d identite').
CREATE OR REPLACE FUNCTION dir_phrase(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT btrim(regexp_replace(public.dir_fold(t), '[^[:alnum:]]+', ' ', 'g'))
$$;
