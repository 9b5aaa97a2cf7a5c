-- 36_put.sql - writing and deleting organizations, services and locations
-- (docs/data-model.md, "## Storage" and "### The path of one service write").
-- needs: 0001
--
-- dir_put_organization / dir_put_service / dir_put_location take one
-- validated HSDS JSON document and upsert it by id, with its child rows
-- (34_put_children.sql), the records it nests, and a service's
-- service_at_locations. scope_org is the organization a token may write
-- (NULL for the node admin).

-- dir_json_ids' unit of one capacity c (which has its id by then; below).
CREATE OR REPLACE FUNCTION dir_json_id_unit(c jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(c -> 'unit') = 'object' AND (c -> 'unit' ->> 'id') IS NULL
		THEN c || jsonb_build_object('unit', (c -> 'unit') || jsonb_build_object('id',
			coalesce(c ->> 'unit_id', md5((c ->> 'id') || '/unit')::uuid::text)))
		ELSE c END
$$;

-- The 3.1 objects kept as the JSON they came in (0150: url,
-- service_capacity and its unit) with the id each one's profile schema
-- requires (data/profile/): an id given is kept; a missing one is derived
-- from the parent's id, the member and the position (1-based), so every
-- write of the same list gives the same ids and a CSV export's unit_id
-- survives the round trip; a capacity's unit without an id takes the
-- capacity's unit_id, else one derived from the capacity's id. Anything
-- but an array is returned as it is.
CREATE OR REPLACE FUNCTION dir_json_ids(items jsonb, parent uuid, member text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(items) = 'array' THEN (
		SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(e) = 'object'
			THEN dir_json_id_unit(e || jsonb_build_object('id', coalesce(e ->> 'id',
				md5(parent::text || '/' || member || '/' || i)::uuid::text)))
			ELSE e END ORDER BY i), '[]'::jsonb)
		FROM jsonb_array_elements(items) WITH ORDINALITY AS a(e, i))
		ELSE items END
$$;

-- Refuse a write under a token scoped to another organization.
CREATE OR REPLACE FUNCTION dir_check_scope(scope_org uuid, org uuid, stored_org uuid,
	is_stored boolean, ptr text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF scope_org IS NULL THEN
		RETURN;
	END IF;
	IF org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/organization_id',
			'this token may only write records of its own organization');
	END IF;
	IF is_stored AND stored_org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this record belongs to another organization');
	END IF;
END $$;

-- After the upsert of a record under a token's scope: written is false when
-- the row it met belongs to another organization. The owner read before
-- the upsert (dir_check_scope) gives the usual refusal; this one covers a
-- record another organization created in the meantime. The upsert's
-- ON CONFLICT ... WHERE runs on the conflicting row once it is locked (the
-- second of two concurrent inserts of one id waits for the first to commit
-- and then sees its owner), so the check and the write cannot interleave.
CREATE OR REPLACE FUNCTION dir_check_upserted(written boolean, ptr text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF NOT written THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this record belongs to another organization');
	END IF;
END $$;

-- Whether the upsert of the record a write is about (ptr '', not a nested
-- one) inserted its row, for dir_check_created: xmax = 0 on the row an
-- INSERT ... ON CONFLICT DO UPDATE returns when it inserted, and the
-- locking transaction's id when it updated. Kept until the transaction
-- ends in the setting directoryd.created.
CREATE OR REPLACE FUNCTION dir_note_created(created boolean, ptr text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF ptr = '' THEN
		PERFORM set_config('directoryd.created', coalesce(created, false)::text, true);
	END IF;
END $$;

-- After a create (POST): refuse with 409, as for any POST of an id that
-- exists, when the upsert met a stored row instead of inserting one. The
-- API looks for the id before its transaction; a concurrent POST of the
-- same id by the same organization can commit in between, and its record
-- must not be overwritten (the refusal rolls this write back).
CREATE OR REPLACE FUNCTION dir_check_created(kind text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF current_setting('directoryd.created', true) IS DISTINCT FROM 'true' THEN
		PERFORM dir_refuse('DR409', 'conflict', '/id',
			'a ' || kind || ' with this id exists; change it with PUT');
	END IF;
END $$;

CREATE OR REPLACE FUNCTION dir_check_org_exists(org uuid, ptr text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF org IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organization WHERE id = org) THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr,
			'no organization has this id');
	END IF;
END $$;

CREATE OR REPLACE FUNCTION dir_put_location_at(doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	r location := dir_populate(NULL::location, doc, ptr);
	stored uuid;
	created boolean;
BEGIN
	r.organization_id := coalesce(r.organization_id, default_org, scope_org);
	r.id := coalesce(r.id, gen_random_uuid());
	SELECT organization_id INTO stored FROM location WHERE id = r.id;
	PERFORM dir_check_scope(scope_org, r.organization_id, stored, FOUND, ptr);
	PERFORM dir_check_org_exists(r.organization_id, ptr || '/organization_id');
	PERFORM dir_check_timezone(r.timezone_name, ptr || '/timezone_name');
	PERFORM dir_check_point(r.public_point, ptr || '/public_point');
	r.location_type := coalesce(r.location_type, 'physical');
	r.confidential := coalesce(r.confidential, false);
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO location (id, organization_id, location_type, url, name,
		alternate_name, description, transportation, latitude, longitude,
		external_identifier, external_identifier_type, contacts, accessibility,
		metadata, confidential, timezone_name, public_point, contact_channels,
		version, updated_at, eligibility_unchecked)
		VALUES (r.id, r.organization_id, r.location_type, r.url, r.name,
		r.alternate_name, r.description, r.transportation, r.latitude, r.longitude,
		r.external_identifier, r.external_identifier_type, r.contacts,
		r.accessibility, r.metadata, r.confidential, r.timezone_name,
		r.public_point, r.contact_channels, r.version, r.updated_at,
		r.eligibility_unchecked)
		ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
		location_type = EXCLUDED.location_type, url = EXCLUDED.url, name =
		EXCLUDED.name, alternate_name = EXCLUDED.alternate_name, description =
		EXCLUDED.description, transportation = EXCLUDED.transportation, latitude =
		EXCLUDED.latitude, longitude = EXCLUDED.longitude, external_identifier =
		EXCLUDED.external_identifier, external_identifier_type =
		EXCLUDED.external_identifier_type, contacts = EXCLUDED.contacts,
		accessibility = EXCLUDED.accessibility, metadata = EXCLUDED.metadata,
		confidential = EXCLUDED.confidential, timezone_name =
		EXCLUDED.timezone_name, public_point = EXCLUDED.public_point,
		contact_channels = EXCLUDED.contact_channels, version = EXCLUDED.version,
		updated_at = EXCLUDED.updated_at, eligibility_unchecked =
		EXCLUDED.eligibility_unchecked
		WHERE scope_org IS NULL OR location.organization_id = scope_org
		RETURNING xmax = 0 INTO created;
	PERFORM dir_check_upserted(FOUND, ptr);
	PERFORM dir_note_created(created, ptr);
	PERFORM dir_put_children(doc, ptr, 'location', r.id);
	RETURN r.id;
END $$;

CREATE OR REPLACE FUNCTION dir_put_organization_at(doc jsonb, scope_org uuid, ptr text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
	r organization := dir_populate(NULL::organization, doc, ptr);
	e record;
	created boolean;
BEGIN
	IF scope_org IS NOT NULL AND r.id IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this token may only write its own organization');
	END IF;
	r.id := coalesce(r.id, gen_random_uuid());
	r.description := coalesce(r.description, '');
	r.additional_websites := dir_json_ids(r.additional_websites, r.id, 'additional_websites');
	r.sex_worker_led := coalesce(r.sex_worker_led, false);
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO organization (id, name, alternate_name, description, email,
		website, tax_status, tax_id, year_incorporated, legal_status, logo, uri,
		parent_organization_id, funding, contacts, programs,
		organization_identifiers, metadata, sex_worker_led, translations, version,
		updated_at, eligibility_unchecked, additional_websites)
		VALUES (r.id, r.name, r.alternate_name, r.description, r.email, r.website,
		r.tax_status, r.tax_id, r.year_incorporated, r.legal_status, r.logo, r.uri,
		r.parent_organization_id, r.funding, r.contacts, r.programs,
		r.organization_identifiers, r.metadata, r.sex_worker_led, r.translations,
		r.version, r.updated_at, r.eligibility_unchecked, r.additional_websites)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, alternate_name =
		EXCLUDED.alternate_name, description = EXCLUDED.description, email =
		EXCLUDED.email, website = EXCLUDED.website, tax_status =
		EXCLUDED.tax_status, tax_id = EXCLUDED.tax_id, year_incorporated =
		EXCLUDED.year_incorporated, legal_status = EXCLUDED.legal_status, logo =
		EXCLUDED.logo, uri = EXCLUDED.uri, parent_organization_id =
		EXCLUDED.parent_organization_id, funding = EXCLUDED.funding, contacts =
		EXCLUDED.contacts, programs = EXCLUDED.programs, organization_identifiers =
		EXCLUDED.organization_identifiers, metadata = EXCLUDED.metadata,
		sex_worker_led = EXCLUDED.sex_worker_led, translations =
		EXCLUDED.translations, version = EXCLUDED.version, updated_at =
		EXCLUDED.updated_at, eligibility_unchecked = EXCLUDED.eligibility_unchecked,
		additional_websites = EXCLUDED.additional_websites
		RETURNING xmax = 0 INTO created;
	PERFORM dir_note_created(created, ptr);
	PERFORM dir_put_children(doc, ptr, 'organization', r.id);
	FOR e IN SELECT * FROM dir_items(doc -> 'locations', ptr || '/locations') LOOP
		PERFORM dir_put_nested('location', dir_with_unchecked(doc,
			'/locations/' || e.i, e.item), scope_org,
			ptr || '/locations/' || e.i, r.id);
	END LOOP;
	FOR e IN SELECT * FROM dir_items(doc -> 'services', ptr || '/services') LOOP
		PERFORM dir_put_service_at(dir_with_unchecked(doc,
			'/services/' || e.i, e.item), scope_org,
			ptr || '/services/' || e.i, r.id);
	END LOOP;
	RETURN r.id;
END $$;

-- The stored state of an organization or a location as a write leaves it:
-- its row without what every write changes (version, updated_at and the
-- generated columns) and its child rows without their surrogate keys; NULL
-- when there is none.
CREATE OR REPLACE FUNCTION dir_record_state(kind text, rid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	own jsonb;
BEGIN
	IF kind = 'organization' THEN
		SELECT to_jsonb(o) INTO own FROM organization o WHERE o.id = rid;
	ELSIF kind = 'location' THEN
		SELECT to_jsonb(l) INTO own FROM location l WHERE l.id = rid;
	END IF;
	IF own IS NULL THEN
		RETURN NULL;
	END IF;
	RETURN (own - '{version,updated_at,search_tsv,words_tsv,geo_lat,geo_lon}'::text[])
		|| jsonb_build_object(
		'phones', (SELECT coalesce(jsonb_agg((to_jsonb(p) - 'row_id')
			|| jsonb_build_object('languages', (SELECT coalesce(jsonb_agg(
				to_jsonb(g) - '{row_id,phone_row}'::text[] ORDER BY g.pos, g.row_id), '[]')
				FROM language g WHERE g.phone_row = p.row_id))
			ORDER BY p.pos, p.row_id), '[]') FROM phone p
			WHERE p.organization_id = dir_own(kind, 'organization', rid)
			   OR p.location_id = dir_own(kind, 'location', rid)),
		'schedules', (SELECT coalesce(jsonb_agg(to_jsonb(x) - 'row_id'
			ORDER BY x.pos, x.row_id), '[]') FROM schedule x
			WHERE x.location_id = dir_own(kind, 'location', rid)),
		'languages', (SELECT coalesce(jsonb_agg(to_jsonb(x) - 'row_id'
			ORDER BY x.pos, x.row_id), '[]') FROM language x
			WHERE x.location_id = dir_own(kind, 'location', rid)),
		'addresses', (SELECT coalesce(jsonb_agg(to_jsonb(x) - 'row_id'
			ORDER BY x.pos, x.row_id), '[]') FROM address x
			WHERE x.location_id = dir_own(kind, 'location', rid)),
		'attributes', (SELECT coalesce(jsonb_agg(to_jsonb(x) - 'row_id'
			ORDER BY x.pos, x.row_id), '[]') FROM attribute x
			WHERE x.organization_id = dir_own(kind, 'organization', rid)
			   OR x.location_id = dir_own(kind, 'location', rid)));
END $$;

-- Write an organization or a location nested in another record's document,
-- unless that changes nothing: the write runs in a subtransaction that is
-- rolled back when the record's state after it equals its state before. So
-- a service that nests its organization and locations as they are stored
-- gives them no new version and does not refresh the derived rows of the
-- organization's other services or of the services at those locations
-- (sql/20_derived.sql). An organization nesting locations or services of
-- its own is always written (they are written with it).
CREATE OR REPLACE FUNCTION dir_put_nested(kind text, doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	rid uuid := dir_uuid(doc -> 'id', ptr || '/id');
	before jsonb := dir_record_state(kind, rid);
	written uuid;
BEGIN
	IF before IS NULL OR (kind = 'organization' AND (doc ? 'locations' OR doc ? 'services')) THEN
		RETURN CASE kind WHEN 'organization' THEN dir_put_organization_at(doc, scope_org, ptr)
			ELSE dir_put_location_at(doc, scope_org, ptr, default_org) END;
	END IF;
	BEGIN
		written := CASE kind WHEN 'organization' THEN dir_put_organization_at(doc, scope_org, ptr)
			ELSE dir_put_location_at(doc, scope_org, ptr, default_org) END;
		IF dir_record_state(kind, written) = before THEN
			RAISE SQLSTATE 'DRNOP';
		END IF;
	EXCEPTION WHEN SQLSTATE 'DRNOP' THEN
		written := rid;
	END;
	RETURN written;
END $$;

-- The organization of a service: organization_id, or the nested
-- organization object (written too), or the enclosing organization's.
CREATE OR REPLACE FUNCTION dir_service_org(doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	org uuid := dir_uuid(doc -> 'organization_id', ptr || '/organization_id');
	o jsonb := doc -> 'organization';
	nested uuid;
BEGIN
	IF jsonb_typeof(o) = 'object' THEN
		nested := dir_uuid(o -> 'id', ptr || '/organization/id');
		IF org IS NOT NULL AND nested IS NOT NULL AND org <> nested THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/organization/id',
				'organization.id and organization_id name different organizations');
		END IF;
		nested := coalesce(nested, org, default_org, scope_org);
		IF nested IS NOT NULL THEN
			o := jsonb_set(o, '{id}', to_jsonb(nested::text));
		END IF;
		org := dir_put_nested('organization', dir_with_unchecked(doc, '/organization', o),
			scope_org, ptr || '/organization', NULL);
	END IF;
	IF default_org IS NOT NULL AND org IS DISTINCT FROM default_org
	   AND org IS NOT NULL THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/organization_id',
			'a service listed in an organization belongs to that organization');
	END IF;
	RETURN coalesce(org, default_org, scope_org);
END $$;

CREATE OR REPLACE FUNCTION dir_put_service_at(doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	org uuid := dir_service_org(doc, scope_org, ptr, default_org);
	r service := dir_populate(NULL::service, doc, ptr);
	stored uuid;
	created boolean;
BEGIN
	r.organization_id := org;
	r.id := coalesce(r.id, gen_random_uuid());
	r.additional_urls := dir_json_ids(r.additional_urls, r.id, 'additional_urls');
	r.capacities := dir_json_ids(r.capacities, r.id, 'capacities');
	SELECT organization_id INTO stored FROM service WHERE id = r.id;
	PERFORM dir_check_scope(scope_org, r.organization_id, stored, FOUND, ptr);
	PERFORM dir_check_org_exists(r.organization_id, ptr || '/organization_id');
	r.status := coalesce(r.status, 'active');
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO service (id, organization_id, program_id, name, alternate_name,
		description, url, email, status, interpretation_services,
		application_process, fees_description, wait_time, fees, accreditations,
		eligibility_description, minimum_age, maximum_age, assured_date,
		assurer_email, licenses, alert, last_modified, service_areas, funding,
		cost_options, program, required_documents, contacts, metadata,
		contact_channels, translations, version, updated_at, eligibility_unchecked,
		closed_until, additional_urls, capacities)
		VALUES (r.id, r.organization_id, r.program_id, r.name, r.alternate_name,
		r.description, r.url, r.email, r.status, r.interpretation_services,
		r.application_process, r.fees_description, r.wait_time, r.fees,
		r.accreditations, r.eligibility_description, r.minimum_age, r.maximum_age,
		r.assured_date, r.assurer_email, r.licenses, r.alert, r.last_modified,
		r.service_areas, r.funding, r.cost_options, r.program, r.required_documents,
		r.contacts, r.metadata, r.contact_channels, r.translations, r.version,
		r.updated_at, r.eligibility_unchecked, r.closed_until, r.additional_urls,
		r.capacities)
		ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
		program_id = EXCLUDED.program_id, name = EXCLUDED.name, alternate_name =
		EXCLUDED.alternate_name, description = EXCLUDED.description, url =
		EXCLUDED.url, email = EXCLUDED.email, status = EXCLUDED.status,
		interpretation_services = EXCLUDED.interpretation_services,
		application_process = EXCLUDED.application_process, fees_description =
		EXCLUDED.fees_description, wait_time = EXCLUDED.wait_time, fees =
		EXCLUDED.fees, accreditations = EXCLUDED.accreditations,
		eligibility_description = EXCLUDED.eligibility_description, minimum_age =
		EXCLUDED.minimum_age, maximum_age = EXCLUDED.maximum_age, assured_date =
		EXCLUDED.assured_date, assurer_email = EXCLUDED.assurer_email, licenses =
		EXCLUDED.licenses, alert = EXCLUDED.alert, last_modified =
		EXCLUDED.last_modified, service_areas = EXCLUDED.service_areas, funding =
		EXCLUDED.funding, cost_options = EXCLUDED.cost_options, program =
		EXCLUDED.program, required_documents = EXCLUDED.required_documents, contacts
		= EXCLUDED.contacts, metadata = EXCLUDED.metadata, contact_channels =
		EXCLUDED.contact_channels, translations = EXCLUDED.translations, version =
		EXCLUDED.version, updated_at = EXCLUDED.updated_at, eligibility_unchecked =
		EXCLUDED.eligibility_unchecked, closed_until = EXCLUDED.closed_until,
		additional_urls = EXCLUDED.additional_urls, capacities = EXCLUDED.capacities
		WHERE scope_org IS NULL OR service.organization_id = scope_org
		RETURNING xmax = 0 INTO created;
	PERFORM dir_check_upserted(FOUND, ptr);
	PERFORM dir_note_created(created, ptr);
	PERFORM dir_put_children(doc, ptr, 'service', r.id);
	PERFORM dir_put_service_at_locations(doc, ptr, r.id, org, scope_org);
	RETURN r.id;
END $$;

-- The location of one service_at_location: nested (written too) or by id.
CREATE OR REPLACE FUNCTION dir_sal_location(sdoc jsonb, i int, ptr text, org uuid,
	scope_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	item jsonb := sdoc -> 'service_at_locations' -> i;
	lid uuid := dir_uuid(item -> 'location_id', ptr || '/location_id');
	loc jsonb := item -> 'location';
	nested uuid;
	lorg uuid;
BEGIN
	IF jsonb_typeof(loc) = 'object' THEN
		nested := dir_uuid(loc -> 'id', ptr || '/location/id');
		IF lid IS NOT NULL AND nested IS NOT NULL AND lid <> nested THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/location/id',
				'location.id and location_id name different locations');
		END IF;
		IF nested IS NULL AND lid IS NOT NULL THEN
			loc := jsonb_set(loc, '{id}', to_jsonb(lid::text));
		END IF;
		RETURN dir_put_nested('location', dir_with_unchecked(sdoc,
			'/service_at_locations/' || i || '/location', loc),
			scope_org, ptr || '/location', org);
	END IF;
	IF lid IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT organization_id INTO lorg FROM location WHERE id = lid;
	IF NOT FOUND THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/location_id',
			'no location has this id');
	END IF;
	IF scope_org IS NOT NULL AND lorg IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/location_id',
			'this location belongs to another organization');
	END IF;
	RETURN lid;
END $$;

-- Replace a service's service_at_locations with the document's.
CREATE OR REPLACE FUNCTION dir_put_service_at_locations(sdoc jsonb, sptr text, svc uuid,
	org uuid, scope_org uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	e record;
	r service_at_location;
	ptr text;
	keep uuid[] := '{}';
BEGIN
	FOR e IN SELECT * FROM dir_items(sdoc -> 'service_at_locations',
			sptr || '/service_at_locations') LOOP
		ptr := sptr || '/service_at_locations/' || e.i;
		r := dir_populate(NULL::service_at_location, e.item, ptr);
		IF r.service_id IS DISTINCT FROM svc AND r.service_id IS NOT NULL THEN
			PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/service_id',
				'service_id names another service than the one written');
		END IF;
		r.id := coalesce(r.id, gen_random_uuid());
		IF EXISTS (SELECT 1 FROM service_at_location
			   WHERE id = r.id AND service_id <> svc) THEN
			PERFORM dir_refuse('DR409', 'conflict', ptr || '/id',
				'this service_at_location belongs to another service');
		END IF;
		r.service_id := svc;
		r.location_id := dir_sal_location(sdoc, e.i, ptr, org, scope_org);
		r.pos := e.i;
		INSERT INTO service_at_location (id, service_id, location_id, description,
			contacts, metadata, pos, service_areas)
			VALUES (r.id, r.service_id, r.location_id, r.description, r.contacts,
			r.metadata, r.pos, r.service_areas)
			ON CONFLICT (id) DO UPDATE SET service_id = EXCLUDED.service_id, location_id
			= EXCLUDED.location_id, description = EXCLUDED.description, contacts =
			EXCLUDED.contacts, metadata = EXCLUDED.metadata, pos = EXCLUDED.pos,
			service_areas = EXCLUDED.service_areas
			WHERE service_at_location.service_id = EXCLUDED.service_id;
		IF NOT FOUND THEN
			PERFORM dir_refuse('DR409', 'conflict', ptr || '/id',
				'this service_at_location belongs to another service');
		END IF;
		PERFORM dir_put_children(e.item, ptr, 'service_at_location', r.id);
		keep := keep || r.id;
	END LOOP;
	DELETE FROM service_at_location WHERE service_id = svc AND id <> ALL (keep);
END $$;

-- The public entry points (docs/data-model.md, "## Storage").
-- scope_org NULL: node admin; otherwise the organization a token may write.
CREATE OR REPLACE FUNCTION dir_put_organization(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_organization_at(doc, scope_org, '') $$;

CREATE OR REPLACE FUNCTION dir_put_service(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_service_at(doc, scope_org, '', NULL) $$;

CREATE OR REPLACE FUNCTION dir_put_location(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_location_at(doc, scope_org, '', NULL) $$;

-- The same for POST, which creates: 409 when the id was stored meanwhile
-- (dir_check_created). kind: organization, service or location.
CREATE OR REPLACE FUNCTION dir_create(kind text, doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	rid uuid;
BEGIN
	PERFORM set_config('directoryd.created', '', true);
	rid := CASE kind
		WHEN 'organization' THEN dir_put_organization_at(doc, scope_org, '')
		WHEN 'service' THEN dir_put_service_at(doc, scope_org, '', NULL)
		WHEN 'location' THEN dir_put_location_at(doc, scope_org, '', NULL) END;
	IF rid IS NULL THEN
		RAISE EXCEPTION 'dir_create: no kind "%"', kind;
	END IF;
	PERFORM dir_check_created(kind);
	RETURN rid;
END $$;

CREATE OR REPLACE FUNCTION dir_create_organization(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_create('organization', doc, scope_org) $$;

CREATE OR REPLACE FUNCTION dir_create_service(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_create('service', doc, scope_org) $$;

CREATE OR REPLACE FUNCTION dir_create_location(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_create('location', doc, scope_org) $$;

-- Deleting cascades: an organization takes its services and locations with
-- it, a service its service_at_locations, and so on. False when absent.
CREATE OR REPLACE FUNCTION dir_delete_check(stored_org uuid, is_stored boolean, scope_org uuid)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF is_stored AND scope_org IS NOT NULL AND stored_org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', '',
			'this record belongs to another organization');
	END IF;
END $$;

CREATE OR REPLACE FUNCTION dir_delete_organization(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_delete_check(rid, EXISTS (SELECT 1 FROM organization WHERE id = rid),
		scope_org);
	DELETE FROM organization WHERE id = rid;
	RETURN FOUND;
END $$;

CREATE OR REPLACE FUNCTION dir_delete_service(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM service WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM service WHERE id = rid;
	RETURN FOUND;
END $$;

CREATE OR REPLACE FUNCTION dir_delete_location(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM location WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM location WHERE id = rid;
	RETURN FOUND;
END $$;
