#!/usr/bin/env node
// changes.mjs - the incremental changes of the sync benchmark.
//
//   node bench/sync/changes.mjs DATADIR N ROUND OUTFILE
//
// Reads the services of DATADIR/services_*.json (bench/search/gen.mjs) and
// writes OUTFILE: a JSON array of N of them, spread evenly over the
// directory, each with a new description (naming ROUND, so that every round
// is a real change). Their service_at_locations keep their location_id but
// lose the nested location object, so that importing the file changes
// exactly N service records of the origin's feed and no location.
import fs from 'node:fs';
import path from 'node:path';

const [dataDir, nArg, round, outFile] = process.argv.slice(2);
if (!outFile) {
	console.error('usage: changes.mjs DATADIR N ROUND OUTFILE');
	process.exit(2);
}
const n = Number(nArg);
const services = fs.readdirSync(dataDir).filter((f) => /^services_\d+\.json$/.test(f)).sort()
	.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')));
if (services.length < n) {
	console.error(`changes: only ${services.length} services in ${dataDir}, ${n} asked`);
	process.exit(1);
}
const step = services.length / n;
const out = [];
for (let i = 0; i < n; i++) {
	const s = services[Math.floor(i * step)];
	s.description = `${s.description} Changed in round ${round} (${i + 1}/${n}).`;
	for (const sal of s.service_at_locations ?? []) delete sal.location;
	out.push(s);
}
fs.writeFileSync(outFile, JSON.stringify(out));
console.error(`changes: ${out.length} services in ${outFile}`);
