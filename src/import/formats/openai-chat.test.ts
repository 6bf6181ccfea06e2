import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, newTally, type ImportedExchange, type ImportOptions } from '../types.js';
import { openaiChatFormat } from './openai-chat.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const batchInput = fixture('openai-batch-input.jsonl');

function read(text: string, options: Partial<ImportOptions> = {}) {
  const tally = newTally();
  const exchanges = openaiChatFormat.read(text, { skipBad: false, ...options }, tally);
  return { exchanges, tally, at: (line: number) => exchanges.find((exchange) => exchange.line === line)! };
}

const readFixture = (name: string, options: Partial<ImportOptions> = {}) => read(readFileSync(fixture(name), 'utf8'), options);
const roles = (exchange: ImportedExchange) => exchange.messages.map((message) => message.role);

/** What make-fixtures.mjs plants; none may appear in what is imported. */
const planted = [
  'sk-proj-Rb7XfQ2mLk9TzW4vNc8HsJ3pYd6GaE1u', 'sk-proj-Mz3KqP8wVb2NxL7cRf5TgH9jWs4DyA6e', 'sk-proj-Hd2LpQ9vXm4KcN7bWz3RtF8gJs5YaE1w',
  'sk-ant-api03-Vq8Ln2Kd7Xw4Pz9Mb3Rc6Hf1Tj5Gs0YaE', 'AIzaSyD3kL9mQ2vX7nB4pR8tW1zC6fH5jY0sGaE', 'ghp_4Kd9Lm2Qx7Vb3Nz8Rc1Hf6Tj5Gs0YaWpE2uX',
];

describe('openai-chat: gateway request/response pairs', () => {
  const { exchanges, tally, at } = readFixture('openai-chat.jsonl');

  it('reads every line and says why three were skipped', () => {
    expect(tally.read).toBe(34);
    expect(exchanges).toHaveLength(31);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'answer is a tool call': 2, 'no answer in the response': 1 });
    expect(tally.bad).toEqual([]);
    expect(exchanges.map((exchange) => exchange.line)).not.toContain(22);
    expect(exchanges.map((exchange) => exchange.line)).not.toContain(24);
  });

  it('takes the answer, model, usage, cost, latency and flat metadata of a line', () => {
    const first = at(1);
    expect(first.sourceId).toMatch(/^chatcmpl-/);
    expect(first.model).toBe('gpt-4o-2024-08-06');
    expect(first.answer).toMatch(/^Sorry for the delay/);
    expect(roles(first)).toEqual(['system', 'user']);
    expect([first.inputTokens, first.outputTokens, first.latencyMs, first.costUsd]).toEqual([60, 80, 800, 0.0004]);
    // The nested `region` is not flat and is left out; the request's `user` comes along.
    expect(first.metadata).toEqual({ team: 'support', feature: 'chat-widget', tier: 0, user: 'user-1000' });
    expect(at(2).latencyMs).toBe(1200 + 23);
    expect(at(3).model).toBe('claude-opus-4-1');
    expect(at(31).metadata).toEqual({ source: 'gateway-eu', experiment: 'exp-0', sampled: true });
  });

  it('leaves usage undefined, not zero, where a line has none', () => {
    for (const line of [4, 9, 14, 19, 29, 34]) {
      expect(at(line).inputTokens).toBeUndefined();
      expect(at(line).outputTokens).toBeUndefined();
      expect('inputTokens' in at(line)).toBe(false);
    }
    expect(exchanges.filter((exchange) => exchange.inputTokens === undefined)).toHaveLength(6);
  });

  it('keeps a multi-turn conversation in order, ending with the user', () => {
    expect(roles(at(13))).toEqual(['user', 'assistant', 'user']);
    expect(roles(at(14))).toEqual(['system', 'user', 'assistant', 'user']);
    expect(roles(at(17))).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(at(17).messages[2]!.content).toMatch(/^Thanks\. /);
    expect(at(17).messages[6]!.content).toBe('It is for a customer in Germany, if that matters.');
  });

  it('flattens tool calls and tool results in the history to text turns', () => {
    expect(at(19).messages).toEqual([
      { role: 'system', content: expect.stringMatching(/^You are a friendly support agent/) },
      { role: 'user', content: 'Where is my order A-20931?' },
      { role: 'assistant', content: '[tool call lookup_order({"order_id":"A-20931"})]' },
      { role: 'user', content: '[tool result]\n{"status":"in_transit","carrier":"UPS","eta":"2026-11-28"}' },
    ]);
    expect(at(19).toolTurns).toBe(2);
    expect(at(20).messages[2]!.content).toBe('Let me check that for you.\n[tool call lookup_order({"order_id":"B-55120"})]');
    expect(roles(at(21))).toEqual(['user', 'assistant', 'user', 'user']);
    expect(exchanges.filter((exchange) => exchange.toolTurns > 0).map((exchange) => exchange.line)).toEqual([19, 20, 21]);
  });

  it('keeps both lines of a duplicated prompt (deduplication is the import\'s job)', () => {
    expect(at(25).messages).toEqual(at(26).messages);
    expect(at(25).answer).not.toBe(at(26).answer);
  });

  it('drops the planted header, api_key field and pasted key, and counts each', () => {
    expect(tally.credentialsDropped).toBe(4);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
    expect(at(30).messages[1]!.content).toContain('[credential removed]');
    expect([27, 28, 29].map((line) => at(line).answer.length > 0)).toEqual([true, true, true]);
  });
});

describe('openai-chat: Batch API output joined to its input file', () => {
  const { exchanges, tally } = readFixture('openai-batch-output.jsonl', { batchInput });
  const requests = new Map(readFileSync(batchInput, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { custom_id: string; body: { messages: Array<{ content: string }> } }).map((input) => [input.custom_id, input.body]));

  it('joins each output line to its request by custom_id, and skips the failed and the unmatched', () => {
    expect(tally.read).toBe(33);
    expect(exchanges).toHaveLength(30);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'batch request failed': 2, 'no request in the batch input file': 1 });
    const ids = exchanges.map((exchange) => exchange.sourceId!);
    expect(ids).not.toContain('ticket-0007');
    expect(ids).not.toContain('ticket-0022');
    expect(new Set(ids).size).toBe(30);
    for (const exchange of exchanges) {
      const request = requests.get(exchange.sourceId!)!;
      expect(exchange.messages.length).toBe(request.messages.length);
      if (exchange.sourceId !== 'ticket-0013') expect(exchange.messages[1]!.content).toBe(request.messages[1]!.content);
      expect(exchange.model).toBe('gpt-4o-mini-2024-07-18');
      expect(exchange.inputTokens).toBeGreaterThan(0);
    }
  });

  it('does not depend on the order of the output lines', () => {
    const reversed = readFileSync(fixture('openai-batch-output.jsonl'), 'utf8').trim().split('\n').reverse().join('\n');
    const again = read(reversed, { batchInput });
    const byId = (list: ImportedExchange[]) => Object.fromEntries(list.map((exchange) => [exchange.sourceId, [exchange.messages, exchange.answer]]));
    expect(byId(again.exchanges)).toEqual(byId(exchanges));
  });

  it('takes the request body\'s metadata and scrubs the input file', () => {
    expect(exchanges.find((exchange) => exchange.sourceId === 'ticket-0001')!.metadata).toEqual({ queue: 'billing', priority: 0 });
    expect(tally.credentialsDropped).toBe(1);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
  });

  it('needs the input file, and says so', () => {
    const output = readFileSync(fixture('openai-batch-output.jsonl'), 'utf8');
    expect(() => read(output)).toThrow(new ImportError('Batch API output lines need the input file: --batch-input FILE'));
    expect(() => read(output, { skipBad: true })).toThrow(ImportError);
    expect(() => read(output, { batchInput: fixture('no-such-file.jsonl') })).toThrow(/cannot read the batch input file .*: file not found/);
  });

  it('names the input file when one of its lines is malformed, and reads on past it with --skip-bad', () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-batch-'));
    const brokenInput = join(folder, 'input.jsonl');
    const inputLines = readFileSync(batchInput, 'utf8').trim().split('\n');
    writeFileSync(brokenInput, [inputLines[0], '{"custom_id": "ticket-0002"}', ...inputLines.slice(2)].join('\n'));
    const output = readFileSync(fixture('openai-batch-output.jsonl'), 'utf8');
    expect(() => read(output, { batchInput: brokenInput })).toThrow(`batch input file ${brokenInput}, line 2: a Batch API input line needs custom_id and body`);
    const { exchanges, tally } = read(output, { batchInput: brokenInput, skipBad: true });
    expect(exchanges).toHaveLength(29);
    expect(tally.bad).toEqual([{ line: 2, message: `batch input file ${brokenInput}: a Batch API input line needs custom_id and body` }]);
    expect(tally.skipped.get('no request in the batch input file')).toBe(2);
  });

  it('calls an input line given as the output file malformed, with what to do', () => {
    const input = readFileSync(batchInput, 'utf8');
    expect(() => read(input)).toThrow(/^line 1: a Batch API input line, not an output line/);
  });
});

describe('openai-chat: fine-tuning lines', () => {
  const { exchanges, tally, at } = readFixture('openai-finetune.jsonl');

  it('takes the last assistant turn as the answer and skips lines without a text one', () => {
    expect(tally.read).toBe(32);
    expect(exchanges).toHaveLength(30);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'answer is a tool call': 1, 'no assistant turn': 1 });
    for (const exchange of exchanges) expect(exchange.messages.at(-1)!.role).toBe('user');
  });

  it('keeps the turns before the answer in order, with the line\'s metadata', () => {
    // Line 7: a system turn, then seven turns from the multi-turn builder.
    expect(roles(at(7))).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(at(1).metadata).toEqual({ dataset: 'support-v3', split: 'train', reviewer: 'r0' });
    expect(at(2).metadata).toEqual({});
    expect(at(1).inputTokens).toBeUndefined();
    expect([at(29).toolTurns, at(30).toolTurns]).toEqual([2, 2]);
    expect(at(29).answer).toMatch(/^Your order A-20931 is on its way/);
  });

  it('scrubs the pasted token', () => {
    expect(tally.credentialsDropped).toBe(1);
    expect(at(10).messages.some((message) => message.content.includes('[credential removed]'))).toBe(true);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
  });
});

describe('openai-chat: malformed lines', () => {
  const good = JSON.stringify({ request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }, response: { id: 'r1', choices: [{ message: { role: 'assistant', content: 'Hello' } }] } });
  const text = [good, '{"request": {', '{"prompt": "no known shape"}', '', '   ', JSON.stringify({ request: { messages: 'not a list' }, response: {} }), good].join('\n');

  it('stops at the first one with its line number, without --skip-bad', () => {
    expect(() => read(text)).toThrow(new ImportError('not a JSON line', 2));
    try {
      read(text);
    } catch (error) {
      expect((error as ImportError).line).toBe(2);
      expect((error as Error).message).toBe('line 2: not a JSON line');
    }
  });

  it('counts them and reads on with --skip-bad; empty lines are not records', () => {
    const { exchanges, tally } = read(text, { skipBad: true });
    expect(exchanges.map((exchange) => exchange.line)).toEqual([1, 7]);
    expect(tally.read).toBe(5);
    expect(tally.bad.map((bad) => bad.line)).toEqual([2, 3, 6]);
    expect(tally.bad[1]!.message).toMatch(/^not an OpenAI chat record/);
    expect(tally.bad[2]!.message).toMatch(/not a list of chat messages/);
  });

  it('skips a conversation that does not end with a user turn, and an answer that is empty', () => {
    const prefilled = JSON.stringify({ request: { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }] }, response: { choices: [{ message: { content: 'lo' } }] } });
    const empty = JSON.stringify({ request: { messages: [{ role: 'user', content: 'Hi' }] }, response: { choices: [{ message: { content: '' } }] } });
    const refused = JSON.stringify({ request: { messages: [{ role: 'user', content: 'Hi' }] }, response: { choices: [{ message: { content: null, refusal: 'I cannot help with that.' } }] } });
    const { exchanges, tally } = read([prefilled, empty, refused].join('\n'));
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'conversation does not end with a user turn': 1, 'no answer in the response': 1 });
    expect(exchanges.map((exchange) => exchange.answer)).toEqual(['I cannot help with that.']);
  });
});

describe('openai-chat: detect', () => {
  it('knows each of its shapes from the first line, and nothing else', () => {
    for (const name of ['openai-chat.jsonl', 'openai-batch-output.jsonl', 'openai-finetune.jsonl', 'openai-batch-input.jsonl']) {
      expect(openaiChatFormat.detect(readFileSync(fixture(name), 'utf8').slice(0, 65536), name)).toBe(true);
    }
    expect(openaiChatFormat.detect('\n\n{"messages": []}\n', 'x.jsonl')).toBe(true);
    expect(openaiChatFormat.detect('{"id": "trace-1", "input": {"messages": []}}\n', 'x.jsonl')).toBe(false);
    expect(openaiChatFormat.detect(readFileSync(fixture('traffic.csv'), 'utf8'), 'traffic.csv')).toBe(false);
    expect(openaiChatFormat.detect('', 'x.jsonl')).toBe(false);
  });

  it('judges a first line cut off by the 64 KiB head by how it opens', () => {
    expect(openaiChatFormat.detect(`{"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "${'x'.repeat(70000)}`.slice(0, 65536), 'x.jsonl')).toBe(true);
    expect(openaiChatFormat.detect(`{"trace": {"content": "${'x'.repeat(70000)}`.slice(0, 65536), 'x.jsonl')).toBe(false);
  });
});
