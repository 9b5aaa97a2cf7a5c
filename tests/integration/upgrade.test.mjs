// Upgrading equals installing (HACKING.md, "SQL"): a database of the last
// release, restored from the committed dump tests/data/upgrade/*.sql
// (pg_dump --schema-only of main after `directoryd migrate`, plus its
// schema_migrations rows), migrated with this directoryd, has exactly the
// schema of an empty database migrated with it: same tables, columns,
// indexes, functions (bodies included), triggers and views, and none of the
// functions the release had and this version dropped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	missingEnv, env, run, psql, freshDatabase, dropDatabase, directoryd, migrate,
} from './lib/harness.mjs';

const skip = missingEnv();
const UPGRADED = 'dirtest_upgrade_release';
const FRESH = 'dirtest_upgrade_fresh';

async function schemaOf(db) {
	const r = await run('pg_dump', ['-h', env.pghost, '--schema-only', '--no-owner', '--no-privileges', db]);
	assert.equal(r.code, 0, `pg_dump ${db}: ${r.stderr}`);
	// pg_dump fences its output with \restrict and \unrestrict lines
	// holding a random key: not part of the schema.
	return r.stdout.split('\n').filter((l) => !/^\\(un)?restrict /.test(l)).join('\n');
}

describe('upgrade: the last release migrated equals a fresh database', { skip: skip || false }, () => {
	const dumps = skip ? [] : readdirSync(join(env.src, 'tests', 'data', 'upgrade'))
		.filter((f) => f.endsWith('.sql')).sort();
	let upgraded, fresh;

	before(async () => {
		fresh = await freshDatabase(FRESH);
		await migrate(fresh);
	});

	after(async () => {
		await dropDatabase(UPGRADED).catch(() => {});
		await dropDatabase(FRESH).catch(() => {});
	});

	it('has a release dump to upgrade from', () => {
		assert.ok(dumps.length > 0, 'tests/data/upgrade holds at least one pg_dump');
	});

	for (const dump of dumps) {
		it(`${dump}: migrates, and then pg_dump --schema-only is identical to a fresh database`, async () => {
			upgraded = await freshDatabase(UPGRADED);
			const r = await run('psql', ['-X', '-h', env.pghost, '-d', UPGRADED, '-v', 'ON_ERROR_STOP=1', '-q',
				'-f', join(env.src, 'tests', 'data', 'upgrade', dump)]);
			assert.equal(r.code, 0, `restoring ${dump}: ${r.stderr}`);
			const m = await migrate(upgraded);
			assert.match(m.stdout, /database is up to date/);
			const want = await schemaOf(FRESH);
			const got = await schemaOf(UPGRADED);
			assert.ok(want.includes('CREATE TABLE public.service'), 'the fresh schema has the service table');
			assert.equal(got, want, `${dump} migrated differs from a fresh database`);

			// Running again changes nothing.
			const again = await migrate(upgraded);
			assert.match(again.stdout, /\(0 migrations applied\)/);
			assert.equal(await schemaOf(UPGRADED), want, 'a second migrate changed the schema');
		});
	}

	it('the upgraded database takes a write and serves it', async () => {
		assert.ok(upgraded, 'the upgrade ran');
		const id = await psql(`SELECT dir_put_organization('{"name": "Upgraded org"}', NULL)`, { db: UPGRADED });
		assert.match(id, /^[0-9a-f-]{36}$/);
		const name = await psql(`SELECT dir_organization_json('${id}', '{}', false, 'n') ->> 'name'`, { db: UPGRADED });
		assert.equal(name, 'Upgraded org');
		const r = await directoryd(upgraded, ['migrate']);
		assert.equal(r.code, 0, r.stderr);
	});
});
