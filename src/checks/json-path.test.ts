import { describe, expect, it } from 'vitest';
import { parseJsonPath, valueAtPath } from './json-path.js';

const contract = { parties: [{ name: 'Acme' }, { name: 'Beta' }], terms: { '2024': 'renewed' } };

describe('valueAtPath', () => {
  it('reads keys and array elements', () => {
    expect(valueAtPath(contract, ['parties', '1', 'name'])).toEqual({ found: true, value: 'Beta' });
    expect(valueAtPath(contract, ['parties'])).toEqual({ found: true, value: contract.parties });
  });

  it('reads a numeric segment as a key in an object', () => {
    expect(valueAtPath(contract, ['terms', '2024'])).toEqual({ found: true, value: 'renewed' });
  });

  it('finds nothing past the end, under a scalar, or for a word on an array', () => {
    expect(valueAtPath(contract, ['parties', '2', 'name'])).toEqual({ found: false });
    expect(valueAtPath(contract, ['parties', '0', 'name', 'first'])).toEqual({ found: false });
    expect(valueAtPath(contract, ['parties', 'length'])).toEqual({ found: false });
    expect(valueAtPath({}, ['toString'])).toEqual({ found: false });
  });

  it('finds a null value', () => {
    expect(valueAtPath({ a: null }, ['a'])).toEqual({ found: true, value: null });
  });
});

describe('parseJsonPath', () => {
  it('splits on dots and refuses empty segments', () => {
    expect(parseJsonPath('parties.0.name')).toEqual(['parties', '0', 'name']);
    expect(parseJsonPath('a..b')).toBeUndefined();
    expect(parseJsonPath('')).toBeUndefined();
  });
});
