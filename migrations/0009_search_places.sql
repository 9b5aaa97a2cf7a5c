-- 0009_search_places.sql - the rest of a search's planning and rendering
-- time (docs/performance.md).
--
-- 1. dir_area_keys() (0008) read every address of the searched city to
--    find the ISO 3166 codes its "text" service areas could name: 11 ms
--    for a city of 1,600 addresses, paid once when PostgreSQL estimates the
--    condition and again when it runs it. search_place keeps those codes
--    per folded city name, brought up to date when a transaction that
--    wrote addresses commits, like service_key.
-- 2. dir_tr() is called eight times per rendered service; as an inlinable
--    SQL expression it costs nothing when there is nothing to translate,
--    and calls the PL/pgSQL lookup (0007's dir_tr, renamed) only when there
--    is.

ALTER FUNCTION dir_tr(text, jsonb, text, text[]) RENAME TO dir_tr_lookup;
CREATE FUNCTION dir_tr(orig text, tr jsonb, field text, langs text[])
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN tr IS NULL OR langs IS NULL OR cardinality(langs) = 0
		OR jsonb_typeof(tr) <> 'object' THEN orig
		ELSE dir_tr_lookup(orig, tr, field, langs) END
$$;

-- Per dir_fold(address.city): the codes an address there has,
-- upper(country) and upper(country) || '-' || upper(state_province), and
-- its countries.
CREATE TABLE search_place (
	city text PRIMARY KEY,
	codes text[] NOT NULL,
	countries text[] NOT NULL
);
CREATE INDEX search_place_countries ON search_place USING gin (countries);

CREATE FUNCTION dir_search_place_refresh(cities text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_place p WHERE p.city = ANY (cities)
		AND NOT EXISTS (SELECT 1 FROM address a WHERE dir_fold(a.city) = p.city);
	INSERT INTO search_place (city, codes, countries)
	SELECT dir_fold(a.city),
		coalesce(array_agg(DISTINCT v.c) FILTER (WHERE v.c IS NOT NULL), '{}'),
		coalesce(array_agg(DISTINCT upper(a.country))
			FILTER (WHERE a.country IS NOT NULL), '{}')
	FROM address a, LATERAL (VALUES (upper(a.country)),
		(upper(a.country) || '-' || upper(a.state_province))) AS v (c)
	WHERE dir_fold(a.city) = ANY (cities)
	GROUP BY 1 ORDER BY 1
	ON CONFLICT (city) DO UPDATE
		SET codes = EXCLUDED.codes, countries = EXCLUDED.countries
		WHERE (search_place.codes, search_place.countries)
			IS DISTINCT FROM (EXCLUDED.codes, EXCLUDED.countries);
END $$;

CREATE UNLOGGED TABLE search_place_dirty (
	tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
	city text NOT NULL
);
CREATE INDEX search_place_dirty_tx ON search_place_dirty (tx, city);

CREATE FUNCTION dir_search_place_mark(cities text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_place_dirty (city)
	SELECT DISTINCT c FROM unnest(cities) AS c
	WHERE c IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_place_dirty d
		WHERE d.tx = pg_current_xact_id() AND d.city = c);
END $$;

CREATE FUNCTION dir_place_trg_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	cities text[];
BEGIN
	WITH d AS (DELETE FROM search_place_dirty WHERE tx = pg_current_xact_id()
		RETURNING city)
	SELECT array_agg(DISTINCT city) INTO cities FROM d;
	IF cities IS NOT NULL THEN
		PERFORM dir_search_place_refresh(cities);
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER search_place_flush AFTER INSERT ON search_place_dirty
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION dir_place_trg_flush();

CREATE FUNCTION dir_place_trg_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_search_place_mark(ARRAY(SELECT dir_fold(n.city) FROM nt n));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_search_place_mark(ARRAY(SELECT dir_fold(o.city) FROM ot o));
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER search_place_insert AFTER INSERT ON address
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_place_trg_address();
CREATE TRIGGER search_place_update AFTER UPDATE ON address
	REFERENCING NEW TABLE AS nt OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_place_trg_address();
CREATE TRIGGER search_place_delete AFTER DELETE ON address
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_place_trg_address();

SELECT dir_search_place_refresh(ARRAY(SELECT DISTINCT dir_fold(city) FROM address
	WHERE city IS NOT NULL));

-- 0008's dir_area_keys over search_place; same result.
CREATE OR REPLACE FUNCTION dir_area_keys(q_city text, q_country text) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN q_city IS NULL AND q_country IS NULL THEN '{}'::text[]
	WHEN q_city IS NOT NULL THEN ARRAY(
		SELECT 'ac:' || c FROM search_place p, unnest(p.codes) AS c
		WHERE p.city = dir_fold(q_city)
		  AND (q_country IS NULL OR left(c, 2) = upper(q_country)))
		|| CASE WHEN q_country IS NULL OR EXISTS (SELECT 1 FROM search_place p
			WHERE p.city = dir_fold(q_city) AND upper(q_country) = ANY (p.countries))
			THEN ARRAY['at:' || dir_fold(q_city)] ELSE '{}' END
	ELSE ARRAY['acn:' || upper(q_country)] || ARRAY(
		SELECT 'at:' || p.city FROM search_place p
		WHERE p.countries @> ARRAY[upper(q_country)]) END
$$;
