-- 74_review_audit.sql - a reviewer's refusal of a record the eligibility
-- rule held (migrations/0020_eligibility_review.sql) is an entry of the
-- audit trail (migrations/0031_audit.sql), as an approval is: the approval
-- writes the record and the trail records that write at commit; a refusal
-- writes nothing to the directory, so it is recorded here, with an empty
-- patch. docs/eligibility.md, "What happens to a held record".

-- One audit entry for the refusal of hold rid, by the actor of the
-- transaction (directoryd.audit_actor, set by directoryd/auth/audit.c):
-- way "review" or "cli", the actor's detail plus "decision": "refused",
-- the review id, the rules version, the text hash and the rules that held
-- it. The patch and its inverse are empty: the directory did not change.
CREATE OR REPLACE FUNCTION dir_review_audit_refused(rid uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	r eligibility_review;
	a jsonb;
BEGIN
	SELECT * INTO r FROM eligibility_review WHERE id = rid;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	a := dir_audit_actor(r.kind, r.record_id, false);
	INSERT INTO audit (record_type, record_id, organization_id, account_id, username,
		token_id, way, detail, patch, inverse)
	VALUES (r.kind, r.record_id,
		coalesce(r.scope_org, dir_audit_org(r.kind, r.document)),
		(a ->> 'account_id')::uuid, a ->> 'username', (a ->> 'token_id')::uuid,
		a ->> 'way',
		coalesce(a -> 'detail', '{}') || jsonb_build_object('decision', 'refused',
			'review_id', r.id, 'rules_version', r.rules_version,
			'text_hash', r.text_hash,
			'rules', coalesce((SELECT jsonb_agg(DISTINCT d ->> 'rule')
				FROM jsonb_array_elements(r.details) d), '[]')),
		'[]', '[]');
END $$;
