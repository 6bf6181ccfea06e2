import { binomial } from './binomial.js';
import type { ValueGroups } from './distinct-value-groups.js';
import type { RandomSource } from './random.js';

/**
 * Bootstrap means of grouped values, `scale` times the mean over the non-NaN
 * items of each resample (NaN when a resample drew none), one per resample.
 *
 * Why this equals resampling items by index, in distribution: drawing a
 * stratum's n items with replacement, each draw picking group g with chance
 * size_g / n, makes the vector of draws per group Multinomial(n, size / n), and
 * the resample mean depends on nothing else. A multinomial vector is drawn
 * exactly by sequential binomials: count_1 ~ Bin(n, p_1), then, given it,
 * count_2 ~ Bin(n - count_1, p_2 / (1 - p_1)), and so on, the last group taking
 * what remains (the chain rule of the multinomial law). Each conditional
 * probability is computed afresh as a ratio of integer group sizes, so rounding
 * does not accumulate along the chain. Cost per resample: one binomial per group
 * instead of one draw per item, which for pass/fail differences ({-1, 0, 1},
 * plus NaN) is three draws whatever the number of items.
 */
export function groupedMeanResamples(groups: ValueGroups, resamples: number, random: RandomSource, scale = 1): Float64Array {
  const { values, sizes, offsets, stratumSizes } = groups;
  const statistics = new Float64Array(resamples);
  const stratumCount = stratumSizes.length;
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    let counted = 0;
    for (let stratum = 0; stratum < stratumCount; stratum++) {
      const end = offsets[stratum + 1]!;
      let remainingDraws = stratumSizes[stratum]!;
      let remainingItems = remainingDraws;
      for (let group = offsets[stratum]!; group < end && remainingDraws > 0; group++) {
        const size = sizes[group]!;
        const count = size === remainingItems ? remainingDraws : binomial(remainingDraws, size / remainingItems, random);
        remainingDraws -= count;
        remainingItems -= size;
        const value = values[group]!;
        if (count > 0 && !Number.isNaN(value)) {
          sum += count * value;
          counted += count;
        }
      }
    }
    statistics[resample] = counted === 0 ? Number.NaN : (scale * sum) / counted;
  }
  return statistics;
}
