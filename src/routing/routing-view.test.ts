import { describe, expect, it } from 'vitest';
import type { Item } from '../types/index.js';
import { itemOfView, routingView } from './routing-view.js';

const row = {
  id: 'c1',
  tags: ['hard'],
  expected: 'REF',
  checks: [{ type: 'exact', value: 'REF' }],
  clause: 'The fee is due.',
  notes: 'judge only',
  'meta.flat': 'a key with a dot',
  meta: { source: 'court', gold: 'REF-in-meta', flat: 'nested' },
  history: [{ gold: 'REF-in-list' }],
};
const item: Item = { id: 'c1', tags: ['hard'], expected: 'REF', checks: row.checks, fields: row };

describe('routingView', () => {
  it('holds the prompt, its tokens, id and tags, and the input fields without id, tags, expected and checks', () => {
    const view = routingView(item, 'Clause: The fee is due.', 6, []);
    expect(view).toEqual({
      id: 'c1',
      prompt: 'Clause: The fee is due.',
      promptTokens: 6,
      turns: 1,
      lastTurn: 'Clause: The fee is due.',
      tags: ['hard'],
      fields: { clause: row.clause, notes: row.notes, 'meta.flat': row['meta.flat'], meta: row.meta, history: row.history },
    });
  });

  it('takes out each reference field as templates name it: a key, a path into an object, a whole list on the way', () => {
    const view = routingView(item, '', 0, ['notes', 'meta.gold', 'meta.flat', 'history.0.gold', 'absent', 'clause.length']);
    // `meta.flat` is the key with a dot (as `lookup` reads it first), so meta.flat inside `meta` stays.
    expect(view.fields).toEqual({ clause: row.clause, meta: { source: 'court', flat: 'nested' } });
    expect(JSON.stringify(view)).not.toMatch(/REF|judge only/);
  });

  it('leaves the item as it was', () => {
    const before = JSON.stringify(item);
    const view = routingView(item, '', 0, ['meta.gold', 'notes']);
    view.tags.push('changed');
    expect(JSON.stringify(item)).toBe(before);
  });

  it('as an item, for the checks a cascade decides with, has no reference', () => {
    const shown = itemOfView(routingView(item, '', 0, ['notes']));
    expect(shown).toEqual({ id: 'c1', expected: undefined, tags: ['hard'], fields: expect.not.objectContaining({ expected: expect.anything() }) });
    expect(JSON.stringify(shown)).not.toMatch(/"REF"|judge only/);
  });
});
