// Confidential locations (issue 2, section 9): the street address, postal
// code and coordinates of a confidential location never leave the node, in
// any response, and nearby search counts it at its public point (or the
// centre of its 0.1° cell), never at its real position.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv, setupNode, allPages, createOrg, createToken, psql } from './lib/harness.mjs';
import { assertValid, assertValidPage } from './lib/hsds-schema.mjs';
import { sample, ids, labels } from './lib/sample.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const SHELTER = '357f626b-7af0-5e9e-9b0d-dfd2b587adf6';
// What must never appear in a response about the shelter (from data/sample).
const SECRETS = ['Schutzhofweg', '"10999"', '52.498', '13.419'];

describe('confidential locations', { skip: skip || false }, () => {
	let node, d, s10, shelterSal, org, token;

	before(async () => {
		node = await setupNode(import.meta.url, { sample: true });
		d = node.daemon;
		s10 = sample().byId.get(ids('S10')[0]);
		shelterSal = s10.service_at_locations.find((x) => x.location.id === SHELTER);
		assert.ok(shelterSal, 'the sample has the shelter under S10');
		assert.equal(shelterSal.location.confidential, true);
		org = await createOrg(node.conninfo, 'Confidential test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	/** A rendered confidential location: redacted address, no coordinates, city and country kept. */
	function assertRedacted(loc, context, { city = 'Berlin', country = 'DE', channels, full = true } = {}) {
		assert.ok(loc, `${context}: the location is there`);
		if (!full && !('addresses' in loc)) return assertNoCoordinates(loc, context);
		assertNoCoordinates(loc, context);
		assert.ok(Array.isArray(loc.addresses) && loc.addresses.length > 0, `${context}: the address stays, redacted`);
		for (const a of loc.addresses) {
			assert.equal(a.address_1, '', `${context}: address_1`);
			assert.equal(a.address_2, '', `${context}: address_2`);
			assert.equal(a.state_province, '', `${context}: state_province`);
			assert.equal(a.postal_code, '', `${context}: postal_code`);
			assert.equal(a.city, city, `${context}: city stays`);
			assert.equal(a.country, country, `${context}: country stays`);
			assertValid('address.json', a, `${context}: address`);
		}
		if (channels) {
			assert.deepEqual(loc.contact_channels, channels, `${context}: contact channels stay`);
		}
	}

	function assertNoCoordinates(loc, context) {
		assert.ok(!('latitude' in loc), `${context}: no latitude (${loc.latitude})`);
		assert.ok(!('longitude' in loc), `${context}: no longitude (${loc.longitude})`);
	}

	function assertNoSecrets(text, context, secrets = SECRETS) {
		for (const s of secrets) assert.ok(!text.includes(s), `${context}: the response contains "${s}"`);
	}

	it('GET /locations/{id}', async () => {
		const r = await d.request(`/locations/${SHELTER}`);
		assert.equal(r.status, 200);
		assertValid('location.json', r.json, 'GET /locations/{shelter}');
		assertRedacted(r.json, 'GET /locations/{shelter}', { channels: shelterSal.location.contact_channels });
		assert.equal(r.json.confidential, true);
		assert.equal(r.json.name, 'Haus Zugvogel shelter');
		assertNoSecrets(r.text, 'GET /locations/{shelter}');
	});

	it('GET /services/{id} and with lang=', async () => {
		for (const q of ['', '?lang=de', '?lang=ro']) {
			const r = await d.request(`/services/${s10.id}${q}`);
			assert.equal(r.status, 200);
			assertValid('service.json', r.json, `GET /services/S10${q}`);
			const sal = r.json.service_at_locations.find((x) => x.location?.id === SHELTER);
			assertRedacted(sal.location, `GET /services/S10${q}`, { channels: shelterSal.location.contact_channels });
			assertNoSecrets(r.text, `GET /services/S10${q}`);
		}
	});

	it('GET /service_at_locations/{id}', async () => {
		const r = await d.request(`/service_at_locations/${shelterSal.id}`);
		assert.equal(r.status, 200);
		assertValid('service_at_location.json', r.json, 'GET /service_at_locations/{shelter}');
		assertRedacted(r.json.location, 'GET /service_at_locations/{shelter}');
		assertNoSecrets(r.text, 'GET /service_at_locations/{shelter}');
	});

	it('every list, full or not, on every page', async () => {
		const lists = ['/service_at_locations', '/service_at_locations?full=true', '/services', '/services?full=true',
			'/services?category=emergency_accommodation&full=true', '/services?city=berlin&full=true',
			'/organizations?full=true', `/organizations/${s10.organization_id}`,
			'/services?search=emergency&full=true', '/services?lat=52.4920&lon=13.4040&radius_km=0.5&full=true'];
		let seen = 0;
		for (const path of lists) {
			for (let page = 1; page < 20; page++) {
				const sep = path.includes('?') ? '&' : '?';
				const url = path.includes('/organizations/') ? path : `${path}${sep}per_page=5&page=${page}`;
				const r = await d.request(url);
				assert.equal(r.status, 200, `${url}: ${r.text}`);
				assertNoSecrets(r.text, url);
				const items = r.json.contents ?? [r.json];
				for (const item of items) {
					const locs = [];
					if (item.location) locs.push(item.location);
					for (const sal of item.service_at_locations || []) if (sal.location) locs.push(sal.location);
					for (const loc of item.locations || []) locs.push(loc);
					for (const loc of locs.filter((l) => l.id === SHELTER)) {
						// list items without full=true may leave the addresses out
						assertRedacted(loc, url, { full: /full=true|\/organizations\//.test(url) });
						seen++;
					}
				}
				if (!r.json.contents || r.json.last_page) break;
			}
		}
		assert.ok(seen >= 4, `the shelter was rendered in several lists (${seen})`);
	});

	it('category=emergency_accommodation finds S10, redacted', async () => {
		const p = await d.get('/services?category=emergency_accommodation&full=true');
		assertValidPage('service.json', p, 'category=emergency_accommodation');
		assert.deepEqual(p.contents.map((s) => s.id), [s10.id]);
	});

	it('nearby: found at its public point, never at its real position', async () => {
		// (the exact answers of these two queries are checked in search.test.mjs)
		const atPublic = (await d.get('/services?lat=52.4920&lon=13.4040&radius_km=0.5')).contents.map((s) => s.id);
		assert.ok(atPublic.includes(s10.id), `found at the public point: ${labels(atPublic)}`);
		for (const radius of ['0.5', '0.2', '0.05']) {
			const atReal = (await d.get(`/services?lat=52.4980&lon=13.4190&radius_km=${radius}`)).contents.map((s) => s.id);
			assert.ok(!atReal.includes(s10.id), `never at the real position (radius ${radius}): ${labels(atReal)}`);
		}
		const sals = (await d.get('/service_at_locations?lat=52.4980&lon=13.4190&radius_km=0.3')).contents;
		assert.ok(!sals.some((x) => (x.location_id ?? x.location?.id) === SHELTER), 'service_at_locations too');
	});

	it('written through the API: redacted in the write response too; without a public point, the cell centre counts', async () => {
		// real position 47.3712, 8.5301 -> 0.1° cell centre 47.35, 8.55 (about 2.5 km away)
		const locId = randomUUID();
		const doc = smallService(org, {
			name: 'Confidential safe house test',
			service_at_locations: [{ location: {
				id: locId, name: 'Safe house', location_type: 'physical', confidential: true,
				latitude: 47.3712, longitude: 8.5301, timezone_name: 'Europe/Zurich',
				addresses: [{ address_1: 'Geheimgasse 17', address_2: 'Hinterhaus', city: 'Zürich', state_province: 'ZH',
					postal_code: '8021', country: 'CH', address_type: 'physical' }],
				contact_channels: [{ type: 'signal', value: '+41 44 000 12 34', safe_to_leave_message: false, languages: ['de'] }],
			} }],
		});
		const secrets = ['Geheimgasse', 'Hinterhaus', '"8021"', '47.3712', '8.5301', '"ZH"'];
		const r = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(r.status, 201, r.text);
		assertNoSecrets(r.text, 'the POST response', secrets);
		assertRedacted(r.json.service_at_locations[0].location, 'the POST response', {
			city: 'Zürich', country: 'CH',
			channels: [{ type: 'signal', value: '+41440001234', safe_to_leave_message: false, languages: ['de'] }],
		});
		for (const path of [`/services/${doc.id}`, `/locations/${locId}`, '/services?city=zurich&full=true',
			'/service_at_locations?full=true&per_page=100']) {
			const g = await d.request(path);
			assert.equal(g.status, 200);
			assertNoSecrets(g.text, path, secrets);
		}
		assertRedacted(await d.get(`/locations/${locId}`), 'GET /locations/{new}', { city: 'Zürich', country: 'CH' });

		const atReal = (await d.get('/services?lat=47.3712&lon=8.5301&radius_km=0.3')).contents.map((s) => s.id);
		assert.ok(!atReal.includes(doc.id), 'not at its real position');
		const atCell = (await d.get('/services?lat=47.35&lon=8.55&radius_km=0.3')).contents.map((s) => s.id);
		assert.ok(atCell.includes(doc.id), 'at the centre of its 0.1° grid cell');

		// a PUT response is redacted as well
		const put = await d.request(`/locations/${locId}`, { method: 'PUT', token, body: {
			...doc.service_at_locations[0].location, organization_id: org, name: 'Safe house (renamed)' } });
		assert.equal(put.status, 200, put.text);
		assertNoSecrets(put.text, 'the PUT response', secrets);
		assertRedacted(put.json, 'the PUT response', { city: 'Zürich', country: 'CH' });
	});

	it('read back by the importer (the export, a page, a poorer shape), it stays hidden and as stored', async () => {
		const admin = await createToken(node.conninfo, { nodeAdmin: true, label: 'reimport' });
		const db = node.conninfo.match(/dbname=(\S+)/)[1];
		const stored = () => psql(`SELECT l.confidential, l.latitude, l.longitude, a.address_1, a.postal_code
			FROM location l JOIN address a ON a.location_id = l.id WHERE l.id = '${SHELTER}'`, { db });
		const before = await stored();
		assert.match(before, /^t\|52\.498\|13\.419\|Schutzhofweg/, 'the sample shelter as stored');
		const exp = await d.request('/export');
		const bodies = {
			'the export': exp.text,
			'its location as served': (await d.request(`/locations/${SHELTER}`)).text,
			'a poorer shape without confidential': JSON.stringify([{ id: SHELTER, location_type: 'physical',
				name: (await d.get(`/locations/${SHELTER}`)).name }]),
		};
		for (const [what, body] of Object.entries(bodies)) {
			const r = await d.request('/import', { method: 'POST', body, token: admin,
				headers: { 'Content-Type': 'application/json' } });
			assert.equal(r.status, 200, `${what}: ${r.text.slice(0, 300)}`);
			assert.deepEqual(r.json.report.filter((x) => x.error), [], what);
			const line = r.json.report.find((x) => x.id === SHELTER && x.kind === 'location');
			assert.ok(!line || line.result === 'unchanged', `${what}: the shelter is unchanged (${JSON.stringify(line)})`);
			assert.equal(await stored(), before, `${what}: street, postcode and coordinates kept, still confidential`);
			assertRedacted(await d.get(`/locations/${SHELTER}`), what);
		}
	});
});
