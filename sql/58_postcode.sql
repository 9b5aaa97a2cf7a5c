-- 58_postcode.sql - the HSDS API's postcode= and proximity= on
-- /service_at_locations (docs/api.md, "List parameters").

-- A postcode as compared: without white space, upper case ("sw1a 1aa" is
-- "SW1A1AA").
CREATE OR REPLACE FUNCTION dir_postcode_fold(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT upper(regexp_replace(p, '\s', '', 'g'))
$$;

-- The centroid of this node's own locations that have an address with the
-- postcode and coordinates; confidential locations are left out, so that
-- the answer never hints at where one is. No row when there is none.
CREATE OR REPLACE FUNCTION dir_postcode_centroid(p text,
	OUT latitude float8, OUT longitude float8)
RETURNS SETOF record LANGUAGE sql STABLE AS $$
	SELECT avg(l.latitude)::float8, avg(l.longitude)::float8
	FROM location l
	WHERE l.fed IS NULL AND NOT l.confidential
	  AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
	  AND EXISTS (SELECT 1 FROM address a WHERE a.location_id = l.id
		AND dir_postcode_fold(a.postal_code) = dir_postcode_fold(p))
	HAVING count(*) > 0
$$;
