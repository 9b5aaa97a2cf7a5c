-- 0001_schema.sql - the HSDS 3.0 tables of directoryd, with our extensions.
--
-- Table and column names are HSDS 3.0's (docs/data-model.md, "## Storage").
-- HSDS objects the project does not model in tables are jsonb columns,
-- stored and returned unchanged. Child rows (phone, schedule, language,
-- address, attribute) have a surrogate row_id because HSDS data in the wild
-- (the specification's own examples among it) reuses one child id under
-- several parents; the HSDS id is kept in the column id.
--
-- Tables and indexes only: the functions that write and render these rows
-- are in sql/ (HACKING.md, "SQL").

-- dir_fold (sql/10_text.sql) uses it. search_tsv and the address_city
-- index call dir_tsv and dir_fold, which the migration runner creates before
-- this file runs (sql/10_text.sql says "needs: none").
CREATE EXTENSION IF NOT EXISTS unaccent;

-- One sequence for the version of every top-level record: a write takes the
-- next value, so versions increase on each write and order all writes.
CREATE SEQUENCE dir_version_seq;

CREATE TABLE taxonomy (
	id uuid PRIMARY KEY,
	name text NOT NULL,
	description text NOT NULL DEFAULT '',
	uri text,
	version text,
	metadata jsonb,
	own boolean NOT NULL DEFAULT false   -- our service_type / access
);
CREATE UNIQUE INDEX taxonomy_own_name ON taxonomy (name) WHERE own;

CREATE TABLE taxonomy_term (
	id uuid PRIMARY KEY,
	code text,
	name text NOT NULL,
	description text NOT NULL DEFAULT '',
	parent_id uuid,
	taxonomy text,
	taxonomy_id uuid REFERENCES taxonomy (id) ON DELETE SET NULL,
	language text,
	term_uri text,
	metadata jsonb,
	translations jsonb,                   -- {"de": {"name","description"}}
	own boolean NOT NULL DEFAULT false
);
-- Codes are unique across the directory's own taxonomies.
CREATE UNIQUE INDEX taxonomy_term_own_code ON taxonomy_term (code) WHERE own;
CREATE INDEX taxonomy_term_taxonomy ON taxonomy_term (taxonomy_id);

CREATE TABLE organization (
	id uuid PRIMARY KEY,
	name text NOT NULL,
	alternate_name text,
	description text NOT NULL DEFAULT '',
	email text,
	website text,
	tax_status text,
	tax_id text,
	year_incorporated numeric,
	legal_status text,
	logo text,
	uri text,
	parent_organization_id uuid,
	funding jsonb,
	contacts jsonb,
	programs jsonb,
	organization_identifiers jsonb,
	metadata jsonb,
	sex_worker_led boolean NOT NULL DEFAULT false,
	translations jsonb,
	version bigint NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	eligibility_unchecked jsonb NOT NULL DEFAULT '[]',
	fed jsonb,                             -- origin of a mirrored row, NULL for ours (0016)
	search_tsv tsvector GENERATED ALWAYS AS
		(dir_tsv(name, alternate_name, description, translations)) STORED
);
CREATE INDEX organization_name ON organization (name, id);
CREATE INDEX organization_search ON organization USING gin (search_tsv);

CREATE TABLE service (
	id uuid PRIMARY KEY,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	program_id uuid,
	name text NOT NULL,
	alternate_name text,
	description text,
	url text,
	email text,
	status text NOT NULL DEFAULT 'active',
	interpretation_services text,
	application_process text,
	fees_description text,
	wait_time text,
	fees text,
	accreditations text,
	eligibility_description text,
	minimum_age numeric,
	maximum_age numeric,
	assured_date date,
	assurer_email text,
	licenses text,
	alert text,
	last_modified timestamptz,
	service_areas jsonb,
	funding jsonb,
	cost_options jsonb,
	program jsonb,
	required_documents jsonb,
	contacts jsonb,
	metadata jsonb,
	contact_channels jsonb,
	translations jsonb,
	version bigint NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	eligibility_unchecked jsonb NOT NULL DEFAULT '[]',
	fed jsonb,                             -- origin of a mirrored row, NULL for ours (0016)
	search_tsv tsvector GENERATED ALWAYS AS
		(dir_tsv(name, alternate_name, description, translations)) STORED
);
CREATE INDEX service_search ON service USING gin (search_tsv);
CREATE INDEX service_organization ON service (organization_id);
CREATE INDEX service_name ON service (name, id);
CREATE INDEX service_updated_at ON service (updated_at);

CREATE TABLE location (
	id uuid PRIMARY KEY,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	location_type text NOT NULL DEFAULT 'physical',
	url text,
	name text,
	alternate_name text,
	description text,
	transportation text,
	latitude numeric,
	longitude numeric,
	external_identifier text,
	external_identifier_type text,
	contacts jsonb,
	accessibility jsonb,
	metadata jsonb,
	confidential boolean NOT NULL DEFAULT false,
	timezone_name text,
	public_point jsonb,                   -- {"latitude","longitude"}
	contact_channels jsonb,
	version bigint NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now(),
	eligibility_unchecked jsonb NOT NULL DEFAULT '[]',
	fed jsonb,                             -- origin of a mirrored row, NULL for ours (0016)
	-- The point nearby search uses: the real one, or for a confidential
	-- location its public point, else the centre of its 0.1 degree cell.
	geo_lat double precision GENERATED ALWAYS AS (CASE
		WHEN NOT confidential THEN latitude::double precision
		WHEN public_point ? 'latitude' THEN (public_point->>'latitude')::double precision
		ELSE ((floor(latitude * 10) + 0.5) / 10)::double precision END) STORED,
	geo_lon double precision GENERATED ALWAYS AS (CASE
		WHEN NOT confidential THEN longitude::double precision
		WHEN public_point ? 'longitude' THEN (public_point->>'longitude')::double precision
		ELSE ((floor(longitude * 10) + 0.5) / 10)::double precision END) STORED
);
CREATE INDEX location_organization ON location (organization_id);
CREATE INDEX location_geo ON location (geo_lat, geo_lon);

CREATE TABLE address (
	row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id uuid NOT NULL,
	location_id uuid NOT NULL REFERENCES location (id) ON DELETE CASCADE,
	attention text,
	address_1 text,
	address_2 text,
	city text,
	region text,
	state_province text,
	postal_code text,
	country text,
	address_type text,
	metadata jsonb,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX address_location ON address (location_id);
CREATE INDEX address_city ON address (dir_fold(city));
CREATE INDEX address_country ON address (upper(country));

CREATE TABLE service_at_location (
	id uuid PRIMARY KEY,
	service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	location_id uuid REFERENCES location (id) ON DELETE CASCADE,
	description text,
	contacts jsonb,
	metadata jsonb,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX service_at_location_service ON service_at_location (service_id);
CREATE INDEX service_at_location_location ON service_at_location (location_id);

CREATE TABLE phone (
	row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id uuid NOT NULL,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	service_id uuid REFERENCES service (id) ON DELETE CASCADE,
	location_id uuid REFERENCES location (id) ON DELETE CASCADE,
	service_at_location_id uuid REFERENCES service_at_location (id) ON DELETE CASCADE,
	contact_id uuid,
	number text NOT NULL,
	extension numeric,
	type text,
	description text,
	metadata jsonb,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX phone_organization ON phone (organization_id);
CREATE INDEX phone_service ON phone (service_id);
CREATE INDEX phone_location ON phone (location_id);
CREATE INDEX phone_service_at_location ON phone (service_at_location_id);

CREATE TABLE schedule (
	row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id uuid NOT NULL,
	service_id uuid REFERENCES service (id) ON DELETE CASCADE,
	location_id uuid REFERENCES location (id) ON DELETE CASCADE,
	service_at_location_id uuid REFERENCES service_at_location (id) ON DELETE CASCADE,
	valid_from date,
	valid_to date,
	dtstart date,
	timezone numeric,
	until date,
	count numeric,
	wkst text,
	freq text,
	"interval" numeric,
	byday text,
	byweekno text,
	bymonthday text,
	byyearday text,
	description text,
	opens_at time,
	closes_at time,
	schedule_link text,
	attending_type text,
	notes text,
	metadata jsonb,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX schedule_service ON schedule (service_id);
CREATE INDEX schedule_location ON schedule (location_id);
CREATE INDEX schedule_service_at_location ON schedule (service_at_location_id);

CREATE TABLE language (
	row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id uuid NOT NULL,
	service_id uuid REFERENCES service (id) ON DELETE CASCADE,
	location_id uuid REFERENCES location (id) ON DELETE CASCADE,
	phone_row bigint REFERENCES phone (row_id) ON DELETE CASCADE,
	phone_id uuid,
	name text,
	code text,
	note text,
	metadata jsonb,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX language_service ON language (service_id);
CREATE INDEX language_location ON language (location_id);
CREATE INDEX language_phone ON language (phone_row);
-- C collation, so that one btree serves equality and the prefix ranges of
-- the language filter.
CREATE INDEX language_code ON language ((lower(code) COLLATE "C"));

CREATE TABLE attribute (
	row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id uuid NOT NULL,
	link_id uuid,
	link_type text,
	link_entity text,
	taxonomy_term_id uuid NOT NULL REFERENCES taxonomy_term (id),
	value text,
	metadata jsonb,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	service_id uuid REFERENCES service (id) ON DELETE CASCADE,
	location_id uuid REFERENCES location (id) ON DELETE CASCADE,
	service_at_location_id uuid REFERENCES service_at_location (id) ON DELETE CASCADE,
	pos int NOT NULL DEFAULT 0
);
CREATE INDEX attribute_term ON attribute (taxonomy_term_id);
CREATE INDEX attribute_organization ON attribute (organization_id);
CREATE INDEX attribute_service ON attribute (service_id);
CREATE INDEX attribute_location ON attribute (location_id);
CREATE INDEX attribute_service_at_location ON attribute (service_at_location_id);
