-- 70_jsonpatch.sql - RFC 6902 JSON Patch differences between jsonb values,
-- and their inverses, for the audit trail (72_audit.sql). The revert applies
-- the inverse with directoryd/auth/jsonpatch.c, which follows the same rules.
-- needs: none

-- An object member name as an RFC 6901 reference token.
CREATE OR REPLACE FUNCTION dir_jp_escape(k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT replace(replace(k, '~', '~0'), '/', '~1')
$$;

-- An RFC 6901 pointer as the text[] path of jsonb's #> operator.
CREATE OR REPLACE FUNCTION dir_jp_path(ptr text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN ptr = '' THEN '{}'::text[] ELSE ARRAY(
		SELECT replace(replace(t, '~1', '/'), '~0', '~')
		FROM unnest(string_to_array(substr(ptr, 2), '/')) WITH ORDINALITY AS u (t, n)
		ORDER BY n) END
$$;

-- The JSON Patch from a to b (SQL NULL is the JSON null: a record that does
-- not exist). Objects member by member, arrays of the same length element by
-- element; anything else is replaced whole. The same rules as the applier in
-- directoryd/auth/jsonpatch.c, which the revert uses.
CREATE OR REPLACE FUNCTION dir_jp_diff(a jsonb, b jsonb, ptr text DEFAULT '') RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
	ops jsonb := '[]';
	k text;
BEGIN
	a := coalesce(a, 'null');
	b := coalesce(b, 'null');
	IF a = b THEN
		RETURN ops;
	END IF;
	IF jsonb_typeof(a) = 'object' AND jsonb_typeof(b) = 'object' THEN
		FOR k IN SELECT x FROM jsonb_object_keys(a) AS x ORDER BY x LOOP
			IF b ? k THEN
				ops := ops || dir_jp_diff(a -> k, b -> k, ptr || '/' || dir_jp_escape(k));
			ELSE
				ops := ops || jsonb_build_array(jsonb_build_object('op', 'remove',
					'path', ptr || '/' || dir_jp_escape(k)));
			END IF;
		END LOOP;
		FOR k IN SELECT x FROM jsonb_object_keys(b) AS x WHERE NOT a ? x ORDER BY x LOOP
			ops := ops || jsonb_build_array(jsonb_build_object('op', 'add',
				'path', ptr || '/' || dir_jp_escape(k), 'value', b -> k));
		END LOOP;
		RETURN ops;
	END IF;
	IF jsonb_typeof(a) = 'array' AND jsonb_typeof(b) = 'array'
	   AND jsonb_array_length(a) = jsonb_array_length(b) THEN
		FOR i IN 0 .. jsonb_array_length(a) - 1 LOOP
			ops := ops || dir_jp_diff(a -> i, b -> i, ptr || '/' || i);
		END LOOP;
		RETURN ops;
	END IF;
	RETURN jsonb_build_array(jsonb_build_object('op', 'replace', 'path', ptr, 'value', b));
END $$;

-- The patch that turns after back into before, each replace and remove
-- preceded by a "test" of the value after holds there, so that applying it
-- to a record changed since fails instead of overwriting the later change.
CREATE OR REPLACE FUNCTION dir_jp_inverse(before jsonb, after jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(jsonb_agg(x ORDER BY n, m), '[]')
	FROM jsonb_array_elements(dir_jp_diff(after, before)) WITH ORDINALITY AS o (op, n),
	LATERAL (SELECT jsonb_build_object('op', 'test', 'path', o.op ->> 'path',
			'value', coalesce(coalesce(after, 'null') #> dir_jp_path(o.op ->> 'path'),
				'null')), 1
		WHERE o.op ->> 'op' <> 'add'
		UNION ALL SELECT o.op, 2) AS t (x, m)
$$;
