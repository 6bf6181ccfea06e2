import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportOfStoredRun } from '../report/report-of-run.js';
import { openDatabase } from '../store/open-database.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from '../runner/run-suite.js';
import { routerReader } from '../suite/parse-router-argument.js';
import { sweepRun } from './sweep-run.js';
import { simulateStored } from './__fixtures__/stored-runs.js';
import type { ModelLandscape, Report } from '../types/index.js';
import { renderTable } from '../report/render-table.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { costQualityChartSpec } from '../report/chart-spec.js';

/*
 * Six models, six tasks, each model best (95%) at its own task; at the others model k passes 20% + 10k,
 * and it is priced k + 1 (so dearer models are better generalists, m5 passes 74% overall). Mixing the
 * models at random reaches no more than the line between them; a router that learns which model suits
 * which task gets most items right at a fraction of the dearest model's cost. The tasks show in the
 * prompt's words (and the tags), which the predictors read.
 */
const models = [0, 1, 2, 3, 4, 5];
const topics = ['tax', 'lease', 'patent', 'merger', 'privacy', 'labour'];
const items = models.flatMap((task) => Array.from({ length: 60 }, (_, index) =>
  `  - { id: t${task}-${index}, question: "A ${topics[task]} question, number ${index}: which clause applies?", expected: "clause ${task}-${index}", tags: [task${task}] }`));

const suiteText = `name: six-models
prompt: "{{question}}"
checks: [{ type: contains }]
models:
${models.map((model) => `  m${model}: { provider: mock, quality: { default: ${(0.2 + 0.1 * model).toFixed(1)}, task${model}: 0.95 }, latency_ms: 0, price: { input_mtok: ${model + 1}, output_mtok: ${2 * (model + 1)} } }`).join('\n')}
configurations:
${models.map((model) => `  all-m${model}: { model: m${model} }`).join('\n')}
  predictive: { router: predictive, lambda: 0.2 }
  predictive-knn: { router: predictive, features: knn, lambda: 0.2 }
baseline: all-m5
frontier: m5
seed: 11
items:
${items.join('\n')}
`;

let databasePath: string;
let runId: number;
let landscape: ModelLandscape;
let report: Report;

/** The hull's quality at a cost: linear between its vertices, flat past the last. */
function hullAt(hull: ModelLandscape['hull'], costUsd: number): number {
  if (costUsd <= hull[0]!.costUsd) return hull[0]!.quality;
  for (let index = 0; index + 1 < hull.length; index++) {
    const [left, right] = [hull[index]!, hull[index + 1]!];
    if (costUsd <= right.costUsd) return left.quality + ((right.quality - left.quality) * (costUsd - left.costUsd)) / (right.costUsd - left.costUsd);
  }
  return hull[hull.length - 1]!.quality;
}

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-six-models-'));
  const suitePath = join(folder, 'suite.yaml');
  writeFileSync(suitePath, suiteText);
  databasePath = join(folder, 'run.db');
  const outcome = await runSuite(await loadSuite(suitePath), { databasePath, concurrency: 8 });
  expect(outcome.status).toBe('complete');
  runId = outcome.runId;
  const database = openDatabase(databasePath, { readonly: true });
  try {
    report = reportOfStoredRun(database, runId, { resamples: 200 });
    landscape = report.manyModels!;
  } finally {
    database.close();
  }
});

describe('the predictive router over six models', () => {
  it('the report sees all six: their points, the hull, the best model per tag and each tag to it', () => {
    expect(landscape.models).toHaveLength(6);
    for (const model of landscape.models) expect(model.quality).toBeLessThan(0.8);
    expect(landscape.bestByTag.map((row) => [row.tag, row.configuration])).toEqual(expect.arrayContaining(models.map((model) => [`task${model}`, `all-m${model}`])));
    expect(landscape.routeByTag!.quality).toBeGreaterThan(0.85);
    expect(landscape.hullAiq).toBeLessThan(0.65);
  });

  // kNN's grades of 10 neighbours are noisier than a fitted model's: at lambda 0 it confuses more 95% and 70% models.
  it.each([['{ router: predictive }', 0.85], ['{ router: predictive, features: knn }', 0.75]] as const)('%s: the swept curve lies on or above the random-mixing hull, and well above it', async (router, best) => {
    const outcome = await sweepRun({ databasePath, run: String(runId), router, readRouter: routerReader(router) });
    expect(outcome.parameterName).toBe('lambda');
    expect(outcome.points.length).toBeGreaterThan(10);
    for (const point of outcome.points) expect(point.quality).toBeGreaterThanOrEqual(hullAt(landscape.hull, point.costUsd) - 0.01);
    const aboveHull = outcome.points.map((point) => point.quality - hullAt(landscape.hull, point.costUsd));
    expect(Math.max(...aboveHull)).toBeGreaterThan(0.2);
    // lambda 0: the best predicted model for every item; past the last breakpoint: the cheapest model for all.
    expect(outcome.points[0]!.quality).toBeGreaterThan(best);
    const cheapest = landscape.models.find((model) => model.configuration === 'all-m0')!;
    expect(outcome.points[outcome.points.length - 1]!.costUsd).toBeCloseTo(cheapest.costUsd, 10);
  });

  it('with a target loss, lambda is chosen on the calibration half and its held-out point beats every single model at its cost', async () => {
    const outcome = await sweepRun({ databasePath, run: String(runId), router: 'predictive', readRouter: routerReader('predictive'), targetLossPp: 0 });
    const target = outcome.target!;
    expect(target.calibrationItems + target.heldOutItems).toBe(360);
    const chosen = target.chosen!;
    const perItem = chosen.heldOut.costUsd / target.heldOutItems;
    // Every model's (and every random mix's) quality at the held-out point's cost per item, over all items.
    const scaledHull = landscape.hull.map((point) => ({ costUsd: point.costUsd / 360, quality: point.quality }));
    expect(chosen.heldOut.quality).toBeGreaterThan(hullAt(scaledHull, perItem) + 0.1);
    for (const model of landscape.models) {
      if (model.costUsd / 360 <= perItem) expect(chosen.heldOut.quality).toBeGreaterThan(model.quality + 0.1);
    }
    expect(chosen.heldOutCostReduction).toBeGreaterThan(1);
  });

  it('the report gives each predictive router its AIQ over the suite cost range from its curve, above the hull\'s', () => {
    for (const name of ['predictive', 'predictive-knn']) {
      const router = landscape.routers.find((each) => each.configuration === name)!;
      expect(router.fromCurve).toBe(true);
      expect(router.aiq!).toBeGreaterThan(landscape.hullAiq! + 0.15);
      expect(router.qualityOverHullPp!).toBeGreaterThan(15);
    }
  });

  it('the table, the Markdown and the chart show it: the hull drawn as a line, the routers\' AIQ, the best model per tag', () => {
    const table = renderTable(report);
    expect(table).toContain('over all 6 models (AIQ over');
    expect(table).toMatch(/predictive: AIQ \d\.\d{3} \(its swept curve\), \+\d+\.\d pp vs the hull at its cost/);
    expect(table).toContain('task0 → all-m0');
    expect(renderMarkdown(report)).toContain('#### Over all models');
    const spec = JSON.stringify(costQualityChartSpec(report));
    expect(spec).toContain('random mix of models (hull)');
    expect(spec).toContain('predictive sweep');
  });

  it.each(['predictive', 'predictive-knn'])('%s: simulated from the stored answers, every item goes to the same model with the same grade and cost as in the live run', async (name) => {
    const spec = name === 'predictive' ? '{ router: predictive, lambda: 0.2 }' : '{ router: predictive, features: knn, lambda: 0.2 }';
    const simulated = await simulateStored({ databasePath, run: String(runId), router: spec, name: `${name}-again` });
    const database = openDatabase(databasePath, { readonly: true });
    try {
      const rows = (run: number, configuration: string) => database
        .prepare('SELECT item_id, model, status, cost_usd FROM results WHERE run_id = ? AND configuration = ? ORDER BY item_id').all(run, configuration);
      const live = rows(runId, name);
      expect(live).toHaveLength(360);
      expect(new Set(live.map((row) => (row as { model: string }).model)).size).toBeGreaterThan(3);
      expect(rows(simulated.runId, `${name}-again`)).toEqual(live);
    } finally {
      database.close();
    }
  });
});
