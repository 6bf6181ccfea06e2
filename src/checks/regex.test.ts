import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const item = itemExpecting(null);

describe('regex', () => {
  it('passes on a match and shows what matched', () => {
    const verdict = compileCheck({ type: 'regex', pattern: '\\b\\d+ days\\b' }).grade('It is 30 days.', item);
    expect(verdict).toEqual({ status: 'pass', score: 1, reason: '/\\b\\d+ days\\b/ matched "30 days"' });
  });

  it('fails without a match', () => {
    const verdict = compileCheck({ type: 'regex', pattern: '^yes$' }).grade('no', item);
    expect(verdict).toEqual({ status: 'fail', score: 0, reason: 'no match for /^yes$/ in "no"' });
  });

  it('applies flags', () => {
    expect(compileCheck({ type: 'regex', pattern: '^yes$' }).grade('YES', item).status).toBe('fail');
    expect(compileCheck({ type: 'regex', pattern: '^yes$', flags: 'i' }).grade('YES', item).status).toBe('pass');
  });

  it('gives the same verdict twice with a g flag', () => {
    const check = compileCheck({ type: 'regex', pattern: 'a', flags: 'g' });
    expect(check.grade('a', item).status).toBe('pass');
    expect(check.grade('a', item).status).toBe('pass');
  });

  it('fails an empty output unless the pattern matches empty', () => {
    expect(compileCheck({ type: 'regex', pattern: '\\d' }).grade('', item).status).toBe('fail');
  });

  it('reports a bad pattern on the pattern key with the engine message', () => {
    const error = specErrorOf(() => compileCheck({ type: 'regex', pattern: '(unclosed' }));
    expect(error.key).toBe('pattern');
    expect(error.message).toBe('invalid regular expression: missing closing ): `(unclosed`');
  });

  it('names the backtracking feature a pattern needs', () => {
    for (const [pattern, feature] of [
      ['a(?=b)', /lookahead/],
      ['(a)\\1', /backreference/],
      ['(?<x>a)\\k<x>', /backreference/],
      ['(?>a)', /atomic group/],
      ['a++', /possessive/],
    ] as const) {
      const error = specErrorOf(() => compileCheck({ type: 'regex', pattern }));
      expect(error.key).toBe('pattern');
      expect(error.message).toMatch(feature);
      expect(error.message).toMatch(/linear-time engine/);
    }
  });

  it('grades a catastrophic pattern in one pass over the output', () => {
    // (a+)+$ backtracks exponentially in JavaScript: at 37 characters it never returns.
    const check = compileCheck({ type: 'regex', pattern: '(a+)+$' });
    expect(check.grade(`${'a'.repeat(5_000)}!`, item).status).toBe('fail');
    expect(check.grade('a'.repeat(5_000), item).status).toBe('pass');
  });

  it('reads JavaScript syntax: \\u escapes, named groups, slashes, lookbehind', () => {
    const passes = (pattern: string, output: string) => compileCheck({ type: 'regex', pattern }).grade(output, item).status;
    expect(passes('^\\u0041\\u{1F600}$', 'A😀')).toBe('pass');
    expect(passes('(?<year>\\d{4})-(?<month>\\d{2})', 'on 2026-12')).toBe('pass');
    expect(passes('a/b', 'a/b')).toBe('pass');
    expect(passes('(?<=\\$)\\d+', 'costs $40')).toBe('pass');
    expect(passes('(?<=\\$)\\d+', 'costs 40')).toBe('fail');
    expect(passes('(?<!no )way', 'no way')).toBe('fail');
  });

  it('applies m and s flags', () => {
    const status = (pattern: string, flags: string, output: string) => compileCheck({ type: 'regex', pattern, flags }).grade(output, item).status;
    expect(status('^b$', '', 'a\nb')).toBe('fail');
    expect(status('^b$', 'm', 'a\nb')).toBe('pass');
    expect(status('a.b', '', 'a\nb')).toBe('fail');
    expect(status('a.b', 's', 'a\nb')).toBe('pass');
  });

  it('reports bad flags on the flags key', () => {
    const error = specErrorOf(() => compileCheck({ type: 'regex', pattern: 'ok', flags: 'iq' }));
    expect(error.key).toBe('flags');
    expect(error.message).toMatch(/flag "q"/);
  });

  it('requires a pattern', () => {
    expect(specErrorOf(() => compileCheck({ type: 'regex' })).key).toBe('pattern');
  });
});
