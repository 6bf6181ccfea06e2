import { describe, expect, it } from 'vitest';
import { formatProblem } from '../errors.js';
import { Validator, type PlainObject } from '../yaml/validator.js';
import { YamlSource } from '../yaml/yaml-source.js';
import { parseGateBlock } from './parse-gate-block.js';

function parse(text: string) {
  const source = new YamlSource('suite.yaml', text);
  const validator = new Validator(source);
  const criteria = parseGateBlock(source.value as PlainObject, validator);
  return { criteria, problems: validator.problems.map(formatProblem) };
}

describe('parseGateBlock', () => {
  it('keeps only the criteria the block sets', () => {
    expect(parse('gate: { max_quality_loss_pp: 1.5, min_cost_reduction: 2, require_non_inferior: true, configurations: [routed] }\n')).toEqual({
      criteria: { configurations: ['routed'], maxQualityLossPp: 1.5, minCostReduction: 2, requireNonInferior: true },
      problems: [],
    });
    expect(parse('gate: { require_non_inferior: false, max_unanswered_pct: 0 }\n').criteria).toEqual({ maxUnansweredPct: 0 });
  });

  it('is undefined without a gate block', () => {
    expect(parse('name: t\n')).toEqual({ criteria: undefined, problems: [] });
  });

  it('reports a misspelt key, a value out of range and a non-boolean flag where they are written', () => {
    const { criteria, problems } = parse('gate:\n  max_quality_loss: 1\n  min_cost_reduction: 0\n  require_non_inferior: "yes"\n  max_unanswered_pct: 101\n');
    expect(criteria).toEqual({});
    expect(problems).toEqual([
      expect.stringMatching(/^suite\.yaml:2:3: gate\.max_quality_loss: unknown key "max_quality_loss" \(did you mean "max_quality_loss_pp"\?\)/),
      'suite.yaml:4:25: gate.require_non_inferior: must be true or false',
      expect.stringMatching(/^suite\.yaml:3:23: gate\.min_cost_reduction: must be (greater than|above) 0/),
      expect.stringMatching(/^suite\.yaml:5:23: gate\.max_unanswered_pct: must be at most 100/),
    ]);
  });

  it('refuses a gate that is not a mapping', () => {
    expect(parse('gate: 2\n')).toEqual({ criteria: undefined, problems: [expect.stringMatching(/^suite\.yaml:1:7: gate: must be a mapping of criteria/)] });
  });
});
