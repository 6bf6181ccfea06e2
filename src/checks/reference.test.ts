import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { referenceText } from './reference.js';

describe('referenceText', () => {
  it('prefers the value of the spec over the expected answer', () => {
    expect(referenceText(itemExpecting('from item'), 'from spec')).toEqual({ found: true, text: 'from spec' });
  });

  it('takes a text or a number from the expected answer', () => {
    expect(referenceText(itemExpecting('30 days'), undefined)).toEqual({ found: true, text: '30 days' });
    expect(referenceText(itemExpecting(42), undefined)).toEqual({ found: true, text: '42' });
  });

  it('names the item when it has no expected answer', () => {
    const reference = referenceText(itemExpecting(undefined, 'q-7'), undefined);
    expect(reference).toEqual({ found: false, reason: 'item "q-7" has no expected answer' });
  });

  it('refuses a list as text', () => {
    const reference = referenceText(itemExpecting(['a', 'b']), undefined);
    expect(reference.found).toBe(false);
    expect(reference.found ? '' : reference.reason).toContain('is a list, not text');
  });
});
