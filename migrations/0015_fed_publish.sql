-- 0015_fed_publish.sql - publishing this node's own listings as signed
-- records (docs/federation.md, sections 5 and 6; federation/publish.c).
--
-- fed_dirty: the record keys waiting to be published, the queue that
-- federation/publish.c claims just before COMMIT (dir_fed_claim). Rows
-- committed while the node had no key wait for the first commit after a key
-- exists. sql/62_fed_publish.sql fills it and renders the records.

CREATE TABLE fed_dirty (
	type text NOT NULL CHECK (type IN ('organization', 'location', 'service')),
	id uuid NOT NULL,
	PRIMARY KEY (type, id)
);
