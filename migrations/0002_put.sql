-- 0002_put.sql - writing HSDS documents into the tables.
--
-- dir_put_organization / dir_put_service / dir_put_location take one
-- validated HSDS JSON document and upsert it by id, replacing the child rows
-- (phones, schedules, languages, attributes, addresses, and a service's
-- service_at_locations) with the document's. Refusals are raised with a
-- SQLSTATE of class DR, the JSON Pointer of the field in DETAIL and the
-- error code in HINT (see db.h). docs/data-model.md, "## Storage".

-- Raise a refusal. state: 'DR400', 'DR403', 'DR404' or 'DR409'.
CREATE FUNCTION dir_refuse(state text, code text, ptr text, msg text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = state, MESSAGE = msg,
		DETAIL = coalesce(ptr, ''), HINT = code;
END $$;

-- A JSON value that must be a UUID or absent; NULL when absent.
CREATE FUNCTION dir_uuid(v jsonb, ptr text) RETURNS uuid
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
CREATE FUNCTION dir_items(v jsonb, ptr text)
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
CREATE FUNCTION dir_populate(base anyelement, doc jsonb, ptr text)
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
CREATE FUNCTION dir_unchecked(doc jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(l) = 'array' THEN l ELSE '[]' END
	FROM coalesce(doc -> 'eligibility_unchecked',
		doc -> 'provenance' -> 'eligibility_unchecked') AS l
$$;

-- The pointers of that list that lie under prefix, relative to it (prefix
-- '' keeps the pointers not under any of the nested records, which get
-- their own part of the list).
CREATE FUNCTION dir_unchecked_under(doc jsonb, prefix text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_agg(to_jsonb(substr(p, length(prefix) + 1))), '[]')
	FROM jsonb_array_elements_text(dir_unchecked(doc)) AS p
	WHERE CASE WHEN prefix = ''
		THEN p !~ '^/(organization|service_at_locations/[0-9]+/location|locations/[0-9]+|services/[0-9]+)(/|$)'
		ELSE p = prefix OR starts_with(p, prefix || '/') END
$$;

-- Copy the list of unchecked pointers of a nested record into its document.
CREATE FUNCTION dir_with_unchecked(parent jsonb, prefix text, child jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(child) = 'object' THEN
		(child - 'provenance') || jsonb_build_object('eligibility_unchecked',
			dir_unchecked_under(parent, prefix))
		ELSE child END
$$;

-- Is this write the sync worker applying a record from a peer
-- (federation/apply.c sets directoryd.applying for its own writes)?
CREATE FUNCTION dir_fed_applying() RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce(current_setting('directoryd.applying', true), '') = 'on'
$$;

-- Store a term of another taxonomy given as a full nested taxonomy_term
-- object (as HSDS imports carry them): an imported term, with its taxonomy
-- when taxonomy_detail names one. Never overwrites our own vocabularies.
-- Terms of other vocabularies are shared by every listing that names them,
-- this node's own and those of every origin it mirrors: a record from a
-- peer (dir_fed_applying) creates a missing term or taxonomy and leaves an
-- existing one as it is, so that one origin cannot change the terms
-- another's listings use (docs/federation.md, section 7); this node's own
-- writes (the API, the importer) still update them.
CREATE FUNCTION dir_put_imported_term(t jsonb, ptr text) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	r taxonomy_term := dir_populate(NULL::taxonomy_term, t - 'taxonomy_detail', ptr);
	d jsonb := t -> 'taxonomy_detail';
BEGIN
	IF r.name IS NULL THEN
		PERFORM dir_refuse('DR400', 'missing_field', ptr || '/name',
			'a term of another taxonomy needs its name');
	END IF;
	r.id := coalesce(r.id, md5(coalesce(r.taxonomy, '') || '/' ||
		coalesce(r.code, r.name))::uuid);
	IF jsonb_typeof(d) = 'object' AND d ? 'id' AND d ? 'name' THEN
		r.taxonomy_id := dir_uuid(d -> 'id', ptr || '/taxonomy_detail/id');
		r.taxonomy := coalesce(r.taxonomy, d ->> 'name');
		INSERT INTO taxonomy (id, name, description, uri, version, own)
		VALUES (r.taxonomy_id, d ->> 'name', coalesce(d ->> 'description', ''),
			d ->> 'uri', d ->> 'version', false)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
			description = EXCLUDED.description, uri = EXCLUDED.uri,
			version = EXCLUDED.version WHERE NOT taxonomy.own AND NOT dir_fed_applying();
	END IF;
	INSERT INTO taxonomy_term (id, code, name, description, parent_id, taxonomy,
		taxonomy_id, language, term_uri, metadata, own)
	VALUES (r.id, r.code, r.name, coalesce(r.description, ''), r.parent_id,
		r.taxonomy, r.taxonomy_id, r.language, r.term_uri, r.metadata, false)
	ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
		description = EXCLUDED.description, parent_id = EXCLUDED.parent_id,
		taxonomy = EXCLUDED.taxonomy, taxonomy_id = EXCLUDED.taxonomy_id,
		language = EXCLUDED.language, term_uri = EXCLUDED.term_uri,
		metadata = EXCLUDED.metadata
		WHERE NOT taxonomy_term.own AND NOT dir_fed_applying();
	RETURN r.id;
END $$;

-- The term an attribute names: by taxonomy_term_id, by taxonomy_term.code
-- (our own taxonomies), or as a full term of another taxonomy.
CREATE FUNCTION dir_resolve_term(a jsonb, ptr text) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	by_id uuid := dir_uuid(a -> 'taxonomy_term_id', ptr || '/taxonomy_term_id');
	t jsonb := a -> 'taxonomy_term';
	tax text := coalesce(t ->> 'taxonomy', t -> 'taxonomy_detail' ->> 'name');
	term taxonomy_term;
BEGIN
	IF jsonb_typeof(t) = 'object' AND t ? 'code'
	   AND (tax IS NULL OR tax IN ('service_type', 'access')) THEN
		SELECT * INTO term FROM taxonomy_term WHERE own AND code = t ->> 'code';
		IF NOT FOUND OR (tax IS NOT NULL AND tax <> term.taxonomy) THEN
			PERFORM dir_refuse('DR400', 'unknown_taxonomy_term',
				ptr || '/taxonomy_term/code', format(
				'%s is not a term of the directory''s taxonomies (service_type, access)',
				t ->> 'code'));
		END IF;
		IF dir_uuid(t -> 'id', ptr || '/taxonomy_term/id') <> term.id THEN
			PERFORM dir_refuse('DR400', 'taxonomy_term_mismatch',
				ptr || '/taxonomy_term/id',
				'taxonomy_term.id and taxonomy_term.code name different terms');
		END IF;
	ELSIF jsonb_typeof(t) = 'object' AND (t ? 'id' OR t ? 'name') THEN
		SELECT * INTO term FROM taxonomy_term WHERE id =
			dir_uuid(t -> 'id', ptr || '/taxonomy_term/id');
		IF NOT FOUND OR NOT term.own THEN
			term.id := dir_put_imported_term(t, ptr || '/taxonomy_term');
		END IF;
	ELSIF by_id IS NOT NULL THEN
		SELECT * INTO term FROM taxonomy_term WHERE id = by_id;
		IF NOT FOUND THEN
			PERFORM dir_refuse('DR400', 'unknown_taxonomy_term',
				ptr || '/taxonomy_term_id', 'no taxonomy term has this id');
		END IF;
	ELSE
		PERFORM dir_refuse('DR400', 'missing_field', ptr || '/taxonomy_term_id',
			'an attribute names its term by taxonomy_term_id or taxonomy_term.code');
	END IF;
	IF by_id IS NOT NULL AND by_id <> term.id THEN
		PERFORM dir_refuse('DR400', 'taxonomy_term_mismatch',
			ptr || '/taxonomy_term_id',
			'taxonomy_term_id and taxonomy_term name different terms');
	END IF;
	IF term.own AND term.code = 'sex_worker_led' THEN
		PERFORM dir_refuse('DR400', 'read_only_field', ptr || '/taxonomy_term',
			'sex_worker_led is derived from the organization (organization.sex_worker_led)');
	END IF;
	RETURN term.id;
END $$;

-- Owner columns of child rows: exactly one of them is set, named by owner
-- ('organization', 'service', 'location' or 'service_at_location').
CREATE FUNCTION dir_own(owner text, want text, id uuid) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN owner = want THEN id END $$;

-- Remove the child rows a record owns directly, before writing the
-- document's (languages of phones go with their phones).
CREATE FUNCTION dir_clear_children(owner text, oid uuid) RETURNS void
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
CREATE FUNCTION dir_put_languages(items jsonb, ptr text, owner text, oid uuid,
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

CREATE FUNCTION dir_put_phones(items jsonb, ptr text, owner text, oid uuid)
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

CREATE FUNCTION dir_put_schedules(items jsonb, ptr text, owner text, oid uuid)
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
-- the search-key trigger of 0008 runs once a record, not once an attribute
-- (a service carries 5 to 10 of them; docs/performance.md, "## Federation
-- sync").
CREATE FUNCTION dir_put_attributes(items jsonb, ptr text, owner text, oid uuid)
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
		location_id, service_at_location_id, pos)
	SELECT x.id, oid, x.link_type, owner, x.taxonomy_term_id, x.value, x.metadata,
		dir_own(owner, 'organization', oid), dir_own(owner, 'service', oid),
		dir_own(owner, 'location', oid),
		dir_own(owner, 'service_at_location', oid), x.pos
	FROM unnest(rs) AS x ORDER BY x.pos;
END $$;

CREATE FUNCTION dir_put_addresses(items jsonb, ptr text, loc uuid)
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
CREATE FUNCTION dir_put_children(doc jsonb, ptr text, owner text, oid uuid)
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

-- Stamp a top-level record's write: the next version, the time, and the
-- unchecked pointers of its own document.
CREATE FUNCTION dir_check_point(p jsonb, ptr text) RETURNS void
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

CREATE FUNCTION dir_check_timezone(tz text, ptr text) RETURNS void
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

-- Refuse a write under a token scoped to another organization.
CREATE FUNCTION dir_check_scope(scope_org uuid, org uuid, stored_org uuid,
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

CREATE FUNCTION dir_check_org_exists(org uuid, ptr text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF org IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organization WHERE id = org) THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr,
			'no organization has this id');
	END IF;
END $$;

CREATE FUNCTION dir_put_location_at(doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	r location := dir_populate(NULL::location, doc, ptr);
	stored uuid;
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
		EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'location', r.id);
	RETURN r.id;
END $$;

CREATE FUNCTION dir_put_organization_at(doc jsonb, scope_org uuid, ptr text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
	r organization := dir_populate(NULL::organization, doc, ptr);
	e record;
BEGIN
	IF scope_org IS NOT NULL AND r.id IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', ptr || '/id',
			'this token may only write its own organization');
	END IF;
	r.id := coalesce(r.id, gen_random_uuid());
	r.description := coalesce(r.description, '');
	r.sex_worker_led := coalesce(r.sex_worker_led, false);
	r.version := nextval('dir_version_seq');
	r.updated_at := now();
	r.eligibility_unchecked := dir_unchecked_under(doc, '');
	INSERT INTO organization (id, name, alternate_name, description, email,
		website, tax_status, tax_id, year_incorporated, legal_status, logo, uri,
		parent_organization_id, funding, contacts, programs,
		organization_identifiers, metadata, sex_worker_led, translations, version,
		updated_at, eligibility_unchecked)
		VALUES (r.id, r.name, r.alternate_name, r.description, r.email, r.website,
		r.tax_status, r.tax_id, r.year_incorporated, r.legal_status, r.logo, r.uri,
		r.parent_organization_id, r.funding, r.contacts, r.programs,
		r.organization_identifiers, r.metadata, r.sex_worker_led, r.translations,
		r.version, r.updated_at, r.eligibility_unchecked)
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
		EXCLUDED.updated_at, eligibility_unchecked = EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'organization', r.id);
	FOR e IN SELECT * FROM dir_items(doc -> 'locations', ptr || '/locations') LOOP
		PERFORM dir_put_location_at(dir_with_unchecked(doc,
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

-- The organization of a service: organization_id, or the nested
-- organization object (written too), or the enclosing organization's.
CREATE FUNCTION dir_service_org(doc jsonb, scope_org uuid, ptr text,
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
		org := dir_put_organization_at(dir_with_unchecked(doc, '/organization', o),
			scope_org, ptr || '/organization');
	END IF;
	IF default_org IS NOT NULL AND org IS DISTINCT FROM default_org
	   AND org IS NOT NULL THEN
		PERFORM dir_refuse('DR400', 'invalid_value', ptr || '/organization_id',
			'a service listed in an organization belongs to that organization');
	END IF;
	RETURN coalesce(org, default_org, scope_org);
END $$;

CREATE FUNCTION dir_put_service_at(doc jsonb, scope_org uuid, ptr text,
	default_org uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	org uuid := dir_service_org(doc, scope_org, ptr, default_org);
	r service := dir_populate(NULL::service, doc, ptr);
	stored uuid;
BEGIN
	r.organization_id := org;
	r.id := coalesce(r.id, gen_random_uuid());
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
		contact_channels, translations, version, updated_at, eligibility_unchecked)
		VALUES (r.id, r.organization_id, r.program_id, r.name, r.alternate_name,
		r.description, r.url, r.email, r.status, r.interpretation_services,
		r.application_process, r.fees_description, r.wait_time, r.fees,
		r.accreditations, r.eligibility_description, r.minimum_age, r.maximum_age,
		r.assured_date, r.assurer_email, r.licenses, r.alert, r.last_modified,
		r.service_areas, r.funding, r.cost_options, r.program, r.required_documents,
		r.contacts, r.metadata, r.contact_channels, r.translations, r.version,
		r.updated_at, r.eligibility_unchecked)
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
		EXCLUDED.eligibility_unchecked;
	PERFORM dir_put_children(doc, ptr, 'service', r.id);
	PERFORM dir_put_service_at_locations(doc, ptr, r.id, org, scope_org);
	RETURN r.id;
END $$;

-- The location of one service_at_location: nested (written too) or by id.
CREATE FUNCTION dir_sal_location(sdoc jsonb, i int, ptr text, org uuid,
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
		RETURN dir_put_location_at(dir_with_unchecked(sdoc,
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
CREATE FUNCTION dir_put_service_at_locations(sdoc jsonb, sptr text, svc uuid,
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
			contacts, metadata, pos)
			VALUES (r.id, r.service_id, r.location_id, r.description, r.contacts,
			r.metadata, r.pos)
			ON CONFLICT (id) DO UPDATE SET service_id = EXCLUDED.service_id, location_id
			= EXCLUDED.location_id, description = EXCLUDED.description, contacts =
			EXCLUDED.contacts, metadata = EXCLUDED.metadata, pos = EXCLUDED.pos;
		PERFORM dir_put_children(e.item, ptr, 'service_at_location', r.id);
		keep := keep || r.id;
	END LOOP;
	DELETE FROM service_at_location WHERE service_id = svc AND id <> ALL (keep);
END $$;

-- The public entry points (docs/data-model.md, "## Storage").
-- scope_org NULL: node admin; otherwise the organization a token may write.
CREATE FUNCTION dir_put_organization(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_organization_at(doc, scope_org, '') $$;

CREATE FUNCTION dir_put_service(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_service_at(doc, scope_org, '', NULL) $$;

CREATE FUNCTION dir_put_location(doc jsonb, scope_org uuid) RETURNS uuid
LANGUAGE sql AS $$ SELECT dir_put_location_at(doc, scope_org, '', NULL) $$;

-- Deleting cascades: an organization takes its services and locations with
-- it, a service its service_at_locations, and so on. False when absent.
CREATE FUNCTION dir_delete_check(stored_org uuid, is_stored boolean, scope_org uuid)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF is_stored AND scope_org IS NOT NULL AND stored_org IS DISTINCT FROM scope_org THEN
		PERFORM dir_refuse('DR403', 'forbidden', '',
			'this record belongs to another organization');
	END IF;
END $$;

CREATE FUNCTION dir_delete_organization(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM dir_delete_check(rid, EXISTS (SELECT 1 FROM organization WHERE id = rid),
		scope_org);
	DELETE FROM organization WHERE id = rid;
	RETURN FOUND;
END $$;

CREATE FUNCTION dir_delete_service(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM service WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM service WHERE id = rid;
	RETURN FOUND;
END $$;

CREATE FUNCTION dir_delete_location(rid uuid, scope_org uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	stored uuid;
BEGIN
	SELECT organization_id INTO stored FROM location WHERE id = rid FOR UPDATE;
	PERFORM dir_delete_check(stored, FOUND, scope_org);
	DELETE FROM location WHERE id = rid;
	RETURN FOUND;
END $$;

-- Load one of the directory's own vocabularies, in the form of
-- data/taxonomies/*.json: {"taxonomy": {...}, "terms": [...]}. Upserts by
-- id, so loading again changes nothing. Returns the number of terms.
CREATE FUNCTION dir_seed_taxonomy(doc jsonb) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	t taxonomy := dir_populate(NULL::taxonomy, doc -> 'taxonomy', '/taxonomy');
	r taxonomy_term;
	e record;
	n int := 0;
BEGIN
	IF t.id IS NULL OR t.name IS NULL THEN
		PERFORM dir_refuse('DR400', 'missing_field', '/taxonomy',
			'a vocabulary needs the id and name of its taxonomy');
	END IF;
	INSERT INTO taxonomy (id, name, description, uri, version, metadata, own)
	VALUES (t.id, t.name, coalesce(t.description, ''), t.uri, t.version,
		t.metadata, true)
	ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
		description = EXCLUDED.description, uri = EXCLUDED.uri,
		version = EXCLUDED.version, metadata = EXCLUDED.metadata, own = true;
	FOR e IN SELECT * FROM dir_items(doc -> 'terms', '/terms') LOOP
		r := dir_populate(NULL::taxonomy_term, e.item, '/terms/' || e.i);
		IF r.id IS NULL OR r.code IS NULL OR r.name IS NULL THEN
			PERFORM dir_refuse('DR400', 'missing_field', '/terms/' || e.i,
				'a term needs its id, code and name');
		END IF;
		INSERT INTO taxonomy_term (id, code, name, description, parent_id,
			taxonomy, taxonomy_id, language, term_uri, metadata,
			translations, own)
		VALUES (r.id, r.code, r.name, coalesce(r.description, ''),
			r.parent_id, t.name, t.id, r.language, r.term_uri, r.metadata,
			r.translations, true)
		ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code,
			name = EXCLUDED.name, description = EXCLUDED.description,
			parent_id = EXCLUDED.parent_id, taxonomy = EXCLUDED.taxonomy,
			taxonomy_id = EXCLUDED.taxonomy_id, language = EXCLUDED.language,
			term_uri = EXCLUDED.term_uri, metadata = EXCLUDED.metadata,
			translations = EXCLUDED.translations, own = true;
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;
