// Federation convergence and key revocation (docs/federation.md sections
// 5-9): origins A (CH) and B (RO), a coordinator mirror M pulling both, a
// relay R pulling A, and a mirror M2 that gets A's listings only THROUGH R
// (--relay A=fingerprint). After creates, updates and deletes on the origins
// and explicit syncs, each mirror's HSDS API shows exactly the origins'
// listings, with provenance naming origin, version and key; a confidential
// location reaches the mirrors redacted only. Then A revokes its key: M's
// copies become revalidation_pending until M's operator pins A's new key.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld, wire, withoutProvenance, jsonLines } from './lib/federation.mjs';
import { fullService, smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
// HSDS lists (services in full, with their nested locations); locations have no list, see assertLocations
const PATHS = ['/organizations', '/services?full=true', '/service_at_locations'];
const STREET = 'Geheimgasse 17';

describe('federation: mirrors converge on the origins\' listings', { skip: skip || false }, () => {
	let world, A, B, M, R, M2;
	const ids = {};

	before(async () => {
		world = await fedWorld('fed', {
			a: { country: 'CH' }, b: { country: 'RO' },
			m: { mode: 'mirror', country: 'CH' }, r: { mode: 'mirror', country: 'CH' }, m2: { mode: 'mirror', country: 'DE' },
		});
		({ a: A, b: B, m: M, r: R, m2: M2 } = world.nodes);
		await wire(M, A);
		await wire(M, B);
		await wire(R, A);
		await wire(M2, R, { relays: [A] });
	});

	after(async () => {
		if (world) await world.cleanup();
	});

	/** The union of the origins' listings, by path and id. */
	async function expected(origins) {
		const want = {};
		for (const p of PATHS) {
			want[p] = new Map();
			for (const o of origins) {
				for (const [id, x] of await o.listing(p)) want[p].set(id, { item: x, origin: o });
			}
		}
		return want;
	}

	/** A mirror's HSDS API shows exactly the origins' listings, each with its provenance. */
	async function assertMirrors(mirror, origins) {
		const want = await expected(origins);
		for (const p of PATHS) {
			const have = await mirror.listing(p);
			const missing = [...want[p].keys()].filter((id) => !have.has(id));
			const extra = [...have.keys()].filter((id) => !want[p].has(id));
			if (missing.length || extra.length) {
				const names = missing.map((id) => want[p].get(id).item.name);
				const status = await mirror.cli(['peers', 'list']).then((r) => r.stdout, (e) => String(e));
				assert.fail(`${mirror.name}${p}: not the same ids as ${origins.map((o) => o.name).join('+')}: ` +
					`missing ${JSON.stringify(missing)} (${names.join(', ')}), extra ${JSON.stringify(extra)}\n` +
					`${mirror.name}'s peers list:\n${status.slice(0, 4000)}`);
			}
			for (const [id, { item, origin }] of want[p]) {
				const got = have.get(id);
				assert.deepEqual(withoutProvenance(got), withoutProvenance(item), `${mirror.name}${p}/${id}: the same content`);
				// provenance on records (section 5): a service_at_location is part of its service's
				const type = { '/organizations': 'organization', '/services?full=true': 'service' }[p];
				if (!type) continue;
				const pv = got.provenance;
				assert.ok(pv, `${mirror.name}${p}/${id}: provenance`);
				assert.equal(pv.origin_node, origin.nodeId, `${mirror.name}${p}/${id}: provenance.origin_node`);
				assert.ok(Number.isSafeInteger(pv.version) && pv.version > 0, `${mirror.name}${p}/${id}: version ${pv.version}`);
				const v = await origin.sql(`SELECT version FROM fed_record WHERE type = '${type}' AND id = '${id}'`);
				assert.equal(String(pv.version), v, `${mirror.name}${p}/${id}: the version the origin published`);
				assert.match(pv.key_id, new RegExp(`^${origin.nodeId.replace(/\./g, '\\.')}#\\d+$`), `${mirror.name}${p}/${id}: key_id`);
				assert.equal(pv.state, 'verified');
				assert.equal(pv.stale, false);
			}
		}
	}

	/** Each location the test made: on the mirror exactly as on its origin, or gone from both. */
	async function assertLocations(mirror, origins) {
		for (const id of ids.locations) {
			let want = null;
			let origin = null;
			for (const o of origins) {
				const r = await o.daemon.request(`/locations/${id}`);
				if (r.status === 200) { want = r.json; origin = o; }
			}
			const got = await mirror.daemon.request(`/locations/${id}`);
			if (!want) {
				assert.equal(got.status, 404, `${mirror.name}/locations/${id} is gone as on its origin: ${got.text.slice(0, 300)}`);
				continue;
			}
			assert.equal(got.status, 200, `${mirror.name}/locations/${id}: ${got.text.slice(0, 300)}`);
			assert.deepEqual(withoutProvenance(got.json), withoutProvenance(want), `${mirror.name}/locations/${id}: the same content`);
			assert.equal(got.json.provenance?.origin_node, origin.nodeId, `${mirror.name}/locations/${id}: provenance`);
		}
	}

	async function syncAll() {
		await M.syncOk();
		await R.syncOk();
		await M2.syncOk();
	}

	it('origins A and B take registrations; the mirrors refuse them', async () => {
		ids.orgA1 = randomUUID();
		ids.orgA2 = randomUUID();
		ids.orgB1 = randomUUID();
		await A.writeOk('/organizations', 'POST', { id: ids.orgA1, name: 'Collective Zürich', description: 'Peer support.', sex_worker_led: true });
		await A.writeOk('/organizations', 'POST', { id: ids.orgA2, name: 'Association Basel', description: 'Outreach.' });
		await B.writeOk('/organizations', 'POST', { id: ids.orgB1, name: 'Colectivul București', description: 'Sprijin.' });
		const full = fullService(ids.orgA1);
		ids.a1s1 = full.doc.id;
		ids.locations = [full.ids.location];
		await A.writeOk('/services', 'POST', full.doc);
		const small = smallService(ids.orgA1);
		ids.a1s2 = small.id;
		await A.writeOk('/services', 'POST', small);
		ids.conf = randomUUID();
		const conf = smallService(ids.orgA1, {
			name: 'Safe house support',
			service_at_locations: [{ location: {
				id: ids.conf, organization_id: ids.orgA1, name: 'Safe house', location_type: 'physical', confidential: true,
				latitude: 47.3712, longitude: 8.5301, timezone_name: 'Europe/Zurich',
				addresses: [{ address_1: STREET, address_2: 'Hinterhaus', city: 'Zürich', state_province: 'ZH',
					postal_code: '8021', country: 'CH', address_type: 'physical' }],
			} }],
		});
		ids.a1s3 = conf.id;
		ids.locations.push(ids.conf);
		await A.writeOk('/services', 'POST', conf);
		for (const n of [1, 2]) {
			const s = smallService(ids.orgA2, { name: `Basel service ${n}` });
			ids[`a2s${n}`] = s.id;
			await A.writeOk('/services', 'POST', s);
		}
		const bfull = fullService(ids.orgB1, { name: 'Testare ITS București' });
		ids.b1s1 = bfull.doc.id;
		ids.locations.push(bfull.ids.location);
		await B.writeOk('/services', 'POST', bfull.doc);
		const bsmall = smallService(ids.orgB1, { name: 'Linie telefonică' });
		ids.b1s2 = bsmall.id;
		await B.writeOk('/services', 'POST', bsmall);

		const r = await M.write('/organizations', 'POST', { id: randomUUID(), name: 'Not here', description: 'A mirror is read-only.' });
		assert.equal(r.status, 403, r.text);
		assert.equal(r.json?.error?.code, 'mirror_read_only');
	});

	it('after one sync each, M mirrors A+B, R mirrors A, and M2 mirrors A through R', async () => {
		await syncAll();
		await assertMirrors(M, [A, B]);
		await assertMirrors(R, [A]);
		await assertMirrors(M2, [A]);
		await assertLocations(M, [A, B]);
		await assertLocations(R, [A]);
		await assertLocations(M2, [A]);
	});

	it('the confidential location reaches the mirrors redacted, and their databases never hold the street', async () => {
		for (const n of [M, R, M2]) {
			const loc = await n.daemon.get(`/locations/${ids.conf}`);
			assert.equal(loc.confidential, true);
			assert.ok(!('latitude' in loc) && !('longitude' in loc), `${n.name}: no coordinates`);
			for (const a of loc.addresses) {
				assert.equal(a.address_1, '', `${n.name}: address_1`);
				assert.equal(a.postal_code, '', `${n.name}: postal_code`);
				assert.equal(a.city, 'Zürich');
			}
			const dump = await n.dump();
			assert.ok(!dump.includes('Geheimgasse') && !dump.includes('Hinterhaus'), `${n.name}'s database holds the street`);
		}
	});

	it('updates and deletes (an organization delete takes its services) converge after the next sync', async () => {
		await A.writeOk(`/services/${ids.a1s2}`, 'PUT', smallService(ids.orgA1, { id: ids.a1s2, name: 'Renamed phone support' }));
		await A.writeOk(`/services/${ids.a1s1}`, 'DELETE');
		await A.writeOk(`/organizations/${ids.orgA2}`, 'DELETE');
		await B.writeOk(`/organizations/${ids.orgB1}`, 'PUT', { id: ids.orgB1, name: 'Colectivul București', description: 'Sprijin între egali.' });
		await B.writeOk(`/services/${ids.b1s2}`, 'DELETE');
		const s = smallService(ids.orgB1, { name: 'Noua linie' });
		ids.b1s3 = s.id;
		await B.writeOk('/services', 'POST', s);
		for (const id of [ids.a2s1, ids.a2s2]) {
			assert.equal((await A.daemon.request(`/services/${id}`)).status, 404, 'the organization delete took its services on A');
		}

		await syncAll();
		await assertMirrors(M, [A, B]);
		await assertMirrors(R, [A]);
		await assertMirrors(M2, [A]);
		await assertLocations(M, [A, B]);
		await assertLocations(R, [A]);
		await assertLocations(M2, [A]);
		for (const n of [M, R, M2]) {
			for (const id of [ids.a1s1, ids.a2s1, ids.a2s2]) {
				assert.equal((await n.daemon.request(`/services/${id}`)).status, 404, `${n.name}: deleted service ${id}`);
			}
			assert.equal((await n.daemon.request(`/organizations/${ids.orgA2}`)).status, 404, `${n.name}: deleted organization`);
			assert.equal((await n.daemon.get(`/services/${ids.a1s2}`)).name, 'Renamed phone support');
		}
	});

	it('peers list and GET /admin/peers show each pulled peer with a last success and no error', async () => {
		for (const name of ['a', 'b']) {
			const p = await M.peer(name);
			assert.ok(p.last_success, `M's peer ${name} has a last success: ${JSON.stringify(p)}`);
			assert.ok(!p.last_error, `M's peer ${name} has no error: ${JSON.stringify(p)}`);
			const a = await M.adminPeer(name);
			assert.ok(a.last_success, `GET /admin/peers: ${JSON.stringify(a)}`);
		}
	});

	it('A revokes its key: M\'s copies become revalidation_pending until M pins A\'s new key', async () => {
		const before = await M.listing('/services');
		const aServices = [...before.values()].filter((s) => s.provenance.origin_node === A.nodeId);
		assert.ok(aServices.length >= 2);
		await A.cliOk(['keys', 'revoke', A.keyid]);
		const keys = await A.cliLines(['keys', 'list']);
		const cur = keys.find((k) => k.state === 'current');
		assert.ok(cur, `A has a current key after the revocation: ${JSON.stringify(keys)}`);
		assert.notEqual(cur.keyid, A.keyid);
		assert.equal(keys.find((k) => k.keyid === A.keyid)?.state, 'revoked');

		await M.sync('a'); // M cannot verify A's new key yet; it still learns the self-revocation
		for (const s of aServices) {
			const got = await M.daemon.get(`/services/${s.id}`);
			assert.equal(got.provenance.state, 'revalidation_pending', `${s.id}: ${JSON.stringify(got.provenance)}`);
			assert.equal(got.name, s.name, 'M keeps serving its last verified copy');
		}
		const pending = jsonLines((await M.cliOk(['listings', '--state', 'revalidation_pending'])).stdout, 'listings');
		const text = JSON.stringify(pending);
		for (const s of aServices) assert.ok(text.includes(s.id), `listings --state revalidation_pending names ${s.id}`);
		const adminPending = await M.daemon.get('/admin/listings?state=revalidation_pending', { token: M.admin });
		for (const s of aServices) assert.ok(JSON.stringify(adminPending).includes(s.id), `GET /admin/listings names ${s.id}`);
		const bs = await M.daemon.get(`/services/${ids.b1s3}`);
		assert.equal(bs.provenance.state, 'verified', 'B\'s listings are not affected');

		await M.cliOk(['peers', 'pin', A.nodeId, cur.fingerprint]);
		await M.syncOk('a');
		for (const s of aServices) {
			const got = await M.daemon.get(`/services/${s.id}`);
			assert.equal(got.provenance.state, 'verified', `${s.id} verified again: ${JSON.stringify(got.provenance)}`);
			assert.equal(got.provenance.key_id, cur.keyid, 'with the new key');
			assert.ok(got.provenance.version > s.provenance.version, 're-signed under a new version');
		}
		await assertMirrors(M, [A, B]);
	});
});
