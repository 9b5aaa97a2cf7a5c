// The daemon's log (issue 7, directoryd/core/log.c): every line comes from
// log_msg with its level, and nothing about a request or the person who sent
// it reaches it (product rule 2), even at log_level = debug: the searches,
// paths, tokens and addresses of a test run are looked for in the output.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
	missingEnv, setupNode, createOrg, createToken, tempDir, writeTemp, cleanupDir,
} from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred, what, ms = 10_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await pred()) return;
		await sleep(50);
	}
	assert.fail(`timed out waiting for ${what}`);
}

describe('the log', { skip: skip || false }, () => {
	let dir, cfg, node, d, token, org;
	// Texts a searcher or a registrar sent; none may be in the log.
	const secrets = ['Quokkaville', 'zebrafinch7731', 'Wombat Health Collective', 'lyrebird-outreach'];

	before(async () => {
		dir = tempDir();
		cfg = writeTemp(dir, 'log.ini', '[directoryd]\nlog_level = debug\n');
		node = await setupNode(import.meta.url, { sample: true, config: cfg });
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Log test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		cleanupDir(dir);
	});

	it('logs what the node did, with levels, and nothing a searcher or registrar sent', async () => {
		// searches and reads
		assert.equal((await d.request(`/services?search=${secrets[1]}`)).status, 200);
		assert.equal((await d.request(`/services?city=${secrets[0]}&language=ro`)).status, 200);
		assert.equal((await d.request(`/organizations?search=${secrets[3]}`)).status, 200);
		assert.equal((await d.request('/services/not-a-uuid')).status, 400);
		// writes, refused and accepted
		assert.equal((await d.request('/services', { method: 'POST', body: smallService(org), token: 'dtk_wrong' })).status, 401);
		const doc = smallService(org, { name: secrets[2] });
		assert.equal((await d.request('/services', { method: 'POST', body: doc, token })).status, 201);
		// a federation request without a signature: refused, and logged by its code only
		const fed = await d.request(`/federation/v1/changes?after=${secrets[3]}`);
		assert.equal(fed.status, 401, fed.text);
		await waitFor(() => /refused a signed request/.test(d.stderr), 'the refusal to be logged');
		// a reload that fails, then one that works
		writeTemp(dir, 'log.ini', '[directoryd]\nlog_level = chatty\n');
		let mark = d.stderr.length;
		d.signal('SIGHUP');
		await waitFor(() => /keeping the old/.test(d.stderr.slice(mark)), 'the refused reload');
		writeTemp(dir, 'log.ini', '[directoryd]\nlog_level = info\n');
		mark = d.stderr.length;
		d.signal('SIGHUP');
		await waitFor(() => /reloaded/.test(d.stderr.slice(mark)), 'the reload');
		await d.stopClean(); // also runs the harness's check for paths, queries and bodies

		const lines = d.stderr.split('\n').filter((l) => l !== '');
		assert.ok(lines.length >= 5, `start, refusal, reloads, stop are logged:\n${d.stderr}`);
		for (const l of lines) {
			// log_msg's lines; cli_report's lines of a refused reload name the key
			assert.match(l, /^(directoryd: |  )/, `a line not written by log_msg:\n${l}`);
		}
		assert.match(d.stderr, /^directoryd: warning: refused a signed request: signature_missing/m);
		assert.match(d.stderr, /^directoryd: error: new configuration is invalid, keeping the old one$/m);
		assert.match(d.stderr, /^directoryd: configuration reloaded$/m);
		assert.match(d.stderr, /^directoryd: stopped after \d+ requests, 0 server errors$/m);
		for (const s of [...secrets, token, 'dtk_wrong', doc.id, 'not-a-uuid', '/services', '/federation', 'search=']) {
			assert.ok(!d.stderr.includes(s), `the log holds "${s}":\n${d.stderr}`);
		}
	});
});
