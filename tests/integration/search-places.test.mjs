// Places by any of their names (issue 12, docs/api.md "### Places"): city=
// in other languages, scripts and transliterations, the place meant in the
// Page envelope, ambiguous names, suggestions for a misspelt city, near= by
// place name, addresses linked by coordinates, and GeoNames attribution.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv, setupNode, createOrg, createToken, psql } from './lib/harness.mjs';
import { assertValidPage } from './lib/hsds-schema.mjs';
import { assertSameServices } from './lib/sample.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const WIEN = 2761369;

describe('places by any name on the sample directory', { skip: skip || false }, () => {
	let node, d, token, org;

	before(async () => {
		node = await setupNode(import.meta.url, { sample: true });
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Places test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	async function page(q) {
		const p = await d.get(`/services?${q}`);
		assertValidPage('service.json', p, q);
		return p;
	}

	/** A service at one address, created through the API; returns its id. */
	async function located(name, city, country, lat, lon) {
		const locationId = randomUUID();
		const doc = smallService(org, {
			name,
			service_at_locations: [{ id: randomUUID(), location: {
				id: locationId, location_type: 'physical', organization_id: org, name: `${name} place`,
				...(lat === null ? {} : { latitude: lat, longitude: lon }),
				addresses: [{ id: randomUUID(), address_1: 'Teststrasse 1', city, state_province: '',
					postal_code: '00000', country, address_type: 'physical' }],
			} }],
		});
		const r = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(r.status, 201, r.text);
		return doc.id;
	}

	it('vienna, Viena, Виена and wien give the same services', async () => {
		for (const c of ['vienna', 'Viena', 'Виена', 'wien', 'Wenen', 'Vídeň', 'Vena']) {
			const p = await page(`city=${encodeURIComponent(c)}`);
			assertSameServices(p.contents.map((s) => s.id), ['S12', 'S13', 'S14'], `city=${c}`);
			assert.equal(p.place?.geonames_id, WIEN, `city=${c} says it meant Vienna`);
			assert.equal(p.place.country, 'AT');
		}
	});

	it('transliterations: zuerich, Sofiya, Bucuresti with and without comma-below', async () => {
		const zurich = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S08'];
		for (const c of ['zuerich', 'Zürich', 'Цюрих', 'Zurigo'])
			assertSameServices((await page(`city=${encodeURIComponent(c)}`)).contents.map((s) => s.id), zurich, c);
		for (const c of ['Sofiya', 'София', 'Sofia'])
			assertSameServices((await page(`city=${encodeURIComponent(c)}`)).contents.map((s) => s.id), ['S21', 'S22'], c);
		for (const c of ['Bucuresti', 'București', 'Bucureşti', 'Bucharest', 'Букурещ'])
			assertSameServices((await page(`city=${encodeURIComponent(c)}&language=ro`)).contents.map((s) => s.id), ['S23', 'S24'], c);
	});

	it('the exonym keeps the other filters and the ranking of non-local services', async () => {
		const p = await page('city=Zurigo&language=ro');
		assertSameServices(p.contents.map((s) => s.id), ['S01', 'S02', 'S03', 'S04', 'S06', 'S08'], 'Zurigo ro');
		assert.equal(p.contents.at(-1).name.startsWith('Chat counselling'), true, 'the online S08 ranks last');
		assert.equal((await page('city=Vienna&country=FR')).total_items, 0, 'Vienna is not in France');
		// service_at_locations follow the same place
		const sal = await d.get('/service_at_locations?city=Viena');
		assert.equal(sal.total_items, 3);
	});

	it('a city that names no place works by the address text, as before', async () => {
		assert.equal((await page('city=zur')).total_items, 0);
		assert.equal((await page('city=reykjavik')).total_items, 0, 'a place with no services');
		const id = await located('Village help point', 'Kleinkleckersdorf', 'AT', null, null);
		try {
			const p = await page('city=kleinkleckersdorf');
			assert.deepEqual(p.contents.map((s) => s.id), [id]);
			assert.equal(p.place, undefined, 'no place was meant');
		} finally {
			await d.request(`/services/${id}`, { method: 'DELETE', token });
		}
	});

	it('near= a city of the addresses that names no place: around the middle of its locations', async () => {
		// the search page took such a city from its datalist; the search now resolves near= alone
		const id = await located('Hamlet help point', 'Feldhamlet-Test', 'AT', 47.8, 16.0);
		try {
			const p = await page('near=feldhamlet-test&radius_km=5');
			assert.deepEqual(p.contents.map((s) => s.id), [id]);
			assert.equal(p.place.geonames_id, undefined, 'not a GeoNames place');
			assert.equal(p.place.name, 'Feldhamlet-Test');
			assert.equal(p.place.country, 'AT');
			assert.ok(Math.abs(p.place.latitude - 47.8) < 0.01 && Math.abs(p.place.longitude - 16.0) < 0.01);
			assert.equal(p.suggestions, undefined);
			assert.equal((await page('near=feldhamlet-test&country=DE')).place, undefined, 'its country only');
		} finally {
			await d.request(`/services/${id}`, { method: 'DELETE', token });
		}
	});

	it('an address whose city text names no place belongs to the nearest place within 5 km', async () => {
		// a district name, 2 km from the centre of Vienna
		const near = await located('District help point', 'Leopoldstadt-Test', 'AT', 48.2167, 16.3950);
		const far = await located('Countryside help point', 'Feldweg-Test', 'AT', 47.8, 16.0);
		try {
			const ids = (await page('city=Vienna')).contents.map((s) => s.id);
			assert.ok(ids.includes(near), 'the district address counts as Vienna');
			assert.ok(!ids.includes(far), 'an address 50 km away does not');
			// service_at_locations by the place's names find it too, and locally
			for (const c of ['Vienna', 'Viena', 'wien']) {
				const sal = await d.get(`/service_at_locations?city=${c}&per_page=100`);
				assertValidPage('service_at_location.json', sal, `service_at_locations city=${c}`);
				const at = sal.contents.filter((x) => x.service_id === near);
				assert.equal(at.length, 1, `service_at_locations?city=${c} has the district address`);
				assert.ok(!sal.contents.some((x) => x.service_id === far), c);
			}
			const other = await d.get('/service_at_locations?city=Vienna&country=DE');
			assert.ok(!other.contents.some((x) => x.service_id === near), 'not in another country');
		} finally {
			for (const id of [near, far]) await d.request(`/services/${id}`, { method: 'DELETE', token });
		}
	});

	it('an ambiguous name: the country decides, else the place with the most services', async () => {
		const main1 = await located('Main help point one', 'Frankfurt am Main', 'DE', 50.11, 8.68);
		const main2 = await located('Main help point two', 'Frankfurt', 'DE', 50.12, 8.67);
		const oder = await located('Oder help point', 'Frankfurt (Oder)', 'DE', 52.34, 14.55);
		const london = await located('Thames help point', 'London', 'GB', 51.5, -0.12);
		const ontario = await located('Ontario help point', 'London', 'CA', 42.98, -81.25);
		try {
			const p = await page('city=Frankfurt');
			assert.deepEqual(p.contents.map((s) => s.id).sort(), [main1, main2].sort(),
				'Frankfurt means the place with the most services');
			assert.equal(p.place.name, 'Frankfurt am Main');
			assert.deepEqual((await page('city=Frankfurt%20(Oder)')).contents.map((s) => s.id), [oder]);
			const ca = await page('city=London&country=CA');
			assert.deepEqual(ca.contents.map((s) => s.id), [ontario], 'the country filter decides');
			assert.equal(ca.place.country, 'CA');
			const any = await page('city=London');
			assert.equal(any.place.country, 'GB', 'one service each: the larger London');
			assert.deepEqual(any.contents.map((s) => s.id), [london]);
		} finally {
			for (const id of [main1, main2, oder, london, ontario])
				await d.request(`/services/${id}`, { method: 'DELETE', token });
		}
	});

	it('a misspelt city gets suggestions, not a silent empty page', async () => {
		for (const [c, id] of [['Bucuresit', 683506], ['Zuerch', 2657896], ['Lisbao', 2267057]]) {
			const p = await page(`city=${c}`);
			assert.equal(p.total_items, 0);
			assert.ok(Array.isArray(p.suggestions), `city=${c} has suggestions`);
			assert.ok(p.suggestions.some((s) => s.geonames_id === id), `city=${c}: ${JSON.stringify(p.suggestions)}`);
			// a suggestion's spelling is a city= that finds the place
			const s = p.suggestions.find((x) => x.geonames_id === id);
			assert.equal((await page(`city=${encodeURIComponent(s.spelling)}`)).place.geonames_id, id);
		}
		assert.equal((await page('city=Wien')).suggestions, undefined, 'none when the city is found');
	});

	it('near= searches around a place by any of its names', async () => {
		const viaName = await page('near=Viena&radius_km=5');
		assertSameServices(viaName.contents.map((s) => s.id), ['S12', 'S13', 'S14'], 'near=Viena');
		assert.equal(viaName.place.geonames_id, WIEN);
		const viaPoint = await page(`lat=${viaName.place.latitude}&lon=${viaName.place.longitude}&radius_km=5`);
		assert.deepEqual(viaName.contents.map((s) => s.id), viaPoint.contents.map((s) => s.id));
		assert.equal((await page('near=%D0%91%D0%B5%D1%80%D0%BB%D0%B8%D0%BD')).total_items, 3, 'near=Берлин, 10 km');
		const unknown = await page('near=Viennna');
		assert.equal(unknown.total_items, 0);
		assert.ok(unknown.suggestions.some((s) => s.geonames_id === WIEN));
		const bad = await d.request('/services?near=Wien&lat=48.2&lon=16.3&radius_km=5');
		assert.equal(bad.status, 400);
		assert.equal(bad.json.error?.code ?? bad.json.code ?? bad.json.errors?.[0]?.code, 'invalid_parameter');
	});

	it('the place table has every name folded as the search folds', async () => {
		const db = node.dbName;
		assert.ok(Number(await psql('SELECT count(*) FROM place', { db })) > 20000);
		assert.equal(await psql('SELECT count(*) FROM place_name WHERE name <> dir_fold(name)', { db }), '0');
		// loading is done once: a second migrate leaves it alone
		const before = await psql('SELECT loaded_at FROM place_source', { db });
		const { migrate } = await import('./lib/harness.mjs');
		await migrate(node.conninfo);
		assert.equal(await psql('SELECT loaded_at FROM place_source', { db }), before);
	});

	it('GeoNames is credited in the API root', async () => {
		const root = await d.get('/');
		assert.ok(root.attribution.some((a) => a.name === 'GeoNames' && a.license === 'CC BY 4.0'));
	});
});
