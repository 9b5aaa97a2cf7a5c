-- 20_derived.sql - derived tables kept current at commit: the one mechanism
-- behind service_key, search_place, service_list_cache and the federation
-- publishing queue fed_dirty (docs/data-model.md, "## Derived tables").
-- needs: 0018
--
-- A derived table (a "target") holds rows computed from the HSDS tables, one
-- row per key (a service id, a folded city name, a record type and id).
-- Statement triggers on its source tables, written in the target's own file
-- under sql/, call dir_derived_mark(target, keys) with the keys whose
-- sources the statement changed. At commit a deferred trigger calls
-- dir_derived_flush(), which hands each target the keys marked by this
-- transaction, once each, to its refresh function dir_<target>_refresh(keys
-- text[]). A write that touches a dozen child rows of one service, or an
-- import of a thousand services in one transaction, so refreshes each key
-- once. Until the commit the writing transaction itself still reads the
-- derived rows from before it.
--
-- Adding a target: a table from a numbered migration, a file here with
-- dir_<target>_refresh(text[]) (which recomputes the rows of those keys and
-- deletes those whose source is gone) and the statement triggers that mark
-- it, and a migration that fills the table with a call of the refresh
-- function over every key.

-- Mark keys of a target as changed by this transaction (NULL keys ignored).
CREATE OR REPLACE FUNCTION dir_derived_mark(target text, keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(keys) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO derived_dirty (target, key)
	SELECT DISTINCT target, k FROM unnest(keys) AS k WHERE k IS NOT NULL
	ON CONFLICT DO NOTHING;
END $$;

-- Refresh what this transaction marked, of one target or (NULL) of all, and
-- say how many keys each target refreshed. Refreshing may mark other
-- targets; they are refreshed in the same call (a chain of more than ten
-- targets marking each other is a bug, and refused).
CREATE OR REPLACE FUNCTION dir_derived_flush(only_target text DEFAULT NULL)
RETURNS TABLE (target text, refreshed int)
LANGUAGE plpgsql AS $$
DECLARE
	batch record;
	more boolean := true;
	rounds int := 0;
BEGIN
	WHILE more LOOP
		more := false;
		rounds := rounds + 1;
		IF rounds > 10 THEN
			RAISE EXCEPTION 'derived tables keep marking each other';
		END IF;
		FOR batch IN
			WITH d AS (DELETE FROM derived_dirty x
				WHERE x.tx = pg_current_xact_id()
				  AND (only_target IS NULL OR x.target = only_target)
				RETURNING x.target AS t, x.key AS k)
			SELECT d.t, array_agg(d.k ORDER BY d.k) AS ks FROM d GROUP BY d.t ORDER BY d.t
		LOOP
			EXECUTE format('SELECT %I($1)', 'dir_' || batch.t || '_refresh') USING batch.ks;
			target := batch.t;
			refreshed := cardinality(batch.ks);
			more := true;
			RETURN NEXT;
		END LOOP;
	END LOOP;
END $$;

-- At commit: a deferred constraint trigger, one event per marked row; the
-- first does the work and the others find nothing left.
CREATE OR REPLACE FUNCTION dir_derived_trg_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_derived_flush();
	RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER derived_flush AFTER INSERT ON derived_dirty
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION dir_derived_trg_flush();
