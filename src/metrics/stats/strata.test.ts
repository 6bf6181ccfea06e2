import { describe, expect, it } from 'vitest';
import { strataLayout } from './strata.js';

describe('strataLayout', () => {
  it('lists every item once, stratum by stratum', () => {
    const layout = strataLayout(6, Int32Array.of(1, 0, 1, 3, 0, 1));
    expect(Array.from(layout.members)).toEqual([1, 4, 0, 2, 5, 3]);
    // Stratum 2 is empty.
    expect(Array.from(layout.offsets)).toEqual([0, 2, 5, 5, 6]);
  });

  it('puts everything in one stratum without strata', () => {
    const layout = strataLayout(3);
    expect(Array.from(layout.members)).toEqual([0, 1, 2]);
    expect(Array.from(layout.offsets)).toEqual([0, 3]);
  });

  it('rejects negative strata and a length mismatch', () => {
    expect(() => strataLayout(2, Int32Array.of(0, -1))).toThrow(RangeError);
    expect(() => strataLayout(3, Int32Array.of(0, 1))).toThrow(RangeError);
  });
});
