import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, newTally, type ImportedExchange } from '../types.js';
import { langfuseFormat } from './langfuse.js';

const fixture = readFileSync(new URL('../__fixtures__/langfuse-generations.jsonl', import.meta.url), 'utf8');

/** The credentials `make-trace-fixtures.mjs` plants in the Langfuse export. */
const planted = [
  'sk-lf-8c1e4b7a-2d5f-4a9c-b3e6-7f0a1d4c8e2b', // metadata.api_key (line 9)
  'sk-proj-Mn4Bv6Cx8Za0Sd2Fg4Hj6Kl8Qw0E', // pasted in a user message (line 5)
  'AIzaSyB7Kd2Lm9Qx4Vb8Nz3Rc6Hf1Tj5Gs0YaWq', // in a string prompt (line 6)
];

function read(text: string, skipBad = false) {
  const tally = newTally();
  const exchanges = langfuseFormat.read(text, { skipBad }, tally);
  return { tally, exchanges, at: (line: number) => exchanges.find((exchange) => exchange.line === line) as ImportedExchange };
}

const generation = (fields: object) => ({ id: 'obs-1', traceId: 'tr-1', type: 'GENERATION', model: 'gpt-4o', input: [{ role: 'user', content: 'Hi' }], output: 'Hello!', ...fields });
const jsonl = (...records: object[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

describe('langfuse: the fixture export', () => {
  const { tally, exchanges, at } = read(fixture);

  it('is detected, and the other trace formats are not taken for it', () => {
    expect(langfuseFormat.detect(fixture.slice(0, 65536), 'langfuse-generations.jsonl')).toBe(true);
    expect(langfuseFormat.detect('{"id": "r1", "run_type": "llm", "trace_id": "t", "usage_details": {}}', 'runs.jsonl')).toBe(false);
    expect(langfuseFormat.detect('{"resourceSpans": [{"traceId": "ab", "calculatedTotalCost": 1}]}', 'x.json')).toBe(false);
    expect(langfuseFormat.detect('{"messages": [{"role": "user", "content": "Hi"}]}', 'chat.jsonl')).toBe(false);
  });

  it('reads every observation and skips the spans, the error and the tool-call answer', () => {
    expect(tally.read).toBe(34);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'not a generation': 2, error: 1, 'answer is a tool call': 1 });
    expect(tally.bad).toEqual([]);
    expect(exchanges).toHaveLength(30);
  });

  it('reads usage, cost and latency in each spelling the API has', () => {
    // usage + usageDetails + calculatedTotalCost, latency in seconds
    expect(at(1)).toMatchObject({ model: 'gpt-4o-mini', inputTokens: 50, outputTokens: 30, costUsd: 25.5e-6, latencyMs: 800 });
    // usageDetails + costDetails.total; no latency field, so end - start
    expect(at(2)).toMatchObject({ inputTokens: 54, outputTokens: 32, latencyMs: 1150 });
    expect(at(2).costUsd).toBeCloseTo(6.42e-4, 12);
    // promptTokens / completionTokens + totalCost, from a string prompt
    expect(at(3)).toMatchObject({ inputTokens: 58, outputTokens: 34, costUsd: 4.85e-4, messages: [{ role: 'user', content: 'How do I change the shipping address on an order I placed an hour ago?' }] });
    expect(at(10).latencyMs).toBe(1850);
  });

  it('leaves usage and cost undefined when absent, or zero as the API writes an unknown', () => {
    for (const line of [4, 9, 13, 18]) {
      const exchange = at(line);
      expect([exchange.inputTokens, exchange.outputTokens, exchange.costUsd], `line ${line}`).toEqual([undefined, undefined, undefined]);
      expect('inputTokens' in exchange).toBe(false);
    }
  });

  it('accepts a record without a type, and keeps flat metadata', () => {
    expect(JSON.parse(fixture.split('\n')[10]!)).not.toHaveProperty('type');
    expect(at(11).answer).toMatch(/^We issue refunds within 2 business days/);
    expect(at(1).metadata).toEqual({ user_tier: 'free', feature: 'support', locale: 'en-GB' });
    expect(at(1).sourceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a multi-turn conversation in order', () => {
    expect(at(29).messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(at(29).messages[2]!.content).toMatch(/^Sorry about that\./);
    expect(at(29).messages[3]!.content).toBe('It has been five business days now and still nothing.');
    expect(at(30).answer).toMatch(/^Key them by id/);
  });

  it('flattens the tool call and its result in the conversation', () => {
    expect(at(33).messages.slice(2)).toEqual([
      { role: 'assistant', content: '[tool call run_tests({"package":"billing","ref":"main"})]' },
      { role: 'user', content: '[tool result]\n{"passed":212,"failed":1,"failures":["test_proration_leap_year"]}' },
    ]);
    expect(at(33).toolTurns).toBe(2);
    expect(at(32)).toBeUndefined();
  });

  it('lets none of the planted credentials through, and counts each', () => {
    expect(planted.every((key) => fixture.includes(key))).toBe(true);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
    expect(at(9).metadata).not.toHaveProperty('api_key');
    expect(at(5).messages[1]!.content).toContain('[credential removed]');
    expect(tally.credentialsDropped).toBeGreaterThanOrEqual(planted.length);
  });
});

describe('langfuse: shapes', () => {
  it('reads an API page ({data, meta}), numbering records by their place', () => {
    const page = JSON.stringify({ data: [generation({ id: 'a' }), generation({ id: 'b', type: 'SPAN' }), generation({ id: 'c' })], meta: { page: 1, totalItems: 3 } });
    const { tally, exchanges } = read(page);
    expect(exchanges.map((exchange) => [exchange.line, exchange.sourceId])).toEqual([[1, 'a'], [3, 'c']]);
    expect(tally.read).toBe(3);
  });

  it('reads {messages} input with a system, message and {content} output, and snake_case fields', () => {
    const record = {
      id: 'x', trace_id: 't', type: 'GENERATION', model: 'claude-3-5-haiku', input: { system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      output: { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] }, usage_details: { input: 9, output: 3 }, calculated_total_cost: 0.00002, start_time: '2026-01-01T00:00:00.000Z', end_time: '2026-01-01T00:00:02.500Z',
    };
    expect(read(jsonl(record)).exchanges[0]).toMatchObject({
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], answer: 'Hello!', inputTokens: 9, outputTokens: 3, costUsd: 0.00002, latencyMs: 2500,
    });
  });

  it('does not take characters for tokens', () => {
    const exchange = read(jsonl(generation({ usage: { input: 120, output: 40, unit: 'CHARACTERS' } }))).exchanges[0]!;
    expect([exchange.inputTokens, exchange.outputTokens]).toEqual([undefined, undefined]);
  });

  it('skips a generation without input or output', () => {
    const { tally, exchanges } = read(jsonl(generation({ input: null }), generation({ output: null })));
    expect(exchanges).toEqual([]);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'no input captured': 1, 'no output': 1 });
  });
});

describe('langfuse: malformed input', () => {
  const text = `${JSON.stringify(generation({}))}\n{"id": "broken",\n${JSON.stringify(generation({ input: 42 }))}\n${JSON.stringify(generation({ output: { unexpected: true } }))}\n[1]\n`;

  it('stops at the first malformed line, with its number', () => {
    expect(() => read(text)).toThrow(new ImportError('not a JSON line', 2));
  });

  it('counts each with --skip-bad and reads on', () => {
    const { tally, exchanges } = read(text, true);
    expect(exchanges.map((exchange) => exchange.line)).toEqual([1]);
    expect(tally.bad).toEqual([
      { line: 2, message: 'not a JSON line' },
      { line: 3, message: 'input is not a list of chat messages, {messages: [...]} or a prompt' },
      { line: 4, message: 'output is not text or a message' },
      { line: 5, message: 'not a JSON object' },
    ]);
    expect(tally.read).toBe(4);
  });

  it('numbers a JSON array by element, and says where a broken one breaks', () => {
    const array = JSON.stringify([generation({}), generation({ input: { nothing: 1 } })]);
    expect(() => read(array)).toThrow(new ImportError('input is not a list of chat messages, {messages: [...]} or a prompt', 2));
    expect(() => read('[\n  {"id": "a"},\n  {"id" "b"}\n]')).toThrow(new ImportError("not valid JSON (Expected ':' after property name)", 3));
  });
});
