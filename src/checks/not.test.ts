import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const refusal = compileCheck({ type: 'not', check: { type: 'icontains', value: 'sorry' } });
const item = itemExpecting(null);

describe('not', () => {
  it('passes where the nested check fails', () => {
    const verdict = refusal.grade('Here is your answer.', item);
    expect(verdict.status).toBe('pass');
    expect(verdict.score).toBe(1);
    expect(verdict.reason).toBe('not icontains: missing "sorry" in "Here is your answer."');
  });

  it('fails where the nested check passes', () => {
    expect(refusal.grade('Sorry, I cannot help.', item)).toMatchObject({ status: 'fail', score: 0 });
  });

  it('keeps an error an error', () => {
    const check = compileCheck({ type: 'not', check: { type: 'numeric' } });
    expect(check.grade('42', itemExpecting('not a number'))).toMatchObject({ status: 'error', score: 0 });
  });

  it('undoes itself when nested twice', () => {
    const twice = compileCheck({ type: 'not', check: { type: 'not', check: { type: 'contains', value: 'yes' } } });
    expect(twice.grade('yes', item).status).toBe('pass');
    expect(twice.grade('no', item).status).toBe('fail');
  });

  it('needs a nested check', () => {
    expect(specErrorOf(() => compileCheck({ type: 'not' })).key).toBe('check');
  });

  it('points an error of the nested check at its key under check', () => {
    const error = specErrorOf(() => compileCheck({ type: 'not', check: { type: 'regex', pattern: '(' } }));
    expect(error.key).toBe('check.pattern');
    const typo = specErrorOf(() => compileCheck({ type: 'not', check: { type: 'not', check: { type: 'exct' } } }));
    expect(typo.key).toBe('check.check.type');
    expect(typo.message).toContain('did you mean "exact"');
  });
});
