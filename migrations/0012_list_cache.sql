-- 0012_list_cache.sql - each service's list rendering kept, so that a page
-- of services is a concatenation (docs/performance.md).
--
-- A search of 100 services spent 4-7 ms of its 8 ms building the JSON of
-- each service (dir_service_list_json): every page rebuilt the same
-- objects. service_list_cache keeps, per service, the text of
-- dir_service_list_json(s, o, '{}', node) for its service and organization
-- rows, current at commit (sql/56_service_list_cache.sql says when the
-- kept text applies and when a service is rendered live).
CREATE TABLE service_list_cache (
	service_id uuid PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
	parts text[],              -- the list JSON cut where the node id goes
	tr_keys text[] NOT NULL    -- dir_tr_keys of the service and organization
);

SELECT dir_service_list_cache_refresh(ARRAY(SELECT id::text FROM service));
