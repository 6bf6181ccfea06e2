import { describe, expect, it } from 'vitest';
import { averageImprovementInQuality } from './average-improvement-in-quality.js';

const cheap = { costUsd: 1, quality: 0.6 };
const frontier = { costUsd: 11, quality: 0.9 };

describe('averageImprovementInQuality', () => {
  it('is the mean of the two qualities for the random-mix line alone', () => {
    expect(averageImprovementInQuality([], { cheap, frontier }).value).toBeCloseTo(0.75, 12);
  });

  it('ignores points under the line and joins those above it', () => {
    expect(averageImprovementInQuality([{ costUsd: 6, quality: 0.7 }], { cheap, frontier }).value).toBeCloseTo(0.75, 12);
    // Hull (1, 0.6) - (3, 0.85) - (11, 0.9): (2 * 1.45 / 2 + 8 * 1.75 / 2) / 10 = 0.845.
    const result = averageImprovementInQuality([{ costUsd: 3, quality: 0.85 }], { cheap, frontier });
    expect(result.value).toBeCloseTo(0.845, 12);
    expect(result.hull).toEqual([cheap, { costUsd: 3, quality: 0.85 }, frontier]);
  });

  it('drops a point that is dearer and worse than another (the hull never decreases)', () => {
    // Router at (3, 0.95) beats the frontier: flat at 0.95 from cost 3.
    // (2 * (0.6 + 0.95) / 2 + 8 * 0.95) / 10 = 0.915.
    const result = averageImprovementInQuality([{ costUsd: 3, quality: 0.95 }], { cheap, frontier });
    expect(result.value).toBeCloseTo(0.915, 12);
    expect(result.hull).toEqual([cheap, { costUsd: 3, quality: 0.95 }]);
  });

  it('stays flat at the cheap quality when the frontier is no better', () => {
    expect(averageImprovementInQuality([], { cheap, frontier: { costUsd: 11, quality: 0.5 } }).value).toBeCloseTo(0.6, 12);
  });

  it('lets points outside the cost range shape the hull, averaging only inside it', () => {
    const anchors = { cheap: { costUsd: 0, quality: 0.5 }, frontier: { costUsd: 10, quality: 0.8 } };
    // A dearer point under the extension of the line changes nothing: (0.5 + 0.8) / 2.
    expect(averageImprovementInQuality([{ costUsd: 20, quality: 1 }], anchors).value).toBeCloseTo(0.65, 12);
    // Above it, mixing it with all-cheap beats the frontier: hull at cost 10 is 0.85.
    expect(averageImprovementInQuality([{ costUsd: 20, quality: 1.2 }], anchors).value).toBeCloseTo(0.675, 12);
    // A point cheaper than all-cheap and better lifts the start: hull (1, 0.6) - (10, 0.9) over [2, 10].
    const lifted = averageImprovementInQuality([{ costUsd: 1, quality: 0.6 }], { cheap: { costUsd: 2, quality: 0.5 }, frontier: { costUsd: 10, quality: 0.9 } });
    expect(lifted.value).toBeCloseTo((0.6 + 0.3 / 9 + 0.9) / 2, 12);
  });

  it('keeps the best of points at the same cost', () => {
    expect(averageImprovementInQuality([{ costUsd: 1, quality: 0.7 }], { cheap, frontier }).value).toBeCloseTo(0.8, 12);
  });

  it('is null with a warning when all-cheap and all-frontier cost the same', () => {
    const result = averageImprovementInQuality([], { cheap: { costUsd: 2, quality: 0.6 }, frontier: { costUsd: 2, quality: 0.9 } });
    expect(result.value).toBeNull();
    expect(result.warning).toMatch(/cost the same/);
  });

  it('rejects non-finite points', () => {
    expect(() => averageImprovementInQuality([{ costUsd: Number.NaN, quality: 0.7 }], { cheap, frontier })).toThrow(RangeError);
  });
});
