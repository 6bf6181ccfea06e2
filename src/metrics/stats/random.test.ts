import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats its sequence for the same seed and stream', () => {
    const first = createRandom(7, 'items');
    const second = createRandom(7, 'items');
    for (let draw = 0; draw < 100; draw++) expect(first.nextUint32()).toBe(second.nextUint32());
  });

  it('gives different sequences for other seeds and streams', () => {
    const sequence = (seed: number, stream?: string) => {
      const random = createRandom(seed, stream);
      return Array.from({ length: 8 }, () => random.nextUint32());
    };
    expect(sequence(1)).not.toEqual(sequence(2));
    expect(sequence(1, 'a')).not.toEqual(sequence(1, 'b'));
    expect(sequence(2 ** 40)).not.toEqual(sequence(0));
  });

  it('draws floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = createRandom(3);
    const draws = 200_000;
    let sum = 0;
    let sumOfSquares = 0;
    let outside = 0;
    for (let draw = 0; draw < draws; draw++) {
      const value = random.nextFloat();
      if (!(value >= 0 && value < 1)) outside++;
      sum += value;
      sumOfSquares += value * value;
    }
    expect(outside).toBe(0);
    const mean = sum / draws;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / draws));
    expect(sumOfSquares / draws - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('draws integers uniformly below n (chi-square over 10 values)', () => {
    const random = createRandom(4);
    const counts = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let draw = 0; draw < draws; draw++) counts[random.nextInt(10)]!++;
    const expected = draws / 10;
    const chiSquare = counts.reduce((total, count) => total + (count - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 99.9th percentile is 27.9.
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('stays in range for n = 1 and for n beyond the fast path', () => {
    const random = createRandom(5);
    for (let draw = 0; draw < 1000; draw++) {
      expect(random.nextInt(1)).toBe(0);
      const large = random.nextInt(3_000_000_000);
      expect(Number.isInteger(large) && large >= 0 && large < 3_000_000_000).toBe(true);
    }
  });

  it('fills a batch with the same integers nextInt would draw', () => {
    for (const n of [1, 7, 10_000, 2_097_152, 5_000_000]) {
      const batch = new Int32Array(500);
      createRandom(6).fillInt(n, batch, 100, 300);
      const single = createRandom(6);
      const expected = Array.from({ length: 300 }, () => single.nextInt(n));
      expect(Array.from(batch.subarray(100, 400))).toEqual(expected);
      expect(batch[99]).toBe(0);
      expect(batch[400]).toBe(0);
    }
  });

  it('rejects a bad seed or bound', () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(0).nextInt(0)).toThrow(RangeError);
    expect(() => createRandom(0).nextInt(2.5)).toThrow(RangeError);
  });
});
