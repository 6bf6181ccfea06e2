import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, newTally, type ImportedExchange } from '../types.js';
import { otelFormat } from './otel.js';

const fixture = readFileSync(new URL('../__fixtures__/otel-genai.json', import.meta.url), 'utf8');
const noContent = 'no captured content (enable content capture in the instrumentation)';

/** The credentials `make-trace-fixtures.mjs` plants in the OTel export. */
const planted = [
  'sk-proj-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9L', // the HTTP span's authorization header
  'sk-proj-Zx2Cv4Bn6Mm8Qa0Ws2Ed4Rf6Tg8Y', // an authorization header on a GenAI span
  'sk-proj-Hy7Uj9Ik1Ol3Pq5Aw7Se9Dr1Ft3G', // pasted in a user message (gen_ai.input.messages)
  'sk-ant-api03-Lp0Ko9Ji8Hu7Gy6Ft5Dr4Se3Aw2Q', // pasted in a gen_ai.user.message event
];

function read(text: string, skipBad = false) {
  const tally = newTally();
  const exchanges = otelFormat.read(text, { skipBad }, tally);
  return { tally, exchanges, at: (line: number) => exchanges.find((exchange) => exchange.line === line) as ImportedExchange };
}

const a = (key: string, value: unknown) => ({
  key, value: typeof value === 'string' ? { stringValue: value } : typeof value === 'number' ? { intValue: String(value) } : { boolValue: value },
});

/** An export request of the given spans, under one resource. */
function request(...spans: object[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [a('service.name', 'svc')] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
}

function chatSpan(spanId: string, extra: object[] = [], events: object[] = []) {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId, name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001500000000',
    attributes: [a('gen_ai.operation.name', 'chat'), a('gen_ai.request.model', 'gpt-4o'), ...extra], events,
  };
}

const messages = (input: unknown, output: unknown) => [a('gen_ai.input.messages', JSON.stringify(input)), a('gen_ai.output.messages', JSON.stringify(output))];
const userSays = (text: string) => [{ role: 'user', parts: [{ type: 'text', content: text }] }];
const answers = (...parts: object[]) => [{ role: 'assistant', parts, finish_reason: 'stop' }];

describe('otel: the fixture export', () => {
  const { tally, exchanges, at } = read(fixture);

  it('is detected by its resourceSpans', () => {
    expect(otelFormat.detect(fixture.slice(0, 65536), 'otel-genai.json')).toBe(true);
  });

  it('reads the 34 GenAI spans (not the HTTP span) and skips those without content or with a tool call for an answer', () => {
    expect(tally.read).toBe(34);
    expect(Object.fromEntries(tally.skipped)).toEqual({ [noContent]: 3, 'answer is a tool call': 2 });
    expect(tally.bad).toEqual([]);
    expect(exchanges).toHaveLength(29);
  });

  it('takes model, usage, latency and metadata from the current attribute style', () => {
    const first = at(1);
    expect(first).toMatchObject({ sourceId: first.sourceId, model: 'gpt-4o-mini-2024-07-18', inputTokens: 40, outputTokens: 25, latencyMs: 800.123456, toolTurns: 0 });
    expect(first.sourceId).toMatch(/^[0-9a-f]{16}$/);
    expect(first.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(first.messages[0]!.content).toMatch(/^You are Ava/);
    expect(first.answer).toMatch(/^Sorry about that\./);
    expect(first.metadata).toEqual({ 'app.user_tier': 'pro', 'server.address': 'api.openai.com', 'service.name': 'support-bot', provider: 'openai' });
  });

  it('leaves usage undefined where the span has none, in every style', () => {
    for (const line of [3, 8, 25, 33]) {
      expect(at(line).inputTokens, `line ${line}`).toBeUndefined();
      expect(at(line).outputTokens, `line ${line}`).toBeUndefined();
      expect('inputTokens' in at(line)).toBe(false);
    }
  });

  it('keeps a multi-turn conversation in order, from attributes and from events', () => {
    expect(at(11).messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(at(11).messages[3]!.content).toBe('It has been five business days now and still nothing.');
    expect(at(11).answer).toMatch(/^Thank you for your patience/);
    expect(at(27).messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(at(27).messages[2]!.content).toMatch(/^The cap under clause 12 is \$48,000/);
    expect(at(35).messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('flattens tool calls and tool results to text, from parts and from events', () => {
    expect(at(14).messages.slice(2)).toEqual([
      { role: 'assistant', content: '[tool call get_order_status({"order_id":"51877"})]' },
      { role: 'user', content: '[tool result]\n{"status":"out_for_delivery","carrier":"UPS","eta":"2026-11-20"}' },
    ]);
    expect(at(14).toolTurns).toBe(2);
    expect(at(29).messages[2]).toEqual({ role: 'assistant', content: '[tool call search_clauses({"query":"termination for convenience","document":"acme-msa"})]' });
    expect(at(29).messages[3]!.content).toMatch(/^\[tool result\]\n\{"clause":"9\.2"/);
    expect(at(29).answer).toMatch(/^Clause 9\.2: either party/);
  });

  it('reads the oldest style: a JSON prompt, and a plain-text one', () => {
    expect(at(30).messages).toEqual([{ role: 'user', content: 'In TypeScript, how do I type a function that takes a string or an array of strings and always returns an array?' }]);
    expect(at(30)).toMatchObject({ model: 'gpt-3.5-turbo-0125', inputTokens: 115, outputTokens: 50 });
    expect(at(31).messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('lets none of the planted credentials through, and counts each', () => {
    expect(planted.every((key) => fixture.includes(key))).toBe(true);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
    expect(written).not.toContain('authorization');
    expect(tally.credentialsDropped).toBeGreaterThanOrEqual(planted.length);
    expect(at(4).messages[1]!.content).toContain('[credential removed]');
    expect(at(23).messages[1]!.content).toContain('[credential removed]');
  });
});

describe('otel: spans and values', () => {
  it('counts only GenAI spans, and skips agent and tool spans that carry a model', () => {
    const text = request(
      { spanId: 'a1', name: 'GET /health', attributes: [a('http.request.method', 'GET')] },
      { spanId: 'a2', name: 'execute_tool', attributes: [a('gen_ai.operation.name', 'execute_tool')] },
      { spanId: 'a3', name: 'invoke_agent', attributes: [a('gen_ai.operation.name', 'invoke_agent'), a('gen_ai.request.model', 'gpt-4o')] },
      chatSpan('a4', messages(userSays('Hi'), answers({ type: 'text', content: 'Hello!' }))),
    );
    const { tally, exchanges } = read(text);
    expect(tally.read).toBe(2);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'not a chat or completion span': 1 });
    expect(exchanges).toMatchObject([{ line: 4, sourceId: 'a4', answer: 'Hello!', latencyMs: 1500, metadata: { 'service.name': 'svc' } }]);
  });

  it('reads int64 values given as strings or numbers, and the legacy token names', () => {
    const span = chatSpan('b1', [
      ...messages(userSays('Hi'), answers({ type: 'text', content: 'Hello!' })),
      { key: 'gen_ai.usage.prompt_tokens', value: { intValue: 12 } }, { key: 'gen_ai.usage.completion_tokens', value: { intValue: '7' } },
      { key: 'app.ratio', value: { doubleValue: 0.5 } }, { key: 'app.tags', value: { arrayValue: { values: [{ stringValue: 'x' }] } } },
    ]);
    expect(read(request(span)).exchanges[0]).toMatchObject({ inputTokens: 12, outputTokens: 7, metadata: { 'app.ratio': 0.5 } });
    expect(read(request(span)).exchanges[0]!.metadata).not.toHaveProperty('app.tags');
  });

  it('answers with the text beside a tool call, and skips an answer that is only one', () => {
    const call = { type: 'tool_call', id: 'c1', name: 'lookup', arguments: { q: 'x' } };
    const both = chatSpan('c1', messages(userSays('Find x'), answers({ type: 'text', content: 'Looking it up.' }, call)));
    const only = chatSpan('c2', messages(userSays('Find x'), answers(call)));
    const { tally, exchanges } = read(request(both, only));
    expect(exchanges.map((exchange) => exchange.answer)).toEqual(['Looking it up.']);
    expect(tally.skipped.get('answer is a tool call')).toBe(1);
  });

  it('reads content from a gen_ai.client.inference.operation.details event, and system instructions as plain text', () => {
    const details = { name: 'gen_ai.client.inference.operation.details', attributes: messages(userSays('Hi'), answers({ type: 'text', content: 'Hello!' })) };
    const span = chatSpan('d1', [a('gen_ai.system_instructions', 'Be brief.')], [details]);
    expect(read(request(span)).exchanges[0]!.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
  });

  it('drops a credential in a JSON attribute by its key, not only by its shape', () => {
    const span = chatSpan('e1', messages([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }], api_key: 'plain-secret-value' }], answers({ type: 'text', content: 'Hello!' })));
    const { tally, exchanges } = read(request(span));
    expect(JSON.stringify(exchanges)).not.toContain('plain-secret-value');
    expect(tally.credentialsDropped).toBe(1);
  });
});

describe('otel: malformed input', () => {
  const good = request(chatSpan('f1', messages(userSays('Hi'), answers({ type: 'text', content: 'Hello!' }))));
  const badJson = request(chatSpan('f2', [a('gen_ai.input.messages', '[{"role": "user"'), a('gen_ai.output.messages', '[]')]));

  it('stops at a span whose messages are not JSON, with its JSONL line', () => {
    expect(() => read(`${good}\n${badJson}\n`)).toThrow(new ImportError('span f2: gen_ai.input.messages is not valid JSON', 2));
  });

  it('counts it with --skip-bad and reads on', () => {
    const { tally, exchanges } = read(`${badJson}\n${good}\n{"not": "otlp"}\nnot json\n`, true);
    expect(exchanges.map((exchange) => exchange.line)).toEqual([2]);
    expect(tally.bad).toEqual([
      { line: 1, message: 'span f2: gen_ai.input.messages is not valid JSON' },
      { line: 3, message: 'not an OTLP trace export (no resourceSpans list)' },
      { line: 4, message: 'not a JSON line' },
    ]);
    expect(tally.read).toBe(2);
  });

  it('gives the line of a broken single document', () => {
    const broken = '{\n  "resourceSpans": [\n    {"resource" {}}\n  ]\n}\n';
    expect(() => read(broken)).toThrow(new ImportError("not valid JSON (Expected ':' after property name)", 3));
    const { tally, exchanges } = read(broken, true);
    expect(exchanges).toEqual([]);
    expect(tally.bad).toHaveLength(1);
    expect(tally.bad[0]!.line).toBe(3);
  });

  it('does not echo the text around a syntax error: it may hold a credential', () => {
    const broken = '{"resourceSpans": [{"note": "key sk-proj-Aa1Bb2Cc3Dd4Ee5Ff6Gg7" }}]}';
    expect(() => read(broken)).toThrow(new ImportError("not valid JSON (Expected ',' or ']' after array element)", 1));
  });
});
