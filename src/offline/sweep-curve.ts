/** Per item, what sending it to the strong or to the weak model would give: quality as the mean over samples, cost as the sum over them. */
export interface TwoModelItems {
  strongQuality: Float64Array;
  weakQuality: Float64Array;
  strongCostUsd: Float64Array;
  weakCostUsd: Float64Array;
  baselineQuality: Float64Array;
  /** The baseline's cost per item, for the cost reduction of a chosen setting. */
  baselineCostUsd?: Float64Array;
  /** Higher: sent to the strong model earlier. A setting sends every item above its cut. */
  priority: Float64Array;
}

export interface SweepPoint {
  /** The router's setting: a threshold, or random's p. */
  parameter: number;
  frontierShare: number;
  /** Over every answer (all samples), as a configuration's cost. */
  costUsd: number;
  /** Mean item quality (pass rate with one sample). */
  quality: number;
  qualityDeltaPp: number;
}

/**
 * The cost-quality curve of a two-model router as its setting varies. Items
 * are sorted once by priority, with prefix sums, so each of the thousand
 * settings of a sweep costs a binary search, not a pass over the items.
 * `cutOf(parameter)` maps a setting to the priority above which an item
 * goes to the strong model. Items with an ungraded answer on either model
 * are left out (the mask), so every point covers the same items.
 */
export function sweepCurve(items: TwoModelItems, parameters: number[], cutOf: (parameter: number) => number, mask?: Uint8Array): SweepPoint[] {
  const kept: number[] = [];
  for (let index = 0; index < items.priority.length; index++) {
    if (mask && !mask[index]) continue;
    if (Number.isNaN(items.strongQuality[index]!) || Number.isNaN(items.weakQuality[index]!)) continue;
    kept.push(index);
  }
  kept.sort((a, b) => items.priority[b]! - items.priority[a]!);
  const count = kept.length;
  const sortedPriority = Float64Array.from(kept, (index) => items.priority[index]!);
  // Prefix sums of the gain from moving the first k items (by priority) from weak to strong.
  const qualityGain = new Float64Array(count + 1);
  const costGain = new Float64Array(count + 1);
  let weakQuality = 0;
  let weakCost = 0;
  let baselineQuality = 0;
  let baselineCount = 0;
  for (let position = 0; position < count; position++) {
    const index = kept[position]!;
    qualityGain[position + 1] = qualityGain[position]! + items.strongQuality[index]! - items.weakQuality[index]!;
    costGain[position + 1] = costGain[position]! + items.strongCostUsd[index]! - items.weakCostUsd[index]!;
    weakQuality += items.weakQuality[index]!;
    weakCost += items.weakCostUsd[index]!;
    if (!Number.isNaN(items.baselineQuality[index]!)) {
      baselineQuality += items.baselineQuality[index]!;
      baselineCount++;
    }
  }
  const baselineMean = baselineCount === 0 ? Number.NaN : baselineQuality / baselineCount;
  return parameters.map((parameter) => {
    const strongCount = countAbove(sortedPriority, cutOf(parameter));
    const quality = count === 0 ? Number.NaN : (weakQuality + qualityGain[strongCount]!) / count;
    return {
      parameter,
      frontierShare: count === 0 ? Number.NaN : strongCount / count,
      costUsd: weakCost + costGain[strongCount]!,
      quality,
      qualityDeltaPp: 100 * (quality - baselineMean),
    };
  });
}

/** How many of the descending values are strictly above `cut`. */
function countAbove(descending: Float64Array, cut: number): number {
  let low = 0;
  let high = descending.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (descending[middle]! > cut) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `start:stop:step`, inclusive of stop, as a list; rounding keeps 0.1 steps exact. */
export function parseGrid(text: string): number[] | undefined {
  const parts = text.split(':').map(Number);
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) return undefined;
  const [start, stop, step] = parts as [number, number, number];
  if (step <= 0 || stop < start) return undefined;
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  if (count > 1_000_000) return undefined;
  return Array.from({ length: count }, (_, index) => Number((start + index * step).toPrecision(12)));
}
