import { describe, expect, it } from 'vitest';
import { buildNormalizer, normalizationNames } from './normalize.js';
import { CheckSpecError } from '../errors.js';

describe('buildNormalizer', () => {
  it('lowercases with case', () => {
    expect(buildNormalizer(['case'])('Thirty DAYS')).toBe('thirty days');
  });

  it('trims and collapses runs of whitespace', () => {
    expect(buildNormalizer(['whitespace'])('  30 \n\t days  ')).toBe('30 days');
  });

  it('strips Unicode punctuation but keeps symbols', () => {
    expect(buildNormalizer(['punctuation'])('“Paris”! ¿Sí? — $5…')).toBe('Paris Sí  $5');
  });

  it('drops articles in any case, but not inside words', () => {
    expect(buildNormalizer(['articles'])('The cat ate an apple and a theme')).toBe('cat ate apple and theme');
  });

  it('maps compatibility forms with unicode', () => {
    expect(buildNormalizer(['unicode'])('Ｐａｒｉｓ ﬁne')).toBe('Paris fine');
  });

  it('applies steps in a fixed order whatever order they are listed in', () => {
    const text = '  “The”  Ｐａｒｉｓ!  ';
    expect(buildNormalizer(['whitespace', 'articles', 'punctuation', 'case', 'unicode'])(text)).toBe('paris');
    expect(buildNormalizer(['unicode', 'case', 'punctuation', 'articles', 'whitespace'])(text)).toBe('paris');
  });

  it('changes nothing with an empty list', () => {
    expect(buildNormalizer([])('  The Cat. ')).toBe('  The Cat. ');
  });

  it('accepts a single name', () => {
    expect(buildNormalizer('case')('ABC')).toBe('abc');
  });

  it('suggests the closest name for a typo, on the normalize key', () => {
    let caught: unknown;
    try {
      buildNormalizer(['whitespce']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CheckSpecError);
    expect((caught as CheckSpecError).key).toBe('normalize');
    expect((caught as CheckSpecError).message).toContain('(did you mean "whitespace"?)');
  });

  it('refuses a value that is not a list of names', () => {
    expect(() => buildNormalizer({ case: true })).toThrow(/must be a list/);
    expect(() => buildNormalizer([3])).toThrow(/unknown normalization "3"/);
  });

  it('lists every name it knows', () => {
    expect([...normalizationNames].sort()).toEqual(['articles', 'case', 'punctuation', 'unicode', 'whitespace']);
  });
});
