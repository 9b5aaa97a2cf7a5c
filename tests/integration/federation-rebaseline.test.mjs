// Re-baselining (docs/federation.md, section 6): when the origin answers a
// mirror's cursor with 410 (its tombstones after that cursor were pruned:
// cursor_expired; or its feed has a new epoch after a restore:
// cursor_unknown), the mirror reads the snapshot, continues from the
// snapshot's cursor, and deletes what the snapshot no longer holds, so a
// deletion whose tombstone it never saw still reaches it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld, wire } from './lib/federation.mjs';

const skip = missingEnv();

describe('federation: a mirror re-baselines after 410', { skip: skip || false }, () => {
	let world, A, M;
	const org = randomUUID();
	const keep = randomUUID();
	const gone = randomUUID();
	const later = randomUUID();

	before(async () => {
		world = await fedWorld('fedbase', { a: { country: 'CH' }, m: { mode: 'mirror', country: 'CH' } });
		({ a: A, m: M } = world.nodes);
		await M.stop(); // only the syncs of this test pull
		await wire(M, A);
		await A.writeOk('/organizations', 'POST', { id: org, name: 'Collective Zürich', description: 'Peer support.' });
		for (const [id, name] of [[keep, 'Free STI testing'], [gone, 'Closed drop-in']])
			await A.writeOk('/services', 'POST', { id, organization_id: org, name, status: 'active' });
		await M.syncOk('a');
	});

	after(async () => {
		if (world) await world.cleanup();
	});

	const onM = async (id) => Number(await M.sql(`SELECT count(*) FROM service WHERE id = '${id}'`));
	const cursorOnM = () => M.sql("SELECT cursor FROM fed_peer WHERE name = 'a'");

	it('cursor_expired: a deletion whose tombstone was pruned still reaches the mirror', async () => {
		assert.equal(await onM(gone), 1);
		const r = await A.write(`/services/${gone}`, 'DELETE');
		assert.ok(r.status === 200 || r.status === 204, r.text);
		// A prunes that tombstone (as feed_prune does after tombstone_retention): M's cursor is now too old.
		await A.sql("DELETE FROM fed_record WHERE deleted; UPDATE fed_feed SET pruned_seq = seq");
		const before = await cursorOnM();
		await M.syncOk('a');
		assert.equal(await onM(gone), 0, 'the snapshot did not hold it, so the mirror deleted it');
		assert.equal(await onM(keep), 1, 'what the snapshot holds stays');
		assert.notEqual(await cursorOnM(), before, 'the mirror continues from the snapshot\'s cursor');
	});

	it('cursor_unknown: after the origin\'s feed gets a new epoch the mirror re-baselines and carries on', async () => {
		await A.sql("UPDATE fed_feed SET epoch = replace(gen_random_uuid()::text, '-', '')");
		await A.writeOk('/services', 'POST', { id: later, organization_id: org, name: 'Legal advice', status: 'active' });
		await M.syncOk('a');
		assert.equal(await onM(later), 1);
		assert.equal(await onM(keep), 1);
		const epoch = await A.sql('SELECT epoch FROM fed_feed');
		assert.ok((await cursorOnM()).startsWith(`${epoch}.`), 'the cursor is of the new epoch');
		const r = await M.syncOk('a'); // and the change feed goes on from there
		assert.match(r.stdout, /"ok":true/);
	});
});
