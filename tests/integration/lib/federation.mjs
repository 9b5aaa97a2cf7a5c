// federation.mjs - several directoryd nodes on loopback against the ONE
// PostgreSQL cluster of scripts/test, for the federation tests
// (docs/federation.md). Each node has its own database, INI configuration
// file, key folder (mode 0700) and public_url; fedWorld() starts them,
// runs migrate and keygen, and wires peers both ways.
//
// A federation command that is not implemented yet fails the test with a
// message naming it (fedCli), never a hang: every CLI call has a timeout and
// every HTTP call to a node is a plain request that answers or fails.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

import {
	env, run, psql, migratedDatabase, dropDatabase, freePort, createToken, cleanupDir, Daemon, allPages, TIMEOUT,
} from './harness.mjs';

const SLOW = /asan|sanit/i.test(env.bin || '') ? 4 : 1;
export const FED_TIMEOUT = { sync: 60_000 * SLOW, cli: 30_000 * SLOW };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Parse JSON Lines output; every non-empty line must be a JSON value. */
export function jsonLines(text, what) {
	return text.split('\n').filter((l) => l.trim()).map((l, i) => {
		try { return JSON.parse(l); } catch { assert.fail(`${what}: line ${i + 1} is not JSON: ${l.slice(0, 300)}`); }
	});
}

/** Every `code` member anywhere in a JSON value (error objects nested in peer status). */
export function codesIn(value, out = []) {
	if (Array.isArray(value)) {
		for (const v of value) codesIn(v, out);
	} else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			if (k === 'code' && typeof v === 'string') out.push(v);
			else codesIn(v, out);
		}
	}
	return out;
}

export { withoutProvenance } from './harness.mjs';

/**
 * One node: database dirtest_<prefix>_<name>, configuration file, key
 * folder. Fields after init(): name, port, url, nodeId, config, conninfo,
 * dbName, keyDir, keyid, fingerprint, daemon (after start()), admin (token).
 */
export class FedNode {
	constructor(prefix, name, { mode = 'origin', country = '', settings = {} } = {}) {
		this.prefix = prefix;
		this.name = name;
		this.mode = mode;
		this.country = country;
		this.settings = settings;
		this.daemon = null;
	}

	async init() {
		this.dir = mkdtempSync(join(tmpdir(), `directoryd-fed-${this.name}-`));
		this.keyDir = mkdtempSync(join(this.dir, 'keys-'));
		chmodSync(this.keyDir, 0o700);
		this.port = await freePort();
		this.url = `http://127.0.0.1:${this.port}`;
		this.nodeId = `127.0.0.1:${this.port}`;
		this.dbName = `dirtest_${this.prefix}_${this.name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
		this.conninfo = await migratedDatabase(this.dbName);
		this.writeConfig();
		const k = await this.cliJson(['keygen']);
		assert.equal(typeof k.keyid, 'string', `${this.name}: keygen printed a keyid: ${JSON.stringify(k)}`);
		assert.match(k.fingerprint, /^ed25519:[A-Za-z0-9_-]{43}$/, `${this.name}: keygen fingerprint`);
		assert.equal(k.keyid, `${this.nodeId}#1`, `${this.name}: the first key id is <node_id>#1`);
		this.keyid = k.keyid;
		this.fingerprint = k.fingerprint;
		return this;
	}

	writeConfig() {
		const s = {
			database: this.conninfo,
			listen: `127.0.0.1:${this.port}`,
			public_url: this.url,
			node_name: `Test node ${this.name}`,
			country: this.country,
			data_dir: env.src,
			mode: this.mode,
			key_dir: this.keyDir,
			sync_interval: 3600,
			...this.settings,
		};
		const text = Object.entries(s).filter(([, v]) => v !== '' && v != null)
			.map(([k, v]) => `${k} = ${v}`).join('\n') + '\n';
		this.config = join(this.dir, 'directoryd.ini');
		writeFileSync(this.config, text);
	}

	/** `directoryd -c CONFIG args...`: {code, signal, stdout, stderr}. */
	cli(args, opts = {}) {
		return run(env.bin, ['-c', this.config, ...args], { timeout: FED_TIMEOUT.cli, ...opts });
	}

	async cliOk(args, opts) {
		const r = await this.cli(args, opts);
		assert.equal(r.code, 0, `${this.name}: directoryd ${args.join(' ')} exited ${r.code} (${r.signal || ''}):\n` +
			`${r.stderr.slice(0, 3000)}${r.stdout.slice(0, 1000)}`);
		return r;
	}

	/** A command that prints one JSON object. */
	async cliJson(args) {
		const r = await this.cliOk(args);
		const lines = jsonLines(r.stdout, `${this.name}: ${args.join(' ')}`);
		assert.equal(lines.length, 1, `${this.name}: ${args.join(' ')} prints one JSON object: ${r.stdout}`);
		return lines[0];
	}

	/** A command that prints JSON lines. */
	async cliLines(args) {
		const r = await this.cliOk(args);
		return jsonLines(r.stdout, `${this.name}: ${args.join(' ')}`);
	}

	async start() {
		this.daemon = new Daemon(this.conninfo, { config: this.config, port: this.port });
		await this.daemon.start();
		this.admin = await createToken(this.conninfo, { nodeAdmin: true, label: `admin-${this.name}` });
		return this;
	}

	async stop() {
		if (this.daemon) await this.daemon.stop().catch(() => {});
	}

	/** `directoryd sync [--peer NAME]`: {code, stdout, stderr}. */
	sync(peer, opts = {}) {
		const args = ['sync'];
		if (peer) args.push('--peer', peer);
		return this.cli(args, { timeout: FED_TIMEOUT.sync, ...opts });
	}

	async syncOk(peer) {
		const r = await this.sync(peer);
		if (r.code !== 0) {
			// the peers' status says why: last_error and refused records
			const status = await this.cli(['peers', 'list']).then((p) => p.stdout, (e) => String(e));
			assert.fail(`${this.name}: directoryd sync${peer ? ' --peer ' + peer : ''} exited ${r.code} ` +
				`(${r.signal || ''}):\n${r.stderr.slice(0, 3000)}${r.stdout.slice(0, 1000)}\npeers list:\n${status.slice(0, 3000)}`);
		}
		return r;
	}

	/** `peers list` as objects. */
	peers() {
		return this.cliLines(['peers', 'list']);
	}

	/** The `peers list` entry of a peer, by name. */
	async peer(name) {
		const all = await this.peers();
		const p = all.find((x) => x.name === name);
		assert.ok(p, `${this.name}: peers list has ${name}: ${JSON.stringify(all)}`);
		return p;
	}

	/** The entry of GET /admin/peers for a peer, by name. */
	async adminPeer(name) {
		const body = await this.daemon.get('/admin/peers', { token: this.admin });
		const list = Array.isArray(body) ? body : body.peers || body.contents || body.items;
		assert.ok(Array.isArray(list), `${this.name}: GET /admin/peers is a list: ${JSON.stringify(body).slice(0, 500)}`);
		const p = list.find((x) => x.name === name);
		assert.ok(p, `${this.name}: GET /admin/peers has ${name}: ${JSON.stringify(list).slice(0, 1000)}`);
		return p;
	}

	/**
	 * Assert the refusal `code` is shown for a peer by both `peers list` and
	 * GET /admin/peers (as last_error or among the refused records).
	 */
	async assertRefusalShown(peerName, code) {
		const p = await this.peer(peerName);
		assert.ok(codesIn(p).includes(code), `${this.name}: peers list shows ${code} for ${peerName}: ${JSON.stringify(p)}`);
		const a = await this.adminPeer(peerName);
		assert.ok(codesIn(a).includes(code), `${this.name}: GET /admin/peers shows ${code} for ${peerName}: ${JSON.stringify(a)}`);
	}

	/** psql on this node's database. */
	sql(text) {
		return psql(text, { db: this.dbName });
	}

	/** The whole database as SQL text (pg_dump), to look for text that must not be there. */
	async dump() {
		const r = await run('pg_dump', ['-h', env.pghost, '--data-only', this.dbName]);
		assert.equal(r.code, 0, `pg_dump ${this.dbName}: ${r.stderr}`);
		return r.stdout;
	}

	/** An HTTP request with this node's admin token. */
	write(path, method, body) {
		return this.daemon.request(path, { method, body, token: this.admin });
	}

	async writeOk(path, method, body, status) {
		const r = await this.write(path, method, body);
		const want = status ?? (method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200);
		assert.equal(r.status, want, `${this.name}: ${method} ${path}: ${r.status} ${r.text.slice(0, 1000)}`);
		return r.json;
	}

	/** Every item of an HSDS list, by id. */
	async listing(path) {
		const items = await allPages(this.daemon, path);
		return new Map(items.map((x) => [x.id, x]));
	}

	async cleanup() {
		await this.stop();
		await dropDatabase(this.dbName).catch(() => {});
		cleanupDir(this.dir);
	}
}

/**
 * `peers add` on the puller for the server, and on the server for the
 * puller (--serve-only unless the server pulls it back, which then takes
 * its own wire() call). relays: [originNode, ...] whose records the server
 * may pass on.
 */
export async function wire(puller, server, { relays = [], name = server.name } = {}) {
	const args = ['peers', 'add', name, server.url, server.fingerprint];
	for (const o of relays) args.push('--relay', `${o.nodeId}=${o.fingerprint}`);
	await puller.cliOk(args);
	await serveTo(server, puller);
}

/** Configure `client` on `server` as a peer that may pull but is not pulled. */
export async function serveTo(server, client) {
	const have = await server.peers().catch(() => []);
	if (have.some((p) => p.name === client.name)) return;
	await server.cliOk(['peers', 'add', client.name, client.url, client.fingerprint, '--serve-only']);
}

/**
 * Make and start nodes: specs = {name: {mode, country, settings}}. Returns
 * {nodes: {name: FedNode}, cleanup()}. On a failure in set-up every node
 * made so far is stopped before the error goes on.
 */
export async function fedWorld(prefix, specs) {
	const nodes = {};
	const cleanup = async () => {
		for (const n of Object.values(nodes)) await n.cleanup();
	};
	// all settle before any cleanup, so that no node is made after it
	const results = await Promise.allSettled(Object.entries(specs).map(async ([name, spec]) => {
		const n = new FedNode(prefix, name, spec);
		nodes[name] = n;
		await n.init();
		await n.start();
	}));
	const failed = results.find((r) => r.status === 'rejected');
	if (failed) {
		await cleanup();
		throw failed.reason;
	}
	return { nodes, cleanup };
}

/** Poll fn() until it returns a truthy value or ms pass; returns the value or null. */
export async function until(fn, ms = 10_000, step = 50) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		const v = await fn();
		if (v) return v;
		await sleep(step);
	}
	return null;
}

export { sleep };
