-- 40_render.sql - rendering records as HSDS 3.0 JSON: confidential
-- locations redacted, translations chosen, provenance added (42_provenance),
-- nulls dropped.
-- needs: 0001
--
-- The functions are PL/pgSQL: a SQL-language function that cannot be
-- inlined is planned again in every statement that calls it, while PL/pgSQL
-- keeps its plans for the session, so a record renders without re-planning
-- a dozen helpers on each request. dir_tr is the exception: called eight
-- times per rendered service, as an inlinable SQL expression it costs
-- nothing when there is nothing to translate.

CREATE OR REPLACE FUNCTION dir_strip(j jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_object_agg(key, value), '{}')
	FROM jsonb_each(j) WHERE jsonb_typeof(value) <> 'null');
END $$;

-- A translation of field in tr for the first wanted language that has one
-- (a tag equal to a key, or one of them a shorter tag of the other,
-- case-insensitive), else orig.
CREATE OR REPLACE FUNCTION dir_tr_lookup(orig text, tr jsonb, field text, langs text[])
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	IF tr IS NULL OR langs IS NULL OR cardinality(langs) = 0
	   OR jsonb_typeof(tr) <> 'object' THEN
		RETURN orig;
	END IF;
	RETURN (SELECT coalesce((
		SELECT tr -> k ->> field
		FROM unnest(langs) WITH ORDINALITY AS l (lang, n),
			jsonb_object_keys(tr) AS k
		WHERE jsonb_typeof(tr -> k -> field) = 'string'
		  AND (lower(k) = lower(lang)
		       OR starts_with(lower(k), lower(lang) || '-')
		       OR starts_with(lower(lang), lower(k) || '-'))
		ORDER BY n, lower(k) = lower(lang) DESC, length(k), k
		LIMIT 1), orig));
END $$;

CREATE OR REPLACE FUNCTION dir_tr(orig text, tr jsonb, field text, langs text[])
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN tr IS NULL OR langs IS NULL OR cardinality(langs) = 0
		OR jsonb_typeof(tr) <> 'object' THEN orig
		ELSE dir_tr_lookup(orig, tr, field, langs) END
$$;

CREATE OR REPLACE FUNCTION dir_child(j jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(j - '{row_id,pos,organization_id,service_id,location_id,service_at_location_id,phone_row,phone_id}'::text[]));
END $$;

CREATE OR REPLACE FUNCTION dir_languages_json(owner text, oid uuid, prow bigint)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(l)) ORDER BY l.pos, l.row_id), '[]')
	FROM language l
	WHERE l.service_id = dir_own(owner, 'service', oid)
	   OR l.location_id = dir_own(owner, 'location', oid)
	   OR l.phone_row = prow);
END $$;

CREATE OR REPLACE FUNCTION dir_phones_json(owner text, oid uuid)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(p)) || jsonb_build_object(
		'languages', dir_languages_json(NULL, NULL, p.row_id))
		ORDER BY p.pos, p.row_id), '[]')
	FROM phone p
	WHERE p.organization_id = dir_own(owner, 'organization', oid)
	   OR p.service_id = dir_own(owner, 'service', oid)
	   OR p.location_id = dir_own(owner, 'location', oid)
	   OR p.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;

CREATE OR REPLACE FUNCTION dir_schedules_json(owner text, oid uuid)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_child(to_jsonb(s)) ORDER BY s.pos, s.row_id), '[]')
	FROM schedule s
	WHERE s.service_id = dir_own(owner, 'service', oid)
	   OR s.location_id = dir_own(owner, 'location', oid)
	   OR s.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;

CREATE OR REPLACE FUNCTION dir_taxonomy_render(t taxonomy)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT CASE WHEN t.id IS NOT NULL THEN dir_strip(jsonb_build_object(
		'id', t.id, 'name', t.name, 'description', t.description,
		'uri', t.uri, 'version', t.version, 'metadata', t.metadata)) END);
END $$;

CREATE OR REPLACE FUNCTION dir_term_render(t taxonomy_term, langs text[])
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', t.id, 'code', t.code,
		'name', dir_tr(t.name, t.translations, 'name', langs),
		'description', dir_tr(t.description, t.translations, 'description', langs),
		'parent_id', t.parent_id, 'taxonomy', t.taxonomy,
		'taxonomy_detail', (SELECT dir_taxonomy_render(x) FROM taxonomy x
			WHERE x.id = t.taxonomy_id),
		'language', t.language, 'taxonomy_id', t.taxonomy_id,
		'term_uri', t.term_uri, 'metadata', t.metadata,
		-- UK profile; through the row's JSON: migrations before 0150
		-- render without the column
		'term', to_jsonb(t) -> 'term',
		'translations', t.translations)));
END $$;

CREATE OR REPLACE FUNCTION dir_attribute_render(a attribute, langs text[])
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', a.id, 'link_id', a.link_id,
		'link_type', a.link_type, 'link_entity', a.link_entity,
		'taxonomy_term_id', a.taxonomy_term_id, 'value', a.value,
		'metadata', a.metadata, 'label', to_jsonb(a) -> 'label', -- 3.1 (0150)
		'taxonomy_term', (SELECT dir_term_render(t, langs) FROM taxonomy_term t
			WHERE t.id = a.taxonomy_term_id))));
END $$;

CREATE OR REPLACE FUNCTION dir_attributes_json(owner text, oid uuid, langs text[])
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_attribute_render(a, langs)
		ORDER BY a.pos, a.row_id), '[]')
	FROM attribute a
	WHERE a.organization_id = dir_own(owner, 'organization', oid)
	   OR a.service_id = dir_own(owner, 'service', oid)
	   OR a.location_id = dir_own(owner, 'location', oid)
	   OR a.service_at_location_id = dir_own(owner, 'service_at_location', oid));
END $$;

CREATE OR REPLACE FUNCTION dir_derived_attributes(svc uuid, org uuid, langs text[])
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_strip(jsonb_build_object(
		'id', md5(svc::text || '/sex_worker_led')::uuid,
		'link_id', svc, 'link_entity', 'service',
		'taxonomy_term_id', t.id, 'taxonomy_term', dir_term_render(t, langs)))), '[]')
	FROM taxonomy_term t
	WHERE t.own AND t.code = 'sex_worker_led'
	  AND EXISTS (SELECT 1 FROM organization o WHERE o.id = org AND o.sex_worker_led));
END $$;

CREATE OR REPLACE FUNCTION dir_addresses_json(loc uuid, conf boolean)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT coalesce(jsonb_agg(dir_strip(jsonb_build_object('id', a.id,
		'attention', a.attention,
		'address_1', CASE WHEN conf THEN '' ELSE coalesce(a.address_1, '') END,
		'address_2', CASE WHEN conf THEN '' ELSE a.address_2 END,
		'city', coalesce(a.city, ''), 'region', a.region,
		'state_province', CASE WHEN conf THEN '' ELSE coalesce(a.state_province, '') END,
		'postal_code', CASE WHEN conf THEN '' ELSE coalesce(a.postal_code, '') END,
		'country', coalesce(a.country, ''),
		'address_type', coalesce(a.address_type, 'physical'),
		'metadata', a.metadata)) ORDER BY a.pos, a.row_id), '[]')
	FROM address a WHERE a.location_id = loc);
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
		'metadata', o.metadata,
		'additional_websites', to_jsonb(o) -> 'additional_websites')) -- 3.1 (0150)
		ELSE '{}' END
	|| CASE WHEN mode > 1 THEN jsonb_build_object('services', (
		SELECT coalesce(jsonb_agg(dir_service_render(s, langs, 2, node_id)
			ORDER BY s.name, s.id), '[]')
		FROM service s WHERE s.organization_id = o.id)) ELSE '{}' END);
END $$;

CREATE OR REPLACE FUNCTION dir_sal_render(x service_at_location, langs text[], mode int,
	node_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_strip(jsonb_build_object('id', x.id, 'service_id', x.service_id,
		'location_id', x.location_id, 'description', x.description,
		'location', (SELECT dir_location_render(l, langs, mode > 0, node_id)
			FROM location l WHERE l.id = x.location_id),
		-- the full shape nests the full service (phones, schedules, languages,
		-- attributes...), the list shape its one-to-one fields
		'service', CASE WHEN mode < 2 THEN (SELECT dir_service_render(s, langs,
			mode, node_id) FROM service s WHERE s.id = x.service_id) END))
	|| CASE WHEN mode > 0 THEN dir_strip(jsonb_build_object(
		'contacts', x.contacts,
		'phones', dir_phones_json('service_at_location', x.id),
		'schedules', dir_schedules_json('service_at_location', x.id),
		'attributes', dir_attributes_json('service_at_location', x.id, langs),
		'metadata', x.metadata,
		'service_areas', to_jsonb(x) -> 'service_areas')) -- 3.1 (0150)
		ELSE '{}' END);
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
		-- through the row's JSON: migrations before 0130 render without the column
		'closed_until', to_jsonb(s) -> 'closed_until',
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
		'metadata', s.metadata,
		-- 3.1 (0150), through the row's JSON like closed_until
		'additional_urls', to_jsonb(s) -> 'additional_urls',
		'capacities', to_jsonb(s) -> 'capacities')) ELSE '{}' END);
END $$;

CREATE OR REPLACE FUNCTION dir_organization_json(rid uuid, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_organization_render(o, langs, CASE WHEN is_full THEN 2 ELSE 0 END,
		node_id) FROM organization o WHERE o.id = rid);
END $$;

CREATE OR REPLACE FUNCTION dir_service_json(rid uuid, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_service_render(s, langs, CASE WHEN is_full THEN 1 ELSE 0 END,
		node_id) FROM service s WHERE s.id = rid);
END $$;

CREATE OR REPLACE FUNCTION dir_location_json(rid uuid, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_location_render(l, langs, is_full, node_id)
	FROM location l WHERE l.id = rid);
END $$;

CREATE OR REPLACE FUNCTION dir_service_at_location_json(rid uuid, langs text[],
	is_full boolean, node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_sal_render(x, langs, CASE WHEN is_full THEN 1 ELSE 0 END, node_id)
	FROM service_at_location x WHERE x.id = rid);
END $$;

CREATE OR REPLACE FUNCTION dir_taxonomy_json(rid uuid, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_taxonomy_render(t) FROM taxonomy t WHERE t.id = rid);
END $$;

CREATE OR REPLACE FUNCTION dir_taxonomy_term_json(rid uuid, langs text[], is_full boolean,
	node_id text)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT dir_term_render(t, langs) FROM taxonomy_term t WHERE t.id = rid);
END $$;
