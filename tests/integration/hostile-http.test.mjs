// Hostile HTTP (issue 8): message framing that RFC 9112 says to refuse, and
// slow clients. Raw sockets (node:net), since no HTTP client sends these.
//
// Framing (RFC 9112 sections 3.2, 5.1, 6.1, 6.3): Content-Length together
// with Transfer-Encoding, two different Content-Length values, white space
// between a field name and the colon, a transfer coding other than chunked,
// and HTTP/1.1 without exactly one Host are refused with 400 (501 for a
// coding we do not implement, when chunked is last) and the connection is
// closed after the answer, so nothing after the head is read as a request.
//
// Slow clients: a deadline for the request head and one for the body
// (request_head_timeout, request_body_timeout), and the connection limits
// per address and in total, leave room for everyone else. The daemon here
// runs with small limits and deadlines so that the cases take seconds.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { missingEnv, setupNode, createOrg, createToken, tempDir, writeTemp, cleanupDir, env } from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const SLOW = /asan|sanit/i.test(env.bin || '') ? 2 : 1;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const HEAD_TIMEOUT = 2; // seconds, request_head_timeout below
const BODY_TIMEOUT = 3; // seconds, request_body_timeout below
const PER_IP = 6;
const TOTAL = 24;

/**
 * Open a connection, send bytes, read until the server closes or ms pass.
 * Resolves {data (string), closed (bool), reset (bool), ms}.
 */
function exchange(port, bytes, { localAddress = '127.0.0.1', ms = 5000 } = {}) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const sock = net.connect({ host: '127.0.0.1', port, localAddress });
		let data = '';
		let done = false;
		const finish = (closed, reset = false) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			resolve({ data, closed, reset, ms: Date.now() - t0 });
		};
		const timer = setTimeout(() => finish(false), ms);
		sock.on('connect', () => sock.write(bytes));
		sock.on('data', (d) => { data += d.toString('latin1'); });
		sock.on('end', () => finish(true));
		sock.on('close', () => finish(true));
		sock.on('error', (e) => finish(true, e.code === 'ECONNRESET' || e.code === 'EPIPE'));
	});
}

/** The status codes of every response in a byte stream. */
const statuses = (data) => [...data.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));

/** The JSON body of the first response, or null. */
function firstJson(data) {
	const i = data.indexOf('\r\n\r\n');
	if (i < 0) return null;
	const head = data.slice(0, i);
	const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? -1);
	const body = len >= 0 ? data.slice(i + 4, i + 4 + len) : data.slice(i + 4);
	try { return JSON.parse(body); } catch { return null; }
}

/**
 * A client that opens a request and then sends one more header line every
 * `every` ms (never finishing the head), or, with body: true, sends the
 * head and then one byte of the body every `every` ms. closed resolves with
 * the ms it took the server to close the connection.
 */
function slowClient(port, { localAddress = '127.0.0.1', every = 400, body = false, path = '/services', token } = {}) {
	const sock = net.connect({ host: '127.0.0.1', port, localAddress });
	const t0 = Date.now();
	let timer = null;
	let data = '';
	const connected = new Promise((resolve, reject) => {
		sock.once('connect', resolve);
		sock.once('error', reject);
	});
	const closed = new Promise((resolve) => {
		const end = () => { clearInterval(timer); resolve(Date.now() - t0); };
		sock.on('close', end);
		sock.on('error', () => {});
	});
	sock.on('data', (d) => { data += d.toString('latin1'); });
	sock.on('connect', () => {
		if (body) {
			const auth = token ? `Authorization: Bearer ${token}\r\n` : '';
			sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${auth}Content-Length: 4000\r\n\r\n{`);
		} else {
			sock.write(`GET ${path}?search=slow HTTP/1.1\r\nHost: x\r\n`);
		}
		let n = 0;
		timer = setInterval(() => {
			n++;
			if (sock.destroyed) return;
			sock.write(body ? ' ' : `X-Slow-${n}: ${'a'.repeat(10)}\r\n`);
		}, every);
	});
	return { sock, connected, closed, data: () => data, stop: () => { clearInterval(timer); sock.destroy(); } };
}

describe('hostile HTTP', { skip: skip || false }, () => {
	let node, d, org, token, dir;

	before(async () => {
		dir = tempDir('directoryd-hostile-http-');
		const config = writeTemp(dir, 'directoryd.ini', [
			`request_head_timeout = ${HEAD_TIMEOUT * SLOW}`,
			`request_body_timeout = ${BODY_TIMEOUT * SLOW}`,
			`per_ip_connections = ${PER_IP}`,
			`max_connections = ${TOTAL}`,
			'connection_timeout = 60',
			'',
		].join('\n'));
		node = await setupNode(import.meta.url, { config });
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Hostile HTTP test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
		cleanupDir(dir);
	});

	afterEach(async () => {
		if (!d) return;
		const r = await d.request('/health');
		assert.equal(r.status, 200, `the daemon stopped serving: ${r.status} ${r.text}\n${d.stderr}`);
		assert.equal(d.exited, null, `the daemon exited: ${JSON.stringify(d.exited)}\n${d.stderr}`);
	});

	describe('framing RFC 9112 refuses: 400 and the connection closed', () => {
		function post(doc, headers, bodyText) {
			const body = bodyText ?? JSON.stringify(doc);
			return `POST /services HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
				`Content-Type: application/json\r\n${headers}\r\n${body}`;
		}

		// mhd: libmicrohttpd answers a Content-Length it cannot parse itself
		// (400, an HTML body, its status line twice) before our handler runs.
		async function refused(bytes, what, { status = 400, doc, mhd = false } = {}) {
			const r = await exchange(d.port, bytes);
			assert.ok(r.closed, `${what}: the server closes the connection (got ${JSON.stringify(r.data.slice(0, 300))})`);
			assert.ok(r.ms < 3000, `${what}: answered at once, not after a timeout (${r.ms} ms)`);
			assert.match(r.data, /\r\nConnection: close\r\n/i, `${what}: says Connection: close`);
			if (mhd && !/^application\/json/m.test(r.data) && statuses(r.data).every((x) => x === 400)) {
				assert.ok(statuses(r.data).length >= 1, `${what}: answered 400: ${r.data.slice(0, 300)}`);
			} else {
				assert.deepEqual(statuses(r.data), [status], `${what}: exactly one answer, ${status}: ${JSON.stringify(r.data.slice(0, 600))}`);
				const body = firstJson(r.data);
				assert.equal(body?.error?.code, status === 400 ? 'bad_request' : 'not_implemented', `${what}: ${r.data}`);
			}
			if (doc) assert.equal((await d.request(`/services/${doc.id}`)).status, 404, `${what}: nothing stored`);
			return r;
		}

		it('Content-Length with Transfer-Encoding: refused, and the bytes after the body are no second request', async () => {
			const doc = smallService(org);
			const chunk = JSON.stringify(doc);
			const smuggled = `GET /services?search=smuggled HTTP/1.1\r\nHost: x\r\n\r\n`;
			const bytes = post(doc, `Content-Length: ${chunk.length}\r\nTransfer-Encoding: chunked\r\n`,
				`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n${smuggled}`);
			await refused(bytes, 'CL + TE', { doc });
			// the other order of the two fields
			const doc2 = smallService(org);
			const c2 = JSON.stringify(doc2);
			await refused(post(doc2, `Transfer-Encoding: chunked\r\nContent-Length: 5\r\n`,
				`${c2.length.toString(16)}\r\n${c2}\r\n0\r\n\r\n${smuggled}`), 'TE + CL', { doc: doc2 });
		});

		it('two different Content-Length values, as two fields or as a list', async () => {
			const doc = smallService(org);
			const body = JSON.stringify(doc);
			await refused(post(doc, `Content-Length: ${body.length}\r\nContent-Length: 2\r\n`, body), 'two fields', { doc });
			await refused(post(doc, `Content-Length: 2\r\nContent-Length: ${body.length}\r\n`, body), 'two fields, short first', { doc });
			await refused(post(doc, `Content-Length: ${body.length}, 2\r\n`, body), 'a list of two values', { doc, mhd: true });
		});

		it('a Content-Length that is not a number', async () => {
			const doc = smallService(org);
			const body = JSON.stringify(doc);
			for (const v of ['-1', '+5', '0x10', `${body.length}abc`, '']) {
				await refused(post(doc, `Content-Length: ${v}\r\n`, body), `Content-Length: ${JSON.stringify(v)}`, { doc, mhd: true });
			}
		});

		it('the same Content-Length twice is one length (RFC 9112 6.3) and the request is served', async () => {
			const doc = smallService(org);
			const body = JSON.stringify(doc);
			const r = await exchange(d.port, post(doc, `Content-Length: ${body.length}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`, body));
			assert.deepEqual(statuses(r.data), [201], r.data.slice(0, 500));
		});

		it('white space between a field name and the colon', async () => {
			const doc = smallService(org);
			const body = JSON.stringify(doc);
			await refused(post(doc, `Content-Length : ${body.length}\r\n`, body), 'space before colon', { doc });
			await refused(post(doc, `Content-Length\t: ${body.length}\r\n`, body), 'tab before colon', { doc });
			const g = await exchange(d.port, 'GET /services HTTP/1.1\r\nHost: x\r\nX-Padding : 1\r\n\r\n');
			assert.deepEqual(statuses(g.data), [400], `GET with a space before a colon: ${g.data.slice(0, 300)}`);
			assert.ok(g.closed);
		});

		it('a transfer coding other than chunked: 400 at once (not after 30 s); chunked not last: 400; unknown coding then chunked: 501', async () => {
			const doc = smallService(org);
			const c = JSON.stringify(doc);
			const chunked = `${c.length.toString(16)}\r\n${c}\r\n0\r\n\r\n`;
			await refused(post(doc, 'Transfer-Encoding: gzip\r\n', c), 'gzip', { doc });
			await refused(post(doc, 'Transfer-Encoding: identity\r\n', c), 'identity', { doc });
			await refused(post(doc, 'Transfer-Encoding: chunked, gzip\r\n', chunked), 'chunked, gzip', { doc });
			await refused(post(doc, 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', chunked), 'chunked twice', { doc });
			await refused(post(doc, 'Transfer-Encoding: gzip, chunked\r\n', chunked), 'gzip, chunked', { status: 501, doc });
		});

		it('chunked alone is served', async () => {
			const doc = smallService(org);
			const c = JSON.stringify(doc);
			const r = await exchange(d.port, post(doc, 'Transfer-Encoding: Chunked\r\nConnection: close\r\n',
				`${c.length.toString(16)}\r\n${c}\r\n0\r\n\r\n`));
			assert.deepEqual(statuses(r.data), [201], r.data.slice(0, 500));
		});

		it('HTTP/1.1 without a Host, or with two', async () => {
			await refused('GET /services HTTP/1.1\r\n\r\n', 'no Host');
			await refused('GET /services HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'two Host fields');
			const ok = await exchange(d.port, 'GET /health HTTP/1.0\r\n\r\n');
			assert.deepEqual(statuses(ok.data), [200], `HTTP/1.0 needs no Host: ${ok.data.slice(0, 300)}`);
		});
	});

	describe('slow clients meet deadlines; limits leave room for others', () => {
		it('a client that sends a header line now and then is closed at the head deadline', async () => {
			const c = slowClient(d.port, { every: 300 });
			await c.connected;
			const ms = await Promise.race([c.closed, sleep((HEAD_TIMEOUT + 6) * 1000 * SLOW).then(() => null)]);
			c.stop();
			assert.ok(ms !== null, `the server kept a head that never ends open for ${HEAD_TIMEOUT + 6} s`);
			assert.ok(ms >= (HEAD_TIMEOUT - 0.5) * 1000, `closed after ${ms} ms, not before the deadline`);
			assert.ok(!/HTTP\/1\.1 [2]/.test(c.data()), `no answer to a request never finished: ${c.data()}`);
		});

		it('a body that trickles in is cut off at the body deadline, and nothing is stored', async () => {
			const before = (await d.get('/services?per_page=1')).total_items;
			const c = slowClient(d.port, { every: 300, body: true, token });
			await c.connected;
			const ms = await Promise.race([c.closed, sleep((BODY_TIMEOUT + 6) * 1000 * SLOW).then(() => null)]);
			c.stop();
			assert.ok(ms !== null, `the server waited more than ${BODY_TIMEOUT + 6} s for a body`);
			assert.ok(ms >= (BODY_TIMEOUT - 0.5) * 1000, `closed after ${ms} ms, not before the deadline`);
			assert.equal((await d.get('/services?per_page=1')).total_items, before);
		});

		it(`slow clients holding all ${PER_IP} slots of 127.0.0.1: 127.0.0.2 is answered meanwhile, 127.0.0.1 again after the deadline`, async () => {
			const slow = [];
			for (let i = 0; i < PER_IP; i++) {
				const c = slowClient(d.port, { every: 300 });
				await c.connected;
				slow.push(c);
			}
			try {
				await sleep(200);
				// 127.0.0.1 has no slot left: refused at once
				const full = await exchange(d.port, 'GET /services?search=limit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { ms: 1000 });
				assert.deepEqual(statuses(full.data), [], `the per-address limit holds: ${full.data.slice(0, 200)}`);
				// another address is served while the slow ones are still open
				const other = await exchange(d.port, 'GET /services?search=peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
					{ localAddress: '127.0.0.2', ms: 5000 });
				assert.deepEqual(statuses(other.data), [200], `a search from 127.0.0.2: ${other.data.slice(0, 300)}`);
				// the slow ones are closed at the head deadline; then 127.0.0.1 is served
				const times = await Promise.race([Promise.all(slow.map((c) => c.closed)),
					sleep((HEAD_TIMEOUT + 6) * 1000 * SLOW).then(() => null)]);
				assert.ok(times !== null, 'the slow clients were closed at the head deadline');
				// (the server frees a slot a moment after it shuts the socket down)
				let again;
				for (let i = 0; i < 20; i++) {
					again = await exchange(d.port, 'GET /services?search=again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
					if (statuses(again.data).length) break;
					await sleep(100);
				}
				assert.deepEqual(statuses(again.data), [200], `127.0.0.1 after the deadline: ${again.data.slice(0, 300)}`);
			} finally {
				for (const c of slow) c.stop();
			}
		});

		it(`slow clients from ${TOTAL / PER_IP} addresses filling all ${TOTAL} connections: a new address is answered by the head deadline`, async () => {
			const slow = [];
			for (let a = 0; a < TOTAL / PER_IP; a++) {
				for (let i = 0; i < PER_IP; i++) {
					const c = slowClient(d.port, { every: 300, localAddress: `127.0.1.${a + 1}` });
					await c.connected;
					slow.push(c);
				}
			}
			try {
				await sleep(200);
				const r = await exchange(d.port, 'GET /services?search=newcomer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
					{ localAddress: '127.0.2.1', ms: (HEAD_TIMEOUT + 6) * 1000 * SLOW });
				assert.deepEqual(statuses(r.data), [200], `a newcomer waits for a slot, then is served: ${r.data.slice(0, 300)} (${r.ms} ms)`);
			} finally {
				for (const c of slow) c.stop();
			}
		});

		it('the deadlines are in --help-config, and -n refuses a deadline of 0', async () => {
			const { run } = await import('./lib/harness.mjs');
			const help = await run(env.bin, ['--help-config']);
			for (const key of ['request_head_timeout', 'request_body_timeout']) {
				assert.ok(help.stdout.includes(key) || help.stderr.includes(key), `--help-config lists ${key}`);
			}
			const bad = writeTemp(dir, 'zero.ini', 'request_head_timeout = 0\n');
			const r = await run(env.bin, ['--config', bad, '-n']);
			assert.notEqual(r.code, 0, `a zero deadline is refused: ${r.stdout}${r.stderr}`);
			assert.match(r.stderr + r.stdout, /request_head_timeout/);
		});
	});

	it('keep-alive still works: two requests on one connection', async () => {
		const r = await exchange(d.port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
		assert.deepEqual(statuses(r.data), [200, 200], r.data.slice(0, 600));
	});
});
