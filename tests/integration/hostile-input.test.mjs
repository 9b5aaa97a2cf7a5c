// Hostile input (issue 8): query parameters that are not UTF-8 text,
// numbers beyond what the database column and the renderers hold, on every
// way in (write API, importer), and a confidential location's hidden
// state_province inferred through city search. Each refusal asserts the
// status, the error code and JSON Pointer, that nothing was stored, and that
// the daemon still answers. Federation's ways in are in
// hostile-federation.test.mjs, HTTP framing and slow clients in
// hostile-http.test.mjs.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import {
	missingEnv, setupNode, createOrg, createToken, importHsds, tempDir, writeTemp, cleanupDir, psql,
} from './lib/harness.mjs';
import { assertErrorBody } from './lib/hsds-schema.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();

const LISTS = ['/services', '/organizations', '/service_at_locations', '/taxonomies', '/taxonomy_terms'];

// Percent-encoded bytes that are not UTF-8 text, or hold a NUL.
const NOT_UTF8 = {
	'a lone 0xFF': '%FF',
	'a truncated sequence': 'caf%C3',
	'a lone continuation byte': '%80abc',
	'an overlong "/"': '%C0%AF',
	'an overlong NUL (2 bytes)': '%C0%80',
	'an overlong NUL (3 bytes)': '%E0%80%80',
	'an overlong "A" (4 bytes)': '%F0%80%81%81',
	'a UTF-16 surrogate': '%ED%A0%80',
	'a code point above U+10FFFF': '%F4%90%80%80',
	'a NUL byte': 'abc%00def',
	'a NUL byte alone': '%00',
};

// Every query parameter of the lists, with a value that is otherwise fine
// where the parameter has a format, so that only the bytes are wrong.
const LIST_TEXT_PARAMS = ['search', 'city'];
const LIST_OTHER_PARAMS = ['country', 'language', 'category', 'access', 'lang', 'modified_after',
	'organization_id', 'taxonomy_term_id', 'taxonomy_id', 'format', 'full', 'open_now', 'page', 'per_page'];

const P53 = '9007199254740992'; // 2^53: the largest integer a record may carry

describe('hostile input', { skip: skip || false }, () => {
	let node, d, org, token;

	before(async () => {
		node = await setupNode(import.meta.url);
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Hostile input test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	// After every case the daemon still serves and has not exited.
	afterEach(async () => {
		if (!d) return;
		const r = await d.request('/health');
		assert.equal(r.status, 200, `the daemon stopped serving: ${r.status} ${r.text}\n${d.stderr}`);
		assert.equal(d.exited, null, `the daemon exited: ${JSON.stringify(d.exited)}\n${d.stderr}`);
	});

	async function totals() {
		const q = (sql) => psql(sql, { db: node.dbName });
		return {
			services: await q('SELECT count(*) FROM service'),
			organizations: await q('SELECT count(*) FROM organization'),
			locations: await q('SELECT count(*) FROM location'),
			years: await q('SELECT coalesce(string_agg(year_incorporated::text, \',\' ORDER BY id), \'\') FROM organization'),
			versions: await q('SELECT coalesce(max(version), 0) FROM service'),
		};
	}

	describe('query parameters that are not UTF-8 text: 400 invalid_parameter before any SQL', () => {
		it('search and city on all five lists', async () => {
			for (const path of LISTS) {
				for (const name of LIST_TEXT_PARAMS) {
					for (const [what, bytes] of Object.entries(NOT_UTF8)) {
						const q = `${path}?${name}=${bytes}`;
						const e = assertErrorBody(await d.request(q), 400, 'invalid_parameter', `${q} (${what})`);
						assert.ok(e.message.includes(name), `${q}: the message names ${name}: ${e.message}`);
					}
				}
			}
		});

		it('every other list parameter, and the lang of a single record', async () => {
			for (const path of LISTS) {
				for (const name of LIST_OTHER_PARAMS) {
					for (const bytes of ['%FF', '%C0%AF', 'x%00']) {
						assertErrorBody(await d.request(`${path}?${name}=${bytes}`), 400, 'invalid_parameter',
							`${path}?${name}=${bytes}`);
					}
				}
			}
			for (const path of ['/services', '/organizations', '/locations', '/service_at_locations']) {
				assertErrorBody(await d.request(`${path}/${randomUUID()}?lang=%FF`), 400, 'invalid_parameter',
					`${path}/id?lang=%FF`);
			}
		});

		it('a parameter name that is not UTF-8, or holds a NUL', async () => {
			for (const q of ['/services?%FF=1', '/services?search%C0%AF=x', '/organizations?se%00arch=x',
				'/taxonomy_terms?%ED%A0%80=1']) {
				assertErrorBody(await d.request(q), 400, 'invalid_parameter', q);
			}
		});

		it('a long parameter name of many-byte characters: 400, its quote cut at a character, not a 500', async () => {
			const euros = '%E2%82%AC'.repeat(30); // 90 bytes: a 64-byte quote would cut the 22nd
			for (const q of [`/services?${euros}=1`, `/organizations?${euros}x=1`, `/services/${randomUUID()}?${euros}=1`]) {
				const e = assertErrorBody(await d.request(q), 400, 'invalid_parameter', q);
				assert.ok(e.message.includes('€'.repeat(21)), `the name is quoted: ${e.message}`);
			}
		});

		it('well-formed UTF-8 is still searched', async () => {
			for (const path of LISTS) {
				for (const v of ['Z%C3%BCrich', '%E2%82%AC', '%F0%9F%8C%88', '%EF%BF%BD']) {
					const r = await d.request(`${path}?search=${v}`);
					assert.equal(r.status, 200, `${path}?search=${v}: ${r.text.slice(0, 300)}`);
				}
				const r = await d.request(`${path}?city=Z%C3%BCrich`);
				assert.equal(r.status, 200, `${path}?city=Zürich: ${r.text.slice(0, 300)}`);
			}
		});
	});

	describe('numbers beyond what the column and the renderers hold: 400 naming the field', () => {
		// Placeholders replaced by raw number text, so that reals stay reals.
		const raw = (doc, text) => JSON.stringify(doc).replace('"__NUM__"', text);

		// field, how a document carries it, its pointer, whether negatives are fine
		const FIELDS = [
			{ name: 'minimum_age', ptr: '/minimum_age', doc: () => smallService(org, { minimum_age: '__NUM__' }) },
			{ name: 'maximum_age', ptr: '/maximum_age', doc: () => smallService(org, { maximum_age: '__NUM__' }) },
			{ name: 'cost_options[].amount', ptr: '/cost_options/0/amount', signed: true,
				doc: () => smallService(org, { cost_options: [{ id: randomUUID(), option: 'Test', amount: '__NUM__', currency: 'CHF' }] }) },
			{ name: 'schedules[].interval', ptr: '/schedules/0/interval',
				doc: () => smallService(org, { schedules: [{ id: randomUUID(), freq: 'WEEKLY', byday: 'MO', interval: '__NUM__',
					opens_at: '10:00', closes_at: '12:00' }] }) },
			{ name: 'schedules[].count', ptr: '/schedules/0/count',
				doc: () => smallService(org, { schedules: [{ id: randomUUID(), freq: 'WEEKLY', byday: 'MO', count: '__NUM__',
					opens_at: '10:00', closes_at: '12:00' }] }) },
			{ name: 'phones[].extension', ptr: '/phones/0/extension', signed: true,
				doc: () => smallService(org, { phones: [{ id: randomUUID(), number: '+41 44 000 00 00', extension: '__NUM__' }] }) },
		];

		// Refused everywhere: integers past 2^53 (JCS), reals past 2^63 and far
		// beyond (they render as integer text no 64-bit parser reads).
		const TOO_BIG = ['9007199254740994', '9.3e18', '9.223372036854775808e18', '1e19', '1e20', '1e308', '-1e20', '-1e308',
			'-9007199254740994'];

		it('POST: every numeric field at 2^53+2, 2^63, 1e19, 1e20, 1e308, -1e20 and -1e308', async () => {
			for (const f of FIELDS) {
				for (const text of TOO_BIG) {
					const before = await totals();
					const doc = f.doc();
					const r = await d.request('/services', { method: 'POST', body: raw(doc, text), token });
					const e = assertErrorBody(r, 400, 'invalid_value', `${f.name} = ${text}`);
					assert.equal(e.field, f.ptr, `${f.name} = ${text}: the pointer names the field: ${r.text}`);
					assert.deepEqual(await totals(), before, `${f.name} = ${text}: nothing stored`);
					assert.equal((await d.request(`/services/${doc.id}`)).status, 404, `${f.name} = ${text}: no service`);
				}
			}
		});

		// Refused everywhere: magnitudes below 1e-30 other than 0 (subnormal
		// doubles from about 2.2e-308 down); a record carries a number as
		// decimal text of at most 63 characters (validate.h, VAL_MIN_MAGNITUDE).
		const TOO_SMALL = ['1e-320', '-1e-320', '5e-324', '2.2250738585072014e-308', '1e-300', '9.99e-31', '-1e-31'];

		it('POST: every numeric field at 1e-320, -1e-320, 5e-324, 2.2e-308, 1e-300 and just under 1e-30', async () => {
			for (const f of FIELDS) {
				for (const text of TOO_SMALL) {
					const before = await totals();
					const doc = f.doc();
					const r = await d.request('/services', { method: 'POST', body: raw(doc, text), token });
					const e = assertErrorBody(r, 400, 'invalid_value', `${f.name} = ${text}`);
					assert.equal(e.field, f.ptr, `${f.name} = ${text}: the pointer names the field: ${r.text}`);
					assert.deepEqual(await totals(), before, `${f.name} = ${text}: nothing stored`);
					assert.equal((await d.request(`/services/${doc.id}`)).status, 404, `${f.name} = ${text}: no service`);
				}
			}
			for (const text of ['1e-320', '-1e-31']) {
				const before = await totals();
				const loc = { id: randomUUID(), organization_id: org, name: 'Tiny number location', location_type: 'physical',
					latitude: '__NUM__', longitude: 8.5 };
				const e = assertErrorBody(await d.request('/locations', { method: 'POST', body: raw(loc, text), token }),
					400, 'invalid_value', `latitude = ${text}`);
				assert.equal(e.field, '/latitude');
				assert.deepEqual(await totals(), before);
			}
		});

		it('1e-30, 15 significant digits at 1e-30, and 0 are stored and read back as they were sent', async () => {
			for (const [text, want] of [['1e-30', 1e-30], ['-1.23456789012345e-30', -1.23456789012345e-30], ['0.0', 0]]) {
				const doc = smallService(org, { cost_options: [{ id: randomUUID(), option: 'Test', amount: '__NUM__', currency: 'CHF' }] });
				const r = await d.request('/services', { method: 'POST', body: raw(doc, text), token });
				assert.equal(r.status, 201, `amount = ${text}: ${r.text.slice(0, 300)}`);
				assert.equal((await d.get(`/services/${doc.id}`)).cost_options[0].amount, want, `amount = ${text} reads back`);
				const loc = { id: randomUUID(), organization_id: org, name: 'Small number location', location_type: 'physical',
					latitude: '__NUM__', longitude: 8.5 };
				const rl = await d.request('/locations', { method: 'POST', body: raw(loc, text), token });
				assert.equal(rl.status, 201, `latitude = ${text}: ${rl.text.slice(0, 300)}`);
				assert.equal((await d.get(`/locations/${loc.id}`)).latitude, want, `latitude = ${text} reads back`);
			}
		});

		it('an integer literal past 2^63 is refused as JSON the parser cannot hold', async () => {
			for (const f of FIELDS) {
				const before = await totals();
				const doc = f.doc();
				const r = await d.request('/services', { method: 'POST', body: raw(doc, '9223372036854775808'), token });
				assert.equal(r.status, 400, `${f.name} = 2^63: ${r.text}`);
				assert.ok(['invalid_json', 'invalid_value'].includes(r.json?.error?.code), r.text);
				assert.deepEqual(await totals(), before, `${f.name} = 2^63: nothing stored`);
			}
		});

		it('2^53 is stored and read back as it was sent', async () => {
			for (const f of FIELDS) {
				const doc = f.doc();
				const r = await d.request('/services', { method: 'POST', body: raw(doc, P53), token });
				assert.equal(r.status, 201, `${f.name} = 2^53: ${r.text}`);
				const got = await d.get(`/services/${doc.id}`);
				const text = JSON.stringify(got);
				assert.ok(text.includes(P53), `${f.name}: 2^53 reads back: ${text.slice(0, 800)}`);
				if (f.signed) {
					const neg = f.doc();
					const rn = await d.request('/services', { method: 'POST', body: raw(neg, '-' + P53), token });
					assert.equal(rn.status, 201, `${f.name} = -2^53: ${rn.text}`);
				}
			}
		});

		it('PUT: a refused number leaves the stored record as it was', async () => {
			const doc = smallService(org, { minimum_age: 18, cost_options: [{ id: randomUUID(), option: 'Test', amount: 5, currency: 'CHF' }] });
			assert.equal((await d.request('/services', { method: 'POST', body: doc, token })).status, 201);
			const before = await d.get(`/services/${doc.id}`);
			for (const [key, text, ptr] of [['minimum_age', '1e20', '/minimum_age'], ['maximum_age', '9.3e18', '/maximum_age']]) {
				const bad = raw({ ...doc, [key]: '__NUM__' }, text);
				const e = assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT', body: bad, token }),
					400, 'invalid_value', `PUT ${key} = ${text}`);
				assert.equal(e.field, ptr);
			}
			const amount = raw({ ...doc, cost_options: [{ ...doc.cost_options[0], amount: '__NUM__' }] }, '1e308');
			const e = assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT', body: amount, token }),
				400, 'invalid_value', 'PUT amount = 1e308');
			assert.equal(e.field, '/cost_options/0/amount');
			assert.deepEqual(await d.get(`/services/${doc.id}`), before);
		});

		it('an organization\'s year_incorporated and a location\'s coordinates', async () => {
			for (const text of ['1e20', '9.3e18', '-1e308', '9007199254740994']) {
				const before = await totals();
				const o = { id: randomUUID(), name: 'Number test organization', description: 'x', year_incorporated: '__NUM__' };
				const r = await d.request(`/organizations/${org}`, { method: 'PUT', body: raw({ ...o, id: org }, text), token });
				const e = assertErrorBody(r, 400, 'invalid_value', `year_incorporated = ${text}`);
				assert.equal(e.field, '/year_incorporated');
				const loc = { id: randomUUID(), organization_id: org, name: 'Number test location', location_type: 'physical',
					latitude: '__NUM__', longitude: 8.5 };
				const rl = await d.request('/locations', { method: 'POST', body: raw(loc, text), token });
				const el = assertErrorBody(rl, 400, 'invalid_value', `latitude = ${text}`);
				assert.equal(el.field, '/latitude');
				assert.deepEqual(await totals(), before);
			}
		});

		it('import-hsds: a record with such a number (1e20, 1e-320) is reported and the rest of the file is imported', async () => {
			const dir = tempDir('directoryd-hostile-import-');
			try {
				const good = smallService(org, { name: 'Imported next to a huge number' });
				const bad = smallService(org, { name: 'Imported with a huge number', minimum_age: '__NUM__' });
				const tiny = smallService(org, { name: 'Imported with a tiny number',
					cost_options: [{ id: randomUUID(), option: 'Test', amount: '__NUM__', currency: 'CHF' }] });
				const orgDoc = { id: org, name: 'Hostile input test org', description: 'Imported organization' };
				const text = `[${JSON.stringify(orgDoc)}, ${raw(bad, '1e20')}, ${raw(tiny, '1e-320')}, ${JSON.stringify(good)}]`;
				const file = writeTemp(dir, 'services_hostile.json', text);
				const r = await importHsds(node.conninfo, file);
				assert.ok(r.signal === null && r.code !== null && r.code <= 1, `import-hsds did not crash: ${r.code} ${r.signal}\n${r.stderr}`);
				assert.ok(!/no transaction in progress|WARNING/.test(r.stderr), `no PostgreSQL warning: ${r.stderr}`);
				const g = await d.request(`/services/${good.id}`);
				assert.equal(g.status, 200, `the valid record of the file is imported: ${r.stderr}\n${r.stdout}`);
				const b = await d.request(`/services/${bad.id}`);
				assert.ok(b.status === 404 || (b.status === 200 && !('minimum_age' in b.json)),
					`the huge number is not stored: ${b.status} ${b.text.slice(0, 500)}`);
				assert.ok(r.stdout.includes('/minimum_age'), `the report names /minimum_age:\n${r.stdout}`);
				const t = await d.request(`/services/${tiny.id}`);
				assert.ok(t.status === 404 || (t.status === 200 && (t.json.cost_options || []).every((c) => c.amount == null)),
					`the tiny number is not stored: ${t.status} ${t.text.slice(0, 500)}`);
				assert.ok(r.stdout.includes('/cost_options/0/amount'), `the report names /cost_options/0/amount:\n${r.stdout}`);
				// and whatever was stored can be read and listed
				assert.equal((await d.request('/services?per_page=50')).status, 200);
			} finally {
				cleanupDir(dir);
			}
		});
	});

	describe('a confidential location\'s hidden fields stay hidden in search', () => {
		const CITY = 'Hostilestadt';
		let conf, open, xy, qq, openCity;

		before(async () => {
			// a confidential location in CITY, state_province XY (hidden); a
			// public one in another city, state XY (public)
			openCity = 'Offenstadt';
			conf = { id: randomUUID(), organization_id: org, name: 'Hidden shelter', location_type: 'physical',
				confidential: true, latitude: 46.95, longitude: 7.45,
				addresses: [{ id: randomUUID(), address_1: 'Geheimweg 7', city: CITY, state_province: 'XY',
					postal_code: '3999', country: 'CH', address_type: 'physical' }] };
			open = { id: randomUUID(), organization_id: org, name: 'Open office', location_type: 'physical',
				addresses: [{ id: randomUUID(), address_1: 'Offenweg 1', city: openCity, state_province: 'XY',
					postal_code: '3998', country: 'CH', address_type: 'physical' }] };
			for (const l of [conf, open]) {
				const r = await d.request('/locations', { method: 'POST', body: l, token });
				assert.equal(r.status, 201, r.text);
			}
			const area = (extent) => [{ id: randomUUID(), name: extent, extent_type: 'text', extent }];
			xy = smallService(org, { name: 'Serves region XY', service_areas: area('CH-XY') });
			qq = smallService(org, { name: 'Serves region QQ', service_areas: area('CH-QQ') });
			for (const s of [xy, qq]) {
				const r = await d.request('/services', { method: 'POST', body: s, token });
				assert.equal(r.status, 201, r.text);
			}
		});

		const listed = async (path, city) => {
			const body = await d.get(`${path}?city=${encodeURIComponent(city)}&per_page=100`);
			const ids = new Set(body.contents.map((x) => x.service_id || x.id));
			return { xy: ids.has(xy.id), qq: ids.has(qq.id) };
		};

		it('GET /services?city= does not tell CH-XY from CH-QQ in the confidential location\'s city', async () => {
			const got = await listed('/services', CITY);
			assert.equal(got.xy, got.qq, `the hidden state_province XY must not decide the answer: ${JSON.stringify(got)}`);
			assert.equal(got.xy, false, 'a service area naming the hidden state does not cover the city');
		});

		it('the public location\'s state still counts (the feature works)', async () => {
			const got = await listed('/services', openCity);
			assert.deepEqual(got, { xy: true, qq: false });
		});

		it('the derived search_place table holds only what the public rendering holds', async () => {
			const codes = await psql(`SELECT codes::text FROM search_place WHERE city = dir_fold('${CITY}')`, { db: node.dbName });
			assert.ok(!codes.includes('XY'), `search_place keeps the hidden state_province: ${codes}`);
			// what is public about the address: city and country
			const rendered = await d.get(`/locations/${conf.id}`);
			assert.equal(rendered.addresses[0].state_province, '');
			assert.equal(rendered.addresses[0].city, CITY);
		});

		it('making the location public reveals the state; making it confidential again hides it', async () => {
			const pub = { ...conf, confidential: false };
			assert.equal((await d.request(`/locations/${conf.id}`, { method: 'PUT', body: pub, token })).status, 200);
			assert.deepEqual(await listed('/services', CITY), { xy: true, qq: false });
			assert.equal((await d.request(`/locations/${conf.id}`, { method: 'PUT', body: conf, token })).status, 200);
			const got = await listed('/services', CITY);
			assert.deepEqual(got, { xy: false, qq: false }, `hidden again: ${JSON.stringify(got)}`);
			const codes = await psql(`SELECT codes::text FROM search_place WHERE city = dir_fold('${CITY}')`, { db: node.dbName });
			assert.ok(!codes.includes('XY'), `search_place after the change back: ${codes}`);
		});

		it('the other lists answer the same for both services', async () => {
			const sal = await d.get(`/service_at_locations?city=${encodeURIComponent(CITY)}&per_page=100`);
			assert.ok(!sal.contents.some((x) => x.service_id === xy.id || x.service_id === qq.id),
				`/service_at_locations?city= lists neither: ${JSON.stringify(sal.contents.map((x) => x.service_id))}`);
			// /organizations lists the organization for either service or neither:
			// with both in one organization, compare with a second organization
			// holding only the CH-XY service.
			const org2 = await createOrg(node.conninfo, 'Second hostile org');
			const token2 = await createToken(node.conninfo, { organization: org2 });
			const only = smallService(org2, { name: 'Only XY', service_areas: [{ id: randomUUID(), name: 'XY', extent_type: 'text', extent: 'CH-XY' }] });
			assert.equal((await d.request('/services', { method: 'POST', body: only, token: token2 })).status, 201);
			const orgs = await d.get(`/organizations?city=${encodeURIComponent(CITY)}&per_page=100`);
			assert.ok(!orgs.contents.some((o) => o.id === org2),
				`/organizations?city= lists an organization only for the hidden state: ${JSON.stringify(orgs.contents.map((o) => o.name))}`);
		});
	});
});
