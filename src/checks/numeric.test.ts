import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const numeric = compileCheck({ type: 'numeric' });

describe('numeric', () => {
  it('compares the final number of a sentence with a numeric reference', () => {
    expect(numeric.grade('First 12, then 30. The answer is 42.', itemExpecting(42))).toEqual({
      status: 'pass',
      score: 1,
      reason: 'got 42',
    });
  });

  it('reads money and thousands in the output and in a text reference', () => {
    expect(numeric.grade('She makes $1,000.00 a day', itemExpecting('1,000')).status).toBe('pass');
    expect(numeric.grade('She makes $20.00 a day', itemExpecting('$20')).status).toBe('pass');
  });

  it('reads a percentage as its number', () => {
    expect(numeric.grade('The rate rose by 15%.', itemExpecting(15)).status).toBe('pass');
  });

  it('fails on a different number, saying both', () => {
    expect(numeric.grade('#### 25000', itemExpecting('70000'))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'expected 70000, got 25000',
    });
  });

  it('keeps the sign: -3 is not 3', () => {
    expect(numeric.grade('It fell to -3', itemExpecting(3)).status).toBe('fail');
    expect(numeric.grade('It fell to -3', itemExpecting(-3)).status).toBe('pass');
  });

  it('fails an output with no number, or an empty one', () => {
    expect(numeric.grade('thirty days', itemExpecting(30))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'no number in the output',
    });
    expect(numeric.grade('', itemExpecting(30)).status).toBe('fail');
  });

  it('cannot grade against a reference that is not a number', () => {
    const verdict = numeric.grade('42', itemExpecting('forty-two'));
    expect(verdict).toEqual({ status: 'error', score: 0, reason: 'the expected answer "forty-two" is not a number' });
    expect(numeric.grade('42', itemExpecting(undefined)).status).toBe('error');
    expect(numeric.grade('42', itemExpecting(Number.NaN)).status).toBe('error');
  });

  it('allows a tiny absolute difference by default, but no more', () => {
    expect(numeric.grade('0.30000000000000004', itemExpecting(0.3)).status).toBe('pass');
    expect(numeric.grade('0.301', itemExpecting(0.3)).status).toBe('fail');
  });

  it('widens the tolerance with abs_tol or rel_tol', () => {
    const absolute = compileCheck({ type: 'numeric', abs_tol: 0.5 });
    expect(absolute.grade('10.4', itemExpecting(10)).status).toBe('pass');
    expect(absolute.grade('10.6', itemExpecting(10)).status).toBe('fail');
    const relative = compileCheck({ type: 'numeric', rel_tol: 0.01 });
    expect(relative.grade('1009', itemExpecting(1000)).status).toBe('pass');
    expect(relative.grade('1011', itemExpecting(1000)).status).toBe('fail');
  });

  it('compares with value when given, and refuses a value that is not a number', () => {
    expect(compileCheck({ type: 'numeric', value: 7 }).grade('7 apples', itemExpecting(null)).status).toBe('pass');
    expect(specErrorOf(() => compileCheck({ type: 'numeric', value: 'seven' })).key).toBe('value');
  });

  it('refuses a negative or non-numeric tolerance', () => {
    expect(specErrorOf(() => compileCheck({ type: 'numeric', abs_tol: -1 })).key).toBe('abs_tol');
    expect(specErrorOf(() => compileCheck({ type: 'numeric', rel_tol: '1%' })).key).toBe('rel_tol');
  });
});
