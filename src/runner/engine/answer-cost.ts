import { costUsd } from '../../pricing/cost.js';
import { isAskedModel, type ServedModelPrice } from '../../pricing/served-model.js';
import type { CostBasis, GenerateResult, ModelSpec, Usage } from '../../types/index.js';

export interface AnswerCost {
  costUsd: number;
  /** Null: the configured price. */
  costBasis: CostBasis | null;
  /** The model the server says answered; null when it names none. */
  servedModel: string | null;
}

/**
 * What one answer cost, by the best figure there is: the provider's own
 * (OpenRouter's `usage.cost`, BYOK's upstream charge included), else, when
 * the server says another model answered than the one asked (a router behind
 * the endpoint chose it), the tokens at that model's price, else the tokens at
 * the configured price. `priceScale` (a batch's discount) applies to prices,
 * never to a cost the provider reported.
 */
export async function answerCost(model: ModelSpec, usage: Usage, result: GenerateResult, priceScale: number,
  servedPrice: ServedModelPrice | undefined): Promise<AnswerCost> {
  const servedModel = result.servedModel ?? null;
  if (result.reportedCostUsd !== undefined) return { costUsd: result.reportedCostUsd, costBasis: 'reported', servedModel };
  if (servedModel !== null && servedPrice && !isAskedModel(model.model, servedModel)) {
    const price = await servedPrice(servedModel, model);
    if (price) return { costUsd: costUsd(price, usage) * priceScale, costBasis: 'served-price', servedModel };
  }
  return { costUsd: costUsd(model.price, usage) * priceScale, costBasis: null, servedModel };
}
