-- 72_audit.sql - the audit trail (migrations/0031_audit.sql): which records
-- a transaction changed, their bodies as the trail compares them, and at
-- commit one entry per changed record with who, how, and the RFC 6902 patch
-- and inverse (70_jsonpatch.sql). directoryd/auth/audit.c states who writes
-- (directoryd.audit_actor); docs/security.md says what is kept.
-- needs: 0031

-- A confidential location's body with its street, postal code, coordinates
-- and external identifier shown as "[confidential]" where a value is
-- stored: the trail tells that they changed, never what they are.
CREATE OR REPLACE FUNCTION dir_audit_mask_location(b jsonb, rid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	l location;
BEGIN
	SELECT * INTO l FROM location WHERE id = rid;
	IF NOT FOUND OR NOT l.confidential THEN
		RETURN b;
	END IF;
	b := b || dir_strip(jsonb_build_object(
		'latitude', CASE WHEN l.latitude IS NOT NULL THEN '[confidential]' END,
		'longitude', CASE WHEN l.longitude IS NOT NULL THEN '[confidential]' END,
		'external_identifier', CASE WHEN l.external_identifier IS NOT NULL
			THEN '[confidential]' END));
	IF b ? 'addresses' THEN
		b := jsonb_set(b, '{addresses}', (SELECT coalesce(jsonb_agg(x || dir_strip(
			jsonb_build_object(
			'address_1', CASE WHEN coalesce(a.address_1, '') <> '' THEN '[confidential]' END,
			'address_2', CASE WHEN coalesce(a.address_2, '') <> '' THEN '[confidential]' END,
			'postal_code', CASE WHEN coalesce(a.postal_code, '') <> ''
				THEN '[confidential]' END)) ORDER BY n), '[]')
			FROM jsonb_array_elements(b -> 'addresses') WITH ORDINALITY AS t (x, n)
			LEFT JOIN LATERAL (SELECT * FROM address ad WHERE ad.location_id = rid
				AND ad.id::text = x ->> 'id' LIMIT 1) a ON true));
	END IF;
	RETURN b;
END $$;

-- The body of a record as the audit trail compares it: the federation body
-- (full, original languages, no provenance), without last_modified (which
-- every write changes), confidential values masked. NULL when the record
-- does not exist.
CREATE OR REPLACE FUNCTION dir_audit_body(kind text, rid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	b jsonb := dir_fed_body(kind, rid) - 'last_modified';
BEGIN
	IF b IS NOT NULL AND kind = 'location' THEN
		RETURN dir_audit_mask_location(b, rid);
	END IF;
	RETURN b;
END $$;

-- The organisation a record body belongs to.
CREATE OR REPLACE FUNCTION dir_audit_org(kind text, b jsonb) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN kind = 'organization' THEN (b ->> 'id')::uuid
		ELSE (b ->> 'organization_id')::uuid END
$$;

-- Statement triggers on the record tables mark what a transaction changed
-- as keys of the derived target "audit" (20_derived.sql): "type/id/f" for a
-- write applied from a peer (dir_fed_applying), "type/id/-" for any other;
-- a service_at_location marks its service.
CREATE OR REPLACE FUNCTION dir_audit_mark(kind text, ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_mark('audit', ARRAY(SELECT kind || '/' || i || '/'
		|| CASE WHEN dir_fed_applying() THEN 'f' ELSE '-' END FROM unnest(ids) AS i));
END $$;

CREATE OR REPLACE FUNCTION dir_audit_trg_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_audit_mark(TG_ARGV[0], ARRAY(SELECT id FROM nt));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_audit_trg_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_audit_mark(TG_ARGV[0], ARRAY(SELECT id FROM ot));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_audit_trg_sal_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_audit_mark('service', ARRAY(SELECT service_id FROM nt));
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dir_audit_trg_sal_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_audit_mark('service', ARRAY(SELECT service_id FROM ot));
	RETURN NULL;
END $$;

-- Who and how, from the transaction's directoryd.audit_actor (set by
-- directoryd/auth/audit.c); a write applied from a peer is "federation"
-- with the record's origin and the peer it came through.
CREATE OR REPLACE FUNCTION dir_audit_actor(kind text, rid uuid, applying boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	a jsonb := coalesce(nullif(current_setting('directoryd.audit_actor', true), '')::jsonb,
		'{"way": "unknown"}');
	r fed_record;
BEGIN
	IF applying THEN
		SELECT * INTO r FROM fed_record WHERE type = kind AND id = rid;
		a := jsonb_build_object('way', 'federation', 'detail', jsonb_build_object(
			'origin', r.origin, 'peer', r.via_peer));
	END IF;
	RETURN a;
END $$;

-- One audit entry for a record changed by this transaction: the patch
-- from the body last audited to the body now, and its inverse; then the
-- body now is remembered. Nothing when the body did not change.
CREATE OR REPLACE FUNCTION dir_audit_record(kind text, rid uuid, applying boolean)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	old_body jsonb;
	new_body jsonb;
	a jsonb;
BEGIN
	SELECT body INTO old_body FROM audit_state WHERE type = kind AND id = rid FOR UPDATE;
	new_body := dir_audit_body(kind, rid);
	IF old_body IS NOT DISTINCT FROM new_body THEN
		RETURN;
	END IF;
	a := dir_audit_actor(kind, rid, applying);
	INSERT INTO audit (record_type, record_id, organization_id, account_id, username,
		token_id, way, detail, patch, inverse)
	VALUES (kind, rid,
		coalesce(dir_audit_org(kind, new_body), dir_audit_org(kind, old_body)),
		(a ->> 'account_id')::uuid, a ->> 'username', (a ->> 'token_id')::uuid,
		a ->> 'way', coalesce(a -> 'detail', '{}'),
		dir_jp_diff(old_body, new_body), dir_jp_inverse(old_body, new_body));
	IF new_body IS NULL THEN
		DELETE FROM audit_state WHERE type = kind AND id = rid;
	ELSE
		INSERT INTO audit_state (type, id, body) VALUES (kind, rid, new_body)
		ON CONFLICT (type, id) DO UPDATE SET body = EXCLUDED.body;
	END IF;
END $$;

-- The refresh of the derived target "audit": at commit, one entry per
-- record the transaction changed (a key marked both ways counts as
-- federation).
CREATE OR REPLACE FUNCTION dir_audit_refresh(keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT split_part(k, '/', 1) AS kind, split_part(k, '/', 2)::uuid AS rid,
			bool_or(split_part(k, '/', 3) = 'f') AS applying
		FROM unnest(keys) AS k GROUP BY 1, 2 ORDER BY 1, 2
	LOOP
		PERFORM dir_audit_record(r.kind, r.rid, r.applying);
	END LOOP;
END $$;

CREATE TRIGGER audit_insert AFTER INSERT ON organization
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('organization');
CREATE TRIGGER audit_update AFTER UPDATE ON organization
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('organization');
CREATE TRIGGER audit_delete AFTER DELETE ON organization
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_old('organization');
CREATE TRIGGER audit_insert AFTER INSERT ON location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('location');
CREATE TRIGGER audit_update AFTER UPDATE ON location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('location');
CREATE TRIGGER audit_delete AFTER DELETE ON location
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_old('location');
CREATE TRIGGER audit_insert AFTER INSERT ON service
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('service');
CREATE TRIGGER audit_update AFTER UPDATE ON service
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_new('service');
CREATE TRIGGER audit_delete AFTER DELETE ON service
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_old('service');
CREATE TRIGGER audit_insert AFTER INSERT ON service_at_location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_sal_new();
CREATE TRIGGER audit_update AFTER UPDATE ON service_at_location
	REFERENCING NEW TABLE AS nt FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_sal_new();
CREATE TRIGGER audit_delete AFTER DELETE ON service_at_location
	REFERENCING OLD TABLE AS ot FOR EACH STATEMENT
	EXECUTE FUNCTION dir_audit_trg_sal_old();
