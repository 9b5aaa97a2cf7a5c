-- 0016_fed_provenance.sql - who may change a mirrored listing, and when it
-- is stale (docs/federation.md, sections 7 and 9).
--
-- organization, service and location have a nullable `fed` column (0001):
-- {"origin_node", "version", "key_id", "fetched_at"} of the signed record a
-- mirrored row was applied from (federation/apply.c), NULL for this node's
-- own rows; dir_provenance (0003) shows it, with the state and fetch time of
-- fed_record and `stale`.
--
-- stale: the origin's listings were last confirmed (fed_origin.confirmed_at,
-- or the record's own fetch, whichever is later) more than
-- fed_setting.stale_after seconds ago. The daemon writes its configured
-- stale_after into fed_setting when it starts and on SIGHUP (a table row and
-- not a session setting, so that every pooled connection, a reconnected one
-- too, and the CLI see the same value). The kept list text of 0012 needs no
-- change: a mirrored row's provenance does not hold the node id the text is
-- cut at, so its services are always rendered live and `stale` is never
-- served from the cache.
--
-- A guard trigger refuses any write to a row that fed_record holds from
-- another origin (via_peer set) unless it comes from the sync worker, which
-- sets directoryd.applying = 'on' for its own writes: a local write API
-- call, import or organization command is answered 403 forbidden, nested
-- records included.

CREATE TABLE fed_setting (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	stale_after bigint NOT NULL DEFAULT 604800 CHECK (stale_after > 0) -- s
);
INSERT INTO fed_setting DEFAULT VALUES;

-- Refuse a write to another origin's listing outside the sync worker.
CREATE FUNCTION dir_fed_trg_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
