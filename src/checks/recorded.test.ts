import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const item = itemExpecting(undefined);

describe('recorded', () => {
  const check = compileCheck({ type: 'recorded' });

  it('passes a recorded grade at or above 0.5 by default, scoring it', () => {
    expect(check.grade('anything', item, { recordedScore: 0.5 })).toEqual({ status: 'pass', score: 0.5, reason: 'recorded grade 0.5 >= 0.5' });
    expect(check.grade('anything', item, { recordedScore: 0.2 })).toEqual({ status: 'fail', score: 0.2, reason: 'recorded grade 0.2 < 0.5' });
  });

  it('uses pass_threshold', () => {
    const strict = compileCheck({ type: 'recorded', pass_threshold: 1 });
    expect(strict.grade('x', item, { recordedScore: 0.9 }).status).toBe('fail');
    expect(strict.grade('x', item, { recordedScore: 1 }).status).toBe('pass');
  });

  it('cannot grade without a recorded grade, or with one out of range', () => {
    expect(check.grade('x', item)).toEqual({ status: 'error', score: 0, reason: 'no recorded grade for this answer' });
    expect(check.grade('x', item, {})).toMatchObject({ status: 'error' });
    expect(check.grade('x', item, { recordedScore: 7 })).toMatchObject({ status: 'error', reason: 'the recorded grade 7 is not between 0 and 1' });
    expect(check.grade('x', item, { recordedScore: Number.NaN }).status).toBe('error');
  });

  it('needs no reference and accepts prose', () => {
    expect(check.needsReference).toBe(false);
    expect(check.acceptsProse).toBe(true);
  });

  it('wants a threshold from 0 to 1', () => {
    expect(specErrorOf(() => compileCheck({ type: 'recorded', pass_threshold: -0.1 })).key).toBe('pass_threshold');
    expect(specErrorOf(() => compileCheck({ type: 'recorded', pass_treshold: 0.5 })).message).toContain('did you mean "pass_threshold"');
  });
});
