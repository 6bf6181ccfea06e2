import { describe, expect, it } from 'vitest';
import { CheckSpecError } from '../errors.js';
import type { Check, Item, JudgeValues, Verdict } from '../types/index.js';
import { combineOrders, defaultPairwisePrompt, parsePreference } from './pairwise.js';
import { compileCheck } from './registry.js';

const reference = 'The notice period is thirty days, counted from the written notice.';
const item: Item = { id: 'p1', expected: reference, tags: [], fields: { clause: 'Either party may end this with thirty days written notice.' } };
const task = 'How long is the notice period?';

/** A judge: reads one prompt, answers with one reply. */
type Judge = (judgePrompt: string) => string;

/** What the runner does (runner/grade-answer.ts askJudges, then grading): ask in both orders, grade with the two replies. */
function judged(check: Check, answer: string, judge: Judge, onItem: Item = item): Verdict {
  const values: JudgeValues = { prompt: task, answer, reference: String(onItem.expected), item: onItem };
  const request = check.judge!;
  return check.grade(answer, onItem, {
    judgeOutputs: new Map([[check, judge(request.prompt(values))]]),
    swappedJudgeOutputs: new Map([[check, judge(request.swapped!(values))]]),
  });
}

/** The text shown as answer A and as answer B in the default prompt. */
function shown(judgePrompt: string): { a: string; b: string } {
  const match = /Answer A:\n([\s\S]*?)\n\nAnswer B:\n([\s\S]*?)\n\nWhich answer/.exec(judgePrompt);
  if (!match) throw new Error(`not the default pairwise prompt: ${judgePrompt}`);
  return { a: match[1]!, b: match[2]!};
}

const pairwise = () => compileCheck({ type: 'pairwise', model: 'judge' });

describe('combineOrders', () => {
  // The answer is A in the first prompt and B in the swapped one.
  const table: Array<[straight: 'A' | 'B' | 'tie', swapped: 'A' | 'B' | 'tie', outcome: 'win' | 'tie' | 'loss', split: boolean]> = [
    ['A', 'B', 'win', false],
    ['B', 'A', 'loss', false],
    ['tie', 'tie', 'tie', false],
    // A judge that always picks the first (or the second) position: the orders disagree.
    ['A', 'A', 'tie', true],
    ['B', 'B', 'tie', true],
    ['A', 'tie', 'tie', true],
    ['tie', 'B', 'tie', true],
    ['B', 'tie', 'tie', true],
    ['tie', 'A', 'tie', true],
  ];

  it.each(table)('answer-first %s, answer-second %s: %s (split %s)', (straight, swapped, outcome, split) => {
    const verdict = combineOrders(straight, swapped);
    expect(verdict.pairwise).toEqual({ outcome, split });
    expect(verdict.status).toBe(outcome === 'loss' ? 'fail' : 'pass');
    expect(verdict.score).toBe(outcome === 'win' ? 1 : outcome === 'tie' ? 0.5 : 0);
    expect(verdict.reason).toContain(`the judge chose ${straight}, with it as B ${swapped}`);
  });

  it('covers all nine combinations once', () => {
    expect(new Set(table.map(([straight, swapped]) => `${straight}/${swapped}`)).size).toBe(9);
  });
});

describe('pairwise: both orders cancel a judge\'s position bias', () => {
  const answer = 'Thirty days from the written notice.';

  it('turns a judge that always prefers the first position into ties, every one split', () => {
    const firstPosition: Judge = () => '{"better":"A"}';
    const secondPosition: Judge = () => '{"better":"B","reason":"the second reads better"}';
    for (const judge of [firstPosition, secondPosition]) {
      for (const text of [answer, 'Ninety days.', 'It depends.']) {
        expect(judged(pairwise(), text, judge).pairwise).toEqual({ outcome: 'tie', split: true });
      }
    }
  });

  it('gives wins to a judge that decides by content, whichever position the better answer is in', () => {
    const check = pairwise();
    const prefersText = (better: string): Judge => (judgePrompt) => {
      const { a, b } = shown(judgePrompt);
      if (a === better) return '{"better":"A","reason":"it is right"}';
      if (b === better) return '{"better":"B","reason":"it is right"}';
      return '{"better":"tie"}';
    };
    const win = judged(check, answer, prefersText(answer));
    expect(win).toMatchObject({ status: 'pass', score: 1, pairwise: { outcome: 'win', split: false } });
    const loss = judged(check, answer, prefersText(reference));
    expect(loss).toMatchObject({ status: 'fail', score: 0, pairwise: { outcome: 'loss', split: false } });
    const even = judged(check, answer, () => '{"better":"tie"}');
    expect(even).toMatchObject({ status: 'pass', score: 0.5, pairwise: { outcome: 'tie', split: false } });
  });
});

describe('pairwise: the default prompt', () => {
  it('shows the task, the answer as A and the reference as B, then swapped', () => {
    const check = pairwise();
    const values: JudgeValues = { prompt: task, answer: 'ANSWER-TEXT', reference: 'REFERENCE-TEXT', item };
    const straight = shown(check.judge!.prompt(values));
    const swapped = shown(check.judge!.swapped!(values));
    expect(straight).toEqual({ a: 'ANSWER-TEXT', b: 'REFERENCE-TEXT' });
    expect(swapped).toEqual({ a: 'REFERENCE-TEXT', b: 'ANSWER-TEXT' });
    expect(check.judge!.prompt(values)).toContain(`Request:\n${task}\n`);
    expect(check.judge!.swapped!(values)).toContain(`Request:\n${task}\n`);
    expect(check.judge!.model).toBe('judge');
    // The default prompt reads no item field of its own.
    expect(check.judge!.fields).toEqual([]);
    expect(defaultPairwisePrompt).toContain('{{first}}');
  });

  it('takes `judge:` for the model, and a custom prompt whose other fields are the item\'s', () => {
    const check = compileCheck({ type: 'pairwise', judge: 'grader', prompt: 'Clause: {{clause}}\n1: {{first}}\n2: {{second}}' });
    expect(check.judge!.model).toBe('grader');
    expect(check.judge!.fields).toEqual(['clause']);
    const values: JudgeValues = { prompt: task, answer: 'X', reference: 'Y', item };
    expect(check.judge!.prompt(values)).toBe(`Clause: ${String(item.fields.clause)}\n1: X\n2: Y`);
    expect(check.judge!.swapped!(values)).toBe(`Clause: ${String(item.fields.clause)}\n1: Y\n2: X`);
  });
});

describe('pairwise: strict reading of the judge', () => {
  const answer = 'Thirty days.';

  it.each([
    ['prose, no JSON', 'A is better.'],
    ['a choice outside A, B and tie', '{"better": "C"}'],
    ['a lower-case letter', '{"better": "a"}'],
    ['no "better"', '{"winner": "A"}'],
    ['a list', '["A"]'],
    ['nothing', ''],
  ])('is "could not grade" on %s', (_what, reply) => {
    const verdict = judged(pairwise(), answer, () => reply);
    expect(verdict.status).toBe('error');
    expect(verdict.score).toBe(0);
    expect(verdict.reason).toMatch(/^could not grade/);
    expect(verdict.pairwise).toBeUndefined();
  });

  it('is "could not grade" when only one of the two orders has a readable reply', () => {
    const check = pairwise();
    let asked = 0;
    const verdict = judged(check, answer, () => (asked++ === 0 ? '{"better":"A"}' : 'I prefer the first one.'));
    expect(verdict.status).toBe('error');
    const noSecond = check.grade(answer, item, { judgeOutputs: new Map([[check, '{"better":"A"}']]) });
    expect(noSecond).toMatchObject({ status: 'error', reason: 'could not grade: the judge gave no answer' });
    expect(check.grade(answer, item).status).toBe('error');
  });

  it('reads a fenced block with prose around it', () => {
    expect(parsePreference('Having read both:\n```json\n{"better": "B", "reason": "complete"}\n```\nThat is my view.')).toBe('B');
    expect(parsePreference('{"better":"tie"}')).toBe('tie');
    const verdict = judged(pairwise(), answer, (judgePrompt) => `Sure.\n\`\`\`\n{"better": "${shown(judgePrompt).a === answer ? 'A' : 'B'}"}\n\`\`\``);
    expect(verdict.pairwise).toEqual({ outcome: 'win', split: false });
  });
});

describe('pairwise: the reference', () => {
  it('calls an answer identical to the reference a tie, with no judge needed', () => {
    const check = pairwise();
    const values: JudgeValues = { prompt: task, answer: `  ${reference}\n`, reference, item };
    expect(check.judge!.needless!(values)).toBe(true);
    expect(check.judge!.needless!({ ...values, answer: 'Ninety days.' })).toBe(false);
    const verdict = check.grade(`  ${reference}\n`, item);
    expect(verdict).toMatchObject({ status: 'pass', score: 0.5, pairwise: { outcome: 'tie', split: false, same: true } });
  });

  it('is "could not grade" when there is no reference answer', () => {
    const check = pairwise();
    const verdict = check.grade('Thirty days.', { ...item, expected: undefined }, {
      judgeOutputs: new Map([[check, '{"better":"A"}']]), swappedJudgeOutputs: new Map([[check, '{"better":"B"}']]),
    });
    expect(verdict).toMatchObject({ status: 'error', score: 0 });
    expect(verdict.reason).toMatch(/^could not grade/);
    expect(check.needsReference).toBe(true);
  });
});

describe('pairwise: compile errors', () => {
  const keyOf = (spec: Record<string, unknown>): string | undefined => {
    try {
      compileCheck({ type: 'pairwise', ...spec });
    } catch (error) {
      if (error instanceof CheckSpecError) return error.key;
      throw error;
    }
    throw new Error(`compiled: ${JSON.stringify(spec)}`);
  };

  it('names the key at fault', () => {
    expect(keyOf({})).toBe('model');
    expect(keyOf({ model: '' })).toBe('model');
    expect(keyOf({ model: 'judge', judge: 'judge' })).toBe('judge');
    expect(keyOf({ model: 'judge', prompt: 'Which is better? {{second}}' })).toBe('prompt');
    expect(keyOf({ model: 'judge', prompt: 'Which is better? {{first}}' })).toBe('prompt');
    expect(keyOf({ model: 'judge', prompt: 3 })).toBe('prompt');
    expect(keyOf({ model: 'judge', rubric: 'be fair' })).toBe('rubric');
  });

  it('says what a prompt lacks', () => {
    expect(() => compileCheck({ type: 'pairwise', model: 'judge', prompt: '{{second}} or the other?' })).toThrow(/\{\{first\}\}/);
  });
});

describe('a pairwise check inside a group', () => {
  it('keeps its win, tie or loss through `all`: the judge asked is the judgement counted', async () => {
    const { compileChecks, findJudgeChecks, gradeAll } = await import('./index.js');
    const item = { id: 'n1', expected: 'Thirty days.', tags: [], fields: {} };
    const checks = compileChecks([{ type: 'all', checks: [{ type: 'pairwise', model: 'judge' }, { type: 'contains', value: 'days' }] }]);
    const [pairwise] = findJudgeChecks(checks);
    const verdict = gradeAll(checks, 'Thirty calendar days.', item, {
      judgeOutputs: new Map([[pairwise!, '{"better":"A"}']]),
      swappedJudgeOutputs: new Map([[pairwise!, '{"better":"B"}']]),
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.pairwise).toEqual({ outcome: 'win', split: false });
  });
});
