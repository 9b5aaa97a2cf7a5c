-- 54_search_place.sql - search_place: the ISO 3166 codes and countries of
-- the addresses of each folded city name (migration 0009), which the
-- service-area keys of a search read (dir_area_only_keys, 50_search.sql),
-- kept current at commit (20_derived.sql).
-- needs: 0001

-- Recompute the rows of these folded city names; a city without addresses
-- loses its row. Only what the public rendering of an address holds counts:
-- a confidential location's address renders without its state_province
-- (dir_addresses_json, 40_render.sql), so it gives its country's code and
-- never the ISO 3166-2 one, or a city search would tell which service
-- areas cover the hidden state (issue 8).
CREATE OR REPLACE FUNCTION dir_search_place_refresh(cities text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_place p WHERE p.city = ANY (cities)
		AND NOT EXISTS (SELECT 1 FROM address a WHERE dir_fold(a.city) = p.city);
	INSERT INTO search_place (city, codes, countries)
	SELECT dir_fold(a.city),
		coalesce(array_agg(DISTINCT v.c) FILTER (WHERE v.c IS NOT NULL), '{}'),
		coalesce(array_agg(DISTINCT upper(a.country))
			FILTER (WHERE a.country IS NOT NULL), '{}')
	FROM address a JOIN location l ON l.id = a.location_id,
		LATERAL (VALUES (upper(a.country)),
		(CASE WHEN NOT l.confidential
			THEN upper(a.country) || '-' || upper(a.state_province) END)) AS v (c)
	WHERE dir_fold(a.city) = ANY (cities)
	GROUP BY 1 ORDER BY 1
	ON CONFLICT (city) DO UPDATE
		SET codes = EXCLUDED.codes, countries = EXCLUDED.countries
		WHERE (search_place.codes, search_place.countries)
			IS DISTINCT FROM (EXCLUDED.codes, EXCLUDED.countries);
END $$;

-- Each statement on address marks the cities of its rows.
CREATE OR REPLACE FUNCTION dir_place_trg_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_derived_mark('search_place', ARRAY(SELECT dir_fold(n.city) FROM nt n));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_derived_mark('search_place', ARRAY(SELECT dir_fold(o.city) FROM ot o));
	END IF;
	RETURN NULL;
END $$;

-- (14_triggers.sql)
SELECT dir_statement_triggers('search_place', 'address', 'dir_place_trg_address',
	'{insert,update,delete}');

-- A location that becomes confidential, or public, changes what its
-- addresses give (the put functions rewrite the addresses as well, but an
-- UPDATE of the flag alone must count too).
CREATE OR REPLACE FUNCTION dir_place_trg_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_mark('search_place', ARRAY(SELECT DISTINCT dir_fold(a.city)
		FROM nt n JOIN ot o ON o.id = n.id JOIN address a ON a.location_id = n.id
		WHERE n.confidential IS DISTINCT FROM o.confidential));
	RETURN NULL;
END $$;

SELECT dir_statement_triggers('search_place_location', 'location', 'dir_place_trg_location',
	'{update}');
