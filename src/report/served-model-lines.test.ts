import { describe, expect, it } from 'vitest';
import type { ServedBy } from '../types/index.js';
import { costBasisText, servedByText } from './served-model-lines.js';

function served(models: Array<[string, number]>, costBasis: ServedBy['costBasis'], unpriced = 0): ServedBy {
  const answers = models.reduce((total, [, count]) => total + count, 0);
  return { answers, otherThanAsked: answers, models: models.map(([model, count]) => ({ model, answers: count, share: count / answers, costUsd: 0 })), costBasis, unpriced };
}

describe('servedByText', () => {
  it('names each model with its share and count, then where the cost came from', () => {
    expect(servedByText(served([['gpt-4o-mini', 45], ['claude-sonnet', 15]], { reported: 60, servedPrice: 0, configured: 0 })))
      .toBe('served by gpt-4o-mini 75% (45) · claude-sonnet 25% (15); cost as reported by the provider');
  });

  it('sums the models past the sixth as others', () => {
    const models: Array<[string, number]> = [['a', 50], ['b', 20], ['c', 10], ['d', 10], ['e', 5], ['f', 2], ['g', 2], ['h', 1]];
    expect(servedByText(served(models, { reported: 0, servedPrice: 100, configured: 0 })))
      .toBe("served by a 50% (50) · b 20% (20) · c 10% (10) · d 10% (10) · e 5.0% (5) · f 2.0% (2) · 2 others 3.0% (3); cost at the served models' prices");
  });
});

describe('costBasisText', () => {
  it('counts the answers of each basis when they are mixed, and says which had no known price', () => {
    expect(costBasisText(served([['a', 20]], { reported: 0, servedPrice: 17, configured: 3 }, 3)))
      .toBe("cost: 17 at the served models' prices, 3 at the configured price (3 by a model with no known price)");
    expect(costBasisText(served([['a', 4]], { reported: 0, servedPrice: 0, configured: 4 }, 4))).toBe('cost at the configured price (4 by a model with no known price)');
  });
});
