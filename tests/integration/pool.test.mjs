// The database pool while PostgreSQL's postmaster does not answer (issue 7,
// fault 2): the pool's lock is held only to hand out and take back
// connections, so a reconnect that waits for a stopped server holds up only
// the request that needs it. The postmaster is stopped with SIGSTOP: the
// backends of established connections go on answering, and a request that
// needs a new connection gets 503 database_unavailable after
// database_connect_timeout instead of hanging, and without stalling the
// others.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	env, missingEnv, setupNode, psql, tempDir, writeTemp, cleanupDir, dropDatabase,
} from './lib/harness.mjs';

const skip = missingEnv();
const CONNECT_TIMEOUT = 3; // seconds (database_connect_timeout)
const THREADS = 4;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred, what, ms = 60_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await pred()) return;
		await sleep(50);
	}
	assert.fail(`timed out waiting for ${what}`);
}

/** GET /health with a deadline; {status, ms} or {status: 'hung'}. */
async function health(d, limitMs) {
	const t0 = Date.now();
	try {
		const r = await fetch(`${d.base}/health`, { signal: AbortSignal.timeout(limitMs) });
		const body = await r.json().catch(() => null);
		return { status: r.status, code: body?.error?.code, ms: Date.now() - t0 };
	} catch {
		return { status: 'hung', ms: Date.now() - t0 };
	}
}

describe('the database pool while the postmaster is stopped', { skip: skip || false }, () => {
	let dir, node, d, postmaster, blocker;

	before(async () => {
		dir = tempDir();
		const cfg = writeTemp(dir, 'pool.ini',
			`[directoryd]\nthreads = ${THREADS}\ndatabase_connect_timeout = ${CONNECT_TIMEOUT}\n`);
		node = await setupNode(import.meta.url, { config: cfg });
		d = node.daemon;
		const dataDir = (await psql('SHOW data_directory')).trim();
		postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
		assert.ok(postmaster > 1, 'the postmaster pid');
	});

	after(async () => {
		if (postmaster) try { process.kill(postmaster, 'SIGCONT'); } catch { /* gone */ }
		// a failed run must not leave the lock-holding psql behind
		if (blocker && blocker.exitCode === null) blocker.kill('SIGKILL');
		if (d) await d.stopClean();
		if (node) await dropDatabase(node.dbName);
		cleanupDir(dir);
	});

	it('established connections answer; a reconnect gets 503 within database_connect_timeout and stalls no one', async () => {
		for (let i = 0; i < 3; i++) assert.equal((await health(d, 10_000)).status, 200);
		// A request that holds one of the pool's connections: a list blocked
		// by a lock a psql session takes, and keeps until we send COMMIT.
		blocker = spawn('psql', ['-X', '-h', env.pghost, '-d', node.dbName, '-v', 'ON_ERROR_STOP=1', '-qAt'],
			{ stdio: ['pipe', 'ignore', 'inherit'] });
		let blockerDone = 0;
		const blockerExit = new Promise((resolve) => blocker.on('exit', (code) => { blockerDone = Date.now(); resolve(code); }));
		blocker.stdin.write('BEGIN;\nLOCK TABLE organization IN ACCESS EXCLUSIVE MODE;\n');
		await waitFor(async () => Number(await psql(`SELECT count(*) FROM pg_locks l JOIN pg_class c
			ON c.oid = l.relation WHERE c.relname = 'organization' AND l.mode = 'AccessExclusiveLock' AND l.granted`,
		{ db: node.dbName })) === 1, 'the blocker\'s lock');
		const lists = [0].map(() => {
			const t0 = Date.now();
			return fetch(`${d.base}/organizations`, { signal: AbortSignal.timeout(60_000) })
				.then(async (r) => ({ status: r.status, at: Date.now(), ms: Date.now() - t0, text: await r.text() }));
		});
		await waitFor(async () => Number(await psql(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = '${node.dbName}' AND wait_event_type = 'Lock'`)) === 1, 'the list to wait');
		// The pool's other connections have run only their session set-up:
		// drop them (the server goes on) so that they need a reconnect.
		const dropped = Number(await psql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = '${node.dbName}' AND pid <> pg_backend_pid() AND state = 'idle'
			AND query LIKE 'SET TIME ZONE%'`));
		assert.ok(dropped >= THREADS - 1, `dropped ${dropped} idle connections of the pool`);

		process.kill(postmaster, 'SIGSTOP');
		const healths = [];
		let listed;
		try {
			// One after another: the first ones use the dropped connections and
			// break them; the last must reconnect one, and while it waits for
			// the stopped server the lock is released: the list must be
			// answered and its connection taken back meanwhile.
			for (let i = 0; i < THREADS - 1; i++) healths.push(await health(d, 60_000));
			const third = health(d, 60_000);
			await sleep(1000);
			blocker.stdin.end('COMMIT;\n');
			await blockerExit;
			healths.push(await third);
			listed = await Promise.all(lists);
		} finally {
			process.kill(postmaster, 'SIGCONT');
		}
		for (const r of healths) {
			assert.equal(r.status, 503, `a request that needs a reconnect: ${JSON.stringify(healths)}`);
			assert.equal(r.code, 'database_unavailable');
			// one connection attempt of CONNECT_TIMEOUT s, plus slack for a loaded machine
			assert.ok(r.ms < CONNECT_TIMEOUT * 1000 + 2000, `503 within database_connect_timeout: ${JSON.stringify(healths)}`);
		}
		for (const r of listed) {
			assert.equal(r.status, 200, `the established connection answers: ${r.text.slice(0, 300)}`);
			// handed back as soon as the lock was released, not after a reconnect of someone else
			assert.ok(r.at - blockerDone < 2000, `answered ${r.at - blockerDone} ms after the lock was released`);
		}
		// the server is back: every connection heals on its next use
		const after = await Promise.all(Array.from({ length: THREADS * 2 }, () => health(d, 60_000)));
		assert.deepEqual(after.map((r) => r.status), after.map(() => 200), JSON.stringify(after));
	});
});
