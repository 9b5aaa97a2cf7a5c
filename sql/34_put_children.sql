-- 34_put_children.sql - the child rows of a record (phones and their
-- languages, schedules, languages, attributes, addresses): a write replaces
-- them with the document's.
-- needs: 0001

-- Owner columns of child rows: exactly one of them is set, named by owner
-- ('organization', 'service', 'location' or 'service_at_location').
CREATE OR REPLACE FUNCTION dir_own(owner text, want text, id uuid) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN owner = want THEN id END $$;

-- Remove the child rows a record owns directly, before writing the
-- document's (languages of phones go with their phones).
CREATE OR REPLACE FUNCTION dir_clear_children(owner text, oid uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM phone WHERE organization_id = dir_own(owner, 'organization', oid)
		OR service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM schedule WHERE service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM language WHERE service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid);
	DELETE FROM attribute WHERE organization_id = dir_own(owner, 'organization', oid)
		OR service_id = dir_own(owner, 'service', oid)
		OR location_id = dir_own(owner, 'location', oid)
		OR service_at_location_id = dir_own(owner, 'service_at_location', oid);
	DELETE FROM address WHERE location_id = dir_own(owner, 'location', oid);
END $$;

-- languages[] of a service, a location (owner) or a phone (phone_row).
CREATE OR REPLACE FUNCTION dir_put_languages(items jsonb, ptr text, owner text, oid uuid,
	phone_row bigint, phone_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r language;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::language, e.item, ptr || '/' || e.i);
		INSERT INTO language (id, service_id, location_id, phone_row, phone_id,
			name, code, note, metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			phone_row, phone_id, r.name, r.code, r.note, r.metadata, e.i);
	END LOOP;
END $$;

CREATE OR REPLACE FUNCTION dir_put_phones(items jsonb, ptr text, owner text, oid uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r phone;
	rid bigint;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::phone, e.item - 'languages', ptr || '/' || e.i);
		IF r.number IS NULL THEN
			PERFORM dir_refuse('DR400', 'missing_field',
				ptr || '/' || e.i || '/number', 'a phone needs its number');
		END IF;
		r.id := coalesce(r.id, gen_random_uuid());
		INSERT INTO phone (id, organization_id, service_id, location_id,
			service_at_location_id, contact_id, number, extension, type,
			description, metadata, pos)
		VALUES (r.id, dir_own(owner, 'organization', oid),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			dir_own(owner, 'service_at_location', oid), r.contact_id, r.number,
			r.extension, r.type, r.description, r.metadata, e.i)
		RETURNING row_id INTO rid;
		PERFORM dir_put_languages(e.item -> 'languages',
			ptr || '/' || e.i || '/languages', 'phone', NULL, rid, r.id);
	END LOOP;
END $$;

CREATE OR REPLACE FUNCTION dir_put_schedules(items jsonb, ptr text, owner text, oid uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r schedule;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::schedule, e.item, ptr || '/' || e.i);
		INSERT INTO schedule (id, service_id, location_id, service_at_location_id,
			valid_from, valid_to, dtstart, timezone, until, count, wkst, freq,
			"interval", byday, byweekno, bymonthday, byyearday, description,
			opens_at, closes_at, schedule_link, attending_type, notes,
			metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()),
			dir_own(owner, 'service', oid), dir_own(owner, 'location', oid),
			dir_own(owner, 'service_at_location', oid),
			r.valid_from, r.valid_to, r.dtstart, r.timezone, r.until, r.count,
			r.wkst, r.freq, r."interval", r.byday, r.byweekno, r.bymonthday,
			r.byyearday, r.description, r.opens_at, r.closes_at,
			r.schedule_link, r.attending_type, r.notes, r.metadata, e.i);
	END LOOP;
END $$;

-- attributes[]: link_entity and link_id name the record they are on.
-- The rows are checked one by one and inserted in one statement, so that
-- the search-key trigger (52_service_key.sql) runs once a record, not once an attribute
-- (a service carries 5 to 10 of them; docs/performance.md, "## Federation
-- sync").
CREATE OR REPLACE FUNCTION dir_put_attributes(items jsonb, ptr text, owner text, oid uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r attribute;
	rs attribute[] := '{}';
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::attribute, e.item - 'taxonomy_term',
			ptr || '/' || e.i);
		r.taxonomy_term_id := dir_resolve_term(e.item, ptr || '/' || e.i);
		r.id := coalesce(r.id, gen_random_uuid());
		r.pos := e.i;
		rs := rs || r;
	END LOOP;
	IF cardinality(rs) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO attribute (id, link_id, link_type, link_entity,
		taxonomy_term_id, value, metadata, organization_id, service_id,
		location_id, service_at_location_id, pos, label)
	SELECT x.id, oid, x.link_type, owner, x.taxonomy_term_id, x.value, x.metadata,
		dir_own(owner, 'organization', oid), dir_own(owner, 'service', oid),
		dir_own(owner, 'location', oid),
		dir_own(owner, 'service_at_location', oid), x.pos, x.label
	FROM unnest(rs) AS x ORDER BY x.pos;
END $$;

CREATE OR REPLACE FUNCTION dir_put_addresses(items jsonb, ptr text, loc uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r address;
BEGIN
	FOR e IN SELECT * FROM dir_items(items, ptr) LOOP
		r := dir_populate(NULL::address, e.item, ptr || '/' || e.i);
		INSERT INTO address (id, location_id, attention, address_1, address_2,
			city, region, state_province, postal_code, country, address_type,
			metadata, pos)
		VALUES (coalesce(r.id, gen_random_uuid()), loc, r.attention,
			r.address_1, r.address_2, r.city, r.region, r.state_province,
			r.postal_code, r.country, r.address_type, r.metadata, e.i);
	END LOOP;
END $$;

-- Write the child rows a document carries for its record.
CREATE OR REPLACE FUNCTION dir_put_children(doc jsonb, ptr text, owner text, oid uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_clear_children(owner, oid);
	PERFORM dir_put_phones(doc -> 'phones', ptr || '/phones', owner, oid);
	IF owner <> 'organization' THEN
		PERFORM dir_put_schedules(doc -> 'schedules', ptr || '/schedules', owner, oid);
	END IF;
	IF owner IN ('service', 'location') THEN
		PERFORM dir_put_languages(doc -> 'languages', ptr || '/languages',
			owner, oid, NULL, NULL);
	END IF;
	IF owner = 'location' THEN
		PERFORM dir_put_addresses(doc -> 'addresses', ptr || '/addresses', oid);
	END IF;
	PERFORM dir_put_attributes(doc -> 'attributes', ptr || '/attributes', owner, oid);
END $$;
