-- 14_triggers.sql - the statement triggers a derived table (20_derived.sql)
-- puts on each of its source tables, made by one call instead of a
-- CREATE TRIGGER block per event.
-- needs: none

-- For each event of events ('insert', 'update', 'delete'), the trigger
-- <name>_<event> AFTER that event ON tab FOR EACH STATEMENT, running fn()
-- with the transition tables the event has: nt the new rows (insert,
-- update), ot the old rows (update, delete).
CREATE OR REPLACE FUNCTION dir_statement_triggers(name text, tab text, fn text, events text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	ev text;
	tables text;
BEGIN
	FOREACH ev IN ARRAY events LOOP
		tables := CASE ev WHEN 'insert' THEN 'NEW TABLE AS nt'
			WHEN 'update' THEN 'NEW TABLE AS nt OLD TABLE AS ot'
			WHEN 'delete' THEN 'OLD TABLE AS ot' END;
		IF tables IS NULL THEN
			RAISE EXCEPTION 'dir_statement_triggers: no event "%"', ev;
		END IF;
		EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s '
			'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
			name || '_' || ev, upper(ev), tab, tables, fn);
	END LOOP;
END $$;
