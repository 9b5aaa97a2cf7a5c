// The eligibility rule's three outcomes through the write API (issue 9,
// section 1): a clear condition is refused (422), a text the rule cannot
// clear is held for review (202) and stays out of public reads and search
// until a reviewer approves it; the organisation's admin, coordinators and
// the node admin see it in GET /admin/eligibility_review; a coordinator
// decides, a registrar or organisation admin cannot; approval binds to the
// exact text; directoryd review lists and decides.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import {
	missingEnv, setupNode, createOrg, createToken, directoryd, directorydOk,
} from './lib/harness.mjs';
import { assertErrorBody } from './lib/hsds-schema.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();

// Names a D2 topic with no frame that clears it: a person decides.
const UNCLEAR = 'Support workers will discuss the police report with you at the first meeting.';
// Evasion: a Cyrillic "о" inside "police".
const EVASIVE = 'Help only after a p\u043Elice report.';

describe('eligibility review', { skip: skip || false }, () => {
	let node, d, org, otherOrg, token, orgAdmin, otherAdmin, coordinator, admin;

	// An account of the role, signed in: its session token.
	async function account(username, args) {
		const r = await directorydOk(node.conninfo, ['invite', 'create', ...args]);
		const code = r.stdout.trim();
		const acc = await d.request('/auth/invite', {
			method: 'POST', body: { code, username, password: 'correct horse battery staple 9' },
		});
		assert.equal(acc.status, 201, acc.text);
		const login = await d.request('/auth/login', {
			method: 'POST', body: { username, password: 'correct horse battery staple 9' },
		});
		assert.equal(login.status, 200, login.text);
		return login.json.token;
	}

	before(async () => {
		node = await setupNode(import.meta.url);
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Review collective');
		otherOrg = await createOrg(node.conninfo, 'Another association');
		token = await createToken(node.conninfo, { organization: org, label: 'r' });
		admin = await createToken(node.conninfo, { nodeAdmin: true, label: 'admin' });
		orgAdmin = await account('oa', ['--organization', org, '--role', 'org_admin']);
		otherAdmin = await account('ob', ['--organization', otherOrg, '--role', 'org_admin']);
		coordinator = await account('co', ['--role', 'coordinator']);
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	const reviewList = async (t) => {
		const r = await d.request('/admin/eligibility_review', { token: t });
		assert.equal(r.status, 200, r.text);
		return r.json.contents;
	};

	it('a clear condition is refused with the rule in plain words and a suggestion', async () => {
		const doc = smallService(org, { description: 'Support is only available if you file a police report.' });
		const r = await d.request('/services', { method: 'POST', body: doc, token });
		assertErrorBody(r, 422, 'eligibility_condition');
		const detail = r.json.error.details[0];
		assert.equal(detail.rule, 'D2');
		assert.equal(detail.field, '/description');
		assert.match(detail.rule_text, /police report/);
		assert.equal(detail.suggestion, 'No police report needed.');
		assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
	});

	it('an unclear text is held: 202, not public, listed for the organisation and the admin', async () => {
		const doc = smallService(org, { name: 'Held service', description: UNCLEAR });
		const r = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(r.status, 202, r.text);
		assert.equal(r.json.status, 'held_for_review');
		assert.equal(r.json.id, doc.id);
		const detail = r.json.details[0];
		assert.equal(detail.field, '/description');
		assert.equal(detail.rule, 'D2');
		assert.equal(detail.language, 'en');
		assert.match(detail.phrase, /police report/);
		assert.ok(detail.rule_text && detail.suggestion);

		assert.equal((await d.request(`/services/${doc.id}`)).status, 404, 'held record is public');
		const search = await d.get('/services?search=Held');
		assert.ok(!search.contents.some((s) => s.id === doc.id), 'held record in search');

		const mine = await reviewList(orgAdmin);
		assert.deepEqual(mine.map((h) => h.id), [doc.id]);
		assert.equal(mine[0].review_id, r.json.review_id);
		assert.deepEqual(await reviewList(otherAdmin), [], 'another organisation sees the hold');
		assert.ok((await reviewList(coordinator)).some((h) => h.id === doc.id));
		assert.ok((await reviewList(admin)).some((h) => h.id === doc.id));
	});

	it('a coordinator decides, not the organisation; approval publishes the record and binds to its text', async () => {
		const doc = smallService(org, { name: 'Approved later', description: UNCLEAR });
		const held = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(held.status, 202, held.text);
		const path = `/admin/eligibility_review/${held.json.review_id}/approve`;
		assertErrorBody(await d.request(path, { method: 'POST', token }), 403, 'forbidden');
		assertErrorBody(await d.request(path, { method: 'POST', token: orgAdmin }), 403, 'forbidden');

		const ok = await d.request(path, { method: 'POST', token: coordinator });
		assert.equal(ok.status, 200, ok.text);
		assert.deepEqual(ok.json, { review_id: held.json.review_id, id: doc.id, status: 'approved' });
		assert.equal((await d.get(`/services/${doc.id}`)).description, UNCLEAR);
		assert.ok(!(await reviewList(admin)).some((h) => h.id === doc.id));
		assertErrorBody(await d.request(path, { method: 'POST', token: admin }), 404, 'not_found');
		const audit = await d.request(`/audit?record_id=${doc.id}`, { token: admin });
		assert.equal(audit.status, 200, audit.text);
		assert.equal(audit.json.contents[0].way, 'review', JSON.stringify(audit.json.contents[0]));

		// The same texts again: accepted at once. A changed text: held again.
		const same = await d.request(`/services/${doc.id}`, { method: 'PUT', body: doc, token });
		assert.equal(same.status, 200, same.text);
		const changed = { ...doc, description: `${UNCLEAR} Bring it along.` };
		const again = await d.request(`/services/${doc.id}`, { method: 'PUT', body: changed, token });
		assert.equal(again.status, 202, again.text);
		assert.equal((await d.get(`/services/${doc.id}`)).description, UNCLEAR, 'the approved text stays public');
	});

	it('evasion is held, never accepted', async () => {
		const doc = smallService(org, { description: EVASIVE });
		const r = await d.request('/services', { method: 'POST', body: doc, token });
		assert.ok(r.status === 202 || r.status === 422, r.text);
		if (r.status === 202) assert.equal(r.json.details[0].field, '/description');
		assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
	});

	it('directoryd review list and refuse', async () => {
		const doc = smallService(org, { name: 'Refused by review', description: UNCLEAR });
		const held = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(held.status, 202, held.text);
		const list = await directorydOk(node.conninfo, ['review', 'list']);
		const lines = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
		assert.ok(lines.some((h) => h.review_id === held.json.review_id && h.id === doc.id));
		const refused = await directorydOk(node.conninfo, ['review', 'refuse', held.json.review_id]);
		assert.match(refused.stdout, new RegExp(`^refused ${doc.id}`));
		assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		const bad = await directoryd(node.conninfo, ['review', 'approve', randomUUID()]);
		assert.equal(bad.code, 1);
		assert.match(bad.stderr, /no record held for review/);
		assert.equal((await directoryd(node.conninfo, ['review', 'frobnicate'])).code, 2);
	});
});
