-- 0013_search_plan.sql - less planning per search (docs/performance.md).
--
-- PostgreSQL plans the list statement anew for each request (the daemon's
-- unnamed statement, with the values as constants). dir_service_search
-- calls helpers that are SQL functions with a FROM clause: they cannot be
-- inlined, so the planner runs them on their constant arguments (the
-- language and access keys) or, for the stable dir_area_keys, runs them to
-- estimate the GIN condition, and the executor runs that one again; each
-- such run of an SQL function parses and plans its body first. Here they
-- are PL/pgSQL with the same queries, whose plans are kept for the session:
-- about 1 ms less planning for a city + language + category + access query.
-- Same arguments, same results.

CREATE OR REPLACE FUNCTION dir_tag_prefixes(tag text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (SELECT array_agg(array_to_string(p[1:n], '-'))
		FROM (SELECT string_to_array(lower(tag), '-') AS p) x,
			generate_series(1, cardinality(x.p)) AS n);
END $$;

CREATE OR REPLACE FUNCTION dir_code_list(list text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(DISTINCT btrim(c)), '{}')
		FROM unnest(string_to_array(list, ',')) AS c WHERE btrim(c) <> '');
END $$;

CREATE OR REPLACE FUNCTION dir_lang_keys(want text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT array_agg('le:' || p) || ('lp:' || lower(want))
		FROM unnest(dir_tag_prefixes(want)) AS p);
END $$;

CREATE OR REPLACE FUNCTION dir_access_keys(list text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg('acc:' || c), '{}')
		FROM unnest(dir_code_list(list)) AS c);
END $$;

-- 0009's service-area keys, under their own name.
CREATE OR REPLACE FUNCTION dir_area_only_keys(q_city text, q_country text)
RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT CASE WHEN q_city IS NULL AND q_country IS NULL THEN '{}'::text[]
	WHEN q_city IS NOT NULL THEN ARRAY(
		SELECT 'ac:' || c FROM search_place p, unnest(p.codes) AS c
		WHERE p.city = dir_fold(q_city)
		  AND (q_country IS NULL OR left(c, 2) = upper(q_country)))
		|| CASE WHEN q_country IS NULL OR EXISTS (SELECT 1 FROM search_place p
			WHERE p.city = dir_fold(q_city) AND upper(q_country) = ANY (p.countries))
			THEN ARRAY['at:' || dir_fold(q_city)] ELSE '{}' END
	ELSE ARRAY['acn:' || upper(q_country)] || ARRAY(
		SELECT 'at:' || p.city FROM search_place p
		WHERE p.countries @> ARRAY[upper(q_country)]) END);
END $$;

-- The place keys a city or country search looks for among the non-local
-- services: the service-area keys, plus 'rn:' for the countries of the city
-- searched (or the country itself). An online/phone/virtual service with
-- no "text" service area serves everywhere when it has no address ('remote')
-- and the place searches of its own countries when it has ('rn:CC', see
-- 0008): a phone line run from Sofia serves Bulgaria, not Vienna.
CREATE OR REPLACE FUNCTION dir_area_keys(q_city text, q_country text)
RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_area_only_keys(q_city, q_country)
		|| CASE WHEN q_city IS NOT NULL THEN ARRAY(
			SELECT 'rn:' || c FROM search_place p, unnest(p.countries) AS c
			WHERE p.city = dir_fold(q_city)
			  AND (q_country IS NULL OR c = upper(q_country)))
		WHEN q_country IS NOT NULL THEN ARRAY['rn:' || upper(q_country)]
		ELSE '{}'::text[] END);
END $$;
