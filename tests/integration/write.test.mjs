// The write API (issue 2, sections 3, 5, 7 and 8): POST/PUT/DELETE with
// bearer tokens, validation errors naming their fields, the eligibility rule,
// and the read API returning what was written, in the HSDS schemas' shape.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import {
	missingEnv, setupNode, createOrg, createToken, listTokens, directoryd, psql, allPages, UUID_RE,
} from './lib/harness.mjs';
import { assertValid, assertErrorBody } from './lib/hsds-schema.mjs';
import { fullService, smallService, POLICE_REPORT } from './lib/fixtures.mjs';

const skip = missingEnv();

describe('write API', { skip: skip || false }, () => {
	let node, d, orgA, orgB, tokenA, tokenB, admin;
	const terms = new Map(); // code -> id

	before(async () => {
		node = await setupNode(import.meta.url);
		d = node.daemon;
		orgA = await createOrg(node.conninfo, 'Collective A', { sexWorkerLed: true });
		orgB = await createOrg(node.conninfo, 'Association B');
		tokenA = await createToken(node.conninfo, { organization: orgA, label: 'a' });
		tokenB = await createToken(node.conninfo, { organization: orgB, label: 'b' });
		admin = await createToken(node.conninfo, { nodeAdmin: true, label: 'admin' });
		for (const t of await allPages(d, '/taxonomy_terms')) terms.set(t.code, t.id);
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	async function count(path = '/services') {
		return (await d.get(`${path}?per_page=1`)).total_items;
	}

	it('org create made organizations the read API returns', async () => {
		const a = await d.get(`/organizations/${orgA}`);
		assertValid('organization.json', a, 'GET /organizations/{A}');
		assert.equal(a.name, 'Collective A');
		assert.equal(a.sex_worker_led, true);
		const b = await d.get(`/organizations/${orgB}`);
		assert.equal(b.sex_worker_led, false);
	});

	it('POST /services with a full HSDS service: 201, and GET returns all of it', async () => {
		const { doc, ids } = fullService(orgA);
		const r = await d.request('/services', { method: 'POST', body: doc, token: tokenA });
		assert.equal(r.status, 201, r.text);
		assertValid('service.json', r.json, 'POST /services response');
		assert.equal(r.json.id, ids.service);

		const s = await d.get(`/services/${ids.service}`);
		assertValid('service.json', s, 'GET /services/{id}');
		assert.equal(s.name, doc.name);
		assert.equal(s.description, doc.description);
		assert.equal(s.organization_id, orgA);
		assert.equal(s.status, 'active');
		assert.equal(s.minimum_age, 16);
		assert.equal(s.assured_date, '2024-05-01');
		assert.deepEqual(s.languages.map((l) => l.code).sort(), ['de', 'ro']);
		assert.equal(s.phones.length, 1);
		assert.equal(s.phones[0].id, ids.phone);
		assert.deepEqual(s.phones[0].languages.map((l) => l.code), ['de']);
		assert.equal(s.schedules.length, 1);
		assert.equal(s.schedules[0].byday, 'MO,WE');
		assert.match(s.schedules[0].opens_at, /^10:00(:00)?$/);
		// attributes by code come back with their term
		const codes = s.attributes.map((a) => a.taxonomy_term?.code ?? a.taxonomy_term_id);
		for (const c of ['sti_hiv_testing', 'free', 'anonymous']) {
			assert.ok(codes.includes(c), `attribute ${c} missing: ${JSON.stringify(s.attributes)}`);
		}
		for (const a of s.attributes) assert.match(a.taxonomy_term_id, UUID_RE);
		assert.equal(s.attributes.find((a) => a.taxonomy_term?.code === 'free').taxonomy_term_id, terms.get('free'));
		// the objects kept as JSON come back unchanged
		assert.deepEqual(s.cost_options, doc.cost_options);
		assert.deepEqual(s.required_documents, doc.required_documents);
		assert.deepEqual(s.funding, doc.funding);
		assert.deepEqual(s.contacts, doc.contacts);
		// extensions
		assert.deepEqual(s.translations, doc.translations);
		assert.equal(s.contact_channels.length, 2);
		assert.equal(s.contact_channels[0].type, 'signal');
		assert.equal(s.contact_channels[0].value, '+41441234567', 'phone channels are stored in E.164');
		assert.equal(s.contact_channels[0].safe_to_leave_message, true);
		assert.deepEqual(s.contact_channels[0].languages, ['ro', 'de']);
		assert.ok(s.provenance && typeof s.provenance.origin_node === 'string' && s.provenance.origin_node.length,
			`a local record's provenance names this node: ${JSON.stringify(s.provenance)}`);
		// nested service_at_location, location and address
		assert.equal(s.service_at_locations.length, 1);
		const sal = s.service_at_locations[0];
		assert.equal(sal.id, ids.sal);
		assert.equal(sal.location.id, ids.location);
		assert.equal(sal.location.latitude, 47.3779);
		assert.equal(sal.location.timezone_name, 'Europe/Zurich');
		assert.equal(sal.location.addresses[0].city, 'Zürich');
		assert.equal(sal.location.addresses[0].address_1, 'Teststrasse 1');
		assert.ok(sal.attributes.some((a) => a.taxonomy_term_id === terms.get('no_id_required')),
			`the service_at_location keeps its access attribute: ${JSON.stringify(sal.attributes)}`);

		const loc = await d.get(`/locations/${ids.location}`);
		assertValid('location.json', loc, 'GET /locations/{id}');
		assert.equal(loc.addresses[0].postal_code, '8004');
		const salGet = await d.get(`/service_at_locations/${ids.sal}`);
		assertValid('service_at_location.json', salGet, 'GET /service_at_locations/{id}');
		assert.equal(salGet.service_id, ids.service);

		// and search finds it by the access attribute on its service_at_location
		const found = await d.get('/services?city=zurich&language=ro&category=sti_hiv_testing&access=free,no_id_required');
		assert.ok(found.contents.some((x) => x.id === ids.service),
			'access attributes on a service_at_location match the access filter');
	});

	it('POST assigns an id when none is given', async () => {
		const doc = smallService(orgA);
		delete doc.id;
		const r = await d.request('/services', { method: 'POST', body: doc, token: tokenA });
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.id, UUID_RE);
		assert.equal((await d.get(`/services/${r.json.id}`)).name, doc.name);
	});

	it('POST with an existing id is 409 conflict', async () => {
		const doc = smallService(orgA);
		assert.equal((await d.request('/services', { method: 'POST', body: doc, token: tokenA })).status, 201);
		const r = await d.request('/services', { method: 'POST', body: { ...doc, name: 'Other' }, token: tokenA });
		assertErrorBody(r, 409, 'conflict');
		assert.equal((await d.get(`/services/${doc.id}`)).name, doc.name);
	});

	it('control characters: refused with 400 and the field\'s pointer in names and short fields, line breaks kept in descriptions', async () => {
		const cases = [
			[{ name: 'Bell\u0007' }, '/name'],
			[{ name: 'Two\nlines' }, '/name'],
			[{ name: 'Next line\u0085' }, '/name'],
			[{ alternate_name: 'x\ty' }, '/alternate_name'],
			[{ description: 'escape \u001b[2J' }, '/description'],
			[{ description: 'delete \u007f' }, '/description'],
			[{ phones: [{ number: '+41 44 123 45 67\r' }] }, '/phones/0/number'],
			[{ translations: { de: { name: 'a\u009bb' } } }, '/translations/de/name'],
		];
		for (const [fields, pointer] of cases) {
			const doc = { ...smallService(orgA), ...fields };
			const r = await d.request('/services', { method: 'POST', body: doc, token: tokenA });
			assertErrorBody(r, 400, 'invalid_value', JSON.stringify(fields));
			assert.equal(r.json.error.field, pointer, r.text);
			assert.match(r.json.error.message, /control character U\+00[0-9A-F]{2}/, r.text);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404, 'nothing stored');
		}
		const prose = { ...smallService(orgA), description: 'First line.\nSecond line.\r\n\tIndented.' };
		const ok = await d.request('/services', { method: 'POST', body: prose, token: tokenA });
		assert.equal(ok.status, 201, ok.text);
		assert.equal((await d.get(`/services/${prose.id}`)).description, prose.description);
	});

	it('PUT replaces the whole record; DELETE gives 204, then 404', async () => {
		const { doc, ids } = fullService(orgA);
		assert.equal((await d.request('/services', { method: 'POST', body: doc, token: tokenA })).status, 201);
		const replacement = smallService(orgA, { id: ids.service, name: 'Replaced name' });
		const r = await d.request(`/services/${ids.service}`, { method: 'PUT', body: replacement, token: tokenA });
		assert.equal(r.status, 200, r.text);
		assertValid('service.json', r.json, 'PUT response');
		const s = await d.get(`/services/${ids.service}`);
		assert.equal(s.name, 'Replaced name');
		assert.equal(s.description, replacement.description);
		assert.ok(!s.service_at_locations || s.service_at_locations.length === 0,
			`PUT replaces: the old service_at_locations must be gone, got ${JSON.stringify(s.service_at_locations)}`);
		assert.ok(!s.languages || s.languages.length === 0, 'PUT replaces: the old languages must be gone');
		assert.ok(!s.translations || Object.keys(s.translations).length === 0, 'PUT replaces translations');
		assert.equal((await d.request(`/service_at_locations/${ids.sal}`)).status, 404);

		// PUT without an id in the body takes the path's
		const noId = smallService(orgA, { name: 'Replaced again' });
		delete noId.id;
		assert.equal((await d.request(`/services/${ids.service}`, { method: 'PUT', body: noId, token: tokenA })).status, 200);
		assert.equal((await d.get(`/services/${ids.service}`)).name, 'Replaced again');

		// a body id that differs from the path is refused
		const other = smallService(orgA);
		assertErrorBody(await d.request(`/services/${ids.service}`, { method: 'PUT', body: other, token: tokenA }),
			400, null, 'PUT with a different body id');

		const del = await d.request(`/services/${ids.service}`, { method: 'DELETE', token: tokenA });
		assert.equal(del.status, 204, del.text);
		assert.equal(del.text, '');
		assertErrorBody(await d.request(`/services/${ids.service}`), 404, 'not_found');
		assertErrorBody(await d.request(`/services/${ids.service}`, { method: 'DELETE', token: tokenA }), 404, 'not_found');
		// PUT to an id that does not exist
		assertErrorBody(await d.request(`/services/${randomUUID()}`, { method: 'PUT', body: noId, token: tokenA }),
			404, 'not_found');
	});

	it('locations and organizations: POST, PUT, DELETE', async () => {
		const loc = {
			id: randomUUID(), organization_id: orgA, name: 'Drop-in room', location_type: 'physical',
			latitude: 46.2044, longitude: 6.1432, timezone_name: 'Europe/Zurich',
			addresses: [{ address_1: 'Rue du Test 3', city: 'Genève', state_province: 'GE',
				postal_code: '1201', country: 'CH', address_type: 'physical' }],
			contact_channels: [{ type: 'whatsapp', value: '+41 22 555 00 00', safe_to_leave_message: false, languages: ['fr'] }],
		};
		let r = await d.request('/locations', { method: 'POST', body: loc, token: tokenA });
		assert.equal(r.status, 201, r.text);
		assertValid('location.json', r.json, 'POST /locations');
		r = await d.request(`/locations/${loc.id}`, { method: 'PUT', body: { ...loc, name: 'Drop-in room 2' }, token: tokenA });
		assert.equal(r.status, 200, r.text);
		assert.equal((await d.get(`/locations/${loc.id}`)).name, 'Drop-in room 2');
		assert.equal((await d.request(`/locations/${loc.id}`, { method: 'DELETE', token: tokenA })).status, 204);
		assert.equal((await d.request(`/locations/${loc.id}`)).status, 404);

		const org = { id: randomUUID(), name: 'Admin-made organization', description: 'Made by the node admin.' };
		r = await d.request('/organizations', { method: 'POST', body: org, token: admin });
		assert.equal(r.status, 201, r.text);
		assertValid('organization.json', r.json, 'POST /organizations');
		r = await d.request(`/organizations/${org.id}`, { method: 'PUT',
			body: { ...org, description: 'Changed.', sex_worker_led: true }, token: admin });
		assert.equal(r.status, 200, r.text);
		const got = await d.get(`/organizations/${org.id}`);
		assert.equal(got.description, 'Changed.');
		assert.equal(got.sex_worker_led, true);
		// an organization's token may change its own organization
		r = await d.request(`/organizations/${orgA}`, { method: 'PUT',
			body: { name: 'Collective A', description: 'Peer-run.', sex_worker_led: true }, token: tokenA });
		assert.equal(r.status, 200, r.text);
		assert.equal((await d.get(`/organizations/${orgA}`)).description, 'Peer-run.');
		// deleting an organization takes its services with it
		const svc = smallService(org.id);
		assert.equal((await d.request('/services', { method: 'POST', body: svc, token: admin })).status, 201);
		assert.equal((await d.request(`/organizations/${org.id}`, { method: 'DELETE', token: admin })).status, 204);
		assert.equal((await d.request(`/organizations/${org.id}`)).status, 404);
		assert.equal((await d.request(`/services/${svc.id}`)).status, 404);
	});

	describe('tokens', () => {
		it('no token, a malformed header or an unknown token: 401', async () => {
			const doc = smallService(orgA);
			for (const headers of [{}, { Authorization: 'Basic dXNlcjpwYXNz' }, { Authorization: 'Bearer' },
				{ Authorization: 'Bearer dtk_notarealtokenatallnotarealtokenatall' }]) {
				const r = await d.request('/services', { method: 'POST', body: doc, headers });
				assertErrorBody(r, 401, 'unauthorized', JSON.stringify(headers));
			}
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT', body: doc }), 401, 'unauthorized');
			assertErrorBody(await d.request(`/organizations/${orgA}`, { method: 'DELETE' }), 401, 'unauthorized');
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404, 'nothing was written');
			assert.equal((await d.request(`/organizations/${orgA}`)).status, 200, 'nothing was deleted');
		});

		it("another organization's token gets 403, and changes nothing", async () => {
			const doc = smallService(orgA);
			assert.equal((await d.request('/services', { method: 'POST', body: doc, token: tokenA })).status, 201);
			// create for A with B's token
			assertErrorBody(await d.request('/services', { method: 'POST', body: smallService(orgA), token: tokenB }),
				403, 'forbidden', 'POST a service of A with B\'s token');
			// replace and delete A's service with B's token
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT',
				body: { ...doc, name: 'Hijacked' }, token: tokenB }), 403, 'forbidden', 'PUT');
			// moving A's service to B with B's token is refused too
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT',
				body: { ...doc, organization_id: orgB, name: 'Hijacked' }, token: tokenB }), 403, 'forbidden', 'PUT moving');
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'DELETE', token: tokenB }), 403, 'forbidden');
			assertErrorBody(await d.request(`/organizations/${orgA}`, { method: 'PUT',
				body: { name: 'Hijacked', description: 'x' }, token: tokenB }), 403, 'forbidden', 'PUT org');
			assertErrorBody(await d.request(`/organizations/${orgA}`, { method: 'DELETE', token: tokenB }), 403, 'forbidden');
			// A's token cannot move its service to B either
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'PUT',
				body: { ...doc, organization_id: orgB }, token: tokenA }), 403, 'forbidden', 'A moving to B');
			const s = await d.get(`/services/${doc.id}`);
			assert.equal(s.name, doc.name);
			assert.equal(s.organization_id, orgA);
			assert.equal((await d.request(`/organizations/${orgA}`)).json.name, 'Collective A');
		});

		it('the node-admin token works on every organization', async () => {
			const doc = smallService(orgB);
			assert.equal((await d.request('/services', { method: 'POST', body: doc, token: admin })).status, 201);
			assert.equal((await d.request(`/services/${doc.id}`, { method: 'PUT',
				body: { ...doc, name: 'Admin edit' }, token: admin })).status, 200);
			assert.equal((await d.get(`/services/${doc.id}`)).name, 'Admin edit');
			// B's own token may edit it too, A's may not
			assert.equal((await d.request(`/services/${doc.id}`, { method: 'PUT',
				body: { ...doc, name: 'B edit' }, token: tokenB })).status, 200);
			assert.equal((await d.request(`/services/${doc.id}`, { method: 'DELETE', token: tokenA })).status, 403);
			assert.equal((await d.request(`/services/${doc.id}`, { method: 'DELETE', token: admin })).status, 204);
		});

		it('a revoked token gets 401; token list shows it revoked; only hashes are stored', async () => {
			const r = await directoryd(node.conninfo, ['token', 'create', '--organization', orgA, '--label', 'to-revoke']);
			assert.equal(r.code, 0, r.stderr);
			const token = r.stdout.trim();
			const id = (r.stderr.match(/token ([0-9a-f-]{36})/) || [])[1];
			assert.match(id || '', UUID_RE, `token create names the token's id on stderr: ${r.stderr}`);
			const before = await listTokens(node.conninfo);
			const row = before.find((t) => t.id === id);
			assert.ok(row, `token list shows ${id}:\n${before.map((t) => t.line).join('\n')}`);
			assert.equal(row.scope, `organization:${orgA}`);
			assert.equal(row.revoked, '-');
			assert.ok(!before.some((t) => t.line.includes(token)), 'token list never shows a token');

			const stored = await psql('SELECT string_agg(row_to_json(t)::text, \' \') FROM api_token t', { db: node.dbName });
			assert.ok(!stored.includes(token), 'the token itself is not stored');
			assert.ok(!stored.includes(token.slice(4)), 'not even without its prefix');

			const doc = smallService(orgA);
			assert.equal((await d.request('/services', { method: 'POST', body: doc, token })).status, 201);
			const rv = await directoryd(node.conninfo, ['token', 'revoke', id]);
			assert.equal(rv.code, 0, rv.stderr);
			assertErrorBody(await d.request(`/services/${doc.id}`, { method: 'DELETE', token }), 401, 'unauthorized');
			assert.equal((await d.request(`/services/${doc.id}`)).status, 200);
			const after = await listTokens(node.conninfo);
			assert.notEqual(after.find((t) => t.id === id).revoked, '-', 'token list shows the revocation');
			// revoking an unknown id fails
			assert.notEqual((await directoryd(node.conninfo, ['token', 'revoke', randomUUID()])).code, 0);
			// a token for an organization that does not exist is refused
			assert.notEqual((await directoryd(node.conninfo, ['token', 'create', '--organization', randomUUID()])).code, 0);
		});
	});

	describe('validation errors name their fields', () => {
		async function refused(doc, status, code, context) {
			const before = await count();
			const r = await d.request('/services', { method: 'POST', body: doc, token: tokenA });
			const e = assertErrorBody(r, status, code, context);
			assert.equal(await count(), before, `${context}: a refused write leaves nothing behind`);
			if (doc.id) assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
			return e;
		}

		it('an unknown field: 400 unknown_field with its pointer', async () => {
			let e = await refused(smallService(orgA, { colour: 'red' }), 400, 'unknown_field', 'top-level colour');
			assert.equal(e.field, '/colour');
			const { doc } = fullService(orgA);
			doc.service_at_locations[0].location.colour = 'red';
			e = await refused(doc, 400, 'unknown_field', 'nested colour');
			assert.equal(e.field, '/service_at_locations/0/location/colour');
			const { doc: doc2 } = fullService(orgA);
			doc2.translations.ro.motto = 'x';
			e = await refused(doc2, 400, 'unknown_field', 'a translation field');
			assert.equal(e.field, '/translations/ro/motto');
		});

		it('a wrong type: 400 wrong_type naming the field', async () => {
			let e = await refused(smallService(orgA, { name: 42 }), 400, 'wrong_type', 'name: 42');
			assert.equal(e.field, '/name');
			assert.match(e.message, /name|string/i);
			e = await refused(smallService(orgA, { minimum_age: '16' }), 400, 'wrong_type', 'minimum_age: "16"');
			assert.equal(e.field, '/minimum_age');
			e = await refused(smallService(orgA, { languages: { code: 'ro' } }), 400, 'wrong_type', 'languages: {}');
			assert.equal(e.field, '/languages');
		});

		it('several violations are all listed in details', async () => {
			const doc = smallService(orgA, {
				colour: 'red',
				name: 42,
				languages: [{ code: 'not a language tag' }],
				email: 'not an email',
			});
			const e = await refused(doc, 400, null, 'four violations');
			const fields = e.details.map((x) => x.field).sort();
			assert.deepEqual(fields, ['/colour', '/email', '/languages/0/code', '/name'],
				`every violation in details: ${JSON.stringify(e.details)}`);
			assert.ok(['/colour', '/email', '/languages/0/code', '/name'].includes(e.field));
		});

		it('a missing required field: 400 missing_field', async () => {
			const doc = smallService(orgA);
			delete doc.name;
			const e = await refused(doc, 400, 'missing_field', 'no name');
			assert.equal(e.field, '/name');
		});

		it('taxonomy_term_id and taxonomy_term.code that disagree: 400', async () => {
			assert.ok(terms.get('free') && terms.get('anonymous'), 'the access taxonomy is served');
			const doc = smallService(orgA, {
				attributes: [{ taxonomy_term_id: terms.get('free'), taxonomy_term: { code: 'anonymous' } }],
			});
			const e = await refused(doc, 400, 'taxonomy_term_mismatch', 'id free, code anonymous');
			assert.match(e.field || '', /^\/attributes\/0/);
			// agreeing id and code are fine
			const ok = smallService(orgA, {
				attributes: [{ taxonomy_term_id: terms.get('free'), taxonomy_term: { code: 'free' } }],
			});
			assert.equal((await d.request('/services', { method: 'POST', body: ok, token: tokenA })).status, 201);
		});

		it('an unknown code, or a code that could express a forbidden condition: 400 unknown_taxonomy_term', async () => {
			for (const code of ['police_report_required', 'victims_only', 'free_of_charge']) {
				const doc = smallService(orgA, { attributes: [{ taxonomy_term: { code } }] });
				const e = await refused(doc, 400, 'unknown_taxonomy_term', code);
				assert.match(e.field || '', /^\/attributes\/0/);
			}
			const doc = smallService(orgA, { attributes: [{ taxonomy_term_id: randomUUID() }] });
			await refused(doc, 400, 'unknown_taxonomy_term', 'unknown term id');
		});

		it('sex_worker_led as an access attribute is refused: it comes from the organization', async () => {
			const doc = smallService(orgA, { attributes: [{ taxonomy_term: { code: 'sex_worker_led' } }] });
			const e = await refused(doc, 400, null, 'sex_worker_led attribute');
			assert.match(e.field || '', /^\/attributes\/0/);
			if (terms.get('sex_worker_led')) {
				const byId = smallService(orgA, { attributes: [{ taxonomy_term_id: terms.get('sex_worker_led') }] });
				await refused(byId, 400, null, 'sex_worker_led attribute by id');
			}
		});

		it('sex_worker_led is derived from the organization in search', async () => {
			const ids = (await allPages(d, '/services?access=sex_worker_led')).map((s) => s.organization_id);
			assert.ok(ids.length > 0, 'A is sex-worker-led and has services');
			assert.ok(ids.every((o) => o === orgA), `only A's services: ${ids}`);
		});

		it('provenance as input: 400 read_only_field', async () => {
			const e = await refused(smallService(orgA, { provenance: { origin_node: 'evil.example', version: 1 } }),
				400, 'read_only_field', 'provenance');
			assert.equal(e.field, '/provenance');
		});

		it('a body that is not application/json: 415', async () => {
			const r = await d.request('/services', { method: 'POST', body: JSON.stringify(smallService(orgA)),
				token: tokenA, headers: { 'Content-Type': 'text/plain' } });
			assertErrorBody(r, 415, 'unsupported_media_type');
		});
	});

	describe('the eligibility rule on the API', () => {
		async function post(doc) {
			return d.request('/services', { method: 'POST', body: doc, token: tokenA });
		}

		it('a police report as a condition: 422 eligibility_condition, rule D2, with phrase, language and field', async () => {
			const before = await count();
			const text = 'Help is only given to people who have filed a police report.';
			const doc = smallService(orgA, { eligibility_description: text });
			const e = assertErrorBody(await post(doc), 422, 'eligibility_condition');
			assert.equal(e.rule, 'D2');
			assert.equal(e.field, '/eligibility_description');
			assert.equal(e.language, 'en');
			assert.equal(typeof e.phrase, 'string');
			assert.ok(e.phrase.length > 0 && text.toLowerCase().includes(e.phrase.toLowerCase()),
				`phrase is the matched text: ${e.phrase}`);
			assert.equal(e.details[0].rule, 'D2');
			assert.equal(e.details[0].field, '/eligibility_description');
			assert.equal(await count(), before);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		});

		it('the same condition in a translation: field /translations/de/description', async () => {
			const doc = smallService(orgA, {
				translations: { de: { description: 'Beratung nur mit einer Anzeige bei der Polizei.' } },
			});
			const e = assertErrorBody(await post(doc), 422, 'eligibility_condition');
			assert.equal(e.field, '/translations/de/description');
			assert.equal(e.rule, 'D2');
			assert.equal(e.language, 'de');
		});

		it('inside a nested location and a required_document, too', async () => {
			const { doc } = fullService(orgA);
			doc.service_at_locations[0].location.description = 'Shelter places only for people who file a police report.';
			let e = assertErrorBody(await post(doc), 422, 'eligibility_condition');
			assert.equal(e.field, '/service_at_locations/0/location/description');
			const doc2 = smallService(orgA, { required_documents: [{ document: 'A copy of your police report' }] });
			e = assertErrorBody(await post(doc2), 422, 'eligibility_condition', 'required_document');
			assert.equal(e.field, '/required_documents/0/document');
		});

		it('several refused texts are all listed', async () => {
			const doc = smallService(orgA, {
				eligibility_description: 'Only with a police report.',
				application_process: 'You must agree to testify against the trafficker.',
			});
			const e = assertErrorBody(await post(doc), 422, 'eligibility_condition');
			const got = e.details.map((x) => `${x.field} ${x.rule}`).sort();
			assert.deepEqual(got, ['/application_process D3', '/eligibility_description D2'], JSON.stringify(e.details));
		});

		it('"no police report needed" and offers to accompany are accepted', async () => {
			for (const text of ['No police report needed.', 'We can go with you to the police if you wish.',
				'For victims of crime and trafficking survivors; no police report required.']) {
				const r = await post(smallService(orgA, { eligibility_description: text }));
				assert.equal(r.status, 201, `${text}: ${r.text}`);
			}
		});

		for (const { lang, refused, accepted } of POLICE_REPORT) {
			it(`[${lang}] a police report as condition is refused, none needed is accepted`, async () => {
				const bad = smallService(orgA, { translations: { [lang]: { eligibility_description: refused } } });
				const e = assertErrorBody(await post(bad), 422, 'eligibility_condition', `${lang}: ${refused}`);
				assert.equal(e.rule, 'D2', `${lang}: ${refused}`);
				assert.equal(e.field, `/translations/${lang}/eligibility_description`);
				assert.equal(e.language, lang);
				const good = smallService(orgA, { translations: { [lang]: { eligibility_description: accepted } } });
				const r = await post(good);
				assert.equal(r.status, 201, `${lang}: "${accepted}" must be accepted: ${r.text}`);
			});
		}

		it('text in a language without a phrase list is accepted and marked eligibility_unchecked', async () => {
			const doc = smallService(orgA, { translations: { th: { description: 'บริการตรวจฟรี ไม่ต้องใช้บัตรประชาชน' } } });
			const r = await post(doc);
			assert.equal(r.status, 201, r.text);
			const s = await d.get(`/services/${doc.id}`);
			const unchecked = s.eligibility_unchecked ?? s.provenance?.eligibility_unchecked;
			assert.ok(Array.isArray(unchecked) && unchecked.includes('/translations/th/description'),
				`unchecked text is marked: ${JSON.stringify({ e: s.eligibility_unchecked, p: s.provenance })}`);

			// ... and listed for the node admin, who alone may read the list
			assertErrorBody(await d.request('/admin/eligibility_unchecked'), 401, 'unauthorized');
			assertErrorBody(await d.request('/admin/eligibility_unchecked', { token: tokenA }), 403, 'forbidden');
			const list = await d.get('/admin/eligibility_unchecked', { token: admin });
			const row = list.contents.find((x) => x.id === doc.id);
			assert.ok(row, `the record is listed: ${JSON.stringify(list).slice(0, 500)}`);
			assert.equal(row.kind, 'service');
			assert.ok(row.eligibility_unchecked.includes('/translations/th/description'));
			const cli = await directoryd(node.conninfo, ['unchecked']);
			assert.equal(cli.code, 0, cli.stderr);
			const lines = cli.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
			assert.ok(lines.some((l) => l.id === doc.id), '`directoryd unchecked` lists it too');
		});
	});
});
