import { describe, expect, it } from 'vitest';
import type { Message, ModelSpec } from '../../types/index.js';
import { batchLine, failedOutcome, roundTrip as sharedRoundTrip } from '../__fixtures__/batch-round-trip.js';
import { pollUntilDone, useFakeBatchServers, type FakeBatchServer } from '../__fixtures__/fake-batch-servers.js';
import { everyText, generateRequest, httpModel, providerErrorFrom, recordedResponse, useFakeServers } from '../__fixtures__/fake-server.js';
import { createOpenAiProvider, openAiRequestBody } from '../openai.js';
import { createOpenAiBatchClient } from './openai-batch.js';
import type { BatchLine, PartialBatchHandle } from './types.js';

const apiKey = 'sk-batch-test-PLANTED-7f3a9c';
const client = createOpenAiBatchClient({ getApiKey: () => apiKey });
const servers = useFakeBatchServers();
const serve = useFakeServers();

const line = batchLine;

function modelAt(server: { baseUrl: string }, changes: Partial<ModelSpec> = {}): ModelSpec {
  return httpModel('openai', server.baseUrl, changes);
}

const roundTrip = (server: FakeBatchServer, lines: BatchLine[], model = modelAt(server)) => sharedRoundTrip(client, lines, model);
const failure = failedOutcome;

describe('openai batch client, a batch that succeeds', () => {
  it('uploads a JSONL file, creates the batch, polls it and reads every answer back', async () => {
    const server = await servers.openai({ apiKey, pollsUntilDone: 2 });
    const { handle, statuses, final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);

    expect(handle).toEqual({ provider: 'openai', batchId: 'batch_1', inputFileId: 'file-1' });
    expect(statuses.map((status) => status.state)).toEqual(['in_progress', 'in_progress', 'ended']);
    expect(final.counts).toEqual({ succeeded: 3, errored: 0, total: 3 });
    const answer = outcomes.get('b');
    expect(answer?.ok && answer.result).toEqual({
      output: 'question b',
      // The recorded response's usage, normalised as a live call reads it.
      usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
      finishReason: { unified: 'stop', raw: 'stop' },
      rawUsage: (JSON.parse(recordedResponse('openai.chat_completion.success.json')) as { usage: unknown }).usage,
      servedModel: 'gpt-test',
    });
    expect([...outcomes.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(server.batchesCreated()).toBe(1);
  });

  it('sends what the Files and Batch APIs document, the key as a Bearer token on every call', async () => {
    const server = await servers.openai({ apiKey });
    await roundTrip(server, [line('a')]);
    const [upload, create] = server.received;
    expect(upload?.method).toBe('POST');
    expect(upload?.path).toBe('/v1/files');
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.bodyText).toMatch(/name="purpose"\r\n\r\nbatch\r\n/);
    expect(upload?.bodyText).toMatch(/name="file"; filename="route-bench-batch\.jsonl"/);
    expect(create?.path).toBe('/v1/batches');
    expect(JSON.parse(create?.bodyText ?? '')).toEqual({ input_file_id: 'file-1', endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(server.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/files', 'POST /v1/batches', 'GET /v1/batches/batch_1', 'GET /v1/batches/batch_1', 'GET /v1/batches/batch_1', 'GET /v1/files/file-2/content',
    ]);
    for (const request of server.received) expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('reports the file id, then the batch id, each the moment it exists, before any poll', async () => {
    const server = await servers.openai();
    const reports: Array<{ handle: PartialBatchHandle; requestsSoFar: string[] }> = [];
    const model = modelAt(server);
    const handle = await client.submit(model, [line('a')], (partial) => {
      reports.push({ handle: { ...partial }, requestsSoFar: server.received.map((request) => request.path) });
    });
    expect(reports).toEqual([
      { handle: { provider: 'openai', inputFileId: 'file-1' }, requestsSoFar: ['/v1/files'] },
      { handle: { provider: 'openai', inputFileId: 'file-1', batchId: 'batch_1' }, requestsSoFar: ['/v1/files', '/v1/batches'] },
    ]);
    expect(handle).toEqual(reports[1]?.handle);
  });

  it('asks in each line exactly what the live adapter asks for the same model and messages', async () => {
    const server = await servers.openai();
    const model = modelAt(server, { settings: { temperature: 0, maxOutputTokens: 64, stop: ['\n\n'] } });
    model.http!.extraBody = { seed: 7, temperature: 0.5 };
    const messages: Message[] = line('a').messages;
    await client.submit(model, [line('a'), line('b', 'other')], () => undefined);

    const uploaded = server.files.get('file-1')!.trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(uploaded[0]).toEqual({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: JSON.parse(JSON.stringify({ ...openAiRequestBody(model, messages), ...model.http!.extraBody })) });
    expect(uploaded.map((entry) => entry.custom_id)).toEqual(['a', 'b']);

    const live = await serve({ status: 200, body: recordedResponse('openai.chat_completion.success.json') });
    const liveModel = { ...model, http: { ...model.http!, baseUrl: `${live.origin}/v1` } };
    await createOpenAiProvider({ getApiKey: () => apiKey }).generate(generateRequest(liveModel, messages));
    expect(uploaded[0]?.body).toEqual(JSON.parse(live.received[0]!.bodyText));
  });

  it('matches results to requests by custom id, whatever the order of the files', async () => {
    const server = await servers.openai({ order: 'shuffled' });
    const lines = Array.from({ length: 20 }, (_, index) => line(`item-${index}`));
    const { outcomes } = await roundTrip(server, lines);
    const outputOrder = server.files.get('file-2')!.trim().split('\n').map((text) => (JSON.parse(text) as { custom_id: string }).custom_id);
    expect(outputOrder).not.toEqual(lines.map((entry) => entry.customId));
    for (const entry of lines) {
      const outcome = outcomes.get(entry.customId);
      expect(outcome?.ok && outcome.result.output).toBe(`question ${entry.customId}`);
    }
  });
});

describe('openai batch client, lines and batches that fail', () => {
  it('reads a failed line from the error file: its status, its message, retryable for a 5xx', async () => {
    const server = await servers.openai({ scenarioFor: (id) => (id === 'b' ? 'fail-line' : undefined) });
    const { final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);
    expect(final).toEqual({ state: 'ended', counts: { succeeded: 2, errored: 1, total: 3 } });
    expect(outcomes.get('a')?.ok).toBe(true);
    expect(failure(outcomes.get('b'))).toEqual({
      customId: 'b', ok: false, kind: 'errored', retryable: true, error: 'HTTP 500: The server had an error while processing your request.',
    });
  });

  it('marks the lines an expired batch never ran as expired, from the error file as documented', async () => {
    const server = await servers.openai({ scenarioFor: (id) => (id === 'c' ? 'expire' : undefined) });
    const { final, outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);
    expect(final.state).toBe('expired');
    expect(outcomes.get('a')?.ok && outcomes.get('b')?.ok).toBe(true);
    expect(failure(outcomes.get('c'))).toMatchObject({ kind: 'expired', retryable: true, error: expect.stringContaining('completion window expired') });
  });

  it('marks lines in neither file as expired too, learning them from the input file', async () => {
    const server = await servers.openai({ scenarioFor: (id) => (id === 'a' ? undefined : 'expire'), expiredLines: 'missing' });
    const { outcomes } = await roundTrip(server, [line('a'), line('b'), line('c')]);
    expect([...outcomes.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(failure(outcomes.get('b'))).toMatchObject({ kind: 'expired', retryable: true });
    expect(server.received.at(-1)?.path).toBe('/v1/files/file-1/content');
  });

  it('says why a batch failed as a whole, and fails its every line', async () => {
    const server = await servers.openai({ scenario: 'fail-batch' });
    const { final, outcomes } = await roundTrip(server, [line('a'), line('b')]);
    expect(final.state).toBe('failed');
    expect(final.message).toBe('Enqueued token limit reached for gpt-test. (token_limit_exceeded)');
    expect(failure(outcomes.get('a'))).toMatchObject({ kind: 'errored', retryable: true, error: expect.stringContaining('Enqueued token limit') });
    expect(outcomes.size).toBe(2);
  });

  it('cancels a batch: the lines not run come back cancelled, to be asked again', async () => {
    const server = await servers.openai({ pollsUntilDone: 3 });
    const model = modelAt(server);
    const handle = await client.submit(model, [line('a'), line('b')], () => undefined);
    await client.cancel!(model, handle);
    expect(server.received.at(-1)).toMatchObject({ method: 'POST', path: '/v1/batches/batch_1/cancel' });
    const statuses = await pollUntilDone(client, model, handle);
    expect(statuses.at(-1)?.state).toBe('cancelled');
    const outcomes = await client.results(model, handle);
    expect(outcomes.map((outcome) => !outcome.ok && outcome.kind)).toEqual(['cancelled', 'cancelled']);
  });

  it('will not read results before the batch has ended', async () => {
    const server = await servers.openai({ pollsUntilDone: 5 });
    const model = modelAt(server);
    const handle = await client.submit(model, [line('a')], () => undefined);
    const error = await providerErrorFrom(client.results(model, handle));
    expect(error.message).toBe('openai: batch batch_1 has not ended (in_progress)');
    expect(error.isRetryable).toBe(true);
  });
});

describe('openai batch client, errors', () => {
  it('says plainly that a server without batch endpoints (a local vLLM) has none, and stores no id', async () => {
    const server = await serve({ status: 404, body: '{"detail":"Not Found"}' });
    const created: PartialBatchHandle[] = [];
    const error = await providerErrorFrom(client.submit(httpModel('openai', `${server.origin}/v1`), [line('a')], (handle) => created.push(handle)));
    expect(error.message).toBe(`openai: POST /v1/files: HTTP 404: the server at ${server.origin}/v1 has no batch endpoints (/files, /batches): check model "under-test"'s base_url (OpenAI's ends in /v1), or run without --batch (a local vLLM or Ollama answers live only)`);
    expect(error.status).toBe(404);
    expect(error.isRetryable).toBe(false);
    expect(created).toEqual([]);
    expect(everyText(error)).not.toContain(apiKey);
  });

  it('never shows the key, even when the server echoes it', async () => {
    const server = await serve({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${apiKey}.`, code: 'invalid_api_key' } }) });
    const error = await providerErrorFrom(client.submit(httpModel('openai', `${server.origin}/v1`), [line('a')], () => undefined));
    expect(error.message).toBe('openai: POST /v1/files: HTTP 401: Incorrect API key provided: [redacted]. (invalid_api_key)');
    expect(error.isRetryable).toBe(false);
    expect(everyText(error)).not.toContain(apiKey);
  });

  it('redacts before cutting a long error short, so no half of the key is left at the cut', async () => {
    const server = await serve({ status: 400, body: JSON.stringify({ error: { message: `${'x'.repeat(290)}${apiKey}` } }) });
    const error = await providerErrorFrom(client.submit(httpModel('openai', `${server.origin}/v1`), [line('a')], () => undefined));
    expect(error.message).not.toContain(apiKey.slice(0, 8));
    expect(error.message).toContain('[redacted]');
  });

  it('rejects a bad custom id or a repeated one before anything is sent, in one line', async () => {
    const server = await servers.openai();
    const model = modelAt(server);
    const bad = await providerErrorFrom(client.submit(model, [line('has space')], () => undefined));
    expect(bad.message).toBe('openai: request 1: custom id "has space" must be 1 to 64 of A-Z, a-z, 0-9, _ and -');
    const twice = await providerErrorFrom(client.submit(model, [line('a'), line('a')], () => undefined));
    expect(twice.message).toBe('openai: request 2: custom id "a" appears twice in one batch');
    const none = await providerErrorFrom(client.submit(model, [], () => undefined));
    expect(none.message).toBe('openai: a batch needs at least one request');
    expect([bad, twice, none].every((error) => !error.isRetryable)).toBe(true);
    expect(server.received).toEqual([]);
  });
});
