-- 0031_audit.sql - the audit trail (issue 10; docs/security.md; the
-- functions and triggers are sql/70_jsonpatch.sql and sql/72_audit.sql).
--
-- audit:       one entry per change of an organization, service or location,
--              written in the transaction of the change (at its COMMIT):
--              who (the account or token that was authenticated), when, the
--              way in (api, import, federation, review, cli), and the RFC 6902
--              patch from the record's body before to after and its inverse.
--              Confidential street, postal code and coordinates appear as
--              "[confidential]"; no password, token or code ever does. Nothing
--              here is about the people who look for help.
-- audit_state: the body each record had at its last audited change, the
--              "before" of the next one.

CREATE TABLE audit (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at              timestamptz NOT NULL DEFAULT now(),
	record_type     text NOT NULL CHECK (record_type IN ('organization', 'location', 'service')),
	record_id       uuid NOT NULL,
	organization_id uuid,         -- no reference: a deleted organisation keeps its trail
	account_id      uuid,
	username        text,         -- as it was then
	token_id        uuid,
	way             text NOT NULL
		CHECK (way IN ('api', 'import', 'federation', 'review', 'cli', 'unknown')),
	detail          jsonb NOT NULL DEFAULT '{}',
	patch           jsonb NOT NULL,
	inverse         jsonb NOT NULL
);
CREATE INDEX audit_record ON audit (record_id, id);
CREATE INDEX audit_organization ON audit (organization_id, id);
CREATE INDEX audit_account ON audit (account_id, id);
CREATE INDEX audit_at ON audit (at);

CREATE TABLE audit_state (
	type text NOT NULL,
	id   uuid NOT NULL,
	body jsonb NOT NULL,
	PRIMARY KEY (type, id)
);
