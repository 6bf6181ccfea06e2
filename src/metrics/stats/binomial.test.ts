import { describe, expect, it } from 'vitest';
import { binomial } from './binomial.js';
import { createRandom } from './random.js';

function moments(trials: number, probability: number, draws: number, seed: number): { mean: number; variance: number } {
  const random = createRandom(seed);
  let sum = 0;
  let sumOfSquares = 0;
  for (let draw = 0; draw < draws; draw++) {
    const value = binomial(trials, probability, random);
    sum += value;
    sumOfSquares += value * value;
  }
  const mean = sum / draws;
  return { mean, variance: (sumOfSquares - draws * mean * mean) / (draws - 1) };
}

/** Exact pmf of Bin(n, p), through log space so large n does not underflow. */
function binomialPmf(trials: number, probability: number): Float64Array {
  const logPmf = new Float64Array(trials + 1);
  logPmf[0] = trials * Math.log1p(-probability);
  for (let k = 1; k <= trials; k++) logPmf[k] = logPmf[k - 1]! + Math.log((trials - k + 1) / k) + Math.log(probability / (1 - probability));
  return logPmf.map(Math.exp);
}

/** Pearson chi-square of draws against the exact pmf, bins merged until each expects at least 20. */
function chiSquareAgainstPmf(trials: number, probability: number, draws: number, seed: number): { statistic: number; degreesOfFreedom: number } {
  const pmf = binomialPmf(trials, probability);
  const observed = new Float64Array(trials + 1);
  const random = createRandom(seed);
  for (let draw = 0; draw < draws; draw++) observed[binomial(trials, probability, random)]!++;
  let statistic = 0;
  let bins = 0;
  let binExpected = 0;
  let binObserved = 0;
  for (let k = 0; k <= trials; k++) {
    binExpected += pmf[k]! * draws;
    binObserved += observed[k]!;
    if (binExpected >= 20 || k === trials) {
      statistic += (binObserved - binExpected) ** 2 / binExpected;
      bins++;
      binExpected = 0;
      binObserved = 0;
    }
  }
  return { statistic, degreesOfFreedom: bins - 1 };
}

describe('binomial', () => {
  // Inversion (mean < 30), BTPE (mean >= 30), both reflected for p > 1/2, and n in the millions.
  const cases = [
    [10, 0.3],
    [50, 0.7],
    [1_000, 0.5],
    [1_000_000, 0.00001],
    [1_000_000, 0.001],
    [1_000_000, 0.6],
    [200, 0.95],
  ] as const;
  for (const [trials, probability] of cases) {
    it(`has mean n p and variance n p (1 - p) for n = ${trials}, p = ${probability}`, () => {
      const draws = 100_000;
      const { mean, variance } = moments(trials, probability, draws, trials + Math.round(probability * 1000));
      const expectedVariance = trials * probability * (1 - probability);
      expect(Math.abs(mean - trials * probability)).toBeLessThan(5 * Math.sqrt(expectedVariance / draws));
      // The sample variance of ~normal data has standard error variance * sqrt(2 / draws).
      expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(5 * Math.sqrt(2 / draws));
    });
  }

  // Moments can hide a wrong shape; the whole law is checked where each method runs.
  for (const [trials, probability] of [
    [40, 0.2],
    [100, 0.4],
    [2_000, 0.3],
    [300, 0.85],
  ] as const) {
    it(`matches the exact pmf (chi-square) for n = ${trials}, p = ${probability}`, () => {
      const { statistic, degreesOfFreedom } = chiSquareAgainstPmf(trials, probability, 300_000, 11);
      // Roughly the 99.9th percentile of chi-square: df + 4.5 sqrt(2 df).
      expect(statistic).toBeLessThan(degreesOfFreedom + 4.5 * Math.sqrt(2 * degreesOfFreedom));
    });
  }

  it('handles the degenerate cases', () => {
    const random = createRandom(1);
    expect(binomial(0, 0.5, random)).toBe(0);
    expect(binomial(10, 0, random)).toBe(0);
    expect(binomial(10, 1, random)).toBe(10);
    expect(binomial(1, 0.5, random)).toBeGreaterThanOrEqual(0);
  });

  it('rejects bad arguments', () => {
    const random = createRandom(1);
    expect(() => binomial(-1, 0.5, random)).toThrow(RangeError);
    expect(() => binomial(2.5, 0.5, random)).toThrow(RangeError);
    expect(() => binomial(10, 1.5, random)).toThrow(RangeError);
    expect(() => binomial(10, Number.NaN, random)).toThrow(RangeError);
  });
});
