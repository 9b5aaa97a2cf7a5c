#!/usr/bin/env node
// report.mjs - the results table of the sync benchmark (bench/sync/run).
//
//   node bench/sync/report.mjs RESULTS.tsv DIRECTORYD_BIN
//
// RESULTS.tsv has lines "N<TAB>key<TAB>value" written by run. Prints
// markdown: the machine, then per directory size the seeding, the cold
// mirror, the incremental syncs (records/s), pg_dump | pg_restore of the
// same tables and the ratio of the cold mirror to it (goal: at most 5).
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

const [file] = process.argv.slice(2);
const bySize = new Map();
for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
	const [n, key, value] = line.split('\t');
	if (!bySize.has(n)) bySize.set(n, {});
	bySize.get(n)[key] = value;
}
const pg = (() => {
	try { return execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim(); } catch { return 'psql ?'; }
})();
const num = (x) => Number(x);
const rate = (r, s) => (num(r) / num(s)).toFixed(1);
const out = [];
out.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ` +
	`${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${pg}, everything on one machine; ${new Date().toISOString()}.`, '');
out.push('| listings N | feed records | seeding (import-hsds) s | cold sync s | cold records/s | ' +
	'incremental 1 (records, s, rec/s) | incremental 2 (records, s, rec/s) | dump+restore s | cold / dump+restore |');
out.push('| ---: | --- | ---: | ---: | ---: | --- | --- | ---: | ---: |');
for (const [n, r] of bySize) {
	const inc = (i) => `${r[`incremental${i}.records`]}, ${num(r[`incremental${i}.seconds`]).toFixed(2)}, ` +
		rate(r[`incremental${i}.records`], r[`incremental${i}.seconds`]);
	out.push(`| ${n} | ${r.listings} (${r.feed}) | ${num(r['import.seconds']).toFixed(0)} | ` +
		`${num(r['cold.seconds']).toFixed(1)} | ${rate(r['cold.records'], r['cold.seconds'])} | ${inc(1)} | ${inc(2)} | ` +
		`${num(r['dump_restore.seconds']).toFixed(2)} | ${(num(r['cold.seconds']) / num(r['dump_restore.seconds'])).toFixed(1)}x |`);
}
out.push('');
out.push('CPU time: directoryd\'s own (fetching, JSON, canonical form, signature checks) and PostgreSQL\'s (backends ' +
	'that ended in the interval: the sync\'s, pg_dump\'s and psql\'s), and the load average at the start (the machine ' +
	'may be shared; CPU times do not depend on it):', '');
for (const [n, r] of bySize) {
	const part = (l) => `${l} ${num(r[`${l}.seconds`]).toFixed(1)} s: directoryd ${num(r[`${l}.client_cpu`]).toFixed(2)} s, ` +
		`PostgreSQL ${num(r[`${l}.pg_cpu`]).toFixed(2)} s (load ${r[`${l}.load`]})`;
	out.push(`- N=${n}: ${['cold', 'incremental1', 'incremental2'].map(part).join('; ')}; dump+restore ` +
		`${num(r['dump_restore.seconds']).toFixed(2)} s: PostgreSQL ${num(r['dump_restore.pg_cpu']).toFixed(2)} s; ` +
		'cold / dump+restore in PostgreSQL CPU time: ' +
		`${(num(r['cold.pg_cpu']) / num(r['dump_restore.pg_cpu'])).toFixed(1)}x.`);
}
out.push('');
for (const [n, r] of bySize) {
	out.push(`N=${n}: tables copied by pg_dump | pg_restore (${(num(r['dump.bytes']) / 2 ** 20).toFixed(1)} MiB dump): ` +
		`${r.tables.trim().split(/\s+/).join(', ')}.`);
}
console.log(out.join('\n'));
