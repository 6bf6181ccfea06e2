import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from '../runner/run-suite.js';
import { simulateStored } from './__fixtures__/stored-runs.js';

describe('--seed and routers without their own seed', () => {
  it('moves the random router with the run seed, live and simulated alike', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-seed-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: seeded
prompt: "{{q}}"
checks: [{ type: exact }]
seed: 1
models:
  big: { provider: mock, quality: 0.9, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  coin: { router: random, p: 0.5 }
items:
${Array.from({ length: 80 }, (_, index) => `  - { id: ${index}, q: "q${index}", expected: "a${index}" }`).join('\n')}
`);
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    const databasePath = join(folder, 's.db');
    const first = await runSuite(suite, { databasePath, concurrency: 4 });
    const second = await runSuite(suite, { databasePath, concurrency: 4, seed: 99 });
    const simulated = await simulateStored({ databasePath, run: String(second.runId), router: '{ router: random, p: 0.5 }', name: 'coin-again' });
    const database = new Database(databasePath, { readonly: true });
    const choices = (runId: number, configuration: string) =>
      (database.prepare('SELECT item_id, model FROM results WHERE run_id = ? AND configuration = ? ORDER BY item_id').all(runId, configuration) as Array<{ model: string }>).map((row) => row.model);
    expect(choices(second.runId, 'coin')).not.toEqual(choices(first.runId, 'coin'));
    expect(choices(simulated.runId, 'coin-again')).toEqual(choices(second.runId, 'coin'));
    database.close();
  });
});

describe('simulate on runs that are not whole', () => {
  it('leaves no run behind when it fails, and marks a simulation of an interrupted run as interrupted', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-seed-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: partial
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, latency_ms: 5, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, latency_ms: 5, price: { input_mtok: 1, output_mtok: 2 } }
items:
${Array.from({ length: 200 }, (_, index) => `  - { id: ${index}, q: "q${index}", expected: "a${index}" }`).join('\n')}
`);
    const databasePath = join(folder, 'p.db');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 40);
    const run = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 2, signal: controller.signal });
    expect(run.status).toBe('interrupted');
    await expect(simulateStored({ databasePath, run: String(run.runId), router: '{ router: random, p: 0.5, strong: big, weak: nowhere }' })).rejects.toThrow();
    const simulated = await simulateStored({ databasePath, run: String(run.runId), router: 'oracle' });
    const database = new Database(databasePath, { readonly: true });
    const runs = database.prepare('SELECT id, kind, status FROM runs ORDER BY id').all();
    database.close();
    expect(runs).toEqual([{ id: run.runId, kind: 'run', status: 'interrupted' }, { id: simulated.runId, kind: 'simulated', status: 'interrupted' }]);
  });
});
