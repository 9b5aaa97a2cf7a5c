-- 0070_refusal_keys.sql - a peer's refused records each keep their own row.
--
-- A record refused before its identity could be read (a float, a member the
-- record may not have, an empty origin, a version past 2^53) was stored with
-- origin, type and record_id '' and version -1, so every such refusal of a
-- peer overwrote the one before and `peers list` showed only the last
-- (issue 8). Such a row now carries what could be read of its identity and
-- a digest of the item as it came (SHA-256 of its JSON text with sorted
-- keys, federation/apply_admin.c): refusals of different items never share
-- a key, and the same item refused again is still one row. Records whose
-- identity was read keep item_digest '' and their old key.
ALTER TABLE fed_refused ADD COLUMN item_digest text NOT NULL DEFAULT '';
ALTER TABLE fed_refused DROP CONSTRAINT IF EXISTS fed_refused_peer_origin_type_record_id_version_key;
CREATE UNIQUE INDEX fed_refused_key ON fed_refused (peer, origin, type, record_id, version, item_digest);
