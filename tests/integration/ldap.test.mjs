// LDAP sign-in against a real slapd that this file starts itself
// (tests/ldap/slapd-test: its own configuration, test CA, ldaps://):
// groups map to organisations and roles, a user removed from the group
// loses access at the next sign-in (and its sessions end), wrong password,
// unknown user, empty password and filter injection answer alike, an LDAP
// account has no local password to fall back on, and a stopped server is
// 503 ldap_unavailable.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
	missingEnv, run, freshDatabase, migrate, createOrg, createToken, directoryd,
	Daemon, tempDir, writeTemp, dbNameFor, startSlapd, teardown,
} from './lib/harness.mjs';

const skip = missingEnv() || (!existsSync('/usr/sbin/slapd') && 'slapd is not installed (scripts/install-deps)');
const PW = 'test password 1';

describe('LDAP sign-in', { skip: skip || false }, () => {
	let conninfo, d, dir, slapd, orgA, orgB, admin;

	async function ldapModify(ldif) {
		const r = await run('ldapmodify', ['-x', '-H', `ldap://127.0.0.1:${slapd.ports[0]}`,
			'-D', 'cn=admin,dc=example,dc=org', '-w', 'admin-secret-not-used-by-directoryd'], { input: ldif });
		assert.equal(r.code, 0, r.stderr);
	}

	/** An [ldap ORG] section for this slapd, with the given realm and group map. */
	const orgSection = (org, realm, groupsFile) =>
		[`[ldap ${org}]`, `ldap_realm = ${realm}`, ...slapd.config(groupsFile)];

	const login = (username, password = PW) =>
		d.request('/auth/login', { method: 'POST', body: { username, password } });

	before(async () => {
		dir = tempDir('directoryd-ldap-it-');
		slapd = await startSlapd(dir);
		conninfo = await freshDatabase(dbNameFor(import.meta.url));
		await migrate(conninfo);
		orgA = await createOrg(conninfo, 'Collective A', { sexWorkerLed: true });
		orgB = await createOrg(conninfo, 'Association B');
		admin = await createToken(conninfo, { nodeAdmin: true });
		const groups = writeTemp(dir, 'groups', [
			`cn=admins,ou=groups,dc=example,dc=org => org_admin ${orgA}`,
			`cn=registrars,ou=groups,dc=example,dc=org => registrar ${orgA}`,
			'cn=coordinators,ou=groups,dc=example,dc=org => coordinator', ''].join('\n'));
		const config = writeTemp(dir, 'ldap.conf', [
			...slapd.config(groups),
			'ldap_recheck = 3', // the re-check of LDAP accounts every 3 s, for the token test
			'login_throttle_address = 0',
			'login_free_failures = 50',
			// B's own directory (here the same slapd with B's group map): NAME@b.example
			...orgSection(orgB, 'b.example', writeTemp(dir, 'groups-b',
				`cn=admins,ou=groups,dc=example,dc=org => org_admin ${orgB}\n`)),
			'',
		].join('\n'));
		d = new Daemon(conninfo, { config });
		await d.start();
	});

	// slapd is stopped even when the daemon did not start or stop cleanly
	after(() => teardown({ daemon: d, servers: [slapd], dir }));

	it('directoryd -n refuses a plain ldap:// URI unless allowed', async () => {
		const bad = writeTemp(dir, 'plain.conf', `ldap_uri = ldap://127.0.0.1:${slapd.ports[0]}\n`
			+ 'ldap_bind_dn = x\nldap_bind_password_file = /nonexistent\nldap_user_base = dc=example,dc=org\n'
			+ `ldap_groups_file = ${join(dir, 'groups')}\n`);
		const r = await directoryd(conninfo, ['-c', bad, '-n']);
		assert.notEqual(r.code, 0);
		assert.match(r.stderr, /ldap_starttls/);
	});

	it('groups map to the organisation and role, and the account is made from the directory', async () => {
		const omar = await login('omar');
		assert.equal(omar.status, 200, omar.text);
		assert.equal(omar.json.account.role, 'org_admin');
		assert.equal(omar.json.account.organization_id, orgA);
		const lena = await login('lena');
		assert.equal(lena.json.account.role, 'registrar');
		const pia = await login('pia');
		assert.equal(pia.json.account.role, 'coordinator');
		const accounts = (await d.get('/auth/accounts', { token: admin })).contents;
		for (const name of ['omar', 'lena', 'pia']) {
			assert.equal(accounts.find((a) => a.username === name).source, 'ldap');
		}
		// the registrar edits A's listing
		const w = await d.request('/services', { method: 'POST', token: lena.json.token,
			body: { organization_id: orgA, name: 'LDAP service', description: 'x', status: 'active' } });
		assert.equal(w.status, 201, w.text);
		// an LDAP account has no local password: passwd is refused
		const p = await directoryd(conninfo, ['user', 'passwd', 'lena'], { input: 'a local password here\n' });
		assert.notEqual(p.code, 0);
		assert.match(p.stderr, /LDAP/);
	});

	it('wrong password, unknown user, empty password and filter injection get the same answer', async () => {
		// one after another: six at once on a loaded machine can outwait request_head_timeout
		// behind four busy threads, which is not what this test is about
		const answers = [];
		for (const [name, password] of [['lena', 'wrong password'], ['nobody-here'], ['lena', ''],
			['*)(uid=*'], ['*'], ['lena)(|(uid=*']]) {
			answers.push(await login(name, password));
		}
		for (const r of answers) {
			assert.equal(r.status, 401, r.text);
			assert.deepEqual(r.json, answers[0].json);
		}
	});

	it('a user removed from the group loses access at the next sign-in, and the sessions end', async () => {
		const first = await login('lena');
		assert.equal(first.status, 200);
		await ldapModify('dn: cn=registrars,ou=groups,dc=example,dc=org\nchangetype: modify\n'
			+ 'delete: member\nmember: uid=lena,ou=people,dc=example,dc=org\n');
		const again = await login('lena');
		assert.equal(again.status, 401);
		assert.equal(again.json.error.code, 'invalid_credentials');
		assert.equal((await d.request('/auth/whoami', { token: first.json.token })).status, 401);
		await ldapModify('dn: cn=registrars,ou=groups,dc=example,dc=org\nchangetype: modify\n'
			+ 'add: member\nmember: uid=lena,ou=people,dc=example,dc=org\n');
		assert.equal((await login('lena')).status, 200);
	});

	it("an organisation's own directory: NAME@realm signs in there, and maps only to that organisation", async () => {
		const omarB = await login('omar@b.example');
		assert.equal(omarB.status, 200, omarB.text);
		assert.equal(omarB.json.account.username, 'omar@b.example');
		assert.equal(omarB.json.account.role, 'org_admin');
		assert.equal(omarB.json.account.organization_id, orgB);
		// the same person through the node's directory is A's admin: two accounts
		const omar = await login('omar');
		assert.equal(omar.json.account.organization_id, orgA);
		// B's map knows no registrars; an unknown realm goes to the node's directory, which has no such uid
		for (const name of ['lena@b.example', 'omar@c.example', '*)(uid=*@b.example']) {
			const r = await login(name);
			assert.equal(r.status, 401, `${name}: ${r.text}`);
			assert.equal(r.json.error.code, 'invalid_credentials');
		}
		assert.equal((await login('omar@b.example', 'wrong password')).status, 401);
		// B's admin reaches B's accounts, not A's
		const accounts = await d.get('/auth/accounts', { token: omarB.json.token });
		assert.ok(accounts.contents.every((a) => a.organization_id === orgB));
	});

	it("directoryd -n refuses a section whose groups give a node-wide role or another organisation's", async () => {
		const base = ['login_throttle_address = 0', ''];
		for (const [line, why] of [
			[`cn=coordinators,ou=groups,dc=example,dc=org => coordinator`, /coordinator/],
			[`cn=admins,ou=groups,dc=example,dc=org => org_admin ${orgA}`, /org_admin/],
		]) {
			const groups = writeTemp(dir, 'groups-bad', `${line}\n`);
			const conf = writeTemp(dir, 'bad-section.conf', [...base, ...orgSection(orgB, 'b.example', groups), ''].join('\n'));
			const r = await directoryd(conninfo, ['-c', conf, '-n']);
			assert.notEqual(r.code, 0, r.stderr);
			assert.match(r.stderr, why);
			assert.match(r.stderr, /only registrar or org_admin of that organisation/);
		}
		// a section without a realm, and a key that is not an LDAP key
		const noRealm = writeTemp(dir, 'no-realm.conf', [`[ldap ${orgB}]`, `ldap_uri = ldaps://127.0.0.1:${slapd.ports[1]}`, ''].join('\n'));
		assert.match((await directoryd(conninfo, ['-c', noRealm, '-n'])).stderr, /ldap_realm/);
		const other = writeTemp(dir, 'other.conf', [`[ldap ${orgB}]`, 'threads = 2', ''].join('\n'));
		assert.match((await directoryd(conninfo, ['-c', other, '-n'])).stderr, /only ldap_\* keys/);
	});

	it('API tokens of a user removed from the group stop working at the next re-check, with no sign-in', async () => {
		const s = await login('lena');
		assert.equal(s.status, 200, s.text);
		const t = await d.request('/auth/tokens', { method: 'POST', token: s.json.token, body: { label: 'automation' } });
		assert.equal(t.status, 201, t.text);
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).status, 200);
		await ldapModify('dn: cn=registrars,ou=groups,dc=example,dc=org\nchangetype: modify\n'
			+ 'delete: member\nmember: uid=lena,ou=people,dc=example,dc=org\n');
		// within ldap_recheck (3 s here) plus a round: poll for the outcome, no sign-in meanwhile
		const end = Date.now() + 60_000;
		let status = 200;
		while (status === 200 && Date.now() < end) {
			await new Promise((r) => setTimeout(r, 200));
			status = (await d.request('/auth/whoami', { token: t.json.token })).status;
		}
		assert.equal(status, 401, 'the token still works a minute after the user left the group');
		const w = await d.request('/services', { method: 'POST', token: t.json.token,
			body: { organization_id: orgA, name: 'After removal', description: 'x', status: 'active' } });
		assert.equal(w.status, 401, w.text);
		assert.equal((await d.request('/auth/whoami', { token: s.json.token })).status, 401);
		// back in the group, the token works again once lena has signed in
		await ldapModify('dn: cn=registrars,ou=groups,dc=example,dc=org\nchangetype: modify\n'
			+ 'add: member\nmember: uid=lena,ou=people,dc=example,dc=org\n');
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).status, 401);
		assert.equal((await login('lena')).status, 200);
		assert.equal((await d.request('/auth/whoami', { token: t.json.token })).status, 200);
	});

	it('the LDAP server stopped: 503 ldap_unavailable, never a way in', async () => {
		assert.equal((await slapd.stop()).code, 0);
		try {
			const r = await login('omar');
			assert.equal(r.status, 503, r.text);
			assert.equal(r.json.error.code, 'ldap_unavailable');
		} finally {
			// the same folder, the same ports: start it again for later runs of this file
			await run('/usr/sbin/slapd', ['-f', join(slapd.dir, 'slapd.conf'),
				'-h', `ldap://127.0.0.1:${slapd.ports[0]}/ ldaps://127.0.0.1:${slapd.ports[1]}/`, '-s', '0']);
		}
	});
});
