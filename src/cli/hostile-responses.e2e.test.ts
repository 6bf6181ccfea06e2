import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ReceivedRequest, type Reply } from '../providers/__fixtures__/fake-server.js';
import { runCli } from './__fixtures__/route-bench-process.js';

/** One misbehaviour per item, chosen by the question. */
function reply(request: ReceivedRequest): Reply {
  const body = JSON.parse(request.bodyText) as { messages: Array<{ content: string }> };
  const asked = body.messages.at(-1)!.content;
  const completion = (content: string, finish: string, usage: unknown) => ({
    status: 200,
    body: JSON.stringify({ id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      ...(usage === undefined ? {} : { usage }) }),
  });
  const usage = { prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 };
  switch (asked) {
    case 'huge usage': return completion('yes', 'stop', { prompt_tokens: 8, completion_tokens: 1e15, total_tokens: 1e15 + 8 });
    case 'no usage': return completion('yes', 'stop', undefined);
    case 'cut off': return completion('ye', 'length', usage);
    case 'filtered': return completion('y', 'content_filter', usage);
    case 'huge body': return completion(`yes ${'x'.repeat(200_000)}`, 'stop', usage);
    default: return completion('yes', 'stop', usage);
  }
}

const suite = (port: number) => `name: hostile-responses
prompt: "{{q}}"
checks: [{ type: contains, value: "yes" }]
models:
  served:
    provider: openai
    model: m
    base_url: http://127.0.0.1:${port}/v1
    api_key_env: none
    max_tokens: 100
    max_attempts: 1
    max_response_bytes: 65536
    price: { input_mtok: 1, output_mtok: 2 }
  reference: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 20 } }
configurations:
  all-reference: { model: reference }
  all-served: { model: served }
baseline: all-reference
items:
  - { id: ok, q: "fine" }
  - { id: usage, q: "huge usage" }
  - { id: missing-usage, q: "no usage" }
  - { id: cut, q: "cut off" }
  - { id: filter, q: "filtered" }
  - { id: body, q: "huge body" }
`;

describe('responses that are too big or implausible', () => {
  let server: FakeServer;
  let folder: string;
  beforeAll(async () => {
    server = await startFakeServer(reply);
    folder = mkdtempSync(join(tmpdir(), 'route-bench-hostile-'));
    writeFileSync(join(folder, 'suite.yaml'), suite(Number(new URL(server.origin).port)));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are failed, flagged or counted, and the report says so', async () => {
    const db = join(folder, 'runs.db');
    const run = await runCli(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { warnings: string[]; configurations: Array<{ name: string; unanswered: number; unansweredBy: Record<string, number> }> };
    const served = report.configurations.find((configuration) => configuration.name === 'all-served')!;
    // The 200 KB body is over max_response_bytes: no answer, a fail, not retried.
    expect(served.unansweredBy).toEqual({ 'response too large': 1 });
    const warnings = report.warnings.join('\n');
    expect(warnings).toContain('served: 1 of 5 answers report usage the request could not produce (1000000000000000 output tokens for max_tokens 100)');
    expect(warnings).toContain('served: the provider reported no usage for 1 of 5 answers: their tokens were counted with the o200k tokenizer, so their cost is an estimate');
    expect(warnings).toContain('all-served: 1 answer cut off at max_tokens, 1 answer stopped by a content filter (graded as they are)');
    const table = await runCli(['report', '--db', db]);
    expect(table.stdout).toContain('1 answer cut off at max_tokens');
    expect(table.stdout).toContain('could not produce');
  });
});
