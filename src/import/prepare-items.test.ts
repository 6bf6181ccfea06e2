import { describe, expect, it } from 'vitest';
import { prepareItems, stratumOf } from './prepare-items.js';
import type { ImportedExchange } from './types.js';

const exchange = (line: number, question: string, model: string, extra: Partial<ImportedExchange> = {}): ImportedExchange => ({
  line, messages: [{ role: 'user', content: question }], answer: `answer ${line}`, model, metadata: { team: line % 2 === 0 ? 'legal' : 'sales' }, toolTurns: 0, ...extra,
});

describe('prepareItems', () => {
  it('merges repeated conversations, keeping the first answer, with ids that depend on the conversation alone', () => {
    const first = prepareItems([exchange(1, 'a?', 'm'), exchange(2, 'b?', 'm'), exchange(3, 'a?', 'n')], { seed: 1, tagBy: [] });
    expect(first.duplicates).toBe(1);
    expect(first.items.map((item) => item.exchange.answer)).toEqual(['answer 1', 'answer 2']);
    const again = prepareItems([exchange(9, 'b?', 'x'), exchange(8, 'a?', 'y')], { seed: 5, tagBy: [] });
    expect(new Set(again.items.map((item) => item.id))).toEqual(new Set(first.items.map((item) => item.id)));
  });

  it('tags the length, the model, tools and the metadata asked for', () => {
    const long = exchange(4, 'x', 'gpt-4o', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }], toolTurns: 1 });
    const [item] = prepareItems([long], { seed: 1, tagBy: ['team', 'absent'] }).items;
    expect(item!.tags).toEqual(['turns:2-3', 'model:gpt-4o', 'tools', 'team:legal']);
  });

  it('draws a seeded sample in proportion to the strata, the same whatever the file order', () => {
    const exchanges = Array.from({ length: 100 }, (_, index) => exchange(index, `q${index}?`, index < 70 ? 'big' : 'small'));
    const sample = prepareItems(exchanges, { sample: 10, by: 'model', seed: 3, tagBy: [] });
    expect(sample.items).toHaveLength(10);
    expect(sample.items.filter((item) => stratumOf(item, 'model') === 'big')).toHaveLength(7);
    const reversed = prepareItems([...exchanges].reverse(), { sample: 10, by: 'model', seed: 3, tagBy: [] });
    expect(new Set(reversed.items.map((item) => item.id))).toEqual(new Set(sample.items.map((item) => item.id)));
    const other = prepareItems(exchanges, { sample: 10, by: 'model', seed: 4, tagBy: [] });
    expect(new Set(other.items.map((item) => item.id))).not.toEqual(new Set(sample.items.map((item) => item.id)));
  });

  it('gives the largest remainders the items left over: 3 strata of 1/3 each share 10 as 4, 3, 3', () => {
    const exchanges = Array.from({ length: 30 }, (_, index) => exchange(index, `q${index}?`, ['a', 'b', 'c'][index % 3]!));
    const counts = new Map<string, number>();
    for (const item of prepareItems(exchanges, { sample: 10, by: 'model', seed: 1, tagBy: [] }).items) counts.set(item.exchange.model!, (counts.get(item.exchange.model!) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([3, 3, 4]);
  });
});
