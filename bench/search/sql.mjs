#!/usr/bin/env node
// sql.mjs - the daemon's own list statement, for pgbench and psql.
//
//   node bench/search/sql.mjs text                    the services_sql text of
//                                                     directoryd/hsds/search.c
//   node bench/search/sql.mjs pgbench QUERIES OUTDIR NODE
//        writes OUTDIR/q001.sql... (one pgbench script per query) and
//        OUTDIR/defines (one "-D name=value" argument per line)
//   node bench/search/sql.mjs psql CITY LANG CATEGORY ACCESS NODE
//        prints the statement with the query's values, for EXPLAIN ANALYZE
//
// The statement is read from directoryd/hsds/search.c at run time (the C string
// literal services_sql, concatenated and unescaped), so pgbench runs exactly
// the text the daemon sends. What the daemon sends as parameters for
// GET /services?city=C&language=L&category=K&access=A (search_params_fill):
// $2 city, $4 language, $5 category, $6 access, $15 the Accept-Language
// tags ('' when none), $16 full ('false'), $17 the node id, $18 per_page
// (100), $19 the offset (0); every other parameter is NULL. pgbench cannot
// bind a NULL parameter (a variable is always a string) nor define an empty
// one, so the parameters that are NULL become the literal NULL and the empty
// ones the literal ''; in the custom plan PostgreSQL makes
// for the daemon's unnamed statement a NULL parameter is folded to exactly
// that constant, so both plan the same query. run checks that both return
// the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.BENCH_SRC || path.resolve(here, '../..');

// The parameters $1..$19 of the service lists, in search.c's order.
const PARAMS = ['search', 'city', 'country', 'language', 'category', 'access',
	'organization_id', 'taxonomy_term_id', 'taxonomy_id', 'modified_after', 'lat',
	'lon', 'radius_km', 'open_now', 'langs', 'full', 'node', 'limit', 'offset'];

export function statement(name = 'services_sql') {
	// A baseline from before the layer folders (issue 7) has it at directoryd/search.c.
	const file = ['directoryd/hsds/search.c', 'directoryd/search.c']
		.map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
	if (!file) throw new Error(`${root} has no directoryd/hsds/search.c`);
	const src = fs.readFileSync(file, 'utf8');
	const m = src.match(new RegExp(`static const char ${name}\\[\\] =((?:\\s*"(?:[^"\\\\]|\\\\.)*")+)\\s*;`));
	if (!m) throw new Error(`search.c has no ${name}`);
	let sql = '';
	for (const lit of m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g))
		sql += lit[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' }[c] ?? c));
	return sql;
}

// The values of one outreach query, by parameter name (absent = NULL).
export function values(city, language, category, access, node) {
	return { city, language, category, access, langs: '', full: 'false', node,
		limit: '100', offset: '0' };
}

// Each $n of the statement replaced by fn(n, name of parameter n).
function substitute(sql, fn) {
	return sql.replace(/\$(\d+)/g, (_, n) => fn(Number(n), PARAMS[Number(n) - 1]));
}

function readQueries(file) {
	return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
		.map((l) => l.split('\t'));
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'text') {
	process.stdout.write(statement() + '\n');
} else if (cmd === 'pgbench') {
	const [queries, outDir, node] = rest;
	const sql = statement();
	fs.mkdirSync(outDir, { recursive: true });
	const defines = [];
	readQueries(queries).forEach(([city, language, category, access], i) => {
		const q = `q${String(i + 1).padStart(3, '0')}`;
		const v = values(city, language, category, access, node);
		for (const [k, val] of Object.entries(v)) if (val !== '') defines.push(`${q}_${k}=${val}`);
		fs.writeFileSync(path.join(outDir, `${q}.sql`), substitute(sql,
			(n, name) => (!(name in v) ? 'NULL' : v[name] === '' ? "''" : `:${q}_${name}`)) + ';\n');
	});
	fs.writeFileSync(path.join(outDir, 'defines'), defines.join('\n') + '\n');
} else if (cmd === 'psql') {
	const [city, language, category, access, node] = rest;
	const v = values(city, language, category, access, node);
	const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
	process.stdout.write(substitute(statement(),
		(n, name) => (name in v ? lit(v[name]) : 'NULL')) + '\n');
} else if (cmd !== undefined) {
	console.error('usage: sql.mjs text | pgbench QUERIES OUTDIR NODE | psql CITY LANG CATEGORY ACCESS NODE');
	process.exit(2);
}
