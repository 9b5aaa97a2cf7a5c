// Key rotation (docs/federation.md, sections 2 and 8): the new key is
// published before it signs, a mirror that reads the well-known document in
// that time trusts it by endorsement of the old key, records signed by the
// retired key stay valid, and a mirror that only pinned the old key and comes
// too late is refused (no trust on first use) until its operator pins the new
// key.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld, wire, until } from './lib/federation.mjs';

const skip = missingEnv();
// Seconds the rotated key is published before it signs: long, so that the
// mirror's pull in the lead never races the clock on a loaded machine. The
// lead is then ended by moving the key's start (and the old key's
// retirement) to now in A's database, which is what the passing of time
// does: every key state is computed from them and now() (sql/64_fed_feed.sql).
const LEAD = 3600;

describe('federation: key rotation', { skip: skip || false }, () => {
	let world, A, M, L;
	const org = randomUUID();
	const first = randomUUID();
	const second = randomUUID();

	before(async () => {
		world = await fedWorld('fedrot', {
			a: { country: 'CH' },
			m: { mode: 'mirror', country: 'CH' },
			l: { mode: 'mirror', country: 'CH' },
		});
		({ a: A, m: M, l: L } = world.nodes);
		await wire(M, A);
		await wire(L, A);
		await A.writeOk('/organizations', 'POST', { id: org, name: 'Collective Zürich', description: 'Peer support.' });
		await A.writeOk('/services', 'POST', { id: first, organization_id: org, name: 'Free STI testing', status: 'active' });
		await M.syncOk('a');
		// L's own worker pulls A once, within a second of the wiring: let it do so before the
		// rotation, or it may read the well-known document in the lead and learn the next key
		// by endorsement, which this test's late mirror must not have.
		await until(async () => Number(await L.sql(
			"SELECT count(*) FROM fed_peer WHERE name = 'a' AND last_attempt IS NOT NULL")) === 1, 10000, 100);
	});

	after(async () => {
		if (world) await world.cleanup();
	});

	const keys = async (node) => node.cliLines(['keys', 'list']);

	it('the rotated key is published as next, and a mirror that reads it in time learns it', async () => {
		const r = await A.cliJson(['keys', 'rotate', '--lead', String(LEAD)]);
		assert.equal(r.keyid, `${A.nodeId}#2`);
		assert.equal(r.state, 'next', JSON.stringify(r));
		const doc = await A.daemon.get('/.well-known/directoryd');
		assert.ok(doc.keys.some((k) => k.keyid === `${A.nodeId}#2` && k.state === 'next'), JSON.stringify(doc.keys));
		await M.syncOk('a');
		const trusted = (await M.peer('a')).keys;
		const k2 = trusted.find((k) => k.keyid === `${A.nodeId}#2`);
		assert.ok(k2, `M trusts A#2: ${JSON.stringify(trusted)}`);
		assert.equal(k2.source, 'endorsed');
	});

	it('after the lead the new key signs; the mirror accepts it and keeps the records of the retired key', async () => {
		assert.ok((await keys(A)).some((k) => k.keyid === `${A.nodeId}#2` && k.state === 'next'), 'still in the lead');
		await A.sql(`UPDATE fed_own_key SET valid_from = now() WHERE n = 2;
			UPDATE fed_own_key SET retired_at = now() WHERE n = 1`);
		assert.ok((await keys(A)).some((k) => k.keyid === `${A.nodeId}#2` && k.state === 'current'));
		assert.ok((await keys(A)).some((k) => k.keyid === `${A.nodeId}#1` && k.state === 'retired'));
		await A.writeOk('/services', 'POST', { id: second, organization_id: org, name: 'Legal advice', status: 'active' });
		await M.syncOk('a');
		const s2 = await M.daemon.get(`/services/${second}`);
		assert.equal(s2.provenance.key_id, `${A.nodeId}#2`, JSON.stringify(s2.provenance));
		const s1 = await M.daemon.get(`/services/${first}`);
		assert.equal(s1.provenance.key_id, `${A.nodeId}#1`, 'signed by the retired key, still served');
		assert.equal(s1.provenance.state, 'verified');
	});

	it('a mirror that pinned only the old key and missed the lead is refused until it pins the new one', async () => {
		const r = await L.sync('a');
		assert.notEqual(r.code, 0, 'no trust on first use of A#2');
		await L.assertRefusalShown('a', 'unknown_key');
		// (L's own worker may have pulled A before the rotation: it holds at most the first service)
		assert.equal(Number(await L.sql(`SELECT count(*) FROM service WHERE id = '${second}'`)), 0,
			'nothing signed by the new key is stored');
		const fp2 = (await keys(A)).find((k) => k.keyid === `${A.nodeId}#2`).fingerprint;
		await L.cliOk(['peers', 'pin', A.nodeId, fp2]);
		await L.syncOk('a');
		const got = await L.daemon.get(`/services/${second}`);
		assert.equal(got.provenance.origin_node, A.nodeId);
	});
});
