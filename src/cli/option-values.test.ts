import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { list, shardOption } from './option-values.js';

describe('option values', () => {
  it('reads --shard i/n, 1-based, and refuses a shard outside its count', () => {
    expect(shardOption('2/4')).toEqual({ index: 2, count: 4 });
    expect(shardOption(' 1/1 ')).toEqual({ index: 1, count: 1 });
    for (const value of ['0/4', '5/4', '1/0', '2', '2/4/8', 'a/b', '-1/4', '1.5/4']) {
      expect(() => shardOption(value), value).toThrow(new InvalidArgumentError('takes i/n with 1 <= i <= n, e.g. 2/4'));
    }
  });

  it('reads a comma-separated list without its blanks', () => {
    expect(list(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
  });
});
