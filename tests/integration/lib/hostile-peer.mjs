// hostile-peer.mjs - a federation peer written in Node, independently of
// directoryd's C code, for the refusal and interop tests
// (docs/federation.md). It signs its HTTP messages with RFC 9421 through the
// npm package http-message-signatures (Ed25519 keys from node:crypto,
// RFC 9530 Content-Digest computed here since the package does not), and
// its records with Ed25519 over RFC 8785 JCS from the npm package
// canonicalize. It can serve what a test tells it to, including records it
// took from a real origin's feed and altered, and it can sign requests to a
// real node as a configured peer.
import { createServer } from 'node:http';
import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import assert from 'node:assert/strict';
import canonicalize from 'canonicalize';
import { httpbis, createSigner, createVerifier } from 'http-message-signatures';

export const PROTOCOL = 'directoryd-fed/1';
export const REQUEST_FIELDS = ['@method', '@target-uri', '@authority'];
export const REQUEST_BODY_FIELDS = ['@method', '@target-uri', '@authority', 'content-digest', 'content-type'];
export const RESPONSE_FIELDS = ['@status', 'content-type', 'content-digest', '@method;req', '@target-uri;req'];
const PARAMS = ['created', 'expires', 'nonce', 'keyid', 'tag'];

export const b64url = (buf) => Buffer.from(buf).toString('base64url');
/** RFC 3339 UTC with whole seconds and Z. */
export const rfc3339 = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** RFC 9530 Content-Digest (sha-256) of the bytes. */
export function contentDigest(bytes) {
	return `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
}

/** An Ed25519 key pair with its key id (section 1). */
export class FedKey {
	constructor(keyid) {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		this.keyid = keyid;
		this.publicKey = publicKey;
		this.privateKey = privateKey;
		this.publicB64url = publicKey.export({ format: 'jwk' }).x; // raw 32 bytes, base64url
		this.fingerprint = `ed25519:${this.publicB64url}`;
		this.validFrom = rfc3339(new Date(Date.now() - 3600_000));
	}

	sign(bytes) {
		return sign(null, Buffer.from(bytes), this.privateKey);
	}

	signer(keyid = this.keyid) {
		return createSigner(this.privateKey, 'ed25519', keyid);
	}

	/** The entry of a well-known document's `keys` list. */
	entry(state = 'current') {
		return { keyid: this.keyid, alg: 'ed25519', public_key: this.publicB64url, fingerprint: this.fingerprint,
			valid_from: this.validFrom, state };
	}

	/** The `revoked_keys` entry with its self-signed revocation statement (section 2). */
	revokedEntry(revokedAt = rfc3339()) {
		const statement = { keyid: this.keyid, protocol: PROTOCOL, revoked_at: revokedAt, type: 'revocation' };
		return { keyid: this.keyid, alg: 'ed25519', public_key: this.publicB64url, fingerprint: this.fingerprint,
			revoked_at: revokedAt, revocation: b64url(this.sign(Buffer.from(canonicalize(statement), 'utf8'))) };
	}
}

/** A public key object from a fingerprint `ed25519:<base64url>`. */
export function publicKeyOf(fingerprint) {
	const m = /^ed25519:([A-Za-z0-9_-]{43})$/.exec(fingerprint);
	assert.ok(m, `not a fingerprint: ${fingerprint}`);
	return { key: { kty: 'OKP', crv: 'Ed25519', x: m[1] }, format: 'jwk' };
}

/** A record object (section 5). */
export function makeRecord({ origin, type, id, version, body, deleted = false, updated = rfc3339() }) {
	const r = { protocol: PROTOCOL, origin, type, id, version, updated, deleted };
	if (!deleted) r.body = body;
	return r;
}

/** {record, sig} with the record signed by key (under keyid, default the key's own). */
export function signRecord(record, key, keyid = key.keyid) {
	const value = b64url(key.sign(Buffer.from(canonicalize(record), 'utf8')));
	return { record, sig: { keyid, value } };
}

/** Does an item's record signature verify against a fingerprint? */
export function recordVerifies(item, fingerprint) {
	return verify(null, Buffer.from(canonicalize(item.record), 'utf8'), publicKeyOf(fingerprint),
		Buffer.from(item.sig.value, 'base64url'));
}

/** The nonce of the `fed` signature of a Signature-Input header, or null. */
export function nonceOf(signatureInput) {
	const m = /(?:^|,)\s*fed=\([^)]*\)[^,]*?;nonce="([^"]+)"/.exec(signatureInput || '');
	return m ? m[1] : null;
}

/**
 * RFC 9421 request headers signed with the request profile of section 4.
 * opts: key (FedKey), keyid, method, url, body (Buffer|string), headers,
 * created (Date), nonce. Returns the headers to send.
 */
export async function signRequestHeaders({ key, keyid = key.keyid, method = 'GET', url, body, headers = {},
	created = new Date(), nonce = b64url(randomBytes(16)), fields } = {}) {
	const h = { ...headers };
	if (body !== undefined) {
		h['content-type'] = h['content-type'] || 'application/json';
		h['content-digest'] = contentDigest(Buffer.from(body));
	}
	const signed = await httpbis.signMessage({
		key: key.signer(keyid), name: 'fed',
		fields: fields || (body !== undefined ? REQUEST_BODY_FIELDS : REQUEST_FIELDS),
		params: PARAMS,
		paramValues: { created, expires: new Date(created.getTime() + 300_000), nonce, keyid, tag: PROTOCOL },
	}, { method, url, headers: h });
	return signed.headers;
}

/**
 * A signed request to a real node. opts as signRequestHeaders, plus
 * sendBody (bytes actually sent, default body) and headers. Resolves
 * {status, headers (plain object), body (Buffer), text, json, request}.
 */
export async function signedFetch(opts) {
	const headers = await signRequestHeaders(opts);
	return sendRaw(opts.url, { method: opts.method || 'GET', headers, body: opts.sendBody ?? opts.body });
}

/** Send exactly these headers and body; resolves as signedFetch. */
export async function sendRaw(url, { method = 'GET', headers = {}, body }) {
	const r = await fetch(url, { method, headers, body, redirect: 'manual' });
	const buf = Buffer.from(await r.arrayBuffer());
	const text = buf.toString('utf8');
	let json;
	try { json = JSON.parse(text); } catch { json = undefined; }
	return { status: r.status, headers: Object.fromEntries(r.headers), body: buf, text, json,
		request: { method, url, headers } };
}

/**
 * Verify a response of a node with http-message-signatures and our own
 * Content-Digest check. fingerprint: the key we expect (pinned out of band).
 * Returns {signature: bool, digest: bool, keyid, nonce}.
 */
export async function verifyResponse(res, fingerprint, { expectNonce } = {}) {
	const input = res.headers['signature-input'] || '';
	const keyid = /keyid="([^"]+)"/.exec(input)?.[1];
	let signature = false;
	try {
		signature = await httpbis.verifyMessage({
			keyLookup: async (params) => (params.tag === PROTOCOL
				? { id: params.keyid, algs: ['ed25519'], verify: createVerifier(publicKeyOf(fingerprint), 'ed25519') }
				: null),
			requiredFields: ['@status', 'content-type', 'content-digest'],
			requiredParams: PARAMS,
		}, { status: res.status, headers: res.headers }, res.request) === true;
	} catch {
		signature = false;
	}
	const digest = res.headers['content-digest'] === contentDigest(res.body);
	const nonce = nonceOf(input);
	if (expectNonce !== undefined && nonce !== expectNonce) signature = false;
	return { signature, digest, keyid, nonce };
}

/**
 * The hostile (or simply independent) peer: an HTTP server on loopback that
 * serves /.well-known/directoryd, /federation/v1/changes and
 * /federation/v1/snapshot with responses it signs itself.
 *
 * What it serves is set by the test:
 *   items           the feed's items (setItems() bumps the cursor)
 *   transportKey    the key that signs responses (default keys[0])
 *   transportKeyid  the key id it signs them under
 *   currentKeys     keys listed as current in the well-known document
 *   revokedKeys     keys listed as revoked, with self-revocation statements
 *   tamper          fn(Buffer) -> Buffer applied to a feed body AFTER its
 *                   digest and signature were made
 *   feedHook        fn(page, query, path) -> page: rewrites a feed page
 *                   before it is signed (a peer that loops, say)
 */
export class HostilePeer {
	constructor(name = 'hostile', { country = 'CH' } = {}) {
		this.name = name;
		this.country = country;
		this.items = [];
		this.generation = 0;
		this.epoch = randomBytes(16).toString('hex');
		this.tamper = null;
		this.feedHook = null;
		this.chunked = false; // feed answers without Content-Length
		this.requests = [];
	}

	async start() {
		this.server = createServer((req, res) => {
			this.#handle(req, res).catch((e) => {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 'internal', message: String(e) } }));
			});
		});
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `http://127.0.0.1:${this.port}`;
		this.nodeId = `127.0.0.1:${this.port}`;
		this.keys = [new FedKey(`${this.nodeId}#1`)];
		this.currentKeys = [this.keys[0]];
		this.revokedKeys = [];
		this.transportKey = this.keys[0];
		this.transportKeyid = null;
		return this;
	}

	/** A further key, `<node_id>#<n>`. */
	newKey() {
		const k = new FedKey(`${this.nodeId}#${this.keys.length + 1}`);
		this.keys.push(k);
		return k;
	}

	get key() { return this.keys[0]; }
	get fingerprint() { return this.keys[0].fingerprint; }

	async stop() {
		if (!this.server) return;
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(() => resolve()));
		this.server = null;
	}

	setItems(items) {
		this.items = items;
		this.generation++;
	}

	cursor() {
		return `${this.epoch}.${this.generation}`;
	}

	wellKnown() {
		return {
			protocol: PROTOCOL, node_id: this.nodeId, name: `Hostile peer ${this.name}`, country: this.country,
			public_url: this.url, mode: 'origin',
			keys: this.currentKeys.map((k) => k.entry('current')),
			retired_keys: [],
			revoked_keys: this.revokedKeys.map((k) => k.revokedEntry()),
		};
	}

	feed(query, path = '/federation/v1/changes') {
		const since = query.get('since') || query.get('page');
		const items = since === this.cursor() ? [] : this.items;
		const origins = new Set([this.nodeId, ...items.map((i) => i.record?.origin).filter(Boolean)]);
		const confirmed = Object.fromEntries([...origins].map((o) => [o, rfc3339()]));
		const page = { protocol: PROTOCOL, node_id: this.nodeId, items, cursor: this.cursor(), more: false, confirmed };
		return this.feedHook ? this.feedHook(page, query, path) : page;
	}

	async #handle(req, res) {
		const u = new URL(req.url, this.url);
		this.requests.push({ method: req.method, path: u.pathname, headers: req.headers });
		for await (const chunk of req) void chunk; // drain any body
		let body;
		let feed = false;
		if (u.pathname === '/.well-known/directoryd') {
			body = this.wellKnown();
		} else if (u.pathname === '/federation/v1/changes' || u.pathname === '/federation/v1/snapshot') {
			body = this.feed(u.searchParams, u.pathname);
			feed = true;
		} else if (u.pathname === '/federation/v1/notify' && req.method === 'POST') {
			body = { queued: true };
		} else {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end('{"error":{"code":"not_found","message":"no such path"}}');
			return;
		}
		const status = u.pathname.endsWith('notify') ? 202 : 200;
		let bytes = Buffer.from(JSON.stringify(body), 'utf8');
		const headers = await this.signResponse(req, status, bytes);
		if (feed && this.tamper) bytes = this.tamper(bytes);
		res.writeHead(status, feed && this.chunked ? headers : { ...headers, 'content-length': String(bytes.length) });
		res.end(bytes);
	}

	/** Response headers signed with the response profile of section 4. */
	async signResponse(req, status, bytes) {
		const headers = { 'content-type': 'application/json', 'content-digest': contentDigest(bytes) };
		const reqObj = { method: req.method, url: this.url + req.url, headers: req.headers };
		const nonce = nonceOf(req.headers['signature-input']) || b64url(randomBytes(16));
		const created = new Date();
		const keyid = this.transportKeyid || this.transportKey.keyid;
		const signed = await httpbis.signMessage({
			key: this.transportKey.signer(keyid), name: 'fed', fields: RESPONSE_FIELDS, params: PARAMS,
			paramValues: { created, expires: new Date(created.getTime() + 300_000), nonce, keyid, tag: PROTOCOL },
		}, { status, headers }, reqObj);
		return signed.headers;
	}

	/** A signed GET of a real node's change feed, as this peer; returns the items (all pages). */
	async pull(node, { origin } = {}) {
		const items = [];
		let since = null;
		for (let i = 0; i < 100; i++) {
			const q = new URLSearchParams({ limit: '1000' });
			if (since) q.set('since', since);
			if (origin) q.set('origin', origin);
			const res = await signedFetch({ key: this.key, url: `${node.url}/federation/v1/changes?${q}` });
			assert.equal(res.status, 200, `${node.name}'s feed answers the peer ${this.name}: ${res.status} ${res.text.slice(0, 500)}`);
			items.push(...res.json.items);
			since = res.json.cursor;
			if (!res.json.more) break;
		}
		return items;
	}
}

/** A JSON-safe deep copy. */
export const clone = (v) => JSON.parse(JSON.stringify(v));
