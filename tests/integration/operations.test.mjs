// Operating the daemon (issue 2, sections 2 and 14): configuration checks,
// SIGHUP reloads, clean SIGTERM, an unreachable database at start, idempotent
// migrations, and reconnecting after PostgreSQL restarts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
	env, missingEnv, freshDatabase, directoryd, migrate, psql, Daemon, tempDir, writeTemp,
	cleanupDir, run, createOrg, createToken,
} from './lib/harness.mjs';
import { assertErrorBody } from './lib/hsds-schema.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred, what, ms = 10_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await pred()) return;
		await sleep(50);
	}
	assert.fail(`timed out waiting for ${what}`);
}

describe('configuration check (-n)', { skip: skip || false }, () => {
	let dir;
	before(() => { dir = tempDir(); });
	after(() => cleanupDir(dir));

	it('a good file: exit 0', async () => {
		const good = writeTemp(dir, 'good.ini', [
			'[directoryd]', 'database = host=/tmp dbname=x', 'listen = 127.0.0.1:8099',
			'public_url = https://directory.example.org', 'country = CH', 'threads = 2', 'per_page_max = 50', '',
		].join('\n'));
		const r = await directoryd(null, ['-n', '--config', good], { dataDir: null });
		assert.equal(r.code, 0, r.stderr);
	});

	it('the shipped example configuration passes -n', async () => {
		const example = join(env.src, 'contrib', 'directoryd.conf.example');
		if (!existsSync(example)) return;
		const r = await directoryd(null, ['-n', '--config', example], { dataDir: null });
		assert.equal(r.code, 0, r.stderr);
	});

	for (const [name, line, key] of [
		['a number out of range', 'threads = 1000', 'threads'],
		['not a number', 'per_page_max = many', 'per_page_max'],
		['an unknown key', 'colour = red', 'colour'],
		['a bad listen address', 'listen = nowhere', 'listen'],
		['a bad public_url', 'public_url = ftp://x', 'public_url'],
		['a bad country', 'country = Switzerland', 'country'],
	]) {
		it(`${name}: exit non-zero, naming the key`, async () => {
			const bad = writeTemp(dir, `bad-${key}.ini`, `[directoryd]\n${line}\n`);
			const r = await directoryd(null, ['-n', '--config', bad], { dataDir: null });
			assert.notEqual(r.code, 0, `-n accepted "${line}"`);
			assert.ok(r.stderr.includes(key), `the message names ${key}: ${r.stderr}`);
		});
	}

	it('a missing file: exit non-zero with a message', async () => {
		const r = await directoryd(null, ['-n', '--config', join(dir, 'absent.ini')], { dataDir: null });
		assert.notEqual(r.code, 0);
		assert.match(r.stderr, /absent\.ini/);
	});

	it('command-line flags override the file', async () => {
		const bad = writeTemp(dir, 'listen.ini', '[directoryd]\nlisten = nowhere\n');
		const r = await directoryd(null, ['-n', '--config', bad, '--listen', '127.0.0.1:8081'], { dataDir: null });
		assert.equal(r.code, 0, r.stderr);
	});
});

describe('serve and migrate', { skip: skip || false }, () => {
	let dir, conninfo, dbName;

	before(async () => {
		dir = tempDir();
		dbName = 'dirtest_operations';
		conninfo = await freshDatabase(dbName);
	});

	after(async () => {
		cleanupDir(dir);
	});

	it('migrate applies every migration once; a second run applies nothing', async () => {
		const first = await migrate(conninfo);
		const n = Number((first.stdout.match(/\((\d+) migrations? applied\)/) || [])[1]);
		assert.ok(n > 0, `the first run applies the migrations: ${first.stdout}`);
		const tables = await psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", { db: dbName });
		const terms = await psql('SELECT count(*) FROM taxonomy_term', { db: dbName });
		const second = await directoryd(conninfo, ['migrate']);
		assert.equal(second.code, 0, second.stderr);
		assert.match(second.stdout, /\(0 migrations applied\)/, second.stdout);
		assert.equal(await psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", { db: dbName }), tables);
		assert.equal(await psql('SELECT count(*) FROM taxonomy_term', { db: dbName }), terms,
			'seeding the vocabularies twice changes nothing');
		const recorded = Number(await psql('SELECT count(*) FROM schema_migrations', { db: dbName }));
		assert.equal(recorded, n, 'each migration is recorded once');
	});

	it('serve with an unreachable database exits non-zero with a clear message', async () => {
		const r = await directoryd('host=/nonexistent dbname=x', ['--listen', '127.0.0.1:1', 'serve'], { timeout: 60_000 });
		assert.notEqual(r.code, 0, 'serve must fail');
		assert.equal(r.signal, null, `serve must exit, not crash: ${r.signal}\n${r.stderr}`);
		assert.match(r.stderr, /database|connect|server/i, `a clear message: ${r.stderr}`);
		assert.ok(r.stderr.trim().split('\n').length <= 10, `a short message: ${r.stderr}`);
	});

	it('migrate, token and org with an unreachable database fail cleanly', async () => {
		for (const args of [['migrate'], ['token', 'list'], ['org', 'create', '--name', 'x']]) {
			const r = await directoryd('host=/nonexistent dbname=x', args, { timeout: 60_000 });
			assert.notEqual(r.code, 0, args.join(' '));
			assert.equal(r.signal, null, `${args.join(' ')} crashed: ${r.stderr}`);
			assert.ok(r.stderr.length > 0);
		}
	});

	it('SIGHUP with an invalid file keeps the old configuration; a valid one is applied', async () => {
		const cfg = writeTemp(dir, 'serve.ini', '[directoryd]\nper_page_max = 3\n');
		const d = new Daemon(conninfo, { config: cfg });
		await d.start();
		try {
			const size = async () => (await d.get('/taxonomy_terms?per_page=50')).contents.length;
			assert.equal(await size(), 3, 'per_page_max from the file caps per_page');

			writeTemp(dir, 'serve.ini', '[directoryd]\nper_page_max = lots\n');
			const mark = d.stderr.length;
			d.signal('SIGHUP');
			await waitFor(() => /keeping the old/i.test(d.stderr.slice(mark)), 'the reload to be refused');
			assert.ok(d.stderr.slice(mark).includes('per_page_max'), `the log names the key: ${d.stderr.slice(mark)}`);
			assert.equal(await size(), 3, 'still the old configuration');
			assert.equal((await d.request('/health')).status, 200);

			writeTemp(dir, 'serve.ini', '[directoryd]\nper_page_max = 7\n');
			const mark2 = d.stderr.length;
			d.signal('SIGHUP');
			await waitFor(() => /reloaded/i.test(d.stderr.slice(mark2)), 'the reload');
			assert.equal(await size(), 7, 'the new per_page_max applies');
		} finally {
			await d.stopClean();
		}
	});

	it('SIGTERM while requests are in flight: they finish, exit 0', async () => {
		const d = new Daemon(conninfo);
		await d.start();
		const inflight = [];
		for (let i = 0; i < 8; i++) inflight.push(d.request('/taxonomy_terms?per_page=100').catch((e) => e));
		await sleep(5);
		const stopped = d.stop();
		const results = await Promise.all(inflight);
		const r = await stopped;
		assert.deepEqual(r, { code: 0, signal: null }, d.stderr);
		for (const x of results) {
			// a request either completed or was never accepted; none gets a 5xx
			if (!(x instanceof Error)) assert.equal(x.status, 200, x.text);
		}
		d.assertNoRequestLog();
	});

	it('SIGINT stops cleanly too', async () => {
		const d = new Daemon(conninfo);
		await d.start();
		d.signal('SIGINT');
		const r = await d.exitPromise;
		assert.deepEqual(r, { code: 0, signal: null }, d.stderr);
	});

	it('a port that is taken: serve exits non-zero with a message', async () => {
		const d = new Daemon(conninfo);
		await d.start();
		try {
			const r = await directoryd(conninfo, ['--listen', `127.0.0.1:${d.port}`, 'serve'], { timeout: 60_000 });
			assert.notEqual(r.code, 0);
			assert.ok(r.stderr.includes(String(d.port)), r.stderr);
		} finally {
			await d.stopClean();
		}
	});
});

// Restarting PostgreSQL under a running daemon, on a private second cluster
// so the other test files' databases are not disturbed.
describe('reconnecting after PostgreSQL restarts', { skip: skip || false }, () => {
	const pgbin = '/usr/lib/postgresql/15/bin';
	const isRoot = process.getuid && process.getuid() === 0;
	let dir, sock, conninfo, d;
	let unavailable = null;

	function asOwner(cmd, args) {
		return isRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
	}

	before(async () => {
		if (!existsSync(join(pgbin, 'pg_ctl'))) { unavailable = `${pgbin}/pg_ctl is absent`; return; }
		dir = tempDir('pg.');
		const r = await run(join(env.src, 'scripts', 'pg-cluster'), ['start', dir]);
		if (r.code !== 0) { unavailable = `a second cluster did not start: ${r.stderr}`; return; }
		sock = r.stdout.trim();
		conninfo = await freshDatabase('dirtest_reconnect', { host: sock });
		await migrate(conninfo);
	});

	after(async () => {
		if (d) await d.stop().catch(() => {});
		if (dir) {
			await run(join(env.src, 'scripts', 'pg-cluster'), ['stop', dir]);
			cleanupDir(dir);
		}
	});

	it('requests during the outage get 503 database_unavailable; then it serves again', async (t) => {
		if (unavailable) { t.skip(unavailable); return; }
		const org = await createOrg(conninfo, 'Reconnect org');
		const token = await createToken(conninfo, { organization: org });
		d = new Daemon(conninfo);
		await d.start();
		assert.equal((await d.request('/services')).status, 200);

		const stop = await asOwner(join(pgbin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
		assert.equal(stop.code, 0, stop.stderr);
		for (const path of ['/health', '/services', '/taxonomy_terms']) {
			const r = await d.request(path);
			assertErrorBody(r, 503, 'database_unavailable', `${path} while PostgreSQL is down`);
		}
		assertErrorBody(await d.request('/services', { method: 'POST', body: smallService(org), token }),
			503, 'database_unavailable', 'a write while PostgreSQL is down');

		const start = await asOwner(join(pgbin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'),
			'-w', '-t', '60', '-o',
			`-c listen_addresses='' -c unix_socket_directories='${sock}' -c fsync=off -c max_connections=200`, 'start']);
		assert.equal(start.code, 0, start.stderr + start.stdout);

		// every pooled connection heals: several rounds over all of them
		await waitFor(async () => (await d.request('/health')).status === 200, 'the daemon to reconnect', 20_000);
		for (let i = 0; i < 12; i++) {
			const r = await d.request('/services');
			assert.equal(r.status, 200, `request ${i} after the restart: ${r.text}`);
		}
		const doc = smallService(org);
		const w = await d.request('/services', { method: 'POST', body: doc, token });
		assert.equal(w.status, 201, w.text);
		assert.equal((await d.get(`/services/${doc.id}`)).name, doc.name);
		await d.stopClean();
		d = null;
	});
});
