// dirctl(1) against a real node (issue 11, section 6): every command, the
// exit codes (0 done, 1 refused, 2 usage, 3 network), the printed error
// object, the table (UTF-8 widths, control characters), and the
// configuration file's permissions.
//
// DIRCTL_BIN names the client; by default it is clients/dirctl of the build
// whose directoryd DIRECTORYD_BIN names.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';

import {
	env, missingEnv, setupNode, createOrg, createToken, run, tempDir, cleanupDir, freePort,
	UUID_RE, psql,
} from './lib/harness.mjs';
import { fullService, smallService } from './lib/fixtures.mjs';

const BIN = process.env.DIRCTL_BIN || (env.bin && resolve(dirname(env.bin), '..', 'clients', 'dirctl'));
const skip = missingEnv() || (!BIN || !existsSync(BIN) ? `dirctl not built (${BIN})` : null);
const COMMANDS = ['login', 'logout', 'whoami', 'org', 'service', 'location', 'search', 'reports',
	'peers', 'listings'];
const EXIT = { ok: 0, refused: 1, usage: 2, network: 3 };

describe('dirctl', { skip: skip || false }, () => {
	let node, d, home, orgA, orgB, tokenA, tokenB, admin;

	/**
	 * Run dirctl with its own HOME and XDG_CONFIG_HOME; DIRCTL_URL is the
	 * node unless opts.url is given (null: none). Resolves {code, stdout, stderr}.
	 */
	function dirctl(args, { input, token, url, xdg = join(home, 'xdg'), extra = {} } = {}) {
		const e = { HOME: home, XDG_CONFIG_HOME: xdg, DIRCTL_URL: url === undefined ? d.base : url,
			DIRCTL_TOKEN: token, COLUMNS: undefined, ...extra };
		const envExtra = {};
		for (const [k, v] of Object.entries(e)) envExtra[k] = v;
		return runClean(BIN, args, { input, env: envExtra });
	}

	/** run() with variables set to undefined removed from the environment. */
	function runClean(cmd, args, { input, env: vars }) {
		const saved = {};
		for (const [k, v] of Object.entries(vars)) {
			saved[k] = process.env[k];
			if (v === undefined || v === null) delete process.env[k];
			else process.env[k] = v;
		}
		const p = run(cmd, args, { input });
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
		return p;
	}

	async function ok(args, opts) {
		const r = await dirctl(args, opts);
		assert.equal(r.code, EXIT.ok, `dirctl ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
		return r;
	}

	function configPath(xdg = join(home, 'xdg')) {
		return join(xdg, 'dirctl', 'config');
	}

	before(async () => {
		node = await setupNode(import.meta.url, { sample: true });
		d = node.daemon;
		orgA = await createOrg(node.conninfo, 'dirctl org A');
		orgB = await createOrg(node.conninfo, 'dirctl org B');
		tokenA = await createToken(node.conninfo, { organization: orgA });
		tokenB = await createToken(node.conninfo, { organization: orgB });
		admin = await createToken(node.conninfo, { nodeAdmin: true });
		home = tempDir('dirctl-home-');
	});

	after(async () => {
		if (d) await d.stopClean();
		if (home) cleanupDir(home);
	});

	describe('usage', () => {
		it('--help on dirctl and on every command: exit 0, usage on standard output', async () => {
			const top = await ok(['--help'], { url: null });
			for (const c of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${c} `, 'm'), `--help lists ${c}`);
			assert.match(top.stdout, /Exit codes: 0 done, 1 the node refused, 2 usage/);
			for (const c of COMMANDS) {
				// no node and no configuration are needed for help
				const r = await ok([c, '--help'], { url: null });
				assert.match(r.stdout, new RegExp(`^usage: dirctl (\\[--url URL\\] )?${c}\\b`), `${c} --help`);
				assert.equal(r.stderr, '');
			}
			for (const verb of ['get', 'create', 'update', 'delete']) {
				assert.match((await ok(['service', verb, '--help'], { url: null })).stdout, /^usage: dirctl service get ID/);
			}
		});

		it('usage errors exit 2: unknown command, unknown option, missing argument, bad number', async () => {
			for (const args of [[], ['frobnicate'], ['search', '--colour', 'red'], ['service', 'get'],
				['service', 'fetch', 'x'], ['org', 'delete'], ['search', '--page', '0'], ['search', '--page', 'x'],
				['--timeout', '0', 'search'], ['listings'], ['whoami', 'extra'], ['search', '--radius', '3'],
				['search', '--near', '95,10'], ['login', '--token-stdin', '--username', 'x']]) {
				const r = await dirctl(args);
				assert.equal(r.code, EXIT.usage, `dirctl ${args.join(' ')} should exit 2, exited ${r.code}:\n${r.stderr}`);
				assert.notEqual(r.stderr, '', `dirctl ${args.join(' ')} says why`);
			}
		});

		it('no node configured: exit 2 naming --url and DIRCTL_URL', async () => {
			const r = await dirctl(['search', '--city', 'zurich'], { url: null, xdg: join(home, 'empty') });
			assert.equal(r.code, EXIT.usage);
			assert.match(r.stderr, /--url/);
			assert.match(r.stderr, /DIRCTL_URL/);
		});

		it('only http and https URLs', async () => {
			for (const url of ['ftp://127.0.0.1/', 'file:///etc/passwd', 'gopher://x', 'not a url']) {
				const r = await dirctl(['search'], { url });
				assert.equal(r.code, EXIT.usage, `${url}: ${r.stderr}`);
			}
		});
	});

	describe('search', () => {
		const DONE_WHEN = ['--city', 'zurich', '--language', 'ro', '--category', 'sti_hiv_testing',
			'--access', 'free,no_id_required'];
		const DONE_WHEN_Q = 'city=zurich&language=ro&category=sti_hiv_testing&access=free,no_id_required';

		it('the table shows exactly the services the API returns, with organisation, city, languages, access', async () => {
			const api = await d.get(`/services?${DONE_WHEN_Q}&full=true`);
			assert.equal(api.total_items, 2);
			const r = await ok(['search', ...DONE_WHEN, '--width', '400', '--ids']);
			const lines = r.stdout.trimEnd().split('\n');
			assert.match(lines[0], /^NAME\s+ORGANIZATION\s+CITY\s+LANGUAGES\s+ACCESS\s+ID$/);
			assert.equal(lines.length, 1 + 2 + 1, r.stdout);
			assert.equal(lines[3], '2 services, page 1 of 1');
			for (const s of api.contents) {
				const row = lines.find((l) => l.endsWith(s.id));
				assert.ok(row, `a row for ${s.name}:\n${r.stdout}`);
				assert.ok(row.startsWith(s.name + ' '), row);
				assert.ok(row.includes(`  ${s.organization.name}  `), row);
				assert.ok(row.includes('  Zürich  '), row);
				assert.match(row, /\bfree\b/);
				assert.match(row, /\bno_id_required\b/);
				for (const l of s.languages) assert.ok(row.includes(l.code), `${l.code} in ${row}`);
			}
		});

		it('--json prints the API page of full records unchanged', async () => {
			const r = await ok(['search', ...DONE_WHEN, '--json']);
			assert.deepEqual(JSON.parse(r.stdout), await d.get(`/services?${DONE_WHEN_Q}&full=true`));
		});

		it('words, --near with a point and --radius, --open-now, --lang, --page and --per-page reach the API', async () => {
			const cases = [
				[['STI', 'testing'], 'search=STI%20testing'],
				[['--near', '47.3779,8.5403', '--radius', '3'], 'lat=47.377900&lon=8.540300&radius_km=3'],
				[['--near', '47.3779,8.5403'], 'lat=47.377900&lon=8.540300&radius_km=10'],
				[['--country', 'AT', '--open-now'], 'country=AT&open_now=true'],
				[['--city', 'bucuresti', '--lang', 'ro'], 'city=bucuresti&lang=ro'],
				[['--city', 'zurich', '--page', '2', '--per-page', '3'], 'city=zurich&page=2&per_page=3'],
			];
			for (const [args, q] of cases) {
				const r = await ok(['search', ...args, '--json']);
				assert.deepEqual(JSON.parse(r.stdout), await d.get(`/services?${q}&full=true`), args.join(' '));
			}
		});

		it('--near with a place name is sent as near=, and the node decides whether it knows it', async () => {
			const api = await d.request('/services?near=zurich&full=true');
			const r = await dirctl(['search', '--near', 'zurich', '--json']);
			if (api.status === 200) {
				assert.equal(r.code, EXIT.ok, r.stderr);
				assert.deepEqual(JSON.parse(r.stdout), api.json);
			} else {
				// a node without place names refuses the parameter by name
				assert.equal(r.code, EXIT.refused);
				assert.match(r.stderr, new RegExp(`code: {4}${api.json.error.code}`));
			}
		});

		it('paging is told under the table; an empty result says so', async () => {
			const r = await ok(['search', '--city', 'zurich', '--per-page', '3', '--width', '300']);
			assert.match(r.stdout, /\n7 services, page 1 of 3 \(--page for more\)\n$/);
			assert.equal(r.stdout.trim().split('\n').length, 1 + 3 + 1);
			const none = await ok(['search', '--city', 'reykjavik']);
			assert.equal(none.stdout, 'no services found\n');
		});

		it('fits the width given, cutting the widest columns with an ellipsis but never an id', async () => {
			for (const width of [60, 80, 100]) {
				const r = await ok(['search', '--city', 'zurich', '--width', String(width)]);
				for (const line of r.stdout.split('\n')) {
					// the sample's Zurich texts are Latin: one column per code point
					assert.ok([...line].length <= width, `wider than ${width}: ${line}`);
				}
				assert.match(r.stdout, /…/);
			}
			const ids = await ok(['search', '--city', 'zurich', '--width', '60', '--ids']);
			const api = await d.get('/services?city=zurich');
			for (const s of api.contents) assert.ok(ids.stdout.includes(s.id), `${s.id} whole at width 60`);
			// COLUMNS is the width when --width is not given
			const cols = await dirctl(['search', '--city', 'zurich'], { extra: { COLUMNS: '50' } });
			assert.equal(cols.code, 0);
			for (const line of cols.stdout.split('\n')) assert.ok([...line].length <= 50, line);
		});

		it('measures wide and combining characters, and replaces control characters', async () => {
			const org = await createOrg(node.conninfo, 'Ωmega Org');
			const names = [
				// [name sent, shown, display width]
				['测试服务', '测试服务', 8],
				['e\u0301cole Ünïcode', 'e\u0301cole Ünïcode', 13],
				['Bad \u001b[31mred\u0007', 'Bad \ufffd[31mred\ufffd', 13],
			];
			for (const [name] of names) {
				// The node refuses control characters in a name (docs/api.md); a node of an
				// older version or a mirror may still hold them, so the third is stored in SQL.
				const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
				const s = smallService(org, { name: clean, description: 'Zebrafinch width check.' });
				assert.equal((await d.request('/services', { method: 'POST', token: admin, body: s })).status, 201);
				if (clean !== name) {
					await psql(`UPDATE service SET name = convert_from(decode('${Buffer.from(name).toString('hex')}', 'hex'), 'UTF8') WHERE id = '${s.id}'`,
						{ db: node.dbName });
				}
			}
			const r = await ok(['search', 'zebrafinch', '--width', '200']);
			assert.ok(!r.stdout.includes('\u001b'), 'no escape character reaches the terminal');
			assert.ok(!r.stdout.includes('\u0007'), 'no bell reaches the terminal');
			const lines = r.stdout.split('\n');
			// NAME is as wide as its widest cell (13), then two spaces
			assert.ok(lines[0].startsWith('NAME' + ' '.repeat(13 - 4 + 2) + 'ORGANIZATION'), lines[0]);
			for (const [, shown, width] of names) {
				const row = lines.find((l) => l.startsWith(shown));
				assert.ok(row, `a row starting ${shown}:\n${r.stdout}`);
				assert.ok(row.startsWith(shown + ' '.repeat(13 - width + 2) + 'Ωmega Org'), `aligned: ${row}`);
			}
		});

		it('a filter the node refuses: exit 1 with the error code, message and field', async () => {
			const r = await dirctl(['search', '--language', 'not a tag!']);
			assert.equal(r.code, EXIT.refused, r.stderr);
			assert.match(r.stderr, /^dirctl: the node refused \(HTTP 400\)$/m);
			assert.match(r.stderr, /^ {2}code: {4}invalid_parameter$/m);
			assert.match(r.stderr, /^ {2}message: \S/m);
			assert.match(r.stderr, /^ {2}field: {3}/m);
		});

		it('sends no token, even when one is configured', async () => {
			// a revoked token would be refused if it were sent
			const r = await ok(['search', '--city', 'zurich'], { token: 'dtk_not_a_real_token_at_all_xxxxxxxx' });
			assert.match(r.stdout, /7 services/);
		});
	});

	describe('org, service and location', () => {
		let dir;
		before(() => { dir = tempDir('dirctl-json-'); });
		after(() => cleanupDir(dir));

		function file(name, value) {
			const p = join(dir, name);
			writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
			return p;
		}

		it('get prints the record as the API has it', async () => {
			const api = await d.get('/services?city=zurich&per_page=1');
			const id = api.contents[0].id;
			const r = await ok(['service', 'get', id]);
			assert.deepEqual(JSON.parse(r.stdout), await d.get(`/services/${id}`));
			const o = await ok(['org', 'get', orgA]);
			assert.deepEqual(JSON.parse(o.stdout), await d.get(`/organizations/${orgA}`));
		});

		it('a service: create, get, update (id from the file or given), delete', async () => {
			const { doc, ids } = fullService(orgA);
			const created = await ok(['service', 'create', file('s.json', doc)], { token: tokenA });
			const stored = JSON.parse(created.stdout);
			assert.equal(stored.id, doc.id);
			assert.equal((await d.get(`/services/${doc.id}`)).name, doc.name);
			assert.equal((await d.get(`/locations/${ids.location}`)).name, 'Integration test clinic');

			await ok(['service', 'update', file('s2.json', { ...doc, name: 'Renamed by dirctl' })], { token: tokenA });
			assert.equal((await d.get(`/services/${doc.id}`)).name, 'Renamed by dirctl');
			// from standard input, with the id on the command line
			await ok(['service', 'update', doc.id, '-'], { token: tokenA,
				input: JSON.stringify({ ...doc, name: 'Renamed from stdin' }) });
			assert.equal((await d.get(`/services/${doc.id}`)).name, 'Renamed from stdin');

			const del = await ok(['service', 'delete', doc.id], { token: tokenA });
			assert.equal(del.stdout, `deleted service ${doc.id}\n`);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
			const gone = await dirctl(['service', 'get', doc.id]);
			assert.equal(gone.code, EXIT.refused);
			assert.match(gone.stderr, /code: {4}not_found/);
		});

		it('a location and an organization: create, update, delete', async () => {
			const loc = { organization_id: orgA, name: 'dirctl drop-in', location_type: 'physical',
				addresses: [{ address_1: 'Weg 1', city: 'Bern', postal_code: '3000', country: 'CH', address_type: 'physical',
					state_province: 'BE' }] };
			const made = JSON.parse((await ok(['location', 'create', file('l.json', loc)], { token: tokenA })).stdout);
			assert.match(made.id, UUID_RE);
			await ok(['location', 'update', made.id, file('l2.json', { ...loc, id: made.id, name: 'dirctl drop-in 2' })],
				{ token: tokenA });
			assert.equal((await d.get(`/locations/${made.id}`)).name, 'dirctl drop-in 2');
			assert.equal(JSON.parse((await ok(['location', 'get', made.id])).stdout).name, 'dirctl drop-in 2');
			await ok(['location', 'delete', made.id], { token: tokenA });
			assert.equal((await d.request(`/locations/${made.id}`)).status, 404);

			const org = JSON.parse((await ok(['org', 'create', file('o.json', { name: 'Made by dirctl', description: '' })],
				{ token: admin })).stdout);
			assert.equal((await d.get(`/organizations/${org.id}`)).name, 'Made by dirctl');
			await ok(['org', 'update', file('o2.json', { id: org.id, name: 'Renamed org', description: '' })], { token: admin });
			assert.equal((await d.get(`/organizations/${org.id}`)).name, 'Renamed org');
			await ok(['org', 'delete', org.id], { token: admin });
			assert.equal((await d.request(`/organizations/${org.id}`)).status, 404);
		});

		it('a refused write: exit 1 with code, message, field and every detail', async () => {
			const doc = smallService(orgA, { colour: 'red', status: 'sometimes' });
			const r = await dirctl(['service', 'create', file('bad.json', doc)], { token: tokenA });
			assert.equal(r.code, EXIT.refused, r.stderr);
			const api = await d.request('/services', { method: 'POST', token: tokenA, body: doc });
			const e = api.json.error;
			assert.match(r.stderr, new RegExp(`^  code: {4}${e.code}$`, 'm'));
			assert.ok(r.stderr.includes(`  message: ${e.message}\n`), r.stderr);
			assert.ok(r.stderr.includes(`  field:   ${e.field}\n`), r.stderr);
			assert.ok(e.details.length >= 2, 'two violations');
			for (const x of e.details) assert.ok(r.stderr.includes(`  - ${x.code} at ${x.field}: ${x.message}\n`), r.stderr);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404, 'nothing stored');
		});

		it('an eligibility refusal prints the rule and the phrase', async () => {
			const doc = smallService(orgA, { eligibility_description: 'Support is only available if you file a police report.' });
			const r = await dirctl(['service', 'create', file('elig.json', doc)], { token: tokenA });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}eligibility_condition/);
			assert.match(r.stderr, /^ {2}rule: {4}D\d$/m);
			assert.match(r.stderr, /^ {2}phrase: {2}\S/m);
		});

		it('another organisation\'s record: 403 forbidden, exit 1', async () => {
			const doc = smallService(orgB);
			assert.equal((await d.request('/services', { method: 'POST', token: tokenB, body: doc })).status, 201);
			const r = await dirctl(['service', 'delete', doc.id], { token: tokenA });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}forbidden/);
			assert.equal((await d.request(`/services/${doc.id}`)).status, 200);
		});

		it('ids stay one path segment', async () => {
			const r = await dirctl(['service', 'get', '../admin/peers']);
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}(invalid_uuid|not_found)/);
		});

		it('local problems exit 2 before anything is sent: no token, bad JSON, duplicate keys, not an object, too large, missing id', async () => {
			const doc = smallService(orgA);
			const cases = [
				[['service', 'create', file('ok.json', doc)], {}, /needs a token/],
				[['service', 'create', file('broken.json', '{"name": ')], { token: tokenA }, /broken\.json, line 1, column \d+/],
				[['service', 'create', file('dup.json', '{"name": "a", "name": "b"}')], { token: tokenA }, /duplicate/],
				[['service', 'create', file('arr.json', '[1, 2]')], { token: tokenA }, /not an object/],
				[['service', 'create', file('big.json', JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }))],
					{ token: tokenA }, /larger than 1 MiB/],
				[['service', 'create', join(dir, 'absent.json')], { token: tokenA }, /cannot open/],
				[['service', 'update', file('noid.json', { name: 'no id' })], { token: tokenA }, /has no "id"/],
			];
			for (const [args, opts, re] of cases) {
				const r = await dirctl(args, opts);
				assert.equal(r.code, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
				assert.match(r.stderr, re);
			}
			assert.equal((await d.request(`/services/${doc.id}`)).status, 404);
		});
	});

	describe('login, whoami, logout and the configuration file', () => {
		it('login --token-stdin keeps the token in a file of mode 0600 in a folder of mode 0700', async () => {
			const xdg = join(home, 'cfg1');
			const r = await ok(['login', '--token-stdin'], { xdg, input: `${tokenA}\n` });
			assert.match(r.stdout, /token kept for http:\/\/127\.0\.0\.1:\d+/);
			const st = statSync(configPath(xdg));
			assert.equal(st.mode & 0o777, 0o600);
			assert.equal(statSync(join(xdg, 'dirctl')).mode & 0o777, 0o700);
			const text = readFileSync(configPath(xdg), 'utf8');
			assert.match(text, new RegExp(`^url = ${d.base}$`, 'm'));
			assert.match(text, new RegExp(`^token = ${tokenA}$`, 'm'));
			// the kept token writes, with no DIRCTL_URL and no DIRCTL_TOKEN
			const doc = smallService(orgA);
			const w = await ok(['service', 'create', '-'], { xdg, url: null, input: JSON.stringify(doc) });
			assert.equal(JSON.parse(w.stdout).id, doc.id);
		});

		it('a token the node refuses is not kept', async () => {
			const xdg = join(home, 'cfg-refused');
			const whoami = await d.request('/auth/whoami', { token: 'dtk_refused_token_xxxxxxxxxxxxxxxxxxxx' });
			const r = await dirctl(['login', '--token-stdin'], { xdg, input: 'dtk_refused_token_xxxxxxxxxxxxxxxxxxxx\n' });
			if (whoami.status === 404) {
				// a node without session login cannot check a token: kept with a warning
				assert.equal(r.code, EXIT.ok, r.stderr);
				assert.match(r.stderr, /no GET \/auth\/whoami/);
			} else {
				assert.equal(r.code, EXIT.refused, r.stderr);
				assert.match(r.stderr, /code: {4}unauthorized/);
				assert.equal(existsSync(configPath(xdg)), false);
			}
		});

		it('the file is refused when group or others may read or change it', async () => {
			const xdg = join(home, 'cfg2');
			await ok(['login', '--token-stdin'], { xdg, input: `${tokenA}\n` });
			for (const mode of [0o640, 0o604, 0o620, 0o602, 0o644]) {
				chmodSync(configPath(xdg), mode);
				const r = await dirctl(['search', '--city', 'zurich'], { xdg, url: null });
				assert.equal(r.code, EXIT.usage, `mode ${mode.toString(8)}: ${r.stderr}`);
				assert.match(r.stderr, /chmod 600/);
				assert.equal(r.stdout, '');
			}
			chmodSync(configPath(xdg), 0o600);
			await ok(['search', '--city', 'zurich'], { xdg, url: null });
		});

		it('a file that is not key = value, or has an unknown key, is refused', async () => {
			const xdg = join(home, 'cfg3');
			mkdirSync(join(xdg, 'dirctl'), { recursive: true, mode: 0o700 });
			for (const [text, re] of [['url = http://x\ncolour = red\n', /unknown key "colour"/],
				['just words\n', /line 1/]]) {
				writeFileSync(configPath(xdg), text, { mode: 0o600 });
				const r = await dirctl(['search'], { xdg });
				assert.equal(r.code, EXIT.usage);
				assert.match(r.stderr, re);
			}
		});

		it('the kept token goes only to the node it was kept for', async () => {
			const xdg = join(home, 'cfg4');
			await ok(['login', '--token-stdin'], { xdg, input: `${tokenA}\n` });
			// the same node under another name is another URL: no token is sent
			const other = d.base.replace('127.0.0.1', 'localhost');
			const r = await dirctl(['service', 'create', '-'], { xdg, url: other, input: JSON.stringify(smallService(orgA)) });
			assert.equal(r.code, EXIT.usage);
			assert.match(r.stderr, /needs a token/);
			// DIRCTL_TOKEN wins over the file
			const doc = smallService(orgB);
			await ok(['service', 'create', '-'], { xdg, url: null, token: tokenB, input: JSON.stringify(doc) });
			assert.equal((await d.get(`/services/${doc.id}`)).organization_id, orgB);
		});

		it('login with a password on a node without session login says to use a token (exit 1); whoami likewise', async () => {
			const probe = await d.request('/auth/login', { method: 'POST', body: { username: 'x', password: 'y' } });
			if (probe.status !== 404) return; // session login: the next describe covers it
			const xdg = join(home, 'cfg5');
			const r = await dirctl(['login', '--username', 'ana'], { xdg, input: 'secret password\n' });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /no session login/);
			assert.match(r.stderr, /--token-stdin/);
			assert.equal(existsSync(configPath(xdg)), false);
			const w = await dirctl(['whoami'], { token: tokenA });
			assert.equal(w.code, EXIT.refused);
			assert.match(w.stderr, /no GET \/auth\/whoami/);
		});

		it('logout forgets an API token and keeps the file private', async () => {
			const xdg = join(home, 'cfg6');
			await ok(['login', '--token-stdin'], { xdg, input: `${tokenA}\n` });
			const r = await ok(['logout'], { xdg, url: null });
			assert.match(r.stdout, /stays valid until it is revoked/);
			assert.match(r.stdout, /signed out of/);
			const text = readFileSync(configPath(xdg), 'utf8');
			assert.doesNotMatch(text, /^token/m);
			assert.match(text, /^url = /m);
			assert.equal(statSync(configPath(xdg)).mode & 0o777, 0o600);
			const again = await ok(['logout'], { xdg, url: null });
			assert.match(again.stdout, /not signed in/);
			const w = await dirctl(['whoami'], { xdg, url: null });
			assert.equal(w.code, EXIT.usage);
		});
	});

	describe('session login (a node with POST /auth/login)', () => {
		const PW = 'correct horse battery staple';
		let hasLogin;

		before(async () => {
			const probe = await d.request('/auth/login', { method: 'POST', body: { username: 'nobody', password: 'x' } });
			hasLogin = probe.status !== 404;
		});

		/** An org_admin account of orgA, made by invitation. */
		async function account(username) {
			const r = await run(env.bin, ['--database', node.conninfo, '--data-dir', env.src, 'invite', 'create',
				'--organization', orgA, '--role', 'org_admin']);
			assert.equal(r.code, 0, r.stderr);
			const accepted = await d.request('/auth/invite', { method: 'POST',
				body: { code: r.stdout.trim(), username, password: PW } });
			assert.equal(accepted.status, 201, accepted.text);
		}

		it('login, whoami, a write with the session, logout; the session is then refused', async (t) => {
			if (!hasLogin) {
				t.skip('this node has no session login (covered above)');
				return;
			}
			await account('dora');
			const xdg = join(home, 'session');
			const r = await ok(['login', '--username', 'dora'], { xdg, input: `${PW}\n` });
			assert.match(r.stdout, /^signed in to http:\/\/127\.0\.0\.1:\d+ as dora \(org_admin\), organization /m);
			assert.ok(r.stdout.includes(orgA), r.stdout);
			assert.ok(!r.stdout.includes(PW) && !r.stderr.includes(PW), 'the password is never printed');
			const text = readFileSync(configPath(xdg), 'utf8');
			const token = text.match(/^token = (dse_\S+)$/m)?.[1];
			assert.ok(token, `a session token in the file:\n${text}`);
			assert.match(text, /^token_kind = session$/m);
			assert.equal(statSync(configPath(xdg)).mode & 0o777, 0o600);

			const who = await ok(['whoami'], { xdg, url: null });
			assert.match(who.stdout, /^dora \(org_admin\), organization [0-9a-f-]{36}, by session$/m);
			const whoJson = JSON.parse((await ok(['whoami', '--json'], { xdg, url: null })).stdout);
			assert.deepEqual(whoJson, await d.get('/auth/whoami', { token }));

			const doc = smallService(orgA);
			await ok(['service', 'create', '-'], { xdg, url: null, input: JSON.stringify(doc) });
			assert.equal((await d.get(`/services/${doc.id}`)).organization_id, orgA);

			const out = await ok(['logout'], { xdg, url: null });
			assert.match(out.stdout, /signed out of/);
			assert.equal((await d.request('/auth/whoami', { token })).status, 401, 'the node ended the session');
			assert.doesNotMatch(readFileSync(configPath(xdg), 'utf8'), /^token/m);
		});

		it('a wrong password: exit 1 with invalid_credentials, nothing kept', async (t) => {
			if (!hasLogin) {
				t.skip('this node has no session login');
				return;
			}
			await account('emil');
			const xdg = join(home, 'session-wrong');
			const r = await dirctl(['login', '--username', 'emil'], { xdg, input: 'not the password\n' });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}invalid_credentials/);
			assert.equal(existsSync(configPath(xdg)), false);
			// an empty password is refused before anything is sent
			const empty = await dirctl(['login', '--username', 'emil'], { xdg, input: '\n' });
			assert.equal(empty.code, EXIT.usage);
		});

		it('a session token that has ended: whoami exits 1 with unauthorized', async (t) => {
			if (!hasLogin) {
				t.skip('this node has no session login');
				return;
			}
			const r = await dirctl(['whoami'], { token: 'dse_' + 'A'.repeat(43) });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /HTTP 401/);
		});
	});

	describe('reports, peers and listings', () => {
		it('reports: the node\'s problem reports, or a clear error when it keeps none', async () => {
			const probe = await d.request('/reports', { token: tokenA });
			const r = await dirctl(['reports'], { token: tokenA });
			if (probe.status === 404) {
				assert.equal(r.code, EXIT.refused);
				assert.match(r.stderr, /does not keep problem reports \(no GET \/reports\)/);
			} else {
				assert.equal(r.code, EXIT.ok, r.stderr);
				// a report sent from the service page reaches its organisation only
				const doc = smallService(orgA, { name: 'Reported by dirctl test' });
				assert.equal((await d.request('/services', { method: 'POST', token: tokenA, body: doc })).status, 201);
				const sent = await d.request(`/search/${doc.id}/report`, { method: 'POST',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					body: 'kind=wrong_hours&text=Closed+on+Mondays+now%2C+–+not+open' });
				assert.ok(sent.status < 400, `the report was taken: ${sent.status}`);
				const table = await ok(['reports', '--width', '300'], { token: tokenA });
				const lines = table.stdout.trimEnd().split('\n');
				assert.match(lines[0], /^RECEIVED\s+KIND\s+SERVICE\s+TEXT\s+SERVICE ID$/);
				const row = lines.find((l) => l.endsWith(doc.id));
				assert.ok(row, table.stdout);
				assert.match(row, /\bwrong_hours\s+Reported by dirctl test\s+Closed on Mondays now, – not open\s/);
				const mine = JSON.parse((await ok(['reports', '--json', '--service', doc.id], { token: tokenA })).stdout);
				assert.deepEqual(mine, (await d.request(`/reports?service_id=${doc.id}`, { token: tokenA })).json);
				assert.equal(mine.contents.length, 1);
				const theirs = JSON.parse((await ok(['reports', '--json'], { token: tokenB })).stdout);
				assert.ok(!theirs.contents.some((x) => x.service_id === doc.id), 'another organisation does not see it');
				const all = JSON.parse((await ok(['reports', '--json'], { token: admin })).stdout);
				assert.ok(all.contents.some((x) => x.service_id === doc.id), 'the node admin sees it');
			}
			assert.equal((await dirctl(['reports'])).code, EXIT.usage, 'reports need a token');
		});

		it('peers: a table or the API\'s JSON for a node admin; 403 for an organisation', async () => {
			assert.equal((await ok(['peers'], { token: admin })).stdout, 'no peers configured\n');
			const add = await run(env.bin, ['--database', node.conninfo, '--data-dir', env.src, 'peers', 'add',
				'night-node', 'http://127.0.0.1:9', `ed25519:${'A'.repeat(43)}`, '--serve-only']);
			assert.equal(add.code, 0, add.stderr);
			// the daemon tries the peer in the background: compare what does not move
			const still = (body) => body.peers.map(({ name, url, node_id, pull, relays, keys }) =>
				({ name, url, node_id, pull, relays, keys }));
			const api = await d.get('/admin/peers', { token: admin });
			assert.equal(api.peers.length, 1);
			const r = await ok(['peers', '--json'], { token: admin });
			const printed = JSON.parse(r.stdout);
			assert.deepEqual(still(printed), still(api));
			assert.deepEqual(Object.keys(printed.peers[0]).sort(), Object.keys(api.peers[0]).sort());
			const t = await ok(['peers', '--width', '200'], { token: admin });
			const lines = t.stdout.trimEnd().split('\n');
			assert.match(lines[0], /^NAME\s+URL\s+PULL\s+LAST SUCCESS\s+FAILS\s+BEHIND\s+LAG S\s+ERROR$/);
			assert.equal(lines.length, 2);
			assert.match(lines[1], /^night-node\s+http:\/\/127\.0\.0\.1:9\s+false\s+never\s+\d+\s/);
			const refused = await dirctl(['peers'], { token: tokenA });
			assert.equal(refused.code, EXIT.refused);
			assert.match(refused.stderr, /HTTP 403/);
			assert.match(refused.stderr, /code: {4}forbidden/);
		});

		it('listings --state: each state, and an unknown state refused by the node', async () => {
			for (const state of ['stale', 'revalidation_pending', 'refused']) {
				const api = await d.get(`/admin/listings?state=${state}`, { token: admin });
				assert.deepEqual(JSON.parse((await ok(['listings', '--state', state, '--json'], { token: admin })).stdout), api);
				const t = await ok(['listings', '--state', state], { token: admin });
				if (api.contents.length === 0) assert.equal(t.stdout, 'no such listings\n');
			}
			const r = await dirctl(['listings', '--state', 'sideways'], { token: admin });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}invalid_parameter/);
		});
	});

	describe('network failures exit 3', () => {
		let server, port;
		const behaviour = { mode: 'html' };

		before(async () => {
			port = await freePort();
			server = http.createServer((req, res) => {
				if (behaviour.mode === 'html') {
					res.writeHead(200, { 'Content-Type': 'text/html' });
					res.end('<html>not the API</html>');
				} else if (behaviour.mode === 'proxy-error') {
					res.writeHead(502, { 'Content-Type': 'text/html' });
					res.end('<html>bad gateway</html>');
				} else if (behaviour.mode === 'huge') {
					res.writeHead(200, { 'Content-Type': 'application/json' });
					const chunk = Buffer.alloc(1024 * 1024, 0x20);
					let sent = 0;
					const more = () => {
						while (sent < 40) {
							sent++;
							if (!res.write(chunk)) { res.once('drain', more); return; }
						}
						res.end();
					};
					res.on('error', () => {});
					more();
				} else if (behaviour.mode === 'throttled') {
					res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
					res.end(JSON.stringify({ error: { code: 'too_many_attempts', message: 'wait', field: null,
						details: [{ code: 'too_many_attempts', message: 'wait', field: null }] } }));
				} else if (behaviour.mode === 'redirect') {
					res.writeHead(302, { Location: `${d.base}/services` });
					res.end();
				} else {
					// 'silent': never answers
				}
			});
			await new Promise((r) => server.listen(port, '127.0.0.1', r));
		});

		after(async () => {
			server.closeAllConnections?.();
			await new Promise((r) => server.close(r));
		});

		it('nothing listening', async () => {
			const p = await freePort();
			const r = await dirctl(['search'], { url: `http://127.0.0.1:${p}` });
			assert.equal(r.code, EXIT.network);
			assert.match(r.stderr, /no answer from/);
		});

		it('an answer that is not JSON; a proxy error page is a refusal without the error object', async () => {
			behaviour.mode = 'html';
			const r = await dirctl(['search'], { url: `http://127.0.0.1:${port}` });
			assert.equal(r.code, EXIT.network);
			assert.match(r.stderr, /not JSON/);
			behaviour.mode = 'proxy-error';
			const p = await dirctl(['search'], { url: `http://127.0.0.1:${port}` });
			assert.equal(p.code, EXIT.refused);
			assert.match(p.stderr, /HTTP 502\) without the API's error object/);
		});

		it('an answer over 32 MiB is cut off', async () => {
			behaviour.mode = 'huge';
			const r = await dirctl(['search'], { url: `http://127.0.0.1:${port}` });
			assert.equal(r.code, EXIT.network);
			assert.match(r.stderr, /more than 33554432 bytes/);
		});

		it('429: the error and Retry-After are printed, exit 1', async () => {
			behaviour.mode = 'throttled';
			const r = await dirctl(['login', '--username', 'ana'], { url: `http://127.0.0.1:${port}`,
				xdg: join(home, 'throttled'), input: 'pw\n' });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /code: {4}too_many_attempts/);
			assert.match(r.stderr, /field: {3}\(none\)/);
			assert.match(r.stderr, /retry after 7 seconds/);
			assert.equal(existsSync(join(home, 'throttled', 'dirctl', 'config')), false);
		});

		it('a redirect is not followed', async () => {
			behaviour.mode = 'redirect';
			const r = await dirctl(['search'], { url: `http://127.0.0.1:${port}` });
			assert.equal(r.code, EXIT.refused);
			assert.match(r.stderr, /HTTP 302/);
		});

		it('a node that never answers: the timeout', async () => {
			behaviour.mode = 'silent';
			const r = await dirctl(['--timeout', '1', 'search'], { url: `http://127.0.0.1:${port}` });
			assert.equal(r.code, EXIT.network);
			assert.match(r.stderr, /no answer from .*(timed out|Timeout)/i);
		});
	});
});
