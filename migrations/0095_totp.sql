-- 0095_totp.sql - the optional second factor of sign-in (issue 10;
-- directoryd/auth/totp.h, docs/security.md, "How a person signs in").
--
-- account_totp: one TOTP secret per account, only ever stored sealed
--               (libsodium crypto_secretbox under <key_dir>/totp.key, base64
--               of nonce and box), never in clear. confirmed_at is NULL
--               while an enrolment waits for its first code. last_step is
--               the RFC 6238 time step of the last code accepted: a code of
--               that step or an earlier one is refused, so each code works
--               once.
-- auth_session.totp_pending: a sign-in of an admin on a node that requires
--               TOTP, by an account that has none yet: the session may only
--               enrol (POST /auth/totp, /auth/totp/confirm), see who it is
--               and sign out.
CREATE TABLE account_totp (
	account_id   uuid PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
	secret_box   text NOT NULL,
	created_at   timestamptz NOT NULL DEFAULT now(),
	confirmed_at timestamptz,
	last_step    bigint
);

ALTER TABLE auth_session ADD COLUMN totp_pending boolean NOT NULL DEFAULT false;
