-- 0017_fed_terms.sql - a record from a peer may add a term of another
-- taxonomy, never change one this node already holds.
--
-- Terms and taxonomies of other vocabularies are shared by every listing
-- that names them: this node's own and those of every origin it mirrors.
-- Before this, a record of origin A whose attribute carried a nested
-- taxonomy_term with the id of a term B's listing (or one of this node's
-- own imported listings) used rewrote that term, and so changed listings A
-- does not own (docs/federation.md, section 7). A write made by the sync
-- worker (directoryd.applying = 'on', dir_fed_applying() of 0015) now
-- creates a missing term or taxonomy and leaves an existing one as it is;
-- writes of this node (the API, the importer) still update them.

CREATE OR REPLACE FUNCTION dir_put_imported_term(t jsonb, ptr text) RETURNS uuid
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
