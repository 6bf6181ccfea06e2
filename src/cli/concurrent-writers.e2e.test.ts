import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../store/schema.js';
import { writeKillTrialSuite } from './__fixtures__/kill-trial.mjs';
import { peek, runCli, startCli, waitFor, type Finished } from './__fixtures__/route-bench-process.js';

const faults = '{ rate_limit: 0.05, retry_after_ms: 1 }';
// Long enough a run that the next one starts well before it ends.
const latency = { latencyMs: 60, latencyJitterMs: 10 };
const runArguments = (suitePath: string, databasePath: string) =>
  ['run', suitePath, '--db', databasePath, '--concurrency', '16', '--progress', 'none', '--format', 'json'];

type Outputs = Map<string, string | null>;

/** Each run's results as `configuration\u0000item` -> output, by suite name. */
function readRuns(databasePath: string) {
  const database = new Database(databasePath, { readonly: true });
  try {
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    const runs = database.prepare('SELECT id, suite_name, status, item_count, started_at, finished_at FROM runs ORDER BY id').all() as
      Array<{ id: number; suite_name: string; status: string; item_count: number; started_at: string; finished_at: string }>;
    return runs.map((run) => {
      const outputs: Outputs = new Map();
      const rows = database.prepare('SELECT configuration, item_id, sample, output FROM results WHERE run_id = ?').all(run.id) as
        Array<{ configuration: string; item_id: string; sample: number; output: string | null }>;
      for (const row of rows) outputs.set(`${row.configuration}\u0000${row.item_id}\u0000${row.sample}`, row.output);
      const items = database.prepare('SELECT COUNT(*) FROM items WHERE run_id = ?').pluck().get(run.id) as number;
      // Every answer graded is one a call returned, in this run or (from the cache) in the other.
      const unbacked = database.prepare(`SELECT COUNT(*) FROM results AS result WHERE result.run_id = ? AND result.output IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM calls AS call WHERE call.item_id = result.item_id AND call.model_name = result.model
          AND call.sample = result.sample AND call.status = 'ok' AND call.output = result.output)`).pluck().get(run.id) as number;
      return { ...run, rows: rows.length, outputs, items, unbacked };
    });
  } finally {
    database.close();
  }
}

/**
 * Runs `route-bench run` on each suite, all writing `databasePath`: each
 * started once the one before has created its run, so they overlap however
 * slowly a loaded machine starts a process.
 */
async function runTogether(suitePaths: string[], databasePath: string): Promise<Finished[]> {
  const running = [];
  for (const suitePath of suitePaths) {
    const started = running.length;
    if (started > 0) await waitFor(() => ((peek(databasePath, 'SELECT COUNT(*) FROM runs') as number | undefined) ?? 0) >= started, 'the run before to start');
    running.push(startCli(runArguments(suitePath, databasePath)));
  }
  return Promise.all(running.map((each) => each.finished));
}

/** What one run of the suite alone stores: the outputs every concurrent run of it must have too. */
async function aloneOutputs(suitePath: string, databasePath: string): Promise<Outputs> {
  const alone = await runCli(runArguments(suitePath, databasePath));
  expect(alone.code).toBe(0);
  return readRuns(databasePath)[0]!.outputs;
}

function expectOverlap(runs: Array<{ started_at: string; finished_at: string }>): void {
  const [first, second] = runs;
  expect(first!.started_at < second!.finished_at && second!.started_at < first!.finished_at, 'the runs overlapped in time').toBe(true);
}

describe('route-bench runs writing one database at the same time', () => {
  it('two suites started together: both exit 0 with complete runs and all their rows', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-concurrent-'));
    const contracts = writeKillTrialSuite(folder, { name: 'contracts', itemCount: 300, faults, ...latency });
    const invoices = writeKillTrialSuite(folder, { name: 'invoices', question: 'what precedes', itemCount: 200, faults, ...latency });
    const databasePath = join(folder, 'shared.db');

    const finished = await runTogether([contracts, invoices], databasePath);
    for (const each of finished) {
      expect(each.stderr).not.toMatch(/SQLITE_BUSY|database is locked|already exists/);
      expect(each.code, each.stderr).toBe(0);
      expect(JSON.parse(each.stdout)).toMatchObject({ run: { status: 'complete' } });
    }
    const runs = readRuns(databasePath);
    expect(runs.map((run) => [run.suite_name, run.status, run.item_count, run.items, run.rows, run.unbacked]).sort())
      .toEqual([['contracts', 'complete', 300, 300, 900, 0], ['invoices', 'complete', 200, 200, 600, 0]]);
    expectOverlap(runs);
    // Nothing of one run leaked into the other: each equals a run of its suite alone.
    for (const [name, suitePath] of [['contracts', contracts], ['invoices', invoices]] as const) {
      expect(runs.find((run) => run.suite_name === name)!.outputs).toEqual(await aloneOutputs(suitePath, join(folder, `${name}-alone.db`)));
    }
  });

  it('one suite started twice together: both complete with every row, agreeing with a run alone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-concurrent-'));
    const suitePath = writeKillTrialSuite(folder, { name: 'twice', itemCount: 300, faults, ...latency });
    const databasePath = join(folder, 'shared.db');

    const finished = await runTogether([suitePath, suitePath], databasePath);
    for (const each of finished) {
      expect(each.code, each.stderr).toBe(0);
      expect(JSON.parse(each.stdout)).toMatchObject({ run: { status: 'complete' } });
    }
    const runs = readRuns(databasePath);
    expect(runs.map((run) => [run.id, run.status, run.items, run.rows, run.unbacked])).toEqual([[1, 'complete', 300, 900, 0], [2, 'complete', 300, 900, 0]]);
    expectOverlap(runs);
    const alone = await aloneOutputs(suitePath, join(folder, 'alone.db'));
    expect(runs[0]!.outputs).toEqual(alone);
    expect(runs[1]!.outputs).toEqual(alone);
    // Two processes may both miss the cache for an answer neither has stored yet, but no more than that.
    const database = new Database(databasePath, { readonly: true });
    const paidThrice = database.prepare("SELECT COUNT(*) FROM (SELECT cache_key FROM calls WHERE status = 'ok' GROUP BY cache_key HAVING COUNT(*) > 2)").pluck().get();
    database.close();
    expect(paidThrice).toBe(0);
  });

  it('six processes creating one new database at the same instant all open it, migrated and in WAL mode', async () => {
    const openAt = fileURLToPath(new URL('./__fixtures__/open-at.mjs', import.meta.url));
    for (let round = 0; round < 3; round++) {
      const databasePath = join(mkdtempSync(join(tmpdir(), 'route-bench-open-race-')), 'new.db');
      const at = Date.now() + 1_000;
      const outputs = await Promise.all(Array.from({ length: 6 }, () => new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [openAt, databasePath, String(at)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        child.on('error', reject);
        child.on('close', () => resolve(output.trim()));
      })));
      expect(outputs).toEqual(Array(6).fill('ok'));
      const database = new Database(databasePath, { readonly: true });
      expect(database.pragma('user_version', { simple: true })).toBe(schemaVersion);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'").pluck().get()).toBe(1);
      database.close();
    }
  });
});
