import { describe, expect, it } from 'vitest';
import { ProviderError, RunStoppedError } from '../../errors.js';
import type { GenerateResult } from '../../types/index.js';
import { backoffMs, failureKind, retryWaitMs } from './retry-policy.js';

import { badRequest, harness, item, onFakeClock, rateLimited, request, scripted, serverError, stubModel, stubProvider, success } from './__fixtures__/engine-harness.js';

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


describe('a batched model asked live on a retry (--batch-fallback live)', () => {
  it('pays the live price for the live attempt: the model carries the batch price, the attempter scales it back', async () => {
    const test = harness();
    const provider = scripted([serverError(), success('live answer', { inputTokens: 1_000_000, outputTokens: 0 })]);
    const scaled = { ...provider, batched: 'first' as const, priceScale: (attempt: number) => (attempt > 1 ? 2 : 1) };
    const answer = await test.engine(scaled).answer(request(stubModel({ price: { inputPerMtokUsd: 1, outputPerMtokUsd: 4, source: 'suite, batch: 50%' } })));
    expect(answer).toMatchObject({ outcome: 'ok', output: 'live answer' });
    // 1M input tokens at the stored batch price of $1 are $2 live.
    expect(answer.costUsd).toBeCloseTo(2, 12);
    expect(test.calls().map((call) => call.cost_usd)).toEqual([0, 2]);
  });
});
