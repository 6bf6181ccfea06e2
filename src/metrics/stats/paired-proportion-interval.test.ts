import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';
import { pairedProportionInterval } from './paired-proportion-interval.js';
import { createRandom } from './random.js';

describe('pairedProportionInterval (Newcombe 1998, method 10)', () => {
  it('gives the values of the paper\'s worked examples (Table II) to four places', () => {
    // (e, f, g, h) in the paper's notation: both, only the first, only the second, neither.
    const cases: Array<[[number, number, number, number], number, number]> = [
      [[36, 12, 2, 0], 0.0569, 0.3404],
      [[18, 12, 2, 18], 0.0562, 0.3290],
      [[53, 0, 0, 1], -0.0729, 0.0729],
    ];
    for (const [[bothPass, onlyFirst, onlySecond, bothFail], lower, upper] of cases) {
      const interval = pairedProportionInterval({ bothPass, onlyFirst, onlySecond, bothFail })!;
      expect(interval.estimate).toBeCloseTo((onlyFirst - onlySecond) / (bothPass + onlyFirst + onlySecond + bothFail), 12);
      expect(interval.lower).toBeCloseTo(lower, 4);
      expect(interval.upper).toBeCloseTo(upper, 4);
    }
  });

  it('does not call two items that both passed a certainty', () => {
    const interval = pairedProportionInterval({ bothPass: 2, onlyFirst: 0, onlySecond: 0, bothFail: 0 })!;
    expect(interval.lower).toBeCloseTo(-0.6576, 4);
    expect(interval.upper).toBeCloseTo(0.6576, 4);
  });

  it('covers the true difference at least about 95% of the time, at 30 items as at 400', () => {
    // Seeded simulation: items with a shared difficulty, so the two configurations' grades are correlated.
    const random = createRandom(20_261_201, 'coverage');
    // The most it may cover: near 95% in the middle; near certainty (both configurations at 97%) it is conservative, as the paper found.
    for (const [items, first, second, most] of [[30, 0.85, 0.8, 0.98], [400, 0.9, 0.88, 0.97], [60, 0.97, 0.97, 1]] as const) {
      let covered = 0;
      const trials = 2000;
      for (let trial = 0; trial < trials; trial++) {
        const table = { bothPass: 0, onlyFirst: 0, onlySecond: 0, bothFail: 0 };
        for (let item = 0; item < items; item++) {
          const shared = random.nextFloat();
          const passFirst = (random.nextFloat() < 0.6 ? shared : random.nextFloat()) < first;
          const passSecond = (random.nextFloat() < 0.6 ? shared : random.nextFloat()) < second;
          if (passFirst && passSecond) table.bothPass++;
          else if (passFirst) table.onlyFirst++;
          else if (passSecond) table.onlySecond++;
          else table.bothFail++;
        }
        const interval = pairedProportionInterval(table)!;
        if (interval.lower <= first - second && first - second <= interval.upper) covered++;
      }
      // The binomial sampling error of 2,000 trials is about ±1 point.
      expect(covered / trials, `${items} items`).toBeGreaterThan(0.93);
      expect(covered / trials, `${items} items`).toBeLessThanOrEqual(most);
    }
  });
});

describe('normalQuantile', () => {
  it('matches the tabled quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
  });
});
