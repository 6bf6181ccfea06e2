import { describe, expect, it } from 'vitest';
import { groupDistinctValues } from './distinct-value-groups.js';
import { groupedMeanResamples } from './grouped-mean-resampler.js';
import { drawResampleIndices } from './index-resampler.js';
import { createRandom } from './random.js';
import { strataLayout } from './strata.js';

/** The textbook bootstrap: draw indices, average the non-NaN values. */
function naiveMeanResamples(values: Float64Array, strata: Int32Array | undefined, resamples: number, seed: number): Float64Array {
  const layout = strataLayout(values.length, strata);
  const random = createRandom(seed, 'naive');
  const indices = new Int32Array(values.length);
  const statistics = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    drawResampleIndices(layout, random, indices);
    let sum = 0;
    let counted = 0;
    for (const item of indices) {
      if (!Number.isNaN(values[item]!)) {
        sum += values[item]!;
        counted++;
      }
    }
    statistics[resample] = counted === 0 ? Number.NaN : sum / counted;
  }
  return statistics;
}

/** Total variation distance between two empirical distributions (keys are the exact values). */
function totalVariation(left: Float64Array, right: Float64Array): number {
  const frequencies = new Map<number, number>();
  for (const value of left) frequencies.set(value, (frequencies.get(value) ?? 0) + 1 / left.length);
  for (const value of right) frequencies.set(value, (frequencies.get(value) ?? 0) - 1 / right.length);
  let distance = 0;
  for (const difference of frequencies.values()) distance += Math.abs(difference);
  return distance / 2;
}

describe('groupedMeanResamples', () => {
  it('has the same distribution as resampling items by index', () => {
    // 24 pass/fail differences with ungraded items, in two strata of unequal size and unlike means.
    const values = Float64Array.of(1, 1, 1, 0, 1, 1, Number.NaN, 1, 0, 0, -1, 0, 0, -1, Number.NaN, 0, -1, 0, 0, -1, 0, 0, -1, 0);
    const strata = Int32Array.from(values, (_, item) => (item < 9 ? 0 : 1));
    const resamples = 40_000;
    for (const stratification of [undefined, strata]) {
      const layout = strataLayout(values.length, stratification);
      const grouped = groupedMeanResamples(groupDistinctValues(values, layout, 100)!, resamples, createRandom(1));
      const naive = naiveMeanResamples(values, stratification, resamples, 2);
      // Two samples of 40,000 from one law (120 to 170 support points here) differ in
      // total variation by about 0.02 to 0.03; ignoring the strata would give about 0.18.
      expect(totalVariation(grouped, naive)).toBeLessThan(0.05);
      const mean = (sample: Float64Array) => sample.reduce((total, value) => total + value, 0) / sample.length;
      const sd = (sample: Float64Array) => {
        const center = mean(sample);
        return Math.sqrt(sample.reduce((total, value) => total + (value - center) ** 2, 0) / sample.length);
      };
      expect(Math.abs(mean(grouped) - mean(naive))).toBeLessThan(4 * sd(naive) * Math.sqrt(2 / resamples));
      expect(Math.abs(sd(grouped) / sd(naive) - 1)).toBeLessThan(0.03);
    }
  });

  it('keeps stratum sizes: a stratum of +1s and one of -1s always give the same mean', () => {
    const values = Float64Array.from({ length: 40 }, (_, item) => (item < 10 ? 1 : -1));
    const strata = Int32Array.from(values, (value) => (value > 0 ? 0 : 1));
    const stratified = groupedMeanResamples(groupDistinctValues(values, strataLayout(40, strata), 100)!, 1000, createRandom(3));
    expect(new Set(stratified)).toEqual(new Set([-0.5]));
    const pooled = groupedMeanResamples(groupDistinctValues(values, strataLayout(40), 100)!, 1000, createRandom(3));
    expect(new Set(pooled).size).toBeGreaterThan(5);
  });

  it('is NaN for a resample without a graded item, and scales the mean', () => {
    const values = Float64Array.of(Number.NaN, 0.5);
    const statistics = groupedMeanResamples(groupDistinctValues(values, strataLayout(2), 10)!, 2000, createRandom(4), 100);
    const undefinedShare = statistics.filter(Number.isNaN).length / statistics.length;
    // Both draws hit the NaN item with chance 1/4.
    expect(Math.abs(undefinedShare - 0.25)).toBeLessThan(0.04);
    expect(new Set(statistics.filter((value) => !Number.isNaN(value)))).toEqual(new Set([50]));
  });
});
