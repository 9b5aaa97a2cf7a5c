// The CSV round trip of children that HSDS data reuses under several
// parents (issue 13, section 2). The HSDS 3.0 examples give one phone,
// contact, language, schedule and funding id to the organization, the
// service, the location and the service_at_location alike; the node stores
// each copy under its parent. Node A imports the examples (JSON), exports
// its Tabular Data Package, node B imports that into an empty database, and
// every record's children are A's: same ids, same values, none lost. A
// child id that two parents of one table share (tests/data/import/shared-ids:
// one phone id under two services, with two numbers) is a row of its own
// per parent, the second with a derived id.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

import {
	env, missingEnv, sharedDir, freshDatabase, migrate, directoryd, directorydOk, dbNameFor, tempDir,
	cleanupDir,
	withoutProvenance,
} from './lib/harness.mjs';

const skip = missingEnv();
const shared = skip ? null : sharedDir('the CSV round trip of the HSDS 3.0 examples');

/** The whole HSDS JSON export of a node (every listing). */
async function exportJson(conninfo, dir, name) {
	const path = join(dir, name);
	await directorydOk(conninfo, ['export', 'hsds-json', path, 'all']);
	return JSON.parse(readFileSync(path, 'utf8'));
}

/** A's CSV export unpacked into dir/name and imported into node B. */
async function csvRoundTrip(connA, connB, dir, name) {
	const zip = join(dir, `${name}.zip`);
	await directorydOk(connA, ['export', 'hsds-csv', zip, 'all']);
	const pkg = join(dir, name);
	mkdirSync(pkg);
	execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, pkg]);
	await directorydOk(connB, ['import-hsds', pkg]);
	return pkg;
}

/** Every child list (phones, contacts, languages, schedules, funding) of
 * each record of an export (services nest in their organization), by
 * "record kind:id/.../member"; an empty list is no list (a CSV cannot tell). */
function children(exp) {
	const out = {};
	const walk = (kind, rec, path) => {
		for (const m of ['phones', 'contacts', 'languages', 'schedules', 'funding']) {
			if (Array.isArray(rec[m]) && rec[m].length > 0) out[`${path}/${m}`] = withoutProvenance(rec[m]);
		}
		for (const sv of rec.services || []) walk('service', sv, `service:${sv.id}`);
		for (const sal of rec.service_at_locations || []) walk('service_at_location', sal, `${path}/sal:${sal.id}`);
		for (const l of rec.locations || []) walk('location', l, `${path}/location:${l.id}`);
	};
	for (const o of exp.organizations || []) walk('organization', o, `organization:${o.id}`);
	for (const s of exp.services || []) walk('service', s, `service:${s.id}`);
	for (const l of exp.locations || []) walk('location', l, `location:${l.id}`);
	return out;
}

describe('CSV round trip of the HSDS 3.0 examples\' shared child ids',
	{ skip: skip || (!shared && 'needs ../shared') || false }, () => {
		let connA, connB, dir, expA;

		before(async () => {
			dir = tempDir('directoryd-csv-ids-');
			connA = await freshDatabase(dbNameFor(import.meta.url));
			await migrate(connA);
			const ex = join(shared, 'data', 'hsds-3.0', 'examples');
			for (const f of ['organization_full.json', 'service_full.json', 'location.json',
				'service_at_location_full.json']) {
				await directoryd(connA, ['import-hsds', join(ex, f)]);
			}
			connB = await freshDatabase(`${dbNameFor(import.meta.url)}_b`);
			await migrate(connB);
		});

		after(() => cleanupDir(dir));

		it('node A holds the examples\' reused ids under several parents', async () => {
			expA = await exportJson(connA, dir, 'a.json');
			const kids = children(expA);
			const phoneIds = Object.entries(kids).filter(([k]) => k.endsWith('/phones'))
				.flatMap(([, v]) => v.map((p) => p.id));
			assert.ok(phoneIds.length > new Set(phoneIds).size, `a phone id under several parents: ${phoneIds}`);
		});

		it('A\'s CSV export imported into an empty node B gives every record A\'s children', async () => {
			await csvRoundTrip(connA, connB, dir, 'pkg');
			const expB = await exportJson(connB, dir, 'b.json');
			const kidsA = children(expA), kidsB = children(expB);
			assert.ok(Object.keys(kidsA).length > 0);
			for (const [k, v] of Object.entries(kidsA)) {
				assert.deepEqual(kidsB[k] || [], v, k);
			}
			assert.deepEqual(Object.keys(kidsB).sort(), Object.keys(kidsA).sort());
		});

		it('importing the package again changes nothing on B', async () => {
			const before = await exportJson(connB, dir, 'b1.json');
			await directorydOk(connB, ['import-hsds', join(dir, 'pkg')]);
			assert.deepEqual(withoutProvenance(await exportJson(connB, dir, 'b2.json')), withoutProvenance(before));
		});
	});

describe('CSV round trip of a child id shared by two parents of one table', { skip: skip || false }, () => {
	let connA, connB, dir;

	before(async () => {
		dir = tempDir('directoryd-csv-ids2-');
		connA = await freshDatabase(`${dbNameFor(import.meta.url)}_c`);
		await migrate(connA);
		await directorydOk(connA, ['import-hsds', join(env.src, 'tests', 'data', 'import', 'shared-ids')]);
		connB = await freshDatabase(`${dbNameFor(import.meta.url)}_d`);
		await migrate(connB);
	});

	after(() => cleanupDir(dir));

	it('each service keeps its own phone and contact; the second copy gets a derived id', async () => {
		const expA = await exportJson(connA, dir, 'a.json');
		const pkg = await csvRoundTrip(connA, connB, dir, 'pkg');
		const phones = readFileSync(join(pkg, 'phones.csv'), 'utf8').trim().split('\n');
		assert.equal(phones.length, 3, phones.join('\n'));
		const expB = await exportJson(connB, dir, 'b.json');
		const kidsA = children(expA), kidsB = children(expB);
		const noIds = (v) => v.map(({ id, ...rest }) => rest);
		assert.equal(Object.keys(kidsA).length, 5, Object.keys(kidsA).join());
		assert.deepEqual(Object.keys(kidsB).sort(), Object.keys(kidsA).sort());
		for (const [k, v] of Object.entries(kidsA)) assert.deepEqual(noIds(kidsB[k]), noIds(v), k);
		const p = '7a2d1b63-4c8f-4e9b-8d20-1b3c4d5e6f10';
		const s1 = 'service:7a2d1b63-4c8f-4e9b-8d20-1b3c4d5e6f01', s2 = 'service:7a2d1b63-4c8f-4e9b-8d20-1b3c4d5e6f02';
		assert.equal(kidsB[`${s1}/phones`][0].id, p);
		assert.notEqual(kidsB[`${s2}/phones`][0].id, p);
		assert.equal(kidsB[`${s2}/phones`][0].number, '+44 20 7946 0202');
		assert.equal(kidsB['organization:7a2d1b63-4c8f-4e9b-8d20-1b3c4d5e6f00/phones'][0].id, p);
		// the next export of the same data derives the same id
		const again = join(dir, 'again.zip');
		await directorydOk(connA, ['export', 'hsds-csv', again, 'all']);
		execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', again, join(dir, 'again')]);
		assert.equal(readFileSync(join(dir, 'again', 'phones.csv'), 'utf8'), readFileSync(join(pkg, 'phones.csv'), 'utf8'));
	});
});
