import { describe, expect, it } from 'vitest';
import { Budget, BudgetExhaustedError } from './budget.js';
import { RateLimiter } from './rate-limiter.js';

import { harness, onFakeClock, request, scripted, serverError, stubModel, stubProvider, success } from './__fixtures__/engine-harness.js';

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

