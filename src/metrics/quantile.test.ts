import { describe, expect, it } from 'vitest';
import { quantile } from './quantile.js';

describe('quantile', () => {
  it('interpolates between order statistics (type 7) and ignores NaN', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, Number.NaN, 0], 0.95)).toBeCloseTo(9.5, 12);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([Number.NaN], 0.5)).toBeNull();
    expect(quantile(new Float64Array([3, 1, 2]), 0)).toBe(1);
  });
});
