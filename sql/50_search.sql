-- 50_search.sql - the service filters of the list endpoints
-- (docs/data-model.md, "### Search"; directoryd/hsds/search.c).
-- needs: 0001
--
-- dir_service_search() holds every service filter once; it is a plain SQL
-- set-returning function, so PostgreSQL inlines it into the fixed
-- statements of search.c and plans it with the actual parameter values.
-- Most filters are conditions on the keys of service_key
-- (52_service_key.sql), one GIN index that PostgreSQL intersects. The
-- helpers that compute keys of a query are PL/pgSQL: the list statement is
-- planned anew for each request, and an SQL function with a FROM clause
-- cannot be inlined, so it would be parsed and planned again on each call,
-- where a PL/pgSQL function keeps its plans for the session.

-- Great-circle distance in km between two points in degrees (haversine,
-- mean Earth radius 6371.0088 km).
CREATE OR REPLACE FUNCTION dir_distance_km(lat1 float8, lon1 float8, lat2 float8,
	lon2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 2 * 6371.0088 * asin(least(1, sqrt(
		sin(radians(lat2 - lat1) / 2) ^ 2 + cos(radians(lat1)) *
		cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;

-- The tag and each shorter tag on subtag boundaries, lower case:
-- 'pt-BR-x' gives {pt, pt-br, pt-br-x}.
CREATE OR REPLACE FUNCTION dir_tag_prefixes(tag text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (SELECT array_agg(array_to_string(p[1:n], '-'))
		FROM (SELECT string_to_array(lower(tag), '-') AS p) x,
			generate_series(1, cardinality(x.p)) AS n);
END $$;

-- Distinct, trimmed, non-empty codes of a comma-separated list.
CREATE OR REPLACE FUNCTION dir_code_list(list text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(DISTINCT btrim(c)), '{}')
		FROM unnest(string_to_array(list, ',')) AS c WHERE btrim(c) <> '');
END $$;

-- Whether an HSDS byday list ("MO,TU", RFC 5545 BYDAY, ordinals ignored)
-- names the weekday of ts; no list means every day.
CREATE OR REPLACE FUNCTION dir_byday_has(byday text, ts timestamp) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT byday IS NULL OR btrim(byday) = '' OR upper(byday) ~
		('(^|,)\s*[+-]?[0-9]*' || left(upper(to_char(ts, 'DY')), 2) || '\s*(,|$)')
$$;

-- Whether a schedule is open at the instant at, in time zone tz (IANA name,
-- UTC when NULL). closes_at before opens_at runs past midnight.
CREATE OR REPLACE FUNCTION dir_schedule_open(sc schedule, tz text, at timestamptz)
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

-- Active services open at the instant at, by the most specific schedules
-- HSDS gives for the service at each of its places: the
-- service_at_location's own, else the service's, else the location's
-- (never a mixture: a drop-in with hours of its own is not open whenever
-- the cafe it meets in is), read in the location's time zone; a service
-- without places by its own schedules, in UTC. The pages choose the same
-- way (parts_schedules, directoryd/web/parts.c). A service whose status is
-- not 'active' (a temporary closure, say) is never open, whatever its
-- hours say, for every caller of this function.
CREATE OR REPLACE FUNCTION dir_open_services(at timestamptz) RETURNS TABLE (service_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT o.service_id FROM (
	SELECT x.service_id FROM schedule sc
	JOIN service_at_location x ON x.id = sc.service_at_location_id
	LEFT JOIN location l ON l.id = x.location_id
	WHERE dir_schedule_open(sc, l.timezone_name, at)
	UNION ALL
	SELECT x.service_id FROM schedule sc
	JOIN service_at_location x ON x.service_id = sc.service_id
	LEFT JOIN location l ON l.id = x.location_id
	WHERE dir_schedule_open(sc, l.timezone_name, at)
	  AND NOT EXISTS (SELECT 1 FROM schedule o WHERE o.service_at_location_id = x.id)
	UNION ALL
	SELECT x.service_id FROM schedule sc
	JOIN location l ON l.id = sc.location_id
	JOIN service_at_location x ON x.location_id = l.id
	WHERE dir_schedule_open(sc, l.timezone_name, at)
	  AND NOT EXISTS (SELECT 1 FROM schedule o WHERE o.service_at_location_id = x.id)
	  AND NOT EXISTS (SELECT 1 FROM schedule o WHERE o.service_id = x.service_id)
	UNION ALL
	SELECT sc.service_id FROM schedule sc
	WHERE sc.service_id IS NOT NULL AND dir_schedule_open(sc, NULL, at)
	  AND NOT EXISTS (SELECT 1 FROM service_at_location x WHERE x.service_id = sc.service_id)
	) o JOIN service s ON s.id = o.service_id
	WHERE s.status = 'active'
$$;

-- 0004's location filter, with a city that names a place matching the
-- addresses in that place's country whose city is one of its names, and
-- those that belong to the place by their coordinates alone
-- (dir_place_near_locations, 51_places.sql). The place is a scalar
-- subquery, found once per search rather than once per address.
CREATE OR REPLACE FUNCTION dir_location_search(q_city text, q_country text, q_lat float8,
	q_lon float8, q_radius float8) RETURNS TABLE (location_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT l.id FROM location l
	WHERE (q_city IS NULL AND q_country IS NULL OR l.id IN (
		SELECT a.location_id FROM address a
		WHERE (q_city IS NULL OR dir_fold(a.city) = dir_fold(q_city)
			OR EXISTS (SELECT 1 FROM place_name n JOIN place p ON p.geonames_id = n.geonames_id
				WHERE p.geonames_id = (SELECT dir_city_place(q_city, q_country))
				  AND n.name = dir_fold(a.city) AND p.country = upper(a.country)))
		  AND (q_country IS NULL OR upper(a.country) = upper(q_country))
		UNION ALL
		SELECT location_id FROM dir_place_near_locations(
			(SELECT dir_city_place(q_city, q_country)), q_country)))
	  AND (q_radius IS NULL OR (
		l.geo_lat BETWEEN q_lat - q_radius / 111.0 AND q_lat + q_radius / 111.0
		AND l.geo_lon BETWEEN q_lon - q_radius / (111.0 * greatest(0.01,
			cos(radians(least(89.0, abs(q_lat) + q_radius / 111.0)))))
		AND q_lon + q_radius / (111.0 * greatest(0.01,
			cos(radians(least(89.0, abs(q_lat) + q_radius / 111.0)))))
		AND dir_distance_km(q_lat, q_lon, l.geo_lat, l.geo_lon) <= q_radius))
$$;

-- True when a service has a service area of extent_type "text".
CREATE OR REPLACE FUNCTION dir_has_text_area(areas jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_typeof(areas) = 'array'
		AND jsonb_path_exists(areas, '$[*] ? (@.extent_type == "text")'), false)
$$;

-- Query side. The local place key of a search: one address must match
-- city and country together.
CREATE OR REPLACE FUNCTION dir_place_key(q_city text, q_country text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN q_city IS NOT NULL AND q_country IS NOT NULL
			THEN 'p:' || upper(q_country) || '|' || dir_fold(q_city)
		WHEN q_city IS NOT NULL THEN 'c:' || dir_fold(q_city)
		WHEN q_country IS NOT NULL THEN 'n:' || upper(q_country) END
$$;

-- The keys a wanted language tag finds: codes equal to the tag or to a
-- shorter tag of it (BCP 47 matching on subtag boundaries: 'pt-BR' finds
-- 'pt'), and codes that extend it ('pt' finds 'pt-BR'; 'ro' never 'rom').
CREATE OR REPLACE FUNCTION dir_lang_keys(want text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT array_agg('le:' || p) || ('lp:' || lower(want))
		FROM unnest(dir_tag_prefixes(want)) AS p);
END $$;

-- The keys every listed access code needs.
CREATE OR REPLACE FUNCTION dir_access_keys(list text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg('acc:' || c), '{}')
		FROM unnest(dir_code_list(list)) AS c);
END $$;

-- The keys of the "text" service areas that serve a searched city and/or
-- country: a code naming the country, or the country and state, of an
-- address in that city; the city's name; for a country alone, any code in
-- that country and the name of any city with an address there
-- (search_place, 54_search_place.sql).
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
-- 52_service_key.sql): a phone line run from Sofia serves Bulgaria, not Vienna.
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

-- The organizations a search finds (GET /organizations?search=), with their
-- relevance, matched as dir_service_search matches services: the words of
-- the organization's own texts as prefixes or forms, ranked as there (a word
-- as typed counts half again, names more than descriptions), and the
-- organizations with a service listed under a term the words name (0.1).
-- No rows when the search has no words.
CREATE OR REPLACE FUNCTION dir_organization_search(q_search text)
RETURNS TABLE (id uuid, rank real)
LANGUAGE sql STABLE AS $$
	SELECT o.id, (coalesce(ts_rank(o.words_tsv, q.words), 0)
		+ 0.5 * coalesce(ts_rank(o.search_tsv, q.exact), 0)
		+ CASE WHEN o.id IN (SELECT s.organization_id FROM service_key k
			JOIN service s ON s.id = k.service_id WHERE k.keys && q.terms)
			THEN 0.1 ELSE 0 END)::real
	FROM (SELECT dir_words_query(q_search) AS words, dir_exact_query(q_search) AS exact,
		dir_search_term_keys(q_search) AS terms) q
	JOIN organization o ON o.words_tsv @@ q.words
		OR o.id IN (SELECT s.organization_id FROM service_key k
			JOIN service s ON s.id = k.service_id WHERE k.keys && q.terms)
$$;

-- Every service filter. A NULL argument is no filter. nonlocal: the service
-- matched the place filters only through being online/by phone or through
-- its service areas (it ranks after local ones); a city that names a place
-- (51_places.sql) matches by the place's key. rank: relevance. A search
-- matches a service's words (as prefixes or stems) or names one of
-- its terms. Rank: the words as prefixes or forms, plus half again for the
-- words exactly as typed, plus 0.1 for a term whose words contain them or
-- 0.3 for a term one of whose names is the search; names weigh more than
-- descriptions (ts_rank's weights A and B).
-- How it is planned (docs/performance.md): every condition is on
-- service_key, so that PostgreSQL combines its GIN indexes in one bitmap
-- scan (the words in words, 0135, ORed with the term keys, ANDed with the
-- city's and the other filters' keys) and reads only the services found.
-- What a search looks for is computed once per search, in the
-- materialized q: the words' tsquery (stemmed in 20 configurations), the
-- terms they name, the place a city means and its keys; each use is a
-- scalar subquery reading q, which the planner runs once (a plain call of
-- a stable function in a condition it filters by rather than scanning an
-- index with would run once per row, and each call of the place functions
-- would look the place up again). The one exception is the words'
-- condition: there the tsquery is the immutable call itself, which the
-- planner computes while planning, so that it estimates from the words'
-- statistics how many services they match and scans the city's keys
-- rather than the words when the words are common. The services near a point are one array
-- computed once, "= ANY (ARRAY(...))": an "id IN (...)" under an OR stays
-- a subplan tested against every service (the planner turns a sublink
-- into a join before it folds the constant arguments that would remove
-- the OR).
-- Each row also carries place, the place the city means as q found it
-- (NULL when none), for the Page's place without a second look-up.
CREATE OR REPLACE FUNCTION dir_service_search(q_search text, q_city text, q_country text,
	q_language text, q_category text, q_access text, q_org uuid,
	q_term uuid, q_taxonomy uuid, q_modified timestamptz, q_lat float8,
	q_lon float8, q_radius float8, q_open boolean)
RETURNS TABLE (id uuid, organization_id uuid, sort_name text,
	nonlocal boolean, rank real, place integer)
LANGUAGE sql STABLE AS $$
	WITH w AS MATERIALIZED (
		SELECT dir_words_query(q_search) AS words
	), q AS MATERIALIZED (
		SELECT w.words,
			CASE WHEN q_search IS NOT NULL THEN dir_term_keys_of(w.words) END AS terms,
			CASE WHEN q_search IS NOT NULL THEN dir_search_term_exact_keys(q_search) END
				AS exact_terms, c.local, c.area, c.place
		FROM w, dir_city_search_keys(q_city, q_country) AS c
	)
	SELECT s.id, s.organization_id, k.sort_name,
		(q_city IS NOT NULL OR q_country IS NOT NULL OR q_radius IS NOT NULL)
		AND CASE WHEN q_radius IS NULL
			THEN NOT k.keys && (SELECT local FROM q)
			ELSE s.id NOT IN (SELECT x.service_id FROM service_at_location x
				WHERE x.location_id IN (SELECT location_id FROM
					dir_location_search(q_city, q_country, q_lat, q_lon, q_radius))) END,
		CASE WHEN q_search IS NULL THEN 0
			ELSE coalesce(ts_rank(k.words, (SELECT words FROM q)), 0)
				+ 0.5 * coalesce(ts_rank(s.search_tsv, dir_exact_query(q_search)), 0)
				+ CASE WHEN k.keys && (SELECT exact_terms FROM q) THEN 0.3
					WHEN k.keys && (SELECT terms FROM q) THEN 0.1 ELSE 0 END
			END::real,
		(SELECT place FROM q)
	FROM service_key k JOIN service s ON s.id = k.service_id
	WHERE (q_search IS NULL OR k.words @@ dir_words_query(q_search)
		OR k.keys && (SELECT terms FROM q))
	  AND (q_org IS NULL OR s.organization_id = q_org)
	  AND (q_modified IS NULL OR s.updated_at >= q_modified)
	  AND (q_language IS NULL OR k.keys && dir_lang_keys(q_language))
	  AND (q_category IS NULL OR k.keys @> ARRAY['cat:' || q_category])
	  AND (q_access IS NULL OR (cardinality(dir_code_list(q_access)) > 0
		AND k.keys @> dir_access_keys(q_access)))
	  AND (q_term IS NULL OR k.keys @> ARRAY['tid:' || q_term::text])
	  AND (q_taxonomy IS NULL OR k.keys @> ARRAY['tax:' || q_taxonomy::text])
	  AND (q_open IS NOT TRUE OR s.id IN (SELECT service_id
		FROM dir_open_services(now())))
	  AND ((q_city IS NULL AND q_country IS NULL AND q_radius IS NULL)
		OR (q_radius IS NULL AND k.keys && (SELECT local || '{remote}'::text[] || area FROM q))
		OR (q_radius IS NOT NULL AND (k.keys @> '{remote}'
			OR k.service_id = ANY (ARRAY(SELECT x.service_id FROM service_at_location x
				WHERE x.location_id IN (SELECT location_id FROM
					dir_location_search(q_city, q_country, q_lat, q_lon, q_radius))))
			OR ((q_city IS NOT NULL OR q_country IS NOT NULL)
			    AND k.keys && (SELECT area FROM q)))))
$$;

-- Whether a schedule fits the Open Referral UK profile's day, start_time
-- and end_time (in f, as dir_uk_services takes them): it is in force today
-- (valid_from and valid_to, as for open_now: an expired schedule fits no
-- day), its byday names the day (ordinals such as 1MO count as the
-- weekday; a schedule with opening hours and no byday is every day, as for
-- open_now), it opens at or after start_time and closes at or before
-- end_time (clock times as given). STABLE: "today" is current_date.
CREATE OR REPLACE FUNCTION dir_schedule_fits(sc schedule, f jsonb) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT (sc.valid_from IS NULL OR sc.valid_from <= current_date)
		AND (sc.valid_to IS NULL OR sc.valid_to >= current_date)
		AND (f ->> 'day' IS NULL OR (CASE WHEN sc.byday IS NULL OR btrim(sc.byday) = ''
			THEN sc.opens_at IS NOT NULL
			ELSE upper(sc.byday) ~ ('(^|,)\s*[+-]?[0-9]*' || (f ->> 'day') || '\s*(,|$)') END))
		AND (f ->> 'start_time' IS NULL OR sc.opens_at >= (f ->> 'start_time')::time)
		AND (f ->> 'end_time' IS NULL OR sc.closes_at <= (f ->> 'end_time')::time)
$$;

-- The service_at_locations that day, start_time and end_time (in f, as
-- dir_uk_services takes them) select on /service_at_locations: those with
-- a schedule that fits (dir_schedule_fits) of their own, of their
-- location, or of their service. A place shut on the day is left out even
-- when another place of the same service is open then.
CREATE OR REPLACE FUNCTION dir_uk_sals(f jsonb) RETURNS TABLE (service_at_location_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT sc.service_at_location_id FROM schedule sc
	WHERE sc.service_at_location_id IS NOT NULL AND dir_schedule_fits(sc, f)
	UNION ALL
	SELECT x.id FROM schedule sc
	JOIN service_at_location x ON x.location_id = sc.location_id
	WHERE dir_schedule_fits(sc, f)
	UNION ALL
	SELECT x.id FROM schedule sc
	JOIN service_at_location x ON x.service_id = sc.service_id
	WHERE dir_schedule_fits(sc, f)
$$;

-- The services the Open Referral UK profile's /services parameters select
-- (uk-profile/schema/openapi.json; search.h, docs/api.md): f holds those
-- given, checked by search.c: minimum_age and maximum_age (numbers), day
-- (MO..SU), start_time and end_time (HH:MM[:SS]). A service matches when
-- its minimum_age is at least minimum_age, its maximum_age at most
-- maximum_age, and one schedule (its own, one of its service_at_locations',
-- or one of their locations': dir_uk_sals) fits day, start_time and
-- end_time together.
CREATE OR REPLACE FUNCTION dir_uk_services(f jsonb) RETURNS TABLE (service_id uuid)
LANGUAGE sql STABLE AS $$
	SELECT s.id FROM service s
	WHERE (f ->> 'minimum_age' IS NULL OR s.minimum_age >= (f ->> 'minimum_age')::numeric)
	  AND (f ->> 'maximum_age' IS NULL OR s.maximum_age <= (f ->> 'maximum_age')::numeric)
	  AND (NOT (f ?| ARRAY['day', 'start_time', 'end_time']) OR s.id IN (
		SELECT sc.service_id FROM schedule sc
		WHERE sc.service_id IS NOT NULL AND dir_schedule_fits(sc, f)
		UNION ALL
		SELECT x.service_id FROM service_at_location x
		WHERE x.id IN (SELECT service_at_location_id FROM dir_uk_sals(f))))
$$;
