import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

describe('exact', () => {
  it('passes when the output equals the reference up to whitespace by default', () => {
    const verdict = compileCheck({ type: 'exact' }).grade('  30   days\n', itemExpecting('30 days'));
    expect(verdict).toEqual({ status: 'pass', score: 1, reason: 'equals "30 days"' });
  });

  it('fails on a different answer, quoting both', () => {
    const verdict = compileCheck({ type: 'exact' }).grade('thirty days', itemExpecting('30 days'));
    expect(verdict).toEqual({ status: 'fail', score: 0, reason: 'expected "30 days", got "thirty days"' });
  });

  it('is case-sensitive unless asked', () => {
    const item = itemExpecting('Paris');
    expect(compileCheck({ type: 'exact' }).grade('paris', item).status).toBe('fail');
    expect(compileCheck({ type: 'exact', normalize: ['case'] }).grade('paris', item).status).toBe('pass');
  });

  it('ignores Unicode punctuation and articles when asked', () => {
    const check = compileCheck({ type: 'exact', normalize: ['case', 'punctuation', 'articles', 'whitespace'] });
    expect(check.grade('“The Eiffel Tower.”', itemExpecting('eiffel tower')).status).toBe('pass');
    expect(check.grade('“The Eiffel Tower.”', itemExpecting('louvre')).status).toBe('fail');
  });

  it('stringifies a numeric reference', () => {
    expect(compileCheck({ type: 'exact' }).grade('42', itemExpecting(42)).status).toBe('pass');
  });

  it('compares with value instead of the reference when given', () => {
    const check = compileCheck({ type: 'exact', value: 'yes' });
    expect(check.grade('yes', itemExpecting('no')).status).toBe('pass');
  });

  it('fails an empty output', () => {
    const verdict = compileCheck({ type: 'exact' }).grade('', itemExpecting('30 days'));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toBe('expected "30 days", got ""');
  });

  it('cannot grade an item with no reference', () => {
    const verdict = compileCheck({ type: 'exact' }).grade('anything', itemExpecting(undefined));
    expect(verdict).toMatchObject({ status: 'error', score: 0 });
  });

  it('truncates a long output in the reason', () => {
    const verdict = compileCheck({ type: 'exact' }).grade('word '.repeat(200), itemExpecting('30 days'));
    expect(verdict.reason.length).toBeLessThan(120);
  });

  it('does not accept prose', () => {
    expect(compileCheck({ type: 'exact' }).acceptsProse).toBe(false);
  });

  it('blames a bad normalisation on the normalize key', () => {
    const error = specErrorOf(() => compileCheck({ type: 'exact', normalize: ['lowercase'] }));
    expect(error.key).toBe('normalize');
  });
});
