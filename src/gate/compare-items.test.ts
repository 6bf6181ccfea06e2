import { describe, expect, it } from 'vitest';
import type { ItemDigest, ItemResultCounts } from '../types/index.js';
import { compareItems, totalsOver } from './compare-items.js';

function digest(rows: Array<[id: string, content: string, checks: string | null, routed: ItemResultCounts]>): ItemDigest {
  return { hashing: 'h', resultColumns: ['graded', 'passes', 'answered', 'answeredCostUsd'],
    rows: rows.map(([id, content, checks, routed]) => ({ id, content, checks, results: { routed } })) };
}

describe('compareItems', () => {
  const baseline = digest([['1', 'c1', 'k', [1, 1, 1, 2]], ['2', 'c2', 'k', [1, 1, 1, 2]], ['3', 'c3', 'k', [1, 0, 1, 2]], ['4', 'c4', 'k', [1, 1, 1, 2]]]);

  it('counts shared, added, removed and changed items, and the share of all items either run holds', () => {
    // 1 and 2 shared, 3 edited, 4 dropped, 5 and 6 added: 2 of 6.
    const current = digest([['1', 'c1', 'k', [1, 1, 1, 1]], ['2', 'c2', 'k', [1, 0, 1, 1]], ['3', 'c3!', 'k', [1, 1, 1, 1]],
      ['5', 'c5', 'k', [1, 1, 1, 1]], ['6', 'c6', 'k', [1, 1, 1, 1]]]);
    const comparison = compareItems(current, baseline);
    expect(comparison).toMatchObject({ shared: 2, added: 2, removed: 1, changed: 1, checksChanged: 0, checksUnknown: 0 });
    expect(comparison.sharedShare).toBeCloseTo(2 / 6, 12);
    expect([...comparison.sharedIds]).toEqual(['1', '2']);
    expect(compareItems(baseline, baseline).sharedShare).toBe(1);
  });

  it('tells shared items graded by other checks, and those whose checks one run did not record', () => {
    const current = digest([['1', 'c1', 'k2', [1, 1, 1, 1]], ['2', 'c2', null, [1, 1, 1, 1]], ['3', 'c3', 'k', [1, 1, 1, 1]], ['4', 'c4', 'k', [1, 1, 1, 1]]]);
    expect(compareItems(current, baseline)).toMatchObject({ shared: 4, checksChanged: 1, checksUnknown: 1 });
  });
});

describe('totalsOver', () => {
  it('sums passes over graded answers and cost over answers given, over the chosen items only', () => {
    const current = digest([['1', 'c1', 'k', [2, 1, 2, 3]], ['2', 'c2', 'k', [1, 1, 2, 5]], ['3', 'c3', 'k', [2, 0, 2, 100]]]);
    expect(totalsOver(current, new Set(['1', '2']))).toEqual([{ name: 'routed', passRate: 2 / 3, costPerItemUsd: 2 }]);
    expect(totalsOver(current, new Set())).toEqual([]);
  });
});
