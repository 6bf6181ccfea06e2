import { describe, expect, it } from 'vitest';
import { isAskedModel, servedModelPrices } from '../../pricing/served-model.js';
import type { GenerateResult, ModelSpec } from '../../types/index.js';
import { answerCost } from './answer-cost.js';

function model(name: string, id: string, inputPerMtokUsd: number, outputPerMtokUsd: number): ModelSpec {
  return { name, provider: 'openai', model: id, price: { inputPerMtokUsd, outputPerMtokUsd, source: 'suite' }, settings: {},
    limits: { timeoutMs: 1000, maxAttempts: 1 } };
}

const router = model('auto', 'openrouter/auto', 10, 30);
const cheap = model('cheap', 'gpt-4o-mini', 0.2, 0.8);
const prices = servedModelPrices([router, cheap]);
// 1,000 input and 500 output tokens throughout: at $10/$30 per million, $0.025.
const usage = { inputTokens: 1000, outputTokens: 500 };

function answered(changes: Partial<GenerateResult>): GenerateResult {
  return { output: 'yes', usage, finishReason: { unified: 'stop', raw: 'stop' }, ...changes };
}

describe('answerCost', () => {
  it('takes the cost the provider reported over every price', async () => {
    expect(await answerCost(router, usage, answered({ servedModel: 'openai/gpt-4o-mini', reportedCostUsd: 0.0042 }), 0.5, prices))
      .toEqual({ costUsd: 0.0042, costBasis: 'reported', servedModel: 'openai/gpt-4o-mini' });
  });

  it('prices a served model by the suite model of that id first: 1000 × 0.2 + 500 × 0.8 per million', async () => {
    const cost = await answerCost(router, usage, answered({ servedModel: 'gpt-4o-mini' }), 1, prices);
    expect(cost.costBasis).toBe('served-price');
    expect(cost.costUsd).toBeCloseTo(0.0006, 12);
  });

  it('then by the bundled table, OpenRouter ids too: claude-sonnet-4 at $3/$15, halved for a batch', async () => {
    const cost = await answerCost(router, usage, answered({ servedModel: 'anthropic/claude-sonnet-4' }), 0.5, prices);
    expect(cost.costBasis).toBe('served-price');
    expect(cost.costUsd).toBeCloseTo((1000 * 3 + 500 * 15) / 1e6 / 2, 12);
  });

  it('falls back to the configured price for a served model with no known price, and for the asked model or its snapshot', async () => {
    for (const servedModel of ['mystery/model-9', 'openrouter/auto', undefined]) {
      expect(await answerCost(router, usage, answered({ servedModel }), 1, prices)).toEqual({ costUsd: 0.025, costBasis: null, servedModel: servedModel ?? null });
    }
    const snapshot = await answerCost(cheap, usage, answered({ servedModel: 'gpt-4o-mini-2024-07-18' }), 1, prices);
    expect(snapshot.costBasis).toBeNull();
    expect(snapshot.costUsd).toBeCloseTo(0.0006, 12);
  });
});

describe('isAskedModel', () => {
  it('counts a dated snapshot and a vendor path as the asked model, and nothing else', () => {
    expect(isAskedModel('gpt-4o', 'gpt-4o-2024-08-06')).toBe(true);
    expect(isAskedModel('claude-sonnet-4-5', 'claude-sonnet-4-5-20250929')).toBe(true);
    expect(isAskedModel('gpt-4', 'gpt-4-0613')).toBe(true);
    expect(isAskedModel('openai/gpt-4o', 'gpt-4o')).toBe(true);
    expect(isAskedModel('gpt-4o', 'gpt-4o-mini')).toBe(false);
    expect(isAskedModel('gpt-4o', 'gpt-4o-mini-2024-07-18')).toBe(false);
    expect(isAskedModel('openrouter/auto', 'openai/gpt-4o')).toBe(false);
  });
});
