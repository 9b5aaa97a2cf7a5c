-- Records the eligibility rule holds for review (issue 9): a D1-D5 topic
-- that no frame clears, or evasion. A held record is kept here, not in the
-- HSDS tables, so public reads, search, exports and the federation feed
-- never see it; its organisation and the node's reviewers do
-- (GET /admin/eligibility_review, directoryd review). Approving writes the
-- document through the normal write path and keeps the row as the approval:
-- a later write of the same record whose checked texts hash the same
-- (text_hash) is accepted without a new hold; any change is checked again.
CREATE TABLE eligibility_review (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind          text NOT NULL CHECK (kind IN ('organization', 'service', 'location')),
    record_id     uuid NOT NULL,
    -- the organisation the submitting token was limited to (NULL: node admin)
    scope_org     uuid,
    -- NULL: written on this node; else the peer the record came from
    origin        text,
    -- where it came in: api, import or federation
    source        text NOT NULL CHECK (source IN ('api', 'import', 'federation')),
    document      jsonb NOT NULL,
    -- SHA-256 (hex) over each checked field's JSON Pointer and text
    text_hash     text NOT NULL CHECK (text_hash ~ '^[0-9a-f]{64}$'),
    -- [{field, rule, phrase, language, message, rule_text, suggestion}]
    details       jsonb NOT NULL,
    rules_version text NOT NULL,
    status        text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'approved', 'refused')),
    held_at       timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    CONSTRAINT eligibility_review_decided CHECK ((status = 'held') = (decided_at IS NULL))
);
-- One open hold per record: a new write replaces the held one.
CREATE UNIQUE INDEX eligibility_review_open ON eligibility_review (kind, record_id)
    WHERE status = 'held';
CREATE INDEX eligibility_review_approved ON eligibility_review (kind, record_id, text_hash)
    WHERE status = 'approved';
CREATE INDEX eligibility_review_scope ON eligibility_review (scope_org) WHERE status = 'held';
