import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemNumber, startFakeOpenAi, type ChatBehaviour, type FakeOpenAi } from './__fixtures__/fake-openai.js';
import { runCli } from './__fixtures__/route-bench-process.js';
import type { Report, ServedBy } from '../types/index.js';

/**
 * A router behind the endpoint (`openrouter/auto`) chooses the model per item and names it in the
 * response's `model`. The bodies are the recorded Chat Completions success (fake-openai.ts) with the
 * `model` and OpenRouter's usage-accounting fields (`cost`, `is_byok`, `cost_details`) set per item.
 * Every answer is 20 input and 1 output token.
 */
const reportingCost: ChatBehaviour = (prompt, model) => {
  const n = itemNumber(prompt);
  // The plain models' servers name the dated snapshot behind the alias, as OpenAI does: the same model.
  if (model === 'gpt-4o') return { content: 'yes', served: { model: 'gpt-4o-2024-08-06' } };
  if (model === 'gpt-4o-mini') return { content: n % 4 === 0 ? 'no' : 'yes', served: { model: 'gpt-4o-mini-2024-07-18' } };
  // Item 1 with BYOK: 0.00001 is OpenRouter's fee, 0.0002 the upstream provider's charge. Without BYOK OpenRouter repeats `cost` as the upstream cost.
  if (n === 1) return { content: 'yes', served: { model: 'openai/gpt-4o-mini', usage: { cost: 0.00001, is_byok: true, cost_details: { upstream_inference_cost: 0.0002 } } } };
  const cost = n % 4 === 0 ? 0.003 : 0.0001;
  return { content: 'yes', served: { model: n % 4 === 0 ? 'anthropic/claude-sonnet-4' : 'openai/gpt-4o-mini', usage: { cost, is_byok: false, cost_details: { upstream_inference_cost: cost } } } };
};

/** The same router with no usage accounting: its answers are priced by the models it names. */
const reportingNoCost: ChatBehaviour = (prompt, model) => {
  if (model !== 'openrouter/auto') return reportingCost(prompt, model);
  const n = itemNumber(prompt);
  return { content: 'yes', served: { model: n % 4 === 0 ? 'anthropic/claude-sonnet-4' : n % 5 === 0 ? 'mystery/model-9' : 'gpt-4o-mini' } };
};

const suite = (baseUrl: string) => `name: black-box-router
prompt: "Item {{n}}: is it so?"
checks: [{ type: exact }]
models:
  frontier: { provider: openai, model: gpt-4o, base_url: "${baseUrl}", api_key_env: none, price: { input_mtok: 2.5, output_mtok: 10 } }
  cheap: { provider: openai, model: gpt-4o-mini, base_url: "${baseUrl}", api_key_env: none, price: { input_mtok: 0.15, output_mtok: 0.6 } }
  # The price is used only for answers that carry no cost and name no model with a known price.
  auto: { provider: openai, model: openrouter/auto, base_url: "${baseUrl}", api_key_env: none, price: { input_mtok: 5, output_mtok: 20 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  auto: { model: auto }
baseline: all-frontier
items:
${Array.from({ length: 20 }, (_, index) => `  - { id: i${index + 1}, n: ${index + 1}, expected: "yes" }`).join('\n')}
`;

type Configuration = Report['configurations'][number];

describe('a black-box router that chooses the model itself', () => {
  let server: FakeOpenAi;
  let folder: string;
  beforeAll(async () => {
    server = await startFakeOpenAi(reportingCost);
    folder = mkdtempSync(join(tmpdir(), 'route-bench-black-box-'));
    writeFileSync(join(folder, 'suite.yaml'), suite(server.baseUrl));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const run = async (db: string, extra: string[] = []) => {
    const finished = await runCli(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none', '--format', 'json', ...extra]);
    expect(finished.stderr).toMatch(/^stored as run \d+ in \S+\n$/);
    expect(finished.code).toBe(0);
    return JSON.parse(finished.stdout) as Report;
  };
  const named = (report: Report, name: string) => report.configurations.find((configuration) => configuration.name === name)!;

  it('reports its share of answers per model and the cost the provider reported, on the same items as the team\'s own', async () => {
    server.behaviour = reportingCost;
    const db = join(folder, 'reported.db');
    const report = await run(db);
    const auto = named(report, 'auto');
    // Items 4, 8, 12, 16, 20 to claude-sonnet-4 at $0.003; the other 15 to gpt-4o-mini at $0.0001, but item 1: 0.00001 + 0.0002 (BYOK).
    const expected: ServedBy = {
      answers: 20,
      otherThanAsked: 20,
      models: [
        { model: 'openai/gpt-4o-mini', answers: 15, share: 0.75, costUsd: 14 * 0.0001 + 0.00021 },
        { model: 'anthropic/claude-sonnet-4', answers: 5, share: 0.25, costUsd: 5 * 0.003 },
      ],
      costBasis: { reported: 20, servedPrice: 0, configured: 0 },
      unpriced: 0,
    };
    expectServedBy(auto, expected);
    expect(auto.costUsd).toBeCloseTo(0.01661, 12);
    expect(auto.passRate).toBe(1);
    // A dated snapshot is the asked model, priced as configured: nothing to say of the plain configurations.
    expect(named(report, 'all-frontier').servedBy).toBeUndefined();
    expect(named(report, 'all-cheap').servedBy).toBeUndefined();
    expect(named(report, 'all-frontier').costUsd).toBeCloseTo(20 * (20 * 2.5 + 10) / 1e6, 12);

    const table = await runCli(['report', '--db', db]);
    expect(table.stdout).toContain('auto: served by openai/gpt-4o-mini 75% (15) · anthropic/claude-sonnet-4 25% (5); cost as reported by the provider');
    const markdown = await runCli(['report', '--db', db, '--format', 'markdown']);
    expect(markdown.stdout).toContain('#### Served by');
    expect(markdown.stdout).toContain('| auto | openai/gpt-4o-mini | 15 | 75.0% | $0.00161 |');
    const html = await runCli(['report', '--db', db, '--format', 'html']);
    expect(html.stdout).toContain('<h2>Served by</h2>');
    expect(html.stdout).toContain('auto: cost as reported by the provider');

    const summary = await runCli(['export', '--db', db, '--what', 'summary', '--format', 'jsonl']);
    const autoRow = summary.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((row) => row.name === 'auto')!;
    expect(autoRow).toMatchObject({ servedBy: 'openai/gpt-4o-mini=15;anthropic/claude-sonnet-4=5', servedOtherThanAsked: 20, costBasisReported: 20,
      costBasisServedPrice: 0, costBasisConfigured: 0, costBasisUnpriced: 0 });
    const results = await runCli(['export', '--db', db, '--what', 'results', '--format', 'jsonl']);
    const item4 = results.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((row) => row.configuration === 'auto' && row.item_id === 'i4');
    expect(item4).toMatchObject({ served_model: 'anthropic/claude-sonnet-4', cost_basis: 'reported', cost_usd: 0.003 });
    const calls = await runCli(['export', '--db', db, '--what', 'calls', '--format', 'jsonl']);
    const call = calls.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((row) => row.model_name === 'frontier');
    expect(call).toMatchObject({ served_model: 'gpt-4o-2024-08-06', cost_basis: null });
  });

  it('prices answers without a reported cost by the models actually used: a suite model of that id, the bundled table, else the configured price', async () => {
    server.behaviour = reportingNoCost;
    const report = await run(join(folder, 'priced.db'));
    const auto = named(report, 'auto');
    // 20 input and 1 output token each. gpt-4o-mini at the suite's cheap price: (20 × 0.15 + 0.6) / 1e6 = 3.6e-6, 12 answers;
    // anthropic/claude-sonnet-4 at the bundled $3/$15: (60 + 15) / 1e6 = 7.5e-5, items 4, 8, 12, 16, 20;
    // mystery/model-9 has no known price: auto's configured $5/$20, (100 + 20) / 1e6 = 1.2e-4, items 5, 10, 15.
    expectServedBy(auto, {
      answers: 20,
      otherThanAsked: 20,
      models: [
        { model: 'gpt-4o-mini', answers: 12, share: 0.6, costUsd: 12 * 3.6e-6 },
        { model: 'anthropic/claude-sonnet-4', answers: 5, share: 0.25, costUsd: 5 * 7.5e-5 },
        { model: 'mystery/model-9', answers: 3, share: 0.15, costUsd: 3 * 1.2e-4 },
      ],
      costBasis: { reported: 0, servedPrice: 17, configured: 3 },
      unpriced: 3,
    });
    expect(auto.costUsd).toBeCloseTo(12 * 3.6e-6 + 5 * 7.5e-5 + 3 * 1.2e-4, 12);
    const table = await runCli(['report', '--db', join(folder, 'priced.db')]);
    expect(table.stdout).toContain("auto: served by gpt-4o-mini 60% (12) · anthropic/claude-sonnet-4 25% (5) · mystery/model-9 15% (3); cost: 17 at the served models' prices, 3 at the configured price (3 by a model with no known price)");
  });

  it('keeps the served models through shards merged into one run and through a simulation from the stored answers', async () => {
    server.behaviour = reportingCost;
    const whole = named(await run(join(folder, 'whole.db')), 'auto').servedBy;
    expect(whole?.answers).toBe(20);
    const shards = [1, 2].map((index) => join(folder, `shard-${index}.db`));
    for (const [index, shard] of shards.entries()) await run(shard, ['--shard', `${index + 1}/2`]);
    const merged = join(folder, 'merged.db');
    expect((await runCli(['merge', ...shards, '--out', merged])).code).toBe(0);
    const mergedReport = JSON.parse((await runCli(['report', '--db', merged, '--format', 'json'])).stdout) as Report;
    expect(named(mergedReport, 'auto').servedBy).toEqual(whole);

    // A router choosing between the black box and the cheap model, evaluated on the stored answers: the black box's answers keep their model and cost.
    const simulated = await runCli(['simulate', '--db', join(folder, 'whole.db'), '--router', '{ router: rules, rules: [{ when: { field: id, matches: "^i4$" }, use: auto }], default: cheap }',
      '--name', 'mostly-cheap', '--format', 'json']);
    expect(simulated.code).toBe(0);
    const simulation = JSON.parse(simulated.stdout) as Report;
    expect(named(simulation, 'auto').servedBy).toEqual(whole);
    const mostlyCheap = named(simulation, 'mostly-cheap').servedBy!;
    expect(mostlyCheap.models).toEqual([
      { model: 'gpt-4o-mini-2024-07-18', answers: 19, share: 0.95, costUsd: expect.closeTo(19 * (20 * 0.15 + 0.6) / 1e6, 12) },
      { model: 'anthropic/claude-sonnet-4', answers: 1, share: 0.05, costUsd: 0.003 },
    ]);
    expect(mostlyCheap).toMatchObject({ otherThanAsked: 1, costBasis: { reported: 1, servedPrice: 0, configured: 19 }, unpriced: 0 });
  });
});

/** Shares and costs are sums of floating-point numbers: compared to 12 decimals. */
function expectServedBy(configuration: Configuration, expected: ServedBy): void {
  const actual = configuration.servedBy!;
  expect({ ...actual, models: actual.models.map((entry) => ({ ...entry, costUsd: 0, share: 0 })) })
    .toEqual({ ...expected, models: expected.models.map((entry) => ({ ...entry, costUsd: 0, share: 0 })) });
  actual.models.forEach((entry, index) => {
    expect(entry.share).toBeCloseTo(expected.models[index]!.share, 12);
    expect(entry.costUsd).toBeCloseTo(expected.models[index]!.costUsd, 12);
  });
}
