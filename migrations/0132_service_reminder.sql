-- 0132_service_reminder.sql - the reminders to confirm listings that were
-- sent by e-mail (directoryd/hsds/remind.c, docs/registrars.md): one row per
-- service, with the assured_date it was sent for. A service is reminded once
-- per unconfirmed period: again only after its assured_date has changed (it
-- was confirmed) and it has become unconfirmed once more.

CREATE TABLE service_reminder (
	service_id   uuid PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
	assured_date date,                 -- the service's assured_date when it was sent
	sent_at      timestamptz NOT NULL
);
