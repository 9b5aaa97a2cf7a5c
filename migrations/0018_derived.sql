-- 0018_derived.sql - one table for the keys of derived tables a transaction
-- changed (sql/20_derived.sql), instead of one per derived table.
--
-- service_key_dirty, search_place_dirty and service_list_dirty held the
-- same thing three times; databases migrated before this have them.
-- fed_dirty stays: it is the publishing queue that federation/publish.c
-- claims, and rows wait there across transactions until the node has a key.
DROP TABLE IF EXISTS service_key_dirty, search_place_dirty, service_list_dirty;

-- Unlogged: its rows live only until the commit of the transaction that
-- wrote them (tx).
CREATE UNLOGGED TABLE derived_dirty (
	tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
	target text NOT NULL,                  -- the derived table
	key text NOT NULL,                     -- the key of its rows
	PRIMARY KEY (tx, target, key)
);
