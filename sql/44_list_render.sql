-- 44_list_render.sql - a service in its list shape without a query per field
-- (docs/performance.md).
-- needs: 0001
--
-- Through dir_service_json() a service in its list shape (full=false) costs
-- a dozen PL/pgSQL calls that each run a query (the service and its
-- organization, each translated text, each top-level null stripped, each
-- provenance): about 1 ms a service. Here the same JSON comes from one
-- inlinable SQL expression over the service and organization rows that the
-- list statement joins: dir_service_list_json(s, o, langs, node_id) equals
-- dir_service_json(s.id, langs, false, node_id).

-- {k: v}, or {} when v is NULL or JSON null (what dir_strip drops).
CREATE OR REPLACE FUNCTION dir_member(k text, v jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN '{}'::jsonb
		ELSE jsonb_build_object(k, v) END
$$;

-- An organization in its list shape (dir_organization_render, mode 0).
-- Scalar members go through jsonb_strip_nulls, which removes exactly the
-- top-level nulls dir_strip removes because none of them can hold a nested
-- object; the jsonb members are added only when they have a value.
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

-- A service in its list shape (dir_service_render, mode 0), given its
-- organization row (all NULL when it has none).
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
		-- through the row's JSON: migrations before 0130 render without the column
		'closed_until', to_jsonb(s) -> 'closed_until',
		'last_modified', s.updated_at))
	|| dir_member('organization', dir_organization_list_json(o, langs, node_id))
	|| dir_member('program', s.program)
	|| dir_member('contact_channels', s.contact_channels)
	|| dir_member('translations', s.translations)
	|| jsonb_build_object('provenance',
		dir_provenance(node_id, s.version, s.eligibility_unchecked,
			s.fed, 'service', s.id))
$$;
