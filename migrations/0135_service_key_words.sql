-- 0135_service_key_words.sql - the words of each service in its search
-- keys (docs/performance.md, "## Issue 12, third round"): service_key.words
-- is a copy of service.words_tsv (0051), kept by dir_service_key_refresh
-- (sql/52_service_key.sql), under its own GIN index. A search= with a city
-- is then bitmap scans of service_key alone: the words' index ORed with the
-- term keys (keys), ANDed with the city's keys, so that only the services
-- found in the city are read, where before every service the words or the
-- terms found (thousands at 100,000 services) was looked up in
-- service_key's primary key to be intersected with the city's.
-- service.words_tsv's own index served only that search, and goes.

ALTER TABLE service_key ADD COLUMN words tsvector NOT NULL DEFAULT '';
UPDATE service_key k SET words = s.words_tsv FROM service s WHERE s.id = k.service_id;
CREATE INDEX service_key_words ON service_key USING gin (words);
DROP INDEX service_words;
