/** Per item, what sending it to the strong or to the weak model would give: quality as the mean over samples, cost as the sum over them. */
export interface TwoModelItems {
  strongQuality: Float64Array;
  weakQuality: Float64Array;
  strongCostUsd: Float64Array;
  weakCostUsd: Float64Array;
  baselineQuality: Float64Array;
  /** The baseline's cost per item, for the cost reduction of a setting. */
  baselineCostUsd?: Float64Array;
  /**
   * 1 where the model answered every sample of the item. A failed answer costs nothing, so a
   * cost reduction counts only items the chosen model and the baseline both answered.
   */
  strongAnswered?: Uint8Array;
  weakAnswered?: Uint8Array;
  baselineAnswered?: Uint8Array;
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
  /** Baseline cost / this cost, over the items both answered; null without baseline costs or when it cost nothing. */
  costReduction: number | null;
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
  const compared = comparedCostSums(items, kept);
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
      costReduction: compared ? compared.reduction(strongCount) : null,
    };
  });
}

/**
 * Prefix sums for the cost reduction at every cut over the items both sides
 * answered: the first k items (by priority) go to the strong model, compared
 * where it and the baseline answered; the rest to the weak one, compared
 * where it and the baseline answered.
 */
function comparedCostSums(items: TwoModelItems, kept: number[]): { reduction(strongCount: number): number | null } | undefined {
  const baselineCost = items.baselineCostUsd;
  if (!baselineCost) return undefined;
  const answered = (flags: Uint8Array | undefined, index: number) => (flags ? flags[index] === 1 : true);
  const count = kept.length;
  const strongCost = new Float64Array(count + 1);
  const strongBaseline = new Float64Array(count + 1);
  const weakCost = new Float64Array(count + 1);
  const weakBaseline = new Float64Array(count + 1);
  for (let position = 0; position < count; position++) {
    const index = kept[position]!;
    const baselineAnswered = answered(items.baselineAnswered, index);
    const strongPair = baselineAnswered && answered(items.strongAnswered, index);
    const weakPair = baselineAnswered && answered(items.weakAnswered, index);
    strongCost[position + 1] = strongCost[position]! + (strongPair ? items.strongCostUsd[index]! : 0);
    strongBaseline[position + 1] = strongBaseline[position]! + (strongPair ? baselineCost[index]! : 0);
    weakCost[position + 1] = weakCost[position]! + (weakPair ? items.weakCostUsd[index]! : 0);
    weakBaseline[position + 1] = weakBaseline[position]! + (weakPair ? baselineCost[index]! : 0);
  }
  return {
    reduction(strongCount) {
      const cost = strongCost[strongCount]! + weakCost[count]! - weakCost[strongCount]!;
      const baseline = strongBaseline[strongCount]! + weakBaseline[count]! - weakBaseline[strongCount]!;
      return cost > 0 ? baseline / cost : null;
    },
  };
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
