import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, RunStoppedError } from '../../errors.js';
import { parseRunSettings } from '../../store/run-settings-document.js';
import type { GenerateResult, Item, ModelSpec, Usage } from '../../types/index.js';
import { openDatabase, type SqliteDatabase } from '../../store/open-database.js';
import { RunStore } from '../../store/run-store.js';
import { AnswerEngine } from './answer-engine.js';
import { Budget, BudgetExhaustedError } from './budget.js';
import { RetryingCalls, type CallsOptions } from './calls.js';
import { RateLimiter } from './rate-limiter.js';
import { backoffMs, failureKind, retryWaitMs } from './retry-policy.js';
import { attemptingSource } from './sources.js';
import type { Answer, AnswerRequest, Attempter, AttemptRequest } from './types.js';

/** One token per word: easy to count by eye. */
const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** $1 per input token, $2 per output token, $0.25 per cached input token: costs read as token sums. */
const price = { inputPerMtokUsd: 1_000_000, outputPerMtokUsd: 2_000_000, cachedInputPerMtokUsd: 250_000, source: 'suite' };

function stubModel(changes: Partial<ModelSpec> = {}, limits: Partial<ModelSpec['limits']> = {}): ModelSpec {
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

function item(id: string): Item {
  return { id, expected: 'x', tags: [], fields: {} };
}

type Respond = (request: AttemptRequest) => Promise<GenerateResult> | GenerateResult;

interface StubProvider extends Attempter {
  requests: AttemptRequest[];
}

function stubProvider(respond: Respond): StubProvider {
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
function scripted(steps: Array<ProviderError | GenerateResult>): StubProvider {
  return stubProvider((request) => {
    const step = steps[Math.min(request.attempt, steps.length) - 1]!;
    if (step instanceof ProviderError) throw step;
    return step;
  });
}

function success(output = 'the answer', usage: Usage = { inputTokens: 3, outputTokens: 2 }): GenerateResult {
  return { output, usage, finishReason: { unified: 'stop', raw: 'stop' } };
}

const rateLimited = (retryAfterMs?: number) =>
  new ProviderError({ message: 'stub: HTTP 429: slow down', status: 429, isRetryable: true, retryAfterMs });
const serverError = () => new ProviderError({ message: 'stub: HTTP 500: oops', status: 500, isRetryable: true });
const badRequest = () => new ProviderError({ message: 'stub: HTTP 400: bad request', status: 400, isRetryable: false });

interface Harness {
  database: SqliteDatabase;
  store: RunStore;
  runId: number;
  sleeps: number[];
  engine(provider: Attempter, changes?: Partial<CallsOptions>): AnswerEngine;
  calls(): CallRow[];
}

interface CallRow {
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

function harness(): Harness {
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

function request(model: ModelSpec, prompt = 'what is x', changes: Partial<AnswerRequest> = {}): AnswerRequest {
  return { model, item: item(prompt), prompt, promptTokens: countTokens(prompt), sample: 0, checks: [], memo: new Map(), ...changes };
}

/** Runs `work` with fake timers (performance.now included), moving the clock until it settles. */
async function onFakeClock<T>(work: () => Promise<T>): Promise<T> {
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

describe('AnswerEngine retries', () => {
  it('waits exactly the retry-after of a 429, up to the cap, and records every attempt as a call', async () => {
    const test = harness();
    const notices: string[] = [];
    const provider = scripted([rateLimited(1_234), rateLimited(0), rateLimited(999_999_000), success()]);
    const answer = await test.engine(provider, { onNotice: (text) => notices.push(text) }).answer(request(stubModel()));
    expect(answer).toMatchObject({ outcome: 'ok', output: 'the answer', cached: false });
    // A retry-after is obeyed as given up to a minute; "0" would fire every attempt at once, so it gets the back-off.
    expect(test.sleeps[0]).toBe(1_234);
    expect(test.sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(test.sleeps[1]).toBeLessThanOrEqual(1_000);
    expect(test.sleeps[2]).toBe(60_000);
    // The long wait is said, with what the server asked for.
    expect(notices).toEqual(['model "stubby": waiting 60 s before retrying (the server asked for 999999 s; max_retry_wait_ms caps it)']);
    expect(provider.requests.map((sent) => sent.attempt)).toEqual([1, 2, 3, 4]);
    const calls = test.calls();
    expect(calls.map((call) => [call.attempt, call.status, call.http_status, call.error])).toEqual([
      [1, 'error', 429, 'stub: HTTP 429: slow down'],
      [2, 'error', 429, 'stub: HTTP 429: slow down'],
      [3, 'error', 429, 'stub: HTTP 429: slow down'],
      [4, 'ok', null, null],
    ]);
    // Failed attempts cost nothing; one cache key for the whole answer.
    expect(calls.slice(0, 3).every((call) => call.cost_usd === 0 && call.input_tokens === null)).toBe(true);
    expect(new Set(calls.map((call) => call.cache_key)).size).toBe(1);
  });

  it('backs off exponentially without a retry-after, never more than 8 s, and gives up after max_attempts', async () => {
    const test = harness();
    const provider = scripted([serverError()]);
    const answer = await test.engine(provider).answer(request(stubModel({}, { maxAttempts: 8 })));
    expect(answer).toMatchObject({ outcome: 'failed', output: '', costUsd: 0, spentUsd: 0, error: 'stub: HTTP 500: oops' });
    expect(provider.requests).toHaveLength(8);
    expect(test.sleeps).toHaveLength(7);
    test.sleeps.forEach((waited, index) => {
      const ceiling = Math.min(8_000, 500 * 2 ** index);
      expect(waited, `wait after attempt ${index + 1}`).toBeGreaterThanOrEqual(0.75 * ceiling);
      expect(waited, `wait after attempt ${index + 1}`).toBeLessThanOrEqual(ceiling);
    });
    const calls = test.calls();
    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(calls.every((call) => call.status === 'error' && call.http_status === 500 && call.error === 'stub: HTTP 500: oops')).toBe(true);
  });

  it('bounds the backoff for any attempt number', () => {
    for (let attempt = 1; attempt <= 100; attempt++) {
      const waited = backoffMs(attempt);
      expect(waited).toBeGreaterThan(0);
      expect(waited).toBeLessThanOrEqual(8_000);
    }
  });

  it('obeys a server wait up to the cap, and backs off normally when it asks for none (a date already past)', () => {
    expect(retryWaitMs(3, 42)).toBe(42);
    expect(retryWaitMs(3, 90_000)).toBe(60_000);
    expect(retryWaitMs(3, 90_000, 120_000)).toBe(90_000);
    for (const asked of [undefined, 0, -5]) {
      const waited = retryWaitMs(3, asked);
      expect(waited).toBeGreaterThanOrEqual(1_500);
      expect(waited).toBeLessThanOrEqual(2_000);
    }
  });

  it('labels a failed answer by why there is none', async () => {
    const test = harness();
    const answer = await test.engine(scripted([badRequest()])).answer(request(stubModel()));
    expect(answer).toMatchObject({ outcome: 'failed', unanswered: 'HTTP 400' });
    expect(failureKind(new ProviderError({ message: 'x', isRetryable: true, kind: 'timeout' }))).toBe('timeout');
    expect(failureKind(new ProviderError({ message: 'x', isRetryable: true, kind: 'network' }))).toBe('network error');
    expect(failureKind(new ProviderError({ message: 'x', status: 200, isRetryable: true, kind: 'malformed' }))).toBe('malformed response');
  });

  it('takes an empty answer stopped by a content filter for a refusal: no answer, at what the call cost, from the cache too', async () => {
    const test = harness();
    const filtered: GenerateResult = { output: '', usage: { inputTokens: 3, outputTokens: 0 }, finishReason: { unified: 'content-filter', raw: 'content_filter' } };
    const first = await test.engine(scripted([filtered])).answer(request(stubModel()));
    expect(first).toMatchObject({ outcome: 'failed', unanswered: 'content filter', costUsd: 3, spentUsd: 3 });
    const again = await test.engine(scripted([success()])).answer(request(stubModel()));
    expect(again).toMatchObject({ outcome: 'failed', unanswered: 'content filter', costUsd: 3, spentUsd: 0, cached: true });
    // Text the filter cut short is an answer, graded like any other.
    const partial = await test.engine(scripted([{ ...filtered, output: 'The answer is' }])).answer(request(stubModel(), 'another prompt'));
    expect(partial).toMatchObject({ outcome: 'ok', output: 'The answer is' });
  });

  it('stops the run at the first 401, 403 or 404: the configuration is wrong, not the model', async () => {
    for (const status of [401, 403, 404]) {
      const test = harness();
      const refused = new ProviderError({ message: `stub: HTTP ${status}: Incorrect API key provided`, status, isRetryable: false });
      const provider = scripted([refused]);
      const failure = await test.engine(provider).answer(request(stubModel())).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RunStoppedError);
      expect((failure as Error).message).toContain(`HTTP ${status}: Incorrect API key provided`);
      expect(provider.requests).toHaveLength(1);
      expect(test.calls().map((call) => call.http_status)).toEqual([status]);
    }
  });

  it('declares a model down after a streak of failed attempts that lasted long enough, and not before', async () => {
    const test = harness();
    let clockMs = 0;
    const networkError = () => {
      clockMs += 1_500;
      return new ProviderError({ message: 'stub: network error (ECONNREFUSED)', isRetryable: true, kind: 'network' });
    };
    const provider = stubProvider(() => {
      throw networkError();
    });
    const engine = test.engine(provider, { now: () => clockMs });
    const model = stubModel({}, { maxAttempts: 3, downAfterFailures: 10, downAfterMs: 13_500 });
    // Three items of three attempts: 9 failures over 12 s, each item a failed answer; the streak goes on.
    for (const id of ['a', 'b', 'c']) expect(await engine.answer(request(model, id))).toMatchObject({ outcome: 'failed' });
    // The tenth failure comes 13.5 s after the first: the model is down.
    const failure = await engine.answer(request(model, 'd')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RunStoppedError);
    expect((failure as Error).message).toBe('model "stubby" is not answering: its last 10 attempts over 13.5 s failed, the last with: stub: network error (ECONNREFUSED)');
    expect(provider.requests).toHaveLength(10);
  });

  it('counts a success as the end of a failing streak', async () => {
    const test = harness();
    let clockMs = 0;
    let calls = 0;
    const provider = stubProvider(() => {
      clockMs += 5_000;
      // Every fifth attempt succeeds: never ten failures in a row.
      if (++calls % 5 === 0) return success();
      throw serverError();
    });
    const engine = test.engine(provider, { now: () => clockMs });
    const model = stubModel({}, { maxAttempts: 5, downAfterFailures: 10, downAfterMs: 1_000 });
    for (let index = 0; index < 20; index++) expect(await engine.answer(request(model, `i${index}`))).toMatchObject({ outcome: 'ok' });
  });

  it('fails a non-retryable 400 at once, after one attempt', async () => {
    const test = harness();
    const provider = scripted([badRequest(), success()]);
    const answer = await test.engine(provider).answer(request(stubModel()));
    expect(answer).toMatchObject({ outcome: 'failed', error: 'stub: HTTP 400: bad request', spentUsd: 0 });
    expect(provider.requests).toHaveLength(1);
    expect(test.sleeps).toEqual([]);
    expect(test.calls().map((call) => [call.attempt, call.status, call.http_status, call.error])).toEqual([
      [1, 'error', 400, 'stub: HTTP 400: bad request'],
    ]);
  });

  it('does not cache a failure: a later engine asks again', async () => {
    const test = harness();
    await test.engine(scripted([badRequest()])).answer(request(stubModel()));
    const provider = scripted([success()]);
    const answer = await test.engine(provider).answer(request(stubModel()));
    expect(answer).toMatchObject({ outcome: 'ok', cached: false });
    expect(provider.requests).toHaveLength(1);
  });
});

describe('AnswerEngine latency', () => {
  it('measures only the successful attempt: no backoff, no retry-after, no rate-limit wait', async () => {
    const test = harness();
    const generateMs = [30, 40];
    const provider = stubProvider(async (sent) => {
      await new Promise((resolve) => setTimeout(resolve, generateMs[sent.attempt - 1]));
      if (sent.attempt === 1) throw rateLimited(5_000);
      return success();
    });
    // One request a minute: the retry waits ~55 s for the limiter after its 5 s retry-after.
    const model = stubModel({}, { requestsPerMinute: 1 });
    const start = Date.now();
    const answer = await onFakeClock(() => test.engine(provider).answer(request(model)));
    const elapsedMs = Date.now() - start;
    expect(elapsedMs).toBeGreaterThanOrEqual(60_000);
    expect(test.sleeps).toEqual([5_000]);
    expect(answer.latencyMs).toBe(40);
    expect(test.calls().map((call) => call.latency_ms)).toEqual([30, 40]);
  });

  it('does not count the wait for a free slot as latency', async () => {
    const test = harness();
    const provider = stubProvider(async () => {
      await new Promise((resolve) => setTimeout(resolve, 25));
      return success();
    });
    const engine = test.engine(provider, { concurrency: 1 });
    const answers = await onFakeClock(() =>
      Promise.all(['one', 'two', 'three'].map((prompt) => engine.answer(request(stubModel(), prompt)))),
    );
    expect(answers.map((answer) => answer.latencyMs)).toEqual([25, 25, 25]);
  });
});

describe('AnswerEngine usage and cost', () => {
  it('estimates the token counts a provider leaves undefined, and says so', async () => {
    const test = harness();
    const model = stubModel({ settings: { system: 'be brief' } });
    const provider = scripted([success('four words of output', { inputTokens: undefined, outputTokens: undefined })]);
    const answer = await test.engine(provider).answer(request(model, 'what is the capital'));
    const [call] = test.calls();
    // The system prompt is sent too: 2 + 4 words.
    expect(call).toMatchObject({ input_tokens: 6, output_tokens: 4, usage_estimated: 1, status: 'ok' });
    expect(call!.cost_usd).toBeCloseTo(6 * 1 + 4 * 2, 9);
    expect(answer.costUsd).toBeCloseTo(14, 9);
  });

  it('keeps reported counts as they are, estimating only the missing one', async () => {
    const test = harness();
    const provider = scripted([success('a b c', { inputTokens: 50, outputTokens: undefined })]);
    await test.engine(provider).answer(request(stubModel()));
    expect(test.calls()[0]).toMatchObject({ input_tokens: 50, output_tokens: 3, usage_estimated: 1 });

    const inputOnly = harness();
    await inputOnly.engine(scripted([success('a b c', { inputTokens: undefined, outputTokens: 7 })])).answer(request(stubModel()));
    expect(inputOnly.calls()[0]).toMatchObject({ input_tokens: 3, output_tokens: 7, usage_estimated: 1 });

    const reported = harness();
    await reported.engine(scripted([success('a b c', { inputTokens: 50, outputTokens: 7 })])).answer(request(stubModel()));
    expect(reported.calls()[0]).toMatchObject({ input_tokens: 50, output_tokens: 7, usage_estimated: 0 });
  });

  it('prices cached input tokens at the cached-input price', async () => {
    const test = harness();
    const usage = { inputTokens: 100, cachedInputTokens: 60, outputTokens: 10 };
    const answer = await test.engine(scripted([success('out', usage)])).answer(request(stubModel()));
    const expected = 40 * 1 + 60 * 0.25 + 10 * 2;
    expect(answer.costUsd).toBeCloseTo(expected, 9);
    expect(answer.spentUsd).toBeCloseTo(expected, 9);
    expect(test.calls()[0]).toMatchObject({ input_tokens: 100, cached_input_tokens: 60, output_tokens: 10 });
    expect(test.calls()[0]!.cost_usd).toBeCloseTo(expected, 9);
  });
});

describe('AnswerEngine cache', () => {
  it('serves a repeated request from the store: no call, cached, nothing spent, the first price and latency', async () => {
    const test = harness();
    const first = scripted([success('stored answer', { inputTokens: 10, outputTokens: 5 })]);
    const original = await test.engine(first).answer(request(stubModel()));
    expect(original).toMatchObject({ cached: false, costUsd: 20, spentUsd: 20 });

    const second = scripted([success('a different answer')]);
    const again = await test.engine(second).answer(request(stubModel()));
    expect(second.requests).toHaveLength(0);
    expect(again).toMatchObject({ outcome: 'ok', output: 'stored answer', cached: true, spentUsd: 0, costUsd: 20 });
    expect(again.latencyMs).toBe(original.latencyMs);
    expect(test.calls()).toHaveLength(1);
  });

  it('asks again for anything that shapes the answer: another prompt, sample or setting', async () => {
    const test = harness();
    await test.engine(scripted([success()])).answer(request(stubModel()));
    for (const changed of [
      request(stubModel(), 'another prompt'),
      request(stubModel(), undefined, { sample: 1 }),
      request(stubModel({ settings: { temperature: 0.5 } })),
      request(stubModel({ model: 'stub-2' })),
    ]) {
      const provider = scripted([success()]);
      const answer = await test.engine(provider).answer(changed);
      expect(answer.cached).toBe(false);
      expect(provider.requests).toHaveLength(1);
    }
  });

  it('makes fresh calls with useCache off', async () => {
    const test = harness();
    await test.engine(scripted([success()])).answer(request(stubModel()));
    const provider = scripted([success()]);
    const answer = await test.engine(provider, { useCache: false }).answer(request(stubModel()));
    expect(answer).toMatchObject({ cached: false });
    expect(provider.requests).toHaveLength(1);
  });

  it('shares one answer between the configurations of an item: one call, the second marked cached and unpaid', async () => {
    const test = harness();
    const provider = scripted([success('shared', { inputTokens: 1, outputTokens: 1 })]);
    const engine = test.engine(provider);
    const memo = new Map<string, Promise<Answer>>();
    const [first, second] = await Promise.all([
      engine.answer(request(stubModel(), 'q', { memo })),
      engine.answer(request(stubModel(), 'q', { memo })),
    ]);
    expect(provider.requests).toHaveLength(1);
    expect(first).toMatchObject({ cached: false, spentUsd: 3, costUsd: 3 });
    expect(second).toMatchObject({ cached: true, spentUsd: 0, costUsd: 3, output: 'shared' });
  });

  it('gives a shared answer the name of the model entry that asked for it', async () => {
    const test = harness();
    const provider = scripted([success('same model behind two names')]);
    const engine = test.engine(provider);
    const memo = new Map<string, Promise<Answer>>();
    const first = await engine.answer(request(stubModel({ name: 'first-entry' }), 'q', { memo }));
    const second = await engine.answer(request(stubModel({ name: 'second-entry' }), 'q', { memo }));
    expect(provider.requests).toHaveLength(1);
    expect(first.modelName).toBe('first-entry');
    expect(second).toMatchObject({ modelName: 'second-entry', cached: true, spentUsd: 0 });
  });
});

describe('AnswerEngine budget', () => {
  // Worst case of one call: 3 prompt tokens x $1 + max_tokens 10 x $2 = $23.
  const limited = () => stubModel({ settings: { maxOutputTokens: 10 } });

  it('refuses the call whose worst case would pass the cap, before making it', async () => {
    const test = harness();
    const budget = new Budget(50);
    const provider = scripted([success('ten words', { inputTokens: 3, outputTokens: 10 })]);
    const engine = test.engine(provider, { budget });
    await engine.answer(request(limited(), 'one two three'));
    await engine.answer(request(limited(), 'four five six'));
    expect(budget.totalSpentUsd).toBeCloseTo(46, 9);
    await expect(engine.answer(request(limited(), 'seven eight nine'))).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(provider.requests).toHaveLength(2);
    expect(budget.exhausted).toBe(true);
    expect(test.calls()).toHaveLength(2);
  });

  it('counts calls in flight against the cap', async () => {
    const test = harness();
    const budget = new Budget(50);
    const provider = scripted([success('x', { inputTokens: 3, outputTokens: 1 })]);
    const engine = test.engine(provider, { budget });
    const outcomes = await Promise.allSettled(['a b c', 'd e f', 'g h i'].map((prompt) => engine.answer(request(limited(), prompt))));
    // Each could cost $23: only two fit at once, although each really costs $5. The third waits for them
    // to settle ($10 spent), then fits; it is not refused while the room is only held by calls in flight.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(provider.requests).toHaveLength(3);
    expect(budget.totalSpentUsd).toBeLessThanOrEqual(50);
  });

  it('never spends past the cap, whatever the cap, system prompt included', async () => {
    for (const system of [undefined, 'you are a careful and concise assistant']) {
      for (let capUsd = 1; capUsd <= 200; capUsd += 7) {
        const test = harness();
        const budget = new Budget(capUsd);
        const model = stubModel({ settings: { maxOutputTokens: 10, system } });
        // The worst case really happens: every answer uses max_tokens, and the provider reports no input count.
        const provider = scripted([success('ten', { inputTokens: undefined, outputTokens: 10 })]);
        const engine = test.engine(provider, { budget });
        let refused = false;
        for (let index = 0; index < 20 && !refused; index++) {
          try {
            await engine.answer(request(model, `question number ${index}`));
          } catch (error) {
            expect(error).toBeInstanceOf(BudgetExhaustedError);
            refused = true;
          }
        }
        const spent = test.calls().reduce((total, call) => total + call.cost_usd, 0);
        expect(spent, `cap $${capUsd}, system ${system ?? 'none'}`).toBeLessThanOrEqual(capUsd + 1e-9);
        expect(budget.totalSpentUsd).toBeCloseTo(spent, 9);
      }
    }
  });

  it('reserves again for every retry, and a failed attempt frees its reservation', async () => {
    const test = harness();
    const budget = new Budget(30);
    const provider = scripted([serverError(), serverError(), success('x', { inputTokens: 3, outputTokens: 10 })]);
    const answer = await test.engine(provider, { budget }).answer(request(limited(), 'one two three'));
    expect(answer.outcome).toBe('ok');
    expect(provider.requests).toHaveLength(3);
    expect(budget.totalSpentUsd).toBeCloseTo(23, 9);
  });
});

describe('AnswerEngine limits', () => {
  function concurrencyProbe(delayMs = 5) {
    let inFlight = 0;
    let most = 0;
    const byModel = new Map<string, { inFlight: number; most: number }>();
    const provider = stubProvider(async (sent) => {
      const counter = byModel.get(sent.model.name) ?? { inFlight: 0, most: 0 };
      byModel.set(sent.model.name, counter);
      inFlight++;
      counter.inFlight++;
      most = Math.max(most, inFlight);
      counter.most = Math.max(counter.most, counter.inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight--;
      counter.inFlight--;
      return success();
    });
    return { provider, most: () => most, mostOf: (name: string) => byModel.get(name)?.most ?? 0 };
  }

  it('keeps a model within its max_concurrency, and the run within its concurrency', async () => {
    const test = harness();
    const probe = concurrencyProbe();
    const engine = test.engine(probe.provider, { concurrency: 6 });
    const narrow = stubModel({ name: 'narrow' }, { maxConcurrency: 2 });
    const wide = stubModel({ name: 'wide', model: 'stub-wide' });
    const prompts = Array.from({ length: 20 }, (_, index) => `prompt ${index}`);
    await Promise.all([
      ...prompts.map((prompt) => engine.answer(request(narrow, prompt))),
      ...prompts.map((prompt) => engine.answer(request(wide, prompt))),
    ]);
    expect(probe.mostOf('narrow')).toBe(2);
    expect(probe.mostOf('wide')).toBeGreaterThan(2);
    expect(probe.most()).toBe(6);
    expect(probe.provider.requests).toHaveLength(40);
  });

  it('paces a model to its requests_per_minute', async () => {
    const test = harness();
    const sentAt: number[] = [];
    const provider = stubProvider(() => {
      sentAt.push(performance.now());
      return success();
    });
    const model = stubModel({}, { requestsPerMinute: 2 });
    const start = await onFakeClock(async () => {
      const begin = performance.now();
      const engine = test.engine(provider);
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((prompt) => engine.answer(request(model, prompt))));
      return begin;
    });
    // A full bucket of two at once, then one every 30 s.
    expect(sentAt.map((time) => Math.round(time - start))).toEqual([0, 0, 30_000, 60_000, 90_000]);
  });
});

describe('RateLimiter', () => {
  function fakeClock() {
    let now = 0;
    const waits: number[] = [];
    return {
      now: () => now,
      sleep: async (milliseconds: number) => {
        waits.push(milliseconds);
        now += milliseconds;
      },
      advance: (milliseconds: number) => (now += milliseconds),
      waits,
    };
  }

  it('lets a full minute through at once, then one per 60/limit seconds', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(120, clock.now, clock.sleep);
    const takenAt: number[] = [];
    for (let index = 0; index < 125; index++) {
      await limiter.take(1);
      takenAt.push(clock.now());
    }
    expect(takenAt.slice(0, 120).every((time) => time === 0)).toBe(true);
    expect(takenAt.slice(120)).toEqual([500, 1_000, 1_500, 2_000, 2_500]);
    // Over any minute from the start, at most limit + refill.
    expect(takenAt.filter((time) => time < 60_000).length).toBeLessThanOrEqual(240);
  });

  it('serves waiters first come, first served, and refills with idle time', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(60, clock.now, clock.sleep);
    await limiter.take(60);
    const order: string[] = [];
    await Promise.all([
      limiter.take(30).then(() => order.push(`big@${clock.now()}`)),
      limiter.take(1).then(() => order.push(`small@${clock.now()}`)),
    ]);
    expect(order).toEqual(['big@30000', 'small@31000']);
    clock.advance(120_000);
    await limiter.take(60);
    expect(clock.now()).toBe(151_000);
  });

  it('charges tokens known only afterwards, delaying the next take', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(600, clock.now, clock.sleep);
    await limiter.take(100);
    limiter.charge(600);
    // 100 tokens now wanted, 100 below zero: 200 missing at 10 per second.
    await limiter.take(100);
    expect(clock.now()).toBe(20_000);
  });
});
