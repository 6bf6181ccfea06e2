import { describe, expect, it } from 'vitest';
import type { ServedModelCount } from '../types/index.js';
import { servedBy } from './served-models.js';

const count = (configuration: string, askedModel: string, servedModel: string | null, costBasis: ServedModelCount['costBasis'], answers: number, costUsd: number): ServedModelCount =>
  ({ configuration, askedModel, servedModel, costBasis, answers, costUsd });

describe('servedBy', () => {
  it('shares the answers out by the model that wrote them, with their cost and where it came from', () => {
    const counts = [
      count('auto', 'openrouter/auto', 'openai/gpt-4o-mini', 'reported', 40, 0.004),
      count('auto', 'openrouter/auto', 'anthropic/claude-sonnet-4', 'reported', 15, 0.045),
      count('auto', 'openrouter/auto', 'anthropic/claude-sonnet-4', 'served-price', 3, 0.009),
      count('auto', 'openrouter/auto', 'mystery/model-9', null, 2, 0.002),
      count('all-cheap', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', null, 60, 0.006),
    ];
    expect(servedBy('auto', counts)).toEqual({
      answers: 60,
      otherThanAsked: 60,
      models: [
        { model: 'openai/gpt-4o-mini', answers: 40, share: 40 / 60, costUsd: 0.004 },
        { model: 'anthropic/claude-sonnet-4', answers: 18, share: 18 / 60, costUsd: 0.045 + 0.009 },
        { model: 'mystery/model-9', answers: 2, share: 2 / 60, costUsd: 0.002 },
      ],
      costBasis: { reported: 55, servedPrice: 3, configured: 2 },
      unpriced: 2,
    });
  });

  it('has nothing to say of a model whose server names its dated snapshot, priced as configured', () => {
    const counts = [count('all-cheap', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', null, 60, 0.006), count('all-cheap', 'gpt-4o-mini', 'gpt-4o-mini', null, 2, 0.0002)];
    expect(servedBy('all-cheap', counts)).toBeUndefined();
    expect(servedBy('absent', counts)).toBeUndefined();
  });

  it('speaks of the asked model too when its provider reported the cost, and counts unnamed answers as the asked model', () => {
    const counts = [count('direct', 'openai/gpt-4o', 'openai/gpt-4o-2024-08-06', 'reported', 9, 0.09), count('direct', 'openai/gpt-4o', null, null, 1, 0.01)];
    expect(servedBy('direct', counts)).toEqual({
      answers: 10,
      otherThanAsked: 0,
      models: [{ model: 'openai/gpt-4o-2024-08-06', answers: 9, share: 0.9, costUsd: 0.09 }, { model: 'openai/gpt-4o', answers: 1, share: 0.1, costUsd: 0.01 }],
      costBasis: { reported: 9, servedPrice: 0, configured: 1 },
      unpriced: 0,
    });
  });
});
