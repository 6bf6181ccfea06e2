import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../types/index.js';
import { everyText, httpModel, providerErrorFrom, refusedPort, useFakeServers } from './__fixtures__/fake-server.js';
import { httpIdentity, isRecord, isRetryableStatus, postJson, withoutCredentials, type JsonCall } from './http.js';

const key = 'sk-planted-0123456789abcdefghij';

const serve = useFakeServers();

/** A call whose success is `{answer: string}`, so the tests see postJson alone. */
function call(model: ModelSpec, changes: Partial<JsonCall<string>> = {}): Promise<string> {
  return postJson<string>({
    provider: 'test',
    model,
    path: '/answer',
    apiKey: key,
    headers: { authorization: `Bearer ${key}`, 'x-version': '1' },
    body: { model: model.model, max_tokens: 5 },
    signal: undefined,
    fetch: undefined,
    describeError: (body) => (isRecord(body) && typeof body.message === 'string' ? body.message : undefined),
    parseSuccess: (body) => (isRecord(body) && typeof body.answer === 'string' ? body.answer : undefined),
    ...changes,
  });
}

describe('postJson', () => {
  it('retries what the official SDKs retry, and nothing else', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) expect(isRetryableStatus(status), `${status}`).toBe(true);
    for (const status of [400, 401, 403, 404, 413, 422, 451]) expect(isRetryableStatus(status), `${status}`).toBe(false);
  });

  it('lets extra_body override core fields, and suite headers override provider headers', async () => {
    const server = await serve({ status: 200, body: '{"answer":"A"}' });
    const model = httpModel('openai', server.origin);
    model.http!.extraBody = { max_tokens: 9, max_completion_tokens: 9 };
    model.http!.headers = { 'X-Version': '2' };
    expect(await call(model)).toBe('A');
    const [received] = server.received;
    expect(JSON.parse(received?.bodyText ?? '')).toEqual({ model: 'gpt-test', max_tokens: 9, max_completion_tokens: 9 });
    expect(received?.headers['x-version']).toBe('2');
  });

  it('moves base_url credentials into Basic auth when nothing else sets Authorization', async () => {
    const server = await serve({ status: 200, body: '{"answer":"A"}' });
    const model = httpModel('openai', server.origin.replace('http://', 'http://proxy-user:pa%40ss@'));
    await call(model, { headers: {} });
    expect(server.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from('proxy-user:pa@ss').toString('base64')}`);
    expect(server.received[0]?.path).toBe('/answer');
  });

  it('redacts a key given as the whole userinfo (https://key@host)', async () => {
    const server = await serve({ status: 403, body: JSON.stringify({ message: `forbidden for ${key}` }) });
    const error = await providerErrorFrom(call(httpModel('openai', server.origin.replace('http://', `http://${key}@`)), { apiKey: undefined }));
    expect(everyText(error)).not.toContain(key);
    expect(error.message).toBe('test: HTTP 403: forbidden for [redacted]');
  });

  it('sends a key given in the base_url query string, and keeps every query value out of the message, url and body', async () => {
    const queryKey = 'AIza-planted-query-key-0123';
    const server = await serve({ status: 400, body: JSON.stringify({ message: `bad request for key=${queryKey}` }) });
    const error = await providerErrorFrom(call(httpModel('openai', `${server.origin}/v1?key=${queryKey}&alt=json`), { apiKey: undefined, headers: {} }));
    // The path goes before the query, where a server looks for it.
    expect(server.received[0]?.path).toBe(`/v1/answer?key=${queryKey}&alt=json`);
    expect(everyText(error)).not.toContain(queryKey);
    expect(error.message).toBe('test: HTTP 400: bad request for key=[redacted]');
    expect(error.url).toBe(`${server.origin}/v1/answer?key=[redacted]&alt=[redacted]`);
  });

  it('keeps a query-string key, plain or percent-encoded, out of a network error', async () => {
    const port = await refusedPort();
    const error = await providerErrorFrom(call(httpModel('openai', `http://127.0.0.1:${port}/v1?key=planted%2Dquery%2Dkey`), { apiKey: undefined }));
    expect(everyText(error)).not.toMatch(/planted(%2D|-)query/);
    expect(error.message).toBe(`test: network error (ECONNREFUSED) calling http://127.0.0.1:${port}/v1/answer?key=[redacted]`);
  });

  it('redacts a key set in the suite headers', async () => {
    const headerKey = 'azure-key-0123456789';
    const server = await serve({ status: 401, body: JSON.stringify({ message: `bad key ${headerKey}` }) });
    const model = httpModel('openai', server.origin);
    model.http!.headers = { 'api-key': headerKey };
    const error = await providerErrorFrom(call(model));
    expect(everyText(error)).not.toContain(headerKey);
  });

  it('redacts before cutting a long error, so no part of the key survives the cut', async () => {
    // Place the key across the point where the message is cut.
    const message = `${'x'.repeat(290)}${key}${'y'.repeat(10_000)}`;
    const server = await serve({ status: 400, body: JSON.stringify({ message }) });
    const error = await providerErrorFrom(call(httpModel('openai', server.origin)));
    expect(everyText(error)).not.toContain(key.slice(0, 10));
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain('more characters');
    expect(error.body!.length).toBeLessThan(4_100);
  });

  it('keeps a key out of the message when a header value is invalid', async () => {
    const server = await serve({ status: 200, body: '{"answer":"A"}' });
    const error = await providerErrorFrom(call(httpModel('openai', server.origin), { headers: { authorization: `Bearer ${key}\nx-injected: 1` } }));
    expect(error.isRetryable).toBe(false);
    expect(everyText(error)).not.toContain(key);
    expect(server.received).toHaveLength(0);
  });

  it('does not follow a redirect, which would carry the key to another host', async () => {
    const elsewhere = await serve({ status: 200, body: '{"answer":"A"}' });
    const server = await serve({ status: 307, headers: { location: `${elsewhere.origin}/answer` }, body: '' });
    const error = await providerErrorFrom(call(httpModel('openai', server.origin)));
    expect(error).toMatchObject({ status: 307, isRetryable: false });
    expect(error.message).toContain(`redirected to ${elsewhere.origin}/answer`);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('reports a 409 as retryable and an empty-bodied 404 by its status text', async () => {
    const conflict = await serve({ status: 409, body: '{"message":"busy"}' });
    expect(await providerErrorFrom(call(httpModel('openai', conflict.origin)))).toMatchObject({ isRetryable: true, status: 409 });
    const missing = await serve({ status: 404, body: '' });
    const error = await providerErrorFrom(call(httpModel('openai', missing.origin)));
    expect(error).toMatchObject({ isRetryable: false, message: 'test: HTTP 404: Not Found' });
  });

  it('says a 200 carrying an error object is malformed, and what the error said', async () => {
    const server = await serve({ status: 200, body: '{"message":"upstream model crashed"}' });
    const error = await providerErrorFrom(call(httpModel('openai', server.origin)));
    expect(error).toMatchObject({ isRetryable: true, message: 'test: malformed response body (unexpected shape): upstream model crashed' });
  });

  it('stops at once, not retryable, when the caller aborts', async () => {
    const server = await serve(undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const error = await providerErrorFrom(call(httpModel('openai', server.origin), { signal: controller.signal }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ isRetryable: false, message: 'test: request aborted' });
  });

  it('refuses a model without HTTP settings, not retryable', async () => {
    const model = { ...httpModel('openai', 'http://127.0.0.1:9'), http: undefined };
    expect(await providerErrorFrom(call(model))).toMatchObject({ isRetryable: false });
  });
});

describe('httpIdentity', () => {
  it('is the server and the extra body, without credentials', () => {
    const model = httpModel('openai', `https://user:${key}@gateway.example/v1`);
    model.http!.extraBody = { reasoning_effort: 'low' };
    expect(httpIdentity(model)).toEqual({ baseUrl: 'https://gateway.example/v1', extraBody: { reasoning_effort: 'low' } });
  });
  it('keeps the query string, which can change the answer (`api-version`): the identity is only ever hashed', () => {
    const model = httpModel('openai', `https://user:${key}@gateway.example/v1?api-version=2024-06-01`);
    expect(httpIdentity(model)).toEqual({ baseUrl: 'https://gateway.example/v1?api-version=2024-06-01', extraBody: {} });
  });
});

describe('withoutCredentials', () => {
  it('drops the user info and every query value, keeping the parameter names', () => {
    expect(withoutCredentials('http://bob:sk-X@127.0.0.1:18080/v1?key=sk-PLANTED2&alt=json&flag&empty='))
      .toBe('http://127.0.0.1:18080/v1?key=[redacted]&alt=[redacted]&flag&empty=');
    expect(withoutCredentials('https://gateway.example/v1')).toBe('https://gateway.example/v1');
  });

  it('does so for a URL that does not parse, too', () => {
    expect(withoutCredentials('http://bob:sk-X@exa mple/v1?key=sk-PLANTED2&alt=json')).toBe('http://exa mple/v1?key=[redacted]&alt=[redacted]');
  });
});
