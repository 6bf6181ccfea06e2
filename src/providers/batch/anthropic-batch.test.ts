import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../types/index.js';
import { batchLine, failedOutcome, roundTrip as sharedRoundTrip } from '../__fixtures__/batch-round-trip.js';
import { pollUntilDone, useFakeBatchServers, type FakeBatchServer } from '../__fixtures__/fake-batch-servers.js';
import { everyText, generateRequest, httpModel, providerErrorFrom, recordedResponse, startFakeServer, useFakeServers } from '../__fixtures__/fake-server.js';
import { anthropicRequestBody, createAnthropicProvider } from '../anthropic.js';
import { createAnthropicBatchClient } from './anthropic-batch.js';
import type { BatchLine, BatchOutcome, PartialBatchHandle } from './types.js';

const apiKey = 'sk-ant-batch-test-PLANTED-42be';
const client = createAnthropicBatchClient({ getApiKey: () => apiKey });
const servers = useFakeBatchServers();
const serve = useFakeServers();

const line = batchLine;

function modelAt(server: { baseUrl: string }, changes: Partial<ModelSpec> = {}): ModelSpec {
  return httpModel('anthropic', server.baseUrl, changes);
}

const roundTrip = (server: FakeBatchServer, lines: BatchLine[], model = modelAt(server)) => sharedRoundTrip(client, lines, model);
const failure = failedOutcome;

describe('anthropic batch client, a batch that succeeds', () => {
  it('creates the batch, polls it and reads every answer from results_url', async () => {
    const server = await servers.anthropic({ apiKey, pollsUntilDone: 2 });
    const { handle, statuses, final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);

    expect(handle).toEqual({ provider: 'anthropic', batchId: 'msgbatch_1' });
    expect(statuses.map((status) => status.state)).toEqual(['in_progress', 'in_progress', 'ended']);
    expect(statuses[0]?.counts).toEqual({ succeeded: 0, errored: 0, expired: 0, total: 3 });
    expect(final.counts).toEqual({ succeeded: 3, errored: 0, expired: 0, total: 3 });
    const answer = outcomes.get('b');
    expect(answer?.ok && answer.result).toEqual({
      output: 'question b',
      // The recorded response's usage, normalised as a live call reads it (its cache counts are 0).
      usage: { inputTokens: 505, outputTokens: 41, cachedInputTokens: 0 },
      finishReason: { unified: 'stop', raw: 'end_turn' },
      rawUsage: (JSON.parse(recordedResponse('anthropic.message.success.json')) as { usage: unknown }).usage,
    });
    expect(server.batchesCreated()).toBe(1);
  });

  it('sends the documented headers and body, and fetches the results URL with the same headers', async () => {
    const server = await servers.anthropic({ apiKey });
    await roundTrip(server, [line('a')]);
    expect(server.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/messages/batches', 'GET /v1/messages/batches/msgbatch_1', 'GET /v1/messages/batches/msgbatch_1',
      'GET /v1/messages/batches/msgbatch_1', 'GET /v1/messages/batches/msgbatch_1/results',
    ]);
    for (const request of server.received) {
      expect(request.headers['x-api-key']).toBe(apiKey);
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
    }
    expect(server.received[0]?.headers['content-type']).toBe('application/json');
  });

  it('reports the batch id the moment it exists, before the first poll', async () => {
    const server = await servers.anthropic();
    const reports: Array<{ handle: PartialBatchHandle; requestsSoFar: number }> = [];
    await client.submit(modelAt(server), [line('a')], (handle) => reports.push({ handle, requestsSoFar: server.received.length }));
    expect(reports).toEqual([{ handle: { provider: 'anthropic', batchId: 'msgbatch_1' }, requestsSoFar: 1 }]);
  });

  it('asks in each request exactly what the live adapter asks for the same model and messages', async () => {
    const server = await servers.anthropic();
    const model = modelAt(server, { settings: { temperature: 0, maxOutputTokens: 64, stop: ['\n\n'] } });
    model.http!.extraBody = { top_k: 5 };
    await client.submit(model, [line('a'), line('b', 'other')], () => undefined);

    const sent = JSON.parse(server.received[0]!.bodyText) as { requests: Array<{ custom_id: string; params: unknown }> };
    expect(sent.requests.map((request) => request.custom_id)).toEqual(['a', 'b']);
    expect(sent.requests[0]?.params).toEqual(JSON.parse(JSON.stringify({ ...anthropicRequestBody(model, line('a').messages), ...model.http!.extraBody })));

    const live = await serve({ status: 200, body: recordedResponse('anthropic.message.success.json') });
    const liveModel = { ...model, http: { ...model.http!, baseUrl: `${live.origin}/v1` } };
    await createAnthropicProvider({ getApiKey: () => apiKey }).generate(generateRequest(liveModel, line('a').messages));
    expect(sent.requests[0]?.params).toEqual(JSON.parse(live.received[0]!.bodyText));
  });

  it('matches results to requests by custom id, in whatever order they come', async () => {
    const server = await servers.anthropic({ order: 'shuffled' });
    const lines = Array.from({ length: 20 }, (_, index) => line(`item-${index}`));
    const handle = await client.submit(modelAt(server), lines, () => undefined);
    await pollUntilDone(client, modelAt(server), handle);
    const outcomes = await client.results(modelAt(server), handle);
    expect(outcomes.map((outcome) => outcome.customId)).not.toEqual(lines.map((entry) => entry.customId));
    for (const outcome of outcomes) expect(outcome.ok && outcome.result.output).toBe(`question ${outcome.customId}`);
    expect(outcomes).toHaveLength(20);
  });
});

describe('anthropic batch client, lines and batches that fail', () => {
  it('reads an errored line with its error type, retryable for an api_error', async () => {
    const server = await servers.anthropic({ scenarioFor: (id) => (id === 'b' ? 'fail-line' : undefined) });
    const { final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);
    expect(final).toEqual({ state: 'ended', counts: { succeeded: 2, errored: 1, expired: 0, total: 3 } });
    expect(failure(outcomes.get('b'))).toEqual({ customId: 'b', ok: false, kind: 'errored', retryable: true, error: 'api_error: Internal server error' });
  });

  it('does not retry an errored line the request itself caused', async () => {
    const results = [
      { custom_id: 'a', result: { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } } } },
    ].map((entry) => JSON.stringify(entry)).join('\n');
    const outcomes = await resultsFrom(results);
    expect(outcomes).toEqual([{ customId: 'a', ok: false, kind: 'errored', retryable: false, error: 'invalid_request_error: max_tokens: too large' }]);
  });

  it('ends expired when lines expired, each of them expired and retryable', async () => {
    const server = await servers.anthropic({ scenarioFor: (id) => (id === 'c' ? 'expire' : undefined) });
    const { final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);
    expect(final).toEqual({ state: 'expired', counts: { succeeded: 2, errored: 0, expired: 1, total: 3 } });
    expect(failure(outcomes.get('c'))).toMatchObject({ kind: 'expired', retryable: true });
  });

  it('cancels a batch: it is canceling until it ends, its lines canceled', async () => {
    const server = await servers.anthropic({ pollsUntilDone: 2 });
    const model = modelAt(server);
    const handle = await client.submit(model, [line('a'), line('b')], () => undefined);
    await client.cancel!(model, handle);
    expect(server.received.at(-1)).toMatchObject({ method: 'POST', path: '/v1/messages/batches/msgbatch_1/cancel' });
    const statuses = await pollUntilDone(client, model, handle);
    expect(statuses[0]).toMatchObject({ state: 'in_progress', message: 'canceling' });
    expect(statuses.at(-1)?.state).toBe('cancelled');
    const outcomes = await client.results(model, handle);
    expect(outcomes.map((outcome) => !outcome.ok && [outcome.kind, outcome.retryable])).toEqual([['cancelled', true], ['cancelled', true]]);
  });

  it('has no failed batch state: a create the server refuses is a retryable ProviderError, and no id is stored', async () => {
    const server = await servers.anthropic({ scenario: 'fail-batch' });
    const created: PartialBatchHandle[] = [];
    const error = await providerErrorFrom(client.submit(modelAt(server), [line('a')], (handle) => created.push(handle)));
    expect(error.message).toBe('anthropic: POST /v1/messages/batches: HTTP 500: api_error: Internal server error');
    expect(error.isRetryable).toBe(true);
    expect(created).toEqual([]);
  });
});

describe('anthropic batch client, errors', () => {
  it('says plainly that a server without batch endpoints has none', async () => {
    const server = await serve({ status: 404, body: '{"detail":"Not Found"}' });
    const error = await providerErrorFrom(client.submit(httpModel('anthropic', `${server.origin}/v1`), [line('a')], () => undefined));
    expect(error.message).toBe(`anthropic: POST /v1/messages/batches: HTTP 404: the server at ${server.origin}/v1 has no batch endpoints (/messages/batches): check model "under-test"'s base_url (Anthropic's ends in /v1), or run without --batch`);
    expect(error.isRetryable).toBe(false);
    expect(everyText(error)).not.toContain(apiKey);
  });

  it('never shows the key, even when the server echoes it', async () => {
    const server = await serve({ status: 401, body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${apiKey}` } }) });
    const error = await providerErrorFrom(client.submit(httpModel('anthropic', `${server.origin}/v1`), [line('a')], () => undefined));
    expect(error.message).toBe('anthropic: POST /v1/messages/batches: HTTP 401: authentication_error: invalid x-api-key [redacted]');
    expect(everyText(error)).not.toContain(apiKey);
  });

  it('sends the key to no host but the base URL\'s: a results_url elsewhere is refused', async () => {
    const elsewhere = await serve({ status: 200, body: '' });
    const server = await startFakeServer(() => ({ status: 200, body: JSON.stringify(endedBatch(`${elsewhere.origin}/v1/messages/batches/msgbatch_1/results`)) }));
    try {
      const model = httpModel('anthropic', `${server.origin}/v1`);
      const error = await providerErrorFrom(client.results(model, { provider: 'anthropic', batchId: 'msgbatch_1' }));
      expect(error.message).toBe(`anthropic: the server named a results URL on another host (${elsewhere.origin}); not sending the key there`);
      expect(elsewhere.received).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('rejects a custom id Anthropic would refuse before anything is sent', async () => {
    const server = await servers.anthropic();
    const error = await providerErrorFrom(client.submit(modelAt(server), [line('x'.repeat(65))], () => undefined));
    expect(error.message).toMatch(/^anthropic: request 1: custom id "x{65}" must be 1 to 64 of A-Z, a-z, 0-9, _ and -$/);
    expect(server.received).toEqual([]);
  });
});

function endedBatch(resultsUrl: string) {
  return {
    id: 'msgbatch_1', type: 'message_batch', processing_status: 'ended',
    request_counts: { processing: 0, succeeded: 1, errored: 0, canceled: 0, expired: 0 }, results_url: resultsUrl,
  };
}

/** The outcomes a results file gives, served by a plain fake at the base URL's origin. */
async function resultsFrom(jsonl: string): Promise<BatchOutcome[]> {
  let origin = '';
  const server = await startFakeServer((request) => request.path.endsWith('/results')
    ? { status: 200, body: jsonl }
    : { status: 200, body: JSON.stringify(endedBatch(`${origin}/v1/messages/batches/msgbatch_1/results`)) });
  origin = server.origin;
  try {
    return await client.results(httpModel('anthropic', `${server.origin}/v1`), { provider: 'anthropic', batchId: 'msgbatch_1' });
  } finally {
    await server.close();
  }
}
