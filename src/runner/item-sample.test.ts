import { describe, expect, it } from 'vitest';
import type { Item, LoadedSuite } from '../types/index.js';
import { chooseSample } from './item-sample.js';

/** A suite as the sampler sees it: only its items. */
function suiteOf(tags: Array<string | undefined>): LoadedSuite {
  const items: Item[] = tags.map((tag, position) => ({ id: `item-${position}`, position, expected: 'x', tags: tag ? [tag] : [], fields: {} }));
  return { iterateItems: () => items[Symbol.iterator]() } as unknown as LoadedSuite;
}

describe('chooseSample', () => {
  const tags = [...Array(700).fill('easy'), ...Array(250).fill('hard'), ...Array(50).fill(undefined)];

  it('takes exactly n items, the same for a seed and different for another', () => {
    const suite = suiteOf(tags);
    const first = chooseSample(suite, { size: 100, stratify: false }, 1);
    expect(first.size).toBe(100);
    expect(chooseSample(suite, { size: 100, stratify: false }, 1)).toEqual(first);
    const other = chooseSample(suite, { size: 100, stratify: false }, 2);
    expect([...other].filter((id) => first.has(id)).length).toBeLessThan(40);
  });

  it('does not depend on the order of the dataset', () => {
    const forward = suiteOf(tags);
    const items = [...forward.iterateItems()].reverse();
    const backward = { iterateItems: () => items[Symbol.iterator]() } as unknown as LoadedSuite;
    expect(chooseSample(backward, { size: 37, stratify: true }, 5)).toEqual(chooseSample(forward, { size: 37, stratify: true }, 5));
  });

  it('stratified, gives each first tag its share, rounded so the shares sum to n', () => {
    const suite = suiteOf(tags);
    const tagOf = new Map([...suite.iterateItems()].map((item) => [item.id, item.tags[0] ?? '(none)']));
    const count = (sample: Set<string>) => {
      const counts: Record<string, number> = {};
      for (const id of sample) counts[tagOf.get(id)!] = (counts[tagOf.get(id)!] ?? 0) + 1;
      return counts;
    };
    // 70% easy, 25% hard, 5% untagged: 101 items are 70.7, 25.25 and 5.05, so easy gets the one left over.
    expect(count(chooseSample(suite, { size: 101, stratify: true }, 3))).toEqual({ easy: 71, hard: 25, '(none)': 5 });
    expect(chooseSample(suite, { size: 5_000, stratify: true }, 3).size).toBe(1_000);
  });
});
