import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const choice = compileCheck({ type: 'choice' });

describe('choice', () => {
  it('passes when the chosen letter is the reference, in any case', () => {
    expect(choice.grade('The answer is (c)', itemExpecting('C'))).toEqual({ status: 'pass', score: 1, reason: 'chose C' });
    expect(choice.grade('C', itemExpecting('c')).status).toBe('pass');
    expect(choice.grade('C', itemExpecting('(C)')).status).toBe('pass');
  });

  it('fails on another letter, saying both', () => {
    expect(choice.grade('Answer: B', itemExpecting('C'))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'expected C, chose B',
    });
  });

  it('fails an output naming no letter, and an empty one', () => {
    const verdict = choice.grade('I am not sure.', itemExpecting('C'));
    expect(verdict).toEqual({ status: 'fail', score: 0, reason: 'no choice among A, B, C, D in "I am not sure."' });
    expect(choice.grade('', itemExpecting('C')).status).toBe('fail');
  });

  it('fails an output naming several letters without choosing, even if one is right', () => {
    const verdict = choice.grade('Either B or C.', itemExpecting('C'));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('names several choices (B, C)');
  });

  it('cannot grade against a reference outside the choices', () => {
    expect(choice.grade('E', itemExpecting('E'))).toEqual({
      status: 'error',
      score: 0,
      reason: 'the expected answer "E" is not one of the choices A, B, C, D',
    });
    expect(choice.grade('A', itemExpecting(undefined)).status).toBe('error');
  });

  it('takes choices as a text or a list', () => {
    expect(compileCheck({ type: 'choice', choices: 'ABCDE' }).grade('E', itemExpecting('E')).status).toBe('pass');
    expect(compileCheck({ type: 'choice', choices: ['a', 'b', 'e'] }).grade('(e)', itemExpecting('E')).status).toBe(
      'pass',
    );
  });

  it('refuses choices that are not single letters, too few or repeated', () => {
    expect(specErrorOf(() => compileCheck({ type: 'choice', choices: ['AB', 'C'] })).key).toBe('choices');
    expect(specErrorOf(() => compileCheck({ type: 'choice', choices: 'A' })).key).toBe('choices');
    expect(specErrorOf(() => compileCheck({ type: 'choice', choices: 'ABA' })).key).toBe('choices');
  });

  it('refuses a value outside the choices', () => {
    expect(specErrorOf(() => compileCheck({ type: 'choice', value: 'F' })).key).toBe('value');
    expect(compileCheck({ type: 'choice', value: 'b' }).grade('B', itemExpecting(null)).status).toBe('pass');
  });
});
