// Bad input (issue 2, section 12): every kind of malformed request gets a
// clear JSON error with the right status, leaves nothing half-written, and
// the daemon keeps serving.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';

import { missingEnv, setupNode, createOrg, createToken } from './lib/harness.mjs';
import { assertErrorBody } from './lib/hsds-schema.mjs';
import { fullService, smallService } from './lib/fixtures.mjs';

const skip = missingEnv();

describe('bad input', { skip: skip || false }, () => {
	let node, d, org, token;

	before(async () => {
		node = await setupNode(import.meta.url);
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Bad input test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	// After every bad request the daemon still serves.
	afterEach(async () => {
		if (!d) return;
		const r = await d.request('/health');
		assert.equal(r.status, 200, `the daemon stopped serving: ${r.status} ${r.text}\n${d.stderr}`);
		assert.equal(d.exited, null, `the daemon exited: ${JSON.stringify(d.exited)}\n${d.stderr}`);
	});

	async function totals() {
		const s = (await d.get('/services?per_page=1')).total_items;
		const o = (await d.get('/organizations?per_page=1')).total_items;
		const l = (await d.get('/service_at_locations?per_page=1')).total_items;
		return { services: s, organizations: o, service_at_locations: l };
	}

	function post(body, headers = {}) {
		return d.request('/services', { method: 'POST', body, token, headers });
	}

	describe('bodies', () => {
		it('a body over 1 MiB with Content-Length: 413', async () => {
			const before = await totals();
			const doc = smallService(org, { description: 'x'.repeat(1024 * 1024 + 10) });
			const body = Buffer.from(JSON.stringify(doc));
			const r = await d.rawRequest('/services', { body, headers: { Authorization: `Bearer ${token}` } });
			assertErrorBody(r, 413, 'body_too_large');
			assert.deepEqual(await totals(), before);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		});

		it('after an early 413 the rest of the body is read and discarded: a client still sending is not reset', async () => {
			// The 413 goes out when the head declares too much, before the body.
			// Here the client reads the whole answer and the server's FIN, and only
			// then sends 2 MiB of body in pieces: a server that closed its socket
			// answers them with a reset (EPIPE or ECONNRESET on the next write);
			// a lingering close reads and discards them until the client ends.
			const sock = net.connect({ host: '127.0.0.1', port: d.port, allowHalfOpen: true });
			let data = '';
			let failure = null;
			sock.on('data', (b) => { data += b.toString('latin1'); });
			sock.on('error', (e) => { failure = e; });
			const ended = new Promise((resolve) => sock.once('end', resolve));
			const closed = new Promise((resolve) => sock.once('close', resolve));
			await new Promise((resolve) => sock.once('connect', resolve));
			sock.write(`POST /services HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n`);
			await ended;
			assert.match(data, /^HTTP\/1\.1 413 /, data.slice(0, 300));
			assert.equal(JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)).error.code, 'body_too_large');
			const piece = Buffer.alloc(256 * 1024, 0x20);
			for (let i = 0; i < 8 && !failure; i++) {
				await new Promise((resolve) => sock.write(piece, (e) => { if (e) failure = e; resolve(); }));
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			assert.equal(failure, null, `the connection was reset while the client still sent: ${failure && failure.code}`);
			sock.end();
			await closed;
			assert.equal(failure, null, `the connection was reset at the end: ${failure && failure.code}`);
		});

		it('a chunked body over 1 MiB (no Content-Length): 413', async () => {
			const doc = smallService(org, { description: 'y'.repeat(1024 * 1024 + 10) });
			const body = Buffer.from(JSON.stringify(doc));
			const r = await d.rawRequest('/services', { body, chunked: true, headers: { Authorization: `Bearer ${token}` } });
			assertErrorBody(r, 413, 'body_too_large');
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		});

		it('a body just under 1 MiB is read (and refused only for its content)', async () => {
			// 1 MiB minus a little: accepted by the size check; the string cap of
			// validation (64 KiB) then refuses it with a 400 that names the field.
			const doc = smallService(org, { description: 'z'.repeat(1024 * 1024 - 400) });
			const body = JSON.stringify(doc);
			assert.ok(Buffer.byteLength(body) < 1024 * 1024);
			const r = await post(body);
			assert.equal(r.status, 400, r.text.slice(0, 500));
			assert.equal(r.json.error.field, '/description');
		});

		it('invalid JSON: 400 invalid_json', async () => {
			for (const body of ['{"name": "x",', '{name: "x"}', 'not json', '', '{"a":1} trailing', "{'a': 1}"]) {
				assertErrorBody(await post(body), 400, 'invalid_json', JSON.stringify(body));
			}
		});

		it('a body that is JSON but not an object: 400', async () => {
			for (const body of ['[]', '"a string"', '42', 'null', '[{"name":"x"}]']) {
				assertErrorBody(await post(body), 400, 'invalid_json', body);
			}
		});

		it('nesting deeper than 32 levels: 400; 32 levels are parsed', async () => {
			const nest = (n) => '{"metadata":' + '['.repeat(n - 1) + ']'.repeat(n - 1) + '}';
			// depth 33 (the object plus 32 arrays)
			assertErrorBody(await post(nest(33)), 400, 'invalid_json', 'depth 33');
			// very deep: must not crash the parser
			assertErrorBody(await post(nest(100000)), 400, 'invalid_json', 'depth 100000');
			// an object nested 32 levels deep is not refused as too deep (it is
			// refused for its content instead)
			const r = await post(nest(32));
			assert.equal(r.status, 400, r.text);
			assert.notEqual(r.json.error.code, 'invalid_json', `depth 32 is allowed: ${r.text}`);
		});

		it('invalid UTF-8: 400', async () => {
			const head = Buffer.from('{"name": "caf');
			for (const bad of [[0xc3], [0xff, 0xfe], [0xed, 0xa0, 0x80] /* surrogate */, [0xc0, 0xaf] /* overlong */]) {
				const body = Buffer.concat([head, Buffer.from(bad), Buffer.from('", "description": "x"}')]);
				assertErrorBody(await post(body), 400, 'invalid_json', `bytes ${bad.map((b) => b.toString(16))}`);
			}
		});

		it('\\u0000 inside a string: 400', async () => {
			const doc = JSON.stringify(smallService(org)).replace('"Small integration test service"',
				'"Small\\u0000service"');
			const r = await post(doc);
			assertErrorBody(r, 400, 'invalid_json', 'NUL in a string');
			assertErrorBody(await post('{"na\\u0000me": "x"}'), 400, 'invalid_json', 'NUL in a key');
		});

		it('duplicate keys: 400 naming the key', async () => {
			const doc = smallService(org);
			const json = JSON.stringify(doc).replace(/}$/, ', "description": "second description"}');
			const e = assertErrorBody(await post(json), 400, 'invalid_json', 'duplicate description');
			assert.ok(e.field === '/description' || /description/.test(e.message),
				`the error names the duplicate key: ${JSON.stringify(e)}`);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
			// nested duplicates too
			const nested = '{"name":"x","status":"active","languages":[{"code":"ro","code":"de"}]}';
			assertErrorBody(await post(nested), 400, 'invalid_json', 'nested duplicate');
		});

		it('a refused write deep inside the transaction leaves nothing behind', async () => {
			// Valid on its own, refused only when stored (an unknown term code in
			// the last attribute of the nested service_at_location): the service
			// row, the location and the address must all be rolled back.
			const before = await totals();
			const { doc, ids } = fullService(org);
			doc.service_at_locations[0].attributes.push({ taxonomy_term: { code: 'no_such_code_anywhere' } });
			const r = await post(doc);
			assertErrorBody(r, 400, 'unknown_taxonomy_term');
			assert.deepEqual(await totals(), before);
			assert.equal((await d.request(`/services/${ids.service}`)).status, 404);
			assert.equal((await d.request(`/locations/${ids.location}`)).status, 404);
			assert.equal((await d.request(`/service_at_locations/${ids.sal}`)).status, 404);
			// the same document without the bad attribute is then accepted as new
			doc.service_at_locations[0].attributes.pop();
			assert.equal((await post(doc)).status, 201);
			assert.equal((await totals()).services, before.services + 1);
		});

		it('a failed PUT leaves the old record as it was', async () => {
			const { doc, ids } = fullService(org);
			assert.equal((await post(doc)).status, 201);
			const before = await d.get(`/services/${ids.service}`);
			const bad = structuredClone(doc);
			bad.name = 'Should not be stored';
			bad.service_at_locations[0].location.addresses[0].city = 'Elsewhere';
			bad.attributes.push({ taxonomy_term: { code: 'no_such_code_anywhere' } });
			const r = await d.request(`/services/${ids.service}`, { method: 'PUT', body: bad, token });
			assertErrorBody(r, 400, 'unknown_taxonomy_term');
			assert.deepEqual(await d.get(`/services/${ids.service}`), before);
		});
	});

	describe('paths', () => {
		const getRoutes = ['/services', '/organizations', '/service_at_locations', '/locations', '/taxonomies', '/taxonomy_terms'];

		it('a malformed UUID in a path: 400 invalid_uuid', async () => {
			for (const base of getRoutes) {
				for (const bad of ['123', 'not-a-uuid', '2b7d8e1c-5f3a-4c2e-9d1b-0a6e4f8c7b2', '2b7d8e1c5f3a4c2e9d1b0a6e4f8c7b21',
					"2b7d8e1c-5f3a-4c2e-9d1b-0a6e4f8c7b21'%20OR%201=1--", '{2b7d8e1c-5f3a-4c2e-9d1b-0a6e4f8c7b21}']) {
					assertErrorBody(await d.request(`${base}/${bad}`), 400, 'invalid_uuid', `${base}/${bad}`);
				}
			}
			for (const base of ['/services', '/organizations', '/locations']) {
				assertErrorBody(await d.request(`${base}/nope`, { method: 'PUT', body: {}, token }), 400, 'invalid_uuid');
				assertErrorBody(await d.request(`${base}/nope`, { method: 'DELETE', token }), 400, 'invalid_uuid');
			}
		});

		it('a well-formed UUID that does not exist: 404 not_found', async () => {
			for (const base of getRoutes) {
				assertErrorBody(await d.request(`${base}/${randomUUID()}`), 404, 'not_found', base);
			}
			// upper case is a well-formed UUID too
			assertErrorBody(await d.request(`/services/${randomUUID().toUpperCase()}`), 404, 'not_found');
			for (const base of ['/services', '/organizations', '/locations']) {
				assertErrorBody(await d.request(`${base}/${randomUUID()}`, { method: 'DELETE', token }), 404, 'not_found');
			}
		});

		it('an unknown endpoint: 404; a known path with another method: 405', async () => {
			assertErrorBody(await d.request('/nothing-here'), 404, 'not_found');
			assertErrorBody(await d.request('/services/extra/segments/here'), 404, 'not_found');
			assertErrorBody(await d.request('/services', { method: 'DELETE', token }), 405, 'method_not_allowed');
			assertErrorBody(await d.request('/taxonomies', { method: 'POST', body: {}, token }), 405, 'method_not_allowed');
			assertErrorBody(await d.request('/health', { method: 'PATCH', body: {} }), 405, 'method_not_allowed');
		});
	});

	describe('query parameters', () => {
		it('an unknown query parameter: 400 invalid_parameter', async () => {
			for (const [path, name] of [['/services?citty=zurich', 'citty'], ['/organizations?colour=red', 'colour'],
				['/taxonomy_terms?xyzzy=1', 'xyzzy'], ['/service_at_locations?language=ro&foo=bar', 'foo'],
				[`/services/${randomUUID()}?radius=5`, 'radius']]) {
				const e = assertErrorBody(await d.request(path), 400, 'invalid_parameter', path);
				assert.ok(e.message.includes(name), `the message names the parameter ${name}: ${e.message}`);
			}
		});

		it('HSDS parameters: format json and ndjson, those of another list refused by name', async () => {
			const ok = await d.request('/services?format=json&per_page=1');
			assert.equal(ok.status, 200, ok.text);
			assert.equal((await d.request('/services?format=ndjson')).status, 200);
			assertErrorBody(await d.request('/services?format=xml'), 400, 'invalid_parameter');
			assert.equal((await d.request('/services?minimal=1')).status, 200);
			for (const name of ['full_service', 'top_only', 'parent_id', 'postcode', 'proximity']) {
				const e = assertErrorBody(await d.request(`/services?${name}=1`), 400, 'invalid_parameter', name);
				assert.ok(e.message.includes(name), e.message);
			}
		});

		it('malformed values: 400 invalid_parameter', async () => {
			const bad = [
				'per_page=0', 'per_page=-1', 'per_page=abc', 'page=0', 'page=1.5', 'page=',
				'lat=47.3&lon=8.5', 'lat=91&lon=8&radius_km=1', 'lat=47&lon=181&radius_km=1', 'lat=47&lon=8&radius_km=-1',
				'lat=abc&lon=8&radius_km=1', 'lat=NaN&lon=8&radius_km=1',
				'country=zz', 'country=Switzerland', 'language=english', 'language=ro_RO!', 'access=FREE',
				'access=free,,anonymous', 'category=sti hiv', 'open_now=maybe', 'open_now=', 'full=yes',
				'modified_after=yesterday', 'organization_id=123', 'taxonomy_term_id=abc', 'lang=!!',
				`search=${'s'.repeat(300)}`,
			];
			for (const q of bad) {
				assertErrorBody(await d.request(`/services?${q}`), 400, 'invalid_parameter', q);
			}
		});

		it('odd but harmless input to search is just text', async () => {
			for (const q of ["'; DROP TABLE service; --", 'a & b | !c', '(:*', '%', '\\', '"', '<script>']) {
				const r = await d.request(`/services?search=${encodeURIComponent(q)}`);
				assert.equal(r.status, 200, `${q}: ${r.text}`);
			}
			assert.equal((await d.request('/services')).status, 200);
		});
	});

	it('many bad requests at once do not stop the daemon', async () => {
		const reqs = [];
		for (let i = 0; i < 12; i++) {
			reqs.push(post(i % 2 ? '{"broken' : '[[['));
			reqs.push(d.request(`/services/${i}`));
		}
		const res = await Promise.all(reqs);
		assert.ok(res.every((r) => r.status === 400), res.map((r) => r.status).join(','));
	});
});
