#!/usr/bin/env node
// The soak test at full size: 5,000 items x 3 configurations with 20% of attempts failing transiently
// (429 with retry-after, 500, timeouts, malformed bodies). CI runs the same test at 500 items
// (src/runner/soak.test.ts).
//   node bench/reliability/soak.mjs [--items 5000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../../dist/route-bench.js');
const itemsArgument = process.argv.indexOf('--items');
const items = itemsArgument === -1 ? 5000 : Number(process.argv[itemsArgument + 1]);
const folder = mkdtempSync(join(tmpdir(), 'route-bench-soak-'));
const faults = '{ rate_limit: 0.1, server_error: 0.05, timeout: 0.03, malformed: 0.02, retry_after_ms: 1 }';
writeFileSync(join(folder, 'suite.yaml'), `name: soak
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, timeout_ms: 20, max_attempts: 12, faults: ${faults}, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.7, timeout_ms: 20, max_attempts: 12, faults: ${faults}, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${Array.from({ length: items }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "a${index}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`);
const database = join(folder, 'soak.db');
const started = Date.now();
execFileSync(process.execPath, [cli, 'run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none', '--concurrency', '64', '--resamples', '100'], { stdio: ['ignore', 'ignore', 'inherit'] });
const seconds = (Date.now() - started) / 1000;
const db = new Database(database, { readonly: true });
const one = (sql) => db.prepare(sql).pluck().get();
const problems = [];
const status = one('SELECT status FROM runs');
if (status !== 'complete') problems.push(`run is ${status}`);
const results = one('SELECT COUNT(*) FROM results');
if (results !== items * 3) problems.push(`${results} results, expected ${items * 3}`);
const duplicates = one('SELECT COUNT(*) FROM (SELECT configuration, item_id FROM results GROUP BY 1, 2 HAVING COUNT(*) > 1)');
if (duplicates > 0) problems.push(`${duplicates} (configuration, item) pairs graded twice`);
const paidTwice = one("SELECT COUNT(*) FROM (SELECT cache_key FROM calls WHERE status = 'ok' GROUP BY cache_key HAVING COUNT(*) > 1)");
if (paidTwice > 0) problems.push(`${paidTwice} answers paid twice`);
const calls = one('SELECT COUNT(*) FROM calls');
const failed = one("SELECT COUNT(*) FROM calls WHERE status = 'error'");
const ok = one("SELECT COUNT(*) FROM calls WHERE status = 'ok'");
const unanswered = one("SELECT COUNT(*) FROM results WHERE status = 'error'");
const byKind = db.prepare("SELECT COALESCE(http_status, 'timeout') AS kind, COUNT(*) AS n FROM calls WHERE status = 'error' GROUP BY 1").all();
db.close();
console.log(`soak: ${items} items x 3 configurations in ${seconds.toFixed(1)} s: ${calls} attempts, ${failed} failed (${((100 * failed) / calls).toFixed(1)}%: ${byKind.map((row) => `${row.kind} ${row.n}`).join(', ')}), ${ok} answers, ${unanswered} results without an answer after every retry`);
console.log(problems.length === 0 ? 'every item graded once per configuration, every attempt recorded, no answer paid twice' : `PROBLEMS: ${problems.join('; ')}`);
rmSync(folder, { recursive: true, force: true });
process.exitCode = problems.length === 0 ? 0 : 1;
