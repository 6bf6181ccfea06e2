import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reportOfStoredRun } from '../report/report-of-run.js';
import { runSuite } from '../runner/run-suite.js';
import { openDatabase } from '../store/open-database.js';
import { loadSuite } from '../suite/load-suite.js';
import { simulateStored } from './__fixtures__/stored-runs.js';

const trained = vi.hoisted(() => ({ count: 0 }));

vi.mock('../routing/threshold.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../routing/threshold.js')>();
  return {
    ...actual,
    crossFittedFailureScores: (...parameters: Parameters<typeof actual.crossFittedFailureScores>) => {
      trained.count++;
      return actual.crossFittedFailureScores(...parameters);
    },
  };
});

const items = Array.from({ length: 40 }, (_, index) => `  - { id: q${index}, q: "question ${index}", expected: "a${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n');

describe('a learned router', () => {
  it('is trained once for a run and its report, and once for a simulation and its report', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-learned-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: learned
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.95, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 0.9, hard: 0.2 }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  learned: { router: threshold, threshold: 0.4, folds: 3 }
baseline: all-big
items:
${items}
`);
    const databasePath = join(folder, 'learned.db');
    const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
    const database = openDatabase(databasePath, { readonly: true });
    const report = reportOfStoredRun(database, outcome.runId, { resamples: 100, learned: outcome.learned });
    database.close();
    expect(report.curves.map((curve) => curve.configuration)).toEqual(['learned']);
    expect(trained.count).toBe(1);

    trained.count = 0;
    const simulated = await simulateStored({ databasePath, run: String(outcome.runId), router: '{ router: threshold, threshold: 0.2 }', name: 'learned-20' });
    const again = openDatabase(databasePath, { readonly: true });
    reportOfStoredRun(again, simulated.runId, { resamples: 100, learned: simulated.learned });
    again.close();
    expect(trained.count).toBe(1);
  });
});
