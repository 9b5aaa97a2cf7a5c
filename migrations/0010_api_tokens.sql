-- API tokens for the write API. Only a BLAKE2b-256 hash of each token is
-- kept; the token itself is printed once by `directoryd token create`.
CREATE TABLE api_token (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash      text NOT NULL UNIQUE,
    organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
    node_admin      boolean NOT NULL DEFAULT false,
    label           text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    CONSTRAINT api_token_scope CHECK (node_admin <> (organization_id IS NOT NULL))
);
