-- 0131_audit_way_housekeeping.sql - a fifth way in for the audit trail:
-- "housekeeping", the daemon's own changes (a temporary closure that has
-- ended, directoryd/hsds/closure.c), so that the history says no person made
-- them.

ALTER TABLE audit DROP CONSTRAINT audit_way_check;
ALTER TABLE audit ADD CONSTRAINT audit_way_check
	CHECK (way IN ('api', 'import', 'federation', 'review', 'cli', 'housekeeping', 'unknown'));
