import { describe, expect, it } from 'vitest';
import type { Message, ModelSpec } from '../types/index.js';
import { createAnthropicProvider } from './anthropic.js';
import { everyText, generateRequest, httpModel, providerErrorFrom, recordedResponse, refusedPort, useFakeServers, type FakeServer } from './__fixtures__/fake-server.js';

const success = recordedResponse('anthropic.message.success.json');
const messages: Message[] = [
  { role: 'system', content: 'Answer with one letter.' },
  { role: 'user', content: 'Which is first: A or B?' },
];

const serve = useFakeServers();

function modelAt(server: FakeServer, changes: Partial<ModelSpec> = {}): ModelSpec {
  return httpModel('anthropic', `${server.origin}/v1`, changes);
}

function generate(model: ModelSpec, apiKey = 'k') {
  return createAnthropicProvider({ getApiKey: () => apiKey }).generate(generateRequest(model, messages));
}

function withBody(change: (body: Record<string, unknown>) => void): string {
  const body = JSON.parse(success) as Record<string, unknown>;
  change(body);
  return JSON.stringify(body);
}

describe('anthropic provider, answers', () => {
  it('reads the recorded success: output, normalised usage, finish reason, raw usage kept', async () => {
    const server = await serve({ status: 200, body: success });
    const result = await generate(modelAt(server));
    expect(result.output).toMatch(/^I have successfully executed the test_tool .* working properly\.$/);
    expect(result.usage).toStrictEqual({ inputTokens: 505, outputTokens: 41, cachedInputTokens: 0, reasoningTokens: undefined });
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(result.rawUsage).toEqual((JSON.parse(success) as { usage: unknown }).usage);
  });

  it('sends the system prompt as a top-level field, the key in x-api-key, and a default max_tokens', async () => {
    const server = await serve({ status: 200, body: success });
    await generate(modelAt(server, { settings: { system: 'Answer with one letter.', temperature: 0.2, stop: ['END'] } }));

    const [received] = server.received;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/v1/messages');
    expect(received?.headers['x-api-key']).toBe('k');
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers.authorization).toBeUndefined();
    expect(JSON.parse(received?.bodyText ?? '')).toEqual({
      model: 'claude-test',
      max_tokens: 1024,
      system: 'Answer with one letter.',
      messages: [{ role: 'user', content: 'Which is first: A or B?' }],
      temperature: 0.2,
      stop_sequences: ['END'],
    });
  });

  it('uses the suite max tokens, leaves out an absent system prompt, and lets extra_body and headers add to the request', async () => {
    const server = await serve({ status: 200, body: success });
    const model = modelAt(server, { settings: { maxOutputTokens: 50 } });
    model.http!.extraBody = { top_k: 5 };
    model.http!.headers = { 'anthropic-beta': 'some-feature' };
    await createAnthropicProvider({ getApiKey: () => 'k' }).generate(generateRequest(model, [{ role: 'user', content: 'Hi' }]));

    const [received] = server.received;
    expect(received?.headers['anthropic-beta']).toBe('some-feature');
    expect(JSON.parse(received?.bodyText ?? '')).toEqual({
      model: 'claude-test',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
      top_k: 5,
    });
  });

  it('joins text blocks only, and maps the stop reasons', async () => {
    const content = [
      { type: 'thinking', thinking: 'Let me see.', signature: 'x' },
      { type: 'text', text: 'The answer ' },
      { type: 'text', text: 'is A.' },
    ];
    const cases = [
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
      ['refusal', 'content-filter'],
      ['tool_use', 'other'],
      ['pause_turn', 'other'],
    ] as const;
    for (const [raw, unified] of cases) {
      const server = await serve({ status: 200, body: withBody((body) => Object.assign(body, { content, stop_reason: raw })) });
      const result = await generate(modelAt(server));
      expect(result.output).toBe('The answer is A.');
      expect(result.finishReason).toEqual({ unified, raw });
    }
  });

  it('reports usage as unknown, not zero, when the server sends none', async () => {
    const server = await serve({ status: 200, body: withBody((body) => delete body.usage) });
    const result = await generate(modelAt(server));
    expect(result.usage).toStrictEqual({ inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined, reasoningTokens: undefined });
    expect(result.rawUsage).toBeUndefined();
  });
});

describe('anthropic provider, failures', () => {
  it('makes the recorded 529 overloaded retryable, with the provider message', async () => {
    const server = await serve({ status: 529, headers: { 'retry-after-ms': '1500', 'retry-after': '9' }, body: recordedResponse('anthropic.error.529.json') });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 529, isRetryable: true, retryAfterMs: 1500 });
    expect(error.message).toBe('anthropic: HTTP 529: overloaded_error: later');
  });

  it('makes a 429 retryable with its retry-after', async () => {
    const body = '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}';
    const server = await serve({ status: 429, headers: { 'retry-after': '0.5' }, body });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 500 });
  });

  it('makes a 400 final, with the status and the provider own message', async () => {
    const body = '{"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate between \\"user\\" and \\"assistant\\""}}';
    const server = await serve({ status: 400, body });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 400, isRetryable: false, body });
    expect(error.message).toBe('anthropic: HTTP 400: invalid_request_error: messages: roles must alternate between "user" and "assistant"');
  });

  it('makes a 200 whose content is not a list a retryable malformed response', async () => {
    const server = await serve({ status: 200, body: withBody((body) => (body.content = 'A')) });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 200, isRetryable: true });
    expect(error.message).toContain('malformed response body');
    expect(error.body).toContain('"content":"A"');
  });

  it('times out a server that never answers, as a retryable error', async () => {
    const server = await serve(undefined);
    const error = await providerErrorFrom(generate(modelAt(server, { limits: { timeoutMs: 80, maxAttempts: 1 } })));
    expect(error).toMatchObject({ isRetryable: true, status: undefined });
    expect(error.message).toContain('timed out after 80 ms');
  });

  it('makes a refused connection retryable, naming the cause', async () => {
    const error = await providerErrorFrom(generate(httpModel('anthropic', `http://127.0.0.1:${await refusedPort()}/v1`)));
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('never shows a key from x-api-key or the base_url userinfo', async () => {
    const key = 'sk-ant-planted-0123456789abcdef';
    const body = JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } });
    const server = await serve({ status: 401, body });
    const model = httpModel('anthropic', `${server.origin.replace('http://', `http://user:${key}@`)}/v1`);
    const error = await providerErrorFrom(generate(model, key));
    expect(everyText(error)).not.toContain(key);
    expect(error.message).toBe('anthropic: HTTP 401: authentication_error: invalid x-api-key [redacted]');
    expect(server.received[0]?.headers['x-api-key']).toBe(key);
  });
});
