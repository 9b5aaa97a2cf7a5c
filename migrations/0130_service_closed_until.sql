-- 0130_service_closed_until.sql - our extension closed_until on service
-- (docs/data-model.md, docs/hsds-profile.md): the last day of a temporary
-- closure. A service "temporarily closed" with closed_until opens again by
-- itself the day after: the daemon's housekeeping thread
-- (directoryd/hsds/closure.c) writes status "active" back, audited as
-- "housekeeping", so the reopening is versioned and reaches the peers like
-- any other change. The partial index keeps that sweep cheap.

ALTER TABLE service ADD COLUMN closed_until date;

CREATE INDEX service_closed_until ON service (closed_until) WHERE closed_until IS NOT NULL;
