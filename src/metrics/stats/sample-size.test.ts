import { describe, expect, it } from 'vitest';
import { marginShownBy, normalApproximationItems, plannedItems, simulatedPower, type PairedRates } from './sample-size.js';

const rates = (bothPass: number, onlyConfiguration: number, onlyBaseline: number): PairedRates =>
  ({ bothPass, onlyConfiguration, onlyBaseline, bothFail: 1 - bothPass - onlyConfiguration - onlyBaseline });

describe('the normal approximation (Nam 1997, Wald form)', () => {
  it('gives the value worked by hand', () => {
    // p01 = p10 = 0.05, δ = 0, M = 2 pp, 80% power, 95% two-sided: (1.95996 + 0.84162)² · 0.1 / 0.02² = 1962.2, so 1963.
    expect(normalApproximationItems(rates(0.8, 0.05, 0.05), { marginPp: 2, power: 0.8 })).toBe(1963);
    // δ = -1 pp: (2.80158)² · (0.09 - 0.0001) / 0.01² = 7056.4, so 7057.
    expect(normalApproximationItems(rates(0.8, 0.04, 0.05), { marginPp: 2, power: 0.8 })).toBe(7057);
  });

  it('has no answer when the configuration is worse by the margin or more', () => {
    expect(normalApproximationItems(rates(0.8, 0.02, 0.05), { marginPp: 2, power: 0.8 })).toBeUndefined();
    expect(plannedItems(rates(0.8, 0.02, 0.05), { marginPp: 2, power: 0.8 })).toBeUndefined();
  });

  it('inverts: the margin n items show is the one that needs n items', () => {
    const observed = rates(0.8, 0.05, 0.06);
    const margin = marginShownBy(observed, 3000, { power: 0.9 });
    const needed = normalApproximationItems(observed, { marginPp: margin, power: 0.9 })!;
    expect(Math.abs(needed - 3000)).toBeLessThanOrEqual(1);
  });
});

describe('the planned number of items', () => {
  // The test: runs of the planned size, simulated afresh with other seeds, reach the verdict at the target rate, ±5 points.
  const cases: Array<[string, PairedRates, number, number]> = [
    ['equal, few discordant', rates(0.85, 0.03, 0.03), 2, 0.8],
    ['equal, many discordant', rates(0.6, 0.15, 0.15), 3, 0.9],
    ['slightly better', rates(0.8, 0.07, 0.05), 1, 0.8],
    ['slightly worse', rates(0.8, 0.05, 0.06), 3, 0.9],
    ['agreeing always', rates(0.9, 0, 0), 1, 0.8],
  ];
  for (const [name, observed, marginPp, power] of cases) {
    it(`reaches non-inferiority in ${power * 100}% ± 5 of fresh simulated runs: ${name}`, () => {
      const target = { marginPp, power };
      const items = plannedItems(observed, target)!;
      expect(items).toBeGreaterThan(0);
      const reached = simulatedPower(observed, items, target, 987_654, 10_000);
      expect(reached).toBeGreaterThanOrEqual(power - 0.05);
      expect(reached).toBeLessThanOrEqual(power + 0.05);
      // And it is the least such size, near enough: 10% fewer items fall short.
      expect(simulatedPower(observed, Math.floor(items * 0.9), target, 987_654, 10_000)).toBeLessThan(power);
    });
  }
});
