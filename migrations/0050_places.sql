-- 0050_places.sql - places by any of their names (issue 12; docs/api.md,
-- "### Places").
--
-- place and place_name hold GeoNames' places of 15,000 or more inhabitants
-- with their names in every language of Debian's libgeonames, written at
-- build time by tools/geonames-places into data/places/ and loaded by
-- `directoryd migrate` with COPY (hsds/places.c) when the files differ from
-- what the database holds (place_source), so the catalogues are never read
-- at migrate time and a database is loaded once.
--
-- An address belongs to a place by its folded city name and country (the
-- candidate nearest to its location when a country has two places of that
-- name), else to the nearest place within 5 km of its location; the link is
-- the service key 'pl:<geonames id>' (sql/51_places.sql). A city search
-- finds the place by any of its names and searches by that key; a city
-- that names no place is searched by the address text as before.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE place (
	geonames_id integer PRIMARY KEY,
	name text NOT NULL,                  -- GeoNames' own name
	country text NOT NULL,               -- ISO 3166-1 alpha-2
	latitude double precision NOT NULL,  -- degrees, WGS 84
	longitude double precision NOT NULL,
	population bigint NOT NULL
);
CREATE INDEX place_geo ON place (latitude, longitude);

-- Every name of a place, folded by dir_fold: the catalogues' names in about
-- 190 languages, German umlauts spelt ae/oe/ue, and Latin letters for names
-- in other scripts.
CREATE TABLE place_name (
	name text NOT NULL,
	geonames_id integer NOT NULL REFERENCES place ON DELETE CASCADE,
	PRIMARY KEY (name, geonames_id)
);
CREATE INDEX place_name_place ON place_name (geonames_id);

-- The data files the tables were loaded from (a hash of their contents).
CREATE TABLE place_source (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	fingerprint text NOT NULL,
	loaded_at timestamptz NOT NULL DEFAULT now()
);
