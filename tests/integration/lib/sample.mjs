// sample.mjs - the fictional sample directory (data/sample) and the names
// data/sample/README.md gives its services (S01..S28).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

import { env } from './harness.mjs';

let cache = null;

export function sample() {
	if (cache) return cache;
	const dir = join(env.src, 'data', 'sample');
	const services = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'));
	const organizations = JSON.parse(readFileSync(join(dir, 'organizations.json'), 'utf8'));
	const readme = readFileSync(join(dir, 'README.md'), 'utf8');
	const S = {};
	for (const m of readme.matchAll(/^\| (S\d\d) \| [^|]+ \| `([0-9a-f-]{36})` \|/gm)) S[m[1]] = m[2];
	assert.equal(Object.keys(S).length, services.length, 'data/sample/README.md names every service');
	const byId = new Map(services.map((s) => [s.id, s]));
	const name = new Map(Object.entries(S).map(([k, v]) => [v, k]));
	cache = { services, organizations, S, byId, name };
	return cache;
}

/** Ids of the named services ("S01", ...). */
export function ids(...names) {
	const { S } = sample();
	return names.map((n) => {
		assert.ok(S[n], `no ${n} in the sample`);
		return S[n];
	});
}

/** Readable labels for ids, for assertion messages. */
export function labels(idList) {
	const { name, byId } = sample();
	return idList.map((id) => name.get(id) || (byId.get(id)?.name ?? id));
}

/** Assert a list's ids are exactly the named services, in any order. */
export function assertSameServices(got, names, context) {
	const want = ids(...names).map((id) => sample().name.get(id)).sort();
	const have = labels(got).sort();
	assert.deepEqual(have, want, `${context}: expected ${want.join(', ')}; got ${have.join(', ')}`);
}
