import type { Item } from '../../types/index.js';

/** An item with the given reference, for grading hand-made outputs. */
export function itemExpecting(expected: unknown, id = 'item-1'): Item {
  return { id, expected, tags: [], fields: { id, expected } };
}
