// Reminders to confirm listings by e-mail (directoryd/hsds/remind.h,
// docs/registrars.md "Reminders"), through a real SMTP server: the
// standard-library smtpd of tests/smtp/smtp-sink. With smtp_url set and
// maintenance_interval = 1, the daemon's housekeeping thread sends each
// organisation with services nobody confirmed (or changed) for
// unconfirmed_after days one message with the links to their forms, once
// per unconfirmed period. The waits poll for the outcome with a deadline;
// nothing is timed, and "not sent again" is read after later rounds have run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	env, missingEnv, freshDatabase, migrate, createOrg, createToken,
	Daemon, tempDir, writeTemp, psql, dbNameFor, startTestServer, teardown,
} from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const PUBLIC = 'https://directory.example.org';

/** Poll check() until it returns a truthy value; fail after deadlineMs with what. */
async function eventually(check, what, deadlineMs = 60_000) {
	const end = Date.now() + deadlineMs;
	while (Date.now() < end) {
		const v = await check();
		if (v) return v;
		await sleep(200);
	}
	assert.fail(`not within ${deadlineMs} ms: ${what}`);
}

describe('reminders to confirm listings, by e-mail', { skip: skip || false }, () => {
	let conninfo, db, d, dir, sinkDir, sink, orgA, orgB, orgC, admin;
	const q = (sql) => psql(sql, { db });

	/** The messages the SMTP server received: [{from, to, text}], oldest first. */
	function mail() {
		const folder = join(sinkDir, 'mail');
		if (!existsSync(folder)) return [];
		return readdirSync(folder).filter((f) => f.endsWith('.eml'))
			.sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
			.map((f) => ({ ...JSON.parse(readFileSync(join(folder, f.replace('.eml', '.json')), 'utf8')),
				text: readFileSync(join(folder, f), 'utf8') }));
	}
	const to = (addr) => mail().filter((m) => m.to.includes(addr));

	async function service(org, name, assured) {
		const r = await d.request('/services', { method: 'POST', token: admin,
			body: smallService(org, { name, assured_date: assured }) });
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	}

	before(async () => {
		dir = tempDir('directoryd-reminders-');
		sinkDir = join(dir, 'smtp');
		sink = await startTestServer(join(env.src, 'tests', 'smtp', 'smtp-sink'), sinkDir);
		const port = Number(sink.out);
		db = dbNameFor(import.meta.url);
		conninfo = await freshDatabase(db);
		await migrate(conninfo);
		orgA = await createOrg(conninfo, 'Collective Ä');
		orgB = await createOrg(conninfo, 'Collective B');
		orgC = await createOrg(conninfo, 'Collective C');
		await q(`UPDATE organization SET email = 'info@collective-c.example' WHERE id = '${orgC}'`);
		await q(`UPDATE organization SET email = 'team@collective-b.example' WHERE id = '${orgB}'`);
		admin = await createToken(conninfo, { nodeAdmin: true });
		const config = writeTemp(dir, 'reminders.conf', [`public_url = ${PUBLIC}`,
			`smtp_url = smtp://127.0.0.1:${port}`, 'smtp_from = directory@example.org',
			'maintenance_interval = 1', 'unconfirmed_after = 90', `key_dir = ${join(dir, 'keys')}`, ''].join('\n'));
		d = new Daemon(conninfo, { config });
		await d.start();
	});

	after(() => teardown({ daemon: d, servers: [sink], dir }));

	it('sends one reminder per organisation with the links, once per unconfirmed period', async () => {
		const old = await service(orgA, 'Night café', '2020-01-01');
		const never = await service(orgA, 'Street work', undefined);
		const fresh = await service(orgA, 'Checked today', new Date().toISOString().slice(0, 10));
		// never confirmed and not changed for long: due as well (a new one is not)
		await q(`UPDATE service SET updated_at = now() - interval '200 days' WHERE id = '${never}'`);
		// A has no address until its listings are set up, so that no round sees half of them
		await q(`UPDATE organization SET email = 'hello@collective-a.example' WHERE id = '${orgA}'`);
		const [m] = await eventually(() => { const x = to('hello@collective-a.example'); return x.length && x; },
			'the reminder to collective A');
		assert.equal(m.from, 'directory@example.org');
		assert.match(m.text, /^Subject: Please confirm your directory listings\r?$/m);
		assert.match(m.text, /^To: <hello@collective-a\.example>\r?$/m);
		assert.match(m.text, /Hello Collective Ä,/, 'UTF-8 text arrives whole');
		assert.ok(m.text.includes(`${PUBLIC}/manage/services/${old}`), 'the link to the form of the old listing');
		assert.match(m.text, /Night café \(last confirmed 2020-01-01\)/);
		assert.ok(m.text.includes(`${PUBLIC}/manage/services/${never}`));
		assert.match(m.text, /Street work \(never confirmed\)/);
		assert.ok(!m.text.includes(fresh), 'a confirmed listing is not in it');
		const rows = await q(`SELECT count(*) FROM service_reminder WHERE service_id IN ('${old}', '${never}')`);
		assert.equal(rows, '2', 'recorded');

		// later rounds do not send A's again: B's service is due only after A's reminder was
		// recorded, so B is reminded in a later round; C's only after B's, in a round after
		// the whole of B's (its due list is read when a round starts)
		await service(orgB, 'B\'s drop-in', '2019-05-05');
		await eventually(async () => (await q(`SELECT count(*) FROM service_reminder r JOIN service s
			ON s.id = r.service_id WHERE s.organization_id = '${orgB}'`)) === '1', 'B\'s reminder recorded');
		await service(orgC, 'C\'s helpline', '2019-05-05');
		await eventually(() => to('info@collective-c.example').length === 1, 'the reminder to collective C');
		assert.equal(to('hello@collective-a.example').length, 1, 'A is reminded once in this period');
		assert.equal(to('team@collective-b.example').length, 1, 'and B once');

		// confirmed, then unconfirmed again: a new period, a new reminder
		const r = await d.request(`/services/${old}`, { method: 'PUT', token: admin,
			body: smallService(orgA, { id: old, name: 'Night café', assured_date: '2020-06-01' }) });
		assert.equal(r.status, 200, r.text);
		const second = await eventually(() => { const x = to('hello@collective-a.example'); return x.length === 2 && x[1]; },
			'the second reminder to collective A');
		assert.match(second.text, /Night café \(last confirmed 2020-06-01\)/);
		assert.ok(!second.text.includes(never), 'the listing already reminded in its period is not repeated');
	});
});
