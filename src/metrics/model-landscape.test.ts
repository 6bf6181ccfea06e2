import { describe, expect, it } from 'vitest';
import { modelLandscape } from './model-landscape.js';
import type { ConfigurationSummary } from '../types/index.js';
import type { TagRow } from './tag-breakdown.js';

const summary = (name: string, kind: string, costUsd: number, passRate: number) => ({ name, kind, costUsd, passRate }) as ConfigurationSummary;

describe('the view over all models, worked by hand', () => {
  // Points (cost, quality): a (1, 0.5), b (2, 0.9), c (3, 0.8); c is dominated by b.
  const summaries = [summary('a', 'fixed', 1, 0.5), summary('b', 'fixed', 2, 0.9), summary('c', 'fixed', 3, 0.8), summary('r', 'rules', 1.5, 0.8)];
  const tags: TagRow[] = [
    { tag: 'x', items: 2, configurations: [{ name: 'a', passRate: 1, qualityDeltaPp: null, costUsd: 0.4 }, { name: 'b', passRate: 1, qualityDeltaPp: null, costUsd: 0.8 }, { name: 'c', passRate: 0.5, qualityDeltaPp: null, costUsd: 1 }, { name: 'r', passRate: 1, qualityDeltaPp: null, costUsd: 0.5 }] },
    { tag: 'y', items: 2, configurations: [{ name: 'a', passRate: 0, qualityDeltaPp: null, costUsd: 0.6 }, { name: 'b', passRate: 0.5, qualityDeltaPp: null, costUsd: 1.2 }, { name: 'c', passRate: 1, qualityDeltaPp: null, costUsd: 2 }, { name: 'r', passRate: 0.5, qualityDeltaPp: null, costUsd: 1 }] },
  ];
  const landscape = modelLandscape(summaries, [], tags, [['x'], ['x'], ['y'], ['y']], new Set())!;

  it('hull a → b, flat after b; its AIQ over [1, 3] is (0.7 · 1 + 0.9 · 1) / 2 = 0.8', () => {
    expect(landscape.hull).toEqual([{ costUsd: 1, quality: 0.5 }, { costUsd: 2, quality: 0.9 }]);
    expect(landscape.costRangeUsd).toEqual([1, 3]);
    expect(landscape.hullAiq).toBeCloseTo(0.8, 12);
  });

  it('a router at (1.5, 0.8): 10 pp over the hull there (0.7); its AIQ from its point: (0.65 · 0.5 + 0.8 · 1.5) / 2 = 0.7625', () => {
    expect(landscape.routers).toEqual([{ configuration: 'r', aiq: expect.closeTo(0.7625, 12), fromCurve: false, qualityOverHullPp: expect.closeTo(10, 9) }]);
  });

  it('per tag the best fixed configuration, the cheaper among ties; each tag to it: (1 · 2 + 1 · 2) / 4 at 0.4 + 2', () => {
    expect(landscape.bestByTag.map((row) => row.configuration)).toEqual(['a', 'c']);
    expect(landscape.routeByTag).toEqual({ quality: 1, costUsd: 2.4 });
    // Tags that do not partition the items: no such router.
    expect(modelLandscape(summaries, [], tags, [['x', 'y'], ['x'], ['y'], ['y']], new Set())!.routeByTag).toBeNull();
  });

  it('needs three fixed configurations with a pass rate, not counting those whose cost is unknown', () => {
    expect(modelLandscape(summaries, [], tags, [], new Set(['c']))).toBeNull();
    expect(modelLandscape(summaries.slice(1), [], tags, [], new Set())).toBeNull();
  });
});
