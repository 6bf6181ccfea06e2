import { describe, expect, it } from 'vitest';
import { contentText, flattenMessages } from './flatten-messages.js';
import { isCredentialKey, redactedKey, scrubText, scrubValue } from './scrub.js';
import { newTally } from './types.js';

describe('scrubValue', () => {
  it('drops credential keys wherever they sit, and counts each that held something', () => {
    const tally = newTally();
    const record = {
      request: { api_key: 'anything at all', headers: { Authorization: 'Bearer sk-proj-Abc123Def456Ghi789Jkl', 'Content-Type': 'application/json' }, client_secret: 'shh' },
      headers: [{ 'x-api-key': 'k' }, { cookie: '' }],
      password: null,
    };
    expect(scrubValue(record, tally)).toEqual({ request: { headers: { 'Content-Type': 'application/json' } }, headers: [{}, {}] });
    expect(tally.credentialsDropped).toBe(4);
  });

  it('replaces key-shaped strings in any text, and leaves the original untouched', () => {
    const tally = newTally();
    const record = { messages: [{ role: 'user', content: 'keys: sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm and AKIAIOSFODNN7EXAMPLE.' }] };
    const scrubbed = scrubValue(record, tally) as typeof record;
    expect(scrubbed.messages[0]!.content).toBe(`keys: ${redactedKey} and ${redactedKey}.`);
    expect(record.messages[0]!.content).toContain('sk-ant-api03');
    expect(tally.credentialsDropped).toBe(2);
  });

  it('keeps keys that only look like credential names (token counts, logprob tokens)', () => {
    const tally = newTally();
    const record = { usage: { prompt_tokens: 3, max_tokens: 9 }, logprobs: [{ token: 'Hello', logprob: -0.1 }], secretary: 'Ann' };
    expect(scrubValue(record, tally)).toEqual(record);
    expect(tally.credentialsDropped).toBe(0);
    expect([isCredentialKey('Proxy-Authorization'), isCredentialKey('max_tokens'), isCredentialKey('refresh_token')]).toEqual([true, false, true]);
  });
});

describe('scrubText', () => {
  it('takes a bearer token, but not prose about bearer authentication', () => {
    const tally = newTally();
    expect(scrubText('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"', tally)).toBe(`curl -H "Authorization: ${redactedKey}"`);
    expect(scrubText('authorization: bearer 0a1b2c3d4e5f6a7b8c9d', tally)).toBe(`authorization: ${redactedKey}`);
    expect(scrubText('Use HTTP Bearer authentication; bearer credentials expire.', tally)).toBe('Use HTTP Bearer authentication; bearer credentials expire.');
    expect(scrubText('a risk-assessment-of-the-whole-plan and a task-management-dashboard', tally)).toBe('a risk-assessment-of-the-whole-plan and a task-management-dashboard');
    expect(tally.credentialsDropped).toBe(2);
  });
});

describe('flattenMessages', () => {
  it('turns content parts, tool calls and tool results into text turns, counting the tool turns', () => {
    const tally = newTally();
    const flattened = flattenMessages([
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'describe', arguments: '{"n":1}' } }] },
      { role: 'tool', tool_call_id: 'c1', name: 'describe', content: 'a cat' },
      { role: 'assistant', content: null, refusal: 'I cannot identify people.' },
      { role: 'user', content: [{ type: 'tool_result', content: [{ type: 'text', text: '42' }] }] },
    ], tally);
    expect(flattened).toEqual({
      toolTurns: 3,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is in this picture?\n[image]' },
        { role: 'assistant', content: '[tool call describe({"n":1})]' },
        { role: 'user', content: '[tool result describe]\na cat' },
        { role: 'assistant', content: 'I cannot identify people.' },
        { role: 'user', content: '[tool result]\n42' },
      ],
    });
  });

  it('is null for what is not a list of messages', () => {
    const tally = newTally();
    expect(flattenMessages('hello', tally)).toBeNull();
    expect(flattenMessages([{ role: 'narrator', content: 'x' }], tally)).toBeNull();
    expect(flattenMessages([null], tally)).toBeNull();
    expect(flattenMessages([], tally)).toEqual({ messages: [], toolTurns: 0 });
  });

  it('reads Anthropic tool_use blocks and a content part given as one object', () => {
    expect(contentText([{ type: 'text', text: 'Checking.' }, { type: 'tool_use', name: 'search', input: { q: 'x' } }])).toEqual({ text: 'Checking.\n[tool call search({"q":"x"})]', tools: 1 });
    expect(contentText({ type: 'text', text: 'one part' })).toEqual({ text: 'one part', tools: 0 });
    expect(contentText([{ type: 'refusal', refusal: 'No.' }])).toEqual({ text: 'No.', tools: 0 });
  });
});
