-- 30_input.sql - reading a validated HSDS document in the write functions:
-- refusals with their JSON Pointer, UUIDs, arrays, records from objects, and
-- the eligibility checker's list of texts it could not check.
-- needs: 0001
--
-- Refusals are raised with a SQLSTATE of class DR, the JSON Pointer of the
-- field in DETAIL and the error code in HINT (db.h).

-- Raise a refusal. state: 'DR400', 'DR403', 'DR404' or 'DR409'.
CREATE OR REPLACE FUNCTION dir_refuse(state text, code text, ptr text, msg text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = state, MESSAGE = msg,
		DETAIL = coalesce(ptr, ''), HINT = code;
END $$;

-- A JSON value that must be a UUID or absent; NULL when absent.
CREATE OR REPLACE FUNCTION dir_uuid(v jsonb, ptr text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
		RETURN NULL;
	END IF;
	IF jsonb_typeof(v) <> 'string' OR (v #>> '{}') !~*
	   '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
		PERFORM dir_refuse('DR400', 'invalid_uuid', ptr,
			'this identifier is not a UUID');
	END IF;
	RETURN (v #>> '{}')::uuid;
END $$;

-- The elements of a JSON array (none for an absent member), refusing any
-- other type.
CREATE OR REPLACE FUNCTION dir_items(v jsonb, ptr text)
RETURNS TABLE (item jsonb, i int) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
		RETURN;
	END IF;
	IF jsonb_typeof(v) <> 'array' THEN
		PERFORM dir_refuse('DR400', 'wrong_type', ptr, 'this must be an array');
	END IF;
	RETURN QUERY SELECT e, (n - 1)::int FROM jsonb_array_elements(v)
		WITH ORDINALITY AS t (e, n);
END $$;

-- jsonb_populate_record that names the field whose value does not fit
-- its column (a date that is not a date, say) instead of failing blindly.
CREATE OR REPLACE FUNCTION dir_populate(base anyelement, doc jsonb, ptr text)
RETURNS anyelement LANGUAGE plpgsql AS $$
DECLARE
	k text;
BEGIN
	IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
		PERFORM dir_refuse('DR400', 'wrong_type', ptr, 'this must be an object');
	END IF;
	RETURN jsonb_populate_record(base, doc);
EXCEPTION WHEN data_exception THEN
	FOR k IN SELECT jsonb_object_keys(doc) LOOP
		BEGIN
			PERFORM jsonb_populate_record(base, jsonb_build_object(k, doc -> k));
		EXCEPTION WHEN data_exception THEN
			PERFORM dir_refuse('DR400', 'invalid_value',
				ptr || '/' || replace(replace(k, '~', '~0'), '/', '~1'),
				'this value does not have the form its field needs');
		END;
	END LOOP;
	PERFORM dir_refuse('DR400', 'invalid_value', ptr,
		'a value does not have the form its field needs');
	RETURN NULL;
END $$;

-- The eligibility checker's list of texts it could not check (JSON
-- Pointers into the document), which the caller puts in the document as
-- "eligibility_unchecked" (or "provenance": {"eligibility_unchecked"}).
CREATE OR REPLACE FUNCTION dir_unchecked(doc jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(l) = 'array' THEN l ELSE '[]' END
	FROM coalesce(doc -> 'eligibility_unchecked',
		doc -> 'provenance' -> 'eligibility_unchecked') AS l
$$;

-- The pointers of that list that lie under prefix, relative to it (prefix
-- '' keeps the pointers not under any of the nested records, which get
-- their own part of the list).
CREATE OR REPLACE FUNCTION dir_unchecked_under(doc jsonb, prefix text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_agg(to_jsonb(substr(p, length(prefix) + 1))), '[]')
	FROM jsonb_array_elements_text(dir_unchecked(doc)) AS p
	WHERE CASE WHEN prefix = ''
		THEN p !~ '^/(organization|service_at_locations/[0-9]+/location|locations/[0-9]+|services/[0-9]+)(/|$)'
		ELSE p = prefix OR starts_with(p, prefix || '/') END
$$;

-- Copy the list of unchecked pointers of a nested record into its document.
CREATE OR REPLACE FUNCTION dir_with_unchecked(parent jsonb, prefix text, child jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(child) = 'object' THEN
		(child - 'provenance') || jsonb_build_object('eligibility_unchecked',
			dir_unchecked_under(parent, prefix))
		ELSE child END
$$;

-- A public_point: numeric latitude and longitude in range, or absent.
CREATE OR REPLACE FUNCTION dir_check_point(p jsonb, ptr text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF p IS NOT NULL AND (jsonb_typeof(p -> 'latitude') IS DISTINCT FROM 'number'
	   OR jsonb_typeof(p -> 'longitude') IS DISTINCT FROM 'number'
	   OR abs((p ->> 'latitude')::numeric) > 90
	   OR abs((p ->> 'longitude')::numeric) > 180) THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr,
			'public_point needs a numeric latitude (-90..90) and longitude (-180..180)');
	END IF;
END $$;

-- A timezone_name PostgreSQL knows (an IANA name), or absent.
CREATE OR REPLACE FUNCTION dir_check_timezone(tz text, ptr text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF tz IS NULL THEN
		RETURN;
	END IF;
	IF tz !~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' THEN
		RAISE invalid_parameter_value;
	END IF;
	PERFORM now() AT TIME ZONE tz;
EXCEPTION WHEN invalid_parameter_value THEN
	PERFORM dir_refuse('DR400', 'invalid_value', ptr,
		'timezone_name must be an IANA time zone name such as Europe/Zurich');
END $$;

-- A query parameter that must be an ISO 8601 time stamp. Declared
-- IMMUTABLE so that the planner evaluates it once, with the statement's
-- value; directoryd sessions always run with TimeZone UTC (db_connect).
CREATE OR REPLACE FUNCTION dir_param_time(v text, name text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	-- a date alone is its first instant in UTC, whatever the session's zone
	IF v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
		RETURN (v || 'T00:00:00Z')::timestamptz;
	END IF;
	RETURN v::timestamptz;
EXCEPTION WHEN data_exception THEN
	PERFORM dir_refuse('DR400', 'invalid_parameter', name,
		name || ' must be an ISO 8601 date or date and time');
	RETURN NULL;
END $$;
