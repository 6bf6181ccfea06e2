import { describe, expect, it } from 'vitest';
import type { ConfigurationSpec } from '../types/index.js';
import { Validator, type PlainObject } from '../yaml/validator.js';
import { YamlSource } from '../yaml/yaml-source.js';
import { dearestModel, defaultBaseline, pickFrontier, provisionalFrontier } from './baseline-and-frontier.js';
import type { ParsedModel } from './parse-models.js';

function model(name: string, outputPerMtokUsd?: number): ParsedModel {
  return {
    name,
    provider: 'mock',
    model: name,
    price: outputPerMtokUsd === undefined ? undefined : { inputPerMtokUsd: 1, outputPerMtokUsd, source: 'suite' },
    settings: {},
    limits: { timeoutMs: 1, maxAttempts: 1, maxRetryWaitMs: 0, downAfterFailures: 1, downAfterMs: 0 },
    path: ['models', name],
  };
}

const models = [model('cheap', 2), model('unpriced'), model('big', 30), model('mid', 10)];

function documentOf(text: string): { root: PlainObject; validator: Validator } {
  const source = new YamlSource('suite.yaml', text);
  return { root: source.value as PlainObject, validator: new Validator(source) };
}

describe('the frontier rule', () => {
  it('takes the dearest model by output price, ignoring models without a price', () => {
    expect(dearestModel(models)).toBe('big');
    expect(dearestModel([model('a'), model('b')])).toBeUndefined();
    // Equal prices: the first written.
    expect(dearestModel([model('first', 5), model('second', 5)])).toBe('first');
  });

  it('defaults the baseline to all-frontier, else the first configuration', () => {
    expect(defaultBaseline(['all-cheap', 'all-frontier'])).toBe('all-frontier');
    expect(defaultBaseline(['all-cheap', 'routed'])).toBe('all-cheap');
    expect(defaultBaseline([])).toBeUndefined();
  });

  it('gives the same frontier before and after configurations are parsed', () => {
    const cases = [
      'configurations: { all-mid: { model: mid }, all-cheap: { model: cheap } }\n',
      'configurations: { routed: { router: random, p: 0.5 }, all-mid: { model: mid } }\n',
      'configurations: { all-cheap: { model: cheap }, all-mid: { model: mid } }\nbaseline: all-mid\n',
      'configurations: { all-cheap: { model: cheap }, routed: { router: random } }\nbaseline: routed\n',
    ];
    const parsed: Record<string, ConfigurationSpec> = {
      'all-mid': { name: 'all-mid', kind: 'fixed', model: 'mid' },
      'all-cheap': { name: 'all-cheap', kind: 'fixed', model: 'cheap' },
      routed: { name: 'routed', kind: 'random', strong: 'big', weak: 'cheap', p: 0.5 } as ConfigurationSpec,
    };
    const expected = ['mid', 'big', 'mid', 'big'];
    cases.forEach((text, index) => {
      const { root, validator } = documentOf(text);
      const configurations = Object.keys(root.configurations as PlainObject).map((name) => parsed[name]!);
      const baseline = typeof root.baseline === 'string' ? root.baseline : defaultBaseline(configurations.map((configuration) => configuration.name));
      expect(provisionalFrontier(root, models)).toBe(expected[index]);
      expect(pickFrontier(root, validator, { modelNames: models.map((each) => each.name), models, configurations, baseline })).toBe(expected[index]);
    });
  });

  it('takes `frontier:` as written, and checks it names a model once configurations are parsed', () => {
    const { root, validator } = documentOf('frontier: bgi\n');
    expect(provisionalFrontier(root, models)).toBe('bgi');
    expect(pickFrontier(root, validator, { modelNames: ['big', 'cheap'], models, configurations: [], baseline: undefined })).toBeUndefined();
    expect(validator.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/unknown model "bgi" \(did you mean "big"\?\)/)]);
  });

  it('falls back to the first model when no model has a price and the baseline is routed', () => {
    const { root, validator } = documentOf('name: t\n');
    const unpriced = [model('a'), model('b')];
    expect(provisionalFrontier(root, unpriced)).toBeUndefined();
    expect(pickFrontier(root, validator, { modelNames: ['a', 'b'], models: unpriced, configurations: [], baseline: undefined })).toBe('a');
  });
});
