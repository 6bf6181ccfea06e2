import { describe, expect, it } from 'vitest';
import { buildChoiceReader } from './choice-letter.js';

const read = buildChoiceReader(['A', 'B', 'C', 'D']);

describe('buildChoiceReader', () => {
  it.each([
    ['B', 'B'],
    ['b', 'B'],
    ['(B)', 'B'],
    ['B.', 'B'],
    ['**B**', 'B'],
    ['  [c]\n', 'C'],
    ['Answer: B', 'B'],
    ['The answer is (c)', 'C'],
    ['The correct answer is **D**.', 'D'],
    ['**Answer:** B', 'B'],
    ['Final answer: option c.', 'C'],
    ['The answer is a.', 'A'],
    ['Option A is tempting, but the answer is B', 'B'],
    ['I think C is right.', 'C'],
    ['(C) 42, because 6 times 7', 'C'],
    ['b) because the sky is blue', 'B'],
    ['（Ｂ）', 'B'],
  ])('reads %j as %s', (output, choice) => {
    expect(read(output)).toEqual({ kind: 'chosen', choice });
  });

  it('takes the last answer phrase when the model corrects itself', () => {
    expect(read('The answer is A. Wait, no: the answer is C.')).toEqual({ kind: 'chosen', choice: 'C' });
  });

  it('does not read an article after "answer" as choice A', () => {
    expect(read('The answer is a bit unclear, but B fits best')).toEqual({ kind: 'chosen', choice: 'B' });
  });

  it('reports several letters named without an answer phrase', () => {
    expect(read('Either A or C could be right.')).toEqual({ kind: 'several', choices: ['A', 'C'] });
    expect(read('(A) Paris (B) London')).toEqual({ kind: 'several', choices: ['A', 'B'] });
  });

  it('reads nothing from an empty output or a letter outside the choices', () => {
    expect(read('')).toEqual({ kind: 'none' });
    expect(read('I do not know.')).toEqual({ kind: 'none' });
    expect(read('E')).toEqual({ kind: 'none' });
  });

  it('ignores capital letters inside words', () => {
    expect(read('Because DNA and RNA differ')).toEqual({ kind: 'none' });
  });

  it('reads digits when the choices are digits', () => {
    expect(buildChoiceReader(['1', '2', '3'])('Answer: 2')).toEqual({ kind: 'chosen', choice: '2' });
  });

  it('reads openers after the glue as before, and a long run of them in linear time', () => {
    const read = buildChoiceReader(['A', 'B', 'C', 'D']);
    expect(read('The answer is **(B)**')).toEqual({ kind: 'chosen', choice: 'B' });
    expect(read('answer *(*C* here')).toEqual({ kind: 'chosen', choice: 'C' });
    expect(read('Option _"D"_ it is')).toEqual({ kind: 'chosen', choice: 'D' });
    // Quadratic before: 20,000 asterisks after "answer" took 0.5 s to give up, so 100,000 far longer than a test waits.
    expect(read(`answer${'*'.repeat(100_000)}!`)).toEqual({ kind: 'none' });
    expect(read(`option ${'_'.repeat(100_000)}B`)).toEqual({ kind: 'chosen', choice: 'B' });
  });
});
