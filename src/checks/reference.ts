import type { Item } from '../types/index.js';

/** The text a check compares with, or why there is none. */
export type ReferenceText = { found: true; text: string } | { found: false; reason: string };

/**
 * The reference of a check: its own `value` when the spec gives one, else the
 * item's `expected`. A missing or structured reference is a reason to report
 * "could not grade", not a fail of the model.
 */
export function referenceText(item: Item, value: string | undefined): ReferenceText {
  if (value !== undefined) return { found: true, text: value };
  const expected = item.expected;
  if (typeof expected === 'string') return { found: true, text: expected };
  if (typeof expected === 'number' || typeof expected === 'boolean' || typeof expected === 'bigint') {
    return { found: true, text: String(expected) };
  }
  if (expected === undefined || expected === null) {
    return { found: false, reason: `item "${item.id}" has no expected answer` };
  }
  const shape = Array.isArray(expected) ? 'a list' : 'a mapping';
  return { found: false, reason: `the expected answer of item "${item.id}" is ${shape}, not text` };
}

/** The reference as text wherever one is shown whole (a judge's prompt, a mock's right answer): objects as JSON. */
export function expectedText(expected: unknown): string {
  if (expected === undefined || expected === null) return '';
  if (typeof expected === 'object') return JSON.stringify(expected);
  return String(expected);
}
