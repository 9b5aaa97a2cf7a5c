// A sync killed mid-way (docs/federation.md section 7): each feed page is
// applied with its cursor in one transaction, so a `directoryd sync` killed
// with SIGKILL after some pages resumes from the last committed cursor and
// the mirror converges exactly: the same record keys and versions as the
// origin, none lost and none twice in the mirror's own feed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { missingEnv, env } from './lib/harness.mjs';
import { fedWorld, wire, serveTo, sleep, until, FedNode } from './lib/federation.mjs';
import { HostilePeer } from './lib/hostile-peer.mjs';

const skip = missingEnv();
const ORGS = 12;
const SERVICES = 300;

/** An HSDS 3.0 JSON directory (the importer's shape, as data/sample) with ORGS organizations and SERVICES services. */
function writeDirectory(dir) {
	const orgs = Array.from({ length: ORGS }, (_, i) => ({
		id: randomUUID(), name: `Crash test organization ${i}`, description: 'Peer support for sex workers.',
	}));
	const services = Array.from({ length: SERVICES }, (_, i) => ({
		id: randomUUID(), organization_id: orgs[i % ORGS].id, name: `Crash test service ${i}`,
		description: `Peer support line number ${i}.`, status: 'active',
	}));
	writeFileSync(join(dir, 'organizations.json'), JSON.stringify(orgs));
	writeFileSync(join(dir, 'services.json'), JSON.stringify(services));
}

const keyOf = (it) => `${it.record.type}/${it.record.id}`;

describe('federation: a sync killed mid-way resumes and converges exactly', { skip: skip || false }, () => {
	let world, A, M, H, total, M3;

	before(async () => {
		world = await fedWorld('fedcrash', {
			a: { country: 'CH' },
			m: { mode: 'mirror', country: 'CH', settings: { sync_page_size: 5 } },
		});
		({ a: A, m: M } = world.nodes);
		await wire(M, A);
		const hsds = join(A.dir, 'hsds');
		mkdirSync(hsds);
		writeDirectory(hsds);
		const r = await A.cli(['import-hsds', hsds], { timeout: 300_000 });
		assert.equal(r.code, 0, `import on A: ${r.stderr.slice(0, 2000)}`);
		H = await new HostilePeer('reader').start();
		await serveTo(A, H);
		await serveTo(M, H);
		total = Number(await A.sql(`SELECT count(*) FROM fed_record WHERE origin = '${A.nodeId}'`));
		assert.ok(total >= ORGS + SERVICES, `A publishes every imported record (${total})`);
	});

	after(async () => {
		if (M3) await M3.cleanup();
		if (H) await H.stop();
		if (world) await world.cleanup();
	});

	const heldOnM = async () => Number(await M.sql(`SELECT count(*) FROM fed_record WHERE origin = '${A.nodeId}'`));

	it('SIGKILL during the sync leaves some records, a second sync all of them, once each', async () => {
		await M.stop(); // M's own sync worker must not finish the copy behind our back
		const child = spawn(env.bin, ['-c', M.config, 'sync', '--peer', 'a'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => { stderr += d; });
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		let killedAt = -1;
		let done = null;
		exited.then((x) => { done = x; });
		const deadline = Date.now() + 60_000;
		try {
			while (!done && Date.now() < deadline) {
				const n = await heldOnM();
				if (n > 0 && n < total) {
					child.kill('SIGKILL');
					killedAt = n;
					break;
				}
				await sleep(5);
			}
		} finally {
			if (!done) child.kill('SIGKILL');
		}
		const end = await exited;
		assert.ok(killedAt > 0, `the sync was not caught mid-way (it ended ${JSON.stringify(end)} holding ` +
			`${await heldOnM()} of ${total}):\n${stderr.slice(0, 2000)}`);
		assert.equal(end.signal, 'SIGKILL');
		const after = await heldOnM();
		assert.ok(after > 0 && after < total, `after the kill M holds part of A's records (${after} of ${total})`);

		await M.syncOk('a');
		assert.equal(await heldOnM(), total, 'the second sync completes the copy');
	});

	it('M\'s feed and HSDS API hold exactly A\'s record keys and versions, none twice', async () => {
		await M.start();
		const fromA = await H.pull(A);
		const fromM = await H.pull(M, { origin: A.nodeId });
		assert.equal(fromA.length, total);
		const keysM = fromM.map(keyOf);
		assert.equal(new Set(keysM).size, keysM.length, 'no record key twice in M\'s feed');
		const versions = (items) => Object.fromEntries(items.map((it) => [keyOf(it), it.record.version]));
		assert.deepEqual(versions(fromM), versions(fromA), 'the same record keys with the same versions');
		for (const it of fromM) assert.equal(it.record.origin, A.nodeId);
		const count = async (n, p) => (await n.daemon.get(`${p}?per_page=1`)).total_items;
		assert.equal(await count(M, '/services'), SERVICES);
		assert.equal(await count(M, '/organizations'), ORGS);
		assert.equal(await count(A, '/services'), SERVICES);
	});

	it('SIGKILL of a mirror daemon while its own worker pulls, then a restart: it converges by itself', async () => {
		M3 = new FedNode('fedcrash', 'm3', { mode: 'mirror', country: 'CH', settings: { sync_page_size: 5, sync_interval: 1 } });
		await M3.init();
		await serveTo(A, M3); // A first, so that M3's first pull is answered
		await M3.start();
		await wire(M3, A); // the worker pulls as soon as the peer exists
		const heldOnM3 = async () => Number(await M3.sql(`SELECT count(*) FROM fed_record WHERE origin = '${A.nodeId}'`));
		await until(async () => (await heldOnM3()) > 0, 60_000, 5);
		M3.daemon.signal('SIGKILL');
		const end = await M3.daemon.exitPromise;
		assert.equal(end.signal, 'SIGKILL');
		const part = await heldOnM3();
		assert.ok(part > 0 && part < total, `killed mid-way: ${part} of ${total}`);
		await M3.start();
		await until(async () => (await heldOnM3()) === total, 120_000, 100);
		await serveTo(M3, H);
		const fromA = await H.pull(A);
		const fromM3 = await H.pull(M3, { origin: A.nodeId });
		const keys = fromM3.map(keyOf);
		assert.equal(new Set(keys).size, keys.length, 'no record key twice in M3\'s feed');
		const versions = (items) => Object.fromEntries(items.map((it) => [keyOf(it), it.record.version]));
		assert.deepEqual(versions(fromM3), versions(fromA));
		assert.equal((await M3.daemon.get('/services?per_page=1')).total_items, SERVICES);
	});
});
