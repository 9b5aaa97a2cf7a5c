#!/usr/bin/env node
// report.mjs - the results table of bench/search/run, from its files in
// WORKDIR: wrk-N.txt (wrk --latency), pgbench-N.txt and the per-transaction
// logs pgbench-N.log.* (pgbench -l: latency in microseconds, third field),
// and query-sizes.txt (total_items of each query), when there.
//
//   node bench/search/report.mjs WORKDIR N...
import fs from 'node:fs';
import path from 'node:path';

const [work, ...conns] = process.argv.slice(2);

function wrkMs(v, unit) {
	return Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60000 }[unit]);
}
function readWrk(n) {
	const t = fs.readFileSync(path.join(work, `wrk-${n}.txt`), 'utf8');
	const pct = (p) => {
		const m = t.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
		return m ? wrkMs(m[1], m[2]) : NaN;
	};
	const rps = Number((t.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
	const total = Number((t.match(/(\d+) requests in/) || [])[1]);
	const non2xx = Number((t.match(/Non-2xx or 3xx responses: (\d+)/) || [0, 0])[1]);
	const errors = (t.match(/Socket errors:.*/) || [''])[0];
	return { rps, p50: pct(50), p99: pct(99), total, bad: non2xx, errors };
}
function readPgbench(n) {
	const t = fs.readFileSync(path.join(work, `pgbench-${n}.txt`), 'utf8');
	const tps = Number((t.match(/tps = ([\d.]+) \(without initial connection time\)/) || [])[1]);
	const failed = Number((t.match(/number of failed transactions: (\d+)/) || [0, 0])[1]);
	const lat = [];
	for (const f of fs.readdirSync(work))
		if (f.startsWith(`pgbench-${n}.log.`))
			for (const line of fs.readFileSync(path.join(work, f), 'utf8').split('\n'))
				if (line) lat.push(Number(line.split(' ')[2]) / 1000);
	lat.sort((a, b) => a - b);
	const pct = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.ceil(p / 100 * lat.length) - 1)] : NaN;
	return { tps, p50: pct(50), p99: pct(99), total: lat.length, failed };
}

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const out = [];
// CPU seconds of the daemon and PostgreSQL during a run (run's cpu_now).
function readCpu(name) {
	const file = path.join(work, name);
	return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : NaN;
}
out.push('| connections | HTTP req/s | HTTP p50 ms | HTTP p99 ms | SQL tps | SQL p50 ms | SQL p99 ms | HTTP/SQL throughput | HTTP CPU ms/req | SQL CPU ms/tx |');
out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const notes = [];
for (const n of conns) {
	const w = readWrk(n);
	const p = readPgbench(n);
	const cpuHttp = readCpu(`cpu-wrk-${n}.txt`) * 1000 / w.total;
	const cpuSql = readCpu(`cpu-pgbench-${n}.txt`) * 1000 / p.total;
	out.push(`| ${n} | ${f(w.rps, 1)} | ${f(w.p50)} | ${f(w.p99)} | ${f(p.tps, 1)} | ${f(p.p50)} | ${f(p.p99)} | ${f(w.rps / p.tps)} | ${f(cpuHttp)} | ${f(cpuSql)} |`);
	if (w.bad || w.errors) notes.push(`${n} connections: wrk saw ${w.bad} non-2xx answers ${w.errors}`);
	if (p.failed) notes.push(`${n} connections: pgbench saw ${p.failed} failed transactions`);
	notes.push(`${n} connections: ${w.total} requests, ${p.total} transactions`);
}
console.log(out.join('\n'));
console.log('');
for (const n of notes) console.log(`- ${n}`);

// How many services the queries find (the page holds at most 100).
const sizesFile = path.join(work, 'query-sizes.txt');
if (fs.existsSync(sizesFile)) {
	const sizes = fs.readFileSync(sizesFile, 'utf8').split('\n').filter(Boolean).map(Number)
		.sort((a, b) => a - b);
	const q = (p) => sizes[Math.min(sizes.length - 1, Math.floor(p * sizes.length))];
	const rendered = sizes.reduce((a, n) => a + Math.min(n, 100), 0) / sizes.length;
	console.log(`- the ${sizes.length} queries find ${sizes[0]} to ${sizes[sizes.length - 1]} services ` +
		`(median ${q(0.5)}, quartiles ${q(0.25)} and ${q(0.75)}); ` +
		`${sizes.filter((n) => n <= 20).length} find at most 20, ` +
		`${sizes.filter((n) => n >= 100).length} fill the page of 100; ` +
		`a page renders ${rendered.toFixed(1)} services on average`);
}
