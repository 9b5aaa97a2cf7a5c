-- 0015_fed_publish.sql - publishing this node's own listings as signed
-- records (docs/federation.md, sections 5 and 6; federation/publish.c).
--
-- fed_dirty:       the record keys a transaction changed, marked by
--                  statement triggers on organization, location, service
--                  and service_at_location (a service_at_location marks its
--                  service). federation/publish.c claims the rows just
--                  before COMMIT, renders each record with dir_fed_body,
--                  signs it and writes fed_record with new feed positions.
--                  Rows committed while the node had no key wait for the
--                  first commit after a key exists.
-- dir_fed_body:    the HSDS document of a record as section 5 sends it.
--
-- The sync worker writes mirrored rows with SET LOCAL directoryd.applying =
-- 'on'; the triggers then mark nothing, since those records are not ours to
-- publish.
--
-- Marking takes a row lock on the dirty row (INSERT ... ON CONFLICT DO
-- UPDATE) that is held until commit, so two transactions writing the same
-- record queue there, and a publisher claiming rows left by earlier
-- transactions (FOR UPDATE SKIP LOCKED) never takes a row that a writer
-- still in progress will publish itself.

CREATE TABLE fed_dirty (
	type text NOT NULL CHECK (type IN ('organization', 'location', 'service')),
	id uuid NOT NULL,
	PRIMARY KEY (type, id)
);

CREATE FUNCTION dir_fed_mark(kind text, ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 OR dir_fed_applying() THEN
		RETURN;
	END IF;
	INSERT INTO fed_dirty (type, id)
	SELECT DISTINCT kind, i FROM unnest(ids) AS i WHERE i IS NOT NULL ORDER BY 1, 2
	ON CONFLICT (type, id) DO UPDATE SET id = EXCLUDED.id;
END $$;

-- One trigger function for the three top-level tables: TG_ARGV[0] is the
-- record type. Inserts and updates mark the new rows, deletes the old ones.
CREATE FUNCTION dir_fed_trg_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;

CREATE FUNCTION dir_fed_trg_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM ot));
	RETURN NULL;
END $$;

CREATE FUNCTION dir_fed_trg_sal_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark('service', ARRAY(SELECT service_id FROM nt));
	RETURN NULL;
END $$;

CREATE FUNCTION dir_fed_trg_sal_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark('service', ARRAY(SELECT service_id FROM ot));
	RETURN NULL;
END $$;

CREATE TRIGGER fed_dirty_insert AFTER INSERT ON organization
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('organization');
CREATE TRIGGER fed_dirty_update AFTER UPDATE ON organization
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('organization');
CREATE TRIGGER fed_dirty_delete AFTER DELETE ON organization
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_old('organization');
CREATE TRIGGER fed_dirty_insert AFTER INSERT ON location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('location');
CREATE TRIGGER fed_dirty_update AFTER UPDATE ON location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('location');
CREATE TRIGGER fed_dirty_delete AFTER DELETE ON location
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_old('location');
CREATE TRIGGER fed_dirty_insert AFTER INSERT ON service
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('service');
CREATE TRIGGER fed_dirty_update AFTER UPDATE ON service
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_new('service');
CREATE TRIGGER fed_dirty_delete AFTER DELETE ON service
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_old('service');
CREATE TRIGGER fed_dirty_insert AFTER INSERT ON service_at_location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_sal_new();
CREATE TRIGGER fed_dirty_update AFTER UPDATE ON service_at_location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_sal_new();
CREATE TRIGGER fed_dirty_delete AFTER DELETE ON service_at_location
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_fed_trg_sal_old();

-- Every non-integer number as a string holding its decimal text, at any
-- depth (section 5: no floating-point numbers in a record). numeric's
-- output never uses an exponent, so a number is an integer exactly when its
-- text is digits with an optional minus sign.
CREATE FUNCTION dir_fed_numbers(j jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
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
END $$;

-- A nested taxonomy term as a reference the write API takes: the term's
-- translations and its taxonomy_detail belong to the vocabulary, not to the
-- listing (and the vocabulary's own descriptions, which name the conditions
-- it rules out, are not the listing's eligibility text).
CREATE FUNCTION dir_fed_attributes(a jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x -> 'taxonomy_term') = 'object'
			THEN jsonb_set(x, '{taxonomy_term}',
				(x -> 'taxonomy_term') - '{translations,taxonomy_detail}'::text[])
			ELSE x END ORDER BY n), '[]')
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a) = 'array' THEN a ELSE '[]' END)
		WITH ORDINALITY AS t (x, n));
END $$;

-- Apply dir_fed_attributes to the attributes of an object, if it has any.
CREATE FUNCTION dir_fed_attrs_in(o jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN CASE WHEN o ? 'attributes'
		THEN jsonb_set(o, '{attributes}', dir_fed_attributes(o -> 'attributes'))
		ELSE o END;
END $$;

-- A service's service_at_locations naming their location by location_id,
-- without the nested location the full rendering adds.
CREATE FUNCTION dir_fed_sals(a jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_fed_attrs_in(x - 'location' - 'service')
		ORDER BY n), '[]')
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a) = 'array' THEN a ELSE '[]' END)
		WITH ORDINALITY AS t (x, n));
END $$;

-- The service body: the full rendering without provenance, the nested
-- organization and the derived sex_worker_led attribute (the receiver
-- derives it from the organization), service_at_locations by location_id.
CREATE FUNCTION dir_fed_service_body(sid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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

-- The record body of docs/federation.md section 5 for (type, id), or NULL
-- when the row is gone. Rendered in full, in the original languages, with
-- node id '' (provenance is removed anyway). Confidential locations come
-- out of dir_location_render redacted (no coordinates or external
-- identifier; addresses with empty address_1, address_2, state_province and
-- postal_code).
CREATE FUNCTION dir_fed_body(kind text, rid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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

-- The version a record stored in its table carries (NULL when gone).
CREATE FUNCTION dir_fed_row_version(kind text, rid uuid) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
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

-- Claim the dirty rows this transaction may publish and describe each:
-- the body (NULL when the row is gone), the version to sign (the row's
-- when it is newer than the record last published, else a fresh one),
-- whether to publish at all (not a record held from another origin, not a
-- tombstone of a record never published or already deleted) and the time
-- of the change. Rows that another transaction still holds are skipped
-- (it publishes them itself). Called only when the node has a current key.
CREATE FUNCTION dir_fed_claim(node_id text)
RETURNS TABLE (type text, id uuid, body text, version bigint, updated text)
LANGUAGE plpgsql AS $$
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

-- One page of the change feed or of the snapshot (section 6) as the JSON
-- text of the response, built in one statement so that the page, the
-- counter and the cursor come from the same snapshot. The record texts are
-- the canonical JSON that was signed, spliced in as they are.
--   me:         this node's id.
--   want_epoch: the epoch of the caller's cursor or page, NULL for none.
--   after:      its position (0 for none).
--   origins:    only records of these origins; NULL for all.
--   lim:        most items.
--   snap:       a snapshot page (never expires; "page" instead of "cursor"
--               while more follow).
-- status is 'ok', 'cursor_unknown' (another epoch, or a position the feed
-- never handed out) or 'cursor_expired' (tombstones after it were pruned);
-- body is NULL unless ok. When no more items follow, the cursor is the
-- counter itself: every position up to it is committed, superseded or
-- rolled back, so a client filtering by origin does not read the same
-- positions again.
CREATE FUNCTION dir_fed_page(me text, want_epoch text, after bigint, origins text[],
	lim int, snap boolean)
RETURNS TABLE (status text, body text)
LANGUAGE sql STABLE AS $$
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

-- This node's keys (section 2). The current key is the newest one whose
-- valid_from has passed, that is neither revoked nor retired (retired_at
-- passed); NULL when there is none.
CREATE FUNCTION dir_fed_current_key() RETURNS int
LANGUAGE sql STABLE AS $$
	SELECT max(n) FROM fed_own_key
	WHERE revoked_at IS NULL AND valid_from <= now()
	  AND (retired_at IS NULL OR retired_at > now())
$$;

-- Every key with its state (current, next, retired, revoked) and times in
-- RFC 3339 UTC with whole seconds. A retired key without retired_at (a
-- newer key became current without a rotation) shows when that key did.
CREATE FUNCTION dir_fed_keys()
RETURNS TABLE (n int, public_key text, state text, valid_from text, retired_at text,
	revoked_at text, revocation text)
LANGUAGE sql STABLE AS $$
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

-- Write signed records of this node with new feed positions (publish.c,
-- and ownkeys.c when it re-signs). recs is a JSON array of {type, id,
-- version, updated, deleted, record, keyid, sig}; the positions come from
-- the single-writer counter in this same statement, as late as the
-- transaction can take them, and its row lock is held until commit
-- (section 6). A record is written only when it is this origin's and its
-- version is newer than the one held; returns how many were written, so
-- that the caller can refuse a lost race (a key revocation that re-signed
-- the record meanwhile).
CREATE FUNCTION dir_fed_store(me text, recs jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
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
