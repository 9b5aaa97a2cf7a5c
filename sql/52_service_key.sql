-- 52_service_key.sql - service_key: one row per service holding, as text
-- keys, what the search filters look at (migration 0008, 50_search.sql),
-- kept current at commit (20_derived.sql).
-- needs: 0001
--
--   le:CODE        a language code (lower case) of the service or of a
--                  location of one of its service_at_locations
--   lp:PREFIX      each shorter tag of such a code on a subtag boundary
--                  ('pt-br' gives lp:pt)
--   c:CITY         dir_fold(city) of an address of such a location
--   n:CC           upper(country) of such an address
--   p:CC|CITY      both, of one address
--   pl:ID          the GeoNames place of such an address (51_places.sql)
--   cat:CODE       a service_type term on the service or a service_at_location
--   acc:CODE       an access term there, and acc:sex_worker_led for the
--                  services of a sex_worker_led organization
--   tid:UUID, tax:UUID   every attribute's term and its taxonomy
--   remote         online or phone_service, or a virtual location, no
--                  service area of extent_type "text" and no address
--   rn:CC          the same with addresses: each country of an address
--                  (it serves the place searches of its own countries)
--   ac:CODE, acn:CC      a "text" service area that is an ISO 3166 code,
--                  and its country
--   at:CITY        a "text" service area that names a city (folded)
--
-- and, in its own column words (0135), a copy of service.words_tsv.

-- The shorter tags of a lower-case language code on subtag boundaries:
-- 'zh-hant-tw' gives {zh, zh-hant}.
CREATE OR REPLACE FUNCTION dir_tag_parents(code text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	parents text[] := '{}';
BEGIN
	FOR i IN 2 .. length(code) - 1 LOOP
		IF substr(code, i, 1) = '-' THEN
			parents := parents || left(code, i - 1);
		END IF;
	END LOOP;
	RETURN parents;
END $$;

-- The keys of a "text" service area element.
CREATE OR REPLACE FUNCTION dir_area_element_keys(ext text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN upper(ext) ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'
		THEN ARRAY['ac:' || upper(ext), 'acn:' || left(upper(ext), 2)]
		ELSE ARRAY['at:' || dir_fold(ext)] END
$$;

-- Reached without a visit: an access term online or phone_service on the
-- service or one of its service_at_locations, or a virtual location. Three
-- EXISTS, each on its index (attribute_service,
-- attribute_service_at_location): an IN (subquery) under OR would become a
-- hashed subplan reading every attribute on each call. PL/pgSQL, so that
-- its plan is kept for the session: an SQL function with subqueries is not
-- inlined, and dir_service_keys' statement planned it again on every call
-- (twice a service, about 2 ms of a 2.5 ms refresh; docs/performance.md,
-- "## Federation sync").
CREATE OR REPLACE FUNCTION dir_service_is_remote(sid uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN EXISTS (SELECT 1 FROM attribute a
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
		WHERE x.service_id = sid AND l.location_type = 'virtual');
END $$;

-- Every key of one service (see the top of this file). PL/pgSQL, so that
-- its plan is kept for the session instead of made again on every write.
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
		UNION ALL SELECT unnest(dir_service_place_keys(sid))
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

-- Recompute the rows of these services (a missing service has none; its
-- row went with it): the keys, the sort name and, from migration 0135 on,
-- a copy of the service's words (service.words_tsv) for search=.
CREATE OR REPLACE FUNCTION dir_service_key_refresh(ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'service_key'::regclass
		AND attname = 'words' AND NOT attisdropped) THEN -- a migration before 0135
		INSERT INTO service_key (service_id, keys, sort_name)
		SELECT s.id, dir_service_keys(s.id), dir_fold(s.name)
		FROM service s WHERE s.id = ANY (ids::uuid[])
		ON CONFLICT (service_id) DO UPDATE
			SET keys = EXCLUDED.keys, sort_name = EXCLUDED.sort_name
			WHERE (service_key.keys, service_key.sort_name)
				IS DISTINCT FROM (EXCLUDED.keys, EXCLUDED.sort_name);
		RETURN;
	END IF;
	INSERT INTO service_key (service_id, keys, sort_name, words)
	SELECT s.id, dir_service_keys(s.id), dir_fold(s.name), s.words_tsv
	FROM service s WHERE s.id = ANY (ids::uuid[])
	ON CONFLICT (service_id) DO UPDATE
		SET keys = EXCLUDED.keys, sort_name = EXCLUDED.sort_name, words = EXCLUDED.words
		WHERE (service_key.keys, service_key.sort_name, service_key.words)
			IS DISTINCT FROM (EXCLUDED.keys, EXCLUDED.sort_name, EXCLUDED.words);
END $$;

-- Services with a service_at_location at one of these locations.
CREATE OR REPLACE FUNCTION dir_services_at(locs uuid[]) RETURNS uuid[]
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF cardinality(locs) = 0 THEN
		RETURN '{}';
	END IF;
	RETURN ARRAY(SELECT DISTINCT x.service_id FROM service_at_location x
		WHERE x.location_id = ANY (locs));
END $$;

-- Mark these services' rows.
CREATE OR REPLACE FUNCTION dir_service_key_mark(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_mark('service_key', ids::text[]);
END $$;

-- The triggers: each statement marks the services its rows concern.
-- nt and ot are the statement's new and old rows.
CREATE OR REPLACE FUNCTION dir_key_trg_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_service_key_mark(ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_service_key_mark(ARRAY(SELECT s.id FROM service s
		WHERE s.organization_id IN (SELECT n.id FROM nt n JOIN ot o ON o.id = n.id
			WHERE n.sex_worker_led IS DISTINCT FROM o.sex_worker_led)));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_service_key_mark(dir_services_at(ARRAY(SELECT n.id FROM nt n
		JOIN ot o ON o.id = n.id
		WHERE n.location_type IS DISTINCT FROM o.location_type)));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_service_at_location() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_service_key_mark(ARRAY(SELECT service_id FROM nt));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_service_key_mark(ARRAY(SELECT service_id FROM ot));
	END IF;
	RETURN NULL;
END $$;

-- attribute and language rows belong to a service, a service_at_location
-- or a location (or a phone or an organization, which search does not
-- read); address rows to a location.
CREATE OR REPLACE FUNCTION dir_key_trg_attribute() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_service_key_mark(ARRAY(
			SELECT n.service_id FROM nt n WHERE n.service_id IS NOT NULL
			UNION SELECT x.service_id FROM service_at_location x
			WHERE x.id IN (SELECT n.service_at_location_id FROM nt n)));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_service_key_mark(ARRAY(
			SELECT o.service_id FROM ot o WHERE o.service_id IS NOT NULL
			UNION SELECT x.service_id FROM service_at_location x
			WHERE x.id IN (SELECT o.service_at_location_id FROM ot o)));
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_language() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_service_key_mark(ARRAY(
			SELECT n.service_id FROM nt n WHERE n.service_id IS NOT NULL)
			|| dir_services_at(ARRAY(SELECT n.location_id FROM nt n
				WHERE n.location_id IS NOT NULL)));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_service_key_mark(ARRAY(
			SELECT o.service_id FROM ot o WHERE o.service_id IS NOT NULL)
			|| dir_services_at(ARRAY(SELECT o.location_id FROM ot o
				WHERE o.location_id IS NOT NULL)));
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_service_key_mark(dir_services_at(ARRAY(
			SELECT n.location_id FROM nt n)));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_service_key_mark(dir_services_at(ARRAY(
			SELECT o.location_id FROM ot o)));
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_key_trg_taxonomy_term() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_service_key_mark(ARRAY(
		WITH changed AS (SELECT n.id FROM nt n JOIN ot o ON o.id = n.id
			WHERE (n.code, n.taxonomy, n.own, n.taxonomy_id)
				IS DISTINCT FROM (o.code, o.taxonomy, o.own, o.taxonomy_id))
		SELECT a.service_id FROM attribute a WHERE a.taxonomy_term_id IN (
			SELECT id FROM changed) AND a.service_id IS NOT NULL
		UNION SELECT x.service_id FROM attribute a
		JOIN service_at_location x ON x.id = a.service_at_location_id
		WHERE a.taxonomy_term_id IN (SELECT id FROM changed)));
	RETURN NULL;
END $$;

-- The triggers on each source table (14_triggers.sql).
SELECT dir_statement_triggers('service_key', 'service', 'dir_key_trg_service',
	'{insert,update}');
SELECT dir_statement_triggers('service_key', 'organization', 'dir_key_trg_organization',
	'{update}');
SELECT dir_statement_triggers('service_key', 'location', 'dir_key_trg_location', '{update}');
SELECT dir_statement_triggers('service_key', 'taxonomy_term', 'dir_key_trg_taxonomy_term',
	'{update}');
SELECT dir_statement_triggers('service_key', 'service_at_location',
	'dir_key_trg_service_at_location', '{insert,update,delete}');
SELECT dir_statement_triggers('service_key', 'attribute', 'dir_key_trg_attribute',
	'{insert,update,delete}');
SELECT dir_statement_triggers('service_key', 'language', 'dir_key_trg_language',
	'{insert,update,delete}');
SELECT dir_statement_triggers('service_key', 'address', 'dir_key_trg_address',
	'{insert,update,delete}');
