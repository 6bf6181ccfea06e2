import { describe, expect, it } from 'vitest';
import { groupDistinctValues } from './distinct-value-groups.js';
import { strataLayout } from './strata.js';

describe('groupDistinctValues', () => {
  it('pools items by exact value within each stratum, largest group first, NaN included', () => {
    const values = Float64Array.of(1, 0, 0, Number.NaN, -1, 0, 1, Number.NaN, -0);
    const strata = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 1, 1);
    const groups = groupDistinctValues(values, strataLayout(values.length, strata), 100)!;
    expect(Array.from(groups.offsets)).toEqual([0, 4, 7]);
    expect(Array.from(groups.stratumSizes)).toEqual([5, 4]);
    // Stratum 0: {0: 2, 1: 1, NaN: 1, -1: 1}; stratum 1: {0 and -0: 2, 1: 1, NaN: 1}.
    expect(Array.from(groups.sizes)).toEqual([2, 1, 1, 1, 2, 1, 1]);
    expect(Array.from(groups.values.subarray(0, 4))).toEqual([0, 1, Number.NaN, -1]);
    expect(Array.from(groups.values.subarray(4))).toEqual([0, 1, Number.NaN]);
  });

  it('gives up past the group limit', () => {
    const values = Float64Array.from({ length: 50 }, (_, item) => item / 50);
    expect(groupDistinctValues(values, strataLayout(50), 49)).toBeNull();
    expect(groupDistinctValues(values, strataLayout(50), 50)).not.toBeNull();
  });
});
