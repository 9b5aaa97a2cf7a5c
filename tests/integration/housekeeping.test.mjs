// The daemon's housekeeping of accounts (directoryd/auth/maintain.h), with
// maintenance_interval = 1 so that the test sees it happen: the rows of
// ended sessions (signed out, past their end, idle too long) are deleted
// while the daemon runs, live sessions stay, and audit entries older than
// audit_retention are pruned with their count logged, without a restart,
// a SIGHUP or the command line. The waits poll for the outcome with a
// deadline; nothing is timed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	missingEnv, freshDatabase, migrate, createOrg, createToken, directorydOk,
	Daemon, tempDir, writeTemp, cleanupDir, psql, dbNameFor,
} from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const PW = 'correct horse battery staple';

/** Poll check() until it is true; fail after deadlineMs with what. */
async function eventually(check, what, deadlineMs = 60_000) {
	const end = Date.now() + deadlineMs;
	while (Date.now() < end) {
		if (await check()) return;
		await sleep(200);
	}
	assert.fail(`not within ${deadlineMs} ms: ${what}`);
}

describe('housekeeping of sessions and the audit trail', { skip: skip || false }, () => {
	let conninfo, db, d, dir, orgA, admin;

	const q = (sql) => psql(sql, { db });
	const login = () => d.request('/auth/login', { method: 'POST', body: { username: 'hana', password: PW } });

	before(async () => {
		dir = tempDir('directoryd-housekeeping-');
		db = dbNameFor(import.meta.url);
		conninfo = await freshDatabase(db);
		await migrate(conninfo);
		orgA = await createOrg(conninfo, 'Collective A', { sexWorkerLed: true });
		admin = await createToken(conninfo, { nodeAdmin: true });
		const code = (await directorydOk(conninfo, ['invite', 'create', '--organization', orgA,
			'--role', 'org_admin'])).stdout.trim();
		const config = writeTemp(dir, 'hk.conf', 'maintenance_interval = 1\nsession_idle = 600\n'
			+ 'login_throttle_address = 0\n');
		d = new Daemon(conninfo, { config });
		await d.start();
		const a = await d.request('/auth/invite', { method: 'POST', body: { code, username: 'hana', password: PW } });
		assert.equal(a.status, 201, a.text);
	});

	after(async () => {
		if (d) await d.stopClean();
		cleanupDir(dir);
	});

	it('ended sessions are deleted while the daemon runs; a live one stays', async () => {
		const [out, expired, idle, live] = [await login(), await login(), await login(), await login()];
		for (const r of [out, expired, idle, live]) assert.equal(r.status, 200, r.text);
		assert.equal((await d.request('/auth/logout', { method: 'POST', token: out.json.token })).status, 204);
		// past the absolute end, and idle longer than session_idle
		await q(`UPDATE auth_session SET expires_at = now() - interval '1 second'
			WHERE id = (SELECT id FROM auth_session WHERE revoked_at IS NULL ORDER BY created_at LIMIT 1 OFFSET 0)`);
		await q(`UPDATE auth_session SET last_seen_at = now() - interval '11 minutes'
			WHERE id = (SELECT id FROM auth_session WHERE revoked_at IS NULL AND expires_at > now()
				ORDER BY created_at LIMIT 1)`);
		await eventually(async () => Number(await q('SELECT count(*) FROM auth_session')) === 1,
			'three ended sessions deleted');
		assert.equal((await d.request('/auth/whoami', { token: live.json.token })).status, 200);
		await eventually(() => /sessions: \d+ ended sessions deleted/.test(d.stderr), 'the count is logged');
	});

	it('audit entries past audit_retention are pruned on the timer, and the count is logged', async () => {
		const svc = smallService(orgA, { name: 'Old change' });
		const w = await d.request('/services', { method: 'POST', token: admin, body: svc });
		assert.equal(w.status, 201, w.text);
		const before = Number(await q('SELECT count(*) FROM audit'));
		const old = Number(await q(`SELECT count(*) FROM audit WHERE record_id = '${svc.id}'`));
		assert.ok(old >= 1);
		// the daemon may prune them the moment this commits: count first
		await q(`UPDATE audit SET at = now() - interval '3 years' WHERE record_id = '${svc.id}'`);
		await eventually(async () => Number(await q(`SELECT count(*) FROM audit
			WHERE record_id = '${svc.id}'`)) === 0, 'old audit entries pruned');
		assert.equal(Number(await q('SELECT count(*) FROM audit')), before - old);
		const logged = new RegExp(`audit trail: ${old} entries older than 63072000 s pruned`);
		await eventually(() => logged.test(d.stderr), `the log says ${logged}`);
	});
});
