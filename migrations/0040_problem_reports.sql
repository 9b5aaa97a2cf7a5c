-- Problem reports on listings, sent from the service page by people who
-- search (directoryd/web/web_report.c, docs/api.md "Problem reports").
--
-- A report keeps what is wrong (kind), an optional text, the listing and
-- its organisation, and the hour it came in: nothing about the sender (no
-- address, identity, cookie or user agent ever reaches the daemon's
-- storage). The hour, not the instant, so that a report cannot be matched
-- to a visit by its time; it also counts reports for the rate limit per
-- listing and clock hour.
CREATE TABLE problem_report (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	kind text NOT NULL CHECK (kind IN ('closed', 'moved', 'wrong_hours', 'refused', 'other')),
	text text NOT NULL DEFAULT '' CHECK (length(text) <= 1000),
	received_hour timestamptz NOT NULL DEFAULT date_trunc('hour', now())
);
CREATE INDEX problem_report_service ON problem_report (service_id, received_hour);
CREATE INDEX problem_report_organization ON problem_report (organization_id, received_hour);
