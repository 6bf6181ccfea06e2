#!/usr/bin/env node
// Kill trials at a larger size than CI runs (src/cli/kill-trials.e2e.test.ts): `route-bench run` SIGKILLed
// at seeded random moments, resumed (every third trial killed twice), and each database checked for one
// whole run that lost nothing, paid each answer once and cost what an uninterrupted run costs.
//   node bench/reliability/kill-trials.mjs                          100 trials of 2,000 items x 3 configurations
//   node bench/reliability/kill-trials.mjs --trials 20 --items 500 --parallel 2 --seed 7 --keep
// Build first (npx tsc -p tsconfig.build.json). Exits 1 when any trial found a problem.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliPath, killPhase, killTrials } from '../../src/cli/__fixtures__/kill-trial.mjs';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '100' },
    items: { type: 'string', default: '2000' },
    parallel: { type: 'string', default: '4' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    faults: { type: 'string', default: '{ rate_limit: 0.05, server_error: 0.05, retry_after_ms: 1 }' },
    'latency-ms': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
if (!existsSync(cliPath)) {
  console.error(`no built CLI at ${cliPath}: run npx tsc -p tsconfig.build.json first`);
  process.exit(2);
}
const trialCount = Number(values.trials);
const itemCount = Number(values.items);
const seed = Number(values.seed);
const latencyMs = Number(values['latency-ms']);
const folder = mkdtempSync(join(tmpdir(), 'route-bench-kill-trials-'));
console.log(`${trialCount} trials of ${itemCount} items x 3 configurations, ${values.parallel} at a time, seed ${seed}, faults ${values.faults}`);

const started = performance.now();
const { reference, trials } = await killTrials({ folder, itemCount, trials: trialCount, parallel: Number(values.parallel), seed,
  faults: values.faults, latencyMs, latencyJitterMs: latencyMs * 0.5 });
const wallS = (performance.now() - started) / 1000;

const seconds = (milliseconds) => `${(milliseconds / 1000).toFixed(2)} s`;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`reference run: ${seconds(reference.durationMs)}, ${reference.calls} calls (${reference.failedCalls} failed attempts), $${reference.spentUsd.toFixed(6)}`);

const phases = new Map();
for (const event of trials.flatMap((trial) => trial.events)) {
  const phase = killPhase(event, reference.results.size);
  phases.set(phase, (phases.get(phase) ?? 0) + 1);
}
console.log('where the kills landed:');
for (const [phase, count] of [...phases].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${phase}`);

const durations = trials.map((trial) => trial.durationMs).sort((a, b) => a - b);
console.log(`trial length: p50 ${seconds(quantile(durations, 0.5))}, p95 ${seconds(quantile(durations, 0.95))}, max ${seconds(durations.at(-1))}`);
const failed = trials.filter((trial) => trial.problems.length > 0);
for (const trial of failed) {
  console.log(`trial ${trial.index} (seed ${trial.seed}, ${JSON.stringify(trial.events)}):`);
  for (const problem of trial.problems) console.log(`  ${problem}`);
}
console.log(`${trials.length - failed.length} of ${trials.length} trials whole; ${wallS.toFixed(1)} s in all`);
if (values.keep || failed.length > 0) console.log(`databases kept in ${folder}`);
else rmSync(folder, { recursive: true, force: true });
process.exitCode = failed.length > 0 ? 1 : 0;
