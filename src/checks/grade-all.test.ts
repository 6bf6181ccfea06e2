import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { gradeAll } from './grade-all.js';
import { compileChecks } from './registry.js';
import type { Check, Verdict } from '../types/index.js';

function fixed(type: string, verdict: Verdict): Check {
  return { type, acceptsProse: true, grade: () => verdict };
}

const pass: Verdict = { status: 'pass', score: 1, reason: 'ok' };
const fail: Verdict = { status: 'fail', score: 0, reason: 'wrong' };
const error: Verdict = { status: 'error', score: 0, reason: 'no reference' };
const item = itemExpecting('42');

describe('gradeAll', () => {
  it('passes only when every check passes', () => {
    expect(gradeAll([fixed('a', pass), fixed('b', pass)], 'x', item)).toEqual({
      status: 'pass',
      score: 1,
      reason: 'a: ok; b: ok',
    });
  });

  it('fails when one check fails, scoring the mean and naming the failed check', () => {
    expect(gradeAll([fixed('a', pass), fixed('b', fail)], 'x', item)).toEqual({
      status: 'fail',
      score: 0.5,
      reason: 'b: wrong',
    });
  });

  it('lets a fail outweigh an error', () => {
    expect(gradeAll([fixed('a', error), fixed('b', fail)], 'x', item).status).toBe('fail');
  });

  it('cannot grade when a check could not and none failed', () => {
    expect(gradeAll([fixed('a', pass), fixed('b', error)], 'x', item)).toMatchObject({
      status: 'error',
      reason: 'b: no reference',
    });
  });

  it('returns the verdict of a single check as it is', () => {
    expect(gradeAll([fixed('a', fail)], 'x', item)).toEqual(fail);
  });

  it('cannot grade with no checks', () => {
    expect(gradeAll([], 'x', item).status).toBe('error');
  });

  it('combines real checks on one output', () => {
    const checks = compileChecks([{ type: 'numeric' }, { type: 'not', check: { type: 'icontains', value: 'sorry' } }]);
    expect(gradeAll(checks, 'The answer is 42.', item).status).toBe('pass');
    expect(gradeAll(checks, 'Sorry, it is 42.', item)).toMatchObject({ status: 'fail', score: 0.5 });
  });

  it('passes the context to every check', () => {
    const seen: unknown[] = [];
    const spy: Check = { type: 'spy', acceptsProse: true, grade: (_output, _item, context) => (seen.push(context), pass) };
    gradeAll([spy, spy], 'x', item, { recordedScore: 0.7 });
    expect(seen).toEqual([{ recordedScore: 0.7 }, { recordedScore: 0.7 }]);
  });
});
