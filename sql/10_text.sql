-- 10_text.sql - folding text for search: the generated search_tsv columns
-- and the address_city index call these, so they exist before the tables.
-- needs: none

-- Case- and accent-folded text for city and full-text search and their
-- indexes. unaccent() is only STABLE because its dictionary could change;
-- naming the dictionary explicitly makes the wrapper safe to index.
CREATE OR REPLACE FUNCTION dir_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;

-- Words of a search, in the same folding, as a tsquery of prefixes that must
-- all match ("counsel zur" finds "Counselling in Zürich"); NULL when there
-- are no words (nothing matches). Only letters and digits reach the
-- tsquery, so its syntax cannot be injected.
CREATE OR REPLACE FUNCTION dir_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT string_agg(w || ':*', ' & ')::tsquery
	FROM regexp_split_to_table(
		btrim(regexp_replace(dir_fold(q), '[^[:alnum:]]+', ' ', 'g')), ' ') AS w
	WHERE w <> ''
$$;

-- The searchable text of a record: names weigh more than descriptions, and
-- translated texts count too.
-- (Schema-qualified calls: the generated columns that use it are computed
-- again by pg_restore, which runs with an empty search_path.)
CREATE OR REPLACE FUNCTION dir_tsv(name text, alternate_name text, description text,
	translations jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
	SELECT setweight(to_tsvector('simple'::regconfig,
			public.dir_fold(concat_ws(' ', name, alternate_name))), 'A')
		|| setweight(to_tsvector('simple'::regconfig,
			coalesce(public.dir_fold(description), '')), 'B')
		|| setweight(to_tsvector('simple'::regconfig, coalesce(public.dir_fold((
			SELECT string_agg(v #>> '{}', ' ')
			FROM jsonb_path_query(translations, 'strict $.*.*') AS v
			WHERE jsonb_typeof(v) = 'string')), '')), 'C')
$$;
