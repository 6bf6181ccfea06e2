import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, newTally, type ImportedExchange } from '../types.js';
import { langsmithFormat } from './langsmith.js';

const fixture = readFileSync(new URL('../__fixtures__/langsmith-runs.jsonl', import.meta.url), 'utf8');

/** The credentials `make-trace-fixtures.mjs` plants in the LangSmith export. */
const planted = [
  'sk-ant-api03-Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9Zx1C', // extra.invocation_params.api_key (line 5)
  'sk-proj-Vb3Nm5Qw7Er9Ty1Ui3Op5As7Df9G', // extra.invocation_params.openai_api_key (line 10)
  'lsv2_pt_7f3a9c1e5b2d4f6a8c0e2b4d6f8a1c3e', // pasted in a human message (line 16)
];

function read(text: string, skipBad = false) {
  const tally = newTally();
  const exchanges = langsmithFormat.read(text, { skipBad }, tally);
  return { tally, exchanges, at: (line: number) => exchanges.find((exchange) => exchange.line === line) as ImportedExchange };
}

const lc = (className: string, kwargs: object) => ({ lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', className], kwargs });
const run = (fields: object) => ({
  id: 'run-1', name: 'ChatAnthropic', run_type: 'llm', inputs: { messages: [[lc('HumanMessage', { content: 'Hi' })]] },
  outputs: { generations: [[{ text: 'Hello!', message: lc('AIMessage', { content: 'Hello!' }) }]] }, error: null, ...fields,
});
const jsonl = (...records: object[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

describe('langsmith: the fixture export', () => {
  const { tally, exchanges, at } = read(fixture);

  it('is detected by its run_type', () => {
    expect(langsmithFormat.detect(fixture.slice(0, 65536), 'langsmith-runs.jsonl')).toBe(true);
    expect(langsmithFormat.detect('{"traceId": "t", "type": "GENERATION"}', 'x.jsonl')).toBe(false);
  });

  it('reads every run and skips the chains, the errored run and the tool-call answer', () => {
    expect(tally.read).toBe(35);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'not an llm run': 3, error: 1, 'answer is a tool call': 1 });
    expect(tally.bad).toEqual([]);
    expect(exchanges).toHaveLength(30);
  });

  it('reads each message and output shape LangChain logs, with the model that answered', () => {
    // serialized messages in, a serialized AIMessage out, run-level tokens and cost
    expect(at(2)).toMatchObject({ model: 'gpt-4o-mini-2024-08-06', inputTokens: 60, outputTokens: 28, costUsd: 25.8e-6, latencyMs: 900 });
    expect(at(2).messages.map((message) => message.role)).toEqual(['system', 'user']);
    // {type: 'human'} dicts in, a messages_to_dict AI message out, llm_output.token_usage
    expect(at(3)).toMatchObject({ model: 'gpt-4o-mini', inputTokens: 63, outputTokens: 29 });
    expect(at(3).messages[1]!.content).toBe('Can I return hiking boots I have worn outdoors once?');
    // {role} messages in, OpenAI choices out, raw usage
    expect(at(4)).toMatchObject({ model: 'gpt-4o-mini-2024-08-06', inputTokens: 66, outputTokens: 30 });
    // a completion model's prompts, a cost given as a decimal string
    expect(at(5)).toMatchObject({ model: 'gpt-3.5-turbo-instruct', inputTokens: 69, outputTokens: 31, costUsd: 482.5e-6 });
    expect(at(5).messages).toHaveLength(1);
    expect(at(5).messages[0]!.content).toMatch(/^System: You are Ava.*\nHuman: Do you price-match/s);
  });

  it('leaves usage undefined for runs without token counts', () => {
    for (const line of [6, 11, 17, 22, 28]) {
      expect([at(line).inputTokens, at(line).outputTokens, at(line).costUsd], `line ${line}`).toEqual([undefined, undefined, undefined]);
      expect('inputTokens' in at(line)).toBe(false);
    }
  });

  it('turns tags and flat extra.metadata into metadata', () => {
    expect(at(2).metadata).toEqual({ ls_provider: 'openai', ls_model_name: 'gpt-4o-mini', ls_model_type: 'chat', user_tier: 'free', tags: 'support,prod' });
    expect(at(2).sourceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps multi-turn conversations in order, whichever message shape', () => {
    for (const line of [30, 31, 32]) expect(at(line).messages.map((message) => message.role), `line ${line}`).toEqual(['system', 'user', 'assistant', 'user']);
    expect(at(31).messages[2]!.content).toMatch(/^The cap under clause 12/);
    expect(at(31).messages[3]!.content).toBe('Does that cap also apply to a breach of confidentiality?');
  });

  it('flattens the tool call and the tool message, and skips the call whose answer is one', () => {
    expect(at(33)).toBeUndefined();
    expect(at(34).messages.slice(2)).toEqual([
      { role: 'assistant', content: '[tool call get_order_status({"order_id":"51877"})]' },
      { role: 'user', content: '[tool result get_order_status]\n{"status":"out_for_delivery","carrier":"UPS","eta":"2026-11-20"}' },
    ]);
    expect(at(34).toolTurns).toBe(2);
  });

  it('lets none of the planted credentials through, and counts each', () => {
    expect(planted.every((key) => fixture.includes(key))).toBe(true);
    const written = JSON.stringify(exchanges);
    for (const key of planted) expect(written).not.toContain(key);
    expect(at(16).messages[1]!.content).toContain('[credential removed]');
    expect(tally.credentialsDropped).toBeGreaterThanOrEqual(planted.length);
  });
});

describe('langsmith: shapes', () => {
  it('reads a JSON array or a {runs} page, numbering runs by their place', () => {
    const runs = [run({ id: 'a', run_type: 'chain' }), run({ id: 'b' })];
    expect(read(JSON.stringify(runs)).exchanges.map((exchange) => [exchange.line, exchange.sourceId])).toEqual([[2, 'b']]);
    expect(read(JSON.stringify({ runs, cursors: {} })).exchanges.map((exchange) => exchange.line)).toEqual([2]);
  });

  it('writes an Anthropic tool_use once, though LangChain also lists it in tool_calls', () => {
    const ai = lc('AIMessage', {
      content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } }],
      tool_calls: [{ name: 'lookup', args: { q: 'x' }, id: 'toolu_1', type: 'tool_call' }],
    });
    const inputs = { messages: [[lc('HumanMessage', { content: 'Find x' }), ai, lc('ToolMessage', { content: 'x is 4', tool_call_id: 'toolu_1' })]] };
    expect(read(jsonl(run({ inputs }))).exchanges[0]!.messages).toEqual([
      { role: 'user', content: 'Find x' },
      { role: 'assistant', content: 'Let me check.\n[tool call lookup({"q":"x"})]' },
      { role: 'user', content: '[tool result]\nx is 4' },
    ]);
  });

  it('reads usage_metadata, and takes zero counts for unknown', () => {
    const withUsage = run({ outputs: { generations: [[{ text: 'Hello!', message: lc('AIMessage', { content: 'Hello!', usage_metadata: { input_tokens: 8, output_tokens: 2 } }) }]] } });
    expect(read(jsonl(withUsage)).exchanges[0]).toMatchObject({ inputTokens: 8, outputTokens: 2 });
    const zeros = read(jsonl(run({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, total_cost: 0 }))).exchanges[0]!;
    expect([zeros.inputTokens, zeros.outputTokens, zeros.costUsd]).toEqual([undefined, undefined, undefined]);
  });

  it('skips an llm run without outputs, and reads {output} and {prompt}', () => {
    const { tally, exchanges } = read(jsonl(run({ outputs: null }), run({ inputs: { prompt: 'Say hi' }, outputs: { output: 'hi' } })));
    expect(exchanges.map((exchange) => [exchange.messages, exchange.answer])).toEqual([[[{ role: 'user', content: 'Say hi' }], 'hi']]);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'no output': 1 });
  });
});

describe('langsmith: malformed input', () => {
  const text = jsonl(run({}), { id: 'no-type' }, run({ inputs: { question: 'Hi' } }), run({ outputs: { answer: 'Hello!' } }))
    .concat('{"run_type": "llm",\n', JSON.stringify(run({ inputs: { messages: [[{ weird: true }]] } })), '\n');

  it('stops at the first malformed run, with its line', () => {
    expect(() => read(text)).toThrow(new ImportError('no run_type', 2));
  });

  it('counts each with --skip-bad and reads on', () => {
    const { tally, exchanges } = read(text, true);
    expect(exchanges.map((exchange) => exchange.line)).toEqual([1]);
    expect(tally.bad).toEqual([
      { line: 2, message: 'no run_type' },
      { line: 3, message: 'inputs hold no messages, prompts or prompt' },
      { line: 4, message: 'outputs hold no generations, choices or output' },
      { line: 5, message: 'not a JSON line' },
      { line: 6, message: 'inputs.messages is not a list of chat messages' },
    ]);
    expect(tally.read).toBe(5);
  });
});
