#!/usr/bin/env node
// Splits the eligibility corpus (<lang>.tsv in this folder) into a development half (dev/<lang>.tsv) and a
// test half (test/<lang>.tsv), stratified by language and expected outcome (D1..D5, ok).
//
// The split is fixed: within each stratum the rows are taken in id order and paired (1st with 2nd, 3rd with
// 4th, ...); of each pair, the row with the smaller SHA-256 of SEED + ":" + id goes to dev/, the other to
// test/; an unpaired last row goes to test/. Rows appended later (new, higher ids) therefore never move a
// development row into the test half: at most the previously unpaired test row moves to dev/.
// The hash covers only the number of the id (en-0042 and de-0042 hash alike): the languages were written
// as adaptations of one list of scenarios, row NNNN being the same scenario in every language, so a
// scenario falls in the same half in all 12 languages and tuning on one language's development half
// never sees a translation of another language's test row.
// SEED is part of this file and must not change: changing it would leak tuned-on rows into the test half.
//
// Usage: node split.mjs           write dev/ and test/, print the counts
//        node split.mjs --check   write nothing; exit 1 if dev/ or test/ differ from what the split gives
//
// Input format (UTF-8): lines starting with '#' are comments; every other non-empty line is
// id<TAB>expect<TAB>text, id = <lang>-NNNN, expect one of D1 D2 D3 D4 D5 ok, text without tabs or newlines.
// Exits 1 with a message naming file and line on any malformed row, duplicate id or duplicate text.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 'directoryd-eligibility-corpus-2026-12-06';
const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ro', 'bg', 'pl', 'ru', 'uk'];
const EXPECTS = ['D1', 'D2', 'D3', 'D4', 'D5', 'ok'];
const MIN_PER_RULE = 14;
const MIN_CONDITIONS = 80;
const MIN_HARMLESS = 80;

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes('--check');
let failed = false;

function fail(msg) {
  console.error(msg);
  failed = true;
}

function parse(lang) {
  const file = join(here, `${lang}.tsv`);
  const header = [];
  const rows = [];
  const ids = new Set();
  const texts = new Set();
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const where = `${lang}.tsv:${i + 1}`;
    if (line.startsWith('#')) {
      if (rows.length === 0) header.push(line);
      return;
    }
    if (line === '') return;
    const cols = line.split('\t');
    if (cols.length !== 3) return fail(`${where}: expected 3 tab-separated columns, found ${cols.length}`);
    const [id, expect, text] = cols;
    if (!new RegExp(`^${lang}-\\d{4}$`).test(id)) return fail(`${where}: bad id '${id}'`);
    if (!EXPECTS.includes(expect)) return fail(`${where}: bad expect '${expect}'`);
    if (text.trim() === '' || text !== text.trim()) return fail(`${where}: empty text or surrounding spaces`);
    if (ids.has(id)) return fail(`${where}: duplicate id ${id}`);
    if (texts.has(text)) return fail(`${where}: duplicate text`);
    ids.add(id);
    texts.add(text);
    rows.push({ id, expect, text, line });
  });
  return { header, rows };
}

function rank(id) {
  return createHash('sha256').update(`${SEED}:${id.slice(id.indexOf('-') + 1)}`).digest('hex');
}

function render(header, rows, half) {
  const note = `# ${half} half of the split made by split.mjs (seed in that file); do not edit, re-run the script.`;
  return [...header, note, ...rows.map((r) => r.line)].join('\n') + '\n';
}

const totals = { dev: {}, test: {} };
console.log(`lang  half  ${EXPECTS.map((e) => e.padStart(3)).join(' ')}  cond  ok`);
for (const lang of LANGS) {
  const { header, rows } = parse(lang);
  const count = (e) => rows.filter((r) => r.expect === e).length;
  for (const e of EXPECTS.slice(0, 5))
    if (count(e) < MIN_PER_RULE) fail(`${lang}: only ${count(e)} texts for ${e} (need ${MIN_PER_RULE})`);
  if (rows.length - count('ok') < MIN_CONDITIONS) fail(`${lang}: fewer than ${MIN_CONDITIONS} condition texts`);
  if (count('ok') < MIN_HARMLESS) fail(`${lang}: fewer than ${MIN_HARMLESS} harmless texts`);

  const half = { dev: [], test: [] };
  for (const e of EXPECTS) {
    const stratum = rows.filter((r) => r.expect === e).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let i = 0; i + 1 < stratum.length; i += 2) {
      const [a, b] = rank(stratum[i].id) < rank(stratum[i + 1].id) ? [stratum[i], stratum[i + 1]] : [stratum[i + 1], stratum[i]];
      half.dev.push(a);
      half.test.push(b);
    }
    if (stratum.length % 2 === 1) half.test.push(stratum[stratum.length - 1]);
  }
  for (const h of ['dev', 'test']) {
    half[h].sort((a, b) => (a.id < b.id ? -1 : 1));
    const dir = join(here, h);
    const path = join(dir, `${lang}.tsv`);
    const text = render(header, half[h], h === 'dev' ? 'Development' : 'Test');
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) fail(`${h}/${lang}.tsv differs from the split`);
    } else {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, text);
    }
    const per = EXPECTS.map((e) => half[h].filter((r) => r.expect === e).length);
    per.forEach((n, i) => (totals[h][EXPECTS[i]] = (totals[h][EXPECTS[i]] || 0) + n));
    const cond = per.slice(0, 5).reduce((a, b) => a + b, 0);
    console.log(`${lang.padEnd(4)}  ${h.padEnd(4)}  ${per.map((n) => String(n).padStart(3)).join(' ')}  ${String(cond).padStart(4)}  ${per[5]}`);
  }
}
for (const h of ['dev', 'test']) {
  const per = EXPECTS.map((e) => totals[h][e]);
  const cond = per.slice(0, 5).reduce((a, b) => a + b, 0);
  console.log(`all   ${h.padEnd(4)}  ${per.map((n) => String(n).padStart(3)).join(' ')}  ${String(cond).padStart(4)}  ${per[5]}`);
}
process.exit(failed ? 1 : 0);
