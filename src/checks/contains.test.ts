import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

describe('contains', () => {
  it('finds the reference inside prose', () => {
    const verdict = compileCheck({ type: 'contains' }).grade('The notice period is 30 days.', itemExpecting('30 days'));
    expect(verdict).toEqual({ status: 'pass', score: 1, reason: 'contains "30 days"' });
  });

  it('fails when the reference is missing, quoting the output', () => {
    const verdict = compileCheck({ type: 'contains' }).grade('thirty days', itemExpecting('30 days'));
    expect(verdict).toEqual({ status: 'fail', score: 0, reason: 'missing "30 days" in "thirty days"' });
  });

  it('is case-sensitive', () => {
    expect(compileCheck({ type: 'contains', value: 'Paris' }).grade('paris', itemExpecting(null)).status).toBe('fail');
  });

  it('uses value over the reference', () => {
    const check = compileCheck({ type: 'contains', value: 'refund' });
    expect(check.grade('You get a refund.', itemExpecting('something else')).status).toBe('pass');
  });

  it('passes with any of several values by default', () => {
    const check = compileCheck({ type: 'contains', values: ['cat', 'dog'] });
    expect(check.grade('a dog', itemExpecting(null)).status).toBe('pass');
    const verdict = check.grade('a bird', itemExpecting(null));
    expect(verdict).toMatchObject({ status: 'fail', reason: 'none of "cat", "dog" in "a bird"' });
  });

  it('needs every value in mode all, and names the missing ones', () => {
    const check = compileCheck({ type: 'contains', values: ['cat', 'dog', 'cow'], mode: 'all' });
    expect(check.grade('cat, dog and cow', itemExpecting(null)).status).toBe('pass');
    const verdict = check.grade('cat only', itemExpecting(null));
    expect(verdict).toMatchObject({ status: 'fail', reason: 'missing "dog", "cow" in "cat only"' });
  });

  it('fails an empty output', () => {
    expect(compileCheck({ type: 'contains' }).grade('', itemExpecting('30 days')).status).toBe('fail');
  });

  it('cannot grade against an empty or missing reference', () => {
    expect(compileCheck({ type: 'contains' }).grade('x', itemExpecting('')).status).toBe('error');
    expect(compileCheck({ type: 'contains' }).grade('x', itemExpecting(undefined)).status).toBe('error');
  });

  it('refuses value and values together, an empty value, and an unknown mode', () => {
    expect(specErrorOf(() => compileCheck({ type: 'contains', value: 'a', values: ['b'] })).key).toBe('values');
    expect(specErrorOf(() => compileCheck({ type: 'contains', value: '' })).key).toBe('value');
    expect(specErrorOf(() => compileCheck({ type: 'contains', values: [] })).key).toBe('values');
    const error = specErrorOf(() => compileCheck({ type: 'contains', values: ['a'], mode: 'every' }));
    expect(error.key).toBe('mode');
    expect(error.message).toContain('any, all');
  });

  it('accepts prose', () => {
    expect(compileCheck({ type: 'contains' }).acceptsProse).toBe(true);
  });
});
