import { describe, expect, it } from 'vitest';
import { drawResampleIndices, IndexResample } from './index-resampler.js';
import { createRandom } from './random.js';
import { strataLayout } from './strata.js';

describe('drawResampleIndices', () => {
  it('keeps every stratum at its size, drawing only its own items', () => {
    const strata = Int32Array.of(0, 2, 2, 0, 1, 2, 2, 0, 2, 2);
    const layout = strataLayout(strata.length, strata);
    const random = createRandom(1);
    const indices = new Int32Array(strata.length);
    const seen = new Set<number>();
    for (let resample = 0; resample < 200; resample++) {
      drawResampleIndices(layout, random, indices);
      const sizes = [0, 0, 0];
      for (const item of indices) {
        sizes[strata[item]!]!++;
        seen.add(item);
      }
      expect(sizes).toEqual([3, 1, 6]);
      // Position p holds an item of the stratum that owns position p.
      for (let position = 0; position < indices.length; position++) expect(strata[indices[position]!]).toBe(strata[layout.members[position]!]);
    }
    // With replacement, but over 200 resamples every item turns up.
    expect(seen.size).toBe(strata.length);
  });
});

describe('IndexResample', () => {
  it('sums the same through draw counts as through direct reads', () => {
    const itemCount = 1_000;
    const strata = Int32Array.from({ length: itemCount }, (_, item) => item % 3);
    const layout = strataLayout(itemCount, strata);
    const values = Float64Array.from({ length: itemCount }, (_, item) => Math.sin(item) + 2);
    const ones = new Float64Array(itemCount).fill(1);
    const direct = new IndexResample(layout, createRandom(2), Infinity);
    const counted = new IndexResample(layout, createRandom(2), 0);
    for (let resample = 0; resample < 50; resample++) {
      direct.draw();
      counted.draw();
      expect(counted.sum(values)).toBeCloseTo(direct.sum(values), 9);
      // Every resample has exactly as many draws as items.
      expect(counted.sum(ones)).toBe(itemCount);
      expect(direct.sum(ones)).toBe(itemCount);
    }
  });
});
