// The rest of the HSDS 3.0 API (issue 13, section 3) on the sample directory:
// HEAD on every GET endpoint, OPTIONS with Allow, CORS on the public reads
// only, a repeated query parameter refused, modified_after "on or after" with
// a date or a date-time, and GET /service_at_locations/{id} nesting the full
// service.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { missingEnv, setupNode, createToken, allPages, env, withoutProvenance } from './lib/harness.mjs';
import { assertValid, assertValidProfile, schemasAvailable, HSDS_BASE } from './lib/hsds-schema.mjs';
import { ids } from './lib/sample.mjs';

const skip = missingEnv();

describe('HSDS 3.0 API: methods, CORS, parameters', { skip: skip || false }, () => {
	let d, conninfo, sal, svc, org, tax, term, loc, adminToken;

	before(async () => {
		({ daemon: d, conninfo } = await setupNode(import.meta.url, { sample: true }));
		adminToken = await createToken(conninfo, { nodeAdmin: true, label: 'hsds-api' });
		sal = (await d.get('/service_at_locations?per_page=1')).contents[0];
		svc = ids('S01')[0];
		org = (await d.get(`/services/${svc}`)).organization.id;
		tax = (await d.get('/taxonomies')).contents[0].id;
		term = (await d.get('/taxonomy_terms?per_page=1')).contents[0].id;
		loc = sal.location_id;
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	// Every GET route of directoryd/routes.c that anyone may call.
	const publicReads = () => [
		'/', '/health', '/services', `/services/${svc}`, '/organizations', `/organizations/${org}`,
		'/service_at_locations', `/service_at_locations/${sal.id}`, `/locations/${loc}`,
		'/taxonomies', `/taxonomies/${tax}`, '/taxonomy_terms', `/taxonomy_terms/${term}`,
		'/profile', '/profile/service.json',
	];

	it('HEAD answers every GET endpoint with its status and headers and no body', async () => {
		const paths = [...publicReads(), '/services/not-a-uuid', '/admin/listings', '/search', '/privacy',
			'/.well-known/directoryd', '/static/directoryd.css'];
		for (const path of paths) {
			const g = await d.request(path);
			const h = await d.request(path, { method: 'HEAD' });
			assert.equal(h.status, g.status, `HEAD ${path}`);
			assert.equal(h.text, '', `HEAD ${path} has no body`);
			assert.equal(h.headers.get('content-type'), g.headers.get('content-type'), `HEAD ${path}`);
			if (g.status === 200 && !path.startsWith('/services') && path !== '/' && !path.startsWith('/search'))
				assert.equal(h.headers.get('content-length'), String(Buffer.byteLength(g.text)), `HEAD ${path} length`);
		}
	});

	it('OPTIONS answers 204 with Allow naming every method of the path', async () => {
		const cases = [
			['/services', 'GET, HEAD, POST, OPTIONS'],
			[`/services/${svc}`, 'GET, HEAD, PUT, DELETE, OPTIONS'],
			['/admin/listings', 'GET, HEAD, OPTIONS'],
			['/federation/v1/notify', 'POST, OPTIONS'],
			['/auth/tokens', 'GET, HEAD, POST, OPTIONS'],
		];
		for (const [path, allow] of cases) {
			const r = await d.request(path, { method: 'OPTIONS' });
			assert.equal(r.status, 204, path);
			assert.equal(r.headers.get('allow'), allow, path);
			assert.equal(r.text, '', path);
		}
		const nf = await d.request('/nothing', { method: 'OPTIONS' });
		assert.equal(nf.status, 404);
	});

	it('405 names the allowed methods', async () => {
		const r = await d.request('/taxonomies', { method: 'DELETE' });
		assert.equal(r.status, 405);
		assert.equal(r.json.error.code, 'method_not_allowed');
		assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS');
	});

	it('public reads carry Access-Control-Allow-Origin: * and answer the preflight', async () => {
		for (const path of publicReads()) {
			const r = await d.request(path, { headers: { Origin: 'https://validator.example', Accept: 'application/json' } });
			assert.equal(r.status, 200, path);
			assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
			const pre = await d.request(path, {
				method: 'OPTIONS',
				headers: { Origin: 'https://validator.example', 'Access-Control-Request-Method': 'GET',
					'Access-Control-Request-Headers': 'accept-language' },
			});
			assert.equal(pre.status, 204, path);
			assert.equal(pre.headers.get('access-control-allow-origin'), '*', path);
			assert.match(pre.headers.get('access-control-allow-methods'), /^GET, HEAD, OPTIONS$/, path);
			assert.match(pre.headers.get('access-control-allow-headers'), /Accept-Language/, path);
		}
		// a refused read is readable by the browser tool too
		const bad = await d.request('/services?page=0', { headers: { Origin: 'https://x.example' } });
		assert.equal(bad.status, 400);
		assert.equal(bad.headers.get('access-control-allow-origin'), '*');
	});

	it('never on admin, write, account or federation endpoints', async () => {
		const o = { Origin: 'https://validator.example' };
		const checks = [
			await d.request('/admin/listings', { headers: o }),
			await d.request('/admin/listings', { headers: o, token: adminToken }),
			await d.request('/admin/eligibility_review', { headers: o, token: adminToken }),
			await d.request('/auth/whoami', { headers: o, token: adminToken }),
			await d.request('/audit', { headers: o, token: adminToken }),
			await d.request('/services', { method: 'POST', headers: o, body: {} }),
			await d.request(`/services/${svc}`, { method: 'DELETE', headers: o }),
			await d.request('/.well-known/directoryd', { headers: o }),
			await d.request('/federation/v1/changes', { headers: o }),
			await d.request('/federation/v1/snapshot', { headers: o }),
			await d.request('/reports', { headers: o, token: adminToken }),
			await d.request('/admin/listings', { method: 'OPTIONS', headers: { ...o, 'Access-Control-Request-Method': 'GET' } }),
			await d.request('/auth/login', { method: 'OPTIONS', headers: { ...o, 'Access-Control-Request-Method': 'POST' } }),
			await d.request('/federation/v1/changes', { method: 'OPTIONS', headers: { ...o, 'Access-Control-Request-Method': 'GET' } }),
		];
		for (const r of checks) {
			assert.equal(r.headers.get('access-control-allow-origin'), null, `${r.status} ${r.text.slice(0, 80)}`);
			assert.equal(r.headers.get('access-control-allow-methods'), null);
		}
		// the preflight of a write on a public path admits reads only
		const pre = await d.request('/services', { method: 'OPTIONS', headers: { ...o, 'Access-Control-Request-Method': 'POST' } });
		assert.doesNotMatch(pre.headers.get('access-control-allow-methods'), /POST/);
	});

	it('a repeated query parameter is 400 duplicate_parameter', async () => {
		for (const path of ['/services?page=1&page=2', '/services?search=a&search=b', '/organizations?full=true&full=false',
			'/taxonomy_terms?taxonomy_id=x&taxonomy_id=y', `/services/${svc}?lang=de&lang=fr`,
			'/admin/listings?a=1&a=2']) {
			const r = await d.request(path, { token: adminToken });
			assert.equal(r.status, 400, path);
			assert.equal(r.json.error.code, 'duplicate_parameter', path);
			assert.match(r.json.error.message, /more than once/);
		}
		// the search page's checkboxes send access= once per box: still a page
		const page = await d.request('/search?access=free&access=no_id_required', { headers: { Accept: 'text/html' } });
		assert.equal(page.status, 200);
	});

	it('modified_after is "on or after", with a date-time or a date', async () => {
		const all = await allPages(d, '/services');
		const latest = all.map((s) => s.last_modified).sort().at(-1);
		const at = await allPages(d, `/services?modified_after=${encodeURIComponent(latest)}`);
		assert.ok(at.length >= 1, 'the record modified at that instant is included');
		assert.ok(at.every((s) => s.last_modified >= latest));
		const day = latest.slice(0, 10);
		const byDate = await allPages(d, `/services?modified_after=${day}`);
		assert.equal(byDate.length, all.filter((s) => s.last_modified.slice(0, 10) >= day).length);
		const orgs = (await d.get(`/organizations?modified_after=${day}`)).total_items;
		assert.ok(orgs >= 1);
		const later = new Date(Date.parse(latest) + 1000).toISOString();
		assert.equal((await d.get(`/services?modified_after=${encodeURIComponent(later)}`)).total_items, 0);
		const nextDay = new Date(Date.parse(day) + 86400_000).toISOString().slice(0, 10);
		assert.equal((await d.get(`/services?modified_after=${nextDay}`)).total_items, 0);
		for (const bad of ['2026-13-01', 'yesterday', '2026-01-01T25:00:00Z']) {
			const r = await d.request(`/services?modified_after=${bad}`);
			assert.equal(r.status, 400, bad);
			assert.equal(r.json.error.code, 'invalid_parameter');
		}
	});

	it('GET /service_at_locations/{id} nests the full service', async () => {
		const rich = (await allPages(d, '/services?full=true')).find((s) =>
			(s.phones?.length || s.schedules?.length) && s.languages?.length && s.attributes?.length &&
			s.service_at_locations?.length);
		assert.ok(rich, 'the sample has a service with phones or schedules, languages, attributes and a location');
		const one = await d.get(`/service_at_locations/${rich.service_at_locations[0].id}`);
		assertValid('service_at_location.json', one, 'GET /service_at_locations/{id}');
		assert.deepEqual(one.service, await d.get(`/services/${rich.id}`));
		assert.ok((one.service.phones?.length || one.service.schedules?.length) && one.service.languages.length > 0);
		assert.ok(one.service.attributes.length > 0);
		// the list shape keeps the service's one-to-one fields
		const listed = (await d.get(`/service_at_locations?organization_id=${rich.organization_id}`)).contents
			.find((x) => x.id === one.id);
		assert.equal(listed.service.phones, undefined);
	});

	it('its own answers write back: our vocabulary texts are not checked, imported terms are', async () => {
		const all = await allPages(d, '/services?full=true');
		let vocab = 0;
		for (const s of all) {
			const body = withoutProvenance(s);
			// the derived sex_worker_led attribute comes from the organization
			body.attributes = (body.attributes || []).filter((a) => a.taxonomy_term?.code !== 'sex_worker_led');
			if (body.attributes.some((a) => /victim status/.test(a.taxonomy_term?.taxonomy_detail?.description || ''))) vocab++;
			const r = await d.request(`/services/${s.id}`, { method: 'PUT', body, token: adminToken });
			assert.equal(r.status, 200, `PUT back ${s.id}: ${r.text.slice(0, 400)}`);
		}
		assert.ok(vocab > 0, 'the access vocabulary\'s own description names a condition it forbids');
		// a term of another taxonomy is stored from its texts: those are checked
		const body = withoutProvenance(all[0]);
		body.attributes = [{ taxonomy_term: { id: '0f5e7c1a-2b3d-4e5f-8a9b-1c2d3e4f5a6b', name: 'Victims only',
			description: 'Only for people with a police report confirming victim status', taxonomy: 'local' } }];
		const r = await d.request(`/services/${all[0].id}`, { method: 'PUT', body, token: adminToken });
		assert.equal(r.status, 422, r.text.slice(0, 300));
		assert.equal(r.json.error.code, 'eligibility_condition');
		assert.match(r.json.error.field, /^\/attributes\/0\/taxonomy_term\/description$/);
	});

	it('the root links the node\'s profile, which serves every schema of data/profile/', async () => {
		const root = await d.get('/');
		assert.match(root.profile, /^https?:\/\/[^/]+\/profile$/, 'the node\'s public_url and /profile');
		const index = await d.get('/profile');
		assert.equal(index.extends, 'HSDS 3.0');
		assert.equal(index.base_schemas, HSDS_BASE);
		const files = readdirSync(join(env.src, 'data', 'profile')).filter((f) => f.endsWith('.json')).sort();
		assert.deepEqual(Object.keys(index.schemas).map((k) => `${k}.json`).sort(), files);
		for (const f of files) {
			const url = index.schemas[f.slice(0, -5)];
			assert.equal(url, `${root.profile}/${f}`);
			const r = await d.request(`/profile/${f}`);
			assert.equal(r.status, 200, f);
			assert.equal(r.headers.get('access-control-allow-origin'), '*');
			assert.deepEqual(r.json, JSON.parse(readFileSync(join(env.src, 'data', 'profile', f), 'utf8')), f);
		}
		for (const bad of ['/profile/nothing.json', '/profile/service', '/profile/..%2Fsql%2F10_text.sql', '/profile/service.json.bak']) {
			assert.equal((await d.request(bad)).status, 404, bad);
		}
	});

	it('every answer validates against the profile, which refuses a member it does not name at any depth', async () => {
		if (!schemasAvailable()) return;
		const lists = { '/services?full=true': 'service.json', '/services': 'service.json',
			'/organizations?full=true': 'organization.json', '/organizations': 'organization.json',
			'/service_at_locations?full=true': 'service_at_location.json', '/service_at_locations': 'service_at_location.json',
			'/taxonomies': 'taxonomy.json', '/taxonomy_terms': 'taxonomy_term.json' };
		for (const [path, schema] of Object.entries(lists)) {
			for (const x of await allPages(d, path)) assertValidProfile(schema, x, `${path} ${x.id}`);
		}
		for (const s of await allPages(d, '/services')) {
			assertValidProfile('service.json', await d.get(`/services/${s.id}`), s.id);
		}
		for (const x of await allPages(d, '/service_at_locations')) {
			assertValidProfile('service_at_location.json', await d.get(`/service_at_locations/${x.id}`), x.id);
			if (x.location_id) assertValidProfile('location.json', await d.get(`/locations/${x.location_id}`), x.location_id);
		}
		for (const o of await allPages(d, '/organizations')) {
			assertValidProfile('organization.json', await d.get(`/organizations/${o.id}`), o.id);
		}
		const exp = (await d.request('/export')).json;
		const kinds = { taxonomies: 'taxonomy.json', taxonomy_terms: 'taxonomy_term.json', organizations: 'organization.json',
			services: 'service.json', locations: 'location.json' };
		for (const [member, list] of Object.entries(exp)) {
			for (const x of list) assertValidProfile(kinds[member], x, `export ${member} ${x.id}`);
		}
		// strict: an unknown member fails, at the top and deep inside
		const full = await d.get(`/services/${svc}`);
		assert.throws(() => assertValidProfile('service.json', { ...full, bogus: 1 }), /bogus|unevaluated/);
		const deep = structuredClone(full);
		assert.ok(deep.service_at_locations[0].location, 'the sample service has a location');
		deep.service_at_locations[0].location.bogus = 1;
		assert.throws(() => assertValidProfile('service.json', deep), /unevaluated/);
		const ext = structuredClone(full);
		ext.contact_channels = [{ type: 'carrier_pigeon', value: 'x' }];
		assert.throws(() => assertValidProfile('service.json', ext), /contact_channels/);
	});

	describe('HSDS 3.0 list parameters', () => {
		const P = '5b1f0c2e-8d7a-4e3b-9c6f-0a1b2c3d4e5f';
		const C = '6c2a1d3f-9e8b-4f4c-8d7a-1b2c3d4e5f60';

		before(async () => {
			// a small hierarchy of another taxonomy, carried in by a service's attributes
			const s = await d.get(`/services/${ids('S02')[0]}`);
			const body = { id: s.id, organization_id: s.organization_id, name: s.name, description: s.description,
				status: s.status, attributes: [
					{ taxonomy_term: { id: P, name: 'Health', description: 'Health services', taxonomy: 'local-tx' } },
					{ taxonomy_term: { id: C, name: 'Testing', description: 'Tests of all kinds', taxonomy: 'local-tx', parent_id: P } },
				] };
			const r = await d.request(`/services/${s.id}`, { method: 'PUT', body, token: adminToken });
			assert.equal(r.status, 200, r.text.slice(0, 300));
		});

		it('minimal=true lists each service as its id and last_modified', async () => {
			const full = await d.get('/services?per_page=100');
			const p = await d.get('/services?minimal=true&per_page=100');
			assert.equal(p.total_items, full.total_items);
			assert.deepEqual(p.contents, full.contents.map((s) => ({ id: s.id, last_modified: s.last_modified })));
			const bad = await d.request('/organizations?minimal=true');
			assert.equal(bad.status, 400);
			assert.match(bad.json.error.message, /minimal applies to \/services only/);
			assert.equal((await d.request('/services?minimal=maybe')).status, 400);
		});

		it('full_service nests organizations\' services in full', async () => {
			const a = await d.get('/organizations?full_service=true&per_page=100');
			const b = await d.get('/organizations?full=true&per_page=100');
			assert.deepEqual(a, b);
			assert.ok(a.contents.some((o) => o.services?.some((s) => Array.isArray(s.service_at_locations))));
			assert.deepEqual(await d.get(`/organizations/${org}?full_service=true`), await d.get(`/organizations/${org}`));
			assert.equal((await d.request(`/services/${svc}?full_service=true`)).status, 400);
			assert.equal((await d.request('/services?full_service=true')).status, 400);
		});

		it('top_only and parent_id walk a taxonomy\'s hierarchy', async () => {
			const all = await allPages(d, '/taxonomy_terms');
			const top = await allPages(d, '/taxonomy_terms?top_only=true');
			assert.deepEqual(top.map((t) => t.id).sort(), all.filter((t) => !t.parent_id).map((t) => t.id).sort());
			assert.ok(top.some((t) => t.id === P) && !top.some((t) => t.id === C));
			const kids = await d.get(`/taxonomy_terms?parent_id=${P}`);
			assert.deepEqual(kids.contents.map((t) => t.id), [C]);
			assert.equal((await d.get(`/taxonomy_terms?parent_id=${C}`)).total_items, 0);
			assert.equal((await d.request('/taxonomy_terms?parent_id=nope')).status, 400);
			assert.equal((await d.request(`/services?parent_id=${P}`)).status, 400);
		});

		it('format=ndjson streams every result, one per line, without paging', async () => {
			for (const path of ['/services', '/organizations?full=true', '/service_at_locations', '/taxonomy_terms', '/taxonomies',
				'/services?minimal=true&per_page=3&page=2', '/services?search=testing']) {
				const sep = path.includes('?') ? '&' : '?';
				const r = await d.request(`${path}${sep}format=ndjson`);
				assert.equal(r.status, 200, path);
				assert.match(r.headers.get('content-type'), /^application\/x-ndjson/);
				assert.equal(r.headers.get('transfer-encoding'), 'chunked');
				const lines = r.text.split('\n');
				assert.equal(lines.pop(), '', `${path}: every line ends with a newline`);
				const items = lines.map((l) => JSON.parse(l));
				const base = path.replace(/([?&])(per_page|page)=\d+/g, '$1').replace(/[?&]+$/, '').replace('?&', '?');
				const want = await allPages(d, base);
				assert.deepEqual(items.map((x) => x.id), want.map((x) => x.id), path);
				assert.deepEqual(items, want, path);
			}
			const h = await d.request('/services?format=ndjson', { method: 'HEAD' });
			assert.equal(h.status, 200);
			assert.equal(h.text, '');
			assert.equal((await d.request('/services?format=xml')).status, 400);
			assert.equal((await d.request('/services?format=ndjson&page=x')).status, 400);
		});

		it('postcode matches addresses; proximity measures from the postcode\'s centroid', async () => {
			const sals = await allPages(d, '/service_at_locations?full=true');
			const codes = new Map();
			for (const x of sals) for (const a of x.location?.addresses || []) {
				if (a.postal_code) codes.set(a.postal_code, (codes.get(a.postal_code) || new Set()).add(x.id));
			}
			const [code, want] = [...codes.entries()].sort((a, b) => b[1].size - a[1].size)[0];
			const got = await allPages(d, `/service_at_locations?postcode=${encodeURIComponent(code)}`);
			assert.deepEqual(got.map((x) => x.id).sort(), [...want].sort());
			const spaced = await allPages(d, `/service_at_locations?postcode=${encodeURIComponent(` ${code.toLowerCase()} `)}`);
			assert.equal(spaced.length, got.length, 'spaces and case do not matter');
			// the confidential location's postcode finds nothing and has no centroid
			assert.equal((await d.get('/service_at_locations?postcode=10999')).total_items, 0);
			const none = await d.request('/service_at_locations?postcode=10999&proximity=5000');
			assert.equal(none.status, 400);
			assert.match(none.json.error.message, /no address of this node has the postcode/);
			const near = await allPages(d, `/service_at_locations?postcode=${encodeURIComponent(code)}&proximity=3000`);
			for (const id of want) assert.ok(near.some((x) => x.id === id), 'the postcode\'s own places are within 3 km');
			const far = await allPages(d, `/service_at_locations?postcode=${encodeURIComponent(code)}&proximity=20000000`);
			assert.ok(far.length >= near.length);
			assert.equal((await d.request('/service_at_locations?proximity=1000')).status, 400);
			assert.equal((await d.request(`/service_at_locations?postcode=${code}&proximity=-3`)).status, 400);
			assert.equal((await d.request(`/services?postcode=${code}`)).status, 400);
		});
	});
});
