-- 0071_search_place_redacted.sql - search_place computed again from what
-- the public rendering of each address holds (sql/54_search_place.sql):
-- rows made before kept the ISO 3166-2 code of a confidential location's
-- hidden state_province, which city search then gave away (issue 8).
SELECT dir_search_place_refresh(ARRAY(SELECT DISTINCT dir_fold(city) FROM address
	WHERE city IS NOT NULL));
