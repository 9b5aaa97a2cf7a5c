-- 0016_fed_provenance.sql - who may change a mirrored listing, and when it
-- is stale (docs/federation.md, sections 7 and 9).
--
-- organization, service and location have a nullable `fed` column (0001):
-- {"origin_node", "version", "key_id", "fetched_at"} of the signed record a
-- mirrored row was applied from (federation/apply.c), NULL for this node's
-- own rows; dir_provenance (sql/42_provenance.sql) shows it, with the state
-- and fetch time of fed_record and `stale`.
--
-- stale: the origin's listings were last confirmed (fed_origin.confirmed_at,
-- or the record's own fetch, whichever is later) more than
-- fed_setting.stale_after seconds ago. The daemon writes its configured
-- stale_after into fed_setting when it starts and on SIGHUP (a table row and
-- not a session setting, so that every pooled connection, a reconnected one
-- too, and the CLI see the same value). The kept list text of
-- service_list_cache needs no change: a mirrored row's provenance does not
-- hold the node id the text is cut at, so its services are always rendered
-- live and `stale` is never served from the cache.
--
-- A guard trigger (sql/60_fed_guard.sql) refuses any write to a row that
-- fed_record holds from another origin.

CREATE TABLE fed_setting (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	stale_after bigint NOT NULL DEFAULT 604800 CHECK (stale_after > 0) -- s
);
INSERT INTO fed_setting DEFAULT VALUES;
