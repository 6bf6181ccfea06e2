// What `run --until-settled` saves against a full run, and whether the verdicts agree: the demo at
// margins of 1, 2 and 3 pp, and the GSM8K replay (gpt-4 vs Mixtral, real recorded answers) when
// bench/gsm8k/import.mjs finds its data (see the README's GSM8K section). Each case runs the full suite and the settled run
// in fresh databases, through the built CLI (npm ci builds dist/).
//   node bench/settle/settle.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/route-bench.js');
const run = (args) => JSON.parse(execFileSync(process.execPath, [cli, ...args, '--progress', 'none', '--format', 'json', '--resamples', '2000'], { encoding: 'utf8', maxBuffer: 1 << 28 }));

function demoAt(marginPp) {
  const folder = mkdtempSync(join(tmpdir(), 'settle-bench-'));
  const source = join(root, 'datasets/contract-review');
  copyFileSync(join(source, 'items.jsonl'), join(folder, 'items.jsonl'));
  writeFileSync(join(folder, 'suite.yaml'), readFileSync(join(source, 'suite.yaml'), 'utf8').replace('margin_pp: 1.0', `margin_pp: ${marginPp}`));
  return { folder, suite: join(folder, 'suite.yaml') };
}

function gsm8kAt(marginPp) {
  // Imported every time (a second or two): data left by an older conversion would not fit the suite.
  try { execFileSync(process.execPath, [join(root, 'bench/gsm8k/import.mjs')], { stdio: 'ignore' }); } catch { return undefined; }
  const folder = mkdtempSync(join(tmpdir(), 'settle-gsm8k-'));
  const text = readFileSync(join(root, 'bench/gsm8k/suite.yaml'), 'utf8').replaceAll('data/', `${join(root, 'bench/gsm8k/data')}/`).replace(/margin_pp: [\d.]+/, `margin_pp: ${marginPp}`);
  writeFileSync(join(folder, 'suite.yaml'), text);
  return { folder, suite: join(folder, 'suite.yaml') };
}

/** What the answers cost, each model's once (the fixed configurations): what a live run pays, a replay included. */
const answersCost = (report) => report.configurations.filter((each) => each.kind === 'fixed').reduce((total, each) => total + each.costUsd, 0);

const rows = [];
const cases = [
  ...[1, 2, 3].map((margin) => ({ name: `demo, ${margin} pp`, make: () => demoAt(margin), wave: 50 })),
  ...[2, 5].map((margin) => ({ name: `GSM8K replay, ${margin} pp`, make: () => gsm8kAt(margin), wave: 50 })),
];
for (const entry of cases) {
  const made = entry.make();
  if (!made) {
    console.log(`${entry.name}: skipped (bench/gsm8k/import.mjs found no data)`);
    continue;
  }
  const full = run(['run', made.suite, '--db', join(made.folder, 'full.db')]);
  const settled = run(['run', made.suite, '--db', join(made.folder, 'settled.db'), '--until-settled', '--wave', String(entry.wave)]);
  for (const configuration of settled.configurations.filter((each) => each.settle)) {
    const whole = full.configurations.find((each) => each.name === configuration.name);
    rows.push({
      case: entry.name, configuration: configuration.name,
      items: `${configuration.settle.stoppedAfter} of ${configuration.settle.available}`,
      itemsSaved: `${Math.round(100 * (1 - configuration.settle.stoppedAfter / configuration.settle.available))}%`,
      answersCost: `$${answersCost(settled).toFixed(3)} of $${answersCost(full).toFixed(3)}`,
      moneySaved: `${Math.round(100 * (1 - answersCost(settled) / answersCost(full)))}%`,
      settledVerdict: configuration.settle.settled ? configuration.nonInferiority : 'not settled',
      fullRunVerdict: whole.nonInferiority,
    });
  }
}
console.table(rows);
