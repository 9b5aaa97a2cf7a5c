-- 0005_render_provenance.sql - provenance in the documented shape, and
-- last_modified as this node's time of the last change.
--
-- provenance now always has key_id and fetched_at, null on a local record
-- (docs/data-model.md, "### provenance"); a service's last_modified is the
-- time the node last wrote it (updated_at), not a value sent by a client.

CREATE OR REPLACE FUNCTION dir_provenance(node_id text, version bigint,
	unchecked jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_object('origin_node', node_id, 'version', version,
		'key_id', NULL, 'fetched_at', NULL, 'stale', false)
	|| CASE WHEN jsonb_typeof(unchecked) = 'array'
		AND jsonb_array_length(unchecked) > 0
		THEN jsonb_build_object('eligibility_unchecked', unchecked)
		ELSE '{}' END
$$;

-- A service. mode: 0 list shape (scalars, organization, program), 1 full,
-- 2 full without its organization (as nested in an organization).
CREATE OR REPLACE FUNCTION dir_service_render(s service, langs text[], mode int,
	node_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT dir_strip(jsonb_build_object('id', s.id,
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
		'provenance', dir_provenance(node_id, s.version, s.eligibility_unchecked)))
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
		'metadata', s.metadata)) ELSE '{}' END
$$;

