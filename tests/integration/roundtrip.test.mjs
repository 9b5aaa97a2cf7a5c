// The round trip (issue 13, section 2): node A's export, imported into an
// empty node B through POST /import, gives a node whose every API answer is
// A's, apart from provenance and last_modified (this node's own write time,
// which modified_after pages by: B wrote the records) and the redacted
// fields (already redacted in A's export). Records B's eligibility rule
// holds for review that were public on A are approved on B first (the
// review state is per node). Likewise node C, fed nothing but the pages of
// A's read API (/organizations?full=true, /services?full=true, ...) as
// they are served.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
	missingEnv, setupNode, freshDatabase, migrate, createToken, Daemon, allPages, dbNameFor,
	withoutProvenance,
} from './lib/harness.mjs';

const skip = missingEnv();

/** Approve on node n everything its rule holds (it was public on A); their number. */
async function approveHeld(n, token) {
	const held = await n.get('/admin/eligibility_review', { token });
	for (const h of held.contents || []) {
		const r = await n.request(`/admin/eligibility_review/${h.review_id || h.id}/approve`,
			{ method: 'POST', token });
		assert.equal(r.status, 200, r.text.slice(0, 300));
	}
	return (held.contents || []).length;
}

/** Every list and every record of x answers as on y. */
async function sameAnswers(x, y) {
	for (const path of ['/services?full=true', '/services', '/organizations?full=true', '/organizations',
		'/service_at_locations?full=true', '/service_at_locations', '/taxonomies', '/taxonomy_terms']) {
		assert.deepEqual(withoutProvenance(await allPages(y, path)), withoutProvenance(await allPages(x, path)), path);
	}
	for (const s of await allPages(x, '/services?full=true')) {
		assert.deepEqual(withoutProvenance(await y.get(`/services/${s.id}`)), withoutProvenance(await x.get(`/services/${s.id}`)), s.id);
		for (const l of s.service_at_locations || []) {
			assert.deepEqual(withoutProvenance(await y.get(`/service_at_locations/${l.id}`)),
				withoutProvenance(await x.get(`/service_at_locations/${l.id}`)), l.id);
			if (l.location_id) {
				assert.deepEqual(withoutProvenance(await y.get(`/locations/${l.location_id}`)),
					withoutProvenance(await x.get(`/locations/${l.location_id}`)), l.location_id);
			}
		}
	}
	for (const o of await allPages(x, '/organizations')) {
		assert.deepEqual(withoutProvenance(await y.get(`/organizations/${o.id}`)), withoutProvenance(await x.get(`/organizations/${o.id}`)), o.id);
	}
	for (const t of await allPages(x, '/taxonomy_terms')) {
		assert.deepEqual(await y.get(`/taxonomy_terms/${t.id}`), await x.get(`/taxonomy_terms/${t.id}`), t.id);
	}
}

/** POST /import of body to node n: 200 and no record refused; the answer. */
async function importOk(n, token, body, what) {
	const r = await n.request('/import', { method: 'POST', body, token,
		headers: { 'Content-Type': 'application/json' } });
	assert.equal(r.status, 200, `${what}: ${r.text.slice(0, 500)}`);
	assert.deepEqual(r.json.report.filter((x) => x.error), [], `${what}: no record refused`);
	assert.equal(r.json.summary.refused, 0, what);
	return r.json;
}

describe('round trip: export, import into an empty node, the same API', { skip: skip || false }, () => {
	let a, b, c, tokenA, tokenB, tokenC, imported, heldC = 0, importedC = [];

	before(async () => {
		let connA;
		({ daemon: a, conninfo: connA } = await setupNode(import.meta.url, { sample: true }));
		tokenA = await createToken(connA, { nodeAdmin: true, label: 'own export' });
		const connB = await freshDatabase(`${dbNameFor(import.meta.url)}_b`);
		await migrate(connB);
		tokenB = await createToken(connB, { nodeAdmin: true, label: 'roundtrip' });
		b = new Daemon(connB);
		await b.start();
		const connC = await freshDatabase(`${dbNameFor(import.meta.url)}_c`);
		await migrate(connC);
		tokenC = await createToken(connC, { nodeAdmin: true, label: 'pages' });
		c = new Daemon(connC);
		await c.start();
	});

	after(async () => {
		if (a) await a.stopClean();
		if (b) await b.stopClean();
		if (c) await c.stopClean();
	});

	it('POST /import takes A\'s export without refusing a record', async () => {
		const exp = await a.request('/export');
		assert.equal(exp.status, 200);
		imported = await importOk(b, tokenB, exp.text, 'export');
		assert.equal(imported.summary.organizations, exp.json.organizations.length);
		assert.ok(imported.summary.services > 0);
	});

	it('records B holds for review that A served are approved on B', async () => {
		assert.equal(await approveHeld(b, tokenB), imported.summary.held);
	});

	it('every list and every record answers as on A, and B\'s export is A\'s', async () => {
		await sameAnswers(a, b);
		assert.deepEqual(withoutProvenance((await b.request('/export')).json), withoutProvenance((await a.request('/export')).json));
	});

	it('importing the export again changes nothing', async () => {
		const exp = await a.request('/export');
		const r = await importOk(b, tokenB, exp.text, 'export again');
		assert.equal(r.summary.created, 0);
		assert.equal(r.summary.updated, 0);
	});

	it('A\'s own export imported back into A changes nothing, and A\'s export stays the same', async () => {
		const exp = await a.request('/export');
		const r = await importOk(a, tokenA, exp.text, 'own export');
		assert.equal(r.summary.created, 0);
		assert.equal(r.summary.updated, 0, JSON.stringify(r.report.filter((x) => x.result === 'updated').slice(0, 3)));
		assert.deepEqual((await a.request('/export')).json, exp.json);
	});

	it('the pages of A\'s read API, as served, import into an empty node C without a refusal', async () => {
		for (const path of ['/taxonomies', '/taxonomy_terms', '/organizations?full=true', '/services?full=true',
			'/service_at_locations?full=true']) {
			for (let page = 1; page < 1000; page++) {
				const body = await a.request(`${path}${path.includes('?') ? '&' : '?'}per_page=50&page=${page}`);
				assert.equal(body.status, 200);
				importedC.push(await importOk(c, tokenC, body.text, `${path} page ${page}`));
				if (body.json.last_page || body.json.contents.length === 0) break;
			}
		}
		heldC = await approveHeld(c, tokenC);
		assert.equal(heldC, importedC.reduce((n, r) => n + r.summary.held, 0));
	});

	it('C answers as A', async () => {
		assert.ok(importedC.length > 0);
		await sameAnswers(a, c);
	});
});
