-- 32_taxonomy.sql - taxonomy terms: loading the directory's own
-- vocabularies, resolving the term an attribute names, and storing terms of
-- other taxonomies that HSDS documents carry in full.
-- needs: 0001

-- Store a term of another taxonomy given as a full nested taxonomy_term
-- object (as HSDS imports carry them): an imported term, with its taxonomy
-- when taxonomy_detail names one. Never overwrites our own vocabularies.
-- Terms of other vocabularies are shared by every listing that names them,
-- this node's own and those of every origin it mirrors: a record from a
-- peer (dir_fed_applying) creates a missing term or taxonomy and leaves an
-- existing one as it is, so that one origin cannot change the terms
-- another's listings use (docs/federation.md, section 7); this node's own
-- writes (the API, the importer) still update them, each member the
-- document gives: a member it lacks keeps its stored value, since an
-- attribute's nested term is often a poorer copy of the term (the UK
-- example's attribute names its term without the taxonomy_id that
-- taxonomy.json gave it).
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
		taxonomy_id, language, term_uri, metadata, own, term)
	VALUES (r.id, r.code, r.name, coalesce(r.description, ''), r.parent_id,
		r.taxonomy, r.taxonomy_id, r.language, r.term_uri, r.metadata, false, r.term)
	ON CONFLICT (id) DO UPDATE SET
		code = CASE WHEN t ? 'code' THEN EXCLUDED.code ELSE taxonomy_term.code END,
		name = EXCLUDED.name,
		description = CASE WHEN t ? 'description' THEN EXCLUDED.description
			ELSE taxonomy_term.description END,
		parent_id = CASE WHEN t ? 'parent_id' THEN EXCLUDED.parent_id
			ELSE taxonomy_term.parent_id END,
		taxonomy = coalesce(EXCLUDED.taxonomy, taxonomy_term.taxonomy),
		taxonomy_id = coalesce(EXCLUDED.taxonomy_id, taxonomy_term.taxonomy_id),
		language = CASE WHEN t ? 'language' THEN EXCLUDED.language
			ELSE taxonomy_term.language END,
		term_uri = CASE WHEN t ? 'term_uri' THEN EXCLUDED.term_uri
			ELSE taxonomy_term.term_uri END,
		metadata = CASE WHEN t ? 'metadata' THEN EXCLUDED.metadata
			ELSE taxonomy_term.metadata END,
		term = CASE WHEN t ? 'term' THEN EXCLUDED.term ELSE taxonomy_term.term END
		WHERE NOT taxonomy_term.own AND NOT dir_fed_applying();
	RETURN r.id;
END $$;

-- The term an attribute names: by taxonomy_term_id, by taxonomy_term.code
-- (our own taxonomies), or as a full term of another taxonomy.
CREATE OR REPLACE FUNCTION dir_resolve_term(a jsonb, ptr text) RETURNS uuid
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

-- Load one of the directory's own vocabularies, in the form of
-- data/taxonomies/*.json: {"taxonomy": {...}, "terms": [...]}. Upserts by
-- id, so loading again changes nothing. Returns the number of terms.
CREATE OR REPLACE FUNCTION dir_seed_taxonomy(doc jsonb) RETURNS int
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
