// The optional second factor (issue 10, section 1): TOTP (RFC 6238) with
// liboath in the daemon, checked here against codes this file computes
// itself with node's HMAC-SHA1, whose generator is first checked against
// RFC 6238's own test vectors. On a node with totp_required = 1 an admin
// without TOTP gets a session that may only enrol; enrolment hands out an
// otpauth:// URI once; the secret is stored only sealed under the key
// folder's totp.key; a code works once; a wrong code is throttled like a
// wrong password; a node admin (and an organisation admin, in its own
// organisation) turns off a lost authenticator, which ends its sessions.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import {
	missingEnv, freshDatabase, migrate, createOrg, createToken, directoryd, directorydOk,
	Daemon, tempDir, writeTemp, cleanupDir, psql, dbNameFor,
} from './lib/harness.mjs';

const skip = missingEnv();
const PW = 'correct horse battery staple';
const STEP = 30;

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, value = 0;
	const out = [];
	for (const c of text.replace(/=+$/, '')) {
		const i = alphabet.indexOf(c);
		assert.ok(i >= 0, `not base32: ${c}`);
		value = (value << 5) | i;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** RFC 6238 TOTP with HMAC-SHA1 (RFC 4226 section 5.3 truncation). */
function totp(secret, unixSeconds, digits = 6) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / STEP)));
	const mac = createHmac('sha1', secret).update(counter).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
	return String(bin).padStart(digits, '0');
}

const now = () => Date.now() / 1000;

describe('TOTP, the second factor', { skip: skip || false }, () => {
	let conninfo, d, dir, keyDir, orgA, orgB, nodeAdmin;

	async function invite(org, role, username) {
		const r = await directorydOk(conninfo, ['invite', 'create', '--organization', org, '--role', role]);
		const a = await d.request('/auth/invite', { method: 'POST',
			body: { code: r.stdout.trim(), username, password: PW } });
		assert.equal(a.status, 201, a.text);
		return a.json.account_id;
	}

	const login = (username, extra = {}) =>
		d.request('/auth/login', { method: 'POST', body: { username, password: PW, ...extra } });

	/** Enrol a signed-in session's account; returns the secret's bytes. */
	async function enrol(token) {
		const b = await d.request('/auth/totp', { method: 'POST', token });
		assert.equal(b.status, 201, b.text);
		const secret = base32Decode(b.json.secret);
		assert.equal(secret.length, 20);
		const c = await d.request('/auth/totp/confirm', { method: 'POST', token,
			body: { totp: totp(secret, now()) } });
		assert.equal(c.status, 204, c.text);
		return { secret, begin: b.json };
	}

	before(async () => {
		dir = tempDir('directoryd-totp-');
		keyDir = join(dir, 'keys');
		conninfo = await freshDatabase(dbNameFor(import.meta.url));
		await migrate(conninfo);
		orgA = await createOrg(conninfo, 'Collective A', { sexWorkerLed: true });
		orgB = await createOrg(conninfo, 'Association B');
		nodeAdmin = await createToken(conninfo, { nodeAdmin: true });
		const config = writeTemp(dir, 'totp.conf', [
			`key_dir = ${keyDir}`, 'totp_required = 1', 'login_throttle_address = 0',
			'login_free_failures = 2', 'login_delay = 60', 'login_max_delay = 120', ''].join('\n'));
		d = new Daemon(conninfo, { config });
		await d.start();
	});

	after(async () => {
		if (d) await d.stopClean();
		cleanupDir(dir);
	});

	it("this file's generator gives RFC 6238's SHA-1 test vectors (Appendix B)", () => {
		const seed = Buffer.from('12345678901234567890');
		const vectors = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
			[1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
		for (const [t, code] of vectors) assert.equal(totp(seed, t, 8), code, `T = ${t}`);
	});

	it('an admin without TOTP on a node that requires it may only enrol, then works in full', async () => {
		await invite(orgA, 'org_admin', 'ana');
		const r = await login('ana');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.totp_enrolment_required, true);
		const token = r.json.token;
		const who = await d.get('/auth/whoami', { token });
		assert.equal(who.totp_enrolment_required, true);
		for (const [path, method, body] of [['/auth/accounts', 'GET'], ['/auth/tokens', 'POST', {}],
			['/services', 'POST', { organization_id: orgA, name: 'x', description: 'x', status: 'active' }]]) {
			const refused = await d.request(path, { method, token, body });
			assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
			assert.equal(refused.json.error.code, 'totp_enrolment_required');
		}
		// enrolment: the secret and the otpauth:// URI, shown once
		const b = await d.request('/auth/totp', { method: 'POST', token });
		assert.equal(b.status, 201, b.text);
		assert.match(b.json.secret, /^[A-Z2-7]{32}$/);
		const uri = new URL(b.json.uri);
		assert.equal(uri.protocol, 'otpauth:');
		assert.equal(uri.host, 'totp');
		assert.match(decodeURIComponent(uri.pathname), /^\/directoryd [^:]+:ana$/);
		assert.equal(uri.searchParams.get('secret'), b.json.secret);
		assert.equal(uri.searchParams.get('digits'), '6');
		assert.equal(uri.searchParams.get('period'), '30');
		assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
		const secret = base32Decode(b.json.secret);
		// a wrong first code does not turn it on
		const wrongCode = String((Number(totp(secret, now())) + 1) % 1000000).padStart(6, '0');
		const bad = await d.request('/auth/totp/confirm', { method: 'POST', token, body: { totp: wrongCode } });
		assert.equal(bad.status, 401, bad.text);
		assert.equal(bad.json.error.code, 'invalid_totp');
		const ok = await d.request('/auth/totp/confirm', { method: 'POST', token, body: { totp: totp(secret, now()) } });
		assert.equal(ok.status, 204, ok.text);
		// the same session now reaches everything an organisation admin does
		assert.equal((await d.request('/auth/accounts', { token })).status, 200);
		assert.equal((await d.get('/auth/whoami', { token })).totp_enrolment_required, false);
		// a second enrolment is refused while one is on
		const again = await d.request('/auth/totp', { method: 'POST', token });
		assert.equal(again.status, 409, again.text);
	});

	it('the secret is stored only sealed, under a key file of mode 0600 in the key folder', async () => {
		const keyFile = join(keyDir, 'totp.key');
		assert.ok(existsSync(keyFile));
		assert.equal(statSync(keyFile).mode & 0o777, 0o600);
		const rows = (await psql('SELECT t.secret_box, t.confirmed_at IS NOT NULL AS on'
			+ " FROM account_totp t JOIN account a ON a.id = t.account_id WHERE a.username = 'ana'",
		{ db: conninfo.match(/dbname=(\S+)/)[1] }));
		assert.match(rows, /\|t$/);
		const sealed = Buffer.from(rows.split('|')[0], 'base64');
		assert.equal(sealed.length, 24 + 16 + 20); // nonce, MAC, secret
	});

	it('sign-in asks for the code, refuses a wrong one and a used one', async () => {
		const first = await login('ana');
		assert.equal(first.status, 401, first.text);
		assert.equal(first.json.error.code, 'totp_required');
		assert.equal(first.json.error.field, '/totp');
		// ana's secret is in no answer any more: this test enrols an admin it keeps the secret of
		await invite(orgA, 'org_admin', 'amir');
		const s = await login('amir');
		const { secret } = await enrol(s.json.token);
		// the confirming code's step is used: its code does not sign in
		const used = await login('amir', { totp: totp(secret, now()) });
		assert.equal(used.status, 401, used.text);
		assert.equal(used.json.error.code, 'invalid_totp');
		// a wrong password never reaches the code question
		const wrongPw = await d.request('/auth/login', { method: 'POST',
			body: { username: 'amir', password: 'not the password at all', totp: totp(secret, now() + STEP) } });
		assert.equal(wrongPw.json.error.code, 'invalid_credentials');
		// the next step's code is within the window, and works once
		const next = totp(secret, now() + STEP);
		const good = await login('amir', { totp: next });
		assert.equal(good.status, 200, good.text);
		assert.equal(good.json.totp_enrolment_required, false);
		const replay = await login('amir', { totp: next });
		assert.equal(replay.status, 401, replay.text);
		assert.equal(replay.json.error.code, 'invalid_totp');
		// not digits, wrong type
		assert.equal((await login('amir', { totp: 'abcdef' })).json.error.code, 'invalid_totp');
		const typed = await login('amir', { totp: 123456 });
		assert.equal(typed.status, 401);
	});

	it('a registrar is not asked for TOTP, may turn it on, and turns it off with a code', async () => {
		await invite(orgA, 'registrar', 'rita');
		const r = await login('rita');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.totp_enrolment_required, false);
		// an API token cannot set up the second factor
		const t = await d.request('/auth/tokens', { method: 'POST', token: r.json.token, body: { label: 'ci' } });
		assert.equal(t.status, 201, t.text);
		const byToken = await d.request('/auth/totp', { method: 'POST', token: t.json.token });
		assert.equal(byToken.status, 403, byToken.text);
		const { secret } = await enrol(r.json.token);
		assert.equal((await login('rita')).json.error.code, 'totp_required');
		// turning it off needs a valid, unused code; then the password alone is enough
		const noCode = await d.request('/auth/totp/disable', { method: 'POST', token: r.json.token, body: {} });
		assert.equal(noCode.status, 400, noCode.text);
		const off = await d.request('/auth/totp/disable', { method: 'POST', token: r.json.token,
			body: { totp: totp(secret, now() + STEP) } });
		assert.equal(off.status, 204, off.text);
		// it ended rita's sessions, this one too
		assert.equal((await d.request('/auth/whoami', { token: r.json.token })).status, 401);
		assert.equal((await login('rita')).status, 200);
	});

	it('a lost authenticator: the node admin turns TOTP off, which ends the sessions; B cannot', async () => {
		await invite(orgB, 'org_admin', 'bo');
		const bo = await login('bo');
		const { secret: boSecret } = await enrol(bo.json.token);
		await invite(orgA, 'org_admin', 'alma');
		const alma = await login('alma');
		await enrol(alma.json.token);
		const accounts = await d.get('/auth/accounts', { token: nodeAdmin });
		const almaRow = accounts.contents.find((a) => a.username === 'alma');
		assert.equal(almaRow.totp, true);
		// another organisation's admin is refused
		const boSession = await login('bo', { totp: totp(boSecret, now() + STEP) });
		assert.equal(boSession.status, 200, boSession.text);
		const refused = await d.request(`/auth/accounts/${almaRow.id}/totp`, { method: 'DELETE', token: boSession.json.token });
		assert.equal(refused.status, 403, refused.text);
		// the node admin, through the API
		const off = await d.request(`/auth/accounts/${almaRow.id}/totp`, { method: 'DELETE', token: nodeAdmin });
		assert.equal(off.status, 204, off.text);
		assert.equal((await d.request('/auth/whoami', { token: alma.json.token })).status, 401);
		const again = await login('alma');
		assert.equal(again.status, 200, again.text);
		assert.equal(again.json.totp_enrolment_required, true); // the node still requires it
		// and on the command line
		const cli = await directoryd(conninfo, ['user', 'totp-off', 'bo']);
		assert.equal(cli.code, 0, cli.stderr);
		assert.equal((await d.request('/auth/whoami', { token: boSession.json.token })).status, 401);
		const missing = await directoryd(conninfo, ['user', 'totp-off', 'bo']);
		assert.notEqual(missing.code, 0);
	});

	it('wrong codes are throttled like wrong passwords, and the right code waits too', async () => {
		await invite(orgA, 'org_admin', 'tess');
		const s = await login('tess');
		const { secret } = await enrol(s.json.token);
		const good = totp(secret, now() + STEP);
		const wrong = String((Number(good) + 1) % 1000000).padStart(6, '0');
		for (let i = 0; i < 3; i++) {
			const r = await login('tess', { totp: wrong });
			assert.equal(r.status, 401, r.text);
			assert.equal(r.json.error.code, 'invalid_totp');
		}
		const held = await login('tess', { totp: good });
		assert.equal(held.status, 429, held.text);
		assert.equal(held.json.error.code, 'too_many_attempts');
		assert.ok(Number(held.headers.get('retry-after')) >= 1);
		// asking for the code (totp_required) neither counts nor clears the failures
		assert.equal((await login('tess')).status, 429);
	});
});
