import { describe, expect, it } from 'vitest';
import { parseGrid, sweepCurve } from './sweep-curve.js';

describe('sweepCurve', () => {
  // Four items: the strong model passes all, the weak one passes items 0 and 1.
  const items = {
    strongQuality: Float64Array.from([1, 1, 1, 1]),
    weakQuality: Float64Array.from([1, 1, 0, 0]),
    strongCostUsd: Float64Array.from([10, 10, 10, 10]),
    weakCostUsd: Float64Array.from([1, 1, 1, 1]),
    baselineQuality: Float64Array.from([1, 1, 1, 1]),
    priority: Float64Array.from([0.1, 0.2, 0.9, 0.8]),
  };

  it('sends the items above the cut to the strong model, worked out by hand', () => {
    const points = sweepCurve(items, [1, 0.85, 0.5, 0], (threshold) => threshold);
    expect(points.map((point) => point.frontierShare)).toEqual([0, 0.25, 0.5, 1]);
    expect(points.map((point) => point.quality)).toEqual([0.5, 0.75, 1, 1]);
    expect(points.map((point) => point.costUsd)).toEqual([4, 13, 22, 40]);
    expect(points[0]!.qualityDeltaPp).toBeCloseTo(-50, 12);
  });

  it('leaves out items ungraded on either model, and those outside the mask', () => {
    const withGap = { ...items, weakQuality: Float64Array.from([1, Number.NaN, 0, 0]) };
    expect(sweepCurve(withGap, [1], (threshold) => threshold)[0]).toMatchObject({ quality: 1 / 3, costUsd: 3 });
    expect(sweepCurve(items, [1], (threshold) => threshold, Uint8Array.from([1, 0, 0, 1]))[0]).toMatchObject({ quality: 0.5, costUsd: 2 });
  });
});

describe('parseGrid', () => {
  it('reads start:stop:step inclusively and refuses nonsense', () => {
    expect(parseGrid('0:1:0.25')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(parseGrid('0:1:0.1')).toHaveLength(11);
    expect(parseGrid('0:1:0.1')![3]).toBe(0.3);
    expect(parseGrid('1:0:0.1')).toBeUndefined();
    expect(parseGrid('a:b')).toBeUndefined();
  });
});
