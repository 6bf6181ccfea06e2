import { describe, expect, it } from 'vitest';
import { CheckSpecError } from '../errors.js';
import type { Check, Item } from '../types/index.js';
import { findJudgeChecks } from './find-judges.js';
import { readReferenceModel, referenceModelsOf, withModelReference } from './model-reference.js';
import { compileCheck, compileChecks } from './registry.js';

// The item's own label says 30; the incumbent model answered 31: a check with `reference: { model }` must grade against 31.
const item: Item = { id: 'r1', expected: '30', tags: [], fields: { question: 'How many days has November?' } };
const references = (answers: Record<string, string | undefined>) => ({ references: new Map(Object.entries(answers)) });

describe('reference: { model }', () => {
  it('grades against the model\'s answer, not the item\'s expected', () => {
    const check = compileCheck({ type: 'exact', reference: { model: 'incumbent' } });
    expect(check.referenceModel).toBe('incumbent');
    expect(check.needsReference).toBe(false);
    expect(check.grade('31', item, references({ incumbent: '31' })).status).toBe('pass');
    const verdict = check.grade('30', item, references({ incumbent: '31' }));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain('31');
    // Another model's answer in the context is not the one named.
    expect(check.grade('30', item, references({ incumbent: '31', other: '30' })).status).toBe('fail');
  });

  it('keeps the inner check\'s own options (numeric tolerance, normalisation)', () => {
    const numeric = compileCheck({ type: 'numeric', reference: { model: 'incumbent' } });
    expect(numeric.grade('It has 31 days.', item, references({ incumbent: '31' })).status).toBe('pass');
    const exact = compileCheck({ type: 'exact', normalize: ['case', 'whitespace'], reference: { model: 'incumbent' } });
    expect(exact.grade('Thirty-One', item, references({ incumbent: ' thirty-one ' })).status).toBe('pass');
  });

  it('is "could not grade" when the model gave no answer, never a pass and never graded against expected', () => {
    const check = compileCheck({ type: 'exact', reference: { model: 'incumbent' } });
    for (const context of [undefined, {}, references({}), references({ incumbent: undefined }), references({ other: '30' })]) {
      const verdict = check.grade('30', item, context);
      expect(verdict.status).toBe('error');
      expect(verdict.score).toBe(0);
      expect(verdict.reason).toContain('"incumbent" gave no answer');
    }
    // An empty answer is an answer: graded, not "none".
    expect(check.grade('30', item, references({ incumbent: '' })).status).toBe('fail');
  });

  it('marks judges nested inside `all` and `not`, so they are shown the model\'s answer too', () => {
    const check = compileCheck({
      type: 'all',
      reference: { model: 'incumbent' },
      checks: [{ type: 'contains' }, { type: 'not', check: { type: 'llm-judge', model: 'judge' } }, { type: 'pairwise', model: 'judge' }],
    });
    const judges = findJudgeChecks([check]);
    expect(judges.map((judge) => judge.type)).toEqual(['llm-judge', 'pairwise']);
    for (const judge of judges) expect(judge.referenceModel).toBe('incumbent');
    const visit = (node: Check): Check[] => [node, ...(node.children ?? []).flatMap(visit)];
    for (const node of visit(check)) expect(node.referenceModel, node.type).toBe('incumbent');
    expect(referenceModelsOf([check])).toEqual(['incumbent']);
  });

  it('lets a nested check keep a reference of its own', () => {
    const check = compileCheck({
      type: 'all',
      reference: { model: 'incumbent' },
      checks: [{ type: 'contains' }, { type: 'contains', reference: { model: 'second-opinion' } }],
    });
    const [outer, inner] = check.children![0]!.children!;
    expect(outer!.referenceModel).toBe('incumbent');
    expect(inner!.referenceModel).toBe('second-opinion');
    expect(new Set(referenceModelsOf([check]))).toEqual(new Set(['incumbent', 'second-opinion']));
    // Each member grades against its own model's answer.
    expect(check.grade('It is 31, or 29.', item, references({ incumbent: '31', 'second-opinion': '29' })).status).toBe('pass');
    expect(check.grade('It is 31.', item, references({ incumbent: '31', 'second-opinion': '29' })).status).toBe('fail');
  });

  it('passes a pairwise judgement through', () => {
    const check = compileCheck({ type: 'pairwise', model: 'judge', reference: { model: 'incumbent' } });
    const [pairwise] = findJudgeChecks([check]);
    const verdict = check.grade('31', item, references({ incumbent: '31' }));
    expect(verdict.pairwise).toEqual({ outcome: 'tie', split: false, same: true });
    const judged = check.grade('Thirty-one.', item, {
      ...references({ incumbent: '31' }),
      judgeOutputs: new Map([[pairwise!, '{"better":"A"}']]),
      swappedJudgeOutputs: new Map([[pairwise!, '{"better":"B"}']]),
    });
    expect(judged.pairwise).toEqual({ outcome: 'win', split: false });
  });

  it('wraps a check already built, as a suite-wide reference does', () => {
    const inner = compileCheck({ type: 'exact' });
    const wrapped = withModelReference(inner, 'incumbent');
    expect(inner.referenceModel).toBe('incumbent');
    expect(wrapped.children).toEqual([inner]);
    expect(wrapped.grade('31', item, references({ incumbent: '31' })).status).toBe('pass');
  });
});

describe('bad `reference` values', () => {
  const keyOf = (spec: unknown): string | undefined => {
    try {
      compileChecks([spec]);
    } catch (error) {
      if (error instanceof CheckSpecError) return error.key;
      throw error;
    }
    throw new Error(`compiled: ${JSON.stringify(spec)}`);
  };

  it.each([
    ['a bare model name', 'incumbent'],
    ['null', null],
    ['a list', ['incumbent']],
    ['no model', {}],
    ['an empty model', { model: '' }],
    ['a number for the model', { model: 3 }],
    ['an unknown key', { model: 'incumbent', field: 'answer' }],
  ])('refuses %s, naming the key `reference`', (_what, value) => {
    expect(() => readReferenceModel(value)).toThrow(CheckSpecError);
    expect(keyOf({ type: 'exact', reference: value })).toBe('0.reference');
  });

  it('points a nested one at its place', () => {
    expect(keyOf({ type: 'all', checks: [{ type: 'exact' }, { type: 'exact', reference: 'incumbent' }] })).toBe('0.checks.1.reference');
  });

  it('says which key is unknown', () => {
    expect(() => readReferenceModel({ model: 'incumbent', field: 'answer' })).toThrow(/unknown key "field"/);
    expect(readReferenceModel({ model: 'incumbent' })).toBe('incumbent');
  });

  it('still checks the rest of the spec', () => {
    expect(keyOf({ type: 'exact', reference: { model: 'incumbent' }, rubric: 'x' })).toBe('0.rubric');
    expect(keyOf({ type: 'pairwise', reference: { model: 'incumbent' } })).toBe('0.model');
  });
});
