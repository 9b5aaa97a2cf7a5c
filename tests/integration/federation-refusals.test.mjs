// Federation refusals (docs/federation.md sections 4, 5, 7, 8): a hostile
// peer written in Node (lib/hostile-peer.mjs) serves a mirror V tampered
// bodies, responses signed by a key V never pinned, forged, rolled-back and
// misattributed records, a record that breaks the eligibility rule, a
// confidential location with its street and a record signed by a revoked
// key. Each is refused with its own code, visible in `peers list` and
// GET /admin/peers, and nothing of it reaches V's directory.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld, serveTo } from './lib/federation.mjs';
import {
	HostilePeer, makeRecord, signRecord, signRequestHeaders, sendRaw, clone, recordVerifies,
} from './lib/hostile-peer.mjs';

const skip = missingEnv();
const TRAFFICKING = 'Only for identified victims of trafficking who cooperate with the police';

describe('federation: a hostile peer is refused', { skip: skip || false }, () => {
	let world, A, V, H;
	const org = { id: randomUUID(), name: 'Refusal test collective', description: 'Peer support in Zürich.' };
	const svc = { id: randomUUID(), organization_id: org.id, name: 'Refusal test service',
		description: 'Peer support by phone.', status: 'active' };
	let aItemsV1, aItemsV2; // A's real signed items before and after an update

	before(async () => {
		world = await fedWorld('fedref', { a: { country: 'CH' }, v: { mode: 'mirror', country: 'CH' } });
		({ a: A, v: V } = world.nodes);
		H = await new HostilePeer('h').start();
		await V.cliOk(['peers', 'add', 'h', H.url, H.fingerprint, '--relay', `${A.nodeId}=${A.fingerprint}`]);
		await serveTo(A, H); // H may pull A's feed, to replay and alter it
		await A.writeOk('/organizations', 'POST', org);
		await A.writeOk('/services', 'POST', svc);
		aItemsV1 = await H.pull(A);
		await A.writeOk(`/services/${svc.id}`, 'PUT', { ...svc, name: 'Refusal test service (renamed)' });
		aItemsV2 = await H.pull(A);
	});

	after(async () => {
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	const itemOf = (items, type, id) => {
		const it = items.find((i) => i.record.type === type && i.record.id === id);
		assert.ok(it, `A's feed has ${type} ${id}: ${JSON.stringify(items.map((i) => i.record && [i.record.type, i.record.id]))}`);
		return it;
	};

	/** Nothing of the record on V: not in the HSDS API, not in fed_record. */
	async function assertAbsent(type, id, what) {
		const r = await V.daemon.request(`/${type}s/${id}`);
		assert.equal(r.status, 404, `${what}: V's API must not have ${type} ${id}: ${r.text.slice(0, 300)}`);
		assert.equal(await V.sql(`SELECT count(*) FROM fed_record WHERE id = '${id}'`), '0', `${what}: fed_record`);
	}

	function ownOrg(name) {
		const body = { id: randomUUID(), name, description: 'Made up by the hostile peer.' };
		return { body, item: signRecord(makeRecord({ origin: H.nodeId, type: 'organization', id: body.id, version: 1, body }), H.key) };
	}

	it('A\'s feed is signed by A, and relayed through the (well-behaved) peer, V takes it', async () => {
		const it2 = itemOf(aItemsV2, 'service', svc.id);
		assert.ok(recordVerifies(it2, A.fingerprint), 'A signs its records with its pinned key');
		assert.equal(it2.sig.keyid, A.keyid);
		assert.equal(it2.record.origin, A.nodeId);
		assert.ok(it2.record.version > itemOf(aItemsV1, 'service', svc.id).record.version, 'an update is a newer version');
		H.setItems(aItemsV2);
		await V.syncOk('h');
		const s = await V.daemon.get(`/services/${svc.id}`);
		assert.equal(s.name, 'Refusal test service (renamed)');
		assert.equal(s.provenance.origin_node, A.nodeId);
		assert.equal(s.provenance.key_id, A.keyid);
		assert.equal(s.provenance.version, it2.record.version);
	});

	it('a tampered body: digest_mismatch, nothing stored', async () => {
		const { body, item } = ownOrg('Tamper target organization');
		H.setItems([item]);
		H.tamper = (bytes) => Buffer.from(bytes.toString('utf8').replace('Tamper target', 'Tamper targex'), 'utf8');
		try {
			const r = await V.sync('h');
			assert.equal(r.code, 1, `sync of a tampered response exits 1: ${r.stderr}`);
		} finally {
			H.tamper = null;
		}
		await V.assertRefusalShown('h', 'digest_mismatch');
		await assertAbsent('organization', body.id, 'tampered body');
	});

	it('a response signed by a key V never pinned: unknown_key, nothing stored', async () => {
		const rogue = H.newKey(); // #2, listed nowhere
		const { body, item } = ownOrg('Rogue key organization');
		H.setItems([item]);
		H.transportKey = rogue;
		try {
			const r = await V.sync('h');
			assert.equal(r.code, 1, `sync of a response signed by an unknown key exits 1: ${r.stderr}`);
		} finally {
			H.transportKey = H.key;
		}
		await V.assertRefusalShown('h', 'unknown_key');
		await assertAbsent('organization', body.id, 'unknown key');
	});

	it('a replayed request to /federation/v1/changes: the second is 401 nonce_replayed', async () => {
		const url = `${V.url}/federation/v1/changes?limit=10`;
		const headers = await signRequestHeaders({ key: H.key, url });
		const first = await sendRaw(url, { headers });
		assert.equal(first.status, 200, `a signed request of a configured peer is answered: ${first.text.slice(0, 500)}`);
		const second = await sendRaw(url, { headers });
		assert.equal(second.status, 401, `the same signed request again: ${second.status} ${second.text.slice(0, 500)}`);
		assert.equal(second.json?.error?.code, 'nonce_replayed', second.text);
	});

	it('records forged for another origin: record_signature_invalid and untrusted_origin, nothing changed', async () => {
		const real = itemOf(aItemsV2, 'service', svc.id);
		const forged = clone(real.record);
		forged.version += 10;
		forged.body.name = 'Forged by the relay';
		const forgedItem = signRecord(forged, H.key, A.keyid); // claims A's key, signed with H's
		const strangerId = randomUUID();
		const stranger = makeRecord({ origin: '127.0.0.1:9', type: 'organization', id: strangerId, version: 1,
			body: { id: strangerId, name: 'Stranger origin', description: 'Not relayable through H.' } });
		H.setItems([forgedItem, signRecord(stranger, H.key, '127.0.0.1:9#1')]);
		await V.sync('h');
		await V.assertRefusalShown('h', 'record_signature_invalid');
		await V.assertRefusalShown('h', 'untrusted_origin');
		const s = await V.daemon.get(`/services/${svc.id}`);
		assert.equal(s.name, 'Refusal test service (renamed)', 'the forged version did not replace the real one');
		assert.equal(s.provenance.version, real.record.version);
		await assertAbsent('organization', strangerId, 'untrusted origin');
	});

	it('an older version, really signed by A: version_rollback, the newer one stays', async () => {
		const old = itemOf(aItemsV1, 'service', svc.id);
		H.setItems([old]);
		await V.sync('h');
		await V.assertRefusalShown('h', 'version_rollback');
		const s = await V.daemon.get(`/services/${svc.id}`);
		assert.equal(s.name, 'Refusal test service (renamed)');
		assert.equal(s.provenance.version, itemOf(aItemsV2, 'service', svc.id).record.version);
	});

	it('a tombstone of A\'s service from H, which is not its origin: origin_mismatch, the service stays', async () => {
		const tomb = makeRecord({ origin: H.nodeId, type: 'service', id: svc.id, version: 1000, deleted: true });
		H.setItems([signRecord(tomb, H.key)]);
		await V.sync('h');
		await V.assertRefusalShown('h', 'origin_mismatch');
		const r = await V.daemon.request(`/services/${svc.id}`);
		assert.equal(r.status, 200, 'the service is still there');
		assert.equal(r.json.provenance.origin_node, A.nodeId);
	});

	it('a service that breaks the eligibility rule: refused with the write API\'s code, the rest of the page applied', async () => {
		// the code the write API gives this text on an origin
		const probe = await A.write('/services', 'POST', { ...svc, id: randomUUID(), eligibility_description: TRAFFICKING });
		assert.equal(probe.status, 422, `the write API refuses the text: ${probe.text}`);
		const code = probe.json.error.code;
		const o = ownOrg('Hostile peer organization');
		const good = { id: randomUUID(), organization_id: o.body.id, name: 'Acceptable hostile service',
			description: 'Peer support.', status: 'active' };
		const bad = { ...good, id: randomUUID(), name: 'Police-only service', eligibility_description: TRAFFICKING };
		H.setItems([o.item,
			signRecord(makeRecord({ origin: H.nodeId, type: 'service', id: good.id, version: 1, body: good }), H.key),
			signRecord(makeRecord({ origin: H.nodeId, type: 'service', id: bad.id, version: 1, body: bad }), H.key)]);
		await V.sync('h');
		await V.assertRefusalShown('h', code);
		await assertAbsent('service', bad.id, 'eligibility');
		assert.equal((await V.daemon.get(`/services/${good.id}`)).name, 'Acceptable hostile service',
			'the valid records of the same page are applied');
	});

	it('a confidential location with its street: confidential_leak, and V\'s database never holds the street', async () => {
		const loc = { id: randomUUID(), name: 'Leaky safe house', location_type: 'physical', confidential: true,
			latitude: '47.3712', longitude: '8.5301',
			addresses: [{ id: randomUUID(), address_1: 'Verstecktweg 99', address_2: '', city: 'Zürich',
				state_province: 'ZH', postal_code: '8021', country: 'CH', address_type: 'physical' }] };
		const o = ownOrg('Leaky organization');
		loc.organization_id = o.body.id;
		H.setItems([o.item, signRecord(makeRecord({ origin: H.nodeId, type: 'location', id: loc.id, version: 1, body: loc }), H.key)]);
		await V.sync('h');
		await V.assertRefusalShown('h', 'confidential_leak');
		await assertAbsent('location', loc.id, 'confidential leak');
		assert.ok(!(await V.dump()).includes('Verstecktweg'), 'the street is nowhere in V\'s database');
	});

	it('a record signed by a revoked key: key_revoked, nothing stored', async () => {
		// V trusts H's second key too; H publishes the self-revocation of its first
		const k2 = H.newKey();
		await V.cliOk(['peers', 'pin', H.nodeId, k2.fingerprint]);
		const k1 = H.key;
		H.currentKeys = [k2];
		H.revokedKeys = [k1];
		H.transportKey = k2;
		const { body, item } = ownOrg('Signed by a revoked key'); // signed by k1
		H.setItems([item]);
		await V.sync('h');
		await V.assertRefusalShown('h', 'key_revoked');
		await assertAbsent('organization', body.id, 'revoked key');
	});
});
