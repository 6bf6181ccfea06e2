#!/usr/bin/env node
// route-bench's performance benchmarks (see bench/README.md).
//   node bench/perf/bench.mjs            every target at full size, 5 runs each (median)
//   node bench/perf/bench.mjs --smoke    every target once at a small size (CI keeps them working)
//   node bench/perf/bench.mjs --only 1,4 some targets
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const cli = join(root, 'dist/cli/main.js');
const smoke = process.argv.includes('--smoke');
const onlyArgument = process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.includes('--only') ? new Set(onlyArgument.split(',').map(Number)) : undefined;
const repeats = smoke ? 1 : 5;
const scratch = mkdtempSync(join(tmpdir(), 'route-bench-bench-'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs the CLI once; returns wall seconds, peak RSS in MB and stdout. */
function timed(args, env = {}) {
  const rssFile = join(scratch, `rss-${process.hrtime.bigint()}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(here, 'peak-rss.cjs'), cli, ...args], {
    env: { ...process.env, ROUTE_BENCH_PEAK_RSS_FILE: rssFile, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`route-bench ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const peakMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
  return { wallS, peakMb, stdout: result.stdout };
}

function makeSuite(name, items, latencyMs = 0, configurations = 3) {
  const folder = join(scratch, name);
  execFileSync(process.execPath, [join(here, 'make-suite.mjs'), folder, String(items), String(latencyMs), String(configurations)]);
  return folder;
}

function runMany(label, makeArgs, { before } = {}) {
  const samples = [];
  for (let index = 0; index < repeats; index++) {
    before?.();
    samples.push(timed(makeArgs(index)));
  }
  const wallS = median(samples.map((sample) => sample.wallS));
  const peakMb = Math.max(...samples.map((sample) => sample.peakMb));
  return { label, wallS, peakMb, samples };
}

const results = [];
function record(target, measured, goal, passed, note = '') {
  results.push({ target, measured, goal, passed, note });
  console.log(`${passed ? 'met    ' : 'NOT MET'}  ${target}: ${measured} (target ${goal})${note ? ` — ${note}` : ''}`);
}

const want = (target) => !only || only.has(target);

if (want(1) || want(6)) {
  const items = smoke ? 1000 : 10_000;
  const folder = makeSuite('t1', items);
  const database = join(folder, 'r.db');
  if (want(1)) {
    const run = runMany('run', () => ['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none'], { before: () => rmSync(database, { force: true }) || rmSync(`${database}-wal`, { force: true }) });
    record(1, `${items.toLocaleString()} items x 3 configurations: ${run.wallS.toFixed(2)} s, ${run.peakMb.toFixed(0)} MB peak`, smoke ? 'runs' : '<= 1.5 s, <= 250 MB', smoke || (run.wallS <= 1.5 && run.peakMb <= 250));
  }
  if (want(6)) {
    rmSync(database, { force: true });
    timed(['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none']);
    const cached = runMany('cached', () => ['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none', '--format', 'json']);
    const calls = JSON.parse(cached.samples.at(-1).stdout).run.calls;
    record(6, `fully cached re-run of ${items.toLocaleString()} items: ${cached.wallS.toFixed(2)} s, ${calls} calls`, smoke ? 'no calls' : 'no calls, <= 1.5 s', calls === 0 && (smoke || cached.wallS <= 1.5));
  }
}

if (want(2)) {
  const help = runMany('help', () => ['--help']);
  record(2, `route-bench --help: ${(help.wallS * 1000).toFixed(0)} ms`, '<= 150 ms', help.wallS <= 0.15);
}

if (want(3)) {
  const items30k = smoke ? 1000 : 10_000;
  const itemsBig = smoke ? 10_000 : 333_334;
  const small = makeSuite('t3-small', items30k);
  const big = makeSuite('t3-big', itemsBig);
  const smallRun = timed(['run', join(small, 'suite.yaml'), '--db', join(small, 'r.db'), '--progress', 'none']);
  const bigRun = timed(['run', join(big, 'suite.yaml'), '--db', join(big, 'r.db'), '--progress', 'none']);
  const perAnswerSmall = (smallRun.wallS / (items30k * 3)) * 1e6;
  const perAnswerBig = (bigRun.wallS / (itemsBig * 3)) * 1e6;
  const ratio = perAnswerBig / perAnswerSmall;
  record(3, `${(itemsBig * 3).toLocaleString()} answers: ${bigRun.wallS.toFixed(1)} s, ${bigRun.peakMb.toFixed(0)} MB peak, ${perAnswerBig.toFixed(1)} µs/answer vs ${perAnswerSmall.toFixed(1)} µs/answer at ${(items30k * 3).toLocaleString()} (x${ratio.toFixed(2)})`,
    smoke ? 'completes' : '<= 400 MB, <= 1.5x per answer', smoke || (bigRun.peakMb <= 400 && ratio <= 1.5));
}

if (want(4)) {
  const calls = smoke ? 640 : 6400;
  const folder = makeSuite('t4', calls, 100, 1);
  const ideal = (calls / 64) * 0.1;
  const run = runMany('latency', () => ['run', join(folder, 'suite.yaml'), '--db', join(folder, `r-${process.hrtime.bigint()}.db`), '--progress', 'none', '--concurrency', '64', '--format', 'json']);
  const report = JSON.parse(run.samples.at(-1).stdout).run;
  const runSeconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  record(4, `${calls} calls of 100 ms at concurrency 64: ${run.wallS.toFixed(2)} s wall (${runSeconds.toFixed(2)} s from first to last call), ideal ${ideal.toFixed(1)} s`,
    smoke ? 'completes' : `<= ${(ideal * 1.05).toFixed(2)} s`, smoke || run.wallS <= ideal * 1.05);
}

if (want(5)) {
  const items = smoke ? 5000 : 100_000;
  const folder = makeSuite('t5', items, 0, 2);
  const database = join(folder, 'r.db');
  timed(['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none', '--resamples', '100']);
  const sweep = runMany('sweep', () => ['sweep', '--db', database, '--run', '1', '--router', 'threshold', '--grid', '0.001:1:0.001', '--format', 'json']);
  const points = JSON.parse(sweep.samples.at(-1).stdout).points.length;
  record(5, `sweep of ${points} thresholds over ${items.toLocaleString()} stored items: ${sweep.wallS.toFixed(2)} s`, smoke ? 'runs' : '<= 2 s', smoke || sweep.wallS <= 2);
}

console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${repeats} run(s) per target, median wall, max peak memory`);
rmSync(scratch, { recursive: true, force: true });
if (!smoke && results.some((result) => !result.passed)) process.exitCode = 1;
