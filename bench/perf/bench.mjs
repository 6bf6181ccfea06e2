#!/usr/bin/env node
// route-bench's performance benchmarks (see bench/README.md). Every target is a ratio against something
// measured in the same sitting, because absolute times on these machines drift by 2x from day to day:
// the floor (../shared/tools/perf-floor.mjs: the least work any such tool must do on the same items with
// the same libraries), `node -e 0`, or the ideal time of a latency-bound run.
//   node bench/perf/bench.mjs            every target at full size, 5 runs each, alternating with the floor (median)
//   node bench/perf/bench.mjs --smoke    every target once at a small size (CI keeps them working)
//   node bench/perf/bench.mjs --only 1,4 some targets
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const cli = join(root, 'dist/route-bench.js');
const floorScript = process.env.ROUTE_BENCH_FLOOR ?? join(root, '../shared/tools/perf-floor.mjs');
const smoke = process.argv.includes('--smoke');
const onlyArgument = process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.includes('--only') ? new Set(onlyArgument.split(',').map(Number)) : undefined;
const repeats = smoke ? 1 : 5;
const scratch = mkdtempSync(join(tmpdir(), 'route-bench-bench-'));
const haveFloor = existsSync(floorScript);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs a node script once; returns wall seconds, peak RSS in MB and stdout. */
function timedNode(args, { cwd = root } = {}) {
  const rssFile = join(scratch, `rss-${process.hrtime.bigint()}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(here, 'peak-rss.cjs'), ...args], {
    cwd, env: { ...process.env, ROUTE_BENCH_PEAK_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const peakMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
  return { wallS, peakMb, stdout: result.stdout };
}

const timed = (args) => timedNode([cli, ...args]);

function makeSuite(name, items, latencyMs = 0, configurations = 3) {
  const folder = join(scratch, name);
  execFileSync(process.execPath, [join(here, 'make-suite.mjs'), folder, String(items), String(latencyMs), String(configurations)]);
  return folder;
}

function freshDatabase(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return path;
}

/**
 * `repeats` runs of each command, alternating so that a slow spell of the machine falls on both: the
 * median wall time and the largest peak memory of each.
 */
function alternate(commands) {
  const samples = commands.map(() => []);
  for (let round = 0; round < repeats; round++) {
    commands.forEach((command, index) => samples[index].push(command(round)));
  }
  return samples.map((runs) => ({ wallS: median(runs.map((run) => run.wallS)), peakMb: Math.max(...runs.map((run) => run.peakMb)), runs }));
}

const results = [];
function record(target, measured, goal, passed) {
  results.push({ target, measured, goal, passed });
  console.log(`${passed ? 'met    ' : 'NOT MET'}  ${target}: ${measured} (target ${goal})`);
}

const want = (target) => !only || only.has(target);
const x = (ratio) => `${ratio.toFixed(2)}x`;

// The floor of a suite folder: the same items, the same libraries, the least work.
const floorOf = (folder) => () => timedNode([floorScript, join(folder, 'floor-items.jsonl'), freshDatabase(join(folder, 'floor.db'))]);

let perAnswerAt30k;
if (want(1) || want(3) || want(6)) {
  const items = smoke ? 1000 : 10_000;
  const folder = makeSuite('t1', items);
  const database = join(folder, 'r.db');
  const run = () => timed(['run', join(folder, 'suite.yaml'), '--db', freshDatabase(database), '--progress', 'none']);
  const [routeBench, floor] = alternate(haveFloor ? [run, floorOf(folder)] : [run]);
  perAnswerAt30k = (routeBench.wallS / (items * 3)) * 1e6;
  if (want(1)) {
    if (floor) {
      const ratio = routeBench.wallS / floor.wallS;
      record(1, `${items.toLocaleString()} items x 3 configurations: ${x(ratio)} the floor (${routeBench.wallS.toFixed(2)} s against ${floor.wallS.toFixed(2)} s), ${routeBench.peakMb.toFixed(0)} MB peak`,
        smoke ? 'runs' : '<= 2.0x the floor, <= 250 MB', smoke || (ratio <= 2 && routeBench.peakMb <= 250));
    } else {
      record(1, `${items.toLocaleString()} items x 3: ${routeBench.wallS.toFixed(2)} s, ${routeBench.peakMb.toFixed(0)} MB (no floor at ${floorScript}: no ratio)`, 'runs', smoke);
    }
  }
  if (want(6)) {
    timed(['run', join(folder, 'suite.yaml'), '--db', freshDatabase(database), '--progress', 'none']);
    const cachedRun = () => timed(['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none', '--format', 'json']);
    const [cached, cachedFloor] = alternate(haveFloor ? [cachedRun, floorOf(folder)] : [cachedRun]);
    const calls = JSON.parse(cached.runs.at(-1).stdout).run.calls;
    const ratio = cachedFloor ? cached.wallS / cachedFloor.wallS : Number.NaN;
    record(6, `fully cached re-run of ${items.toLocaleString()} items: ${calls} calls, ${cachedFloor ? `${x(ratio)} the floor (${cached.wallS.toFixed(2)} s)` : `${cached.wallS.toFixed(2)} s`}`,
      smoke ? 'no calls' : 'no calls, <= 1.5x the floor', calls === 0 && (smoke || ratio <= 1.5));
  }
}

if (want(2)) {
  const folder = makeSuite('t2', 10);
  const database = join(folder, 'r.db');
  const [small, bare, help] = alternate([
    () => timed(['run', join(folder, 'suite.yaml'), '--db', freshDatabase(database), '--progress', 'none']),
    () => timedNode(['-e', '0']),
    () => timed(['--help']),
  ]);
  const overheadS = small.wallS - bare.wallS;
  record(2, `a 10-item run: ${(overheadS * 1000).toFixed(0)} ms more than \`node -e 0\` (${(small.wallS * 1000).toFixed(0)} against ${(bare.wallS * 1000).toFixed(0)} ms); --help ${((help.wallS - bare.wallS) * 1000).toFixed(0)} ms more`,
    smoke ? 'runs' : '<= 400 ms more', smoke || overheadS <= 0.4);
}

if (want(3)) {
  const itemsBig = smoke ? 10_000 : 333_334;
  const big = makeSuite('t3-big', itemsBig);
  const bigRun = timed(['run', join(big, 'suite.yaml'), '--db', freshDatabase(join(big, 'r.db')), '--progress', 'none']);
  const perAnswerBig = (bigRun.wallS / (itemsBig * 3)) * 1e6;
  const ratio = perAnswerBig / perAnswerAt30k;
  record(3, `${(itemsBig * 3).toLocaleString()} answers: ${bigRun.peakMb.toFixed(0)} MB peak, ${perAnswerBig.toFixed(1)} µs an answer, ${x(ratio)} target 1's ${perAnswerAt30k.toFixed(1)} µs (${bigRun.wallS.toFixed(1)} s)`,
    smoke ? 'completes' : '<= 400 MB, <= 1.2x per answer', smoke || (bigRun.peakMb <= 400 && ratio <= 1.2));
}

if (want(4)) {
  const calls = smoke ? 640 : 6400;
  const folder = makeSuite('t4', calls, 100, 1);
  const small = makeSuite('t4-small', 10, 100, 1);
  const ideal = (calls / 64) * 0.1;
  const runOf = (suite, name) => (round) => timed(['run', join(suite, 'suite.yaml'), '--db', freshDatabase(join(suite, `${name}-${round}.db`)), '--progress', 'none', '--concurrency', '64']);
  const [run, fixed] = alternate([runOf(folder, 'r'), runOf(small, 'r')]);
  // What a run costs besides its calls (start-up, the report; target 2): a 10-item run less its one 100 ms wave.
  const overheadS = fixed.wallS - 0.1;
  const loopRatio = (run.wallS - overheadS) / ideal;
  record(4, `${calls} calls of 100 ms at concurrency 64: ${x(run.wallS / ideal)} the ideal ${ideal.toFixed(1)} s (${run.wallS.toFixed(2)} s), ${x(loopRatio)} less the ${(overheadS * 1000).toFixed(0)} ms of a 10-item run`,
    smoke ? 'completes' : '<= 1.05x the ideal, less a 10-item run', smoke || loopRatio <= 1.05);
}

if (want(5)) {
  const items = smoke ? 5000 : 100_000;
  const folder = makeSuite('t5', items, 0, 2);
  const database = join(folder, 'r.db');
  timed(['run', join(folder, 'suite.yaml'), '--db', freshDatabase(database), '--progress', 'none', '--resamples', '100']);
  const sweepRun = () => timed(['sweep', '--db', database, '--run', '1', '--router', 'threshold', '--grid', '0.001:1:0.001', '--format', 'json']);
  const [sweep, floor] = alternate(haveFloor ? [sweepRun, floorOf(folder)] : [sweepRun]);
  const points = JSON.parse(sweep.runs.at(-1).stdout).points.length;
  const ratio = floor ? sweep.wallS / floor.wallS : Number.NaN;
  // Against the floor on the same items: re-routing stored answers should cost no more than the least work of producing them.
  record(5, `sweep of ${points} thresholds over ${items.toLocaleString()} stored items, the learned router trained: ${floor ? `${x(ratio)} the floor on the same items (${sweep.wallS.toFixed(2)} s against ${floor.wallS.toFixed(2)} s)` : `${sweep.wallS.toFixed(2)} s`}`,
    smoke ? 'runs' : '<= 1.0x the floor', smoke || ratio <= 1.0);
}

console.log(`\nmachine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${repeats} run(s) per target alternating with its reference, median wall, max peak memory${haveFloor ? '' : `; no floor at ${floorScript}`}`);
rmSync(scratch, { recursive: true, force: true });
if (!smoke && results.some((result) => !result.passed)) process.exitCode = 1;
