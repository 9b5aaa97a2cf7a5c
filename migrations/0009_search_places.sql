-- 0009_search_places.sql - the ISO 3166 codes and countries of each city
-- (docs/performance.md).
--
-- Finding the codes a city's "text" service areas could name by reading
-- every address of the city took 11 ms for a city of 1,600 addresses, paid
-- once when PostgreSQL estimates the condition and again when it runs it.
-- search_place keeps them per folded city name, current at commit
-- (sql/54_search_place.sql).
--
-- Per dir_fold(address.city): the codes an address there has,
-- upper(country) and upper(country) || '-' || upper(state_province), and
-- its countries.
CREATE TABLE search_place (
	city text PRIMARY KEY,
	codes text[] NOT NULL,
	countries text[] NOT NULL
);
CREATE INDEX search_place_countries ON search_place USING gin (countries);

SELECT dir_search_place_refresh(ARRAY(SELECT DISTINCT dir_fold(city) FROM address
	WHERE city IS NOT NULL));
