import { describe, expect, it } from 'vitest';
import type { Answer } from './types.js';

import { harness, item, request, scripted, stubModel, success } from './__fixtures__/engine-harness.js';

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

describe('AnswerEngine, a router behind the endpoint', () => {
  it('stores the model the server names and the cost it reported, and a cached answer keeps both', async () => {
    const test = harness();
    const routed = { ...success('routed answer', { inputTokens: 10, outputTokens: 5 }), servedModel: 'vendor/other-model', reportedCostUsd: 0.125 };
    const first = await test.engine(scripted([routed])).answer(request(stubModel()));
    // The reported cost, not the 10 × 1 + 5 × 2 the stub's price would make.
    expect(first).toMatchObject({ costUsd: 0.125, spentUsd: 0.125, servedModel: 'vendor/other-model', costBasis: 'reported' });
    const stored = test.database.prepare('SELECT served_model, cost_basis, cost_usd FROM calls').get();
    expect(stored).toEqual({ served_model: 'vendor/other-model', cost_basis: 'reported', cost_usd: 0.125 });
    const again = await test.engine(scripted([success()])).answer(request(stubModel()));
    expect(again).toMatchObject({ cached: true, costUsd: 0.125, spentUsd: 0, servedModel: 'vendor/other-model', costBasis: 'reported' });
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

