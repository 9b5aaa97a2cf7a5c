// The export (issue 13, section 2): GET /export?format=hsds-json, streamed,
// agrees record by record with the read API; format=hsds-csv is a zipped HSDS
// 3.0 Tabular Data Package whose datapackage.json carries the data licence;
// `directoryd export` writes the same; confidential addresses and
// coordinates are never in either.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

import {
	missingEnv, freshDatabase, migrate, importSample, Daemon, dbNameFor, tempDir, writeTemp,
	cleanupDir, directorydOk, allPages, env, run,
} from './lib/harness.mjs';
import { assertValid } from './lib/hsds-schema.mjs';

const skip = missingEnv();
const DIRCTL = process.env.DIRCTL_BIN || (env.bin && resolve(dirname(env.bin), '..', 'clients', 'dirctl'));
const CONFIDENTIAL_LOCATION = '357f626b-7af0-5e9e-9b0d-dfd2b587adf6';

let zips = 0;

/** Every file of a zip, read with Python's zipfile and csv modules: {name: JSON, or CSV rows as objects}. */
function readZip(buf, dir) {
	const path = join(dir, `read-${zips++}.zip`);
	writeFileSync(path, buf);
	const out = execFileSync('python3', ['-c', `
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
res = {}
for n in z.namelist():
    data = z.read(n).decode('utf-8')
    res[n] = json.loads(data) if n.endswith('.json') else list(csv.DictReader(io.StringIO(data, newline='')))
print(json.dumps(res))
`, path], { maxBuffer: 64 << 20 });
	return JSON.parse(out.toString('utf8'));
}

describe('export', { skip: skip || false }, () => {
	let d, conninfo, dir;

	before(async () => {
		dir = tempDir('directoryd-export-');
		conninfo = await freshDatabase(dbNameFor(import.meta.url));
		await migrate(conninfo);
		await importSample(conninfo);
		const config = writeTemp(dir, 'export.conf',
			'license_name = CC-BY-4.0\nlicense_url = https://creativecommons.org/licenses/by/4.0/\n');
		d = new Daemon(conninfo, { config });
		await d.start();
	});

	after(async () => {
		if (d) await d.stopClean();
		cleanupDir(dir);
	});

	it('GET /export is one HSDS 3.0 JSON document, streamed, that agrees with the read API', async () => {
		const r = await d.request('/export');
		assert.equal(r.status, 200, r.text.slice(0, 300));
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.equal(r.headers.get('transfer-encoding'), 'chunked', 'written while it is sent');
		assert.equal(r.headers.get('access-control-allow-origin'), '*');
		assert.match(r.headers.get('content-disposition'), /attachment/);
		const doc = r.json;
		assert.deepEqual(Object.keys(doc), ['taxonomies', 'taxonomy_terms', 'organizations', 'services', 'locations']);
		const taxonomies = await allPages(d, '/taxonomies');
		const terms = await allPages(d, '/taxonomy_terms');
		const orgs = await allPages(d, '/organizations');
		const services = await allPages(d, '/services');
		assert.deepEqual(doc.taxonomies.map((t) => t.id).sort(), taxonomies.map((t) => t.id).sort());
		assert.deepEqual(doc.taxonomy_terms.map((t) => t.id).sort(), terms.map((t) => t.id).sort());
		assert.deepEqual(doc.organizations.map((o) => o.id).sort(), orgs.map((o) => o.id).sort());
		for (const o of doc.organizations) {
			assert.deepEqual(o, await d.get(`/organizations/${o.id}`), `organization ${o.id}`);
			assertValid('organization.json', o, `export organization ${o.id}`);
		}
		for (const t of doc.taxonomy_terms) assertValid('taxonomy_term.json', t, 'export term');
		const nested = doc.organizations.flatMap((o) => o.services || []).concat(doc.services);
		assert.deepEqual(nested.map((s) => s.id).sort(), services.map((s) => s.id).sort(), 'every service once');
		for (const s of doc.services) assert.equal(s.organization_id, undefined);
		for (const l of doc.locations) assert.equal(l.organization_id, undefined);
	});

	it('confidential addresses and coordinates are never exported', async () => {
		const text = (await d.request('/export')).text;
		const doc = JSON.parse(text);
		const locs = [];
		const walk = (v) => {
			if (Array.isArray(v)) v.forEach(walk);
			else if (v && typeof v === 'object') {
				if (v.id === CONFIDENTIAL_LOCATION && 'location_type' in v) locs.push(v);
				Object.values(v).forEach(walk);
			}
		};
		walk(doc);
		assert.ok(locs.length >= 1, 'the sample\'s confidential location is exported');
		for (const l of locs) {
			assert.equal(l.confidential, true);
			assert.equal(l.latitude, undefined);
			assert.equal(l.longitude, undefined);
			for (const a of l.addresses || []) {
				assert.equal(a.address_1, '');
				assert.equal(a.postal_code, '');
			}
		}
		assert.ok(!text.includes('Schutzhofweg'), 'the street is nowhere in the export');
		assert.ok(!text.includes('"10999"'), 'nor its postcode');
	});

	it('format and scope are checked; HEAD and repeated parameters as everywhere', async () => {
		for (const q of ['format=csv', 'format=ndjson', 'scope=mine', 'page=2']) {
			const r = await d.request(`/export?${q}`);
			assert.equal(r.status, 400, q);
			assert.equal(r.json.error.code, 'invalid_parameter', q);
		}
		const dup = await d.request('/export?format=hsds-json&format=hsds-csv');
		assert.equal(dup.json.error.code, 'duplicate_parameter');
		const all = await d.request('/export?scope=all&format=hsds-json');
		assert.equal(all.status, 200);
		assert.deepEqual(all.json, (await d.request('/export?scope=own')).json, 'no mirrored listings on this node');
		const h = await d.request('/export', { method: 'HEAD' });
		assert.equal(h.status, 200);
		assert.equal(h.text, '');
	});

	it('format=hsds-csv is a zipped Tabular Data Package with the licence', async () => {
		const res = await fetch(`${d.base}/export?format=hsds-csv`);
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/zip');
		const buf = Buffer.from(await res.arrayBuffer());
		assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
		const z = readZip(buf, dir);
		const dp = z['datapackage.json'];
		assert.ok(dp, 'datapackage.json at the root');
		assert.equal(dp.profile, 'tabular-data-package');
		assert.match(dp.version, /^3\./);
		assert.deepEqual(dp.licenses, [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }]);
		for (const res of dp.resources) {
			assert.ok(z[res.path], `${res.path} is in the zip`);
			const cols = res.schema.fields.map((f) => f.name);
			if (z[res.path].length) assert.deepEqual(Object.keys(z[res.path][0]), cols, res.path);
		}
		const doc = (await d.request('/export')).json;
		const services = await allPages(d, '/services?full=true');
		assert.equal(z['organizations.csv'].length, doc.organizations.length);
		assert.equal(z['services.csv'].length, services.length);
		assert.equal(z['taxonomy_terms.csv'].length, doc.taxonomy_terms.length);
		const sals = services.flatMap((s) => s.service_at_locations || []);
		assert.equal(z['service_at_location.csv'].length, sals.length);
		// a field by field look at one service and its children
		const s = services.find((x) => x.languages?.length && x.attributes?.length);
		const row = z['services.csv'].find((x) => x.id === s.id);
		assert.equal(row.name, s.name);
		assert.equal(row.description, s.description);
		assert.equal(row.organization_id, s.organization_id);
		assert.equal(row.status, s.status);
		assert.deepEqual(z['languages.csv'].filter((l) => l.service_id === s.id).map((l) => l.code).sort(),
			s.languages.map((l) => l.code).sort());
		assert.deepEqual(z['attributes.csv'].filter((a) => a.link_id === s.id).map((a) => a.taxonomy_term_id).sort(),
			s.attributes.map((a) => a.taxonomy_term_id).sort());
		// confidential: the street, postcode and coordinates are not there
		const loc = z['locations.csv'].find((l) => l.id === CONFIDENTIAL_LOCATION);
		assert.equal(loc.confidential, 'true');
		assert.equal(loc.latitude, '');
		assert.equal(loc.longitude, '');
		for (const a of z['addresses.csv'].filter((x) => x.location_id === CONFIDENTIAL_LOCATION)) {
			assert.equal(a.address_1, '');
			assert.equal(a.postal_code, '');
		}
		assert.ok(!JSON.stringify(z).includes('Schutzhofweg'));
	});

	it('directoryd export writes the same to a file', async () => {
		const json = join(dir, 'out.json');
		const zip = join(dir, 'out.zip');
		await directorydOk(conninfo, ['export', 'hsds-json', json]);
		await directorydOk(conninfo, ['export', 'hsds-csv', zip, 'all']);
		assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), (await d.request('/export')).json);
		const z = readZip(readFileSync(zip), dir);
		const res = await fetch(`${d.base}/export?format=hsds-csv`);
		const zHttp = readZip(Buffer.from(await res.arrayBuffer()), dir);
		delete z['datapackage.json'].licenses; // the command ran without the configuration
		delete zHttp['datapackage.json'].licenses;
		assert.deepEqual(z, zHttp);
	});

	it('dirctl export fetches the same into a file, and leaves none when refused', { skip: !existsSync(DIRCTL || '') && 'dirctl not built' }, async () => {
		const envExtra = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg'), DIRCTL_URL: d.base, DIRCTL_TOKEN: '' };
		const json = join(dir, 'dirctl.json');
		let r = await run(DIRCTL, ['export', '-o', json], { envExtra });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), (await d.request('/export')).json);
		const zip = join(dir, 'dirctl.zip');
		r = await run(DIRCTL, ['export', '--format', 'hsds-csv', '--scope', 'all', '-o', zip], { envExtra });
		assert.equal(r.code, 0, r.stderr);
		const z = readZip(readFileSync(zip), dir);
		assert.ok(z['datapackage.json'] && z['services.csv'].length > 0);
		r = await run(DIRCTL, ['export', '--format', 'xml', '-o', join(dir, 'x')], { envExtra });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /usage: dirctl export/);
		// a node that refuses: exit 1 with its error, and no file
		r = await run(DIRCTL, ['export', '-o', join(dir, 'none.json')], { envExtra: { ...envExtra, DIRCTL_URL: `${d.base}/nothing` } });
		assert.equal(r.code, 1, r.stderr);
		assert.match(r.stderr, /not_found/);
		assert.ok(!existsSync(join(dir, 'none.json')) && !existsSync(join(dir, 'none.json.part')));
	});
});
