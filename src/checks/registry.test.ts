import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { checkKindNames, checkKinds, compileCheck, compileChecks } from './registry.js';

describe('compileCheck', () => {
  it('builds a check of the named kind', () => {
    const check = compileCheck({ type: 'numeric' });
    expect(check.type).toBe('numeric');
    expect(check.grade('42', itemExpecting(42)).status).toBe('pass');
  });

  it('suggests the closest type for a typo and lists the known ones', () => {
    const error = specErrorOf(() => compileCheck({ type: 'exct' }));
    expect(error.key).toBe('type');
    expect(error.message).toBe(
      'unknown check type "exct" (did you mean "exact"?); known: exact, contains, icontains, regex, numeric, choice, json, not, all, any, custom, recorded, llm-judge, pairwise',
    );
  });

  it('suggests the closest key for a typo in a key', () => {
    const error = specErrorOf(() => compileCheck({ type: 'contains', valeu: '30 days' }));
    expect(error.key).toBe('valeu');
    expect(error.message).toBe('unknown key "valeu" for check "contains" (did you mean "value"?); known: value, values, mode');
  });

  it('refuses a spec that is not a mapping or has no text type', () => {
    expect(specErrorOf(() => compileCheck('exact')).key).toBeUndefined();
    expect(specErrorOf(() => compileCheck(null)).message).toContain('mapping');
    expect(specErrorOf(() => compileCheck({ type: 3 })).key).toBe('type');
    expect(specErrorOf(() => compileCheck({ pattern: 'x' })).key).toBe('type');
  });

  it('lets every kind know only the keys it declares', () => {
    for (const [type, kind] of checkKinds) {
      expect(kind.type).toBe(type);
      expect(specErrorOf(() => compileCheck({ type, unexpected_key: 1 })).key).toBe('unexpected_key');
    }
  });
});

describe('needsReference', () => {
  it('is true exactly where grading compares with the item\'s expected answer', () => {
    const cases: [unknown, boolean][] = [
      [{ type: 'exact' }, true],
      [{ type: 'exact', value: 'yes' }, false],
      [{ type: 'contains' }, true],
      [{ type: 'icontains', values: ['a', 'b'] }, false],
      [{ type: 'regex', pattern: 'x' }, false],
      [{ type: 'numeric' }, true],
      [{ type: 'numeric', value: 3 }, false],
      [{ type: 'choice' }, true],
      [{ type: 'choice', value: 'B' }, false],
      [{ type: 'not', check: { type: 'exact' } }, true],
      [{ type: 'not', check: { type: 'regex', pattern: 'x' } }, false],
      [{ type: 'recorded' }, false],
    ];
    for (const [spec, expected] of cases) expect([spec, compileCheck(spec).needsReference]).toEqual([spec, expected]);
  });
});

describe('compileChecks', () => {
  it('builds each check of a list in order', () => {
    const checks = compileChecks([{ type: 'contains' }, { type: 'not', check: { type: 'exact' } }]);
    expect(checks.map((check) => check.type)).toEqual(['contains', 'not']);
  });

  it('prefixes an error key with the position in the list', () => {
    const error = specErrorOf(() => compileChecks([{ type: 'exact' }, { type: 'regex', pattern: '[' }]));
    expect(error.key).toBe('1.pattern');
  });

  it('refuses something that is not a list', () => {
    expect(specErrorOf(() => compileChecks({ type: 'exact' })).message).toContain('list');
  });
});

describe('checkKindNames', () => {
  it('names every kind once', () => {
    expect(checkKindNames).toEqual([
      'exact',
      'contains',
      'icontains',
      'regex',
      'numeric',
      'choice',
      'json',
      'not',
      'all',
      'any',
      'custom',
      'recorded',
      'llm-judge',
      'pairwise',
    ]);
  });
});
