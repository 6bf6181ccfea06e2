#!/usr/bin/env node
// What the predictive router costs at RouterBench's size, as ratios against the same suite without it,
// run in the same sitting: a synthetic RouterBench CSV (N items, 11 models, 8 tasks, each model better on
// some tasks), imported with `route-bench import --from routerbench`, then
//   A. `run` of the imported suite without its predictive configuration (11 fixed + the oracle),
//   B. `run` of it as written (the predictive router trained, cross-fitted, and its curve in the report),
//   C. `sweep --router predictive` (n-gram), D. `sweep --router '{ router: predictive, features: knn }'`.
// Usage: node bench/many-models/bench.mjs [--items 20000] [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const items = argument('--items', 20_000);
const runs = argument('--runs', 3);
const cli = fileURLToPath(new URL('../../dist/route-bench.js', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'route-bench-many-bench-'));

// A seeded generator, so every sitting measures the same data.
let state = 12345;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const models = Array.from({ length: 11 }, (_, index) => `model-${index}`);
const tasks = ['math', 'code', 'law', 'medicine', 'history', 'physics', 'poetry', 'finance'];
const words = ['what', 'is', 'the', 'value', 'of', 'given', 'that', 'find', 'explain', 'why', 'how', 'many', 'which', 'one'];
const quote = (text) => `"${text.replaceAll('"', '""')}"`;
const header = ['sample_id', 'prompt', 'eval_name', ...models.flatMap((model) => [model, `${model}|model_response`, `${model}|total_cost`])];
const rows = [header.map(quote).join(',')];
for (let item = 0; item < items; item++) {
  const task = item % tasks.length;
  const prompt = `${tasks[task]} question: ${Array.from({ length: 20 }, () => words[Math.floor(random() * words.length)]).join(' ')} ${item}`;
  const cells = models.flatMap((_, model) => {
    const quality = 0.3 + 0.04 * model + ((model + task) % 4 === 0 ? 0.4 : 0);
    return [random() < quality ? '1' : '0', `answer ${item} of ${model}`, String((model + 1) * 1e-5 * (1 + random()))];
  });
  rows.push([`s${item}`, prompt, tasks[task], ...cells].map(quote).join(','));
}
const csv = join(folder, 'routerbench.csv');
writeFileSync(csv, `${rows.join('\n')}\n`);
const out = join(folder, 'imported');
execFileSync(process.execPath, [cli, 'import', csv, '--from', 'routerbench', '--out', out], { stdio: 'ignore' });
const suite = join(out, 'suite.yaml');
const withoutPredictive = join(out, 'without-predictive.yaml');
writeFileSync(withoutPredictive, readFileSync(suite, 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('predictive:')).join('\n'));

function timed(args) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore', maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - started) / 1e9;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = { A: [], B: [], C: [], D: [] };
for (let run = 0; run < runs; run++) {
  for (const [key, file] of [['A', withoutPredictive], ['B', suite]]) {
    const db = join(folder, `${key}-${run}.db`);
    times[key].push(timed(['run', file, '--db', db, '--progress', 'none', '--resamples', '1000']));
  }
  const db = join(folder, `B-${run}.db`);
  times.C.push(timed(['sweep', '--db', db, '--router', 'predictive', '--format', 'json']));
  times.D.push(timed(['sweep', '--db', db, '--router', '{ router: predictive, features: knn }', '--format', 'json']));
}
const a = median(times.A);
console.log(`${items} items x ${models.length} models, ${runs} runs each, median wall time (${new Date().toISOString().slice(0, 10)})`);
console.log(`A run without predictive      ${a.toFixed(2)} s`);
console.log(`B run with predictive         ${median(times.B).toFixed(2)} s  (${(median(times.B) / a).toFixed(2)}x A)`);
console.log(`C sweep predictive (n-gram)   ${median(times.C).toFixed(2)} s  (${(median(times.C) / a).toFixed(2)}x A)`);
console.log(`D sweep predictive (knn)      ${median(times.D).toFixed(2)} s  (${(median(times.D) / a).toFixed(2)}x A)`);
rmSync(folder, { recursive: true, force: true });
