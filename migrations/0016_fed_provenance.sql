-- 0016_fed_provenance.sql - where a mirrored listing came from, and who may
-- change it (docs/federation.md, sections 7 and 9).
--
-- organization, service and location get a nullable `fed` column:
-- {"origin_node", "version", "key_id", "fetched_at"} of the signed record a
-- mirrored row was applied from (federation/apply.c), NULL for this node's
-- own rows. dir_provenance takes the row's fed, its record type and id:
-- local rows render exactly as before; mirrored rows show the origin's node
-- id, the record's version, the key that verified it, the fetch time and
-- state of fed_record, and `stale`.
--
-- stale: the origin's listings were last confirmed (fed_origin.confirmed_at,
-- or the record's own fetch, whichever is later) more than
-- fed_setting.stale_after seconds ago. The daemon writes its configured
-- stale_after into fed_setting when it starts and on SIGHUP (a table row and
-- not a session setting, so that every pooled connection, a reconnected one
-- too, and the CLI see the same value).
--
-- The five renderers that call dir_provenance (0003's location, organization
-- and service renders, 0007's list shapes) are copied here unchanged except
-- for that one call: PostgreSQL has no other way to pass the row's new
-- column. The kept list text of 0012 needs no change: a mirrored row's
-- provenance does not hold the node id the text is cut at, so its services
-- are always rendered live and `stale` is never served from the cache.
--
-- A guard trigger refuses any write to a row that fed_record holds from
-- another origin (via_peer set) unless it comes from the sync worker, which
-- sets directoryd.applying = 'on' for its own writes: a local write API
-- call, import or organization command is answered 403 forbidden, nested
-- records included.

ALTER TABLE organization ADD COLUMN fed jsonb;
ALTER TABLE service ADD COLUMN fed jsonb;
ALTER TABLE location ADD COLUMN fed jsonb;

CREATE TABLE fed_setting (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	stale_after bigint NOT NULL DEFAULT 604800 CHECK (stale_after > 0) -- s
);
INSERT INTO fed_setting DEFAULT VALUES;

-- Is an origin's listing, fetched at fetched_at, stale now?
CREATE FUNCTION dir_fed_is_stale(origin text, fetched_at timestamptz)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(greatest(
			(SELECT o.confirmed_at FROM fed_origin o WHERE o.node_id = origin),
			fetched_at), '-infinity')
		< now() - make_interval(secs => s.stale_after)
	FROM fed_setting s);
END $$;

-- The provenance of a mirrored row (fed not NULL).
CREATE FUNCTION dir_fed_provenance(fed jsonb, kind text, rid uuid)
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

-- 0007's dir_provenance with the row's fed, type and id.
CREATE FUNCTION dir_provenance(node_id text, version bigint, unchecked jsonb,
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

CREATE OR REPLACE FUNCTION dir_location_render(l location, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', l.id,
		'location_type', l.location_type, 'url', l.url,
		'organization_id', l.organization_id, 'name', l.name,
		'alternate_name', l.alternate_name, 'description', l.description,
		'transportation', l.transportation,
		'latitude', CASE WHEN NOT l.confidential THEN l.latitude END,
		'longitude', CASE WHEN NOT l.confidential THEN l.longitude END,
		'external_identifier', CASE WHEN NOT l.confidential
			THEN l.external_identifier END,
		'external_identifier_type', CASE WHEN NOT l.confidential
			THEN l.external_identifier_type END,
		'confidential', l.confidential, 'timezone_name', l.timezone_name,
		'public_point', l.public_point, 'contact_channels', l.contact_channels,
		'provenance', dir_provenance(node_id, l.version, l.eligibility_unchecked,
			l.fed, 'location', l.id)))
	|| CASE WHEN is_full THEN dir_strip(jsonb_build_object(
		'languages', dir_languages_json('location', l.id, NULL),
		'addresses', dir_addresses_json(l.id, l.confidential),
		'contacts', l.contacts, 'accessibility', l.accessibility,
		'phones', dir_phones_json('location', l.id),
		'schedules', dir_schedules_json('location', l.id),
		'attributes', dir_attributes_json('location', l.id, langs),
		'metadata', l.metadata)) ELSE '{}' END);
END $$;

CREATE OR REPLACE FUNCTION dir_organization_render(o organization, langs text[],
	mode int, node_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', o.id,
		'name', dir_tr(o.name, o.translations, 'name', langs),
		'alternate_name', dir_tr(o.alternate_name, o.translations, 'alternate_name', langs),
		'description', dir_tr(o.description, o.translations, 'description', langs),
		'email', o.email, 'website', o.website, 'tax_status', o.tax_status,
		'tax_id', o.tax_id, 'year_incorporated', o.year_incorporated,
		'legal_status', o.legal_status, 'logo', o.logo, 'uri', o.uri,
		'parent_organization_id', o.parent_organization_id,
		'sex_worker_led', o.sex_worker_led, 'translations', o.translations,
		'provenance', dir_provenance(node_id, o.version, o.eligibility_unchecked,
			o.fed, 'organization', o.id)))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'funding', o.funding, 'contacts', o.contacts,
		'phones', dir_phones_json('organization', o.id),
		'locations', (SELECT coalesce(jsonb_agg(dir_location_render(l, langs,
			true, node_id) ORDER BY l.name, l.id), '[]')
			FROM location l WHERE l.organization_id = o.id),
		'programs', o.programs,
		'organization_identifiers', o.organization_identifiers,
		'attributes', dir_attributes_json('organization', o.id, langs),
		'metadata', o.metadata)) ELSE '{}' END
	|| CASE WHEN mode > 1 THEN jsonb_build_object('services', (
		SELECT coalesce(jsonb_agg(dir_service_render(s, langs, 2, node_id)
			ORDER BY s.name, s.id), '[]')
		FROM service s WHERE s.organization_id = o.id)) ELSE '{}' END);
END $$;

CREATE OR REPLACE FUNCTION dir_service_render(s service, langs text[], mode int,
	node_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', s.id,
		'organization_id', s.organization_id, 'program_id', s.program_id,
		'name', dir_tr(s.name, s.translations, 'name', langs),
		'alternate_name', dir_tr(s.alternate_name, s.translations, 'alternate_name', langs),
		'description', dir_tr(s.description, s.translations, 'description', langs),
		'url', s.url, 'email', s.email, 'status', s.status,
		'interpretation_services', s.interpretation_services,
		'application_process', dir_tr(s.application_process, s.translations,
			'application_process', langs),
		'fees_description', s.fees_description, 'wait_time', s.wait_time,
		'fees', s.fees, 'accreditations', s.accreditations,
		'eligibility_description', dir_tr(s.eligibility_description,
			s.translations, 'eligibility_description', langs)))
	|| dir_strip(jsonb_build_object(
		'minimum_age', s.minimum_age, 'maximum_age', s.maximum_age,
		'assured_date', s.assured_date, 'assurer_email', s.assurer_email,
		'licenses', s.licenses, 'alert', s.alert,
		'last_modified', s.updated_at,
		'organization', CASE WHEN mode < 2 THEN (SELECT dir_organization_render(o,
			langs, mode, node_id) FROM organization o
			WHERE o.id = s.organization_id) END,
		'program', s.program, 'contact_channels', s.contact_channels,
		'translations', s.translations,
		'provenance', dir_provenance(node_id, s.version, s.eligibility_unchecked,
			s.fed, 'service', s.id)))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'phones', dir_phones_json('service', s.id),
		'schedules', dir_schedules_json('service', s.id),
		'service_areas', s.service_areas,
		'service_at_locations', (SELECT coalesce(jsonb_agg(dir_sal_render(x,
			langs, 2, node_id) ORDER BY x.pos, x.id), '[]')
			FROM service_at_location x WHERE x.service_id = s.id),
		'languages', dir_languages_json('service', s.id, NULL),
		'funding', s.funding, 'cost_options', s.cost_options,
		'required_documents', s.required_documents, 'contacts', s.contacts,
		'attributes', dir_attributes_json('service', s.id, langs)
			|| dir_derived_attributes(s.id, s.organization_id, langs),
		'metadata', s.metadata)) ELSE '{}' END);
END $$;

CREATE OR REPLACE FUNCTION dir_organization_list_json(o organization, langs text[],
	node_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN o.id IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
		'id', o.id,
		'name', dir_tr(o.name, o.translations, 'name', langs),
		'alternate_name', dir_tr(o.alternate_name, o.translations, 'alternate_name', langs),
		'description', dir_tr(o.description, o.translations, 'description', langs),
		'email', o.email, 'website', o.website, 'tax_status', o.tax_status,
		'tax_id', o.tax_id, 'year_incorporated', o.year_incorporated,
		'legal_status', o.legal_status, 'logo', o.logo, 'uri', o.uri,
		'parent_organization_id', o.parent_organization_id,
		'sex_worker_led', o.sex_worker_led))
	|| dir_member('translations', o.translations)
	|| jsonb_build_object('provenance',
		dir_provenance(node_id, o.version, o.eligibility_unchecked,
			o.fed, 'organization', o.id)) END
$$;

CREATE OR REPLACE FUNCTION dir_service_list_json(s service, o organization, langs text[],
	node_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('id', s.id,
		'organization_id', s.organization_id, 'program_id', s.program_id,
		'name', dir_tr(s.name, s.translations, 'name', langs),
		'alternate_name', dir_tr(s.alternate_name, s.translations, 'alternate_name', langs),
		'description', dir_tr(s.description, s.translations, 'description', langs),
		'url', s.url, 'email', s.email, 'status', s.status,
		'interpretation_services', s.interpretation_services,
		'application_process', dir_tr(s.application_process, s.translations,
			'application_process', langs),
		'fees_description', s.fees_description, 'wait_time', s.wait_time,
		'fees', s.fees, 'accreditations', s.accreditations,
		'eligibility_description', dir_tr(s.eligibility_description,
			s.translations, 'eligibility_description', langs),
		'minimum_age', s.minimum_age, 'maximum_age', s.maximum_age,
		'assured_date', s.assured_date, 'assurer_email', s.assurer_email,
		'licenses', s.licenses, 'alert', s.alert,
		'last_modified', s.updated_at))
	|| dir_member('organization', dir_organization_list_json(o, langs, node_id))
	|| dir_member('program', s.program)
	|| dir_member('contact_channels', s.contact_channels)
	|| dir_member('translations', s.translations)
	|| jsonb_build_object('provenance',
		dir_provenance(node_id, s.version, s.eligibility_unchecked,
			s.fed, 'service', s.id))
$$;

DROP FUNCTION dir_provenance(text, bigint, jsonb);

-- Refuse a write to another origin's listing outside the sync worker.
CREATE FUNCTION dir_fed_trg_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	rid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
	holder text;
BEGIN
	IF current_setting('directoryd.applying', true) IS DISTINCT FROM 'on' THEN
		SELECT r.origin INTO holder FROM fed_record r
		WHERE r.type = TG_ARGV[0] AND r.id = rid AND r.via_peer IS NOT NULL;
		IF FOUND THEN
			PERFORM dir_refuse('DR403', 'forbidden', '/id', format(
				'this listing belongs to node %s; change it there', holder));
		END IF;
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON organization
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('organization');
CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON service
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('service');
CREATE TRIGGER fed_guard BEFORE INSERT OR UPDATE OR DELETE ON location
	FOR EACH ROW EXECUTE FUNCTION dir_fed_trg_guard('location');

-- The list text of 0012 comes from dir_service_list_json: render it again.
SELECT dir_service_list_refresh(ARRAY(SELECT id FROM service));
