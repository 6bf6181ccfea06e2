import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../../errors.js';
import type { Message, ModelSpec } from '../../types/index.js';
import type { GenerateRequest } from '../types.js';

/** A response body recorded from the real API (see recorded/README.md for where each came from). */
export function recordedResponse(fileName: string): string {
  return readFileSync(new URL(`recorded/${fileName}`, import.meta.url), 'utf8');
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on a free local port; `reply` returning undefined means "never answer". */
export async function startFakeServer(reply: (request: ReceivedRequest) => Reply | undefined): Promise<FakeServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        bodyText: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const answer = reply(request);
      if (!answer) return;
      outgoing.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      outgoing.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        // A server that never answered still holds its sockets open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A `serve(reply)` for a test file: each server it starts answers every
 * request with `reply` and is closed after each test.
 */
export function useFakeServers(): (reply: Reply | undefined) => Promise<FakeServer> {
  let servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  return async (reply) => {
    const server = await startFakeServer(() => reply);
    servers.push(server);
    return server;
  };
}

/** A local port that was free a moment ago: connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function httpModel(provider: string, baseUrl: string, changes: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'under-test',
    provider,
    model: provider === 'anthropic' ? 'claude-test' : 'gpt-test',
    price: { inputPerMtokUsd: 1, outputPerMtokUsd: 2, source: 'suite' },
    settings: {},
    http: { baseUrl, apiKeyEnv: 'TEST_KEY', extraBody: {}, headers: {} },
    limits: { timeoutMs: 5_000, maxAttempts: 1 },
    ...changes,
  };
}

export function generateRequest(model: ModelSpec, messages: Message[], signal?: AbortSignal): GenerateRequest {
  return { model, messages, signal };
}

/** The ProviderError a call rejected with; fails the test when the call succeeded or threw something else. */
export async function providerErrorFrom(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a ProviderError, but it succeeded');
}

/** Every text a ProviderError exposes, for checks that a secret is in none of them. */
export function everyText(error: ProviderError): string {
  return [error.message, error.url ?? '', error.body ?? '', error.stack ?? '', JSON.stringify(error)].join('\n');
}
