import { choosePredicted, lambdaBreakpoints, type ModelPredictions } from '../routing/predictive.js';
import type { ItemColumns } from './item-columns.js';
import type { SweepPoint } from './sweep-curve.js';

/** What the curve of a predictive router is computed from: its models' and the baseline's stored columns, and its predictions. */
export interface PredictiveItems {
  /** Per model of the router, in its order. */
  models: ItemColumns[];
  baseline: ItemColumns;
  predictions: ModelPredictions;
  /** The router's model that counts as the frontier (its share is a point's `frontierShare`); -1 when none of them is. */
  frontier: number;
}

/** Settings of a default lambda sweep at most: the breakpoints, or quantiles of them past this. */
const mostLambdas = 1001;

/** The items every model of the router has a grade for (and in `mask`): every point of a curve covers the same items. */
function curveItems(items: PredictiveItems, mask?: Uint8Array): number[] {
  const kept: number[] = [];
  const count = items.baseline.quality.length;
  for (let index = 0; index < count; index++) {
    if (mask && !mask[index]) continue;
    if (items.models.some((columns) => Number.isNaN(columns.quality[index]!))) continue;
    kept.push(index);
  }
  return kept;
}

/** The lambdas of a default sweep: where some item's choice changes, over the items a curve covers. */
export function defaultLambdas(items: PredictiveItems, most = mostLambdas): number[] {
  return lambdaBreakpoints(items.predictions, curveItems(items), most);
}

/**
 * The cost-quality curve of an N-model predictive router as lambda varies:
 * per setting, each item goes to the model of the highest predicted quality
 * − lambda · expected cost, and the point is what those models' stored
 * answers scored and cost. Quality is the mean over the items every model
 * has a grade for; the cost reduction is over the items the chosen model and
 * the baseline both answered, as for the two-model curve.
 */
export function predictiveCurve(items: PredictiveItems, lambdas: number[], mask?: Uint8Array): SweepPoint[] {
  const kept = curveItems(items, mask);
  const { baseline } = items;
  let baselineQuality = 0;
  let baselineCount = 0;
  for (const index of kept) {
    if (Number.isNaN(baseline.quality[index]!)) continue;
    baselineQuality += baseline.quality[index]!;
    baselineCount++;
  }
  const baselineMean = baselineCount === 0 ? Number.NaN : baselineQuality / baselineCount;
  return lambdas.map((lambda) => {
    let quality = 0;
    let costUsd = 0;
    let frontierCount = 0;
    let comparedCost = 0;
    let comparedBaseline = 0;
    for (const index of kept) {
      const chosen = choosePredicted(items.predictions, index, lambda);
      const columns = items.models[chosen]!;
      quality += columns.quality[index]!;
      const cost = columns.costUsd[index]!;
      if (!Number.isNaN(cost)) costUsd += cost;
      if (chosen === items.frontier) frontierCount++;
      if (columns.answered[index] && baseline.answered[index]) {
        comparedCost += cost;
        comparedBaseline += baseline.costUsd[index]!;
      }
    }
    const count = kept.length;
    const mean = count === 0 ? Number.NaN : quality / count;
    return {
      parameter: lambda,
      frontierShare: count === 0 ? Number.NaN : frontierCount / count,
      costUsd,
      quality: mean,
      qualityDeltaPp: 100 * (mean - baselineMean),
      costReduction: comparedCost > 0 ? comparedBaseline / comparedCost : null,
    };
  });
}
