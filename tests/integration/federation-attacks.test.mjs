// Federation attacks (docs/federation.md sections 7 and 9) that a hostile
// peer makes with a properly signed feed, which the refusal tests do not
// cover: a `confirmed` time in the future, which would keep an origin's
// listings from ever becoming stale on the mirror.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld } from './lib/federation.mjs';
import { HostilePeer, makeRecord, signRecord } from './lib/hostile-peer.mjs';

const skip = missingEnv();

/** A peer that claims its listings were confirmed centuries from now. */
class FutureConfirmer extends HostilePeer {
	feed(query) {
		const page = super.feed(query);
		for (const origin of Object.keys(page.confirmed)) page.confirmed[origin] = '2999-01-01T00:00:00Z';
		return page;
	}
}

describe('federation: attacks with a signed feed', { skip: skip || false }, () => {
	let world, V, H;

	before(async () => {
		world = await fedWorld('fedatk', { v: { mode: 'mirror', country: 'CH' } });
		({ v: V } = world.nodes);
		H = await new FutureConfirmer('future').start();
		await V.cliOk(['peers', 'add', 'h', H.url, H.fingerprint]);
	});

	after(async () => {
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	it('a confirmed time in the future counts as now: the listings can still become stale', async () => {
		const body = { id: randomUUID(), name: 'Future confirmer collective', description: 'Peer support in Bern.' };
		H.setItems([signRecord(makeRecord({ origin: H.nodeId, type: 'organization', id: body.id, version: 1, body }), H.key)]);
		await V.syncOk('h');
		assert.equal(await V.sql(`SELECT count(*) FROM organization WHERE id = '${body.id}'`), '1', 'the record is applied');
		const ahead = await V.sql(`SELECT confirmed_at > now() + interval '1 minute' FROM fed_origin WHERE node_id = '${H.nodeId}'`);
		assert.equal(ahead, 'f', 'V must not believe a confirmation from the future');
		// Once stale_after has passed without a new confirmation, the listing is stale.
		await V.sql(`UPDATE fed_origin SET confirmed_at = confirmed_at - interval '30 days' WHERE node_id = '${H.nodeId}'`);
		await V.sql(`UPDATE fed_record SET fetched_at = fetched_at - interval '30 days' WHERE id = '${body.id}'`);
		const org = await V.daemon.get(`/organizations/${body.id}`);
		assert.equal(org.provenance.stale, true, `stale after 30 days: ${JSON.stringify(org.provenance)}`);
	});
});
