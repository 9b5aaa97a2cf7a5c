-- 0014_remote_fast.sql - dir_service_is_remote (0011) without a scan of
-- every attribute.
--
-- 0011 wrote "a.service_id = sid OR a.service_at_location_id IN (SELECT
-- ...)": under OR, the IN becomes a hashed subplan filter, so each call
-- read all attributes (675,000 rows at 100,000 services, about 250 ms), and
-- dir_service_keys calls it twice per service. Every write paid that per
-- service it touched when its keys were refreshed at commit (an import of
-- 1,000 services: minutes more), and 0011's own refresh of all keys takes
-- hours at that size. The same condition as two EXISTS, each on its index
-- (attribute_service, attribute_service_at_location). Same result.
CREATE OR REPLACE FUNCTION dir_service_is_remote(sid uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM attribute a
		JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
		WHERE a.service_id = sid AND t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))
	    OR EXISTS (SELECT 1 FROM service_at_location x
		JOIN attribute a ON a.service_at_location_id = x.id
		JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
		WHERE x.service_id = sid AND t.own AND t.taxonomy = 'access'
		  AND t.code IN ('online', 'phone_service'))
	    OR EXISTS (SELECT 1 FROM service_at_location x
		JOIN location l ON l.id = x.location_id
		WHERE x.service_id = sid AND l.location_type = 'virtual')
$$;
