// HSDS 3.1 and Open Referral UK members (issue 13, section 1): stored and
// served as given, valid against HSDS 3.0 and this node's profile, in the
// JSON and CSV exports, and identical after the round trip into another node
// (docs/import.md, "HSDS 3.1 and the UK profile"). Before migration 0150 the
// importer dropped them (value_dropped) and skipped url.csv, units.csv and
// service_capacity.csv.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import {
	missingEnv, sharedDir, env, freshDatabase, migrate, importHsds, createToken, Daemon,
	withoutProvenance,
} from './lib/harness.mjs';
import { assertValid } from './lib/hsds-schema.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const shared = skip ? null : sharedDir('the HSDS 3.1 and UK profile tests on ../shared/data');

const EX = {
	org: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610',
	service: 'ac148810-d857-441c-9679-408f346de14b',
	sal: 'e94c9f38-1e8f-4564-91d4-d53501ab1765',
	location: '3a19ff88-4620-4d17-9830-ac1d859eb5d5',
	term: '3f7b145d-84af-42d7-8fae-eaca714b02b2',
};
const FX = (n) => `6f1c2a8e-3b1d-4c52-9e0a-1a2b3c4d5e0${n}`;
const WEBSITE = { id: '30951f94-7b24-11ef-ba1b-a79405d4dcaa', label: 'Website', url: 'https://example.org' };

/** The 3.1 and UK members of a full service answer, as a comparable object. */
function members(s) {
	return {
		additional_urls: s.additional_urls,
		capacities: s.capacities,
		labels: (s.attributes || []).map((a) => a.label),
		areas: (s.service_at_locations || []).map((x) => x.service_areas),
		websites: s.organization ? s.organization.additional_websites : undefined,
	};
}

async function importBody(n, token, body, type, what) {
	const r = await n.request('/import', { method: 'POST', body, token, headers: { 'Content-Type': type } });
	assert.equal(r.status, 200, `${what}: ${r.text.slice(0, 500)}`);
	assert.equal(r.json.summary.refused, 0, `${what}: ${JSON.stringify(r.json.report.filter((x) => x.error)).slice(0, 500)}`);
	assert.deepEqual(r.json.report.filter((x) => JSON.stringify(x).includes('value_dropped')), [], `${what}: nothing dropped`);
	return r.json;
}

describe('HSDS 3.1 and UK profile members', { skip: skip || (!shared && 'needs ../shared') || false }, () => {
	let a, uk, b, c, e, tokenB, tokenC, tokenE;

	before(async () => {
		const connA = await freshDatabase('dirtest_hsds31_a');
		await migrate(connA);
		for (const path of [join(shared, 'data', 'hsds-3.1', 'examples', 'organization_full.json'),
			join(env.src, 'tests', 'data', 'import', 'hsds31')]) {
			const r = await importHsds(connA, path);
			assert.equal(r.code, 0, `${path}: ${r.stderr}`);
			assert.ok(!r.stdout.includes('value_dropped'), r.stdout.slice(0, 1000));
		}
		a = new Daemon(connA);
		const connUk = await freshDatabase('dirtest_hsds31_uk');
		await migrate(connUk);
		for (const f of ['service_full.json', 'taxonomy.json']) {
			const r = await importHsds(connUk, join(shared, 'data', 'uk-profile', 'examples', f));
			assert.equal(r.code, 0, `${f}: ${r.stderr}`);
			assert.ok(!r.stdout.includes('value_dropped'), r.stdout.slice(0, 1000));
		}
		uk = new Daemon(connUk);
		const connB = await freshDatabase('dirtest_hsds31_b');
		await migrate(connB);
		tokenB = await createToken(connB, { nodeAdmin: true, label: 'json' });
		b = new Daemon(connB);
		const connC = await freshDatabase('dirtest_hsds31_c');
		await migrate(connC);
		tokenC = await createToken(connC, { nodeAdmin: true, label: 'csv' });
		c = new Daemon(connC);
		const connE = await freshDatabase('dirtest_hsds31_e');
		await migrate(connE);
		tokenE = await createToken(connE, { nodeAdmin: true, label: 'ids' });
		e = new Daemon(connE);
		for (const n of [a, uk, b, c, e]) await n.start();
	});

	after(async () => {
		for (const n of [a, uk, b, c, e]) if (n) await n.stopClean();
	});

	it('the 3.1 example\'s members are served as given, and validate against HSDS 3.0 and the profile', async () => {
		const s = await a.get(`/services/${EX.service}`);
		assertValid('service.json', s, 'the 3.1 example service');
		assert.deepEqual(s.additional_urls, [WEBSITE]);
		assert.deepEqual(s.capacities, [{
			id: '8896b788-7b3e-11ef-8db9-7f3d040352b3',
			unit: { id: '8896b788-7b3e-11ef-8db9-7f3d040352b3', name: 'Kilogram', scheme: 'SI', identifier: 'kgm',
				uri: 'https://not-a-real-url.org/standard-international-units/kgm' },
			available: 12, maximum: 10, description: 'Beds available for people experiencing homelessness.',
			updated: '2024-09-25T14:23:06.5+01:00',
		}]);
		assert.deepEqual(s.attributes.filter((x) => x.id === 'ae58cc39-8b70-4ab1-8aea-786882e5ac8e').map((x) => x.label),
			['An Example Label']);
		const sal = await a.get(`/service_at_locations/${EX.sal}`);
		assertValid('service_at_location.json', sal, 'the 3.1 example service_at_location');
		assert.deepEqual(sal.service_areas.map((x) => [x.id, x.extent_type]),
			[['381c64f1-a724-4884-9c21-ac96c21cca3e', 'geojson']]);
		const o = await a.get(`/organizations/${EX.org}`);
		assertValid('organization.json', o, 'the 3.1 example organization');
		assert.deepEqual(o.additional_websites, [WEBSITE]);
	});

	it('a 3.1 Tabular Data Package\'s url, units and service_capacity tables are served', async () => {
		const s = await a.get(`/services/${FX(2)}`);
		assertValid('service.json', s, 'the fixture service');
		assert.deepEqual(s.additional_urls, [{ id: FX(5), label: 'Booking page', url: 'https://dropin.example.org/beds' }]);
		assert.deepEqual(s.capacities, [{ id: FX(8), available: 4, maximum: 12, description: 'Beds free tonight',
			updated: '2026-12-06T18:00:00Z', unit: { id: FX(7), name: 'Bed', identifier: 'bed' } }]);
		assert.deepEqual(s.service_at_locations[0].service_areas, [{ id: FX(9), name: 'Inner city', extent: 'DE-BE',
			extent_type: 'text', service_area: 'The inner city districts' }]);
		assert.equal(s.attributes[0].label, 'Shelter tonight');
		assert.equal(s.attributes[0].taxonomy_term.term, 'Shelter');
		assert.deepEqual(s.organization.additional_websites, [{ id: FX(6), label: 'Blog', url: 'https://blog.dropin.example.org' }]);
		const l = await a.get(`/locations/${FX(3)}`);
		assertValid('location.json', l, 'the fixture location');
		assert.equal(l.accessibility[0].accessibility, 'Step-free entrance and a ramp');
		const t = await a.get(`/taxonomy_terms/${FX('b')}`);
		assertValid('taxonomy_term.json', t, 'the fixture term');
		assert.equal(t.term, 'Shelter');
	});

	it('the UK profile\'s members are served as given, and validate', async () => {
		const s = await uk.get(`/services/${EX.service}`);
		assertValid('service.json', s, 'the UK example service');
		assert.match(s.service_areas[0].service_area, /^The service is available to all residents of the MyCity area/);
		const l = await uk.get(`/locations/${EX.location}`);
		assertValid('location.json', l, 'the UK example location');
		assert.match(l.accessibility[0].accessibility, /^The building is equipped with induction loops/);
		const t = await uk.get(`/taxonomy_terms/${EX.term}`);
		assertValid('taxonomy_term.json', t, 'the UK example term');
		assert.equal(t.term, 'name');
		// taxonomy.json nests its term: it is a term of that taxonomy
		const terms = await uk.get('/taxonomy_terms?taxonomy_id=5c4d79d7-cc55-470e-9f1f-8cad074e4892');
		assert.ok(terms.contents.some((x) => x.id === EX.term), JSON.stringify(terms).slice(0, 500));
	});

	it('the root names the HSDS version and the profiles served', async () => {
		const root = await a.get('/');
		assert.equal(root.version, '3.0');
		assert.deepEqual(root.profiles.map((p) => p.name), ['directoryd', 'HSDS 3.1', 'Open Referral UK']);
		assert.equal(root.profiles[0].url, root.profile);
	});

	it('the JSON export carries them and imports into an empty node identically', async () => {
		const exp = await a.request('/export');
		assert.equal(exp.status, 200);
		const svc = exp.json.organizations.flatMap((o) => o.services).find((s) => s.id === FX(2));
		assert.equal(svc.capacities[0].unit.name, 'Bed');
		await importBody(b, tokenB, exp.text, 'application/json', 'JSON export');
		for (const id of [EX.service, FX(2)]) {
			assert.deepEqual(withoutProvenance(await b.get(`/services/${id}`)), withoutProvenance(await a.get(`/services/${id}`)), id);
		}
		for (const id of [EX.org, FX(1)]) {
			assert.deepEqual(withoutProvenance(await b.get(`/organizations/${id}`)), withoutProvenance(await a.get(`/organizations/${id}`)), id);
		}
		assert.deepEqual(await b.get(`/taxonomy_terms/${FX('b')}`), await a.get(`/taxonomy_terms/${FX('b')}`));
	});

	it('the CSV export has url.csv, units.csv and service_capacity.csv and imports into an empty node identically', async () => {
		const res = await fetch(`${a.base}/export?format=hsds-csv`);
		assert.equal(res.status, 200);
		const zip = Buffer.from(await res.arrayBuffer());
		for (const f of ['url.csv', 'units.csv', 'service_capacity.csv']) assert.ok(zip.includes(Buffer.from(f)), f);
		await importBody(c, tokenC, zip, 'application/zip', 'CSV export');
		// the fixture whole; the 3.1 example's own members (its 3.0 children
		// reuse one id under several parents, which one CSV row cannot say)
		assert.deepEqual(withoutProvenance(await c.get(`/services/${FX(2)}`)), withoutProvenance(await a.get(`/services/${FX(2)}`)));
		assert.deepEqual(withoutProvenance(await c.get(`/locations/${FX(3)}`)), withoutProvenance(await a.get(`/locations/${FX(3)}`)));
		assert.deepEqual(members(await c.get(`/services/${EX.service}`)), members(await a.get(`/services/${EX.service}`)));
		assert.deepEqual(await c.get(`/taxonomy_terms/${FX('b')}`), await a.get(`/taxonomy_terms/${FX('b')}`));
	});

	it('urls, capacities and units written without ids get ids: valid against the profile, the same on every write, through the CSV export and back', async () => {
		// the profile requires their id (data/profile/{url,service_capacity,unit}.json);
		// before the node assigned one, these were served without, and the CSV
		// round trip lost the capacity's unit_id (the re-import refused it)
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
		const org = { id: randomUUID(), name: 'Ids assigned org', description: 'Written without member ids.',
			additional_websites: [{ label: 'Blog', url: 'https://blog.ids.example.org' }] };
		const svc = smallService(org.id, { name: 'Ids assigned service',
			additional_urls: [{ label: 'Booking', url: 'https://ids.example.org/book' }, { url: 'https://ids.example.org/' }],
			capacities: [{ unit: { name: 'Bed', identifier: 'bed' }, available: 3, maximum: 9,
				updated: '2026-12-06T18:00:00Z' }, { unit: { name: 'Place' }, available: 1, updated: '2026-12-06T18:00:00Z' }] });
		assert.equal((await b.request('/organizations', { method: 'POST', body: org, token: tokenB })).status, 201);
		const w = await b.request('/services', { method: 'POST', body: svc, token: tokenB });
		assert.equal(w.status, 201, w.text);
		const s = await b.get(`/services/${svc.id}`);
		assertValid('service.json', s, 'a service written without member ids');
		assertValid('organization.json', await b.get(`/organizations/${org.id}`), 'its organization');
		const ids = (x) => [...x.additional_urls.map((u) => u.id), ...x.capacities.flatMap((k) => [k.id, k.unit.id])];
		assert.equal(ids(s).length, 6);
		for (const id of ids(s)) assert.match(id, uuid);
		assert.equal(new Set(ids(s)).size, 6, 'each its own id');
		assert.match(s.organization.additional_websites[0].id, uuid);
		// writing the same document again keeps them; ids given are kept
		assert.equal((await b.request(`/services/${svc.id}`, { method: 'PUT', body: svc, token: tokenB })).status, 200);
		assert.deepEqual(ids(await b.get(`/services/${svc.id}`)), ids(s), 'the same ids on every write');
		const given = { ...svc, capacities: [{ ...svc.capacities[0], id: FX('e'), unit: { ...svc.capacities[0].unit, id: FX('f') } }] };
		assert.equal((await b.request(`/services/${svc.id}`, { method: 'PUT', body: given, token: tokenB })).status, 200);
		const g = await b.get(`/services/${svc.id}`);
		assert.deepEqual([g.capacities[0].id, g.capacities[0].unit.id], [FX('e'), FX('f')]);
		assert.equal((await b.request(`/services/${svc.id}`, { method: 'PUT', body: svc, token: tokenB })).status, 200);
		// the CSV export carries them, and imports into an empty node as they are
		const res = await fetch(`${b.base}/export?format=hsds-csv`);
		assert.equal(res.status, 200);
		await importBody(e, tokenE, Buffer.from(await res.arrayBuffer()), 'application/zip', 'CSV export with assigned ids');
		assert.deepEqual(members(await e.get(`/services/${svc.id}`)), members(await b.get(`/services/${svc.id}`)));
	});
});
