-- 0096_ldap_lost.sql - an LDAP account whose user left every mapped group
-- (or the directory), as found at a sign-in or by the daemon's periodic
-- re-check (directoryd/auth/maintain.c, ldap_recheck): its API tokens and
-- sessions stop working until the user signs in again from a mapped group.
-- NULL: not lost.
ALTER TABLE account ADD COLUMN ldap_lost_at timestamptz;
