-- multiply.sql - copies of an imported directory, for the search benchmark
-- (bench/search/run, BENCH_IMPORT_SERVICES): importing through
-- `directoryd import-hsds` takes about 0.2 s per service on the shared
-- 2-core machine, so 100,000 services are made as copies of the imported
-- ones, in SQL, with the database's own triggers (the derived tables:
-- search keys, list texts, places, the publishing queue) filling in what an
-- import would, but for the audit trail (below).
--
-- Copy n of a record has the id md5(old id || ':' || n) (every uuid column
-- but taxonomy_term_id is mapped, so a copy's links stay inside the copy)
-- and otherwise the same columns: the same names, texts, cities,
-- coordinates and terms. A query therefore finds n + 1 times what it finds
-- in the imported directory, in the same proportions.
--
--   psql -v ON_ERROR_STOP=1 -f multiply.sql                 once: bench.copy()
--   psql -c 'SELECT bench.copy(1)'; ... 'SELECT bench.copy(99)'   one transaction each
--
-- The functions live in the schema "bench", which `directoryd migrate`
-- leaves alone.

CREATE SCHEMA IF NOT EXISTS bench;

-- The imported records (copied, never copies): by id, or by row_id for the
-- tables whose rows have no required id.
CREATE TABLE IF NOT EXISTS bench.original (t text NOT NULL, id uuid, row_id bigint);
INSERT INTO bench.original (t, id)
SELECT 'organization', id FROM organization
WHERE NOT EXISTS (SELECT 1 FROM bench.original)
UNION ALL SELECT 'location', id FROM location WHERE NOT EXISTS (SELECT 1 FROM bench.original)
UNION ALL SELECT 'service', id FROM service WHERE NOT EXISTS (SELECT 1 FROM bench.original)
UNION ALL SELECT 'service_at_location', id FROM service_at_location
WHERE NOT EXISTS (SELECT 1 FROM bench.original);
INSERT INTO bench.original (t, row_id)
SELECT x.t, x.row_id FROM (
	SELECT 'address' AS t, row_id FROM address
	UNION ALL SELECT 'phone', row_id FROM phone
	UNION ALL SELECT 'schedule', row_id FROM schedule
	UNION ALL SELECT 'language', row_id FROM language
	UNION ALL SELECT 'attribute', row_id FROM attribute) x
WHERE NOT EXISTS (SELECT 1 FROM bench.original WHERE row_id IS NOT NULL);
CREATE INDEX IF NOT EXISTS original_t ON bench.original (t, id, row_id);

CREATE OR REPLACE FUNCTION bench.id(old uuid, n integer) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
	SELECT md5(old::text || ':' || n)::uuid
$$;

-- Copy n of every imported record, parents first.
CREATE OR REPLACE FUNCTION bench.copy(n integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	t text;
	cols text;
	vals text;
	byrow boolean;
BEGIN
	FOREACH t IN ARRAY ARRAY['organization', 'location', 'address', 'service',
		'service_at_location', 'phone', 'schedule', 'language', 'attribute'] LOOP
		SELECT string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position),
			string_agg(CASE WHEN c.data_type = 'uuid' AND c.column_name <> 'taxonomy_term_id'
				THEN format('bench.id(r.%I, %s)', c.column_name, n)
				ELSE 'r.' || quote_ident(c.column_name) END, ', ' ORDER BY c.ordinal_position)
		INTO cols, vals
		FROM information_schema.columns c
		WHERE c.table_schema = 'public' AND c.table_name = t AND c.is_generated = 'NEVER'
		  AND c.column_name NOT IN ('row_id', 'phone_row');
		byrow := EXISTS (SELECT 1 FROM information_schema.columns c
			WHERE c.table_schema = 'public' AND c.table_name = t AND c.column_name = 'row_id');
		EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM public.%I r'
			' JOIN bench.original o ON o.t = %L AND %s', t, cols, vals, t, t,
			CASE WHEN byrow THEN 'o.row_id = r.row_id' ELSE 'o.id = r.id' END);
	END LOOP;
	-- The audit trail of the copies is left out: it is nine tenths of the
	-- cost of a copy (a rendered body and a JSON patch per record) and no
	-- search reads it.
	DELETE FROM derived_dirty d WHERE d.target = 'audit' AND d.tx = pg_current_xact_id();
END $$;
