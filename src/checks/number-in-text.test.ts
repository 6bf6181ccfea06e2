import { describe, expect, it } from 'vitest';
import { finalNumber, parseWholeNumber } from './number-in-text.js';

describe('finalNumber', () => {
  it.each([
    ['42', 42],
    ['The notice period is 42.', 42],
    ['It costs $1,234.50 in total', 1234.5],
    ['The temperature fell to -3', -3],
    ['x = −3', -3],
    ['a loss of -$3', -3],
    ['She makes $20.00 a day', 20],
    ['Growth was 15%', 15],
    ['about 1e3 items', 1000],
    ['2.5e-3 seconds', 0.0025],
    ['First 3, then 7, finally **12**', 12],
    ['9 * 2 = $<<9*2=18>>18\n#### 18\n\n', 18],
  ])('reads %j as %d', (text, expected) => {
    expect(finalNumber(text)).toBe(expected);
  });

  it('reads a minus between two numbers as subtraction, not a sign', () => {
    expect(finalNumber('16-3')).toBe(3);
    expect(finalNumber('16 - 3')).toBe(3);
  });

  it('keeps a list of small numbers apart instead of reading thousands', () => {
    expect(finalNumber('the sizes are 1,2,3')).toBe(3);
  });

  it('ignores digits glued to a letter', () => {
    expect(finalNumber('we need 4 of H2O')).toBe(4);
  });

  it('finds nothing in an empty output or in words', () => {
    expect(finalNumber('')).toBeUndefined();
    expect(finalNumber('thirty days.')).toBeUndefined();
  });
});

describe('parseWholeNumber', () => {
  it('reads signs, currency, minus and percent with spaces between, and long runs of spaces in linear time', () => {
    expect(parseWholeNumber('  - $ 1,000  ')).toBe(-1000);
    expect(parseWholeNumber('$ -5')).toBe(-5);
    expect(parseWholeNumber('+ 7 %')).toBe(7);
    expect(parseWholeNumber('1 000')).toBeUndefined();
    expect(parseWholeNumber('- - 5')).toBeUndefined();
    // Cubic before: three runs of spaces could split 20,000 spaces every way, for minutes.
    expect(parseWholeNumber(`${' '.repeat(20_000)}x`)).toBeUndefined();
    expect(parseWholeNumber(`+${' '.repeat(20_000)}x`)).toBeUndefined();
    expect(parseWholeNumber(`1${' '.repeat(20_000)}x`)).toBeUndefined();
    expect(parseWholeNumber(`${' '.repeat(20_000)}12${' '.repeat(20_000)}`)).toBe(12);
  });

  it.each([
    ['18', 18],
    [' 1,000 ', 1000],
    ['$20', 20],
    ['-$3.5', -3.5],
    ['$-3.5', -3.5],
    ['15%', 15],
    ['1e3', 1000],
    ['+7', 7],
  ])('reads %j as %d', (text, expected) => {
    expect(parseWholeNumber(text)).toBe(expected);
  });

  it('refuses a text that is more than a number', () => {
    expect(parseWholeNumber('about 18')).toBeUndefined();
    expect(parseWholeNumber('eighteen')).toBeUndefined();
    expect(parseWholeNumber('')).toBeUndefined();
    expect(parseWholeNumber('1,2')).toBeUndefined();
  });
});
