import { describe, expect, it } from 'vitest';
import { type ItemOutcomes, pairedBootstrap } from './bootstrap.js';
import { percentileInterval } from './percentile-interval.js';
import { createRandom } from './random.js';

/** Outcomes from pass chances and cost ranges, deterministic for a seed. */
function syntheticOutcomes(itemCount: number, passChance: number, costUsd: [number, number], seed: number, ungradedChance = 0): ItemOutcomes {
  const random = createRandom(seed, 'synthetic');
  const itemQuality = new Float64Array(itemCount);
  const itemCostUsd = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    itemQuality[item] = random.nextFloat() < ungradedChance ? Number.NaN : random.nextFloat() < passChance ? 1 : 0;
    itemCostUsd[item] = costUsd[0] + (costUsd[1] - costUsd[0]) * random.nextFloat();
  }
  return { itemQuality, itemCostUsd };
}

/** The textbook paired bootstrap, one index draw per item per resample. */
function naiveBootstrap(baseline: ItemOutcomes, configuration: ItemOutcomes, resamples: number, seed: number) {
  const itemCount = baseline.itemQuality.length;
  const random = createRandom(seed, 'naive');
  const quality = new Float64Array(resamples);
  const cost = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let differenceSum = 0;
    let paired = 0;
    let baselineCostUsd = 0;
    let configurationCostUsd = 0;
    for (let draw = 0; draw < itemCount; draw++) {
      const item = random.nextInt(itemCount);
      const difference = configuration.itemQuality[item]! - baseline.itemQuality[item]!;
      if (!Number.isNaN(difference)) {
        differenceSum += difference;
        paired++;
      }
      baselineCostUsd += baseline.itemCostUsd[item]!;
      configurationCostUsd += configuration.itemCostUsd[item]!;
    }
    quality[resample] = paired === 0 ? Number.NaN : (100 * differenceSum) / paired;
    cost[resample] = baselineCostUsd / configurationCostUsd;
  }
  return { quality: percentileInterval(quality, 0.95)!, cost: percentileInterval(cost, 0.95)! };
}

/** Binary differences with exact counts: `wins` of +1, `losses` of -1, the rest 0. */
function binaryPairs(itemCount: number, wins: number, losses: number): { baseline: ItemOutcomes; configuration: ItemOutcomes } {
  const baselineQuality = new Float64Array(itemCount);
  const configurationQuality = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    if (item < wins) configurationQuality[item] = 1;
    else if (item < wins + losses) baselineQuality[item] = 1;
  }
  const costUsd = new Float64Array(itemCount).fill(1);
  return { baseline: { itemQuality: baselineQuality, itemCostUsd: costUsd }, configuration: { itemQuality: configurationQuality, itemCostUsd: costUsd } };
}

describe('pairedBootstrap', () => {
  it('agrees with a naive index bootstrap on small data, within Monte Carlo error', () => {
    const baseline = syntheticOutcomes(60, 0.8, [0.01, 0.03], 1, 0.05);
    const configuration = syntheticOutcomes(60, 0.65, [0.001, 0.01], 2, 0.05);
    const resamples = 20_000;
    const [result] = pairedBootstrap({ baseline, configurations: [{ name: 'cheap', ...configuration }], resamples, seed: 3 });
    const naive = naiveBootstrap(baseline, configuration, resamples, 4);
    expect(result!.qualityResampling).toBe('grouped-multinomial');
    // A percentile from 20,000 resamples wanders by about 0.02 standard errors; the
    // quality statistic also moves on a lattice of about 1/54 = 1.9 points.
    const qualityStandardError = (naive.quality.upper - naive.quality.lower) / 3.92;
    const qualityTolerance = 0.1 * qualityStandardError + 100 / 54;
    expect(Math.abs(result!.qualityDeltaPp!.lower - naive.quality.lower)).toBeLessThan(qualityTolerance);
    expect(Math.abs(result!.qualityDeltaPp!.upper - naive.quality.upper)).toBeLessThan(qualityTolerance);
    const costStandardError = (naive.cost.upper - naive.cost.lower) / 3.92;
    expect(Math.abs(result!.costReduction!.lower - naive.cost.lower)).toBeLessThan(0.15 * costStandardError);
    expect(Math.abs(result!.costReduction!.upper - naive.cost.upper)).toBeLessThan(0.15 * costStandardError);
  });

  it('matches the normal approximation on 20,000 binary pairs within 0.1 points', () => {
    const itemCount = 20_000;
    const { baseline, configuration } = binaryPairs(itemCount, 2_000, 1_600);
    const [result] = pairedBootstrap({ baseline, configurations: [{ name: 'routed', ...configuration }], seed: 5 });
    const mean = (2_000 - 1_600) / itemCount;
    const standardDeviation = Math.sqrt((2_000 + 1_600) / itemCount - mean * mean);
    const halfWidthPp = (100 * 1.96 * standardDeviation) / Math.sqrt(itemCount);
    expect(result!.qualityDeltaPp!.estimate).toBeCloseTo(2, 12);
    expect(Math.abs(result!.qualityDeltaPp!.lower - (2 - halfWidthPp))).toBeLessThan(0.1);
    expect(Math.abs(result!.qualityDeltaPp!.upper - (2 + halfWidthPp))).toBeLessThan(0.1);
  });

  it('resamples continuous scores by index, also matching the normal approximation', () => {
    const itemCount = 20_000;
    const random = createRandom(6, 'scores');
    const baselineQuality = Float64Array.from({ length: itemCount }, () => random.nextFloat());
    const configurationQuality = baselineQuality.map((score) => Math.min(1, Math.max(0, score - 0.05 + 0.3 * (random.nextFloat() - 0.5))));
    const costUsd = new Float64Array(itemCount).fill(0.01);
    const [result] = pairedBootstrap({
      baseline: { itemQuality: baselineQuality, itemCostUsd: costUsd },
      configurations: [{ name: 'scored', itemQuality: configurationQuality, itemCostUsd: costUsd }],
      resamples: 4_000,
      seed: 7,
    });
    expect(result!.qualityResampling).toBe('index');
    const differences = configurationQuality.map((score, item) => score - baselineQuality[item]!);
    const mean = differences.reduce((total, value) => total + value, 0) / itemCount;
    const variance = differences.reduce((total, value) => total + (value - mean) ** 2, 0) / itemCount;
    const halfWidthPp = (100 * 1.96 * Math.sqrt(variance)) / Math.sqrt(itemCount);
    expect(Math.abs(result!.qualityDeltaPp!.lower - (100 * mean - halfWidthPp))).toBeLessThan(0.1);
    expect(Math.abs(result!.qualityDeltaPp!.upper - (100 * mean + halfWidthPp))).toBeLessThan(0.1);
  });

  it('groups the differences of item means over repeats (multiples of 1/k)', () => {
    const itemCount = 3_000;
    const random = createRandom(8, 'repeats');
    const repeatMeans = () => Float64Array.from({ length: itemCount }, () => (random.nextInt(4) as number) / 3);
    const costUsd = new Float64Array(itemCount).fill(1);
    const [result] = pairedBootstrap({
      baseline: { itemQuality: repeatMeans(), itemCostUsd: costUsd },
      configurations: [{ name: 'repeated', itemQuality: repeatMeans(), itemCostUsd: costUsd }],
      resamples: 1_000,
    });
    expect(result!.qualityResampling).toBe('grouped-multinomial');
  });

  it('is deterministic for a seed, and one configuration does not move another', () => {
    const baseline = syntheticOutcomes(500, 0.8, [0.01, 0.02], 9);
    const cheap = { name: 'cheap', ...syntheticOutcomes(500, 0.6, [0.001, 0.002], 10) };
    const routed = { name: 'routed', ...syntheticOutcomes(500, 0.75, [0.003, 0.01], 11) };
    const once = pairedBootstrap({ baseline, configurations: [cheap, routed], resamples: 2_000, seed: 12 });
    const again = pairedBootstrap({ baseline, configurations: [cheap, routed], resamples: 2_000, seed: 12 });
    expect(again).toEqual(once);
    const alone = pairedBootstrap({ baseline, configurations: [routed], resamples: 2_000, seed: 12 });
    expect(alone[0]).toEqual(once[1]);
    const otherSeed = pairedBootstrap({ baseline, configurations: [cheap, routed], resamples: 2_000, seed: 13 });
    expect(otherSeed).not.toEqual(once);
  });

  it('keeps stratum sizes: strata of constant differences and costs leave no spread', () => {
    const itemCount = 40;
    const strata = Int32Array.from({ length: itemCount }, (_, item) => (item < 10 ? 0 : 1));
    const baseline = {
      itemQuality: Float64Array.from(strata, (stratum) => (stratum === 0 ? 0 : 1)),
      itemCostUsd: Float64Array.from(strata, (stratum) => (stratum === 0 ? 1 : 2)),
    };
    const configuration = {
      name: 'mixed',
      itemQuality: Float64Array.from(strata, (stratum) => (stratum === 0 ? 1 : 0)),
      itemCostUsd: new Float64Array(itemCount).fill(0.5),
    };
    const [stratified] = pairedBootstrap({ baseline, configurations: [configuration], strata, resamples: 2_000 });
    // (10 - 30) / 40 items, and (10 * 1 + 30 * 2) / (40 * 0.5), in every resample.
    expect(stratified!.qualityDeltaPp).toEqual({ estimate: -50, lower: -50, upper: -50 });
    expect(stratified!.costReduction).toEqual({ estimate: 3.5, lower: 3.5, upper: 3.5 });
    const [pooled] = pairedBootstrap({ baseline, configurations: [configuration], resamples: 2_000 });
    expect(pooled!.qualityDeltaPp!.upper - pooled!.qualityDeltaPp!.lower).toBeGreaterThan(20);
    expect(pooled!.costReduction!.upper - pooled!.costReduction!.lower).toBeGreaterThan(0.5);
  });

  it('gives a point interval for a single item', () => {
    const [result] = pairedBootstrap({
      baseline: { itemQuality: Float64Array.of(0), itemCostUsd: Float64Array.of(0.02) },
      configurations: [{ name: 'one', itemQuality: Float64Array.of(1), itemCostUsd: Float64Array.of(0.01) }],
      resamples: 100,
    });
    expect(result!.qualityDeltaPp).toEqual({ estimate: 100, lower: 100, upper: 100 });
    expect(result!.costReduction).toEqual({ estimate: 2, lower: 2, upper: 2 });
    expect(result!.pairedItems).toBe(1);
  });

  it('gives [0, 0] when every item ties', () => {
    const outcomes = syntheticOutcomes(1_000, 0.7, [0.01, 0.02], 14);
    const [result] = pairedBootstrap({ baseline: outcomes, configurations: [{ name: 'same', ...outcomes }], resamples: 500 });
    expect(result!.qualityDeltaPp).toEqual({ estimate: 0, lower: 0, upper: 0 });
    expect(result!.costReduction).toEqual({ estimate: 1, lower: 1, upper: 1 });
  });

  it('counts only items graded in both, and is null where a statistic has nothing to stand on', () => {
    const [result] = pairedBootstrap({
      baseline: { itemQuality: Float64Array.of(1, Number.NaN, 0), itemCostUsd: Float64Array.of(1, 1, 1) },
      configurations: [{ name: 'free', itemQuality: Float64Array.of(Number.NaN, 1, Number.NaN), itemCostUsd: Float64Array.of(0, 0, 0) }],
      resamples: 100,
    });
    expect(result).toEqual({ name: 'free', qualityDeltaPp: null, costReduction: null, pairedItems: 0, qualityResampling: 'index', qualityResamplesUsed: 0 });
    const [partly] = pairedBootstrap({
      baseline: { itemQuality: Float64Array.of(1, Number.NaN, 0), itemCostUsd: Float64Array.of(1, 1, 1) },
      configurations: [{ name: 'partly', itemQuality: Float64Array.of(1, 1, 1), itemCostUsd: Float64Array.of(1, 1, 1) }],
      resamples: 1_000,
    });
    expect(partly!.pairedItems).toBe(2);
    expect(partly!.qualityDeltaPp!.estimate).toBe(50);
    // A resample of three draws misses both paired items with chance (1/3)^3.
    expect(partly!.qualityResamplesUsed).toBeLessThan(1_000);
    expect(partly!.qualityResamplesUsed).toBeGreaterThan(900);
  });

  it('handles no items at all', () => {
    const empty = { itemQuality: new Float64Array(0), itemCostUsd: new Float64Array(0) };
    expect(pairedBootstrap({ baseline: empty, configurations: [{ name: 'none', ...empty }] })[0]).toMatchObject({ qualityDeltaPp: null, costReduction: null });
  });

  it('rejects mismatched lengths, non-finite costs and a bad resample count', () => {
    const outcomes = syntheticOutcomes(3, 0.5, [1, 2], 15);
    const shorter = syntheticOutcomes(2, 0.5, [1, 2], 16);
    expect(() => pairedBootstrap({ baseline: outcomes, configurations: [{ name: 'short', ...shorter }] })).toThrow(RangeError);
    const withNaNCost = { name: 'nan', itemQuality: outcomes.itemQuality, itemCostUsd: Float64Array.of(1, Number.NaN, 1) };
    expect(() => pairedBootstrap({ baseline: outcomes, configurations: [withNaNCost] })).toThrow(/cost of item 1/);
    expect(() => pairedBootstrap({ baseline: outcomes, configurations: [], resamples: 0 })).toThrow(RangeError);
  });
});
