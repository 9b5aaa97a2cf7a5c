// Ownership of a new record under concurrent creation (issue 7, fault 1):
// when organisations A and B create the same new id at the same moment,
// exactly one gets 201 and owns the record; the other gets 403 or 409 and
// changes nothing. The check of the stored owner and the write are one
// statement (sql/36_put.sql), so the second writer waits for the first and
// then sees its owner. When one organisation POSTs the same new id twice at
// once, one POST creates it (201) and the other is 409, as a POST of an id
// that exists always is: the upsert says whether it inserted (xmax = 0),
// and dir_create_* refuses when it did not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv, setupNode, createOrg, createToken } from './lib/harness.mjs';

const skip = missingEnv();
const ROUNDS = 40;

describe('ownership race: two organisations create the same new id', { skip: skip || false }, () => {
	let node, d, orgA, orgB, tokenA, tokenA2, tokenB, locA;

	before(async () => {
		node = await setupNode(import.meta.url);
		d = node.daemon;
		orgA = await createOrg(node.conninfo, 'Collective A');
		orgB = await createOrg(node.conninfo, 'Association B');
		tokenA = await createToken(node.conninfo, { organization: orgA, label: 'a' });
		tokenB = await createToken(node.conninfo, { organization: orgB, label: 'b' });
		tokenA2 = await createToken(node.conninfo, { organization: orgA, label: 'a2' });
		const l = await d.request('/locations', {
			method: 'POST', token: tokenA,
			body: { organization_id: orgA, name: 'Drop-in A', latitude: 47.37, longitude: 8.54 },
		});
		assert.equal(l.status, 201, l.text);
		locA = l.json.id;
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	/** Both organisations POST the same new id at once; the outcome of each round. */
	async function race(path, docFor) {
		const outcomes = [];
		for (let i = 0; i < ROUNDS; i++) {
			const id = randomUUID();
			const [a, b] = await Promise.all([
				d.request(path, { method: 'POST', token: tokenA, body: docFor(id, orgA, 'A') }),
				d.request(path, { method: 'POST', token: tokenB, body: docFor(id, orgB, 'B') }),
			]);
			const stored = await d.request(`${path}/${id}`);
			outcomes.push({ id, a: a.status, b: b.status, owner: stored.json?.organization_id, name: stored.json?.name, texts: [a.text, b.text] });
		}
		return outcomes;
	}

	function check(outcomes, what) {
		const bad = outcomes.filter(({ a, b, owner, name }) => {
			const winners = [a, b].filter((s) => s === 201).length;
			const loser = a === 201 ? b : a;
			const want = a === 201 ? orgA : orgB;
			return winners !== 1 || ![403, 409].includes(loser) || owner !== want || name !== (a === 201 ? 'A' : 'B');
		});
		assert.equal(bad.length, 0, `${what}: ${bad.length} of ${outcomes.length} rounds went wrong, e.g. `
			+ JSON.stringify(bad.slice(0, 3).map(({ a, b, owner }) => ({ a, b, owner, orgA, orgB }))));
	}

	it(`services: exactly one of two concurrent POSTs of a new id wins and owns it (${ROUNDS} rounds)`, async () => {
		check(await race('/services', (id, org, name) => ({ id, organization_id: org, name })), 'services');
	});

	it(`locations: exactly one of two concurrent POSTs of a new id wins and owns it (${ROUNDS} rounds)`, async () => {
		check(await race('/locations', (id, org, name) => ({
			id, organization_id: org, name, latitude: 46.95, longitude: 7.44,
		})), 'locations');
	});

	/** Two editors of one organisation POST the same new id at once; the outcome of each round. */
	async function raceSelf(path, docFor) {
		const outcomes = [];
		for (let i = 0; i < ROUNDS; i++) {
			const id = randomUUID();
			const [a, b] = await Promise.all([
				d.request(path, { method: 'POST', token: tokenA, body: docFor(id, orgA, 'first') }),
				d.request(path, { method: 'POST', token: tokenA2, body: docFor(id, orgA, 'second') }),
			]);
			const stored = await d.request(`${path}/${id}`);
			outcomes.push({ a: a.status, b: b.status, name: stored.json?.name, texts: [a.text, b.text] });
		}
		return outcomes;
	}

	// A POST creates: a POST of an id that exists is 409 conflict (change it
	// with PUT), also when the other POST committed while this one ran. So
	// exactly one of the two gets 201, the other 409, and the record holds
	// what the 201 sent.
	function checkSelf(outcomes, what) {
		const bad = outcomes.filter(({ a, b, name }) => {
			const statuses = [a, b].sort().join(',');
			return statuses !== '201,409' || name !== (a === 201 ? 'first' : 'second');
		});
		assert.equal(bad.length, 0, `${what}: ${bad.length} of ${outcomes.length} rounds went wrong, e.g. `
			+ JSON.stringify(bad.slice(0, 3).map(({ a, b, name, texts }) => ({ a, b, name, texts: texts.map((t) => t.slice(0, 200)) }))));
	}

	it(`services: of two concurrent POSTs of a new id by one organisation, one creates (201), the other is 409 (${ROUNDS} rounds)`, async () => {
		checkSelf(await raceSelf('/services', (id, org, name) => ({ id, organization_id: org, name })), 'services');
	});

	it(`locations: of two concurrent POSTs of a new id by one organisation, one creates (201), the other is 409 (${ROUNDS} rounds)`, async () => {
		checkSelf(await raceSelf('/locations', (id, org, name) => ({
			id, organization_id: org, name, latitude: 46.95, longitude: 7.44,
		})), 'locations');
	});

	it('a service_at_location id is not taken over by another organisation\'s service at the same moment', async () => {
		const bad = [];
		for (let i = 0; i < ROUNDS; i++) {
			const sal = randomUUID();
			const sa = randomUUID();
			const sb = randomUUID();
			const [a, b] = await Promise.all([
				d.request('/services', { method: 'POST', token: tokenA, body: {
					id: sa, organization_id: orgA, name: 'A', service_at_locations: [{ id: sal, location_id: locA }],
				} }),
				d.request('/services', { method: 'POST', token: tokenB, body: {
					id: sb, organization_id: orgB, name: 'B', service_at_locations: [{ id: sal }],
				} }),
			]);
			const x = await d.request(`/service_at_locations/${sal}`);
			const wins = [a.status, b.status].filter((s) => s === 201).length;
			const owner = a.status === 201 ? sa : sb;
			if (wins !== 1 || ![403, 409].includes(a.status === 201 ? b.status : a.status) || x.json?.service_id !== owner) {
				bad.push({ a: a.status, b: b.status, service: x.json?.service_id });
			}
		}
		assert.equal(bad.length, 0, `${bad.length} of ${ROUNDS} rounds went wrong, e.g. ${JSON.stringify(bad.slice(0, 3))}`);
	});
});
