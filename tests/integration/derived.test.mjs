// Derived tables refresh only the rows whose sources changed
// (sql/20_derived.sql): one service write refreshes as many derived rows in
// an organisation with 400 services as in one with a single service. The
// write is what HSDS documents and imports send: a new service nesting its
// organization and, in a service_at_location, the organisation's one
// location, both as stored already. It runs through dir_put_service, the
// function the write API and the importer call, in a transaction that then
// calls dir_derived_flush() (what its commit would do) to count the keys
// each derived table refreshed, and rolls back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { missingEnv, env, run, freshDatabase, dropDatabase, migrate } from './lib/harness.mjs';

const skip = missingEnv();
const DB = 'dirtest_derived';

async function sql(text) {
	const r = await run('psql', ['-X', '-h', env.pghost, '-d', DB, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { input: text });
	if (r.code !== 0) throw new Error(`psql failed:\n${r.stderr}\n${text.slice(0, 2000)}`);
	return r.stdout.trim();
}

const lit = (v) => `'${JSON.stringify(v).replace(/'/g, "''")}'::jsonb`;

/** An organisation, its one location, and n services at it; the documents as written. */
function organisation(name) {
	const org = { id: randomUUID(), name, description: 'A collective', email: 'info@example.org' };
	const location = {
		id: randomUUID(), organization_id: org.id, name: `${name} drop-in`, latitude: 47.3769, longitude: 8.5417,
		addresses: [{ id: randomUUID(), address_1: 'Langstrasse 1', city: 'Zürich', state_province: 'ZH',
			postal_code: '8004', country: 'CH', address_type: 'physical' }],
		languages: [{ id: randomUUID(), code: 'de', name: 'German' }, { id: randomUUID(), code: 'ro', name: 'Romanian' }],
		phones: [{ id: randomUUID(), number: '+41 44 000 00 00' }],
	};
	return { org, location };
}

async function fill({ org, location }, n) {
	await sql(`SELECT dir_put_organization(${lit(org)}, NULL);
		SELECT dir_put_location(${lit(location)}, NULL);
		SELECT count(dir_put_service(jsonb_build_object('name', 'Service ' || i,
			'organization_id', '${org.id}', 'languages', '[{"code": "de"}]'::jsonb,
			'service_at_locations', jsonb_build_array(jsonb_build_object('location_id', '${location.id}'))), NULL))
		FROM generate_series(1, ${n}) AS i;`);
}

/** Keys refreshed per derived table by one write of doc, as {target: count}. */
async function refreshedBy(doc) {
	const out = await sql(`BEGIN;
		SELECT dir_put_service(${lit(doc)}, NULL) IS NOT NULL;
		SELECT coalesce(json_object_agg(target, refreshed), '{}') FROM dir_derived_flush();
		ROLLBACK;`);
	return JSON.parse(out.split('\n').pop());
}

describe('derived tables: one service write refreshes the same rows in a small and a large organisation', { skip: skip || false }, () => {
	const small = organisation('Small');
	const large = organisation('Large');

	before(async () => {
		await migrate(await freshDatabase(DB));
		await fill(small, 1);
		await fill(large, 400);
		const n = await sql(`SELECT count(*) FROM service_key k JOIN service s ON s.id = k.service_id
			WHERE s.organization_id = '${large.org.id}' AND k.keys @> '{c:zurich,le:ro}'`);
		assert.equal(n, '400', 'the 400 services have their keys, from the location they share');
	});

	after(async () => {
		await dropDatabase(DB).catch(() => {});
	});

	const nested = ({ org, location }) => ({
		name: 'One more', organization: org,
		service_at_locations: [{ location }],
	});
	const byId = ({ org, location }) => ({
		name: 'One more', organization_id: org.id,
		service_at_locations: [{ location_id: location.id }],
	});

	for (const [what, doc] of [['nesting its organization and location as stored', nested],
		['naming its organization and location by id', byId]]) {
		it(`a new service ${what}: the same refreshed rows with 1 and with 400 services`, async () => {
			const one = await refreshedBy(doc(small));
			const many = await refreshedBy(doc(large));
			assert.deepEqual(many, one, `refreshed with 400 services ${JSON.stringify(many)}, with 1 ${JSON.stringify(one)}`);
			for (const target of ['service_key', 'service_list_cache', 'fed_dirty']) {
				assert.equal(one[target], 1, `${target}: the new service alone (${JSON.stringify(one)})`);
			}
		});
	}

	it('a change to what the services share is still refreshed in all of them', async () => {
		const changed = structuredClone(large.location);
		changed.languages.push({ id: randomUUID(), code: 'bg', name: 'Bulgarian' });
		const r = await refreshedBy(nested({ org: large.org, location: changed }));
		assert.equal(r.service_key, 401, `a new language at the location refreshes every service there: ${JSON.stringify(r)}`);
		const renamed = { ...large.org, name: 'Large renamed' };
		const r2 = await refreshedBy(nested({ org: renamed, location: large.location }));
		assert.equal(r2.service_list_cache, 401, `a renamed organization refreshes every list row: ${JSON.stringify(r2)}`);
	});

	it('the refreshed rows are right: after a commit the new service is found by the shared location\'s keys', async () => {
		const id = randomUUID();
		await sql(`SELECT dir_put_service(${lit({ id, ...nested(large) })}, NULL);`);
		assert.equal(await sql(`SELECT keys @> '{c:zurich,le:ro,n:CH}' FROM service_key WHERE service_id = '${id}'`), 't');
		assert.equal(await sql(`SELECT count(*) FROM service_list_cache WHERE service_id = '${id}'`), '1');
		assert.equal(await sql(`SELECT name FROM organization WHERE id = '${large.org.id}'`), 'Large');
	});
});
