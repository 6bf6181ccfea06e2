#!/usr/bin/env node
// route-bench against promptfoo on the same job, measured in one sitting: N items, one configuration, a
// zero-latency model, one string check per answer, every result stored. promptfoo answers with its `echo`
// provider (the prompt comes back, and holds the expected text); route-bench with its mock. Not run by CI:
// promptfoo is not a dependency. Install it anywhere and point at its bin:
//   npm i --prefix /tmp/pf promptfoo@0.121.20
//   PROMPTFOO_BIN=/tmp/pf/node_modules/.bin/promptfoo node bench/perf/promptfoo.mjs [items=10000] [runs=3]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const promptfoo = process.env.PROMPTFOO_BIN;
if (!promptfoo || !existsSync(promptfoo)) {
  console.error('set PROMPTFOO_BIN to an installed promptfoo (see the header of this file)');
  process.exit(2);
}
const items = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const scratch = mkdtempSync(join(tmpdir(), 'route-bench-vs-promptfoo-'));

// route-bench's side: the benchmark suite with one configuration.
execFileSync(process.execPath, [join(here, 'make-suite.mjs'), join(scratch, 'rb'), String(items), '0', '1']);

// promptfoo's side: the same items as tests, written from its documented config format.
const lines = readFileSync(join(scratch, 'rb', 'items.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const tests = lines.map((item) => ({ vars: { clause: item.clause, expected: item.expected }, assert: [{ type: 'contains', value: item.expected }] }));
writeFileSync(join(scratch, 'tests.json'), JSON.stringify(tests));
writeFileSync(join(scratch, 'promptfooconfig.yaml'), `description: route-bench comparison
prompts:
  - "Clause: {{clause}}\\nWhat is the answer? {{expected}}"
providers:
  - echo
tests: file://tests.json
`);

const env = {
  ...process.env,
  PROMPTFOO_CONFIG_DIR: join(scratch, 'promptfoo-home'),
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
};

function timed(command, args, cwd, completed) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMb = Number(result.stderr.trim().split('\n').at(-1)) / 1024;
  // A run counts when every answer was graded and passed, whatever the exit code says (promptfoo 0.121 on
  // Node 20 can crash in its logger after writing its results: that is noted, and the time counted).
  if (!completed()) throw new Error(`${command} did not grade every item (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  return { wallS, peakMb, exit: result.status };
}

const promptfooCompleted = () => {
  const path = join(scratch, 'out.json');
  if (!existsSync(path)) return false;
  const stats = JSON.parse(readFileSync(path, 'utf8')).results?.stats;
  rmSync(path);
  return stats?.successes === items && stats?.failures === 0;
};
const gradedAll = (database) => {
  const graded = execFileSync(process.execPath, [join(root, 'dist/route-bench.js'), 'export', '--db', database, '--what', 'summary', '--format', 'jsonl'], { encoding: 'utf8' });
  const summary = JSON.parse(graded.split("\n")[0]);
  return summary.answers === items && summary.ungraded === 0;
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = { promptfoo: [], routeBench: [] };
for (let round = 0; round < runs; round++) {
  rmSync(env.PROMPTFOO_CONFIG_DIR, { recursive: true, force: true });
  samples.promptfoo.push(timed(promptfoo, ['eval', '-c', 'promptfooconfig.yaml', '--no-cache', '--no-progress-bar', '--no-table', '-o', 'out.json'], scratch, promptfooCompleted));
  rmSync(join(scratch, 'rb.db'), { force: true });
  samples.routeBench.push(timed(process.execPath, [join(root, 'dist/route-bench.js'), 'run', join(scratch, 'rb', 'suite.yaml'), '--db', join(scratch, 'rb.db'), '--progress', 'none'], scratch, () => gradedAll(join(scratch, 'rb.db'))));
}
const summary = (runs) => ({ wallS: median(runs.map((run) => run.wallS)), peakMb: Math.max(...runs.map((run) => run.peakMb)) });
const pf = summary(samples.promptfoo);
const rb = summary(samples.routeBench);
const version = execFileSync(promptfoo, ['--version'], { env, encoding: 'utf8' }).trim();
console.log(`${items.toLocaleString()} single-configuration answers, ${runs} runs alternating, median wall, max peak memory:`);
const crashed = samples.promptfoo.filter((run) => run.exit !== 0).length;
console.log(`  promptfoo ${version}: ${pf.wallS.toFixed(2)} s, ${pf.peakMb.toFixed(0)} MB${crashed ? ` (exited non-zero after writing complete results in ${crashed} of ${runs} runs)` : ''}`);
console.log(`  route-bench:  ${rb.wallS.toFixed(2)} s, ${rb.peakMb.toFixed(0)} MB`);
console.log(`  route-bench takes ${(rb.wallS / pf.wallS).toFixed(3)}x promptfoo's time (${(pf.wallS / rb.wallS).toFixed(1)}x faster) and ${(rb.peakMb / pf.peakMb).toFixed(2)}x its memory`);
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
rmSync(scratch, { recursive: true, force: true });
