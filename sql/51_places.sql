-- 51_places.sql - city searches by any name of a place (issue 12; the
-- tables place and place_name of migration 0050, loaded by hsds/places.c):
-- which place an address belongs to, which place a city search means, the
-- suggestions for a misspelt city and the point of near=.
-- needs: 0050

-- The place an address belongs to: by folded city name and country (of
-- several candidates, the one nearest to the location, else the most
-- populous), else the nearest place within 5 km of the location. lat, lon:
-- the location's searchable point (location.geo_lat/geo_lon: a confidential
-- location's public point, never its real one). NULL when none.
CREATE OR REPLACE FUNCTION dir_address_place(a_city text, a_country text, a_lat float8, a_lon float8)
RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
	found integer;
BEGIN
	SELECT p.geonames_id INTO found FROM place_name n
	JOIN place p ON p.geonames_id = n.geonames_id
	WHERE n.name = dir_fold(a_city) AND p.country = upper(a_country)
	ORDER BY CASE WHEN a_lat IS NULL OR a_lon IS NULL THEN 0
		ELSE dir_distance_km(a_lat, a_lon, p.latitude, p.longitude) END,
		p.population DESC, p.geonames_id
	LIMIT 1;
	IF found IS NULL AND a_lat IS NOT NULL AND a_lon IS NOT NULL THEN
		SELECT p.geonames_id INTO found FROM place p
		WHERE p.latitude BETWEEN a_lat - 0.05 AND a_lat + 0.05
		  AND p.longitude BETWEEN a_lon - 0.05 / greatest(0.01, cos(radians(least(89.0, abs(a_lat)))))
			AND a_lon + 0.05 / greatest(0.01, cos(radians(least(89.0, abs(a_lat)))))
		  AND dir_distance_km(a_lat, a_lon, p.latitude, p.longitude) <= 5
		ORDER BY dir_distance_km(a_lat, a_lon, p.latitude, p.longitude), p.geonames_id
		LIMIT 1;
	END IF;
	RETURN found;
END $$;

-- The locations that belong to a place by their coordinates alone: within
-- 5 km of it, with an address whose city text names no place of its
-- country (dir_address_place gives this place), in country cc when given.
-- A bounding box on location_geo first, so only the few locations near the
-- place are looked at. No rows for a NULL place.
CREATE OR REPLACE FUNCTION dir_place_near_locations(pid integer, cc text)
RETURNS TABLE (location_id uuid) LANGUAGE sql STABLE AS $$
	SELECT l.id FROM place p
	JOIN location l ON l.geo_lat BETWEEN p.latitude - 0.05 AND p.latitude + 0.05
		AND l.geo_lon BETWEEN p.longitude - 0.05 / greatest(0.01,
			cos(radians(least(89.0, abs(p.latitude) + 0.05))))
		AND p.longitude + 0.05 / greatest(0.01,
			cos(radians(least(89.0, abs(p.latitude) + 0.05))))
	JOIN address a ON a.location_id = l.id
	WHERE p.geonames_id = pid AND a.city IS NOT NULL
	  AND (cc IS NULL OR upper(a.country) = upper(cc))
	  AND dir_address_place(a.city, a.country, l.geo_lat, l.geo_lon) = pid
$$;

-- The place keys of a service: 'pl:<geonames id>' for the place of each
-- address of its locations.
CREATE OR REPLACE FUNCTION dir_service_place_keys(sid uuid) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF to_regclass('place') IS NULL THEN -- a migration before 0050
		RETURN '{}';
	END IF;
	RETURN (SELECT coalesce(array_agg(DISTINCT 'pl:' || p), '{}') FROM (
		SELECT dir_address_place(a.city, a.country, l.geo_lat, l.geo_lon) AS p
		FROM service_at_location x
		JOIN location l ON l.id = x.location_id
		JOIN address a ON a.location_id = l.id
		WHERE x.service_id = sid AND a.city IS NOT NULL) z
	WHERE p IS NOT NULL);
END $$;

-- The place a city search means: a place with that name (folded, any
-- language) in the country searched, if any; of several, the one with the
-- most services, then the most populous. NULL when the name names no place.
CREATE OR REPLACE FUNCTION dir_city_place(q_city text, q_country text) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE
	candidates integer[];
	found integer;
BEGIN
	IF q_city IS NULL THEN
		RETURN NULL;
	END IF;
	candidates := ARRAY(SELECT DISTINCT p.geonames_id FROM place_name n
		JOIN place p ON p.geonames_id = n.geonames_id
		WHERE n.name = dir_fold(btrim(q_city))
		  AND (q_country IS NULL OR p.country = upper(q_country)));
	IF cardinality(candidates) <= 1 THEN -- most names: no services to count
		RETURN candidates[1];
	END IF;
	SELECT p.geonames_id INTO found FROM place p
	WHERE p.geonames_id = ANY (candidates)
	ORDER BY (SELECT count(*) FROM service_key k
		WHERE k.keys @> ARRAY['pl:' || p.geonames_id]) DESC,
		p.population DESC, p.geonames_id
	LIMIT 1;
	RETURN found;
END $$;

-- The keys of the services local to a searched city: the place's key when
-- the city names a place, else the address text's key as before (0008's
-- dir_place_key).
CREATE OR REPLACE FUNCTION dir_city_local_keys(q_city text, q_country text) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
	found integer := dir_city_place(q_city, q_country);
BEGIN
	IF found IS NULL THEN
		RETURN ARRAY[dir_place_key(q_city, q_country)];
	END IF;
	RETURN ARRAY['pl:' || found];
END $$;

-- The service-area keys (0013's dir_area_keys) of a place, as
-- dir_area_keys gives them for each name of it that addresses in its
-- country use (search_place): the ISO 3166 codes in its country of
-- those addresses, and 'rn:' with its country when there is one; and
-- 'at:' with each of its names, for a service area naming it in any
-- language. One statement: a loop calling dir_area_keys per name read
-- search_place three times per name. '{}' for a NULL place.
CREATE OR REPLACE FUNCTION dir_place_area_keys(pid integer) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN ARRAY(WITH used AS (
		SELECT sp.codes, p.country FROM place p
		JOIN place_name n ON n.geonames_id = p.geonames_id
		JOIN search_place sp ON sp.city = n.name
		WHERE p.geonames_id = pid AND p.country = ANY (sp.countries))
	SELECT 'ac:' || c FROM used, unnest(used.codes) AS c WHERE left(c, 2) = used.country
	UNION ALL SELECT DISTINCT 'rn:' || country FROM used
	UNION ALL SELECT 'at:' || n.name FROM place_name n WHERE n.geonames_id = pid);
END $$;

-- The service-area keys of a searched city: for a place, those of
-- dir_place_area_keys; else those of the text (dir_area_keys).
CREATE OR REPLACE FUNCTION dir_city_area_keys(q_city text, q_country text) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
	found integer := dir_city_place(q_city, q_country);
BEGIN
	IF found IS NULL THEN
		RETURN dir_area_keys(q_city, q_country);
	END IF;
	RETURN dir_place_area_keys(found);
END $$;

-- The keys of a city and/or country search, with the place looked up
-- once: local, those of the services in it (dir_city_local_keys), and
-- area, those of the services that serve it from elsewhere
-- (dir_city_area_keys); and place, the place found (dir_city_place), so
-- that the statement around the search need not look it up again. All
-- NULL when neither is given.
CREATE OR REPLACE FUNCTION dir_city_search_keys(q_city text, q_country text,
	OUT local text[], OUT area text[], OUT place integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	found integer;
BEGIN
	IF q_city IS NULL AND q_country IS NULL THEN
		RETURN;
	END IF;
	found := dir_city_place(q_city, q_country);
	place := found;
	IF found IS NULL THEN
		local := ARRAY[dir_place_key(q_city, q_country)];
		area := dir_area_keys(q_city, q_country);
	ELSE
		local := ARRAY['pl:' || found];
		area := dir_place_area_keys(found);
	END IF;
END $$;

-- The place a city search meant (pid, as dir_city_place found it), for the
-- Page envelope: {geonames_id, name, country, latitude, longitude}, or NULL.
CREATE OR REPLACE FUNCTION dir_place_json(pid integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('geonames_id', p.geonames_id, 'name', p.name,
		'country', p.country, 'latitude', p.latitude, 'longitude', p.longitude)
	FROM place p WHERE p.geonames_id = pid
$$;

-- Places whose name is spelt like a city that names no place and no
-- address: up to 5 {geonames_id, name (GeoNames' own), country, spelling
-- (the closest of its folded names, which city= accepts)}, the closest
-- first (pg_trgm similarity of folded names, at least 0.3, among the names
-- that begin with the same letter; the % operator, at the same threshold,
-- finds the candidates through the trigram index of 0101).
-- NULL when the city names a place (q_place: dir_city_place of the city,
-- which the caller has looked up already) or an address, or nothing is
-- close.
CREATE OR REPLACE FUNCTION dir_city_suggestions(q_city text, q_country text, q_place integer)
RETURNS jsonb
LANGUAGE plpgsql STABLE SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
	q text := dir_fold(btrim(q_city));
BEGIN
	IF q_city IS NULL OR q = '' OR q_place IS NOT NULL
	   OR EXISTS (SELECT 1 FROM search_place sp WHERE sp.city = q) THEN
		RETURN NULL;
	END IF;
	RETURN (WITH m AS (
		SELECT p.geonames_id, p.name, p.country, p.population,
			n.name AS spelling, similarity(n.name, q) AS sim
		FROM place_name n JOIN place p ON p.geonames_id = n.geonames_id
		WHERE n.name % q AND left(n.name, 1) = left(q, 1)
		  AND similarity(n.name, q) >= 0.3
		  AND (q_country IS NULL OR p.country = upper(q_country))
	), best AS (
		SELECT DISTINCT ON (m.geonames_id) m.* FROM m
		ORDER BY m.geonames_id, m.sim DESC, m.spelling
	), top AS (
		SELECT * FROM best ORDER BY sim DESC, population DESC, geonames_id LIMIT 5
	)
	SELECT jsonb_agg(jsonb_build_object('geonames_id', t.geonames_id, 'name', t.name,
		'country', t.country, 'spelling', t.spelling)
		ORDER BY t.sim DESC, t.population DESC, t.geonames_id)
	FROM top t);
END $$;

-- A place by name for nearby search (near=): its coordinates, or no row.
-- A GeoNames place first (dir_city_place); else, as city= falls back to
-- the address text, a city of the node's addresses: the middle of the
-- searchable points of its locations, without a geonames_id (the country
-- only when its addresses agree on one).
CREATE OR REPLACE FUNCTION dir_place_point(q_name text, q_country text)
RETURNS TABLE (latitude float8, longitude float8, place jsonb)
LANGUAGE sql STABLE AS $$
	SELECT r.latitude, r.longitude, r.place FROM (
		(SELECT 1 AS rank, p.latitude, p.longitude, jsonb_build_object('geonames_id',
			p.geonames_id, 'name', p.name, 'country', p.country,
			'latitude', p.latitude, 'longitude', p.longitude) AS place
		FROM place p WHERE p.geonames_id = dir_city_place(q_name, q_country))
		UNION ALL
		-- each location once, however many of its addresses (physical,
		-- postal) name the city
		(SELECT 2, avg(x.geo_lat), avg(x.geo_lon), jsonb_strip_nulls(jsonb_build_object(
			'name', min(x.city), 'country', CASE WHEN count(DISTINCT x.country) = 1
				THEN min(x.country) END,
			'latitude', avg(x.geo_lat), 'longitude', avg(x.geo_lon)))
		FROM (SELECT DISTINCT ON (l.id) l.geo_lat, l.geo_lon, btrim(a.city) AS city,
				upper(a.country) AS country
			FROM address a JOIN location l ON l.id = a.location_id
			WHERE dir_fold(btrim(a.city)) = dir_fold(btrim(q_name))
			  AND (q_country IS NULL OR upper(a.country) = upper(q_country))
			  AND l.geo_lat IS NOT NULL AND l.geo_lon IS NOT NULL
			ORDER BY l.id, a.city) x
		HAVING count(*) > 0)
	) r ORDER BY r.rank LIMIT 1
$$;
