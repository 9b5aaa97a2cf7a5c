-- 62_fed_publish.sql - publishing this node's own listings as signed
-- records (docs/federation.md, sections 5 and 6; federation/publish.c).
-- needs: 0001
--
-- fed_dirty (migration 0015) is a derived table of 20_derived.sql whose
-- refresh only queues: statement triggers on organization, location,
-- service and service_at_location (a service_at_location marks its service)
-- mark the record keys 'type/id' a transaction changed, and
-- dir_fed_dirty_refresh moves them into fed_dirty. federation/publish.c
-- calls dir_fed_claim just before COMMIT, which takes this transaction's
-- marks and the rows earlier transactions left, renders each record with
-- dir_fed_body, and publish.c signs them and writes fed_record with new
-- feed positions (dir_fed_store, 64_fed_feed.sql). Rows committed while the
-- node had no key wait in fed_dirty for the first commit after a key exists.
--
-- The sync worker writes mirrored rows with SET LOCAL directoryd.applying =
-- 'on'; the triggers then mark nothing, since those records are not ours to
-- publish.
--
-- Queueing takes a row lock on the fed_dirty row (INSERT ... ON CONFLICT DO
-- UPDATE) that is held until commit, so a publisher claiming rows left by
-- earlier transactions (FOR UPDATE SKIP LOCKED) never takes a row that a
-- writer still in progress will publish itself.

-- Mark records of one type changed by this transaction.
CREATE OR REPLACE FUNCTION dir_fed_mark(kind text, ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 OR dir_fed_applying() THEN
		RETURN;
	END IF;
	PERFORM dir_derived_mark('fed_dirty', ARRAY(SELECT kind || '/' || i FROM unnest(ids) AS i));
END $$;

-- Queue marked records ('type/id') for publishing.
CREATE OR REPLACE FUNCTION dir_fed_dirty_refresh(keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO fed_dirty (type, id)
	SELECT split_part(k, '/', 1), split_part(k, '/', 2)::uuid FROM unnest(keys) AS k
	ORDER BY 1, 2
	ON CONFLICT (type, id) DO UPDATE SET id = EXCLUDED.id;
END $$;

-- One trigger function for the three top-level tables: TG_ARGV[0] is the
-- record type. Inserts and updates mark the new rows, deletes the old ones.
CREATE OR REPLACE FUNCTION dir_fed_trg_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_fed_trg_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark(TG_ARGV[0], ARRAY(SELECT id FROM ot));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_fed_trg_sal_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_fed_mark('service', ARRAY(SELECT service_id FROM nt));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_fed_trg_sal_old() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE FUNCTION dir_fed_numbers(j jsonb) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION dir_fed_attributes(a jsonb) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION dir_fed_attrs_in(o jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN CASE WHEN o ? 'attributes'
		THEN jsonb_set(o, '{attributes}', dir_fed_attributes(o -> 'attributes'))
		ELSE o END;
END $$;

-- A service's service_at_locations naming their location by location_id,
-- without the nested location the full rendering adds.
CREATE OR REPLACE FUNCTION dir_fed_sals(a jsonb) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION dir_fed_service_body(sid uuid) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION dir_fed_body(kind text, rid uuid) RETURNS jsonb
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
CREATE OR REPLACE FUNCTION dir_fed_row_version(kind text, rid uuid) RETURNS bigint
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

-- Queue this transaction's marks, then claim the queued rows this
-- transaction may publish and describe each:
-- the body (NULL when the row is gone), the version to sign (the row's
-- when it is newer than the record last published, else a fresh one),
-- whether to publish at all (not a record held from another origin, not a
-- tombstone of a record never published or already deleted) and the time
-- of the change. Rows that another transaction still holds are skipped
-- (it publishes them itself). Called only when the node has a current key.
CREATE OR REPLACE FUNCTION dir_fed_claim(node_id text)
RETURNS TABLE (type text, id uuid, body text, version bigint, updated text)
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_flush('fed_dirty');
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
