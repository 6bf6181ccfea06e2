import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report.js';
import { openDatabase } from '../store/open-database.js';
import { readRunData } from '../store/read-run.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from '../runner/run-suite.js';
import { simulateStored } from './__fixtures__/stored-runs.js';

/*
 * The claim of `route-bench simulate`: its numbers equal a real run of the same router on the same answers.
 * One suite runs live routers (rules, random, cascade) beside the fixed configurations they draw from, and
 * the post-hoc ones (oracle, threshold); each is then simulated from the run's stored answers under another
 * name, and every item's result must be the same.
 *
 * The answers are dates checked with `contains`, so the mock writes them in prose ("The answer is
 * 2024-03-07.") or bare ("2024-03-07"); the cascade accepts bare dates only: some right, some wrong (false
 * accepts), some escalated although right (needless escalations).
 */
const routers: Record<string, string> = {
  rules: "{ router: rules, rules: [{ when: { tags: [hard] }, use: frontier }, { when: { field: clause, matches: 'indemnif', flags: i }, use: frontier }, { when: { prompt_tokens: { min: 30 } }, use: frontier }], default: cheap }",
  random: '{ router: random, p: 0.4 }',
  cascade: "{ router: cascade, models: [cheap, frontier], accept: [{ type: regex, pattern: '^\\d{4}-\\d{2}-\\d{2}$' }] }",
  oracle: '{ router: oracle }',
  learned: '{ router: threshold, threshold: 0.3 }',
  predictive: '{ router: predictive, lambda: 0.3 }',
  'predictive-knn': '{ router: predictive, features: knn, neighbours: 5, lambda: 0.3 }',
};

/** Two samples of cheap must say the same; a run of repeat 1 asks for both, a simulation needs a run of repeat 2. */
const agreeing = '{ router: cascade, models: [cheap, frontier], agreement: 2 }';

const clauses = ['The fee is due on receipt.', 'The Supplier shall indemnify the Customer.', 'Notice is given in writing to the address below, by courier or registered post, and takes effect on delivery.'];
const items = Array.from({ length: 120 }, (_, index) => {
  const date = `2024-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`;
  return `  - { id: c${index}, clause: "${clauses[index % clauses.length]} (${index})", expected: "${date}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`;
});

const suiteText = `name: simulate-equals-run
prompt: "Clause: {{clause}} When is it due?"
checks: [{ type: contains }]
models:
  frontier: { provider: mock, quality: { default: 0.95, hard: 0.85 }, latency_ms: 0, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: mock, quality: { default: 0.85, hard: 0.35 }, latency_ms: 0, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
${Object.entries(routers).map(([name, spec]) => `  ${name}: ${spec}`).join('\n')}
  agree: ${agreeing}
baseline: all-frontier
seed: 7
items:
${items.join('\n')}
`;

interface Row {
  item_id: string;
  sample: number;
  model: string | null;
  models_json: string;
  status: string;
  cost_usd: number;
  output: string | null;
  route_json: string | null;
}

let databasePath: string;
let suitePath: string;
let runId: number;

function resultsOf(run: number, configuration: string): Row[] {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    return database
      .prepare('SELECT item_id, sample, model, models_json, status, cost_usd, output, route_json FROM results WHERE run_id = ? AND configuration = ? ORDER BY item_id, sample')
      .all(run, configuration) as Row[];
  } finally {
    database.close();
  }
}

/** What the report says of a configuration, without what a simulation cannot know (latency, spending, the cache). */
function reported(run: number, configuration: string) {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    const summary = buildReport(readRunData(database, run), { resamples: 200 }).configurations.find((each) => each.name === configuration)!;
    const { items: count, answers, ungraded, passRate, meanScore, qualityDeltaPp, costUsd, costPerItemUsd, costReduction, frontierShare, escalationRate, falseAccepts, needlessEscalations } = summary;
    return { count, answers, ungraded, passRate, meanScore, qualityDeltaPp, costUsd, costPerItemUsd, costReduction, frontierShare, escalationRate, falseAccepts, needlessEscalations };
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-simulate-'));
  suitePath = join(folder, 'suite.yaml');
  writeFileSync(suitePath, suiteText);
  // The cascade's regex as a custom module beside the suite, for a router file that names it relatively.
  writeFileSync(join(folder, 'bare-date.mjs'), 'export default (output) => /^\\d{4}-\\d{2}-\\d{2}$/.test(output);\n');
  databasePath = join(folder, 'run.db');
  const suite = await loadSuite(suitePath);
  const outcome = await runSuite(suite, { databasePath, concurrency: 8 });
  expect(outcome.status).toBe('complete');
  runId = outcome.runId;
});

describe('simulate equals run', () => {
  it.each(Object.keys(routers))('%s: every item gets the same model, status, cost and output, and the report the same numbers', async (name) => {
    const simulated = await simulateStored({ databasePath, run: String(runId), router: routers[name]!, name: `${name}-simulated` });
    expect(simulated.sourceRunId).toBe(runId);
    const live = resultsOf(runId, name);
    const replayed = resultsOf(simulated.runId, `${name}-simulated`);
    expect(live).toHaveLength(120);
    expect(replayed).toHaveLength(live.length);
    live.forEach((row, index) => {
      const other = replayed[index]!;
      const where = `${name}, item ${row.item_id}`;
      expect(other.item_id, where).toBe(row.item_id);
      expect(other.sample, where).toBe(row.sample);
      expect(other.model, where).toBe(row.model);
      expect(JSON.parse(other.models_json), where).toEqual(JSON.parse(row.models_json));
      expect(other.status, where).toBe(row.status);
      expect(Math.abs(other.cost_usd - row.cost_usd), where).toBeLessThan(1e-12);
      expect(other.output, where).toBe(row.output);
      expect(other.route_json === null ? null : JSON.parse(other.route_json), where).toEqual(row.route_json === null ? null : JSON.parse(row.route_json));
    });
    const expected = reported(runId, name);
    const actual = reported(simulated.runId, `${name}-simulated`);
    expect(actual.passRate).toBe(expected.passRate);
    expect(actual.costUsd).toBeCloseTo(expected.costUsd, 12);
    expect({ ...actual, costUsd: 0, costPerItemUsd: 0, costReduction: 0 }).toEqual({ ...expected, costUsd: 0, costPerItemUsd: 0, costReduction: 0 });
    expect(actual.costReduction!).toBeCloseTo(expected.costReduction!, 9);
  });

  it('exercises what it claims: both models chosen, and a cascade that accepts, escalates and leaks', async () => {
    for (const name of ['rules', 'random', 'oracle', 'learned']) {
      const models = new Set(resultsOf(runId, name).map((row) => row.model));
      expect([...models].sort(), name).toEqual(['cheap', 'frontier']);
    }
    const routes = resultsOf(runId, 'cascade').map((row) => ({ ...(JSON.parse(row.route_json!) as { accepted: boolean; firstPass: boolean }), status: row.status }));
    expect(routes.some((route) => route.accepted && route.status === 'pass')).toBe(true);
    expect(routes.some((route) => route.accepted && route.status === 'fail')).toBe(true);
    expect(routes.some((route) => !route.accepted)).toBe(true);
    expect(routes.some((route) => !route.accepted && route.firstPass)).toBe(true);
  });

  it('an agreement cascade simulated on a run of repeat 2 equals the live one of repeat 1, which drew the same samples', async () => {
    const suite = await loadSuite(suitePath);
    const twice = await runSuite(suite, { databasePath, concurrency: 8, configurations: ['all-cheap'], repeat: 2 });
    expect(twice.status).toBe('complete');
    const simulated = await simulateStored({ databasePath, run: String(twice.runId), router: agreeing, name: 'agree-simulated' });
    const live = resultsOf(runId, 'agree');
    const replayed = resultsOf(simulated.runId, 'agree-simulated');
    expect(replayed).toHaveLength(120);
    expect(replayed.map(({ item_id, sample, model, models_json, status, output, route_json }) => ({ item_id, sample, model, models_json, status, output, route_json })))
      .toEqual(live.map(({ item_id, sample, model, models_json, status, output, route_json }) => ({ item_id, sample, model, models_json, status, output, route_json })));
    live.forEach((row, index) => expect(Math.abs(replayed[index]!.cost_usd - row.cost_usd), row.item_id).toBeLessThan(1e-12));
    const routes = live.map((row) => JSON.parse(row.route_json!) as { accepted: boolean });
    expect(new Set(routes.map((route) => route.accepted))).toEqual(new Set([true, false]));
    // On a run of repeat 1 the second sample is missing: a clear refusal, not a wrong number.
    await expect(simulateStored({ databasePath, run: String(runId), router: agreeing, name: 'agree-again' })).rejects.toThrow(/run it with --repeat 2/);
  });

  it('breaks the oracle ties in the order the suite lists its models, live and simulated', async () => {
    // Two free models: every answer costs 0, so wherever both pass the oracle keeps the first model listed.
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-simulate-'));
    writeFileSync(join(folder, 'tie.yaml'), `name: ties
prompt: "Clause: {{clause}} When is it due?"
checks: [{ type: contains }]
models:
  zeta: { provider: mock, quality: 0.9, price: { input_mtok: 0, output_mtok: 0 } }
  alpha: { provider: mock, quality: 0.9, price: { input_mtok: 0, output_mtok: 0 } }
configurations:
  all-zeta: { model: zeta }
  all-alpha: { model: alpha }
  oracle: { router: oracle }
items:
${items.slice(0, 30).join('\n')}
`);
    const tiePath = join(folder, 'tie.db');
    const run = await runSuite(await loadSuite(join(folder, 'tie.yaml')), { databasePath: tiePath, concurrency: 4 });
    const simulated = await simulateStored({ databasePath: tiePath, run: String(run.runId), router: 'oracle', name: 'oracle-simulated' });
    const database = openDatabase(tiePath, { readonly: true });
    const modelsOf = (id: number, configuration: string) =>
      database.prepare('SELECT model FROM results WHERE run_id = ? AND configuration = ? ORDER BY item_id').pluck().all(id, configuration) as string[];
    const live = modelsOf(run.runId, 'oracle');
    const replayed = modelsOf(simulated.runId, 'oracle-simulated');
    database.close();
    expect(live.filter((model) => model === 'zeta').length).toBeGreaterThan(20);
    expect(replayed).toEqual(live);
  });

  it('a cascade accepting through a custom module beside the suite simulates like the same test as a regex', async () => {
    // A fresh process has not loaded the module; the suite run did not either (the live cascade uses the regex).
    const router = '{ router: cascade, models: [cheap, frontier], accept: [{ type: custom, module: bare-date.mjs }] }';
    const simulated = await simulateStored({ databasePath, run: String(runId), router, name: 'custom-cascade' });
    const strip = ({ item_id, model, models_json, status, output, route_json }: Row) => ({ item_id, model, models_json, status, output, route_json });
    expect(resultsOf(simulated.runId, 'custom-cascade').map(strip)).toEqual(resultsOf(runId, 'cascade').map(strip));
  });

  it('refuses to simulate under a name the run already has', async () => {
    await expect(simulateStored({ databasePath, run: String(runId), router: 'oracle' })).rejects.toThrow(/already has a configuration "oracle"; pass --name/);
  });
});
