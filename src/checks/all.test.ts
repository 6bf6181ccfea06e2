import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const item = itemExpecting('30 days');
// Passes on "30", fails on anything else, and cannot grade without a recorded grade.
const mentions30 = { type: 'contains', value: '30' };
const mentionsDays = { type: 'contains', value: 'days' };
const recorded = { type: 'recorded' };

describe('all', () => {
  const check = compileCheck({ type: 'all', checks: [mentions30, mentionsDays] });

  it('passes when every check passes', () => {
    expect(check.grade('30 days', item)).toEqual({ status: 'pass', score: 1, reason: 'contains: contains "30"; contains: contains "days"' });
  });

  it('fails when one check fails, scoring the mean and naming the failure', () => {
    expect(check.grade('30 weeks', item)).toEqual({ status: 'fail', score: 0.5, reason: 'contains: missing "days" in "30 weeks"' });
  });

  it('weights the score', () => {
    const weighted = compileCheck({ type: 'all', checks: [mentions30, mentionsDays], weights: [3, 1] });
    expect(weighted.grade('30 weeks', item).score).toBe(0.75);
  });

  it('passes at pass_threshold even when a check fails', () => {
    const lenient = compileCheck({ type: 'all', checks: [mentions30, mentionsDays], weights: [3, 1], pass_threshold: 0.7 });
    expect(lenient.grade('30 weeks', item)).toEqual({
      status: 'pass',
      score: 0.75,
      reason: 'score 0.75 >= 0.7: contains: contains "30"; contains: missing "days" in "30 weeks"',
    });
    expect(lenient.grade('thirty days', item)).toMatchObject({ status: 'fail', score: 0.25 });
  });

  it('lets a fail settle the verdict whatever another check could not grade', () => {
    const withError = compileCheck({ type: 'all', checks: [mentions30, recorded] });
    expect(withError.grade('no number', item)).toMatchObject({ status: 'fail', reason: 'contains: missing "30" in "no number"' });
  });

  it('cannot grade when the verdict hangs on a check that could not', () => {
    const withError = compileCheck({ type: 'all', checks: [mentions30, recorded] });
    expect(withError.grade('30', item)).toEqual({
      status: 'error',
      score: 0,
      reason: 'recorded: no recorded grade for this answer',
    });
  });

  it('grades with the recorded grade passed down in the context', () => {
    const withRecorded = compileCheck({ type: 'all', checks: [mentions30, recorded] });
    expect(withRecorded.grade('30', item, { recordedScore: 0.8 })).toMatchObject({ status: 'pass', score: 0.9 });
  });

  it('with a threshold, cannot grade only when an error could tip the score', () => {
    const spec = { type: 'all', checks: [mentions30, mentionsDays, recorded], pass_threshold: 0.6 };
    const check = compileCheck(spec);
    // Two of three right: 0.667 >= 0.6 whatever the third would have scored.
    expect(check.grade('30 days', item).status).toBe('pass');
    // None right: at best 1/3 < 0.6.
    expect(check.grade('nothing', item).status).toBe('fail');
    // One right: 1/3 without the third, 2/3 with it: it decides.
    expect(check.grade('30', item)).toMatchObject({
      status: 'error',
      score: 0,
      reason: 'the score against 0.6 hangs on checks that could not grade: recorded: no recorded grade for this answer',
    });
  });

  it('cannot grade when every check could not', () => {
    const errors = compileCheck({ type: 'all', checks: [recorded, { type: 'exact' }] });
    expect(errors.grade('x', itemExpecting(undefined))).toMatchObject({ status: 'error', score: 0 });
    expect(errors.grade('x', itemExpecting(undefined)).reason).toContain('recorded: no recorded grade');
  });

  it('nests', () => {
    const nested = compileCheck({ type: 'all', checks: [{ type: 'any', checks: [mentions30, { type: 'contains', value: 'thirty' }] }, mentionsDays] });
    expect(nested.grade('thirty days', item).status).toBe('pass');
    expect(nested.grade('forty days', item).status).toBe('fail');
  });

  it('accepts prose when every member does, and needs a reference when one does', () => {
    expect(check.acceptsProse).toBe(true);
    expect(check.needsReference).toBe(false);
    const strict = compileCheck({ type: 'all', checks: [mentions30, { type: 'exact' }] });
    expect(strict.acceptsProse).toBe(false);
    expect(strict.needsReference).toBe(true);
  });
});

describe('all and any: spec', () => {
  it('needs a non-empty list of checks', () => {
    expect(specErrorOf(() => compileCheck({ type: 'all' })).key).toBe('checks');
    expect(specErrorOf(() => compileCheck({ type: 'any', checks: [] })).key).toBe('checks');
    expect(specErrorOf(() => compileCheck({ type: 'all', checks: mentions30 })).key).toBe('checks');
  });

  it('points an error of a member at its position', () => {
    expect(specErrorOf(() => compileCheck({ type: 'all', checks: [mentions30, { type: 'regex', pattern: '(' }] })).key).toBe(
      'checks.1.pattern',
    );
    const typo = specErrorOf(() => compileCheck({ type: 'any', checks: [{ type: 'all', checks: [{ type: 'jsno' }] }] }));
    expect(typo.key).toBe('checks.0.checks.0.type');
    expect(typo.message).toContain('did you mean "json"');
  });

  it('wants one non-negative weight per check, not all zero', () => {
    const checks = [mentions30, mentionsDays];
    const mismatched = specErrorOf(() => compileCheck({ type: 'all', checks, weights: [1, 2, 3] }));
    expect(mismatched.key).toBe('weights');
    expect(mismatched.message).toBe('`weights` has 3 numbers for 2 checks; give one per check');
    expect(specErrorOf(() => compileCheck({ type: 'all', checks, weights: [1, -1] })).message).toBe(
      'weight 2 must be a number at or above 0, got number -1',
    );
    expect(specErrorOf(() => compileCheck({ type: 'any', checks, weights: [0, 0] })).key).toBe('weights');
    expect(specErrorOf(() => compileCheck({ type: 'any', checks, weights: 2 })).key).toBe('weights');
    expect(specErrorOf(() => compileCheck({ type: 'any', checks, weights: [1, 'heavy'] })).key).toBe('weights');
  });

  it('wants a threshold from 0 to 1', () => {
    expect(specErrorOf(() => compileCheck({ type: 'all', checks: [mentions30], pass_threshold: 1.5 })).key).toBe('pass_threshold');
    expect(specErrorOf(() => compileCheck({ type: 'all', checks: [mentions30], pass_threshold: '0.5' })).key).toBe('pass_threshold');
  });

  it('suggests a key for a typo', () => {
    const error = specErrorOf(() => compileCheck({ type: 'all', checks: [mentions30], weight: [1] }));
    expect(error.key).toBe('weight');
    expect(error.message).toContain('did you mean "weights"');
  });
});
