import { describe, expect, it } from 'vitest';
import { countDiscordantPairs, exactMcNemarPValue } from './mcnemar.js';

/** 2 P(X <= min(b, c)) for X ~ Bin(b + c, 1/2), summed in exact integers. */
function exactReference(b: number, c: number): number {
  const trials = BigInt(b + c);
  let coefficient = 1n;
  let tail = 0n;
  for (let successes = 0n; successes <= BigInt(Math.min(b, c)); successes++) {
    if (successes > 0n) coefficient = (coefficient * (trials - successes + 1n)) / successes;
    tail += coefficient;
  }
  // log(tail) from its leading 60 bits: the integers themselves overflow a double.
  const shift = Math.max(0, tail.toString(2).length - 60);
  const logTail = Math.log(Number(tail >> BigInt(shift))) + shift * Math.LN2;
  return Math.min(1, Math.exp(Math.LN2 + logTail - Number(trials) * Math.LN2));
}

describe('exactMcNemarPValue', () => {
  it('matches values worked out by hand', () => {
    // 2 * (1/2)^5.
    expect(exactMcNemarPValue({ configurationOnlyPasses: 0, baselineOnlyPasses: 5 })).toBeCloseTo(0.0625, 14);
    // 2 * (1 + 10) / 2^10.
    expect(exactMcNemarPValue({ configurationOnlyPasses: 1, baselineOnlyPasses: 9 })).toBeCloseTo(0.021484375, 14);
    expect(exactMcNemarPValue({ configurationOnlyPasses: 10, baselineOnlyPasses: 10 })).toBe(1);
    // 2 * (1 + 6 + 15) / 64.
    expect(exactMcNemarPValue({ configurationOnlyPasses: 4, baselineOnlyPasses: 2 })).toBeCloseTo(0.6875, 14);
    // One discordant pair: 2 * 1/2.
    expect(exactMcNemarPValue({ configurationOnlyPasses: 1, baselineOnlyPasses: 0 })).toBe(1);
  });

  it('is 1 without discordant pairs, and symmetric in b and c', () => {
    expect(exactMcNemarPValue({ configurationOnlyPasses: 0, baselineOnlyPasses: 0 })).toBe(1);
    expect(exactMcNemarPValue({ configurationOnlyPasses: 3, baselineOnlyPasses: 17 })).toBe(exactMcNemarPValue({ configurationOnlyPasses: 17, baselineOnlyPasses: 3 }));
  });

  it('agrees with exact integer arithmetic for large counts (the Stirling branch)', () => {
    for (const [b, c] of [
      [80, 120],
      [120, 140],
      [950, 1_050],
      [1_000, 1_200],
      [10, 900],
    ] as const) {
      const pValue = exactMcNemarPValue({ configurationOnlyPasses: b, baselineOnlyPasses: c });
      const reference = exactReference(b, c);
      expect(Math.abs(pValue / reference - 1)).toBeLessThan(1e-10);
    }
  });

  it('stays finite and tiny rather than failing for huge imbalances', () => {
    const pValue = exactMcNemarPValue({ configurationOnlyPasses: 100_000, baselineOnlyPasses: 300_000 });
    expect(pValue).toBeGreaterThanOrEqual(0);
    expect(pValue).toBeLessThan(1e-300);
    const balanced = exactMcNemarPValue({ configurationOnlyPasses: 500_000, baselineOnlyPasses: 501_000 });
    // Normal approximation with continuity correction: z = (1000 - 1) / sqrt(1,001,000) = 0.9985, p = 0.318.
    expect(balanced).toBeCloseTo(0.318, 2);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => exactMcNemarPValue({ configurationOnlyPasses: -1, baselineOnlyPasses: 2 })).toThrow(RangeError);
    expect(() => exactMcNemarPValue({ configurationOnlyPasses: 1.5, baselineOnlyPasses: 2 })).toThrow(RangeError);
  });
});

describe('countDiscordantPairs', () => {
  it('counts items where exactly one side passed, skipping ungraded items', () => {
    const configuration = Float64Array.of(1, 1, 0, 0, Number.NaN, 1);
    const baseline = Float64Array.of(0, 1, 1, 0, 1, 0);
    expect(countDiscordantPairs(configuration, baseline)).toEqual({ configurationOnlyPasses: 2, baselineOnlyPasses: 1 });
  });

  it('refuses item means that are not pass/fail', () => {
    expect(() => countDiscordantPairs(Float64Array.of(0.5), Float64Array.of(1))).toThrow(RangeError);
    expect(() => countDiscordantPairs(Float64Array.of(1), Float64Array.of(1, 0))).toThrow(RangeError);
  });
});
