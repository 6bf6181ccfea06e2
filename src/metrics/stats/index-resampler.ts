import type { RandomSource } from './random.js';
import type { StrataLayout } from './strata.js';

/**
 * From this many items on, sums go through per-item draw counts: reading
 * values at random indices misses the cache once the arrays outgrow it (about
 * 15 ns a draw at 10^6 items), while counting draws and then summing in item
 * order streams through memory (about 6 ns). Below it the direct reads win.
 */
export const COUNTING_ITEM_COUNT = 65_536;

/**
 * One bootstrap resample drawn by item index, able to sum any per-item array
 * over the items it drew (with multiplicity). Each stratum draws as many items
 * as it has, with replacement, from its own members, so every stratum keeps its
 * size (the resample mimics a suite with the same mix of tasks). One draw serves
 * every array summed until the next draw, which is how all configurations share
 * one set of index draws.
 */
export class IndexResample {
  private readonly layout: StrataLayout;
  private readonly random: RandomSource;
  private readonly indices: Int32Array;
  private readonly counts: Int32Array | null;

  constructor(layout: StrataLayout, random: RandomSource, countingItemCount = COUNTING_ITEM_COUNT) {
    this.layout = layout;
    this.random = random;
    this.indices = new Int32Array(layout.itemCount);
    this.counts = layout.itemCount >= countingItemCount ? new Int32Array(layout.itemCount) : null;
  }

  draw(): void {
    drawResampleIndices(this.layout, this.random, this.indices);
    const { indices, counts } = this;
    if (!counts) return;
    counts.fill(0);
    for (let draw = 0; draw < indices.length; draw++) counts[indices[draw]!]!++;
  }

  /** Sum of values over the drawn items. */
  sum(values: Float64Array): number {
    let total = 0;
    const counts = this.counts;
    if (counts) {
      for (let item = 0; item < counts.length; item++) total += counts[item]! * values[item]!;
      return total;
    }
    const indices = this.indices;
    for (let draw = 0; draw < indices.length; draw++) total += values[indices[draw]!]!;
    return total;
  }
}

/** Writes one resample's item indices into `into`, stratum by stratum. */
export function drawResampleIndices(layout: StrataLayout, random: RandomSource, into: Int32Array): void {
  const { members, offsets } = layout;
  for (let stratum = 0; stratum + 1 < offsets.length; stratum++) {
    const start = offsets[stratum]!;
    const size = offsets[stratum + 1]! - start;
    if (size === 0) continue;
    random.fillInt(size, into, start, size);
    // Positions within the stratum become item indices (the identity without strata).
    if (layout.stratified) for (let position = start; position < start + size; position++) into[position] = members[start + into[position]!]!;
  }
}
