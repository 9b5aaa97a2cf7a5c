-- 56_service_list_cache.sql - service_list_cache: each service's list
-- rendering (44_list_render.sql) kept per service (migration 0012), so that
-- a page of services is a concatenation (directoryd/hsds/search.c), kept
-- current at commit (20_derived.sql).
-- needs: 0001
--
-- A row holds the text of dir_service_list_json(s, o, '{}', node) for the
-- service and organization rows.
-- What the rendering depends on besides the two rows:
--   - the node id (provenance.origin_node of the service and of its
--     organization): the text is kept cut where the node id goes, in
--     `parts`, and the list statement joins the parts with the node id of
--     the request. The cut is found by rendering with a random node id made
--     for each refresh; when it does not occur exactly where expected (once
--     per provenance) parts is NULL and the service is rendered live.
--   - the languages asked for (lang, Accept-Language): dir_tr translates
--     the service's and organization's texts when a translation key matches
--     a wanted tag. tr_keys holds the translation keys of both rows, so that
--     `tr_keys && dir_list_lang_keys(langs)` says whether one could apply
--     (dir_tr_lookup's match: equal tags, or one a shorter tag of the other,
--     case-insensitive); only then is the service rendered live. Without
--     languages, or for the 90 % of services without a matching
--     translation, the kept text is the answer.
--   - the session's TimeZone (last_modified is a timestamptz): the text is
--     rendered in UTC, which the daemon sets on each connection; in another
--     time zone the services are rendered live.
--   - the writing transaction's own changes: until its commit the kept text
--     is the one from before it, so a transaction that has written anything
--     (it has a transaction id) renders live.
-- So the list statement returns exactly what it returned before. A
-- So the list statement returns exactly what it returned before. A change
-- to dir_service_list_json or what it calls needs a migration that refreshes
-- the table: SELECT dir_service_list_cache_refresh(ARRAY(SELECT id::text
-- FROM service)) (HACKING.md, "SQL").

-- The tags t extends on a subtag boundary: every l with starts_with(t, l || '-').
CREATE OR REPLACE FUNCTION dir_tag_heads(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_agg(left(t, i - 1) ORDER BY i), '{}')
	FROM generate_series(1, length(t)) AS i WHERE substr(t, i, 1) = '-'
$$;

-- The match keys of translation keys (lower case): 'x:' for the key and each
-- tag it extends, 'k:' for the key itself. A wanted tag l matches key k
-- (dir_tr_lookup) when l = k, or k extends l, or l extends k; that is when
-- 'x:' || l is among k's keys, or 'k:' || k among l's (dir_list_lang_keys).
CREATE OR REPLACE FUNCTION dir_tr_keys(tr jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN jsonb_typeof(tr) = 'object' THEN ARRAY(
		SELECT 'x:' || h FROM jsonb_object_keys(tr) AS k,
			unnest(lower(k) || dir_tag_heads(lower(k))) AS h
		UNION SELECT 'k:' || lower(k) FROM jsonb_object_keys(tr) AS k)
	ELSE '{}'::text[] END
$$;

-- The keys of the wanted tags: 'x:' for each tag, 'k:' for each tag it
-- extends. PL/pgSQL: the list statement calls it with a constant, so it
-- runs while the statement is planned, and a PL/pgSQL function keeps its
-- plan for the session where an SQL function is planned on every call.
CREATE OR REPLACE FUNCTION dir_list_lang_keys(langs text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (SELECT coalesce(array_agg(k), '{}') FROM unnest(langs) AS l,
		unnest(ARRAY['x:' || lower(l)] || ARRAY(SELECT 'k:' || h
			FROM unnest(dir_tag_heads(lower(l))) AS h)) AS k);
END $$;

-- Render these services again (a missing service has no row).
CREATE OR REPLACE FUNCTION dir_service_list_cache_refresh(ids text[]) RETURNS void
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
	node text := 'dir-node-' || gen_random_uuid();
BEGIN
	INSERT INTO service_list_cache (service_id, parts, tr_keys)
	SELECT r.id, CASE WHEN cardinality(r.parts) = r.cuts + 1 THEN r.parts END,
		r.tr_keys
	FROM (SELECT s.id,
		string_to_array(dir_service_list_json(s, o, '{}', node)::text,
			to_json(node)::text) AS parts,
		CASE WHEN o.id IS NULL THEN 1 ELSE 2 END AS cuts,
		dir_tr_keys(s.translations) || dir_tr_keys(o.translations) AS tr_keys
		FROM service s LEFT JOIN organization o ON o.id = s.organization_id
		WHERE s.id = ANY (ids::uuid[]) ORDER BY s.id) r
	ON CONFLICT (service_id) DO UPDATE
		SET parts = EXCLUDED.parts, tr_keys = EXCLUDED.tr_keys;
END $$;

CREATE OR REPLACE FUNCTION dir_list_trg_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_mark('service_list_cache', ARRAY(SELECT id::text FROM nt));
	RETURN NULL;
END $$;

-- Every service of an organization shows the organization.
CREATE OR REPLACE FUNCTION dir_list_trg_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_mark('service_list_cache', ARRAY(SELECT s.id::text FROM service s
		WHERE s.organization_id IN (SELECT id FROM nt)));
	RETURN NULL;
END $$;

-- (14_triggers.sql)
SELECT dir_statement_triggers('service_list', 'service', 'dir_list_trg_service',
	'{insert,update}');
SELECT dir_statement_triggers('service_list', 'organization', 'dir_list_trg_organization',
	'{update}');

-- One service in its list shape, rendered live (dir_service_list_json over
-- its rows): the list statement's fallback when the kept text does not
-- apply. PL/pgSQL, so that the list statement does not plan the rendering.
CREATE OR REPLACE FUNCTION dir_service_list_live(sid uuid, langs text[], node_id text)
RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_service_list_json(s, o, langs, node_id)::text
		FROM service s LEFT JOIN organization o ON o.id = s.organization_id
		WHERE s.id = sid);
END $$;
