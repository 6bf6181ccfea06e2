import { afterEach, describe, expect, it } from 'vitest';
import { httpModel, recordedResponse, startFakeServer, type FakeServer } from '../providers/__fixtures__/fake-server.js';
import { createOpenAiProvider } from '../providers/openai.js';
import { openDatabase } from '../store/open-database.js';
import { RunStore } from '../store/run-store.js';
import { parseRunSettings } from '../store/run-settings-document.js';
import { AnswerEngine } from './engine/answer-engine.js';
import { RetryingCalls } from './engine/calls.js';
import { attemptingSource, providerAttempter } from './engine/sources.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that rate-limits the first `limited` requests with these headers, then answers with the recorded body. */
async function rateLimiting(limited: number, headers: Record<string, string>): Promise<FakeServer> {
  let seen = 0;
  server = await startFakeServer(() => (++seen <= limited
    ? { status: 429, headers, body: JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }) }
    : { status: 200, body: recordedResponse('openai.chat_completion.success.json') }));
  return server;
}

/** Asks one answer through the real OpenAI adapter and the engine, recording the waits instead of waiting. */
async function answerThrough(origin: string) {
  const database = openDatabase(':memory:');
  const store = new RunStore(database);
  const runId = store.createRun({ kind: 'run', suiteName: 'waits', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 't', seed: 0,
    repeat: 1, baseline: 'b', frontier: 'f', marginPp: 1, status: 'running', itemCount: 1, options: parseRunSettings('{}'), startedAt: 'now', models: [], configurations: [] });
  const waits: number[] = [];
  const notices: string[] = [];
  const calls = new RetryingCalls({ runId, store, countTokens: (text) => text.length, useCache: false, concurrency: 1,
    sleep: async (milliseconds) => void waits.push(milliseconds), onNotice: (text) => notices.push(text) });
  const engine = new AnswerEngine({ openai: attemptingSource(providerAttempter(createOpenAiProvider({ getApiKey: () => 'sk-test' }))) }, calls);
  const model = httpModel('openai', `${origin}/v1`, { limits: { timeoutMs: 5_000, maxAttempts: 6 } });
  const answer = await engine.answer({ model, item: { id: 'i', expected: 'x', tags: [], fields: {} }, prompt: 'hello', promptTokens: 5, sample: 0,
    checks: [], memo: new Map() });
  database.close();
  return { answer, waits, notices };
}

describe('waits a server asks for', () => {
  it('caps a retry-after of 999999 seconds at a minute, and says so', async () => {
    const { origin } = await rateLimiting(1, { 'retry-after': '999999' });
    const { answer, waits, notices } = await answerThrough(origin);
    expect(answer.outcome).toBe('ok');
    expect(waits).toEqual([60_000]);
    expect(notices).toEqual(['model "under-test": waiting 60 s before retrying (the server asked for 999999 s; max_retry_wait_ms caps it)']);
  });

  it('backs off normally when the retry-after is a date already past, instead of firing every attempt at once', async () => {
    const { origin } = await rateLimiting(3, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' });
    const { answer, waits } = await answerThrough(origin);
    expect(answer.outcome).toBe('ok');
    expect(waits).toHaveLength(3);
    waits.forEach((waited, index) => {
      const ceiling = 500 * 2 ** index;
      expect(waited, `wait after attempt ${index + 1}`).toBeGreaterThanOrEqual(0.75 * ceiling);
      expect(waited, `wait after attempt ${index + 1}`).toBeLessThanOrEqual(ceiling);
    });
  });
});
