// Backups (docs/operations.md): a node's database dumped with pg_dump -Fc
// and restored with pg_restore into an empty database serves the same
// directory. pg_restore runs with an empty search_path, so every function a
// generated column or an index calls must name its schema.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import {
	missingEnv, env, setupNode, run, psql, dropDatabase, Daemon, tempDir, cleanupDir,
} from './lib/harness.mjs';

const skip = missingEnv();
const RESTORED = 'dirtest_backup_restored';

describe('backup: pg_dump -Fc and pg_restore give the same directory', { skip: skip || false }, () => {
	let node, restored, dir;

	before(async () => {
		node = await setupNode(import.meta.url, { sample: true });
		dir = tempDir('directoryd-backup-');
	});

	after(async () => {
		if (restored) await restored.stop();
		if (node) await node.daemon.stop();
		await dropDatabase(RESTORED).catch(() => {});
		if (dir) cleanupDir(dir);
	});

	it('restores without errors and answers the same lists and records', async () => {
		const dump = join(dir, 'directoryd.dump');
		const d = await run('pg_dump', ['-h', env.pghost, '-Fc', '-f', dump, node.dbName]);
		assert.equal(d.code, 0, d.stderr);
		await dropDatabase(RESTORED);
		await psql(`CREATE DATABASE ${RESTORED}`);
		const r = await run('pg_restore', ['-h', env.pghost, '-d', RESTORED, '--exit-on-error', dump]);
		assert.equal(r.code, 0, `pg_restore: ${r.stderr}`);
		restored = new Daemon(`host=${env.pghost} dbname=${RESTORED}`);
		await restored.start();
		for (const path of ['/services?per_page=100&full=true', '/organizations?per_page=100',
			'/services?city=zurich&language=ro', '/services?search=testing']) {
			const want = await node.daemon.get(path);
			const got = await restored.get(path);
			assert.deepEqual(got, want, path);
		}
	});
});
