-- 0150_hsds31_members.sql - the members HSDS 3.1 and the Open Referral UK
-- profile add to the HSDS 3.0 objects this node stores (issue 13;
-- docs/import.md, "HSDS 3.1 and the UK profile"; docs/data-model.md).
-- The 3.1 objects without a table of their own are kept as the JSON they
-- came in, like funding or service_areas in 0001: an organization's
-- additional_websites and a service's additional_urls (3.1 url objects),
-- a service's capacities (3.1 service_capacity objects, each with its unit
-- nested), a service_at_location's service_areas. attribute.label (3.1)
-- and taxonomy_term.term (UK) are plain texts. The other new members
-- (service_area.service_at_location_id, service_area.service_area,
-- accessibility.accessibility) live inside JSON already stored.

ALTER TABLE organization ADD COLUMN additional_websites jsonb;
ALTER TABLE service ADD COLUMN additional_urls jsonb, ADD COLUMN capacities jsonb;
ALTER TABLE service_at_location ADD COLUMN service_areas jsonb;
ALTER TABLE attribute ADD COLUMN label text;
ALTER TABLE taxonomy_term ADD COLUMN term text;
