import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordedResponse, startFakeServer, type ReceivedRequest } from '../providers/__fixtures__/fake-server.js';
import { runCli } from './__fixtures__/route-bench-process.js';

type Part = { type: 'text'; text: string };
type Turn = { role: 'system' | 'user' | 'assistant'; content: string | Part[] };

const text = (...texts: string[]): Part[] => texts.map((part) => ({ type: 'text', text: part }));

/** Chat items: 1, 2 or 3 user turns, with and without a system turn, some content as text parts. */
const conversations: Record<string, Turn[]> = {
  c1: [{ role: 'system', content: 'You are a billing assistant. Answer in one sentence.' }, { role: 'user', content: 'Why was I charged twice?' }],
  c2: [
    { role: 'system', content: 'You are a billing assistant.' },
    { role: 'user', content: 'My invoice is wrong.' },
    { role: 'assistant', content: 'Which line is wrong?' },
    { role: 'user', content: text('Line 3.', 'It shows the same fee twice.') },
  ],
  c3: [{ role: 'user', content: 'What is the refund window?' }],
  c4: [
    { role: 'user', content: text('Hello.', 'I need help.') },
    { role: 'assistant', content: 'Sure, with what?' },
    { role: 'user', content: 'Cancel my plan.' },
    { role: 'assistant', content: 'Which plan?' },
    { role: 'user', content: 'The yearly one.' },
  ],
  c5: [{ role: 'system', content: text('Be brief.', 'Be kind.') }, { role: 'user', content: 'Can I pay by card?' }],
  c6: [{ role: 'user', content: 'Change my address.' }, { role: 'assistant', content: 'To what?' }, { role: 'user', content: '12 Elm Street.' }],
};
const ids = Object.keys(conversations);
const multiTurn = ['c2', 'c4', 'c6'];
const singleTurn = ['c1', 'c3', 'c5'];

/** A turn as a provider should receive it: text parts joined by newlines. */
const flat = (turn: Turn) => ({ role: turn.role, content: typeof turn.content === 'string' ? turn.content : turn.content.map((part) => part.text).join('\n') });
const lastUserText = (messages: Array<{ role: string; content: string }>) => messages.filter((message) => message.role === 'user').at(-1)!.content;
const cheapAnswer = (lastTurn: string) => `Cheap model: about "${lastTurn}", here is what to do.`;

function writeSuite(folder: string, cheap: string): string {
  writeFileSync(join(folder, 'incumbent.jsonl'), ids.map((id) =>
    JSON.stringify({ id, output: `Incumbent answer for ${id}.`, input_tokens: 40, output_tokens: 8, cost_usd: 0.002 })).join('\n') + '\n');
  const path = join(folder, 'suite.yaml');
  writeFileSync(path, `name: chat-items
reference: { model: incumbent }
checks: [{ type: pairwise, model: judge }]
models:
  incumbent: { provider: replay, file: incumbent.jsonl }
  cheap: ${cheap}
  judge: { provider: mock, model: judge-1, price: { input_mtok: 1, output_mtok: 1 }, replies: ['{"better": "A", "reason": "first"}'] }
configurations:
  all-incumbent: { model: incumbent }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { turns: { min: 2 } }, use: incumbent }], default: cheap }
baseline: all-incumbent
items:
${ids.map((id) => `  - ${JSON.stringify({ id, messages: conversations[id] })}`).join('\n')}
`);
  return path;
}

const env = { TEST_CHEAP_KEY: 'sk-test-chat-items-0000' };

/** Answers like OpenAI's Chat Completions: the recorded body with the content replaced. */
function openAiReply(request: ReceivedRequest) {
  const body = JSON.parse(request.bodyText) as { messages: Array<{ role: string; content: string }> };
  const recorded = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as Record<string, unknown> & { choices: Array<{ message: Record<string, unknown> }> };
  recorded.choices[0]!.message.content = cheapAnswer(lastUserText(body.messages));
  return { status: 200, body: JSON.stringify(recorded) };
}

/** Answers like Anthropic's Messages API: the recorded body with the text replaced. */
function anthropicReply(request: ReceivedRequest) {
  const body = JSON.parse(request.bodyText) as { messages: Array<{ role: string; content: string }> };
  const recorded = JSON.parse(recordedResponse('anthropic.message.success.json')) as Record<string, unknown>;
  recorded.content = [{ type: 'text', text: cheapAnswer(lastUserText(body.messages)) }];
  return { status: 200, body: JSON.stringify(recorded) };
}

interface PairwiseRow {
  configuration: string; compared: number; wins: number; ties: number; losses: number; splits: number; same: number; unanswered: number;
  selfReference: boolean; verdict: string;
}

async function runSuite(suite: string, database: string): Promise<void> {
  const run = await runCli(['run', suite, '--db', database, '--progress', 'none', '--resamples', '200'], { env });
  expect(run.code, run.stderr).toBe(0);
}

async function pairwiseOf(database: string): Promise<Map<string, PairwiseRow>> {
  const report = await runCli(['report', '--db', database, '--format', 'json']);
  expect(report.code, report.stderr).toBe(0);
  const rows = (JSON.parse(report.stdout) as { pairwise?: PairwiseRow[] }).pairwise;
  expect(rows).toBeDefined();
  return new Map(rows!.map((row) => [row.configuration, row]));
}

/** The three configurations judged as the position-biased judge must leave them. */
function expectBiasCancelled(pairwise: Map<string, PairwiseRow>): void {
  expect(pairwise.get('all-incumbent')).toMatchObject({ compared: 6, same: 6, ties: 6, wins: 0, losses: 0, splits: 0, selfReference: true });
  // A judge that always says "A" meets the answer as A once and as B once: every comparison a split tie.
  expect(pairwise.get('all-cheap')).toMatchObject({ compared: 6, wins: 0, losses: 0, ties: 6, splits: 6, same: 0, unanswered: 0, selfReference: false });
  expect(pairwise.get('routed')).toMatchObject({ compared: 6, wins: 0, losses: 0, ties: 6, splits: 3, same: 3, selfReference: false });
}

function query<T>(databasePath: string, sql: string): T[] {
  const database = new Database(databasePath, { readonly: true });
  try {
    return database.prepare(sql).all() as T[];
  } finally {
    database.close();
  }
}

describe('chat items judged pairwise against the incumbent', () => {
  it('sends each conversation as written, cancels a judge\'s position bias, and routes multi-turn items by turns', async () => {
    const server = await startFakeServer(openAiReply);
    try {
      const folder = mkdtempSync(join(tmpdir(), 'route-bench-chat-items-'));
      const suite = writeSuite(folder, `{ provider: openai, base_url: "${server.origin}/v1", api_key_env: TEST_CHEAP_KEY, model: cheap-1, price: { input_mtok: 0.1, output_mtok: 0.4 } }`);
      const database = join(folder, 'runs.db');
      await runSuite(suite, database);

      // One call per item: routed's single-turn items reuse all-cheap's answers.
      expect(server.received).toHaveLength(ids.length);
      const sent = new Map<string, Array<{ role: string; content: unknown }>>();
      for (const request of server.received) {
        expect(request.method).toBe('POST');
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe(`Bearer ${env.TEST_CHEAP_KEY}`);
        const body = JSON.parse(request.bodyText) as { model: string; messages: Array<{ role: string; content: string }> };
        expect(body.model).toBe('cheap-1');
        const id = ids.find((candidate) => lastUserText(conversations[candidate]!.map(flat)) === lastUserText(body.messages))!;
        expect(id, request.bodyText).toBeDefined();
        sent.set(id, body.messages);
      }
      // Every turn, in order, roles kept, the system turn first and no other; parts joined as text; not one rendered prompt.
      for (const id of ids) expect(sent.get(id), id).toEqual(conversations[id]!.map(flat));
      expect(sent.get('c2')![0]).toEqual({ role: 'system', content: 'You are a billing assistant.' });
      expect(sent.get('c5')![0]).toEqual({ role: 'system', content: 'Be brief.\nBe kind.' });
      expect(sent.get('c4')![0]).toEqual({ role: 'user', content: 'Hello.\nI need help.' });
      for (const messages of sent.values()) for (const message of messages) expect(String(message.content)).not.toMatch(/^(system|user|assistant): /m);

      expectBiasCancelled(await pairwiseOf(database));

      // The routed configuration sent the items of two or more user turns to the incumbent, the rest to cheap.
      const items = await runCli(['items', '--db', database, '--format', 'jsonl', '--configuration', 'routed']);
      expect(items.code, items.stderr).toBe(0);
      const routed = new Map(items.stdout.trim().split('\n').map((line) => {
        const row = JSON.parse(line) as { itemId: string; result: { model: string; routeReason: string } };
        return [row.itemId, row.result];
      }));
      expect(routed.size).toBe(6);
      for (const id of multiTurn) expect(routed.get(id), id).toMatchObject({ model: 'incumbent', routeReason: 'rule 1' });
      for (const id of singleTurn) expect(routed.get(id)!.model, id).toBe('cheap');

      // Stored per result: same for the incumbent's own answers, split for the cheap model's.
      const stored = query<{ configuration: string; item_id: string; preference: string }>(database,
        'SELECT configuration, item_id, preference FROM results ORDER BY configuration, item_id');
      const preferenceOf = (configuration: string, id: string) => stored.find((row) => row.configuration === configuration && row.item_id === id)?.preference;
      for (const id of ids) {
        expect(preferenceOf('all-incumbent', id)).toBe('same');
        expect(preferenceOf('all-cheap', id)).toBe('split');
        expect(preferenceOf('routed', id)).toBe(multiTurn.includes(id) ? 'same' : 'split');
      }
      // The judge asked twice per cheap answer, never about an answer that is the reference itself.
      const judgeCalls = query<{ item_id: string; calls: number }>(database,
        "SELECT item_id, COUNT(*) AS calls FROM calls WHERE model_name = 'judge' GROUP BY item_id ORDER BY item_id");
      expect(judgeCalls).toEqual(ids.map((id) => ({ item_id: id, calls: 2 })));

      // estimate knows a pairwise judge asks twice, and not at all where the answer is the recorded reference.
      const estimate = await runCli(['estimate', suite, '--format', 'json'], { env });
      expect(estimate.code, estimate.stderr).toBe(0);
      const costs = (JSON.parse(estimate.stdout) as { configurations: Array<{ name: string; calls: number; grading: { calls: number } }>; judgeModels: string[] });
      const gradingCalls = Object.fromEntries(costs.configurations.map((configuration) => [configuration.name, configuration.grading.calls]));
      expect(gradingCalls).toEqual({ 'all-incumbent': 0, 'all-cheap': 2 * 6, routed: 2 * singleTurn.length });
      expect(costs.judgeModels).toEqual(['judge']);
      // With the run's calls stored, the judge's replies have a length, and the calls are counted the same.
      const fromStore = await runCli(['estimate', suite, '--db', database, '--format', 'json'], { env });
      expect(fromStore.code, fromStore.stderr).toBe(0);
      const storedCosts = JSON.parse(fromStore.stdout) as { judgeOutputTokens: Record<string, { source: string }>; configurations: Array<{ name: string; grading: { calls: number } }> };
      expect(Object.fromEntries(storedCosts.configurations.map((configuration) => [configuration.name, configuration.grading.calls]))).toEqual(gradingCalls);
      expect(storedCosts.judgeOutputTokens.judge!.source).toBe('stored');

      const text = await runCli(['report', '--db', database]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('all-incumbent: its answers are the reference answers: a tie with itself on all 6, not a comparison');
      expect(text.stdout).toMatch(/all-cheap: 6 compared · won 0\.0% .* orders disagreed on 6 \(100\.0%\)/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('sends an Anthropic model the system turn as the top-level `system`, the other turns as messages', async () => {
    const server = await startFakeServer(anthropicReply);
    try {
      const folder = mkdtempSync(join(tmpdir(), 'route-bench-chat-items-anthropic-'));
      const suite = writeSuite(folder, `{ provider: anthropic, base_url: "${server.origin}/v1", api_key_env: TEST_CHEAP_KEY, model: claude-cheap, price: { input_mtok: 0.1, output_mtok: 0.4 } }`);
      const database = join(folder, 'runs.db');
      await runSuite(suite, database);

      expect(server.received).toHaveLength(ids.length);
      for (const request of server.received) {
        expect(request.path).toBe('/v1/messages');
        expect(request.headers['x-api-key']).toBe(env.TEST_CHEAP_KEY);
        const body = JSON.parse(request.bodyText) as { system?: string; messages: Array<{ role: string; content: string }> };
        const id = ids.find((candidate) => lastUserText(conversations[candidate]!.map(flat)) === lastUserText(body.messages))!;
        expect(id, request.bodyText).toBeDefined();
        const turns = conversations[id]!.map(flat);
        const system = turns.filter((turn) => turn.role === 'system');
        expect(body.messages, id).toEqual(turns.filter((turn) => turn.role !== 'system'));
        if (system.length === 0) expect(body.system, id).toBeUndefined();
        else expect(body.system, id).toBe(system.map((turn) => turn.content).join('\n\n'));
        expect(body.messages.some((message) => message.role === 'system'), id).toBe(false);
      }
      const systemOf = (id: string) => (JSON.parse(server.received.find((request) => request.bodyText.includes(lastUserText(conversations[id]!.map(flat))))!.bodyText) as { system?: string }).system;
      expect(systemOf('c5')).toBe('Be brief.\nBe kind.');
      expect(systemOf('c1')).toBe('You are a billing assistant. Answer in one sentence.');

      expectBiasCancelled(await pairwiseOf(database));
    } finally {
      await server.close();
    }
  }, 60_000);
});
