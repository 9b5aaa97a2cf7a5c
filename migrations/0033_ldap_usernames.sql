-- 0033_ldap_usernames.sql - an LDAP account keeps the directory's own
-- username (up to 256 bytes, any characters: directoryd/auth/ldap_auth.c
-- escapes it wherever it goes into a filter or a DN); a local username
-- stays plain.
ALTER TABLE account DROP CONSTRAINT account_username_check;
ALTER TABLE account ADD CONSTRAINT account_username CHECK (
	username ~ '^[A-Za-z0-9._@-]{1,64}$'
	OR (source = 'ldap' AND length(username) BETWEEN 1 AND 256));
