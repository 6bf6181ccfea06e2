import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { compileCheck } from './registry.js';

const item = itemExpecting('30');
const mentions30 = { type: 'contains', value: '30' };
const mentionsThirty = { type: 'icontains', value: 'thirty' };
const recorded = { type: 'recorded' };

describe('any', () => {
  const check = compileCheck({ type: 'any', checks: [mentions30, mentionsThirty] });

  it('passes when one check passes, naming it, and scores the mean', () => {
    expect(check.grade('Thirty days', item)).toEqual({ status: 'pass', score: 0.5, reason: 'icontains: contains "thirty"' });
  });

  it('fails when no check passes, naming every check', () => {
    expect(check.grade('forty days', item)).toEqual({
      status: 'fail',
      score: 0,
      reason: 'contains: missing "30" in "forty days"; icontains: missing "thirty" in "forty days"',
    });
  });

  it('passes on one pass even when another check could not grade', () => {
    const withError = compileCheck({ type: 'any', checks: [recorded, mentions30] });
    expect(withError.grade('30', item)).toEqual({ status: 'pass', score: 0.5, reason: 'contains: contains "30"' });
  });

  it('cannot grade when no check passes and one could not grade', () => {
    const withError = compileCheck({ type: 'any', checks: [recorded, mentions30] });
    expect(withError.grade('forty', item)).toEqual({ status: 'error', score: 0, reason: 'recorded: no recorded grade for this answer' });
  });

  it('cannot grade a group of checks that all could not', () => {
    const errors = compileCheck({ type: 'any', checks: [recorded, { type: 'numeric' }] });
    const verdict = errors.grade('30', itemExpecting(undefined));
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toBe('recorded: no recorded grade for this answer; numeric: item "item-1" has no expected answer');
  });

  it('passes on the weighted score when given a threshold', () => {
    const weighted = compileCheck({ type: 'any', checks: [mentions30, mentionsThirty], weights: [1, 3], pass_threshold: 0.5 });
    expect(weighted.grade('30', item)).toMatchObject({ status: 'fail', score: 0.25 });
    expect(weighted.grade('thirty', item)).toMatchObject({ status: 'pass', score: 0.75 });
  });

  it('accepts prose when one member does, and needs a reference when one does', () => {
    const mixed = compileCheck({ type: 'any', checks: [{ type: 'exact' }, { type: 'regex', pattern: '30' }] });
    expect(mixed.acceptsProse).toBe(true);
    expect(mixed.needsReference).toBe(true);
    expect(check.needsReference).toBe(false);
  });
});
