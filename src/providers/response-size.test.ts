import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpModel, providerErrorFrom, useFakeServers } from './__fixtures__/fake-server.js';
import { isRecord, postJson } from './http.js';
import type { ModelSpec } from '../types/index.js';

const serve = useFakeServers();

function call(model: ModelSpec): Promise<string> {
  return postJson<string>({
    provider: 'test', model, path: '/answer', apiKey: undefined, headers: {}, body: {}, signal: undefined, fetch: undefined,
    describeError: () => undefined,
    parseSuccess: (body) => (isRecord(body) && typeof body.answer === 'string' ? body.answer : undefined),
  });
}

const limited = (origin: string, maxResponseBytes: number) => {
  const model = httpModel('openai', origin);
  model.limits = { ...model.limits, maxResponseBytes };
  return model;
};

let endless: Server | undefined;
afterEach(() => {
  endless?.closeAllConnections();
  endless?.close();
  endless = undefined;
});

describe('a response body', () => {
  it('up to max_response_bytes is read as before', async () => {
    const server = await serve({ status: 200, body: JSON.stringify({ answer: 'x'.repeat(2000) }) });
    expect(await call(limited(server.origin, 4096))).toBe('x'.repeat(2000));
  });

  it('declared longer than max_response_bytes fails the attempt at once, not retried', async () => {
    const server = await serve({ status: 200, body: JSON.stringify({ answer: 'x'.repeat(10_000) }) });
    const error = await providerErrorFrom(call(limited(server.origin, 4096)));
    expect(error.kind).toBe('too-large');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe('test: response body over 4096 bytes (max_response_bytes): not read further; the attempt fails and is not retried');
  });

  it('sent without a length and without end is cut at max_response_bytes: the rest is never read', async () => {
    let written = 0;
    endless = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        while (!response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
      };
      response.write('{"answer":"');
      more();
    });
    await new Promise<void>((resolve) => endless!.listen(0, '127.0.0.1', resolve));
    const address = endless.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const error = await providerErrorFrom(call(limited(origin, 1024 * 1024)));
    expect(error.kind).toBe('too-large');
    // What the server got out before the client hung up: the limit and what the socket buffers held, not an endless stream.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });
});
