// The size cap on a peer's answers (sync_max_response, docs/federation.md):
// a signed feed page larger than the cap is refused while it is read, the
// pull fails naming the setting (whether the page declares its length or
// is sent in chunks), and nothing of the page is applied; the
// same records in pages under the cap are applied. The body is collected
// in core/buf.c's capped buffer (federation/client.c).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld } from './lib/federation.mjs';
import { HostilePeer, makeRecord, signRecord } from './lib/hostile-peer.mjs';

const skip = missingEnv();
const CAP = 65536; // the smallest sync_max_response the configuration allows

describe('federation: the cap on a peer\'s answer', { skip: skip || false }, () => {
	let world, V, H;

	before(async () => {
		world = await fedWorld('fedcap', { v: { mode: 'mirror', country: 'CH', settings: { sync_max_response: CAP } } });
		({ v: V } = world.nodes);
		H = await new HostilePeer('h').start();
		await V.cliOk(['peers', 'add', 'h', H.url, H.fingerprint]);
	});

	after(async () => {
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	function orgs(n, descriptionBytes) {
		return Array.from({ length: n }, (_, i) => {
			const body = { id: randomUUID(), name: `Capped organization ${i}`, description: 'd'.repeat(descriptionBytes) };
			return { body, item: signRecord(makeRecord({ origin: H.nodeId, type: 'organization', id: body.id, version: 1, body }), H.key) };
		});
	}

	for (const chunked of [false, true]) {
		it(`a feed page over sync_max_response is refused and nothing of it is applied (${chunked ? 'chunked, the cap met while reading' : 'Content-Length over the cap'})`, async () => {
			const big = orgs(20, 4000); // about 80 KiB of descriptions alone
			H.chunked = chunked;
			H.setItems(big.map((o) => o.item));
			const r = await V.sync('h');
			H.chunked = false;
			assert.notEqual(r.code, 0, `sync of an over-cap page fails: ${r.stdout}\n${r.stderr}`);
			assert.match(r.stdout + r.stderr, /larger than sync_max_response/, `the failure names the setting: ${r.stdout}\n${r.stderr}`);
			for (const o of big.slice(0, 3))
				assert.equal((await V.daemon.request(`/organizations/${o.body.id}`)).status, 404, 'nothing applied');
		});
	}

	it('the same amount under the cap per page is applied', async () => {
		const small = orgs(2, 4000);
		H.setItems(small.map((o) => o.item));
		await V.syncOk('h');
		for (const o of small)
			assert.equal((await V.daemon.get(`/organizations/${o.body.id}`)).name, o.body.name);
	});
});
