import { describe, expect, it } from 'vitest';
import { averagePerformanceGapRecovered, callPerformanceThreshold, oracleGapClosed, performanceGapRecovered, pointPgr, randomMixLine } from './routing-metrics.js';

const anchors = { cheapQuality: 0.6, frontierQuality: 0.8 };
const flat = { cheapQuality: 0.7, frontierQuality: 0.7 };

describe('performanceGapRecovered', () => {
  it('is 0 at the cheap quality, 1 at the frontier, linear between and beyond', () => {
    expect(performanceGapRecovered(0.6, anchors)).toEqual({ value: 0, warning: null });
    expect(performanceGapRecovered(0.8, anchors).value).toBeCloseTo(1, 12);
    expect(performanceGapRecovered(0.75, anchors).value).toBeCloseTo(0.75, 12);
    expect(performanceGapRecovered(0.85, anchors).value).toBeCloseTo(1.25, 12);
  });

  it('is null with a warning when the two models score the same', () => {
    const result = performanceGapRecovered(0.7, flat);
    expect(result.value).toBeNull();
    expect(result.warning).toMatch(/score the same/);
  });
});

describe('pointPgr', () => {
  it('gives PGR of one configuration and what it adds over a random router at its share', () => {
    const result = pointPgr({ frontierShare: 0.3, quality: 0.74 }, anchors);
    expect(result.value).toBeCloseTo(0.7, 12);
    expect(result.aboveRandom).toBeCloseTo(0.4, 12);
    expect(result.warning).toBeNull();
  });

  it('is null on a zero gap', () => {
    expect(pointPgr({ frontierShare: 0.3, quality: 0.7 }, flat)).toMatchObject({ value: null, aboveRandom: null });
  });
});

describe('averagePerformanceGapRecovered', () => {
  it('is exactly 0.5 for the random router line', () => {
    expect(averagePerformanceGapRecovered([], anchors).value).toBeCloseTo(0.5, 12);
    const line = [0, 0.25, 0.5, 0.75, 1].map((share) => ({ frontierShare: share, quality: 0.6 + 0.2 * share }));
    expect(averagePerformanceGapRecovered(line, anchors).value).toBeCloseTo(0.5, 12);
  });

  it('integrates a measured curve by trapezoids, adding the end points', () => {
    // PGR 0 at 0, 0.8 at 0.5, 1 at 1: 0.5 * 0.4 + 0.5 * 0.9 = 0.65.
    expect(averagePerformanceGapRecovered([{ frontierShare: 0.5, quality: 0.76 }], anchors).value).toBeCloseTo(0.65, 12);
    // A router that recovers everything from share 0.2: 0.2 * 0.5 + 0.8 * 1 = 0.9.
    expect(averagePerformanceGapRecovered([{ frontierShare: 0.2, quality: 0.8 }], anchors).value).toBeCloseTo(0.9, 12);
  });

  it("uses the curve's own end points when it has them", () => {
    // Share 1 measured below the frontier anchor: 0.5 * (0 + 1) / 2 + 0.5 * (1 + 0.5) / 2 = 0.625.
    const curve = [
      { frontierShare: 0.5, quality: 0.8 },
      { frontierShare: 1, quality: 0.7 },
    ];
    expect(averagePerformanceGapRecovered(curve, anchors).value).toBeCloseTo(0.625, 12);
  });

  it('keeps the best quality among points at the same share', () => {
    const curve = [
      { frontierShare: 0.5, quality: 0.7 },
      { frontierShare: 0.5, quality: 0.76 },
    ];
    expect(averagePerformanceGapRecovered(curve, anchors).value).toBeCloseTo(0.65, 12);
  });

  it('is null with a warning on a zero gap, and rejects shares outside [0, 1]', () => {
    expect(averagePerformanceGapRecovered([{ frontierShare: 0.5, quality: 0.7 }], flat)).toMatchObject({ value: null, warning: expect.stringMatching(/no performance gap/) });
    expect(() => averagePerformanceGapRecovered([{ frontierShare: 1.5, quality: 0.7 }], anchors)).toThrow(RangeError);
  });
});

describe('callPerformanceThreshold', () => {
  const curve = [
    { frontierShare: 0.5, quality: 0.76 },
    { frontierShare: 0.25, quality: 0.7 },
  ];
  // PGR by share: 0 -> 0, 0.25 -> 0.5, 0.5 -> 0.8, 1 -> 1 (end point added).

  it('interpolates along the curve sorted by share', () => {
    expect(callPerformanceThreshold(curve, anchors, 0.5).value).toBeCloseTo(0.25, 12);
    // Between (0, 0) and (0.25, 0.5).
    expect(callPerformanceThreshold(curve, anchors, 0.2).value).toBeCloseTo(0.1, 12);
    // Between (0.25, 0.5) and (0.5, 0.8): 0.25 + 0.25 * (0.15 / 0.3).
    expect(callPerformanceThreshold(curve, anchors, 0.65).value).toBeCloseTo(0.375, 12);
    // Between (0.5, 0.8) and (1, 1).
    expect(callPerformanceThreshold(curve, anchors, 0.9).value).toBeCloseTo(0.75, 12);
    expect(callPerformanceThreshold(curve, anchors, 0).value).toBe(0);
  });

  it('takes the first crossing when the curve dips', () => {
    const dipping = [
      { frontierShare: 0.2, quality: 0.72 },
      { frontierShare: 0.4, quality: 0.66 },
      { frontierShare: 0.6, quality: 0.74 },
    ];
    // PGR: 0, 0.6, 0.3, 0.7, 1. Reaching 0.5 first happens between 0 and 0.2.
    expect(callPerformanceThreshold(dipping, anchors, 0.5).value).toBeCloseTo(0.2 * (0.5 / 0.6), 12);
  });

  it('is null with a warning when the curve never gets there', () => {
    const result = callPerformanceThreshold([{ frontierShare: 1, quality: 0.75 }], anchors, 0.9);
    expect(result.value).toBeNull();
    expect(result.warning).toMatch(/never recovers 90%/);
    expect(callPerformanceThreshold(curve, flat, 0.5).value).toBeNull();
  });
});

describe('oracleGapClosed', () => {
  it('is the share of the cheap-to-oracle gap a configuration recovers', () => {
    expect(oracleGapClosed(0.8, { cheapQuality: 0.6, oracleQuality: 0.9 }).value).toBeCloseTo(2 / 3, 12);
    expect(oracleGapClosed(0.9, { cheapQuality: 0.6, oracleQuality: 0.9 }).value).toBeCloseTo(1, 12);
  });

  it('is null with a warning when the oracle adds nothing', () => {
    expect(oracleGapClosed(0.6, { cheapQuality: 0.6, oracleQuality: 0.6 })).toMatchObject({ value: null, warning: expect.stringMatching(/oracle/) });
  });
});

describe('randomMixLine', () => {
  it('mixes cost and quality linearly in the frontier share', () => {
    const line = randomMixLine({ costUsd: 1, quality: 0.6 }, { costUsd: 11, quality: 0.9 });
    expect(line(0)).toEqual({ costUsd: 1, quality: 0.6 });
    expect(line(1)).toEqual({ costUsd: 11, quality: 0.9 });
    const quarter = line(0.25);
    expect(quarter.costUsd).toBeCloseTo(3.5, 12);
    expect(quarter.quality).toBeCloseTo(0.675, 12);
    expect(() => line(-0.1)).toThrow(RangeError);
  });
});
