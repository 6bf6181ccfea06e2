// Kill trials: start `route-bench run`, SIGKILL it at a random moment, resume, and check that the
// database holds one whole run that paid for each answer once and lost nothing finished before the kill.
// Plain JavaScript, so the vitest test and bench/reliability/kill-trials.mjs share it without a build.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The built CLI: `npx tsc -p tsconfig.build.json` first. */
export const cliPath = fileURLToPath(new URL('../../../dist/route-bench.js', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A suite of mock models that take a few milliseconds and fail now and then, as real APIs do. A mock
 * times out only when a `timeout` fault is injected, after `timeout_ms`.
 */
export function killTrialSuiteText({ itemCount, name = 'kill-trials', question = 'what comes after', latencyMs = 3, latencyJitterMs = 2,
  faults = '{ rate_limit: 0.05, server_error: 0.05, retry_after_ms: 1 }' }) {
  const items = Array.from({ length: itemCount }, (_, index) =>
    `  - { id: k${index}, n: ${index}, expected: "${index + 1}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`);
  return `name: ${name}
prompt: "Item {{n}}: ${question} {{n}}?"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, latency_ms: ${latencyMs}, latency_jitter_ms: ${latencyJitterMs}, faults: ${faults},
         timeout_ms: 20, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, latency_ms: ${latencyMs}, latency_jitter_ms: ${latencyJitterMs}, faults: ${faults},
           timeout_ms: 20, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${items.join('\n')}
`;
}

export function writeKillTrialSuite(folder, options) {
  const suitePath = join(folder, `${options.name ?? 'suite'}.yaml`);
  writeFileSync(suitePath, killTrialSuiteText(options));
  return suitePath;
}

/** mulberry32: a small seeded generator, so a failing trial can be replayed from its seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function startCli(args) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const finished = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

const runArguments = (suitePath, databasePath, concurrency) =>
  ['run', suitePath, '--db', databasePath, '--concurrency', String(concurrency), '--progress', 'none', '--format', 'json'];
// A resume keeps the run's concurrency, so the calls in flight at a kill are as many whichever process it hit.
const resumeArguments = (databasePath, concurrency) => ['run', '--resume', 'latest', '--db', databasePath, '--concurrency', String(concurrency), '--progress', 'none', '--format', 'json'];

const resultKey = (row) => `${row.configuration}\u0000${row.item_id}\u0000${row.sample}`;

/** Opens a database no process is writing any more, read-only; undefined when the kill came before it had a schema. */
function openFinished(databasePath) {
  if (!existsSync(databasePath)) return undefined;
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  const hasRuns = database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'").pluck().get();
  if (hasRuns === 0) {
    database.close();
    return undefined;
  }
  return database;
}

/**
 * What the database holds right after a kill: the run (if it was created), its results by
 * (configuration, item, sample), and any problem visible already (a corrupt file, a run marked
 * complete without all its results).
 */
export function snapshotAfterKill(databasePath, expectedResults) {
  const database = openFinished(databasePath);
  if (!database) return { run: undefined, results: new Map(), problems: [] };
  try {
    const problems = [];
    const integrity = database.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check after the kill: ${integrity}`);
    const run = database.prepare('SELECT id, status FROM runs ORDER BY id DESC LIMIT 1').get();
    const results = new Map();
    for (const row of database.prepare('SELECT configuration, item_id, sample, output FROM results').iterate()) {
      results.set(resultKey(row), row.output);
    }
    if (run?.status === 'complete' && results.size !== expectedResults) {
      problems.push(`run ${run.id} is marked complete with ${results.size} of ${expectedResults} results`);
    }
    return { run, results, problems };
  } finally {
    database.close();
  }
}

/**
 * Everything a finished database must hold, as a list of problems (empty when all is well):
 * one complete run; every item exactly once per configuration, with the output `reference`
 * has for it; every answer backed by its call; no answer paid twice; what the calls cost equal
 * to `reference.spentUsd`, what one uninterrupted run pays.
 */
export function checkWholeRun(databasePath, reference) {
  if (!existsSync(databasePath)) return [`no database at ${databasePath}`];
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  const problems = [];
  const value = (sql) => database.prepare(sql).pluck().get();
  const rows = (sql) => database.prepare(sql).all();
  const some = (list) => JSON.stringify(list.slice(0, 3));
  try {
    const integrity = database.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const foreignKeys = rows('PRAGMA foreign_key_check');
    if (foreignKeys.length > 0) problems.push(`${foreignKeys.length} rows point to no run: ${some(foreignKeys)}`);
    const runs = rows('SELECT id, status, item_count FROM runs');
    if (runs.length !== 1 || runs[0].status !== 'complete' || runs[0].item_count !== reference.itemCount) {
      problems.push(`runs: ${JSON.stringify(runs)}, not one complete run of ${reference.itemCount} items`);
    }

    const duplicates = rows(`SELECT configuration, item_id, sample, COUNT(*) AS n FROM results
      GROUP BY run_id, configuration, item_id, sample HAVING n > 1`);
    if (duplicates.length > 0) problems.push(`${duplicates.length} results stored more than once: ${some(duplicates)}`);
    const results = new Map();
    for (const row of database.prepare('SELECT configuration, item_id, sample, output FROM results').iterate()) {
      results.set(resultKey(row), row.output);
    }
    const missing = [...reference.results.keys()].filter((key) => !results.has(key));
    const extra = [...results.keys()].filter((key) => !reference.results.has(key));
    const differing = [...results].filter(([key, output]) => reference.results.has(key) && reference.results.get(key) !== output);
    if (missing.length > 0) problems.push(`${missing.length} results missing: ${some(missing)}`);
    if (extra.length > 0) problems.push(`${extra.length} results no uninterrupted run has: ${some(extra)}`);
    if (differing.length > 0) problems.push(`${differing.length} results differ from an uninterrupted run's: ${some(differing)}`);
    const items = value('SELECT COUNT(*) FROM items');
    if (items !== reference.itemCount) problems.push(`${items} item rows, expected ${reference.itemCount}`);

    // A stored answer is paid once, across the whole file, and every answer graded is one a call returned.
    const paidTwice = rows("SELECT cache_key, COUNT(*) AS n FROM calls WHERE status = 'ok' GROUP BY cache_key HAVING n > 1");
    if (paidTwice.length > 0) problems.push(`${paidTwice.length} answers paid more than once: ${some(paidTwice)}`);
    const unbacked = rows(`SELECT configuration, item_id, sample, model, cached FROM results AS result WHERE
      (result.output IS NOT NULL AND NOT EXISTS (SELECT 1 FROM calls AS call WHERE call.run_id = result.run_id
        AND call.item_id = result.item_id AND call.model_name = result.model AND call.sample = result.sample
        AND call.status = 'ok' AND call.output = result.output))
      OR (result.output IS NULL AND NOT EXISTS (SELECT 1 FROM calls AS call WHERE call.run_id = result.run_id
        AND call.item_id = result.item_id AND call.model_name = result.model AND call.sample = result.sample))`);
    if (unbacked.length > 0) problems.push(`${unbacked.length} results without their call: ${some(unbacked)}`);
    const spentUsd = value('SELECT COALESCE(SUM(cost_usd), 0) FROM calls');
    if (Math.abs(spentUsd - reference.spentUsd) > 1e-9 * Math.max(1, reference.spentUsd)) {
      problems.push(`the calls cost $${spentUsd}, an uninterrupted run $${reference.spentUsd}`);
    }
    return problems;
  } finally {
    database.close();
  }
}

/** One uninterrupted run on a fresh database: the reference a trial is held to, and how long a run takes. */
export async function referenceRun({ suitePath, databasePath, concurrency, itemCount }) {
  const started = performance.now();
  const finished = await startCli(runArguments(suitePath, databasePath, concurrency)).finished;
  const durationMs = performance.now() - started;
  if (finished.code !== 0) throw new Error(`the reference run exited ${finished.code}: ${finished.stderr}`);
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const results = new Map();
    for (const row of database.prepare('SELECT configuration, item_id, sample, output FROM results').iterate()) {
      results.set(resultKey(row), row.output);
    }
    const spentUsd = database.prepare('SELECT SUM(cost_usd) FROM calls').pluck().get();
    const calls = database.prepare('SELECT COUNT(*) FROM calls').pluck().get();
    const failedCalls = database.prepare("SELECT COUNT(*) FROM calls WHERE status = 'error'").pluck().get();
    return { durationMs, results, spentUsd, calls, failedCalls, itemCount };
  } finally {
    database.close();
  }
}

/**
 * `count` uninterrupted runs at once, as loaded as the trials will be: they must agree (the mock
 * is deterministic), and their median length is the span the kills are drawn from.
 */
export async function referenceRuns({ folder, suitePath, concurrency, itemCount, count }) {
  const runs = await Promise.all(Array.from({ length: count }, (_, index) =>
    referenceRun({ suitePath, databasePath: join(folder, `reference-${index}.db`), concurrency, itemCount })));
  const [first] = runs;
  for (const other of runs.slice(1)) {
    const differing = [...first.results].filter(([key, output]) => other.results.get(key) !== output).length;
    if (differing > 0 || other.results.size !== first.results.size || Math.abs(other.spentUsd - first.spentUsd) > 1e-9 * first.spentUsd) {
      throw new Error(`two uninterrupted runs of one suite disagree (${differing} results, $${first.spentUsd} vs $${other.spentUsd})`);
    }
  }
  const durations = runs.map((run) => run.durationMs).sort((a, b) => a - b);
  return { ...first, durationMs: durations[Math.floor(durations.length / 2)] };
}

/** Where in a run a kill landed, from what the database held right after it. */
export function killPhase(event, expectedResults) {
  if (event.outcome !== 'killed') return 'finished before the kill';
  if (event.run === 'not created') return 'start-up, no run yet';
  if (event.run.endsWith('complete')) return 'marked complete, printing the report';
  if (event.results === 0) return 'run created, no result yet';
  if (event.results < expectedResults) return 'mid-run';
  return 'every result stored, not marked complete';
}

function reportedStatus(stdout) {
  try {
    return JSON.parse(stdout).run?.status;
  } catch {
    return undefined;
  }
}

/** Runs the CLI and SIGKILLs it after `delayMs`, unless it finished first. */
async function killAfter(args, delayMs) {
  const running = startCli(args);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), delayMs);
  const finished = await running.finished;
  clearTimeout(timer);
  return finished;
}

/**
 * One trial: run, SIGKILL after a random delay, snapshot what is on disk, then (in `kills` - 1 of
 * them) resume and kill again, and finally resume to the end. Returns what happened and the problems found.
 */
export async function killTrial({ suitePath, databasePath, reference, random, concurrency = 16, kills = 1, minDelayMs = 50, maxDelayMs }) {
  const started = performance.now();
  const expectedResults = reference.results.size;
  const problems = [];
  const events = [];
  let kept = new Map();
  for (let kill = 0; kill < kills; kill++) {
    const snapshot = snapshotAfterKill(databasePath, expectedResults);
    if (snapshot.run?.status === 'complete') break;
    const args = snapshot.run ? resumeArguments(databasePath, concurrency) : runArguments(suitePath, databasePath, concurrency);
    const delayMs = Math.round(minDelayMs + random() * (maxDelayMs - minDelayMs));
    const finished = await killAfter(args, delayMs);
    const after = snapshotAfterKill(databasePath, expectedResults);
    problems.push(...after.problems);
    // Nothing finished before a kill is lost by it.
    const lost = [...kept].filter(([key, output]) => after.results.get(key) !== output);
    if (lost.length > 0) problems.push(`kill ${kill + 1} lost ${lost.length} results stored before it`);
    kept = after.results;
    events.push({
      delayMs,
      outcome: finished.signal === 'SIGKILL' ? 'killed' : `exited ${finished.code}`,
      run: after.run ? `${after.run.id} ${after.run.status}` : 'not created',
      results: after.results.size,
    });
    if (finished.signal !== 'SIGKILL' && finished.code !== 0) problems.push(`exited ${finished.code} before the kill: ${finished.stderr.trim()}`);
  }
  const last = snapshotAfterKill(databasePath, expectedResults);
  if (last.run?.status !== 'complete') {
    const final = await startCli(last.run ? resumeArguments(databasePath, concurrency) : runArguments(suitePath, databasePath, concurrency)).finished;
    if (final.code !== 0) problems.push(`the final ${last.run ? 'resume' : 'run'} exited ${final.code}: ${final.stderr.trim()}`);
    else if (reportedStatus(final.stdout) !== 'complete') problems.push(`the final report says ${final.stdout.slice(0, 200)}`);
  }
  const atEnd = snapshotAfterKill(databasePath, expectedResults).results;
  const lost = [...kept].filter(([key, output]) => atEnd.get(key) !== output);
  if (lost.length > 0) problems.push(`the resume lost ${lost.length} results stored before the last kill`);
  problems.push(...checkWholeRun(databasePath, reference));
  return { events, problems, durationMs: performance.now() - started };
}

/**
 * `trials` kill trials on fresh databases in `folder`, `parallel` at a time (the runs mostly wait on
 * the mock's latency and backoff, so several share a core well). Every third trial is killed twice.
 * The delays are drawn from `seed`, between 50 ms and the length of the reference run.
 */
export async function killTrials({ folder, itemCount, trials, parallel = 4, seed = 1, concurrency = 16, ...suite }) {
  const suitePath = writeKillTrialSuite(folder, { itemCount, ...suite });
  const reference = await referenceRuns({ folder, suitePath, concurrency, itemCount, count: parallel });
  const random = seededRandom(seed);
  const plans = Array.from({ length: trials }, (_, index) => ({ index, kills: index % 3 === 2 ? 2 : 1, seed: Math.floor(random() * 2 ** 32) }));
  const outcomes = [];
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++];
      const started = performance.now();
      try {
        const outcome = await killTrial({ suitePath, databasePath: join(folder, `trial-${plan.index}.db`), reference,
          random: seededRandom(plan.seed), concurrency, kills: plan.kills, maxDelayMs: reference.durationMs });
        outcomes[plan.index] = { ...plan, ...outcome };
      } catch (error) {
        outcomes[plan.index] = { ...plan, events: [], problems: [`the trial failed: ${error.stack ?? error}`], durationMs: performance.now() - started };
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { reference, trials: outcomes };
}
