-- 0101_place_trigrams.sql - a trigram index on the folded place names, for
-- the suggestions of a misspelt city (dir_city_suggestions,
-- sql/51_places.sql): pg_trgm's similarity operator finds the close names
-- through it instead of comparing the search with each of about 190,000
-- names (about 1.3 s a search before, under load).

CREATE INDEX place_name_trgm ON place_name USING gin (name gin_trgm_ops);
