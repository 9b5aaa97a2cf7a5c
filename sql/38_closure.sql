-- 38_closure.sql - the end of a temporary closure (docs/data-model.md,
-- closed_until; migration 0130).
--
-- A service of ours that is "temporarily closed" with a closed_until before
-- today (the UTC day, as the API's check in directoryd/hsds/validate.c)
-- opens again: status "active", closed_until and the closure's alert
-- removed, a new version (a past closed_until on any other status, from an
-- import, is only removed). It is one UPDATE in the caller's transaction, so
-- the audit trail (way "housekeeping"), the derived tables and the
-- publishing queue see it as any other write, and peers get the reopened
-- record signed by this node. Mirrored listings are their origin's to
-- reopen (fed IS NULL: ours only). Returns the number of services reopened.
CREATE OR REPLACE FUNCTION dir_closure_reopen_due() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	PERFORM set_config('directoryd.audit_actor',
		'{"way": "housekeeping", "detail": {"reopened": "closed_until passed"}}', true);
	-- the audit entries are written at commit (sql/20_derived.sql): the
	-- actor stays set until then, for this transaction only
	UPDATE service SET
		status = CASE WHEN status = 'temporarily closed' THEN 'active' ELSE status END,
		alert = CASE WHEN status = 'temporarily closed' THEN NULL ELSE alert END,
		closed_until = NULL, version = nextval('dir_version_seq'), updated_at = now()
	WHERE closed_until < (now() AT TIME ZONE 'UTC')::date AND fed IS NULL;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;
