import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicBatchServer, startFakeOpenAiBatchServer, type FakeBatchServer, type FakeBatchServerOptions } from '../providers/__fixtures__/fake-batch-servers.js';
import { peek, runCli, startCli, waitFor } from './__fixtures__/route-bench-process.js';

const env = { TEST_BATCH_KEY: 'sk-test-batch-key-0123456789', ROUTE_BENCH_BATCH_POLL_MS: '20' };
const itemCount = 12;

let servers: FakeBatchServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function setUp(openai: FakeBatchServerOptions = {}, anthropic: FakeBatchServerOptions = {}) {
  const cheap = await startFakeOpenAiBatchServer(openai);
  const frontier = await startFakeAnthropicBatchServer(anthropic);
  servers.push(cheap, frontier);
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-batch-'));
  const items = Array.from({ length: itemCount }, (_, index) => `  - { id: b${index}, n: ${index}, expected: "${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n');
  writeFileSync(join(folder, 'suite.yaml'), `name: batched
prompt: "Reply with the number {{n}} and nothing else."
checks: [{ type: contains }]
models:
  frontier: { provider: anthropic, model: claude-opus-4-1, base_url: "${frontier.baseUrl}", api_key_env: TEST_BATCH_KEY, price: { input_mtok: 15, output_mtok: 75 } }
  cheap: { provider: openai, model: gpt-4o-mini, base_url: "${cheap.baseUrl}", api_key_env: TEST_BATCH_KEY, price: { input_mtok: 0.15, output_mtok: 0.6 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: frontier }], default: cheap }
baseline: all-frontier
items:
${items}
`);
  return { cheap, frontier, suite: join(folder, 'suite.yaml'), db: join(folder, 'run.db') };
}

const runArguments = (suite: string, db: string, ...extra: string[]) => ['run', suite, '--db', db, '--batch', '--progress', 'none', '--format', 'json', ...extra];

describe('run --batch', () => {
  it('sends one batch per model per wave, at half price, and stores the batches', async () => {
    const { cheap, frontier, suite, db } = await setUp();
    const run = await runCli(runArguments(suite, db), { env });
    expect(run.code, run.stderr).toBe(0);
    expect(cheap.batchesCreated()).toBe(1);
    expect(frontier.batchesCreated()).toBe(1);
    // Each model's batch holds each distinct request once, however many configurations asked it.
    const uploaded = [...cheap.files.values()].filter((text) => text.includes('"method"'));
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]!.trim().split('\n')).toHaveLength(itemCount);
    // No live call: only the batch endpoints were asked.
    expect([...cheap.received, ...frontier.received].map((request) => request.path).filter((path) => /chat\/completions$|\/messages$/.test(path))).toEqual([]);
    const database = new Database(db, { readonly: true });
    try {
      const models = database.prepare('SELECT name, input_mtok_usd AS input, output_mtok_usd AS output, price_source AS source FROM models ORDER BY name').all();
      expect(models).toEqual([
        { name: 'cheap', input: 0.075, output: 0.3, source: 'suite, batch: 50%' },
        { name: 'frontier', input: 7.5, output: 37.5, source: 'suite, batch: 50%' },
      ]);
      const calls = database.prepare("SELECT model_name, input_tokens, output_tokens, cost_usd FROM calls WHERE status = 'ok'").all() as Array<{ model_name: string; input_tokens: number; output_tokens: number; cost_usd: number }>;
      expect(calls).toHaveLength(2 * itemCount);
      for (const call of calls) {
        const [input, output] = call.model_name === 'cheap' ? [0.075, 0.3] : [7.5, 37.5];
        expect(call.cost_usd).toBeCloseTo((call.input_tokens * input + call.output_tokens * output) / 1e6, 12);
      }
      const batches = database.prepare('SELECT model_name, provider, state, batch_id IS NOT NULL AS has_id, finished_at IS NOT NULL AS finished FROM batches ORDER BY model_name').all();
      expect(batches).toEqual([
        { model_name: 'cheap', provider: 'openai', state: 'ended', has_id: 1, finished: 1 },
        { model_name: 'frontier', provider: 'anthropic', state: 'ended', has_id: 1, finished: 1 },
      ]);
    } finally {
      database.close();
    }
    const report = JSON.parse(run.stdout) as { run: { status: string; batched?: boolean }; configurations: Array<{ name: string; answers: number; passRate: number }> };
    expect(report.run).toMatchObject({ status: 'complete', batched: true });
    const table = await runCli(['report', '--db', db]);
    expect(table.stdout.split('\n')[0]).toBe(`run 1 · batched v1 · ${itemCount} items · complete · batch API prices (50%)`);
    expect(report.configurations.map((configuration) => configuration.answers)).toEqual([itemCount, itemCount, itemCount]);
  });

  it('asks a failed line again, in the next batch', async () => {
    const failing = (customId: string) => customId.charCodeAt(0) % 3 === 0;
    let batches = () => 0;
    const first = await setUp({ scenarioFor: (customId) => (batches() === 1 && failing(customId) ? 'fail-line' : undefined) });
    batches = () => first.cheap.batchesCreated();
    const run = await runCli(runArguments(first.suite, first.db), { env });
    expect(run.code, run.stderr).toBe(0);
    const firstBatch = JSON.parse(peek(first.db, "SELECT custom_ids_json FROM batches WHERE model_name = 'cheap' ORDER BY id LIMIT 1") as string) as string[];
    const failedFirst = firstBatch.filter(failing).length;
    expect(failedFirst).toBeGreaterThan(0);
    expect(first.cheap.batchesCreated()).toBe(2);
    expect(JSON.parse(peek(first.db, "SELECT custom_ids_json FROM batches WHERE model_name = 'cheap' ORDER BY id DESC LIMIT 1") as string)).toHaveLength(failedFirst);
    expect(peek(first.db, "SELECT COUNT(*) FROM calls WHERE model_name = 'cheap' AND status = 'error'")).toBe(failedFirst);
    expect(peek(first.db, 'SELECT COUNT(*) FROM results WHERE unanswered IS NOT NULL')).toBe(0);
  });

  it('resumes a run killed while its batch is in flight by polling that batch, never sending it again', async () => {
    const { cheap, frontier, suite, db } = await setUp({ pollsUntilDone: 200 }, { pollsUntilDone: 200 });
    const first = startCli(runArguments(suite, db), { env });
    await waitFor(() => ((peek(db, 'SELECT COUNT(*) FROM batches WHERE batch_id IS NOT NULL') as number | undefined) ?? 0) === 2, 'both batches stored');
    first.child.kill('SIGKILL');
    await first.finished;
    expect([cheap.batchesCreated(), frontier.batchesCreated()]).toEqual([1, 1]);
    const resumed = await runCli(['run', '--resume', 'latest', '--db', db, '--progress', 'lines', '--format', 'json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('polling batch');
    expect([cheap.batchesCreated(), frontier.batchesCreated()]).toEqual([1, 1]);
    expect((JSON.parse(resumed.stdout) as { run: { status: string } }).run.status).toBe('complete');
    expect(peek(db, "SELECT COUNT(*) FROM calls WHERE status = 'ok'")).toBe(2 * itemCount);
  });

  it('with --until-settled, each wave is one batch per model', async () => {
    const { cheap, frontier, suite, db } = await setUp();
    const run = await runCli([...runArguments(suite, db), '--until-settled', '--wave', '4'], { env });
    expect(run.code, run.stderr).toBe(0);
    const waves = peek(db, "SELECT COUNT(DISTINCT items) FROM settle_looks") as number;
    expect(waves).toBeGreaterThan(0);
    expect(cheap.batchesCreated()).toBe(waves);
    expect(frontier.batchesCreated()).toBe(waves);
  });

  it('estimate shows the batch price beside the live one, and with --db the items the verdict needs', async () => {
    const { suite, db } = await setUp();
    const shown = await runCli(['estimate', suite, '--format', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    const estimate = JSON.parse(shown.stdout) as { configurations: Array<{ name: string; costUsd: number; batchCostUsd: number | null; plannedItems80: number | null }>; plannedFromRun: number | null };
    for (const configuration of estimate.configurations) expect(configuration.batchCostUsd).toBeCloseTo(configuration.costUsd / 2, 12);
    expect(estimate.plannedFromRun).toBeNull();
    expect((await runCli(runArguments(suite, db), { env })).code).toBe(0);
    const planned = await runCli(['estimate', suite, '--db', db]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout, planned.stdout).toMatch(/│ batch cost │ planned n │/);
    expect(planned.stdout).toContain('planned from run 1');
  });

  it('refuses in one line a suite with no batchable model, and a server with no batch endpoints', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-batch-mock-'));
    writeFileSync(join(folder, 'suite.yaml'), 'name: m\nprompt: "{{q}}"\nchecks: [{ type: exact }]\nmodels:\n  a: { provider: mock, quality: 0.9, price: { input_mtok: 1, output_mtok: 1 } }\nitems:\n  - { id: 1, q: x, expected: y }\n');
    const mock = await runCli(['run', join(folder, 'suite.yaml'), '--db', join(folder, 'm.db'), '--batch', '--progress', 'none']);
    expect(mock.code).toBe(2);
    expect(mock.stderr).toContain('no model of this suite is answered by a provider with a batch API');
    expect(mock.stderr).not.toMatch(/\n\s+at /);

    // An OpenAI-compatible server with no batch endpoints (a local vLLM, say): one line that says so, exit 2.
    const plain = createServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"error": {"message": "Not Found"}}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    writeFileSync(join(folder, 'plain.yaml'), `name: p\nprompt: "{{q}}"\nchecks: [{ type: exact }]\nmodels:\n  a: { provider: openai, model: local, base_url: "http://127.0.0.1:${port}/v1", api_key_env: none, price: { input_mtok: 1, output_mtok: 1 } }\nitems:\n  - { id: 1, q: x, expected: y }\n`);
    try {
      const refused = await runCli(['run', join(folder, 'plain.yaml'), '--db', join(folder, 'p.db'), '--batch', '--progress', 'none'], { env });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/no batch endpoints/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    } finally {
      plain.close();
    }
  });
});
