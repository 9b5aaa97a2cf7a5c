// harness.mjs - run the real directoryd against the throwaway PostgreSQL that
// scripts/test starts, one database and one daemon per test file.
//
// Environment (exported by scripts/test):
//   DIRECTORYD_PGHOST      Unix socket directory of the cluster (trust auth,
//                          the superuser is the current user)
//   DIRECTORYD_BIN         the directoryd binary
//   DIRECTORYD_SRC         the repository root, used as --data-dir
//   DIRECTORYD_SHARED_DIR  ../shared (optional: tests reading it skip)
//
// Only Node built-ins; nothing newer than Node 18.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net, { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import assert from 'node:assert/strict';

export const env = {
	pghost: process.env.DIRECTORYD_PGHOST,
	bin: process.env.DIRECTORYD_BIN,
	src: process.env.DIRECTORYD_SRC,
	shared: process.env.DIRECTORYD_SHARED_DIR,
};

// Sanitizer builds are several times slower: give them room.
const SLOW = /asan|sanit/i.test(env.bin || '') ? 4 : 1;
export const TIMEOUT = { cli: 180_000 * SLOW, start: 20_000 * SLOW, stop: 20_000 * SLOW };

/** The reason the whole integration suite cannot run, or null. */
export function missingEnv() {
	const missing = [];
	if (!env.pghost) missing.push('DIRECTORYD_PGHOST');
	if (!env.bin || !existsSync(env.bin)) missing.push('DIRECTORYD_BIN');
	if (!env.src || !existsSync(join(env.src, 'migrations'))) missing.push('DIRECTORYD_SRC');
	return missing.length ? `set ${missing.join(', ')} (scripts/test does)` : null;
}

/** ../shared, or null with a printed reason so the skip is never silent. */
export function sharedDir(what) {
	const dir = env.shared;
	if (dir && existsSync(join(dir, 'data'))) return dir;
	const msg = `skipping ${what}: DIRECTORYD_SHARED_DIR (../shared) is absent`;
	console.log(`# ${msg}`);
	return null;
}

/** Run a program; resolves {code, signal, stdout, stderr}. Never rejects on exit status. */
export function run(cmd, args, { input, timeout = TIMEOUT.cli, envExtra } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: { ...process.env, ...(envExtra || {}) },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeout} ms\n${stderr}`));
		}, timeout);
		child.on('error', (e) => { clearTimeout(timer); reject(e); });
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {});
		child.stdin.end(input ?? '');
	});
}

/** psql as the cluster superuser; throws on failure; returns trimmed stdout. */
export async function psql(sql, { host = env.pghost, db = 'postgres' } = {}) {
	const r = await run('psql', ['-X', '-h', host, '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]);
	if (r.code !== 0) throw new Error(`psql failed (${sql}):\n${r.stderr}`);
	return r.stdout.trim();
}

/** A database name for a test file: dirtest_<file base name>. */
export function dbNameFor(fileUrl) {
	const base = basename(new URL(fileUrl).pathname).replace(/\.test\.mjs$/, '');
	return ('dirtest_' + base.replace(/[^a-zA-Z0-9]+/g, '_')).toLowerCase().slice(0, 60);
}

/** Drop (if there) and create a database; returns its libpq conninfo. */
export async function freshDatabase(name, { host = env.pghost } = {}) {
	assert.match(name, /^[a-z0-9_]+$/);
	await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, { host });
	await psql(`CREATE DATABASE ${name}`, { host });
	return `host=${host} dbname=${name}`;
}

/** Run a directoryd subcommand against conninfo with the source tree as data dir. */
export function directoryd(conninfo, args, opts = {}) {
	const pre = [];
	if (conninfo != null) pre.push('--database', conninfo);
	if (opts.dataDir !== null) pre.push('--data-dir', opts.dataDir || env.src);
	return run(env.bin, [...pre, ...args], opts);
}

/** Like directoryd(), but the command must exit 0. */
export async function directorydOk(conninfo, args, opts) {
	const r = await directoryd(conninfo, args, opts);
	assert.equal(r.code, 0, `directoryd ${args.join(' ')} exited ${r.code} (${r.signal || ''}):\n${r.stderr}`);
	return r;
}

export async function migrate(conninfo) {
	return directorydOk(conninfo, ['migrate']);
}

// A migrated database costs seconds (the GeoNames place load alone is a COPY
// of about 250,000 names), and the suite makes dozens. So the first caller in
// a cluster migrates one template database, named by a hash of everything
// `directoryd migrate` reads (the binary, migrations/, sql/, data/taxonomies/,
// data/places/), and every migrated database after it is a file copy of that
// template: the same database `migrate` would have made, in a fraction of a
// second. A changed tree or binary gets a new template.
function treeHash() {
	const h = createHash('sha256');
	const add = (path) => {
		if (!existsSync(path)) return;
		if (statSync(path).isDirectory()) {
			for (const e of readdirSync(path).sort()) add(join(path, e));
			return;
		}
		h.update(path).update('\0').update(readFileSync(path)).update('\0');
	};
	add(env.bin);
	for (const d of ['migrations', 'sql', join('data', 'taxonomies'), join('data', 'places')]) add(join(env.src, d));
	return h.digest('hex').slice(0, 20);
}

const templates = new Map(); // host -> Promise of the template's name

async function templateDatabase(host) {
	const name = `dirtpl_${treeHash()}`;
	if (await psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`, { host }) === '1') return name;
	// Built under a name of this process's own, then renamed: another test
	// process building the same template at once loses the rename and drops
	// its copy (caught in PL/pgSQL, so the server log shows no error).
	const mine = `${name}_${process.pid}`;
	await migrate(await freshDatabase(mine, { host }));
	await psql(`DO $$ BEGIN ALTER DATABASE ${mine} RENAME TO ${name};
		EXCEPTION WHEN duplicate_database THEN NULL; END $$`, { host });
	await psql(`DROP DATABASE IF EXISTS ${mine} WITH (FORCE)`, { host });
	return name;
}

/**
 * Drop (if there) and create a database that `directoryd migrate` has
 * brought up to date, as a copy of the cluster's template (made on first
 * use); returns its libpq conninfo.
 */
export async function migratedDatabase(name, { host = env.pghost } = {}) {
	assert.match(name, /^[a-z0-9_]+$/);
	if (!templates.has(host)) templates.set(host, templateDatabase(host));
	let template;
	try {
		template = await templates.get(host);
	} catch (e) {
		templates.delete(host);
		throw e;
	}
	await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, { host });
	await psql(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`, { host });
	return `host=${host} dbname=${name}`;
}

export async function importHsds(conninfo, path) {
	return directoryd(conninfo, ['import-hsds', path]);
}

export async function importSample(conninfo) {
	const r = await directoryd(conninfo, ['import-hsds', join(env.src, 'data', 'sample')]);
	assert.equal(r.code, 0, `importing data/sample exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(0, 4000)}`);
	return r;
}

/** `directoryd token create ...`: the printed token. */
export async function createToken(conninfo, { organization, nodeAdmin = false, label } = {}) {
	const args = ['token', 'create'];
	if (nodeAdmin) args.push('--node-admin');
	if (organization) args.push('--organization', organization);
	if (label) args.push('--label', label);
	const r = await directorydOk(conninfo, args);
	const token = r.stdout.trim();
	assert.match(token, /^dtk_[A-Za-z0-9_-]{20,}$/, `token create printed ${JSON.stringify(r.stdout)}`);
	return token;
}

/** `directoryd token list`: rows of {id, scope, revoked}. */
export async function listTokens(conninfo) {
	const r = await directorydOk(conninfo, ['token', 'list']);
	return r.stdout.trim().split('\n').slice(1).filter(Boolean).map((line) => {
		const f = line.trim().split(/\s+/);
		return { id: f[0], scope: f[1], created: f[2], revoked: f[3], line };
	});
}

/** `directoryd org create`: the new organization's id. */
export async function createOrg(conninfo, name, { sexWorkerLed = false, description } = {}) {
	const args = ['org', 'create', '--name', name];
	if (description) args.push('--description', description);
	if (sexWorkerLed) args.push('--sex-worker-led');
	const r = await directorydOk(conninfo, args);
	const id = r.stdout.trim();
	assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
		`org create printed ${JSON.stringify(r.stdout)}`);
	return id;
}

/** A loopback TCP port that was free a moment ago. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

export function tempDir(prefix = 'directoryd-it-') {
	return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir, name, text) {
	const p = join(dir, name);
	writeFileSync(p, text);
	return p;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A running `directoryd serve`. start() spawns it on a free port and waits
 * for GET /health; stop() sends SIGTERM and returns {code, signal}.
 * Every request made through request()/get()/send() is remembered so that
 * assertNoRequestLog() can check the daemon wrote none of it to stderr.
 */
/**
 * One HTTP/1.1 response from the bytes received: {status, headers, text,
 * json}, or null while it is incomplete. A response without Content-Length
 * ends with the connection (ended: true).
 */
function parseResponse(bytes, ended) {
	const i = bytes.indexOf('\r\n\r\n');
	if (i < 0) return null;
	const lines = bytes.subarray(0, i).toString('latin1').split('\r\n');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
	if (!m) return null;
	const headers = {};
	for (const line of lines.slice(1)) {
		const c = line.indexOf(':');
		if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
	}
	const rest = bytes.subarray(i + 4);
	let bodyBytes;
	if (headers['content-length'] !== undefined) {
		const len = Number(headers['content-length']);
		if (rest.length < len) return null;
		bodyBytes = rest.subarray(0, len);
	} else if (ended) {
		bodyBytes = rest;
	} else {
		return null;
	}
	const text = bodyBytes.toString('utf8');
	let json;
	try { json = JSON.parse(text); } catch { json = undefined; }
	return { status: Number(m[1]), headers, text, json };
}

export class Daemon {
	constructor(conninfo, { config, extraArgs = [], dataDir, port } = {}) {
		this.conninfo = conninfo;
		this.fixedPort = port; // a node whose public_url names its port listens there
		this.config = config;
		this.extraArgs = extraArgs;
		this.dataDir = dataDir || env.src;
		this.stderr = '';
		this.stdout = '';
		this.child = null;
		this.exited = null;
		this.requested = new Set();
		this.bodyTexts = new Set();
	}

	/** Remember distinctive texts of a request body: none may reach the log. */
	#rememberBody(value) {
		if (this.bodyTexts.size >= 2000) return;
		if (typeof value === 'string') {
			if (value.length >= 12 && /\s/.test(value)) this.bodyTexts.add(value.slice(0, 200));
		} else if (value && typeof value === 'object') {
			for (const v of Object.values(value)) this.#rememberBody(v);
		}
	}

	async start() {
		let lastErr;
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = this.fixedPort ?? await freePort();
			try {
				await this.#spawn(port);
				return this;
			} catch (e) {
				lastErr = e;
				if (this.exited === null) await this.stop().catch(() => {});
				// only a port race is retried, and only on a port of our choosing
				if (!/cannot listen/.test(this.stderr) || this.fixedPort) break;
			}
		}
		throw lastErr;
	}

	async #spawn(port) {
		this.port = port;
		this.base = `http://127.0.0.1:${port}`;
		const args = ['--database', this.conninfo, '--data-dir', this.dataDir,
			'--listen', `127.0.0.1:${port}`];
		if (this.config) args.push('--config', this.config);
		args.push(...this.extraArgs, 'serve');
		this.exited = null;
		const child = spawn(env.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (d) => { this.stdout += d; });
		child.stderr.on('data', (d) => { this.stderr += d; });
		this.exitPromise = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				this.exited = { code, signal };
				resolve(this.exited);
			});
		});
		const deadline = Date.now() + TIMEOUT.start;
		while (Date.now() < deadline) {
			if (this.exited) {
				throw new Error(`directoryd serve exited ${JSON.stringify(this.exited)} before answering:\n${this.stderr}`);
			}
			try {
				const r = await fetch(`${this.base}/health`);
				await r.arrayBuffer();
				if (r.status === 200) return;
			} catch { /* not listening yet */ }
			await sleep(50);
		}
		throw new Error(`directoryd serve did not answer /health within ${TIMEOUT.start} ms:\n${this.stderr}`);
	}

	/** SIGTERM and wait; {code, signal}. */
	async stop() {
		if (!this.child) return null;
		if (this.exited) return this.exited;
		this.child.kill('SIGTERM');
		let handle;
		const timer = new Promise((resolve) => { handle = setTimeout(() => resolve('timeout'), TIMEOUT.stop); });
		const r = await Promise.race([this.exitPromise, timer]);
		clearTimeout(handle);
		if (r === 'timeout') {
			this.child.kill('SIGKILL');
			await this.exitPromise;
			throw new Error(`directoryd did not stop within ${TIMEOUT.stop} ms of SIGTERM:\n${this.stderr}`);
		}
		// let the stderr pipe drain
		await sleep(20);
		return r;
	}

	/** Stop, assert a clean exit (status 0) and that no request was logged. */
	async stopClean() {
		const r = await this.stop();
		assert.deepEqual(r, { code: 0, signal: null },
			`directoryd should exit 0 on SIGTERM; got ${JSON.stringify(r)}\n${this.stderr}`);
		this.assertNoRequestLog();
	}

	signal(sig) {
		this.child.kill(sig);
	}

	/**
	 * fetch wrapper. opts: method, body (object -> JSON; string/Buffer sent
	 * as is), token, headers. Resolves {status, headers, text, json}.
	 */
	async request(path, { method = 'GET', body, token, headers = {} } = {}) {
		this.requested.add(path);
		const h = { ...headers };
		let payload;
		if (body !== undefined) {
			if (typeof body === 'string' || body instanceof Uint8Array) {
				payload = body;
			} else {
				payload = JSON.stringify(body);
				this.#rememberBody(body);
			}
			if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
				h['Content-Type'] = 'application/json';
			}
		}
		if (token) h.Authorization = `Bearer ${token}`;
		const r = await fetch(this.base + path, { method, body: payload, headers: h });
		const text = await r.text();
		let json;
		try { json = text.length ? JSON.parse(text) : undefined; } catch { json = undefined; }
		return { status: r.status, headers: r.headers, text, json };
	}

	/** GET that must answer 200 with JSON; returns the parsed body. */
	async get(path, opts) {
		const r = await this.request(path, opts);
		assert.equal(r.status, 200, `GET ${path}: expected 200, got ${r.status} ${r.text.slice(0, 2000)}`);
		assert.ok(r.json !== undefined, `GET ${path}: body is not JSON: ${r.text.slice(0, 200)}`);
		return r.json;
	}

	/**
	 * A raw request on a node:net socket, for bodies the server may refuse
	 * before reading them (413). Resolves {status, headers, text, json} as
	 * soon as a whole response is in, even while the body is still being
	 * sent, and also when a write error (EPIPE, ECONNRESET) comes after a
	 * whole response: node:http drops a response that arrives before a write
	 * error, since it destroys the socket on the error. Rejects when the
	 * connection ends or fails without a whole response. body: Buffer, sent
	 * in 64 KiB pieces; with chunked: true as chunks, without Content-Length.
	 */
	rawRequest(path, { method = 'POST', body, headers = {}, chunked = false } = {}) {
		this.requested.add(path);
		return new Promise((resolve, reject) => {
			const h = { Host: `127.0.0.1:${this.port}`, 'Content-Type': 'application/json', Connection: 'close', ...headers };
			if (chunked) h['Transfer-Encoding'] = 'chunked';
			else if (body) h['Content-Length'] = String(body.length);
			const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
			const sock = net.connect({ host: '127.0.0.1', port: this.port });
			const received = [];
			let settled = false;
			const settle = (failure) => {
				if (settled) return;
				const r = parseResponse(Buffer.concat(received), failure !== null);
				if (!r && !failure) return;
				settled = true;
				sock.destroy();
				if (r) resolve(r);
				else reject(failure);
			};
			sock.on('data', (d) => { received.push(d); settle(null); });
			sock.on('end', () => settle(new Error(`the server closed the connection without a whole response (${Buffer.concat(received).length} bytes)`)));
			sock.on('close', () => settle(new Error('the connection closed without a whole response')));
			sock.on('error', (e) => settle(e));
			// The body goes out one piece at a time, each after the last was
			// written and pending reads had their turn (setImmediate): a response
			// that came early is read before the next write can fail on a reset.
			const pieces = [];
			const step = 64 * 1024;
			for (let i = 0; body && i < body.length; i += step) {
				const part = body.subarray(i, i + step);
				if (chunked) pieces.push(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]));
				else pieces.push(part);
			}
			if (body && chunked) pieces.push(Buffer.from('0\r\n\r\n'));
			const next = () => {
				if (settled || sock.destroyed || pieces.length === 0) return;
				sock.write(pieces.shift(), (e) => { if (!e) setImmediate(next); });
			};
			sock.on('connect', () => sock.write(head, (e) => { if (!e) setImmediate(next); }));
		});
	}

	/**
	 * Section 13: stderr holds no access log. Apart from the one start-up
	 * line naming the listening address, no IPv4 address, no requested path,
	 * no query string or search term and no text of a request body may
	 * appear.
	 */
	assertNoRequestLog() {
		const lines = this.stderr.split('\n').filter((l) => !/^directoryd: node \S+ listening on http:\/\/\S+$/.test(l));
		const rest = lines.join('\n');
		const ip = rest.match(/(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/);
		assert.equal(ip, null, `daemon stderr names an IP address (${ip && ip[0]}):\n${this.stderr}`);
		assert.ok(!/\bGET\b|\bPOST\b|\bPUT\b|\bDELETE\b|HTTP\/1/.test(rest),
			`daemon stderr looks like an access log:\n${this.stderr}`);
		for (const t of this.bodyTexts) {
			assert.ok(!rest.includes(t), `daemon stderr contains text of a request body (${t}):\n${this.stderr}`);
		}
		for (const p of this.requested) {
			const q = p.indexOf('?');
			const pathname = q >= 0 ? p.slice(0, q) : p;
			const query = q >= 0 ? p.slice(q + 1) : '';
			if (pathname.length > 1) {
				assert.ok(!rest.includes(pathname), `daemon stderr contains the request path ${pathname}:\n${this.stderr}`);
			}
			if (query) {
				assert.ok(!rest.includes(query), `daemon stderr contains the query string ${query}:\n${this.stderr}`);
				for (const [, v] of new URLSearchParams(query)) {
					if (v.length >= 4 && !/^(true|false|\d+)$/.test(v)) {
						assert.ok(!rest.includes(v), `daemon stderr contains the search term ${v}:\n${this.stderr}`);
					}
				}
			}
		}
	}
}

/**
 * Set up one test file's world: a fresh database, migrated, optionally with
 * the sample directory, and a running daemon. Returns
 * {conninfo, daemon, dbName}.
 */
export async function setupNode(fileUrl, { sample = false, config, extraArgs, dbName } = {}) {
	const name = dbName || dbNameFor(fileUrl);
	const conninfo = await migratedDatabase(name);
	if (sample) await importSample(conninfo);
	const daemon = new Daemon(conninfo, { config, extraArgs });
	await daemon.start();
	return { conninfo, daemon, dbName: name };
}

export async function dropDatabase(name) {
	await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function cleanupDir(dir) {
	try { rmSync(dir, { recursive: true, force: true }); } catch { /* ignore */ }
}

/**
 * A test server run by one of the repository's scripts with "start DIR" and
 * "stop DIR" (tests/ldap/slapd-test, tests/smtp/smtp-sink), started in dir.
 * Returns { out, stop }: what start printed (its ports), trimmed, and a
 * function that stops it. Fails the test when it does not start.
 */
export async function startTestServer(script, dir) {
	const r = await run(script, ['start', dir]);
	assert.equal(r.code, 0, `${basename(script)} start: ${r.stderr}`);
	return { out: r.stdout.trim(), stop: () => run(script, ['stop', dir]) };
}

/**
 * The test slapd (tests/ldap/slapd-test) started in dir/slapd, with the
 * password directoryd binds with in dir/bind.pw. Returns { dir, script,
 * ports: [ldap, ldaps], stop, config(groupsFile) }, where config gives the
 * configuration lines that sign in through it over ldaps:// with the group
 * map groupsFile (docs/security.md, "LDAP").
 */
export async function startSlapd(dir) {
	const script = join(env.src, 'tests', 'ldap', 'slapd-test');
	const slapdDir = join(dir, 'slapd');
	const server = await startTestServer(script, slapdDir);
	const ports = server.out.split(' ').map(Number);
	const pw = writeTemp(dir, 'bind.pw', 'service secret 9\n');
	const config = (groupsFile) => [`ldap_uri = ldaps://127.0.0.1:${ports[1]}`,
		`ldap_ca_file = ${slapdDir}/ca.pem`, 'ldap_bind_dn = cn=directoryd,ou=services,dc=example,dc=org',
		`ldap_bind_password_file = ${pw}`, 'ldap_user_base = ou=people,dc=example,dc=org',
		'ldap_user_filter = (&(objectClass=inetOrgPerson)(uid=%s))', `ldap_groups_file = ${groupsFile}`,
		'ldap_timeout = 2', 'ldap_network_timeout = 2'];
	return { dir: slapdDir, script, ports, stop: server.stop, config };
}

/**
 * The end of a test file with test servers: stop the daemon, then each
 * server (even when the daemon did not stop cleanly, or never started),
 * then remove dir.
 */
export async function teardown({ daemon, servers = [], dir }) {
	try {
		if (daemon) await daemon.stopClean();
	} finally {
		for (const s of servers) if (s) await s.stop();
		if (dir) cleanupDir(dir);
	}
}

/** Walk every page of a list with per_page; returns all items in order. */
export async function allPages(daemon, path, perPage = 100) {
	const sep = path.includes('?') ? '&' : '?';
	const items = [];
	for (let page = 1; page < 10_000; page++) {
		const body = await daemon.get(`${path}${sep}per_page=${perPage}&page=${page}`);
		items.push(...body.contents);
		if (body.last_page || body.contents.length === 0) break;
	}
	return items;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A copy of a JSON value without any `provenance` or `last_modified` member,
 * at any depth: what a mirror, or a node that imported another's export,
 * must show exactly as the origin does. (Each node writes its own
 * last_modified when it applies a record; provenance says where it came
 * from.)
 */
export function withoutProvenance(value) {
	if (Array.isArray(value)) return value.map(withoutProvenance);
	if (value && typeof value === 'object') {
		const o = {};
		for (const [k, v] of Object.entries(value)) {
			if (k !== 'provenance' && k !== 'last_modified') o[k] = withoutProvenance(v);
		}
		return o;
	}
	return value;
}
