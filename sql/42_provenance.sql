-- 42_provenance.sql - the provenance member of a rendered record: this
-- node's for its own rows, the origin's for a mirrored one, with whether it
-- is stale (docs/federation.md, sections 7 and 9).
-- needs: 0001

-- Is an origin's listing, fetched at fetched_at, stale now?
CREATE OR REPLACE FUNCTION dir_fed_is_stale(origin text, fetched_at timestamptz)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(greatest(
			(SELECT o.confirmed_at FROM fed_origin o WHERE o.node_id = origin),
			fetched_at), '-infinity')
		< now() - make_interval(secs => s.stale_after)
	FROM fed_setting s);
END $$;

-- The provenance of a mirrored row (fed not NULL).
CREATE OR REPLACE FUNCTION dir_fed_provenance(fed jsonb, kind text, rid uuid)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
	st text;
	at timestamptz;
BEGIN
	SELECT r.state, r.fetched_at INTO st, at FROM fed_record r
	WHERE r.type = kind AND r.id = rid;
	at := coalesce(at, (fed ->> 'fetched_at')::timestamptz);
	RETURN jsonb_build_object('origin_node', fed -> 'origin_node',
		'version', fed -> 'version', 'key_id', fed -> 'key_id',
		'fetched_at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'stale', dir_fed_is_stale(fed ->> 'origin_node', at),
		'state', coalesce(st, 'verified'));
END $$;

-- The provenance of a row: this node's for its own rows (fed NULL), the
-- origin's for a mirrored one. A plain expression (PL/pgSQL evaluates it
-- without the executor). The fed_* tables it reads come with migrations 0014-0016.
CREATE OR REPLACE FUNCTION dir_provenance(node_id text, version bigint, unchecked jsonb,
	fed jsonb, kind text, rid uuid)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN CASE WHEN fed IS NULL
		THEN jsonb_build_object('origin_node', node_id, 'version', version,
			'key_id', NULL, 'fetched_at', NULL, 'stale', false)
		ELSE dir_fed_provenance(fed, kind, rid) END
	|| CASE WHEN jsonb_typeof(unchecked) = 'array'
		AND jsonb_array_length(unchecked) > 0
		THEN jsonb_build_object('eligibility_unchecked', unchecked)
		ELSE '{}' END;
END $$;
