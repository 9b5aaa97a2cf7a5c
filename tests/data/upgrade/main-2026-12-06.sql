-- The database of the last release: main at a7facdf (2026-12-06) after
-- `directoryd migrate` on an empty database, as pg_dump --schema-only plus the
-- rows of schema_migrations. tests/integration/upgrade.test.mjs restores it and
-- migrates it with today's directoryd. Never edit it: it stands for databases
-- already deployed.
--
-- PostgreSQL database dump
--

\restrict oDN2FMq1G1tyZfHECmitgTUwskaJiJxdW6CIvq0I9FAEUi6CrOdywhbBXKJavDd

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: unaccent; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;


--
-- Name: EXTENSION unaccent; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION unaccent IS 'text search dictionary that removes accents';


--
-- Name: dir_access_keys(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_access_keys(list text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg('acc:' || c), '{}')
		FROM unnest(dir_code_list(list)) AS c);
END $$;


--
-- Name: dir_access_services(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_access_services(list text) RETURNS TABLE(service_id uuid)
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: dir_addresses_json(uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_addresses_json(loc uuid, conf boolean) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_strip(jsonb_build_object('id', a.id,
		'attention', a.attention,
		'address_1', CASE WHEN conf THEN '' ELSE coalesce(a.address_1, '') END,
		'address_2', CASE WHEN conf THEN '' ELSE a.address_2 END,
		'city', coalesce(a.city, ''), 'region', a.region,
		'state_province', CASE WHEN conf THEN '' ELSE coalesce(a.state_province, '') END,
		'postal_code', CASE WHEN conf THEN '' ELSE coalesce(a.postal_code, '') END,
		'country', coalesce(a.country, ''),
		'address_type', coalesce(a.address_type, 'physical'),
		'metadata', a.metadata)) ORDER BY a.pos, a.row_id), '[]')
	FROM address a WHERE a.location_id = loc);
END $$;


--
-- Name: dir_area_covers(jsonb, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_area_covers(areas jsonb, q_city text, q_country text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $_$
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
$_$;


--
-- Name: dir_area_element_keys(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_area_element_keys(ext text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
	SELECT CASE WHEN upper(ext) ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'
		THEN ARRAY['ac:' || upper(ext), 'acn:' || left(upper(ext), 2)]
		ELSE ARRAY['at:' || dir_fold(ext)] END
$_$;


--
-- Name: dir_area_keys(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_area_keys(q_city text, q_country text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_area_only_keys(q_city, q_country)
		|| CASE WHEN q_city IS NOT NULL THEN ARRAY(
			SELECT 'rn:' || c FROM search_place p, unnest(p.countries) AS c
			WHERE p.city = dir_fold(q_city)
			  AND (q_country IS NULL OR c = upper(q_country)))
		WHEN q_country IS NOT NULL THEN ARRAY['rn:' || upper(q_country)]
		ELSE '{}'::text[] END);
END $$;


--
-- Name: dir_area_only_keys(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_area_only_keys(q_city text, q_country text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
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


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: attribute; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attribute (
    row_id bigint NOT NULL,
    id uuid NOT NULL,
    link_id uuid,
    link_type text,
    link_entity text,
    taxonomy_term_id uuid NOT NULL,
    value text,
    metadata jsonb,
    organization_id uuid,
    service_id uuid,
    location_id uuid,
    service_at_location_id uuid,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: dir_attribute_render(public.attribute, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_attribute_render(a public.attribute, langs text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', a.id, 'link_id', a.link_id,
		'link_type', a.link_type, 'link_entity', a.link_entity,
		'taxonomy_term_id', a.taxonomy_term_id, 'value', a.value,
		'metadata', a.metadata,
		'taxonomy_term', (SELECT dir_term_render(t, langs) FROM taxonomy_term t
			WHERE t.id = a.taxonomy_term_id))));
END $$;


--
-- Name: dir_attributes_json(text, uuid, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_attributes_json(owner text, oid uuid, langs text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_attribute_render(a, langs)
		ORDER BY a.pos, a.row_id), '[]')
	FROM attribute a
	WHERE a.organization_id = dir_own(owner, 'organization', oid)
	   OR a.service_id = dir_own(owner, 'service', oid)
	   OR a.location_id = dir_own(owner, 'location', oid)
	   OR a.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;


--
-- Name: dir_byday_has(text, timestamp without time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_byday_has(byday text, ts timestamp without time zone) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
	SELECT byday IS NULL OR btrim(byday) = '' OR upper(byday) ~
		('(^|,)\s*[+-]?[0-9]*' || left(upper(to_char(ts, 'DY')), 2) || '\s*(,|$)')
$_$;


--
-- Name: dir_check_org_exists(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_check_org_exists(org uuid, ptr text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	IF org IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organization WHERE id = org) THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr,
			'no organization has this id');
	END IF;
END $$;


--
-- Name: dir_check_point(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_check_point(p jsonb, ptr text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	IF p IS NOT NULL AND (jsonb_typeof(p -> 'latitude') IS DISTINCT FROM 'number'
	   OR jsonb_typeof(p -> 'longitude') IS DISTINCT FROM 'number'
	   OR abs((p ->> 'latitude')::numeric) > 90
	   OR abs((p ->> 'longitude')::numeric) > 180) THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr,
			'public_point needs a numeric latitude (-90..90) and longitude (-180..180)');
	END IF;
END $$;


--
-- Name: dir_check_scope(uuid, uuid, uuid, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_check_scope(scope_org uuid, org uuid, stored_org uuid, is_stored boolean, ptr text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	IF scope_org IS NULL THEN
		RETURN;
	END IF;
	IF org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/organization_id',
			'this token may only write records of its own organization');
	END IF;
	IF is_stored AND stored_org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this record belongs to another organization');
	END IF;
END $$;


--
-- Name: dir_check_timezone(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_check_timezone(tz text, ptr text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $_$
BEGIN
	IF tz IS NULL THEN
		RETURN;
	END IF;
	IF tz !~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' THEN
		RAISE invalid_parameter_value;
	END IF;
	PERFORM now() AT TIME ZONE tz;
EXCEPTION WHEN invalid_parameter_value THEN
	PERFORM dir_refuse('DR400', 'invalid_value', ptr,
		'timezone_name must be an IANA time zone name such as Europe/Zurich');
END $_$;


--
-- Name: dir_child(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_child(j jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(j - '{row_id,pos,organization_id,service_id,location_id,service_at_location_id,phone_row,phone_id}'::text[]));
END $$;


--
-- Name: dir_clear_children(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_clear_children(owner text, oid uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	DELETE FROM phone WHERE organization_id = dir_own(owner, 'organization', oid)
		OR service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM schedule WHERE service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM language WHERE service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid);
	DELETE FROM attribute WHERE organization_id = dir_own(owner, 'organization', oid)
		OR service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM address WHERE location_id = dir_own(owner, 'location', oid);
END $$;


--
-- Name: dir_code_list(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_code_list(list text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(DISTINCT btrim(c)), '{}')
		FROM unnest(string_to_array(list, ',')) AS c WHERE btrim(c) <> '');
END $$;


--
-- Name: dir_delete_check(uuid, boolean, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_delete_check(stored_org uuid, is_stored boolean, scope_org uuid) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	IF is_stored AND scope_org IS NOT NULL AND stored_org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', '',
			'this record belongs to another organization');
	END IF;
END $$;


--
-- Name: dir_delete_location(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_delete_location(rid uuid, scope_org uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM location WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM location WHERE id = rid;
	RETURN FOUND;
END $$;


--
-- Name: dir_delete_organization(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_delete_organization(rid uuid, scope_org uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_delete_check(rid, EXISTS (SELECT 1 FROM organization WHERE id = rid),
		scope_org);
	DELETE FROM organization WHERE id = rid;
	RETURN FOUND;
END $$;


--
-- Name: dir_delete_service(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_delete_service(rid uuid, scope_org uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM service WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM service WHERE id = rid;
	RETURN FOUND;
END $$;


--
-- Name: dir_derived_attributes(uuid, uuid, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_derived_attributes(svc uuid, org uuid, langs text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_strip(jsonb_build_object(
		'id', md5(svc::text || '/sex_worker_led')::uuid,
		'link_id', svc, 'link_entity', 'service',
		'taxonomy_term_id', t.id, 'taxonomy_term', dir_term_render(t, langs)))), '[]')
	FROM taxonomy_term t
	WHERE t.own AND t.code = 'sex_worker_led'
	  AND EXISTS (SELECT 1 FROM organization o WHERE o.id = org AND o.sex_worker_led));
END $$;


--
-- Name: dir_distance_km(double precision, double precision, double precision, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT 2 * 6371.0088 * asin(least(1, sqrt(
		sin(radians(lat2 - lat1) / 2) ^ 2 + cos(radians(lat1)) *
		cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;


--
-- Name: dir_fed_applying(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_applying() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
	SELECT coalesce(current_setting('directoryd.applying', true), '') = 'on'
$$;


--
-- Name: dir_fed_attributes(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_attributes(a jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x -> 'taxonomy_term') = 'object'
			THEN jsonb_set(x, '{taxonomy_term}',
				(x -> 'taxonomy_term') - '{translations,taxonomy_detail}'::text[])
			ELSE x END ORDER BY n), '[]')
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a) = 'array' THEN a ELSE '[]' END)
		WITH ORDINALITY AS t (x, n));
END $$;


--
-- Name: dir_fed_attrs_in(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_attrs_in(o jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN CASE WHEN o ? 'attributes'
		THEN jsonb_set(o, '{attributes}', dir_fed_attributes(o -> 'attributes'))
		ELSE o END;
END $$;


--
-- Name: dir_fed_body(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_body(kind text, rid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	IF kind = 'organization' THEN
		RETURN (SELECT dir_fed_numbers(dir_fed_attrs_in(
			dir_organization_render(o, '{}', 1, '') - 'provenance' - 'locations'
			- 'services')) FROM organization o WHERE o.id = rid);
	ELSIF kind = 'location' THEN
		RETURN (SELECT dir_fed_numbers(dir_fed_attrs_in(
			dir_location_render(l, '{}', true, '') - 'provenance'))
			FROM location l WHERE l.id = rid);
	ELSIF kind = 'service' THEN
		RETURN dir_fed_service_body(rid);
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_fed_claim(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_claim(node_id text) RETURNS TABLE(type text, id uuid, body text, version bigint, updated text)
    LANGUAGE plpgsql
    AS $$
BEGIN
	RETURN QUERY
	WITH c AS (
		DELETE FROM fed_dirty d
		WHERE (d.type, d.id) IN (SELECT x.type, x.id FROM fed_dirty x
			ORDER BY x.type, x.id FOR UPDATE SKIP LOCKED)
		RETURNING d.type, d.id),
	b AS (SELECT c.type, c.id, dir_fed_body(c.type, c.id) AS body,
		dir_fed_row_version(c.type, c.id) AS row_version,
		r.origin, r.version AS last_version, r.deleted
		FROM c LEFT JOIN fed_record r ON r.type = c.type AND r.id = c.id)
	SELECT b.type, b.id, b.body::text,
		CASE WHEN b.body IS NOT NULL AND b.row_version > coalesce(b.last_version, 0)
			THEN b.row_version ELSE nextval('dir_version_seq') END,
		to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
	FROM b
	WHERE (b.origin IS NULL OR b.origin = node_id)
	  AND (b.body IS NOT NULL OR (b.origin IS NOT NULL AND NOT b.deleted))
	ORDER BY b.type, b.id;
END $$;


--
-- Name: dir_fed_current_key(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_current_key() RETURNS integer
    LANGUAGE sql STABLE
    AS $$
	SELECT max(n) FROM fed_own_key
	WHERE revoked_at IS NULL AND valid_from <= now()
	  AND (retired_at IS NULL OR retired_at > now())
$$;


--
-- Name: dir_fed_is_stale(text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_is_stale(origin text, fetched_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(greatest(
			(SELECT o.confirmed_at FROM fed_origin o WHERE o.node_id = origin),
			fetched_at), '-infinity')
		< now() - make_interval(secs => s.stale_after)
	FROM fed_setting s);
END $$;


--
-- Name: dir_fed_keys(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_keys() RETURNS TABLE(n integer, public_key text, state text, valid_from text, retired_at text, revoked_at text, revocation text)
    LANGUAGE sql STABLE
    AS $$
	SELECT k.n, k.public_key,
		CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
		     WHEN k.valid_from > now() THEN 'next'
		     WHEN k.n = dir_fed_current_key() THEN 'current'
		     ELSE 'retired' END,
		to_char(k.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		CASE WHEN k.revoked_at IS NULL AND k.valid_from <= now()
		      AND k.n IS DISTINCT FROM dir_fed_current_key() THEN
			to_char(coalesce(k.retired_at, (SELECT min(x.valid_from) FROM fed_own_key x
				WHERE x.n > k.n AND x.valid_from <= now()))
				AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
		to_char(k.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		k.revocation
	FROM fed_own_key k ORDER BY k.n
$$;


--
-- Name: dir_fed_mark(text, uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_mark(kind text, ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF cardinality(ids) = 0 OR dir_fed_applying() THEN
		RETURN;
	END IF;
	INSERT INTO fed_dirty (type, id)
	SELECT DISTINCT kind, i FROM unnest(ids) AS i WHERE i IS NOT NULL ORDER BY 1, 2
	ON CONFLICT (type, id) DO UPDATE SET id = EXCLUDED.id;
END $$;


--
-- Name: dir_fed_numbers(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_numbers(j jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $_$
BEGIN
	RETURN CASE jsonb_typeof(j)
		WHEN 'object' THEN (SELECT coalesce(jsonb_object_agg(key,
			dir_fed_numbers(value)), '{}') FROM jsonb_each(j))
		WHEN 'array' THEN (SELECT coalesce(jsonb_agg(dir_fed_numbers(e)
			ORDER BY n), '[]') FROM jsonb_array_elements(j)
			WITH ORDINALITY AS t (e, n))
		WHEN 'number' THEN CASE WHEN j::text ~ '^-?[0-9]+$' THEN j
			ELSE to_jsonb(j::text) END
		ELSE j END;
END $_$;


--
-- Name: dir_fed_page(text, text, bigint, text[], integer, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_page(me text, want_epoch text, after bigint, origins text[], lim integer, snap boolean) RETURNS TABLE(status text, body text)
    LANGUAGE sql STABLE
    AS $$
	WITH f AS (SELECT epoch, seq, pruned_seq FROM fed_feed),
	page AS (SELECT r.seq, r.record, r.keyid, r.sig FROM fed_record r
		WHERE r.seq > after AND (origins IS NULL OR r.origin = ANY (origins))
		ORDER BY r.seq LIMIT lim + 1),
	items AS (SELECT * FROM page ORDER BY seq LIMIT lim),
	st AS (SELECT CASE
		WHEN want_epoch IS NOT NULL AND (want_epoch <> f.epoch OR after > f.seq)
			THEN 'cursor_unknown'
		WHEN want_epoch IS NOT NULL AND NOT snap AND after < f.pruned_seq
			THEN 'cursor_expired'
		ELSE 'ok' END AS status,
		(SELECT count(*) FROM page) > lim AS more,
		f.epoch || '.' || CASE WHEN (SELECT count(*) FROM page) > lim
			THEN (SELECT max(seq) FROM items) ELSE greatest(f.seq, after) END AS cursor
		FROM f),
	conf AS (SELECT coalesce(jsonb_object_agg(o.n, to_char(o.t AT TIME ZONE 'UTC',
			'YYYY-MM-DD"T"HH24:MI:SS"Z"')), '{}') AS j
		FROM (SELECT me AS n, now() AS t WHERE origins IS NULL OR me = ANY (origins)
			UNION ALL
			SELECT fo.node_id, fo.confirmed_at FROM fed_origin fo
			WHERE fo.node_id <> me
			  AND (origins IS NULL OR fo.node_id = ANY (origins))) o)
	SELECT st.status, CASE WHEN st.status = 'ok' THEN
		'{"protocol":"directoryd-fed/1","node_id":' || to_json(me)::text
		|| ',"items":[' || coalesce((SELECT string_agg('{"record":' || i.record
			|| ',"sig":{"keyid":' || to_json(i.keyid)::text || ',"value":'
			|| to_json(i.sig)::text || '}}', ',' ORDER BY i.seq) FROM items i), '')
		|| '],' || CASE WHEN snap AND st.more THEN '"page":' ELSE '"cursor":' END
		|| to_json(st.cursor)::text || ',"more":' || st.more::text
		|| ',"remaining":' || CASE WHEN st.more THEN (SELECT max(f.seq) - max(i.seq)
			FROM f, items i) ELSE 0 END::text
		|| ',"confirmed":' || (SELECT j::text FROM conf) || '}' END
	FROM st
$$;


--
-- Name: dir_fed_provenance(jsonb, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_provenance(fed jsonb, kind text, rid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
	st text;
	at timestamptz;
BEGIN
	SELECT r.state, r.fetched_at INTO st, at FROM fed_record r
	WHERE r.type = kind AND r.id = rid;
	at := coalesce(at, (fed ->> 'fetched_at')::timestamptz);
	RETURN jsonb_build_object('origin_node', fed -> 'origin_node',
		'version', fed -> 'version', 'key_id', fed -> 'key_id',
		'fetched_at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'stale', dir_fed_is_stale(fed ->> 'origin_node', at),
		'state', coalesce(st, 'verified'));
END $$;


--
-- Name: dir_fed_row_version(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_row_version(kind text, rid uuid) RETURNS bigint
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	IF kind = 'organization' THEN
		RETURN (SELECT version FROM organization WHERE id = rid);
	ELSIF kind = 'location' THEN
		RETURN (SELECT version FROM location WHERE id = rid);
	ELSIF kind = 'service' THEN
		RETURN (SELECT version FROM service WHERE id = rid);
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_fed_sals(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_sals(a jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_fed_attrs_in(x - 'location' - 'service')
		ORDER BY n), '[]')
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a) = 'array' THEN a ELSE '[]' END)
		WITH ORDINALITY AS t (x, n));
END $$;


--
-- Name: dir_fed_service_body(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_service_body(sid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
	b jsonb;
	derived uuid := md5(sid::text || '/sex_worker_led')::uuid;
BEGIN
	SELECT dir_service_render(s, '{}', 2, '') INTO b FROM service s WHERE s.id = sid;
	IF b IS NULL THEN
		RETURN NULL;
	END IF;
	b := b - 'provenance' - 'organization';
	IF b ? 'attributes' THEN
		b := jsonb_set(b, '{attributes}', coalesce((SELECT jsonb_agg(x ORDER BY n)
			FROM jsonb_array_elements(b -> 'attributes') WITH ORDINALITY AS t (x, n)
			WHERE x ->> 'id' IS DISTINCT FROM derived::text), '[]'));
	END IF;
	IF b ? 'service_at_locations' THEN
		b := jsonb_set(b, '{service_at_locations}', dir_fed_sals(b -> 'service_at_locations'));
	END IF;
	RETURN dir_fed_numbers(dir_fed_attrs_in(b));
END $$;


--
-- Name: dir_fed_store(text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_store(me text, recs jsonb) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
	cnt int := jsonb_array_length(recs);
	last bigint;
	written bigint;
BEGIN
	IF cnt = 0 THEN
		RETURN 0;
	END IF;
	UPDATE fed_feed SET seq = seq + cnt RETURNING seq INTO last;
	WITH ins AS (
		INSERT INTO fed_record AS r (type, id, origin, version, updated, deleted,
			record, keyid, sig, seq)
		SELECT e ->> 'type', (e ->> 'id')::uuid, me, (e ->> 'version')::bigint,
			(e ->> 'updated')::timestamptz, (e ->> 'deleted')::boolean,
			e ->> 'record', e ->> 'keyid', e ->> 'sig', last - cnt + t.i
		FROM jsonb_array_elements(recs) WITH ORDINALITY AS t (e, i)
		ON CONFLICT (type, id) DO UPDATE SET version = EXCLUDED.version,
			updated = EXCLUDED.updated, deleted = EXCLUDED.deleted,
			record = EXCLUDED.record, keyid = EXCLUDED.keyid, sig = EXCLUDED.sig,
			seq = EXCLUDED.seq, state = 'verified'
		WHERE r.origin = EXCLUDED.origin AND r.version < EXCLUDED.version
		RETURNING 1)
	SELECT count(*) INTO written FROM ins;
	RETURN written;
END $$;


--
-- Name: dir_fed_trg_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_trg_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	rid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
	holder text;
BEGIN
	IF current_setting('directoryd.applying', true) IS DISTINCT FROM 'on' THEN
		SELECT r.origin INTO holder FROM fed_record r
		WHERE r.type = TG_ARGV[0] AND r.id = rid AND r.via_peer IS NOT NULL;
		IF FOUND THEN
			PERFORM dir_refuse('DR403', 'forbidden', '/id', format(
				'this listing belongs to node %s; change it there', holder));
		END IF;
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;


--
-- Name: dir_fed_trg_new(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_trg_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;


--
-- Name: dir_fed_trg_old(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_trg_old() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM ot));
	RETURN NULL;
END $$;


--
-- Name: dir_fed_trg_sal_new(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_trg_sal_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_fed_mark('service', ARRAY(SELECT service_id FROM nt));
	RETURN NULL;
END $$;


--
-- Name: dir_fed_trg_sal_old(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fed_trg_sal_old() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_fed_mark('service', ARRAY(SELECT service_id FROM ot));
	RETURN NULL;
END $$;


--
-- Name: dir_fold(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;


--
-- Name: dir_has_text_area(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_has_text_area(areas jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $_$
	SELECT coalesce(jsonb_typeof(areas) = 'array'
		AND jsonb_path_exists(areas, '$[*] ? (@.extent_type == "text")'), false)
$_$;


--
-- Name: dir_items(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_items(v jsonb, ptr text) RETURNS TABLE(item jsonb, i integer)
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
		RETURN;
	END IF;
	IF jsonb_typeof(v) <> 'array' THEN
		PERFORM dir_refuse('DR400', 'wrong_type', ptr, 'this must be an array');
	END IF;
	RETURN QUERY SELECT e, (n - 1)::int FROM jsonb_array_elements(v)
		WITH ORDINALITY AS t (e, n);
END $$;


--
-- Name: dir_key_trg_address(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_address() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_key_trg_attribute(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_attribute() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_key_trg_flush(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_flush() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	ids uuid[];
BEGIN
	WITH d AS (DELETE FROM service_key_dirty WHERE tx = pg_current_xact_id()
		RETURNING service_id)
	SELECT array_agg(DISTINCT service_id) INTO ids FROM d;
	IF ids IS NOT NULL THEN
		PERFORM dir_service_key_refresh(ids);
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_key_trg_language(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_language() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_key_trg_location(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_location() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_service_key_mark(dir_services_at(ARRAY(SELECT n.id FROM nt n
		JOIN ot o ON o.id = n.id
		WHERE n.location_type IS DISTINCT FROM o.location_type)));
	RETURN NULL;
END $$;


--
-- Name: dir_key_trg_organization(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_organization() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_service_key_mark(ARRAY(SELECT s.id FROM service s
		WHERE s.organization_id IN (SELECT n.id FROM nt n JOIN ot o ON o.id = n.id
			WHERE n.sex_worker_led IS DISTINCT FROM o.sex_worker_led)));
	RETURN NULL;
END $$;


--
-- Name: dir_key_trg_service(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_service() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_service_key_mark(ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;


--
-- Name: dir_key_trg_service_at_location(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_service_at_location() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_service_key_mark(ARRAY(SELECT service_id FROM nt));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_service_key_mark(ARRAY(SELECT service_id FROM ot));
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_key_trg_taxonomy_term(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_key_trg_taxonomy_term() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_lang_keys(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_lang_keys(want text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN (SELECT array_agg('le:' || p) || ('lp:' || lower(want))
		FROM unnest(dir_tag_prefixes(want)) AS p);
END $$;


--
-- Name: dir_lang_match(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_lang_match(code text, want text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT (lower(code) COLLATE "C") = ANY (dir_tag_prefixes(want))
		OR ((lower(code) COLLATE "C") > lower(want) || '-'
		    AND (lower(code) COLLATE "C") < lower(want) || '.')
$$;


--
-- Name: dir_languages_json(text, uuid, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_languages_json(owner text, oid uuid, prow bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(l)) ORDER BY l.pos, l.row_id), '[]')
	FROM language l
	WHERE l.service_id = dir_own(owner, 'service', oid)
	   OR l.location_id = dir_own(owner, 'location', oid)
	   OR l.phone_row = prow);
END $$;


--
-- Name: dir_list_lang_keys(text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_list_lang_keys(langs text[]) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(k), '{}') FROM unnest(langs) AS l,
		unnest(ARRAY['x:' || lower(l)] || ARRAY(SELECT 'k:' || h
			FROM unnest(dir_tag_heads(lower(l))) AS h)) AS k);
END $$;


--
-- Name: dir_list_trg_flush(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_list_trg_flush() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
	ids uuid[];
BEGIN
	WITH d AS (DELETE FROM service_list_dirty WHERE tx = pg_current_xact_id()
		RETURNING service_id)
	SELECT array_agg(DISTINCT service_id) INTO ids FROM d;
	IF ids IS NOT NULL THEN
		PERFORM dir_service_list_refresh(ids);
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_list_trg_organization(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_list_trg_organization() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_service_list_mark(ARRAY(SELECT s.id FROM service s
		WHERE s.organization_id IN (SELECT id FROM nt)));
	RETURN NULL;
END $$;


--
-- Name: dir_list_trg_service(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_list_trg_service() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_service_list_mark(ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;


--
-- Name: dir_location_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_location_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_location_render(l, langs, is_full, node_id)
	FROM location l WHERE l.id = rid);
END $$;


--
-- Name: location; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.location (
    id uuid NOT NULL,
    organization_id uuid,
    location_type text DEFAULT 'physical'::text NOT NULL,
    url text,
    name text,
    alternate_name text,
    description text,
    transportation text,
    latitude numeric,
    longitude numeric,
    external_identifier text,
    external_identifier_type text,
    contacts jsonb,
    accessibility jsonb,
    metadata jsonb,
    confidential boolean DEFAULT false NOT NULL,
    timezone_name text,
    public_point jsonb,
    contact_channels jsonb,
    version bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    eligibility_unchecked jsonb DEFAULT '[]'::jsonb NOT NULL,
    fed jsonb,
    geo_lat double precision GENERATED ALWAYS AS (
CASE
    WHEN (NOT confidential) THEN (latitude)::double precision
    WHEN (public_point ? 'latitude'::text) THEN ((public_point ->> 'latitude'::text))::double precision
    ELSE (((floor((latitude * (10)::numeric)) + 0.5) / (10)::numeric))::double precision
END) STORED,
    geo_lon double precision GENERATED ALWAYS AS (
CASE
    WHEN (NOT confidential) THEN (longitude)::double precision
    WHEN (public_point ? 'longitude'::text) THEN ((public_point ->> 'longitude'::text))::double precision
    ELSE (((floor((longitude * (10)::numeric)) + 0.5) / (10)::numeric))::double precision
END) STORED
);


--
-- Name: dir_location_render(public.location, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_location_render(l public.location, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', l.id,
		'location_type', l.location_type, 'url', l.url,
		'organization_id', l.organization_id, 'name', l.name,
		'alternate_name', l.alternate_name, 'description', l.description,
		'transportation', l.transportation,
		'latitude', CASE WHEN NOT l.confidential THEN l.latitude END,
		'longitude', CASE WHEN NOT l.confidential THEN l.longitude END,
		'external_identifier', CASE WHEN NOT l.confidential
			THEN l.external_identifier END,
		'external_identifier_type', CASE WHEN NOT l.confidential
			THEN l.external_identifier_type END,
		'confidential', l.confidential, 'timezone_name', l.timezone_name,
		'public_point', l.public_point, 'contact_channels', l.contact_channels,
		'provenance', dir_provenance(node_id, l.version, l.eligibility_unchecked,
			l.fed, 'location', l.id)))
	|| CASE WHEN is_full THEN dir_strip(jsonb_build_object(
		'languages', dir_languages_json('location', l.id, NULL),
		'addresses', dir_addresses_json(l.id, l.confidential),
		'contacts', l.contacts, 'accessibility', l.accessibility,
		'phones', dir_phones_json('location', l.id),
		'schedules', dir_schedules_json('location', l.id),
		'attributes', dir_attributes_json('location', l.id, langs),
		'metadata', l.metadata)) ELSE '{}' END);
END $$;


--
-- Name: dir_location_search(text, text, double precision, double precision, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_location_search(q_city text, q_country text, q_lat double precision, q_lon double precision, q_radius double precision) RETURNS TABLE(location_id uuid)
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: dir_member(text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_member(k text, v jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT CASE WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN '{}'::jsonb
		ELSE jsonb_build_object(k, v) END
$$;


--
-- Name: dir_open_services(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_open_services(at timestamp with time zone) RETURNS TABLE(service_id uuid)
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: dir_organization_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_organization_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_organization_render(o, langs, CASE WHEN is_full THEN 2 ELSE 0 END,
		node_id) FROM organization o WHERE o.id = rid);
END $$;


--
-- Name: dir_tsv(text, text, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tsv(name text, alternate_name text, description text, translations jsonb) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
	SELECT setweight(to_tsvector('simple'::regconfig,
			public.dir_fold(concat_ws(' ', name, alternate_name))), 'A')
		|| setweight(to_tsvector('simple'::regconfig,
			coalesce(public.dir_fold(description), '')), 'B')
		|| setweight(to_tsvector('simple'::regconfig, coalesce(public.dir_fold((
			SELECT string_agg(v #>> '{}', ' ')
			FROM jsonb_path_query(translations, 'strict $.*.*') AS v
			WHERE jsonb_typeof(v) = 'string')), '')), 'C')
$_$;


--
-- Name: organization; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organization (
    id uuid NOT NULL,
    name text NOT NULL,
    alternate_name text,
    description text DEFAULT ''::text NOT NULL,
    email text,
    website text,
    tax_status text,
    tax_id text,
    year_incorporated numeric,
    legal_status text,
    logo text,
    uri text,
    parent_organization_id uuid,
    funding jsonb,
    contacts jsonb,
    programs jsonb,
    organization_identifiers jsonb,
    metadata jsonb,
    sex_worker_led boolean DEFAULT false NOT NULL,
    translations jsonb,
    version bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    eligibility_unchecked jsonb DEFAULT '[]'::jsonb NOT NULL,
    fed jsonb,
    search_tsv tsvector GENERATED ALWAYS AS (public.dir_tsv(name, alternate_name, description, translations)) STORED
);


--
-- Name: dir_organization_list_json(public.organization, text[], text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_organization_list_json(o public.organization, langs text[], node_id text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
	SELECT CASE WHEN o.id IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
		'id', o.id,
		'name', dir_tr(o.name, o.translations, 'name', langs),
		'alternate_name', dir_tr(o.alternate_name, o.translations, 'alternate_name', langs),
		'description', dir_tr(o.description, o.translations, 'description', langs),
		'email', o.email, 'website', o.website, 'tax_status', o.tax_status,
		'tax_id', o.tax_id, 'year_incorporated', o.year_incorporated,
		'legal_status', o.legal_status, 'logo', o.logo, 'uri', o.uri,
		'parent_organization_id', o.parent_organization_id,
		'sex_worker_led', o.sex_worker_led))
	|| dir_member('translations', o.translations)
	|| jsonb_build_object('provenance',
		dir_provenance(node_id, o.version, o.eligibility_unchecked,
			o.fed, 'organization', o.id)) END
$$;


--
-- Name: dir_organization_render(public.organization, text[], integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_organization_render(o public.organization, langs text[], mode integer, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', o.id,
		'name', dir_tr(o.name, o.translations, 'name', langs),
		'alternate_name', dir_tr(o.alternate_name, o.translations, 'alternate_name', langs),
		'description', dir_tr(o.description, o.translations, 'description', langs),
		'email', o.email, 'website', o.website, 'tax_status', o.tax_status,
		'tax_id', o.tax_id, 'year_incorporated', o.year_incorporated,
		'legal_status', o.legal_status, 'logo', o.logo, 'uri', o.uri,
		'parent_organization_id', o.parent_organization_id,
		'sex_worker_led', o.sex_worker_led, 'translations', o.translations,
		'provenance', dir_provenance(node_id, o.version, o.eligibility_unchecked,
			o.fed, 'organization', o.id)))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'funding', o.funding, 'contacts', o.contacts,
		'phones', dir_phones_json('organization', o.id),
		'locations', (SELECT coalesce(jsonb_agg(dir_location_render(l, langs,
			true, node_id) ORDER BY l.name, l.id), '[]')
			FROM location l WHERE l.organization_id = o.id),
		'programs', o.programs,
		'organization_identifiers', o.organization_identifiers,
		'attributes', dir_attributes_json('organization', o.id, langs),
		'metadata', o.metadata)) ELSE '{}' END
	|| CASE WHEN mode > 1 THEN jsonb_build_object('services', (
		SELECT coalesce(jsonb_agg(dir_service_render(s, langs, 2, node_id)
			ORDER BY s.name, s.id), '[]')
		FROM service s WHERE s.organization_id = o.id)) ELSE '{}' END);
END $$;


--
-- Name: dir_own(text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_own(owner text, want text, id uuid) RETURNS uuid
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN owner = want THEN id END $$;


--
-- Name: dir_param_time(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_param_time(v text, name text) RETURNS timestamp with time zone
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
	RETURN v::timestamptz;
EXCEPTION WHEN data_exception THEN
	PERFORM dir_refuse('DR400', 'invalid_parameter', name,
		name || ' must be an ISO 8601 date or date and time');
	RETURN NULL;
END $$;


--
-- Name: dir_phones_json(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_phones_json(owner text, oid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(p)) || jsonb_build_object(
		'languages', dir_languages_json(NULL, NULL, p.row_id))
		ORDER BY p.pos, p.row_id), '[]')
	FROM phone p
	WHERE p.organization_id = dir_own(owner, 'organization', oid)
	   OR p.service_id = dir_own(owner, 'service', oid)
	   OR p.location_id = dir_own(owner, 'location', oid)
	   OR p.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;


--
-- Name: dir_place_key(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_place_key(q_city text, q_country text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT CASE WHEN q_city IS NOT NULL AND q_country IS NOT NULL
			THEN 'p:' || upper(q_country) || '|' || dir_fold(q_city)
		WHEN q_city IS NOT NULL THEN 'c:' || dir_fold(q_city)
		WHEN q_country IS NOT NULL THEN 'n:' || upper(q_country) END
$$;


--
-- Name: dir_place_trg_address(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_place_trg_address() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dir_search_place_mark(ARRAY(SELECT dir_fold(n.city) FROM nt n));
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dir_search_place_mark(ARRAY(SELECT dir_fold(o.city) FROM ot o));
	END IF;
	RETURN NULL;
END $$;


--
-- Name: dir_place_trg_flush(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_place_trg_flush() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_populate(anyelement, jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_populate(base anyelement, doc jsonb, ptr text) RETURNS anyelement
    LANGUAGE plpgsql
    AS $$
DECLARE
	k text;
BEGIN
	IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
		PERFORM dir_refuse('DR400', 'wrong_type', ptr, 'this must be an object');
	END IF;
	RETURN jsonb_populate_record(base, doc);
EXCEPTION WHEN data_exception THEN
	FOR k IN SELECT jsonb_object_keys(doc) LOOP
		BEGIN
			PERFORM jsonb_populate_record(base, jsonb_build_object(k, doc -> k));
		EXCEPTION WHEN data_exception THEN
			PERFORM dir_refuse('DR400', 'invalid_value',
				ptr || '/' || replace(replace(k, '~', '~0'), '/', '~1'),
				'this value does not have the form its field needs');
		END;
	END LOOP;
	PERFORM dir_refuse('DR400', 'invalid_value', ptr,
		'a value does not have the form its field needs');
	RETURN NULL;
END $$;


--
-- Name: dir_provenance(text, bigint, jsonb, jsonb, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_provenance(node_id text, version bigint, unchecked jsonb, fed jsonb, kind text, rid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN CASE WHEN fed IS NULL
		THEN jsonb_build_object('origin_node', node_id, 'version', version,
			'key_id', NULL, 'fetched_at', NULL, 'stale', false)
		ELSE dir_fed_provenance(fed, kind, rid) END
	|| CASE WHEN jsonb_typeof(unchecked) = 'array'
		AND jsonb_array_length(unchecked) > 0
		THEN jsonb_build_object('eligibility_unchecked', unchecked)
		ELSE '{}' END;
END $$;


--
-- Name: dir_put_addresses(jsonb, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_addresses(items jsonb, ptr text, loc uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r address;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::address, e.item, ptr || '/' || e.i);
		INSERT INTO address (id, location_id, attention, address_1, address_2,
			city, region, state_province, postal_code, country, address_type,
			metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()), loc, r.attention,
			r.address_1, r.address_2, r.city, r.region, r.state_province,
			r.postal_code, r.country, r.address_type, r.metadata, e.i);
	END LOOP;
END $$;


--
-- Name: dir_put_attributes(jsonb, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_attributes(items jsonb, ptr text, owner text, oid uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r attribute;
	rs attribute[] := '{}';
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::attribute, e.item - 'taxonomy_term',
			ptr || '/' || e.i);
		r.taxonomy_term_id := dir_resolve_term(e.item, ptr || '/' || e.i);
		r.id := coalesce(r.id, gen_random_uuid());
		r.pos := e.i;
		rs := rs || r;
	END LOOP;
	IF cardinality(rs) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO attribute (id, link_id, link_type, link_entity,
		taxonomy_term_id, value, metadata, organization_id, service_id,
		location_id, service_at_location_id, pos)
	SELECT x.id, oid, x.link_type, owner, x.taxonomy_term_id, x.value, x.metadata,
		dir_own(owner, 'organization', oid), dir_own(owner, 'service', oid),
		dir_own(owner, 'location', oid),
		dir_own(owner, 'service_at_location', oid), x.pos
	FROM unnest(rs) AS x ORDER BY x.pos;
END $$;


--
-- Name: dir_put_children(jsonb, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_children(doc jsonb, ptr text, owner text, oid uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	PERFORM dir_clear_children(owner, oid);
	PERFORM dir_put_phones(doc -> 'phones', ptr || '/phones', owner, oid);
	IF owner <> 'organization' THEN
		PERFORM dir_put_schedules(doc -> 'schedules', ptr || '/schedules', owner, oid);
	END IF;
	IF owner IN ('service', 'location') THEN
		PERFORM dir_put_languages(doc -> 'languages', ptr || '/languages',
			owner, oid, NULL, NULL);
	END IF;
	IF owner = 'location' THEN
		PERFORM dir_put_addresses(doc -> 'addresses', ptr || '/addresses', oid);
	END IF;
	PERFORM dir_put_attributes(doc -> 'attributes', ptr || '/attributes', owner, oid);
END $$;


--
-- Name: dir_put_imported_term(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_imported_term(t jsonb, ptr text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	r taxonomy_term := dir_populate(NULL::taxonomy_term, t - 'taxonomy_detail', ptr);
	d jsonb := t -> 'taxonomy_detail';
BEGIN
	IF r.name IS NULL THEN
		PERFORM dir_refuse('DR400', 'missing_field', ptr || '/name',
			'a term of another taxonomy needs its name');
	END IF;
	r.id := coalesce(r.id, md5(coalesce(r.taxonomy, '') || '/' ||
		coalesce(r.code, r.name))::uuid);
	IF jsonb_typeof(d) = 'object' AND d ? 'id' AND d ? 'name' THEN
		r.taxonomy_id := dir_uuid(d -> 'id', ptr || '/taxonomy_detail/id');
		r.taxonomy := coalesce(r.taxonomy, d ->> 'name');
		INSERT INTO taxonomy (id, name, description, uri, version, own)
		VALUES (r.taxonomy_id, d ->> 'name', coalesce(d ->> 'description', ''),
			d ->> 'uri', d ->> 'version', false)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
			description = EXCLUDED.description, uri = EXCLUDED.uri,
			version = EXCLUDED.version WHERE NOT taxonomy.own AND NOT dir_fed_applying();
	END IF;
	INSERT INTO taxonomy_term (id, code, name, description, parent_id, taxonomy,
		taxonomy_id, language, term_uri, metadata, own)
	VALUES (r.id, r.code, r.name, coalesce(r.description, ''), r.parent_id,
		r.taxonomy, r.taxonomy_id, r.language, r.term_uri, r.metadata, false)
	ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
		description = EXCLUDED.description, parent_id = EXCLUDED.parent_id,
		taxonomy = EXCLUDED.taxonomy, taxonomy_id = EXCLUDED.taxonomy_id,
		language = EXCLUDED.language, term_uri = EXCLUDED.term_uri,
		metadata = EXCLUDED.metadata
		WHERE NOT taxonomy_term.own AND NOT dir_fed_applying();
	RETURN r.id;
END $$;


--
-- Name: dir_put_languages(jsonb, text, text, uuid, bigint, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_languages(items jsonb, ptr text, owner text, oid uuid, phone_row bigint, phone_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r language;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::language, e.item, ptr || '/' || e.i);
		INSERT INTO language (id, service_id, location_id, phone_row, phone_id,
			name, code, note, metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			phone_row, phone_id, r.name, r.code, r.note, r.metadata, e.i);
	END LOOP;
END $$;


--
-- Name: dir_put_location(jsonb, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_location(doc jsonb, scope_org uuid) RETURNS uuid
    LANGUAGE sql
    AS $$ SELECT dir_put_location_at(doc, scope_org, '', NULL) $$;


--
-- Name: dir_put_location_at(jsonb, uuid, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_location_at(doc jsonb, scope_org uuid, ptr text, default_org uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	r location := dir_populate(NULL::location, doc, ptr);
	stored uuid;
BEGIN
	r.organization_id := coalesce(r.organization_id, default_org, scope_org);
	r.id := coalesce(r.id, gen_random_uuid());
	SELECT organization_id INTO stored FROM location WHERE id = r.id;
	PERFORM dir_check_scope(scope_org, r.organization_id, stored, FOUND, ptr);
	PERFORM dir_check_org_exists(r.organization_id, ptr || '/organization_id');
	PERFORM dir_check_timezone(r.timezone_name, ptr || '/timezone_name');
	PERFORM dir_check_point(r.public_point, ptr || '/public_point');
	r.location_type := coalesce(r.location_type, 'physical');
	r.confidential := coalesce(r.confidential, false);
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO location (id, organization_id, location_type, url, name,
		alternate_name, description, transportation, latitude, longitude,
		external_identifier, external_identifier_type, contacts, accessibility,
		metadata, confidential, timezone_name, public_point, contact_channels,
		version, updated_at, eligibility_unchecked)
		VALUES (r.id, r.organization_id, r.location_type, r.url, r.name,
		r.alternate_name, r.description, r.transportation, r.latitude, r.longitude,
		r.external_identifier, r.external_identifier_type, r.contacts,
		r.accessibility, r.metadata, r.confidential, r.timezone_name,
		r.public_point, r.contact_channels, r.version, r.updated_at,
		r.eligibility_unchecked)
		ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
		location_type = EXCLUDED.location_type, url = EXCLUDED.url, name =
		EXCLUDED.name, alternate_name = EXCLUDED.alternate_name, description =
		EXCLUDED.description, transportation = EXCLUDED.transportation, latitude =
		EXCLUDED.latitude, longitude = EXCLUDED.longitude, external_identifier =
		EXCLUDED.external_identifier, external_identifier_type =
		EXCLUDED.external_identifier_type, contacts = EXCLUDED.contacts,
		accessibility = EXCLUDED.accessibility, metadata = EXCLUDED.metadata,
		confidential = EXCLUDED.confidential, timezone_name =
		EXCLUDED.timezone_name, public_point = EXCLUDED.public_point,
		contact_channels = EXCLUDED.contact_channels, version = EXCLUDED.version,
		updated_at = EXCLUDED.updated_at, eligibility_unchecked =
		EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'location', r.id);
	RETURN r.id;
END $$;


--
-- Name: dir_put_organization(jsonb, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_organization(doc jsonb, scope_org uuid) RETURNS uuid
    LANGUAGE sql
    AS $$ SELECT dir_put_organization_at(doc, scope_org, '') $$;


--
-- Name: dir_put_organization_at(jsonb, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_organization_at(doc jsonb, scope_org uuid, ptr text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	r organization := dir_populate(NULL::organization, doc, ptr);
	e record;
BEGIN
	IF scope_org IS NOT NULL AND r.id IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this token may only write its own organization');
	END IF;
	r.id := coalesce(r.id, gen_random_uuid());
	r.description := coalesce(r.description, '');
	r.sex_worker_led := coalesce(r.sex_worker_led, false);
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO organization (id, name, alternate_name, description, email,
		website, tax_status, tax_id, year_incorporated, legal_status, logo, uri,
		parent_organization_id, funding, contacts, programs,
		organization_identifiers, metadata, sex_worker_led, translations, version,
		updated_at, eligibility_unchecked)
		VALUES (r.id, r.name, r.alternate_name, r.description, r.email, r.website,
		r.tax_status, r.tax_id, r.year_incorporated, r.legal_status, r.logo, r.uri,
		r.parent_organization_id, r.funding, r.contacts, r.programs,
		r.organization_identifiers, r.metadata, r.sex_worker_led, r.translations,
		r.version, r.updated_at, r.eligibility_unchecked)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, alternate_name =
		EXCLUDED.alternate_name, description = EXCLUDED.description, email =
		EXCLUDED.email, website = EXCLUDED.website, tax_status =
		EXCLUDED.tax_status, tax_id = EXCLUDED.tax_id, year_incorporated =
		EXCLUDED.year_incorporated, legal_status = EXCLUDED.legal_status, logo =
		EXCLUDED.logo, uri = EXCLUDED.uri, parent_organization_id =
		EXCLUDED.parent_organization_id, funding = EXCLUDED.funding, contacts =
		EXCLUDED.contacts, programs = EXCLUDED.programs, organization_identifiers =
		EXCLUDED.organization_identifiers, metadata = EXCLUDED.metadata,
		sex_worker_led = EXCLUDED.sex_worker_led, translations =
		EXCLUDED.translations, version = EXCLUDED.version, updated_at =
		EXCLUDED.updated_at, eligibility_unchecked = EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'organization', r.id);
	FOR e IN SELECT * FROM dir_items(doc -> 'locations', ptr || '/locations') LOOP
		PERFORM dir_put_location_at(dir_with_unchecked(doc,
			'/locations/' || e.i, e.item), scope_org,
			ptr || '/locations/' || e.i, r.id);
	END LOOP;
	FOR e IN SELECT * FROM dir_items(doc -> 'services', ptr || '/services') LOOP
		PERFORM dir_put_service_at(dir_with_unchecked(doc,
			'/services/' || e.i, e.item), scope_org,
			ptr || '/services/' || e.i, r.id);
	END LOOP;
	RETURN r.id;
END $$;


--
-- Name: dir_put_phones(jsonb, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_phones(items jsonb, ptr text, owner text, oid uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r phone;
	rid bigint;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::phone, e.item - 'languages', ptr || '/' || e.i);
		IF r.number IS NULL THEN
			PERFORM dir_refuse('DR400', 'missing_field',
				ptr || '/' || e.i || '/number', 'a phone needs its number');
		END IF;
		r.id := coalesce(r.id, gen_random_uuid());
		INSERT INTO phone (id, organization_id, service_id, location_id,
			service_at_location_id, contact_id, number, extension, type,
			description, metadata, pos)
		VALUES (r.id, dir_own(owner, 'organization', oid),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			dir_own(owner, 'service_at_location', oid), r.contact_id, r.number,
			r.extension, r.type, r.description, r.metadata, e.i)
		RETURNING row_id INTO rid;
		PERFORM dir_put_languages(e.item -> 'languages',
			ptr || '/' || e.i || '/languages', 'phone', NULL, rid, r.id);
	END LOOP;
END $$;


--
-- Name: dir_put_schedules(jsonb, text, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_schedules(items jsonb, ptr text, owner text, oid uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r schedule;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::schedule, e.item, ptr || '/' || e.i);
		INSERT INTO schedule (id, service_id, location_id, service_at_location_id,
			valid_from, valid_to, dtstart, timezone, until, count, wkst, freq,
			"interval", byday, byweekno, bymonthday, byyearday, description,
			opens_at, closes_at, schedule_link, attending_type, notes,
			metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			dir_own(owner, 'service_at_location', oid),
			r.valid_from, r.valid_to, r.dtstart, r.timezone, r.until, r.count,
			r.wkst, r.freq, r."interval", r.byday, r.byweekno, r.bymonthday,
			r.byyearday, r.description, r.opens_at, r.closes_at,
			r.schedule_link, r.attending_type, r.notes, r.metadata, e.i);
	END LOOP;
END $$;


--
-- Name: dir_put_service(jsonb, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_service(doc jsonb, scope_org uuid) RETURNS uuid
    LANGUAGE sql
    AS $$ SELECT dir_put_service_at(doc, scope_org, '', NULL) $$;


--
-- Name: dir_put_service_at(jsonb, uuid, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_service_at(doc jsonb, scope_org uuid, ptr text, default_org uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	org uuid := dir_service_org(doc, scope_org, ptr, default_org);
	r service := dir_populate(NULL::service, doc, ptr);
	stored uuid;
BEGIN
	r.organization_id := org;
	r.id := coalesce(r.id, gen_random_uuid());
	SELECT organization_id INTO stored FROM service WHERE id = r.id;
	PERFORM dir_check_scope(scope_org, r.organization_id, stored, FOUND, ptr);
	PERFORM dir_check_org_exists(r.organization_id, ptr || '/organization_id');
	r.status := coalesce(r.status, 'active');
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO service (id, organization_id, program_id, name, alternate_name,
		description, url, email, status, interpretation_services,
		application_process, fees_description, wait_time, fees, accreditations,
		eligibility_description, minimum_age, maximum_age, assured_date,
		assurer_email, licenses, alert, last_modified, service_areas, funding,
		cost_options, program, required_documents, contacts, metadata,
		contact_channels, translations, version, updated_at, eligibility_unchecked)
		VALUES (r.id, r.organization_id, r.program_id, r.name, r.alternate_name,
		r.description, r.url, r.email, r.status, r.interpretation_services,
		r.application_process, r.fees_description, r.wait_time, r.fees,
		r.accreditations, r.eligibility_description, r.minimum_age, r.maximum_age,
		r.assured_date, r.assurer_email, r.licenses, r.alert, r.last_modified,
		r.service_areas, r.funding, r.cost_options, r.program, r.required_documents,
		r.contacts, r.metadata, r.contact_channels, r.translations, r.version,
		r.updated_at, r.eligibility_unchecked)
		ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
		program_id = EXCLUDED.program_id, name = EXCLUDED.name, alternate_name =
		EXCLUDED.alternate_name, description = EXCLUDED.description, url =
		EXCLUDED.url, email = EXCLUDED.email, status = EXCLUDED.status,
		interpretation_services = EXCLUDED.interpretation_services,
		application_process = EXCLUDED.application_process, fees_description =
		EXCLUDED.fees_description, wait_time = EXCLUDED.wait_time, fees =
		EXCLUDED.fees, accreditations = EXCLUDED.accreditations,
		eligibility_description = EXCLUDED.eligibility_description, minimum_age =
		EXCLUDED.minimum_age, maximum_age = EXCLUDED.maximum_age, assured_date =
		EXCLUDED.assured_date, assurer_email = EXCLUDED.assurer_email, licenses =
		EXCLUDED.licenses, alert = EXCLUDED.alert, last_modified =
		EXCLUDED.last_modified, service_areas = EXCLUDED.service_areas, funding =
		EXCLUDED.funding, cost_options = EXCLUDED.cost_options, program =
		EXCLUDED.program, required_documents = EXCLUDED.required_documents, contacts
		= EXCLUDED.contacts, metadata = EXCLUDED.metadata, contact_channels =
		EXCLUDED.contact_channels, translations = EXCLUDED.translations, version =
		EXCLUDED.version, updated_at = EXCLUDED.updated_at, eligibility_unchecked =
		EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'service', r.id);
	PERFORM dir_put_service_at_locations(doc, ptr, r.id, org, scope_org);
	RETURN r.id;
END $$;


--
-- Name: dir_put_service_at_locations(jsonb, text, uuid, uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_put_service_at_locations(sdoc jsonb, sptr text, svc uuid, org uuid, scope_org uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
	e record;
	r service_at_location;
	ptr text;
	keep uuid[] := '{}';
BEGIN
	FOR e IN SELECT * FROM dir_items(sdoc -> 'service_at_locations',
			sptr || '/service_at_locations') LOOP
		ptr := sptr || '/service_at_locations/' || e.i;
		r := dir_populate(NULL::service_at_location, e.item, ptr);
		IF r.service_id IS DISTINCT FROM svc AND r.service_id IS NOT NULL THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/service_id',
				'service_id names another service than the one written');
		END IF;
		r.id := coalesce(r.id, gen_random_uuid());
		IF EXISTS (SELECT 1 FROM service_at_location
			   WHERE id = r.id AND service_id <> svc) THEN
			PERFORM dir_refuse('DR409', 'conflict', ptr || '/id',
				'this service_at_location belongs to another service');
		END IF;
		r.service_id := svc;
		r.location_id := dir_sal_location(sdoc, e.i, ptr, org, scope_org);
		r.pos := e.i;
		INSERT INTO service_at_location (id, service_id, location_id, description,
			contacts, metadata, pos)
			VALUES (r.id, r.service_id, r.location_id, r.description, r.contacts,
			r.metadata, r.pos)
			ON CONFLICT (id) DO UPDATE SET service_id = EXCLUDED.service_id, location_id
			= EXCLUDED.location_id, description = EXCLUDED.description, contacts =
			EXCLUDED.contacts, metadata = EXCLUDED.metadata, pos = EXCLUDED.pos;
		PERFORM dir_put_children(e.item, ptr, 'service_at_location', r.id);
		keep := keep || r.id;
	END LOOP;
	DELETE FROM service_at_location WHERE service_id = svc AND id <> ALL (keep);
END $$;


--
-- Name: dir_refuse(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_refuse(state text, code text, ptr text, msg text) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = state, MESSAGE = msg,
		DETAIL = coalesce(ptr, ''), HINT = code;
END $$;


--
-- Name: dir_remote_services(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_remote_services() RETURNS TABLE(service_id uuid)
    LANGUAGE sql STABLE
    AS $$
	SELECT ts.service_id FROM dir_term_services(ARRAY(SELECT t.id
		FROM taxonomy_term t WHERE t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))) ts
	UNION ALL
	SELECT x.service_id FROM service_at_location x
	JOIN location l ON l.id = x.location_id
	WHERE l.location_type = 'virtual'
$$;


--
-- Name: dir_resolve_term(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_resolve_term(a jsonb, ptr text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	by_id uuid := dir_uuid(a -> 'taxonomy_term_id', ptr || '/taxonomy_term_id');
	t jsonb := a -> 'taxonomy_term';
	tax text := coalesce(t ->> 'taxonomy', t -> 'taxonomy_detail' ->> 'name');
	term taxonomy_term;
BEGIN
	IF jsonb_typeof(t) = 'object' AND t ? 'code'
	   AND (tax IS NULL OR tax IN ('service_type', 'access')) THEN
		SELECT * INTO term FROM taxonomy_term WHERE own AND code = t ->> 'code';
		IF NOT FOUND OR (tax IS NOT NULL AND tax <> term.taxonomy) THEN
			PERFORM dir_refuse('DR400', 'unknown_taxonomy_term',
				ptr || '/taxonomy_term/code', format(
				'%s is not a term of the directory''s taxonomies (service_type, access)',
				t ->> 'code'));
		END IF;
		IF dir_uuid(t -> 'id', ptr || '/taxonomy_term/id') <> term.id THEN
			PERFORM dir_refuse('DR400', 'taxonomy_term_mismatch',
				ptr || '/taxonomy_term/id',
				'taxonomy_term.id and taxonomy_term.code name different terms');
		END IF;
	ELSIF jsonb_typeof(t) = 'object' AND (t ? 'id' OR t ? 'name') THEN
		SELECT * INTO term FROM taxonomy_term WHERE id =
			dir_uuid(t -> 'id', ptr || '/taxonomy_term/id');
		IF NOT FOUND OR NOT term.own THEN
			term.id := dir_put_imported_term(t, ptr || '/taxonomy_term');
		END IF;
	ELSIF by_id IS NOT NULL THEN
		SELECT * INTO term FROM taxonomy_term WHERE id = by_id;
		IF NOT FOUND THEN
			PERFORM dir_refuse('DR400', 'unknown_taxonomy_term',
				ptr || '/taxonomy_term_id', 'no taxonomy term has this id');
		END IF;
	ELSE
		PERFORM dir_refuse('DR400', 'missing_field', ptr || '/taxonomy_term_id',
			'an attribute names its term by taxonomy_term_id or taxonomy_term.code');
	END IF;
	IF by_id IS NOT NULL AND by_id <> term.id THEN
		PERFORM dir_refuse('DR400', 'taxonomy_term_mismatch',
			ptr || '/taxonomy_term_id',
			'taxonomy_term_id and taxonomy_term name different terms');
	END IF;
	IF term.own AND term.code = 'sex_worker_led' THEN
		PERFORM dir_refuse('DR400', 'read_only_field', ptr || '/taxonomy_term',
			'sex_worker_led is derived from the organization (organization.sex_worker_led)');
	END IF;
	RETURN term.id;
END $$;


--
-- Name: dir_sal_location(jsonb, integer, text, uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_sal_location(sdoc jsonb, i integer, ptr text, org uuid, scope_org uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	item jsonb := sdoc -> 'service_at_locations' -> i;
	lid uuid := dir_uuid(item -> 'location_id', ptr || '/location_id');
	loc jsonb := item -> 'location';
	nested uuid;
	lorg uuid;
BEGIN
	IF jsonb_typeof(loc) = 'object' THEN
		nested := dir_uuid(loc -> 'id', ptr || '/location/id');
		IF lid IS NOT NULL AND nested IS NOT NULL AND lid <> nested THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/location/id',
				'location.id and location_id name different locations');
		END IF;
		IF nested IS NULL AND lid IS NOT NULL THEN
			loc := jsonb_set(loc, '{id}', to_jsonb(lid::text));
		END IF;
		RETURN dir_put_location_at(dir_with_unchecked(sdoc,
			'/service_at_locations/' || i || '/location', loc),
			scope_org, ptr || '/location', org);
	END IF;
	IF lid IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT organization_id INTO lorg FROM location WHERE id = lid;
	IF NOT FOUND THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/location_id',
			'no location has this id');
	END IF;
	IF scope_org IS NOT NULL AND lorg IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/location_id',
			'this location belongs to another organization');
	END IF;
	RETURN lid;
END $$;


--
-- Name: service_at_location; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_at_location (
    id uuid NOT NULL,
    service_id uuid NOT NULL,
    location_id uuid,
    description text,
    contacts jsonb,
    metadata jsonb,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: dir_sal_render(public.service_at_location, text[], integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_sal_render(x public.service_at_location, langs text[], mode integer, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', x.id, 'service_id', x.service_id,
		'location_id', x.location_id, 'description', x.description,
		'location', (SELECT dir_location_render(l, langs, mode > 0, node_id)
			FROM location l WHERE l.id = x.location_id),
		'service', CASE WHEN mode < 2 THEN (SELECT dir_service_render(s, langs,
			0, node_id) FROM service s WHERE s.id = x.service_id) END))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'contacts', x.contacts,
		'phones', dir_phones_json('service_at_location', x.id),
		'schedules', dir_schedules_json('service_at_location', x.id),
		'attributes', dir_attributes_json('service_at_location', x.id, langs),
		'metadata', x.metadata)) ELSE '{}' END);
END $$;


--
-- Name: schedule; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schedule (
    row_id bigint NOT NULL,
    id uuid NOT NULL,
    service_id uuid,
    location_id uuid,
    service_at_location_id uuid,
    valid_from date,
    valid_to date,
    dtstart date,
    timezone numeric,
    until date,
    count numeric,
    wkst text,
    freq text,
    "interval" numeric,
    byday text,
    byweekno text,
    bymonthday text,
    byyearday text,
    description text,
    opens_at time without time zone,
    closes_at time without time zone,
    schedule_link text,
    attending_type text,
    notes text,
    metadata jsonb,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: dir_schedule_open(public.schedule, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_schedule_open(sc public.schedule, tz text, at timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
	SELECT sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL
		AND (sc.valid_from IS NULL OR sc.valid_from <= t::date)
		AND (sc.valid_to IS NULL OR sc.valid_to >= t::date)
		AND ((dir_byday_has(sc.byday, t) AND t::time >= sc.opens_at
		      AND (t::time < sc.closes_at OR sc.closes_at <= sc.opens_at))
		  OR (sc.closes_at < sc.opens_at AND t::time < sc.closes_at
		      AND dir_byday_has(sc.byday, t - interval '1 day')))
	FROM (SELECT at AT TIME ZONE coalesce(tz, 'UTC') AS t) local
$$;


--
-- Name: dir_schedules_json(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_schedules_json(owner text, oid uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(s)) ORDER BY s.pos, s.row_id), '[]')
	FROM schedule s
	WHERE s.service_id = dir_own(owner, 'service', oid)
	   OR s.location_id = dir_own(owner, 'location', oid)
	   OR s.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;


--
-- Name: dir_search_place_mark(text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_search_place_mark(cities text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	INSERT INTO search_place_dirty (city)
	SELECT DISTINCT c FROM unnest(cities) AS c
	WHERE c IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_place_dirty d
		WHERE d.tx = pg_current_xact_id() AND d.city = c);
END $$;


--
-- Name: dir_search_place_refresh(text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_search_place_refresh(cities text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: dir_search_query(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_search_query(q text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
	SELECT string_agg(w || ':*', ' & ')::tsquery
	FROM regexp_split_to_table(
		btrim(regexp_replace(dir_fold(q), '[^[:alnum:]]+', ' ', 'g')), ' ') AS w
	WHERE w <> ''
$$;


--
-- Name: dir_seed_taxonomy(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_seed_taxonomy(doc jsonb) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
	t taxonomy := dir_populate(NULL::taxonomy, doc -> 'taxonomy', '/taxonomy');
	r taxonomy_term;
	e record;
	n int := 0;
BEGIN
	IF t.id IS NULL OR t.name IS NULL THEN
		PERFORM dir_refuse('DR400', 'missing_field', '/taxonomy',
			'a vocabulary needs the id and name of its taxonomy');
	END IF;
	INSERT INTO taxonomy (id, name, description, uri, version, metadata, own)
	VALUES (t.id, t.name, coalesce(t.description, ''), t.uri, t.version,
		t.metadata, true)
	ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
		description = EXCLUDED.description, uri = EXCLUDED.uri,
		version = EXCLUDED.version, metadata = EXCLUDED.metadata, own = true;
	FOR e IN SELECT * FROM dir_items(doc -> 'terms', '/terms') LOOP
		r := dir_populate(NULL::taxonomy_term, e.item, '/terms/' || e.i);
		IF r.id IS NULL OR r.code IS NULL OR r.name IS NULL THEN
			PERFORM dir_refuse('DR400', 'missing_field', '/terms/' || e.i,
				'a term needs its id, code and name');
		END IF;
		INSERT INTO taxonomy_term (id, code, name, description, parent_id,
			taxonomy, taxonomy_id, language, term_uri, metadata,
			translations, own)
		VALUES (r.id, r.code, r.name, coalesce(r.description, ''),
			r.parent_id, t.name, t.id, r.language, r.term_uri, r.metadata,
			r.translations, true)
		ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code,
			name = EXCLUDED.name, description = EXCLUDED.description,
			parent_id = EXCLUDED.parent_id, taxonomy = EXCLUDED.taxonomy,
			taxonomy_id = EXCLUDED.taxonomy_id, language = EXCLUDED.language,
			term_uri = EXCLUDED.term_uri, metadata = EXCLUDED.metadata,
			translations = EXCLUDED.translations, own = true;
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;


--
-- Name: dir_service_at_location_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_at_location_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_sal_render(x, langs, CASE WHEN is_full THEN 1 ELSE 0 END, node_id)
	FROM service_at_location x WHERE x.id = rid);
END $$;


--
-- Name: dir_service_is_remote(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_is_remote(sid uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: dir_service_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_service_render(s, langs, CASE WHEN is_full THEN 1 ELSE 0 END,
		node_id) FROM service s WHERE s.id = rid);
END $$;


--
-- Name: dir_service_key_mark(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_key_mark(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO service_key_dirty (service_id)
	SELECT DISTINCT i FROM unnest(ids) AS i
	WHERE i IS NOT NULL AND NOT EXISTS (SELECT 1 FROM service_key_dirty d
		WHERE d.tx = pg_current_xact_id() AND d.service_id = i);
END $$;


--
-- Name: dir_service_key_refresh(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_key_refresh(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO service_key (service_id, keys, sort_name)
	SELECT s.id, dir_service_keys(s.id), dir_fold(s.name)
	FROM service s WHERE s.id = ANY (ids)
	ON CONFLICT (service_id) DO UPDATE
		SET keys = EXCLUDED.keys, sort_name = EXCLUDED.sort_name
		WHERE (service_key.keys, service_key.sort_name)
			IS DISTINCT FROM (EXCLUDED.keys, EXCLUDED.sort_name);
END $$;


--
-- Name: dir_service_keys(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_keys(sid uuid) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: service; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service (
    id uuid NOT NULL,
    organization_id uuid,
    program_id uuid,
    name text NOT NULL,
    alternate_name text,
    description text,
    url text,
    email text,
    status text DEFAULT 'active'::text NOT NULL,
    interpretation_services text,
    application_process text,
    fees_description text,
    wait_time text,
    fees text,
    accreditations text,
    eligibility_description text,
    minimum_age numeric,
    maximum_age numeric,
    assured_date date,
    assurer_email text,
    licenses text,
    alert text,
    last_modified timestamp with time zone,
    service_areas jsonb,
    funding jsonb,
    cost_options jsonb,
    program jsonb,
    required_documents jsonb,
    contacts jsonb,
    metadata jsonb,
    contact_channels jsonb,
    translations jsonb,
    version bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    eligibility_unchecked jsonb DEFAULT '[]'::jsonb NOT NULL,
    fed jsonb,
    search_tsv tsvector GENERATED ALWAYS AS (public.dir_tsv(name, alternate_name, description, translations)) STORED
);


--
-- Name: dir_service_list_json(public.service, public.organization, text[], text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_list_json(s public.service, o public.organization, langs text[], node_id text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('id', s.id,
		'organization_id', s.organization_id, 'program_id', s.program_id,
		'name', dir_tr(s.name, s.translations, 'name', langs),
		'alternate_name', dir_tr(s.alternate_name, s.translations, 'alternate_name', langs),
		'description', dir_tr(s.description, s.translations, 'description', langs),
		'url', s.url, 'email', s.email, 'status', s.status,
		'interpretation_services', s.interpretation_services,
		'application_process', dir_tr(s.application_process, s.translations,
			'application_process', langs),
		'fees_description', s.fees_description, 'wait_time', s.wait_time,
		'fees', s.fees, 'accreditations', s.accreditations,
		'eligibility_description', dir_tr(s.eligibility_description,
			s.translations, 'eligibility_description', langs),
		'minimum_age', s.minimum_age, 'maximum_age', s.maximum_age,
		'assured_date', s.assured_date, 'assurer_email', s.assurer_email,
		'licenses', s.licenses, 'alert', s.alert,
		'last_modified', s.updated_at))
	|| dir_member('organization', dir_organization_list_json(o, langs, node_id))
	|| dir_member('program', s.program)
	|| dir_member('contact_channels', s.contact_channels)
	|| dir_member('translations', s.translations)
	|| jsonb_build_object('provenance',
		dir_provenance(node_id, s.version, s.eligibility_unchecked,
			s.fed, 'service', s.id))
$$;


--
-- Name: dir_service_list_live(uuid, text[], text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_list_live(sid uuid, langs text[], node_id text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_service_list_json(s, o, langs, node_id)::text
		FROM service s LEFT JOIN organization o ON o.id = s.organization_id
		WHERE s.id = sid);
END $$;


--
-- Name: dir_service_list_mark(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_list_mark(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO service_list_dirty (service_id)
	SELECT DISTINCT i FROM unnest(ids) AS i
	WHERE i IS NOT NULL AND NOT EXISTS (SELECT 1 FROM service_list_dirty d
		WHERE d.tx = pg_current_xact_id() AND d.service_id = i);
END $$;


--
-- Name: dir_service_list_refresh(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_list_refresh(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET "TimeZone" TO 'UTC'
    AS $$
DECLARE
	node text := 'dir-node-' || gen_random_uuid();
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO service_list_cache (service_id, parts, tr_keys)
	SELECT r.id, CASE WHEN cardinality(r.parts) = r.cuts + 1 THEN r.parts END,
		r.tr_keys
	FROM (SELECT s.id,
		string_to_array(dir_service_list_json(s, o, '{}', node)::text,
			to_json(node)::text) AS parts,
		CASE WHEN o.id IS NULL THEN 1 ELSE 2 END AS cuts,
		dir_tr_keys(s.translations) || dir_tr_keys(o.translations) AS tr_keys
		FROM service s LEFT JOIN organization o ON o.id = s.organization_id
		WHERE s.id = ANY (ids) ORDER BY s.id) r
	ON CONFLICT (service_id) DO UPDATE
		SET parts = EXCLUDED.parts, tr_keys = EXCLUDED.tr_keys;
END $$;


--
-- Name: dir_service_org(jsonb, uuid, text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_org(doc jsonb, scope_org uuid, ptr text, default_org uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
	org uuid := dir_uuid(doc -> 'organization_id', ptr || '/organization_id');
	o jsonb := doc -> 'organization';
	nested uuid;
BEGIN
	IF jsonb_typeof(o) = 'object' THEN
		nested := dir_uuid(o -> 'id', ptr || '/organization/id');
		IF org IS NOT NULL AND nested IS NOT NULL AND org <> nested THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/organization/id',
				'organization.id and organization_id name different organizations');
		END IF;
		nested := coalesce(nested, org, default_org, scope_org);
		IF nested IS NOT NULL THEN
			o := jsonb_set(o, '{id}', to_jsonb(nested::text));
		END IF;
		org := dir_put_organization_at(dir_with_unchecked(doc, '/organization', o),
			scope_org, ptr || '/organization');
	END IF;
	IF default_org IS NOT NULL AND org IS DISTINCT FROM default_org
	   AND org IS NOT NULL THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/organization_id',
			'a service listed in an organization belongs to that organization');
	END IF;
	RETURN coalesce(org, default_org, scope_org);
END $$;


--
-- Name: dir_service_render(public.service, text[], integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_render(s public.service, langs text[], mode integer, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', s.id,
		'organization_id', s.organization_id, 'program_id', s.program_id,
		'name', dir_tr(s.name, s.translations, 'name', langs),
		'alternate_name', dir_tr(s.alternate_name, s.translations, 'alternate_name', langs),
		'description', dir_tr(s.description, s.translations, 'description', langs),
		'url', s.url, 'email', s.email, 'status', s.status,
		'interpretation_services', s.interpretation_services,
		'application_process', dir_tr(s.application_process, s.translations,
			'application_process', langs),
		'fees_description', s.fees_description, 'wait_time', s.wait_time,
		'fees', s.fees, 'accreditations', s.accreditations,
		'eligibility_description', dir_tr(s.eligibility_description,
			s.translations, 'eligibility_description', langs)))
	|| dir_strip(jsonb_build_object(
		'minimum_age', s.minimum_age, 'maximum_age', s.maximum_age,
		'assured_date', s.assured_date, 'assurer_email', s.assurer_email,
		'licenses', s.licenses, 'alert', s.alert,
		'last_modified', s.updated_at,
		'organization', CASE WHEN mode < 2 THEN (SELECT dir_organization_render(o,
			langs, mode, node_id) FROM organization o
			WHERE o.id = s.organization_id) END,
		'program', s.program, 'contact_channels', s.contact_channels,
		'translations', s.translations,
		'provenance', dir_provenance(node_id, s.version, s.eligibility_unchecked,
			s.fed, 'service', s.id)))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'phones', dir_phones_json('service', s.id),
		'schedules', dir_schedules_json('service', s.id),
		'service_areas', s.service_areas,
		'service_at_locations', (SELECT coalesce(jsonb_agg(dir_sal_render(x,
			langs, 2, node_id) ORDER BY x.pos, x.id), '[]')
			FROM service_at_location x WHERE x.service_id = s.id),
		'languages', dir_languages_json('service', s.id, NULL),
		'funding', s.funding, 'cost_options', s.cost_options,
		'required_documents', s.required_documents, 'contacts', s.contacts,
		'attributes', dir_attributes_json('service', s.id, langs)
			|| dir_derived_attributes(s.id, s.organization_id, langs),
		'metadata', s.metadata)) ELSE '{}' END);
END $$;


--
-- Name: dir_service_search(text, text, text, text, text, text, uuid, uuid, uuid, timestamp with time zone, double precision, double precision, double precision, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_service_search(q_search text, q_city text, q_country text, q_language text, q_category text, q_access text, q_org uuid, q_term uuid, q_taxonomy uuid, q_modified timestamp with time zone, q_lat double precision, q_lon double precision, q_radius double precision, q_open boolean) RETURNS TABLE(id uuid, organization_id uuid, sort_name text, nonlocal boolean, rank real)
    LANGUAGE sql STABLE
    AS $$
	SELECT s.id, s.organization_id, k.sort_name,
		(q_city IS NOT NULL OR q_country IS NOT NULL OR q_radius IS NOT NULL)
		AND CASE WHEN q_radius IS NULL
			THEN NOT k.keys @> ARRAY[dir_place_key(q_city, q_country)]
			ELSE s.id NOT IN (SELECT x.service_id FROM service_at_location x
				WHERE x.location_id IN (SELECT location_id FROM
					dir_location_search(q_city, q_country, q_lat, q_lon, q_radius))) END,
		CASE WHEN q_search IS NULL THEN 0
			ELSE ts_rank(s.search_tsv, dir_search_query(q_search)) END
	FROM service_key k JOIN service s ON s.id = k.service_id
	WHERE (q_search IS NULL OR (numnode(dir_search_query(q_search)) > 0
		AND s.search_tsv @@ dir_search_query(q_search)))
	  AND (q_org IS NULL OR s.organization_id = q_org)
	  AND (q_modified IS NULL OR s.updated_at > q_modified)
	  AND (q_language IS NULL OR k.keys && dir_lang_keys(q_language))
	  AND (q_category IS NULL OR k.keys @> ARRAY['cat:' || q_category])
	  AND (q_access IS NULL OR (cardinality(dir_code_list(q_access)) > 0
		AND k.keys @> dir_access_keys(q_access)))
	  AND (q_term IS NULL OR k.keys @> ARRAY['tid:' || q_term::text])
	  AND (q_taxonomy IS NULL OR k.keys @> ARRAY['tax:' || q_taxonomy::text])
	  AND (q_open IS NOT TRUE OR s.id IN (SELECT service_id
		FROM dir_open_services(now())))
	  AND ((q_city IS NULL AND q_country IS NULL AND q_radius IS NULL)
		OR (q_radius IS NULL AND k.keys && (ARRAY[dir_place_key(q_city, q_country),
			'remote'] || dir_area_keys(q_city, q_country)))
		OR (q_radius IS NOT NULL AND (k.keys @> '{remote}'
			OR s.id IN (SELECT x.service_id FROM service_at_location x
				WHERE x.location_id IN (SELECT location_id FROM
					dir_location_search(q_city, q_country, q_lat, q_lon, q_radius)))
			OR ((q_city IS NOT NULL OR q_country IS NOT NULL)
			    AND k.keys && dir_area_keys(q_city, q_country)))))
$$;


--
-- Name: dir_services_at(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_services_at(locs uuid[]) RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	IF cardinality(locs) = 0 THEN
		RETURN '{}';
	END IF;
	RETURN ARRAY(SELECT DISTINCT x.service_id FROM service_at_location x
		WHERE x.location_id = ANY (locs));
END $$;


--
-- Name: dir_strip(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_strip(j jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_object_agg(key, value), '{}')
	FROM jsonb_each(j) WHERE jsonb_typeof(value) <> 'null');
END $$;


--
-- Name: dir_tag_heads(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tag_heads(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT coalesce(array_agg(left(t, i - 1) ORDER BY i), '{}')
	FROM generate_series(1, length(t)) AS i WHERE substr(t, i, 1) = '-'
$$;


--
-- Name: dir_tag_parents(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tag_parents(code text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
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


--
-- Name: dir_tag_prefixes(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tag_prefixes(tag text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
BEGIN
	RETURN (SELECT array_agg(array_to_string(p[1:n], '-'))
		FROM (SELECT string_to_array(lower(tag), '-') AS p) x,
			generate_series(1, cardinality(x.p)) AS n);
END $$;


--
-- Name: dir_taxonomy_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_taxonomy_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_taxonomy_render(t) FROM taxonomy t WHERE t.id = rid);
END $$;


--
-- Name: taxonomy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.taxonomy (
    id uuid NOT NULL,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    uri text,
    version text,
    metadata jsonb,
    own boolean DEFAULT false NOT NULL
);


--
-- Name: dir_taxonomy_render(public.taxonomy); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_taxonomy_render(t public.taxonomy) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT CASE WHEN t.id IS NOT NULL THEN dir_strip(jsonb_build_object(
		'id', t.id, 'name', t.name, 'description', t.description,
		'uri', t.uri, 'version', t.version, 'metadata', t.metadata)) END);
END $$;


--
-- Name: dir_taxonomy_term_json(uuid, text[], boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_taxonomy_term_json(rid uuid, langs text[], is_full boolean, node_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_term_render(t, langs) FROM taxonomy_term t WHERE t.id = rid);
END $$;


--
-- Name: taxonomy_term; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.taxonomy_term (
    id uuid NOT NULL,
    code text,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    parent_id uuid,
    taxonomy text,
    taxonomy_id uuid,
    language text,
    term_uri text,
    metadata jsonb,
    translations jsonb,
    own boolean DEFAULT false NOT NULL
);


--
-- Name: dir_term_render(public.taxonomy_term, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_term_render(t public.taxonomy_term, langs text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', t.id, 'code', t.code,
		'name', dir_tr(t.name, t.translations, 'name', langs),
		'description', dir_tr(t.description, t.translations, 'description', langs),
		'parent_id', t.parent_id, 'taxonomy', t.taxonomy,
		'taxonomy_detail', (SELECT dir_taxonomy_render(x) FROM taxonomy x
			WHERE x.id = t.taxonomy_id),
		'language', t.language, 'taxonomy_id', t.taxonomy_id,
		'term_uri', t.term_uri, 'metadata', t.metadata,
		'translations', t.translations)));
END $$;


--
-- Name: dir_term_services(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_term_services(term_ids uuid[]) RETURNS TABLE(service_id uuid, taxonomy_term_id uuid)
    LANGUAGE sql STABLE
    AS $$
	SELECT a.service_id, a.taxonomy_term_id FROM attribute a
	WHERE a.taxonomy_term_id = ANY (term_ids) AND a.service_id IS NOT NULL
	UNION ALL
	SELECT x.service_id, a.taxonomy_term_id FROM attribute a
	JOIN service_at_location x ON x.id = a.service_at_location_id
	WHERE a.taxonomy_term_id = ANY (term_ids)
$$;


--
-- Name: dir_tr(text, jsonb, text, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tr(orig text, tr jsonb, field text, langs text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT CASE WHEN tr IS NULL OR langs IS NULL OR cardinality(langs) = 0
		OR jsonb_typeof(tr) <> 'object' THEN orig
		ELSE dir_tr_lookup(orig, tr, field, langs) END
$$;


--
-- Name: dir_tr_keys(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tr_keys(tr jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
	SELECT CASE WHEN jsonb_typeof(tr) = 'object' THEN ARRAY(
		SELECT 'x:' || h FROM jsonb_object_keys(tr) AS k,
			unnest(lower(k) || dir_tag_heads(lower(k))) AS h
		UNION SELECT 'k:' || lower(k) FROM jsonb_object_keys(tr) AS k)
	ELSE '{}'::text[] END
$$;


--
-- Name: dir_tr_lookup(text, jsonb, text, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_tr_lookup(orig text, tr jsonb, field text, langs text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
BEGIN
	IF tr IS NULL OR langs IS NULL OR cardinality(langs) = 0
	   OR jsonb_typeof(tr) <> 'object' THEN
		RETURN orig;
	END IF;
	RETURN (SELECT coalesce((
		SELECT tr -> k ->> field
		FROM unnest(langs) WITH ORDINALITY AS l (lang, n),
			jsonb_object_keys(tr) AS k
		WHERE jsonb_typeof(tr -> k -> field) = 'string'
		  AND (lower(k) = lower(lang)
		       OR starts_with(lower(k), lower(lang) || '-')
		       OR starts_with(lower(lang), lower(k) || '-'))
		ORDER BY n, lower(k) = lower(lang) DESC, length(k), k
		LIMIT 1), orig));
END $$;


--
-- Name: dir_unchecked(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_unchecked(doc jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT CASE WHEN jsonb_typeof(l) = 'array' THEN l ELSE '[]' END
	FROM coalesce(doc -> 'eligibility_unchecked',
		doc -> 'provenance' -> 'eligibility_unchecked') AS l
$$;


--
-- Name: dir_unchecked_under(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_unchecked_under(doc jsonb, prefix text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $_$
	SELECT coalesce(jsonb_agg(to_jsonb(substr(p, length(prefix) + 1))), '[]')
	FROM jsonb_array_elements_text(dir_unchecked(doc)) AS p
	WHERE CASE WHEN prefix = ''
		THEN p !~ '^/(organization|service_at_locations/[0-9]+/location|locations/[0-9]+|services/[0-9]+)(/|$)'
		ELSE p = prefix OR starts_with(p, prefix || '/') END
$_$;


--
-- Name: dir_uuid(jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_uuid(v jsonb, ptr text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
BEGIN
	IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
		RETURN NULL;
	END IF;
	IF jsonb_typeof(v) <> 'string' OR (v #>> '{}') !~*
	   '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
		PERFORM dir_refuse('DR400', 'invalid_uuid', ptr,
			'this identifier is not a UUID');
	END IF;
	RETURN (v #>> '{}')::uuid;
END $_$;


--
-- Name: dir_with_unchecked(jsonb, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dir_with_unchecked(parent jsonb, prefix text, child jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
	SELECT CASE WHEN jsonb_typeof(child) = 'object' THEN
		(child - 'provenance') || jsonb_build_object('eligibility_unchecked',
			dir_unchecked_under(parent, prefix))
		ELSE child END
$$;


--
-- Name: address; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.address (
    row_id bigint NOT NULL,
    id uuid NOT NULL,
    location_id uuid NOT NULL,
    attention text,
    address_1 text,
    address_2 text,
    city text,
    region text,
    state_province text,
    postal_code text,
    country text,
    address_type text,
    metadata jsonb,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: address_row_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.address ALTER COLUMN row_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.address_row_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: api_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_token (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    token_hash text NOT NULL,
    organization_id uuid,
    node_admin boolean DEFAULT false NOT NULL,
    label text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_token_scope CHECK ((node_admin <> (organization_id IS NOT NULL)))
);


--
-- Name: attribute_row_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.attribute ALTER COLUMN row_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.attribute_row_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: dir_version_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.dir_version_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: fed_dirty; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_dirty (
    type text NOT NULL,
    id uuid NOT NULL,
    CONSTRAINT fed_dirty_type_check CHECK ((type = ANY (ARRAY['organization'::text, 'location'::text, 'service'::text])))
);


--
-- Name: fed_feed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_feed (
    one boolean DEFAULT true NOT NULL,
    epoch text DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text) NOT NULL,
    seq bigint DEFAULT 0 NOT NULL,
    pruned_seq bigint DEFAULT 0 NOT NULL,
    CONSTRAINT fed_feed_one_check CHECK (one)
);


--
-- Name: fed_origin; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_origin (
    node_id text NOT NULL,
    confirmed_at timestamp with time zone NOT NULL,
    via_peer text
);


--
-- Name: fed_own_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_own_key (
    n integer NOT NULL,
    public_key text NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    retired_at timestamp with time zone,
    revoked_at timestamp with time zone,
    revocation text,
    CONSTRAINT fed_own_key_n_check CHECK ((n > 0))
);


--
-- Name: fed_peer; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_peer (
    name text NOT NULL,
    url text NOT NULL,
    node_id text NOT NULL,
    relays text[] DEFAULT '{}'::text[] NOT NULL,
    pull boolean DEFAULT true NOT NULL,
    cursor text,
    snapshot_page text,
    baseline uuid,
    last_attempt timestamp with time zone,
    last_success timestamp with time zone,
    last_error jsonb,
    failures integer DEFAULT 0 NOT NULL,
    next_attempt timestamp with time zone,
    lag_records bigint,
    lag_seconds bigint,
    applied bigint DEFAULT 0 NOT NULL
);


--
-- Name: fed_pruned; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_pruned (
    type text NOT NULL,
    id uuid NOT NULL,
    origin text NOT NULL,
    version bigint NOT NULL
);


--
-- Name: fed_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_record (
    type text NOT NULL,
    id uuid NOT NULL,
    origin text NOT NULL,
    version bigint NOT NULL,
    updated timestamp with time zone NOT NULL,
    deleted boolean NOT NULL,
    record text NOT NULL,
    keyid text NOT NULL,
    sig text NOT NULL,
    seq bigint NOT NULL,
    fetched_at timestamp with time zone,
    via_peer text,
    state text DEFAULT 'verified'::text NOT NULL,
    baseline uuid,
    CONSTRAINT fed_record_state_check CHECK ((state = ANY (ARRAY['verified'::text, 'revalidation_pending'::text]))),
    CONSTRAINT fed_record_type_check CHECK ((type = ANY (ARRAY['organization'::text, 'location'::text, 'service'::text])))
);


--
-- Name: fed_refused; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_refused (
    refused_id bigint NOT NULL,
    peer text NOT NULL,
    origin text DEFAULT ''::text NOT NULL,
    type text DEFAULT ''::text NOT NULL,
    record_id text DEFAULT ''::text NOT NULL,
    version bigint DEFAULT '-1'::integer NOT NULL,
    error jsonb NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: fed_refused_refused_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.fed_refused_refused_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: fed_refused_refused_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.fed_refused_refused_id_seq OWNED BY public.fed_refused.refused_id;


--
-- Name: fed_setting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_setting (
    one boolean DEFAULT true NOT NULL,
    stale_after bigint DEFAULT 604800 NOT NULL,
    CONSTRAINT fed_setting_one_check CHECK (one),
    CONSTRAINT fed_setting_stale_after_check CHECK ((stale_after > 0))
);


--
-- Name: fed_trusted_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fed_trusted_key (
    node_id text NOT NULL,
    public_key text NOT NULL,
    keyid text,
    source text NOT NULL,
    endorsed_by text,
    state text DEFAULT 'current'::text NOT NULL,
    valid_from timestamp with time zone,
    retired_at timestamp with time zone,
    revoked_at timestamp with time zone,
    learned_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT fed_trusted_key_source_check CHECK ((source = ANY (ARRAY['pinned'::text, 'endorsed'::text]))),
    CONSTRAINT fed_trusted_key_state_check CHECK ((state = ANY (ARRAY['current'::text, 'next'::text, 'retired'::text, 'revoked'::text])))
);


--
-- Name: language; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.language (
    row_id bigint NOT NULL,
    id uuid NOT NULL,
    service_id uuid,
    location_id uuid,
    phone_row bigint,
    phone_id uuid,
    name text,
    code text,
    note text,
    metadata jsonb,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: language_row_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.language ALTER COLUMN row_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.language_row_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: phone; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.phone (
    row_id bigint NOT NULL,
    id uuid NOT NULL,
    organization_id uuid,
    service_id uuid,
    location_id uuid,
    service_at_location_id uuid,
    contact_id uuid,
    number text NOT NULL,
    extension numeric,
    type text,
    description text,
    metadata jsonb,
    pos integer DEFAULT 0 NOT NULL
);


--
-- Name: phone_row_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.phone ALTER COLUMN row_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.phone_row_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schedule_row_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.schedule ALTER COLUMN row_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.schedule_row_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: search_place; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.search_place (
    city text NOT NULL,
    codes text[] NOT NULL,
    countries text[] NOT NULL
);


--
-- Name: search_place_dirty; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.search_place_dirty (
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL,
    city text NOT NULL
);


--
-- Name: service_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_key (
    service_id uuid NOT NULL,
    keys text[] NOT NULL,
    sort_name text NOT NULL
);


--
-- Name: service_key_dirty; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.service_key_dirty (
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL,
    service_id uuid NOT NULL
);


--
-- Name: service_list_cache; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_list_cache (
    service_id uuid NOT NULL,
    parts text[],
    tr_keys text[] NOT NULL
);


--
-- Name: service_list_dirty; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.service_list_dirty (
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL,
    service_id uuid NOT NULL
);


--
-- Name: fed_refused refused_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_refused ALTER COLUMN refused_id SET DEFAULT nextval('public.fed_refused_refused_id_seq'::regclass);


--
-- Name: address address_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.address
    ADD CONSTRAINT address_pkey PRIMARY KEY (row_id);


--
-- Name: api_token api_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);


--
-- Name: api_token api_token_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_token_hash_key UNIQUE (token_hash);


--
-- Name: attribute attribute_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_pkey PRIMARY KEY (row_id);


--
-- Name: fed_dirty fed_dirty_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_dirty
    ADD CONSTRAINT fed_dirty_pkey PRIMARY KEY (type, id);


--
-- Name: fed_feed fed_feed_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_feed
    ADD CONSTRAINT fed_feed_pkey PRIMARY KEY (one);


--
-- Name: fed_origin fed_origin_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_origin
    ADD CONSTRAINT fed_origin_pkey PRIMARY KEY (node_id);


--
-- Name: fed_own_key fed_own_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_own_key
    ADD CONSTRAINT fed_own_key_pkey PRIMARY KEY (n);


--
-- Name: fed_own_key fed_own_key_public_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_own_key
    ADD CONSTRAINT fed_own_key_public_key_key UNIQUE (public_key);


--
-- Name: fed_peer fed_peer_node_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_peer
    ADD CONSTRAINT fed_peer_node_id_key UNIQUE (node_id);


--
-- Name: fed_peer fed_peer_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_peer
    ADD CONSTRAINT fed_peer_pkey PRIMARY KEY (name);


--
-- Name: fed_pruned fed_pruned_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_pruned
    ADD CONSTRAINT fed_pruned_pkey PRIMARY KEY (type, id);


--
-- Name: fed_record fed_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_record
    ADD CONSTRAINT fed_record_pkey PRIMARY KEY (type, id);


--
-- Name: fed_record fed_record_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_record
    ADD CONSTRAINT fed_record_seq_key UNIQUE (seq);


--
-- Name: fed_refused fed_refused_peer_origin_type_record_id_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_refused
    ADD CONSTRAINT fed_refused_peer_origin_type_record_id_version_key UNIQUE (peer, origin, type, record_id, version);


--
-- Name: fed_refused fed_refused_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_refused
    ADD CONSTRAINT fed_refused_pkey PRIMARY KEY (refused_id);


--
-- Name: fed_setting fed_setting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_setting
    ADD CONSTRAINT fed_setting_pkey PRIMARY KEY (one);


--
-- Name: fed_trusted_key fed_trusted_key_keyid_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_trusted_key
    ADD CONSTRAINT fed_trusted_key_keyid_key UNIQUE (keyid);


--
-- Name: fed_trusted_key fed_trusted_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fed_trusted_key
    ADD CONSTRAINT fed_trusted_key_pkey PRIMARY KEY (node_id, public_key);


--
-- Name: language language_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.language
    ADD CONSTRAINT language_pkey PRIMARY KEY (row_id);


--
-- Name: location location_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location
    ADD CONSTRAINT location_pkey PRIMARY KEY (id);


--
-- Name: organization organization_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization
    ADD CONSTRAINT organization_pkey PRIMARY KEY (id);


--
-- Name: phone phone_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phone
    ADD CONSTRAINT phone_pkey PRIMARY KEY (row_id);


--
-- Name: schedule schedule_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT schedule_pkey PRIMARY KEY (row_id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (name);


--
-- Name: search_place search_place_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.search_place
    ADD CONSTRAINT search_place_pkey PRIMARY KEY (city);


--
-- Name: service_at_location service_at_location_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_at_location
    ADD CONSTRAINT service_at_location_pkey PRIMARY KEY (id);


--
-- Name: service_key service_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_key
    ADD CONSTRAINT service_key_pkey PRIMARY KEY (service_id);


--
-- Name: service_list_cache service_list_cache_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_list_cache
    ADD CONSTRAINT service_list_cache_pkey PRIMARY KEY (service_id);


--
-- Name: service service_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service
    ADD CONSTRAINT service_pkey PRIMARY KEY (id);


--
-- Name: taxonomy taxonomy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.taxonomy
    ADD CONSTRAINT taxonomy_pkey PRIMARY KEY (id);


--
-- Name: taxonomy_term taxonomy_term_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.taxonomy_term
    ADD CONSTRAINT taxonomy_term_pkey PRIMARY KEY (id);


--
-- Name: address_city; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX address_city ON public.address USING btree (public.dir_fold(city));


--
-- Name: address_country; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX address_country ON public.address USING btree (upper(country));


--
-- Name: address_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX address_location ON public.address USING btree (location_id);


--
-- Name: attribute_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attribute_location ON public.attribute USING btree (location_id);


--
-- Name: attribute_organization; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attribute_organization ON public.attribute USING btree (organization_id);


--
-- Name: attribute_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attribute_service ON public.attribute USING btree (service_id);


--
-- Name: attribute_service_at_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attribute_service_at_location ON public.attribute USING btree (service_at_location_id);


--
-- Name: attribute_term; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attribute_term ON public.attribute USING btree (taxonomy_term_id);


--
-- Name: fed_record_keyid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX fed_record_keyid ON public.fed_record USING btree (keyid);


--
-- Name: fed_record_origin_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX fed_record_origin_seq ON public.fed_record USING btree (origin, seq);


--
-- Name: language_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX language_code ON public.language USING btree (lower(code) COLLATE "C");


--
-- Name: language_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX language_location ON public.language USING btree (location_id);


--
-- Name: language_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX language_phone ON public.language USING btree (phone_row);


--
-- Name: language_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX language_service ON public.language USING btree (service_id);


--
-- Name: location_geo; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX location_geo ON public.location USING btree (geo_lat, geo_lon);


--
-- Name: location_organization; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX location_organization ON public.location USING btree (organization_id);


--
-- Name: organization_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX organization_name ON public.organization USING btree (name, id);


--
-- Name: organization_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX organization_search ON public.organization USING gin (search_tsv);


--
-- Name: phone_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phone_location ON public.phone USING btree (location_id);


--
-- Name: phone_organization; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phone_organization ON public.phone USING btree (organization_id);


--
-- Name: phone_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phone_service ON public.phone USING btree (service_id);


--
-- Name: phone_service_at_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phone_service_at_location ON public.phone USING btree (service_at_location_id);


--
-- Name: schedule_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX schedule_location ON public.schedule USING btree (location_id);


--
-- Name: schedule_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX schedule_service ON public.schedule USING btree (service_id);


--
-- Name: schedule_service_at_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX schedule_service_at_location ON public.schedule USING btree (service_at_location_id);


--
-- Name: search_place_countries; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_place_countries ON public.search_place USING gin (countries);


--
-- Name: search_place_dirty_tx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX search_place_dirty_tx ON public.search_place_dirty USING btree (tx, city);


--
-- Name: service_at_location_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_at_location_location ON public.service_at_location USING btree (location_id);


--
-- Name: service_at_location_service; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_at_location_service ON public.service_at_location USING btree (service_id);


--
-- Name: service_key_dirty_tx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_key_dirty_tx ON public.service_key_dirty USING btree (tx, service_id);


--
-- Name: service_key_keys; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_key_keys ON public.service_key USING gin (keys);


--
-- Name: service_list_dirty_tx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_list_dirty_tx ON public.service_list_dirty USING btree (tx, service_id);


--
-- Name: service_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_name ON public.service USING btree (name, id);


--
-- Name: service_organization; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_organization ON public.service USING btree (organization_id);


--
-- Name: service_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_search ON public.service USING gin (search_tsv);


--
-- Name: service_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX service_updated_at ON public.service USING btree (updated_at);


--
-- Name: taxonomy_own_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX taxonomy_own_name ON public.taxonomy USING btree (name) WHERE own;


--
-- Name: taxonomy_term_own_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX taxonomy_term_own_code ON public.taxonomy_term USING btree (code) WHERE own;


--
-- Name: taxonomy_term_taxonomy; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX taxonomy_term_taxonomy ON public.taxonomy_term USING btree (taxonomy_id);


--
-- Name: location fed_dirty_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_delete AFTER DELETE ON public.location REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_old('location');


--
-- Name: organization fed_dirty_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_delete AFTER DELETE ON public.organization REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_old('organization');


--
-- Name: service fed_dirty_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_delete AFTER DELETE ON public.service REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_old('service');


--
-- Name: service_at_location fed_dirty_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_delete AFTER DELETE ON public.service_at_location REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_sal_old();


--
-- Name: location fed_dirty_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_insert AFTER INSERT ON public.location REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('location');


--
-- Name: organization fed_dirty_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_insert AFTER INSERT ON public.organization REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('organization');


--
-- Name: service fed_dirty_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_insert AFTER INSERT ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('service');


--
-- Name: service_at_location fed_dirty_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_insert AFTER INSERT ON public.service_at_location REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_sal_new();


--
-- Name: location fed_dirty_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_update AFTER UPDATE ON public.location REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('location');


--
-- Name: organization fed_dirty_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_update AFTER UPDATE ON public.organization REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('organization');


--
-- Name: service fed_dirty_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_update AFTER UPDATE ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_new('service');


--
-- Name: service_at_location fed_dirty_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_dirty_update AFTER UPDATE ON public.service_at_location REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_fed_trg_sal_new();


--
-- Name: location fed_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_guard BEFORE INSERT OR DELETE OR UPDATE ON public.location FOR EACH ROW EXECUTE FUNCTION public.dir_fed_trg_guard('location');


--
-- Name: organization fed_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_guard BEFORE INSERT OR DELETE OR UPDATE ON public.organization FOR EACH ROW EXECUTE FUNCTION public.dir_fed_trg_guard('organization');


--
-- Name: service fed_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER fed_guard BEFORE INSERT OR DELETE OR UPDATE ON public.service FOR EACH ROW EXECUTE FUNCTION public.dir_fed_trg_guard('service');


--
-- Name: address search_place_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_place_delete AFTER DELETE ON public.address REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_place_trg_address();


--
-- Name: search_place_dirty search_place_flush; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER search_place_flush AFTER INSERT ON public.search_place_dirty DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.dir_place_trg_flush();


--
-- Name: address search_place_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_place_insert AFTER INSERT ON public.address REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_place_trg_address();


--
-- Name: address search_place_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER search_place_update AFTER UPDATE ON public.address REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_place_trg_address();


--
-- Name: address service_key_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_delete AFTER DELETE ON public.address REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_address();


--
-- Name: attribute service_key_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_delete AFTER DELETE ON public.attribute REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_attribute();


--
-- Name: language service_key_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_delete AFTER DELETE ON public.language REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_language();


--
-- Name: service_at_location service_key_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_delete AFTER DELETE ON public.service_at_location REFERENCING OLD TABLE AS ot FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_service_at_location();


--
-- Name: service_key_dirty service_key_flush; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER service_key_flush AFTER INSERT ON public.service_key_dirty DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.dir_key_trg_flush();


--
-- Name: address service_key_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_insert AFTER INSERT ON public.address REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_address();


--
-- Name: attribute service_key_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_insert AFTER INSERT ON public.attribute REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_attribute();


--
-- Name: language service_key_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_insert AFTER INSERT ON public.language REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_language();


--
-- Name: service service_key_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_insert AFTER INSERT ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_service();


--
-- Name: service_at_location service_key_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_insert AFTER INSERT ON public.service_at_location REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_service_at_location();


--
-- Name: address service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.address REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_address();


--
-- Name: attribute service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.attribute REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_attribute();


--
-- Name: language service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.language REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_language();


--
-- Name: location service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.location REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_location();


--
-- Name: organization service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.organization REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_organization();


--
-- Name: service service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_service();


--
-- Name: service_at_location service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.service_at_location REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_service_at_location();


--
-- Name: taxonomy_term service_key_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_key_update AFTER UPDATE ON public.taxonomy_term REFERENCING OLD TABLE AS ot NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_key_trg_taxonomy_term();


--
-- Name: service_list_dirty service_list_flush; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER service_list_flush AFTER INSERT ON public.service_list_dirty DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.dir_list_trg_flush();


--
-- Name: service service_list_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_list_insert AFTER INSERT ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_list_trg_service();


--
-- Name: organization service_list_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_list_update AFTER UPDATE ON public.organization REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_list_trg_organization();


--
-- Name: service service_list_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER service_list_update AFTER UPDATE ON public.service REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.dir_list_trg_service();


--
-- Name: address address_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.address
    ADD CONSTRAINT address_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: api_token api_token_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organization(id) ON DELETE CASCADE;


--
-- Name: attribute attribute_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: attribute attribute_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organization(id) ON DELETE CASCADE;


--
-- Name: attribute attribute_service_at_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_service_at_location_id_fkey FOREIGN KEY (service_at_location_id) REFERENCES public.service_at_location(id) ON DELETE CASCADE;


--
-- Name: attribute attribute_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: attribute attribute_taxonomy_term_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attribute
    ADD CONSTRAINT attribute_taxonomy_term_id_fkey FOREIGN KEY (taxonomy_term_id) REFERENCES public.taxonomy_term(id);


--
-- Name: language language_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.language
    ADD CONSTRAINT language_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: language language_phone_row_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.language
    ADD CONSTRAINT language_phone_row_fkey FOREIGN KEY (phone_row) REFERENCES public.phone(row_id) ON DELETE CASCADE;


--
-- Name: language language_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.language
    ADD CONSTRAINT language_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: location location_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.location
    ADD CONSTRAINT location_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organization(id) ON DELETE CASCADE;


--
-- Name: phone phone_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phone
    ADD CONSTRAINT phone_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: phone phone_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phone
    ADD CONSTRAINT phone_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organization(id) ON DELETE CASCADE;


--
-- Name: phone phone_service_at_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phone
    ADD CONSTRAINT phone_service_at_location_id_fkey FOREIGN KEY (service_at_location_id) REFERENCES public.service_at_location(id) ON DELETE CASCADE;


--
-- Name: phone phone_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phone
    ADD CONSTRAINT phone_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: schedule schedule_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT schedule_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: schedule schedule_service_at_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT schedule_service_at_location_id_fkey FOREIGN KEY (service_at_location_id) REFERENCES public.service_at_location(id) ON DELETE CASCADE;


--
-- Name: schedule schedule_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schedule
    ADD CONSTRAINT schedule_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: service_at_location service_at_location_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_at_location
    ADD CONSTRAINT service_at_location_location_id_fkey FOREIGN KEY (location_id) REFERENCES public.location(id) ON DELETE CASCADE;


--
-- Name: service_at_location service_at_location_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_at_location
    ADD CONSTRAINT service_at_location_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: service_key service_key_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_key
    ADD CONSTRAINT service_key_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: service_list_cache service_list_cache_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_list_cache
    ADD CONSTRAINT service_list_cache_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;


--
-- Name: service service_organization_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service
    ADD CONSTRAINT service_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organization(id) ON DELETE CASCADE;


--
-- Name: taxonomy_term taxonomy_term_taxonomy_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.taxonomy_term
    ADD CONSTRAINT taxonomy_term_taxonomy_id_fkey FOREIGN KEY (taxonomy_id) REFERENCES public.taxonomy(id) ON DELETE SET NULL;


--
-- PostgreSQL database dump complete
--

\unrestrict oDN2FMq1G1tyZfHECmitgTUwskaJiJxdW6CIvq0I9FAEUi6CrOdywhbBXKJavDd

--
-- PostgreSQL database dump
--

\restrict RDxdF7SQkNuSN3fod56aIEoRcCSwRfwAWwYesSijTIVXXeslEiJxWAQgY9erTha

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (name, applied_at) FROM stdin;
0001_schema.sql	2026-12-06 18:12:30.888376+00
0002_put.sql	2026-12-06 18:12:31.105079+00
0003_render.sql	2026-12-06 18:12:31.148894+00
0004_search.sql	2026-12-06 18:12:31.1579+00
0007_list_render.sql	2026-12-06 18:12:31.191627+00
0008_search_keys.sql	2026-12-06 18:12:31.196948+00
0009_search_places.sql	2026-12-06 18:12:31.252634+00
0010_api_tokens.sql	2026-12-06 18:12:31.34047+00
0012_list_cache.sql	2026-12-06 18:12:31.376486+00
0013_search_plan.sql	2026-12-06 18:12:31.406084+00
0014_federation.sql	2026-12-06 18:12:31.407642+00
0015_fed_publish.sql	2026-12-06 18:12:31.49534+00
0016_fed_provenance.sql	2026-12-06 18:12:31.515624+00
0017_fed_pruned.sql	2026-12-06 18:12:31.524444+00
\.


--
-- PostgreSQL database dump complete
--

\unrestrict RDxdF7SQkNuSN3fod56aIEoRcCSwRfwAWwYesSijTIVXXeslEiJxWAQgY9erTha

