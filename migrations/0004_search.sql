-- 0004_search.sql - the search filters of the list endpoints.
--
-- dir_service_search() holds every service filter of issue section 4 once;
-- it is a plain SQL set-returning function, so PostgreSQL inlines it into
-- the fixed statements of directoryd/search.c and plans it with the actual
-- parameter values. Semantics: docs/data-model.md, "## Storage".

-- A query parameter that must be an ISO 8601 time stamp. Declared
-- IMMUTABLE so that the planner evaluates it once, with the statement's
-- value; directoryd sessions always run with TimeZone UTC (db_connect).
CREATE FUNCTION dir_param_time(v text, name text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN v::timestamptz;
EXCEPTION WHEN data_exception THEN
	PERFORM dir_refuse('DR400', 'invalid_parameter', name,
		name || ' must be an ISO 8601 date or date and time');
	RETURN NULL;
END $$;

-- The words of a search as a tsquery of prefixes (0001), now NULL when
-- there are no words, instead of an empty tsquery that makes the server
-- send a notice: nothing matches.
CREATE OR REPLACE FUNCTION dir_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT string_agg(w || ':*', ' & ')::tsquery
	FROM regexp_split_to_table(
		btrim(regexp_replace(dir_fold(q), '[^[:alnum:]]+', ' ', 'g')), ' ') AS w
	WHERE w <> ''
$$;

-- Great-circle distance in km between two points in degrees (haversine,
-- mean Earth radius 6371.0088 km).
CREATE FUNCTION dir_distance_km(lat1 float8, lon1 float8, lat2 float8,
	lon2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 2 * 6371.0088 * asin(least(1, sqrt(
		sin(radians(lat2 - lat1) / 2) ^ 2 + cos(radians(lat1)) *
		cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;

-- The tag and each shorter tag on subtag boundaries, lower case:
-- 'pt-BR-x' gives {pt, pt-br, pt-br-x}.
CREATE FUNCTION dir_tag_prefixes(tag text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT array_agg(array_to_string(p[1:n], '-'))
	FROM (SELECT string_to_array(lower(tag), '-') AS p) x,
		generate_series(1, cardinality(x.p)) AS n
$$;

-- BCP 47 matching by prefix on subtag boundaries, case-insensitive: the
-- wanted tag 'pt' finds 'pt' and 'pt-BR'; 'pt-BR' finds 'pt-BR' and 'pt';
-- 'ro' never finds 'rom'. Written so that a btree on lower(code) COLLATE
-- "C" can serve both halves.
CREATE FUNCTION dir_lang_match(code text, want text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT (lower(code) COLLATE "C") = ANY (dir_tag_prefixes(want))
		OR ((lower(code) COLLATE "C") > lower(want) || '-'
		    AND (lower(code) COLLATE "C") < lower(want) || '.')
$$;
DROP INDEX language_code;
CREATE INDEX language_code ON language ((lower(code) COLLATE "C"));

-- Whether an HSDS byday list ("MO,TU", RFC 5545 BYDAY, ordinals ignored)
-- names the weekday of ts; no list means every day.
CREATE FUNCTION dir_byday_has(byday text, ts timestamp) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT byday IS NULL OR btrim(byday) = '' OR upper(byday) ~
		('(^|,)\s*[+-]?[0-9]*' || left(upper(to_char(ts, 'DY')), 2) || '\s*(,|$)')
$$;

-- Whether a schedule is open at the instant at, in time zone tz (IANA name,
-- UTC when NULL). closes_at before opens_at runs past midnight.
CREATE FUNCTION dir_schedule_open(sc schedule, tz text, at timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL
		AND (sc.valid_from IS NULL OR sc.valid_from <= t::date)
		AND (sc.valid_to IS NULL OR sc.valid_to >= t::date)
		AND ((dir_byday_has(sc.byday, t) AND t::time >= sc.opens_at
		      AND (t::time < sc.closes_at OR sc.closes_at <= sc.opens_at))
		  OR (sc.closes_at < sc.opens_at AND t::time < sc.closes_at
		      AND dir_byday_has(sc.byday, t - interval '1 day')))
	FROM (SELECT at AT TIME ZONE coalesce(tz, 'UTC') AS t) local
$$;

-- Services with a schedule open at the instant at: on the service (in the
-- time zone of its first location that has one), on one of its
-- service_at_locations, or on one of its locations (in their time zone).
CREATE FUNCTION dir_open_services(at timestamptz) RETURNS TABLE (service_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT sc.service_id FROM schedule sc
	WHERE sc.service_id IS NOT NULL AND dir_schedule_open(sc, (
		SELECT l.timezone_name FROM service_at_location x
		JOIN location l ON l.id = x.location_id
		WHERE x.service_id = sc.service_id AND l.timezone_name IS NOT NULL
		ORDER BY x.pos, x.id LIMIT 1), at)
	UNION ALL
	SELECT x.service_id FROM schedule sc
	JOIN service_at_location x ON x.id = sc.service_at_location_id
	LEFT JOIN location l ON l.id = x.location_id
	WHERE dir_schedule_open(sc, l.timezone_name, at)
	UNION ALL
	SELECT x.service_id FROM schedule sc
	JOIN location l ON l.id = sc.location_id
	JOIN service_at_location x ON x.location_id = l.id
	WHERE dir_schedule_open(sc, l.timezone_name, at)
$$;

-- Services that carry a term through an attribute on the service or on one
-- of its service_at_locations, with the term's code.
CREATE FUNCTION dir_term_services(term_ids uuid[]) RETURNS TABLE
	(service_id uuid, taxonomy_term_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT a.service_id, a.taxonomy_term_id FROM attribute a
	WHERE a.taxonomy_term_id = ANY (term_ids) AND a.service_id IS NOT NULL
	UNION ALL
	SELECT x.service_id, a.taxonomy_term_id FROM attribute a
	JOIN service_at_location x ON x.id = a.service_at_location_id
	WHERE a.taxonomy_term_id = ANY (term_ids)
$$;

-- Distinct, trimmed, non-empty codes of a comma-separated list.
CREATE FUNCTION dir_code_list(list text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(array_agg(DISTINCT btrim(c)), '{}')
	FROM unnest(string_to_array(list, ',')) AS c WHERE btrim(c) <> ''
$$;

-- Services for which every access code of the list holds: an access
-- attribute on the service or one of its service_at_locations, or for
-- sex_worker_led the service's organization.
CREATE FUNCTION dir_access_services(list text) RETURNS TABLE (service_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT z.sid FROM (
		SELECT ts.service_id AS sid, t.code
		FROM dir_term_services(ARRAY(SELECT t2.id FROM taxonomy_term t2
			WHERE t2.own AND t2.taxonomy = 'access'
			  AND t2.code = ANY (dir_code_list(list)))) ts
		JOIN taxonomy_term t ON t.id = ts.taxonomy_term_id
		UNION ALL
		SELECT s.id, 'sex_worker_led' FROM service s
		JOIN organization o ON o.id = s.organization_id
		WHERE o.sex_worker_led AND 'sex_worker_led' = ANY (dir_code_list(list))
	) z
	GROUP BY z.sid
	HAVING count(DISTINCT z.code) = cardinality(dir_code_list(list))
$$;

-- Locations matching the place filters together: city (case- and
-- accent-insensitive) and country (ISO 3166-1 alpha-2) of one address, and
-- distance from (lat, lon) within radius km, a confidential location
-- counting at its public point or the centre of its 0.1 degree cell.
CREATE FUNCTION dir_location_search(q_city text, q_country text, q_lat float8,
	q_lon float8, q_radius float8) RETURNS TABLE (location_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT l.id FROM location l
	WHERE (q_city IS NULL AND q_country IS NULL OR l.id IN (
		SELECT a.location_id FROM address a
		WHERE (q_city IS NULL OR dir_fold(a.city) = dir_fold(q_city))
		  AND (q_country IS NULL OR upper(a.country) = upper(q_country))))
	  AND (q_radius IS NULL OR (
		l.geo_lat BETWEEN q_lat - q_radius / 111.0 AND q_lat + q_radius / 111.0
		AND l.geo_lon BETWEEN q_lon - q_radius / (111.0 * greatest(0.01,
			cos(radians(least(89.0, abs(q_lat) + q_radius / 111.0)))))
		AND q_lon + q_radius / (111.0 * greatest(0.01,
			cos(radians(least(89.0, abs(q_lat) + q_radius / 111.0)))))
		AND dir_distance_km(q_lat, q_lon, l.geo_lat, l.geo_lon) <= q_radius))
$$;

-- Services reachable without a local address: an access attribute online
-- or phone_service, or a virtual location.
CREATE FUNCTION dir_remote_services() RETURNS TABLE (service_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT ts.service_id FROM dir_term_services(ARRAY(SELECT t.id
		FROM taxonomy_term t WHERE t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))) ts
	UNION ALL
	SELECT x.service_id FROM service_at_location x
	JOIN location l ON l.id = x.location_id
	WHERE l.location_type = 'virtual'
$$;

-- Whether a service's service_areas (extent_type "text", extent an ISO
-- 3166-1 alpha-2 or ISO 3166-2 code, or a city name) cover the city and the
-- country searched. A code covers a city when an address of the directory
-- in that city lies in that country (and, for ISO 3166-2, in that
-- state_province).
CREATE FUNCTION dir_area_covers(areas jsonb, q_city text, q_country text)
RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (
		SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(areas) = 'array'
			THEN areas ELSE '[]' END) AS e (area),
			LATERAL (SELECT e.area ->> 'extent' AS ext,
				upper(e.area ->> 'extent') ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' AS is_code) x
		WHERE e.area ->> 'extent_type' = 'text' AND x.ext IS NOT NULL
		  AND (q_city IS NULL OR (NOT x.is_code AND dir_fold(x.ext) = dir_fold(q_city))
			OR (x.is_code AND EXISTS (SELECT 1 FROM address a
				WHERE dir_fold(a.city) = dir_fold(q_city)
				  AND (upper(x.ext) = upper(a.country)
				       OR upper(x.ext) = upper(a.country) || '-' || upper(a.state_province)))))
		  AND (q_country IS NULL
			OR (x.is_code AND left(upper(x.ext), 2) = upper(q_country))
			OR (NOT x.is_code AND EXISTS (SELECT 1 FROM address a
				WHERE dir_fold(a.city) = dir_fold(x.ext)
				  AND upper(a.country) = upper(q_country)))))
$$;

-- True when a service has a service area of extent_type "text".
CREATE FUNCTION dir_has_text_area(areas jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_typeof(areas) = 'array'
		AND jsonb_path_exists(areas, '$[*] ? (@.extent_type == "text")'), false)
$$;

-- Every service filter. A NULL argument is no filter. nonlocal: the service
-- matched the place filters only through being online/by phone or through
-- its service areas (it ranks after local ones). rank: full-text relevance.
CREATE FUNCTION dir_service_search(q_search text, q_city text, q_country text,
	q_language text, q_category text, q_access text, q_org uuid,
	q_term uuid, q_taxonomy uuid, q_modified timestamptz, q_lat float8,
	q_lon float8, q_radius float8, q_open boolean)
RETURNS TABLE (id uuid, organization_id uuid, sort_name text,
	nonlocal boolean, rank real)
LANGUAGE sql STABLE AS $$
	SELECT s.id, s.organization_id, dir_fold(s.name),
		(q_city IS NOT NULL OR q_country IS NOT NULL OR q_radius IS NOT NULL)
		AND s.id NOT IN (SELECT x.service_id FROM service_at_location x
			WHERE x.location_id IN (SELECT location_id FROM
				dir_location_search(q_city, q_country, q_lat, q_lon, q_radius))),
		CASE WHEN q_search IS NULL THEN 0
			ELSE ts_rank(s.search_tsv, dir_search_query(q_search)) END
	FROM service s
	WHERE (q_search IS NULL OR (numnode(dir_search_query(q_search)) > 0
		AND s.search_tsv @@ dir_search_query(q_search)))
	  AND (q_org IS NULL OR s.organization_id = q_org)
	  AND (q_modified IS NULL OR s.updated_at > q_modified)
	  AND (q_language IS NULL OR s.id IN (
		SELECT lg.service_id FROM language lg
		WHERE dir_lang_match(lg.code, q_language)
		UNION ALL
		SELECT x.service_id FROM language lg
		JOIN service_at_location x ON x.location_id = lg.location_id
		WHERE dir_lang_match(lg.code, q_language)))
	  AND (q_category IS NULL OR s.id IN (SELECT ts.service_id
		FROM dir_term_services(ARRAY(SELECT t.id FROM taxonomy_term t
			WHERE t.own AND t.taxonomy = 'service_type'
			  AND t.code = q_category)) ts))
	  AND (q_access IS NULL OR s.id IN (SELECT service_id
		FROM dir_access_services(q_access)))
	  AND (q_term IS NULL OR s.id IN (SELECT ts.service_id
		FROM dir_term_services(ARRAY[q_term]) ts))
	  AND (q_taxonomy IS NULL OR s.id IN (SELECT ts.service_id
		FROM dir_term_services(ARRAY(SELECT t.id FROM taxonomy_term t
			WHERE t.taxonomy_id = q_taxonomy)) ts))
	  AND (q_open IS NOT TRUE OR s.id IN (SELECT service_id
		FROM dir_open_services(now())))
	  AND ((q_city IS NULL AND q_country IS NULL AND q_radius IS NULL)
		OR s.id IN (SELECT x.service_id FROM service_at_location x
			WHERE x.location_id IN (SELECT location_id FROM
				dir_location_search(q_city, q_country, q_lat, q_lon, q_radius)))
		OR (s.id IN (SELECT service_id FROM dir_remote_services())
		    AND NOT dir_has_text_area(s.service_areas))
		OR ((q_city IS NOT NULL OR q_country IS NOT NULL)
		    AND dir_has_text_area(s.service_areas)
		    AND dir_area_covers(s.service_areas, q_city, q_country)))
$$;
