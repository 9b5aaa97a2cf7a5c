-- 60_fed_guard.sql - who may change a mirrored listing (docs/federation.md,
-- section 7).
-- needs: 0001
--
-- A guard trigger refuses any write to a row that fed_record holds from
-- another origin (via_peer set) unless it comes from the sync worker, which
-- sets directoryd.applying = 'on' for its own writes: a local write API
-- call, import or organization command is answered 403 forbidden, nested
-- records included.

-- Is this write the sync worker applying a record from a peer
-- (federation/apply.c sets directoryd.applying for its own writes)?
CREATE OR REPLACE FUNCTION dir_fed_applying() RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce(current_setting('directoryd.applying', true), '') = 'on'
$$;

-- Refuse a write to another origin's listing outside the sync worker.
CREATE OR REPLACE FUNCTION dir_fed_trg_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON organization
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('organization');
CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON service
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('service');
CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON location
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('location');
