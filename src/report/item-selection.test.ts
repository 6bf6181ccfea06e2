import { describe, expect, it } from 'vitest';
import type { ItemOutcomeIndex, StoredStatus } from '../store/read-item-records.js';
import { chooseForPage, classifyItems, matchesOutcome, outcomeOf } from './item-selection.js';

function index(statuses: Record<string, Array<StoredStatus | null>>, kinds: Record<string, string> = {}): ItemOutcomeIndex {
  const count = Object.values(statuses)[0]!.length;
  return {
    items: Array.from({ length: count }, (_, position) => ({ itemId: `i${position}`, position, tags: [] })),
    configurations: Object.keys(statuses).map((name) => ({ name, kind: kinds[name] ?? 'fixed', spec: {} })),
    statuses: new Map(Object.entries(statuses)),
  };
}

describe('the item explorer\'s selection', () => {
  it('calls an item lost when the baseline passed and this failed, won for the reverse, else its own status', () => {
    expect(outcomeOf('pass', 'fail')).toBe('lost');
    expect(outcomeOf('fail', 'pass')).toBe('won');
    expect(outcomeOf('pass', 'pass')).toBe('pass');
    expect(outcomeOf('fail', 'fail')).toBe('fail');
    expect(outcomeOf('error', 'fail')).toBe('fail');
    expect(outcomeOf(null, 'fail')).toBe('fail');
    expect(outcomeOf('pass', 'error')).toBe('error');
    expect(matchesOutcome('lost', 'fail')).toBe(true);
    expect(matchesOutcome('won', 'fail')).toBe(false);
    expect(matchesOutcome('fail', 'lost')).toBe(false);
  });

  it('orders each configuration lost, won, then the rest in dataset order, routed configurations first, and counts by hand', () => {
    const classified = classifyItems(index({
      base: ['pass', 'fail', 'pass', 'pass', 'fail', 'pass'],
      cheap: ['pass', 'pass', 'fail', 'error', 'fail', 'fail'],
      routed: ['fail', 'pass', 'pass', null, 'fail', 'pass'],
    }, { routed: 'rules' }), 'base');
    expect(classified.configurations.map((each) => each.name)).toEqual(['routed', 'cheap']);
    expect(classified.rows.get('cheap')!.map((row) => `${row.itemIndex}:${row.outcome}`)).toEqual(['2:lost', '5:lost', '1:won', '0:pass', '3:error', '4:fail']);
    expect(classified.rows.get('routed')!.map((row) => `${row.itemIndex}:${row.outcome}`)).toEqual(['0:lost', '1:won', '2:pass', '4:fail', '5:pass']);
    expect(classified.configurations[1]).toEqual({ name: 'cheap', items: 6, lost: 2, won: 1, fail: 3, error: 1, skipped: 0 });
    expect(classified.configurations[0]).toEqual({ name: 'routed', items: 5, lost: 1, won: 1, fail: 2, error: 0, skipped: 0 });
  });

  it('puts every lost and won item on a page before any other, then a seeded sample of the rest, never more than the bound', () => {
    const size = 1000;
    const base = Array.from({ length: size }, (_, at): StoredStatus => (at % 10 === 0 ? 'fail' : 'pass'));
    // Lost on items 7, 17, ...; won on 0, 100, 200, ...; the rest agree.
    const cheap = base.map((status, at): StoredStatus => (at % 10 === 7 ? 'fail' : at % 100 === 0 ? 'pass' : status));
    const data = index({ base, cheap });
    const rows = classifyItems(data, 'base').rows.get('cheap')!;
    const page = chooseForPage(rows, 150, 7, data);
    expect(page).toHaveLength(150);
    expect(page.slice(0, 100).every((row) => row.outcome === 'lost')).toBe(true);
    expect(page.slice(100, 110).every((row) => row.outcome === 'won')).toBe(true);
    const sampled = page.slice(110).map((row) => row.itemIndex);
    expect(sampled).toEqual([...sampled].sort((a, b) => a - b));
    // Seeded: the same seed draws the same items, another seed others; and not simply the first ones.
    expect(chooseForPage(rows, 150, 7, data)).toEqual(page);
    expect(chooseForPage(rows, 150, 8, data).slice(110)).not.toEqual(page.slice(110));
    expect(Math.max(...sampled)).toBeGreaterThan(500);
    // A bound below the lost and won keeps the lost first.
    expect(chooseForPage(rows, 30, 7, data).every((row) => row.outcome === 'lost')).toBe(true);
    expect(chooseForPage(rows, 5000, 7, data)).toHaveLength(size);
  });
});
