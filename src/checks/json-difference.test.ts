import { describe, expect, it } from 'vitest';
import { firstJsonDifference } from './json-difference.js';

describe('firstJsonDifference', () => {
  it('ignores key order at every level', () => {
    expect(firstJsonDifference({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBeUndefined();
  });

  it('names the path of the first difference', () => {
    expect(firstJsonDifference({ parties: [{ name: 'Acme' }] }, { parties: [{ name: 'ACME' }] })).toEqual({
      path: 'parties.0.name',
      expected: 'Acme',
      actual: 'ACME',
    });
  });

  it('reports a missing and an extra key', () => {
    expect(firstJsonDifference({ a: 1, b: 2 }, { a: 1 })).toEqual({ path: 'b', expected: 2, actual: undefined });
    expect(firstJsonDifference({ a: 1 }, { a: 1, z: 0 })).toEqual({ path: 'z', expected: undefined, actual: 0 });
  });

  it('keeps array order and length', () => {
    expect(firstJsonDifference([1, 2], [2, 1])?.path).toBe('0');
    expect(firstJsonDifference([1, 2], [1, 2, 3])).toEqual({ path: '', expected: [1, 2], actual: [1, 2, 3] });
  });

  it('tells types apart', () => {
    expect(firstJsonDifference(30, '30')).toBeDefined();
    expect(firstJsonDifference(null, {})).toBeDefined();
    expect(firstJsonDifference([], {})).toBeDefined();
  });
});
