// hsds-schema.mjs - validate directoryd's responses against the HSDS 3.0 JSON
// Schemas in ../shared/data/hsds-3.0/schema with ajv (draft 2020-12).
//
// The schemas have no $id and refer to each other by file name, so each is
// added with its file name as $id (../shared/data/README.md). When ../shared
// is absent, every check here is skipped with one printed message; the
// structural assertions of the tests themselves still run.
//
// Every record is also checked against this node's HSDS profile
// (data/profile/, docs/profile.md): the HSDS schema by reference (added a
// second time under its canonical URL), our extensions, and
// unevaluatedProperties: false at every level, as a strict validator would.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { env } from './harness.mjs';

/** Where the HSDS 3.0 schemas live (the profile refers to them by this URL). */
export const HSDS_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
/** The key the profile's schemas are added under (the node serves them at /profile/). */
const PROFILE_BASE = 'https://profile.directoryd.invalid/profile/';
const profileNames = new Set();
let ajv = null;
let reason = null;
let announced = false;
const compiled = new Map();

function load() {
	if (ajv || reason) return;
	const dir = env.shared && join(env.shared, 'data', 'hsds-3.0', 'schema');
	if (!dir || !existsSync(dir)) {
		reason = 'DIRECTORYD_SHARED_DIR (../shared) is absent: HSDS schema validation is skipped';
		return;
	}
	ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	for (const f of readdirSync(dir).sort()) {
		if (!f.endsWith('.json') || f === 'openapi.json') continue;
		for (const key of [f, HSDS_BASE + f]) {
			const schema = JSON.parse(readFileSync(join(dir, f), 'utf8'));
			delete schema.$schema;
			ajv.addSchema(schema, key);
		}
	}
	const profileDir = join(env.src, 'data', 'profile');
	for (const f of readdirSync(profileDir).sort()) {
		if (!f.endsWith('.json')) continue;
		const schema = JSON.parse(readFileSync(join(profileDir, f), 'utf8'));
		delete schema.$schema;
		ajv.addSchema(schema, PROFILE_BASE + f);
		profileNames.add(f);
	}
	// The Page envelope of the HSDS API (openapi.json components.schemas.Page),
	// with every field required: directoryd promises all of them.
	const openapi = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
	const page = structuredClone(openapi.components.schemas.Page);
	page.required = ['total_items', 'total_pages', 'page_number', 'size',
		'first_page', 'last_page', 'empty', 'contents'];
	page.properties.contents = { type: 'array' };
	ajv.addSchema(page, 'Page');
	// GET / as openapi.json describes it.
	const root = structuredClone(openapi.paths['/'].get.responses['200'].content['application/json'].schema);
	root.required = ['version', 'profile', 'openapi_url'];
	ajv.addSchema(root, 'Root');
}

/** Are the schemas available? Prints the skip reason once when not. */
export function schemasAvailable() {
	load();
	if (reason && !announced) {
		announced = true;
		console.log(`# ${reason}`);
	}
	return ajv !== null;
}

function validator(name) {
	let v = compiled.get(name);
	if (!v) {
		v = ajv.getSchema(name);
		assert.ok(v, `no schema ${name}`);
		compiled.set(name, v);
	}
	return v;
}

function describe(errors) {
	return errors.slice(0, 20).map((e) => `  ${e.instancePath || '/'} ${e.message}` +
		(e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')).join('\n');
}

/**
 * Assert data validates against schema `name` (e.g. "service.json") of HSDS
 * 3.0 and, for a record, of this node's profile (nothing but HSDS fields and
 * our extensions, at any depth).
 */
export function assertValid(name, data, context = '') {
	if (!schemasAvailable()) return;
	const v = validator(name);
	if (!v(data)) {
		assert.fail(`${context || 'response'} does not validate against HSDS ${name}:\n${describe(v.errors)}\n` +
			JSON.stringify(data).slice(0, 1500));
	}
	if (profileNames.has(name)) assertValidProfile(name, data, context);
}

/** Assert data validates against this node's profile schema `name` (data/profile/). */
export function assertValidProfile(name, data, context = '') {
	if (!schemasAvailable()) return;
	const v = validator(PROFILE_BASE + name);
	if (!v(data)) {
		assert.fail(`${context || 'response'} does not validate against the profile's ${name}:\n${describe(v.errors)}\n` +
			JSON.stringify(data).slice(0, 1500));
	}
}

/** A list response: the Page envelope, then each item of contents. */
export function assertValidPage(itemSchema, body, context = '') {
	// The envelope's shape is checked even without ../shared.
	for (const k of ['total_items', 'total_pages', 'page_number', 'size']) {
		assert.ok(Number.isInteger(body[k]), `${context}: ${k} should be an integer, got ${JSON.stringify(body[k])}`);
	}
	for (const k of ['first_page', 'last_page', 'empty']) {
		assert.equal(typeof body[k], 'boolean', `${context}: ${k} should be a boolean`);
	}
	assert.ok(Array.isArray(body.contents), `${context}: contents should be an array`);
	if (!schemasAvailable()) return;
	assertValid('Page', body, `${context} (Page envelope)`);
	body.contents.forEach((item, i) => assertValid(itemSchema, item, `${context} contents[${i}]`));
}

export function assertValidRoot(body) {
	assert.equal(typeof body.version, 'string');
	assertValid('Root', body, 'GET /');
}

const POINTER = /^(\/([^~/]|~[01])*)*$/;

/**
 * An error body as docs/api.md promises:
 * {"error": {"code", "message", "field", "details": [...]}}. Returns error.
 */
export function assertErrorBody(r, status, code, context = '') {
	const where = `${context} ${r.status} ${r.text.slice(0, 1500)}`;
	assert.equal(r.status, status, `expected HTTP ${status}: ${where}`);
	assert.ok(r.json && typeof r.json === 'object', `error body is not JSON: ${where}`);
	assert.deepEqual(Object.keys(r.json), ['error'], `error body must hold only "error": ${where}`);
	const e = r.json.error;
	for (const k of ['code', 'message', 'field', 'details']) {
		assert.ok(k in e, `error.${k} is missing: ${where}`);
	}
	assert.match(e.code, /^[a-z][a-z0-9_]*$/, `error.code must be snake_case: ${where}`);
	assert.equal(typeof e.message, 'string');
	assert.ok(e.message.length > 0, `error.message is empty: ${where}`);
	assert.ok(e.field === null || (typeof e.field === 'string' && POINTER.test(e.field)),
		`error.field must be null or an RFC 6901 pointer: ${where}`);
	assert.ok(Array.isArray(e.details), `error.details must be an array: ${where}`);
	for (const d of e.details) {
		assert.match(d.code, /^[a-z][a-z0-9_]*$/, `detail code: ${where}`);
		assert.equal(typeof d.message, 'string');
		if ('field' in d && d.field !== null) {
			assert.ok(POINTER.test(d.field), `detail field must be a pointer: ${where}`);
		}
	}
	if (code) assert.equal(e.code, code, `expected error code ${code}: ${where}`);
	return e;
}
