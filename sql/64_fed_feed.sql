-- 64_fed_feed.sql - this node's change feed and keys (docs/federation.md,
-- sections 2 and 6): storing signed records with their feed positions,
-- pages of the feed and the snapshot, and the key states.
-- needs: 0001

-- Write signed records of this node with new feed positions (publish.c,
-- and ownkeys.c when it re-signs). recs is a JSON array of {type, id,
-- version, updated, deleted, record, keyid, sig}; the positions come from
-- the single-writer counter in this same statement, as late as the
-- transaction can take them, and its row lock is held until commit
-- (section 6). A record is written only when it is this origin's and its
-- version is newer than the one held; returns how many were written, so
-- that the caller can refuse a lost race (a key revocation that re-signed
-- the record meanwhile).
CREATE OR REPLACE FUNCTION dir_fed_store(me text, recs jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	cnt int := jsonb_array_length(recs);
	last bigint;
	written bigint;
BEGIN
	IF cnt = 0 THEN
		RETURN 0;
	END IF;
	UPDATE fed_feed SET seq = seq + cnt RETURNING seq INTO last;
	WITH ins AS (
		INSERT INTO fed_record AS r (type, id, origin, version, updated, deleted,
			record, keyid, sig, seq)
		SELECT e ->> 'type', (e ->> 'id')::uuid, me, (e ->> 'version')::bigint,
			(e ->> 'updated')::timestamptz, (e ->> 'deleted')::boolean,
			e ->> 'record', e ->> 'keyid', e ->> 'sig', last - cnt + t.i
		FROM jsonb_array_elements(recs) WITH ORDINALITY AS t (e, i)
		ON CONFLICT (type, id) DO UPDATE SET version = EXCLUDED.version,
			updated = EXCLUDED.updated, deleted = EXCLUDED.deleted,
			record = EXCLUDED.record, keyid = EXCLUDED.keyid, sig = EXCLUDED.sig,
			seq = EXCLUDED.seq, state = 'verified'
		WHERE r.origin = EXCLUDED.origin AND r.version < EXCLUDED.version
		RETURNING 1)
	SELECT count(*) INTO written FROM ins;
	RETURN written;
END $$;

-- One page of the change feed or of the snapshot (section 6) as the JSON
-- text of the response, built in one statement so that the page, the
-- counter and the cursor come from the same snapshot. The record texts are
-- the canonical JSON that was signed, spliced in as they are.
--   me:         this node's id.
--   want_epoch: the epoch of the caller's cursor or page, NULL for none.
--   after:      its position (0 for none).
--   origins:    only records of these origins; NULL for all.
--   lim:        most items.
--   snap:       a snapshot page (never expires; "page" instead of "cursor"
--               while more follow).
-- status is 'ok', 'cursor_unknown' (another epoch, or a position the feed
-- never handed out) or 'cursor_expired' (tombstones after it were pruned);
-- body is NULL unless ok. When no more items follow, the cursor is the
-- counter itself: every position up to it is committed, superseded or
-- rolled back, so a client filtering by origin does not read the same
-- positions again.
CREATE OR REPLACE FUNCTION dir_fed_page(me text, want_epoch text, after bigint, origins text[],
	lim int, snap boolean)
RETURNS TABLE (status text, body text)
LANGUAGE sql STABLE AS $$
	WITH f AS (SELECT epoch, seq, pruned_seq FROM fed_feed),
	page AS (SELECT r.seq, r.record, r.keyid, r.sig FROM fed_record r
		WHERE r.seq > after AND (origins IS NULL OR r.origin = ANY (origins))
		ORDER BY r.seq LIMIT lim + 1),
	items AS (SELECT * FROM page ORDER BY seq LIMIT lim),
	st AS (SELECT CASE
		WHEN want_epoch IS NOT NULL AND (want_epoch <> f.epoch OR after > f.seq)
			THEN 'cursor_unknown'
		WHEN want_epoch IS NOT NULL AND NOT snap AND after < f.pruned_seq
			THEN 'cursor_expired'
		ELSE 'ok' END AS status,
		(SELECT count(*) FROM page) > lim AS more,
		f.epoch || '.' || CASE WHEN (SELECT count(*) FROM page) > lim
			THEN (SELECT max(seq) FROM items) ELSE greatest(f.seq, after) END AS cursor
		FROM f),
	conf AS (SELECT coalesce(jsonb_object_agg(o.n, to_char(o.t AT TIME ZONE 'UTC',
			'YYYY-MM-DD"T"HH24:MI:SS"Z"')), '{}') AS j
		FROM (SELECT me AS n, now() AS t WHERE origins IS NULL OR me = ANY (origins)
			UNION ALL
			SELECT fo.node_id, fo.confirmed_at FROM fed_origin fo
			WHERE fo.node_id <> me
			  AND (origins IS NULL OR fo.node_id = ANY (origins))) o)
	SELECT st.status, CASE WHEN st.status = 'ok' THEN
		'{"protocol":"directoryd-fed/1","node_id":' || to_json(me)::text
		|| ',"items":[' || coalesce((SELECT string_agg('{"record":' || i.record
			|| ',"sig":{"keyid":' || to_json(i.keyid)::text || ',"value":'
			|| to_json(i.sig)::text || '}}', ',' ORDER BY i.seq) FROM items i), '')
		|| '],' || CASE WHEN snap AND st.more THEN '"page":' ELSE '"cursor":' END
		|| to_json(st.cursor)::text || ',"more":' || st.more::text
		|| ',"remaining":' || CASE WHEN st.more THEN (SELECT max(f.seq) - max(i.seq)
			FROM f, items i) ELSE 0 END::text
		|| ',"confirmed":' || (SELECT j::text FROM conf) || '}' END
	FROM st
$$;

-- This node's keys (section 2). The current key is the newest one whose
-- valid_from has passed, that is neither revoked nor retired (retired_at
-- passed); NULL when there is none.
CREATE OR REPLACE FUNCTION dir_fed_current_key() RETURNS int
LANGUAGE sql STABLE AS $$
	SELECT max(n) FROM fed_own_key
	WHERE revoked_at IS NULL AND valid_from <= now()
	  AND (retired_at IS NULL OR retired_at > now())
$$;

-- Every key with its state (current, next, retired, revoked) and times in
-- RFC 3339 UTC with whole seconds. A retired key without retired_at (a
-- newer key became current without a rotation) shows when that key did.
CREATE OR REPLACE FUNCTION dir_fed_keys()
RETURNS TABLE (n int, public_key text, state text, valid_from text, retired_at text,
	revoked_at text, revocation text)
LANGUAGE sql STABLE AS $$
	SELECT k.n, k.public_key,
		CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
		     WHEN k.valid_from > now() THEN 'next'
		     WHEN k.n = dir_fed_current_key() THEN 'current'
		     ELSE 'retired' END,
		to_char(k.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		CASE WHEN k.revoked_at IS NULL AND k.valid_from <= now()
		      AND k.n IS DISTINCT FROM dir_fed_current_key() THEN
			to_char(coalesce(k.retired_at, (SELECT min(x.valid_from) FROM fed_own_key x
				WHERE x.n > k.n AND x.valid_from <= now()))
				AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END,
		to_char(k.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		k.revocation
	FROM fed_own_key k ORDER BY k.n
$$;
