import { describe, expect, it } from 'vitest';
import type { Message, ModelSpec } from '../types/index.js';
import { everyText, generateRequest, httpModel, providerErrorFrom, recordedResponse, refusedPort, useFakeServers, type FakeServer } from './__fixtures__/fake-server.js';
import { createOpenAiProvider } from './openai.js';

const success = recordedResponse('openai.chat_completion.success.json');
const messages: Message[] = [
  { role: 'system', content: 'Answer with one letter.' },
  { role: 'user', content: 'Which is first: A or B?' },
];

const serve = useFakeServers();

function modelAt(server: FakeServer, changes: Partial<ModelSpec> = {}): ModelSpec {
  return httpModel('openai', `${server.origin}/v1`, changes);
}

/** `null` stands for "no key configured" (undefined would take the default). */
function generate(model: ModelSpec, apiKey: string | null = 'k') {
  return createOpenAiProvider({ getApiKey: () => apiKey ?? undefined }).generate(generateRequest(model, messages));
}

describe('openai provider, answers', () => {
  it('reads the recorded success: output, normalised usage, finish reason, raw usage kept', async () => {
    const server = await serve({ status: 200, body: success });
    const result = await generate(modelAt(server));
    expect(result.output).toBe('Hello! How can I assist you today?');
    expect(result.usage).toEqual({ inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 });
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.rawUsage).toEqual((JSON.parse(success) as { usage: unknown }).usage);
  });

  it('sends the request Chat Completions expects', async () => {
    const server = await serve({ status: 200, body: success });
    const model = modelAt(server, { settings: { system: 'Answer with one letter.', temperature: 0, maxOutputTokens: 64, stop: ['\n\n'] } });
    model.http!.extraBody = { seed: 7 };
    model.http!.headers = { 'OpenAI-Organization': 'org-1' };
    await generate(model);

    const [received] = server.received;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/v1/chat/completions');
    expect(received?.headers.authorization).toBe('Bearer k');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['openai-organization']).toBe('org-1');
    expect(JSON.parse(received?.bodyText ?? '')).toEqual({
      model: 'gpt-test',
      messages,
      temperature: 0,
      max_tokens: 64,
      stop: ['\n\n'],
      seed: 7,
    });
  });

  it('sends no Authorization header and no unset settings when there is no key', async () => {
    const server = await serve({ status: 200, body: success });
    await generate(modelAt(server), null);
    const [received] = server.received;
    expect(received?.headers.authorization).toBeUndefined();
    expect(Object.keys(JSON.parse(received?.bodyText ?? '{}') as object).sort()).toEqual(['messages', 'model']);
  });

  it('reads null content as an empty answer and maps the other finish reasons', async () => {
    const cases = [
      ['length', 'length'],
      ['content_filter', 'content-filter'],
      ['tool_calls', 'other'],
      ['something_new', 'other'],
    ] as const;
    for (const [raw, unified] of cases) {
      const body = JSON.parse(success) as { choices: Array<{ message: { content: unknown }; finish_reason: string }> };
      body.choices[0]!.message.content = null;
      body.choices[0]!.finish_reason = raw;
      const server = await serve({ status: 200, body: JSON.stringify(body) });
      const result = await generate(modelAt(server));
      expect(result.output).toBe('');
      expect(result.finishReason).toEqual({ unified, raw });
    }
  });

  it('reports usage as unknown, not zero, when the server sends none', async () => {
    const body = JSON.parse(success) as Record<string, unknown>;
    delete body.usage;
    const server = await serve({ status: 200, body: JSON.stringify(body) });
    const result = await generate(modelAt(server));
    expect(result.usage).toStrictEqual({ inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined, reasoningTokens: undefined });
    expect(result.rawUsage).toBeUndefined();
  });
});

describe('openai provider, a router behind the endpoint', () => {
  /** The recorded success as OpenRouter sends it: the `model` its router chose, and its usage-accounting fields beside the token counts. */
  function routed(model: string, accounting: Record<string, unknown>): string {
    const body = JSON.parse(success) as { model: string; usage: Record<string, unknown> };
    return JSON.stringify({ ...body, model, usage: { ...body.usage, ...accounting } });
  }

  it('reads the model the server says answered, and no cost where it reports none (OpenAI itself)', async () => {
    const server = await serve({ status: 200, body: success });
    const result = await generate(modelAt(server));
    expect(result.servedModel).toBe('gpt-5.4');
    expect(result.reportedCostUsd).toBeUndefined();
  });

  it("takes usage.cost as the reported cost, not adding the upstream cost OpenRouter repeats without BYOK", async () => {
    const server = await serve({ status: 200, body: routed('anthropic/claude-sonnet-4', { cost: 0.00045, is_byok: false, cost_details: { upstream_inference_cost: 0.00045 } }) });
    const result = await generate(modelAt(server));
    expect(result.servedModel).toBe('anthropic/claude-sonnet-4');
    expect(result.reportedCostUsd).toBe(0.00045);
  });

  it("adds the upstream provider's charge to the gateway's fee with BYOK: 0.95 + 19", async () => {
    const server = await serve({ status: 200, body: routed('openai/gpt-4o', { cost: 0.95, is_byok: true, cost_details: { upstream_inference_cost: 19 } }) });
    expect((await generate(modelAt(server))).reportedCostUsd).toBeCloseTo(19.95, 12);
  });

  it('ignores a cost that is no amount, and cuts a model id no server sends', async () => {
    const server = await serve({ status: 200, body: routed('m'.repeat(5_000), { cost: '0.01' }) });
    const result = await generate(modelAt(server));
    expect(result.reportedCostUsd).toBeUndefined();
    expect(result.servedModel!.length).toBeLessThan(300);
  });
});

describe('openai provider, failures', () => {
  it('makes a 429 retryable, with the wait the server asked for', async () => {
    const server = await serve({ status: 429, headers: { 'retry-after': '2' }, body: recordedResponse('openai.error.429.SCHEMA-DERIVED.json') });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 2000 });
    expect(error.message).toContain('429');
    expect(error.message).toContain('Rate limit reached for requests');
    expect(error.url).toBe(`${server.origin}/v1/chat/completions`);
  });

  it('makes a 500 retryable', async () => {
    const server = await serve({ status: 500, body: '{"error":{"message":"The server had an error while processing your request."}}' });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 500, isRetryable: true, retryAfterMs: undefined });
    expect(error.message).toContain('The server had an error');
  });

  it('makes a 400 final, with the status and the provider own message', async () => {
    const body = {
      error: { message: "Invalid value for 'temperature': must be at most 2.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' },
    };
    const server = await serve({ status: 400, body: JSON.stringify(body) });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 400, isRetryable: false });
    expect(error.message).toBe("openai: HTTP 400: Invalid value for 'temperature': must be at most 2. (invalid_value)");
    expect(error.body).toBe(JSON.stringify(body));
  });

  it('times out a server that never answers, as a retryable error', async () => {
    const server = await serve(undefined);
    const started = performance.now();
    const error = await providerErrorFrom(generate(modelAt(server, { limits: { timeoutMs: 100, maxAttempts: 1 } })));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.isRetryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('timed out after 100 ms');
  });

  it('makes a 200 that is not JSON a retryable malformed response, body kept', async () => {
    const server = await serve({ status: 200, body: '<html>upstream hiccup' });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error).toMatchObject({ status: 200, isRetryable: true, body: '<html>upstream hiccup' });
    expect(error.message).toContain('malformed response body');
  });

  it('makes a 200 JSON without choices a retryable malformed response', async () => {
    const server = await serve({ status: 200, body: '{"choices":[]}' });
    const error = await providerErrorFrom(generate(modelAt(server)));
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('malformed response body');
  });

  it('makes a refused connection retryable, naming the cause', async () => {
    const port = await refusedPort();
    const model = httpModel('openai', `http://127.0.0.1:${port}/v1`);
    const error = await providerErrorFrom(generate(model));
    expect(error.isRetryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('openai provider, the key', () => {
  const key = 'sk-planted-0123456789abcdefghij';

  it('never shows a key from the header or the base_url userinfo, whatever fails', async () => {
    // The server echoes the key back, as a misbehaving gateway might.
    const echo = await serve({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }) });
    const malformed = await serve({ status: 200, body: `not json, but your key is ${key}` });
    const timeouts = await serve(undefined);
    const port = await refusedPort();
    const attempts: Array<[string, Partial<ModelSpec>]> = [
      [echo.origin, {}],
      [malformed.origin, {}],
      [timeouts.origin, { limits: { timeoutMs: 50, maxAttempts: 1 } }],
      [`http://127.0.0.1:${port}`, {}],
    ];
    for (const [origin, changes] of attempts) {
      const withUserinfo = origin.replace('http://', `http://user:${key}@`);
      const error = await providerErrorFrom(generate(httpModel('openai', `${withUserinfo}/v1`, changes), key));
      expect(everyText(error)).not.toContain(key);
      expect(error.url).not.toContain('user:');
    }
    expect(echo.received[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(echo.received[0]?.path).toBe('/v1/chat/completions');
  });

  it('names what was redacted, so the message still makes sense', async () => {
    const server = await serve({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }) });
    const error = await providerErrorFrom(generate(modelAt(server), key));
    expect(error.message).toBe('openai: HTTP 401: Incorrect API key provided: [redacted]');
    expect(error.isRetryable).toBe(false);
  });
});
