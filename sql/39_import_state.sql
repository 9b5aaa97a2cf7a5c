-- 39_import_state.sql - what the importer merges with and compares against
-- (docs/import.md, "Merging"): a stored record as a write document.
--
-- dir_import_state(kind, rid) is the record as dir_put_<kind> would take
-- it back and store unchanged: the render of 40_render.sql in the original
-- language, without provenance, without what other records hold (the
-- organization nested in a service, the locations nested in its
-- service_at_locations and in an organization: references stay), without
-- the attributes derived at render time, with the stored last_modified.
-- NULL when there is no such record. A confidential location's state is
-- what is stored, not its redacted render (this never leaves the importer),
-- so a poorer shape read later keeps its address and coordinates.
--
-- dir_import_digest(kind, rid) is a digest of everything a write of the
-- record sets except its version and time (confidential values included):
-- equal before and after an import's write means the write changed nothing.

CREATE OR REPLACE FUNCTION dir_import_state(kind text, rid uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	doc jsonb;
	loc location;
BEGIN
	IF kind = 'service' THEN
		SELECT (dir_service_render(s, NULL, 1, NULL)
			- '{provenance,organization,last_modified,attributes}'::text[])
			|| jsonb_build_object('attributes', dir_attributes_json('service', s.id, NULL))
			|| CASE WHEN s.last_modified IS NULL THEN '{}'::jsonb
				ELSE jsonb_build_object('last_modified', s.last_modified) END
			INTO doc FROM service s WHERE s.id = rid;
		IF doc ? 'service_at_locations' THEN
			doc := jsonb_set(doc, '{service_at_locations}', (SELECT coalesce(
				jsonb_agg(x - '{location,service_id}'::text[] ORDER BY n), '[]')
				FROM jsonb_array_elements(doc -> 'service_at_locations')
				WITH ORDINALITY AS a(x, n)));
		END IF;
	ELSIF kind = 'organization' THEN
		SELECT dir_organization_render(o, NULL, 1, NULL) - '{provenance,locations}'::text[]
			INTO doc FROM organization o WHERE o.id = rid;
	ELSIF kind = 'location' THEN
		SELECT * INTO loc FROM location l WHERE l.id = rid;
		IF FOUND AND loc.confidential THEN
			loc.confidential := false; -- rendered unredacted, then marked again
			doc := (dir_location_render(loc, NULL, true, NULL) - 'provenance')
				|| '{"confidential": true}'::jsonb;
		ELSIF FOUND THEN
			doc := dir_location_render(loc, NULL, true, NULL) - 'provenance';
		END IF;
	END IF;
	RETURN doc;
END $$;

-- dir_import_hidden(rid) is what the read API, the export and federation
-- hide of a confidential location (its coordinates, external identifier,
-- and each address's street, state and postcode by address id), or NULL
-- when the location is not confidential: an import that reads the location
-- again in a redacted or poorer shape keeps these (import_merge.c).
CREATE OR REPLACE FUNCTION dir_import_hidden(rid uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('latitude', l.latitude,
		'longitude', l.longitude, 'external_identifier', l.external_identifier,
		'external_identifier_type', l.external_identifier_type,
		'addresses', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id,
			'address_1', a.address_1, 'address_2', a.address_2,
			'state_province', a.state_province, 'postal_code', a.postal_code)), '[]')
			FROM address a WHERE a.location_id = l.id)))
	FROM location l WHERE l.id = rid AND l.confidential
$$;

CREATE OR REPLACE FUNCTION dir_import_digest(kind text, rid uuid) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF kind = 'service' THEN
		-- not last_modified: the read API serves this node's write time there,
		-- so a node's own export would otherwise update every service it
		-- imports back, and each new export again
		RETURN md5((dir_import_state(kind, rid) - 'last_modified')::text);
	END IF;
	RETURN md5((dir_record_state(kind, rid) - 'eligibility_unchecked')::text);
END $$;

-- A taxonomy imported on its own (taxonomy.json, taxonomies.csv): stored as
-- another taxonomy, never over one of this node's own vocabularies. Returns
-- its id, or NULL when an own taxonomy has that id.
CREATE OR REPLACE FUNCTION dir_import_taxonomy(doc jsonb) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	r taxonomy := dir_populate(NULL::taxonomy, doc, '');
BEGIN
	IF r.id IS NULL OR r.name IS NULL THEN
		PERFORM dir_refuse('DR400', 'missing_field', CASE WHEN r.id IS NULL THEN '/id'
			ELSE '/name' END, 'a taxonomy needs its id and name');
	END IF;
	INSERT INTO taxonomy (id, name, description, uri, version, metadata, own)
	VALUES (r.id, r.name, coalesce(r.description, ''), r.uri, r.version, r.metadata, false)
	ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
		uri = EXCLUDED.uri, version = EXCLUDED.version, metadata = EXCLUDED.metadata
		WHERE NOT taxonomy.own;
	RETURN CASE WHEN FOUND THEN r.id END;
END $$;
