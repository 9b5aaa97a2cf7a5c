// A mirror's reviewers decide what its own eligibility rule held from a
// peer (issue 9; docs/federation.md section 7): a peer H sends a service
// whose text the mirror V's rule can neither clear nor refuse. V does not
// apply it: the refusal (eligibility_review) is in `peers list`, and the
// signed record is held for V's reviewers with its origin. When a reviewer
// approves it, V verifies the record's signature again and applies it as
// its origin signed it (provenance, fed_record); a later version with the
// same texts is applied at once, one with changed texts is held again; a
// reviewer's refusal leaves the record out and is audited.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld } from './lib/federation.mjs';
import { HostilePeer, makeRecord, signRecord } from './lib/hostile-peer.mjs';

const skip = missingEnv();
// Names a D2 topic with no frame that clears it: a person decides.
const UNCLEAR = 'Support workers will discuss the police report with you at the first meeting.';

describe('federation: a mirror reviews what its rule held', { skip: skip || false }, () => {
	let world, V, H;
	const org = { id: randomUUID(), name: 'Peer review collective', description: 'Peer support in Zürich.' };
	const held = { id: randomUUID(), organization_id: org.id, name: 'Held peer service',
		description: UNCLEAR, status: 'active' };
	const refused = { ...held, id: randomUUID(), name: 'Refused peer service' };
	const item = (type, body, version) =>
		signRecord(makeRecord({ origin: H.nodeId, type, id: body.id, version, body }), H.key);
	const holds = async () => (await V.daemon.get('/admin/eligibility_review', { token: V.admin })).contents;

	before(async () => {
		world = await fedWorld('fedrev', { v: { mode: 'mirror', country: 'CH' } });
		({ v: V } = world.nodes);
		H = await new HostilePeer('h').start();
		await V.cliOk(['peers', 'add', 'h', H.url, H.fingerprint]);
		H.setItems([item('organization', org, 1), item('service', held, 1), item('service', refused, 1)]);
		await V.sync('h');
	});

	after(async () => {
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	it('what V would hold is not applied, is shown as refused and is held for V\'s reviewers with its origin', async () => {
		assert.equal((await V.daemon.request(`/organizations/${org.id}`)).status, 200, 'the organisation is applied');
		assert.equal((await V.daemon.request(`/services/${held.id}`)).status, 404);
		assert.equal(await V.sql(`SELECT count(*) FROM fed_record WHERE id = '${held.id}'`), '0');
		await V.assertRefusalShown('h', 'eligibility_review');
		const h = (await holds()).find((x) => x.id === held.id);
		assert.ok(h, `V holds the service: ${JSON.stringify(await holds())}`);
		assert.equal(h.origin, H.nodeId);
		assert.equal(h.source, 'federation');
		assert.equal(h.name, 'Held peer service');
		assert.equal(h.details[0].rule, 'D2');
		// the same version again (a snapshot, a repeated page): the hold and its id stay
		await V.sync('h');
		const again = (await holds()).filter((x) => x.id === held.id);
		assert.equal(again.length, 1);
		assert.equal(again[0].review_id, h.review_id);
	});

	it('a reviewer\'s approval applies the record as its origin signed it', async () => {
		const h = (await holds()).find((x) => x.id === held.id);
		const r = await V.daemon.request(`/admin/eligibility_review/${h.review_id}/approve`,
			{ method: 'POST', token: V.admin });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { review_id: h.review_id, id: held.id, status: 'approved' });
		const s = await V.daemon.get(`/services/${held.id}`);
		assert.equal(s.description, UNCLEAR);
		assert.equal(s.provenance.origin_node, H.nodeId);
		assert.equal(s.provenance.version, 1);
		assert.equal(await V.sql(`SELECT origin || ' ' || version FROM fed_record WHERE id = '${held.id}'`), `${H.nodeId} 1`);
		assert.ok(!(await holds()).some((x) => x.id === held.id));
	});

	it('a later version with the same texts is applied at once; changed texts are held again', async () => {
		H.setItems([item('service', { ...held, url: 'https://peer.example/held' }, 2)]);
		await V.syncOk('h');
		const s = await V.daemon.get(`/services/${held.id}`);
		assert.equal(s.url, 'https://peer.example/held');
		assert.equal(s.provenance.version, 2);
		H.setItems([item('service', { ...held, description: `${UNCLEAR} Bring it along.` }, 3)]);
		await V.sync('h');
		assert.equal((await V.daemon.get(`/services/${held.id}`)).description, UNCLEAR, 'the approved version stays');
		assert.ok((await holds()).some((x) => x.id === held.id), 'the changed text is held again');
	});

	it('a reviewer\'s refusal on the command line leaves the record out and is audited', async () => {
		const h = (await holds()).find((x) => x.id === refused.id);
		assert.ok(h, 'the second service is held');
		const r = await V.cliOk(['review', 'refuse', h.review_id]);
		assert.match(r.stdout, new RegExp(`^refused ${refused.id}`));
		assert.equal((await V.daemon.request(`/services/${refused.id}`)).status, 404);
		const audit = await V.daemon.get(`/audit?record_id=${refused.id}`, { token: V.admin });
		assert.equal(audit.contents[0].detail.decision, 'refused');
		assert.equal(audit.contents[0].way, 'cli');
	});
});
