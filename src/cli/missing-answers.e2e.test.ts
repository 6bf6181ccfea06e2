import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { refusedPort } from '../providers/__fixtures__/fake-server.js';
import { contextLengthExceeded, invalidApiKey, itemNumber, startFakeOpenAi, type FakeOpenAi } from './__fixtures__/fake-openai.js';
import { runCli } from './__fixtures__/route-bench-process.js';

const itemCount = 60;
const env = { TEST_CHEAP_KEY: 'sk-test-cheap-key-0000' };

/** 60 items; a mock frontier model that is always right, and a cheap model behind the fake OpenAI server. */
function writeSuite(folder: string, baseUrl: string, cheapLimits = '', baseline = 'all-frontier'): string {
  const items = Array.from({ length: itemCount }, (_, index) =>
    `  - { id: i${index}, n: ${index}, expected: "${index + 1}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`);
  const path = join(folder, 'suite.yaml');
  writeFileSync(path, `name: failing-cheap
prompt: "Item {{n}}: what comes after {{n}}?"
checks: [{ type: exact }]
models:
  frontier: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: openai, base_url: "${baseUrl}", api_key_env: TEST_CHEAP_KEY, model: cheap-1,
           price: { input_mtok: 1, output_mtok: 2 }${cheapLimits} }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: frontier }], default: cheap }
baseline: ${baseline}
items:
${items.join('\n')}
`);
  return path;
}

const answerCorrectly = (prompt: string) => ({ content: String(itemNumber(prompt) + 1) });

function query<T>(databasePath: string, sql: string, ...parameters: unknown[]): T[] {
  const database = new Database(databasePath, { readonly: true });
  try {
    return database.prepare(sql).all(...parameters) as T[];
  } finally {
    database.close();
  }
}

interface ReportRow {
  name: string;
  passRate: number;
  unanswered: number;
  unansweredBy: Record<string, number>;
  costReduction: number;
  costComparedItems: number;
  nonInferiority: string;
}

let servers: FakeOpenAi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});
async function serve(...parameters: Parameters<typeof startFakeOpenAi>): Promise<FakeOpenAi> {
  const server = await startFakeOpenAi(...parameters);
  servers.push(server);
  return server;
}

describe('a model that gives no answer', () => {
  it('is a failed answer: counted as a fail, its cost compared on the items both answered, and the gate fails', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-missing-'));
    // Every third item is over the cheap model's context length: HTTP 400, which no retry changes.
    const server = await serve((prompt) => (itemNumber(prompt) % 3 === 0 ? contextLengthExceeded : answerCorrectly(prompt)));
    const database = join(folder, 'results.db');
    const suite = writeSuite(folder, server.baseUrl);
    const run = await runCli(['run', suite, '--db', database, '--progress', 'none', '--format', 'json', '--resamples', '2000'], { env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { configurations: ReportRow[]; headlines: Array<{ text: string }>; warnings: string[] };
    const cheap = report.configurations.find((row) => row.name === 'all-cheap')!;
    // 20 of 60 unanswered: 40 of 60 passed, not 40 of 40.
    expect(cheap).toMatchObject({ passRate: 40 / 60, unanswered: 20, unansweredBy: { 'HTTP 400': 20 }, costComparedItems: 40 });
    expect(cheap.nonInferiority).not.toBe('non-inferior');
    // One call per refused item: a 400 is not retried.
    expect(server.requests.filter((request) => itemNumber(request.prompt) % 3 === 0)).toHaveLength(20);
    // The cost reduction is over the 40 items both answered, from what the results table holds.
    const costs = query<{ configuration: string; item_id: string; cost_usd: number; unanswered: string | null }>(database,
      "SELECT configuration, item_id, cost_usd, unanswered FROM results WHERE configuration IN ('all-frontier', 'all-cheap')");
    const answeredByCheap = new Set(costs.filter((row) => row.configuration === 'all-cheap' && row.unanswered === null).map((row) => row.item_id));
    const sumOver = (configuration: string) => costs.filter((row) => row.configuration === configuration && answeredByCheap.has(row.item_id))
      .reduce((total, row) => total + row.cost_usd, 0);
    expect(answeredByCheap.size).toBe(40);
    expect(cheap.costReduction).toBeCloseTo(sumOver('all-frontier') / sumOver('all-cheap'), 12);
    expect(report.warnings).toContain('all-cheap: 20 of 60 answers were never given (20 × HTTP 400) and count as fails; its pass rate covers 60 answers; cost is compared over the 40 items it and the baseline both answered');
    // A sweep prices a failed answer as unknown, not $0: at p = 0 (everything to cheap) its reduction is all-cheap's.
    const sweep = await runCli(['sweep', '--db', database, '--router', '{ router: random, strong: frontier, weak: cheap }', '--grid', '0:1:0.5', '--format', 'json']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const points = (JSON.parse(sweep.stdout) as { points: Array<{ parameter: number; costReduction: number }> }).points;
    expect(points[0]).toMatchObject({ parameter: 0 });
    expect(points[0]!.costReduction).toBeCloseTo(cheap.costReduction, 12);
    expect(points[2]!.costReduction).toBeCloseTo(1, 12);
    const routed = report.configurations.find((row) => row.name === 'routed')!;
    // Routed sends the hard quarter to the frontier; the others over the limit fail: 15 of them.
    expect(routed).toMatchObject({ unanswered: 15, passRate: 45 / 60 });
    expect(report.headlines[0]!.text).toMatch(/^routed: .*(inferior|inconclusive)/);
    expect(report.headlines[0]!.text).not.toMatch(/non-inferior/);

    const gate = await runCli(['gate', '--db', database, '--max-quality-loss-pp', '1', '--min-cost-reduction', '2', '--require-non-inferior', '--resamples', '2000']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('FAIL  routed: answers missing or ungraded: 15 of 60 (25.0%) (needs <= 0%) [15 of 60 answers missing or ungraded: 15 × HTTP 400]');
    expect(gate.stdout).toMatch(/routed: quality change vs all-frontier: -25\.00 pp \(needs >= -1\.00 pp\) \[15 of 60 answers missing or ungraded: 15 × HTTP 400\]/);
    // Allowing the missing answers leaves the quality loss to fail the gate on its own.
    const allowed = await runCli(['gate', '--db', database, '--configs', 'routed', '--max-unanswered-pct', '30', '--max-quality-loss-pp', '100']);
    expect(allowed.stdout).toContain('PASS  routed: answers missing or ungraded: 15 of 60 (25.0%) (needs <= 30%)');
    expect(allowed.code).toBe(0);
  });

  it('that refuses the key stops the run at once with the provider\'s message (exit 2), and the run resumes once fixed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-401-'));
    const server = await serve(() => invalidApiKey);
    const database = join(folder, 'results.db');
    const suite = writeSuite(folder, server.baseUrl);
    const stopped = await runCli(['run', suite, '--db', database, '--progress', 'none', '--concurrency', '4'], { env });
    expect(stopped.code).toBe(2);
    const lines = stopped.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`error: run 1 stopped: model "cheap" at ${server.baseUrl} refused the request: openai: HTTP 401: Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys. (invalid_api_key): check the model's settings or key; once fixed, continue with: route-bench run --resume 1 --db ${database}`);
    expect(query<{ status: string }>(database, 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
    // It stopped at the first refusal, not after asking for every item.
    expect(server.requests.length).toBeLessThanOrEqual(4);
    server.behaviour = answerCorrectly;
    const resumed = await runCli(['run', '--resume', 'latest', '--db', database, '--progress', 'none', '--format', 'json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { run: { status: string }; configurations: ReportRow[] };
    expect(report.run.status).toBe('complete');
    expect(report.configurations.find((row) => row.name === 'all-cheap')).toMatchObject({ passRate: 1, unanswered: 0 });
  });

  it('that every call fails for marks the run failed (exit 2), resumable', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-all-fail-'));
    const server = await serve(() => contextLengthExceeded);
    const database = join(folder, 'results.db');
    // Only the cheap model runs (it is the baseline): every answer of the run fails.
    const suite = writeSuite(folder, server.baseUrl, '', 'all-cheap');
    const failed = await runCli(['run', suite, '--db', database, '--progress', 'none', '--configs', 'all-cheap', '--limit', '10'], { env });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^error: run 1 stopped: every answer of run 1 failed \(10 × HTTP 400\); the last: no answer: openai: HTTP 400: This model's maximum context length/);
    expect(query<{ status: string }>(database, 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
    server.behaviour = answerCorrectly;
    const resumed = await runCli(['run', '--resume', '1', '--db', database, '--progress', 'none', '--format', 'json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: { status: 'complete' }, configurations: [{ name: 'all-cheap', passRate: 1, unanswered: 0 }] });
  });
});

describe('a provider that is down', () => {
  it('that refuses connections from the start stops the run with one line naming it, and a resume completes once it is up', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-down-'));
    const port = await refusedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const database = join(folder, 'results.db');
    const suite = writeSuite(folder, baseUrl, ', down_after_ms: 1500');
    const stopped = await runCli(['run', suite, '--db', database, '--progress', 'none', '--concurrency', '4'], { env });
    expect(stopped.code).toBe(2);
    const lines = stopped.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: run 1 stopped: model "cheap" at ${baseUrl.replace(/\./g, '\\.')} is not answering: its last \\d+ attempts over \\d+\\.\\d s failed, the last with: openai: network error \\(ECONNREFUSED\\) calling ${baseUrl.replace(/\./g, '\\.')}/chat/completions; once fixed, continue with: route-bench run --resume 1 --db `));
    // It gave up after a few rounds of retries, not after six attempts at every item.
    const attempts = query<{ n: number }>(database, "SELECT COUNT(*) AS n FROM calls WHERE model_name = 'cheap'")[0]!.n;
    expect(attempts).toBeLessThan(60);
    expect(query<{ status: string }>(database, 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
    // No result was written for an item whose answer the dead server kept from it.
    expect(query<{ n: number }>(database, 'SELECT COUNT(*) AS n FROM results WHERE unanswered IS NOT NULL')[0]!.n).toBe(0);

    await serve(answerCorrectly, { port });
    const resumed = await runCli(['run', '--resume', 'latest', '--db', database, '--progress', 'none', '--format', 'json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { run: { status: string }; configurations: ReportRow[] };
    expect(report.run.status).toBe('complete');
    expect(report.configurations.map((row) => [row.name, row.passRate, row.unanswered])).toEqual([
      ['all-frontier', 1, 0], ['all-cheap', 1, 0], ['routed', 1, 0],
    ]);
  });

  it('that dies mid-run stops it; once back, a resume pays for nothing twice and ends as an uninterrupted run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-dies-'));
    const concurrency = 4;
    const reference = await serve(answerCorrectly);
    const referenceDatabase = join(folder, 'reference.db');
    expect((await runCli(['run', writeSuite(mkdtempSync(join(folder, 'ref-')), reference.baseUrl), '--db', referenceDatabase, '--progress', 'none'], { env })).code).toBe(0);

    let server: FakeOpenAi | undefined;
    server = await serve((prompt) => {
      // After 25 answers the server goes away: everything after is refused.
      if (server!.requests.length === 25) void server!.stop();
      return answerCorrectly(prompt);
    }, { latencyMs: 5 });
    const port = server.port;
    const database = join(folder, 'results.db');
    const suite = writeSuite(folder, server.baseUrl, ', down_after_ms: 1500');
    const stopped = await runCli(['run', suite, '--db', database, '--progress', 'none', '--concurrency', String(concurrency)], { env });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/is not answering/);
    const seenBefore = server.requests.length;

    const back = await serve(answerCorrectly, { port });
    const resumed = await runCli(['run', '--resume', 'latest', '--db', database, '--progress', 'none'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    // Each item's cheap answer asked for once, plus at most the calls in flight when the server died.
    expect(seenBefore + back.requests.length).toBeLessThanOrEqual(itemCount + concurrency);
    const outputs = (path: string) => query<{ configuration: string; item_id: string; output: string; status: string }>(path,
      'SELECT configuration, item_id, output, status FROM results ORDER BY configuration, item_id');
    expect(outputs(database)).toEqual(outputs(referenceDatabase));
    expect(query<{ status: string }>(database, 'SELECT status FROM runs')).toEqual([{ status: 'complete' }]);
  });
});
