import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';

const suiteText = (latencyMs: number) => `name: r
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, latency_ms: ${latencyMs}, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, latency_ms: ${latencyMs}, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${Array.from({ length: 40 }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "answer ${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;

async function setUp(latencyMs = 0) {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-runner-'));
  writeFileSync(join(folder, 'suite.yaml'), suiteText(latencyMs));
  return { suite: await loadSuite(join(folder, 'suite.yaml')), databasePath: join(folder, 'r.db') };
}

function count(databasePath: string, sql: string, ...parameters: unknown[]): number {
  const database = new Database(databasePath, { readonly: true });
  const value = database.prepare(sql).pluck().get(...parameters) as number;
  database.close();
  return value;
}

describe('runSuite', () => {
  it('stores one result per configuration and item, and one call per distinct answer', async () => {
    const { suite, databasePath } = await setUp();
    const outcome = await runSuite(suite, { databasePath, concurrency: 4 });
    expect(outcome).toMatchObject({ status: 'complete', results: 120 });
    expect(count(databasePath, 'SELECT COUNT(*) FROM results WHERE run_id = ?', outcome.runId)).toBe(120);
    // routed reuses the answers of all-big and all-small: 40 + 40 calls.
    expect(count(databasePath, 'SELECT COUNT(*) FROM calls WHERE run_id = ?', outcome.runId)).toBe(80);
    expect(count(databasePath, "SELECT COUNT(*) FROM results WHERE configuration = 'routed' AND cached = 1")).toBe(40);
  });

  it('serves an unchanged second run from the cache, with the same costs and no calls', async () => {
    const { suite, databasePath } = await setUp();
    const first = await runSuite(suite, { databasePath, concurrency: 4 });
    const second = await runSuite(suite, { databasePath, concurrency: 4 });
    expect(count(databasePath, 'SELECT COUNT(*) FROM calls WHERE run_id = ?', second.runId)).toBe(0);
    const costOf = (runId: number) => count(databasePath, 'SELECT SUM(cost_usd) FROM results WHERE run_id = ?', runId);
    expect(costOf(second.runId)).toBeCloseTo(costOf(first.runId), 15);
    expect(count(databasePath, 'SELECT SUM(spent_usd) FROM results WHERE run_id = ?', second.runId)).toBe(0);
    const fresh = await runSuite(suite, { databasePath, concurrency: 4, useCache: false });
    expect(count(databasePath, 'SELECT COUNT(*) FROM calls WHERE run_id = ?', fresh.runId)).toBe(80);
  });

  it('stops dispatching when aborted and marks the run interrupted', async () => {
    const { suite, databasePath } = await setUp(20);
    const controller = new AbortController();
    const running = runSuite(suite, { databasePath, concurrency: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 60);
    const outcome = await running;
    expect(outcome.status).toBe('interrupted');
    const stored = count(databasePath, 'SELECT COUNT(*) FROM results WHERE run_id = ?', outcome.runId);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(120);
    // Whole items only: every started item finished all its configurations.
    expect(stored % 3).toBe(0);
    expect(count(databasePath, "SELECT COUNT(*) FROM runs WHERE status = 'interrupted'")).toBe(1);
  });

  it('runs the chosen configurations plus the baseline, and honours --limit and --repeat', async () => {
    const { suite, databasePath } = await setUp();
    const outcome = await runSuite(suite, { databasePath, concurrency: 4, configurations: ['routed'], limit: 10, repeat: 2 });
    expect(outcome.results).toBe(10 * 2 * 2);
    const names = new Database(databasePath, { readonly: true }).prepare('SELECT DISTINCT configuration FROM results ORDER BY 1').pluck().all();
    expect(names).toEqual(['all-big', 'routed']);
  });
});

describe('runSuite, as a user drives it', () => {
  const oracleSuite = `name: o
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  oracle: { router: oracle }
items:
${Array.from({ length: 30 }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "answer ${index}" }`).join('\n')}
`;

  it('runs the fixed configurations the oracle needs when --configs names only the oracle', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-runner-'));
    writeFileSync(join(folder, 'suite.yaml'), oracleSuite);
    const databasePath = join(folder, 'o.db');
    const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4, configurations: ['oracle'] });
    expect(outcome.status).toBe('complete');
    const names = new Database(databasePath, { readonly: true }).prepare('SELECT DISTINCT configuration FROM results ORDER BY 1').pluck().all();
    expect(names).toEqual(['all-big', 'all-small', 'oracle']);
  });

  it('fills a budget at high concurrency instead of stopping while calls in flight hold it', async () => {
    const { suite, databasePath } = await setUp();
    // Worst case per call: ~4 prompt tokens + 1,024 output tokens at $30/M, about $0.03; the whole run costs less than $0.01.
    const outcome = await runSuite(suite, { databasePath, concurrency: 32, maxCostUsd: 0.2 });
    expect(outcome.status).toBe('complete');
  });
});

describe('resuming a run another process is running', () => {
  it('is refused while that process lives, and allowed once it is gone', async () => {
    const { suite, databasePath } = await setUp();
    const first = await runSuite(suite, { databasePath, concurrency: 4, limit: 5 });
    const { spawn } = await import('node:child_process');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    const database = new Database(databasePath);
    database.prepare("UPDATE runs SET status = 'running', pid = ? WHERE id = ?").run(other.pid, first.runId);
    database.close();
    await expect(runSuite(suite, { databasePath, concurrency: 4, resumeRunId: first.runId })).rejects.toThrow(/being run by process/);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const resumed = await runSuite(suite, { databasePath, concurrency: 4, resumeRunId: first.runId });
    expect(resumed.status).toBe('complete');
  });
});
