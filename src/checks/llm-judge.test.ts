import { describe, expect, it } from 'vitest';
import { compileCheck } from './registry.js';
import { findJudgeChecks } from './find-judges.js';
import { parseJudgeVerdict } from './judge-verdict.js';
import type { Item } from '../types/index.js';

const item: Item = { id: 'x', expected: '30 days', tags: [], fields: { clause: 'Notice: thirty days.' } };

describe('llm-judge', () => {
  it('builds the judge prompt from the answer, the reference and the rubric, and reads the reply', () => {
    const check = compileCheck({ type: 'llm-judge', model: 'judge', rubric: 'Same period as the reference.' });
    const prompt = check.judge!.prompt({ prompt: 'How long?', answer: 'thirty days', reference: '30 days', item });
    expect(prompt).toContain('How long?');
    expect(prompt).toContain('thirty days');
    expect(prompt).toContain('30 days');
    expect(prompt).toContain('Same period as the reference.');
    const judged = check.grade('thirty days', item, { judgeOutputs: new Map([[check, '{"verdict": "pass", "score": 0.9, "reason": "same period"}']]) });
    expect(judged).toEqual({ status: 'pass', score: 0.9, reason: 'judge: same period' });
  });

  it('is "could not grade" without a reply, never a pass', () => {
    const check = compileCheck({ type: 'llm-judge', model: 'judge' });
    expect(check.grade('x', item).status).toBe('error');
  });

  it('takes a custom prompt, which must show the answer, and rejects a spec without a model', () => {
    const check = compileCheck({ type: 'llm-judge', model: 'judge', prompt: 'Clause {{clause}}; answer {{answer}}' });
    expect(check.judge!.prompt({ prompt: '', answer: 'A', reference: '', item })).toBe('Clause Notice: thirty days.; answer A');
    expect(() => compileCheck({ type: 'llm-judge', model: 'judge', prompt: 'no answer here' })).toThrow(/\{\{answer\}\}/);
    expect(() => compileCheck({ type: 'llm-judge' })).toThrow(/needs `model:`/);
  });

  it('is found inside not, all and any', () => {
    const checks = [compileCheck({ type: 'all', checks: [{ type: 'exact' }, { type: 'not', check: { type: 'llm-judge', model: 'j' } }] })];
    expect(findJudgeChecks(checks).map((check) => check.type)).toEqual(['llm-judge']);
  });
});

describe('parseJudgeVerdict', () => {
  it('accepts one JSON object, fenced or bare', () => {
    expect(parseJudgeVerdict('```json\n{"verdict":"fail","reason":"wrong date"}\n```')).toEqual({ status: 'fail', score: 0, reason: 'judge: wrong date' });
    expect(parseJudgeVerdict('{"verdict":"pass"}').status).toBe('pass');
  });

  it('refuses malformed replies as could-not-grade', () => {
    for (const reply of ['PASS', 'The answer is correct.', '{"verdict": "yes"}', '{"verdict": "pass", "score": 7}', '["pass"]', '']) {
      expect(parseJudgeVerdict(reply).status).toBe('error');
    }
  });

  it('lets the score decide with a threshold, and needs one then', () => {
    expect(parseJudgeVerdict('{"verdict":"fail","score":0.8}', 0.7).status).toBe('pass');
    expect(parseJudgeVerdict('{"verdict":"pass"}', 0.7).status).toBe('error');
  });
});
