import { afterEach, vi } from 'vitest';
import { ProviderError } from '../../../errors.js';
import { parseRunSettings } from '../../../store/run-settings-document.js';
import type { GenerateResult, Item, ModelSpec, Usage } from '../../../types/index.js';
import { openDatabase, type SqliteDatabase } from '../../../store/open-database.js';
import { RunStore } from '../../../store/run-store.js';
import { AnswerEngine } from '../answer-engine.js';
import { RetryingCalls, type CallsOptions } from '../calls.js';
import { attemptingSource } from '../sources.js';
import type { AnswerRequest, Attempter, AttemptRequest } from '../types.js';

/** One token per word: easy to count by eye. */
export const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** $1 per input token, $2 per output token, $0.25 per cached input token: costs read as token sums. */
export const price = { inputPerMtokUsd: 1_000_000, outputPerMtokUsd: 2_000_000, cachedInputPerMtokUsd: 250_000, source: 'suite' };

export function stubModel(changes: Partial<ModelSpec> = {}, limits: Partial<ModelSpec['limits']> = {}): ModelSpec {
  return {
    name: 'stubby',
    provider: 'stub',
    model: 'stub-1',
    price,
    settings: {},
    ...changes,
    limits: { timeoutMs: 1_000, maxAttempts: 8, ...limits },
  };
}

export function item(id: string): Item {
  return { id, expected: 'x', tags: [], fields: {} };
}

export type Respond = (request: AttemptRequest) => Promise<GenerateResult> | GenerateResult;

export interface StubProvider extends Attempter {
  requests: AttemptRequest[];
}

export function stubProvider(respond: Respond): StubProvider {
  const requests: AttemptRequest[] = [];
  return {
    requests,
    async attempt(request) {
      requests.push(request);
      return respond(request);
    },
  };
}

/** Attempt n gets steps[n - 1] (the last repeats): an error to throw or a result to return. */
export function scripted(steps: Array<ProviderError | GenerateResult>): StubProvider {
  return stubProvider((request) => {
    const step = steps[Math.min(request.attempt, steps.length) - 1]!;
    if (step instanceof ProviderError) throw step;
    return step;
  });
}

export function success(output = 'the answer', usage: Usage = { inputTokens: 3, outputTokens: 2 }): GenerateResult {
  return { output, usage, finishReason: { unified: 'stop', raw: 'stop' } };
}

export const rateLimited = (retryAfterMs?: number) =>
  new ProviderError({ message: 'stub: HTTP 429: slow down', status: 429, isRetryable: true, retryAfterMs });
export const serverError = () => new ProviderError({ message: 'stub: HTTP 500: oops', status: 500, isRetryable: true });
export const badRequest = () => new ProviderError({ message: 'stub: HTTP 400: bad request', status: 400, isRetryable: false });

export interface Harness {
  database: SqliteDatabase;
  store: RunStore;
  runId: number;
  sleeps: number[];
  engine(provider: Attempter, changes?: Partial<CallsOptions>): AnswerEngine;
  calls(): CallRow[];
}

export interface CallRow {
  item_id: string;
  attempt: number;
  status: string;
  http_status: number | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  usage_estimated: number;
  cost_usd: number;
  latency_ms: number;
  cache_key: string;
}

const databases: SqliteDatabase[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const database of databases.splice(0)) database.close();
});

export function harness(): Harness {
  const database = openDatabase(':memory:');
  databases.push(database);
  const store = new RunStore(database);
  const runId = store.createRun({
    kind: 'run', suiteName: 'engine-test', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 'test', seed: 0,
    repeat: 1, baseline: 'all', frontier: 'stubby', marginPp: 1, status: 'running', itemCount: 0, options: parseRunSettings('{}'),
    startedAt: new Date().toISOString(), models: [], configurations: [],
  });
  const sleeps: number[] = [];
  // Records every wait without waiting; under fake timers the fake clock moves by it, so latencies can be compared.
  const sleep = async (milliseconds: number) => {
    sleeps.push(milliseconds);
    if (vi.isFakeTimers()) await new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  };
  return {
    database,
    store,
    runId,
    sleeps,
    engine: (provider, changes = {}) =>
      new AnswerEngine({ stub: attemptingSource(provider) }, new RetryingCalls({ runId, store, countTokens, useCache: true, concurrency: 8, sleep, ...changes })),
    calls: () => {
      store.flush();
      return database.prepare('SELECT * FROM calls ORDER BY id').all() as CallRow[];
    },
  };
}

export function request(model: ModelSpec, prompt = 'what is x', changes: Partial<AnswerRequest> = {}): AnswerRequest {
  return { model, item: item(prompt), prompt, promptTokens: countTokens(prompt), sample: 0, checks: [], memo: new Map(), ...changes };
}

/** Runs `work` with fake timers (performance.now included), moving the clock until it settles. */
export async function onFakeClock<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
  const pending = work();
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let round = 0; round < 10_000 && !settled; round++) await vi.advanceTimersToNextTimerAsync();
  return pending;
}

