-- 0032_audit_state.sql - records that exist when the audit trail starts
-- start from their present body (sql/72_audit.sql, dir_audit_body), so their
-- first audited change shows only what changed.
INSERT INTO audit_state (type, id, body)
SELECT 'organization', id, dir_audit_body('organization', id) FROM organization
UNION ALL SELECT 'location', id, dir_audit_body('location', id) FROM location
UNION ALL SELECT 'service', id, dir_audit_body('service', id) FROM service;
