// POST /import and dirctl import (issue 13, section 2): an HSDS JSON document
// or a zipped Tabular Data Package, answered with the importer's report; an
// organisation's token writes its own records only, a node admin's
// everything; refused callers are answered before the body is read.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

import {
	missingEnv, setupNode, freshDatabase, migrate, createToken, createOrg, Daemon, dbNameFor, tempDir,
	cleanupDir, allPages, env, run,
} from './lib/harness.mjs';

const skip = missingEnv();
const DIRCTL = process.env.DIRCTL_BIN || (env.bin && resolve(dirname(env.bin), '..', 'clients', 'dirctl'));

/** A zip of files {name: text}, written with Python's zipfile. */
function makeZip(dir, name, files) {
	const path = join(dir, name);
	writeFileSync(join(dir, `${name}.json`), JSON.stringify(files));
	execFileSync('python3', ['-c', `
import json, sys, zipfile
files = json.load(open(sys.argv[2]))
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for n, t in files.items():
        z.writestr(n, t)
`, path, join(dir, `${name}.json`)]);
	return path;
}

describe('POST /import', { skip: skip || false }, () => {
	let a, b, connB, admin, dir;

	before(async () => {
		dir = tempDir('directoryd-import-api-');
		({ daemon: a } = await setupNode(import.meta.url, { sample: true }));
		connB = await freshDatabase(`${dbNameFor(import.meta.url)}_b`);
		await migrate(connB);
		admin = await createToken(connB, { nodeAdmin: true, label: 'import' });
		b = new Daemon(connB);
		await b.start();
	});

	after(async () => {
		if (a) await a.stopClean();
		if (b) await b.stopClean();
		cleanupDir(dir);
	});

	it('refuses callers without a token before the body, and bodies of the wrong type', async () => {
		const r = await b.rawRequest('/import', { body: Buffer.alloc(8 * 1024 * 1024, 32) });
		assert.equal(r.status, 401);
		const t = await b.request('/import', { method: 'POST', body: 'x', token: admin, headers: { 'Content-Type': 'text/csv' } });
		assert.equal(t.status, 415);
		const z = await b.request('/import', { method: 'POST', body: 'not a zip', token: admin, headers: { 'Content-Type': 'application/zip' } });
		assert.equal(z.status, 400);
		assert.equal(z.json.error.code, 'invalid_import');
		const evil = makeZip(dir, 'evil.zip', { '../outside.json': '[]' });
		const e = await b.request('/import', { method: 'POST', body: (await import('node:fs')).readFileSync(evil), token: admin,
			headers: { 'Content-Type': 'application/zip' } });
		assert.equal(e.status, 400);
		assert.match(e.json.error.message, /leaves its folder/);
		assert.ok(!existsSync(join('/tmp', 'outside.json')));
		const j = await b.request('/import', { method: 'POST', body: '{"contents": [', token: admin });
		assert.equal(j.status, 400);
	});

	it('a zipped Tabular Data Package from another node imports, with a report', async () => {
		const res = await fetch(`${a.base}/export?format=hsds-csv`);
		const zip = Buffer.from(await res.arrayBuffer());
		const r = await b.request('/import', { method: 'POST', body: zip, token: admin,
			headers: { 'Content-Type': 'application/zip' } });
		assert.equal(r.status, 200, r.text.slice(0, 500));
		assert.ok(r.json.summary && Array.isArray(r.json.report));
		assert.ok(r.json.summary.services > 0, JSON.stringify(r.json.summary));
		for (const line of r.json.report) {
			assert.ok(!String(line.source || '').startsWith('/'), `source names the file in the upload: ${line.source}`);
		}
		assert.equal((await b.get('/services')).total_items, r.json.summary.services);
	});

	it('an organisation\'s token imports its own records; anything else is 403 and nothing is written', async () => {
		const mine = await createOrg(connB, 'Importing org');
		const other = await createOrg(connB, 'Another org');
		const tok = await createToken(connB, { organization: mine, label: 'org import' });
		const ownService = '7d0b8a54-3c1e-4f2a-9b6d-5e4f3a2b1c0d';
		const own = { id: mine, name: 'Importing org', description: 'ours', services: [
			{ id: ownService, name: 'Drop-in', description: 'Tea and advice', status: 'active' },
		] };
		const bodies = {
			'another organisation itself': [own, { id: other, name: 'Another org', description: 'not ours' }],
			'a service of another organisation': [own, { id: '2b7c1d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', organization_id: other,
				name: 'Their service', description: 'Walk in, no appointment.', status: 'active' }],
			'a held service of another organisation': [own, { id: '3c8d2e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f', organization_id: other,
				name: 'Held elsewhere', description: 'Support workers will discuss the police report with you at the first meeting.',
				status: 'active' }],
			'a taxonomy (the node\'s)': { taxonomies: [{ id: '4d9e3f5a-6b7c-4d8e-8f9a-1b2c3d4e5f6a', name: 'Ours now', description: 'x' }],
				organizations: [own] },
		};
		for (const [what, doc] of Object.entries(bodies)) {
			const r = await b.request('/import', { method: 'POST', body: doc, token: tok });
			assert.equal(r.status, 403, `${what}: ${r.text.slice(0, 500)}`);
			assert.equal(r.json.error.code, 'forbidden', what);
			assert.match(r.json.error.message, /nothing was imported/, what);
			assert.ok(r.json.error.details.length >= 2, what); // the summary and the record
			assert.equal((await b.request(`/services/${ownService}`)).status, 404, `${what}: own service not written`);
			assert.equal((await b.get(`/organizations/${mine}`)).description, '', `${what}: own organisation not written`);
			assert.equal((await b.get(`/organizations/${other}`)).description, '', what);
		}
		const held = await b.get('/admin/eligibility_review', { token: admin });
		assert.ok(!(held.contents || []).some((h) => JSON.stringify(h).includes('Held elsewhere')), 'nothing held either');
		const ok = await b.request('/import', { method: 'POST', body: [own], token: tok });
		assert.equal(ok.status, 200, ok.text.slice(0, 500));
		assert.equal((await b.get(`/services/${ownService}`)).name, 'Drop-in');
		assert.equal((await b.get(`/organizations/${mine}`)).description, 'ours');
		const all = await b.request('/import', { method: 'POST', body: bodies['another organisation itself'], token: admin });
		assert.equal(all.status, 200, all.text.slice(0, 500));
		assert.equal((await b.get(`/organizations/${other}`)).description, 'not ours');
	});

	it('dirctl import sends a file and prints the report', { skip: !existsSync(DIRCTL || '') && 'dirctl not built' }, async () => {
		const file = join(dir, 'one.json');
		writeFileSync(file, JSON.stringify([{ id: '8e1c9b65-4d2f-4a3b-8c7e-6f5a4b3c2d1e', name: 'Dirctl org', description: 'via dirctl' }]));
		const envExtra = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg'), DIRCTL_URL: b.base, DIRCTL_TOKEN: admin };
		const r = await run(DIRCTL, ['import', file], { envExtra });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /imported: .*organizations 1/);
		assert.equal((await b.get('/organizations/8e1c9b65-4d2f-4a3b-8c7e-6f5a4b3c2d1e')).name, 'Dirctl org');
		const none = await run(DIRCTL, ['import', join(dir, 'missing.json')], { envExtra });
		assert.equal(none.code, 2);
		const noTok = await run(DIRCTL, ['import', file], { envExtra: { ...envExtra, DIRCTL_TOKEN: '' } });
		assert.equal(noTok.code, 2);
		const scopedTok = await createToken(connB, { organization: await createOrg(connB, 'Dirctl scoped org'), label: 'scoped' });
		const scoped = await run(DIRCTL, ['import', file], { envExtra: { ...envExtra, DIRCTL_TOKEN: scopedTok } });
		assert.equal(scoped.code, 1, 'another organisation\'s record: refused');
		assert.match(scoped.stderr, /forbidden/);
		const all = await allPages(b, '/organizations');
		assert.ok(all.length >= 3);
	});
});
