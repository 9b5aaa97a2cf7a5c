// RFC 9421 interoperability (issue 3, section 3; docs/federation.md section
// 4): the npm package http-message-signatures, which shares no code with
// directoryd, signs a request that our node must accept, and verifies the
// responses our node signs. One byte changed in a body makes both sides
// refuse: our node with digest_mismatch (or 401), the package plus our own
// RFC 9530 Content-Digest check on this side.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { missingEnv } from './lib/harness.mjs';
import { fedWorld } from './lib/federation.mjs';
import {
	HostilePeer, signRequestHeaders, sendRaw, verifyResponse, nonceOf, PROTOCOL,
} from './lib/hostile-peer.mjs';

const skip = missingEnv();

describe('interop: RFC 9421 with http-message-signatures', { skip: skip || false }, () => {
	let world, N, P;

	before(async () => {
		world = await fedWorld('interop', { n: { country: 'CH' } });
		N = world.nodes.n;
		P = await new HostilePeer('p').start(); // a peer in Node, its key pinned at N
		await N.cliOk(['peers', 'add', 'p', P.url, P.fingerprint, '--serve-only']);
	});

	after(async () => {
		if (P) await P.stop();
		if (world) await world.cleanup();
	});

	it('the well-known document is signed by the node\'s current key, as the package verifies', async () => {
		const res = await sendRaw(`${N.url}/.well-known/directoryd`, {});
		assert.equal(res.status, 200, res.text);
		assert.equal(res.json.protocol, PROTOCOL);
		assert.equal(res.json.node_id, N.nodeId);
		assert.equal(res.json.public_url, N.url);
		assert.equal(res.json.country, 'CH');
		assert.equal(res.json.keys.find((k) => k.state === 'current')?.fingerprint, N.fingerprint);
		const v = await verifyResponse(res, N.fingerprint);
		assert.deepEqual({ signature: v.signature, digest: v.digest, keyid: v.keyid },
			{ signature: true, digest: true, keyid: N.keyid }, res.headers['signature-input']);
	});

	it('a signed request for the well-known document gets its own nonce back (section 4: the request\'s nonce)', async () => {
		// directoryd's own client requires this when it refreshes a peer's document
		const url = `${N.url}/.well-known/directoryd`;
		const headers = await signRequestHeaders({ key: P.key, url });
		const res = await sendRaw(url, { headers });
		assert.equal(res.status, 200, res.text);
		const want = nonceOf(headers['Signature-Input']);
		const v = await verifyResponse(res, N.fingerprint);
		assert.equal(v.nonce, want, 'the response signature carries the request\'s nonce');
		assert.ok(v.signature && v.digest, 'and verifies');
	});

	it('a request the package signed is accepted (200), and the package verifies the signed response', async () => {
		const url = `${N.url}/federation/v1/changes?limit=10`;
		const headers = await signRequestHeaders({ key: P.key, url });
		const res = await sendRaw(url, { headers });
		assert.equal(res.status, 200, `GET /federation/v1/changes signed by the package: ${res.status} ${res.text.slice(0, 500)}`);
		assert.equal(res.json.protocol, PROTOCOL);
		assert.ok(Array.isArray(res.json.items));
		assert.equal(typeof res.json.cursor, 'string');
		const v = await verifyResponse(res, N.fingerprint, { expectNonce: nonceOf(headers['Signature-Input']) });
		assert.equal(v.keyid, N.keyid);
		assert.equal(v.nonce, nonceOf(headers['Signature-Input']), 'the response carries the request\'s nonce');
		assert.ok(v.signature, `the package verifies our node's response signature: ${res.headers['signature-input']}`);
		assert.ok(v.digest, 'the Content-Digest is the digest of the body');

		// one byte of the body changed: the package's verification plus our digest check refuse it
		const body = Buffer.from(res.body);
		body[body.length - 2] ^= 1;
		const t = await verifyResponse({ ...res, body }, N.fingerprint);
		assert.equal(t.signature && t.digest, false, 'a changed body does not verify');
	});

	it('a signed notify is accepted (202); the same with one byte of its body changed is refused', async () => {
		const url = `${N.url}/federation/v1/notify`;
		const headers = await signRequestHeaders({ key: P.key, url, method: 'POST', body: '{ }' });
		const ok = await sendRaw(url, { method: 'POST', headers, body: '{ }' });
		assert.equal(ok.status, 202, `signed notify: ${ok.text}`);
		assert.deepEqual(ok.json, { queued: true });
		const h2 = await signRequestHeaders({ key: P.key, url, method: 'POST', body: '{ }' });
		const bad = await sendRaw(url, { method: 'POST', headers: h2, body: '{\t}' });
		assert.ok([400, 401].includes(bad.status), `a changed body is refused: ${bad.status} ${bad.text}`);
		if (bad.status === 400) assert.equal(bad.json?.error?.code, 'digest_mismatch', bad.text);
	});

	it('a request whose target differs from the one signed is refused (401 signature_invalid)', async () => {
		const signedFor = `${N.url}/federation/v1/changes?limit=10`;
		const headers = await signRequestHeaders({ key: P.key, url: signedFor });
		const res = await sendRaw(`${N.url}/federation/v1/changes?limit=11`, { headers });
		assert.equal(res.status, 401, res.text);
		assert.equal(res.json?.error?.code, 'signature_invalid', res.text);
	});

	it('an unsigned request to the feed is refused (401 signature_missing)', async () => {
		const res = await sendRaw(`${N.url}/federation/v1/changes`, {});
		assert.equal(res.status, 401, res.text);
		assert.equal(res.json?.error?.code, 'signature_missing', res.text);
	});
});
