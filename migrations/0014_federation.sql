-- 0014_federation.sql - the tables of federation (docs/federation.md).
--
-- fed_feed:        this node's change-feed counter and epoch (one row).
-- fed_own_key:     this node's keys; the seeds stay in <key_dir>/<n>.key.
-- fed_record:      every record this node serves in its feed, its own and
--                  those it mirrors, one row per record key in its latest
--                  state, with the canonical text that was signed.
-- fed_peer:        configured peers, their cursor and status.
-- fed_trusted_key: keys of other nodes this node trusts (pinned or endorsed).
-- fed_origin:      when each origin's listings were last confirmed current.
-- fed_refused:     records a peer sent that were refused, with the reason.

CREATE TABLE fed_feed (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	epoch text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
	seq bigint NOT NULL DEFAULT 0,        -- last position handed out
	pruned_seq bigint NOT NULL DEFAULT 0  -- positions <= this may be gone
);
INSERT INTO fed_feed DEFAULT VALUES;

CREATE TABLE fed_own_key (
	n int PRIMARY KEY CHECK (n > 0),
	public_key text NOT NULL UNIQUE,      -- base64url, 32 bytes
	valid_from timestamptz NOT NULL,
	retired_at timestamptz,
	revoked_at timestamptz,
	revocation text                       -- self-signed statement (section 2)
);

CREATE TABLE fed_record (
	type text NOT NULL CHECK (type IN ('organization', 'location', 'service')),
	id uuid NOT NULL,
	origin text NOT NULL,
	version bigint NOT NULL,
	updated timestamptz NOT NULL,
	deleted boolean NOT NULL,
	record text NOT NULL,                 -- JCS of the record object, as signed
	keyid text NOT NULL,
	sig text NOT NULL,                    -- base64url Ed25519 signature
	seq bigint NOT NULL UNIQUE,           -- position in this node's feed
	fetched_at timestamptz,               -- NULL for this node's own records
	via_peer text,                        -- the peer it came from
	state text NOT NULL DEFAULT 'verified'
		CHECK (state IN ('verified', 'revalidation_pending')),
	baseline uuid,                        -- last snapshot that delivered it
	PRIMARY KEY (type, id)
);
CREATE INDEX fed_record_origin_seq ON fed_record (origin, seq);
CREATE INDEX fed_record_keyid ON fed_record (keyid);

CREATE TABLE fed_peer (
	name text PRIMARY KEY,
	url text NOT NULL,                    -- the peer's public_url
	node_id text NOT NULL UNIQUE,
	relays text[] NOT NULL DEFAULT '{}',  -- origins it may relay
	pull boolean NOT NULL DEFAULT true,   -- false: --serve-only
	cursor text,                          -- change-feed cursor
	snapshot_page text,                   -- re-baseline in progress
	baseline uuid,                        -- its id
	last_attempt timestamptz,
	last_success timestamptz,
	last_error jsonb,
	failures int NOT NULL DEFAULT 0,
	next_attempt timestamptz,
	lag_records bigint,
	lag_seconds bigint,
	applied bigint NOT NULL DEFAULT 0
);

CREATE TABLE fed_trusted_key (
	node_id text NOT NULL,
	public_key text NOT NULL,             -- base64url, 32 bytes
	keyid text UNIQUE,                    -- NULL until learned
	source text NOT NULL CHECK (source IN ('pinned', 'endorsed')),
	endorsed_by text,                     -- keyid of the key that signed it in
	state text NOT NULL DEFAULT 'current'
		CHECK (state IN ('current', 'next', 'retired', 'revoked')),
	valid_from timestamptz,
	retired_at timestamptz,
	revoked_at timestamptz,
	learned_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (node_id, public_key)
);

CREATE TABLE fed_origin (
	node_id text PRIMARY KEY,
	confirmed_at timestamptz NOT NULL,
	via_peer text
);

CREATE TABLE fed_refused (
	refused_id bigserial PRIMARY KEY,
	peer text NOT NULL,
	origin text NOT NULL DEFAULT '',
	type text NOT NULL DEFAULT '',
	record_id text NOT NULL DEFAULT '',
	version bigint NOT NULL DEFAULT -1,
	error jsonb NOT NULL,                 -- {"code","message","field","details"}
	at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (peer, origin, type, record_id, version)
);
