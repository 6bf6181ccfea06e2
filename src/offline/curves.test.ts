import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/open-database.js';
import { loadSuite } from '../suite/load-suite.js';
import { reportOfStoredRun } from '../report/report-of-run.js';
import { runSuite } from '../runner/run-suite.js';

const items = Array.from({ length: 60 }, (_, index) => `  - { id: q${index}, q: "question ${index} ${'word '.repeat(index % 7)}", expected: "a${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n');

/**
 * Copies run `sourceRunId` into a new run of repeat 2 whose second sample of
 * every answer is the first one again: the same data, seen twice.
 */
function duplicateAsRepeatTwo(databasePath: string, sourceRunId: number): number {
  const database = openDatabase(databasePath);
  try {
    const columns = 'kind, suite_name, suite_version, suite_hash, suite_path, tool_version, seed, baseline, frontier, margin_pp, status, item_count, options_json, started_at, finished_at';
    const runId = Number(database.prepare(`INSERT INTO runs (${columns}, repeat) SELECT ${columns}, 2 FROM runs WHERE id = ?`).run(sourceRunId).lastInsertRowid);
    database.prepare('INSERT INTO models SELECT ?, name, provider, model, input_mtok_usd, output_mtok_usd, cached_input_mtok_usd, price_source, settings_json FROM models WHERE run_id = ?').run(runId, sourceRunId);
    database.prepare('INSERT INTO configurations SELECT ?, name, position, kind, spec_json FROM configurations WHERE run_id = ?').run(runId, sourceRunId);
    database.prepare('INSERT INTO items SELECT ?, item_id, position, tags_json, prompt_tokens, expected_json, fields_json FROM items WHERE run_id = ?').run(runId, sourceRunId);
    database.prepare(`INSERT INTO results SELECT ?, configuration, item_id, copy.sample, model, models_json, route_reason, output, status, score, reason,
      cost_usd, spent_usd, latency_ms, cached, grading_cost_usd, route_json, unanswered, output_hash, finish_reason, preference, label_pass, served_model, cost_basis FROM results, (SELECT 0 AS sample UNION ALL SELECT 1) AS copy WHERE run_id = ?`).run(runId, sourceRunId);
    return runId;
  } finally {
    database.close();
  }
}

describe('the swept curves and their anchors are on one cost scale', () => {
  it('gives the same AIQ, APGR and CPT under --repeat 2 on duplicated data as under --repeat 1', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-curves-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: curves
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.95, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 0.9, hard: 0.2 }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  random-40: { router: random, p: 0.4 }
  learned: { router: threshold, threshold: 0.4, folds: 3 }
baseline: all-big
seed: 5
items:
${items}
`);
    const databasePath = join(folder, 'curves.db');
    const once = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
    const twiceId = duplicateAsRepeatTwo(databasePath, once.runId);
    const database = openDatabase(databasePath, { readonly: true });
    const single = reportOfStoredRun(database, once.runId, { resamples: 100 });
    const double = reportOfStoredRun(database, twiceId, { resamples: 100 });
    database.close();
    expect(double.run.repeat).toBe(2);
    for (const name of ['random-40', 'learned']) {
      const one = single.configurations.find((configuration) => configuration.name === name)!;
      const two = double.configurations.find((configuration) => configuration.name === name)!;
      // A non-trivial curve: the check would pass on anything if AIQ were null.
      expect(one.aiq).not.toBeNull();
      expect(one.apgr).not.toBeNull();
      expect(two.aiq).toBeCloseTo(one.aiq!, 12);
      expect(two.apgr).toBeCloseTo(one.apgr!, 12);
      expect(two.cpt50).toBe(one.cpt50);
      expect(two.costShare).toBeCloseTo(one.costShare!, 12);
      // The curve's costs are on the configurations' scale: twice the answers, twice the cost.
      const curveOne = single.curves.find((curve) => curve.configuration === name)!;
      const curveTwo = double.curves.find((curve) => curve.configuration === name)!;
      expect(curveTwo.points.map((point) => point.quality)).toEqual(curveOne.points.map((point) => point.quality));
      curveTwo.points.forEach((point, index) => expect(point.costUsd).toBeCloseTo(2 * curveOne.points[index]!.costUsd, 12));
    }
  });
});
