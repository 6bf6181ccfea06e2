import type { StrataLayout } from './strata.js';

/**
 * Items pooled by their exact per-item value, stratum by stratum. A mean over a
 * resample depends only on how many items of each value were drawn, so these
 * groups are all a resampler needs. NaN is a group too (items that count
 * towards a stratum's size but not towards the mean).
 */
export interface ValueGroups {
  /** The distinct value of each group; NaN for the group of ungraded items. */
  values: Float64Array;
  /** Items in each group. */
  sizes: Int32Array;
  /** Stratum s owns groups offsets[s] up to offsets[s + 1]; length = stratum count + 1. */
  offsets: Int32Array;
  /** Items per stratum. */
  stratumSizes: Int32Array;
}

/**
 * Groups `values` by exact value inside each stratum, largest group first (the
 * sequential binomials then use up the draws early). Returns null once more than
 * `maxGroups` groups appear: continuous scores are resampled by index instead.
 *
 * Grouping is by the exact double, never rounded: two items whose differences
 * print alike but differ in the last bit simply land in separate groups, which
 * costs a little speed and nothing in exactness.
 */
export function groupDistinctValues(values: Float64Array, layout: StrataLayout, maxGroups: number): ValueGroups | null {
  const { members, offsets } = layout;
  const stratumCount = offsets.length - 1;
  const groupValues: number[] = [];
  const groupSizes: number[] = [];
  const groupOffsets = new Int32Array(stratumCount + 1);
  const stratumSizes = new Int32Array(stratumCount);
  // Map keys compare by SameValueZero: NaN meets NaN, and 0 meets -0.
  const indexOfValue = new Map<number, number>();
  for (let stratum = 0; stratum < stratumCount; stratum++) {
    const start = offsets[stratum]!;
    const end = offsets[stratum + 1]!;
    stratumSizes[stratum] = end - start;
    const firstGroup = groupValues.length;
    indexOfValue.clear();
    for (let position = start; position < end; position++) {
      const value = values[members[position]!]!;
      const group = indexOfValue.get(value);
      if (group !== undefined) {
        groupSizes[group]!++;
        continue;
      }
      if (groupValues.length === maxGroups) return null;
      indexOfValue.set(value, groupValues.length);
      groupValues.push(value);
      groupSizes.push(1);
    }
    sortGroupsBySizeDescending(groupValues, groupSizes, firstGroup);
    groupOffsets[stratum + 1] = groupValues.length;
  }
  return { values: Float64Array.from(groupValues), sizes: Int32Array.from(groupSizes), offsets: groupOffsets, stratumSizes };
}

function sortGroupsBySizeDescending(groupValues: number[], groupSizes: number[], from: number): void {
  const order = groupSizes.slice(from).map((size, index) => ({ size, value: groupValues[from + index]! }));
  order.sort((left, right) => right.size - left.size);
  for (let index = 0; index < order.length; index++) {
    groupSizes[from + index] = order[index]!.size;
    groupValues[from + index] = order[index]!.value;
  }
}
