import { describe, expect, it } from 'vitest';
import { quote } from './quote.js';

describe('quote', () => {
  it('quotes a short text as it is', () => {
    expect(quote('30 days')).toBe('"30 days"');
  });

  it('puts a multi-line output on one line', () => {
    expect(quote('first\n\n  second\tthird')).toBe('"first second third"');
  });

  it('truncates a long output to the limit, ellipsis included', () => {
    const shown = JSON.parse(quote('x'.repeat(500))) as string;
    expect(Array.from(shown)).toHaveLength(80);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('never splits an emoji', () => {
    const shown = JSON.parse(quote('😀'.repeat(100), 10)) as string;
    expect(shown).toBe(`${'😀'.repeat(9)}…`);
  });

  it('shows an empty output as an empty string', () => {
    expect(quote('  \n ')).toBe('""');
  });
});
