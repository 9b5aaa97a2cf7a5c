-- 0030_accounts.sql - accounts, invitations and sign-in sessions of the
-- people who register services (issue 10; docs/security.md).
--
-- account:     one person, one role. Registrars and organisation admins
--              belong to one organisation; coordinators and node admins to
--              the node (organization_id NULL). password_hash is the
--              libsodium crypto_pwhash_str text (argon2id); NULL for an
--              account that signs in through LDAP, which never has a local
--              password.
-- invitation:  a one-time code, kept only as its BLAKE2b-256 hash, that
--              creates an account (role and organisation fixed by whoever
--              made it) or, with account_id set, sets a forgotten password.
-- auth_session: a sign-in; the token is kept only as its hash. It ends at
--              expires_at (absolute) or after the configured idle time
--              since last_seen_at, when revoked, and when the account is
--              disabled or its password changes (revoked then).
-- api_token:   now owned by an account (account_id) or by the node (NULL):
--              an account's token acts with the account's current role and
--              dies with it.
--
-- Nothing here is about the people who look for help.

CREATE TABLE account (
	id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	username        text NOT NULL CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	role            text NOT NULL
		CHECK (role IN ('registrar', 'org_admin', 'coordinator', 'node_admin')),
	source          text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'ldap')),
	password_hash   text,
	created_at      timestamptz NOT NULL DEFAULT now(),
	disabled_at     timestamptz,
	password_changed_at timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT account_scope
		CHECK ((role IN ('registrar', 'org_admin')) = (organization_id IS NOT NULL)),
	CONSTRAINT account_password
		CHECK ((source = 'local') = (password_hash IS NOT NULL))
);
CREATE UNIQUE INDEX account_username ON account (lower(username));
CREATE INDEX account_organization ON account (organization_id);

CREATE TABLE invitation (
	id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	code_hash       text NOT NULL UNIQUE,
	organization_id uuid REFERENCES organization (id) ON DELETE CASCADE,
	role            text NOT NULL
		CHECK (role IN ('registrar', 'org_admin', 'coordinator', 'node_admin')),
	account_id      uuid REFERENCES account (id) ON DELETE CASCADE, -- a password reset
	created_by      uuid REFERENCES account (id) ON DELETE SET NULL, -- NULL: the node (CLI)
	created_at      timestamptz NOT NULL DEFAULT now(),
	expires_at      timestamptz NOT NULL,
	used_at         timestamptz,
	used_by         uuid REFERENCES account (id) ON DELETE SET NULL,
	revoked_at      timestamptz,
	CONSTRAINT invitation_scope
		CHECK ((role IN ('registrar', 'org_admin')) = (organization_id IS NOT NULL))
);
CREATE INDEX invitation_organization ON invitation (organization_id);

CREATE TABLE auth_session (
	id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	token_hash   text NOT NULL UNIQUE,
	account_id   uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	created_at   timestamptz NOT NULL DEFAULT now(),
	last_seen_at timestamptz NOT NULL DEFAULT now(),
	expires_at   timestamptz NOT NULL,
	revoked_at   timestamptz
);
CREATE INDEX auth_session_account ON auth_session (account_id);
CREATE INDEX auth_session_expires ON auth_session (expires_at);

-- An account's token takes the account's role and organisation at each use;
-- organization_id then only says where it was made, and node_admin is false.
ALTER TABLE api_token ADD COLUMN account_id uuid REFERENCES account (id) ON DELETE CASCADE;
ALTER TABLE api_token DROP CONSTRAINT api_token_scope;
ALTER TABLE api_token ADD CONSTRAINT api_token_scope CHECK (
	(account_id IS NULL AND node_admin <> (organization_id IS NOT NULL))
	OR (account_id IS NOT NULL AND NOT node_admin));
CREATE INDEX api_token_account ON api_token (account_id);
