// Hostile federation input (issue 8): the signed change feed's origin
// parameter with bytes that are not UTF-8 text; records whose identity
// cannot be read, each of which must stay visible as its own refusal; a
// number a peer sends as decimal text that no renderer can hold; and a
// trusted peer that never lets a pull end (the same cursor, or cursors in a
// cycle, with more: true).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld, codesIn } from './lib/federation.mjs';
import { HostilePeer, makeRecord, signRecord, signRequestHeaders, sendRaw } from './lib/hostile-peer.mjs';

const skip = missingEnv();

describe('federation: hostile input', { skip: skip || false }, () => {
	let world, V, H;

	before(async () => {
		world = await fedWorld('fedhostile', { v: { mode: 'mirror', country: 'CH' } });
		({ v: V } = world.nodes);
		H = await new HostilePeer('h').start();
		await V.cliOk(['peers', 'add', 'h', H.url, H.fingerprint]);
	});

	after(async () => {
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	function ownOrg(name) {
		const body = { id: randomUUID(), name, description: 'Made up by the hostile peer.' };
		return { body, item: signRecord(makeRecord({ origin: H.nodeId, type: 'organization', id: body.id, version: 1, body }), H.key) };
	}

	const feedRequests = (peer) => peer.requests.filter((r) => r.path.startsWith('/federation/v1/')).length;

	it('the feed\'s origin parameter that is not UTF-8 text: 400 invalid_parameter, signed like every answer', async () => {
		for (const bytes of ['%FF', 'a%C0%AF', '%E0%80%80', '%ED%A0%80', 'x%00y', '%00']) {
			const url = `${V.url}/federation/v1/changes?limit=10&origin=${bytes}`;
			const res = await sendRaw(url, { headers: await signRequestHeaders({ key: H.key, url }) });
			assert.equal(res.status, 400, `origin=${bytes}: ${res.status} ${res.text.slice(0, 400)}`);
			assert.equal(res.json?.error?.code, 'invalid_parameter', `origin=${bytes}: ${res.text}`);
			assert.ok(res.headers['signature'], `origin=${bytes}: the refusal is signed`);
		}
		// a well-formed one is answered
		const url = `${V.url}/federation/v1/changes?limit=10&origin=${encodeURIComponent(H.nodeId)}`;
		const ok = await sendRaw(url, { headers: await signRequestHeaders({ key: H.key, url }) });
		assert.equal(ok.status, 200, ok.text.slice(0, 400));
	});

	it('records refused before their identity is read are each kept, none hides another', async () => {
		const o = ownOrg('Organization of the unreadable records');
		const base = () => makeRecord({ origin: H.nodeId, type: 'organization', id: randomUUID(), version: 1,
			body: { name: 'Unreadable', description: 'x' } });
		const withFloat = base();
		withFloat.body.year_incorporated = 1999.5; // a float: refused while made canonical
		const extra = base();
		extra.colour = 'red'; // a member the record may not have
		const noOrigin = base();
		noOrigin.origin = '';
		const bigVersion = base();
		bigVersion.version = 2 ** 53 + 2;
		const wrongType = base();
		wrongType.type = 'spaceship';
		const items = [withFloat, extra, noOrigin, bigVersion, wrongType].map((r) => { r.body.id = r.id; return signRecord(r, H.key); });
		H.setItems([o.item, ...items]);
		await V.sync('h');
		const p = await V.peer('h');
		const refused = p.refused || [];
		assert.ok(refused.length >= items.length,
			`peers list shows each of the ${items.length} refusals: ${JSON.stringify(refused, null, 1).slice(0, 3000)}`);
		const messages = new Set(refused.map((r) => JSON.stringify(r.error)));
		assert.ok(messages.size >= items.length, `each with its own reason: ${[...messages].join('\n')}`);
		assert.ok(codesIn(refused).includes('float_not_allowed'), JSON.stringify(refused).slice(0, 2000));
		const admin = await V.adminPeer('h');
		assert.ok((admin.refused || []).length >= items.length, `GET /admin/peers shows them too: ${JSON.stringify(admin.refused).slice(0, 2000)}`);
		// the readable record of the same page was applied
		assert.equal((await V.daemon.get(`/organizations/${o.body.id}`)).name, 'Organization of the unreadable records');
		// the same refusals again do not pile up
		H.setItems([o.item, ...items]);
		await V.sync('h');
		const again = (await V.peer('h')).refused;
		assert.equal(again.length, refused.length, 'a refusal sent twice is one entry');
	});

	it('a number sent as decimal text beyond what the renderers hold, or below 1e-30: invalid_value, nothing stored, V still renders its lists', async () => {
		const o = ownOrg('Organization with huge numbers');
		const svc = (over) => ({ id: randomUUID(), organization_id: o.body.id, name: 'Huge number service',
			description: 'x', status: 'active', ...over });
		const cases = [
			{ body: svc({ minimum_age: '123456789012345678901234.5' }), ptr: '/minimum_age' },
			{ body: svc({ cost_options: [{ id: randomUUID(), option: 'x', amount: '99999999999999999999.25', currency: 'CHF' }] }),
				ptr: '/cost_options/0/amount' },
			{ body: svc({ maximum_age: '9300000000000000000.5' }), ptr: '/maximum_age' },
			// below 1e-30: decimal text short enough for a record, too small for the validator
			{ body: svc({ minimum_age: `0.${'0'.repeat(31)}1` }), ptr: '/minimum_age' },
			{ body: svc({ cost_options: [{ id: randomUUID(), option: 'x', amount: `-0.${'0'.repeat(40)}5`, currency: 'CHF' }] }),
				ptr: '/cost_options/0/amount' },
		];
		H.setItems([o.item, ...cases.map((c) => signRecord(makeRecord({ origin: H.nodeId, type: 'service', id: c.body.id,
			version: 1, body: c.body }), H.key))]);
		await V.sync('h');
		for (const c of cases) {
			const r = await V.daemon.request(`/services/${c.body.id}`);
			assert.equal(r.status, 404, `${c.ptr}: V must not hold the service: ${r.status} ${r.text.slice(0, 300)}`);
		}
		const p = await V.peer('h');
		for (const c of cases) {
			const ref = (p.refused || []).find((x) => x.id === c.body.id);
			assert.ok(ref, `${c.ptr}: refused and shown: ${JSON.stringify(p.refused).slice(0, 2000)}`);
			assert.equal(ref.error.code, 'invalid_value', JSON.stringify(ref));
			assert.equal(ref.error.field, c.ptr, JSON.stringify(ref));
		}
		const list = await V.daemon.request('/services?per_page=100');
		assert.equal(list.status, 200, list.text.slice(0, 300));
	});

	it('the smallest number a record may carry (15 significant digits at 1e-30) is accepted and read back', async () => {
		const o = ownOrg('Organization with a small number');
		const body = { id: randomUUID(), organization_id: o.body.id, name: 'Small number service', description: 'x',
			status: 'active', cost_options: [{ id: randomUUID(), option: 'x', amount: `-0.${'0'.repeat(29)}123456789012345`,
				currency: 'CHF' }] };
		H.setItems([o.item, signRecord(makeRecord({ origin: H.nodeId, type: 'service', id: body.id, version: 1, body }), H.key)]);
		await V.syncOk('h');
		const got = await V.daemon.get(`/services/${body.id}`);
		assert.equal(got.cost_options[0].amount, -1.23456789012345e-30, JSON.stringify(got.cost_options));
	});

	it('a peer answering every page with more: true and the same cursor: the pass ends with an error on that peer', async () => {
		H.setItems([]);
		await V.sync('h'); // position V at H's current cursor
		const stuck = `${H.epoch}.stuck`;
		H.feedHook = (page) => ({ ...page, items: [], cursor: stuck, more: true });
		const before = feedRequests(H);
		let r;
		try {
			r = await V.sync('h');
		} finally {
			H.feedHook = null;
		}
		const sent = feedRequests(H) - before;
		assert.notEqual(r.code, 0, `sync against a looping peer fails: ${r.stdout}${r.stderr}`);
		assert.ok(sent <= 5, `V stopped after a few pages, not ${sent}`);
		const p = await V.peer('h');
		assert.equal(p.last_error?.code, 'cursor_not_advancing', JSON.stringify(p.last_error));
		// the next pass with a sane peer works again
		await V.syncOk('h');
	});

	it('cursors that go round in a cycle are caught as well', async () => {
		let n = 0;
		H.feedHook = (page) => ({ ...page, items: [], cursor: `${H.epoch}.cycle${n++ % 3}`, more: true });
		const before = feedRequests(H);
		let r;
		try {
			r = await V.sync('h');
		} finally {
			H.feedHook = null;
		}
		const sent = feedRequests(H) - before;
		assert.notEqual(r.code, 0, `sync against a cycling peer fails: ${r.stdout}${r.stderr}`);
		assert.ok(sent <= 8, `V stopped after a few pages, not ${sent}`);
		assert.equal((await V.peer('h')).last_error?.code, 'cursor_not_advancing');
		await V.syncOk('h');
	});

	it('a snapshot whose next page is always the same page: the first pull ends with an error', async () => {
		const H2 = await new HostilePeer('h2').start();
		try {
			await V.cliOk(['peers', 'add', 'h2', H2.url, H2.fingerprint]);
			H2.feedHook = (page, query, path) => (path.endsWith('/snapshot')
				? { ...page, items: [], more: true, page: 'the-same-page', remaining: 5 } : page);
			const r = await V.sync('h2');
			const sent = feedRequests(H2);
			assert.notEqual(r.code, 0, `sync against a looping snapshot fails: ${r.stdout}${r.stderr}`);
			assert.ok(sent <= 6, `V stopped after a few pages, not ${sent}`);
			assert.equal((await V.peer('h2')).last_error?.code, 'cursor_not_advancing');
		} finally {
			await H2.stop();
		}
	});
});
