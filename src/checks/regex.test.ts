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
    expect(error.message).toMatch(/Invalid regular expression/);
  });

  it('reports bad flags on the flags key', () => {
    const error = specErrorOf(() => compileCheck({ type: 'regex', pattern: 'ok', flags: 'iq' }));
    expect(error.key).toBe('flags');
    expect(error.message).toMatch(/flags/i);
  });

  it('requires a pattern', () => {
    expect(specErrorOf(() => compileCheck({ type: 'regex' })).key).toBe('pattern');
  });
});
