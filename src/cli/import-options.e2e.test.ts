import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { recordedResponse, startFakeServer, type ReceivedRequest, type Reply } from '../providers/__fixtures__/fake-server.js';
import { runCli } from './__fixtures__/route-bench-process.js';
import { ItemRow, PairwiseRow, expectNoCredential, expectRefused, fixture, jsonLinesOf, newFolder, scratch, verdicts } from './__fixtures__/import-e2e.js';

/**
 * `route-bench import`, its options end to end: the seeded sample, CSV columns
 * named by the user, and a run whose cheap model is an OpenAI-compatible
 * server that records what it was sent.
 */
describe('import --sample: a seeded sample spread over the strata', () => {
  const log = fixture('otel-genai.json');
  const sampled = async (seed: number, label: string) => {
    const out = newFolder(label);
    const result = await runCli(['import', log, '--out', out, '--sample', '10', '--by', 'model', '--seed', String(seed)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`sampled 10 of 28 by model (seed ${seed})`);
    return { stdout: result.stdout, text: readFileSync(join(out, 'items.jsonl'), 'utf8') };
  };
  const modelCounts = (text: string) => {
    const counts = new Map<string, number>();
    for (const line of text.trimEnd().split('\n')) {
      const tag = (JSON.parse(line) as ItemRow).tags.find((each) => each.startsWith('model:')) ?? '(no model)';
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  };

  it('is the same for the same seed, another for another seed, each stratum its largest-remainder share, in the file\'s order', async () => {
    const fullFolder = newFolder('sample-full');
    expect((await runCli(['import', log, '--out', fullFolder])).code).toBe(0);
    const full = readFileSync(join(fullFolder, 'items.jsonl'), 'utf8').trimEnd().split('\n');
    const population = modelCounts(full.join('\n'));
    // 13 / 9 / 6 of 28: shares 4.64, 3.21, 2.14; the one left to the largest fraction.
    expect([...population.values()].sort((a, b) => b - a)).toEqual([13, 9, 6]);

    const first = await sampled(3, 'sample-a');
    const again = await sampled(3, 'sample-b');
    const other = await sampled(4, 'sample-c');
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);

    for (const { text } of [first, other]) {
      const lines = text.trimEnd().split('\n');
      expect(lines).toHaveLength(10);
      // Lines of the full import, byte for byte, in its order.
      const positions = lines.map((line) => full.indexOf(line));
      expect(positions).not.toContain(-1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      const counts = modelCounts(text);
      for (const [tag, size] of population) {
        const share = (size * 10) / full.length;
        expect(counts.get(tag) ?? 0, tag).toBeGreaterThanOrEqual(Math.floor(share));
        expect(counts.get(tag) ?? 0, tag).toBeLessThanOrEqual(Math.ceil(share));
      }
      expect(Object.fromEntries(counts)).toEqual({ 'model:gpt-4o-mini-2024-07-18': 5, 'model:claude-3-5-sonnet-20241022': 3, 'model:gpt-3.5-turbo-0125': 2 });
    }
  });

  it('--by without --sample: exit 2', async () => {
    expectRefused(await runCli(['import', log, '--out', newFolder('by-alone'), '--by', 'model']), /--sample/);
  });
});

describe('import: CSV columns and repeated prompts', () => {
  /** A spreadsheet whose columns none of the default names match; ticket 3 asks what ticket 1 asked. */
  const sheet = [
    'ticket,ask,reply,engine,queue',
    '1,How do I reset my password?,"Use ""Forgot password"", then follow the link we email you.",gpt-4o,billing',
    '2,"Where is my order?\nIt was due on Monday.",It ships tomorrow with DHL.,claude-opus-4-1,shipping',
    '3,How do I reset my password?,Click Forgot password.,gpt-4o,billing',
    '4,Can I pay by invoice?,"Yes, on the yearly plan.",gpt-4o,billing',
  ].join('\n');

  it('--prompt-column and --answer-column name them: every row an item, the other columns metadata', async () => {
    const path = join(scratch, 'renamed-columns.csv');
    writeFileSync(path, `${sheet}\n`);
    const out = newFolder('renamed');
    const result = await runCli(['import', path, '--out', out, '--prompt-column', 'ask', '--answer-column', 'reply', '--model-column', 'engine', '--tag-by', 'queue']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('4 records read, 0 skipped');
    // Identical prompts merged, the count printed, the first answer kept.
    expect(result.stdout).toContain('4 exchanges, 1 repeated conversations merged: 3 items');
    const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
    expect(items.map((item) => item.messages)).toEqual([
      [{ role: 'user', content: 'How do I reset my password?' }],
      [{ role: 'user', content: 'Where is my order?\nIt was due on Monday.' }],
      [{ role: 'user', content: 'Can I pay by invoice?' }],
    ]);
    expect(items.map((item) => item.model)).toEqual(['gpt-4o', 'claude-opus-4-1', 'gpt-4o']);
    expect(items[1]!.tags).toEqual(expect.arrayContaining(['model:claude-opus-4-1', 'queue:shipping', 'turns:1']));
    expect(items[0]!.meta).toMatchObject({ ticket: '1', queue: 'billing' });
    const replay = jsonLinesOf<{ id: string; output: string }>(join(out, 'incumbent.jsonl'));
    expect(replay.map((row) => row.output)).toEqual(['Use "Forgot password", then follow the link we email you.', 'It ships tomorrow with DHL.', 'Yes, on the yearly plan.']);
    expect((await runCli(['validate', join(out, 'suite.yaml')])).code).toBe(0);
  });

  it('without them, or naming columns it does not have: exit 2, naming the columns there are', async () => {
    const path = join(scratch, 'renamed-columns-2.csv');
    writeFileSync(path, `${sheet}\n`);
    for (const flags of [[], ['--prompt-column', 'prompt', '--answer-column', 'answer'], ['--prompt-column', 'ask', '--answer-column', 'response']]) {
      const out = newFolder('missing-columns');
      const result = await runCli(['import', path, '--out', out, ...flags]);
      expectRefused(result, /ticket, ask, reply, engine, queue/);
      expect(existsSync(out), flags.join(' ')).toBe(false);
    }
  });
});

describe('import, then a run whose cheap model is an OpenAI-compatible server', () => {
  const keyVariable = 'ROUTE_BENCH_TEST_IMPORT_CHEAP_KEY';
  const key = 'sk-test-import-live-0000';

  /** The recorded Chat Completions body, its content a short answer to the last user turn. */
  function reply(request: ReceivedRequest): Reply {
    const body = JSON.parse(request.bodyText) as { messages: Array<{ role: string; content: string }> };
    const recorded = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as { choices: Array<{ message: { content: string } }> };
    const last = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
    recorded.choices[0]!.message.content = `Cheap answer: ${last.slice(0, 40)}`;
    return { status: 200, body: JSON.stringify(recorded) };
  }

  it('sends each item\'s conversation as items.jsonl has it (roles, order, system turn, tool turns as text) and reports a verdict', async () => {
    const server = await startFakeServer(reply);
    try {
      const out = newFolder('live');
      const imported = await runCli(['import', fixture('openai-chat.jsonl'), '--out', out]);
      expect(imported.code, imported.stderr).toBe(0);
      const suitePath = join(out, 'suite.yaml');
      const suite = parseDocument(readFileSync(suitePath, 'utf8'));
      suite.setIn(['models', 'cheap'], suite.createNode({
        provider: 'openai', model: 'cheap-live-1', base_url: `${server.origin}/v1`, api_key_env: keyVariable, max_attempts: 1,
        price: { input_mtok: 0.15, output_mtok: 0.6 },
      }));
      writeFileSync(suitePath, suite.toString());
      const env = { [keyVariable]: key };
      expect((await runCli(['validate', suitePath], { env })).code).toBe(0);

      const database = join(scratch, 'live.db');
      const run = await runCli(['run', suitePath, '--db', database, '--progress', 'none'], { env });
      expect(run.code, run.stderr).toBe(0);

      const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
      expect(items).toHaveLength(27);
      // The gateway log's conversations: system turns, several user turns, tool calls flattened to text.
      expect(items.some((item) => item.messages[0]!.role === 'system')).toBe(true);
      expect(items.some((item) => item.messages.filter((message) => message.role === 'user').length >= 3)).toBe(true);
      expect(items.some((item) => item.tags.includes('tools'))).toBe(true);

      const byConversation = new Map(items.map((item) => [JSON.stringify(item.messages), item.id]));
      const reached = new Set<string>();
      expect(server.received.length).toBeGreaterThanOrEqual(items.length);
      for (const request of server.received) {
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe(`Bearer ${key}`);
        const body = JSON.parse(request.bodyText) as { model: string; messages: Array<{ role: string; content: unknown }> };
        expect(body.model).toBe('cheap-live-1');
        // Exactly an item's turns, no more, no fewer, nothing rendered into one prompt.
        const id = byConversation.get(JSON.stringify(body.messages.map(({ role, content }) => ({ role, content }))));
        expect(id, request.bodyText.slice(0, 300)).toBeDefined();
        reached.add(id!);
      }
      // all-cheap sends every item to the cheap model.
      expect(reached.size).toBe(items.length);
      expectNoCredential(new Map(server.received.map((request, index) => [`request ${index}`, request.bodyText])));

      const report = await runCli(['report', '--db', database, '--format', 'json']);
      expect(report.code, report.stderr).toBe(0);
      const pairwise = new Map(((JSON.parse(report.stdout) as { pairwise?: PairwiseRow[] }).pairwise ?? []).map((row) => [row.configuration, row]));
      expect(pairwise.get('all-incumbent')).toMatchObject({ selfReference: true, compared: 27 });
      for (const configuration of ['all-cheap', 'routed']) {
        expect(pairwise.get(configuration)).toMatchObject({ selfReference: false, compared: 27 });
        expect(verdicts).toContain(pairwise.get(configuration)!.verdict);
      }
      // Not one cheap answer is the incumbent's: the server's answers were used, none replayed.
      expect(pairwise.get('all-cheap')!.same).toBe(0);
      expect(statSync(database).size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
