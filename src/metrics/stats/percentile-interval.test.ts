import { describe, expect, it } from 'vitest';
import { percentileInterval } from './percentile-interval.js';

describe('percentileInterval', () => {
  it('interpolates between order statistics like R and NumPy (type 7)', () => {
    // 0..100: position (n - 1) q lands on 2.5 and 97.5.
    const interval = percentileInterval(Float64Array.from({ length: 101 }, (_, index) => 100 - index), 0.95)!;
    expect(interval.lower).toBeCloseTo(2.5, 12);
    expect(interval.upper).toBeCloseTo(97.5, 12);
    const narrower = percentileInterval(Float64Array.from({ length: 11 }, (_, index) => index), 0.8)!;
    expect(narrower.lower).toBeCloseTo(1, 12);
    expect(narrower.upper).toBeCloseTo(9, 12);
  });

  it('leaves NaN out and is null when nothing is left', () => {
    expect(percentileInterval(Float64Array.of(Number.NaN, 3, Number.NaN), 0.95)).toEqual({ lower: 3, upper: 3 });
    expect(percentileInterval(Float64Array.of(Number.NaN), 0.95)).toBeNull();
  });

  it('keeps an infinite neighbour from turning a percentile into NaN', () => {
    const values = Float64Array.from({ length: 41 }, (_, index) => (index === 40 ? Infinity : index));
    const interval = percentileInterval(values, 0.95)!;
    expect(interval.lower).toBeCloseTo(1, 12);
    // Position 39: weight 0 next to Infinity.
    expect(interval.upper).toBeCloseTo(39, 12);
    expect(percentileInterval(Float64Array.of(1, Infinity), 0.95)!.upper).toBe(Infinity);
  });

  it('rejects a confidence level outside (0, 1)', () => {
    expect(() => percentileInterval(Float64Array.of(1), 1)).toThrow(RangeError);
  });
});
