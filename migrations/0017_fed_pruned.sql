-- 0017_fed_pruned.sql - the version floor of pruned tombstones.
--
-- feed_prune (federation/feed.c) deletes tombstones older than
-- tombstone_retention from fed_record. Without a trace of them, any peer
-- allowed to relay that origin could later send an older signed version of
-- the deleted record, and it would be applied as new. fed_pruned keeps, per
-- record key, the origin and the last version pruned: apply.c refuses a
-- version not above it (version_rollback) and a record of another origin
-- (origin_mismatch), as if the tombstone were still held. One small row per
-- deleted listing; nothing of the listing itself.
CREATE TABLE fed_pruned (
	type text NOT NULL,
	id uuid NOT NULL,
	origin text NOT NULL,
	version bigint NOT NULL,
	PRIMARY KEY (type, id)
);
