-- 0008_search_keys.sql - the service filters served by one GIN index
-- (docs/performance.md).
--
-- Written as "s.id IN (subquery)" behind "q IS NULL OR", each search filter
-- stayed a hashed subplan that collected all services with that language,
-- that category, that access code (tens of thousands at 100,000 services)
-- before the services were scanned: 0.5 to 1 s a search. Here every service
-- has one row in service_key holding, as text keys, what the filters of
-- docs/data-model.md ("### Search") look at, so that each present filter is
-- one condition on one GIN index, and PostgreSQL intersects them. The keys
-- are listed in sql/52_service_key.sql, which computes them and keeps the
-- rows current at commit (sql/20_derived.sql).
CREATE TABLE service_key (
	service_id uuid PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
	keys text[] NOT NULL,
	sort_name text NOT NULL             -- dir_fold(service.name)
);
CREATE INDEX service_key_keys ON service_key USING gin (keys);

-- The rows of the services already stored.
SELECT dir_service_key_refresh(ARRAY(SELECT id::text FROM service));
