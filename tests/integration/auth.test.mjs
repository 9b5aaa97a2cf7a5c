// Accounts, invitations, sessions, roles and the audit trail (issue 10):
// a new collective is invited and edits its own listing without the node
// admin touching a token; every way one organisation could reach another's
// accounts, invitations, tokens, records, audit trail or reverts gets 403;
// wrong password and unknown user answer alike; failed sign-ins are
// throttled with Retry-After; each write leaves an audit entry that can be
// undone, unless a later change or a confidential value is in the way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import {
	missingEnv, freshDatabase, migrate, createOrg, createToken, directoryd, directorydOk,
	Daemon, tempDir, writeTemp, cleanupDir, psql, dbNameFor, UUID_RE,
} from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const PW = 'correct horse battery staple';

describe('accounts, roles and audit', { skip: skip || false }, () => {
	let conninfo, d, dir, orgA, orgB, admin;
	let anaA; // org_admin of A (session token)
	let regA; // registrar of A
	let adminB; // org_admin of B

	async function invite(args) {
		const r = await directorydOk(conninfo, ['invite', 'create', ...args]);
		const code = r.stdout.trim();
		assert.match(code, /^div_[A-Za-z0-9_-]{40,}$/);
		return code;
	}

	async function accept(code, username, password = PW) {
		return d.request('/auth/invite', { method: 'POST', body: { code, username, password } });
	}

	async function login(username, password = PW) {
		return d.request('/auth/login', { method: 'POST', body: { username, password } });
	}

	async function signIn(username) {
		const r = await login(username);
		assert.equal(r.status, 200, r.text);
		assert.match(r.json.token, /^dse_/);
		return r.json.token;
	}

	before(async () => {
		dir = tempDir('directoryd-auth-');
		conninfo = await freshDatabase(dbNameFor(import.meta.url));
		await migrate(conninfo);
		orgA = await createOrg(conninfo, 'Collective A', { sexWorkerLed: true });
		orgB = await createOrg(conninfo, 'Association B');
		admin = await createToken(conninfo, { nodeAdmin: true, label: 'admin' });
		// delays the tests can assert without waiting long
		const config = writeTemp(dir, 'auth.conf',
			'login_free_failures = 2\nlogin_delay = 1\nlogin_max_delay = 4\nlogin_throttle_address = 0\n');
		d = new Daemon(conninfo, { config });
		await d.start();
		assert.equal((await accept(await invite(['--organization', orgA, '--role', 'org_admin']), 'ana')).status, 201);
		assert.equal((await accept(await invite(['--organization', orgB, '--role', 'org_admin']), 'bo')).status, 201);
		anaA = await signIn('ana');
		adminB = await signIn('bo');
		const inv = await d.request('/auth/invitations', { method: 'POST', token: anaA, body: { role: 'registrar' } });
		assert.equal(inv.status, 201, inv.text);
		assert.equal((await accept(inv.json.code, 'rita')).status, 201);
		regA = await signIn('rita');
	});

	after(async () => {
		if (d) await d.stopClean();
		cleanupDir(dir);
	});

	it('whoami tells the account, role and organisation', async () => {
		const w = await d.get('/auth/whoami', { token: anaA });
		assert.equal(w.username, 'ana');
		assert.equal(w.role, 'org_admin');
		assert.equal(w.organization_id, orgA);
		assert.equal(w.via, 'session');
		assert.equal((await d.get('/auth/whoami', { token: regA })).role, 'registrar');
		assert.equal((await d.get('/auth/whoami', { token: admin })).role, 'node_admin');
		assert.equal((await d.request('/auth/whoami')).status, 401);
	});

	it('a new collective joins by invitation and edits its listing without any token from the node admin', async () => {
		const code = await invite(['--new-organization', 'Night Collective', '--role', 'org_admin']);
		const r = await accept(code, 'nina');
		assert.equal(r.status, 201, r.text);
		const token = await signIn('nina');
		const me = await d.get('/auth/whoami', { token });
		assert.match(me.organization_id, UUID_RE);
		const org = await d.get(`/organizations/${me.organization_id}`);
		assert.equal(org.name, 'Night Collective');
		const put = await d.request(`/organizations/${me.organization_id}`, { method: 'PUT', token,
			body: { name: 'Night Collective', description: 'Peer support at night.' } });
		assert.equal(put.status, 200, put.text);
		const svc = await d.request('/services', { method: 'POST', token, body: smallService(me.organization_id) });
		assert.equal(svc.status, 201, svc.text);
	});

	it('an invitation is used once, and revoked or expired ones are refused', async () => {
		const code = await invite(['--organization', orgA, '--role', 'registrar']);
		assert.equal((await accept(code, 'once')).status, 201);
		const again = await accept(code, 'twice');
		assert.equal(again.status, 410);
		assert.equal(again.json.error.code, 'invitation_used');
		const inv = await d.request('/auth/invitations', { method: 'POST', token: anaA, body: { role: 'registrar' } });
		assert.equal((await d.request(`/auth/invitations/${inv.json.id}`, { method: 'DELETE', token: anaA })).status, 204);
		const revoked = await accept(inv.json.code, 'revoked');
		assert.equal(revoked.status, 410);
		assert.equal(revoked.json.error.code, 'invitation_revoked');
		const old = await invite(['--organization', orgA, '--role', 'registrar']);
		await psql(`UPDATE invitation SET expires_at = now() - interval '1 second'
			WHERE created_at = (SELECT max(created_at) FROM invitation)`, { db: dbNameFor(import.meta.url) });
		const expired = await accept(old, 'late');
		assert.equal(expired.status, 410);
		assert.equal(expired.json.error.code, 'invitation_expired');
		const unknown = await accept('div_' + 'x'.repeat(43), 'nobody');
		assert.equal(unknown.status, 400);
		assert.equal(unknown.json.error.code, 'invalid_invitation');
		// only hashes are stored
		const stored = await psql('SELECT count(*) FROM invitation WHERE code_hash LIKE \'div_%\'',
			{ db: dbNameFor(import.meta.url) });
		assert.equal(stored, '0');
	});

	it('a wrong password and an unknown user get the same answer', async () => {
		const wrong = await login('rita', 'not the password at all');
		const unknown = await login('no-such-person', 'not the password at all');
		const pattern = await login('*)(uid=*', 'not the password at all');
		for (const r of [wrong, unknown, pattern]) {
			assert.equal(r.status, 401);
			assert.equal(r.json.error.code, 'invalid_credentials');
		}
		assert.deepEqual(wrong.json, unknown.json);
		assert.deepEqual(wrong.json, pattern.json);
		const missing = await d.request('/auth/login', { method: 'POST', body: { username: 'rita' } });
		assert.equal(missing.status, 400);
	});

	it('failed sign-ins are throttled with Retry-After, and the account recovers', async () => {
		const code = await invite(['--organization', orgA, '--role', 'registrar']);
		assert.equal((await accept(code, 'tess')).status, 201);
		assert.equal((await login('tess', 'wrong password one')).status, 401);
		assert.equal((await login('tess', 'wrong password two')).status, 401);
		assert.equal((await login('tess', 'wrong password three')).status, 401); // a delay starts
		// the delay (login_delay = 1, at most 4) ends, however slow this machine is
		let r;
		for (let i = 0; i < 10; i++) {
			r = await login('tess');
			if (r.status !== 429) break;
			assert.equal(r.json.error.code, 'too_many_attempts');
			const wait = Number(r.headers.get('retry-after'));
			assert.ok(wait >= 1 && wait <= 4, `Retry-After ${r.headers.get('retry-after')}`);
			await new Promise((done) => setTimeout(done, wait * 1000 + 100));
		}
		assert.equal(r.status, 200, r.text);
	});

	it('the delay holds even the right password, and an unknown username is throttled alike', async () => {
		// a long delay, so that the assertions do not depend on how fast this machine is
		const config = writeTemp(dir, 'slow.conf',
			'login_free_failures = 2\nlogin_delay = 60\nlogin_max_delay = 120\nlogin_throttle_address = 0\n');
		const d3 = new Daemon(conninfo, { config });
		await d3.start();
		try {
			const held = [];
			for (const username of ['rita', 'ghost-user']) {
				for (let i = 0; i < 3; i++) {
					const f = await d3.request('/auth/login', { method: 'POST', body: { username, password: 'wrong password' } });
					assert.equal(f.status, 401);
				}
				held.push(await d3.request('/auth/login', { method: 'POST', body: { username, password: PW } }));
			}
			for (const r of held) {
				assert.equal(r.status, 429, r.text);
				assert.equal(r.json.error.code, 'too_many_attempts');
				const wait = Number(r.headers.get('retry-after'));
				assert.ok(wait > 4 && wait <= 60, `Retry-After ${r.headers.get('retry-after')}`);
			}
			assert.deepEqual(held[0].json, held[1].json, 'an existing and an unknown username answer alike');
			// another username is not held
			assert.equal((await d3.request('/auth/login', { method: 'POST', body: { username: 'ana', password: PW } })).status, 200);
		} finally {
			await d3.stopClean();
		}
	});

	it('with login_throttle_address = 1, failures from one address slow every username from it', async () => {
		const config = writeTemp(dir, 'address.conf',
			'login_free_failures = 2\nlogin_delay = 30\nlogin_max_delay = 60\nlogin_throttle_address = 1\n');
		const d2 = new Daemon(conninfo, { config });
		await d2.start();
		try {
			for (const username of ['addr-one', 'addr-two', 'addr-three']) {
				const r = await d2.request('/auth/login', { method: 'POST', body: { username, password: 'wrong password' } });
				assert.equal(r.status, 401, 'each username is below its own limit');
			}
			const r = await d2.request('/auth/login', { method: 'POST', body: { username: 'rita', password: PW } });
			assert.equal(r.status, 429, r.text);
			const wait = Number(r.headers.get('retry-after'));
			assert.ok(wait > 4 && wait <= 30, `Retry-After ${r.headers.get('retry-after')}: the address's delay`);
		} finally {
			await d2.stopClean();
		}
	});

	it('every credential that is expired, revoked or of a disabled account is refused', async () => {
		const code = await invite(['--organization', orgA, '--role', 'registrar']);
		assert.equal((await accept(code, 'uma')).status, 201);
		const s1 = await signIn('uma');
		const t = await d.request('/auth/tokens', { method: 'POST', token: s1, body: { label: 'uma script' } });
		assert.equal(t.status, 201, t.text);
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).json.role, 'registrar');
		// sign out
		assert.equal((await d.request('/auth/logout', { method: 'POST', token: s1 })).status, 204);
		assert.equal((await d.request('/auth/whoami', { token: s1 })).status, 401);
		// disabled by the organisation admin: sessions and tokens stop
		const s2 = await signIn('uma');
		const accounts = (await d.get('/auth/accounts', { token: anaA })).contents;
		const uma = accounts.find((a) => a.username === 'uma');
		assert.equal((await d.request(`/auth/accounts/${uma.id}/disable`, { method: 'POST', token: anaA })).status, 204);
		assert.equal((await d.request('/auth/whoami', { token: s2 })).status, 401);
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).status, 401);
		assert.equal((await login('uma')).json.error.code, 'invalid_credentials');
		assert.equal((await d.request(`/auth/accounts/${uma.id}/enable`, { method: 'POST', token: anaA })).status, 204);
		// a new password (from standard input, never the arguments) ends sessions
		const s3 = await signIn('uma');
		const r = await directoryd(conninfo, ['user', 'passwd', 'uma'], { input: 'a completely new password\n' });
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await d.request('/auth/whoami', { token: s3 })).status, 401);
		assert.equal((await login('uma')).status, 401);
		assert.equal((await login('uma', 'a completely new password')).status, 200);
		// a revoked token
		assert.equal((await d.request(`/auth/tokens/${t.json.id}`, { method: 'DELETE', token: anaA })).status, 204);
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).status, 401);
		// garbage
		assert.equal((await d.request('/auth/whoami', { token: 'dse_' + 'A'.repeat(43) })).status, 401);
	});

	it('roles: a registrar edits its listings but not accounts or the audit trail; a coordinator reads but does not edit', async () => {
		assert.equal((await d.request('/services', { method: 'POST', token: regA, body: smallService(orgA) })).status, 201);
		for (const [method, path] of [['GET', '/audit'], ['GET', '/auth/accounts'], ['POST', '/auth/invitations'],
			['GET', '/admin/listings?state=stale'], ['GET', '/admin/peers']]) {
			const r = await d.request(path, { method, token: regA, body: method === 'POST' ? { role: 'registrar' } : undefined });
			assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
		}
		const code = await invite(['--role', 'coordinator']);
		assert.equal((await accept(code, 'cora')).status, 201);
		const cora = await signIn('cora');
		assert.equal((await d.request('/audit', { token: cora })).status, 200);
		assert.equal((await d.request('/auth/accounts', { token: cora })).status, 200);
		assert.equal((await d.request('/admin/peers', { token: cora })).status, 200);
		const w = await d.request('/services', { method: 'POST', token: cora, body: smallService(orgA) });
		assert.equal(w.status, 403, w.text);
		assert.equal((await d.request('/auth/invitations', { method: 'POST', token: cora, body: { role: 'registrar', organization_id: orgA } })).status, 403);
	});

	it('one organisation reaches nothing of another: records, accounts, invitations, tokens, audit, revert', async () => {
		// records of B, created by B's admin
		const sB = smallService(orgB, { name: 'B service' });
		assert.equal((await d.request('/services', { method: 'POST', token: adminB, body: sB })).status, 201);
		const locB = randomUUID();
		assert.equal((await d.request('/locations', { method: 'POST', token: adminB,
			body: { id: locB, organization_id: orgB, name: 'B place', location_type: 'physical' } })).status, 201);
		for (const token of [regA, anaA]) {
			// ids in the path
			const put = await d.request(`/services/${sB.id}`, { method: 'PUT', token, body: { ...sB, name: 'taken' } });
			assert.equal(put.status, 403, put.text);
			assert.equal((await d.request(`/services/${sB.id}`, { method: 'DELETE', token })).status, 403);
			assert.equal((await d.request(`/organizations/${orgB}`, { method: 'PUT', token,
				body: { name: 'taken', description: '' } })).status, 403);
			// a new record in another organisation
			assert.equal((await d.request('/services', { method: 'POST', token, body: smallService(orgB) })).status, 403);
			// nested ids: A's service at B's location
			const nested = smallService(orgA, { service_at_locations: [{ location_id: locB }] });
			const n = await d.request('/services', { method: 'POST', token, body: nested });
			assert.equal(n.status, 403, n.text);
		}
		// a PUT moving A's service to B
		const sA = smallService(orgA, { name: 'A service' });
		assert.equal((await d.request('/services', { method: 'POST', token: regA, body: sA })).status, 201);
		const move = await d.request(`/services/${sA.id}`, { method: 'PUT', token: regA, body: { ...sA, organization_id: orgB } });
		assert.equal(move.status, 403, move.text);
		assert.equal((await d.get(`/services/${sA.id}`)).organization_id, orgA);
		// accounts, invitations, tokens of B
		const bAccounts = (await d.get('/auth/accounts', { token: adminB })).contents;
		assert.ok(bAccounts.every((a) => a.organization_id === orgB));
		const bo = bAccounts.find((a) => a.username === 'bo');
		assert.ok(!(await d.get('/auth/accounts', { token: anaA })).contents.some((a) => a.organization_id === orgB));
		assert.equal((await d.request(`/auth/accounts/${bo.id}/disable`, { method: 'POST', token: anaA })).status, 403);
		assert.equal((await d.request(`/auth/accounts/${bo.id}/role`, { method: 'PUT', token: anaA, body: { role: 'registrar' } })).status, 403);
		assert.equal((await d.request('/auth/invitations', { method: 'POST', token: anaA, body: { role: 'registrar', organization_id: orgB } })).status, 403);
		assert.equal((await d.request('/auth/invitations', { method: 'POST', token: anaA, body: { role: 'node_admin' } })).status, 403);
		assert.equal((await d.request('/auth/invitations', { method: 'POST', token: anaA, body: { reset_account_id: bo.id } })).status, 403);
		const invB = await d.request('/auth/invitations', { method: 'POST', token: adminB, body: { role: 'registrar' } });
		assert.equal((await d.request(`/auth/invitations/${invB.json.id}`, { method: 'DELETE', token: anaA })).status, 403);
		assert.ok(!(await d.get('/auth/invitations', { token: anaA })).contents.some((i) => i.organization_id === orgB));
		const tokB = await d.request('/auth/tokens', { method: 'POST', token: adminB, body: { label: 'b' } });
		assert.equal((await d.request(`/auth/tokens/${tokB.json.id}`, { method: 'DELETE', token: anaA })).status, 403);
		assert.ok(!(await d.get('/auth/tokens', { token: anaA })).contents.some((t) => t.id === tokB.json.id));
		// an org admin cannot promote to node roles
		const rita = (await d.get('/auth/accounts', { token: anaA })).contents.find((a) => a.username === 'rita');
		assert.equal((await d.request(`/auth/accounts/${rita.id}/role`, { method: 'PUT', token: anaA, body: { role: 'node_admin' } })).status, 403);
		// the audit trail and its reverts
		const trailA = (await d.get('/audit?per_page=100', { token: anaA })).contents;
		assert.ok(trailA.length > 0);
		assert.ok(trailA.every((e) => e.organization_id === orgA), 'only A in A\'s trail');
		const filtered = await d.get(`/audit?organization_id=${orgB}`, { token: anaA });
		assert.equal(filtered.contents.length, 0);
		const trailB = (await d.get(`/audit?record_id=${sB.id}`, { token: adminB })).contents;
		assert.equal(trailB.length, 1);
		const rv = await d.request(`/audit/${trailB[0].id}/revert`, { method: 'POST', token: anaA });
		assert.equal(rv.status, 403, rv.text);
		assert.equal((await d.get(`/services/${sB.id}`)).name, 'B service');
	});

	it('each API write is audited: who, how, the patch and its inverse, in RFC 6902', async () => {
		const s = smallService(orgA, { name: 'Audited service' });
		assert.equal((await d.request('/services', { method: 'POST', token: regA, body: s })).status, 201);
		assert.equal((await d.request(`/services/${s.id}`, { method: 'PUT', token: regA,
			body: { ...s, name: 'Audited service, renamed' } })).status, 200);
		const trail = (await d.get(`/audit?record_id=${s.id}`, { token: anaA })).contents;
		assert.equal(trail.length, 2);
		const [put, post] = trail; // newest first
		for (const e of trail) {
			assert.equal(e.way, 'api');
			assert.equal(e.username, 'rita');
			assert.match(e.account_id, UUID_RE);
			assert.equal(e.record_type, 'service');
			assert.equal(e.organization_id, orgA);
		}
		assert.deepEqual(post.patch[0].op, 'replace');
		assert.equal(post.patch[0].path, '');
		assert.equal(post.patch[0].value.name, 'Audited service');
		assert.deepEqual(put.patch, [{ op: 'replace', path: '/name', value: 'Audited service, renamed' }]);
		assert.deepEqual(put.inverse, [
			{ op: 'test', path: '/name', value: 'Audited service, renamed' },
			{ op: 'replace', path: '/name', value: 'Audited service' },
		]);
		// the account filter and the way filter
		const me = await d.get('/auth/whoami', { token: regA });
		const mine = (await d.get(`/audit?account_id=${me.account_id}&way=api`, { token: anaA })).contents;
		assert.ok(mine.some((e) => e.id === put.id));
		assert.equal((await d.request('/audit?way=telepathy', { token: anaA })).status, 400);
		// deleting keeps the trail
		assert.equal((await d.request(`/services/${s.id}`, { method: 'DELETE', token: regA })).status, 204);
		const after = (await d.get(`/audit?record_id=${s.id}`, { token: anaA })).contents;
		assert.equal(after.length, 3);
		assert.deepEqual(after[0].patch, [{ op: 'replace', path: '', value: null }]);
		// nothing about the people who read: a search leaves no entry
		const before = (await d.get('/audit?per_page=1', { token: admin })).total_items;
		await d.get('/services?search=testing');
		assert.equal((await d.get('/audit?per_page=1', { token: admin })).total_items, before);
	});

	it('a revert restores the record as a new audited write; a later change makes it 409 revert_conflict', async () => {
		const s = smallService(orgA, { name: 'First name' });
		assert.equal((await d.request('/services', { method: 'POST', token: regA, body: s })).status, 201);
		assert.equal((await d.request(`/services/${s.id}`, { method: 'PUT', token: regA, body: { ...s, name: 'Second name' } })).status, 200);
		let trail = (await d.get(`/audit?record_id=${s.id}`, { token: anaA })).contents;
		const r = await d.request(`/audit/${trail[0].id}/revert`, { method: 'POST', token: anaA });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.name, 'First name');
		assert.equal((await d.get(`/services/${s.id}`)).name, 'First name');
		trail = (await d.get(`/audit?record_id=${s.id}`, { token: anaA })).contents;
		assert.equal(trail.length, 3);
		assert.equal(trail[0].detail.revert_of, trail[1].id);
		assert.equal(trail[0].username, 'ana');
		// two changes; undoing the first conflicts with the second
		assert.equal((await d.request(`/services/${s.id}`, { method: 'PUT', token: regA, body: { ...s, name: 'Third name' } })).status, 200);
		assert.equal((await d.request(`/services/${s.id}`, { method: 'PUT', token: regA, body: { ...s, name: 'Fourth name' } })).status, 200);
		trail = (await d.get(`/audit?record_id=${s.id}`, { token: anaA })).contents;
		const c = await d.request(`/audit/${trail[1].id}/revert`, { method: 'POST', token: anaA });
		assert.equal(c.status, 409, c.text);
		assert.equal(c.json.error.code, 'revert_conflict');
		assert.match(c.json.error.message, new RegExp(`entry ${trail[0].id}\\b`));
		assert.equal((await d.get(`/services/${s.id}`)).name, 'Fourth name');
		// a registrar may not revert
		assert.equal((await d.request(`/audit/${trail[0].id}/revert`, { method: 'POST', token: regA })).status, 403);
		// undoing a creation deletes; undoing that deletion brings it back
		const created = trail[trail.length - 1];
		const del = await d.request(`/audit/${created.id}/revert`, { method: 'POST', token: admin });
		assert.equal(del.status, 409, 'later changes stand in the way of undoing the creation');
	});

	it('confidential values appear as [confidential], and a revert that needs them is 409 revert_redacted', async () => {
		const loc = randomUUID();
		const body = { id: loc, organization_id: orgA, name: 'Safe house', location_type: 'physical',
			confidential: true, latitude: 47.3712, longitude: 8.5301,
			addresses: [{ address_1: 'Geheimgasse 17', city: 'Zürich', state_province: 'ZH',
				postal_code: '8021', country: 'CH', address_type: 'physical' }] };
		assert.equal((await d.request('/locations', { method: 'POST', token: regA, body })).status, 201);
		assert.equal((await d.request(`/locations/${loc}`, { method: 'PUT', token: regA,
			body: { ...body, name: 'Safe house 2' } })).status, 200);
		const res = await d.request(`/audit?record_id=${loc}`, { token: anaA });
		for (const secret of ['Geheimgasse', '8021', '47.3712', '8.5301']) {
			assert.ok(!res.text.includes(secret), `the trail shows ${secret}`);
		}
		assert.ok(res.text.includes('[confidential]'));
		const trail = res.json.contents;
		const r = await d.request(`/audit/${trail[0].id}/revert`, { method: 'POST', token: anaA });
		assert.equal(r.status, 409, r.text);
		assert.equal(r.json.error.code, 'revert_redacted');
		const stored = await psql(`SELECT count(*) FROM audit WHERE patch::text LIKE '%Geheimgasse%'
			OR inverse::text LIKE '%Geheimgasse%'`, { db: dbNameFor(import.meta.url) });
		assert.equal(stored, '0');
	});

	it('an import is audited per record with its file, and `directoryd audit` lists the trail', async () => {
		const file = writeTemp(dir, 'organizations.json', JSON.stringify([
			{ id: randomUUID(), name: 'Imported collective', description: 'From a file.', website: 'https://example.org' },
			{ id: randomUUID(), name: 'Imported association', description: 'Also from a file.', website: 'https://example.net' },
		]));
		const imp = await directoryd(conninfo, ['import-hsds', file]);
		assert.equal(imp.code, 0, imp.stderr);
		const r = await directorydOk(conninfo, ['audit', '--way', 'import']);
		const entries = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
		assert.equal(entries.length, 2, 'one entry per imported record');
		assert.equal(entries[0].detail.file, file);
		assert.equal(entries[1].detail.file, file);
		assert.equal(entries[0].record_type, 'organization');
		const viaApi = (await d.get('/audit?way=import', { token: admin })).contents;
		assert.equal(viaApi.length, entries.length);
	});

	it('every route that needs a role refuses a request without credentials', async () => {
		for (const [method, path] of [['POST', '/services'], ['PUT', `/services/${randomUUID()}`],
			['DELETE', `/locations/${randomUUID()}`], ['GET', '/audit'], ['POST', '/audit/1/revert'],
			['GET', '/auth/accounts'], ['POST', '/auth/invitations'], ['GET', '/auth/tokens'],
			['POST', '/auth/logout'], ['GET', '/admin/peers'], ['GET', '/admin/eligibility_unchecked']]) {
			const r = await d.request(path, { method, body: method === 'GET' ? undefined : {} });
			assert.equal(r.status, 401, `${method} ${path}: ${r.text}`);
		}
	});
});
