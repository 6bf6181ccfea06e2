import { describe, expect, it } from 'vitest';
import { newTally } from '../types.js';
import { DatasetBuilder, readAmount, readScore } from './dataset-builder.js';

describe('readScore', () => {
  it('reads 0..1 and true/false as the sources spell them; empty, null and NaN are missing; the rest malformed', () => {
    expect([1, 0, 0.7, '0.25', ' 1 ', true, false, 'True', 'FALSE'].map(readScore)).toEqual([1, 0, 0.7, 0.25, 1, 1, 0, 1, 0]);
    expect([undefined, null, '', 'nan', 'NaN', 'None', Number.NaN].map(readScore)).toEqual(Array(7).fill('missing'));
    expect(['high', 1.5, -0.1, '2', {}].map(readScore)).toEqual(Array(5).fill('bad'));
  });
});

describe('readAmount', () => {
  it('is undefined when absent, a number when one, and malformed when negative or not a number', () => {
    expect([undefined, null, '', 'nan', Number.NaN].map(readAmount)).toEqual(Array(5).fill(undefined));
    expect([0, '0.0025', 12].map(readAmount)).toEqual([0, 0.0025, 12]);
    expect([-1, 'free', Number.POSITIVE_INFINITY].map(readAmount)).toEqual(['bad', 'bad', 'bad']);
  });
});

describe('DatasetBuilder', () => {
  it('keeps the first copy of an item, adding only a gold answer it lacked', () => {
    const builder = new DatasetBuilder(newTally(), { skipBad: false });
    builder.addItem({ id: 'a', prompt: 'first', task: 'x' });
    builder.addItem({ id: 'a', prompt: 'second', task: 'y', expected: '42' });
    expect([...builder.items.values()]).toEqual([{ id: 'a', prompt: 'first', task: 'x', expected: '42' }]);
  });

  it('counts an answer without a score, and refuses a second answer of a model to one item unless --skip-bad', () => {
    const strict = new DatasetBuilder(newTally(), { skipBad: false });
    strict.addAnswer({ id: 'a', model: 'm', output: 'x', score: '' }, 2);
    expect(strict.tally.skipped.get('answers without a score')).toBe(1);
    strict.addAnswer({ id: 'a', model: 'm', output: 'x', score: 1, costUsd: '0.5', inputTokens: 3 }, 3);
    expect(strict.answers).toEqual([{ id: 'a', model: 'm', output: 'x', score: 1, costUsd: 0.5, inputTokens: 3 }]);
    expect(() => strict.addAnswer({ id: 'a', model: 'm', output: 'y', score: 0 }, 4)).toThrow(/line 4: a second answer of "m" for item "a"/);
    const lenient = new DatasetBuilder(newTally(), { skipBad: true });
    lenient.addAnswer({ id: 'a', model: 'm', output: 'x', score: 1, costUsd: 'free' }, 5);
    expect(lenient.answers).toEqual([]);
    expect(lenient.tally.bad).toHaveLength(1);
  });
});
