import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';

/** The cache key must hold everything that shapes an answer; for the mock that is more than the prompt. */
function writeSuite(folder: string, bigQuality: number, smallQuality: number): string {
  const path = join(folder, 'suite.yaml');
  writeFileSync(path, `name: cache-identity
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, model: same-id, quality: ${bigQuality}, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, model: same-id, quality: ${smallQuality}, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
items:
${Array.from({ length: 20 }, (_, index) => `  - { id: i${index}, q: "question ${index % 10}", expected: "answer ${index}" }`).join('\n')}
`);
  return path;
}

function passRates(databasePath: string, runId: number): Record<string, number> {
  const database = new Database(databasePath, { readonly: true });
  const rows = database
    .prepare("SELECT configuration, AVG(status = 'pass') AS rate FROM results WHERE run_id = ? GROUP BY configuration")
    .all(runId) as Array<{ configuration: string; rate: number }>;
  database.close();
  return Object.fromEntries(rows.map((row) => [row.configuration, row.rate]));
}

describe('the answer cache with mock models', () => {
  it('does not give one mock model the answers of another with the same model id', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-cache-'));
    const databasePath = join(folder, 'r.db');
    const outcome = await runSuite(await loadSuite(writeSuite(folder, 1, 0)), { databasePath, concurrency: 4 });
    expect(passRates(databasePath, outcome.runId)).toEqual({ 'all-big': 1, 'all-small': 0 });
    const database = new Database(databasePath, { readonly: true });
    const models = database.prepare("SELECT DISTINCT model FROM results WHERE configuration = 'all-small'").pluck().all();
    database.close();
    expect(models).toEqual(['small']);
  });

  it('does not serve stale answers after the suite changes a mock model quality', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-cache-'));
    const databasePath = join(folder, 'r.db');
    const first = await runSuite(await loadSuite(writeSuite(folder, 1, 1)), { databasePath, concurrency: 4 });
    expect(passRates(databasePath, first.runId)).toEqual({ 'all-big': 1, 'all-small': 1 });
    const second = await runSuite(await loadSuite(writeSuite(folder, 1, 0)), { databasePath, concurrency: 4 });
    expect(passRates(databasePath, second.runId)).toEqual({ 'all-big': 1, 'all-small': 0 });
    // The unchanged model is still served from the cache.
    const database = new Database(databasePath, { readonly: true });
    const calls = database.prepare('SELECT model_name, COUNT(*) AS n FROM calls WHERE run_id = ? GROUP BY model_name').all(second.runId);
    database.close();
    expect(calls).toEqual([{ model_name: 'small', n: 20 }]);
  });

  it('answers items that share a prompt each by their own reference', async () => {
    // Items i0 and i10 have the same prompt but different expected answers; a perfect model passes both.
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-cache-'));
    const databasePath = join(folder, 'r.db');
    const outcome = await runSuite(await loadSuite(writeSuite(folder, 1, 1)), { databasePath, concurrency: 1 });
    expect(passRates(databasePath, outcome.runId)).toEqual({ 'all-big': 1, 'all-small': 1 });
  });
});
