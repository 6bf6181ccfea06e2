import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { compileCheck } from './registry.js';

describe('icontains', () => {
  it('ignores case in the output and the value', () => {
    const check = compileCheck({ type: 'icontains' });
    expect(check.grade('The capital is PARIS.', itemExpecting('Paris'))).toMatchObject({ status: 'pass', score: 1 });
  });

  it('still fails when the text is absent', () => {
    const verdict = compileCheck({ type: 'icontains' }).grade('The capital is Lyon.', itemExpecting('Paris'));
    expect(verdict).toMatchObject({ status: 'fail', score: 0 });
    expect(verdict.reason).toContain('missing "Paris"');
  });

  it('ignores case for every value in mode all', () => {
    const check = compileCheck({ type: 'icontains', values: ['Refund', 'DAYS'], mode: 'all' });
    expect(check.grade('a refund within 30 days', itemExpecting(null)).status).toBe('pass');
  });

  it('names itself in its verdicts and type', () => {
    expect(compileCheck({ type: 'icontains' }).type).toBe('icontains');
  });
});
