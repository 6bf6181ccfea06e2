import { isAskedModel } from '../pricing/served-model.js';
import type { ServedBy, ServedModelCount } from '../types/index.js';

/**
 * One configuration's answers by the model that wrote them, with their share and cost, and where their
 * costs came from; undefined when there is nothing to say: every answer by the model asked (or a dated
 * snapshot of it) and priced as configured, as for any plain model.
 */
export function servedBy(configuration: string, counts: readonly ServedModelCount[]): ServedBy | undefined {
  const byModel = new Map<string, { answers: number; costUsd: number }>();
  const costBasis = { reported: 0, servedPrice: 0, configured: 0 };
  let answers = 0;
  let otherThanAsked = 0;
  let unpriced = 0;
  for (const count of counts) {
    if (count.configuration !== configuration) continue;
    answers += count.answers;
    const model = count.servedModel ?? count.askedModel ?? 'unknown';
    const entry = byModel.get(model) ?? { answers: 0, costUsd: 0 };
    entry.answers += count.answers;
    entry.costUsd += count.costUsd;
    byModel.set(model, entry);
    const other = count.servedModel !== null && count.askedModel !== null && !isAskedModel(count.askedModel, count.servedModel);
    if (other) otherThanAsked += count.answers;
    if (count.costBasis === 'reported') costBasis.reported += count.answers;
    else if (count.costBasis === 'served-price') costBasis.servedPrice += count.answers;
    else {
      costBasis.configured += count.answers;
      if (other) unpriced += count.answers;
    }
  }
  if (answers === 0 || (otherThanAsked === 0 && costBasis.reported === 0)) return undefined;
  const models = [...byModel]
    .map(([model, entry]) => ({ model, answers: entry.answers, share: entry.answers / answers, costUsd: entry.costUsd }))
    .sort((a, b) => b.answers - a.answers || a.model.localeCompare(b.model));
  return { answers, otherThanAsked, models, costBasis, unpriced };
}
