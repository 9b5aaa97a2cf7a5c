// bench/connections/run.mjs - what the connection limits and deadlines leave
// to real users (issue 8; docs/operations.md, "Connections"). Out of CI:
// the numbers depend on the machine. Results go in docs/performance.md.
//
//   DIRECTORYD_BIN=... DIRECTORYD_SRC=... DIRECTORYD_PGHOST=... node bench/connections/run.mjs
//
// Measurements against the sample directory, default configuration unless
// said (threads 4, max_connections 256, per_ip_connections 32,
// request_head_timeout 10 s):
//   A. search latency from 127.0.0.2, alone and while 127.0.0.1 keeps all 32
//      of its slots held by slow clients (a header line each second, each
//      replaced as soon as it is closed); whether a 33rd slow client from
//      127.0.0.1 is refused; how long a slow client holds its slot;
//   B. 256 slow clients from 8 addresses holding every connection: how long
//      a newcomer from a ninth address waits for its answer;
//   C. 500 concurrent searches from one address (every client behind nginx
//      shares it): answered and refused, with per_ip_connections 32 and 256;
//   D. room for real users: 256 concurrent searches from 16 addresses (16
//      each), and 500 from 50 addresses (10 each, more than max_connections).
import net from 'node:net';

import { setupNode, tempDir, writeTemp, cleanupDir, dropDatabase } from '../../tests/integration/lib/harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function search(port, localAddress, q = 'beratung') {
	return new Promise((resolve) => {
		const t0 = process.hrtime.bigint();
		const sock = net.connect({ host: '127.0.0.1', port, localAddress });
		let data = '';
		const done = (status) => {
			sock.destroy();
			resolve({ status, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
		};
		sock.on('connect', () => sock.write(`GET /services?search=${q}&per_page=10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
		sock.on('data', (d) => { data += d; });
		sock.on('close', () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
		sock.on('error', () => {});
	});
}

function slow(port, localAddress, every = 1000) {
	const sock = net.connect({ host: '127.0.0.1', port, localAddress });
	let timer;
	let n = 0;
	const c = { connectedAt: null, closedAt: null, stopped: false };
	c.closed = new Promise((resolve) => sock.on('close', () => { c.closedAt = Date.now(); clearInterval(timer); resolve(); }));
	sock.on('error', () => {});
	sock.on('connect', () => {
		c.connectedAt = Date.now();
		sock.write('GET /services HTTP/1.1\r\nHost: x\r\n');
		timer = setInterval(() => sock.write(`X-Slow-${n++}: 1\r\n`), every);
	});
	c.stop = () => { c.stopped = true; clearInterval(timer); sock.destroy(); };
	return c;
}

/** count slow clients from localAddress, each replaced when the server closes it. stop() ends them. */
function holdSlots(port, localAddress, count) {
	const first = [];
	const live = new Set();
	let stopping = false;
	const open = (isFirst) => {
		const c = slow(port, localAddress);
		live.add(c);
		if (isFirst) first.push(c);
		c.closed.then(() => {
			live.delete(c);
			if (!stopping) open(false);
		});
	};
	for (let i = 0; i < count; i++) open(true);
	return { first, stop: () => { stopping = true; for (const c of live) c.stop(); } };
}

const pct = (xs, p) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const fmt = (x) => x.toFixed(1);

async function latency(port, n = 100) {
	const ms = [];
	for (let i = 0; i < n; i++) {
		const r = await search(port, '127.0.0.2');
		if (r.status !== 200) throw new Error(`search answered ${r.status}`);
		ms.push(r.ms);
	}
	return { median: pct(ms, 0.5), p95: pct(ms, 0.95) };
}

async function node(name, extra = '') {
	const dir = tempDir('directoryd-bench-conn-');
	const config = writeTemp(dir, 'd.ini', extra);
	const n = await setupNode(new URL(`file:///bench-connections-${name}.test.mjs`), { sample: true, config });
	return { ...n, dir };
}

async function main() {
	const out = [];
	let n = await node('a');
	try {
		const alone = await latency(n.daemon.port);
		const hold = holdSlots(n.daemon.port, '127.0.0.1', 32);
		await sleep(1000);
		const extra = slow(n.daemon.port, '127.0.0.1');
		const t33 = Date.now();
		await Promise.race([extra.closed, sleep(5000)]);
		const refused33 = extra.closedAt !== null ? `closed after ${extra.closedAt - t33} ms` : 'still open after 5 s';
		extra.stop();
		const busy = await latency(n.daemon.port);
		await Promise.all(hold.first.map((c) => c.closed));
		hold.stop();
		const held = hold.first.filter((c) => c.connectedAt !== null).map((c) => (c.closedAt - c.connectedAt) / 1000);
		out.push(`A. search from 127.0.0.2, 100 in a row: alone median ${fmt(alone.median)} ms, p95 ${fmt(alone.p95)} ms; ` +
			`while 127.0.0.1 holds its 32 slots with slow clients median ${fmt(busy.median)} ms, p95 ${fmt(busy.p95)} ms; ` +
			`a 33rd slow client from 127.0.0.1 was ${refused33}; a slow client held its slot ` +
			`${fmt(pct(held, 0))}-${fmt(pct(held, 1))} s (median ${fmt(pct(held, 0.5))} s)`);

		const all = [];
		for (let a = 1; a <= 8; a++) for (let i = 0; i < 32; i++) all.push(slow(n.daemon.port, `127.0.1.${a}`));
		await sleep(1000);
		const r = await search(n.daemon.port, '127.0.2.1');
		for (const h of all) h.stop();
		out.push(`B. 256 slow clients from 8 addresses: a newcomer from a 9th address got ${r.status} after ${fmt(r.ms / 1000)} s`);
		await sleep(1000);

		for (const [addresses, each] of [[16, 16], [50, 10]]) {
			const t0 = Date.now();
			const rs = await Promise.all(Array.from({ length: addresses * each },
				(_, i) => search(n.daemon.port, `127.0.3.${1 + (i % addresses)}`)));
			const ok = rs.filter((x) => x.status === 200);
			out.push(`D. ${addresses * each} concurrent searches from ${addresses} addresses (${each} each): ` +
				`${ok.length} answered 200, ${rs.length - ok.length} not, in ${fmt((Date.now() - t0) / 1000)} s; ` +
				`median ${fmt(pct(ok.map((x) => x.ms), 0.5))} ms, p95 ${fmt(pct(ok.map((x) => x.ms), 0.95))} ms`);
		}
	} finally {
		await n.daemon.stop();
		await dropDatabase(n.dbName);
		cleanupDir(n.dir);
	}
	for (const perIp of [32, 256]) {
		n = await node(`c${perIp}`, `per_ip_connections = ${perIp}\nmax_connections = 256\n`);
		try {
			const t0 = Date.now();
			const rs = await Promise.all(Array.from({ length: 500 }, () => search(n.daemon.port, '127.0.0.1')));
			const ok = rs.filter((x) => x.status === 200).length;
			out.push(`C. 500 concurrent searches from one address, per_ip_connections ${perIp}: ${ok} answered 200, ` +
				`${500 - ok} refused (closed), in ${fmt((Date.now() - t0) / 1000)} s; p95 of the answered ` +
				`${fmt(pct(rs.filter((x) => x.status === 200).map((x) => x.ms), 0.95))} ms`);
		} finally {
			await n.daemon.stop();
			await dropDatabase(n.dbName);
			cleanupDir(n.dir);
		}
	}
	console.log(out.join('\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
