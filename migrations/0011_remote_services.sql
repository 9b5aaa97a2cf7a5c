-- 0011_remote_services.sql - where a service reached online or by phone
-- comes up in place searches.
--
-- 0004 and 0008 let every online or phone service without a "text" service
-- area match every city, country and nearby search. The issue asks that
-- services WITHOUT a local address come up in the searches they serve; a
-- phone line run from Sofia serves Bulgaria, not Vienna. Now:
--   - online/phone/virtual, no service area, no address at all: serves
--     everywhere (key 'remote', as before);
--   - online/phone/virtual, no service area, addresses in countries C:
--     serves the place searches of those countries (keys 'rn:C'), after
--     the local results; a nearby search finds it only at its locations;
--   - with "text" service areas: the areas decide, as before.

-- Reached without a visit: an access term online or phone_service on the
-- service or one of its service_at_locations, or a virtual location. Three
-- EXISTS, each on its index (attribute_service,
-- attribute_service_at_location): an IN (subquery) under OR would become a
-- hashed subplan reading every attribute on each call.
CREATE FUNCTION dir_service_is_remote(sid uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM attribute a
		JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
		WHERE a.service_id = sid AND t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))
	    OR EXISTS (SELECT 1 FROM service_at_location x
		JOIN attribute a ON a.service_at_location_id = x.id
		JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
		WHERE x.service_id = sid AND t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))
	    OR EXISTS (SELECT 1 FROM service_at_location x
		JOIN location l ON l.id = x.location_id
		WHERE x.service_id = sid AND l.location_type = 'virtual')
$$;

CREATE OR REPLACE FUNCTION dir_service_keys(sid uuid) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (WITH sal AS (
		SELECT x.id, x.location_id FROM service_at_location x WHERE x.service_id = sid
	), terms AS (
		SELECT t.* FROM taxonomy_term t WHERE t.id IN (
			SELECT a.taxonomy_term_id FROM attribute a WHERE a.service_id = sid
			UNION
			SELECT a.taxonomy_term_id FROM attribute a
			WHERE a.service_at_location_id IN (SELECT id FROM sal))
	), codes AS (
		SELECT lower(lg.code) AS code FROM language lg
		WHERE lg.service_id = sid AND lg.code IS NOT NULL
		UNION
		SELECT lower(lg.code) FROM language lg
		WHERE lg.location_id IN (SELECT location_id FROM sal) AND lg.code IS NOT NULL
	), addr AS (
		SELECT dir_fold(a.city) AS city, upper(a.country) AS country FROM address a
		WHERE a.location_id IN (SELECT location_id FROM sal)
	), svc AS (
		SELECT s.service_areas, dir_has_text_area(s.service_areas) AS has_area,
			coalesce(o.sex_worker_led, false) AS swl
		FROM service s LEFT JOIN organization o ON o.id = s.organization_id
		WHERE s.id = sid
	)
	SELECT coalesce(array_agg(DISTINCT k), '{}') FROM (
		SELECT 'le:' || code AS k FROM codes
		UNION ALL SELECT 'lp:' || p FROM codes, unnest(dir_tag_parents(code)) AS p
		UNION ALL SELECT 'c:' || city FROM addr WHERE city IS NOT NULL
		UNION ALL SELECT 'n:' || country FROM addr WHERE country IS NOT NULL
		UNION ALL SELECT 'p:' || country || '|' || city FROM addr
			WHERE city IS NOT NULL AND country IS NOT NULL
		UNION ALL SELECT 'cat:' || code FROM terms
			WHERE own AND taxonomy = 'service_type' AND code IS NOT NULL
		UNION ALL SELECT 'acc:' || code FROM terms
			WHERE own AND taxonomy = 'access' AND code IS NOT NULL
		UNION ALL SELECT 'acc:sex_worker_led' FROM svc WHERE swl
		UNION ALL SELECT 'tid:' || id::text FROM terms
		UNION ALL SELECT 'tax:' || taxonomy_id::text FROM terms
			WHERE taxonomy_id IS NOT NULL
		UNION ALL SELECT 'remote' FROM svc WHERE NOT has_area
			AND dir_service_is_remote(sid)
			AND NOT EXISTS (SELECT 1 FROM addr WHERE country IS NOT NULL)
		UNION ALL SELECT 'rn:' || a.country FROM svc, addr a
			WHERE NOT svc.has_area AND a.country IS NOT NULL
			  AND dir_service_is_remote(sid)
		UNION ALL SELECT unnest(dir_area_element_keys(e.area ->> 'extent'))
			FROM svc, jsonb_array_elements(svc.service_areas) AS e (area)
			WHERE svc.has_area AND e.area ->> 'extent_type' = 'text'
			  AND e.area ->> 'extent' IS NOT NULL
	) z);
END $$;


-- The place keys a city or country search looks for among the non-local
-- services: 0009's service-area keys, plus 'rn:' for the countries of the
-- city searched (or the country itself).
ALTER FUNCTION dir_area_keys(text, text) RENAME TO dir_area_only_keys;
CREATE FUNCTION dir_area_keys(q_city text, q_country text) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT dir_area_only_keys(q_city, q_country)
		|| CASE WHEN q_city IS NOT NULL THEN ARRAY(
			SELECT 'rn:' || c FROM search_place p, unnest(p.countries) AS c
			WHERE p.city = dir_fold(q_city)
			  AND (q_country IS NULL OR c = upper(q_country)))
		WHEN q_country IS NOT NULL THEN ARRAY['rn:' || upper(q_country)]
		ELSE '{}'::text[] END
$$;

SELECT dir_service_key_refresh(ARRAY(SELECT id FROM service));
