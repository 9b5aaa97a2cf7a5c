// The eligibility rule's three outcomes through the write API (issue 9,
// section 1): a clear condition is refused (422), a text the rule cannot
// clear is held for review (202) and stays out of public reads and search
// until a reviewer approves it; the organisation's admin, coordinators and
// the node admin see it in GET /admin/eligibility_review; a coordinator
// decides, a registrar or organisation admin cannot; approval binds to the
// exact text; directoryd review lists and decides; a refusal is audited as
// an approval is; the importer reports a held record, stores it apart and
// a reviewer can publish it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	missingEnv, setupNode, createOrg, createToken, directoryd, directorydOk, importHsds,
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

	it('a reviewer refusal is audited: way review, who, the review id and the rules, an empty patch', async () => {
		const doc = smallService(org, { name: 'Refused through the API', description: UNCLEAR });
		const held = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(held.status, 202, held.text);
		const path = `/admin/eligibility_review/${held.json.review_id}/refuse`;
		assertErrorBody(await d.request(path, { method: 'POST', token: orgAdmin }), 403, 'forbidden');
		const r = await d.request(path, { method: 'POST', token: coordinator });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { review_id: held.json.review_id, id: doc.id, status: 'refused' });
		assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		assert.ok(!(await reviewList(admin)).some((h) => h.review_id === held.json.review_id));

		const audit = await d.request(`/audit?record_id=${doc.id}`, { token: admin });
		assert.equal(audit.status, 200, audit.text);
		assert.equal(audit.json.contents.length, 1, audit.text);
		const entry = audit.json.contents[0];
		assert.equal(entry.way, 'review');
		assert.equal(entry.username, 'co');
		assert.equal(entry.record_type, 'service');
		assert.equal(entry.organization_id, org);
		assert.equal(entry.detail.decision, 'refused');
		assert.equal(entry.detail.review_id, held.json.review_id);
		assert.deepEqual(entry.detail.rules, ['D2']);
		assert.match(entry.detail.text_hash, /^[0-9a-f]{64}$/);
		assert.deepEqual(entry.patch, []);
		assert.deepEqual(entry.inverse, []);
		const byWay = await d.request(`/audit?way=review&record_id=${doc.id}`, { token: admin });
		assert.equal(byWay.json.contents.length, 1, byWay.text);
		// Deciding again: the hold is gone.
		assertErrorBody(await d.request(path, { method: 'POST', token: coordinator }), 404, 'not_found');
	});

	it('the importer reports a held record, keeps it out of public reads, and a reviewer publishes it', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'elig-import-'));
		const orgId = randomUUID(), heldId = randomUUID(), okId = randomUUID();
		try {
			await writeFile(join(dir, 'organizations.json'), JSON.stringify([
				{ id: orgId, name: 'Imported collective', description: 'Peer support by and for sex workers.' },
			]));
			await writeFile(join(dir, 'services.json'), JSON.stringify([
				{ id: heldId, organization_id: orgId, name: 'Imported held service', description: UNCLEAR, status: 'active' },
				{ id: okId, organization_id: orgId, name: 'Imported public service', description: 'Walk in, no police report needed.', status: 'active' },
			]));
			const r = await importHsds(node.conninfo, dir);
			assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
			assert.match(r.stderr, /imported 1 organizations?, 1 services?.*0 refused, 1 held for review/, r.stderr);
			const lines = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
			const held = lines.filter((l) => l.status === 'held_for_review');
			assert.equal(held.length, 1, r.stdout);
			assert.equal(held[0].kind, 'service');
			assert.equal(held[0].id, heldId);
			assert.match(held[0].source, /services\.json#\/0$/);
			assert.equal(held[0].details[0].rule, 'D2');
			assert.equal(held[0].details[0].field, '/description');

			assert.equal((await d.request(`/services/${heldId}`)).status, 404, 'a held record is not public');
			assert.equal((await d.request(`/services/${okId}`)).status, 200);
			const search = await d.request('/services?search=Imported');
			assert.equal(search.status, 200, search.text);
			assert.ok(!search.json.contents.some((s) => s.id === heldId), 'a held record is not in search');
			const hold = (await reviewList(coordinator)).find((h) => h.review_id === held[0].review_id);
			assert.ok(hold, 'the import hold is listed for reviewers');
			assert.equal(hold.source, 'import');
			assert.equal(hold.id, heldId);

			const ok = await d.request(`/admin/eligibility_review/${held[0].review_id}/approve`, { method: 'POST', token: coordinator });
			assert.equal(ok.status, 200, ok.text);
			assert.equal((await d.get(`/services/${heldId}`)).description, UNCLEAR);
			// Importing the same texts again stores the record without a new hold.
			const again = await importHsds(node.conninfo, dir);
			assert.equal(again.code, 0, again.stderr);
			assert.match(again.stderr, /0 refused, 0 held for review/, again.stderr);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
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
		const audit = await d.request(`/audit?record_id=${doc.id}`, { token: admin });
		assert.equal(audit.status, 200, audit.text);
		assert.equal(audit.json.contents.length, 1, audit.text);
		const entry = audit.json.contents[0];
		assert.equal(entry.way, 'cli', JSON.stringify(entry));
		assert.equal(entry.detail.decision, 'refused');
		assert.equal(entry.detail.review_id, held.json.review_id);
		const bad = await directoryd(node.conninfo, ['review', 'approve', randomUUID()]);
		assert.equal(bad.code, 1);
		assert.match(bad.stderr, /no record held for review/);
		assert.equal((await directoryd(node.conninfo, ['review', 'frobnicate'])).code, 2);
	});
});
